/// A segment id (`CLM`, `SV1`, `HL`...) packed into an integer so the reader can switch on
/// it without making a string per segment. Ids are two or three upper-case letters or digits.
struct X12SegmentID: Hashable, Sendable {
    let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// For the ids below; `text` must be two or three ASCII characters.
    init(_ text: StaticString) {
        var v: UInt32 = 0
        text.withUTF8Buffer { for b in $0 { v = v << 8 | UInt32(b) } }
        rawValue = v
    }

    /// The id of the segment whose first element is `bytes[range]`, or nil when that is not
    /// two or three upper-case letters or digits.
    @inline(__always)
    init?(bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        // Every segment's id: its two or three bytes read at once, with no loop.
        let n = range.upperBound &- range.lowerBound
        guard n == 2 || n == 3 else { return nil }
        let b0 = bytes[range.lowerBound], b1 = bytes[range.lowerBound &+ 1]
        guard X12SegmentID.isIDByte(b0), X12SegmentID.isIDByte(b1) else { return nil }
        let two = UInt32(b0) << 8 | UInt32(b1)
        guard n == 3 else {
            rawValue = two
            return
        }
        let b2 = bytes[range.lowerBound &+ 2]
        guard X12SegmentID.isIDByte(b2) else { return nil }
        rawValue = two << 8 | UInt32(b2)
    }

    /// An upper-case ASCII letter or a digit.
    @inline(__always)
    static func isIDByte(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "A") < 26 || b &- UInt8(ascii: "0") < 10
    }

    var text: String {
        var out: [UInt8] = []
        var v = rawValue
        while v != 0 {
            out.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return String(decoding: out, as: UTF8.self)
    }

    // Packed constants (computed properties, so that a switch on them costs no lazy-global
    // check per segment); a test checks each against its text.
    static var isa: X12SegmentID { X12SegmentID(rawValue: 0x495341) }  // ISA
    static var iea: X12SegmentID { X12SegmentID(rawValue: 0x494541) }  // IEA
    static var gs: X12SegmentID { X12SegmentID(rawValue: 0x4753) }  // GS
    static var ge: X12SegmentID { X12SegmentID(rawValue: 0x4745) }  // GE
    static var st: X12SegmentID { X12SegmentID(rawValue: 0x5354) }  // ST
    static var se: X12SegmentID { X12SegmentID(rawValue: 0x5345) }  // SE
    static var hl: X12SegmentID { X12SegmentID(rawValue: 0x484C) }  // HL
    static var nm1: X12SegmentID { X12SegmentID(rawValue: 0x4E4D31) }  // NM1
    static var sbr: X12SegmentID { X12SegmentID(rawValue: 0x534252) }  // SBR
    static var pat: X12SegmentID { X12SegmentID(rawValue: 0x504154) }  // PAT
    static var dmg: X12SegmentID { X12SegmentID(rawValue: 0x444D47) }  // DMG
    static var clm: X12SegmentID { X12SegmentID(rawValue: 0x434C4D) }  // CLM
    static var hi: X12SegmentID { X12SegmentID(rawValue: 0x4849) }  // HI
    static var dtp: X12SegmentID { X12SegmentID(rawValue: 0x445450) }  // DTP
    static var lx: X12SegmentID { X12SegmentID(rawValue: 0x4C58) }  // LX
    static var sv1: X12SegmentID { X12SegmentID(rawValue: 0x535631) }  // SV1
    static var sv2: X12SegmentID { X12SegmentID(rawValue: 0x535632) }  // SV2

    /// Every segment of the 837P, 837I and 837D guides (and the envelope and acknowledgement
    /// segments around them). The reader skips known segments it does not use and warns about
    /// others.
    static let known: Set<X12SegmentID> = [
        "ISA", "IEA", "GS", "GE", "ST", "SE", "TA1", "BHT", "REF", "NM1", "N2", "N3", "N4", "PER", "PRV",
        "CUR", "HL", "SBR", "PAT", "DMG", "CLM", "DTP", "DN1", "DN2", "PWK", "CN1", "AMT", "K3", "NTE",
        "CR1", "CR2", "CR3", "CR4", "CR5", "CR6", "CR7", "CR8", "CRC", "HI", "HCP", "CL1", "CAS", "MOA",
        "MIA", "OI", "LX", "SV1", "SV2", "SV3", "SV4", "SV5", "SV6", "SV7", "TOO", "PS1", "QTY", "MEA",
        "LIN", "CTP", "SVD", "LQ", "FRM", "PLB", "UR", "LUI", "NX1",
    ]
}

extension X12SegmentID: ExpressibleByStringLiteral {
    init(stringLiteral value: StaticString) { self.init(value) }
}

extension X12SegmentID: CustomStringConvertible {
    var description: String { text }
}
