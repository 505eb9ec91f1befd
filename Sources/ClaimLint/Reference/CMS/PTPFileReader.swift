import Foundation

/// Reads an NCCI procedure-to-procedure edit file in the CMS TXT layout: six header lines (the
/// AMA notice, the title "Column1/Column2 Edits", the column heading wrapped over four lines),
/// then tab-separated rows of seven fields: column 1, column 2, the pre-1996 flag, effective
/// date `YYYYMMDD`, deletion date `YYYYMMDD` or `*`, modifier indicator 0/1/9, rationale.
///
/// A quarter comes in four parts (`f1`..`f4`); each part is read on its own (in parallel)
/// into a `PTPPart`, and the parts of one quarter are merged into one `PTPTable`
/// (`CMSFolder.incompletePTPParts` reports a quarter with a part missing).
///
/// Rows whose fields are separated by commas or semicolons (the spreadsheet saved as CSV) are
/// not read: the file gets a `cms.delimiter` error. More than `maxHeadingLines` lines between
/// the title and the first row is a `cms.missing-header` error quoting the last line seen.
/// The scan works on bytes: 2.5 million rows, no per-row `String` except for diagnostics.
enum PTPFileReader {
    static let title = "Column1/Column2 Edits"

    static func read(_ bytes: [UInt8], file: String, diagnostics: inout CMSDiagnostics) -> PTPPart {
        var part = PTPPart()
        part.rows.reserveCapacity(bytes.count / 56 + 16)
        bytes.withUnsafeBufferPointer { buf in
            scan(buf, all: bytes[...], file: file, part: &part, diagnostics: &diagnostics)
        }
        return part
    }

    private static func scan(_ buf: UnsafeBufferPointer<UInt8>, all: ArraySlice<UInt8>, file: String, part: inout PTPPart, diagnostics: inout CMSDiagnostics) {
        let tab = UInt8(ascii: "\t"), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let n = buf.count
        var pos = 0
        var line = 0
        var sawTitle = false
        var titleLine = 0
        // Lines after the title that are not rows: the column heading, wrapped over four.
        var headingLines = 0
        var inHeader = true
        // Last dates seen: most rows repeat the previous row's dates.
        var lastEffRaw = -1, lastEff = ServiceDate(daysSinceEpoch: 0)
        var lastDelRaw = -1, lastDel = ServiceDate(daysSinceEpoch: 0)
        var lastRationale = -1
        var fieldStart = [Int](repeating: 0, count: 8)
        var fieldEnd = [Int](repeating: 0, count: 8)

        while pos < n {
            line += 1
            let start = pos
            var count = 0
            fieldStart[0] = start
            var i = start
            while i < n {
                let b = buf[i]
                if b == lf { break }
                if b == tab {
                    if count < 7 { fieldEnd[count] = i }
                    count += 1
                    if count < 8 { fieldStart[count] = i + 1 }
                }
                i += 1
            }
            var end = i
            if end > start, buf[end - 1] == cr { end -= 1 }
            if count < 8 { fieldEnd[count] = end }
            let fields = count + 1
            pos = i + 1

            if end == start { continue }  // blank line
            // The DOS end-of-file byte, alone on the last line of files written on Windows (the
            // PPRRVU CSV ends with one too).
            if end - start == 1, buf[start] == 0x1A { continue }
            // Fields padded with spaces (a table saved from a spreadsheet): the codes, dates and
            // indicator are read without them.
            for k in 0..<min(fields, 6) {
                while fieldStart[k] < fieldEnd[k], buf[fieldStart[k]] == UInt8(ascii: " ") { fieldStart[k] += 1 }
                while fieldEnd[k] > fieldStart[k], buf[fieldEnd[k] - 1] == UInt8(ascii: " ") { fieldEnd[k] -= 1 }
            }
            if inHeader {
                let isCode = ProcedureCode(bytes: CMSBytes.trimmed(all[fieldStart[0]..<fieldEnd[0]])) != nil
                if !sawTitle {
                    if CMSBytes.contains(all[start..<end], title) { sawTitle = true; titleLine = line; continue }
                    if isCode || line >= 6 { break }
                    continue
                }
                guard isCode else {
                    headingLines += 1
                    if headingEnds(all[start..<end], fields: fields, line: line, titleLine: titleLine, headingLines: headingLines, diagnostics: &diagnostics) { break }
                    continue
                }
                inHeader = false
            }

            guard fields >= 7 else {
                diagnostics.row(line: line, value: CMSBytes.latin1(all[start..<end]), "short row: expected 7 tab-separated fields (column 1, column 2, pre-1996 flag, effective, deletion, modifier, rationale), found \(fields)")
                continue
            }
            func column(_ k: Int) -> Int { fieldStart[k] - start + 1 }
            func text(_ k: Int) -> String { CMSBytes.latin1(all[fieldStart[k]..<fieldEnd[k]]) }
            let c1s = UnsafeBufferPointer(rebasing: buf[fieldStart[0]..<fieldEnd[0]])
            let c2s = UnsafeBufferPointer(rebasing: buf[fieldStart[1]..<fieldEnd[1]])
            guard let c1 = code(c1s) else {
                diagnostics.row(line: line, column: column(0), field: "Column 1", value: text(0), "column 1 '\(text(0))' is not a HCPCS/CPT code: \(ProcedureCode.shapes)")
                continue
            }
            guard let c2 = code(c2s) else {
                diagnostics.row(line: line, column: column(1), field: "Column 2", value: text(1), "column 2 '\(text(1))' is not a HCPCS/CPT code: \(ProcedureCode.shapes)")
                continue
            }
            // Effective date.
            guard let effRaw = digits8(buf, fieldStart[3], fieldEnd[3]) else {
                diagnostics.row(line: line, column: column(3), field: "Effective Date", value: text(3), "effective date '\(text(3))' is not a date YYYYMMDD")
                continue
            }
            if effRaw != lastEffRaw {
                guard let d = ServiceDate(year: effRaw / 10000, month: effRaw / 100 % 100, day: effRaw % 100) else {
                    diagnostics.row(line: line, column: column(3), field: "Effective Date", value: text(3), "effective date '\(text(3))' is not a date YYYYMMDD")
                    continue
                }
                lastEffRaw = effRaw
                lastEff = d
            }
            // Deletion date, or `*` (or nothing, as an export may leave it) for none.
            var deletion = Int32.max
            if !(fieldEnd[4] - fieldStart[4] == 1 && buf[fieldStart[4]] == UInt8(ascii: "*")), fieldEnd[4] > fieldStart[4] {
                guard let delRaw = digits8(buf, fieldStart[4], fieldEnd[4]) else {
                    diagnostics.row(line: line, column: column(4), field: "Deletion Date", value: text(4), "deletion date '\(text(4))' is neither a date YYYYMMDD nor '*' (none)")
                    continue
                }
                if delRaw != lastDelRaw {
                    guard let d = ServiceDate(year: delRaw / 10000, month: delRaw / 100 % 100, day: delRaw % 100) else {
                        diagnostics.row(line: line, column: column(4), field: "Deletion Date", value: text(4), "deletion date '\(text(4))' is neither a date YYYYMMDD nor '*'")
                        continue
                    }
                    lastDelRaw = delRaw
                    lastDel = d
                }
                guard lastDel >= lastEff else {
                    diagnostics.row(line: line, column: column(4), field: "Deletion Date", value: text(4), "deletion date \(lastDel.iso) is before the effective date \(lastEff.iso)")
                    continue
                }
                deletion = lastDel.daysSinceEpoch
            }
            // Modifier indicator.
            let ind: UInt8 = fieldEnd[5] - fieldStart[5] == 1 ? buf[fieldStart[5]] : 0
            guard ind == UInt8(ascii: "0") || ind == UInt8(ascii: "1") || ind == UInt8(ascii: "9") else {
                diagnostics.row(line: line, column: column(5), field: "Modifier", value: text(5), "unknown modifier indicator '\(text(5))'; expected 0, 1 or 9")
                continue
            }
            // Rationale, interned. The seventh field runs to the end of the line.
            var rs = fieldStart[6]
            var re = fields > 7 ? fieldEnd[6] : end
            while rs < re, buf[rs] == UInt8(ascii: " ") { rs += 1 }
            while re > rs, buf[re - 1] == UInt8(ascii: " ") { re -= 1 }
            let rationale = UnsafeBufferPointer(rebasing: buf[rs..<re])
            var ri = -1
            if lastRationale >= 0, equal(part.rationaleBytes[lastRationale], rationale) {
                ri = lastRationale
            } else if let k = part.rationaleBytes.firstIndex(where: { equal($0, rationale) }) {
                ri = k
            } else {
                guard part.rationaleBytes.count < 255 else {
                    diagnostics.row(line: line, column: column(6), field: "PTP Edit Rationale", value: text(6), "more than 255 distinct rationales")
                    continue
                }
                ri = part.rationaleBytes.count
                part.rationaleBytes.append(Array(rationale))
            }
            lastRationale = ri
            part.rows.append(PTPTable.Packed(
                column1: c1, column2: c2, effective: lastEff.daysSinceEpoch, deletion: deletion,
                indicator: ind &- UInt8(ascii: "0"), rationale: UInt16(ri)))
        }
        if inHeader && !sawTitle {
            diagnostics.note("cms.missing-header", .error, line: 1, "no NCCI PTP header: the title '\(title)' is not in the first lines; file not read")
        }
    }

    /// Whether a line after the title that is not a row ends the file's reading, with an error:
    /// a row of other separators, or a heading longer than the CMS TXT's. Kept out of `scan`, so
    /// that its loop over the rows stays small enough to inline the row builder's appends.
    @inline(never)
    private static func headingEnds(
        _ text: ArraySlice<UInt8>, fields: Int, line: Int, titleLine: Int, headingLines: Int, diagnostics: inout CMSDiagnostics
    ) -> Bool {
        let shown = CMSBytes.latin1(text.prefix(60)) + (text.count > 60 ? "..." : "")
        if fields == 1, let separator = otherSeparator(text) {
            // The spreadsheet saved as CSV: refused, not read. The TXT is in the same zip, and a
            // spreadsheet may have turned codes into numbers (00100 → 100) and reformatted the dates.
            diagnostics.note("cms.delimiter", .error, line: line, "\(separator == "," ? "comma" : "semicolon")-separated: line \(line) is a row with its fields separated by '\(separator)' ('\(shown)'), as when the PTP spreadsheet is saved as CSV; ClaimLint reads the tab-separated .TXT of the same CMS zip, whose codes and dates a spreadsheet has not reformatted. Use that file in place of this one; file not read")
            return true
        }
        if headingLines > maxHeadingLines {
            diagnostics.note("cms.missing-header", .error, line: line, "no NCCI PTP rows: the \(maxHeadingLines + 1) lines after the title (line \(titleLine)) are not rows of 7 tab-separated fields starting with a HCPCS/CPT code (the CMS TXT has 4 heading lines); line \(line) reads '\(shown)'; file not read")
            return true
        }
        return false
    }

    /// The heading lines allowed between the title and the first row: the CMS TXT has 4, and
    /// a file with more is not read (a file whose rows are not tab-separated read as all heading).
    static let maxHeadingLines = 8

    /// The separator of a line without tabs that starts with a code and has the table's seven
    /// fields separated by commas or semicolons (`0001A,0591T,,20231231,20231231,1,...`), if any.
    static func otherSeparator(_ line: ArraySlice<UInt8>) -> Character? {
        for separator in [UInt8(ascii: ","), UInt8(ascii: ";")] {
            guard let first = line.firstIndex(of: separator),
                  ProcedureCode(bytes: CMSBytes.trimmed(line[line.startIndex..<first]).drop { $0 == UInt8(ascii: "\"") }.prefix { $0 != UInt8(ascii: "\"") }) != nil,
                  line.count(where: { $0 == separator }) >= 6
            else { continue }
            return Character(Unicode.Scalar(separator))
        }
        return nil
    }

    @inline(__always) private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { p in
            p.count == 0 || memcmp(p.baseAddress!, b.baseAddress!, p.count) == 0
        }
    }

    /// Five ASCII characters packed as `ProcedureCode` does, without building a slice.
    @inline(__always) private static func code(_ s: UnsafeBufferPointer<UInt8>) -> UInt32? {
        ProcedureCode.pack(s)
    }

    @inline(__always) private static func digits8(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard e - s == 8 else { return nil }
        var v = 0
        for k in s..<e {
            let d = buf[k] &- UInt8(ascii: "0")
            guard d <= 9 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }
}

/// The rows of one PTP file, packed as `PTPTable` stores them, with the file's own rationale
/// list (rows refer to it by index).
struct PTPPart: Sendable {
    var rows: [PTPTable.Packed] = []
    var rationaleBytes: [[UInt8]] = []
    var rationales: [String] { rationaleBytes.map { CMSBytes.latin1($0) } }
}
