/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message` per
/// finding and input problem, most severe first (GitHub keeps only the first 10 error
/// annotations of a step), then a one-line summary. `stepSummary` is the Markdown the CLI
/// appends to `$GITHUB_STEP_SUMMARY`.
enum GitHubReport {
    static func render(_ report: Report, options: ReportOptions) -> String {
        struct Annotation {
            var severity: Severity
            var line: String
        }
        var annotations: [Annotation] = []
        for d in report.diagnostics {
            var props: [(String, String)] = []
            if let l = d.location {
                props.append(("file", l.file))
                if l.line >= 1 { props.append(("line", String(l.line))) }
                if l.column >= 1 { props.append(("col", String(l.column))) }
            }
            props.append(("title", d.id))
            annotations.append(Annotation(severity: d.severity, line: command(d.severity, props, d.message)))
        }
        for f in report.findings {
            var message = f.message
            if let codes = report.descriptor(f.rule)?.denialCodes, !codes.isEmpty {
                message += " Denial codes: \(options.denialCodes.describe(codes))."
            }
            let props = [
                ("file", f.location.file), ("line", String(f.location.line)), ("col", String(f.location.column)),
                ("title", "\(f.rule): claim \(f.claimID) line \(f.line) (\(f.code.text))"),
            ]
            annotations.append(Annotation(severity: f.severity, line: command(f.severity, props, message)))
        }
        // A stable sort: most severe first, then report order.
        let sorted = annotations.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }
        var out = sorted.map { $0.element.line + "\n" }.joined()
        let s = report.summary
        out += "claimlint: \(plural(s.findings[.error] ?? 0, "error")), \(plural(s.findings[.warning] ?? 0, "warning")), \(s.findings[.info] ?? 0) info"
        out += " in \(plural(s.claims, "claim")) (\(s.claimsRejected) rejected); \(s.suppressed) suppressed, \(s.baselined) baselined\n"
        return out
    }

    /// Markdown totals for the job summary page.
    static func stepSummary(_ report: Report, options: ReportOptions) -> String {
        let s = report.summary
        var out = "### claimlint\n\n"
        out += "| Files | Claims | Claims rejected | Lines rejected | Errors | Warnings | Info | Suppressed | Baselined | Input errors |\n"
        out += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(s.files) | \(s.claims) | \(s.claimsRejected) | \(s.linesRejected) | \(s.findings[.error] ?? 0) | \(s.findings[.warning] ?? 0) | \(s.findings[.info] ?? 0) | \(s.suppressed) | \(s.baselined) | \(s.diagnostics[.error] ?? 0) |\n"
        let fired = report.rulesFired.filter { r in report.findings.contains { $0.rule == r.id } }
        if !fired.isEmpty {
            out += "\n| Rule | Findings | Denial codes |\n|---|---:|---|\n"
            for r in fired {
                let n = report.findings.filter { $0.rule == r.id }.count
                out += "| `\(r.id)` \(markdownCell(r.name)) | \(n) | \(markdownCell(options.denialCodes.describe(r.denialCodes))) |\n"
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

    static func command(_ severity: Severity, _ properties: [(String, String)], _ message: String) -> String {
        let name = switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(props)::\(escapeData(message))"
    }

    /// GitHub's escaping of a command's message: `%`, CR and LF.
    static func escapeData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A property value: as a message, and `:` and `,` too.
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
