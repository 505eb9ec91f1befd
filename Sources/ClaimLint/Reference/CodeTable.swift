/// The fee schedule's global days for a code (PPRRVU GLOB DAYS).
public enum GlobalDays: String, Sendable, Hashable, CaseIterable {
    case zero = "000", ten = "010", ninety = "090"
    case maternity = "MMM", notApplicable = "XXX", contractor = "YYY", addOn = "ZZZ"
}

/// One row of the code table: the fee schedule's indicators for a (code, modifier) pair.
/// The row with no modifier is the code's global row; `26`, `TC` and `53` rows exist only where
/// the fee schedule prices that component.
public struct CodeRow: Sendable, Hashable {
    public var code: ProcedureCode
    public var modifier: Modifier?
    /// Status code (A, B, C, D, E, I, M, N, R, T, X...): one ASCII letter.
    public var status: String {
        get { String(UnicodeScalar(statusCode)) }
        set { statusCode = newValue.utf8.first ?? 0 }
    }
    /// The fee schedule's status codes (PPRRVU STATUS CODE): a pack's `codes.tsv` may give no
    /// other (a lower-case `b` passed, and no status edit knew it).
    public static let statusCodes = "ABCDEFGHIJMNPRTX"
    /// `status` as its byte, as the edits read it: kept as a byte, the row holds no reference,
    /// so the lookup of a line's row copies it as bytes (a `String` status made each copy call
    /// the row's value witness, about 50 instructions a line, callgrind).
    public var statusCode: UInt8
    /// PC/TC indicator, 0-9.
    public var pctc: UInt8
    public var global: GlobalDays
    public var multipleProcedure: UInt8
    public var bilateral: UInt8
    public var assistant: UInt8
    public var coSurgeon: UInt8
    public var team: UInt8
    public var endoscopicBase: ProcedureCode?
    /// The code's own first and last valid dates of service, where known.
    public var effective: ServiceDate?
    public var deletion: ServiceDate?

    public init(
        code: ProcedureCode, modifier: Modifier? = nil, status: String, pctc: UInt8, global: GlobalDays,
        multipleProcedure: UInt8 = 9, bilateral: UInt8 = 9, assistant: UInt8 = 9, coSurgeon: UInt8 = 9, team: UInt8 = 9,
        endoscopicBase: ProcedureCode? = nil, effective: ServiceDate? = nil, deletion: ServiceDate? = nil
    ) {
        self.code = code
        self.modifier = modifier
        self.statusCode = status.utf8.first ?? 0
        self.pctc = pctc
        self.global = global
        self.multipleProcedure = multipleProcedure
        self.bilateral = bilateral
        self.assistant = assistant
        self.coSurgeon = coSurgeon
        self.team = team
        self.endoscopicBase = endoscopicBase
        self.effective = effective
        self.deletion = deletion
    }
}

/// Code rows keyed by (code, modifier).
public struct CodeTable: Sendable {
    private var rows = CodeKeyedMap<CodeRow>()
    /// The codes whose global row has status T (paid only when no other fee schedule service is
    /// billed that day): 8 in CY2024, so the status edit compares a date's lines with them
    /// rather than looking each line's row up.
    private var injectionOnly: [ProcedureCode] = [] {
        didSet { injectionFilter = injectionOnly.reduce(0) { $0 | CodeTable.filterBit($1) } }
    }
    /// A bit for each code of `injectionOnly`, so that most lines are told apart from them
    /// by one test (a search of the list for every line of a date with others took about 95
    /// instructions a line, callgrind).
    private var injectionFilter: UInt64 = 0

    private static func filterBit(_ code: ProcedureCode) -> UInt64 {
        1 << ((code.rawValue &* 0x9E37_79B1) >> 26)
    }

    public init(_ rows: some Sequence<CodeRow> = []) {
        for r in rows { insert(r) }
    }

    static func key(_ code: ProcedureCode, _ modifier: Modifier?) -> UInt64 {
        UInt64(code.rawValue) << 16 | UInt64(modifier?.rawValue ?? 0)
    }

    /// Adds a row, replacing any row for the same (code, modifier).
    public mutating func insert(_ row: CodeRow) {
        rows.set(CodeTable.key(row.code, row.modifier), row)
        noteStatus(row)
    }

    private mutating func noteStatus(_ row: CodeRow) {
        guard row.modifier == nil else { return }
        if row.status == "T" {
            if !injectionOnly.contains(row.code) { injectionOnly.append(row.code) }
        } else if !injectionOnly.isEmpty, let i = injectionOnly.firstIndex(of: row.code) {
            injectionOnly.remove(at: i)
        }
    }

    /// Whether the code's global row has status T.
    @inline(__always) func isInjectionOnly(_ code: ProcedureCode) -> Bool {
        guard injectionFilter & CodeTable.filterBit(code) != 0 else { return false }
        return injectionOnly.count <= 16 ? injectionOnly.contains(code) : row(code)?.status == "T"
    }

    /// The row for (code, modifier); `modifier: nil` is the global row.
    public func row(_ code: ProcedureCode, modifier: Modifier? = nil) -> CodeRow? {
        rows[CodeTable.key(code, modifier)]
    }

    public var count: Int { rows.count }
    /// Every row, in the order first inserted.
    public var allRows: [CodeRow] { rows.values }

    mutating func overlay(_ other: CodeTable) {
        for (k, v) in zip(other.rows.keys, other.rows.values) {
            rows.set(k, v)
            noteStatus(v)
        }
    }
}
