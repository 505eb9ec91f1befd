/// A National Provider Identifier: ten digits whose last is a Luhn check digit computed with
/// the `80840` prefix (45 CFR 162.406).
public struct NPI: Hashable, Sendable, BitwiseCopyable {
    public let rawValue: UInt64

    public init?(_ text: some StringProtocol) { self.init(bytes: Array(text.utf8)[...]) }

    public init?(bytes: ArraySlice<UInt8>) {
        guard let value = NPI.parse(bytes) else { return nil }
        rawValue = value
    }

    /// The same, from a buffer (the X12 reader's bytes, not copied): its ten bytes read at
    /// once (`parse(first:last:)`), where a digit at a time took about 155 instructions.
    init?(buffer: UnsafeRawBufferPointer) {
        guard buffer.count == 10, let base = buffer.baseAddress,
              let value = NPI.parse(
                  first: UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)),
                  last: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        else { return nil }
        rawValue = value
    }

    /// `parse(_:)` of ten bytes given as their first eight and last two, loaded in memory order
    /// (the first byte lowest): the digits are checked, summed and combined a word at a time.
    @inline(__always)
    static func parse(first: UInt64, last: UInt16) -> UInt64? {
        guard allASCIIDigits(first), allASCIIDigits(last) else { return nil }
        let d = first &- 0x3030_3030_3030_3030
        let eighth = UInt64(last & 0xFF) &- 0x30, check = UInt64(last >> 8) &- 0x30
        // Luhn over 80840 and the first nine digits (the prefix gives 24): digits 0, 2, 4, 6
        // and 8 doubled (less 9 when over 9), digits 1, 3, 5 and 7 as they are. Digits in
        // 16-bit lanes: one is 5 or more exactly when adding 0x7B sets its bit 7.
        let lanes: UInt64 = 0x00FF_00FF_00FF_00FF, ones: UInt64 = 0x0001_0001_0001_0001
        let even = d & lanes, odd = (d >> 8) & lanes
        let overFour = ((even &+ 0x007B_007B_007B_007B) >> 7) & ones
        let doubled = even &* 2 &- overFour &* 9
        let eighthDoubled = eighth >= 5 ? eighth * 2 - 9 : eighth * 2
        let sum = 24 + ((doubled &* ones) >> 48) + ((odd &* ones) >> 48) + eighthDoubled
        guard (10 - sum % 10) % 10 == check else { return nil }
        // Pairs of digits as 0...99 in bytes 0, 2, 4 and 6, then fours as 0...9999 in bits 0
        // and 32.
        let pairs = (d &* 10 &+ (d >> 8)) & lanes
        let fours = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return ((fours & 0xFFFF) * 10_000 + (fours >> 32)) * 100 + eighth * 10 + check
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
