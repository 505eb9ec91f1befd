/// A two-character procedure modifier (`26`, `TC`, `59`, `RT`...), validated and packed.
public struct Modifier: Hashable, Comparable, Sendable {
    /// The two ASCII characters, first in the high byte. Never zero.
    public let rawValue: UInt16

    @inlinable public init(packed rawValue: UInt16) { self.rawValue = rawValue }

    public init?(_ text: some StringProtocol) {
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), bytes.next() == nil else { return nil }
        self.init(first, second)
    }

    public init?(bytes: ArraySlice<UInt8>) {
        guard let m = Modifier(generic: bytes) else { return nil }
        self = m
    }

    /// The same, from a buffer (the X12 reader's bytes, not copied).
    init?(buffer: UnsafeRawBufferPointer) {
        guard let m = Modifier(generic: buffer) else { return nil }
        self = m
    }

    @inline(__always)
    private init?<Bytes: Collection<UInt8>>(generic bytes: Bytes) {
        guard bytes.count == 2 else { return nil }
        self.init(bytes[bytes.startIndex], bytes[bytes.index(after: bytes.startIndex)])
    }

    /// Two ASCII letters or digits; lowercase letters are read as uppercase.
    @inline(__always)
    private init?(_ first: UInt8, _ second: UInt8) {
        func upper(_ raw: UInt8) -> UInt8? {
            let b = raw >= UInt8(ascii: "a") && raw <= UInt8(ascii: "z") ? raw - 32 : raw
            let valid = (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            return valid ? b : nil
        }
        guard let a = upper(first), let b = upper(second) else { return nil }
        rawValue = UInt16(a) << 8 | UInt16(b)
    }

    public var text: String {
        String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = UInt8(rawValue >> 8)
            buffer[1] = UInt8(rawValue & 0xFF)
            return 2
        }
    }

    public static func < (a: Modifier, b: Modifier) -> Bool { a.rawValue < b.rawValue }
}

extension Modifier: CustomStringConvertible {
    public var description: String { text }
}

extension Modifier: ExpressibleByStringLiteral {
    /// A literal is read from its static bytes: `contains("50")` in an edit builds no `String`.
    /// Inlined, so that the compiler reads the two bytes of the literal where it is used and
    /// folds the whole check into the packed value (a call read them, about 40 instructions, on
    /// every line an edit asked about a modifier).
    @inline(__always)
    public init(stringLiteral value: StaticString) {
        guard value.hasPointerRepresentation, value.utf8CodeUnitCount == 2,
              let m = Modifier(value.utf8Start[0], value.utf8Start[1])
        else { preconditionFailure("invalid modifier literal \(value)") }
        self = m
    }
}

extension Modifier {
    public static let professional: Modifier = "26"
    public static let technical: Modifier = "TC"

    /// Anatomic modifiers (NCCI-associated; they distinguish sites).
    public static let anatomic: Set<Modifier> = {
        var set: Set<Modifier> = ["FA", "TA", "LT", "RT", "LC", "LD", "LM", "RC", "RI"]
        for i in 1...4 { set.insert(Modifier("E\(i)")!) }
        for i in 1...9 {
            set.insert(Modifier("F\(i)")!)
            set.insert(Modifier("T\(i)")!)
        }
        return set
    }()

    /// Modifiers that mark a line as a distinct service of the same code on the same date:
    /// 59, XE, XS, XP, XU, 76, 77, 91 and the anatomic modifiers.
    public static let distinguishing: Set<Modifier> = anatomic.union(["59", "XE", "XS", "XP", "XU", "76", "77", "91"])

    /// NCCI-associated modifiers, as the CMS PTP page lists them; which bypass an edit of
    /// modifier indicator 1 on which line is `PTPRules.bypasses`.
    public static let ncciAssociated: Set<Modifier> = anatomic.union([
        "24", "25", "57", "58", "78", "79", "27", "59", "XE", "XS", "XP", "XU", "91",
    ])
}
