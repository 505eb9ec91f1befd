@testable import ClaimLint
import Foundation
import Testing

/// Reports are written in chunks as they are rendered (`ReportRenderer.write(to:)`, the CLI's
/// path); the bytes must be those of `render`, whatever the chunk size and the text's escapes.
@Suite struct ReportStreamingTests {
    /// The sample report with text every format must escape: quotes, backslashes, line breaks,
    /// controls, non-ASCII, U+FFFE, separators, a formula-like claim id, and an input problem.
    static var hostile: Report {
        var report = Fixtures.report(["Fixtures/claims/sample.csv", "Fixtures/claims/malformed.csv"])
        report.findings[0].message = "quote \" backslash \\ tab \t bell \u{07} CR \r LF \n é 日本 \u{FFFE} % , : < > & ' end"
        report.findings[1].claimID = "=HYPERLINK(\"x\"),1"
        report.findings[2].location.file = "dir with space/a#b:c.csv"
        report.suppressed.append(SuppressedFinding(finding: report.findings[3], reason: "reviewed \"ok\"\n", location: report.findings[3].location))
        #expect(!report.diagnostics.isEmpty)
        return report
    }

    static let optionSets = [
        ReportOptions(),
        ReportOptions(color: true, showPHI: true),
    ]

    @Test(arguments: ReportFormat.allCases, [1, 7, 4096])
    func chunksJoinToTheRenderedReport(format: ReportFormat, chunkSize: Int) throws {
        for options in Self.optionSets {
            let report = Self.hostile
            var chunks: [[UInt8]] = []
            var out = ReportOutput(chunkSize: chunkSize) { chunks.append(Array($0)) }
            ReportRenderer.write(report, format: format, options: options, to: &out)
            try out.finish()
            if chunkSize < 100 { #expect(chunks.count > 1) }
            #expect(String(decoding: chunks.joined(), as: UTF8.self) == ReportRenderer.render(report, format: format, options: options))
        }
    }

    @Test(arguments: ReportFormat.allCases)
    func writesToAFileHandle(format: ReportFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("report")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try ReportRenderer.write(Self.hostile, format: format, to: handle)
        try handle.close()
        #expect(try String(contentsOf: url, encoding: .utf8) == ReportRenderer.render(Self.hostile, format: format))
    }

    struct Full: Error {}

    @Test(arguments: ReportFormat.allCases)
    func theFirstWriteErrorIsThrownAndNothingIsWrittenAfterIt(format: ReportFormat) {
        var calls = 0
        var out = ReportOutput(chunkSize: 16) { _ in
            calls += 1
            if calls == 2 { throw Full() }
        }
        ReportRenderer.write(Self.hostile, format: format, options: ReportOptions(), to: &out)
        #expect(out.failed)
        #expect(throws: Full.self) { try out.finish() }
        #expect(calls == 2)
    }

    @Test(arguments: [
        ("plain", "\"plain\""),
        ("q\"b\\", "\"q\\\"b\\\\\""),
        ("n\nr\rt\t", "\"n\\nr\\rt\\t\""),
        ("\u{01}\u{1F}", "\"\\u0001\\u001f\""),
        ("é \u{FFFE} 日本", "\"é \u{FFFE} 日本\""),
    ])
    func jsonEscaping(raw: String, quoted: String) {
        #expect(JSONWriter.quote(raw) == quoted)
    }

    /// `writeXML` copies text that needs no escaping as it is; whatever the text, it must write
    /// what `XMLText.escape` gives.
    @Test func xmlShortcutEscapesAsXMLText() {
        let alphabet: [Character] = ["a", "Z", "0", " ", "&", "<", ">", "\"", "'", "\n", "\r", "\t", "\u{07}", "é", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "日"]
        var random = SplitMix64(seed: 9)
        for _ in 0..<2_000 {
            let s = String((0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            for attribute in [false, true] {
                var out = ReportOutput()
                out.writeXML(s, attribute: attribute)
                #expect(out.text == XMLText.escape(s, attribute: attribute), "\(Array(s.unicodeScalars))")
            }
        }
        // Every scalar of the first 768 and those 0xEF starts, alone and inside plain text.
        let scalars = (0..<0x300).compactMap(Unicode.Scalar.init) + (0xF000...0xFFFF).compactMap(Unicode.Scalar.init)
        for u in scalars {
            for s in [String(u), "ab\(u)cd"] {
                for attribute in [false, true] {
                    var out = ReportOutput()
                    out.writeXML(s, attribute: attribute)
                    #expect(out.text == XMLText.escape(s, attribute: attribute), "U+\(String(u.value, radix: 16))")
                }
            }
        }
    }
}
