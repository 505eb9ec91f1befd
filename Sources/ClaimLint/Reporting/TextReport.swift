/// `path:line:column: severity: message [id]` lines, the denial codes of the rules that
/// fired, then a summary.
enum TextReport {
    static func render(_ report: Report, options: ReportOptions) -> String {
        var out = ""
        func paint(_ s: Severity) -> String {
            guard options.color else { return s.rawValue }
            switch s {
            case .error: return "\u{1B}[1;31merror\u{1B}[0m"
            case .warning: return "\u{1B}[1;33mwarning\u{1B}[0m"
            case .info: return "\u{1B}[1;36minfo\u{1B}[0m"
            }
        }
        for d in report.diagnostics {
            let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "claimlint"
            out += "\(place): \(paint(d.severity)): \(d.message) [\(d.id)]\n"
        }
        let members = report.memberIDs(options)
        for f in report.findings {
            let member = members[f.claimID].map { " (member \($0))" } ?? ""
            out += "\(f.location.file):\(f.location.line):\(f.location.column): \(paint(f.severity)): claim \(f.claimID)\(member) line \(f.line): \(f.message) [\(f.rule)]\n"
        }
        let coded = report.rulesFired.filter { !$0.denialCodes.isEmpty }
        if !report.findings.isEmpty && !coded.isEmpty {
            out += "\nDenial codes a payer would use:\n"
            for r in coded where report.findings.contains(where: { $0.rule == r.id }) {
                out += "  \(r.id): \(options.denialCodes.describe(r.denialCodes))\n"
            }
        }
        let s = report.summary
        out += "\nChecked \(plural(s.files, "file")): \(plural(s.claims, "claim")) (\(s.claimsChecked) checked, \(s.claimsUnreadable) unreadable, \(s.claimsRejected) rejected), "
        let skipped = s.linesSkipped > 0 ? ", \(s.linesSkipped) skipped" : ""
        out += "\(plural(s.lines, "service line")) (\(s.linesChecked) checked, \(s.linesUnreadable) unreadable\(skipped), \(s.linesRejected) rejected).\n"
        out += "Findings: \(plural(s.findings[.error] ?? 0, "error")), \(plural(s.findings[.warning] ?? 0, "warning")), \(s.findings[.info] ?? 0) info"
        if s.suppressed > 0 { out += "; \(s.suppressed) suppressed" }
        if s.baselined > 0 { out += "; \(s.baselined) baselined" }
        let dErrors = s.diagnostics[.error] ?? 0, dWarnings = s.diagnostics[.warning] ?? 0
        if dErrors + dWarnings > 0 {
            out += ". Input problems: \(plural(dErrors, "error")), \(plural(dWarnings, "warning"))"
        }
        out += ".\n"
        return out
    }
}
