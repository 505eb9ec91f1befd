/// Reads NCCI add-on code edits exported as CSV with the CMS spreadsheet's eight named columns:
/// AOC_Edit_Type, Add-on Code, AOC_DEL_DT, Primary Code, Primary_Code_DEL_DT, AOC_Edit_EFF_DT,
/// AOC_Edit_DEL_DT, Special_Instruction_Notes. Dates are Julian `YYYYDDD`, blank when open;
/// `CCCCC` as primary means contractor-defined primaries (type 2).
///
/// A row's effective date is AOC_Edit_EFF_DT; its deletion date the earliest of the three
/// deletion dates, taken as the last day in force (as PTP deletion dates are).
///
/// The fixed-width TXT release is not read: its column positions are not documented well enough
/// to parse by position with confidence.
enum AddonFileReader {
    static let typeColumn = "AOC_Edit_Type"
    static let columns = [
        typeColumn, "Add-on Code", "AOC_DEL_DT", "Primary Code", "Primary_Code_DEL_DT", "AOC_Edit_EFF_DT",
        "AOC_Edit_DEL_DT", "Special_Instruction_Notes",
    ]
    static let required: Set<String> = [typeColumn, "Add-on Code", "Primary Code"]

    static func read(_ bytes: [UInt8], file: String, diagnostics: inout CMSDiagnostics) -> [AddonRow] {
        var text = DelimitedText(bytes: bytes, delimiter: DelimitedText.guessDelimiter(bytes))
        var index: [String: Int]?
        var headerLine = 1
        var records = 0
        while index == nil, records < 10, let next = text.next() {
            records += 1
            guard case .success(let record) = next else { continue }
            guard record.fields.contains(where: { CMSBytes.contains($0.bytes, typeColumn) }) else { continue }
            headerLine = record.line
            var map: [String: Int] = [:]
            for (i, f) in record.fields.enumerated() {
                let name = CMSBytes.latin1(CMSBytes.trimmed(f.bytes)).lowercased()
                if let known = columns.first(where: { $0.lowercased() == name }), map[known] == nil { map[known] = i }
            }
            index = map
        }
        guard let index else {
            diagnostics.note("cms.missing-header", .error, line: 1, "no add-on code edit header (\(columns.joined(separator: ", "))) in the first \(records) records; file not read")
            return []
        }
        let missing = columns.filter { required.contains($0) && index[$0] == nil }
        guard missing.isEmpty else {
            diagnostics.note("cms.missing-column", .error, line: headerLine, "add-on code edit header lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); file not read")
            return []
        }
        let type = index[typeColumn]!, addon = index["Add-on Code"]!, primary = index["Primary Code"]!
        let needed = max(type, addon, primary) + 1
        var rows: [AddonRow] = []
        rows.reserveCapacity(bytes.count / 20)
        rowLoop: while let record = text.nextRecord(&diagnostics) {
            if record.isBlank { continue }
            let f = record.fields
            guard f.count >= needed else {
                diagnostics.row(line: record.line, "short row: \(f.count) cells, expected AOC_Edit_Type, Add-on Code and Primary Code")
                continue
            }
            func cell(_ k: Int) -> ArraySlice<UInt8> { k < f.count ? CMSBytes.trimmed(f[k].bytes) : [] }
            func bad(_ k: Int, _ name: String, _ expected: String) {
                let v = CMSBytes.latin1(cell(k))
                diagnostics.row(line: record.line, column: f[k].column, field: name, value: v, "column '\(name)': expected \(expected), found '\(v)'")
            }
            let typeText = cell(type)
            guard typeText.count == 1, let t = typeText.first.map({ $0 &- UInt8(ascii: "0") }), (1...3).contains(t) else {
                bad(type, typeColumn, "1, 2 or 3"); continue
            }
            guard let addonCode = ProcedureCode(bytes: cell(addon)) else { bad(addon, "Add-on Code", "a HCPCS/CPT code of five characters"); continue }
            var primaryCode: ProcedureCode?
            if !cell(primary).elementsEqual("CCCCC".utf8) {
                guard let p = ProcedureCode(bytes: cell(primary)) else { bad(primary, "Primary Code", "a HCPCS/CPT code or CCCCC"); continue }
                primaryCode = p
            }
            var dates: [String: ServiceDate] = [:]
            for name in ["AOC_DEL_DT", "Primary_Code_DEL_DT", "AOC_Edit_EFF_DT", "AOC_Edit_DEL_DT"] {
                guard let k = index[name], !cell(k).isEmpty else { continue }
                guard let d = CMSBytes.julian(cell(k)) else { bad(k, name, "a Julian date YYYYDDD or blank"); continue rowLoop }
                dates[name] = d
            }
            let deletion = ["AOC_DEL_DT", "Primary_Code_DEL_DT", "AOC_Edit_DEL_DT"].compactMap { dates[$0] }.min()
            if let e = dates["AOC_Edit_EFF_DT"], let deletion, deletion < e {
                diagnostics.row(line: record.line, field: "AOC_Edit_DEL_DT", value: deletion.iso, "deletion date \(deletion.iso) is before the effective date \(e.iso)")
                continue
            }
            rows.append(AddonRow(addon: addonCode, primary: primaryCode, type: t, source: .cms, effective: dates["AOC_Edit_EFF_DT"], deletion: deletion))
        }
        return rows
    }
}
