/// An ICD-10-CM diagnosis code, kept without its dot: a letter, a digit, then one to five
/// letters or digits (`M1711`, `Z0000`). `M17.11` is accepted and stored as `M1711`.
public struct DiagnosisCode: Hashable, Sendable {
    public let text: String

    public init?(_ raw: some StringProtocol) {
        guard let text = DiagnosisCode.normalized(raw.utf8) else { return nil }
        self.text = text
    }

    /// The same, from a buffer (the X12 reader's bytes, no intermediate string).
    init?(buffer: UnsafeRawBufferPointer) {
        guard let text = DiagnosisCode.normalized(buffer) else { return nil }
        self.text = text
    }

    /// The code without dots, upper-cased, when the bytes are one; nil otherwise. At most
    /// seven characters are kept, so they are gathered in an integer, not an array.
    @inline(__always)
    private static func normalized<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String? {
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
        return String(unsafeUninitializedCapacity: count) { out in
            for i in 0..<count { out[i] = UInt8(truncatingIfNeeded: packed >> (8 * UInt64(i))) }
            return count
        }
    }
}

extension DiagnosisCode: CustomStringConvertible {
    public var description: String { text }
}
