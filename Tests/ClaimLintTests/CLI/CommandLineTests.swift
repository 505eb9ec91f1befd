import Foundation
import Testing

/// Runs the built `claimlint` binary, as a user or a CI job would. A missing binary fails the
/// test (`swift test` builds it).
func runClaimlint(_ arguments: [String], cwd: URL = packageRoot, environment: [String: String] = [:]) throws -> ProcessResult {
    let binary = try #require(ExternalTool.claimlint, "the claimlint binary was not built next to the tests")
    return try ExternalTool.run(binary, arguments, in: cwd, environment: environment)
}

@Suite struct CommandLineTests {
    @Test func checkPrintsFindingsAndExitsOne() throws {
        let r = try runClaimlint(["check", "Fixtures/claims/sample.csv"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Fixtures/claims/sample.csv:5:42: error: claim PCN-1002 line 2: 0856T is an add-on code"))
        #expect(r.stdout.contains("[addon.primary-missing]"))
        #expect(r.stdout.contains("Checked 1 file: 10 claims (10 checked, 0 unreadable, 8 rejected), 18 service lines (18 checked, 0 unreadable, 9 rejected)."))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when not a terminal")
        #expect(!r.stdout.contains("MBR000"), "no member ids in reports")
    }

    @Test func cleanFileExitsZero() throws {
        let r = try runClaimlint(["check", "Fixtures/claims/clean.csv"])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("Findings: 0 errors, 0 warnings, 0 info.\n"))
    }

    @Test func jsonReportIsMachineReadable() throws {
        let r = try runClaimlint(["check", "--format", "json", "Fixtures/claims/sample.csv"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 1 && summary["claims"] as? Int == 10 && summary["lines"] as? Int == 18 && summary["errors"] as? Int == 9)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        #expect(first["rule"] as? String == "addon.primary-missing" && first["claim"] as? String == "PCN-1002" && first["line"] as? Int == 2 && first["code"] as? String == "0856T")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["file"] as? String == "Fixtures/claims/sample.csv" && location["line"] as? Int == 5 && location["column"] as? Int == 42)
    }

    @Test func failOnWarningCountsWarnings() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("w.csv")
        try "claim_id,member_id,billing_npi,code,mod1,units,date\nW1,M1,1234567893,29881,80,1,2024-08-14\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try runClaimlint(["check", file.path]).status == 0)
        #expect(try runClaimlint(["check", "--fail-on", "warning", file.path]).status == 1)
        #expect(try runClaimlint(["check", "--fail-on=info", file.path]).status == 1)
    }

    @Test func unreadableInputExitsTwo() throws {
        #expect(try runClaimlint(["check", "Fixtures/claims/malformed.csv"]).status == 2)
        let missing = try runClaimlint(["check", "Fixtures/claims/no-such-file.csv"])
        #expect(missing.status == 2 && missing.stdout.contains("Fixtures/claims/no-such-file.csv:0:0: error: no such file [input.unreadable]"))
        let badPack = try runClaimlint(["check", "--rules", "Fixtures/packs/broken", "Fixtures/claims/clean.csv"])
        #expect(badPack.status == 2 && badPack.stderr.contains("Fixtures/packs/broken/mue.tsv:4:"))
    }

    @Test(arguments: [["check"], ["check", "--format", "xml", "a.csv"], ["check", "--bogus", "a.csv"], ["frobnicate"], [], ["rules", "explain", "no.such"]])
    func usageErrorsExit64(_ args: [String]) throws {
        let r = try runClaimlint(args)
        #expect(r.status == 64)
        #expect(!r.stderr.isEmpty)
    }

    /// An option of one value given twice is a usage error, not the last one silently; a bad
    /// option of `rules` is told once; a file where a folder belongs is called a file.
    @Test func optionMistakesAreToldPlainly() throws {
        let twice = try runClaimlint(["check", "-o", "/tmp/a.txt", "--output=/tmp/b.txt", "Fixtures/claims/clean.csv"])
        #expect(twice.status == 64 && twice.stderr.hasPrefix("claimlint: --output is given twice; give it once\n"))
        let baseline = try runClaimlint(["check", "--baseline", "a.json", "--baseline", "b.json", "Fixtures/claims/clean.csv"])
        #expect(baseline.status == 64 && baseline.stderr.hasPrefix("claimlint: --baseline is given twice"))
        // A choice given again overrides it.
        let format = try runClaimlint(["check", "--format", "json", "-f", "sarif", "Fixtures/claims/clean.csv"])
        #expect(format.status == 0 && format.stdout.contains("\"$schema\""), "\(format.stderr)")
        let repeatable = try runClaimlint(["check", "--quiet", "-q", "--rules", "Fixtures/packs/payer", "--rules", "Fixtures/packs/payer-rules", "Fixtures/claims/clean.csv"])
        #expect(repeatable.status == 0, "\(repeatable.stderr)")
        let bogus = try runClaimlint(["rules", "list", "--bogus"])
        #expect(bogus.status == 64 && bogus.stderr == "claimlint: unknown option '--bogus' for rules\n")
        let packFile = try runClaimlint(["check", "--rules", "Fixtures/packs/payer/pack.txt", "Fixtures/claims/clean.csv"])
        #expect(packFile.status == 2 && packFile.stderr.contains("pack.txt:0:0: error: is a file, not a folder"), "\(packFile.stderr)")
        let cmsFile = try runClaimlint(["check", "--cms", "Fixtures/cms/good/ccipra-v322r0-f1.txt", "Fixtures/claims/clean.csv"])
        #expect(cmsFile.status == 2 && cmsFile.stderr.contains("ccipra-v322r0-f1.txt:0:0: error: is a file, not a folder"), "\(cmsFile.stderr)")
    }

    /// `--output` or `--write-baseline` naming a file the run reads (by another path or a link
    /// too) is refused before anything is written: `-o claims.csv claims.csv` replaced the claims
    /// with the report.
    @Test func writingOverAFileTheRunReadsIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let claims = dir.appendingPathComponent("claims.csv")
        let original = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/claims/sample.csv"), encoding: .utf8)
        try original.write(to: claims, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: claims.path)
        try "{\"version\": 1, \"findings\": []}".write(to: dir.appendingPathComponent("base.json"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["-o", "claims.csv", "claims.csv"], "--output 'claims.csv' is the claim file; writing it would overwrite what is read"),
            (["--output=./link.csv", "claims.csv"], "--output './link.csv' is the claim file ('claims.csv')"),
            (["--write-baseline", "claims.csv", "-", "claims.csv"], "--write-baseline 'claims.csv' is the claim file;"),
            (["-o", "base.json", "--baseline", "base.json", "claims.csv"], "--output 'base.json' is the --baseline file;"),
            (["-o", "new.txt", "--write-baseline", "new.txt", "claims.csv"], "--output and --write-baseline name one file 'new.txt'"),
            // Files not there yet, named two ways, or one through a link to nothing.
            (["-o", "new.txt", "--write-baseline", "./new.txt", "claims.csv"], "--output and --write-baseline name one file 'new.txt'"),
            (["-o", "dangling.json", "--write-baseline", "new.txt", "claims.csv"], "--output and --write-baseline name one file 'dangling.json'"),
            (["--rules", "pack", "-o", "pack/../pack/mue.tsv", "claims.csv"], "--output 'pack/../pack/mue.tsv' is in the --rules folder 'pack', which the run reads"),
        ]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pack"), withIntermediateDirectories: false)
        try "code\tvalue\tmai\n89353\t1\t3\n".write(to: dir.appendingPathComponent("pack/mue.tsv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("dangling.json").path, withDestinationPath: "new.txt")
        for (args, message) in cases {
            let r = try runClaimlint(["check"] + args, cwd: dir)
            #expect(r.status == 64 && r.stderr.hasPrefix("claimlint: \(message)"), "\(args): \(r.stderr)")
        }
        // A folder that is not there is told before anything is checked.
        let missing = try runClaimlint(["check", "--write-baseline", "nodir/b.json", "claims.csv"], cwd: dir)
        #expect(missing.status == 2 && missing.stderr == "claimlint: cannot write --write-baseline 'nodir/b.json': the folder 'nodir' does not exist; create it first. Nothing was checked\n" && missing.stdout.isEmpty)
        // Standard input opened on the claim file by the shell.
        let binary = try #require(ExternalTool.claimlint)
        let stdin = try ExternalTool.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "'\(binary.path)' check - -o claims.csv < claims.csv"], in: dir)
        #expect(stdin.status == 64 && stdin.stderr.hasPrefix("claimlint: --output 'claims.csv' is the claim file read from standard input ('-')"), "\(stdin.stderr)")
        #expect(try String(contentsOf: claims, encoding: .utf8) == original)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.txt").path))
        // Updating a baseline in place is allowed.
        let update = try runClaimlint(["check", "--baseline", "base.json", "--write-baseline", "base.json", "claims.csv"], cwd: dir)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("base.json"), encoding: .utf8).contains("addon.primary-missing"))
    }

    /// Two files whose claims have the same ids: every claim read is counted among the
    /// rejected ones it belongs to (counted by id, two copies of a file with 8 rejected claims
    /// had 10 of 20).
    @Test func claimsOfTwoFilesWithOneIDAreCountedApart() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("copy.csv")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Fixtures/claims/sample.csv"), to: copy)
        let one = try runClaimlint(["check", "Fixtures/claims/sample.csv"])
        #expect(one.stdout.contains("10 claims (10 checked, 0 unreadable, 8 rejected)"), "\(one.stdout)")
        let two = try runClaimlint(["check", "Fixtures/claims/sample.csv", copy.path])
        // The copy's claims add to the first file's MUE totals: two more are over.
        #expect(two.stdout.contains("20 claims (20 checked, 0 unreadable, 18 rejected)"), "\(two.stdout)")
    }

    @Test func aUserPackOverridesTheBundledOne() throws {
        let r = try runClaimlint(["check", "--rules", "Fixtures/packs/payer", "--format", "json", "Fixtures/claims/sample.csv"])
        // The payer pack raises 89353's MUE to 2 and turns units.duplicate-line off.
        #expect(!r.stdout.contains("mue.date-limit-appealable") && !r.stdout.contains("units.duplicate-line"))
        #expect(r.stdout.contains("addon.primary-missing"))
    }

    @Test func worksFromAnyDirectory() throws {
        let r = try runClaimlint(["check", packageRoot.appendingPathComponent("Fixtures/claims/sample.csv").path], cwd: FileManager.default.temporaryDirectory)
        #expect(r.status == 1 && r.stdout.contains("[addon.primary-missing]"))
    }

    @Test func rulesListAndExplain() throws {
        let list = try runClaimlint(["rules", "list"])
        #expect(list.status == 0 && list.stdout.contains("ptp.pair-no-bypass\terror\t"))
        let explain = try runClaimlint(["rules", "explain", "addon.cpt-primary-missing"])
        #expect(explain.status == 0 && explain.stdout.contains("37253") && explain.stdout.contains("Source: CPT reporting instruction"))
    }

    @Test func rulesTestRunsEveryExample() throws {
        let bundled = try runClaimlint(["rules", "test"])
        #expect(bundled.status == 0 && bundled.stdout.hasSuffix(" passed, 0 failed\n"))
        // The bundled pack's own examples show what its rules add: no NOTE (there were five).
        let rules = try runClaimlint(["rules", "test", "Rules"])
        #expect(rules.status == 0 && !rules.stdout.contains("NOTE") && rules.stdout.hasSuffix(" passed, 0 failed\n"), "\(rules.stdout)")
        let payer = try runClaimlint(["rules", "test", "Fixtures/packs/payer-rules"])
        #expect(payer.status == 0 && payer.stdout == "34 passed, 0 failed\n")
        let broken = try runClaimlint(["rules", "test", "Fixtures/packs/payer-rules-broken"])
        #expect(broken.status == 2 && broken.stderr.contains("example-health.rules:11:16: error: the range 97546-97110 is empty"))
        // A pack with nothing to test says so (it printed "0 passed, 0 failed" and no more).
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "code\tvalue\tmai\n89353\t1\t3\n".write(to: dir.appendingPathComponent("mue.tsv"), atomically: true, encoding: .utf8)
        let tablesOnly = try runClaimlint(["rules", "test", dir.path])
        #expect(tablesOnly.status == 0 && tablesOnly.stderr.contains("nothing to test: the packs in \(dir.path) have no rules with examples"))
        #expect(!payer.stderr.contains("nothing to test"))
    }

    @Test func rulesTestExitsOneWhenAnExampleFails() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "rule payer.wrong\n  message: m\n  when code is 97110\n  example passes: 97110-GP x1\nend\n".write(to: dir.appendingPathComponent("x.rules"), atomically: true, encoding: .utf8)
        let r = try runClaimlint(["rules", "test", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("FAIL payer.wrong (\(dir.path)/x.rules:4): 97110-GP x1\n  expected: no finding\n  actual:   fires on 1/1\n"))
        #expect(r.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    /// A pack that would test nothing, or switch off a rule no pack has, does not pass.
    @Test func rulesTestOfAnEmptyFolderOrAMistypedSwitchFails() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = try runClaimlint(["rules", "test", dir.path])
        #expect(empty.status == 2 && empty.stderr.contains("no rule pack files in the folder"), "\(empty.stderr)")
        try "disable: payer.therapy-inpatinet\n".write(to: dir.appendingPathComponent("pack.txt"), atomically: true, encoding: .utf8)
        let typo = try runClaimlint(["check", "--rules", "Fixtures/packs/payer-rules", "--rules", dir.path, "Fixtures/claims/clean.csv"])
        #expect(typo.status == 2 && typo.stderr.contains("pack.txt:1:10: error: unknown rule id 'payer.therapy-inpatinet': no pack loaded has it"), "\(typo.stderr)")
        try "disable: payer.therapy-inpatient\n".write(to: dir.appendingPathComponent("pack.txt"), atomically: true, encoding: .utf8)
        let fixed = try runClaimlint(["check", "--rules", "Fixtures/packs/payer-rules", "--rules", dir.path, "Fixtures/claims/clean.csv"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    /// A pack.txt that both disables a rule and sets its severity is an error for `rules list`,
    /// `rules explain` and `check` alike (the severity won, so `rules list` showed the rule on
    /// and it fired).
    @Test func aRuleSwitchedTwiceInOnePackTxtIsAnErrorForEveryCommand() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "severity: ptp.pair warning\ndisable: ptp.pair\n".write(to: dir.appendingPathComponent("pack.txt"), atomically: true, encoding: .utf8)
        let message = "pack.txt:2:10: error: 'ptp.pair' is switched twice: given severity warning on line 1 and disabled here"
        for args in [["rules", "list"], ["rules", "explain", "ptp.pair"], ["check", "Fixtures/claims/clean.csv"]] {
            let r = try runClaimlint(args + ["--rules", dir.path])
            #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    /// `rules list` and `rules explain` agree on a pack's switches (a rule's severity, or
    /// `off`); explain's examples are checked with the packs' tables.
    @Test func rulesListAndExplainAgreeOnAPacksSwitches() throws {
        let list = try runClaimlint(["rules", "list", "--rules", "Fixtures/packs/payer"])
        #expect(list.stdout.contains("units.duplicate-line\toff\t") && list.stdout.contains("modifier.unknown\terror\t"))
        let off = try runClaimlint(["rules", "explain", "units.duplicate-line", "--rules", "Fixtures/packs/payer"])
        #expect(off.status == 0 && off.stdout.hasPrefix("units.duplicate-line (off: a pack loaded disables it; error when on): "), "\(off.stdout)")
        let raised = try runClaimlint(["rules", "explain", "modifier.unknown", "--rules", "Fixtures/packs/payer"])
        #expect(raised.stdout.hasPrefix("modifier.unknown (error, set by a pack loaded; warning by default): "))
        let mue = try runClaimlint(["rules", "explain", "mue.date-limit-appealable", "--rules", "Fixtures/packs/payer"])
        #expect(mue.stdout.contains("\n  89353 x2  -> passes with the packs loaded; the example says: fires on line 1 (89353 MUE 1, MAI 3)\n"), "\(mue.stdout)")
    }

    @Test func packRulesAreListedExplainedAndChecked() throws {
        let list = try runClaimlint(["rules", "list", "--rules", "Fixtures/packs/payer-rules"])
        #expect(list.stdout.contains("payer.therapy-inpatient\terror\tpayer\tTherapy is not payable in an inpatient setting\tExample Health policy PT-12; Fixtures/packs/payer-rules/example-health.rules:4\n"))
        let explain = try runClaimlint(["rules", "explain", "payer.therapy-inpatient", "--rules", "Fixtures/packs/payer-rules"])
        #expect(explain.status == 0 && explain.stdout.contains("Examples") && explain.stdout.contains("pos=21 : 97110-GP x2"))
    }

    @Test func cmsFolderReplacesTheBundledExcerpt() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let claims = dir.appendingPathComponent("c.csv")
        try "claim_id,member_id,billing_npi,code,units,date\nK1,M1,1234567893,45380,1,2026-08-14\nK1,M1,1234567893,45378,1,2026-08-14\n".write(to: claims, atomically: true, encoding: .utf8)
        let r = try runClaimlint(["check", "--cms", "Fixtures/cms/good", "--format", "json", claims.path])
        #expect(r.stderr.contains("PPRRVU2026_JUL_nonQPP.csv"), "says what it loaded: \(r.stderr)")
        #expect(r.status == 1, "\(r.stderr)")
        // The 2026 PTP fixture row, not the bundled 2024 excerpt, decides the pair.
        #expect(r.stdout.contains("\"rule\": \"ptp.pair-no-bypass\"") && r.stdout.contains("in force 2026-01-01..open"))
        let malformed = try runClaimlint(["check", "--cms", "Fixtures/cms/malformed", claims.path])
        #expect(malformed.status == 2 && malformed.stderr.contains("Fixtures/cms/malformed/"))
        #expect(malformed.stderr.hasSuffix("claimlint: no claim checked: the CMS tables in 'Fixtures/cms/malformed' have 8 errors (above), and a check against them could pass claims they deny; correct the files or move them out of the folder\n"), "\(malformed.stderr)")
        // A folder without a PTP table: the period's note is in the report, a JSON one's
        // diagnostics and a text one's (once, not on stderr too), and the pair is not found.
        let noPTP = dir.appendingPathComponent("no-ptp")
        try FileManager.default.createDirectory(at: noPTP, withIntermediateDirectories: true)
        for name in ["AOC_2026-07-01_active.csv", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "PPRRVU2026_JUL_nonQPP.csv"] {
            try FileManager.default.copyItem(atPath: "\(packageRoot.path)/Fixtures/cms/good/\(name)", toPath: noPTP.appendingPathComponent(name).path)
        }
        let note = "the tables for 2026-07-01..2026-09-30 have no PTP file: lines of that period are not checked against it [cms.missing-table]"
        let json = try runClaimlint(["check", "--cms", noPTP.path, "--format", "json", claims.path])
        #expect(json.status == 0 && json.stdout.contains("\"id\": \"cms.missing-table\"") && json.stdout.contains("\"infos\": 1") && json.stderr.contains(note))
        let text = try runClaimlint(["check", "--cms", noPTP.path, claims.path])
        #expect(text.status == 0 && text.stdout.contains(note) && !text.stderr.contains(note), "\(text.stdout)\n\(text.stderr)")
        // Its only PTP file compressed: an error, nothing checked.
        try Data([0x1F, 0x8B, 0x08]).write(to: noPTP.appendingPathComponent("ccipra-v322r0-f1.txt.gz"))
        let gz = try runClaimlint(["check", "--cms", noPTP.path, "--format", "json", claims.path])
        #expect(gz.status == 2 && gz.stdout.isEmpty && gz.stderr.contains("no PTP table was read, and 1 file named like one was skipped (ccipra-v322r0-f1.txt.gz)"))
        let missing = try runClaimlint(["check", "--cms", "Fixtures/cms/no-such-folder", claims.path])
        #expect(missing.status == 2)
        // A folder with no table (here, one document): not a check against the bundled excerpt.
        let none = dir.appendingPathComponent("cms")
        try FileManager.default.createDirectory(at: none, withIntermediateDirectories: true)
        try "MUE Adjudication Indicator".write(to: none.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let empty = try runClaimlint(["check", "--cms", none.path, claims.path])
        #expect(empty.status == 2 && empty.stdout.isEmpty)
        #expect(empty.stderr.contains("error: no CMS table read from the folder: its one file is not a PPRRVU"), "\(empty.stderr)")
    }

    @Test(arguments: ["text", "sarif"])
    func aDashReadsStandardInput(format: String) throws {
        let binary = try #require(ExternalTool.claimlint)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["check", "--format", format, "-"]
        process.currentDirectoryURL = packageRoot
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("claim_id,member_id,billing_npi,code,units,date\nS1,M1,1234567893,89353,2,2024-08-14\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        if format == "text" {
            #expect(text.hasPrefix("<stdin>:2:"), "\(text)")
        } else {
            // One artifact, as the results name it (it listed `-` as well).
            let sarif = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
            let artifacts = try #require(run["artifacts"] as? [[String: Any]])
            #expect(artifacts.count == 1, "\(artifacts)")
        }
    }
}

