/// `ptp`: NCCI procedure-to-procedure edits. For two lines of the same patient, provider and
/// date anywhere in the batch, the (column 1, column 2) row in force on that date denies the
/// column 2 line, unless its modifier indicator is 1 and either line has an NCCI-associated
/// modifier.
enum PTPRules {
    static let pair = RuleDescriptor(
        id: "ptp.pair", name: "NCCI PTP pair, modifier allowed (indicator 1)", severity: .error,
        summary: "A column 2 code billed with its column 1 code (same patient, provider, date) is denied unless an NCCI-associated modifier on either line shows they are distinct services.",
        rationale: "NCCI pairs bundle the column 2 code into the column 1 code. With modifier indicator 1 an NCCI-associated modifier bypasses the edit when the documentation supports it: anatomic E1-E4 FA F1-F9 TA T1-T9 LT RT LC LD LM RC RI on either line when they show different sites (not the same ones on both lines), 58 78 79 and 91 on either line; 24 25 57 only on an E/M line (they describe E/M services); 59 XE XS XP XU only on a line that is not an E/M (59 marks a distinct service other than an E/M); 27 never (outpatient hospital claims only, not the practitioner edits).",
        source: "CMS NCCI procedure-to-procedure edits, practitioner; Medicare NCCI Policy Manual, ch. I, section E",
        examples: [
            RuleExample("27447-RT x1; 20610-LT x1", note: "indicator 1: anatomic modifiers bypass"),
            RuleExample("27447-RT x1; 20610-RT x1", fires: ["2"], note: "the same anatomic modifier on both lines is one site: no bypass"),
            RuleExample("27447 x1; 20610-RT x1", note: "an anatomic modifier on one line bypasses"),
            RuleExample("27447 x1; 20610 x1", fires: ["2"]),
            RuleExample("20610 x1; 27447 x1", fires: ["1"], note: "the finding is on the column 2 line, whatever the order"),
            RuleExample("27447 x1 || 20610 x1", fires: ["2/1"], note: "the pair on two claims of the batch"),
            RuleExample("27447 x1 || 2024-08-15 | 20610 x1", note: "another date"),
            RuleExample("27447 x1 @1811111115; 20610 x1", note: "another provider"),
            RuleExample("27447 x1; 20610-59 x1", note: "59 bypasses indicator 1"),
            RuleExample("11042 x1; 99214-25 x1", note: "25 on the E/M bypasses 11042/99214"),
            RuleExample("11042 x1; 99214-59 x1", fires: ["2"], note: "59 on an E/M bypasses nothing: 25 is the E/M's modifier"),
            RuleExample("11042-25 x1; 99214 x1", fires: ["2"], note: "25 on the procedure bypasses nothing"),
            RuleExample("27447 x1; 20610-27 x1", fires: ["2"], note: "27 is for outpatient hospital claims"),
        ], denialCodes: ["CO-236", "CO-97", "M80"])

    static let pairNoBypass = RuleDescriptor(
        id: "ptp.pair-no-bypass", name: "NCCI PTP pair, no modifier allowed (indicator 0)", severity: .error,
        summary: "A column 2 code billed with its column 1 code (same patient, provider, date) under an edit with modifier indicator 0: it is denied whatever the modifiers.",
        rationale: "With modifier indicator 0 no modifier bypasses the edit; the column 2 service is never paid with the column 1 service on the same date.",
        source: "CMS NCCI procedure-to-procedure edits, practitioner; Medicare NCCI Policy Manual, ch. I, section E",
        examples: [
            RuleExample("45380 x1; 45378-59 x1", fires: ["2"], note: "indicator 0: 59 cannot bypass"),
            RuleExample("45380 x1; 45378 x1", fires: ["2"]),
            RuleExample("86352 x1; 86353 x1", fires: ["2"]),
            RuleExample("45380 x1 || 2024-08-15 | 45378 x1", note: "another date"),
            RuleExample("45380 x1; 45378 x1", note: "a row deleted before the date of service is not in force", tables: deletedColonoscopyPair),
        ], denialCodes: ["CO-236", "CO-97", "M80"])

    static let deletedColonoscopyPair = ["ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t45378\t2024-01-01\t2024-06-30\t0\n"]

    static let all = [pair, pairNoBypass]

    /// Which edits count, by modifier indicator: the packs' switches may turn one rule off.
    struct Indicators {
        var zero: Bool, one: Bool
        var any: Bool { zero || one }
    }

    /// Whether two lines' modifiers bypass an indicator 1 edit between them (NCCI Policy Manual
    /// ch. I, E): 58, 78, 79 and 91 on either line; 24, 25 and 57 on an E/M; 59 and X{EPSU} on
    /// a line that is not an E/M; 27 (outpatient hospital) on none; anatomic modifiers on
    /// either line when they show different sites, so not the same ones on both (27447-RT and
    /// 27310-RT are one knee, which the edit bundles).
    @inline(__always) static func bypass(_ a: LineEntry, _ b: LineEntry) -> Bool {
        bypasses(a) || bypasses(b) || anatomicSitesDiffer(a, b)
    }

    @inline(__always) private static func bypasses(_ e: LineEntry) -> Bool {
        e.modifiers.containsAny(of: Modifier.ptpBypassBits)
            || e.modifiers.containsAny(of: e.code.isEvaluationAndManagement ? Modifier.ptpBypassOnEMBits : Modifier.ptpBypassNotEMBits)
    }

    /// Whether either line has an anatomic modifier the other has not.
    private static func anatomicSitesDiffer(_ a: LineEntry, _ b: LineEntry) -> Bool {
        for m in a.modifiers where Modifier.anatomicBits.contains(m) && !b.modifiers.contains(m) { return true }
        for m in b.modifiers where Modifier.anatomicBits.contains(m) && !a.modifiers.contains(m) { return true }
        return false
    }

    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        index.forEachDate(in: group) { run in
            if run.count > 1 { checkDate(run, index: index, sets: sets, sink: &sink) }
        }
    }

    /// Lines of one patient, provider and date. Each column 2 line gets at most one finding.
    private static func checkDate(_ run: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        // A run is in batch order (`BatchIndex.forEachDate`), so "the first column 1 line" is
        // the same whatever the grouping. An edit whose rule a pack disables is passed over, so
        // that it does not hide an edit of the other indicator.
        let made = sink.ptpMade
        guard made.any else { return }
        for c2 in run {
            guard let (a, packed) = blocking(c2, in: run, index: index, sets: sets, counting: made) else { continue }
            let b = index.entries[Int(c2)]
            // Through the set's address, as `blocking` reads it.
            let (row, rationaleID) = (sets.baseAddress! + Int(b.tableSet)).pointee.ptp.rowAndRationaleID(of: packed)
            report(column1: a, column2: b, row: row, rationaleID: rationaleID, index: index, sink: &sink)
        }
    }

    /// The column 1 line, and the edit's row, by which a PTP edit of an indicator `counting`
    /// holds denies the line at `c2` among the lines of its patient, provider and date (`run`);
    /// nil when none does. Indicator 0 outranks indicator 1 as the reason given. The add-on
    /// edits ask it of a primary, leaving out the add-on line itself (`excluding`): an add-on
    /// does not unpay its own primary.
    static func blocking(
        _ c2: Int32, in run: EntryRun, index: BatchIndex, sets: TableSets, counting: Indicators, excluding: Int32 = -1
    ) -> (LineEntry, PTPTable.Packed)? {
        let b = index.entries[Int(c2)]
        // Through the set's address: binding `sets[i].ptp` would retain the table's arrays.
        let set = sets.baseAddress! + Int(b.tableSet)
        // The rows in force on the date of service, by their own dates, also when the date is
        // outside the set's period (the nearest set): a CMS quarter's PTP file keeps each
        // edit's history, so an edit added on the quarter's first day did not hold before it.
        // The rows compared as the table packs them: a `PTPRow`, whose rationale text a copy
        // retains, is made only for the row reported.
        var blocking: (LineEntry, PTPTable.Packed)?
        for c1 in run where c1 != c2 && c1 != excluding {
            let a = index.entries[Int(c1)]
            guard let row = row(denying: b, by: a, tables: set, counting: counting) else { continue }
            if blocking == nil || (blocking!.1.indicator == 1 && row.indicator == 0) { blocking = (a, row) }
        }
        return blocking
    }

    /// The row of a PTP edit of an indicator `counting` holds by which line `a`, as column 1,
    /// denies line `b` (of the same patient, provider and date; `tables`, `b`'s set), as
    /// `blocking` weighs each line; nil when none does.
    @inline(__always) static func row(
        denying b: LineEntry, by a: LineEntry, tables: UnsafePointer<ReferenceTables>, counting: Indicators
    ) -> PTPTable.Packed? {
        guard a.code != b.code, let row = tables.pointee.ptp.packedRow(a.code, b.code, on: b.date), row.indicator != 9 else { return nil }
        if row.indicator == 0 ? !counting.zero : !counting.one { return nil }
        if row.indicator == 1, bypass(a, b) { return nil }
        return row
    }

    private static func report(column1 a: LineEntry, column2 b: LineEntry, row: PTPRow, rationaleID: UInt16?, index: BatchIndex, sink: inout FindingSink) {
        let noBypass = row.modifierIndicator == 0
        // The message's values are kept in the finding's record: the column 1 line by position,
        // its claim id and number looked up when the finding is named, the rationale by the
        // number the table gave it (one past the numbered ones is kept in a function's values).
        let message: RecordedMessage
        if let rationale = rationaleID {
            message = .pair(PairMessage(
                first: LineName(a), secondModifiers: b.modifiers, rationale: rationale, firstPosition: Int32(index.position(of: a)),
                date: b.date, effective: row.effective, deletion: row.deletion?.daysSinceEpoch ?? Int32.max, noBypass: noBypass))
        } else {
            let names = PairText(
                other: a.claim == b.claim ? nil : index.claimID(of: a), number: index.number(of: a), first: LineName(a), second: LineName(b),
                date: b.date, effective: row.effective, deletion: row.deletion, rationale: row.rationale)
            message = .written(.deferred { noBypass ? names.noBypassText : names.pairText })
        }
        // Each rule passed where it is, not chosen into a copy (which retains each of its
        // texts, shared by every thread).
        if noBypass { sink.emit(pairNoBypass, b, message: message) } else { sink.emit(pair, b, message: message) }
    }

    /// A PTP finding's message as its record keeps it, in 45 bytes (`RecordedMessage`): the
    /// column 2 line is the finding's (its code is the finding's), the column 1 line is named by
    /// its batch position, the rationale by its number in `MessageStrings`.
    struct PairMessage: Sendable {
        var first: LineName
        var secondModifiers: PackedModifiers
        var rationale: UInt16
        var firstPosition: Int32
        var date: ServiceDate, effective: ServiceDate
        /// `Int32.max` while open.
        var deletion: Int32
        var noBypass: Bool

        /// The message, given the column 2 code, the column 1 line's claim id (nil when the same
        /// claim) and its number.
        func text(code: ProcedureCode, other: String?, number: Int) -> MessageText {
            let names = PairText(
                other: other, number: number, first: first, second: LineName(modifiers: secondModifiers, code: code), date: date,
                effective: effective, deletion: deletion == Int32.max ? nil : ServiceDate(daysSinceEpoch: deletion),
                rationale: MessageStrings.string(rationale))
            return noBypass ? .deferred { names.noBypassText } : .deferred { names.pairText }
        }
    }

    /// What a PTP finding's message names.
    private struct PairText: Sendable {
        /// The column 1 line's claim, when it is another claim.
        var other: String?
        var number: Int
        var first: LineName, second: LineName
        var date: ServiceDate, effective: ServiceDate, deletion: ServiceDate?
        var rationale: String

        var head: String {
            let place = other.map { "claim \($0) line \(number)" } ?? "line \(number)"
            // A pack's `pair` rule without `effective:` has no start date.
            let dates = effective != PTPRow.alwaysInForce ? "in force \(effective.iso)..\(deletion?.iso ?? "open")"
                : deletion.map { "in force through \($0.iso)" } ?? "in force on every date"
            let why = rationale.isEmpty ? "" : "; rationale: \(rationale)"
            return "\(second.text) is the column 2 code of NCCI pair \(first.code)/\(second.code) (\(dates)\(why)) with \(first.text) on \(place), same patient, provider and date \(date.iso)"
        }

        var noBypassText: String {
            let present = (second.modifiers.map(\.text) + first.modifiers.map(\.text))
            let mods = present.isEmpty ? "" : " The modifier\(present.count == 1 ? "" : "s") present (\(present.joined(separator: ", "))) cannot help."
            return "\(head). Modifier indicator 0: no modifier bypasses this edit, and \(second.code) is denied.\(mods) Remove \(second.code) unless it was performed at a separate encounter on another date."
        }

        var pairText: String {
            "\(head). Modifier indicator 1: \(second.code) is denied unless the services were distinct; if the documentation supports it, add an NCCI-associated modifier (XS, XE, XP, XU or 59, an anatomic modifier such as RT/LT, or 25/57 on an E/M)."
        }
    }
}
