import ClaimLint
import Foundation
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

    /// Claims of two files that share ids: each finding shows its own claim's member, in every
    /// format (by claim id, the second file's findings showed the first file's members).
    @Test(arguments: [ReportFormat.text, .json, .sarif, .junit, .csv])
    func aFindingShowsItsOwnClaimsMember(format: ReportFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Fixtures.url("Fixtures/claims/sample.csv"), encoding: .utf8)
        let copy = dir.appendingPathComponent("copy.csv")
        try text.replacingOccurrences(of: ",MBR", with: ",OTHER").write(to: copy, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [Fixtures.url("Fixtures/claims/sample.csv").path, copy.path])
        let out = ReportRenderer.render(report, format: format, options: ReportOptions(showPHI: true))
        // Every line or element that names a member names the one of its own file.
        for line in out.split(separator: "\n") where line.contains("MBR") || line.contains("OTHER") {
            if line.contains("copy.csv") { #expect(!line.contains("MBR"), "\(format): \(line)") }
            if line.contains("sample.csv") && !line.contains("copy.csv") { #expect(!line.contains("OTHER"), "\(format): \(line)") }
        }
        #expect(out.contains("OTHER0002") && out.contains("MBR0002"))
    }

    @Test func differingMemberIDsAreNotQuoted() throws {
        let report = Fixtures.report(["Fixtures/claims/sample.csv"])
        #expect(report.diagnostics.allSatisfy { $0.field != "member_id" })
    }
}
