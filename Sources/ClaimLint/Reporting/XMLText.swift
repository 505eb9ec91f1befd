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
        let plain = s.utf8.allSatisfy { b in
            switch b {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\r"), 0xEF: false
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\n"), UInt8(ascii: "\t"): !attribute
            default: b >= 0x20
            }
        }
        write(plain ? s : XMLText.escape(s, attribute: attribute))
    }
}
