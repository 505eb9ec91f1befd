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
        #expect(report.summary.baselined == 9)
        #expect(report.summary.findings[.error, default: 0] == 0)
        #expect(report.summary.claimsRejected == 0)
        #expect(ReportRenderer.render(report, format: .text).contains("; 9 baselined."))
    }

    @Test func reportsOnlyNewFindings() {
        let old = Baseline(entries: [Baseline.Entry(rule: "mue.line-limit", claimID: "PCN-1007", line: 1, code: "A0425")])
        let report = old.apply(to: Fixtures.sample)
        #expect(report.findings.count == 8)
        #expect(!report.findings.contains { $0.claimID == "PCN-1007" })
        #expect(report.summary.baselined == 1)
        #expect(report.summary.claimsRejected == 7)
    }

    /// Entries that match no finding (a claim corrected or gone, or one entry too many) are
    /// counted, with an info note at the first in the file: they were dropped without a word,
    /// and a CI user could not tell that the baseline could be shrunk.
    @Test func entriesMatchingNoFindingAreCountedAndNoted() throws {
        let text = """
            {"version": 1, "findings": [
              {"rule": "mue.line-limit", "claim": "PCN-1007", "line": 1, "code": "A0425"},
              {"rule": "mue.line-limit", "claim": "PCN-1007", "line": 1, "code": "A0425"},
              {"rule": "ptp.pair", "claim": "GONE", "line": 1, "code": "27447"}
            ]}
            """
        let baseline = try Baseline.parse(bytes: Array(text.utf8), file: "ci/baseline.json")
        let sample = Fixtures.sample
        let report = baseline.apply(to: sample)
        #expect(report.summary.baselined == 1)
        #expect(report.summary.baselineUnmatched == 2)
        let note = try #require(report.diagnostics.last)
        #expect(note.id == "baseline.unmatched")
        #expect(note.severity == .info)
        // The first left in the file: the second copy of the A0425 entry (the first copy
        // matched), not the copy that matched nor the first in sorted order.
        #expect(note.location == SourceLocation(file: "ci/baseline.json", line: 3, column: 3))
        #expect(note.message.hasPrefix("2 baseline entries match no finding of this run (the first: mue.line-limit on claim PCN-1007 line 1 (A0425)): the findings they recorded are gone, so the baseline can be shrunk."), "\(note.message)")
        #expect(report.diagnostics.dropLast() == sample.diagnostics[...])
        #expect(report.summary.diagnostics[.info] == (sample.summary.diagnostics[.info] ?? 0) + 1)
        #expect(ReportRenderer.render(report, format: .text).contains("; 1 baselined; 2 baseline entries matched no finding.\n"))
        #expect(ReportRenderer.render(report, format: .json).contains("\"baselineUnmatched\": 2"))
        #expect(ReportRenderer.render(report, format: .github).contains("::notice file=ci/baseline.json,line=3,col=3,title=baseline.unmatched::2 baseline entries"))
        #expect(ReportRenderer.render(report, format: .github).hasSuffix("1 baselined (2 baseline entries matched no finding)\n"))
        #expect(ReportRenderer.gitHubStepSummary(report).contains("\n2 baseline entries matched no finding: the baseline can be shrunk.\n"))
        #expect(!ReportRenderer.gitHubStepSummary(sample).contains("baseline entr"))
        // Every entry matched: nothing said.
        let exact = Baseline(report: sample).apply(to: sample)
        #expect(exact.summary.baselineUnmatched == 0)
        #expect(exact.diagnostics == sample.diagnostics)
        #expect(!ReportRenderer.render(exact, format: .text).contains("matched no finding"))
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
    /// Findings made outside the engine (no claim position): rejected claims and lines count
    /// distinct (file, claim id) and (file, claim id, line) keys with an error, in any order:
    /// repeats next to each other, repeats apart, the same line number in another claim, the
    /// same claim id in another file.
    @Test func rejectedClaimsAndLinesInAnyOrder() {
        func f(_ claim: String, _ line: Int, _ severity: Severity, file: String = "f") -> Finding {
            Finding(rule: "r", severity: severity, claimID: claim, line: line, code: "99213", message: "m", location: SourceLocation(file: file, line: line, column: 1))
        }
        let findings = [
            f("A", 1, .error), f("A", 1, .error), f("B", 1, .error), f("A", 1, .error),
            f("A", 2, .warning), f("C", 3, .info), f("B", 2, .error), f("A", 3, .error), f("A", 3, .error, file: "g"),
        ]
        for order in [findings, findings.reversed(), findings.shuffled()] {
            var summary = Summary()
            summary.count(FindingList(order))
            #expect(summary.claimsRejected == 3, "A and B in f, A in g")
            #expect(summary.linesRejected == 5, "A1, A3, B1, B2 in f, A3 in g")
            #expect(summary.findings == [.error: 7, .warning: 1, .info: 1])
        }
    }

    /// Thousands of keys, line numbers past 32 bits and below zero, and ids that are equal as
    /// `String`s but not byte for byte: the counts are those of sets of the keys themselves.
    @Test func manyKeysCountAsSetsOfThem() {
        var rng = SplitMix64(seed: 11)
        var findings: [Finding] = []
        for _ in 0..<100_000 {
            var claim = "C\(Int.random(in: 0..<8_000, using: &rng))"
            // "é" written precomposed or as e and a combining accent: one id.
            if Int.random(in: 0..<10, using: &rng) == 0 { claim += Bool.random(using: &rng) ? "\u{E9}" : "e\u{301}" }
            let line = Int.random(in: 0..<40, using: &rng) == 0 ? 1 << 32 + Int.random(in: 1...3, using: &rng) : Int.random(in: -2...8, using: &rng)
            let severity = [Severity.error, .error, .warning, .info][Int.random(in: 0..<4, using: &rng)]
            findings.append(Finding(rule: "r", severity: severity, claimID: claim, line: line, code: "99213", message: "m", location: SourceLocation(file: "f", line: 1, column: 1)))
        }
        struct Key: Hashable { var claim: String; var line: Int }
        let errors = findings.filter { $0.severity == .error }
        let claims = Set(errors.map(\.claimID)).count, lines = Set(errors.map { Key(claim: $0.claimID, line: $0.line) }).count
        #expect(claims > 6_000 && lines > 30_000, "\(lines) lines, \(claims) claims")
        let sorted = findings.sorted { ($0.claimID, $0.line) < ($1.claimID, $1.line) }
        for order in [findings, sorted] {
            var summary = Summary()
            summary.count(FindingList(order))
            #expect(summary.claimsRejected == claims)
            #expect(summary.linesRejected == lines)
        }
    }
}
