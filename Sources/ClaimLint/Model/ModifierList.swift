/// The modifiers of a service line in the order billed. Up to four are held inline (no
/// allocation); a fifth or later one, which a payer would reject, is kept so that it can be
/// reported.
public struct ModifierList: Hashable, Sendable, Sequence {
    private var packed: UInt64 = 0
    private var inlineCount: UInt8 = 0
    private var overflow: [Modifier] = []

    public init() {}

    /// The list `prefix` holds, when it holds the whole list (four modifiers or fewer).
    init(_ prefix: PackedModifiers) {
        precondition(prefix.count <= 4, "a packed prefix of more than four modifiers")
        packed = prefix.packed
        inlineCount = UInt8(prefix.count)
    }

    public init(_ modifiers: some Sequence<Modifier>) {
        for m in modifiers { append(m) }
    }

    public mutating func append(_ m: Modifier) {
        if inlineCount < 4 {
            packed |= UInt64(m.rawValue) << (16 * UInt64(inlineCount))
            inlineCount += 1
        } else {
            overflow.append(m)
        }
    }

    public var count: Int { Int(inlineCount) + overflow.count }

    /// Empties the list; the array of modifiers past four is released only when there are
    /// some (assigning an empty list called into the runtime to release the empty array).
    mutating func removeAll() {
        packed = 0
        inlineCount = 0
        if !overflow.isEmpty { overflow = [] }
    }

    /// The first four, packed: what `PackedModifiers` keeps of the list.
    var packedPrefix: PackedModifiers { PackedModifiers(packed: packed, count: count) }
    public var isEmpty: Bool { inlineCount == 0 }

    public subscript(index: Int) -> Modifier {
        precondition(index >= 0 && index < count, "modifier index out of range")
        if index < 4 { return Modifier(packed: UInt16(truncatingIfNeeded: packed >> (16 * UInt64(index)))) }
        return overflow[index - 4]
    }

    @inlinable public func contains(_ m: Modifier) -> Bool {
        for x in self where x == m { return true }
        return false
    }

    public func containsAny(of set: Set<Modifier>) -> Bool {
        for x in self where set.contains(x) { return true }
        return false
    }

    public func first(in set: Set<Modifier>) -> Modifier? {
        for x in self where set.contains(x) { return x }
        return nil
    }

    public struct Iterator: IteratorProtocol {
        let list: ModifierList
        var index = 0
        public mutating func next() -> Modifier? {
            guard index < list.count else { return nil }
            defer { index += 1 }
            return list[index]
        }
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    /// `-26-TC` style suffix for messages; empty when there are none.
    public var suffix: String { modifierSuffix(self) }
}

extension ModifierList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Modifier...) { self.init(elements) }
}

/// The first four modifiers of a line, packed as `ModifierList` holds them inline, and how many
/// the line has: a plain value, copied without reference counting, that `LineEntry` keeps.
/// A claim carries at most four modifiers on a line (837P SV101-3..6, CMS-1500 24D), so
/// edits over the batch see these four; `modifier.too-many` reports a line with more.
struct PackedModifiers: Sendable, Sequence {
    /// The packed modifiers in two halves, so that the value aligns on 4 bytes (a `LineEntry`
    /// then takes 36 bytes, not 40).
    private let low: UInt32, high: UInt32
    /// How many the line has, four or more when it has more; at most `UInt16.max`.
    let total: UInt16

    init(packed: UInt64, count: Int) {
        low = UInt32(truncatingIfNeeded: packed)
        high = UInt32(truncatingIfNeeded: packed >> 32)
        total = UInt16(clamping: count)
    }

    var packed: UInt64 { UInt64(high) << 32 | UInt64(low) }

    /// How many the line has, including any after the fourth.
    var count: Int { Int(total) }
    var isEmpty: Bool { total == 0 }
    /// How many are held (at most four).
    private var held: Int { Swift.min(Int(total), 4) }

    @inline(__always) private func at(_ i: Int) -> Modifier {
        Modifier(packed: UInt16(truncatingIfNeeded: packed >> (16 * UInt64(i))))
    }

    @inline(__always) func contains(_ m: Modifier) -> Bool {
        for i in 0..<held where at(i) == m { return true }
        return false
    }

    func containsAny(of set: Set<Modifier>) -> Bool { first(in: set) != nil }

    func first(in set: Set<Modifier>) -> Modifier? {
        for i in 0..<held where set.contains(at(i)) { return at(i) }
        return nil
    }

    struct Iterator: IteratorProtocol {
        let list: PackedModifiers
        var index = 0
        mutating func next() -> Modifier? {
            guard index < list.held else { return nil }
            defer { index += 1 }
            return list.at(index)
        }
    }

    func makeIterator() -> Iterator { Iterator(list: self) }

    /// `-26-TC` style suffix for messages, with `-…` when the line has more than four.
    var suffix: String { total > 4 ? modifierSuffix(self) + "-…" : modifierSuffix(self) }
}

/// `-26-TC` for messages, built without intermediate strings.
private func modifierSuffix(_ modifiers: some Sequence<Modifier>) -> String {
    var s = ""
    for m in modifiers {
        s += "-"
        s += m.text
    }
    return s
}
