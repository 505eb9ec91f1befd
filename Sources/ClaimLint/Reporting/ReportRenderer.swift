/// Output formats of `claimlint check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Renders a report in a format.
public enum ReportRenderer {
    public static func render(_ report: Report, format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .text: TextReport.render(report, color: color)
        case .json: JSONReport.render(report)
        }
    }
}

/// `path:line:column: severity: message [id]` lines, then a summary.
enum TextReport {
    static func render(_ report: Report, color: Bool) -> String {
        var out = ""
        func paint(_ s: Severity) -> String {
            guard color else { return s.rawValue }
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
        for f in report.findings {
            out += "\(f.location.file):\(f.location.line):\(f.location.column): \(paint(f.severity)): claim \(f.claimID) line \(f.line): \(f.message) [\(f.rule)]\n"
        }
        let s = report.summary
        out += "\nChecked \(plural(s.files, "file")): \(plural(s.claims, "claim")) (\(s.claimsChecked) checked, \(s.claimsUnreadable) unreadable, \(s.claimsRejected) rejected), "
        out += "\(plural(s.lines, "service line")) (\(s.linesChecked) checked, \(s.linesUnreadable) unreadable, \(s.linesRejected) rejected).\n"
        out += "Findings: \(plural(s.findings[.error] ?? 0, "error")), \(plural(s.findings[.warning] ?? 0, "warning")), \(s.findings[.info] ?? 0) info"
        if s.suppressed > 0 { out += "; \(s.suppressed) suppressed" }
        let dErrors = s.diagnostics[.error] ?? 0, dWarnings = s.diagnostics[.warning] ?? 0
        if dErrors + dWarnings > 0 {
            out += ". Input problems: \(plural(dErrors, "error")), \(plural(dWarnings, "warning"))"
        }
        out += ".\n"
        return out
    }
}

/// The JSON report, version 1 (schema in the README).
enum JSONReport {
    static func render(_ report: Report) -> String {
        var w = JSONWriter()
        w.object { w in
            w.field("version", 1)
            w.key("summary")
            w.object { w in
                let s = report.summary
                w.field("files", s.files)
                w.field("claims", s.claims)
                w.field("lines", s.lines)
                w.field("claimsChecked", s.claimsChecked)
                w.field("linesChecked", s.linesChecked)
                w.field("claimsUnreadable", s.claimsUnreadable)
                w.field("linesUnreadable", s.linesUnreadable)
                w.field("claimsRejected", s.claimsRejected)
                w.field("linesRejected", s.linesRejected)
                w.field("errors", s.findings[.error] ?? 0)
                w.field("warnings", s.findings[.warning] ?? 0)
                w.field("infos", s.findings[.info] ?? 0)
                w.field("suppressed", s.suppressed)
                w.key("diagnostics")
                w.object { w in
                    w.field("errors", s.diagnostics[.error] ?? 0)
                    w.field("warnings", s.diagnostics[.warning] ?? 0)
                    w.field("infos", s.diagnostics[.info] ?? 0)
                }
            }
            w.key("findings")
            w.array { w in
                for f in report.findings {
                    w.object { w in
                        w.field("rule", f.rule)
                        w.field("severity", f.severity.rawValue)
                        w.field("claim", f.claimID)
                        w.field("line", f.line)
                        w.field("code", f.code.text)
                        w.field("message", f.message)
                        w.key("location")
                        location(f.location, &w)
                    }
                }
            }
            w.key("diagnostics")
            w.array { w in
                for d in report.diagnostics {
                    w.object { w in
                        w.field("id", d.id)
                        w.field("severity", d.severity.rawValue)
                        w.field("message", d.message)
                        w.key("location")
                        if let l = d.location { location(l, &w) } else { w.null() }
                        w.field("field", d.field)
                        w.field("value", d.value)
                    }
                }
            }
        }
        return w.text + "\n"
    }

    static func location(_ l: SourceLocation, _ w: inout JSONWriter) {
        w.object { w in
            w.field("file", l.file)
            w.field("line", l.line)
            w.field("column", l.column)
            if let s = l.segment { w.field("segment", s) }
            if let o = l.byteOffset { w.field("offset", o) }
            if let n = l.byteLength { w.field("length", n) }
        }
    }
}
