/// Reads CSV or TSV claim-line files: a header row, then one row per service line, the rows of
/// a claim together. Columns and their aliases are in `ClaimField`; modifiers come either in
/// `mod1`..`mod4` or in one `modifiers` column (separated by spaces, commas, colons, `;` or `|`).
enum CSVClaimReader {
    /// Reads the file's claims; with `onClaim` each claim is handed over as soon as its rows
    /// are read, and the result keeps none.
    static func read(bytes: [UInt8], file: String, onClaim: ((Claim) -> Void)? = nil) throws(InputError) -> ReadResult {
        try bytes.withUnsafeBytes { read($0, file: file, onClaim: onClaim) }.get()
    }

    /// Reads CSV content in place. `releaseBehind`: when `bytes` is a private read-only file
    /// mapping the caller owns (`X12FileMapping`), the pages behind the reader are released in
    /// steps of that many bytes, so the file does not stay in memory. `listsUnreadableClaims`:
    /// `ReadResult.listsUnreadableClaims`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, onClaim: ((Claim) -> Void)?, releaseBehind: Int? = nil, listsUnreadableClaims: Bool = true
    ) -> Result<ReadResult, InputError> {
        // One part: the header, then the rows.
        CSVParallelReader.read(bytes, file: file, parts: 1, releaseBehind: releaseBehind, listsUnreadableClaims: listsUnreadableClaims, onClaim: onClaim)
    }

    /// The columns a header row names, in order (nil: a column no field has).
    struct Columns: Sendable {
        var fields: [ClaimField?]
        /// The column of the claim id.
        var claimID: Int
    }

    /// Reads the header, the first non-blank record: its columns, with a warning for each
    /// unknown one (into `assembler`, which learns the names the file gives its fields).
    static func header(_ text: inout DelimitedTextReader<UnsafeRawBufferPointer>, file: String, assembler: inout ClaimAssembler) throws(InputError) -> Columns {
        var header: DelimitedTextReader<UnsafeRawBufferPointer>.Record?
        while let next = text.next() {
            switch next {
            case .success(let r) where r.isBlank: continue
            case .success(let r): header = r
            case .failure(let p): throw InputError(problemDiagnostic(p, file: file))
            }
            break
        }
        guard let header else {
            throw InputError(Diagnostic(id: "input.empty", severity: .error, message: "the file has no header row and no claims", location: SourceLocation(file: file, line: 1, column: 1)))
        }
        var columns: [ClaimField?] = []
        for f in header.fields {
            let name = f.text.trimmingSpaces
            let field = ClaimField.named(name)
            if field == nil, !name.isEmpty {
                assembler.warning("unknown column '\(name)' is ignored (known columns: \(ClaimField.allCases.map(\.rawValue).joined(separator: ", ")))", nil, nil, location: SourceLocation(file: file, line: f.line, column: f.column), id: "input.unknown-column")
            }
            if let field, columns.contains(field) {
                throw InputError(Diagnostic(id: "input.duplicate-column", severity: .error, message: "column '\(name)' names \(field.rawValue), which an earlier column already names", location: SourceLocation(file: file, line: f.line, column: f.column), field: field.rawValue, value: name))
            }
            columns.append(field)
            if let field { assembler.names[field] = name }
        }
        let present = Set(columns.compactMap(\.self))
        let missing = ClaimField.required.filter { !present.contains($0) }
        if !missing.isEmpty {
            throw InputError(Diagnostic(
                id: "input.missing-column", severity: .error,
                message: "the header lacks the required column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")); a claim file needs \(ClaimField.required.map(\.rawValue).joined(separator: ", "))",
                location: SourceLocation(file: file, line: header.line, column: 1), field: missing[0].rawValue))
        }
        if present.contains(.modifiers), !present.isDisjoint(with: [.mod1, .mod2, .mod3, .mod4]) {
            throw InputError(Diagnostic(id: "input.duplicate-column", severity: .error, message: "the header has both a 'modifiers' column and mod1..mod4 columns; use one or the other", location: SourceLocation(file: file, line: header.line, column: 1)))
        }
        return Columns(fields: columns, claimID: columns.firstIndex(of: .claimID)!)
    }

    /// Reads the rows from where `text` is into `assembler`, up to the record that starts at
    /// `end` (nil: the file's end); the claim of the last row is left open.
    static func rows(
        _ text: inout DelimitedTextReader<UnsafeRawBufferPointer>, columns: Columns, file: String, assembler: inout ClaimAssembler,
        to end: Int? = nil, releaseBehind: Int? = nil
    ) {
        var released = 0
        // One value for every row's fields and modifiers, emptied in place row after row.
        var fields = ClaimFields()
        var modifiers: [RawValue] = []
        while text.offset < end ?? Int.max, let next = text.next() {
            if let step = releaseBehind, text.offset - released >= step {
                released = X12FileMapping.releasePages(of: text.bytes, from: released, upTo: text.offset)
            }
            let record: DelimitedTextReader<UnsafeRawBufferPointer>.Record
            switch next {
            case .failure(let p):
                let d = problemDiagnostic(p, file: file)
                // A row over a limit whose claim id can be read is a line of that claim, which
                // is then not checked (as an X12 claim with a segment over a limit).
                if p.isOverLimit, let id = overLimitClaimID(text.overLimitFields, columns: columns) {
                    fields.removeAll()
                    fields[.claimID] = id
                    assembler.aboutRow(claimID: id.text)
                    assembler.report(d)
                    assembler.addLine(fields, modifiers: [], location: SourceLocation(file: file, line: p.place.line, column: 1), rowIsBroken: true)
                } else {
                    assembler.unattributedLine(d)
                }
                continue
            case .success(let r):
                record = r
            }
            if record.isBlank { continue }
            var location = SourceLocation(file: file, line: record.line, column: 1)
            fields.removeAll()
            modifiers.removeAll(keepingCapacity: true)
            for (i, f) in record.fields.enumerated() where i < columns.fields.count {
                guard let field = columns.fields[i] else { continue }
                let raw = RawValue(text: f.text.trimmingSpaces, line: f.line, column: f.column)
                switch field {
                case .mod1, .mod2, .mod3, .mod4:
                    // Also kept as its field, for a diagnostic to name its column.
                    if !raw.text.isEmpty {
                        modifiers.append(raw)
                        fields[field] = raw
                    }
                case .modifiers:
                    for part in raw.text.split(whereSeparator: { " ,:;|-".contains($0) }) {
                        modifiers.append(RawValue(text: String(part), line: raw.line, column: raw.column))
                    }
                default:
                    fields[field] = raw
                }
            }
            let latin1 = text.lastRecordHasNonASCII ? readIdentitiesAsLatin1(record, columns: columns, into: &fields) : []
            // A line's findings point at its code.
            if let c = fields[.code] { location.column = c.column }
            var broken = false
            if record.fields.count != columns.fields.count {
                broken = true
                assembler.aboutRow(claimID: fields[.claimID]?.text)
                let last = record.fields.last!
                assembler.error(
                    "the row has \(plural(record.fields.count, "field")) but the header has \(columns.fields.count) columns; a field is missing or an unquoted value holds the delimiter",
                    nil, nil, location: SourceLocation(file: file, line: record.line, column: last.column), id: "input.ragged-row")
            }
            assembler.addLine(fields, modifiers: modifiers, location: location, rowIsBroken: broken)
            // Told once the row is added (which ends the claim before it), as a part read in
            // parallel that starts at this row tells them.
            for (field, raw) in latin1 {
                assembler.warning("the value holds bytes that are not UTF-8 (a Latin-1 or Windows-1252 file); it is read as Latin-1. Save the file as UTF-8", field, raw, id: "input.not-utf8")
            }
        }
    }

    /// The claim id, member id and patient id of a row with bytes that are not ASCII, read
    /// again as Latin-1 (with a warning) when their bytes are not UTF-8 (a Latin-1 or
    /// Windows-1252 export): as UTF-8 such bytes are U+FFFD, so two claims (JOS\xC9-1,
    /// JOS\xC8-1) or two patients that differ in them would be one. Other values are
    /// checked against their format, which U+FFFD fails. Off the loop over a row's fields,
    /// which it made slower when it held it. Returns where each was, for a warning without
    /// its value (it may be a member id).
    @inline(never)
    private static func readIdentitiesAsLatin1(
        _ record: DelimitedTextReader<UnsafeRawBufferPointer>.Record, columns: Columns, into fields: inout ClaimFields
    ) -> [(ClaimField, RawValue)] {
        var read: [(ClaimField, RawValue)] = []
        for (i, f) in record.fields.enumerated() where i < columns.fields.count {
            guard let field = columns.fields[i], field == .claimID || field == .memberID || field == .patientID, !f.isUTF8 else { continue }
            fields[field] = RawValue(text: f.latin1Text.trimmingSpaces, line: f.line, column: f.column)
            read.append((field, RawValue(text: "", line: f.line, column: f.column)))
        }
        return read
    }

    static func problemDiagnostic(_ p: DelimitedText.Problem, file: String) -> Diagnostic {
        let (line, column) = p.place
        let id = switch p {
        case .unterminatedQuote, .textAfterQuote: "input.malformed-row"
        case .recordTooLong: "input.row-too-long"
        case .tooManyFields: "input.too-many-fields"
        }
        return Diagnostic(id: id, severity: .error, message: p.message(record: "row") + (p.isOverLimit ? "; it is skipped" : ""), location: SourceLocation(file: file, line: line, column: column))
    }

    /// The claim id of a row over a limit, from the fields kept of it: nil when the row has no
    /// id, or one longer than an 837's (`ClaimAssembler.longestClaimID`), likely rows run
    /// together.
    static func overLimitClaimID(_ fields: [DelimitedTextReader<UnsafeRawBufferPointer>.Field], columns: Columns) -> RawValue? {
        guard columns.claimID < fields.count else { return nil }
        let f = fields[columns.claimID]
        guard f.count <= ClaimAssembler.longestClaimID else { return nil }
        let text = f.text.trimmingSpaces
        return text.isEmpty ? nil : RawValue(text: text, line: f.line, column: f.column)
    }
}
