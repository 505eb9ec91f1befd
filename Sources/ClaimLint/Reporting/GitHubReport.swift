/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message` per
/// finding and input problem, most severe first (GitHub keeps only the first 10 error
/// annotations of a step), then a one-line summary. `stepSummary` is the Markdown the CLI
/// appends to `$GITHUB_STEP_SUMMARY`.
enum GitHubReport {
    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        // Most severe first, then report order: input problems, then findings.
        var denialCodes: [String: String] = [:]  // By rule: the sentence the message ends with.
        for severity in Severity.allCases.reversed() {
            for d in report.diagnostics where d.severity == severity {
                var props: [(String, String)] = []
                if let l = d.location {
                    props.append(("file", l.file))
                    if l.line >= 1 { props.append(("line", String(l.line))) }
                    if l.column >= 1 { props.append(("col", String(l.column))) }
                }
                props.append(("title", d.id))
                command(d.severity, props, d.message, &out)
                out.write(byte: UInt8(ascii: "\n"))
            }
            for f in report.findings where f.severity == severity && !out.failed {
                let codes = denialCodes[f.rule] ?? {
                    let list = report.descriptor(f.rule)?.denialCodes ?? []
                    let codes = list.isEmpty ? "" : " Denial codes: \(options.denialCodes.describe(list))."
                    denialCodes[f.rule] = codes
                    return codes
                }()
                let props = [
                    ("file", f.location.file), ("line", String(f.location.line)), ("col", String(f.location.column)),
                    ("title", "\(f.rule): claim \(f.claimID) line \(f.line) (\(f.code.text))"),
                ]
                command(f.severity, props, f.message, &out)
                if !codes.isEmpty { escapeData(codes, &out) }
                out.write(byte: UInt8(ascii: "\n"))
            }
        }
        let s = report.summary
        out.write("claimlint: \(plural(s.findings[.error] ?? 0, "error")), \(plural(s.findings[.warning] ?? 0, "warning")), \(s.findings[.info] ?? 0) info")
        out.write(" in \(plural(s.claims, "claim")) (\(s.claimsRejected) rejected\(s.claimsUnreadable > 0 ? ", \(s.claimsUnreadable) not checked" : "")); \(s.suppressed) suppressed, \(s.baselined) baselined\(s.baselineUnmatched > 0 ? " (\(s.baselineUnmatched) baseline \(s.baselineUnmatched == 1 ? "entry" : "entries") matched no finding)" : "")\n")
    }

    /// Markdown totals for the job summary page.
    static func stepSummary(_ report: Report, options: ReportOptions) -> String {
        let s = report.summary
        var out = "### claimlint\n\n"
        out += "| Files | Claims | Claims rejected | Claims not checked | Lines rejected | Errors | Warnings | Info | Suppressed | Baselined | Input errors |\n"
        out += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(s.files) | \(s.claims) | \(s.claimsRejected) | \(s.claimsUnreadable) | \(s.linesRejected) | \(s.findings[.error] ?? 0) | \(s.findings[.warning] ?? 0) | \(s.findings[.info] ?? 0) | \(s.suppressed) | \(s.baselined) | \(s.diagnostics[.error] ?? 0) |\n"
        if s.baselineUnmatched > 0 {
            out += "\n\(s.baselineUnmatched) baseline \(s.baselineUnmatched == 1 ? "entry" : "entries") matched no finding: the baseline can be shrunk.\n"
        }
        var counts: [String: Int] = [:]
        for f in report.findings { counts[f.rule, default: 0] += 1 }
        let fired = report.rules.filter { counts[$0.id] != nil }
        if !fired.isEmpty {
            out += "\n| Rule | Findings | Denial codes |\n|---|---:|---|\n"
            for r in fired {
                out += "| `\(r.id)` \(markdownCell(r.name)) | \(counts[r.id]!) | \(markdownCell(options.denialCodes.describe(r.denialCodes))) |\n"
            }
        }
        if (s.findings[.error] ?? 0) > 10 {
            out += "\nGitHub shows the first 10 error annotations of a step; the job log and the SARIF upload have them all.\n"
        }
        return out
    }

    private static func markdownCell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// `::name props::message`, without the line break.
    static func command(_ severity: Severity, _ properties: [(String, String)], _ message: String, _ out: inout ReportOutput) {
        out.write(byte: UInt8(ascii: ":"))
        out.write(byte: UInt8(ascii: ":"))
        switch severity {
        case .error: out.write("error ")
        case .warning: out.write("warning ")
        case .info: out.write("notice ")
        }
        for (i, (name, value)) in properties.enumerated() {
            if i > 0 { out.write(byte: UInt8(ascii: ",")) }
            out.write(name)
            out.write(byte: UInt8(ascii: "="))
            escapeProperty(value, &out)
        }
        out.write("::")
        escapeData(message, &out)
    }

    /// GitHub's escaping of a command's message: `%`, CR and LF (and the other control
    /// characters written visibly).
    static func escapeData(_ s: String) -> String {
        var out = ReportOutput()
        escapeData(s, &out)
        return out.text
    }

    static func escapeData(_ s: String, _ out: inout ReportOutput) {
        escape(s, [UInt8(ascii: "%"), UInt8(ascii: "\r"), UInt8(ascii: "\n")], &out)
    }

    /// A property value: as a message, and `:` and `,` too.
    static func escapeProperty(_ s: String) -> String {
        var out = ReportOutput()
        escapeProperty(s, &out)
        return out.text
    }

    static func escapeProperty(_ s: String, _ out: inout ReportOutput) {
        escape(s, [UInt8(ascii: "%"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ":"), UInt8(ascii: ",")], &out)
    }

    /// `%XX` for each of `special` (GitHub's escaping, which the runner undoes); the other
    /// control characters (an escape sequence or a tab in a claim id) as the text report
    /// writes them, `\t` or `\u{1B}`, so that none reaches the log or annotation raw.
    private static func escape(_ s: String, _ special: [UInt8], _ out: inout ReportOutput) {
        out.write(s, escaping: { special.contains($0) || ReportOutput.isControl($0) }) { b, bytes in
            guard special.contains(b) else { return ReportOutput.escapeControl(b, &bytes) }
            let hex = Array("0123456789ABCDEF".utf8)
            bytes += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
        }
    }
}
