import Testing
@testable import ClaimLint

@Suite struct ReadResultTests {
    /// Past the per-id limit a diagnostic is counted, not made: its message, location and
    /// value are made while it is listed and for the first not listed (whose location the
    /// file's note gives), and not for the others. Other ids are listed as before.
    @Test func diagnosticsPastTheLimitAreCountedNotMade() {
        var r = ReadResult()
        var made = 0
        func message(_ k: Int) -> String {
            made += 1
            return "bad value \(k)"
        }
        for k in 0..<(ReadResult.perID + 5) {
            r.add("x.bad", .error, message(k), location: SourceLocation(file: "f", line: k + 1, column: 1), field: "code", value: "v\(k)")
        }
        #expect(made == ReadResult.perID + 1)
        #expect(r.diagnostics.count == ReadResult.perID)
        #expect(r.diagnostics.last == Diagnostic(
            id: "x.bad", severity: .error, message: "bad value \(ReadResult.perID - 1)",
            location: SourceLocation(file: "f", line: ReadResult.perID, column: 1), field: "code", value: "v\(ReadResult.perID - 1)"))
        #expect(r.unlisted["x.bad"]?.count == 5)
        #expect(r.unlisted["x.bad"]?.first.message == "bad value \(ReadResult.perID)")
        #expect(r.unlisted["x.bad"]?.first.location?.line == ReadResult.perID + 1)
        r.add("x.other", .warning, message(0), location: nil, field: nil, value: nil)
        #expect(made == ReadResult.perID + 2 && r.diagnostics.last?.id == "x.other")
        r.listUnlisted()
        #expect(r.diagnostics.last?.count == 5 && r.diagnostics.last?.location?.line == ReadResult.perID + 1)
    }

    /// The CSV and JSON readers' diagnostics (through `ClaimAssembler`) are counted, not made,
    /// past the limit too.
    @Test func assemblerDiagnosticsPastTheLimitAreCountedNotMade() {
        var a = ClaimAssembler(file: "f.csv", fieldKind: "column")
        var made = 0
        func message() -> String {
            made += 1
            return "is not a code"
        }
        for k in 0..<(ReadResult.perID + 3) {
            a.error(message(), .code, nil, location: SourceLocation(file: "f.csv", line: k + 2, column: 1), id: "input.invalid-code")
        }
        for _ in 0..<(ReadResult.perID + 3) {
            a.warning(message(), .code, nil, location: nil, id: "input.odd-code")
        }
        #expect(made == 2 * (ReadResult.perID + 1))
        #expect(a.result.diagnostics.first?.message == "column 'code': is not a code")
        #expect(a.result.unlisted["input.invalid-code"]?.count == 3 && a.result.unlisted["input.odd-code"]?.count == 3)
        #expect(a.result.unlisted["input.invalid-code"]?.first.location?.line == ReadResult.perID + 2)
    }
}
