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
    init?(bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        guard range.count == 2 || range.count == 3 else { return nil }
        var v: UInt32 = 0
        for i in range {
            let b = bytes[i]
            guard (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else { return nil }
            v = v << 8 | UInt32(b)
        }
        rawValue = v
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

    static let isa = X12SegmentID("ISA"), iea = X12SegmentID("IEA")
    static let gs = X12SegmentID("GS"), ge = X12SegmentID("GE")
    static let st = X12SegmentID("ST"), se = X12SegmentID("SE")
    static let hl = X12SegmentID("HL"), nm1 = X12SegmentID("NM1"), sbr = X12SegmentID("SBR")
    static let pat = X12SegmentID("PAT"), dmg = X12SegmentID("DMG"), clm = X12SegmentID("CLM")
    static let hi = X12SegmentID("HI"), dtp = X12SegmentID("DTP"), lx = X12SegmentID("LX")
    static let sv1 = X12SegmentID("SV1"), sv2 = X12SegmentID("SV2")

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
