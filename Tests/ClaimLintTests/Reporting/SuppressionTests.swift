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
