/// A National Provider Identifier: ten digits whose last is a Luhn check digit computed with
/// the `80840` prefix (45 CFR 162.406).
public struct NPI: Hashable, Sendable, BitwiseCopyable {
    public let rawValue: UInt64

    public init?(_ text: some StringProtocol) { self.init(bytes: Array(text.utf8)[...]) }

    public init?(bytes: ArraySlice<UInt8>) {
        guard let value = NPI.parse(bytes) else { return nil }
        rawValue = value
    }

    /// The same, from a buffer (the X12 reader's bytes, not copied).
    init?(buffer: UnsafeRawBufferPointer) {
        guard let value = NPI.parse(buffer) else { return nil }
        rawValue = value
    }

    /// Ten digits whose check digit is valid, as a number; nil otherwise. The Luhn sum of
    /// `checkDigitValid(_:)`, computed as the digits are read (no array).
    @inline(__always)
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        guard bytes.count == 10 else { return nil }
        var value: UInt64 = 0
        // Luhn over 80840 + the first nine digits; the prefix contributes 24. Counted from
        // the ninth digit back, digits at even distance are doubled: digits 0, 2, 4, 6, 8.
        var sum = 24
        var i = 0
        var last = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let d = Int(b - UInt8(ascii: "0"))
            value = value * 10 + UInt64(d)
            if i < 9 {
                if i % 2 == 0 {
                    let doubled = d * 2
                    sum += doubled > 9 ? doubled - 9 : doubled
                } else {
                    sum += d
                }
            } else {
                last = d
            }
            i += 1
        }
        guard (10 - sum % 10) % 10 == last else { return nil }
        return value
    }

    /// Why a ten-character text is not an NPI, for diagnostics.
    static func problem(with text: String) -> String {
        let bytes = Array(text.utf8)
        if bytes.count != 10 || !bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return "an NPI is ten digits"
        }
        return "the check digit does not match (Luhn with prefix 80840)"
    }

    static func checkDigitValid(_ digits: [Int]) -> Bool {
        // Luhn over 80840 + first nine digits; the prefix contributes 24.
        var sum = 24
        for (i, d) in digits.prefix(9).reversed().enumerated() {
            if i % 2 == 0 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return (10 - sum % 10) % 10 == digits[9]
    }

    public var text: String {
        let s = String(rawValue)
        return String(repeating: "0", count: 10 - s.count) + s
    }
}

extension NPI: CustomStringConvertible {
    public var description: String { text }
}
