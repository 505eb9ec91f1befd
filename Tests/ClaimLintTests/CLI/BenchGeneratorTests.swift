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

/// `claimlint-bench cores` times the end-to-end check with every thread of the process held to
/// one core: the "throughput of one core" the speed-up is measured against.
@Suite(.enabled(if: ExternalTool.claimlintBench != nil, "claimlint-bench was not found beside claimlint"))
struct BenchCoresTests {
    @Test func theOneCoreRunUsesNoMoreCPUThanOneCoreGives() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("batch.837").path
        let generated = try ExternalTool.run(ExternalTool.claimlintBench!, ["generate", "837", "30000", path, "3"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let r = try ExternalTool.run(ExternalTool.claimlintBench!, ["cores", path, "--cms", dir.appendingPathComponent("no-tables").path, "--work", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout + r.stderr
        // "  end to end (read, check, name), 1 core: 0.123 s, 32,520 lines/s, CPU 0.120 s"
        let line = try #require(out.split(separator: "\n").first { $0.contains("end to end (read, check, name), 1 core:") }, "\(out)")
        let figures = String(line).components(separatedBy: "1 core:").last!.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ",s"))) }
        let wall = try #require(figures.first), cpu = try #require(figures.last)
        // Held to one core, the process cannot use more CPU time than the time that passed. Not
        // held, the checker's reading thread and the thread that checks its parts run at once
        // on a file this size (CPU about 1.25 times the time, debug build, 2 cores).
        #expect(cpu <= wall * 1.1 + 0.005, "\(line)")
        #expect(out.contains("speed-up"), "\(out)")
    }
}
