/// An ICD-10-CM diagnosis code, kept without its dot: a letter, a digit, then one to five
/// letters or digits (`M1711`, `Z0000`). `M17.11` is accepted and stored as `M1711`.
public struct DiagnosisCode: Hashable, Sendable {
    public let text: String

    public init?(_ raw: some StringProtocol) {
        var out = [UInt8]()
        for b in raw.utf8 where b != UInt8(ascii: ".") {
            let u = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b
            guard (u >= UInt8(ascii: "0") && u <= UInt8(ascii: "9")) || (u >= UInt8(ascii: "A") && u <= UInt8(ascii: "Z"))
            else { return nil }
            out.append(u)
        }
        guard (3...7).contains(out.count),
              out[0] >= UInt8(ascii: "A"), out[0] <= UInt8(ascii: "Z"),
              out[1] >= UInt8(ascii: "0"), out[1] <= UInt8(ascii: "9")
        else { return nil }
        text = String(decoding: out, as: UTF8.self)
    }
}

extension DiagnosisCode: CustomStringConvertible {
    public var description: String { text }
}
