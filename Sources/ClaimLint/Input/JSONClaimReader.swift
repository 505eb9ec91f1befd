/// Reads JSON claim files: `{"claims": [CLAIM, ...]}` or a bare array of claims. A claim holds
/// the claim-level fields of `ClaimField` and `"lines": [LINE, ...]`; values are strings or
/// numbers (`null` is absent); `modifiers`, `diagnoses` and `diagnosis_pointers` may be arrays.
enum JSONClaimReader {
    /// Reads the file's claims; with `onClaim` each claim is handed over as soon as it is read,
    /// and the result keeps none. The syntax of the whole file is checked first (a file that is
    /// not JSON has no claim checked), then the claims are parsed one at a time: only one
    /// claim's values are held at once.
    static func read(bytes: [UInt8], file: String, onClaim: ((Claim) -> Void)? = nil) throws(InputError) -> ReadResult {
        try bytes.withUnsafeBytes { read($0, file: file, onClaim: onClaim) }.get()
    }

    /// Reads JSON content in place. `releaseBehind`: when `bytes` is a private read-only file
    /// mapping the caller owns (`X12FileMapping`), the pages behind the parser are released in
    /// steps of that many bytes on both passes, so the file does not stay in memory.
    ///
    /// With `parts` over 1, a file over `minimumPartBytes` is parsed in up to that many parts
    /// (cut at claims, where the syntax check passed) on `threads` threads (default: the active
    /// processors), with the serial result: claims go to `onClaim` in file order, one call at a
    /// time, from the reading threads (`AssembledParts`). `listsUnreadableClaims`:
    /// `ReadResult.listsUnreadableClaims`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, onClaim: ((Claim) -> Void)?, releaseBehind: Int? = nil,
        parts: Int = 1, minimumPartBytes: Int = X12ParallelReader.defaultMinimumPartBytes, threads: Int? = nil, listsUnreadableClaims: Bool = true
    ) -> Result<ReadResult, InputError> {
        Result { () throws(InputError) -> ReadResult in
            try read(
                checked: bytes, file: file, onClaim: onClaim, releaseBehind: releaseBehind, parts: parts, minimumPartBytes: minimumPartBytes, threads: threads,
                listsUnreadableClaims: listsUnreadableClaims)
        }
    }

    private static func read(
        checked bytes: UnsafeRawBufferPointer, file: String, onClaim: ((Claim) -> Void)?, releaseBehind: Int?,
        parts: Int, minimumPartBytes: Int, threads: Int?, listsUnreadableClaims: Bool
    ) throws(InputError) -> ReadResult {
        let document: JSONParser.ClaimsDocument
        // Where parts start: a claim about every `size` bytes, the first claim first.
        var starts: [JSONParser.ItemStart] = []
        let size = X12ParallelReader.partBytes(total: bytes.count, parts: parts, minimum: minimumPartBytes)
        var nextStart = 0
        let recordStart: ((JSONParser.ItemStart) -> Void)? = parts > 1 && bytes.count > size ? { s in
            if s.offset >= nextStart {
                starts.append(s)
                nextStart = s.offset + size
            }
        } : nil
        // Claims too large to build, by offset, with their bytes.
        var large: [Int: Int] = [:]
        do {
            document = try JSONParser.claims(in: bytes, check: true, releaseBehind: releaseBehind, itemStart: recordStart, largeItem: { large[$0.offset] = $1 }) { _ in }
        } catch {
            throw InputError(Diagnostic(id: "input.invalid-json", severity: .error, message: "the file is not valid JSON: \(error.message)", location: SourceLocation(file: file, line: error.line, column: error.column)))
        }
        var assembler = ClaimAssembler(file: file, fieldKind: "key", listsUnreadableClaims: listsUnreadableClaims)
        assembler.onClaim = onClaim
        switch document {
        case .claims(let otherKeys):
            for k in otherKeys {
                assembler.warning("unknown key '\(k.key)' at the top level is ignored", nil, nil, location: SourceLocation(file: file, line: k.line, column: k.column), id: "input.unknown-column")
            }
        case .noClaimsKey(let line, let column):
            throw InputError(Diagnostic(id: "input.missing-column", severity: .error, message: "the top-level object has no \"claims\" array", location: SourceLocation(file: file, line: line, column: column), field: "claims"))
        case .claimsNotArray(let typeName, let line, let column):
            throw InputError(Diagnostic(id: "input.invalid-value", severity: .error, message: "\"claims\" must be an array, found \(typeName)", location: SourceLocation(file: file, line: line, column: column), field: "claims"))
        case .claimsTwice(let line, let column):
            throw InputError(Diagnostic(
                id: "input.duplicate-key", severity: .error,
                message: "a second \"claims\" key in the top-level object; which array holds is unclear, so no claim is read: put every claim in one \"claims\" array",
                location: SourceLocation(file: file, line: line, column: column), field: "claims"))
        case .notAContainer(let typeName, let line, let column):
            throw InputError(Diagnostic(id: "input.invalid-value", severity: .error, message: "expected an object with \"claims\" or an array of claims, found \(typeName)", location: SourceLocation(file: file, line: line, column: column)))
        }
        let largeClaims = large
        if starts.count > 1 {
            let starts = starts
            return AssembledParts.read(
                bytes, starts: starts.map(\.offset), first: assembler, threads: threads, releaseBehind: releaseBehind != nil, onClaim: onClaim
            ) { bytes, k, first, seen, handover in
                var a = k == 0 ? first : ClaimAssembler(file: file, fieldKind: "key", seen: seen, listsUnreadableClaims: listsUnreadableClaims)
                a.onClaim = nil
                handover?.attach(to: &a)
                JSONParser.claims(
                    in: bytes, from: starts[k], to: k + 1 < starts.count ? starts[k + 1].offset : nil, large: largeClaims,
                    onLarge: { refuseClaim(in: bytes, at: $0, size: $1, file: file, into: &a) }
                ) { readClaim($0, file: file, into: &a) }
                a.finishClaim()
                return AssembledParts.Part(result: a.result, seen: a.seen, following: k + 1, handover: handover)
            }
        }
        // The same bytes parsed again: no syntax error can occur.
        _ = try? JSONParser.claims(
            in: bytes, releaseBehind: releaseBehind, large: largeClaims,
            onLarge: { refuseClaim(in: bytes, at: $0, size: $1, file: file, into: &assembler) }
        ) { readClaim($0, file: file, into: &assembler) }
        assembler.finishClaim()
        return assembler.result
    }

    /// Counts a claim over `JSONParser.maxItemBytes` (`size` bytes) as read and not checked,
    /// with the lines of its "lines" array, all unreadable, and reports it.
    private static func refuseClaim(in bytes: UnsafeRawBufferPointer, at start: JSONParser.ItemStart, size: Int, file: String, into a: inout ClaimAssembler) {
        let (id, lines) = JSONParser.largeClaim(in: bytes, at: start, isID: { ClaimField.named($0) == .claimID }, idBytes: ClaimAssembler.longestClaimID)
        let what = id.map { "claim '\($0)'" } ?? "a claim"
        let location = SourceLocation(file: file, line: start.line, column: start.offset - start.lineStart + 1)
        a.refuseClaim(
            Diagnostic(
                id: "input.claim-too-large", severity: .error,
                message: "\(what) is \(size) bytes long, more than the \(JSONParser.maxItemBytes) this reader accepts; it is refused and not checked (\(plural(lines, "line")) counted as unreadable)",
                location: location, field: id == nil ? nil : ClaimField.claimID.rawValue, value: id),
            id: id, location: location, lines: lines)
    }

    private static func readClaim(_ node: JSONNode, file: String, into a: inout ClaimAssembler) {
        let location = SourceLocation(file: file, line: node.line, column: node.column)
        // Each object is a claim of its own: a reused id is reported, never merged.
        a.finishClaim()
        // What is told while the object is read is about its claim.
        a.aboutNextClaim()
        defer { a.aboutNextClaim(false) }
        guard case .object(let members) = node.value else {
            // A claim in the claims array, counted as one (it was counted as a line of none).
            a.refuseClaim(Diagnostic(id: "input.invalid-value", severity: .error, message: "a claim must be an object, found \(node.value.typeName); it is not checked", location: location), id: nil, location: location, lines: 0)
            return
        }
        var header = ClaimFields()
        var lines: [JSONNode]?
        var linesLocation = location
        // A key given twice leaves which value holds unclear (JSON does not say): the claim is
        // not checked, and every line of every "lines" array is counted.
        var claimBroken = false
        // The fields read, by their bits: a table per object cost an allocation a claim, and
        // comparing every key with the ones before grew with the square of a hostile object's
        // keys. Keys that are not read (warned about and ignored) are not checked.
        var seenFields: UInt64 = 0
        var seenLines = false
        for (k, m) in members.enumerated() {
            if m.key == "lines" {
                if seenLines {
                    claimBroken = true
                    duplicateKey(
                        m.key, at: SourceLocation(file: file, line: m.keyLine, column: m.keyColumn), first: members.prefix(k).first { $0.key == "lines" }!,
                        object: "claim", into: &a)
                } else {
                    linesLocation = SourceLocation(file: file, line: m.value.line, column: m.value.column)
                }
                seenLines = true
                if case .array(let items) = m.value.value { lines = (lines ?? []) + items }
                continue
            }
            guard let field = ClaimField.named(m.key), field.isClaimLevel else {
                a.warning("unknown claim key '\(m.key)' is ignored", nil, nil, location: SourceLocation(file: file, line: m.keyLine, column: m.keyColumn), id: "input.unknown-column")
                continue
            }
            if repeated(field, at: k, of: members, seen: &seenFields, object: "claim", broken: &claimBroken, file: file, into: &a) { continue }
            if let raw = scalar(m.value, field: field, file: file, into: &a, broken: &claimBroken) { header[field] = raw }
        }
        guard let lines, !lines.isEmpty else {
            a.addClaimWithoutLines(id: header[.claimID]?.text ?? "", location: location, linesLocation: linesLocation)
            return
        }
        // A claim object without an id is still a claim: counted with its lines, once (its
        // lines were counted as lines of no claim, each with the same error).
        if header[.claimID]?.text.isEmpty ?? true {
            a.refuseClaim(
                Diagnostic(
                    id: "input.missing-value", severity: .error,
                    message: "the claim has no claim_id, so it is not checked (its \(plural(lines.count, "line")) counted as unreadable); give each claim its id (the patient control number)",
                    location: header[.claimID]?.location(in: file) ?? location, field: ClaimField.claimID.rawValue, value: nil),
                id: nil, location: location, lines: lines.count)
            return
        }
        // One value for every line's fields, set to the claim's and filled line after line.
        var fields = ClaimFields()
        for lineNode in lines {
            let lineLocation = SourceLocation(file: file, line: lineNode.line, column: lineNode.column)
            guard case .object(let lm) = lineNode.value else {
                a.error("a service line must be an object, found \(lineNode.value.typeName)", nil, nil, location: lineLocation)
                a.addLine(header, modifiers: [], location: lineLocation, claimLocation: location, rowIsBroken: true)
                continue
            }
            fields.replaceAll(with: header)
            var modifiers: [RawValue] = []
            var broken = claimBroken
            var seenLineFields: UInt64 = 0
            for (k, m) in lm.enumerated() {
                // A line's place of service and rendering NPI under the claim's names (`pos`,
                // `rendering_npi`), as a CMS-1500 has them on each line, are the line's.
                guard let named = ClaimField.named(m.key), case let field = ClaimAssembler.lineField(of: named) ?? named,
                      !field.isClaimLevel || field == .suppress
                else {
                    a.warning("unknown line key '\(m.key)' is ignored", nil, nil, location: SourceLocation(file: file, line: m.keyLine, column: m.keyColumn), id: "input.unknown-column")
                    continue
                }
                if repeated(field, at: k, of: lm, seen: &seenLineFields, object: "line", broken: &broken, file: file, into: &a) { continue }
                switch field {
                case .modifiers, .mod1, .mod2, .mod3, .mod4:
                    // An array in `modifiers` only: `mod1`..`mod4` hold one each, and an array
                    // there is an error naming its key, as an object anywhere is.
                    if field == .modifiers, case .array(let items) = m.value.value {
                        for item in items {
                            if let raw = scalar(item, field: .modifiers, file: file, into: &a, broken: &broken) { modifiers.append(raw) }
                        }
                    } else if let raw = scalar(m.value, field: field, file: file, into: &a, broken: &broken) {
                        // Also kept as its field, for a diagnostic to name its key.
                        fields[field] = raw
                        if field == .modifiers {
                            for part in raw.text.split(whereSeparator: { " ,:;|-".contains($0) }) {
                                modifiers.append(RawValue(text: String(part), line: raw.line, column: raw.column))
                            }
                        } else if !raw.text.isEmpty {
                            modifiers.append(raw)
                        }
                    }
                default:
                    if let raw = scalar(m.value, field: field, file: file, into: &a, broken: &broken) { fields[field] = raw }
                }
            }
            a.addLine(fields, modifiers: modifiers, location: lineLocation, claimLocation: location, rowIsBroken: broken)
        }
    }

    /// Whether `field`, the key of `members[k]`, was read before in the object (its bit in
    /// `seen`, set here); if so it is reported against the first (`duplicateKey`) and `broken`
    /// is set: which value holds is unclear.
    private static func repeated(
        _ field: ClaimField, at k: Int, of members: [(key: String, keyLine: Int, keyColumn: Int, value: JSONNode)], seen: inout UInt64, object: String,
        broken: inout Bool, file: String, into a: inout ClaimAssembler
    ) -> Bool {
        let bit = UInt64(1) << UInt64(field.ordinal)
        defer { seen |= bit }
        guard seen & bit != 0 else { return false }
        broken = true
        let m = members[k]
        // The first member of the field, named as in this object: in a line object the claim's
        // names of a line field (`pos` for `line_pos`) are the line's.
        let first = members.prefix(k).first {
            guard let named = ClaimField.named($0.key) else { return false }
            return named == field || (object == "line" && ClaimAssembler.lineField(of: named) == field)
        } ?? m
        duplicateKey(m.key, at: SourceLocation(file: file, line: m.keyLine, column: m.keyColumn), first: first, object: object, into: &a)
        return true
    }

    /// Reports `key` at `place`, given before in the same claim or line object as `first`
    /// (under this name or another of the field's: `code` and `cpt`; a known field's name leads
    /// the message, as for its other errors).
    private static func duplicateKey(
        _ key: String, at place: SourceLocation, first: (key: String, keyLine: Int, keyColumn: Int, value: JSONNode), object: String,
        into a: inout ClaimAssembler
    ) {
        let field = ClaimField.named(key)
        let twice = (field == nil ? "key '\(key)' is given" : "given") + " twice in this \(object)"
        let at = "line \(first.keyLine), column \(first.keyColumn)"
        let before = first.key == key ? " (first at \(at))" : ", as '\(key)' here and as '\(first.key)' at \(at)"
        a.error("\(twice)\(before); which one holds is unclear, so the claim is not checked", field, nil, location: place, id: "input.duplicate-key")
    }

    /// A scalar as text; arrays of scalars (diagnoses, pointers) are joined with ';'. nil for
    /// `null` (absent, in an array too), and for a value that is not one (an object, or an array
    /// where one value belongs), which is reported and sets `broken`: the claim or line is not
    /// checked without it.
    private static func scalar(_ node: JSONNode, field: ClaimField, file: String, into a: inout ClaimAssembler, broken: inout Bool) -> RawValue? {
        switch node.value {
        case .string(let s): return RawValue(text: s.trimmingSpaces, line: node.line, column: node.column)
        case .number(let n): return RawValue(text: n, line: node.line, column: node.column)
        case .null: return nil
        case .array(let items) where field == .diagnoses || field == .diagnosisPointers:
            var parts: [String] = [], bad = false
            for item in items {
                if let r = scalar(item, field: field, file: file, into: &a, broken: &bad) { parts.append(r.text) } else if bad {
                    broken = true
                    return nil
                }
            }
            return RawValue(text: parts.joined(separator: ";"), line: node.line, column: node.column)
        default:
            a.error("expected a string or number, found \(node.value.typeName)", field, nil, location: SourceLocation(file: file, line: node.line, column: node.column))
            broken = true
            return nil
        }
    }
}
