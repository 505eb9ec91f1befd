/// Descriptions of X12 denial codes (CARCs, RARCs) from a CSV file the user supplies, as
/// `code,description` rows (a `code,description` header is optional). The code lists are
/// licensed, so ClaimLint ships codes only. A rule's `CO-107` is looked up as written, then
/// without its group code (`107`).
public struct DenialCodeDescriptions: Sendable, Hashable {
    public var descriptions: [String: String]

    public init(_ descriptions: [String: String] = [:]) {
        self.descriptions = descriptions
    }

    public func description(of code: String) -> String? {
        if let d = descriptions[code] { return d }
        let parts = code.split(separator: "-", maxSplits: 1)
        if parts.count == 2, parts[0].count == 2, parts[0].allSatisfy(\.isLetter) { return descriptions[String(parts[1])] }
        return nil
    }

    /// `CO-107; N362`, each code followed by its description in parentheses when known.
    func describe(_ codes: [String]) -> String {
        codes.map { c in description(of: c).map { "\(c) (\($0))" } ?? c }.joined(separator: "; ")
    }

    /// Reads the CSV; `file` names it in errors.
    public static func parse(bytes: [UInt8], file: String) throws(InputError) -> DenialCodeDescriptions {
        var text = DelimitedText(bytes: bytes, delimiter: UInt8(ascii: ","))
        var out: [String: String] = [:]
        var first = true
        while let next = text.next() {
            let record: DelimitedText.Record
            switch next {
            case .success(let r): record = r
            case .failure(let p):
                let (line, column) = p.place
                throw InputError(Diagnostic(id: "input.denial-codes", severity: .error, message: p.message(record: "line"), location: SourceLocation(file: file, line: line, column: column)))
            }
            defer { first = false }
            if record.isBlank { continue }
            let fields = record.fields.map { $0.text.trimmingSpaces }
            if first, fields.first?.lowercased() == "code" { continue }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw InputError(Diagnostic(id: "input.denial-codes", severity: .error, message: "expected 'code,description' (for example 'CO-107,...' or 'N362,...')", location: SourceLocation(file: file, line: record.line, column: 1)))
            }
            out[fields[0]] = fields[1...].joined(separator: ",")
        }
        return DenialCodeDescriptions(out)
    }
}
