import Foundation
import Testing
@testable import ClaimLint

/// Whole-engine scenarios: every finding is asserted, so an unexpected one fails the test.
@Suite struct CheckerTests {
    /// A batch's room is reserved from its files' sizes: a symbolic link counts as the file it
    /// names (its own size is the length of that name), a missing file and standard input as
    /// nothing.
    @Test func filesAreSizedThroughSymbolicLinks() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("claims.csv").path, link = dir.appendingPathComponent("latest.csv").path
        try String(repeating: "x", count: 48 * 1_000).write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        #expect(CheckStream.estimatedLines(files: [file]) == 1_000)
        #expect(CheckStream.estimatedLines(files: [link]) == 1_000)
        #expect(CheckStream.estimatedLines(files: [file, link, "-", dir.appendingPathComponent("missing.csv").path]) == 2_000)
    }

    /// One patient's claims in two files pair: 27447 on claim A1 in a.csv and 20610 on claim
    /// B1 in b.csv, same member, provider and date, make B1's line a PTP pair, which neither
    /// file alone has.
    @Test func aPatientsClaimsInTwoFilesPair() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "claim_id,member_id,billing_npi,rendering_npi,place_of_service,line,code,modifiers,units,date\n"
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try (header + "A1,M1,1234567893,1234567893,11,1,27447,,1,2024-08-14\n").write(toFile: a, atomically: true, encoding: .utf8)
        try (header + "B1,M1,1234567893,1234567893,11,1,20610,,1,2024-08-14\n").write(toFile: b, atomically: true, encoding: .utf8)
        let name: (String) -> String = { ($0 as NSString).lastPathComponent }
        #expect(Checker().check(files: [a], displayPath: name).findings.isEmpty)
        #expect(Checker().check(files: [b], displayPath: name).findings.isEmpty)
        let both = Checker().check(files: [a, b], displayPath: name)
        #expect(both.findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" } == ["ptp.pair@B1/1"])
        #expect(both.findings.first?.message.contains("with 27447 on claim A1 line 1, same patient, provider and date 2024-08-14") == true)
        #expect(both.findings.first.map { "\($0.location.file):\($0.location.line)" } == "b.csv:2")
    }

    /// A void (frequency code 8) cancels a claim sent before: its lines are not checked and
    /// count toward no other claim's edits (with its original it made twice the units of an
    /// MUE, and a void alone got PTP findings); they are counted as skipped, with an info note
    /// at the claim, in CSV and 837 alike, and the library's check of a void finds nothing.
    @Test func voidClaimsAreNotCheckedOrCounted() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("v.csv").path
        try """
            claim_id,member_id,billing_npi,frequency_code,code,units,date
            V1,M1,1234567893,1,27447,1,2024-08-14
            V1-VOID,M1,1234567893,8,27447,1,2024-08-14
            X1,M3,1234567893,8,27447,1,2024-08-14
            X1,M3,1234567893,8,20610,1,2024-08-14
            N1,M4,1234567893,1,27447,2,2024-08-14

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let x12 = dir.appendingPathComponent("v.837").path
        try X12Fixtures.interchange(claims: [
            "CLM*V1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:27447*10.00*UN*1***1", "DTP*472*D8*20240814",
            "CLM*V1-VOID*10.00***11:B:8*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:27447*10.00*UN*1***1", "DTP*472*D8*20240814",
        ]).write(toFile: x12, atomically: true, encoding: .utf8)
        let name: (String) -> String = { ($0 as NSString).lastPathComponent }
        let r = Checker().check(files: [csv, x12], displayPath: name)
        #expect(r.findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" } == ["mue.date-limit@N1/1"])
        #expect(r.summary.claims == 6 && r.summary.claimsChecked == 6 && r.summary.claimsUnreadable == 0)
        #expect(r.summary.lines == 7 && r.summary.linesChecked == 3 && r.summary.linesSkipped == 4 && r.summary.linesUnreadable == 0)
        let notes = r.diagnostics.filter { $0.id == "input.void-claim" }
        #expect(notes.map { "\($0.location?.file ?? ""):\($0.location?.line ?? 0) \($0.field ?? "") \($0.severity)" } == ["v.csv:3 frequency_code info", "v.csv:4 frequency_code info", "v.837:15 CLM05-3 info"])
        #expect(notes[1].message == "claim 'X1' is a void (frequency code 8): it cancels a claim sent before, so its 2 service lines are not checked and count toward no other claim's edits")
        let void = Claim(
            id: "X1", memberID: "M3", billingNPI: NPI("1234567893")!, frequencyCode: "8",
            lines: try RuleExample.parseClaims("27447 x1; 20610 x1")[0].lines, location: SourceLocation(file: "ehr", line: 1, column: 1))
        #expect(Checker().check(void).isEmpty)
        var original = void
        original.frequencyCode = "1"
        #expect(!Checker().check(original).isEmpty)
    }

    struct Scenario: CustomTestStringConvertible, Sendable {
        var claims: String
        var expected: [String]  // "rule@claim/line"
        var testDescription: String { claims }
    }

    static let scenarios: [Scenario] = [
        // addon
        Scenario(claims: "88348 x1; 0856T x1", expected: []),
        Scenario(claims: "88305 x1; 0856T x1", expected: ["addon.primary-missing@C1/2"]),
        Scenario(claims: "37224 x1; 37253 x1", expected: ["addon.cpt-primary-missing@C1/2"]),
        Scenario(claims: "37224 x1; 37252 x1; 37253 x2", expected: []),
        Scenario(claims: "99291 x1; 99292 x2", expected: []),
        Scenario(claims: "99292 x1", expected: ["addon.primary-missing@C1/1"]),
        // units
        Scenario(claims: "87253 x2", expected: []),
        Scenario(claims: "87253 x1; 87253 x1", expected: ["units.duplicate-line@C1/2"]),
        Scenario(claims: "87253 x1; 87253 x1; 87253 x1", expected: ["units.duplicate-line@C1/2", "units.duplicate-line@C1/3", "mue.date-limit-appealable@C1/1", "mue.date-limit-appealable@C1/2", "mue.date-limit-appealable@C1/3"]),
        Scenario(claims: "84132 x1; 84132-91 x1", expected: []),
        Scenario(claims: "99213 x0", expected: ["units.not-positive@C1/1"]),
        Scenario(claims: "89353 x0.5", expected: ["units.fractional@C1/1"]),
        // Exact duplicates of codes not counted per item: on the later line, at its first repeat.
        Scenario(claims: "99213 x1; 99213 x1", expected: ["units.duplicate-service@C1/2"]),
        Scenario(claims: "A0425 x200; A0425 x200", expected: ["units.duplicate-service@C1/2"]),
        Scenario(claims: "0856T x1; 88348 x1; 0856T x1", expected: ["units.duplicate-service@C1/3"]),
        Scenario(claims: "A0425 x1; A0425 x1; A0425 x1", expected: ["units.duplicate-service@C1/2", "units.duplicate-service@C1/3"]),
        Scenario(claims: "99213 x1 || 99213 x1", expected: ["units.duplicate-service@C2/1"]),
        Scenario(claims: "99213-GT-95 x1 || 99213-95-GT x1", expected: ["units.duplicate-service@C2/1"]),  // modifiers in another order
        Scenario(claims: "A0425 x1; A0425-76 x1; A0425-77 x1; A0425-59 x1; A0425-XE x1; A0425-XS x1; A0425-XP x1; A0425-XU x1", expected: []),
        Scenario(claims: "84132 x1; 84132-91 x1", expected: []),
        Scenario(claims: "20610-RT x1; 20610-LT x1", expected: []),
        Scenario(claims: "20610-RT x1; 20610-RT x1", expected: []),  // a distinguishing modifier on both: not compared
        Scenario(claims: "A0425-59 x1; A0425-59 x1; A0425-76 x1; A0425-76 x1", expected: []),
        Scenario(claims: "A0425-QM x1; A0425-QN x1", expected: []),  // other modifiers
        Scenario(claims: "99213 x1 || 99213-25 x1", expected: []),
        Scenario(claims: "88305-26 x1; 88305-TC x1; 88305 x1", expected: []),
        Scenario(claims: "J1100-JZ x4; J1100-JW x2", expected: []),
        Scenario(claims: "2024-08-14 | 99213 x1; 2024-08-15 | 99213 x1", expected: []),
        Scenario(claims: "99213 x1 || 99213 x1 @1811111115", expected: []),
        Scenario(claims: "99213 x1 || npi=1811111115 : 99213 x1", expected: []),
        Scenario(claims: "99213 x1 || member=M2 : 99213 x1", expected: []),
        Scenario(claims: "A0425 x200 || A0425 x50", expected: []),  // another claim, other units
        Scenario(claims: "99213 x1 || freq=7 : 99213 x1", expected: []),  // a replacement and its original
        Scenario(claims: "freq=7 : 99213 x1 || 99213 x1", expected: []),  // in either order
        Scenario(claims: "freq=7 : 99213 x1; 99213 x1", expected: ["units.duplicate-service@C1/2"]),  // within the replacement
        Scenario(claims: "99213 x1 || freq=7 : 99213 x1 || 99213 x1", expected: ["mue.date-limit-appealable@C3/1", "units.duplicate-service@C3/1"]),
        // Counted codes are units.duplicate-line's within a claim, the MUE's across claims.
        Scenario(claims: "87253 x1 || 87253 x1", expected: []),
        Scenario(claims: "87253 x1; 87253-QW x1", expected: ["units.duplicate-line@C1/2"]),
        // mue
        Scenario(claims: "A0425 x250", expected: []),
        Scenario(claims: "A0425 x251", expected: ["mue.line-limit@C1/1"]),
        Scenario(claims: "89353 x2", expected: ["mue.date-limit-appealable@C1/1"]),
        Scenario(claims: "37224 x1; 37252 x1; 37252-59 x1", expected: ["mue.date-limit@C1/2", "mue.date-limit@C1/3"]),
        Scenario(claims: "37224 x1; 37252 x1; 37253 x5", expected: []),
        Scenario(claims: "37224 x1; 37252 x1; 37253 x6", expected: ["mue.date-limit-appealable@C1/3"]),
        Scenario(claims: "27447-RT x1; 27447-LT x1", expected: ["mue.date-limit@C1/1", "mue.date-limit@C1/2"]),
        // Claim by claim: the first claim's unit stands; a denied claim's units do not count
        // against the next; another code of a denied claim is paid and counted. Sent again
        // with the same units, the claims' lines are also duplicates of the first's.
        Scenario(claims: "27447 x1 || 27447 x1 || 27447 x1", expected: ["mue.date-limit@C2/1", "mue.date-limit@C3/1", "units.duplicate-service@C2/1", "units.duplicate-service@C3/1"]),
        Scenario(claims: "87253 x1 || 87253 x2 || 87253 x1", expected: ["mue.date-limit-appealable@C2/1"]),
        Scenario(claims: "87253 x1 || 87253 x1; 89353 x1; 87253 x1 || 89353 x1", expected: ["mue.date-limit-appealable@C2/1", "mue.date-limit-appealable@C2/3", "mue.date-limit-appealable@C3/1", "units.duplicate-line@C2/3"]),
        Scenario(claims: "0856T x1", expected: ["addon.primary-missing@C1/1"]),  // no published MUE: no limit
        // pctc
        Scenario(claims: "88348-26 x1", expected: []),
        Scenario(claims: "0856T-TC x1; 88348 x1", expected: ["pctc.modifier-not-allowed@C1/1"]),
        Scenario(claims: "93010-26 x1", expected: ["pctc.modifier-not-allowed@C1/1"]),
        Scenario(claims: "86353-26 x1", expected: ["pctc.modifier-not-allowed@C1/1"]),
        // code dates
        Scenario(claims: "2023-12-31 | 88348 x1; 2023-12-31 | 0856T x1", expected: ["code.not-yet-effective@C1/2"]),
        Scenario(claims: "2024-01-01 | 88348 x1; 2024-01-01 | 0856T x1", expected: []),
        // ptp
        Scenario(claims: "27447-RT x1; 20610-LT x1", expected: []),
        Scenario(claims: "45380 x1; 45378-59 x1", expected: ["ptp.pair-no-bypass@C1/2"]),
        Scenario(claims: "45378-59 x1; 45380 x1", expected: ["ptp.pair-no-bypass@C1/1"]),
        Scenario(claims: "93000 x1 || 93010 x1", expected: ["ptp.pair@C2/1"]),
        // global
        Scenario(claims: "2024-03-11 | 99204-57 x1; 2024-03-12 | 27447-RT x1", expected: []),
        Scenario(claims: "2024-03-12 | 27447-RT x1 || 2024-04-02 | 99213 x1", expected: ["global.em-in-package@C2/1"]),
        Scenario(claims: "11042 x1; 99214-57 x1", expected: ["global.em-in-package@C1/2"]),  // 57 bypasses the PTP pair, not the package
        Scenario(claims: "11042 x1; 99214 x1", expected: ["global.em-in-package@C1/2", "ptp.pair@C1/2"]),
        Scenario(claims: "11042 x1; 99214-25 x1", expected: []),
        Scenario(claims: "2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-78-RT x1", expected: []),
        Scenario(claims: "2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-RT x1", expected: ["global.procedure-in-package@C2/1"]),
        // modifier
        Scenario(claims: "27447-50 x1", expected: []),
        Scenario(claims: "45380-50 x1", expected: ["modifier.bilateral-not-allowed@C1/1"]),
        Scenario(claims: "22633-62 x1 || npi=1811111115 : 22633-62 x1", expected: []),
        Scenario(claims: "45380-80 x1", expected: ["modifier.assistant-not-allowed@C1/1"]),
        Scenario(claims: "27447-66 x1", expected: ["modifier.team-not-allowed@C1/1"]),
        // More than four modifiers: the line's own modifier checks see all of them; the
        // edits see the four a claim carries.
        Scenario(claims: "27447-RT-GA-GY-GZ-ZZ x1", expected: ["modifier.too-many@C1/1", "modifier.unknown@C1/1"]),
        Scenario(claims: "27447-RT-GA-GY-GZ-RT x1", expected: ["modifier.too-many@C1/1", "modifier.repeated@C1/1"]),
        Scenario(claims: "27447 x1; 20610-GA-GY-GZ-KX-59 x1", expected: ["modifier.too-many@C1/2", "ptp.pair@C1/2"]),
        Scenario(claims: "27447 x1; 20610-59-GA-GY-GZ-KX x1", expected: ["modifier.too-many@C1/2"]),
    ]

    @Test(arguments: scenarios)
    func scenario(_ s: Scenario) throws {
        let actual = try hits(s.claims).map(\.description).sorted()
        #expect(actual == s.expected.sorted())
    }

    @Test func tablesOfEachQuarterApplyToTheirOwnDates() throws {
        // Q2 has 45380/45378 in force; Q3 deletes it on 2024-06-30.
        let q2 = try RulePack.parse(files: [
            ("q2/pack.txt", "period: 2024-04-01..2024-06-30\n"),
            ("q2/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t45378\t2024-01-01\t\t0\n"),
        ], origin: "q2")
        let q3 = try RulePack.parse(files: [
            ("q3/pack.txt", "period: 2024-07-01..2024-09-30\n"),
            ("q3/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t45378\t2024-01-01\t2024-06-30\t0\n"),
        ], origin: "q3")
        let claims = try RuleExample.parseClaims("2024-06-28 | 45380 x1; 2024-06-28 | 45378 x1; 2024-07-02 | 45380 x1; 2024-07-02 | 45378 x1")
        let result = Checker(packs: [q2, q3]).check(claims)
        #expect(result.findings.map { "\($0.rule)@\($0.line)" } == ["ptp.pair-no-bypass@2"])
        #expect(result.diagnostics.isEmpty)
    }

    /// A pair whose modifier indicator is 9 (not applicable) is no edit; a column 2 line that is
    /// the column 2 of pairs of indicators 0 and 1 gets one finding, for indicator 0, whichever
    /// column 1 line comes first.
    @Test func indicatorNineIsNoEditAndIndicatorZeroOutranksOne() throws {
        let pack = try RulePack.parse(files: [
            ("p/pack.txt", "period: 2024-01-01..2024-12-31\n"),
            ("p/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n11111\t22222\t2024-01-01\t\t9\n33333\t44444\t2024-01-01\t\t1\n55555\t44444\t2024-01-01\t\t0\n"),
        ], origin: "p")
        let claims = try RuleExample.parseClaims(
            "2024-08-14 | 11111 x1; 2024-08-14 | 22222 x1 || 2024-08-14 | 33333 x1; 2024-08-14 | 55555 x1; 2024-08-14 | 44444 x1 || 2024-08-15 | 55555 x1; 2024-08-15 | 33333 x1; 2024-08-15 | 44444 x1")
        let result = Checker(packs: [pack]).check(claims)
        let ptp = result.findings.filter { $0.rule.hasPrefix("ptp.") }.map { "\($0.rule)@\($0.claimID)/\($0.line)" }
        #expect(ptp == ["ptp.pair-no-bypass@\(claims[1].id)/3", "ptp.pair-no-bypass@\(claims[2].id)/3"])
    }

    @Test func linesOutsideThePeriodUseTheNearestAndSaySoOnce() throws {
        let claims = try RuleExample.parseClaims("2025-02-03 | 45380 x1; 2025-02-03 | 45378 x1; 2025-03-04 | 99213 x1")
        let result = Checker().check(claims)
        #expect(result.findings.map(\.rule) == ["ptp.pair-no-bypass"])
        #expect(result.diagnostics.count == 1)
        let d = try #require(result.diagnostics.first)
        #expect(d.id == "tables.outside-period" && d.severity == .info)
        #expect(d.message.hasPrefix("3 service lines dated 2025-02-03..2025-03-04 fall outside the loaded tables' period 2024-01-01..2024-12-31"))
    }

    /// A line outside every period is checked against the nearest period's tables, and their
    /// PTP and add-on rows by their own dates on its date of service (a CMS quarter's PTP file
    /// keeps each edit's history): rows that take effect on the period's first day do not hold
    /// before it, and rows deleted before the period do, up to their deletion.
    @Test func linesOutsideThePeriodTakeRowsInForceOnTheirDate() throws {
        let pack = try RulePack.parse(files: [
            ("q3/pack.txt", "period: 2024-07-01..2024-09-30\n"),
            ("q3/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t45378\t2024-07-01\t\t0\n43239\t43235\t2020-01-01\t2024-06-30\t0\n"),
            ("q3/addons.tsv", "addon\tprimary\ttype\teffective\tdeletion\n0856T\t88348\t1\t2024-07-01\t\n99417\t99215\t1\t2020-01-01\t2024-06-30\n"),
        ], origin: "q3")
        func rules(_ date: String) throws -> [String] {
            let claims = try RuleExample.parseClaims(["45380", "45378", "0856T", "43239", "43235", "99417"].map { "\(date) | \($0) x1" }.joined(separator: "; "))
            return Checker(packs: [pack]).check(claims).findings.map { "\($0.rule)@\($0.line)" }
        }
        #expect(try rules("2024-05-02") == ["ptp.pair-no-bypass@5", "addon.primary-missing@6"])
        #expect(try rules("2024-08-14") == ["ptp.pair-no-bypass@2", "addon.primary-missing@3"])
        #expect(try rules("2024-12-02") == ["ptp.pair-no-bypass@2", "addon.primary-missing@3"])
    }

    /// A line that spans days is deleted when its last day is after the code's deletion, and
    /// the message names that day; each line keeps its own span.
    @Test func spanningLinesAreCheckedOnTheirLastDay() throws {
        let pack = try RulePack.parse(files: [("p/codes.tsv", "code\tmod\tstatus\tpctc\tglobal\tdeletion\n97110\t\tD\t0\tXXX\t2024-12-31\n")], origin: "p")
        func line(_ n: Int, _ from: ServiceDate, _ through: ServiceDate) -> ServiceLine {
            ServiceLine(number: n, code: "97110", units: Units(1), dates: DateRange(from: from, through: through)!, location: SourceLocation(file: "x", line: n, column: 1))
        }
        let claim = Claim(
            id: "C1", memberID: "M1", billingNPI: NPI("1234567893")!,
            lines: [line(1, "2024-12-20", "2024-12-31"), line(2, "2024-12-27", "2025-01-03"), line(3, "2024-12-30", "2024-12-30")],
            location: SourceLocation(file: "x", line: 1, column: 1))
        let findings = Checker(packs: [pack]).check(claim).filter { $0.rule == "code.deleted" }
        #expect(findings.map(\.line) == [2])
        #expect(findings.first?.message.contains("is dated 2025-01-03, after 97110 was deleted on 2024-12-31") == true)
    }

    /// The batch keeps a line in 36 bytes, its units in 4 of them (the memory a 5M-line batch
    /// needs grows with them).
    @Test func aLineEntryTakesThirtySixBytes() {
        #expect(MemoryLayout<LineEntry>.stride == 36)
    }

    /// Units are kept in 4 bytes a line when their thousandths fit, and exactly otherwise:
    /// the edits sum and print the same values either way.
    @Test(arguments: [
        ("87253 x2147483.648", "units.fractional", "has 2147483.648 units"),
        ("87253 x2147483.647", "units.fractional", "has 2147483.647 units"),
        ("87253 x3000000; 87253 x2", "mue.date-limit-appealable", "totals 3000002 units"),
        // Ten lines of fifteen-digit units (each with its own modifier) total past 64 bits: the
        // total saturates, and stays over the MUE (wrapped, it came out negative, no finding).
        (["59", "76", "77", "XS", "XE", "XU", "XP", "91", "RT", "LT"].map { "27447-\($0) x999999999999999" }.joined(separator: "; "), "mue.date-limit", "totals 9223372036854775.807 units"),
        ("99213 x-2147483.648", "units.not-positive", "has -2147483.648 units"),
        ("99213 x-2147483.647", "units.not-positive", "has -2147483.647 units"),
        ("99213 x-9999999999", "units.not-positive", "has -9999999999 units"),
    ])
    func unitsKeepEveryValue(claims: String, rule: String, text: String) throws {
        let findings = Checker().check(try RuleExample.parseClaims(claims)).findings
        let messages = findings.filter { $0.rule == rule }.map(\.message)
        #expect(messages.contains { $0.contains(text) }, "\(findings.map { "\($0.rule): \($0.message)" })")
    }

    /// A message names its lines in 16 bytes each: every finding's message captures one or two
    /// (a million findings of a 5M-line batch are waiting for the report).
    @Test func aLineNameTakesSixteenBytes() {
        #expect(MemoryLayout<LineName>.stride == 16)
    }

    /// A finding takes 80 bytes while the passes run and in a large batch's report, with the
    /// values of its message when it is one of the frequent ones (`RecordedMessage`), and 112
    /// as a `Finding` (fields ordered to leave the least padding, its location packed).
    @Test func findingsAreLaidOutWithoutPadding() {
        #expect(MemoryLayout<PTPRules.PairMessage>.size == 45)
        #expect(MemoryLayout<GlobalRules.PackageMessage>.size == 40)
        #expect(MemoryLayout<MUERules.DateTotalMessage>.size == 41)
        #expect(MemoryLayout<RecordedMessage>.size == 45)
        #expect(MemoryLayout<FindingSink.Record>.stride == 64)
        #expect(MemoryLayout<Finding>.stride == 112)
    }

    @Test func packSwitchesDisableAndChangeSeverity() throws {
        let pack = try RulePack.parse(files: [("p/pack.txt", "disable: units.duplicate-line\nseverity: mue.date-limit-appealable warning\n")], origin: "p")
        let claims = try RuleExample.parseClaims("87253 x1; 87253 x1; 87253 x1")
        let findings = Checker(packs: [.bundled, pack]).check(claims).findings
        #expect(findings.map { "\($0.rule):\($0.severity)" } == Array(repeating: "mue.date-limit-appealable:warning", count: 3))
    }

    /// An add-on whose only primary a PTP edit denies is flagged, saying so; not when a pack
    /// disables that edit or makes it a warning (the primary is then paid).
    @Test func anAddonWhosePrimaryIsDeniedByPTPIsNotPaid() throws {
        let claims = try RuleExample.parseClaims("88321 x1; 88348 x1; 0856T x1")
        let findings = Checker().check(claims).findings
        #expect(findings.map { "\($0.rule):\($0.line)" } == ["ptp.pair:2", "addon.primary-missing:3"])
        #expect(findings.last?.message.contains("billed without its primary 88348 that is paid for this patient by rendering provider 1234567893 on 2024-08-14 (88348 is billed, but the NCCI PTP edit 88321/88348 denies it on this date, and an add-on is paid only with a paid primary)") == true, "\(findings.last?.message ?? "")")
        for switches in ["disable: ptp.pair\n", "severity: ptp.pair warning\n"] {
            let pack = try RulePack.parse(files: [("p/pack.txt", switches)], origin: "p")
            #expect(!Checker(packs: [.bundled, pack]).check(claims).findings.contains { $0.rule == "addon.primary-missing" }, "\(switches)")
        }
        // An indicator 0 edit whose rule a pack disables does not hide an indicator 1 edit of
        // the same line, for the PTP finding or the add-on's primary.
        let zero = try RulePack.parse(
            files: [("z/pack.txt", "disable: ptp.pair-no-bypass\n"), ("z/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t88348\t2020-01-01\t\t0\n")],
            origin: "z")
        let four = try RuleExample.parseClaims("45380 x1; 88321 x1; 88348 x1; 0856T x1")
        #expect(Checker(packs: [.bundled, zero]).check(four).findings.map { "\($0.rule):\($0.line)" } == ["ptp.pair:3", "addon.primary-missing:4"])
    }

    /// An add-on whose primary's units the MUE denies is flagged, saying so; not when a pack
    /// disables that MUE edit or makes it a warning (the primary is then paid).
    @Test func anAddonWhosePrimaryIsDeniedByTheMUEIsNotPaid() throws {
        let claims = try RuleExample.parseClaims("88348 x2; 0856T x1")
        let findings = Checker().check(claims).findings
        #expect(findings.map { "\($0.rule):\($0.line)" } == ["mue.date-limit-appealable:1", "addon.primary-missing:2"])
        #expect(findings.last?.message.contains("(88348 is billed, but its units are over its MUE of 1 on this date, which denies them, and an add-on is paid only with a paid primary)") == true, "\(findings.last?.message ?? "")")
        for switches in ["disable: mue.date-limit-appealable\n", "severity: mue.date-limit-appealable warning\n"] {
            let pack = try RulePack.parse(files: [("p/pack.txt", switches)], origin: "p")
            #expect(!Checker(packs: [.bundled, pack]).check(claims).findings.contains { $0.rule == "addon.primary-missing" }, "\(switches)")
        }
    }

    /// An add-on whose primary the global-package, status or modifier edits deny is flagged,
    /// saying why; the primary's own finding comes first.
    @Test(arguments: [
        (
            "2024-08-10 | 17000 x1 || 2024-08-14 | 17000 x1; 2024-08-14 | 17003 x1", ["global.procedure-in-package:C2/1", "addon.primary-missing:C2/2"],
            "(17000 is billed, but it falls in the global period of 17000 on 2024-08-10 (global 010) without a modifier that takes it out, so it is part of that surgical package, and an add-on is paid only with a paid primary)"
        ),
        (
            "2024-08-01 | 27447 x1 || 2024-08-14 | 99291 x1; 2024-08-14 | 99292 x1",
            ["global.em-in-package:C2/1", "addon.primary-missing:C2/2", "global.em-in-package:C2/2"],
            "(99291 is billed, but it falls in the global period of 27447 on 2024-08-01 (global 090) without a modifier that takes it out"
        ),
        ("37216 x1; 37252 x1", ["status.non-covered:C1/1", "addon.primary-missing:C1/2"], "(37216 is billed, but its fee schedule status N (not covered) denies it, and an add-on"),
        (
            "99213 x1; 94760 x1; 0856T x1", ["status.injection-with-service:C1/2", "addon.primary-missing:C1/3"],
            "(94760 is billed, but it has fee schedule status T and 99213 (status A) is paid on this date, so its payment is bundled into that service, and an add-on"
        ),
        (
            "11042-26 x1; 11045 x1", ["pctc.modifier-not-allowed:C1/1", "addon.primary-missing:C1/2"],
            "(11042-26 is billed, but the modifier edit pctc.modifier-not-allowed (26 or TC on a code without that component) denies the line as billed, and an add-on"
        ),
        (
            "64483-80 x1; 64484-80 x1", ["modifier.assistant-not-allowed:C1/1", "addon.primary-missing:C1/2", "modifier.assistant-not-allowed:C1/2"],
            "(64483-80 is billed, but the modifier edit modifier.assistant-not-allowed (Assistant at surgery not paid) denies the line as billed"
        ),
    ])
    func anAddonWhosePrimaryItsOwnEditsDenyIsNotPaid(_ notation: String, expected: [String], note: String) throws {
        let extra = notation.contains("94760") ? AddonRules.statusPrimary : [:]
        let findings = try check(notation, extra: extra)
        #expect(findings.map { "\($0.rule):\($0.claimID)/\($0.line)" } == expected)
        let addon = findings.first { $0.rule == "addon.primary-missing" }
        #expect(addon?.message.contains(note) == true, "\(addon?.message ?? "")")
    }

    /// An add-on whose primary is not a valid line (its code deleted or not yet in effect, its
    /// units not more than zero or a fraction of a code counted per item) or is denied as a
    /// repeat is flagged, saying why; when every copy of the primary is denied, the note says
    /// why the first is, then that the repeat is a duplicate.
    @Test(arguments: [
        (
            "2025-01-02 | 88348 x1; 2025-01-02 | 0856T x1", AddonRules.deletedPrimary, ["code.deleted:C1/1", "addon.primary-missing:C1/2"],
            "(88348 is billed, but the code was deleted before this date of service, so the line is not valid, and an add-on is paid only with a paid primary)"
        ),
        (
            "88348 x1; 0856T x1", AddonRules.laterPrimary, ["code.not-yet-effective:C1/1", "addon.primary-missing:C1/2"],
            "(88348 is billed, but the code had not taken effect on this date of service, so the line is not valid, and an add-on"
        ),
        (
            "88348 x0; 0856T x1", [:], ["units.not-positive:C1/1", "addon.primary-missing:C1/2"],
            "(88348 is billed, but with 0 units, and units of service must be more than zero, so the line is denied, and an add-on"
        ),
        (
            "87253 x1.5; 0856T x1", AddonRules.countedPrimary, ["units.fractional:C1/1", "addon.primary-missing:C1/2"],
            "(87253 is billed, but with 1.5 units, a fraction of a code whose units count items, so the line is denied, and an add-on"
        ),
        (
            "87253 x0.5; 87253 x1; 0856T x1", AddonRules.countedPrimary, ["units.fractional:C1/1", "units.duplicate-line:C1/2", "addon.primary-missing:C1/3"],
            "(87253 is billed, but with 0.5 units, a fraction of a code whose units count items, so the line is denied; 87253 is billed again on another line of the claim, but its units count items and belong on one line, so the repeat is denied as a duplicate, and an add-on"
        ),
        (
            "88348 x2; 88348 x1; 0856T x1", AddonRules.lineMUE, ["mue.line-limit:C1/1", "units.duplicate-service:C1/2", "addon.primary-missing:C1/3"],
            "(88348 is billed, but its units are over its MUE of 1 on this date, which denies them; 88348 is billed again, but the repeat is denied as a duplicate of the earlier line, and an add-on"
        ),
        (
            "88348 x2 || 88348 x2; 0856T x1", AddonRules.lineMUE, ["mue.line-limit:C1/1", "mue.line-limit:C2/1", "units.duplicate-service:C2/1", "addon.primary-missing:C2/2"],
            "(88348 is billed, but its units are over its MUE of 1 on this date, which denies them; 88348 is billed again, but the repeat is denied as a duplicate of the earlier line, and an add-on"
        ),
    ])
    func anAddonWhosePrimaryIsInvalidOrARepeatIsNotPaid(_ notation: String, extra: [String: String], expected: [String], note: String) throws {
        let findings = try check(notation, extra: extra)
        #expect(findings.map { "\($0.rule):\($0.claimID)/\($0.line)" } == expected)
        let addon = findings.first { $0.rule == "addon.primary-missing" }
        #expect(addon?.message.contains(note) == true, "\(addon?.message ?? "")")
    }

    /// An add-on is reported with its primary as one service: a pack's add-on of global 000
    /// (hypothetical) on the day of its E/M primary opens no window against it, for the visit
    /// edit as for the add-on edit; the visit edit had reported the primary while the add-on
    /// passed.
    @Test func anAddonDoesNotPackageItsOwnPrimary() throws {
        let extra = [
            "codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n0856T\t\tA\t0\t000\n88348\t\tA\t1\t000\n",
            "addons.tsv": "addon\tprimary\ttype\n0856T\t99213\t1\n",
        ]
        let findings = try check("99213 x1; 0856T x1", extra: extra)
        #expect(findings.map { "\($0.rule):\($0.line)" } == [])
        // A visit of another code is no primary of 0856T: 0856T is not paid, and has no package.
        let another = try check("99214 x1; 0856T x1", extra: extra)
        #expect(another.map { "\($0.rule):\($0.line)" } == ["addon.primary-missing:2"])
        // Another 000 procedure that day (88348, made one) does take the visit into its package.
        let other = try check("99213 x1; 0856T x1; 88348 x1", extra: extra).filter { $0.rule == "addon.primary-missing" }
        #expect(other.map(\.line) == [2])
        #expect(other.first?.message.contains("(99213 is billed, but it falls in the global period of 88348 on 2024-08-14 (global 000)") == true, "\(other.first?.message ?? "")")
    }

    /// An add-on is not the "other service" that denies its own status T primary, for the
    /// status edit as for the add-on edit: the status edit had denied 94760 as bundled into
    /// 0856T while 0856T passed on it. A service that is not its add-on still bundles it.
    @Test(arguments: [
        ("94760 x1; 0856T x1", [String]()),
        ("99213 x1; 94760 x1; 0856T x1", ["status.injection-with-service:2", "addon.primary-missing:3"]),
        ("94760 x1; 0856T x1; 88348 x1", ["status.injection-with-service:1"]),
    ])
    func anAddonDoesNotBundleItsOwnStatusTPrimary(_ notation: String, expected: [String]) throws {
        let findings = try check(notation, extra: ["addons.tsv": "addon\tprimary\ttype\n0856T\t94760\t1\n0856T\t88348\t1\n"])
        #expect(findings.map { "\($0.rule):\($0.line)" } == expected)
    }

    /// A status T code is bundled only into another service that is paid: one that another
    /// edit denies (the PTP edit of the T code over it, its MUE, an add-on without its primary,
    /// a modifier not valid on it) leaves the T code paid, and only that edit's finding is made.
    /// Both lines had been denied, the T code as bundled into a service that was not paid.
    @Test(arguments: [
        ("94760 x1; 99213 x1", StatusRules.oximetryOverVisit, ["ptp.pair:2"]),
        ("94760 x1; 99213-25 x1", StatusRules.oximetryOverVisit, ["status.injection-with-service:1"]),
        ("94760 x1; 11045 x1", [:], ["addon.primary-missing:2"]),
        ("94760 x1; 27447 x2", [:], ["mue.date-limit:2"]),
        ("94760 x1; 11042-26 x1", [:], ["pctc.modifier-not-allowed:2"]),
        ("94760 x1; 11045 x1; 27447 x1", [:], ["status.injection-with-service:1", "addon.primary-missing:2", "ptp.pair:2"]),
    ])
    func aStatusTCodeIsBundledOnlyIntoAPaidService(_ notation: String, extra: [String: String], expected: [String]) throws {
        let findings = try check(notation, extra: extra)
        #expect(findings.map { "\($0.rule):\($0.line)" } == expected)
    }

    /// A procedure that another edit denies opens no global window: 77750 (global 090), the
    /// column 2 code of PTP 32701/77750 (indicator 0; CMS rows), had put a visit 19 days later
    /// in its post-operative period. Made paid by a pack (the PTP edit a warning), it does.
    @Test func aDeniedProcedureOpensNoGlobalWindow() throws {
        let tables = [
            "codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n32701\t\tA\t0\tXXX\n77750\t\tA\t0\t090\n",
            "ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n32701\t77750\t2024-07-01\t\t0\n",
        ]
        let notation = "2024-08-01 | 32701 x1; 2024-08-01 | 77750 x1; 2024-08-20 | 99213 x1"
        #expect(try check(notation, extra: tables).map { "\($0.rule):\($0.line)" } == ["ptp.pair-no-bypass:2"])
        let warning = tables.merging(["pack.txt": "severity: ptp.pair-no-bypass warning\n"]) { $1 }
        #expect(try check(notation, extra: warning).map { "\($0.rule):\($0.line)" } == ["ptp.pair-no-bypass:2", "global.em-in-package:3"])
    }

    /// An add-on whose primary is an add-on billed without a paid primary of its own is not
    /// paid either, and says why; two add-ons that list each other are paid together.
    @Test func anAddonOfAnUnpaidAddonIsNotPaid() throws {
        let findings = try check("17003 x1; 0856T x1", extra: AddonRules.addonOfAddon)
        #expect(findings.map { "\($0.rule):\($0.line)" } == ["addon.primary-missing:1", "addon.primary-missing:2"])
        let note = "(17003 is billed, but it is an add-on code itself, without a paid primary of its own, and an add-on is paid only with a paid primary)"
        #expect(findings.last?.message.contains(note) == true, "\(findings.last?.message ?? "")")
        #expect(try check("17000 x1; 17003 x1; 0856T x1", extra: AddonRules.addonOfAddon).isEmpty)
        #expect(try check("88348 x1; 0856T x1", extra: ["addons.tsv": "addon\tprimary\ttype\n88348\t0856T\t1\n"]).isEmpty)
    }

    @Test func aLaterPackOverridesMUE() throws {
        let pack = try RulePack.parse(files: [("p/mue.tsv", "code\tvalue\tmai\n89353\t2\t3\n")], origin: "p")
        let claims = try RuleExample.parseClaims("89353 x2")
        #expect(Checker(packs: [.bundled, pack]).check(claims).findings.isEmpty)
        #expect(Checker().check(claims).findings.map(\.rule) == ["mue.date-limit-appealable"])
    }

    /// Date totals of a run with more codes than the totals' room on the stack: the codes past
    /// it are totalled and looked up as the first ones are.
    @Test func dateTotalsOfManyCodesInOneRun() throws {
        let codes = (1...40).map { String(10_000 + $0) }
        let table = "code\tvalue\tmai\n" + codes.map { "\($0)\t2\t2\n" }.joined()
        let pack = try RulePack.parse(files: [("m/mue.tsv", table)], origin: "m")
        let day = "2024-08-14 | "
        let claims = try RuleExample.parseClaims(
            codes.map { day + $0 + " x1" }.joined(separator: "; ")
                + " || \(day)10040 x1; \(day)10001 x1 || \(day)10040 x1; \(day)10001 x1; \(day)10040 x1; \(day)10033 x2")
        let findings = Checker(packs: [pack]).check(claims).findings.filter { $0.rule.hasPrefix("mue.") }
        #expect(findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" } == [1, 2, 3, 4].map { "mue.date-limit@\(claims[2].id)/\($0)" })
    }

    @Test func anMUEOfZeroAllowsNoUnits() throws {
        let pack = try RulePack.parse(files: [("z/mue.tsv", "code\tvalue\tmai\n99499\t0\t2\nA0999\t0\t1\n")], origin: "z")
        let claims = try RuleExample.parseClaims("99499 x1; A0999 x1")
        let findings = Checker(packs: [.bundled, pack]).check(claims).findings
        #expect(findings.map { "\($0.rule)@\($0.line)" } == ["mue.date-limit@1", "mue.line-limit@2"])
        #expect(findings[0].message.contains("the MUE is 0 per date"))
    }

    @Test func findingsCarryTheLineLocationAndAnActionableMessage() throws {
        let claims = try RuleExample.parseClaims("88305 x1; 0856T x1")
        let f = try #require(Checker().check(claims).findings.first)
        #expect(f.claimID == "C1" && f.line == 2 && f.code == "0856T" && f.severity == .error)
        #expect(f.location == claims[0].lines[1].location)
        #expect(f.message.contains("88348") && f.message.contains("2024-08-14") && f.message.contains("1234567893"))
    }

    @Test func tooManyModifiersAreAllNamed() throws {
        let claims = try RuleExample.parseClaims("27447-RT-GA-GY-GZ-ZZ x1")
        let findings = Checker().check(claims).findings
        #expect(findings.map(\.message).allSatisfy { $0.hasPrefix("27447-RT-GA-GY-GZ-ZZ") })
        #expect(findings.first { $0.rule == "modifier.too-many" }?.message.contains("has 5 modifiers") == true)
    }

    /// A finding from the edits writes its message when read: the same text each time, equal
    /// to (and hashing as) a finding built with that text, and replaced when assigned.
    @Test func messagesWrittenWhenReadCompareByTheirText() throws {
        let claims = try RuleExample.parseClaims("2024-08-14 | 27447 x1 ; 2024-08-14 | 20610 x1")
        var f = try #require(Checker().check(claims).findings.first { $0.rule == "ptp.pair" })
        #expect(f.message == f.message)
        #expect(f.message.hasPrefix("20610 is the column 2 code of NCCI pair 27447/20610 (in force "))
        #expect(f.message.contains(" with 27447 on line 1, same patient, provider and date 2024-08-14. Modifier indicator 1: "))
        let written = Finding(rule: f.rule, severity: f.severity, claimID: f.claimID, line: f.line, code: f.code, message: f.message, location: f.location)
        #expect(written == f)
        #expect(Set([written, f]).count == 1)
        f.message = "changed"
        #expect(f.message == "changed")
        #expect(written != f)
    }

    /// A hostile line with many distinct modifiers takes the hash-set path: the same findings.
    @Test func manyDistinctModifiers() throws {
        var claims = try RuleExample.parseClaims("27447 x1")
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var all: [Modifier] = []
        for a in letters.prefix(4) { for b in letters.prefix(20) { all.append(Modifier("\(a)\(b)")!) } }
        let list = all + [all[3], all[1], all[3]]
        claims[0].lines[0].modifiers = ModifierList(list)
        let findings = Checker().check(claims).findings
        #expect(findings.filter { $0.rule == "modifier.too-many" }.count == 1)
        #expect(findings.filter { $0.rule == "modifier.repeated" }.map(\.message).first?.contains("repeats modifier \(all[3]) and \(all[1]);") == true)
        let unknown = Set(all).filter { !Modifier.known.contains($0) }.sorted()
        #expect(findings.filter { $0.rule == "modifier.unknown" }.map(\.message) == unknown.map { "27447\(ModifierList(list).suffix): '\($0)' is not a CPT or HCPCS modifier; check for a typo (for example RT/LT, 59, XS)." })
    }

    /// Line numbers and locations past what the compact line record holds are kept whole.
    @Test func largeLineNumbersAndLocationsAreKeptWhole() throws {
        var claims = try RuleExample.parseClaims("88305 x1; 0856T x1; 0856T x1")
        claims[0].lines[1].number = 5_000_000_000
        claims[0].lines[1].location = SourceLocation(file: "big.837", line: 4_300_000_000, column: 1, segment: 9_000_000_000, byteOffset: 600_000_000_000, byteLength: 70_000)
        claims[0].lines[2].number = Int(Int32.max) + 1
        let findings = Checker().check(claims).findings.filter { $0.rule == "addon.primary-missing" }
        #expect(findings.map(\.line) == [5_000_000_000, Int(Int32.max) + 1])
        #expect(findings.map(\.location) == [claims[0].lines[1].location, claims[0].lines[2].location])
    }

    @Test func concurrentCallsGiveTheSameFindings() async throws {
        let checker = Checker()
        let notations = Self.scenarios.map(\.claims)
        let claimSets = try notations.map { try RuleExample.parseClaims($0) }
        let expected = claimSets.map { checker.check($0).findings }
        try await withThrowingTaskGroup(of: (Int, FindingList).self) { group in
            for round in 0..<8 {
                for (i, claims) in claimSets.enumerated() {
                    group.addTask { (i, checker.check(claims).findings) }
                }
                _ = round
            }
            for try await (i, findings) in group {
                #expect(findings == expected[i])
            }
        }
    }

    @Test func oneClaimCall() throws {
        let claim = try #require(try RuleExample.parseClaims("89353 x2").first)
        #expect(Checker().check(claim).map(\.rule) == ["mue.date-limit-appealable"])
    }
}
