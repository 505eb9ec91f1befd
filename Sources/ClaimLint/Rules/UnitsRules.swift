/// `units`: units of service must be positive; codes counted per item take whole units, and
/// their count belongs in the units of one line.
enum UnitsRules {
    static let notPositive = RuleDescriptor(
        id: "units.not-positive", name: "Units of service not positive", severity: .error,
        summary: "Every service line reports more than zero units.",
        rationale: "X12 SV104 and box 24G carry a positive quantity; payers and clearinghouses reject zero or negative units.",
        source: "ASC X12 005010X222A1 SV104; CMS-1500 instructions, item 24G",
        examples: [
            RuleExample("99213 x1"),
            RuleExample("99213 x0", fires: ["1"]),
            RuleExample("99213 x-1", fires: ["1"]),
        ], denialCodes: ["CO-16", "M53"])

    static let fractional = RuleDescriptor(
        id: "units.fractional", name: "Fractional units on a code counted per item", severity: .error,
        summary: "A code whose units count items (each isolate, each aliquot, each lesion...) takes whole units.",
        rationale: "The units of a per-item code are the number of items; a fraction of an isolate or aliquot cannot be billed.",
        source: "CPT unit-of-service conventions; the bundled pack's counted rules (Rules/bundled.rules)",
        examples: [
            RuleExample("87253 x2"),
            RuleExample("87253 x1.5", fires: ["1"]),
            RuleExample("A0425 x12.5", note: "mileage is not counted per item and takes tenths"),
        ], denialCodes: ["CO-16", "M53"])

    static let duplicateLine = RuleDescriptor(
        id: "units.duplicate-line", name: "Counted code repeated on a second line", severity: .error,
        summary: "The same per-item code twice on one claim, date and rendering provider, without a distinguishing modifier (59, XE, XS, XP, XU, 76, 77, 91 or anatomic), is reported on the later line.",
        rationale: "For per-item codes the count belongs in the units of one line; a second identical line reads as a duplicate and is denied. Lines that carry a distinguishing modifier are separate services.",
        source: "CMS Medicare Claims Processing Manual, ch. 23 (units of service); NCCI Policy Manual, ch. I (MUE)",
        examples: [
            RuleExample("87253 x1; 87253 x1", fires: ["2"]),
            RuleExample("87253 x2"),
            RuleExample("87253 x1; 87253-59 x1", note: "59 marks a separate service"),
            RuleExample("87253-91 x1; 87253-91 x1", note: "repeat tests with 91 are reported one per line"),
            RuleExample("2024-08-14 | 87253 x1; 2024-08-15 | 87253 x1", note: "another date"),
            RuleExample("87253 x1 || 87253 x1", note: "another claim: the date total is the MUE's business"),
            RuleExample("87253 x1; 87253 x1 @1811111115", note: "another rendering provider: another service"),
            RuleExample("99213 x1; 99213 x1", note: "not a counted code: units.duplicate-service reports it"),
        ], denialCodes: ["CO-18"])

    static let duplicateService = RuleDescriptor(
        id: "units.duplicate-service", name: "Service line repeated exactly", severity: .error,
        summary: "A line with the same code, dates and modifiers as an earlier line of the same patient and provider, and no distinguishing modifier (59, XE, XS, XP, XU, 76, 77, 91 or anatomic), is reported on the later line: on one claim whatever its units, on another claim of the batch with the same units, unless either claim is a replacement (frequency 7). Codes counted per item are left to units.duplicate-line and the MUE totals; a J code (a drug, billed per NDC) is a warning.",
        rationale: "Payers deny the second of two identical services as an exact duplicate. A second line of the same code also splits a line edit: an MUE with MAI 1 judges each line alone unless a distinguishing modifier marks a separate service, so 400 miles of A0425 on two lines of 200 pass a limit of 250 per line. A separate service says so with 76 or 77 (repeat procedure), 91 (repeat laboratory test), 59/XE/XS/XP/XU or an anatomic modifier; lines whose modifiers differ (26 and TC, JW waste) are not compared. The engine does not read NDCs, and two lines of one drug code may bill two NDCs: for J codes the finding is a warning.",
        source: "CMS Medicare Claims Processing Manual, ch. 1 (duplicate claims), ch. 23 (units of service); NCCI Policy Manual, ch. I, section V (MUE, MAI 1)",
        examples: [
            RuleExample("99213 x1; 99213 x1", fires: ["2"]),
            RuleExample("A0425 x200; A0425 x200", fires: ["2"], note: "400 miles split under a per-line MUE of 250 (MAI 1)"),
            RuleExample("0856T x1; 88348 x1; 0856T x1", fires: ["3"]),
            RuleExample("99213 x1 || 99213 x1", fires: ["2/1"], note: "a claim sent twice"),
            RuleExample("A0425 x200; A0425 x100", fires: ["2"], note: "on one claim the units need not match"),
            RuleExample("J1100-JZ x4; J1100-JZ x4", fires: ["2"], note: "a warning: the lines may bill two NDCs"),
            RuleExample("99213 x1"),
            RuleExample("71045 x1; 71045-76 x1", note: "76 marks a repeat procedure"),
            RuleExample("20610-RT x1; 20610-LT x1", note: "anatomic modifiers"),
            RuleExample("84132 x1; 84132-91 x1; 84132-91 x1", note: "91 marks a repeat test for a new result"),
            RuleExample("88305-26 x1; 88305-TC x1", note: "other modifiers: the components"),
            RuleExample("J1100-JZ x4; J1100-JW x2", note: "JW marks the drug wasted"),
            RuleExample("87253 x1; 87253 x1", note: "a code counted per item: units.duplicate-line's"),
            RuleExample("87253 x1 || 87253 x1", note: "a code counted per item on another claim: the MUE totals judge it"),
            RuleExample("99213 x1 || 99213-25 x1", note: "other modifiers"),
            RuleExample("A0425 x200 || A0425 x50", note: "another claim with other units"),
            RuleExample("2024-08-14 | 99213 x1; 2024-08-15 | 99213 x1", note: "another date"),
            RuleExample("99213 x1 || 99213 x1 @1811111115", note: "another provider"),
            RuleExample("99213 x1 || member=M2 : 99213 x1", note: "another patient"),
            RuleExample("99213 x1 || freq=7 : 99213 x1", note: "a replacement repeats the claim it corrects"),
        ], denialCodes: ["CO-18"])

    static let all = [notPositive, fractional, duplicateLine, duplicateService]

    static func check(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        let units = index.units(of: e)
        if !units.isPositive {
            sink.emit(notPositive, e) { "\(describe(e)) has \(units) units; units of service must be more than zero. Correct the quantity or remove the line." }
        } else if !units.isWhole, let per = tables.pointee.counted[e.code] {
            sink.emit(fractional, e) { "\(describe(e)) has \(units) units, but its units count each \(per); report a whole number of \(per)s." }
        }
    }

    static func check(claim c: Int, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        let entries = index.entries(ofClaim: c)
        guard entries.count > 1 else { return }
        // Most claims repeat no code on a date: then no table is looked at.
        if entries.count <= 32 {
            var repeats = false
            search: for i in entries.indices {
                for j in entries.indices where j > i && entries[j].code == entries[i].code && entries[j].date == entries[i].date {
                    repeats = true
                    break search
                }
            }
            if !repeats { return }
        }
        // By rendering provider too (a claim's lines share its patient: the group tells the
        // provider): two providers' lines of one code are two services.
        struct Key: Hashable { var code: ProcedureCode; var date: ServiceDate; var group: Int32 }
        var first: [Key: LineEntry] = [:]
        for e in entries {
            guard let per = countedCopy(e, sets: sets) else { continue }
            let key = Key(code: e.code, date: e.date, group: e.group)
            if let earlier = first[key] {
                let number = index.number(of: earlier)
                sink.emit(duplicateLine, e) {
                    "\(describe(e)) repeats line \(number) (\(describe(earlier))) on \(e.date.iso); its units count each \(per), so report the total in the units of line \(number), or add 59/XS/91 or an anatomic modifier if this is a separate service."
                }
            } else {
                first[key] = e
            }
        }
    }

    /// What the units of a line `units.duplicate-line` compares count (`per`): the line's
    /// code is counted per item and it carries no distinguishing modifier, so its copies on
    /// its claim, date and rendering provider are one service whose count belongs in one line's units. Nil for any
    /// other line. The edit and the add-on edits (asking whether a primary is paid) both judge
    /// by this.
    @inline(__always)
    static func countedCopy(_ e: LineEntry, sets: TableSets) -> String? {
        guard !e.modifiers.containsAny(of: Modifier.distinguishingBits) else { return nil }
        // Through the set's address: binding the set would retain its tables.
        return (sets.baseAddress! + Int(e.tableSet)).pointee.counted[e.code]
    }
}

// MARK: - Denials, for the add-on edits

extension UnitsRules {
    /// Which units edits count, for the add-on edits: those whose findings are errors under
    /// the packs' switches (`FindingSink.addonDenials`).
    struct Denials {
        /// `units.not-positive` or `units.fractional`: the line's own units.
        var line: Bool
        var duplicateLine: Bool
        var duplicateService: Bool
        var duplicate: Bool { duplicateLine || duplicateService }
    }

    /// The rule of the edit of a line's own units that denies the line `e` (units not more
    /// than zero, or a fraction of a code counted per item), as `check(line:tables:index:sink:)`
    /// judges it, run as a probe of `sink` (an error it would record denies); nil when the
    /// units are valid. For the add-on edits, which pay an add-on only with a paid primary.
    static func denial(of e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) -> UInt32? {
        sink.startProbe()
        check(line: e, tables: tables, index: index, sink: &sink)
        return sink.endProbe()
    }

    /// The rule of the duplicate edit that denies the line at `j` as a repeat of an earlier
    /// line among the lines of its patient, provider and date (`run`, in batch order), of those
    /// `counting` holds; nil when it repeats none, or the edit's finding on it is not an error
    /// (a J code's repeat is a warning). The first copy is paid: only a later
    /// one is denied. `units.duplicate-line` compares the lines of a claim, date and rendering
    /// provider (`countedCopy`), as `run` holds them. `units.duplicate-service` is
    /// `repeats(_:_:index:sets:)`, at the first earlier line it holds for, as `check(group:)`
    /// reports it; its finding is weighed as a probe of `sink`. For the add-on edits, which pay
    /// an add-on only with a paid primary.
    static func duplicate(of j: Int32, in run: EntryRun, index: BatchIndex, sets: TableSets, counting: Denials, sink: inout FindingSink) -> UInt32? {
        let e = index.entries[Int(j)]
        // Positions as integers, as `check(group:)` walks them.
        for k in run.startIndex..<run.endIndex {
            let o = run[k]
            if o == j { break }
            let a = index.entries[Int(o)]
            guard a.code == e.code else { continue }
            if a.claim == e.claim, counting.duplicateLine, countedCopy(e, sets: sets) != nil, countedCopy(a, sets: sets) != nil {
                return duplicateLine.number
            }
            if counting.duplicateService, repeats(e, a, index: index, sets: sets) {
                sink.startProbe()
                report(e, repeating: a, index: index, sink: &sink)
                return sink.endProbe()
            }
        }
        return nil
    }
}

// MARK: - units.duplicate-service

extension UnitsRules {
    /// Runs of one date up to this length are compared pair by pair; a longer run's lines are
    /// first sorted by code, in temporary room (an 837P claim holds 50 lines, but a run may be
    /// several claims' and is bounded only by `BatchIndex.maxLinesPerDate`).
    static let pairwiseRun = 16

    /// Reports each line that repeats an earlier line of its (patient, provider) group on its
    /// date (`repeats(_:_:index:sets:)`), at its first such line. Runs of one date are in batch
    /// order, so "earlier" is the batch's order.
    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        guard group.count > 1, sink.makes(duplicateService) else { return }
        index.forEachDate(in: group) { run in
            guard run.count > 1 else { return }
            if run.count <= pairwiseRun {
                // Positions as integers: `run.indices` of the slice went through generic
                // metadata at each run (about 120 instructions a line, callgrind).
                for j in (run.startIndex + 1)..<run.endIndex {
                    let e = index.entries[Int(run[j])]
                    for i in run.startIndex..<j {
                        let a = index.entries[Int(run[i])]
                        guard a.code == e.code, repeats(e, a, index: index, sets: sets) else { continue }
                        report(e, repeating: a, index: index, sink: &sink)
                        break
                    }
                }
                return
            }
            // (code, place in the run), sorted: the lines of a code together, in batch order.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: run.count) { room in
                var keys = room
                for (k, t) in run.enumerated() {
                    keys[k] = UInt64(index.entries[Int(t)].code.rawValue) << 32 | UInt64(k)
                }
                keys.sort()
                var start = 0
                while start < keys.count {
                    var end = start + 1
                    while end < keys.count, keys[end] >> 32 == keys[start] >> 32 { end += 1 }
                    for j in (start + 1)..<end {
                        let e = index.entries[Int(run[run.startIndex + Int(truncatingIfNeeded: keys[j] & 0xFFFF_FFFF)])]
                        for i in start..<j {
                            let a = index.entries[Int(run[run.startIndex + Int(truncatingIfNeeded: keys[i] & 0xFFFF_FFFF)])]
                            guard repeats(e, a, index: index, sets: sets) else { continue }
                            report(e, repeating: a, index: index, sink: &sink)
                            break
                        }
                    }
                    start = end
                }
            }
        }
    }

    /// Whether `e` repeats `a`, an earlier line of its group with its code and date: the same
    /// last day, the same modifiers (in any order) and none that distinguishes a separate
    /// service, and not a code counted per item (`units.duplicate-line` reports those within a
    /// claim, the MUE's date totals across claims). Across claims also the same units (a claim
    /// sent twice; other units are more likely another or a corrected bill, which the MUE
    /// totals judge), and neither claim a replacement (frequency 7), which repeats the claim it
    /// corrects by design.
    @inline(__always)
    private static func repeats(_ e: LineEntry, _ a: LineEntry, index: BatchIndex, sets: TableSets) -> Bool {
        guard e.modifiers.count == a.modifiers.count else { return false }
        if e.modifiers.count <= 4 {
            guard !e.modifiers.containsAny(of: Modifier.distinguishingBits) else { return false }
            if e.modifiers.packed != a.modifiers.packed {
                for m in e.modifiers where !a.modifiers.contains(m) { return false }
                for m in a.modifiers where !e.modifiers.contains(m) { return false }
            }
        } else {
            let em = index.modifiers(of: e), am = index.modifiers(of: a)
            guard !em.containsAny(of: Modifier.distinguishing) else { return false }
            for m in em where !am.contains(m) { return false }
            for m in am where !em.contains(m) { return false }
        }
        guard index.through(of: e) == index.through(of: a),
              // Through the set's address: binding the set would retain its tables.
              (sets.baseAddress! + Int(e.tableSet)).pointee.counted[e.code] == nil
        else { return false }
        if e.claim == a.claim { return true }
        return index.units(of: e) == index.units(of: a) && !index.isReplacement(claim: e.claim) && !index.isReplacement(claim: a.claim)
    }

    @inline(never)
    private static func report(_ e: LineEntry, repeating a: LineEntry, index: BatchIndex, sink: inout FindingSink) {
        let number = index.number(of: a), earlier = LineName(a), provider = index.provider(of: e)
        let claim = a.claim == e.claim ? nil : index.claimID(of: a)
        let drug = e.code.isDrugCode
        sink.emit(duplicateService, e, severity: drug ? .warning : nil) {
            let place = claim.map { "claim \($0) line \(number)" } ?? "line \(number)"
            let fix = claim.map { "Remove the line, or send this claim as a replacement (frequency 7) if it corrects claim \($0)," }
                ?? "Report the service once, with its total units on one line,"
            let ndc = drug ? " \(e.code) is a drug: lines of different NDCs (not checked) are separate, so this is a warning." : ""
            return "\(describe(e)) on \(e.date.iso) repeats \(place) (\(earlier.text)) for the same patient and provider \(provider), with the same modifiers and none that marks a separate service: payers deny it as a duplicate. \(fix) or add 76/77, 91, 59/XE/XS/XP/XU or an anatomic modifier if it is a separate service.\(ndc)"
        }
    }
}
