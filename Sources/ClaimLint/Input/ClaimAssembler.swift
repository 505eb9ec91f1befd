/// Turns the raw text fields of a claim file (CSV rows or JSON objects) into claims, checking
/// every value and reporting each one that cannot be read with its file, line, column, field
/// and value. A claim with an unreadable value is not checked, and is counted as unreadable.
struct ClaimAssembler {
    let file: String
    /// How fields are named in messages: "column" for CSV, "key" for JSON.
    let fieldKind: String
    private(set) var result = ReadResult()

    /// The names the file gives its fields (a CSV header's `dx_pointers`), for messages; the
    /// diagnostic's `field` stays the canonical name.
    var names: [ClaimField: String] = [:]

    /// Takes each claim as it is read; without it the claims are kept in `result`.
    var onClaim: ((Claim) -> Void)?
    /// The file is delimited by semicolons, as spreadsheets set for a locale whose decimal mark
    /// is a comma write CSV: charges and units are read with a decimal comma
    /// (`decimalCommaNumber`), and slash dates, which such a locale writes day first, are read
    /// month first only with a warning (`slashDateOrder`).
    var commaIsDecimalMark = false
    /// A slash date that could be day first has been read month first, and told
    /// (`input.ambiguous-date`, once a file: `ReadResult.addDiagnostics` keeps a later part's
    /// out).
    private var toldAmbiguousDate = false

    private var current: Pending?
    /// The storage of the last claim's header, emptied, for the next claim's: a new array per
    /// claim, freed through the runtime's generic code, cost about 1,600 instructions a claim.
    private var spareHeader: ClaimFields?
    /// The diagnosis pointers' cells of the open claim's lines that have them (by index in its
    /// lines), for a pointer past its diagnoses to be reported where it is. Emptied, not
    /// freed, per claim: an array or table of its own cost an allocation a claim.
    private var pointerCells: [(line: Int, raw: RawValue)] = []
    /// Each claim id read, with the line of its first row.
    private(set) var seen: [String: Int]

    /// `seen`: claim ids read before (by the readers of earlier parts of the file), with the
    /// line of their first row: rows of those ids are claims split apart.
    /// `listsUnreadableClaims`: `ReadResult.listsUnreadableClaims`.
    init(file: String, fieldKind: String, seen: [String: Int] = [:], listsUnreadableClaims: Bool = true) {
        self.file = file
        self.fieldKind = fieldKind
        self.seen = seen
        result.listsUnreadableClaims = listsUnreadableClaims
    }

    /// The id of the claim being assembled, whose rows may go on.
    var openClaimID: String? { current?.id }

    /// Ids read before by the readers of earlier parts of the file, looked up for each id new
    /// to `seen`: the line of the first row or object with the id (the id then makes a split
    /// claim), or nil.
    var earlierIDs: ((String) -> Int?)?

    /// A claim being assembled from its rows.
    private struct Pending {
        var id: String
        var header: ClaimFields
        var lines: [ServiceLine] = []
        var lineCount = 0
        var unreadable = false
        var location: SourceLocation
        /// Its ordinal among the file's claims (`Diagnostic.claimOrdinal`).
        var ordinal: Int
        var suppressions: [Suppression] = []
        /// Rows of a claim id seen earlier in the file: reported once, not checked.
        var split = false
        /// More than `maxLines` rows: reported once, the rows past the limit not kept.
        var overLimit = false
    }

    /// The line field a claim-level field's value is on a row whose value differs from the
    /// claim's first row: place of service and rendering NPI, which are a line's on the
    /// CMS-1500.
    static func lineField(of f: ClaimField) -> ClaimField? {
        switch f {
        case .placeOfService: .linePlaceOfService
        case .renderingNPI: .lineRenderingNPI
        default: nil
        }
    }

    /// The most service lines a claim may have, as in the X12 reader; a claim with more is
    /// refused (`input.too-many-lines`).
    static let maxLines = X12ClaimReader.maxLines

    /// The longest claim id told of a row or claim over a limit, whose values are not read:
    /// an 837's CLM01 holds at most 38 characters; a longer one is likely rows run together.
    static let longestClaimID = 38

    mutating func error(_ message: @autoclosure () -> String, _ field: ClaimField?, _ raw: RawValue?, location: SourceLocation? = nil, id: String = "input.invalid-value") {
        diagnose(id, .error, message(), field, raw, location: location)
    }

    mutating func warning(_ message: @autoclosure () -> String, _ field: ClaimField?, _ raw: RawValue?, location: SourceLocation? = nil, id: String) {
        diagnose(id, .warning, message(), field, raw, location: location)
    }

    /// A diagnostic about a value (`raw`) of `field`, made only when it is listed.
    private mutating func diagnose(_ id: String, _ severity: Severity, _ message: @autoclosure () -> String, _ field: ClaimField?, _ raw: RawValue?, location: SourceLocation?) {
        result.add(
            id, severity, (field.map { "\(fieldKind) '\(names[$0] ?? $0.rawValue)': " } ?? "") + message(),
            location: raw?.location(in: file) ?? location, field: field?.rawValue, value: raw.flatMap { $0.text.isEmpty ? nil : $0.text })
    }

    /// Reports a problem found by the reader, not by this assembler.
    mutating func report(_ d: Diagnostic) {
        result.add(d)
    }

    /// The diagnostics made from now on, until the row is added, are about the claim of a row
    /// whose claim id is `id`: the open claim's, or the next one's (none without an id).
    mutating func aboutRow(claimID id: String?) {
        guard let id, !id.isEmpty else {
            result.claimTag = nil
            return
        }
        result.claimTag = current.map { $0.id == id ? $0.ordinal : result.claimsRead + 1 } ?? result.claimsRead + 1
    }

    /// The diagnostics made from now on are about the claim the next object makes (a JSON
    /// claim object, once the claim before is finished), or about none (`nil`).
    mutating func aboutNextClaim(_ next: Bool = true) {
        result.claimTag = next ? result.claimsRead + 1 : nil
    }

    /// Counts a row that could not be split into fields, so belongs to no claim.
    mutating func unattributedLine(_ d: Diagnostic) {
        result.linesRead += 1
        result.linesUnreadable += 1
        result.claimTag = nil
        result.add(d)
    }

    /// Adds one service line. `fields` holds every field present for the row (claim-level ones
    /// included, as CSV repeats them); `modifiers` are the modifier values in order.
    /// `claimLocation` is where the claim starts (the JSON claim object); for CSV it is the
    /// start of the claim's first row.
    mutating func addLine(_ fields: ClaimFields, modifiers: [RawValue], location: SourceLocation, claimLocation: SourceLocation? = nil, rowIsBroken: Bool = false) {
        var fields = fields
        result.linesRead += 1
        let idRaw = fields[.claimID]
        let id = idRaw?.text ?? ""
        if id.isEmpty {
            result.claimTag = nil
            error("the claim id is missing, so this line belongs to no claim; it is not checked", .claimID, idRaw, location: location, id: "input.missing-value")
            result.linesUnreadable += 1
            return
        }
        if current?.id != id {
            finishClaim()
            // One lookup for the usual new id: recorded with this line, restored if not new.
            var first = seen.updateValue(location.line, forKey: id)
            if let first {
                seen[id] = first
            } else if let lookup = earlierIDs, let line = lookup(id) {
                // An earlier part's id: that part's seen holds it.
                seen[id] = nil
                first = line
            }
            result.claimsRead += 1
            result.claimTag = result.claimsRead
            if let earlier = first {
                error("claim '\(id)' appears again (first at line \(earlier)); each claim needs its own id, and a claim's rows must be together. These lines are not checked", .claimID, idRaw, id: "input.claim-split")
                current = Pending(id: id, header: ClaimFields(), lineCount: 1, unreadable: true, location: location, ordinal: result.claimsRead, split: true)
                pointerCells.removeAll(keepingCapacity: true)
                return
            }
            let start = claimLocation ?? SourceLocation(file: location.file, line: location.line, column: 1)
            var header = spareHeader.take() ?? ClaimFields()
            header.setClaimLevel(of: fields)
            current = Pending(id: id, header: header, location: start, ordinal: result.claimsRead)
            pointerCells.removeAll(keepingCapacity: true)
        } else {
            result.claimTag = current!.ordinal
            // Claim-level fields repeated on later rows must agree with the first row.
            for f in ClaimFields.repeatedOnEachRow {
                guard let raw = fields[f], !raw.text.isEmpty else { continue }
                if let first = current!.header[f], !first.text.isEmpty {
                    if first.text != raw.text {
                        // Place of service and rendering NPI are a line's on the CMS-1500 (24B,
                        // 24J), so a line export's column of them varies by row: a row's own
                        // value is its line's, unless the row gives the line's in its column.
                        if let line = ClaimAssembler.lineField(of: f), fields[line]?.text.isEmpty ?? true {
                            fields[line] = raw
                            continue
                        }
                        if f == .memberID || f == .patientID || f == .birthDate {
                            // Member and patient ids are PHI: name the field, never the values.
                            warning("differs from the claim's first row (line \(first.line)); the first row's value is used", f, RawValue(text: "", line: raw.line, column: raw.column), id: "input.claim-field-differs")
                        } else {
                            warning("'\(raw.text)' differs from '\(first.text)' on the claim's first row (line \(first.line)); the first row's value is used", f, raw, id: "input.claim-field-differs")
                        }
                    }
                } else {
                    current!.header[f] = raw
                }
            }
        }
        current!.lineCount += 1
        // A hostile file cannot grow one claim without bound: past the limit the rows are
        // counted, not kept, and the claim is refused (as the X12 reader does).
        if current!.lineCount > ClaimAssembler.maxLines {
            if !current!.overLimit {
                current!.overLimit = true
                error("claim '\(id)' has more than \(ClaimAssembler.maxLines) service lines; it is refused and not checked. Split it into claims of at most \(ClaimAssembler.maxLines) lines (an 837P claim holds at most 50)", .claimID, idRaw, location: location, id: "input.too-many-lines")
                current!.unreadable = true
                current!.lines.removeAll()
                current!.suppressions.removeAll()
            }
            return
        }
        if let s = fields[.suppress] { parseSuppressions(s) }
        if rowIsBroken {
            current!.unreadable = true
            return
        }
        if let line = decodeLine(fields, modifiers: modifiers, location: location, ordinal: current!.lineCount) {
            if let dup = current!.lines.first(where: { $0.number == line.number }) {
                error("line number \(line.number) is used twice in claim '\(id)' (also at line \(dup.location.line)); number each service line once", .line, fields[.line], location: location, id: "input.duplicate-line-number")
                current!.unreadable = true
            } else {
                if let p = fields[.diagnosisPointers], !line.diagnosisPointers.isEmpty { pointerCells.append((current!.lines.count, p)) }
                current!.lines.append(line)
            }
        } else {
            current!.unreadable = true
        }
    }

    /// Counts a claim that has no service lines: read, and unreadable.
    mutating func addClaimWithoutLines(id: String, location: SourceLocation, linesLocation: SourceLocation) {
        finishClaim()
        result.claimsRead += 1
        result.countUnreadable(id: id.isEmpty ? nil : id, location: location, ordinal: result.claimsRead)
        result.claimTag = result.claimsRead
        error("claim '\(id)' has no service lines (a \"lines\" array of line objects); it is not checked", nil, nil, location: linesLocation, id: "input.missing-value")
        result.claimTag = nil
    }

    /// Counts a claim refused whole before its values were read (a JSON claim over the size
    /// limit), `id` if it was read, starting at `location`: read, unreadable, with `lines`
    /// lines read and unreadable, reported by `d`. Its id is not recorded (as a claim without
    /// lines).
    mutating func refuseClaim(_ d: Diagnostic, id: String?, location: SourceLocation, lines: Int) {
        finishClaim()
        result.claimsRead += 1
        result.countUnreadable(id: id, location: location, ordinal: result.claimsRead)
        result.linesRead += lines
        result.linesUnreadable += lines
        result.claimTag = result.claimsRead
        result.add(d)
        result.claimTag = nil
    }

    /// Ends the claim being assembled; call once more at the end of the file.
    mutating func finishClaim() {
        guard var p = current.take() else { return }
        result.claimTag = p.ordinal
        defer {
            p.header.removeAll()
            spareHeader = p.header
            result.claimTag = nil
        }
        // The claim's own values are read even when a line's could not be, so that all of its
        // problems are told at once (a missing member id was told only once the line's missing
        // code was fixed); a claim whose id was split has no values of its own. A claim read
        // is bound where it is made (through an optional it was copied, its arrays retained).
        if p.unreadable, !p.split { _ = decodeClaim(p) }
        guard !p.unreadable, let claim = decodeClaim(p) else {
            result.countUnreadable(id: p.id, location: p.location, ordinal: p.ordinal)
            result.linesUnreadable += p.lineCount
            if p.split { return }
            result.add(
                "input.claim-not-checked", .error,
                "claim '\(p.id)' is not checked: values of the claim or its lines could not be read (see the errors above); correct them and check its \(plural(p.lineCount, "line")) again",
                location: p.location, field: ClaimField.claimID.rawValue, value: p.id)
            return
        }
        if claim.isVoid { result.countVoid(id: claim.id, lines: claim.lines.count, location: claim.location, field: ClaimField.frequencyCode.rawValue) }
        if let onClaim { onClaim(claim) } else { result.claims.append(claim) }
        result.suppressions.append(contentsOf: p.suppressions)
    }

    private mutating func decodeClaim(_ p: Pending) -> Claim? {
        var ok = true
        let member = p.header[.memberID]
        if member?.text.isEmpty ?? true {
            error("the member id is missing; the edits need it to know which lines are the same patient's", .memberID, member, location: p.location, id: "input.missing-value")
            ok = false
        }
        let billing = npi(.billingNPI, p.header[.billingNPI], required: true, location: p.location)
        if billing == nil { ok = false }
        var rendering: NPI?
        if let r = p.header[.renderingNPI], !r.text.isEmpty {
            rendering = npi(.renderingNPI, r, required: false, location: p.location)
            if rendering == nil { ok = false }
        }
        var diagnoses: [DiagnosisCode] = []
        if let d = p.header[.diagnoses] {
            for part in d.text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " || $0 == "|" || $0 == ":" }) {
                guard let code = DiagnosisCode(part) else {
                    error("'\(part)' is not an ICD-10-CM code (a letter, a digit, then up to five letters or digits, e.g. M17.11)", .diagnoses, d)
                    ok = false
                    continue
                }
                diagnoses.append(code)
            }
            if diagnoses.count > 12 {
                error("\(diagnoses.count) diagnoses; a professional claim holds at most 12", .diagnoses, d)
                ok = false
            }
        }
        let pos = twoDigits(.placeOfService, p.header[.placeOfService])
        if pos == .invalid { ok = false }
        var frequency: String?
        if let f = p.header[.frequencyCode], !f.text.isEmpty {
            guard f.text.count == 1, f.text.first!.isNumber else {
                error("expected a one-digit claim frequency code (1 original, 7 replacement, 8 void)", .frequencyCode, f)
                return nil
            }
            frequency = f.text
        }
        for (i, line) in p.lines.enumerated() {
            for ptr in line.diagnosisPointers where ptr > diagnoses.count {
                // At the pointers' cell, whose value it gives. A claim without diagnoses has
                // nothing to point to (an 837P claim has at least one, in HI).
                error(
                    diagnoses.isEmpty
                        ? "pointer \(ptr) points to a diagnosis, but the claim has none: give the claim's diagnosis codes, or leave the pointers empty"
                        : "pointer \(ptr) points past the claim's \(plural(diagnoses.count, "diagnosis code"))",
                    .diagnosisPointers, pointerCells.first { $0.line == i }?.raw ?? RawValue(text: String(ptr), location: line.location))
                ok = false
            }
        }
        var birthDate: ServiceDate?
        if let b = p.header[.birthDate], !b.text.isEmpty {
            birthDate = ServiceDate(b.text)
            if let born = birthDate, commaIsDecimalMark { noteSlashDate(b, .birthDate, born, phi: true) }
            if birthDate == nil {
                // PHI: the value is not repeated in the report.
                let hint = dayFirstHint(b.text)
                error("the birth date is not a date: expected YYYY-MM-DD (also YYYYMMDD or M/D/YYYY)\(hint)", .birthDate, RawValue(text: "", line: b.line, column: b.column), id: "input.invalid-date")
                ok = false
            } else if let born = birthDate, let i = ServiceLine.earliest(before: born, in: p.lines) {
                error(
                    "the birth date (not repeated here) is after line \(p.lines[i].number)'s date of service, \(p.lines[i].date.iso); correct the birth date or the date of service",
                    .birthDate, RawValue(text: "", line: b.line, column: b.column), id: "input.invalid-date")
                ok = false
            }
        }
        guard ok, let billing else { return nil }
        var patient: String?
        if let pt = p.header[.patientID], !pt.text.isEmpty { patient = pt.text }
        return Claim(
            id: p.id, memberID: member!.text, patientID: patient, billingNPI: billing, renderingNPI: rendering,
            placeOfService: pos.value, frequencyCode: frequency, diagnoses: diagnoses, birthDate: birthDate, lines: p.lines, location: p.location)
    }

    /// For a number written with an exponent (JSON's `1e2`), that it is not read so; else "".
    static func exponentHint(_ text: String) -> String {
        let digits = text.filter { $0 != "e" && $0 != "E" && $0 != "+" && $0 != "-" && $0 != "." }
        guard text.contains(where: { $0 == "e" || $0 == "E" }), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "" }
        return "; a number with an exponent is not read: write it out (100, not 1e2)"
    }

    /// An optional field's outcome: absent, read, or reported as invalid.
    enum OptionalField: Equatable {
        case absent, value(String), invalid
        var value: String? { if case .value(let v) = self { v } else { nil } }
    }

    /// An amount as `Money` reads it: without a leading `$`, and without the commas of
    /// thousands when they are where thousands are (`1,250.00`; `1,25.00` stays as written).
    /// Not for a file delimited by semicolons (`decimalCommaNumber`).
    static func amountText(_ text: String) -> String {
        var t = Substring(text)
        if t.hasPrefix("$") { t = t.dropFirst() }
        // Bytes: `contains(",")` on a string is Foundation's search.
        guard t.utf8.contains(UInt8(ascii: ",")) else { return String(t) }
        let whole = t.prefix { $0 != "." }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              whole.allSatisfy({ $0 == "," || ($0.isASCII && $0.isNumber) })
        else { return String(t) }
        return String(t.filter { $0 != "," })
    }

    /// How a charge or a number of units of a file delimited by semicolons reads
    /// (`decimalCommaNumber`).
    enum DecimalCommaNumber: Equatable {
        /// The number as `Money` and `Units` read it (a decimal point, no separators), or the
        /// text as written when it is no number (they refuse it).
        case number(String)
        /// One separator after one to three digits (not 0), then exactly three digits:
        /// `1.000`, `1,500`. A dot may separate thousands and a comma is the decimal mark, or
        /// the other way round: the readings are written the way that reads unambiguously.
        case ambiguous(decimal: String, thousands: String)
    }

    /// A charge (a leading `$` dropped) or a number of units of a file delimited by
    /// semicolons, which a spreadsheet set for a locale whose decimal mark is a comma writes:
    /// a comma is the decimal mark (`125,00`, `0,5`), and dots before it separate thousands in
    /// groups of three (`1.250,00`). Without a comma a dot is the decimal mark (`125.00`, a
    /// file made elsewhere), unless there are dots between groups of three (`1.250.000`).
    /// `1.000` and `1,500` could be either: they are `ambiguous`, never guessed.
    static func decimalCommaNumber(_ text: String, dollarSign: Bool) -> DecimalCommaNumber {
        // The usual values without building arrays: digits alone (`2`), or with a decimal comma
        // and one or two digits after it (`125,00`), which is not ambiguous.
        var commaCount = 0, commaAt = 0, count = 0, digitsOnly = true
        for b in text.utf8 {
            if b == UInt8(ascii: ",") {
                commaCount += 1
                commaAt = count
            } else if b &- UInt8(ascii: "0") >= 10 {
                digitsOnly = false
                break
            }
            count += 1
        }
        if digitsOnly {
            if commaCount == 0 { return .number(text) }
            if commaCount == 1, commaAt > 0, case let after = count - commaAt - 1, after == 1 || after == 2 {
                let c = text.utf8.index(text.utf8.startIndex, offsetBy: commaAt)
                return .number(String(text[..<c]) + "." + String(text[text.utf8.index(after: c)...]))
            }
        }
        var t = Substring(text)
        if dollarSign, t.hasPrefix("$") { t = t.dropFirst() }
        var sign = ""
        if let s = t.first, s == "-" || s == "+" {
            sign = String(s)
            t = t.dropFirst()
        }
        let comma = UInt8(ascii: ","), dot = UInt8(ascii: ".")
        let u = Array(t.utf8)
        func digits(_ b: ArraySlice<UInt8>) -> Bool { b.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        // Digits with dots between groups of three (the first of one to three), without them.
        func grouped(_ b: ArraySlice<UInt8>) -> String? {
            let groups = b.split(separator: dot, omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.allSatisfy(digits) else { return nil }
            return String(decoding: b.filter { $0 != dot }, as: UTF8.self)
        }
        // `whole` and three digits after a lone separator: 1,500 or 1.500 may be 1.5 or 1500.
        func ambiguous(_ whole: ArraySlice<UInt8>, _ fraction: ArraySlice<UInt8>) -> DecimalCommaNumber? {
            guard (1...3).contains(whole.count), whole.first != UInt8(ascii: "0"), fraction.count == 3, digits(whole), digits(fraction) else { return nil }
            let w = String(decoding: whole, as: UTF8.self), f = String(decoding: fraction, as: UTF8.self)
            let decimal = f.hasSuffix("00") ? (f == "000" ? w : "\(w),\(f.prefix(1))") : (f.hasSuffix("0") ? "\(w),\(f.prefix(2))" : "\(w),\(f)")
            return .ambiguous(decimal: sign + decimal, thousands: sign + w + f)
        }
        let commas = u.indices.filter { u[$0] == comma }
        if commas.isEmpty {
            let dots = u.indices.filter { u[$0] == dot }
            if dots.count == 1 {
                return ambiguous(u[..<dots[0]], u[(dots[0] + 1)...]) ?? .number(sign + String(t))
            }
            if dots.count > 1, let n = grouped(u[...]) { return .number(sign + n) }
            return .number(sign + String(t))
        }
        guard commas.count == 1 else { return .number(text) }
        let whole = u[..<commas[0]], fraction = u[(commas[0] + 1)...]
        guard !fraction.isEmpty, digits(fraction) else { return .number(text) }
        if !whole.contains(dot) {
            if let a = ambiguous(whole, fraction) { return a }
            return .number(sign + String(decoding: whole, as: UTF8.self) + "." + String(decoding: fraction, as: UTF8.self))
        }
        guard let n = grouped(whole) else { return .number(text) }
        return .number(sign + n + "." + String(decoding: fraction, as: UTF8.self))
    }

    /// A charge or number of units of a file delimited by semicolons (`decimalCommaNumber`),
    /// read by `parse`; nil, told, when it cannot be read or is ambiguous.
    private mutating func decimalComma<T>(
        _ raw: RawValue, _ field: ClaimField, id: String, expected: String, example: String, parse: (String) -> T?
    ) -> T? {
        switch ClaimAssembler.decimalCommaNumber(raw.text, dollarSign: field == .charge) {
        case .number(let n):
            if let v = parse(n) { return v }
            error(
                "'\(raw.text)' is not \(expected): in a file delimited by semicolons the decimal mark is a comma (a dot may separate thousands): expected a number such as \(example)\(Self.exponentHint(raw.text))",
                field, raw, id: id)
        case .ambiguous(let decimal, let thousands):
            error(
                "'\(raw.text)' could be \(decimal) or \(thousands): in a file delimited by semicolons the decimal mark is a comma and a dot may separate thousands, but a file may use them the other way round, so one separator followed by three digits is not read. Write \(decimal) or \(thousands)",
                field, raw, id: id)
        }
        return nil
    }

    /// A slash date's first two numbers (`04/08/2024`: 4 and 8), nil for a date written
    /// otherwise.
    static func slashDateOrder(_ text: String) -> (first: Int, second: Int)? {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 3, let a = Int(Substring(parts[0])), let b = Int(Substring(parts[1])) else { return nil }
        return (a, b)
    }

    /// A date of a file delimited by semicolons, read (`date`) from `raw`: a slash date that
    /// could be day first (both numbers 12 or less, and not equal) is read month first, told
    /// once a file (`phi`: without its value, a birth date).
    private mutating func noteSlashDate(_ raw: RawValue, _ field: ClaimField, _ date: ServiceDate, phi: Bool) {
        // The date is read: a slash date's numbers are its month and day (not split again).
        guard commaIsDecimalMark, !toldAmbiguousDate, raw.text.utf8.contains(UInt8(ascii: "/")), case let (m, d) = (date.components.month, date.components.day),
              m <= 12, d <= 12, m != d
        else { return }
        toldAmbiguousDate = true
        let reading: String
        if phi {
            reading = "the birth date (not repeated here) is read month first (M/D/YYYY); a file delimited by semicolons comes from a spreadsheet whose locale may write dates day first (D/M/YYYY)"
        } else {
            let other = ServiceDate(year: date.components.year, month: d, day: m)?.iso ?? "?"
            reading = "'\(raw.text)' is read month first (M/D/YYYY), as \(date.iso); a file delimited by semicolons comes from a spreadsheet whose locale may write dates day first (D/M/YYYY: \(other))"
        }
        warning(
            reading + ". Every slash date of the file is read month first (told once a file): write its dates as YYYY-MM-DD",
            field, phi ? RawValue(text: "", line: raw.line, column: raw.column) : raw, id: "input.ambiguous-date")
    }

    /// For a date of a file delimited by semicolons that is not one because it is day first
    /// (`14/08/2024`), why; else "".
    private func dayFirstHint(_ text: String) -> String {
        guard commaIsDecimalMark, case let (d, m)? = ClaimAssembler.slashDateOrder(text), d > 12, (1...12).contains(m) else { return "" }
        return "; it looks day first (D/M/YYYY), as spreadsheets of a file delimited by semicolons may write dates, but slash dates are read month first: write the file's dates as YYYY-MM-DD"
    }

    private mutating func twoDigits(_ field: ClaimField, _ raw: RawValue?) -> OptionalField {
        guard let raw, !raw.text.isEmpty else { return .absent }
        var t = raw.text
        if t.count == 1, t.first!.isNumber { t = "0" + t }
        guard t.count == 2, t.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            error("'\(raw.text)' is not a place of service code: expected two digits (11 office, 21 inpatient, 22 outpatient...)", field, raw)
            return .invalid
        }
        return .value(t)
    }

    private mutating func npi(_ field: ClaimField, _ raw: RawValue?, required: Bool, location: SourceLocation) -> NPI? {
        guard let raw, !raw.text.isEmpty else {
            if required { error("the NPI is missing", field, raw, location: location, id: "input.missing-value") }
            return nil
        }
        guard let n = NPI(raw.text) else {
            error("'\(raw.text)' is not a valid NPI: \(NPI.problem(with: raw.text))", field, raw)
            return nil
        }
        return n
    }

    private mutating func decodeLine(_ f: ClaimFields, modifiers: [RawValue], location: SourceLocation, ordinal: Int) -> ServiceLine? {
        var ok = true
        var number = ordinal
        if let l = f[.line], !l.text.isEmpty {
            if let n = Int(l.text), n >= 1 { number = n } else {
                error("'\(l.text)' is not a line number: expected a whole number of 1 or more", .line, l)
                ok = false
            }
        }
        var code: ProcedureCode?
        if let c = f[.code], !c.text.isEmpty {
            code = ProcedureCode(c.text)
            if code == nil {
                error("'\(c.text)' is not a HCPCS/CPT code: \(ProcedureCode.shapes)", .code, c, id: "input.invalid-code")
                ok = false
            }
        } else {
            error("the procedure code is missing", .code, f[.code], location: location, id: "input.missing-value")
            ok = false
        }
        var mods = ModifierList()
        for m in modifiers where !m.text.isEmpty {
            guard let mod = Modifier(m.text) else {
                // Named by the column it is in: one of mod1..mod4 holds it, else the modifiers.
                let column = [ClaimField.mod1, .mod2, .mod3, .mod4].first { f[$0].map { $0.line == m.line && $0.column == m.column } == true } ?? .modifiers
                error("'\(m.text)' is not a modifier: expected two letters or digits such as 26, TC, 59 or RT", column, m, id: "input.invalid-modifier")
                ok = false
                continue
            }
            mods.append(mod)
        }
        var units: Units?
        if let u = f[.units], !u.text.isEmpty {
            if commaIsDecimalMark {
                units = decimalComma(u, .units, id: "input.invalid-units", expected: "a number of units", example: "1, 2 or 0,5 (at most three decimals; 0.5 reads too)") { Units($0) }
            } else {
                units = Units(u.text)
                if units == nil {
                    error("'\(u.text)' is not a number of units: expected a decimal number such as 1, 2 or 0.5 (at most three decimals)\(Self.exponentHint(u.text))", .units, u, id: "input.invalid-units")
                }
            }
            if units == nil { ok = false }
        } else {
            error("the units of service are missing", .units, f[.units], location: location, id: "input.missing-value")
            ok = false
        }
        var from: ServiceDate?
        if let d = f[.date], !d.text.isEmpty {
            from = ServiceDate(d.text)
            if let from, commaIsDecimalMark { noteSlashDate(d, .date, from, phi: false) }
            if from == nil {
                let hint = dayFirstHint(d.text)
                error("'\(d.text)' is not a date: expected YYYY-MM-DD (also YYYYMMDD or M/D/YYYY), a real calendar day\(hint)", .date, d, id: "input.invalid-date")
                ok = false
            }
        } else {
            error("the date of service is missing", .date, f[.date], location: location, id: "input.missing-value")
            ok = false
        }
        var dates: DateRange?
        if let from {
            dates = DateRange(from)
            if let t = f[.dateTo], !t.text.isEmpty {
                if let through = ServiceDate(t.text) {
                    if commaIsDecimalMark { noteSlashDate(t, .dateTo, through, phi: false) }
                    dates = DateRange(from: from, through: through)
                    if dates == nil {
                        error("the span ends on \(through.iso), before it starts on \(from.iso)", .dateTo, t, id: "input.invalid-date")
                        ok = false
                    }
                } else {
                    let hint = dayFirstHint(t.text)
                    error("'\(t.text)' is not a date: expected YYYY-MM-DD (also YYYYMMDD or M/D/YYYY)\(hint)", .dateTo, t, id: "input.invalid-date")
                    ok = false
                }
            }
        }
        var lineNPI: NPI?
        if let r = f[.lineRenderingNPI], !r.text.isEmpty {
            lineNPI = npi(.lineRenderingNPI, r, required: false, location: location)
            if lineNPI == nil { ok = false }
        }
        var charge: Money?
        if let c = f[.charge], !c.text.isEmpty {
            // As written first: the spreadsheet forms' clean-up costs only those who use them.
            if commaIsDecimalMark {
                charge = decimalComma(c, .charge, id: "input.invalid-value", expected: "an amount", example: "125,00 or 1.250,00 (125.00 reads too)") { Money($0) }
            } else {
                charge = Money(c.text) ?? Money(ClaimAssembler.amountText(c.text))
                if charge == nil {
                    error("'\(c.text)' is not an amount: expected dollars and cents such as 125.00 (also $1,250.00)\(Self.exponentHint(c.text))", .charge, c)
                }
            }
            if charge == nil { ok = false }
        }
        var pointers = DiagnosisPointers()
        if let p = f[.diagnosisPointers], !p.text.isEmpty {
            for part in p.text.split(whereSeparator: { $0 == ":" || $0 == "," || $0 == " " || $0 == ";" || $0 == "|" }) {
                if let n = Int(part), (1...12).contains(n) {
                    pointers.append(n)
                } else if part.count == 1, let a = part.first?.asciiValue, a >= UInt8(ascii: "A"), a <= UInt8(ascii: "L") {
                    pointers.append(Int(a - UInt8(ascii: "A")) + 1)  // CMS-1500 letters A-L
                } else {
                    error("'\(part)' is not a diagnosis pointer: expected 1-12 (or A-L)", .diagnosisPointers, p)
                    ok = false
                }
            }
            if pointers.count > 4 {
                error("\(pointers.count) pointers; a service line points to at most 4 diagnoses", .diagnosisPointers, p)
                ok = false
            }
        }
        let pos = twoDigits(.linePlaceOfService, f[.linePlaceOfService])
        if pos == .invalid { ok = false }
        guard ok, let code, let units, let dates else { return nil }
        return ServiceLine(
            number: number, code: code, modifiers: mods, units: units, dates: dates, renderingNPI: lineNPI,
            charge: charge, diagnosisPointers: pointers, placeOfService: pos.value, location: location)
    }

    /// `suppress` holds `RULE-ID: reason` entries separated by `;`; a reason is required.
    private mutating func parseSuppressions(_ raw: RawValue) {
        for entry in raw.text.split(separator: ";") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            let rule = parts.first.map { String($0).trimmingSpaces } ?? ""
            let reason = parts.count == 2 ? String(parts[1]).trimmingSpaces : ""
            guard !rule.isEmpty else { continue }
            // Whether the rule is one of ClaimLint's or of a pack loaded is the checker's to say
            // (`Checker.knownSuppressions`): the reader does not know the packs.
            guard !reason.isEmpty else {
                warning("the suppression of \(rule) has no reason; write 'RULE-ID: reason'. It is ignored", .suppress, raw, id: "input.invalid-suppression")
                continue
            }
            current!.suppressions.append(Suppression(rule: rule, claimID: current!.id, reason: reason, location: raw.location(in: file)))
        }
    }
}

/// A rule turned off for one claim, with the reason a person gave (CSV and JSON inputs).
public struct Suppression: Hashable, Sendable {
    /// A rule id, or a family followed by `.*`.
    public var rule: String
    public var claimID: String
    public var reason: String
    public var location: SourceLocation

    /// A suppression covers the claim in its own file: another file's claim with the same id
    /// is another claim.
    public func matches(_ f: Finding) -> Bool {
        guard f.claimID == claimID, f.location.file == location.file else { return false }
        if rule.hasSuffix(".*") { return f.family == String(rule.dropLast(2)) }
        return f.rule == rule
    }
}

/// A claim read and not checked: its id (nil when it has none, or it was refused before its id
/// was read), where it starts, and its ordinal among the claims of its file (1 for the first).
public struct UnreadableClaim: Hashable, Sendable {
    public var id: String?
    public var location: SourceLocation
    public var ordinal: Int

    public init(id: String?, location: SourceLocation, ordinal: Int) {
        self.id = id
        self.location = location
        self.ordinal = ordinal
    }
}

/// What a reader got from one claim file.
public struct ReadResult: Sendable {
    /// Claims that could be read, in file order.
    public var claims: [Claim] = []
    public var diagnostics: [Diagnostic] = []
    public var suppressions: [Suppression] = []
    /// Claims and service lines found in the file, readable or not.
    public var claimsRead = 0
    public var linesRead = 0
    /// Claims and lines that could not be read, and so were not checked.
    public var claimsUnreadable = 0
    public var linesUnreadable = 0
    /// The claims counted in `claimsUnreadable`, in file order (JUnit makes a test case of
    /// each, with the errors that name it, `Diagnostic.claimOrdinal`); empty when
    /// `listsUnreadableClaims` is false.
    public var unreadableClaims: [UnreadableClaim] = []
    /// Whether `unreadableClaims` lists the claims counted: false for a check whose report does
    /// not name them (only JUnit does), so that a file of a million claims that cannot be read
    /// does not hold a record of each (about 100 bytes) while it is read.
    var listsUnreadableClaims = true
    /// The ordinal of the claim the diagnostics added now are about (`Diagnostic.claimOrdinal`),
    /// set by the readers while they read one.
    var claimTag: Int?
    /// Lines read that no edit applies to (837I lines with a revenue code and no HCPCS code).
    public var linesSkipped = 0
    /// The parts the X12 and CSV parallel readers read the file in (1: read serially, or
    /// JSON); for tests.
    var parts = 1

    /// Diagnostics not listed, by id: a file lists at most `perID` diagnostics of an id (in
    /// file order), so that a hostile file cannot make one of each of millions of bad values
    /// (a 20 MB claim of 200,000 HI segments of bad codes made 2.4 million, and took 1.2 GB);
    /// the others are counted here, with the first of them. `ClaimFileReader` ends a file's
    /// diagnostics with one for each id saying how many more there are.
    public var unlisted: [String: Unlisted] = [:]
    /// Diagnostics listed, by id.
    private var listed: [String: Int] = [:]

    /// The diagnostics of an id past `perID`: how many, and the first of them.
    public struct Unlisted: Sendable, Equatable {
        public var first: Diagnostic
        public var count: Int
    }

    /// The id of the diagnostic a reader tells once a file (`input.ambiguous-date`): a
    /// later part's is not added to an earlier part's (`addDiagnostics`).
    static let oncePerFile = "input.ambiguous-date"

    /// The most diagnostics of one id a file lists.
    public static let perID = 1_000

    public init() {}

    /// Lists `d`, or counts it when `perID` diagnostics of its id are listed; about the claim
    /// of `claimTag` when `d` names none.
    mutating func add(_ d: Diagnostic) {
        var d = d
        if d.claimOrdinal == nil { d.claimOrdinal = claimTag }
        let n = listed[d.id, default: 0]
        if n < ReadResult.perID {
            listed[d.id] = n + 1
            diagnostics.append(d)
        } else if unlisted[d.id] == nil {
            unlisted[d.id] = Unlisted(first: d, count: 1)
        } else {
            unlisted[d.id]!.count += 1
        }
    }

    /// `d` about no one claim, whatever claim is being read (an envelope's problem, an ISA that
    /// stops the file).
    mutating func addAboutTheFile(_ d: Diagnostic) {
        let tag = claimTag
        claimTag = nil
        add(d)
        claimTag = tag
    }

    /// Counts the claim that starts at `location` (its `ordinal` in the file) as read and not
    /// checked, and lists it when `listsUnreadableClaims`.
    mutating func countUnreadable(id: String?, location: SourceLocation, ordinal: Int) {
        claimsUnreadable += 1
        if listsUnreadableClaims { unreadableClaims.append(UnreadableClaim(id: id, location: location, ordinal: ordinal)) }
    }

    /// Counts a diagnostic of `id` without it when it would only be counted (`perID` of its id
    /// listed, and the first not listed kept), and says so: a diagnostic need not be built then.
    mutating func skips(_ id: String) -> Bool {
        // Counted in place: `unlisted[id]?.count += 1` copied and released the whole entry.
        guard !unlisted.isEmpty, let i = unlisted.index(forKey: id) else { return false }
        unlisted.values[i].count += 1
        return true
    }

    /// Lists or counts a diagnostic, made only when it is listed (or is the first not listed):
    /// past the limit a file of millions of bad values does not format millions of messages.
    mutating func add(_ id: String, _ severity: Severity, _ message: @autoclosure () -> String, location: @autoclosure () -> SourceLocation?, field: @autoclosure () -> String?, value: @autoclosure () -> String?) {
        guard !skips(id) else { return }
        add(Diagnostic(id: id, severity: severity, message: message(), location: location(), field: field(), value: value()))
    }

    /// A claim read whole that is a void (frequency code 8, at `field`) cancels a claim sent
    /// before: the engine checks none of its lines, which count toward no other claim's edits
    /// (`BatchIndex`); they are counted as skipped, and an info note says why.
    mutating func countVoid(id: String, lines: Int, location: SourceLocation, field: String) {
        linesSkipped += lines
        add(
            "input.void-claim", .info,
            "claim '\(id)' is a void (frequency code 8): it cancels a claim sent before, so its \(plural(lines, "service line")) \(lines == 1 ? "is not checked and counts" : "are not checked and count") toward no other claim's edits",
            location: location, field: field, value: "8")
    }

    mutating func add(contentsOf ds: [Diagnostic]) {
        for d in ds { add(d) }
    }

    /// Adds the diagnostics of the next part of the same file (`listed`, then `unlisted`,
    /// those the part's reader did not list): as if one reader had read both parts.
    /// `claimsBefore`: the claims of the file before the part, which its claim ordinals follow.
    mutating func addDiagnostics(_ listed: [Diagnostic], unlisted: [String: Unlisted], claimsBefore: Int) {
        for var d in listed {
            // Told once a file (the first part's), as one reader tells it.
            if d.id == ReadResult.oncePerFile, self.listed[d.id] != nil { continue }
            if let k = d.claimOrdinal { d.claimOrdinal = k + claimsBefore }
            add(d)
        }
        for (id, u) in unlisted {
            if self.unlisted[id] == nil { self.unlisted[id] = u } else { self.unlisted[id]!.count += u.count }
        }
    }

    /// The diagnostics with one more for each id past `perID` (in the order of ids), saying
    /// how many are not listed, at the first of them.
    mutating func listUnlisted() {
        for (id, u) in unlisted.sorted(by: { $0.key < $1.key }) {
            var note = Diagnostic(
                id: id, severity: u.first.severity,
                message: "\(u.count) more \(id) \(u.count == 1 ? "problem" : "problems") from here on \(u.count == 1 ? "is" : "are") not listed; a file lists at most \(ReadResult.perID) of each kind",
                location: u.first.location)
            note.count = u.count
            diagnostics.append(note)
        }
        unlisted = [:]
    }

    /// Adds the counts, parts, suppressions and unreadable claims of `part`, the next part of
    /// the same file (the parallel readers' merges).
    mutating func addCounts(of part: ReadResult) {
        let before = claimsRead
        unreadableClaims += part.unreadableClaims.map { c in
            var c = c
            c.ordinal += before
            return c
        }
        claimsRead += part.claimsRead
        linesRead += part.linesRead
        claimsUnreadable += part.claimsUnreadable
        linesUnreadable += part.linesUnreadable
        linesSkipped += part.linesSkipped
        suppressions += part.suppressions
        parts += part.parts
    }
}
