/// `mue`: medically unlikely edits. MAI 1 compares each line with the limit; MAI 2 and 3 sum a
/// code's units for one patient, provider and date across the batch.
enum MUERules {
    static let lineLimit = RuleDescriptor(
        id: "mue.line-limit", name: "Units over the MUE on one line (MAI 1)", severity: .error,
        summary: "A line's units exceed the code's MUE, for codes whose MUE adjudication indicator is 1 (line edit).",
        rationale: "With MAI 1 each claim line is compared with the MUE; over it, all units of the line are denied. Lines with 59, XE, XS, XP, XU, 76, 77, 91 or anatomic modifiers are judged alone.",
        source: "CMS NCCI Medically Unlikely Edits; Medicare NCCI Policy Manual, ch. I, section V",
        examples: [
            RuleExample("A0425 x250"),
            RuleExample("A0425 x251", fires: ["1"]),
            RuleExample("A0425 x200; A0425-59 x200", note: "lines are judged one by one"),
        ], denialCodes: ["N362"])

    static let dateLimit = RuleDescriptor(
        id: "mue.date-limit", name: "Units over the MUE on one date (MAI 2, not appealable)", severity: .error,
        summary: "The units of a code for one patient, provider and date, summed across the batch, exceed the MUE, for codes with MAI 2 (policy). Reported on every line of the code on that date in the claim whose units bring the total over it: all are denied; earlier claims' units stand, and a denied claim's do not count against later ones.",
        rationale: "MAI 2 sums the units of all lines of the code on the date; over the MUE, all are denied. It is absolute: modifiers do not bypass it and appeal does not overturn it. An MUE of 0 allows no units.",
        source: "CMS NCCI Medically Unlikely Edits; Medicare NCCI Policy Manual, ch. I, section V",
        examples: [
            RuleExample("37224 x1; 37252 x1; 37253 x5"),
            RuleExample("37224 x1; 37252 x1; 37252-59 x1", fires: ["2", "3"], note: "37252 MUE 1; 59 does not help; both lines are denied"),
            RuleExample("27447-RT x1; 27447-LT x1", fires: ["1", "2"], note: "RT and LT lines count toward the MUE"),
            RuleExample("27447-50 x1"),
            RuleExample("27447 x1 || 27447 x1", fires: ["2/1"], note: "summed across claims of the batch; the first claim's unit stands"),
            RuleExample("27447 x1 || 27447 x1 || 27447 x1", fires: ["2/1", "3/1"], note: "a denied claim's units do not count against the next"),
            RuleExample("2024-08-14 | 27447 x1 || 2024-08-15 | 27447 x1", note: "another date"),
            RuleExample("27447 x1 @1811111115 || 27447 x1", note: "another provider"),
        ], denialCodes: ["N362"])

    static let dateLimitAppealable = RuleDescriptor(
        id: "mue.date-limit-appealable", name: "Units over the MUE on one date (MAI 3, appealable)", severity: .error,
        summary: "As mue.date-limit, for codes with MAI 3 (clinical): denied, but payable on appeal with documentation of medical necessity.",
        rationale: "MAI 3 sums units like MAI 2; the MUE reflects clinical data, so a denial can be appealed with documentation.",
        source: "CMS NCCI Medically Unlikely Edits; Medicare NCCI Policy Manual, ch. I, section V",
        examples: [
            RuleExample("89353 x1"),
            RuleExample("89353 x2", fires: ["1"], note: "89353 MUE 1, MAI 3"),
            RuleExample("87253 x2", note: "87253 MUE 2"),
            RuleExample("84132 x1; 84132-91 x1", note: "84132 MUE 2: a repeat with 91 fits"),
            RuleExample("84132 x1; 84132-91 x1; 84132-91 x1", fires: ["1", "2", "3"], note: "91 does not raise the limit; all three lines are denied"),
        ], denialCodes: ["N362"])

    static let all = [lineLimit, dateLimit, dateLimitAppealable]

    static func check(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        guard let limit = tables.pointee.mue.limit(e.code), limit.adjudication == .line, case let units = index.units(of: e), units > Units(limit.value),
              let mue = tables.pointee.mue[e.code]
        else { return }
        sink.emit(lineLimit, e) {
            "\(describe(e)) has \(units) units; the MUE for \(e.code) is \(mue.value) per line (MAI 1\(rationale(mue))), so the line's units are denied. \(mue.value == 0 ? "An MUE of 0 means no units of \(e.code) are payable; remove the line" : "Report at most \(mue.value) on this line; a separate service goes on its own line with 59/XS, 76, 77, 91 or an anatomic modifier")."
        }
    }

    /// Sums units per (date, code) within one patient and provider, claim by claim in batch
    /// order. A claim whose units of a code bring the date's total over the MUE has every line
    /// of the code on that date denied (MAI 2 and 3 deny them all); the units of earlier claims
    /// stand (they were paid first), and a denied claim's units are not added to the total.
    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        index.forEachDate(in: group) { run in
            // The totals in temporary room on the stack (an array per run was an allocation and
            // a free for nearly every group of a batch), for up to `CodeTotals.roomCount` codes:
            // a longer run (the oversized ones have no bound) keeps the others in an array, so
            // the memory follows its codes, not its lines. `paid` holds the earlier claims'
            // totals, `claim` the current claim's.
            let room = min(run.count, CodeTotals.roomCount)
            withUnsafeTemporaryAllocation(of: CodeTotals.Total.self, capacity: 2 * room) { rooms in
                var paid = CodeTotals(room: UnsafeMutableBufferPointer(rebasing: rooms[..<room]))
                var claim = CodeTotals(room: UnsafeMutableBufferPointer(rebasing: rooms[room...]))
                // Within one date the run is in batch order, so a claim's lines are together.
                var start = run.startIndex
                while start < run.endIndex {
                    let c = index.entries[Int(run[start])].claim
                    var end = start
                    var over = false
                    while end < run.endIndex, case let e = index.entries[Int(run[end])], e.claim == c {
                        let units = index.units(at: Int(run[end]))
                        end += 1
                        guard units.isPositive, let limit = sets[Int(e.tableSet)].mue.limit(e.code), limit.adjudication != .line else { continue }
                        let total = claim.add(units, to: e.code)
                        if !over, (paid.total(of: e.code) ?? Units(0)) + total > Units(limit.value) { over = true }
                    }
                    if over { deny(run[start..<end], paid: paid, claim: &claim, index: index, sets: sets, sink: &sink) }
                    // The last claim's totals are not needed (one claim is the usual run).
                    if end < run.endIndex {
                        paid.add(claim)
                        claim.removeAll()
                    }
                    start = end
                }
            }
        }
    }

    /// Which MUE edits count, by adjudication indicator: the packs' switches may turn a rule
    /// off or make it a warning.
    struct Adjudications {
        var line: Bool, policy: Bool, clinical: Bool
        var any: Bool { line || policy || clinical }
    }

    /// The MUE by which an edit that `counting` holds denies the line at `j` among the lines of
    /// its patient, provider and date (`run`, in batch order), as `check(line:)` and
    /// `check(group:)` judge it: its own units over a line limit (MAI 1); or with MAI 2 or 3,
    /// its claim's units of the code, with the earlier claims' paid ones, over the limit. Nil
    /// when its units are paid. For the add-on edits, which pay an add-on only with a paid
    /// primary.
    static func denial(of j: Int32, in run: EntryRun, index: BatchIndex, sets: TableSets, counting: Adjudications) -> Int? {
        let e = index.entries[Int(j)]
        guard let limit = sets[Int(e.tableSet)].mue.limit(e.code) else { return nil }
        let value = Units(limit.value)
        switch limit.adjudication {
        case .line:
            return counting.line && index.units(at: Int(j)) > value ? limit.value : nil
        case .dateOfServicePolicy:
            guard counting.policy else { return nil }
        case .dateOfServiceClinical:
            guard counting.clinical else { return nil }
        }
        var paid = Units.zero, claimUnits = Units.zero
        var claim = index.entries[Int(run[run.startIndex])].claim
        for i in run {
            let a = index.entries[Int(i)]
            if a.claim != claim {
                if claim == e.claim { break }
                if paid + claimUnits <= value { paid = paid + claimUnits }
                claim = a.claim
                claimUnits = .zero
            }
            guard a.code == e.code, case let u = index.units(at: Int(i)), u.isPositive else { continue }
            claimUnits = claimUnits + u
        }
        return paid + claimUnits > value ? limit.value : nil
    }

    /// Reports every line of `lines` (a claim's lines on one date) whose code's units, with
    /// `paid`'s, are over the MUE, and takes those codes out of `claim`'s totals: a denied
    /// claim's units are not paid, so they do not count against later claims.
    @inline(never)
    private static func deny(_ lines: EntryRun, paid: borrowing CodeTotals, claim: inout CodeTotals, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        var denied: Set<ProcedureCode> = []
        for i in lines {
            let e = index.entries[Int(i)]
            guard index.units(at: Int(i)).isPositive, let limit = sets[Int(e.tableSet)].mue.limit(e.code), limit.adjudication != .line,
                  let units = claim.total(of: e.code), case let total = (paid.total(of: e.code) ?? Units(0)) + units, total > Units(limit.value),
                  let mue = sets[Int(e.tableSet)].mue[e.code]
            else { continue }
            denied.insert(e.code)
            // The message's values are kept in the finding's record (an MUE past 32 bits, which
            // no table has, in a function's).
            let message = DateTotalMessage(
                total: total, provider: index.provider(of: e), rationale: mue.rationale, date: e.date, value: Int32(clamping: mue.value),
                policy: mue.adjudication == .dateOfServicePolicy)
            let recorded: RecordedMessage
            if Int(message.value) == mue.value {
                recorded = .dateTotal(message)
            } else {
                let code = e.code, value = mue.value
                recorded = .written(.deferred { message.write(code: code, value: value) })
            }
            // Each rule passed where it is, not chosen into a copy (which retains each of its
            // texts, shared by every thread).
            if message.policy { sink.emit(dateLimit, e, message: recorded) } else { sink.emit(dateLimitAppealable, e, message: recorded) }
        }
        for code in denied { claim.clear(code) }
    }

    /// An MUE date-total finding's message as its record keeps it, in 41 bytes
    /// (`RecordedMessage`); its code is the finding's.
    struct DateTotalMessage: Sendable {
        var total: Units
        var provider: NPI
        var rationale: String
        var date: ServiceDate
        var value: Int32
        /// MAI 2 (policy); else MAI 3 (clinical).
        var policy: Bool

        /// The message, given the line's code.
        func text(code: ProcedureCode) -> MessageText {
            .deferred { [self] in write(code: code, value: Int(value)) }
        }

        func write(code: ProcedureCode, value: Int) -> String {
            let why = rationale.isEmpty ? "" : "; rationale: \(rationale)"
            let place = "for this patient by provider \(provider) on \(date.iso)"
            if policy {
                return "\(code) totals \(total) units \(place) with this claim; the MUE is \(value) per date (MAI 2, policy\(why)). Over it, every unit of \(code) this claim bills on that date is denied, this line's with them; the denial is not appealable and modifiers do not bypass it. \(value == 0 ? "An MUE of 0 means no units of \(code) are payable; remove its lines." : "Correct the units across the lines of \(code) to at most \(value) in all.")"
            }
            return "\(code) totals \(total) units \(place) with this claim; the MUE is \(value) per date (MAI 3, clinical\(why)). Over it, every unit of \(code) this claim bills on that date is denied, this line's with them; the denial is appealable with documentation of medical necessity."
        }
    }

    /// Units per code on one date: the first `roomCount` in temporary room, any others in an
    /// array; a short list searched in order for the usual few codes, with a hash table of
    /// their places for a long run.
    private struct CodeTotals: ~Copyable {
        struct Total {
            var code: ProcedureCode
            var units: Units
        }

        /// How many totals the room holds.
        static let roomCount = 32

        /// The first totals, in the first `count` places of `room` (bitwise values: the room
        /// needs no deinitializing), then `more`.
        private let room: UnsafeMutableBufferPointer<Total>
        private var count = 0
        private var more: [Total] = []
        private var positions: [ProcedureCode: Int]?

        init(room: UnsafeMutableBufferPointer<Total>) {
            self.room = room
            if room.count > 16 { positions = [:] }
        }

        private func position(of code: ProcedureCode) -> Int? {
            if let positions { return positions[code] }
            // Past the room too, so that the search does not depend on the room holding a short
            // run whole.
            if let p = room[..<count].firstIndex(where: { $0.code == code }) { return p }
            return more.firstIndex { $0.code == code }.map { room.count + $0 }
        }

        /// The total at place `p` (in the room, then in `more`).
        private subscript(p: Int) -> Total {
            get { p < room.count ? room[p] : more[p - room.count] }
            set { if p < room.count { room[p] = newValue } else { more[p - room.count] = newValue } }
        }

        /// `code`'s total; nil when it has none.
        func total(of code: ProcedureCode) -> Units? {
            position(of: code).map { self[$0].units }
        }

        /// Adds `u` to `code`'s total and returns the new total.
        @discardableResult
        mutating func add(_ u: Units, to code: ProcedureCode) -> Units {
            if let p = position(of: code) {
                self[p].units = self[p].units + u
                return self[p].units
            }
            positions?[code] = count + more.count
            if count < room.count {
                (room.baseAddress! + count).initialize(to: Total(code: code, units: u))
                count += 1
            } else {
                more.append(Total(code: code, units: u))
            }
            return u
        }

        /// Adds each of `other`'s totals.
        mutating func add(_ other: borrowing CodeTotals) {
            for t in other.room[..<other.count] { add(t.units, to: t.code) }
            for t in other.more { add(t.units, to: t.code) }
        }

        /// Sets `code`'s total to zero.
        mutating func clear(_ code: ProcedureCode) {
            if let p = position(of: code) { self[p].units = .zero }
        }

        mutating func removeAll() {
            count = 0
            more.removeAll(keepingCapacity: true)
            positions?.removeAll(keepingCapacity: true)
        }
    }

    private static func rationale(_ mue: MUERow) -> String {
        mue.rationale.isEmpty ? "" : "; rationale: \(mue.rationale)"
    }
}
