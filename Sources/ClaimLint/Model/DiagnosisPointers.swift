/// A service line's 1-based pointers into its claim's diagnoses (SV107, CMS-1500 box 24E), in
/// the order billed. A line points to at most four diagnoses numbered 1 to 12, so up to four
/// pointers from 1 to 255 are held inline and reading a line allocates nothing for them; any
/// other list (more pointers, or values out of that range) is kept whole in an array.
public struct DiagnosisPointers: RandomAccessCollection, ExpressibleByArrayLiteral, Hashable, Sendable {
    /// Pointer k in byte k, zero after the last (pointers held inline are at least 1).
    private var packed: UInt32 = 0
    /// The whole list, once it does not fit inline. The form depends only on the pointers, so
    /// equal lists are equal values.
    private var overflow: [Int]?

    public init() {}

    public init(_ pointers: some Sequence<Int>) {
        for p in pointers { append(p) }
    }

    public init(arrayLiteral pointers: Int...) {
        self.init(pointers)
    }

    public mutating func append(_ pointer: Int) {
        if overflow == nil {
            let count = inlineCount
            if count < 4, pointer >= 1, pointer <= 255 {
                packed |= UInt32(pointer) << (8 * UInt32(count))
                return
            }
            overflow = Array(self)
        }
        overflow!.append(pointer)
    }

    private var inlineCount: Int { (32 - packed.leadingZeroBitCount + 7) / 8 }

    /// Whether a pointer is above `n`, read in place: iterating the list copies it (retaining
    /// and releasing its array, or calling into the runtime to do so for none).
    func hasPointer(above n: Int) -> Bool {
        if let overflow { return overflow.contains { $0 > n } }
        var rest = packed
        while rest != 0 {
            if Int(rest & 0xFF) > n { return true }
            rest >>= 8
        }
        return false
    }

    /// Empties the list; an array held past four pointers is released, and none is released
    /// when there is none (assigning an empty list called into the runtime to release nil).
    mutating func removeAll() {
        packed = 0
        if overflow != nil { overflow = nil }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { overflow?.count ?? inlineCount }

    public subscript(index: Int) -> Int {
        if let overflow { return overflow[index] }
        precondition(index >= 0 && index < inlineCount, "diagnosis pointer index out of range")
        return Int(truncatingIfNeeded: (packed >> (8 * UInt32(index))) & 0xFF)
    }
}

extension DiagnosisPointers: CustomStringConvertible {
    public var description: String { Array(self).description }
}
