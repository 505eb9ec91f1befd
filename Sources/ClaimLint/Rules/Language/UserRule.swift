/// A rule written in a rule file (`*.rules`): its description, one edit statement, and examples.
public struct UserRule: Sendable, Hashable {
    public var id: String
    public var name: String
    public var severity: Severity
    public var message: String
    public var rationale: String
    public var source: String
    /// The dates of service the rule applies to; nil ends are open.
    public var effectiveFrom: ServiceDate?
    public var effectiveThrough: ServiceDate?
    public var statement: Statement
    public var examples: [Example]
    /// CARC/RARC codes a payer would deny with (codes only; descriptions are licensed).
    public var denialCodes: [String] = []
    /// Where the rule starts (its `rule` line); `idColumn` is where its id is on that line.
    public var location: SourceLocation
    public var idColumn: Int = 6

    public var family: String { String(id.prefix { $0 != "." }) }

    func inForce(on date: ServiceDate) -> Bool {
        if let effectiveFrom, date < effectiveFrom { return false }
        if let effectiveThrough, date > effectiveThrough { return false }
        return true
    }

    /// The edit a rule makes.
    public enum Statement: Sendable, Hashable {
        /// `addon CODE requires CODE, ...`: feeds the `addon` family.
        case addon(code: ProcedureCode, primaries: [ProcedureCode])
        /// `counted CODE per NOUN`: feeds the `units` family.
        case counted(code: ProcedureCode, per: String)
        /// `limit CODE N per line|date [appealable]`: feeds the `mue` family.
        case limit(code: ProcedureCode, value: Int, adjudication: MUEAdjudication)
        /// `pair CODE CODE modifier 0|1`: feeds the `ptp` family.
        case pair(column1: ProcedureCode, column2: ProcedureCode, modifierIndicator: UInt8)
        /// `when CONDITION [and CONDITION]...` and an optional requirement: the rule's own
        /// finding, on each line where the conditions hold and the requirement is not met.
        case conditional(conditions: [Condition], requirement: Requirement?)

        /// The family whose findings a table statement's examples check.
        var tableFamily: String? {
            switch self {
            case .addon: "addon"
            case .counted: "units"
            case .limit: "mue"
            case .pair: "ptp"
            case .conditional: nil
            }
        }
    }

    /// A condition on a service line.
    public enum Condition: Sendable, Hashable {
        case code(CodeSet)
        case placeOfService(Set<String>)
        case modifier(Set<Modifier>)
        case diagnosis(DiagnosisPatterns)
        case age(Comparison, Int)
        case units(Comparison, Units)
    }

    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "="

        func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch self {
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            case .equal: a == b
            }
        }
    }

    /// What a line that meets the conditions must also meet.
    public enum Requirement: Sendable, Hashable {
        /// One of the line's diagnoses (those it points to, else the claim's) is in the list.
        case diagnosis(DiagnosisPatterns)
        /// The line carries one of the modifiers.
        case modifier(Set<Modifier>)
        /// A line with one of the codes, same patient, provider and date.
        case with(CodeSet)
        /// No line with one of the codes, same patient, provider and date, unless a modifier in
        /// `unless` is on either line.
        case never(CodeSet, unless: Set<Modifier>)
        /// At most N units of the matching lines per claim or per date (patient and provider).
        case atMost(Units, perClaim: Bool)
    }

    public struct Example: Sendable, Hashable {
        public var claims: String
        public var fires: [String]
        public var location: SourceLocation
    }
}

/// A set of codes written as codes and ranges (`97110-97546, G0121`).
public struct CodeSet: Sendable, Hashable {
    public var codes: Set<ProcedureCode>
    public var text: String

    public func contains(_ c: ProcedureCode) -> Bool { codes.contains(c) }
}

/// ICD-10-CM codes and prefixes (`Z12.11`, `F11.*`), stored without dots.
public struct DiagnosisPatterns: Sendable, Hashable {
    public var exact: Set<String>
    public var prefixes: [String]
    public var text: String

    public func matches(_ d: DiagnosisCode) -> Bool {
        exact.contains(d.text) || prefixes.contains { d.text.hasPrefix($0) }
    }
}
