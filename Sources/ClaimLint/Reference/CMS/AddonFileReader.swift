/// Reads NCCI add-on code edits exported as CSV with the CMS spreadsheet's eight named columns:
/// AOC_Edit_Type, Add-on Code, AOC_DEL_DT, Primary Code, Primary_Code_DEL_DT, AOC_Edit_EFF_DT,
/// AOC_Edit_DEL_DT, Special_Instruction_Notes. Dates are Julian `YYYYDDD`, blank when open;
/// `CCCCC` as primary means contractor-defined primaries (type 2).
///
/// The header names vary between releases (`AOC_DEL_DT` in V2024Q2, `AOC_DEL_DT (Julian)` in
/// the 2024-06-03 release, `aoc_del_dt_julian` once a tool has cleaned them), so a name is
/// matched by its letters and digits alone, ignoring case, and without a `Julian` (or
/// `YYYYDDD`) suffix: `AOC Edit EFF DT`, `aoc_edit_eff_dt_julian` and `AOC_Edit_EFF_DT (Julian)`
/// are all AOC_Edit_EFF_DT.
///
/// A row's effective date is AOC_Edit_EFF_DT; its deletion date the earliest of the three
/// deletion dates, taken as the last day in force (as PTP deletion dates are). A file with an
/// `AOC_EFF_DT` or `Primary_Code_EFF_DT` column (not in the documented layout) has the latest of
/// its effective dates taken: a pair is not in force before both its codes are. A header without
/// one of the four documented date columns is a warning naming what that leaves out (without
/// AOC_Edit_DEL_DT, a pair deleted from the edits would stay in force), as is a column whose
/// name is not one of these.
///
/// The fixed-width TXT release is not read: its column positions are not documented well enough
/// to parse by position with confidence.
enum AddonFileReader {
    static let typeColumn = "AOC_Edit_Type"
    /// The documented columns, in the spreadsheet's order.
    static let columns = [
        typeColumn, "Add-on Code", "AOC_DEL_DT", "Primary Code", "Primary_Code_DEL_DT", "AOC_Edit_EFF_DT",
        "AOC_Edit_DEL_DT", "Special_Instruction_Notes",
    ]
    static let required: Set<String> = [typeColumn, "Add-on Code", "Primary Code"]
    /// The documented date columns, and what a file without each loses.
    static let dateColumns: [(name: String, without: String)] = [
        ("AOC_DEL_DT", "an add-on code's deletion does not end its pairs"),
        ("Primary_Code_DEL_DT", "a primary code's deletion does not end its pairs"),
        ("AOC_Edit_EFF_DT", "every pair is taken as in force before its edit took effect"),
        ("AOC_Edit_DEL_DT", "a pair whose edit was deleted stays in force"),
    ]
    /// Effective dates some files may add: the add-on's and the primary's own.
    static let extraEffectiveColumns = ["AOC_EFF_DT", "Primary_Code_EFF_DT"]
    static let deletionColumns = ["AOC_DEL_DT", "Primary_Code_DEL_DT", "AOC_Edit_DEL_DT"]
    static let effectiveColumns = ["AOC_Edit_EFF_DT"] + extraEffectiveColumns

    /// A header name reduced to what identifies it: its ASCII letters and digits, lower-cased,
    /// without a trailing `julian` or `yyyyddd` (`AOC_DEL_DT (Julian)` → `aocdeldt`).
    static func key(_ name: some Sequence<UInt8>) -> String {
        var s = squeezed(name)
        for suffix in ["julian", "yyyyddd"] where s.count > suffix.utf8.count && s.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            s.removeLast(suffix.utf8.count)
        }
        return String(decoding: s, as: UTF8.self)
    }

    /// Letters and digits only, lower-cased, so `aoc_edit_type` and `AOC Edit Type` read as one.
    static func squeezed(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var s: [UInt8] = []
        s.reserveCapacity(bytes.underestimatedCount)
        for b in bytes {
            let l = CMSBytes.lower(b)
            if (l >= UInt8(ascii: "a") && l <= UInt8(ascii: "z")) || (l >= UInt8(ascii: "0") && l <= UInt8(ascii: "9")) { s.append(l) }
        }
        return s
    }

    static let known: [String: String] = Dictionary(uniqueKeysWithValues: (columns + extraEffectiveColumns).map { (key($0.utf8), $0) })
    static let typeKey = key(typeColumn.utf8)

    /// Whether the first bytes of a file name the add-on type column, however written.
    static func mentionsTypeColumn(_ head: ArraySlice<UInt8>) -> Bool {
        CMSBytes.contains(squeezed(head)[...], typeKey)
    }

    static func read(_ bytes: [UInt8], file: String, diagnostics: inout CMSDiagnostics) -> [AddonRow] {
        var text = DelimitedText(bytes: bytes, delimiter: DelimitedText.guessDelimiter(bytes))
        // Column index and the name as the file writes it, by documented name.
        var index: [String: (at: Int, name: String)]?
        var headerLine = 1
        var records = 0
        while index == nil, records < 10, let next = text.next() {
            records += 1
            guard case .success(let record) = next else { continue }
            let keys = record.fields.map { key($0.bytes) }
            guard keys.contains(typeKey) else { continue }
            headerLine = record.line
            var map: [String: (at: Int, name: String)] = [:]
            var unknown: [(name: String, column: Int)] = []
            for (i, f) in record.fields.enumerated() {
                let written = CMSBytes.latin1(CMSBytes.trimmed(f.bytes))
                guard let known = known[keys[i]] else {
                    if !keys[i].isEmpty { unknown.append((written, i + 1)) }
                    continue
                }
                if let first = map[known] {
                    diagnostics.note("cms.duplicate-column", .warning, line: headerLine, "columns '\(first.name)' (column \(first.at + 1)) and '\(written)' (column \(i + 1)) are both \(known); the first is read, the second ignored")
                    continue
                }
                map[known] = (i, written)
            }
            if !unknown.isEmpty {
                // A date column under a name not understood would leave rows in force on dates
                // they are not; a notes or description column loses nothing.
                let dated = unknown.contains { u in ["dt", "date", "eff", "del"].contains { key(u.name.utf8).contains($0) } }
                diagnostics.note("cms.unknown-column", dated ? .warning : .info, line: headerLine,
                    "\(unknown.count == 1 ? "column" : "columns") \(unknown.map { "'\($0.name)' (column \($0.column))" }.joined(separator: ", ")) not read: not an add-on code edit column ClaimLint knows (\((columns + extraEffectiveColumns).joined(separator: ", ")); case, spaces, punctuation and a '(Julian)' suffix aside)")
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
        let absentDates = dateColumns.filter { index[$0.name] == nil }
        if absentDates.count == dateColumns.count {
            diagnostics.note("cms.missing-dates", .warning, line: headerLine, "add-on code edit header has no date column (\(dateColumns.map(\.name).joined(separator: ", ")), each Julian YYYYDDD; a '(Julian)' suffix is fine): every row is taken as in force on every date of service, pairs the edits deleted included")
        } else if !absentDates.isEmpty {
            let present = dateColumns.compactMap { index[$0.name]?.name }
            diagnostics.note("cms.missing-dates", .warning, line: headerLine, "add-on code edit header lacks \(absentDates.map { "'\($0.name)'" }.joined(separator: ", ")) (it has \(present.map { "'\($0)'" }.joined(separator: ", "))): \(absentDates.map(\.without).joined(separator: "; "))")
        }
        let type = index[typeColumn]!.at, addon = index["Add-on Code"]!.at, primary = index["Primary Code"]!.at
        let needed = max(type, addon, primary) + 1
        let effectives = effectiveColumns.compactMap { index[$0] }
        let deletions = deletionColumns.compactMap { index[$0] }
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
                bad(type, index[typeColumn]!.name, "1, 2 or 3"); continue
            }
            guard let addonCode = ProcedureCode(bytes: cell(addon)) else { bad(addon, index["Add-on Code"]!.name, "a HCPCS/CPT code of five characters"); continue }
            var primaryCode: ProcedureCode?
            if !cell(primary).elementsEqual("CCCCC".utf8) {
                guard let p = ProcedureCode(bytes: cell(primary)) else { bad(primary, index["Primary Code"]!.name, "a HCPCS/CPT code or CCCCC"); continue }
                primaryCode = p
            }
            // The latest effective date and the earliest deletion date, with the column each came from.
            var effective: (date: ServiceDate, column: String)?
            var deletion: (date: ServiceDate, column: String)?
            for (k, name) in effectives where !cell(k).isEmpty {
                guard let d = CMSBytes.julian(cell(k)) else { bad(k, name, "a Julian date YYYYDDD or blank"); continue rowLoop }
                if effective.map({ d > $0.date }) ?? true { effective = (d, name) }
            }
            for (k, name) in deletions where !cell(k).isEmpty {
                guard let d = CMSBytes.julian(cell(k)) else { bad(k, name, "a Julian date YYYYDDD or blank"); continue rowLoop }
                if deletion.map({ d < $0.date }) ?? true { deletion = (d, name) }
            }
            if let e = effective, let x = deletion, x.date < e.date {
                diagnostics.row(line: record.line, field: x.column, value: x.date.iso, "deletion date \(x.date.iso) ('\(x.column)') is before the effective date \(e.date.iso) ('\(e.column)')")
                continue
            }
            rows.append(AddonRow(addon: addonCode, primary: primaryCode, type: t, source: .cms, effective: effective?.date, deletion: deletion?.date))
        }
        return rows
    }
}
