/// One row per finding (RFC 4180 quoting, LF line ends), safe to open in a spreadsheet: a cell
/// that begins with `=`, `+`, `-`, `@`, a tab or a CR is neutralised with a leading `'`, so a
/// claim id or message cannot run as a formula. `member_id` is a last column with `showPHI`.
enum CSVReport {
    static let header = ["severity", "rule", "file", "line", "column", "claim", "service_line", "code", "denial_codes", "message"]

    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        for (i, h) in (header + (options.showPHI ? ["member_id"] : [])).enumerated() {
            if i > 0 { out.write(byte: UInt8(ascii: ",")) }
            cell(h, &out)
        }
        out.write(byte: UInt8(ascii: "\n"))
        let members = report.memberIDs(options)
        // Every rule's codes up front (a rule in neither list has none), as `descriptor` finds them.
        var denialCodes: [String: String] = [:]
        for id in report.rules.map(\.id) + RuleCatalog.all.map(\.id) where denialCodes[id] == nil {
            denialCodes[id] = (report.descriptor(id)?.denialCodes ?? []).joined(separator: " ")
        }
        let findings = report.findings, codes = denialCodes, showPHI = options.showPHI
        out.writeFindings(findings) { _, f, out in
            out.write(f.severity.rawValue)
            out.write(byte: UInt8(ascii: ","))
            cell(f.rule, &out)
            out.write(byte: UInt8(ascii: ","))
            cell(f.location.file, &out)
            out.write(byte: UInt8(ascii: ","))
            cell(String(f.location.line), &out)
            out.write(byte: UInt8(ascii: ","))
            cell(String(f.location.column), &out)
            out.write(byte: UInt8(ascii: ","))
            cell(f.claimID, &out)
            out.write(byte: UInt8(ascii: ","))
            cell(String(f.line), &out)
            out.write(byte: UInt8(ascii: ","))
            cell(f.code.text, &out)
            out.write(byte: UInt8(ascii: ","))
            cell(codes[f.rule] ?? "", &out)
            out.write(byte: UInt8(ascii: ","))
            cell(f.message, &out)
            if showPHI {
                out.write(byte: UInt8(ascii: ","))
                cell(members[f] ?? "", &out)
            }
            out.write(byte: UInt8(ascii: "\n"))
        }
    }

    static func cell(_ raw: String) -> String {
        var out = ReportOutput()
        cell(raw, &out)
        return out.text
    }

    static func cell(_ raw: String, _ out: inout ReportOutput) {
        let first = raw.utf8.first
        let neutralise = first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) } ?? false
        let quote = raw.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        if quote { out.write(byte: UInt8(ascii: "\"")) }
        if neutralise { out.write(byte: UInt8(ascii: "'")) }
        if quote {
            out.write(raw, escaping: { $0 == UInt8(ascii: "\"") }) { _, bytes in bytes += [UInt8(ascii: "\""), UInt8(ascii: "\"")] }
            out.write(byte: UInt8(ascii: "\""))
        } else {
            out.write(raw)
        }
    }
}
