/// The JSON report, version 1 (schema in the README). Later fields are additions: readers of
/// version 1 ignore keys they do not know.
enum JSONReport {
    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        let members = report.memberIDs(options)
        var w = JSONWriter()
        swap(&w.out, &out)
        defer { swap(&w.out, &out) }
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
                w.field("linesSkipped", s.linesSkipped)
                w.field("claimsRejected", s.claimsRejected)
                w.field("linesRejected", s.linesRejected)
                w.field("errors", s.findings[.error] ?? 0)
                w.field("warnings", s.findings[.warning] ?? 0)
                w.field("infos", s.findings[.info] ?? 0)
                w.field("suppressed", s.suppressed)
                w.field("baselined", s.baselined)
                w.field("baselineUnmatched", s.baselineUnmatched)
                w.key("diagnostics")
                w.object { w in
                    w.field("errors", s.diagnostics[.error] ?? 0)
                    w.field("warnings", s.diagnostics[.warning] ?? 0)
                    w.field("infos", s.diagnostics[.info] ?? 0)
                }
            }
            w.key("findings")
            w.array { w in
                let findings = report.findings
                w.items(of: findings) { f, w in
                    w.object { w in finding(f, members: members, report: report, &w) }
                }
            }
            w.key("suppressedFindings")
            w.array { w in
                for s in report.suppressed {
                    w.object { w in
                        finding(s.finding, members: members, report: report, &w)
                        w.field("reason", s.reason)
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
                        w.field("value", d.shownValue(options))
                        if d.count != 1 { w.field("count", d.count) }
                    }
                }
            }
        }
        w.out.write("\n")
    }

    static func finding(_ f: Finding, members: MemberIDs, report: Report, _ w: inout JSONWriter) {
        w.field("rule", f.rule)
        w.field("severity", f.severity.rawValue)
        w.field("claim", f.claimID)
        if let m = members[f] { w.field("member", m) }
        w.field("line", f.line)
        w.field("code", f.code.text)
        w.field("message", f.message)
        w.field("denialCodes", strings: report.descriptor(f.rule)?.denialCodes ?? [])
        w.key("location")
        location(f.location, &w)
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
