/// A HCPCS Level I (CPT) or Level II code: five ASCII characters, validated and packed.
///
/// Accepted shapes: five digits (`99213`), four digits and a letter (CPT category II/III,
/// PLA and vaccine codes such as `0856T`, `0001A`), a letter and four digits (`A0425`).
/// The value is packed base 36 into a `UInt32`, so it sorts like the code's text.
public struct ProcedureCode: Hashable, Comparable, Sendable, BitwiseCopyable {
    public let rawValue: UInt32

    @inlinable public init(packed rawValue: UInt32) { self.rawValue = rawValue }

    /// The accepted shapes, for messages about a value that is not a code (`ZZ999` has five
    /// characters and is not one).
    static let shapes = "expected five digits (99213), four digits and a letter (0856T, 0001A) or a letter and four digits (A0425)"

    /// Reads a code from text; lower-case letters are accepted and upper-cased.
    public init?(_ text: some StringProtocol) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(5)
        for b in text.utf8 { bytes.append(b) }
        guard let code = ProcedureCode(bytes: bytes[...]) else { return nil }
        self = code
    }

    /// Reads a code from bytes.
    public init?(bytes: ArraySlice<UInt8>) {
        guard let value = ProcedureCode.pack(bytes) else { return nil }
        rawValue = value
    }

    /// The same, from a buffer (the X12 reader's bytes, not copied). Five digits, most lines'
    /// codes, are checked and packed from two loads (the general loop took about 110
    /// instructions a code); anything else goes through `pack`.
    init?(buffer: UnsafeRawBufferPointer) {
        if buffer.count == 5, let base = buffer.baseAddress {
            let four = UInt32(littleEndian: base.loadUnaligned(as: UInt32.self))
            let last = base.load(fromByteOffset: 4, as: UInt8.self) &- UInt8(ascii: "0")
            if allASCIIDigits(four), last < 10 {
                let d = four &- 0x3030_3030
                let first3 = ((d & 0xFF) &* 36 &+ ((d >> 8) & 0xFF)) &* 36 &+ ((d >> 16) & 0xFF)
                rawValue = (first3 &* 36 &+ (d >> 24)) &* 36 &+ UInt32(last)
                return
            }
        }
        guard let value = ProcedureCode.pack(buffer) else { return nil }
        rawValue = value
    }

    /// The packed value of five code characters, or nil when they are not a code. Generic so
    /// that table loaders can pack straight from a buffer.
    @inline(__always)
    static func pack<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32? {
        guard bytes.count == 5 else { return nil }
        var value: UInt32 = 0
        var letters = 0
        var letterAt = -1
        var i = 0
        for raw in bytes {
            let b = raw >= UInt8(ascii: "a") && raw <= UInt8(ascii: "z") ? raw - 32 : raw
            let digit: UInt32
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digit = UInt32(b - UInt8(ascii: "0"))
            } else if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") {
                digit = UInt32(b - UInt8(ascii: "A")) + 10
                letters += 1
                letterAt = i
            } else {
                return nil
            }
            value = value * 36 + digit
            i += 1
        }
        guard letters == 0 || (letters == 1 && (letterAt == 0 || letterAt == 4)) else { return nil }
        return value
    }

    /// The five characters of the code.
    public var text: String {
        String(unsafeUninitializedCapacity: 5) { chars in
            var v = rawValue
            for i in stride(from: 4, through: 0, by: -1) {
                let d = UInt8(v % 36)
                chars[i] = d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "A") + d - 10
                v /= 36
            }
            return 5
        }
    }

    /// The code as a number when it is five digits (a CPT category I code), else nil.
    public var numericValue: Int? {
        var v = rawValue
        var result = 0
        var scale = 1
        for _ in 0..<5 {
            let d = Int(v % 36)
            if d > 9 { return nil }
            result += d * scale
            scale *= 10
            v /= 36
        }
        return result
    }

    /// Evaluation and management codes, 99202-99499. Compared packed, as the edits ask it of
    /// every line (working out `numericValue` took five divisions, about 100 instructions):
    /// packed codes sort as their text does, only the first and last characters may be letters,
    /// so a code between the two bounds is `99` and three more characters of which only the
    /// last may be a letter (`9920T` sorts between 99202 and 99210).
    public var isEvaluationAndManagement: Bool {
        rawValue >= ProcedureCode.firstEvaluationAndManagement && rawValue <= ProcedureCode.lastEvaluationAndManagement
            && rawValue % 36 < 10
    }

    /// A HCPCS J code (drugs, billed per NDC): the first of the five base-36 characters is
    /// "J", 19.
    var isDrugCode: Bool { rawValue / (36 * 36 * 36 * 36) == 19 }

    /// A CPT code of the pathology and laboratory section (80000-89999) or a proprietary
    /// laboratory analysis (0001U-9999U).
    public var isLaboratoryCode: Bool {
        let t = Array(text.utf8)
        guard t.count == 5 else { return false }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        return t[0] == UInt8(ascii: "8") && t.allSatisfy(isDigit) || t[4] == UInt8(ascii: "U") && t[..<4].allSatisfy(isDigit)
    }

    /// 99202 and 99499 packed (a test checks them against their text).
    static var firstEvaluationAndManagement: UInt32 { ((((9 * 36 + 9) * 36 + 2) * 36 + 0) * 36) + 2 }
    static var lastEvaluationAndManagement: UInt32 { ((((9 * 36 + 9) * 36 + 4) * 36 + 9) * 36) + 9 }

    public static func < (a: ProcedureCode, b: ProcedureCode) -> Bool { a.rawValue < b.rawValue }
}

extension ProcedureCode: CustomStringConvertible {
    public var description: String { text }
}

extension ProcedureCode: ExpressibleByStringLiteral {
    /// For literals in code and tests; an invalid literal is a programmer error.
    public init(stringLiteral value: String) {
        guard let code = ProcedureCode(value) else { preconditionFailure("invalid procedure code literal \(value)") }
        self = code
    }
}
