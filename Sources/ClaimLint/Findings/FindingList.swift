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

    /// Each finding's severity, claim id and line number, in order, without naming its location
    /// or copying its message. `handle` names the finding's claim id again (`claimID(handle:)`)
    /// in 4 bytes, so that a set of keys can keep handles instead of strings.
    /// `lineNumbers` false gives 0 for every line: recorded findings then decode no line source
    /// (a count of claims needs none).
    func forEachKey(lineNumbers: Bool = true, _ body: (_ severity: Severity, _ claimID: String, _ line: Int, _ handle: Int32) -> Void) {
        switch storage {
        case .named(let a):
            a.withUnsafeBufferPointer { fs in
                for i in fs.indices { body(fs[i].severity, fs[i].claimID, lineNumbers ? fs[i].line : 0, Int32(truncatingIfNeeded: i)) }
            }
        case .recorded(let r):
            var cursor = LineSources.Cursor(r.sources)
            r.records.withUnsafeBufferPointer { rs in
                for i in rs.indices {
                    body(rs[i].severity, r.claimIDs[Int(rs[i].claim)], lineNumbers ? r.number(of: rs[i], cursor: &cursor) : 0, rs[i].claim)
                }
            }
        }
    }

    /// The findings of each severity, and for errors at least as many claims and lines as they
    /// name (what sizes sets of them): runs of one claim, and of one line, in batch order.
    /// Records are told apart by the claim's and the line's positions in the batch, with no
    /// claim id compared and no line source decoded; a line at two positions (or a claim id
    /// two claims share) counts twice, which only makes a bound larger.
    func severityCounts() -> (info: Int, warning: Int, error: Int, errorClaims: Int, errorLines: Int) {
        var counts = (info: 0, warning: 0, error: 0, errorClaims: 0, errorLines: 0)
        func add(_ severity: Severity, newClaim: Bool, newLine: Bool) {
            switch severity {
            case .info: counts.info += 1
            case .warning: counts.warning += 1
            case .error:
                counts.error += 1
                if newClaim { counts.errorClaims += 1 }
                if newLine { counts.errorLines += 1 }
            }
        }
        switch storage {
        case .named(let a):
            var last: (claim: String, line: Int)?
            a.withUnsafeBufferPointer { fs in
                for i in fs.indices {
                    let isError = fs[i].severity == .error
                    let newClaim = isError && last?.claim != fs[i].claimID
                    add(fs[i].severity, newClaim: newClaim, newLine: isError && (newClaim || last?.line != fs[i].line))
                    if isError { last = (fs[i].claimID, fs[i].line) }
                }
            }
        case .recorded(let r):
            var last: (claim: Int32, line: Int32) = (-1, -1)
            r.records.withUnsafeBufferPointer { rs in
                for i in rs.indices {
                    let isError = rs[i].severity == .error
                    let newClaim = isError && last.claim != rs[i].claim
                    add(rs[i].severity, newClaim: newClaim, newLine: isError && (newClaim || last.line != rs[i].line))
                    if isError { last = (rs[i].claim, rs[i].line) }
                }
            }
        }
        return counts
    }

    /// The claim id of a `handle` that `forEachKey` gave.
    func claimID(handle: Int32) -> String {
        switch storage {
        case .named(let a): a[Int(handle)].claimID
        case .recorded(let r): r.claimIDs[Int(handle)]
        }
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
            code: r.code, messageText: messageText(r), location: location)
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
