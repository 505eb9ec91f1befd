/// A hash table keyed by a procedure code's bits (or a (code, modifier) pair's, below 2^48),
/// for the tables the edits look up several times per line: open addressing with linear
/// probing and a multiplicative hash. `Dictionary` hashes each key with SipHash, which costs
/// more than the rest of such a lookup. The keys come from reference tables and packs, not
/// from claims, so a hash that an adversary could aim at is no risk here (`GroupNumbering`
/// keys it by the batch's own patient and provider numbers, which no file chooses either).
/// Entries keep the order they were first inserted in.
struct CodeKeyedMap<Value: Sendable>: Sendable {
    /// Per slot, the key there or `empty`.
    private var slotKeys: [UInt64] = []
    /// Per slot, the entry it holds.
    private var slotEntries: [Int32] = []
    private(set) var keys: [UInt64] = []
    private(set) var values: [Value] = []
    /// Not a key: keys are at most 48 bits.
    private static var empty: UInt64 { .max }

    init() {}

    var count: Int { keys.count }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        // Fibonacci hashing: the top bits of key × 2^64/φ, as many as the table is wide.
        let bits = UInt64(slotKeys.count.trailingZeroBitCount)
        return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
    }

    /// The entry holding `key`, if any.
    @inline(__always) private func entry(_ key: UInt64) -> Int? {
        guard !slotKeys.isEmpty else { return nil }
        let mask = slotKeys.count - 1
        var s = home(key)
        while true {
            let k = slotKeys[s]
            if k == key { return Int(slotEntries[s]) }
            if k == CodeKeyedMap.empty { return nil }
            s = (s + 1) & mask
        }
    }

    /// `key`'s value read in place by `read`, nil without one: a field read this way is not a
    /// copy of the whole value (which retains each text and array it holds).
    @inline(__always) func read<T>(_ key: UInt64, _ read: (borrowing Value) -> T) -> T? {
        guard let e = entry(key) else { return nil }
        return read(values[e])
    }

    subscript(key: UInt64) -> Value? {
        guard let e = entry(key) else { return nil }
        return values[e]
    }

    /// Sets `key`'s value, replacing any value it had (which keeps its place in the order).
    mutating func set(_ key: UInt64, _ value: Value) {
        precondition(key != CodeKeyedMap.empty, "a key of 64 set bits")
        if let e = entry(key) {
            values[e] = value
            return
        }
        // At most three quarters full, so that a probe ends soon.
        if (keys.count + 1) * 4 > slotKeys.count * 3 { grow() }
        keys.append(key)
        values.append(value)
        place(key, entry: keys.count - 1)
    }

    private mutating func place(_ key: UInt64, entry: Int) {
        let mask = slotKeys.count - 1
        var s = home(key)
        while slotKeys[s] != CodeKeyedMap.empty { s = (s + 1) & mask }
        slotKeys[s] = key
        slotEntries[s] = Int32(entry)
    }

    private mutating func grow() {
        let size = max(16, slotKeys.count * 2)
        slotKeys = [UInt64](repeating: CodeKeyedMap.empty, count: size)
        slotEntries = [Int32](repeating: 0, count: size)
        for (e, key) in keys.enumerated() { place(key, entry: e) }
    }
}
