import Foundation
import Testing
@testable import ClaimLint

@Suite struct JSONReaderTests {
    @Test func readsTheSampleFieldByField() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/sample.json"), displayPath: "s.json")
        #expect(r.claimsRead == 3 && r.linesRead == 8 && r.diagnostics.isEmpty)
        let c = r.claims[0]
        #expect(c.id == "PCN-6001" && c.renderingNPI == NPI("1811111115") && c.frequencyCode == "1" && c.diagnoses.map(\.text) == ["C3490"])
        #expect(c.lines[1].modifiers == ["TC"] && c.lines[1].charge == Money("95.00") && c.lines[1].location == SourceLocation(file: "s.json", line: 13, column: 9))
        #expect(r.suppressions.map(\.rule) == ["global.em-in-package"])
        #expect(r.suppressions.first?.claimID == "PCN-6002")
    }

    @Test func inlineSuppressionNeedsAReasonAndIsCounted() throws {
        let report = Checker().check(files: [fixture("claims/sample.json")])
        #expect(report.summary.suppressed == 1)
        #expect(!report.findings.contains { $0.rule == "global.em-in-package" && $0.claimID == "PCN-6002" })
        let noReason = try ClaimFileReader.read(bytes: Array(#"[{"claim_id":"A","member_id":"M","billing_npi":"1234567893","lines":[{"code":"99213","units":1,"date":"2024-08-14","suppress":"ptp.pair"}]}]"#.utf8), file: "n.json")
        #expect(noReason.suppressions.isEmpty && noReason.diagnostics.map(\.id) == ["input.invalid-suppression"])
    }

    @Test func twoClaimObjectsWithOneIdAreNeverMerged() throws {
        let text = #"[{"claim_id":"C1","member_id":"MA","billing_npi":"1234567893","lines":[{"code":"27447","units":1,"date":"2024-08-14"}]},"# +
            #"{"claim_id":"C1","member_id":"MB","billing_npi":"1234567893","lines":[{"code":"27447","units":1,"date":"2024-08-14"}]}]"#
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "d.json")
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1 && r.claims.count == 1 && r.claims[0].lines.count == 1)
        #expect(r.diagnostics.map(\.id) == ["input.claim-split"])
    }

    @Test func malformedValuesAreLocated() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/malformed.json"), displayPath: "m.json")
        #expect(r.claimsRead == 3 && r.claimsUnreadable == 2 && r.claims.map(\.id) == ["PCN-7001"])
        #expect(r.linesRead == 2 && r.linesUnreadable == 1)
        let first = try #require(r.diagnostics.first)
        #expect(first.id == "input.invalid-value" && first.field == "units" && first.location == SourceLocation(file: "m.json", line: 5, column: 41))
        #expect(r.diagnostics.contains { $0.message.contains("'PCN-7003' has no service lines") })
        #expect(r.claims[0].lines[0].number == 1)
    }

    @Test(arguments: [
        ("{\"claims\": [", 1, 13, "the JSON ends where a value was expected"),
        ("{\"claims\": 3}", 1, 12, "\"claims\" must be an array"),
        ("{\"claims\": [] x", 1, 15, "expected ',' or '}'"),
        ("{\"c\": \"a\nb\"}", 1, 9, "a string runs past the end of the line"),
        (String(repeating: "[", count: 100), 1, 65, "nest deeper than 64"),
        ("{\"claims\": " + String(repeating: "[", count: 100), 1, 75, "nest deeper than 64"),
        ("{\"version\": 1}", 1, 1, "no \"claims\" array"),
    ])
    func invalidJSONStopsTheFileWithAPosition(text: String, line: Int, column: Int, message: String) throws {
        #expect {
            try ClaimFileReader.read(bytes: Array(text.utf8), file: "b.json")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.location?.line == line && d.location?.column == column && d.message.contains(message)
        }
    }

    static let oneClaim = "{\"claim_id\": \"A\", \"member_id\": \"M\", \"billing_npi\": \"1234567893\", \"lines\": [{\"code\": \"99213\", \"units\": 1, \"date\": \"2024-08-14\"}]}"

    /// Claims are parsed one at a time, but only once the whole file's syntax is checked: a
    /// syntax error after good claims hands none of them over.
    @Test func aSyntaxErrorAfterGoodClaimsHandsNoneOver() throws {
        let text = "{\"claims\": [\(Self.oneClaim), \(Self.oneClaim), {\"claim_id\": ]}"
        var handed = 0
        #expect(throws: InputError.self) {
            try JSONClaimReader.read(bytes: Array(text.utf8), file: "late.json") { _ in handed += 1 }
        }
        #expect(handed == 0)
    }

    @Test func claimsAreHandedOverAsReadWithTheTopLevelWarningsFirst() throws {
        let text = "{\"version\": 1, \"claims\": [\(Self.oneClaim), \(Self.oneClaim.replacingOccurrences(of: "\"A\"", with: "\"B\""))], \"note\": \"x\", \"claims\": 3}"
        var handed: [String] = []
        let r = try JSONClaimReader.read(bytes: Array(text.utf8), file: "s.json") { handed.append($0.id) }
        #expect(handed == ["A", "B"])
        #expect(r.claims.isEmpty && r.claimsRead == 2 && r.linesRead == 2)
        #expect(r.diagnostics.map(\.message) == ["unknown key 'note' at the top level is ignored"])
        let whole = try JSONClaimReader.read(bytes: Array(text.utf8), file: "s.json")
        #expect(whole.claims.map(\.id) == ["A", "B"])
        #expect {
            try JSONClaimReader.read(bytes: Array("  \"claims\"".utf8), file: "s.json")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.location?.column == 3 && d.message.contains("expected an object with \"claims\" or an array of claims, found a string")
        }
    }

    /// A mapped file is parsed in place on both passes, its pages released behind the parser
    /// (here every page): the claims are those of reading the bytes.
    @Test func aMappedFileWithPagesReleasedReadsTheSame() throws {
        let claims = (0..<2_000).map { Self.oneClaim.replacingOccurrences(of: "\"A\"", with: "\"C\($0)\"") }
        let text = "{\"claims\": [\n" + claims.joined(separator: ",\n") + "\n], \"note\": 1}"
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("mapped.json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let mapping = try #require(X12FileMapping(path: url.path))
        defer { mapping.close() }
        #expect(mapping.bytes.count > 40 * X12FileMapping.pageSize)
        var handed: [Claim] = []
        let mapped = try JSONClaimReader.read(mapping.bytes, file: "mapped.json", onClaim: { handed.append($0) }, releaseBehind: X12FileMapping.pageSize).get()
        let whole = try JSONClaimReader.read(bytes: Array(text.utf8), file: "mapped.json")
        #expect(handed.count == 2_000)
        #expect(handed == whole.claims)
        #expect(mapped.diagnostics == whole.diagnostics && mapped.claimsRead == whole.claimsRead && mapped.linesRead == whole.linesRead)
        // And through the file reader, which maps JSON files.
        var viaPath = 0
        _ = try ClaimFileReader.read(path: url.path, threads: 1) { _ in viaPath += 1 }
        #expect(viaPath == 2_000)
    }
}
