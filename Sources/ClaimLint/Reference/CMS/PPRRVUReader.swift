/// Reads the Medicare Physician Fee Schedule relative value file (PPRRVU) in its CMS CSV layout:
/// five title lines, then five heading lines whose non-blank cells, trimmed and joined top to
/// bottom with spaces, name each column (`STATUS CODE`, `PCTC IND`, `CO- SURG`...), then one row
/// per (code, modifier). CRLF, Latin-1; the last line starts with the DOS end-of-file byte 0x1A
/// and is skipped. Columns are found by joined name, so the CY2026 layout (one more column,
/// `PRIC IND`) reads like CY2023-2024. The DESCRIPTION column is never read.
enum PPRRVUReader {
    /// Joined heading names of the columns kept, and their meaning.
    static let columns = [
        "HCPCS", "MOD", "STATUS CODE", "PCTC IND", "GLOB DAYS", "MULT PROC", "BILAT SURG", "ASST SURG",
        "CO- SURG", "TEAM SURG", "ENDO BASE",
    ]

    struct Result: Sendable {
        var rows: [CodeRow] = []
        /// The first title line (`2024 National Physician Fee Schedule Relative Value File July Release`).
        var title = ""
        /// The `RELEASED mm/dd/yyyy` date of the title lines.
        var released: ServiceDate?
    }

    static func read(_ bytes: [UInt8], file: String, diagnostics: inout CMSDiagnostics) -> Result {
        var result = Result()
        var text = DelimitedText(bytes: bytes, delimiter: UInt8(ascii: ","))
        // Title and heading: up to the record whose first cell is HCPCS.
        var head: [DelimitedText.Record] = []
        var headingLine = 0
        while let next = text.next() {
            guard case .success(let record) = next else { continue }
            head.append(record)
            if let first = record.fields.first, CMSBytes.trimmed(first.bytes).elementsEqual("HCPCS".utf8) {
                headingLine = record.line
                break
            }
            if head.count >= 15 { break }
        }
        guard headingLine > 0 else {
            diagnostics.note("cms.missing-header", .error, line: 1, "no PPRRVU heading: no line starting with HCPCS in the first \(head.count) lines; file not read")
            return result
        }
        for record in head.dropLast(5) {
            for f in record.fields {
                let t = CMSBytes.trimmed(f.bytes)
                if t.isEmpty { continue }
                if result.title.isEmpty { result.title = CMSBytes.latin1(t) }
                if CMSBytes.contains(t, "RELEASED") {
                    let words = t.split(separator: UInt8(ascii: " "))
                    if let last = words.last { result.released = ServiceDate(bytes: last) }
                }
            }
        }
        // Column names: the heading lines' cells joined top to bottom.
        let headingRecords = head.suffix(5)
        let width = headingRecords.map(\.fields.count).max() ?? 0
        var names = [String](repeating: "", count: width)
        for record in headingRecords {
            for (i, f) in record.fields.enumerated() {
                let t = CMSBytes.trimmed(f.bytes)
                if t.isEmpty { continue }
                names[i] += (names[i].isEmpty ? "" : " ") + CMSBytes.latin1(t)
            }
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        let missing = columns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            diagnostics.note("cms.missing-column", .error, line: headingLine, "PPRRVU heading lacks column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")); file not read")
            return result
        }
        let c = columns.map { index[$0]! }
        let needed = c.max()! + 1
        result.rows.reserveCapacity(bytes.count / 110)

        while let record = text.nextRecord(&diagnostics) {
            let f = record.fields
            if let first = f.first?.bytes.first, first == 0x1A { continue }  // DOS end-of-file line
            if record.isBlank { continue }
            guard f.count >= needed else {
                diagnostics.row(line: record.line, "short row: \(f.count) cells, the heading names \(needed) or more")
                continue
            }
            func cell(_ k: Int) -> ArraySlice<UInt8> { CMSBytes.trimmed(f[c[k]].bytes) }
            func bad(_ k: Int, _ expected: String) {
                let value = CMSBytes.latin1(cell(k))
                diagnostics.row(line: record.line, column: f[c[k]].column, field: columns[k], value: value, "column '\(columns[k])': expected \(expected), found '\(value)'")
            }
            guard let code = ProcedureCode(bytes: cell(0)) else { bad(0, "a HCPCS/CPT code of five characters"); continue }
            var modifier: Modifier?
            if !cell(1).isEmpty {
                guard let m = Modifier(bytes: cell(1)) else { bad(1, "a two-character modifier or blank"); continue }
                modifier = m
            }
            let status = cell(2)
            guard status.count == 1, let s = status.first, (s >= UInt8(ascii: "A") && s <= UInt8(ascii: "Z")) else {
                bad(2, "a one-letter status code"); continue
            }
            var digits = [UInt8](repeating: 9, count: 7)
            var ok = true
            for (slot, k) in [3, 5, 6, 7, 8, 9].enumerated() {
                let t = cell(k)
                guard t.count == 1, let d = t.first, d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else {
                    bad(k, "one digit 0-9"); ok = false; break
                }
                digits[slot] = d - UInt8(ascii: "0")
            }
            guard ok else { continue }
            guard let global = GlobalDays(rawValue: CMSBytes.latin1(cell(4))) else {
                bad(4, "000, 010, 090, MMM, XXX, YYY or ZZZ"); continue
            }
            var endo: ProcedureCode?
            if !cell(10).isEmpty {
                guard let e = ProcedureCode(bytes: cell(10)) else { bad(10, "a HCPCS/CPT code or blank"); continue }
                endo = e
            }
            result.rows.append(CodeRow(
                code: code, modifier: modifier, status: String(UnicodeScalar(s)), pctc: digits[0], global: global,
                multipleProcedure: digits[1], bilateral: digits[2], assistant: digits[3], coSurgeon: digits[4],
                team: digits[5], endoscopicBase: endo))
        }
        return result
    }
}
