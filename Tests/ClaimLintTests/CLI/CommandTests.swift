import ClaimLint
import Foundation
import Testing

/// End to end: the built `claimlint`, run from the package root with relative paths, checked
/// for stdout, stderr and exit code (0 clean, 1 findings, 2 unreadable, 64 usage).
@Suite(.enabled(if: ExternalTool.claimlint != nil, "the claimlint binary was not found next to the test bundle or in .build/debug (set CLAIMLINT_BINARY)"))
struct CommandTests {
    static func claimlint(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ExternalTool.run(ExternalTool.claimlint!, arguments, in: Fixtures.root, environment: environment)
    }

    static let sample = "Fixtures/claims/sample.csv"

    @Test(arguments: GoldenReportTests.goldens)
    func everyFormatPrintsItsGoldenAndExitsOne(format: ReportFormat, golden: String) throws {
        let r = try Self.claimlint(["check", "--format", format.rawValue, Self.sample])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr == "")
        Golden.check(r.stdout, against: golden)
    }

    @Test(arguments: ReportFormat.allCases)
    func cleanFileExitsZero(format: ReportFormat) throws {
        let r = try Self.claimlint(["check", "--format", format.rawValue, "Fixtures/claims/clean.csv"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test(arguments: ReportFormat.allCases)
    func unreadableInputExitsTwo(format: ReportFormat) throws {
        let r = try Self.claimlint(["check", "--format", format.rawValue, Self.sample, "Fixtures/claims/missing.csv"])
        #expect(r.status == 2)
        #expect((r.stdout + r.stderr).contains("missing.csv"))
    }

    @Test(arguments: [
        ["check", "--format", "xml", "Fixtures/claims/sample.csv"],
        ["check", "--fail-on", "fatal", "Fixtures/claims/sample.csv"],
        ["check", "--baseline"],
        ["check", "--format", "sarif"],
        ["check", "--frobnicate", "Fixtures/claims/sample.csv"],
    ])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        let r = try Self.claimlint(arguments)
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("usage: claimlint check"))
    }

    @Test(arguments: ReportFormat.allCases)
    func outputWritesTheFileAndNothingToStdout(format: ReportFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.out")
        try Data("an older, longer report that must be replaced whole\n".utf8).write(to: out)
        let r = try Self.claimlint(["check", "--format", format.rawValue, "--output", out.path, Self.sample])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        let golden = GoldenReportTests.goldens.first { $0.0 == format }!.1
        Golden.check(try String(contentsOf: out, encoding: .utf8), against: golden)
        // Written beside it and renamed over it: no temporary file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.out"])
    }

    /// A folder that is not there, or is a file, is told before the check; a write that fails
    /// later (a folder that takes no new file) after it, with the system's reason. Both exit 2.
    @Test func outputToAnUnwritablePathExitsTwo() throws {
        let r = try Self.claimlint(["check", "--output", "/nonexistent-dir/report.txt", Self.sample])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr == "claimlint: cannot write --output '/nonexistent-dir/report.txt': the folder '/nonexistent-dir' does not exist; create it first. Nothing was checked\n")
        let underFile = try Self.claimlint(["check", "--output", Self.sample + "/report.txt", Self.sample])
        #expect(underFile.status == 2 && underFile.stderr.contains("'\(Self.sample)' is not a folder. Nothing was checked"))
        // Linux's /proc is a folder that takes no new file.
        guard FileManager.default.fileExists(atPath: "/proc/self") else { return }
        let late = try Self.claimlint(["check", "--output", "/proc/claimlint-report.txt", Self.sample])
        #expect(late.status == 2 && late.stderr.hasPrefix("claimlint: cannot write /proc/claimlint-report.txt: "), "\(late.stderr)")
    }

    /// The temporary file's name does not grow with the target's: a name of 250 bytes works.
    @Test func outputWithALongFileName() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent(String(repeating: "r", count: 245) + ".json")
        let r = try Self.claimlint(["check", "--format", "json", "--output", out.path, Self.sample])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    /// A link to a file is followed (the link stays, the file keeps its permissions); a named
    /// pipe or device is written in place.
    @Test func outputFollowsALinkAndWritesADeviceInPlace() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.txt"), link = dir.appendingPathComponent("link.txt")
        try Data("old\n".utf8).write(to: real)
        #expect(chmod(real.path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try Self.claimlint(["check", "--format", "csv", "--output", link.path, Self.sample])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("severity,rule,"))
        #expect((try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.txt", "real.txt"])
        // A link to a file not there yet (relative, through a second link) creates that file.
        let dangling = dir.appendingPathComponent("dangling.txt"), hop = dir.appendingPathComponent("hop.txt")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "hop.txt")
        try FileManager.default.createSymbolicLink(atPath: hop.path, withDestinationPath: "new.txt")
        let created = try Self.claimlint(["check", "--format", "csv", "--output", dangling.path, Self.sample])
        #expect(created.status == 1, "\(created.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling.path) == "hop.txt")
        #expect(try String(contentsOf: dir.appendingPathComponent("new.txt"), encoding: .utf8).hasPrefix("severity,rule,"))
        // A loop of links is refused with the system's reason.
        let loop = dir.appendingPathComponent("loop.txt")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop.txt")
        let looped = try Self.claimlint(["check", "--format", "csv", "--output", loop.path, Self.sample])
        #expect(looped.status == 2 && looped.stderr.contains("cannot write \(loop.path): Too many levels of symbolic links"), "\(looped.stderr)")
        // A named pipe stands in for /dev/stdout. Opened here for reading first (so the report,
        // smaller than the pipe's buffer, is written without waiting), read once claimlint has
        // exited, and still a pipe afterwards.
        let fifo = dir.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let fd = open(fifo.path, O_RDONLY | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        let piped = try Self.claimlint(["check", "--format", "csv", "--output", fifo.path, Self.sample])
        #expect(piped.status == 1, "\(piped.stderr)")
        var received: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = read(fd, &buffer, buffer.count), n > 0 { received += buffer[..<n] }
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("severity,rule,"))
        var info = stat()
        #expect(stat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func quietPrintsNothingButKeepsTheStatus() throws {
        let r = try Self.claimlint(["check", "--quiet", Self.sample])
        #expect(r.status == 1)
        #expect(r.stdout == "")
    }

    @Test func failOnWarning() throws {
        let base = ["check", "--rules", "Fixtures/rules/warnings", "--format", "json", Self.sample]
        let byDefault = try Self.claimlint(base)
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(byDefault.stdout.contains("\"warnings\": 9"))
        #expect(try Self.claimlint(base + ["--fail-on", "warning"]).status == 1)
        #expect(try Self.claimlint(base + ["--fail-on", "info"]).status == 1)
        #expect(try Self.claimlint(["check", "--fail-on", "warning", "Fixtures/claims/clean.csv"]).status == 0)
    }

    @Test func baselineRoundTripSurvivesReordering() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("baseline.json").path
        let write = try Self.claimlint(["check", "--write-baseline", baseline, "--quiet", Self.sample])
        #expect(write.status == 0, "\(write.stderr)")
        let recorded = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(recorded.components(separatedBy: "\"rule\"").count - 1 == 9)

        for file in [Self.sample, "Fixtures/claims/reordered.csv"] {
            let r = try Self.claimlint(["check", "--baseline", baseline, file])
            #expect(r.status == 0, "\(file): \(r.stdout)")
            #expect(r.stdout.contains("Findings: 0 errors, 0 warnings, 0 info; 9 baselined."))
            let json = try Self.claimlint(["check", "--baseline", baseline, "--format", "json", file])
            #expect(json.stdout.contains("\"baselined\": 9"))
        }
    }

    @Test func baselineReportsNewFindingsOnly() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("baseline.json")
        try Data(Baseline(entries: [Baseline.Entry(rule: "mue.line-limit", claimID: "PCN-1007", line: 1, code: "A0425")]).render().utf8).write(to: baseline)
        let r = try Self.claimlint(["check", "--baseline", baseline.path, "--format", "csv", Self.sample])
        #expect(r.status == 1)
        #expect(r.stdout.split(separator: "\n").count == 1 + 8)
        #expect(!r.stdout.contains("PCN-1007"))
    }

    /// An entry that matches no finding is told (an info note, and the count in the summary),
    /// and the exit status stays that of the findings.
    @Test func staleBaselineEntryIsToldAndExitStatusIsUnchanged() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("baseline.json")
        var entries = Baseline(report: Fixtures.sample).entries
        entries.append(Baseline.Entry(rule: "ptp.pair", claimID: "GONE", line: 1, code: "27447"))
        try Data(Baseline(entries: entries).render().utf8).write(to: baseline)
        let r = try Self.claimlint(["check", "--baseline", baseline.path, Self.sample])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\(baseline.path):4:5: info: 1 baseline entry matches no finding of this run (ptp.pair on claim GONE line 1 (27447))"), "\(r.stdout)")
        #expect(r.stdout.contains("Findings: 0 errors, 0 warnings, 0 info; 9 baselined; 1 baseline entry matched no finding."))
        entries.removeAll { $0.rule == "mue.line-limit" }
        try Data(Baseline(entries: entries).render().utf8).write(to: baseline)
        #expect(try Self.claimlint(["check", "--baseline", baseline.path, Self.sample]).status == 1)
    }

    @Test(arguments: ["{\"version\": 1, \"findings\": [{}]}", "not json"])
    func unreadableBaselineExitsTwo(text: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("baseline.json")
        try Data(text.utf8).write(to: baseline)
        let r = try Self.claimlint(["check", "--baseline", baseline.path, Self.sample])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("baseline.json:1:"))
        #expect(try Self.claimlint(["check", "--baseline", dir.appendingPathComponent("none.json").path, Self.sample]).status == 2)
    }

    @Test func denialCodeDescriptionsFromTheUsersFile() throws {
        let r = try Self.claimlint(["check", "--denial-codes", "Fixtures/denial-codes/example.csv", Self.sample])
        #expect(r.status == 1)
        #expect(r.stdout.contains("mue.line-limit: N362 (Example text: put the licensed X12 description of RARC N362 here)"))
        #expect(try Self.claimlint(["check", "--denial-codes", "Fixtures/denial-codes/none.csv", Self.sample]).status == 2)
    }

    @Test(arguments: ReportFormat.allCases)
    func noMemberIDWithoutShowPHI(format: ReportFormat) throws {
        let r = try Self.claimlint(["check", "--format", format.rawValue, Self.sample, "Fixtures/claims/suppressed.csv"])
        #expect(!r.stdout.contains("MBR"))
        #expect(!r.stderr.contains("MBR"))
        let shown = try Self.claimlint(["check", "--format", format.rawValue, "--show-phi", Self.sample])
        #expect(shown.stdout.contains("MBR0002") == (format != .github))
    }

    @Test func suppressionsEndToEnd() throws {
        let r = try Self.claimlint(["check", "Fixtures/claims/suppressed.csv"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Findings: 1 error, 0 warnings, 0 info; 2 suppressed. Input problems: 0 errors, 1 warning."))
        let sarif = try Self.claimlint(["check", "--format", "sarif", "Fixtures/claims/suppressed.csv"])
        #expect(sarif.stdout.contains("\"justification\": \"two isolates on separate lines per the payer contract\""))
    }

    @Test func githubFormatAppendsTheStepSummary() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = dir.appendingPathComponent("summary.md")
        try Data("earlier step\n".utf8).write(to: summary)
        let r = try Self.claimlint(["check", "--format", "github", Self.sample], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(r.status == 1)
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("earlier step\n### claimlint\n"))
        #expect(text.contains("| 1 | 10 | 8 | 0 | 9 | 9 | 0 | 0 | 0 | 0 | 0 |"))
        // Other formats leave it alone.
        _ = try Self.claimlint(["check", "--format", "sarif", Self.sample], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(try String(contentsOf: summary, encoding: .utf8) == text)
    }

    /// `claimlint check a.csv b.csv` pairs one patient's claims across the two files: 20610 on
    /// B1 is the column 2 code of 27447 on A1, same member, provider and date.
    @Test func claimsOfOnePatientInTwoFilesPair() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "claim_id,member_id,billing_npi,rendering_npi,place_of_service,line,code,modifiers,units,date\n"
        try (header + "A1,M1,1234567893,1234567893,11,1,27447,,1,2024-08-14\n").write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try (header + "B1,M1,1234567893,1234567893,11,1,20610,,1,2024-08-14\n").write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let r = try ExternalTool.run(ExternalTool.claimlint!, ["check", "a.csv", "b.csv"], in: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("b.csv:2:34: error: claim B1 line 1: 20610 is the column 2 code of NCCI pair 27447/20610"))
        #expect(r.stdout.contains("with 27447 on claim A1 line 1, same patient, provider and date 2024-08-14"))
        #expect(r.stdout.contains("[ptp.pair]"))
        #expect(r.stdout.contains("Findings: 1 error, 0 warnings, 0 info."))
    }

    @Test func absolutePathsInsideTheWorkingDirectoryAreShownRelative() throws {
        let r = try Self.claimlint(["check", "--format", "sarif", Fixtures.url(Self.sample).path])
        #expect(r.stdout.contains("\"uri\": \"Fixtures/claims/sample.csv\""))
        #expect(!r.stdout.contains(Fixtures.root.path))
    }
}
