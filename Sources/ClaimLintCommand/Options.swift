import ClaimLint

/// `claimlint check` arguments.
struct CheckOptions {
    var rulePacks: [String] = []
    var cmsFolders: [String] = []
    var format: ReportFormat = .text
    var failOn: Severity = .error
    var color: ColorChoice = .auto
    var output: String?
    var quiet = false
    /// Report only findings this baseline file does not record.
    var baseline: String?
    /// Record today's findings in this file.
    var writeBaseline: String?
    /// A `code,description` CSV of denial codes.
    var denialCodes: String?
    var showPHI = false
    var files: [String] = []

    enum ColorChoice: String { case auto, always, never }
}

struct UsageError: Error {
    var message: String
}

/// A tiny argument scanner: `--flag value`, `--flag=value`, and `--` to end options.
struct ArgumentScanner {
    private var args: [String]
    private var i = 0

    init(_ args: [String]) { self.args = args }

    var isAtEnd: Bool { i >= args.count }

    mutating func next() -> String? {
        guard i < args.count else { return nil }
        defer { i += 1 }
        return args[i]
    }

    /// The value of an option, from `--name=value` or the next argument.
    mutating func value(for option: String, inline: String?) throws(UsageError) -> String {
        if let inline { return inline }
        guard let v = next() else { throw UsageError(message: "\(option) needs a value") }
        return v
    }
}

extension CheckOptions {
    static func parse(_ arguments: [String]) throws(UsageError) -> CheckOptions {
        var o = CheckOptions()
        var scanner = ArgumentScanner(arguments)
        var onlyFiles = false
        var given: Set<String> = []
        while let arg = scanner.next() {
            if onlyFiles || !arg.hasPrefix("-") || arg == "-" {
                o.files.append(arg)
                continue
            }
            if arg == "--" { onlyFiles = true; continue }
            let parts = arg.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let inline = parts.count == 2 ? parts[1] : nil
            // An option naming a file given twice: which one was meant is unclear (the last
            // silently won: a second --output left the first file unwritten). A choice
            // (--format, --color, --fail-on) may be given again to override it, as a wrapper does.
            let single = name == "-o" ? "--output" : name
            if ["--output", "--baseline", "--write-baseline", "--denial-codes"].contains(single) {
                guard given.insert(single).inserted else { throw UsageError(message: "\(single) is given twice; give it once") }
            }
            switch name {
            case "--cms":
                o.cmsFolders.append(try scanner.value(for: name, inline: inline))
            case "--rules":
                o.rulePacks.append(try scanner.value(for: name, inline: inline))
            case "--format", "-f":
                let v = try scanner.value(for: name, inline: inline)
                guard let f = ReportFormat(rawValue: v) else {
                    throw UsageError(message: "--format: unknown format '\(v)'; expected \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                o.format = f
            case "--fail-on":
                let v = try scanner.value(for: name, inline: inline)
                guard let s = Severity(rawValue: v) else { throw UsageError(message: "--fail-on: expected error, warning or info, found '\(v)'") }
                o.failOn = s
            case "--color":
                let v = try scanner.value(for: name, inline: inline)
                guard let c = ColorChoice(rawValue: v) else { throw UsageError(message: "--color: expected auto, always or never, found '\(v)'") }
                o.color = c
            case "--output", "-o":
                o.output = try scanner.value(for: name, inline: inline)
            case "--quiet", "-q":
                o.quiet = true
            case "--baseline":
                o.baseline = try scanner.value(for: name, inline: inline)
            case "--write-baseline":
                o.writeBaseline = try scanner.value(for: name, inline: inline)
            case "--denial-codes":
                o.denialCodes = try scanner.value(for: name, inline: inline)
            case "--show-phi":
                o.showPHI = true
            default:
                throw UsageError(message: "unknown option '\(name)' for check")
            }
        }
        guard !o.files.isEmpty else { throw UsageError(message: "check needs at least one claim file") }
        return o
    }
}
