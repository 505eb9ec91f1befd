import Foundation
import Testing
@testable import ClaimLint

/// The X12 reader's fast paths: claim ids compared by hash and bytes, elements found from the
/// scanner's separator offsets, and a file mapping whose pages are released behind the reader.
@Suite struct X12StreamingTests {
    private static func claim(_ id: String) -> [String] {
        ["CLM*\(id)*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"]
    }

    /// The duplicate-id warnings of a read: (id, the earlier segment named in the message).
    private static func duplicates(_ r: ReadResult) -> [String] {
        r.diagnostics.filter { $0.id == "x12.duplicate-claim-id" }.map { "\($0.value ?? "")@\($0.location?.segment ?? 0)" }
    }

    @Test func longIDsThatDifferOnlyInTheirLastBytesAreNotDuplicates() throws {
        let a = "PATIENTCONTROL-0000000000001"
        let ids = [a, "PATIENTCONTROL-0000000000002", "PATIENTCONTROL-000000000000", "PATIENTCONTROL-0000000000001X", "PATIENTCONTROL-1000000000001"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: ids.flatMap(X12StreamingTests.claim)))
        #expect(X12StreamingTests.duplicates(r).isEmpty)
        #expect(r.claims.map(\.id) == ids)
    }

    @Test func aReusedLongIDIsReportedWithTheFirstClaimsSegment() throws {
        let a = "PATIENTCONTROL-0000000000001", b = "PATIENTCONTROL-0000000000002"
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [a, b, a, a].flatMap(X12StreamingTests.claim)))
        // ISA GS ST BHT HL NM1 HL SBR NM1: the first CLM is segment 10, then one every 5.
        let d = try #require(r.diagnostics.first { $0.id == "x12.duplicate-claim-id" })
        #expect(d.message == "CLM (segment 20) CLM01: '\(a)' is also the id of the claim at segment 10; findings of both are reported under one id. Give each claim its own patient control number")
        #expect(X12StreamingTests.duplicates(r) == ["\(a)@20", "\(a)@25"])
    }

    /// As many ids as make the table grow several times, a few of them reused: the warnings
    /// are those a dictionary of strings gives.
    @Test func manyIDsAgreeWithADictionaryOfStrings() throws {
        var ids: [String] = []
        for i in 0..<3000 { ids.append(i % 7 == 3 ? "C\((i * 31) % 100)" : "CLAIM\(String(repeating: "-", count: i % 20))\(i)") }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: ids.flatMap(X12StreamingTests.claim)))
        var seen: [String: Int] = [:]
        var expected: [String] = []
        for (k, id) in ids.enumerated() {
            let segment = 10 + 5 * k
            if let first = seen[id] { expected.append("\(id)@\(segment) first \(first)") } else { seen[id] = segment }
        }
        let firsts = r.diagnostics.filter { $0.id == "x12.duplicate-claim-id" }.map { d -> String in
            let tail = d.message.components(separatedBy: "is also the id of the claim at segment ")[1]
            return "\(d.value ?? "")@\(d.location?.segment ?? 0) first \(tail.prefix { $0.isNumber })"
        }
        #expect(expected.count > 300 && firsts == expected)
    }

    /// Ids are equal as strings are: canonically equivalent ids are one id, ASCII or not.
    @Test func nonASCIIIDsCompareAsStrings() throws {
        let ids = ["K", "\u{212A}", "CAF\u{00C9}", "CAFE\u{0301}", "CAFE"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: ids.flatMap(X12StreamingTests.claim)))
        #expect(X12StreamingTests.duplicates(r) == ["\u{212A}@15", "CAFE\u{0301}@25"])
    }

    @Test func elementsFromTheScannersOffsetsMatchAScan() throws {
        for name in ["professional.837", "institutional.837i", "odd-delimiters.837", "bad-values.837", "two-interchanges.837"] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: X12Fixtures.path(name))))
            try bytes.withUnsafeBytes { raw in
                var scanner = X12Scanner(bytes: raw)
                while let s = try scanner.next() {
                    // Split the segment's bytes by its element separator, the slow way.
                    var parts: [Range<Int>] = []
                    var start = s.range.lowerBound
                    for i in s.range where raw[i] == s.delimiters.element {
                        parts.append(start..<i)
                        start = i + 1
                    }
                    parts.append(start..<s.range.upperBound)
                    for n in 0...(s.elementCount + 2) {
                        let expected: Range<Int>? = n <= s.elementCount && n < parts.count ? parts[n] : nil
                        #expect(s.elementAsWritten(n) == expected, "\(name) segment \(s.ordinal) element \(n)")
                    }
                }
            }
        }
    }

    /// A file many pages long read from a mapping that releases every page behind the reader
    /// gives what a plain read of the same bytes gives, a reused id found in a released page
    /// included.
    @Test func streamingAMappingThatReleasesPagesGivesThePlainResult() throws {
        var ids = (1...2500).map { "PCN\(String(repeating: "0", count: $0 % 9))\($0)" }
        ids += ["PCN01", "PCN000000001"]
        var body = ids.flatMap(X12StreamingTests.claim)
        body.insert("SV1*HC:ZZ*x*UN*1***1", at: 7)
        let text = X12Fixtures.interchange(claims: body)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("x12-stream-\(UUID().uuidString).837")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(text.utf8.count > 40 * X12FileMapping.pageSize)

        let plain = try X12Fixtures.read(text: text, file: "big.837")
        #expect(plain.claims.count > 2400 && !X12StreamingTests.duplicates(plain).isEmpty)

        let mapping = try #require(X12FileMapping(path: url.path))
        var streamed: [Claim] = []
        let r = try X12ClaimReader.read(mapping.bytes, file: "big.837", onClaim: { streamed.append($0) }, releaseBehind: X12FileMapping.pageSize).get()
        mapping.close()
        #expect(streamed == plain.claims)
        #expect(r.claims.isEmpty)
        #expect(r.diagnostics == plain.diagnostics)
        let counts: [Int] = [r.claimsRead, r.linesRead, r.claimsUnreadable, r.linesUnreadable, r.linesSkipped]
        let plainCounts: [Int] = [plain.claimsRead, plain.linesRead, plain.claimsUnreadable, plain.linesUnreadable, plain.linesSkipped]
        #expect(counts == plainCounts)

        // Through the public entry points, which map the file themselves.
        let viaPath = try ClaimFileReader.read(path: url.path, displayPath: "big.837")
        #expect(viaPath.claims == plain.claims && viaPath.diagnostics == plain.diagnostics)
        var handed: [Claim] = []
        let viaStream = try ClaimFileReader.read(path: url.path, displayPath: "big.837") { handed.append($0) }
        #expect(handed == plain.claims && viaStream.claims.isEmpty && viaStream.diagnostics == plain.diagnostics)
    }

    @Test func releasingCoversWholePagesOnly() {
        let page = X12FileMapping.pageSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * page, alignment: page)
        defer { buffer.deallocate() }
        // Never called on memory like this in the reader; only the arithmetic is checked, on
        // ranges too short to hold a whole page, where nothing is released.
        let raw = UnsafeRawBufferPointer(buffer)
        #expect(X12FileMapping.releasePages(of: raw, from: 0, upTo: page - 1) == 0)
        #expect(X12FileMapping.releasePages(of: UnsafeRawBufferPointer(rebasing: raw[1...]), from: 0, upTo: page - 1) == 0)
    }

    @Test func aFolderOrAMissingFileIsReportedAsBefore() {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: InputError.self) { try ClaimFileReader.read(path: folder) }
        #expect(throws: InputError.self) { try ClaimFileReader.read(path: folder + "/no-such-claim-file.837") }
    }
}
