/// A parsed JSON value with the line and column where it starts. Numbers keep their text, so
/// units and charges are read exactly.
indirect enum JSONValue {
    case object([(key: String, keyLine: Int, keyColumn: Int, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

struct JSONNode {
    var value: JSONValue
    var line: Int
    var column: Int
}

struct JSONSyntaxError: Error {
    var message: String
    var line: Int
    var column: Int
}

/// A small JSON parser (RFC 8259) over bytes that records positions. Nesting is limited so that
/// hostile input cannot exhaust the stack.
struct JSONParser {
    /// Valid while the parser is used: `parse` and `claims(in:)` parse within the caller's
    /// access to the bytes.
    private let bytes: UnsafeRawBufferPointer
    private var i: Int
    private var line = 1
    private var lineStart: Int
    private var depth = 0
    /// Whether objects and arrays keep their members and items; off, the parser only checks
    /// the syntax (the values it returns are empty containers).
    private var keep = true
    static let maxDepth = 64
    /// The most bytes a claim (an item of the claims array) may take to be read: 1 MiB, room
    /// for 999 pretty-printed lines. A claim's values take up to about forty times its bytes
    /// once parsed; a larger claim is only checked and counted (`largeClaim`), never built.
    static let maxItemBytes = 1 << 20

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        lineStart = i
    }

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) -> JSONNode in
                var p = JSONParser(bytes: buffer)
                p.skipSpace()
                let v = try p.value()
                p.skipSpace()
                guard p.i == p.bytes.count else { throw p.fail("unexpected text after the end of the JSON value") }
                return v
            }
        }.get()
    }

    private var column: Int { i - lineStart + 1 }

    private func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: column)
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"):
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONNode {
        guard i < bytes.count else { throw fail("the JSON ends where a value was expected") }
        let (l, c) = (line, column)
        // A value not kept is only checked: nothing is built for it or for what it holds.
        guard keep else { return JSONNode(value: try skip().empty, line: l, column: c) }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var members: [(key: String, keyLine: Int, keyColumn: Int, value: JSONNode)] = []
            try object { p, key, kl, kc throws(JSONSyntaxError) in members.append((key, kl, kc, try p.value())) }
            return JSONNode(value: .object(members), line: l, column: c)
        case UInt8(ascii: "["):
            var items: [JSONNode] = []
            try array { p throws(JSONSyntaxError) in items.append(try p.value()) }
            return JSONNode(value: .array(items), line: l, column: c)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try string()), line: l, column: c)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let b = try literal()
            return JSONNode(value: b.map { .bool($0) } ?? .null, line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try number(decode: true)), line: l, column: c)
        default:
            throw unexpected()
        }
    }

    /// What a value is, without its content.
    enum Kind {
        case object, array, string, number, bool, null

        /// An empty value of this kind (with the kind's `typeName`).
        var empty: JSONValue {
            switch self {
            case .object: .object([])
            case .array: .array([])
            case .string: .string("")
            case .number: .number("")
            case .bool: .bool(false)
            case .null: .null
            }
        }
    }

    /// Checks the value at the current byte, with the errors `value()` reports, building
    /// nothing (the syntax check): its kind.
    private mutating func skip() throws(JSONSyntaxError) -> Kind {
        guard i < bytes.count else { throw fail("the JSON ends where a value was expected") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            try object { p, _, _, _ throws(JSONSyntaxError) in _ = try p.skip() }
            return .object
        case UInt8(ascii: "["):
            try array { p throws(JSONSyntaxError) in _ = try p.skip() }
            return .array
        case UInt8(ascii: "\""):
            _ = try string(decode: false)
            return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try literal() == nil ? .null : .bool
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try number(decode: false)
            return .number
        default:
            throw unexpected()
        }
    }

    private func unexpected() -> JSONSyntaxError {
        fail("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))' where a value was expected")
    }

    /// The number at the current byte, as written ("" with `decode` false).
    private mutating func number(decode: Bool) throws(JSONSyntaxError) -> String {
        let (l, c, start) = (line, column, i)
        i += 1
        while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard Double(text) != nil else { throw JSONSyntaxError(message: "'\(text)' is not a JSON number", line: l, column: c) }
        return decode ? text : ""
    }

    /// Parses `{...}` at the current byte: for each member, `member` gets the parser standing at
    /// the value, which it must parse, with the key and the key's line and column.
    private mutating func object(_ member: (inout JSONParser, String, Int, Int) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail("objects and arrays nest deeper than \(JSONParser.maxDepth) levels") }
        defer { depth -= 1 }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let (kl, kc, keyStart) = (line, column, i)
            // Keys of values not kept are only checked, except the top level's, which
            // `claims(in:)` reads.
            let decoded = keep || depth == 1
            let key = try string(decode: decoded)
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                var again = self
                again.i = keyStart
                throw fail("expected ':' after the key \"\(decoded ? key : (try? again.string()) ?? "")\"")
            }
            i += 1
            skipSpace()
            try member(&self, key, kl, kc)
            skipSpace()
            guard i < bytes.count else { throw fail("the JSON ends inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
    }

    /// Parses `[...]` at the current byte: for each item, `item` gets the parser standing at it,
    /// and must parse it.
    private mutating func array(_ item: (inout JSONParser) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail("objects and arrays nest deeper than \(JSONParser.maxDepth) levels") }
        defer { depth -= 1 }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            skipSpace()
            try item(&self)
            skipSpace()
            guard i < bytes.count else { throw fail("the JSON ends inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
    }

    /// Where a claims document (`{"claims": [...]}` or a bare array) keeps its claims.
    enum ClaimsDocument {
        /// The claims array, and the top-level object's other keys (not `version`), if any.
        case claims(otherKeys: [(key: String, line: Int, column: Int)])
        /// The top-level object, at this line and column, has no `claims` key.
        case noClaimsKey(line: Int, column: Int)
        /// The (first) `claims` value is not an array.
        case claimsNotArray(typeName: String, line: Int, column: Int)
        /// The document is neither an object nor an array.
        case notAContainer(typeName: String, line: Int, column: Int)
        /// The top-level object has a second `claims` key, here.
        case claimsTwice(line: Int, column: Int)
    }

    /// Parses a claims document, handing `claim` each item of its claims array as soon as it is
    /// parsed, so that only one claim's values are held at a time. Nothing is handed over with
    /// `check` (the syntax is only checked): run it so first, since a syntax error may come
    /// after claims were handed over. Syntax errors are those of `parse`.
    ///
    /// `releaseBehind`: when `bytes` is a private read-only file mapping (`X12FileMapping`),
    /// its pages behind the parser are released every that many bytes, as the X12 reader does.
    ///
    /// `itemStart` gets where each item of the claims array starts (for `claims(in:from:to:_:)`).
    /// With `check`, `largeItem` gets each item over `maxItemBytes` with its bytes; without,
    /// the items at the offsets of `large` are not built but handed to `onLarge` with their
    /// bytes (the value there).
    static func claims(
        in bytes: UnsafeRawBufferPointer, check: Bool = false, releaseBehind: Int? = nil, itemStart: ((ItemStart) -> Void)? = nil,
        largeItem: ((ItemStart, Int) -> Void)? = nil, large: [Int: Int] = [:], onLarge: (ItemStart, Int) -> Void = { _, _ in },
        _ claim: (JSONNode) -> Void
    ) throws(JSONSyntaxError) -> ClaimsDocument {
        var p = JSONParser(bytes: bytes)
        var released = 0
        func release(upTo offset: Int) {
            guard let step = releaseBehind, offset - released >= step else { return }
            released = X12FileMapping.releasePages(of: bytes, from: released, upTo: offset)
        }
        p.keep = !check
        p.skipSpace()
        guard p.i < p.bytes.count else { throw p.fail("the JSON ends where a value was expected") }
        let (l, c) = (p.line, p.column)
        let document: ClaimsDocument
        func items(_ p: inout JSONParser) throws(JSONSyntaxError) {
            try p.array { p throws(JSONSyntaxError) in
                let start = ItemStart(offset: p.i, line: p.line, lineStart: p.lineStart, depth: p.depth)
                itemStart?(start)
                if check {
                    _ = try p.value()
                    if let largeItem, p.i - start.offset > maxItemBytes { largeItem(start, p.i - start.offset) }
                } else if !large.isEmpty, let size = large[start.offset] {
                    _ = try p.skip()
                    onLarge(start, size)
                } else {
                    claim(try p.value())
                }
                release(upTo: p.i)
            }
        }
        switch p.bytes[p.i] {
        case UInt8(ascii: "["):
            try items(&p)
            document = .claims(otherKeys: [])
        case UInt8(ascii: "{"):
            var found: ClaimsDocument?
            var others: [(key: String, line: Int, column: Int)] = []
            var second: (line: Int, column: Int)?
            try p.object { p, key, kl, kc throws(JSONSyntaxError) in
                if key == "claims", found != nil, second == nil { second = (kl, kc) }
                if key == "claims", found == nil {
                    if p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "[") {
                        try items(&p)
                        found = .claims(otherKeys: [])
                    } else {
                        let v = try p.value()
                        found = .claimsNotArray(typeName: v.value.typeName, line: v.line, column: v.column)
                    }
                    return
                }
                // Other values (and a second "claims") are only checked, never built.
                let keep = p.keep
                p.keep = false
                _ = try p.value()
                p.keep = keep
                if key != "claims" && key != "version" { others.append((key, kl, kc)) }
            }
            if let second {
                document = .claimsTwice(line: second.line, column: second.column)
            } else if case .claims = found {
                document = .claims(otherKeys: others)
            } else {
                document = found ?? .noClaimsKey(line: l, column: c)
            }
        default:
            let v = try p.value()
            document = .notAContainer(typeName: v.value.typeName, line: l, column: c)
        }
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.fail("unexpected text after the end of the JSON value") }
        return document
    }

    /// Where an item of the claims array starts, with the parser's state there.
    struct ItemStart: Sendable {
        var offset: Int
        var line: Int
        var lineStart: Int
        var depth: Int
    }

    /// Parses the items of a claims array whose syntax `claims(in:check:...)` has checked, from
    /// the one at `start` up to the one at `end` (nil: the array's end), handing each to
    /// `claim`: the nodes `claims(in:_:)` hands over for those items (and the items of `large`
    /// to `onLarge`, as it does).
    static func claims(
        in bytes: UnsafeRawBufferPointer, from start: ItemStart, to end: Int?, large: [Int: Int] = [:], onLarge: (ItemStart, Int) -> Void = { _, _ in },
        _ claim: (JSONNode) -> Void
    ) {
        var p = JSONParser(bytes: bytes)
        (p.i, p.line, p.lineStart, p.depth) = (start.offset, start.line, start.lineStart, start.depth)
        while true {
            if !large.isEmpty, let size = large[p.i] {
                let item = ItemStart(offset: p.i, line: p.line, lineStart: p.lineStart, depth: p.depth)
                guard (try? p.skip()) != nil else { return }
                onLarge(item, size)
            } else {
                guard let v = try? p.value() else { return }
                claim(v)
            }
            // As `array` goes on: a comma, then the next item; anything else ends the array.
            p.skipSpace()
            guard p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: ",") else { return }
            p.i += 1
            p.skipSpace()
            if let end, p.i >= end { return }
        }
    }

    /// What is told of a claim too large to build (an item of the claims array over
    /// `maxItemBytes`, whose syntax was checked): its id, a string or number of at most
    /// `idBytes` bytes under a key `isID` accepts, and the items of its (last) "lines" array,
    /// read without keeping anything else.
    static func largeClaim(in bytes: UnsafeRawBufferPointer, at start: ItemStart, isID: (String) -> Bool, idBytes: Int) -> (id: String?, lines: Int) {
        var p = JSONParser(bytes: bytes)
        (p.i, p.line, p.lineStart, p.depth) = (start.offset, start.line, start.lineStart, start.depth)
        guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else { return (nil, 0) }
        var id: String?
        var lines = 0
        try? p.object { p, key, _, _ throws(JSONSyntaxError) in
            let first = p.bytes[p.i]
            if isID(key), first == UInt8(ascii: "\"") || first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                let valueStart = p.i
                _ = try p.skip()
                if p.i - valueStart <= idBytes + 2 {
                    var again = p
                    again.i = valueStart
                    let text = first == UInt8(ascii: "\"") ? try again.string() : try again.number(decode: true)
                    if text.utf8.count <= idBytes { id = text.trimmingSpaces }
                }
            } else if key == "lines", first == UInt8(ascii: "[") {
                var count = 0
                try p.array { p throws(JSONSyntaxError) in
                    count += 1
                    _ = try p.skip()
                }
                lines = count
            } else {
                _ = try p.skip()
            }
        }
        return (id.flatMap { $0.isEmpty ? nil : $0 }, lines)
    }

    /// The bytes a number may hold; what they make is then checked whole.
    private static func isNumberByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// The literal `true`, `false` or `null` at the current byte: its value, nil for null.
    private mutating func literal() throws(JSONSyntaxError) -> Bool? {
        switch bytes[i] {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            try literal("null")
            return nil
        }
    }

    /// Throws when a string's bytes at `range` are not UTF-8 (checked in the syntax pass, as
    /// the claims pass cannot fail): they would read as U+FFFD, so two ids that differ in them
    /// (JOS\xC9-1, JOS\xC8-1 in Latin-1) would be one. The error is at the string's first
    /// byte that is not ASCII.
    private mutating func checkUTF8(_ range: Range<Int>) throws(JSONSyntaxError) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard String(decoding: raw, as: UTF8.self).utf8.count != raw.count else { return }
        var k = range.lowerBound
        while k < range.upperBound, bytes[k] < 0x80 { k += 1 }
        let byte = String(bytes[k], radix: 16, uppercase: true)
        let end = i
        i = k
        defer { i = end }
        throw fail("a string holds bytes that are not UTF-8 (such as 0x\(byte): a Latin-1 or Windows-1252 file); JSON text is UTF-8, so save the file as UTF-8")
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, UnsafeRawBufferPointer(rebasing: bytes[i..<i + n]).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: n)) else {
            throw fail("expected \(word)")
        }
        i += n
    }

    /// The string at the current byte, unescaped; with `decode` false only checked (the
    /// syntax check does not keep strings), with the same errors, and "" returned.
    private mutating func string(decode: Bool = true) throws(JSONSyntaxError) -> String {
        i += 1  // opening quote
        // Most strings have no escape: they are decoded in place.
        let start = i
        // The bytes or'd together: a string of ASCII only (most) needs no UTF-8 check.
        var high: UInt8 = 0
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            high |= bytes[i]
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            if high >= 0x80 { try checkUTF8(start..<i - 1) }
            return decode ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i - 1]), as: UTF8.self) : ""
        }
        var out = decode ? Array(bytes[start..<i]) : []
        while i < bytes.count {
            let b = bytes[i]
            high |= b
            if b == UInt8(ascii: "\"") {
                i += 1
                if high >= 0x80 { try checkUTF8(start..<i - 1) }
                return decode ? String(decoding: out, as: UTF8.self) : ""
            }
            if b < 0x20 { throw fail(b == UInt8(ascii: "\n") ? "a string runs past the end of the line (missing closing quote?)" : "a control character inside a string must be escaped") }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid surrogate pair in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw fail("unknown escape \\\(String(decoding: [e], as: UTF8.self))")
                }
                continue
            }
            out.append(b)
            i += 1
        }
        throw fail("the JSON ends inside a string")
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
