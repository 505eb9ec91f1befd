/// `path:line:column: severity: message [id]` lines, the denial codes of the rules that
/// fired, then a summary.
enum TextReport {
    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        @Sendable func paint(_ s: Severity) -> String {
            guard options.color else { return s.rawValue }
            switch s {
            case .error: return "\u{1B}[1;31merror\u{1B}[0m"
            case .warning: return "\u{1B}[1;33mwarning\u{1B}[0m"
            case .info: return "\u{1B}[1;36minfo\u{1B}[0m"
            }
        }
        for d in report.diagnostics {
            let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "claimlint"
            out.writeOnOneLine(place)
            out.write(": \(paint(d.severity)): ")
            out.writeOnOneLine(d.message)
            out.write(" [\(d.id)]\n")
        }
        let members = report.memberIDs(options)
        var fired: Set<String> = []
        for f in report.findings { fired.insert(f.rule) }
        let findings = report.findings
        out.writeFindings(findings) { _, f, out in
            out.writeOnOneLine(f.location.file)
            out.write(byte: UInt8(ascii: ":"))
            out.write(f.location.line)
            out.write(byte: UInt8(ascii: ":"))
            out.write(f.location.column)
            out.write(": ")
            out.write(paint(f.severity))
            out.write(": claim ")
            out.writeOnOneLine(f.claimID)
            if let member = members[f] {
                out.write(" (member ")
                out.writeOnOneLine(member)
                out.write(")")
            }
            out.write(" line ")
            out.write(f.line)
            out.write(": ")
            out.writeOnOneLine(f.message)
            out.write(" [")
            out.write(f.rule)
            out.write("]\n")
        }
        let coded = report.rules.filter { fired.contains($0.id) && !$0.denialCodes.isEmpty }
        if !coded.isEmpty {
            out.write("\nDenial codes a payer would use:\n")
            for r in coded {
                out.write("  \(r.id): \(options.denialCodes.describe(r.denialCodes))\n")
            }
        }
        let s = report.summary
        out.write("\nChecked \(plural(s.files, "file")): \(plural(s.claims, "claim")) (\(s.claimsChecked) checked, \(s.claimsUnreadable) unreadable, \(s.claimsRejected) rejected), ")
        let skipped = s.linesSkipped > 0 ? ", \(s.linesSkipped) skipped" : ""
        out.write("\(plural(s.lines, "service line")) (\(s.linesChecked) checked, \(s.linesUnreadable) unreadable\(skipped), \(s.linesRejected) rejected).\n")
        out.write("Findings: \(plural(s.findings[.error] ?? 0, "error")), \(plural(s.findings[.warning] ?? 0, "warning")), \(s.findings[.info] ?? 0) info")
        if s.suppressed > 0 { out.write("; \(s.suppressed) suppressed") }
        if s.baselined > 0 { out.write("; \(s.baselined) baselined") }
        if s.baselineUnmatched > 0 { out.write("; \(s.baselineUnmatched == 1 ? "1 baseline entry" : "\(s.baselineUnmatched) baseline entries") matched no finding") }
        let dErrors = s.diagnostics[.error] ?? 0, dWarnings = s.diagnostics[.warning] ?? 0
        if dErrors + dWarnings > 0 {
            out.write(". Input problems: \(plural(dErrors, "error")), \(plural(dWarnings, "warning"))")
        }
        out.write(".\n")
    }
}
