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
    usage: claimlint check [--rules DIR]... [--format text|json] [--fail-on error|warning|info]
                           [--color auto|always|never] [--output FILE] [--quiet] FILE...
           claimlint rules list [--rules DIR]...
           claimlint rules explain RULE-ID
           claimlint --version | --help

    check   Reads claim files (CSV, TSV, JSON; detected from content) and reports what a payer
            would deny and why, with the bundled rule pack and any --rules packs (later packs
            add to or override earlier ones).
    Exit status: 0 no finding at or above --fail-on (default error), 1 there is one,
            2 an input or rule pack could not be read, 64 usage error.
    """

func writeStderr(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
}

func loadPacks(_ dirs: [String]) -> [RulePack]? {
    var packs = [RulePack.bundled]
    for d in dirs {
        do {
            packs.append(try RulePack.load(directory: d))
        } catch {
            writeStderr("\(error)\n")
            return nil
        }
    }
    return packs
}

func runCheck(_ args: [String]) -> Int32 {
    let options: CheckOptions
    do {
        options = try CheckOptions.parse(args)
    } catch {
        writeStderr("claimlint: \(error.message)\n\(usage)\n")
        return Exit.usage
    }
    guard let packs = loadPacks(options.rulePacks) else { return Exit.unreadable }
    let checker = Checker(packs: packs)
    let report = checker.check(files: options.files)
    let isTerminal = options.output == nil && isatty(STDOUT_FILENO) == 1
    let color = options.color == .always || (options.color == .auto && isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    let rendered = ReportRenderer.render(report, format: options.format, color: color)
    if let path = options.output {
        do {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            writeStderr("claimlint: cannot write \(path): \(error.localizedDescription)\n")
            return Exit.unreadable
        }
    } else if !options.quiet {
        FileHandle.standardOutput.write(Data(rendered.utf8))
    }
    if report.hasUnreadableInput { return Exit.unreadable }
    if let worst = report.worstFinding, worst >= options.failOn { return Exit.findings }
    return Exit.clean
}

func runRules(_ args: [String]) -> Int32 {
    guard let sub = args.first else {
        writeStderr("claimlint: rules needs list or explain\n\(usage)\n")
        return Exit.usage
    }
    switch sub {
    case "list":
        var dirs: [String] = []
        var scanner = ArgumentScanner(Array(args.dropFirst()))
        while let a = scanner.next() {
            let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts[0] == "--rules" else {
                writeStderr("claimlint: unknown argument '\(a)' for rules list\n")
                return Exit.usage
            }
            do { dirs.append(try scanner.value(for: "--rules", inline: parts.count == 2 ? parts[1] : nil)) } catch {
                writeStderr("claimlint: \(error.message)\n")
                return Exit.usage
            }
        }
        guard let packs = loadPacks(dirs) else { return Exit.unreadable }
        let settings = ReferenceData(packs: packs).settings
        var out = ""
        for r in RuleCatalog.all {
            let sev = settings.disabled.contains(r.id) ? "off" : (settings.severity[r.id] ?? r.severity).rawValue
            out += "\(r.id)\t\(sev)\t\(r.name)\n"
        }
        print(out, terminator: "")
        return Exit.clean
    case "explain":
        guard args.count == 2 else {
            writeStderr("claimlint: rules explain needs one RULE-ID\n")
            return Exit.usage
        }
        guard let r = RuleCatalog.descriptor(args[1]) else {
            writeStderr("claimlint: unknown rule '\(args[1])'; 'claimlint rules list' shows them all\n")
            return Exit.usage
        }
        print(RuleText.explain(r), terminator: "")
        return Exit.clean
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
