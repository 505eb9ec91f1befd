/// A National Provider Identifier: ten digits whose last is a Luhn check digit computed with
/// the `80840` prefix (45 CFR 162.406).
public struct NPI: Hashable, Sendable {
    public let rawValue: UInt64

    public init?(_ text: some StringProtocol) { self.init(bytes: Array(text.utf8)[...]) }

    public init?(bytes: ArraySlice<UInt8>) {
        guard bytes.count == 10 else { return nil }
        var value: UInt64 = 0
        var digits = [Int]()
        digits.reserveCapacity(10)
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(b - UInt8(ascii: "0"))
            digits.append(Int(b - UInt8(ascii: "0")))
        }
        guard NPI.checkDigitValid(digits) else { return nil }
        rawValue = value
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
