/// An ICD-10-CM diagnosis code, kept without its dot: a letter, a digit, then one to five
/// letters or digits (`M1711`, `Z0000`). `M17.11` is accepted and stored as `M1711`.
public struct DiagnosisCode: Hashable, Sendable {
    public let text: String

    public init?(_ raw: some StringProtocol) {
        guard let packed = DiagnosisCode.packed(raw.utf8) else { return nil }
        self.init(packed: packed)
    }

    /// The code whose characters are `packed` (`packed(_:)`).
    init(packed: UInt64) {
        let count = (64 - packed.leadingZeroBitCount + 7) / 8
        text = String(unsafeUninitializedCapacity: count) { out in
            for i in 0..<count { out[i] = UInt8(truncatingIfNeeded: packed >> (8 * UInt64(i))) }
            return count
        }
    }

    /// The code's characters without dots, upper-cased, one a byte from the lowest (three to
    /// seven, none of them zero), when the bytes are a code; nil otherwise. Gathered in an
    /// integer, not an array; the X12 reader keys the codes it has made by it.
    @inline(__always)
    static func packed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64? {
        var packed: UInt64 = 0
        var count = 0
        for b in bytes where b != UInt8(ascii: ".") {
            let u = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b
            guard (u >= UInt8(ascii: "0") && u <= UInt8(ascii: "9")) || (u >= UInt8(ascii: "A") && u <= UInt8(ascii: "Z"))
            else { return nil }
            // More than seven is never a code; the rest is still checked above, as before,
            // but the answer is nil either way.
            if count < 7 { packed |= UInt64(u) << (8 * UInt64(count)) }
            count += 1
        }
        guard (3...7).contains(count) else { return nil }
        let first = UInt8(truncatingIfNeeded: packed), second = UInt8(truncatingIfNeeded: packed >> 8)
        guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
              second >= UInt8(ascii: "0"), second <= UInt8(ascii: "9")
        else { return nil }
        return packed
    }
}

extension DiagnosisCode: CustomStringConvertible {
    public var description: String { text }
}
