import Testing
@testable import ClaimLint

/// Modifiers 51, 54/55/56 and 53 against the fee schedule's indicators, indicator by
/// indicator, on hypothetical rows (code 10001) and on the real CY2024 July file.
@Suite struct ModifierEligibilityTests {
    static func rules(_ notation: String, rows: String) throws -> [String] {
        let tables = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tmult\n" + rows]
        return try check(notation, extra: tables).filter { $0.rule.hasPrefix("modifier.") }.map(\.rule).sorted()
    }

    /// 51 is valid with MULT PROC 1, 2, 3, 4, 6 and 7; not with 0, 5 or 9.
    @Test(arguments: 0...9)
    func multipleProcedureByIndicator(_ indicator: Int) throws {
        guard indicator != 8 else { return }
        let found = try Self.rules("10001-51 x1", rows: "10001\t\tA\t0\t090\t\(indicator)\n")
        #expect(found == ([0, 5, 9].contains(indicator) ? ["modifier.multiple-procedure-not-allowed"] : []), "MULT PROC \(indicator)")
    }

    /// 54, 55 and 56 on 010 and 090 codes; not on 000, XXX or MMM; ZZZ and YYY are not reported.
    @Test(arguments: GlobalDays.allCases)
    func splitCareByGlobalDays(_ global: GlobalDays) throws {
        let bad: Set<GlobalDays> = [.zero, .notApplicable, .maternity]
        for m in ["54", "55", "56"] {
            let found = try Self.rules("10001-\(m) x1", rows: "10001\t\tA\t0\t\(global.rawValue)\t2\n")
            #expect(found == (bad.contains(global) ? ["modifier.split-care-not-allowed"] : []), "\(m) on \(global.rawValue)")
        }
    }

    /// 53: a warning where the fee schedule has no -53 row; nothing on a code it has no row for.
    @Test func discontinuedProcedure() throws {
        let rows = "10001\t\tA\t0\t000\t2\n10002\t\tA\t0\t000\t2\n10002\t53\tA\t0\t000\t2\n"
        #expect(try Self.rules("10001-53 x1", rows: rows) == ["modifier.discontinued-review"])
        #expect(try Self.rules("10002-53 x1", rows: rows).isEmpty)
        #expect(try Self.rules("10003-53 x1", rows: rows).isEmpty)
        let found = try check("10001-53 x1", extra: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tmult\n" + rows]).filter { $0.rule == "modifier.discontinued-review" }
        #expect(found.map(\.severity) == [.warning])
    }

    /// The probe's lines with the real fee schedule (`--cms`).
    @Test(.enabled(if: CMSShared.has("PPRRVU24_JUL.csv"), "../shared/cms/PPRRVU24_JUL.csv is absent"))
    func theRealFeeSchedule() throws {
        let loaded = CMSFolder.load(files: [CMSShared.path("PPRRVU24_JUL.csv")])
        let checker = Checker(reference: ReferenceData(cms: loaded.tables, packs: [.bundled]))
        func rules(_ notation: String) throws -> [String] {
            checker.check(try RuleExample.parseClaims(notation)).findings.filter { $0.family == "modifier" }.map(\.rule)
        }
        #expect(try rules("87253-51 x1") == ["modifier.multiple-procedure-not-allowed"])
        #expect(try rules("97110-51-GP x1") == ["modifier.multiple-procedure-not-allowed"])
        #expect(try rules("27447-51 x1").isEmpty)
        #expect(try rules("99213-54 x1") == ["modifier.split-care-not-allowed"])
        #expect(try rules("71046-55 x1") == ["modifier.split-care-not-allowed"])
        #expect(try rules("27447-54 x1").isEmpty)
        for code in ["45378", "44388", "G0105", "G0121"] {
            #expect(try rules("\(code)-53 x1").isEmpty, "\(code)-53 has a fee schedule row")
        }
        #expect(try rules("27447-53 x1") == ["modifier.discontinued-review"])
    }
}
