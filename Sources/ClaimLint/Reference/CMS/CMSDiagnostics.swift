/// Collects the diagnostics of one CMS file. Row problems are errors that skip the row; after
/// `rowLimit` of them the rest are counted, not listed, so a file of the wrong kind cannot
/// flood the report.
struct CMSDiagnostics: Sendable {
    static let rowLimit = 50

    let file: String
    private(set) var list: [Diagnostic] = []
    private(set) var rowProblems = 0

    init(file: String) { self.file = file }

    /// A row that could not be read and was skipped.
    mutating func row(line: Int, column: Int = 1, field: String? = nil, value: String? = nil, _ message: String) {
        rowProblems += 1
        guard rowProblems <= CMSDiagnostics.rowLimit else { return }
        list.append(Diagnostic(
            id: "cms.bad-row", severity: .error, message: message + "; row skipped",
            location: SourceLocation(file: file, line: line, column: column), field: field, value: value))
    }

    /// A note about the whole file (or one of its header lines).
    mutating func note(_ id: String, _ severity: Severity, line: Int? = nil, _ message: String) {
        list.append(Diagnostic(
            id: id, severity: severity, message: message,
            location: line.map { SourceLocation(file: file, line: $0, column: 1) } ?? SourceLocation(file: file, line: 1, column: 1)))
    }

    /// The diagnostics, with a closing count of row problems that were not listed.
    var finished: [Diagnostic] {
        guard rowProblems > CMSDiagnostics.rowLimit else { return list }
        return list + [Diagnostic(
            id: "cms.bad-row", severity: .error,
            message: "\(rowProblems - CMSDiagnostics.rowLimit) more rows could not be read and were skipped (first \(CMSDiagnostics.rowLimit) listed)",
            location: SourceLocation(file: file, line: 1, column: 1))]
    }
}

extension DelimitedText {
    /// The next record of a CMS CSV, reporting a malformed quote as a row diagnostic and
    /// skipping it; nil at the end.
    mutating func nextRecord(_ diagnostics: inout CMSDiagnostics) -> Record? {
        while let next = next() {
            switch next {
            case .success(let r): return r
            case .failure(.unterminatedQuote(let line, let column, _)):
                diagnostics.row(line: line, column: column, "a quoted cell is not closed")
            case .failure(.textAfterQuote(let line, let column)):
                diagnostics.row(line: line, column: column, "text after a closing quote")
            case .failure(let p):
                let (line, column) = p.place
                diagnostics.row(line: line, column: column, p.message(record: "row"))
            }
        }
        return nil
    }
}
