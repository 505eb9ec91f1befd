/// Reads X12 837P interchanges (placeholder until the X12 reader lands).
enum X12ClaimReader {
    static func read(bytes: [UInt8], file: String) throws(InputError) -> ReadResult {
        throw InputError(Diagnostic(id: "input.unsupported-format", severity: .error, message: "X12 837 files are not read yet", location: SourceLocation(file: file, line: 1, column: 1)))
    }
}
