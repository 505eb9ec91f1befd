import ClaimLint
import Foundation
import Testing

/// `claimlint-bench generate` writes one synthetic batch as an 837P, a CSV or a JSON file: the
/// three must be the same claims, so the benchmark's formats measure the same work.
@Suite(.enabled(if: ExternalTool.claimlintBench != nil, "claimlint-bench was not found beside claimlint"))
struct BenchGeneratorTests {
    @Test func theThreeFormatsHoldTheSameBatch() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var findings: [String: [String]] = [:]
        for format in ["837", "csv", "json"] {
            let path = dir.appendingPathComponent("batch.\(format)").path
            let r = try ExternalTool.run(ExternalTool.claimlintBench!, ["generate", format, "1500", path, "7"])
            #expect(r.status == 0, "\(r.stderr)")
            let report = Checker().check(files: [path])
            #expect(report.summary.lines == 1_500 && report.summary.linesUnreadable == 0, "\(format): \(report.diagnostics)")
            findings[format] = report.findings.map { "\($0.rule) \($0.claimID) \($0.line) \($0.code)" }.sorted()
        }
        #expect(findings["csv"]!.count > 100)
        #expect(findings["837"] == findings["csv"])
        #expect(findings["json"] == findings["csv"])
    }
}
