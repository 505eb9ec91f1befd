/// Checks the envelopes of an X12 file: ISA/IEA interchanges, GS/GE functional groups and
/// ST/SE transaction sets, their control numbers and counts. Problems are warnings (the claims
/// inside are still read) except an envelope the file ends inside, which is an error because
/// data may be missing. It holds one open envelope of each kind, never the segments.
struct X12Envelope: Sendable {
    let file: String

    /// The implementation guide of a transaction, from ST03 or else GS08.
    enum TransactionKind: Sendable, Equatable {
        /// 837P, 005010X222 (A1, A2).
        case professional
        /// 837I, 005010X223 (A2, A3).
        case institutional
        /// Not an 837 (an 835, a 999...), whose segments are skipped.
        case other
    }

    private struct Open: Sendable {
        var control: String
        var controlLocation: SourceLocation
        var location: SourceLocation
        var ordinal: Int
        /// Groups of an interchange, transactions of a group, segments of a transaction.
        var count = 0
        var version = ""

        /// What `transaction` holds while none is open.
        static var none: Open {
            let nowhere = SourceLocation(file: "", line: 0, column: 0)
            return Open(control: "", controlLocation: nowhere, location: nowhere, ordinal: 0)
        }
    }

    private var interchange: Open?
    private var group: Open?
    /// The open transaction set, when `inTransaction`: a value and a flag, not an optional,
    /// whose nil check at every segment was a call to a function.
    private var transaction = Open.none
    private(set) var inTransaction = false
    private(set) var kind: TransactionKind?
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// What a segment means to the claim reader.
    enum Step: Equatable {
        /// An 837 transaction begins (ST).
        case begin(TransactionKind)
        /// A segment inside an 837 transaction, for the claim reader.
        case body
        /// The transaction closes normally (SE).
        case end
        /// An envelope segment, or one outside any 837 transaction: nothing for the claim reader.
        case skip
    }

    /// Whether the transaction that was open closed without its SE (the claim being read may
    /// be incomplete). Set by `step(_:)` and `finish(at:)`; the reader clears it.
    var aborted = false

    /// `step(_:)` for the segments most of a file is, a segment with the id `id` inside an 837
    /// transaction that is not an envelope segment (or has no id): counts it and returns true,
    /// as `step(_:)` would return `.body`. False, counting nothing, for every other segment,
    /// which then needs `step(_:)`. Inlined into the reader, which then skips the call and
    /// the checks after it (about 60 instructions a segment).
    @inline(__always)
    mutating func stepBody(_ id: X12SegmentID?) -> Bool {
        guard inTransaction, kind != .other else { return false }
        if let id {
            switch id {
            case .isa, .iea, .gs, .ge, .st, .se: return false
            default: break
            }
        }
        transaction.count += 1
        return true
    }

    mutating func step(_ s: X12Segment) -> Step {
        guard let id = s.id else {
            if inTransaction { transaction.count += 1 }
            return inTransaction && kind != .other ? .body : .skip
        }
        switch id {
        case .isa:
            closeUnfinished(before: s, levels: 3)
            let control = s.text(13).trimmingSpaces
            interchange = Open(control: control, controlLocation: s.location(file: file, element: 13), location: s.location(file: file), ordinal: s.ordinal)
            return .skip
        case .gs:
            closeUnfinished(before: s, levels: 2)
            if interchange == nil { outside(s, "a functional group (GS) must be inside an interchange (ISA ... IEA)") }
            interchange?.count += 1
            group = Open(control: s.text(6), controlLocation: s.location(file: file, element: 6), location: s.location(file: file), ordinal: s.ordinal, version: s.text(8))
            return .skip
        case .st:
            closeUnfinished(before: s, levels: 1)
            if group == nil { outside(s, "a transaction set (ST) must be inside a functional group (GS ... GE)") }
            group?.count += 1
            var t = Open(control: s.text(2), controlLocation: s.location(file: file, element: 2), location: s.location(file: file), ordinal: s.ordinal, version: s.text(3))
            t.count = 1
            transaction = t
            inTransaction = true
            let version = t.version.isEmpty ? (group?.version ?? "") : t.version
            let k: TransactionKind
            if !s.element(1, is: "837") {
                k = .other
                warn("x12.unsupported-transaction", s, element: 1, "transaction set \(s.text(1).isEmpty ? "(no ST01)" : s.text(1)) is not an 837 health care claim; its segments are skipped")
            } else if version.contains("X223") {
                k = .institutional
            } else if version.contains("X222") {
                k = .professional
            } else {
                k = .professional
                warn("x12.unknown-version", s, element: 3, "ST03/GS08 '\(version)' names neither 005010X222 (837P) nor 005010X223 (837I); the transaction is read as an 837P")
            }
            kind = k
            return k == .other ? .skip : .begin(k)
        case .se:
            guard inTransaction else {
                outside(s, "SE closes a transaction set, but none is open (no ST before it)")
                return .skip
            }
            var t = transaction
            t.count += 1
            checkCount(s, element: 1, counted: t.count, noun: ("segment", "segments"), container: "the transaction set from ST (segment \(t.ordinal)) through SE", id: "x12.se-count")
            checkControl(s, element: 2, open: t, opener: "ST02")
            endTransaction()
            let wasOther = kind == .other
            kind = nil
            return wasOther ? .skip : .end
        case .ge:
            closeUnfinished(before: s, levels: 1)
            guard let g = group else {
                outside(s, "GE closes a functional group, but none is open (no GS before it)")
                return .skip
            }
            checkCount(s, element: 1, counted: g.count, noun: ("transaction set (ST)", "transaction sets (ST)"), container: "the functional group (GS at segment \(g.ordinal))", id: "x12.ge-count")
            checkControl(s, element: 2, open: g, opener: "GS06")
            group = nil
            return .skip
        case .iea:
            closeUnfinished(before: s, levels: 2)
            guard let x = interchange else {
                outside(s, "IEA closes an interchange, but none is open (no ISA before it)")
                return .skip
            }
            checkCount(s, element: 1, counted: x.count, noun: ("functional group (GS)", "functional groups (GS)"), container: "the interchange (ISA at segment \(x.ordinal))", id: "x12.iea-count")
            let control = s.text(2).trimmingSpaces
            if control != x.control {
                warn("x12.control-number", s, element: 2, "IEA02 '\(control)' does not match ISA13 '\(x.control)' (segment \(x.ordinal)); they must be equal, so a receiver may reject the interchange", value: control)
            }
            interchange = nil
            return .skip
        default:
            guard inTransaction else {
                outside(s, "\(s.idText) is outside any transaction set (between ST and SE); it is skipped")
                return .skip
            }
            transaction.count += 1
            return kind == .other ? .skip : .body
        }
    }

    /// Call at the end of the file: envelopes still open mean the file was cut short.
    mutating func finish() {
        close(levels: 3, reason: "the file ends")
    }

    /// Closes what a new ISA, GS, ST (or a GE, IEA) implies is over.
    private mutating func closeUnfinished(before s: X12Segment, levels: Int) {
        close(levels: levels, reason: "\(s.name) begins")
    }

    /// No transaction set is open any more (SE, or one closed without it).
    private mutating func endTransaction() {
        transaction = .none
        inTransaction = false
    }

    private mutating func close(levels: Int, reason: String) {
        if inTransaction {
            let t = transaction
            diagnostics.append(Diagnostic(
                id: "x12.truncated", severity: .error,
                message: "transaction set ST02 '\(t.control)' (ST at segment \(t.ordinal)) has no SE: \(reason) before it closes, so its last claim may be incomplete and is not checked",
                location: t.location, field: "SE", value: nil))
            endTransaction()
            if kind != .other { aborted = true }
            kind = nil
        }
        if levels >= 2, let g = group {
            diagnostics.append(Diagnostic(
                id: "x12.truncated", severity: .error,
                message: "functional group GS06 '\(g.control)' (GS at segment \(g.ordinal)) has no GE: \(reason) before it closes; the file may be cut short",
                location: g.location, field: "GE", value: nil))
            group = nil
        }
        if levels >= 3, let x = interchange {
            diagnostics.append(Diagnostic(
                id: "x12.truncated", severity: .error,
                message: "interchange ISA13 '\(x.control)' (ISA at segment \(x.ordinal)) has no IEA: \(reason) before it closes; the file may be cut short",
                location: x.location, field: "IEA", value: nil))
            interchange = nil
        }
    }

    private mutating func checkCount(_ s: X12Segment, element: Int, counted: Int, noun: (one: String, many: String), container: String, id: String) {
        let name = "\(s.idText)0\(element)"
        let holds = "\(counted) \(counted == 1 ? noun.one : noun.many)"
        guard let r = s.value(element), let declared = s.integer(r) else {
            warn(id, s, element: element, "\(name) '\(s.text(element))' is not a count; \(container) holds \(holds)", value: s.text(element))
            return
        }
        if declared != counted {
            warn(id, s, element: element, "\(name) says \(declared), but \(container) holds \(holds); correct \(name) to \(counted) or look for lost segments", value: s.text(r))
        }
    }

    private mutating func checkControl(_ s: X12Segment, element: Int, open: Open, opener: String) {
        let control = s.text(element)
        if control != open.control {
            let name = "\(s.idText)0\(element)"
            warn("x12.control-number", s, element: element, "\(name) '\(control)' does not match \(opener) '\(open.control)' (segment \(open.ordinal)); they must be equal, so a receiver may reject the envelope", value: control)
        }
    }

    private mutating func outside(_ s: X12Segment, _ message: String) {
        diagnostics.append(Diagnostic(id: "x12.unexpected-segment", severity: .warning, message: "\(s.name): \(message)", location: s.location(file: file), field: s.id?.text, value: nil))
    }

    private mutating func warn(_ id: String, _ s: X12Segment, element: Int, _ message: String, value: String? = nil) {
        diagnostics.append(Diagnostic(
            id: id, severity: .warning, message: "\(s.name): \(message)", location: s.location(file: file, element: element),
            field: "\(s.idText)\(element < 10 ? "0" : "")\(element)", value: value))
    }

    /// Moves the diagnostics out, so the reader can interleave them with its own in file order.
    mutating func takeDiagnostics() -> [Diagnostic] {
        defer { diagnostics.removeAll(keepingCapacity: true) }
        return diagnostics
    }
}

