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

/// A set of codes written as codes and ranges (`97110-97546, G0121`). A range is kept as its
/// two ends, not code by code: `00000-99999` is 100,000 codes, and a pack of many such rules
/// took seconds and hundreds of MB to load. The ranges are kept sorted by the kind of their
/// codes' last character (a digit, or each letter) and start, those that overlap merged, so a
/// lookup is a binary search and an intersection one pass: a rule of 2,000 ranges walked them
/// all at every line.
public struct CodeSet: Sendable, Hashable {
    /// The codes written alone.
    public var singles: Set<ProcedureCode>
    /// The ranges, sorted and merged (not as written; `text` is).
    public private(set) var ranges: [CodeRange]
    public var text: String

    public init(singles: Set<ProcedureCode>, ranges: [CodeRange] = [], text: String) {
        self.singles = singles
        self.ranges = CodeSet.merged(ranges)
        self.text = text
    }

    /// `ranges` sorted by (end kind, first code), those of one kind that overlap made one.
    private static func merged(_ ranges: [CodeRange]) -> [CodeRange] {
        var out: [CodeRange] = []
        for r in ranges.filter({ !$0.isEmpty }).sorted(by: { ($0.endKind, $0.first) < ($1.endKind, $1.first) }) {
            if let last = out.last, last.endKind == r.endKind, r.first <= last.last {
                if r.last > last.last { out[out.count - 1] = last.extended(to: r.last) }
            } else {
                out.append(r)
            }
        }
        return out
    }

    public func contains(_ c: ProcedureCode) -> Bool {
        if singles.contains(c) { return true }
        // The last range of c's kind that starts at or before c.
        let kind = CodeRange.endKind(of: c)
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (ranges[mid].endKind, ranges[mid].first) <= (kind, c) { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && ranges[lo - 1].endKind == kind && c <= ranges[lo - 1].last
    }

    /// How many codes the set holds (a code written alone and in a range counts twice).
    public var count: Int { singles.count + ranges.reduce(0) { $0 + $1.count } }

    /// Every code of the set, ranges written out code by code: as large as the ranges.
    public var codes: Set<ProcedureCode> { singles.union(ranges.lazy.flatMap(\.codes)) }

    /// The codes in both sets: the ranges in one pass over the two sorted lists.
    func intersection(_ other: CodeSet, text: String) -> CodeSet {
        var both: [CodeRange] = []
        var i = 0, j = 0
        while i < ranges.count, j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            guard a.endKind == b.endKind else {
                if a.endKind < b.endKind { i += 1 } else { j += 1 }
                continue
            }
            let first = max(a.first, b.first), last = min(a.last, b.last)
            if first <= last { both.append(a.clipped(first, last)) }
            if a.last < b.last { i += 1 } else { j += 1 }
        }
        return CodeSet(singles: singles.filter(other.contains).union(other.singles.filter(contains)), ranges: both, text: text)
    }

    var isEmpty: Bool { singles.isEmpty && ranges.isEmpty }
}

/// The codes of a range, of one shape: five digits (97110-97546), four digits and a letter
/// (0001U-0099U, the same letter), or a letter and four digits (G0101-G0124, the same letter).
/// 3008F is not in 30000-30999, and 0208T is not in 0200U-0299U.
///
/// Codes are packed so that they sort like their text (`ProcedureCode`): a range's codes are
/// the codes between its ends whose last character is of the range's kind (a digit, or its
/// letter). Every code between two codes that start with one letter starts with it, and has
/// four digits after it.
public struct CodeRange: Sendable, Hashable {
    public let first: ProcedureCode
    public let last: ProcedureCode
    /// The last character's base-36 value when the codes end in a letter; nil: a digit.
    private let letter: UInt32?

    /// The range from `first` through `last`; nil when they are of different shapes (or of one
    /// with different letters). `first` after `last` makes an empty range.
    public init?(_ first: ProcedureCode, _ last: ProcedureCode) {
        let a = Array(first.text.utf8), b = Array(last.text.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        if a.allSatisfy(isDigit), b.allSatisfy(isDigit) {
            letter = nil
        } else if !isDigit(a[4]), a[4] == b[4], isDigit(b[0]) {
            letter = first.rawValue % 36
        } else if !isDigit(a[0]), a[0] == b[0], isDigit(b[4]) {
            letter = nil
        } else {
            return nil
        }
        self.first = first
        self.last = last
    }

    private init(first: ProcedureCode, last: ProcedureCode, letter: UInt32?) {
        self.first = first
        self.last = last
        self.letter = letter
    }

    public func contains(_ c: ProcedureCode) -> Bool {
        guard c >= first, c <= last else { return false }
        let end = c.rawValue % 36
        return letter.map { end == $0 } ?? (end < 10)
    }

    /// The kind of a code's last character: 0 for a digit, else the letter's base-36 value.
    static func endKind(of c: ProcedureCode) -> UInt32 {
        let end = c.rawValue % 36
        return end < 10 ? 0 : end
    }

    /// The kind of the range's codes' last character (`endKind(of:)`): codes of one kind
    /// between two ends of that kind are the range's, so ranges of one kind that overlap are
    /// one range from the first start to the last end.
    var endKind: UInt32 { letter ?? 0 }

    /// The range through `end` (a code of its kind).
    func extended(to end: ProcedureCode) -> CodeRange { CodeRange(first: first, last: end, letter: letter) }

    /// The range from `from` through `to`, codes of its kind within it.
    func clipped(_ from: ProcedureCode, _ to: ProcedureCode) -> CodeRange { CodeRange(first: from, last: to, letter: letter) }

    public var isEmpty: Bool { first > last }

    /// The number that orders the range's codes: the code's digits.
    private func number(_ c: ProcedureCode) -> Int {
        c.text.utf8.reduce(0) { n, b in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? n * 10 + Int(b - UInt8(ascii: "0")) : n }
    }

    /// How many codes the range holds.
    public var count: Int { isEmpty ? 0 : number(last) - number(first) + 1 }

    /// The range's codes, in order.
    public var codes: [ProcedureCode] {
        guard !isEmpty else { return [] }
        let text = Array(first.text.utf8)
        let digitsAt = letter != nil ? 0..<4 : text[0] <= UInt8(ascii: "9") ? 0..<5 : 1..<5
        return (number(first)...number(last)).compactMap { n in
            var t = text
            var v = n
            for i in digitsAt.reversed() {
                t[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            return ProcedureCode(bytes: t[...])
        }
    }
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
