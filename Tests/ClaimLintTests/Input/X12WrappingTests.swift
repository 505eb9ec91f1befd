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

    /// The bytes of `file` a location names: from its offset, its length, with the line breaks
    /// in them dropped; and whether its line and column name the byte at its offset (columns
    /// on the first line count after a byte order mark).
    static func named(_ l: ClaimLint.SourceLocation, in file: [UInt8]) -> (text: String, lineAndColumnAgree: Bool)? {
        guard let o = l.byteOffset, let n = l.byteLength, o + n <= file.count else { return nil }
        var lineStarts = [file.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        for (i, b) in file.enumerated() where b == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
        let agree = l.line >= 1 && l.line <= lineStarts.count && lineStarts[l.line - 1] + l.column - 1 == o
        return (String(decoding: file[o..<o + n].filter { $0 != 10 && $0 != 13 }, as: UTF8.self), agree)
    }

    /// The probe's case: the 0856T line of claim X12-1002 is the SV1 that starts at line 13,
    /// column 78 of `Fixtures/x12/wrapped.837` (byte 1061), and is cut by the line's CRLF after
    /// `SV1`; its offset and column were those of the unwrapped text (1050, column 73).
    @Test func theFixturesLocationsAreItsOwnBytes() throws {
        let bytes = try [UInt8](Data(contentsOf: Fixtures.url("Fixtures/x12/wrapped.837")))
        let report = Fixtures.report(["Fixtures/x12/wrapped.837"])
        let f = try #require(report.findings.first { $0.claimID == "X12-1002" })
        #expect(f.rule == "addon.primary-missing")
        #expect(f.location == ClaimLint.SourceLocation(file: "Fixtures/x12/wrapped.837", line: 13, column: 78, segment: 41, byteOffset: 1061, byteLength: 29))
        #expect(Array(bytes[1061..<1090]) == Array("SV1\r\n*HC:0856T*95.00*UN*1***1".utf8))
        // The others: a segment cut inside its value, one after two moved breaks, and one whole.
        #expect(report.findings.map { [$0.location.line, $0.location.column, $0.location.byteOffset!, $0.location.byteLength!] } == [
            [13, 78, 1061, 29], [17, 72, 1383, 34], [18, 50, 1443, 43], [26, 35, 2084, 27],
        ])
        #expect(Array(bytes[1443..<1486]) == Array("SV1*HC:27447:LT:59:XS:76*2100.0\r\n0*UN*1***2".utf8))
        // The claims start at their CLM.
        let read = try ClaimFileReader.read(bytes: bytes, file: "f")
        for c in read.claims {
            let (text, agree) = try #require(Self.named(c.location, in: bytes))
            #expect(text.hasPrefix("CLM*\(c.id)*") && agree, "\(c.id): \(text)")
        }
        let json = ReportRenderer.render(report, format: .json)
        #expect(json.contains("\"line\": 13,\n        \"column\": 78,\n        \"segment\": 41,\n        \"offset\": 1061,\n        \"length\": 29"), "\(json)")
        let sarif = ReportRenderer.render(report, format: .sarif)
        #expect(sarif.contains("\"startLine\": 13,\n                  \"startColumn\": 78,\n                  \"byteOffset\": 1061,\n                  \"byteLength\": 29"), "\(sarif)")
    }

    /// Every location of a wrapped file (claims, lines, findings, input problems, read serially
    /// and on four threads) names the file's bytes: its line and column the byte at its
    /// offset, and its bytes, line breaks dropped, those the same location names in the file
    /// unwrapped (a segment a line).
    @Test(arguments: [
        ("Fixtures/x12/professional.837", 80, "\n"), ("Fixtures/x12/professional.837", 80, "\r\n"),
        ("Fixtures/x12/professional.837", 7, "\r\n"), ("Fixtures/x12/two-interchanges.837", 132, "\n"),
        ("Fixtures/x12/bad-values.837", 80, "\r\n"), ("Fixtures/x12/bad-values.837", 11, "\n"),
        ("Fixtures/x12/institutional.837i", 80, "\n"),
    ])
    func locationsNameTheFilesBytes(_ fixture: String, width: Int, lineEnd: String) throws {
        let original = try String(contentsOf: Fixtures.url(fixture), encoding: .utf8)
        let plain = Array(original.utf8), wrapped = Array(Self.wrap(original, width: width, lineEnd: lineEnd).text.utf8)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wrapped.837")
        try Data(wrapped).write(to: file)
        func locations(_ r: ReadResult) -> [ClaimLint.SourceLocation] {
            r.claims.flatMap { [$0.location] + $0.lines.map(\.location) } + r.unreadableClaims.map(\.location) + r.diagnostics.compactMap(\.location)
        }
        func locations(_ r: Report) -> [ClaimLint.SourceLocation] {
            r.findings.map(\.location) + r.diagnostics.filter { $0.id != "x12.wrapped" }.compactMap(\.location)
        }
        func texts(_ ls: [ClaimLint.SourceLocation], in bytes: [UInt8]) -> [String] {
            ls.compactMap { l in
                guard let (text, agree) = Self.named(l, in: bytes) else { return nil }
                #expect(agree, "\(l): line and column are not those of offset \(l.byteOffset!)")
                return text
            }
        }
        var checked = 0
        let (w, p) = (try ClaimFileReader.read(bytes: wrapped, file: "f"), try ClaimFileReader.read(bytes: plain, file: "f"))
        #expect(texts(locations(w), in: wrapped) == texts(locations(p), in: plain))
        checked += locations(w).count
        let expected = texts(locations(Checker().check(files: [Fixtures.url(fixture).path]) { _ in "f" }), in: plain)
        for threads in [1, 4] {
            var checker = Checker()
            checker.concurrency = threads
            let report = checker.check(files: [file.path]) { _ in "f" }
            #expect(texts(locations(report), in: wrapped) == expected, "\(threads) threads")
            checked += locations(report).count
        }
        #expect(checked >= 4)
    }

    /// The table of moved breaks, on a segment cut twice (LF, then CRLF) inside one value and
    /// a segment that starts mid-line after it: offsets, lines, columns and a length over the
    /// breaks.
    @Test func theMapOfMovedBreaks() {
        let isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240820*1200*^*00501*000000001*0*T*:~"
        let text = Array("\(isa)\nNM1*85*2*EX\nAMP\r\nLE~N3*1\n".utf8)
        var map = X12Wrapping.FileMap()
        let out = X12Wrapping.unwrapped(text, map: &map)
        #expect(String(decoding: out, as: UTF8.self) == "\(isa)\nNM1*85*2*EXAMPLE~\n\nN3*1\n")
        let nm1 = isa.utf8.count + 1
        // NM1 (line 2), whole: 16 bytes in the text, 19 in the file.
        #expect(map.location(ClaimLint.SourceLocation(file: "f", line: 2, column: 1, byteOffset: nm1, byteLength: 16))
            == ClaimLint.SourceLocation(file: "f", line: 2, column: 1, byteOffset: nm1, byteLength: 19))
        // NM103, `EXAMPLE`: starts on line 2, ends on line 4.
        #expect(map.location(ClaimLint.SourceLocation(file: "f", line: 2, column: 10, byteOffset: nm1 + 9, byteLength: 7))
            == ClaimLint.SourceLocation(file: "f", line: 2, column: 10, byteOffset: nm1 + 9, byteLength: 10))
        // Its `A` (text column 12) is line 3, column 1; its `L` line 4, column 1.
        #expect(map.location(ClaimLint.SourceLocation(file: "f", line: 2, column: 12, byteOffset: nm1 + 11)) == ClaimLint.SourceLocation(file: "f", line: 3, column: 1, byteOffset: nm1 + 12))
        #expect(map.location(ClaimLint.SourceLocation(file: "f", line: 2, column: 15, byteOffset: nm1 + 14)) == ClaimLint.SourceLocation(file: "f", line: 4, column: 1, byteOffset: nm1 + 17))
        // N3 starts line 4 of the text at column 1, line 4 of the file at column 4.
        #expect(map.location(ClaimLint.SourceLocation(file: "f", line: 4, column: 1, byteOffset: nm1 + 19, byteLength: 4))
            == ClaimLint.SourceLocation(file: "f", line: 4, column: 4, byteOffset: nm1 + 20, byteLength: 4))
        // The ISA, before any moved break, is where it was.
        let isaPlace = ClaimLint.SourceLocation(file: "f", line: 1, column: 1, byteOffset: 0, byteLength: isa.utf8.count - 1)
        #expect(map.location(isaPlace) == isaPlace)
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
        // Offsets count the mark; columns on the first line do not, as in a file not wrapped.
        #expect(withMark.claims.map { $0.location.byteOffset! - 3 } == plain.claims.map(\.location.byteOffset!))
        #expect(withMark.claims.map(\.location.column) == plain.claims.map(\.location.column))
        for c in withMark.claims { #expect(Self.named(c.location, in: marked)?.lineAndColumnAgree == true) }
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
