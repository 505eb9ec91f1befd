/// A set of modifiers that the edits test lines against, as one bit per possible modifier: a
/// modifier is two characters, each a digit or a capital letter (`Modifier` validates that), so
/// 36 × 36 bits cover them all. A test is an index and a mask, where a `Set<Modifier>` hashes
/// the modifier with SipHash; the edits test each line's modifiers against several sets.
struct ModifierBits: Sendable, ExpressibleByArrayLiteral {
    private var words = [UInt64](repeating: 0, count: (36 * 36 + 63) / 64)

    init(_ modifiers: some Sequence<Modifier>) {
        for m in modifiers {
            guard let i = ModifierBits.index(m) else { continue }
            words[i >> 6] |= 1 << UInt64(i & 63)
        }
    }

    init(arrayLiteral elements: Modifier...) { self.init(elements) }

    /// 0..<1296: the two characters' places among the digits then the letters; nil for a
    /// modifier made with `Modifier(packed:)` from other characters, which no set holds.
    @inline(__always) private static func index(_ m: Modifier) -> Int? {
        @inline(__always) func place(_ c: UInt16) -> Int? {
            // "0"..."9" are 48...57, "A"..."Z" 65...90.
            if c &- 48 < 10 { return Int(c &- 48) }
            if c &- 65 < 26 { return Int(c &- 55) }
            return nil
        }
        guard let high = place(m.rawValue >> 8), let low = place(m.rawValue & 0xFF) else { return nil }
        return high &* 36 &+ low
    }

    @inline(__always) func contains(_ m: Modifier) -> Bool {
        guard let i = ModifierBits.index(m) else { return false }
        return words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
}

extension Modifier {
    /// `known` and `distinguishing` as the edits test them.
    static let knownBits = ModifierBits(known)
    /// The NCCI-associated modifiers that bypass a PTP edit of indicator 1 (`PTPRules.bypasses`):
    /// on any line, only on an E/M, and only on a line that is not an E/M.
    static let ptpBypassBits = ModifierBits(["58", "78", "79", "91"])
    /// The anatomic modifiers, which bypass a PTP edit of indicator 1 when they show two sites.
    static let anatomicBits = ModifierBits(anatomic)
    static let ptpBypassOnEMBits = ModifierBits(["24", "25", "57"])
    static let ptpBypassNotEMBits = ModifierBits(["59", "XE", "XS", "XP", "XU"])
    static let distinguishingBits = ModifierBits(distinguishing)
}

extension PackedModifiers {
    func containsAny(of set: ModifierBits) -> Bool { first(in: set) != nil }

    func first(in set: ModifierBits) -> Modifier? {
        for m in self where set.contains(m) { return m }
        return nil
    }
}
