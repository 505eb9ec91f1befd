/// A code's dates that the code table's rows do not carry (`ReferenceTables.codeDating`).
struct CodeDating: Sendable {
    var code: ProcedureCode
    /// A pack's own dates for the code (`codes.tsv` effective and deletion), kept for a CMS
    /// period whose fee schedule has no row for it (0856T in 2023).
    var effective: ServiceDate?
    var deletion: ServiceDate?
    /// What the loaded fee schedules show of the code on the dates of `absence.period`.
    var absence: CodeAbsence?

    init(code: ProcedureCode, effective: ServiceDate? = nil, deletion: ServiceDate? = nil, absence: CodeAbsence? = nil) {
        self.code = code
        self.effective = effective
        self.deletion = deletion
        self.absence = absence
    }

    var isEmpty: Bool { effective == nil && deletion == nil && absence == nil }
}

/// A code not in force in the fee schedule (PPRRVU) of a CMS period, judged against the fee
/// schedules of the other periods loaded (`CMSFolder.dateCodes`): made only for a period whose
/// PPRRVU is its own release, not one carried forward from another period.
struct CodeAbsence: Sendable {
    enum Kind: Sendable { case notYetEffective, deleted }
    var kind: Kind
    /// The dates judged: the period of the table set.
    var period: DateRange
    /// The fee schedule of `period` (file names) and the period it was released for.
    var schedule: String
    var schedulePeriod: DateRange
    /// The other fee schedule that decides: for `notYetEffective` the first later one that has
    /// the code in force, for `deleted` the last earlier one that has a row for it (none: the
    /// status here alone decides).
    var other: String?
    var otherPeriod: DateRange?
    /// The code's status in `schedule` when it has a row there (D or F), nil when it has none.
    var status: String?
    /// The code's status in `other` when that holds it deleted (D or F).
    var otherStatus: String?

    /// What the fee schedules show, for a finding's message.
    var explanation: String {
        let here = status.map { "has status \($0) (deleted) in" } ?? "is absent from"
        var text = "\(here) the fee schedule for \(schedulePeriod.description) (\(schedule))"
        if let other, let otherPeriod {
            switch kind {
            case .notYetEffective: text += " and first appears in that for \(otherPeriod.description) (\(other))"
            case .deleted:
                text += otherStatus.map { ", and that for \(otherPeriod.description) (\(other)) has it with status \($0) (deleted)" }
                    ?? ", though that for \(otherPeriod.description) (\(other)) has it"
            }
        }
        return text
    }
}

extension CMSFolder {
    /// A period's fee schedule of its own: the sets using it, and its files.
    struct FeeSchedule {
        var sets: [Int]
        var files: [Int]
        var period: DateRange
        var names: String
    }

    /// Dates the codes of each period whose PPRRVU is its own release (its file's period holds
    /// the set's: not a release carried forward from another period, nor a file without a
    /// period) by the fee schedules of the other such periods. A code not in force in a
    /// period's fee schedule (no row, or status D or F, deleted) is:
    /// - not yet effective there when a later fee schedule has it in force and no earlier one;
    /// - deleted when no later one has it in force, and an earlier one has it (in force or
    ///   deleted) or its row there has status D or F (a row of status D or F before a fee
    ///   schedule that has the code in force again gives nothing).
    /// A code no loaded fee schedule has (a code paid on another fee schedule) gets nothing,
    /// nor does a code absent between two fee schedules that have it. Status H (a deleted
    /// modifier) is that of a 26 or TC row, not the code's: only the code's global row counts.
    /// A row of status D or F gets a deletion date, the day before its period, so that the
    /// edit finds it among the dated rows it reads.
    static func dateCodes(_ tables: inout [ReferenceTables], _ schedules: [FeeSchedule]) {
        guard !schedules.isEmpty else { return }
        let ordered = schedules.sorted { ($0.period.from, $0.period.through) < ($1.period.from, $1.period.through) }
        // Per code, the schedules (indices into `ordered`) that have it in force, and those that hold it deleted.
        var inForce: [ProcedureCode: [Int]] = [:]
        var deleted: [ProcedureCode: [(Int, String)]] = [:]
        for (k, s) in ordered.enumerated() {
            for row in tables[s.sets[0]].codes.allRows where row.modifier == nil {
                if Self.deletedStatus.contains(row.status) {
                    deleted[row.code, default: []].append((k, row.status))
                } else {
                    inForce[row.code, default: []].append(k)
                }
            }
        }
        var codes = Set(inForce.keys)
        codes.formUnion(deleted.keys)
        for code in codes {
            let present = inForce[code] ?? []
            let held = deleted[code] ?? []
            for (k, s) in ordered.enumerated() where !present.contains(k) {
                let earlier = present.last { $0 < k }
                let earlierDeleted = held.last { $0.0 < k }
                let later = present.first { $0 > k }
                let status = held.first { $0.0 == k }?.1
                let kind: CodeAbsence.Kind
                var other: Int?
                var otherStatus: String?
                if let later, earlier == nil, earlierDeleted == nil, status == nil {
                    (kind, other) = (.notYetEffective, later)
                } else if later == nil, earlier != nil || earlierDeleted != nil || status != nil {
                    kind = .deleted
                    other = earlier
                    if let (d, st) = earlierDeleted, d > (earlier ?? -1) { (other, otherStatus) = (d, st) }
                } else {
                    continue
                }
                for i in s.sets {
                    guard let period = tables[i].period else { continue }
                    let absence = CodeAbsence(
                        kind: kind, period: period, schedule: s.names, schedulePeriod: s.period,
                        other: other.map { ordered[$0].names }, otherPeriod: other.map { ordered[$0].period },
                        status: status, otherStatus: otherStatus)
                    tables[i].codeDating.set(CodeTable.key(code, nil), CodeDating(code: code, absence: absence))
                    if status != nil, var row = tables[i].codes.row(code), row.effective == nil, row.deletion == nil {
                        row.deletion = period.from.advanced(by: -1)
                        tables[i].codes.insert(row)
                    }
                }
            }
        }
    }

    /// Statuses of a deleted code (DOMAIN §4): D deleted, F deleted without a grace period.
    static let deletedStatus: Set<String> = ["D", "F"]
}
