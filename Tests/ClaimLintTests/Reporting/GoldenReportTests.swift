import ClaimLint
import Testing

/// Every format of the report of `Fixtures/claims/sample.csv`, against its golden file under
/// `Fixtures/reports/` (re-record on purpose with `CLAIMLINT_RECORD=1 swift test`).
@Suite struct GoldenReportTests {
    static let goldens: [(ReportFormat, String)] = [
        (.text, "Fixtures/reports/sample.txt"),
        (.json, "Fixtures/reports/sample.json"),
        (.sarif, "Fixtures/reports/sample.sarif"),
        (.junit, "Fixtures/reports/sample.junit.xml"),
        (.github, "Fixtures/reports/sample.github.txt"),
        (.csv, "Fixtures/reports/sample.csv"),
    ]

    @Test func everyFormatHasAGoldenFile() {
        #expect(Set(Self.goldens.map(\.0)) == Set(ReportFormat.allCases))
    }

    @Test(arguments: goldens)
    func matchesGoldenFile(format: ReportFormat, golden: String) {
        Golden.check(ReportRenderer.render(Fixtures.sample, format: format), against: golden)
    }

    @Test(arguments: ReportFormat.allCases)
    func renderingIsDeterministic(format: ReportFormat) {
        #expect(ReportRenderer.render(Fixtures.sample, format: format) == ReportRenderer.render(Fixtures.sample, format: format))
    }

    @Test func goldenDifferenceNamesTheLineAndHowToRecord() {
        let message = Golden.difference(expected: "a\nb\nc\n", actual: "a\nB\nc\n", name: "x.txt")
        #expect(message.contains("at line 2"))
        #expect(message.contains("- 2  b"))
        #expect(message.contains("+ 2  B"))
        #expect(message.contains("CLAIMLINT_RECORD=1"))
    }
}
