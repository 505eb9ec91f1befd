/// Escaping for XML 1.0 text and attribute values.
enum XMLText {
    /// Escapes `&`, `<`, `>` and, in attributes, quotes and line breaks (so they survive
    /// attribute normalisation). Characters XML 1.0 cannot hold (most C0 controls, lone
    /// surrogates cannot occur in a String) become U+FFFD.
    static func escape(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}

extension ReportOutput {
    /// `s` escaped as `XMLText.escape` does; text that needs no escaping is copied as it is.
    mutating func writeXML(_ s: String, attribute: Bool = false) {
        write(XMLText.isPlain(s, attribute: attribute) ? s : XMLText.escape(s, attribute: attribute))
    }
}

extension XMLText {
    /// Per byte: 1 when text must escape it, 2 when an attribute must (0xEF may start U+FFFE
    /// or U+FFFF, which are replaced).
    private static let escapes: [UInt8] = (0...255).map { b -> UInt8 in
        switch UInt8(b) {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\r"), 0xEF: 3
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\n"), UInt8(ascii: "\t"): 2
        case 0..<0x20: 3
        default: 0
        }
    }

    /// Whether `escape` would leave `s` as it is: a scan of its bytes through a table (a
    /// report's messages, ids and locations are mostly plain, and a JUnit report of a million
    /// findings scans each several times).
    static func isPlain(_ s: String, attribute: Bool) -> Bool {
        let mask: UInt8 = attribute ? 2 : 1
        let scan = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            escapes.withUnsafeBufferPointer { table in
                for b in bytes where table[Int(b)] & mask != 0 { return false }
                return true
            }
        }
        if let plain = s.utf8.withContiguousStorageIfAvailable(scan) { return plain }
        var copy = s
        return copy.withUTF8(scan)
    }
}
