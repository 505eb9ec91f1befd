import Foundation
import Testing
@testable import ClaimLint

/// `units.duplicate-service`: a line that repeats an earlier line of the same patient,
/// provider, date, code and modifiers (the whole-engine cases are `CheckerTests.scenarios`).
@Suite struct DuplicateServiceTests {
    private func duplicates(_ notation: String, extra: [String: String] = [:]) throws -> [String] {
        try hits(notation, extra: extra).filter { $0.rule == "units.duplicate-service" }.map { "\($0.claim)/\($0.line)" }
    }

    /// The finding names the first line repeated, and says how to fix a repeat on the claim and
    /// one on another claim.
    @Test func theMessageNamesTheFirstLineRepeated() throws {
        let within = try check("99213 x1; 99213 x1; 99213 x1").filter { $0.rule == "units.duplicate-service" }
        #expect(within.map(\.line) == [2, 3])
        #expect(within.allSatisfy { $0.severity == .error && $0.message.contains("repeats line 1 (99213) for the same patient and provider 1234567893") })
        #expect(within.first?.message.contains("Report the service once, with its total units on one line, or add 76/77, 91") == true)
        let across = try check("99213-GT x1 || 2024-08-15 | 99213-GT x1; 99213-GT x1").filter { $0.rule == "units.duplicate-service" }
        #expect(across.map { "\($0.claimID)/\($0.line)" } == ["C2/2"])
        let other = try check("A0425 x200 || A0425 x200").first { $0.rule == "units.duplicate-service" }
        #expect(other?.message.hasPrefix("A0425 on 2024-08-14 repeats claim C1 line 1 (A0425)") == true)
        #expect(other?.message.contains("send this claim as a replacement (frequency 7) if it corrects claim C1") == true)
    }

    /// J codes are drugs billed per NDC, which the engine does not read: a warning.
    @Test func aDrugCodeIsAWarning() throws {
        let f = try check("J1100-JZ x4; J1100-JZ x4").filter { $0.rule == "units.duplicate-service" }
        #expect(f.map(\.severity) == [.warning])
        #expect(f.first?.message.contains("J1100 is a drug: lines of different NDCs (not checked) are separate") == true)
        #expect(["J1100", "J9999", "J0000"].allSatisfy { ProcedureCode($0)!.isDrugCode })
        #expect(!["A0425", "K0001", "99213", "0856T"].contains { ProcedureCode($0)!.isDrugCode })
    }

    /// A run of one date longer than `UnitsRules.pairwiseRun` is compared through its lines
    /// sorted by code: the same findings, each at the first line repeated.
    @Test func aLongRunFindsTheSameRepeats() throws {
        let first = (1...15).map { String(format: "A%04d x1", $0) }
        let second = (10...24).map { String(format: "A%04d x1", $0) } + ["A0020 x1", "A0001-59 x1", "A0024 x2"]
        let notation = first.joined(separator: "; ") + " || " + second.joined(separator: "; ")
        #expect(first.count + second.count > UnitsRules.pairwiseRun)
        // Lines 1-6 of claim 2 repeat claim 1's A0010-A0015; line 16 (A0020) repeats its line 11;
        // A0001-59 is a separate service; A0024 x2 repeats line 15 within the claim.
        #expect(try duplicates(notation) == ["C2/1", "C2/16", "C2/18", "C2/2", "C2/3", "C2/4", "C2/5", "C2/6"])
        let messages = try check(notation).filter { $0.rule == "units.duplicate-service" }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("A0020 on 2024-08-14 repeats line 11 (A0020)") })
        #expect(messages.contains { $0.hasPrefix("A0010 on 2024-08-14 repeats claim C1 line 10 (A0010)") })
        // The same claims split into short runs (one date each) find the same lines.
        let short = first.prefix(8).joined(separator: "; ") + " || " + ["A0001 x1", "A0002-76 x1", "A0003 x1", "A0003 x1"].joined(separator: "; ")
        #expect(try duplicates(short) == ["C2/1", "C2/3", "C2/4"])
    }

    /// A line's fifth modifier is compared too: a distinguishing one keeps it apart.
    @Test func linesWithMoreThanFourModifiers() throws {
        #expect(try duplicates("A0425-GA-GY-GZ-KX-QM x1; A0425-QM-KX-GZ-GY-GA x1") == ["C1/2"])
        #expect(try duplicates("A0425-GA-GY-GZ-KX-QM x1; A0425-GA-GY-GZ-KX-QN x1").isEmpty)
        #expect(try duplicates("A0425-GA-GY-GZ-KX-59 x1; A0425-GA-GY-GZ-KX-59 x1").isEmpty)
    }

    /// Lines that span days are the same service only with the same last day.
    @Test func spansMustMatch() throws {
        let span = { (id: String, through: String) in
            ServiceLine(number: 1, code: "E0601", units: Units(1), dates: DateRange(from: "2024-08-01", through: ServiceDate(through)!)!, location: SourceLocation(file: "f", line: 1, column: 1))
                .inClaim(id)
        }
        #expect(Checker().check([span("S1", "2024-08-31"), span("S2", "2024-08-31")]).findings.map(\.rule).filter { $0 == "units.duplicate-service" } == ["units.duplicate-service"])
        #expect(Checker().check([span("S1", "2024-08-31"), span("S2", "2024-08-15")]).findings.filter { $0.rule == "units.duplicate-service" }.isEmpty)
    }

    /// A pack may disable the rule or change its severity.
    @Test func packsSwitchTheRule() throws {
        #expect(try duplicates("99213 x1; 99213 x1", extra: ["p/pack.txt": "disable: units.duplicate-service\n"]).isEmpty)
        let f = try check("99213 x1; 99213 x1", extra: ["p/pack.txt": "severity: units.duplicate-service warning\n"])
        #expect(f.filter { $0.rule == "units.duplicate-service" }.map(\.severity) == [.warning])
    }

    /// A replacement (frequency code 7) read from a file repeats its original by design; a
    /// claim sent twice as an original is a duplicate.
    @Test func aReplacementInAFileIsNotADuplicateOfItsOriginal() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r.csv").path
        try """
            claim_id,member_id,billing_npi,frequency_code,code,units,date
            R1,M1,1234567893,1,99213,1,2024-08-14
            R1-FIX,M1,1234567893,7,99213,1,2024-08-14
            T1,M2,1234567893,1,99213,1,2024-08-14
            T1-AGAIN,M2,1234567893,1,99213,1,2024-08-14

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let r = Checker().check(files: [csv], displayPath: { ($0 as NSString).lastPathComponent })
        #expect(r.findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" } == ["units.duplicate-service@T1-AGAIN/1"])
    }
}

private extension ServiceLine {
    func inClaim(_ id: String) -> Claim {
        Claim(id: id, memberID: "M1", billingNPI: RuleExample.defaultNPI, lines: [self], location: SourceLocation(file: "f", line: 1, column: 1))
    }
}
