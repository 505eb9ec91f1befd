import Foundation
import Testing
@testable import ClaimLint

/// Limits that keep a hostile file from exhausting memory or time, each with its diagnostic.
@Suite struct LimitTests {
    static let header = "claim_id,member_id,billing_npi,line,code,units,date\n"

    @Test func aCSVClaimOverTheLineLimitIsRefused() throws {
        var csv = LimitTests.header
        for l in 1...(ClaimAssembler.maxLines + 1) { csv += "BIG,M1,1234567893,\(l),99213,1,2024-08-14\n" }
        csv += "SMALL,M2,1234567893,1,99213,1,2024-08-14\n"
        let r = try ClaimFileReader.read(bytes: Array(csv.utf8), file: "big.csv")
        #expect(r.diagnostics.filter { $0.id == "input.too-many-lines" }.count == 1)
        #expect(r.diagnostics.first { $0.id == "input.too-many-lines" }?.location?.line == ClaimAssembler.maxLines + 2)
        #expect(r.claims.map(\.id) == ["SMALL"])
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1)
        #expect(r.linesRead == ClaimAssembler.maxLines + 2 && r.linesUnreadable == ClaimAssembler.maxLines + 1)
    }

    @Test func aJSONClaimAtTheLineLimitIsRead() throws {
        let lines = (1...ClaimAssembler.maxLines).map { #"{"code": "99213", "units": 1, "date": "2024-08-14", "line": \#($0)}"# }
        let json = #"[{"claim_id": "C1", "member_id": "M1", "billing_npi": "1234567893", "lines": ["# + lines.joined(separator: ",") + "]}]"
        let r = try ClaimFileReader.read(bytes: Array(json.utf8), file: "c.json")
        #expect(r.claims.first?.lines.count == ClaimAssembler.maxLines)
        #expect(!r.diagnostics.contains { $0.id == "input.too-many-lines" })
    }

    /// More lines of one patient, provider and date than the engine pairs: a warning, no
    /// pairwise findings for that date, while the MUE total and another date are still checked.
    @Test func anOversizedPatientDateSkipsThePairwiseEdits() throws {
        var claims: [Claim] = []
        let npi = NPI("1234567893")!
        func line(_ n: Int, _ code: String, _ date: ServiceDate) -> ServiceLine {
            ServiceLine(number: n, code: ProcedureCode(code)!, dates: DateRange(date), location: SourceLocation(file: "x", line: n, column: 1))
        }
        let day: ServiceDate = "2024-08-14", next: ServiceDate = "2024-08-15"
        var remaining = BatchIndex.maxLinesPerDate + 1
        var c = 0
        while remaining > 0 {
            c += 1
            let n = min(remaining, 900)
            var lines = (1...n).map { line($0, "99213", day) }
            if c == 1 { lines[0] = line(1, "27447", day); lines[1] = line(2, "20610", day); lines[2] = line(3, "27447", day) }
            claims.append(Claim(id: "C\(c)", memberID: "M1", billingNPI: npi, lines: lines, location: SourceLocation(file: "x", line: 1, column: 1)))
            remaining -= n
        }
        claims.append(Claim(id: "D", memberID: "M1", billingNPI: npi, lines: [line(1, "27447", next), line(2, "20610", next)], location: SourceLocation(file: "x", line: 1, column: 1)))
        let result = Checker().check(claims)
        let warnings = result.diagnostics.filter { $0.id == "engine.group-limit" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("\(BatchIndex.maxLinesPerDate + 1) service lines") == true)
        let rules = Set(result.findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" })
        #expect(!rules.contains("ptp.pair@C1/2"))
        #expect(rules.contains("mue.date-limit@C1/3"))
        #expect(rules.contains("ptp.pair@D/2"))
    }
}
