import Foundation
import ClaimLint
import Testing

/// Inline suppressions (`suppress` column: `RULE-ID: reason; ...`), end to end.
@Suite struct SuppressionTests {
    static let report = Fixtures.report(["Fixtures/claims/suppressed.csv"])

    @Test func suppressionsWithAReasonRemoveFindingsAndAreCounted() {
        #expect(Self.report.findings.map(\.rule) == ["mue.line-limit"])
        #expect(Self.report.summary.suppressed == 2)
        #expect(Self.report.suppressed.map(\.finding.rule) == ["addon.primary-missing", "units.duplicate-line"])
        #expect(Self.report.suppressed.map(\.reason) == ["primary 88348 was billed on the facility claim", "two isolates on separate lines per the payer contract"])
    }

    @Test func aSuppressionWithoutAReasonIsIgnoredWithAWarning() {
        let d = Self.report.diagnostics.filter { $0.id == "input.invalid-suppression" }
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.location?.line == 4)
    }

    /// A suppression of a pack rule id that no pack loaded has (a typo, or the pack left off)
    /// is told once per id, with how many claims wrote it, and ignored; one that names a pack's
    /// rule or family suppresses.
    @Test func aSuppressionOfARuleNoPackHasIsToldOnce() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.csv")
        try """
            claim_id,member_id,billing_npi,place_of_service,line,code,mod1,units,date,suppress
            A,M1,1234567893,21,1,97110,GP,1,2024-08-14,payer.therapy-inpatent: typo
            B,M2,1234567893,21,1,97110,GP,1,2024-08-14,payer.therapy-inpatent: typo
            C,M3,1234567893,21,1,97110,GP,1,2024-08-14,payer.therapy-inpatient: contract
            D,M4,1234567893,21,1,97110,GP,1,2024-08-14,payer.*: contract; other.*: no such family
            E,M5,1234567893,21,1,97110,GP,1,2024-08-14,mue.line-limt: a built-in rule mistyped; units.*: a built-in family
            F,M6,1234567893,11,1,88305,,5,2024-08-14,payer.88305-limit: a table rule
            G,M7,1234567893,11,1,88305,,5,2024-08-14,mue.date-limit-appealable: its finding's id

            """.write(to: file, atomically: true, encoding: .utf8)
        let pack = try RulePack.load(directory: Fixtures.url("Fixtures/packs/payer-rules").path)
        let report = Checker(packs: [.bundled, pack]).check(files: [file.path])
        let warnings = report.diagnostics.filter { $0.id == "input.invalid-suppression" }
        #expect(warnings.map(\.value) == ["payer.therapy-inpatent", "other.*", "mue.line-limt", "payer.88305-limit"])
        #expect(warnings.first?.location?.line == 2 && warnings.first?.message.contains("this and 1 more suppressions") == true)
        // A table rule's findings carry its family's ids: naming it suppresses nothing.
        #expect(warnings.last?.message == "'payer.88305-limit' is a table rule: its findings carry the mue family's rule ids, not its own, so this suppression suppresses nothing; name the finding's rule id as the report shows it, or mue.*. The suppression is ignored")
        #expect(report.findings.filter { $0.rule == "payer.therapy-inpatient" }.map(\.claimID) == ["A", "B", "E"])
        #expect(report.findings.filter { $0.rule.hasPrefix("mue.") }.map(\.claimID) == ["F"])
        #expect(report.summary.suppressed == 3)
        // Without the pack, its rule ids name nothing.
        let bare = Checker().check(files: [file.path])
        #expect(bare.diagnostics.filter { $0.id == "input.invalid-suppression" }.map(\.value) == ["payer.therapy-inpatent", "payer.therapy-inpatient", "payer.*", "other.*", "mue.line-limt", "payer.88305-limit"])
    }

    @Test(arguments: [ReportFormat.text, .json, .github])
    func theCountShows(format: ReportFormat) {
        let out = ReportRenderer.render(Self.report, format: format)
        #expect(out.contains("2 suppressed") || out.contains("\"suppressed\": 2"))
    }

    @Test func jsonListsTheReasons() {
        let out = ReportRenderer.render(Self.report, format: .json)
        #expect(out.contains("\"reason\": \"primary 88348 was billed on the facility claim\""))
    }
}
