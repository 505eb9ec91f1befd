import Synchronization

/// A finding's message as its record keeps it (`FindingSink.Record`): a `MessageText` (text,
/// or a function that writes it, whose captured values take an allocation of their own), or,
/// for the findings a large batch has most of (NCCI pairs, global packages, MUE date totals),
/// the message's values in the record itself: a million such findings allocate nothing for
/// their messages (a PTP message's function and its values took some 144 bytes of heap each). Other
/// lines a message names are kept by batch position; their claim ids and numbers are looked up
/// when the finding is named (`RecordedFindings.messageText(_:)`), and its text is written
/// when it is read, as for any finding.
enum RecordedMessage: Sendable {
    case written(MessageText)
    case pair(PTPRules.PairMessage)
    case package(GlobalRules.PackageMessage)
    case dateTotal(MUERules.DateTotalMessage)
}

/// Texts a recorded message names by number (a PTP row's rationale, numbered when its table is
/// built): each distinct text is kept once for the life of the process, up to 65,535 of them
/// (a table's rationales are a few dozen); past that a message keeps its text itself
/// (`MessageStrings.id` gives nil).
enum MessageStrings {
    private struct Table {
        var ids: [String: UInt16] = [:]
        var strings: [String] = []
    }

    private static let table = Mutex(Table())

    static func id(_ s: String) -> UInt16? {
        table.withLock { t in
            if let id = t.ids[s] { return id }
            guard t.strings.count < Int(UInt16.max) else { return nil }
            let id = UInt16(t.strings.count)
            t.strings.append(s)
            t.ids[s] = id
            return id
        }
    }

    static func string(_ id: UInt16) -> String {
        table.withLock { $0.strings[Int(id)] }
    }
}

/// Rule ids by number: each distinct id a `RuleDescriptor` is made with is numbered once for
/// the life of the process, so that a finding's record keeps its rule in 4 bytes
/// (`FindingSink.Record`; its `String` took 16).
enum RuleNumbers {
    private struct Table {
        var numbers: [String: UInt32] = [:]
        var ids: [String] = []
        /// Each number's place in the order of the ids, as `ranked` last worked it out (for
        /// every id numbered then).
        var rank: [UInt32] = []
    }

    private static let table = Mutex(Table())

    static func number(_ id: String) -> UInt32 {
        table.withLock { t in
            if let n = t.numbers[id] { return n }
            let n = UInt32(t.ids.count)
            t.ids.append(id)
            t.numbers[id] = n
            return n
        }
    }

    /// Every id numbered so far, by number, and each number's place in the order of the ids
    /// (`String`'s `<`). The places are worked out again only when ids were numbered since the
    /// last call: sorting a few hundred ids took some 50,000 instructions, most of the time a
    /// claim checked alone took.
    static var ranked: (ids: [String], rank: [UInt32]) {
        table.withLock { t in
            if t.rank.count != t.ids.count {
                let ids = t.ids
                var rank = [UInt32](repeating: 0, count: ids.count)
                for (place, n) in ids.indices.sorted(by: { ids[$0] < ids[$1] }).enumerated() { rank[n] = UInt32(place) }
                t.rank = rank
            }
            return (t.ids, t.rank)
        }
    }
}

extension RecordedFindings {
    /// The claim whose lines include batch position `p` (a claim without lines starts where
    /// the next one does, so the last claim starting at or before `p` is the one).
    func claim(containing p: Int) -> Int {
        var low = 0, high = claimStart.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(claimStart[mid]) <= p { low = mid } else { high = mid }
        }
        return low
    }

    /// The number of the line at batch position `p`, of claim `c`: its place in the claim when
    /// `ordinalNumbers` says so, else decoded from its block of `sources` (about 700
    /// instructions, for each pair and package message named).
    func number(at p: Int, inClaim c: Int) -> Int {
        ordinalNumbers.contains(p) ? p - Int(claimStart[c]) + 1 : sources.number(p)
    }

    /// The message of `r`, with the other lines it names looked up by position.
    func messageText(_ r: FindingSink.Record) -> MessageText {
        switch r.message {
        case .written(let m):
            return m
        case .pair(let m):
            let p = Int(m.firstPosition), c = claim(containing: p)
            return m.text(code: r.code, other: c == Int(r.claim) ? nil : claimIDs[c], number: number(at: p, inClaim: c))
        case .package(let m):
            let p = Int(m.procedurePosition), c = claim(containing: p)
            return m.text(code: r.code, claim: claimIDs[c], number: number(at: p, inClaim: c))
        case .dateTotal(let m):
            return m.text(code: r.code)
        }
    }
}
