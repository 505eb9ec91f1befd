/// One row per finding (RFC 4180 quoting, LF line ends), safe to open in a spreadsheet: a cell
/// that begins with `=`, `+`, `-`, `@`, a tab or a CR is neutralised with a leading `'`, so a
/// claim id or message cannot run as a formula. `member_id` is a last column with `showPHI`.
enum CSVReport {
    static func render(_ report: Report, options: ReportOptions) -> String {
        var header = ["severity", "rule", "file", "line", "column", "claim", "service_line", "code", "denial_codes", "message"]
        if options.showPHI { header.append("member_id") }
        var out = row(header)
        let members = report.memberIDs(options)
        for f in report.findings {
            var cells = [
                f.severity.rawValue, f.rule, f.location.file, String(f.location.line), String(f.location.column),
                f.claimID, String(f.line), f.code.text,
                (report.descriptor(f.rule)?.denialCodes ?? []).joined(separator: " "), f.message,
            ]
            if options.showPHI { cells.append(members[f.claimID] ?? "") }
            out += row(cells)
        }
        return out
    }

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\n"
    }

    static func cell(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            s = "'" + s
        }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
