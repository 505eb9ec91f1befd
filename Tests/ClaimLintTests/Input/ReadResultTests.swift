import Foundation
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

    // MARK: - Claims not checked: counted always, listed when asked

    static let unreadable = ["Fixtures/claims/malformed.csv", "Fixtures/claims/malformed.json", "Fixtures/x12/bad-values.837", "Fixtures/x12/truncated.837"]

    /// Reads `path` as a check does (`ClaimFileReader.read(path:...chunks:)`).
    static func read(_ path: String, threads: Int, lists: Bool) throws -> ReadResult {
        try ClaimFileReader.read(path: path, displayPath: nil, partSize: 4, threads: threads, listsUnreadableClaims: lists) { _ in }
    }

    static func expectCountedNotListed(_ counted: ReadResult, _ listed: ReadResult, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(listed.claimsUnreadable > 0 && listed.unreadableClaims.count == listed.claimsUnreadable, "\(what)", sourceLocation: sourceLocation)
        #expect(counted.unreadableClaims.isEmpty, "\(what)", sourceLocation: sourceLocation)
        #expect(
            counted.claimsUnreadable == listed.claimsUnreadable && counted.linesUnreadable == listed.linesUnreadable
                && counted.claimsRead == listed.claimsRead && counted.diagnostics == listed.diagnostics,
            "\(what)", sourceLocation: sourceLocation)
    }

    /// A check without a JUnit report (`listClaims` false) has the readers count the claims
    /// they cannot read without listing them (a record of about 100 bytes each, kept for the
    /// whole file, only for JUnit's test cases); with one, every claim counted is listed. The
    /// counts and diagnostics are the same either way, for each format, on one thread and on
    /// four, and for a CSV with CR line ends (read whole, then as text).
    @Test(arguments: unreadable, [1, 4])
    func claimsNotCheckedAreListedOnlyWhenAsked(file: String, threads: Int) throws {
        let path = Fixtures.url(file).path
        Self.expectCountedNotListed(try Self.read(path, threads: threads, lists: false), try Self.read(path, threads: threads, lists: true), file)
    }

    @Test func aFileReadWholeListsOnlyWhenAsked() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mac.csv").path
        let text = try String(contentsOf: Fixtures.url("Fixtures/claims/malformed.csv"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\n", with: "\r").utf8).write(to: URL(fileURLWithPath: path))
        Self.expectCountedNotListed(try Self.read(path, threads: 1, lists: false), try Self.read(path, threads: 1, lists: true), "CR line ends")
    }

    /// The parallel readers' parts (each with a reader of its own) list as asked too: an 837's
    /// transaction set three times over, so that it can be cut.
    @Test(arguments: ["Fixtures/claims/malformed.csv", "Fixtures/claims/malformed.json", "Fixtures/x12/bad-values.837"])
    func partsListOnlyWhenAsked(file: String) throws {
        var text = try String(contentsOf: Fixtures.url(file), encoding: .utf8)
        if let st = text.range(of: "ST*837"), let ge = text.range(of: "GE*") {
            let set = text[st.lowerBound..<ge.lowerBound]
            text.replaceSubrange(st.lowerBound..<ge.lowerBound, with: String(repeating: String(set), count: 3))
        }
        let bytes = Array(text.utf8)
        func read(_ lists: Bool) throws -> ReadResult {
            try bytes.withUnsafeBytes { b in
                switch InputFormat.detect(bytes) {
                case .csv, .tsv: CSVParallelReader.read(b, file: file, parts: 100, minimumPartBytes: 0, threads: 2, listsUnreadableClaims: lists) { _ in }
                case .json: JSONClaimReader.read(b, file: file, onClaim: { _ in }, parts: 100, minimumPartBytes: 0, threads: 2, listsUnreadableClaims: lists)
                case .x12: X12ParallelReader.read(b, file: file, parts: 100, minimumPartBytes: 0, threads: 2, listsUnreadableClaims: lists) { _ in }
                }
            }.get()
        }
        let listed = try read(true)
        #expect(listed.parts > 1, "\(file) is read in parts")
        Self.expectCountedNotListed(try read(false), listed, file)
    }
}
