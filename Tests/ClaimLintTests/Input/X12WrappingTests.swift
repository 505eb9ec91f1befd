import Foundation
import Testing
@testable import ClaimLint

/// X12 in fixed-length records ("wrapped": the stream cut every 80 bytes, inside segments and
/// values) reads as the same X12 unwrapped: the same claims, lines, findings and input
/// problems, each placed on the line its segment starts on, with an `x12.wrapped` note.
@Suite struct X12WrappingTests {
    /// `text` (one segment a line) as one stream cut every `width` bytes, lines ended by
    /// `lineEnd`; and for each segment, the line of the wrapped text it starts on.
    static func wrap(_ text: String, width: Int, lineEnd: String) -> (text: String, lines: [Int]) {
        let segments = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" }.map { Array($0.utf8) }
        var starts: [Int] = []
        var stream: [UInt8] = []
        for s in segments {
            starts.append(stream.count / width + 1)
            stream += s
        }
        var out = ""
        var i = 0
        while i < stream.count {
            out += String(decoding: stream[i..<min(stream.count, i + width)], as: UTF8.self) + lineEnd
            i += width
        }
        return (out, starts)
    }

    /// The service lines of a read, as text.
    static func lines(_ r: ReadResult) -> [String] {
        var out: [String] = []
        for c in r.claims {
            for l in c.lines { out.append("\(c.id) \(l.code.text) \(l.modifiers) \(l.units) \(String(describing: l.dates)) \(String(describing: l.renderingNPI)) \(l.diagnosisPointers)") }
        }
        return out
    }

    /// The findings and input problems of a report, their place given as the line only.
    static func outline(_ report: Report, line: (Int) -> Int) -> [String] {
        report.diagnostics.filter { $0.id != "x12.wrapped" }.map { "\($0.id) \(line($0.location?.line ?? 0)) \($0.message)" }
            + report.findings.map { "\($0.rule) \($0.claimID) \($0.line) \(line($0.location.line)) \($0.message)" }
            + ["\(report.summary.claims) \(report.summary.lines) \(report.summary.claimsChecked) \(report.summary.linesChecked)"]
    }

    @Test(arguments: [
        ("Fixtures/x12/professional.837", 80, "\n"), ("Fixtures/x12/professional.837", 80, "\r\n"),
        ("Fixtures/x12/professional.837", 7, "\n"), ("Fixtures/x12/two-interchanges.837", 80, "\r\n"),
        ("Fixtures/x12/two-interchanges.837", 132, "\n"), ("Fixtures/x12/bad-values.837", 80, "\n"),
        ("Fixtures/x12/institutional.837i", 80, "\n"),
    ])
    func aWrappedFileReadsAsItsSegments(_ fixture: String, width: Int, lineEnd: String) throws {
        let original = try String(contentsOf: Fixtures.url(fixture), encoding: .utf8)
        let (wrapped, lines) = Self.wrap(original, width: width, lineEnd: lineEnd)
        // The original has a segment a line: its line n is segment n, which starts on line
        // `lines[n - 1]` of the wrapped file.
        let expected = Self.outline(Checker().check(files: [Fixtures.url(fixture).path]) { _ in "f" }) { $0 >= 1 && $0 <= lines.count ? lines[$0 - 1] : $0 }
        #expect(X12Wrapping.isWrapped(Array(wrapped.utf8)))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wrapped.837")
        try Data(wrapped.utf8).write(to: file)
        for threads in [1, 4] {
            var checker = Checker()
            checker.concurrency = threads
            let report = checker.check(files: [file.path]) { _ in "f" }
            #expect(Self.outline(report) { $0 } == expected, "\(threads) threads")
            #expect(report.diagnostics.first?.id == "x12.wrapped")
            #expect(report.diagnostics.first?.severity == .info)
        }
        // Standard input's way, from bytes.
        let fromBytes = try ClaimFileReader.read(bytes: Array(wrapped.utf8), file: "f")
        let plain = try ClaimFileReader.read(bytes: Array(original.utf8), file: "f")
        #expect(fromBytes.claims.map(\.lines.count) == plain.claims.map(\.lines.count))
        #expect(fromBytes.claims.map(\.id) == plain.claims.map(\.id))
        #expect(Self.lines(fromBytes) == Self.lines(plain))
        #expect(!Self.lines(plain).isEmpty)
    }

    /// A byte order mark before a wrapped file's ISA stays; the file unwraps from the ISA (it
    /// unwrapped from the mark, which hid the ISA: no terminator, every break held to the end).
    @Test func aByteOrderMarkBeforeAWrappedFileIsKept() throws {
        let wrapped = try [UInt8](Data(contentsOf: Fixtures.url("Fixtures/x12/wrapped.837")))
        let marked = [0xEF, 0xBB, 0xBF] + wrapped
        #expect(X12Wrapping.unwrapped(marked) == [0xEF, 0xBB, 0xBF] + X12Wrapping.unwrapped(wrapped))
        let plain = try ClaimFileReader.read(bytes: wrapped, file: "f"), withMark = try ClaimFileReader.read(bytes: marked, file: "f")
        #expect(withMark.claims.map(\.location.line) == plain.claims.map(\.location.line))
        #expect(plain.claims.map(\.location.line) == [8, 13, 16, 25, 28])
    }

    /// Files whose segments each end in a line break, or with none, or whose terminator is a
    /// line break, are not wrapped, and are read as they were, without the note.
    @Test(arguments: [
        "Fixtures/x12/professional.837", "Fixtures/x12/two-interchanges.837", "Fixtures/x12/one-line.837", "Fixtures/x12/odd-delimiters.837",
    ])
    func filesWithSegmentsOnTheirOwnLinesAreNotWrapped(_ fixture: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Fixtures.url(fixture)))
        #expect(!X12Wrapping.isWrapped(bytes))
        let report = Checker().check(files: [Fixtures.url(fixture).path]) { _ in "f" }
        #expect(!report.diagnostics.contains { $0.id == "x12.wrapped" })
        // A space after a terminator before the line break is not a cut segment either.
        let spaced = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "~\n", with: "~ \n")
        #expect(!X12Wrapping.isWrapped(Array(spaced.utf8)))
    }

    /// Unwrapping moves each break inside a segment to after its terminator (dropping CR),
    /// reading the terminator of each ISA anew, and leaves breaks between segments.
    @Test func breaksInsideSegmentsMoveAfterTheTerminator() {
        let isa1 = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240820*1200*^*00501*000000001*0*T*:~"
        let isa2 = "ISA|00|          |00|          |ZZ|A              |ZZ|B              |240820|1200|{|00501|000000002|0|T|^!"
        let text = "\(isa1.prefix(80))\r\n\(isa1.dropFirst(80))GS*H\nC*X~\nNM1*~IEA*1*000000001~\n\(isa2.prefix(50))\n\(isa2.dropFirst(50))GS|H\nC~|X!\n"
        let out = String(decoding: X12Wrapping.unwrapped(Array(text.utf8)), as: UTF8.self)
        #expect(out == "\(isa1)\nGS*HC*X~\n\nNM1*~IEA*1*000000001~\n\(isa2)\nGS|HC~|X!\n\n")
    }
}
