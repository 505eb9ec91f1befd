import ClaimLint
import Foundation

// The claimlint command: arguments, files and exit codes. Everything about claims is in the
// ClaimLint library.

enum Exit {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let unreadable: Int32 = 2
    static let usage: Int32 = 64
}

let usage = """
    usage: claimlint check [--cms DIR]... [--rules DIR]... [--format text|json|sarif|junit|github|csv]
                           [--fail-on error|warning|info] [--color auto|always|never]
                           [--output FILE] [--quiet] [--baseline FILE] [--write-baseline FILE]
                           [--denial-codes FILE] [--show-phi] FILE...
           claimlint rules list [--rules DIR]...
           claimlint rules explain RULE-ID [--rules DIR]...
           claimlint rules test [DIR]...
           claimlint --version | --help

    check   Reads claim files (X12 837P/837I, CSV, TSV, JSON; detected from content; - is
            standard input) and reports what a payer would deny and why, with the bundled
            rule pack and any --rules packs (later packs add to or override earlier ones). --cms DIR loads the official CMS files in DIR
            (fee schedule PPRRVU, MUE, add-on edits, NCCI PTP; recognised by content) in place
            of the bundled pack's CMS excerpt, and says what it loaded on stderr; several --cms
            folders load as one folder holding all their files.
            --baseline FILE reports only findings FILE does not record (--write-baseline FILE
            records today's; that run exits 0 unless input is unreadable). --denial-codes FILE
            adds descriptions (a code,description CSV) to the denial codes of the rules.
            Member ids never appear in a report unless --show-phi. With --format github and
            $GITHUB_STEP_SUMMARY set, totals are appended to the job summary.
    Exit status: 0 no finding at or above --fail-on (default error), 1 there is one,
            2 an input, rule pack, CMS folder, baseline or denial-code file could not be read,
            64 usage error.
    rules   list: every rule with its severity (off when a pack disables it), family and
            source; explain: one rule's severity, rationale, source and examples, as the packs
            loaded have them; test: runs the examples of every rule (the bundled
            pack's, or the packs in DIR) and prints "N passed, N failed" (exit 0 all pass,
            1 an example fails, 2 a pack does not load).
    """

func writeStderr(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
}

/// A diagnostic as stderr shows it: `FILE:LINE:COLUMN: error: MESSAGE [ID]`.
func stderrLine(_ d: Diagnostic) -> String {
    "\(d.location.map { "\($0): " } ?? "claimlint: ")\(d.severity.rawValue): \(d.message) [\(d.id)]\n"
}

func loadPacks(_ dirs: [String]) -> [RulePack]? {
    var packs = [RulePack.bundled]
    do {
        for d in dirs { packs.append(try RulePack.load(directory: d)) }
        try RulePack.checkSwitches(packs)
    } catch {
        writeStderr("\(error)\n")
        return nil
    }
    return packs
}

func runCheck(_ args: [String]) -> Int32 {
    // Large blocks go back to the system when freed: a large batch's peak stays lower.
    Checker.mapLargeAllocations()
    let options: CheckOptions
    do {
        options = try CheckOptions.parse(args)
    } catch {
        writeStderr("claimlint: \(error.message)\n\(usage)\n")
        return Exit.usage
    }
    if let conflict = outputConflict(options) {
        writeStderr("claimlint: \(conflict)\n")
        return Exit.usage
    }
    for (option, path) in [("--output", options.output), ("--write-baseline", options.writeBaseline)] {
        guard let path, let problem = missingFolder(path) else { continue }
        writeStderr("claimlint: cannot write \(option) '\(path)': \(problem). Nothing was checked\n")
        return Exit.unreadable
    }
    guard let packs = loadPacks(options.rulePacks) else { return Exit.unreadable }
    var denialCodes = DenialCodeDescriptions()
    if let path = options.denialCodes {
        guard let bytes = readBytes(path, what: "denial-code file") else { return Exit.unreadable }
        do { denialCodes = try DenialCodeDescriptions.parse(bytes: bytes, file: path) } catch {
            writeStderr(stderrLine(error.diagnostic))
            return Exit.unreadable
        }
    }
    var baseline: Baseline?
    if let path = options.baseline {
        guard let bytes = readBytes(path, what: "baseline") else { return Exit.unreadable }
        do { baseline = try Baseline.parse(bytes: bytes, file: path) } catch {
            writeStderr("\(error)\n")
            return Exit.unreadable
        }
    }
    var checker = Checker(packs: packs)
    // The CMS tables' warnings, and the periods that lack a table, for the report too: on
    // stderr alone, a CI job reading the report saw a clean run without, say, the PTP edits.
    var cmsNotes: [Diagnostic] = []
    if !options.cmsFolders.isEmpty {
        // Several --cms folders load as one folder holding all their files: a period takes a
        // table it lacks from any of them, and every fee schedule dates the codes.
        let cms: CMSLoadResult
        do {
            cms = try CMSFolder.load(directories: options.cmsFolders)
        } catch {
            writeStderr(stderrLine(error.diagnostic))
            return Exit.unreadable
        }
        writeStderr(cms.summary.hasSuffix("\n") ? cms.summary : cms.summary + "\n")
        let failed = cms.diagnostics.contains { $0.severity == .error }
        let notes = failed ? [] : cms.diagnostics.filter { $0.severity >= .warning || $0.id == "cms.missing-table" }
        // Those of a text report on standard output are read there, not twice.
        let inTextReport = options.format == .text && options.output == nil && !options.quiet
        for d in cms.diagnostics where !(inTextReport && notes.contains(d)) { writeStderr(stderrLine(d)) }
        if failed {
            let errors = cms.diagnostics.reduce(0) { $0 + ($1.severity == .error ? $1.count : 0) }
            let folders = options.cmsFolders.map { "'\($0)'" }
            let named = folders.count == 1 ? folders[0] : folders.dropLast().joined(separator: ", ") + " and " + folders.last!
            writeStderr("claimlint: no claim checked: the CMS tables in \(named) have \(errors == 1 ? "an error" : "\(errors) errors") (above), and a check against them could pass claims they deny; correct the files or move them out of the folder\(folders.count == 1 ? "" : "s")\n")
            return Exit.unreadable
        }
        cmsNotes = notes
        checker = Checker(reference: ReferenceData(cms: cms.tables, packs: packs))
    }
    let cwd = FileManager.default.currentDirectoryPath
    // Only JUnit (a test case per claim) and member ids shown with --show-phi list the claims;
    // only SARIF counts columns in UTF-16 code units (the others give bytes).
    var report = checker.check(
        files: options.files, displayPath: { ReportRenderer.displayPath($0, relativeTo: cwd) }, listClaims: options.format == .junit || options.showPHI,
        utf16Columns: options.format == .sarif)
    report.prepend(cmsNotes)
    if let path = options.writeBaseline {
        guard writeFile(path, { try $0.write(contentsOf: Data(Baseline(report: report).render().utf8)) }) else { return Exit.unreadable }
    }
    if let baseline { report = baseline.apply(to: report) }
    let isTerminal = options.output == nil && isatty(STDOUT_FILENO) == 1
    let color = options.color == .always || (options.color == .auto && isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    let reportOptions = ReportOptions(color: color, showPHI: options.showPHI, denialCodes: denialCodes)
    // Streamed as it is rendered: a report of a million findings is never held whole.
    let writeReport = { (handle: FileHandle) throws in
        try ReportRenderer.write(report, format: options.format, options: reportOptions, to: handle)
    }
    if let path = options.output {
        guard writeFile(path, writeReport) else { return Exit.unreadable }
    } else if !options.quiet {
        do {
            try writeReport(FileHandle.standardOutput)
        } catch {
            writeStderr("claimlint: cannot write the report to standard output: \(describe(error))\n")
            return Exit.unreadable
        }
    }
    if options.format == .csv {
        // The CSV has rows for findings only: say on stderr why input was not checked.
        for d in report.diagnostics where d.severity == .error {
            writeStderr("\(d.location.map { "\($0): " } ?? "")error: \(d.message) [\(d.id)]\n")
        }
    }
    if options.format == .github, let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
        append(ReportRenderer.gitHubStepSummary(report, options: reportOptions), to: path)
    }
    if report.hasUnreadableInput { return Exit.unreadable }
    if options.writeBaseline != nil { return Exit.clean }
    if let worst = report.worstFinding, worst >= options.failOn { return Exit.findings }
    return Exit.clean
}

func readBytes(_ path: String, what: String) -> [UInt8]? {
    guard let data = FileManager.default.contents(atPath: path) else {
        writeStderr("claimlint: cannot read the \(what) \(path)\n")
        return nil
    }
    return [UInt8](data)
}

/// Appends to a file, creating it if needed (the job summary is shared by the job's steps).
func append(_ text: String, to path: String) {
    if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    guard let handle = FileHandle(forWritingAtPath: path) else {
        writeStderr("claimlint: cannot write the job summary \(path)\n")
        return
    }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: Data(text.utf8))
}

/// `rules` arguments: `--rules DIR` (repeatable) and positional words.
func rulesArguments(_ args: [String]) -> (dirs: [String], words: [String])? {
    var dirs: [String] = [], words: [String] = []
    var scanner = ArgumentScanner(args)
    while let a = scanner.next() {
        let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
        if parts[0] == "--rules" {
            do { dirs.append(try scanner.value(for: "--rules", inline: parts.count == 2 ? parts[1] : nil)) } catch {
                writeStderr("claimlint: \(error.message)\n")
                return nil
            }
        } else if a.hasPrefix("-") {
            writeStderr("claimlint: unknown option '\(a)' for rules\n")
            return nil
        } else {
            words.append(a)
        }
    }
    return (dirs, words)
}

func runRules(_ args: [String]) -> Int32 {
    guard let sub = args.first else {
        writeStderr("claimlint: rules needs list, explain or test\n\(usage)\n")
        return Exit.usage
    }
    // A bad option is told once, by rulesArguments.
    guard let (dirs, words) = rulesArguments(Array(args.dropFirst())) else { return Exit.usage }
    switch sub {
    case "list":
        guard words.isEmpty else {
            writeStderr("claimlint: rules list takes no argument but --rules DIR\n")
            return Exit.usage
        }
        guard let packs = loadPacks(dirs) else { return Exit.unreadable }
        let checker = Checker(packs: packs)
        let settings = checker.reference.settings
        var out = ""
        for r in checker.rules {
            out += "\(r.id)\t\(settings.state(of: r))\t\(r.family)\t\(r.name)\t\(r.source)\n"
        }
        print(out, terminator: "")
        return Exit.clean
    case "explain":
        guard words.count == 1 else {
            writeStderr("claimlint: rules explain needs one RULE-ID\n")
            return Exit.usage
        }
        guard let packs = loadPacks(dirs) else { return Exit.unreadable }
        let checker = Checker(packs: packs)
        guard let r = checker.rules.first(where: { $0.id == words[0] }) else {
            writeStderr("claimlint: unknown rule '\(words[0])'; 'claimlint rules list' shows them all\n")
            return Exit.usage
        }
        // As the packs have it: its severity or `off`, and its examples checked with their tables.
        print(RuleText.explain(r, settings: checker.reference.settings, found: RuleTester.examples(of: r.id, packs: packs)), terminator: "")
        return Exit.clean
    case "test":
        let folders = dirs + words
        var summary: RuleTester.Summary
        if folders.isEmpty {
            summary = RuleTester.runBuiltIn()
            summary.results += RuleTester.run(rules: RulePack.bundled.rules, packs: [.bundled]).results
        } else {
            guard let packs = loadPacks(folders) else { return Exit.unreadable }
            summary = RuleTester.Summary(results: [])
            for (i, pack) in packs.enumerated().dropFirst() {
                summary.results += RuleTester.run(rules: pack.rules, packs: Array(packs[...i])).results
            }
            if summary.results.isEmpty {
                // Said, not passed in silence: a pack of tables only, or rules in a file the pack
                // does not read.
                writeStderr("claimlint: nothing to test: the packs in \(folders.joined(separator: ", ")) have no rules with examples (rules are read from *.rules files)\n")
            }
        }
        print(RuleTester.render(summary), terminator: "")
        return summary.failed == 0 ? Exit.clean : Exit.findings
    default:
        writeStderr("claimlint: unknown rules command '\(sub)'\n\(usage)\n")
        return Exit.usage
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case "check": status = runCheck(Array(arguments.dropFirst()))
case "rules": status = runRules(Array(arguments.dropFirst()))
case "--version": print("claimlint \(ClaimLintVersion.current)"); status = Exit.clean
case "--help", "-h", "help": print(usage); status = Exit.clean
case nil:
    writeStderr(usage + "\n")
    status = Exit.usage
case let other?:
    writeStderr("claimlint: unknown command '\(other)'\n\(usage)\n")
    status = Exit.usage
}
exit(status)
