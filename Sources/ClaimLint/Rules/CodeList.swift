/// Formats codes for messages: all of a short list, else the first few and the count.
func describeCodes(_ codes: [ProcedureCode], limit: Int = 6) -> String {
    let sorted = codes.sorted()
    if sorted.count <= limit { return sorted.map(\.text).joined(separator: ", ") }
    return sorted.prefix(limit).map(\.text).joined(separator: ", ") + " ... (\(sorted.count) in all)"
}

/// Names a line in messages: `0856T-TC` with its modifiers.
func describe(_ e: LineEntry) -> String { LineName(e).text }

/// What a message needs to name a line, in 16 bytes: a message written later captures this
/// rather than the 36-byte entry. (The code after the modifiers fills their padding; in the
/// other order the name takes 24 bytes, and every finding's message more.)
struct LineName: Sendable, BitwiseCopyable {
    var modifiers: PackedModifiers
    var code: ProcedureCode

    init(modifiers: PackedModifiers, code: ProcedureCode) {
        self.modifiers = modifiers
        self.code = code
    }

    init(_ e: LineEntry) {
        code = e.code
        modifiers = e.modifiers
    }

    /// `0856T-TC`: the code with its modifiers.
    var text: String { code.text + modifiers.suffix }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
