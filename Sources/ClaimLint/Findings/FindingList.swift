/// The findings of a check, in batch order (claim, line), then by rule id.
///
/// A large batch's findings stay as the edits recorded them (rule, severity, code, message, and
/// the claim and line as numbers in the batch), beside the batch's claim ids and packed line
/// sources, and each is named (claim id, line number, location) when it is read: a 5M-line
/// batch's million findings then take the 64 bytes of a record each (with their message's
/// values, `RecordedMessage`), not 112 bytes more for a `Finding` built up front. Reading in
/// order (`for f in findings`, `forEach(in:)`) decodes each line once; reading by index decodes
/// up to 8 lines. A change (setting an element, inserting, removing) names every finding once,
/// into an array; `filter` keeps the records.
///
/// It is a random-access, mutable, range-replaceable collection of `Finding`s, so what an
/// array of them offers works on it (`count`, subscripts, `map`, `filter`, `append`,
/// `Array(findings)`), and an array literal makes one.
public struct FindingList: Sendable {
    enum Storage: Sendable {
        case named([Finding])
        case recorded(RecordedFindings)
    }

    private(set) var storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    public init() {
        storage = .named([])
    }

    public init(_ findings: [Finding]) {
        storage = .named(findings)
    }

    /// The findings as an array: named once each (no copy when they already are one).
    var named: [Finding] {
        switch storage {
        case .named(let a): a
        case .recorded: Array(self)
        }
    }

    /// Whether the findings are kept as records and named when read.
    var isRecorded: Bool {
        if case .recorded = storage { return true }
        return false
    }

    /// How many findings there are of each severity, and how many claims and lines have an
    /// error: a payer's rejected claims and lines. A claim is one the batch read, by its
    /// position (claims that share an id, in two files or reused in one, are two); a line is a
    /// line number of such a claim, as findings name lines. Recorded findings are in batch
    /// order: a claim's are next to each other, and a line's number is decoded only when it is
    /// not its place in its claim. Findings made outside the engine (no claim position) are
    /// told apart by file and claim id, in any order.
    func counts() -> (info: Int, warning: Int, error: Int, rejectedClaims: Int, rejectedLines: Int) {
        var counts = (info: 0, warning: 0, error: 0, rejectedClaims: 0, rejectedLines: 0)
        func add(_ severity: Severity) {
            switch severity {
            case .info: counts.info += 1
            case .warning: counts.warning += 1
            case .error: counts.error += 1
            }
        }
        switch storage {
        case .named(let a):
            enum Claim: Hashable {
                case position(Int32)
                case id(file: String, claim: String)
            }
            struct Line: Hashable {
                var claim: Claim
                var number: Int
            }
            var claims: Set<Claim> = [], lines: Set<Line> = []
            for f in a {
                add(f.severity)
                guard f.severity == .error else { continue }
                let claim = f.claimPosition >= 0 ? Claim.position(f.claimPosition) : .id(file: f.location.file, claim: f.claimID)
                claims.insert(claim)
                lines.insert(Line(claim: claim, number: f.line))
            }
            (counts.rejectedClaims, counts.rejectedLines) = (claims.count, lines.count)
        case .recorded(let r):
            var cursor = LineSources.Cursor(r.sources)
            // The current claim's error lines: their places while each number is its place
            // (places come in order), then the numbers, sorted at the claim's end.
            var claim: Int32 = -1, lastPlace: Int32 = -1
            var numbers: [Int] = []
            func closeClaim() {
                guard numbers.count > 1 else {
                    counts.rejectedLines += numbers.count
                    return
                }
                numbers.sort()
                counts.rejectedLines += 1
                for i in numbers.indices.dropFirst() where numbers[i] != numbers[i - 1] { counts.rejectedLines += 1 }
            }
            r.records.withUnsafeBufferPointer { rs in
                for i in rs.indices {
                    add(rs[i].severity)
                    guard rs[i].severity == .error else { continue }
                    if rs[i].claim != claim {
                        closeClaim()
                        numbers.removeAll(keepingCapacity: true)
                        counts.rejectedClaims += 1
                        (claim, lastPlace) = (rs[i].claim, -1)
                    }
                    guard rs[i].line != lastPlace else { continue }
                    lastPlace = rs[i].line
                    numbers.append(r.number(of: rs[i], cursor: &cursor))
                }
            }
            closeClaim()
        }
        return counts
    }

    /// Calls `body` with each finding of `range` and its index, in order: recorded findings are
    /// named with one cursor over the line sources, each line decoded once.
    public func forEach(in range: Range<Int>, _ body: (Int, Finding) -> Void) {
        switch storage {
        case .named(let a):
            for i in range { body(i, a[i]) }
        case .recorded(let r):
            // A long range is a slice that one of several threads names (a report renders its
            // items so, `ReportOutput.writeItems`).
            var cursor = LineSources.Cursor(r.sources, ownFileNames: range.count >= 256)
            for i in range { body(i, r.finding(r.records[i]) { cursor.line($0) }) }
        }
    }

    /// The findings `isIncluded` keeps, in order; recorded findings stay records.
    public func filter(_ isIncluded: (Finding) throws -> Bool) rethrows -> FindingList {
        switch storage {
        case .named(let a):
            return FindingList(try a.filter(isIncluded))
        case .recorded(var r):
            var cursor = LineSources.Cursor(r.sources)
            var kept: [FindingSink.Record] = []
            for record in r.records where try isIncluded(r.finding(record) { cursor.line($0) }) {
                kept.append(record)
            }
            r.records = kept
            return FindingList(storage: .recorded(r))
        }
    }

    private mutating func name() {
        if case .recorded = storage { storage = .named(Array(self)) }
    }
}

/// Findings as the edits recorded them, sorted in batch order, with what names them.
struct RecordedFindings: Sendable {
    var records: [FindingSink.Record]
    let claimIDs: [String]
    let claimStart: [Int32]
    let sources: LineSources
    /// Rule ids by number (`RuleNumbers`).
    let rules: [String]
    /// The lines, by position in the batch, whose numbers are their places in their claims
    /// (`BatchIndex.ordinalNumbers`), so that they need no decoding. Empty: every number is
    /// decoded.
    var ordinalNumbers = OrdinalBits()

    /// The record's line's position in the batch.
    @inline(__always) func position(of r: FindingSink.Record) -> Int {
        Int(claimStart[Int(r.claim)]) + Int(r.line)
    }

    /// The record's line's number: its place in its claim when `ordinalNumbers` says so, else
    /// decoded with `cursor`.
    @inline(__always) func number(of r: FindingSink.Record, cursor: inout LineSources.Cursor) -> Int {
        let p = position(of: r)
        return ordinalNumbers.contains(p) ? Int(r.line) + 1 : cursor.number(p)
    }

    /// The finding a record names, from its claim and its line's number and location (`line`,
    /// by position in the batch).
    func finding(_ r: FindingSink.Record, line: (Int) -> (number: Int, location: SourceLocation)) -> Finding {
        let (number, location) = line(position(of: r))
        return Finding(
            rule: rules[Int(r.rule)], severity: r.severity, claimID: claimIDs[Int(r.claim)], line: number,
            code: r.code, messageText: messageText(r), location: location, claimPosition: r.claim)
    }
}

extension FindingList: RandomAccessCollection, MutableCollection, RangeReplaceableCollection {
    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .named(let a): a.count
        case .recorded(let r): r.records.count
        }
    }

    public subscript(position: Int) -> Finding {
        get {
            switch storage {
            case .named(let a): return a[position]
            case .recorded(let r): return r.finding(r.records[position]) { r.sources.line($0) }
            }
        }
        set {
            name()
            guard case .named(var a) = storage else { return }
            storage = .named([])
            a[position] = newValue
            storage = .named(a)
        }
    }

    public mutating func replaceSubrange(_ subrange: Range<Int>, with newElements: some Collection<Finding>) {
        name()
        guard case .named(var a) = storage else { return }
        storage = .named([])
        a.replaceSubrange(subrange, with: newElements)
        storage = .named(a)
    }

    public mutating func reserveCapacity(_ n: Int) {
        name()
        guard case .named(var a) = storage else { return }
        storage = .named([])
        a.reserveCapacity(n)
        storage = .named(a)
    }

    /// Reads recorded findings forward with one cursor over the line sources.
    public struct Iterator: IteratorProtocol {
        private let list: FindingList
        private var at = 0
        private var cursor: LineSources.Cursor?

        init(_ list: FindingList) {
            self.list = list
            if case .recorded(let r) = list.storage { cursor = LineSources.Cursor(r.sources) }
        }

        public mutating func next() -> Finding? {
            guard at < list.endIndex else { return nil }
            defer { at += 1 }
            switch list.storage {
            case .named(let a): return a[at]
            case .recorded(let r): return r.finding(r.records[at]) { cursor!.line($0) }
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }
}

extension FindingList: ExpressibleByArrayLiteral, Equatable, CustomStringConvertible {
    public init(arrayLiteral elements: Finding...) {
        self.init(elements)
    }

    public static func == (a: FindingList, b: FindingList) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public var description: String { named.description }
}
