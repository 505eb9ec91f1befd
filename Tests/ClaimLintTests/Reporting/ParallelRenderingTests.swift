import Testing
@testable import ClaimLint

/// Reports render many findings a window at a time on every core; the bytes must be those of
/// rendering them one by one.
@Suite struct ParallelRenderingTests {
    /// `writeItems` gives the serial bytes whatever the chunk, thread count and flush size.
    @Test(arguments: [(1, 1), (7, 2), (64, 4), (1_000, 3)])
    func itemsInOrder(chunk: Int, threads: Int) {
        let render: @Sendable (Int, inout ReportOutput) -> Void = { i, out in
            out.write("item \(i)")
            out.write(String(repeating: "x", count: i % 13))
            out.write(byte: UInt8(ascii: "\n"))
        }
        var serial = ReportOutput()
        for i in 0..<2_500 { render(i, &serial) }
        var parallel = ReportOutput()
        parallel.writeItems(count: 2_500, chunk: chunk, threads: threads, render)
        #expect(parallel.bytes == serial.bytes)
        var flushed: [UInt8] = []
        var streamed = ReportOutput(chunkSize: 100) { flushed += $0 }
        streamed.writeItems(count: 2_500, chunk: chunk, threads: threads, render)
        try? streamed.finish()
        #expect(flushed == serial.bytes)
    }

    /// Every format renders a report of thousands of findings (messages written when read)
    /// to the same bytes on one thread and on four.
    @Test(arguments: ReportFormat.allCases)
    func sameBytesOnOneThreadAndOnMany(format: ReportFormat) {
        let report = Self.manyFindings(3_000)
        let serial = ReportOutput.$renderThreads.withValue(1) { ReportRenderer.render(report, format: format) }
        let parallel = ReportOutput.$renderThreads.withValue(4) { ReportRenderer.render(report, format: format) }
        #expect(parallel == serial)
        #expect(serial.contains("message 2999, with a comma"))
    }

    static func manyFindings(_ n: Int) -> Report {
        let base = Fixtures.sample
        var report = base
        report.findings = FindingList((0..<n).map { i in
            let f = base.findings[i % base.findings.count]
            let claim = "C\(i)", n = i
            return Finding(
                rule: f.rule, severity: f.severity, claimID: claim, line: f.line, code: f.code,
                messageText: .deferred { "message \(n), with a comma and \"quotes\"" }, location: f.location)
        })
        // Every third claim without findings (JUnit writes a test case per claim).
        report.claims = []
        for i in 0..<n {
            let location = base.findings[i % base.findings.count].location
            report.claims.append(CheckedClaim(id: "C\(i)", memberID: "M\(i)", lineCount: 2, location: location))
            if i % 2 == 1 { report.claims.append(CheckedClaim(id: "P\(i)", memberID: "N\(i)", lineCount: 1, location: location)) }
        }
        return report
    }

    /// A CSV or text report of thousands of findings (past one chunk) holds each finding's own
    /// row, as a report of that finding alone renders it, in order.
    @Test(arguments: [ReportFormat.csv, .text])
    func manyFindingsRenderAsEachAlone(format: ReportFormat) {
        let report = Self.manyFindings(3_000)
        let whole = ReportRenderer.render(report, format: format)
        var rows: [Substring] = []
        for f in report.findings {
            var one = report
            one.findings = [f]
            let text = ReportRenderer.render(one, format: format)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // The finding's row: the second line of a CSV report, the line naming the claim in text.
            rows.append(format == .csv ? lines[1] : lines.first { $0.contains(": claim \(f.claimID) line ") }!)
        }
        let wholeRows = whole.split(separator: "\n", omittingEmptySubsequences: false)
        let found = format == .csv ? Array(wholeRows[1...3_000]) : wholeRows.filter { $0.contains(": claim C") }
        #expect(found == rows)
    }
}
