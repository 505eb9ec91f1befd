/// The modifiers of a service line in the order billed. Up to four are held inline (no
/// allocation); a fifth or later one, which a payer would reject, is kept so that it can be
/// reported.
public struct ModifierList: Hashable, Sendable, Sequence {
    private var packed: UInt64 = 0
    private var inlineCount: UInt8 = 0
    private var overflow: [Modifier] = []

    public init() {}

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
    public var suffix: String { map { "-" + $0.text }.joined() }
}

extension ModifierList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Modifier...) { self.init(elements) }
}
