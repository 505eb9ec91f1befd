import Testing
@testable import ClaimLint

/// The fee schedule status edits (`status.*`): which statuses deny, and that the statuses a
/// payer pays (on the physician fee schedule or another) make no finding.
@Suite struct StatusRulesTests {
    /// A code table with one hypothetical row per status, for codes 10001..., so the cases do not
    /// depend on which codes the bundled pack holds.
    static let statuses: [(status: String, rule: String?)] = [
        ("A", nil), ("R", nil), ("T", nil), ("X", nil), ("C", nil), ("M", nil), ("J", nil), ("E", nil),
        ("D", nil), ("F", nil), ("G", nil), ("H", nil),
        ("B", "status.bundled"), ("P", "status.bundled-or-excluded"), ("I", "status.not-valid-for-medicare"), ("N", "status.non-covered"),
    ]

    static func table(_ rows: [(code: String, status: String)]) -> [String: String] {
        ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n" + rows.map { "\($0.code)\t\t\($0.status)\t9\tXXX\n" }.joined()]
    }

    static func statusHits(_ notation: String, extra: [String: String] = [:]) throws -> [String] {
        try check(notation, extra: extra).filter { $0.rule.hasPrefix("status.") }.map { "\($0.rule)@\($0.claimID)/\($0.line)" }.sorted()
    }

    @Test(arguments: statuses.map { "\($0.status) \($0.rule ?? "-")" })
    func aLineAloneByStatus(_ c: String) throws {
        let parts = c.split(separator: " ").map(String.init)
        let expected = parts[1] == "-" ? [] : ["\(parts[1])@C1/1"]
        #expect(try Self.statusHits("10001 x1", extra: Self.table([("10001", parts[0])])) == expected, "status \(parts[0])")
    }

    /// The probe's lines, each alone on 2024-08-14, with the bundled pack: B, P, I, N deny.
    @Test func theBundledPackHoldsTheUnpaidStatuses() throws {
        #expect(try Self.statusHits("22841 x1") == ["status.bundled@C1/1"])
        #expect(try Self.statusHits("A4220 x1") == ["status.bundled-or-excluded@C1/1"])
        #expect(try Self.statusHits("D1701 x1") == ["status.not-valid-for-medicare@C1/1"])
        #expect(try Self.statusHits("A4457 x1") == ["status.non-covered@C1/1"])
        // Status A, R, C, X lines of the bundled pack, a T line alone: nothing.
        #expect(try Self.statusHits("99213 x1; 33945 x1; 0856T x1; 88348 x1; 87253 x1; A0425 x1 || member=M2 : 94760 x1").isEmpty)
    }

    /// A status T line is reported with another line paid on the physician fee schedule (A, R, C)
    /// the same day, not with one of any other status.
    @Test(arguments: ["A", "R", "C", "X", "M", "J", "E", "B", "P", "I", "N", "T"])
    func injectionWithAnotherLine(_ other: String) throws {
        let found = try Self.statusHits("10001 x1; 10002 x1", extra: Self.table([("10001", "T"), ("10002", other)]))
            .filter { $0.hasPrefix("status.injection-with-service") }
        #expect(found == (["A", "R", "C"].contains(other) ? ["status.injection-with-service@C1/1"] : []), "with status \(other)")
    }

    /// The other line's status is read from its (code, modifier) row: a PC/TC 6 code's global
    /// row is X (the laboratory fee schedule), its -26 row A.
    @Test func aComponentLineIsReadFromItsRow() throws {
        let tables = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n10001\t\tT\t9\tXXX\n83020\t\tX\t9\tXXX\n83020\t26\tA\t6\tXXX\n"]
        #expect(try Self.statusHits("10001 x1; 83020 x1", extra: tables).isEmpty)
        #expect(try Self.statusHits("10001 x1; 83020-26 x1", extra: tables) == ["status.injection-with-service@C1/1"])
    }

    /// A later pack's row that takes status T off a code takes it out of the T codes.
    @Test func aLaterRowReplacesStatusT() throws {
        let paid = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n94760\t\tA\t3\tXXX\n"]
        #expect(try Self.statusHits("99213 x1; 94760 x1") == ["status.injection-with-service@C1/2"])
        #expect(try Self.statusHits("99213 x1; 94760 x1", extra: paid).isEmpty)
    }

    /// A pack's `disable:` turns the same-day edit off.
    @Test func theSameDayEditCanBeDisabled() throws {
        let off = ["pack.txt": "name: off\ndisable: status.injection-with-service\n"]
        #expect(try Self.statusHits("99213 x1; 94760 x1", extra: off).isEmpty)
    }

    /// The real CY2024 July fee schedule (`--cms`): the probe's codes of each unpaid status
    /// fire; codes of the paid statuses, and E (drugs), make no status finding.
    @Test(.enabled(if: CMSShared.has("PPRRVU24_JUL.csv"), "../shared/cms/PPRRVU24_JUL.csv is absent"))
    func theRealFeeSchedule() throws {
        let loaded = CMSFolder.load(files: [CMSShared.path("PPRRVU24_JUL.csv")])
        let checker = Checker(reference: ReferenceData(cms: loaded.tables, packs: [.bundled]))
        func hits(_ notation: String) throws -> [String] {
            checker.check(try RuleExample.parseClaims(notation)).findings.filter { $0.family == "status" }.map { "\($0.rule)@\($0.claimID)/\($0.line)" }
        }
        #expect(try hits("D1701 x1") == ["status.not-valid-for-medicare@C1/1"])
        #expect(try hits("A4457 x1") == ["status.non-covered@C1/1"])
        #expect(try hits("22841 x1") == ["status.bundled@C1/1"])
        #expect(try hits("A4220 x1") == ["status.bundled-or-excluded@C1/1"])
        // A 99213, R D0120, C 0856T, X 87253 and A0425, M G8431, J 00100, E A9150 and J1100,
        // each alone; T 96523 alone.
        for code in ["99213", "D0120", "0856T", "87253", "A0425", "G8431", "00100", "A9150", "J1100", "96523"] {
            #expect(try hits("\(code) x1").isEmpty, "\(code)")
        }
        #expect(try hits("99213 x1; 96523 x1") == ["status.injection-with-service@C1/2"])
    }
}
