/// Reads a practitioner MUE table in the CMS CSV layout: a quoted multi-line AMA notice record,
/// a header whose first cell holds a line break (`"HCPCS/\nCPT Code"`), then code, MUE value,
/// adjudication indicator written as digit plus text (`2 Date of Service Edit: Policy`) and
/// rationale. Latin-1. The rows carry no dates: they hold for the quarter in the file name.
enum MUEFileReader {
    struct Result: Sendable {
        var rows: [MUERow] = []
        /// The header's value column (`Practitioner Services MUE Values`).
        var valueColumn = ""
    }

    static func read(_ bytes: [UInt8], file: String, diagnostics: inout CMSDiagnostics) -> Result {
        var result = Result()
        var text = DelimitedText(bytes: bytes, delimiter: UInt8(ascii: ","))
        var cols: (code: Int, value: Int, mai: Int, rationale: Int?)?
        var records = 0
        while cols == nil, records < 10, let next = text.next() {
            records += 1
            guard case .success(let record) = next else { continue }
            let f = record.fields
            guard let mai = f.firstIndex(where: { CMSBytes.contains($0.bytes, "Adjudication Indicator") }),
                  let value = f.firstIndex(where: { CMSBytes.contains($0.bytes, "MUE Value") }),
                  let code = f.firstIndex(where: { CMSBytes.contains($0.bytes, "HCPCS") })
            else { continue }
            cols = (code, value, mai, f.firstIndex(where: { CMSBytes.contains($0.bytes, "Rationale") }))
            result.valueColumn = CMSBytes.latin1(CMSBytes.trimmed(f[value].bytes))
        }
        guard let cols else {
            diagnostics.note("cms.missing-header", .error, line: 1, "no MUE header (HCPCS/CPT Code, ... MUE Values, MUE Adjudication Indicator, MUE Rationale) in the first \(records) records; file not read")
            return result
        }
        let needed = max(cols.code, cols.value, cols.mai) + 1
        result.rows.reserveCapacity(bytes.count / 60)
        while let record = text.nextRecord(&diagnostics) {
            if record.isBlank { continue }
            let f = record.fields
            guard f.count >= needed else {
                diagnostics.row(line: record.line, "short row: \(f.count) cells, expected code, MUE value and adjudication indicator")
                continue
            }
            let codeText = CMSBytes.trimmed(f[cols.code].bytes)
            guard let code = ProcedureCode(bytes: codeText) else {
                let v = CMSBytes.latin1(codeText)
                diagnostics.row(line: record.line, column: f[cols.code].column, field: "HCPCS/CPT Code", value: v, "'\(v)' is not a HCPCS/CPT code: \(ProcedureCode.shapes)")
                continue
            }
            let valueText = CMSBytes.trimmed(f[cols.value].bytes)
            guard let value = CMSBytes.digits(valueText) else {
                let v = CMSBytes.latin1(valueText)
                diagnostics.row(line: record.line, column: f[cols.value].column, field: "MUE Values", value: v, "MUE value '\(v)' is not a whole number of units")
                continue
            }
            // "2 Date of Service Edit: Policy": the digit, then text.
            let maiText = CMSBytes.trimmed(f[cols.mai].bytes)
            let digit = maiText.first.map { $0 &- UInt8(ascii: "0") } ?? 255
            let followedBy = maiText.dropFirst().first
            guard let mai = MUEAdjudication(rawValue: digit), followedBy == nil || followedBy == UInt8(ascii: " ") else {
                let v = CMSBytes.latin1(maiText)
                diagnostics.row(line: record.line, column: f[cols.mai].column, field: "MUE Adjudication Indicator", value: v, "unknown MUE adjudication indicator '\(v)'; expected 1 (line), 2 (date of service, policy) or 3 (date of service, clinical)")
                continue
            }
            let rationale = cols.rationale.flatMap { $0 < f.count ? CMSBytes.latin1(CMSBytes.trimmed(f[$0].bytes)) : nil } ?? ""
            result.rows.append(MUERow(code: code, value: value, adjudication: mai, rationale: rationale))
        }
        return result
    }
}
