/// MUE adjudication indicator.
public enum MUEAdjudication: UInt8, Sendable, Hashable {
    /// Each line is compared with the limit.
    case line = 1
    /// Units of a code on one date are summed; absolute, not appealable.
    case dateOfServicePolicy = 2
    /// Summed as for 2; denied, but payable on appeal with documentation.
    case dateOfServiceClinical = 3
}

/// A medically unlikely edit: the most units of a code a provider reports for one patient.
public struct MUERow: Sendable, Hashable {
    public var code: ProcedureCode
    /// Units allowed; 0 allows none.
    public var value: Int
    public var adjudication: MUEAdjudication
    public var rationale: String

    public init(code: ProcedureCode, value: Int, adjudication: MUEAdjudication, rationale: String = "") {
        self.code = code
        self.value = value
        self.adjudication = adjudication
        self.rationale = rationale
    }
}

/// MUEs keyed by code. A code absent from the table has no published MUE.
public struct MUETable: Sendable {
    private var rows = CodeKeyedMap<MUERow>()

    public init(_ rows: some Sequence<MUERow> = []) {
        for r in rows { insert(r) }
    }

    public subscript(code: ProcedureCode) -> MUERow? { rows[UInt64(code.rawValue)] }
    /// A code's units and adjudication without its rationale, for the edits that look up every
    /// line: a row copied for each retained and released its rationale text, an atomic count
    /// shared by every thread that checks lines.
    func limit(_ code: ProcedureCode) -> (value: Int, adjudication: MUEAdjudication)? {
        rows.read(UInt64(code.rawValue)) { ($0.value, $0.adjudication) }
    }
    public mutating func insert(_ row: MUERow) { rows.set(UInt64(row.code.rawValue), row) }
    public var count: Int { rows.count }
    /// Every row, in the order first inserted.
    public var allRows: [MUERow] { rows.values }

    mutating func overlay(_ other: MUETable) {
        for r in other.rows.values { insert(r) }
    }
}
