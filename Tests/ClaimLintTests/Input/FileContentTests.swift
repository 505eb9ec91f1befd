import Foundation
import Testing
@testable import ClaimLint

/// Claim files that are not UTF-8 text: UTF-16 text is read as the same text in UTF-8, and
/// compressed, archived or binary files are refused with an error that says what they are.
@Suite struct FileContentTests {
    static func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        var out: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in text.utf16 {
            out += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)]
        }
        return out
    }

    /// One line per finding and diagnostic, with the file's name taken out.
    static func outline(_ report: Report, file: String) -> [String] {
        report.diagnostics.map { "\($0.id) \($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
            + report.findings.map { "\($0.rule) \($0.claimID) \($0.line) \($0.location.line):\($0.location.column)" }
            + ["\(report.summary.claims) \(report.summary.lines) \(report.summary.claimsChecked)"]
    }

    /// Writes `bytes` to `name` in `dir` and expects its check, mapped from the file on one
    /// thread and on several, to have the outline `expected`.
    static func expectOutline(of bytes: [UInt8], writtenTo name: String, in dir: URL, _ expected: [String]) throws {
        let file = dir.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        for threads in [1, 4] {
            var checker = Checker()
            checker.concurrency = threads
            let report = checker.check(files: [file.path]) { _ in "f" }
            #expect(outline(report, file: "f") == expected, "\(name), \(threads) threads")
        }
    }

    @Test(arguments: ["Fixtures/claims/sample.csv", "Fixtures/x12/professional.837", "Fixtures/claims/sample.json", "Fixtures/claims/malformed.csv"])
    func utf16TextReadsAsItsUTF8(_ fixture: String) throws {
        let text = try String(contentsOf: Fixtures.url(fixture), encoding: .utf8)
        let expected = Self.outline(Checker().check(files: [Fixtures.url(fixture).path]) { _ in "f" }, file: "f")
        #expect(expected.count > 1)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (bigEndian, mark) in [(false, true), (true, true), (false, false), (true, false)] {
            let bytes = Self.utf16(text, bigEndian: bigEndian, mark: mark)
            try Self.expectOutline(of: bytes, writtenTo: "u16-\(bigEndian)-\(mark)", in: dir, expected)
            // Read from bytes (standard input's way).
            let fromBytes = try ClaimFileReader.read(bytes: bytes, file: "f")
            let utf8 = try ClaimFileReader.read(bytes: Array(text.utf8), file: "f")
            #expect(fromBytes.claims == utf8.claims && fromBytes.diagnostics == utf8.diagnostics)
        }
    }

    /// A file whose lines end in CR alone (a "CSV (Macintosh)" export) reads as the same file
    /// with line feeds: same claims, findings and places. Read as it was, a CSV of them was one
    /// header row and no claim.
    @Test(arguments: [
        "Fixtures/claims/sample.csv", "Fixtures/claims/tabs-bom-crlf.tsv", "Fixtures/x12/professional.837", "Fixtures/claims/sample.json",
        "Fixtures/claims/malformed.csv",
    ])
    func crLineEndsReadAsLineFeeds(_ fixture: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Fixtures.url(fixture)))
        let expected = Self.outline(Checker().check(files: [Fixtures.url(fixture).path]) { _ in "f" }, file: "f")
        #expect(expected.count > 1)
        // CRLF and LF both become CR.
        var cr: [UInt8] = []
        for (i, b) in bytes.enumerated() where !(b == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n")) {
            cr.append(b == UInt8(ascii: "\n") ? UInt8(ascii: "\r") : b)
        }
        #expect(cr.contains(UInt8(ascii: "\r")) && !cr.contains(UInt8(ascii: "\n")))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(decoding: cr, as: UTF8.self)
        for (name, content) in [("cr", cr), ("cr-utf16", Self.utf16(text, bigEndian: false, mark: true))] {
            try Self.expectOutline(of: content, writtenTo: name, in: dir, expected)
            let fromBytes = try ClaimFileReader.read(bytes: content, file: "f")
            let original = try ClaimFileReader.read(bytes: bytes, file: "f")
            #expect(fromBytes.claims == original.claims && fromBytes.diagnostics == original.diagnostics, "\(name) from bytes")
        }
        // A line feed anywhere in the window: read as it is (a CR in a CRLF file's quoted field
        // stays a CR).
        #expect(!FileContent.crLineEnds(in: Array("a,b\r\"x\ry\"\r\n".utf8)))
        #expect(FileContent.crLineEnds(in: Array("a,b\r1,2".utf8)) && !FileContent.crLineEnds(in: Array("a,b".utf8)))
    }

    @Test func compressedArchivedAndBinaryFilesAreRefusedAndNamed() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(name: String, bytes: [UInt8], says: String)] = [
            ("claims.csv.gz", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00], "is gzip-compressed; decompress it first (gunzip -k 'claims.csv.gz')"),
            ("claims.837.bz2", Array("BZh91AY&SY".utf8), "is bzip2-compressed; decompress it first (bunzip2 -k 'claims.837.bz2')"),
            ("claims.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00], "is xz-compressed"),
            ("claims.zst", [0x28, 0xB5, 0x2F, 0xFD, 0x00], "is zstd-compressed"),
            ("claims.zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "is a zip archive (an .xlsx spreadsheet is one too)"),
            ("claims.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "is a zip archive"),
            ("claims.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "is an Excel 97-2003 (.xls) or other Office document; save the sheet as CSV"),
            ("claims.pdf", Array("%PDF-1.7\n".utf8), "is a PDF document"),
            ("claims.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00], "is a 7-Zip archive"),
            ("u32.csv", [0xFF, 0xFE, 0x00, 0x00, 0x63, 0x00, 0x00, 0x00], "is UTF-32 text; save it as UTF-8"),
        ]
        for c in cases {
            let file = dir.appendingPathComponent(c.name)
            try Data(c.bytes).write(to: file)
            let report = Checker().check(files: [file.path]) { _ in c.name }
            #expect(report.summary.files == 1 && report.summary.claims == 0)
            #expect(report.diagnostics.count == 1, "\(c.name): \(report.diagnostics)")
            let d = try #require(report.diagnostics.first)
            #expect(d.id == "input.not-text" && d.severity == .error && d.location == SourceLocation(file: c.name, line: 1, column: 1))
            #expect(d.message.hasPrefix("the file " + c.says), "\(c.name): \(d.message)")
            #expect(throws: InputError.self) { try ClaimFileReader.read(bytes: c.bytes, file: c.name) }
        }
        // The path as given, quoted for a shell; standard input's advice pipes.
        #expect(FileContent.decompress("gunzip", "in/it's.csv.gz") == #"gunzip -k 'in/it'\''s.csv.gz'"#)
        #expect(FileContent.decompress("gunzip", "<stdin>") == "gunzip -c FILE | claimlint check -")
    }
}
