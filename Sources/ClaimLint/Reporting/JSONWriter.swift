/// Writes JSON text with keys in the order given, for stable, diffable reports, into a
/// `ReportOutput` (kept whole, or streamed out in chunks).
struct JSONWriter {
    var out: ReportOutput
    private var indent = 0
    private var needsComma: [Bool] = [false]
    private var afterKey = false
    let pretty: Bool

    init(pretty: Bool = true, into out: ReportOutput = ReportOutput()) {
        self.pretty = pretty
        self.out = out
    }

    /// The text written (when the output keeps it).
    var text: String { out.text }

    /// `s` as a JSON string, quotes included.
    static func quote(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return w.text
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { out.write(byte: UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if pretty && indent > 0 { newline() }
    }

    private mutating func newline() {
        out.write(byte: UInt8(ascii: "\n"))
        for _ in 0..<indent {
            out.write(byte: UInt8(ascii: " "))
            out.write(byte: UInt8(ascii: " "))
        }
    }

    private mutating func open(_ bracket: UInt8) {
        out.write(byte: bracket)
        indent += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 1
        let hadItems = needsComma.removeLast()
        if pretty && hadItems { newline() }
        out.write(byte: bracket)
    }

    mutating func key(_ k: String) {
        separator()
        quoted(k)
        out.write(byte: UInt8(ascii: ":"))
        if pretty { out.write(byte: UInt8(ascii: " ")) }
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

    private mutating func quoted(_ s: String) {
        out.write(byte: UInt8(ascii: "\""))
        out.writeJSONEscaped(s)
        out.write(byte: UInt8(ascii: "\""))
    }

    mutating func string(_ s: String) { valuePrefix(); quoted(s) }

    /// One string value written in parts (`writeJSONEscaped`, `write(Int)`), without joining
    /// them first.
    mutating func string(_ parts: (inout ReportOutput) -> Void) {
        valuePrefix()
        out.write(byte: UInt8(ascii: "\""))
        parts(&out)
        out.write(byte: UInt8(ascii: "\""))
    }

    mutating func number(_ n: Int) { valuePrefix(); out.write(n) }
    mutating func raw(_ s: String) { valuePrefix(); out.write(s) }
    mutating func null() { valuePrefix(); out.write("null") }
    mutating func bool(_ b: Bool) { valuePrefix(); out.write(b ? "true" : "false") }
    mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        valuePrefix()
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Writes `count` values into the array being written, value `i` by `body(i, &writer)`, in
    /// order, through `ReportOutput.writeItems`: many values are written in parallel chunks,
    /// each value by a writer at this one's depth, with the bytes of writing them one by one.
    mutating func items(count: Int, _ body: @Sendable (Int, inout JSONWriter) -> Void) {
        let item = itemWriter()
        out.writeItems(count: count) { i, out in item(i, &out) { body(i, &$0) } }
        if count > 0 { needsComma[needsComma.count - 1] = true }
    }

    /// `items(count:_:)` over findings, each chunk's named in order (`ReportOutput.writeFindings`).
    mutating func items(of findings: FindingList, _ body: @Sendable (Finding, inout JSONWriter) -> Void) {
        let item = itemWriter()
        out.writeFindings(findings) { i, f, out in item(i, &out) { body(f, &$0) } }
        if !findings.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    /// Writes item `i` of the array being written into `out`, by a writer at this one's depth.
    private func itemWriter() -> @Sendable (Int, inout ReportOutput, (inout JSONWriter) -> Void) -> Void {
        let depth = indent, pretty = pretty, started = needsComma[needsComma.count - 1]
        return { i, out, body in
            var w = JSONWriter(pretty: pretty)
            w.indent = depth
            w.needsComma = [started || i > 0]
            swap(&w.out, &out)
            body(&w)
            swap(&w.out, &out)
        }
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

extension ReportOutput {
    /// `s` escaped for the inside of a JSON string: quote, backslash and C0 controls.
    mutating func writeJSONEscaped(_ s: String) {
        write(s, escaping: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { b, bytes in
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
    }
}
