import ClaimLint
import Testing

/// Member ids are protected health information: no format prints them unless asked.
@Suite struct PHITests {
    static let memberIDs = ["MBR0001", "MBR0002", "MBR0005", "MBR0010"]

    @Test(arguments: ReportFormat.allCases)
    func noMemberIDByDefault(format: ReportFormat) {
        for report in [Fixtures.sample, Fixtures.report(["Fixtures/claims/suppressed.csv"])] {
            let out = ReportRenderer.render(report, format: format) + ReportRenderer.gitHubStepSummary(report)
            #expect(!out.contains("MBR"), "\(format) prints a member id")
        }
    }

    @Test(arguments: [ReportFormat.text, .json, .sarif, .junit, .csv])
    func showPHIAddsTheMemberID(format: ReportFormat) {
        let out = ReportRenderer.render(Fixtures.sample, format: format, options: ReportOptions(showPHI: true))
        #expect(out.contains("MBR0002"))
    }

    @Test func differingMemberIDsAreNotQuoted() throws {
        let report = Fixtures.report(["Fixtures/claims/sample.csv"])
        #expect(report.diagnostics.allSatisfy { $0.field != "member_id" })
    }
}
