@testable import ClaimLint
import Testing

@Suite struct BaselineTests {
    @Test func roundTripsAndIsSorted() throws {
        let baseline = Baseline(report: Fixtures.report(["Fixtures/claims/reordered.csv"]))
        let text = baseline.render()
        let parsed = try Baseline.parse(bytes: Array(text.utf8), file: "baseline.json")
        #expect(parsed == baseline)
        #expect(parsed.entries.first == Baseline.Entry(rule: "addon.primary-missing", claimID: "PCN-1002", line: 2, code: "0856T"))
        #expect(!text.contains("sample.csv") && !text.contains("\"column\""))
    }

    @Test func reorderingTheFileKeepsEveryFindingBaselined() {
        let baseline = Baseline(report: Fixtures.sample)
        let report = baseline.apply(to: Fixtures.report(["Fixtures/claims/reordered.csv"]))
        #expect(report.findings.isEmpty)
        #expect(report.summary.baselined == 8)
        #expect(report.summary.findings[.error, default: 0] == 0)
        #expect(report.summary.claimsRejected == 0)
        #expect(ReportRenderer.render(report, format: .text).contains("; 8 baselined."))
    }

    @Test func reportsOnlyNewFindings() {
        let old = Baseline(entries: [Baseline.Entry(rule: "mue.line-limit", claimID: "PCN-1007", line: 1, code: "A0425")])
        let report = old.apply(to: Fixtures.sample)
        #expect(report.findings.count == 7)
        #expect(!report.findings.contains { $0.claimID == "PCN-1007" })
        #expect(report.summary.baselined == 1)
        #expect(report.summary.claimsRejected == 7)
    }

    @Test func anEntryMatchesOneFindingOnly() {
        let f = Fixtures.sample.findings[0]
        var report = Fixtures.sample
        report.findings = [f, f]
        let out = Baseline(entries: [Baseline.Entry(f)]).apply(to: report)
        #expect(out.findings == [f])
        #expect(out.summary.baselined == 1)
    }

    @Test(arguments: [
        "not json",
        "[]",
        "{\"version\": 2, \"findings\": []}",
        "{\"version\": 1}",
        "{\"version\": 1, \"findings\": [{\"rule\": \"x\", \"claim\": \"c\", \"code\": \"99213\"}]}",
        "{\"version\": 1, \"findings\": [{\"rule\": \"x\", \"claim\": \"\", \"line\": 1, \"code\": \"99213\"}]}",
    ])
    func rejectsMalformedFiles(text: String) {
        #expect(throws: InputError.self) { try Baseline.parse(bytes: Array(text.utf8), file: "baseline.json") }
    }
}

@Suite struct SummaryCountTests {
    /// Rejected claims and lines count distinct (claim id, line) pairs with an error, in any
    /// order: repeats next to each other, repeats apart, the same line number in another claim.
    @Test func rejectedClaimsAndLinesInAnyOrder() {
        func f(_ claim: String, _ line: Int, _ severity: Severity) -> Finding {
            Finding(rule: "r", severity: severity, claimID: claim, line: line, code: "99213", message: "m", location: SourceLocation(file: "f", line: line, column: 1))
        }
        let findings = [
            f("A", 1, .error), f("A", 1, .error), f("B", 1, .error), f("A", 1, .error),
            f("A", 2, .warning), f("C", 3, .info), f("B", 2, .error), f("A", 3, .error),
        ]
        for order in [findings, findings.reversed(), findings.shuffled()] {
            var summary = Summary()
            summary.count(FindingList(order))
            #expect(summary.claimsRejected == 2, "A and B")
            #expect(summary.linesRejected == 4, "A1, A3, B1, B2")
            #expect(summary.findings == [.error: 6, .warning: 1, .info: 1])
        }
    }
}
