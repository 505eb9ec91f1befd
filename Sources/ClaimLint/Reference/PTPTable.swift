/// One NCCI procedure-to-procedure edit row: column 2 is denied when billed with column 1 by
/// the same provider for the same patient on the same date, while the row is in force.
public struct PTPRow: Sendable, Hashable {
    public var column1: ProcedureCode
    public var column2: ProcedureCode
    public var effective: ServiceDate
    /// Last day in force; nil while open (`*`).
    public var deletion: ServiceDate?
    /// 0: no modifier bypasses; 1: an NCCI-associated modifier bypasses; 9: not applicable.
    public var modifierIndicator: UInt8
    public var rationale: String

    public init(column1: ProcedureCode, column2: ProcedureCode, effective: ServiceDate, deletion: ServiceDate?, modifierIndicator: UInt8, rationale: String) {
        self.column1 = column1
        self.column2 = column2
        self.effective = effective
        self.deletion = deletion
        self.modifierIndicator = modifierIndicator
        self.rationale = rationale
    }

    public func inForce(on date: ServiceDate) -> Bool {
        date >= effective && (deletion.map { date <= $0 } ?? true)
    }
}

/// PTP rows, stored flat and compact (2.5 million rows in a full quarter), indexed by pair.
/// A pair can have several rows with different date ranges.
public struct PTPTable: Sendable {
    struct Packed: Sendable {
        var column1: UInt32
        var column2: UInt32
        var effective: Int32
        var deletion: Int32  // Int32.max while open
        var indicator: UInt8
        var rationale: UInt8
    }

    private var rows: [Packed] = []
    /// First row of each pair; rows of one pair are contiguous.
    private var index: [UInt64: UInt32] = [:]
    private var rationales: [String] = []

    /// An empty table.
    public init() {}

    public init(_ rows: some Sequence<PTPRow>) {
        var builder = Builder()
        for r in rows { builder.append(r) }
        self = builder.build()
    }

    static func key(_ c1: UInt32, _ c2: UInt32) -> UInt64 { UInt64(c1) << 32 | UInt64(c2) }

    /// Accumulates rows, then sorts and indexes them once.
    public struct Builder {
        var rows: [Packed] = []
        var rationales: [String] = []
        var rationaleIndex: [String: UInt8] = [:]

        public init() {}

        public mutating func reserveCapacity(_ n: Int) { rows.reserveCapacity(n) }

        public mutating func append(_ r: PTPRow) {
            append(column1: r.column1, column2: r.column2, effective: r.effective, deletion: r.deletion, indicator: r.modifierIndicator, rationale: r.rationale)
        }

        public mutating func append(column1: ProcedureCode, column2: ProcedureCode, effective: ServiceDate, deletion: ServiceDate?, indicator: UInt8, rationale: String) {
            let ri: UInt8
            if let i = rationaleIndex[rationale] {
                ri = i
            } else {
                precondition(rationales.count < 255, "more than 255 distinct PTP rationales")
                ri = UInt8(rationales.count)
                rationales.append(rationale)
                rationaleIndex[rationale] = ri
            }
            rows.append(Packed(
                column1: column1.rawValue, column2: column2.rawValue, effective: effective.daysSinceEpoch,
                deletion: deletion?.daysSinceEpoch ?? Int32.max, indicator: indicator, rationale: ri))
        }

        public func build() -> PTPTable {
            var table = PTPTable()
            table.rows = rows
            table.rationales = rationales
            table.rows.sort { a, b in
                if a.column1 != b.column1 { return a.column1 < b.column1 }
                if a.column2 != b.column2 { return a.column2 < b.column2 }
                return a.effective < b.effective
            }
            table.index.reserveCapacity(table.rows.count)
            var i = 0
            while i < table.rows.count {
                let k = PTPTable.key(table.rows[i].column1, table.rows[i].column2)
                table.index[k] = UInt32(i)
                i += 1
                while i < table.rows.count, PTPTable.key(table.rows[i].column1, table.rows[i].column2) == k { i += 1 }
            }
            return table
        }
    }

    public var count: Int { rows.count }
    public var pairCount: Int { index.count }

    /// The row for (column 1, column 2) in force on `date`, if any. Indicator 9 rows are returned
    /// too; the caller ignores them.
    public func row(_ column1: ProcedureCode, _ column2: ProcedureCode, on date: ServiceDate) -> PTPRow? {
        guard let start = index[PTPTable.key(column1.rawValue, column2.rawValue)] else { return nil }
        var i = Int(start)
        let d = date.daysSinceEpoch
        var found: Packed?
        while i < rows.count, rows[i].column1 == column1.rawValue, rows[i].column2 == column2.rawValue {
            let r = rows[i]
            if d >= r.effective, d <= r.deletion {
                // Prefer a row that is an edit (0 or 1) over a not-applicable one.
                if found == nil || found!.indicator == 9 { found = r }
            }
            i += 1
        }
        return found.map(unpack)
    }

    /// Whether the pair has any row, whatever its dates.
    public func hasPair(_ column1: ProcedureCode, _ column2: ProcedureCode) -> Bool {
        index[PTPTable.key(column1.rawValue, column2.rawValue)] != nil
    }

    /// Every row of a pair, oldest first.
    public func rows(_ column1: ProcedureCode, _ column2: ProcedureCode) -> [PTPRow] {
        guard let start = index[PTPTable.key(column1.rawValue, column2.rawValue)] else { return [] }
        var out: [PTPRow] = []
        var i = Int(start)
        while i < rows.count, rows[i].column1 == column1.rawValue, rows[i].column2 == column2.rawValue {
            out.append(unpack(rows[i]))
            i += 1
        }
        return out
    }

    public var allRows: [PTPRow] { rows.map(unpack) }

    private func unpack(_ r: Packed) -> PTPRow {
        PTPRow(
            column1: ProcedureCode(packed: r.column1), column2: ProcedureCode(packed: r.column2),
            effective: ServiceDate(daysSinceEpoch: r.effective),
            deletion: r.deletion == Int32.max ? nil : ServiceDate(daysSinceEpoch: r.deletion),
            modifierIndicator: r.indicator, rationale: rationales[Int(r.rationale)])
    }

    /// Rows of a later table replace every row of the same pair.
    mutating func overlay(_ other: PTPTable) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }  // a full CMS table into an empty set: no rebuild
        var builder = Builder()
        builder.reserveCapacity(count + other.count)
        for r in allRows where !other.hasPair(r.column1, r.column2) { builder.append(r) }
        for r in other.allRows { builder.append(r) }
        self = builder.build()
    }
}
