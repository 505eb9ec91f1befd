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

    /// Reads the CSV; `file` names it in errors. With a header (`code,description`, more
    /// columns allowed), the description is its `description` column; without one, every
    /// field after the code (a description whose commas were not quoted). A code described
    /// twice differently, and a file with no code, are errors.
    public static func parse(bytes: [UInt8], file: String) throws(InputError) -> DenialCodeDescriptions {
        func fail(_ line: Int, _ column: Int, _ message: String) -> InputError {
            InputError(Diagnostic(id: "input.denial-codes", severity: .error, message: message, location: SourceLocation(file: file, line: line, column: column)))
        }
        var text = DelimitedText(bytes: bytes, delimiter: UInt8(ascii: ","))
        var out: [String: (text: String, line: Int)] = [:]
        var first = true
        var descriptionColumn: Int?
        while let next = text.next() {
            let record: DelimitedText.Record
            switch next {
            case .success(let r): record = r
            case .failure(let p):
                let (line, column) = p.place
                throw fail(line, column, p.message(record: "line"))
            }
            if record.isBlank { continue }
            let fields = record.fields.map { $0.text.trimmingSpaces }
            if first {
                first = false
                if fields.first?.lowercased() == "code" {
                    descriptionColumn = fields.firstIndex { $0.lowercased() == "description" } ?? 1
                    continue
                }
            }
            let description = descriptionColumn.map { $0 < fields.count ? fields[$0] : "" } ?? String(record.fields.dropFirst().map(\.text).joined(separator: ",").trimmingSpaces)
            guard fields.count >= 2, !fields[0].isEmpty, !description.isEmpty else {
                throw fail(record.line, 1, "expected 'code,description' (for example 'CO-107,...' or 'N362,...')")
            }
            if let earlier = out[fields[0]], earlier.text != description {
                throw fail(record.line, 1, "code '\(fields[0])' is described twice, differently (first at line \(earlier.line)); keep one description")
            }
            out[fields[0]] = (description, record.line)
        }
        guard !out.isEmpty else { throw fail(1, 1, "no codes: expected 'code,description' rows (for example 'CO-107,...' or 'N362,...')") }
        return DenialCodeDescriptions(out.mapValues(\.text))
    }
}
