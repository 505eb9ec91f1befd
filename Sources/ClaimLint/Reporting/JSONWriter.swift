/// Writes JSON text with keys in the order given, for stable, diffable reports.
struct JSONWriter {
    private(set) var text = ""
    private var indent = 0
    private var needsComma: [Bool] = [false]
    private var afterKey = false
    let pretty: Bool

    init(pretty: Bool = true) { self.pretty = pretty }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
        if pretty && indent > 0 { text += "\n" + String(repeating: "  ", count: indent) }
    }

    private mutating func open(_ bracket: String) {
        text += bracket
        indent += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        indent -= 1
        let hadItems = needsComma.removeLast()
        if pretty && hadItems { text += "\n" + String(repeating: "  ", count: indent) }
        text += bracket
    }

    mutating func key(_ k: String) {
        separator()
        text += JSONWriter.quote(k) + (pretty ? ": " : ":")
        afterKey = true
    }

    /// A value right after its key takes no separator; any other value does.
    private mutating func valuePrefix() {
        if afterKey {
            afterKey = false
        } else {
            separator()
        }
    }

    mutating func string(_ s: String) { valuePrefix(); text += JSONWriter.quote(s) }
    mutating func number(_ n: Int) { valuePrefix(); text += String(n) }
    mutating func raw(_ s: String) { valuePrefix(); text += s }
    mutating func null() { valuePrefix(); text += "null" }
    mutating func bool(_ b: Bool) { valuePrefix(); text += b ? "true" : "false" }
    mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        open("{")
        body(&self)
        close("}")
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        open("[")
        body(&self)
        close("]")
    }

    mutating func field(_ k: String, _ s: String) { key(k); string(s) }
    mutating func field(_ k: String, _ n: Int) { key(k); number(n) }
    mutating func field(_ k: String, _ s: String?) { key(k); optionalString(s) }
    mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }
    mutating func field(_ k: String, strings: [String]) {
        key(k)
        array { w in for s in strings { w.string(s) } }
    }
}
