/// JUnit XML (the Jenkins xUnit `junit-10.xsd` shape that GitLab, Jenkins, Azure DevOps and
/// the GitHub test-report actions read): a test suite per input file, a test case per claim read
/// (in file order), a `<failure>` per finding (type = rule id) of a claim checked, an `<error>`
/// per error told about a claim not checked (`Diagnostic.claimOrdinal`). A file's other input
/// errors form one more test case, `(input)`, with an `<error>` each; a file that could not be
/// read is nothing else. So `tests` is the claims the file holds (and one for `(input)`);
/// `failures` counts failing claims and `errors` the cases with errors, as viewers expect.
enum JUnitReport {
    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        struct Suite {
            var name: String
            /// Indices of the file's claims checked and not checked (`Report.unreadableClaims`),
            /// and of its input errors about no claim not checked.
            var claims: [Int] = []
            var unreadable: [Int] = []
            var inputErrors: [Int] = []
            /// The errors about each claim not checked, by its index in `Report.unreadableClaims`.
            var claimErrors: [Int: [Int]] = [:]
            var failures = 0
            var tests: Int { claims.count + unreadable.count + (inputErrors.isEmpty ? 0 : 1) }
            var errors: Int { unreadable.count + (inputErrors.isEmpty ? 0 : 1) }
        }
        var order: [String] = []
        var suites: [String: Suite] = [:]
        func suite(_ file: String) {
            if suites[file] == nil {
                order.append(file)
                suites[file] = Suite(name: file)
            }
        }
        for f in report.files { suite(f) }
        // A finding names its claim by its position in the batch, its index in `report.claims`:
        // two claims that share an id (an 837 may reuse one) are two test cases, each with its
        // own failures (keyed by file and id, each had both claims' failures). Findings made
        // otherwise, or of a report whose claims are not the batch's, by file and claim id.
        var byPosition: [Int: [Int]] = [:]
        var byClaim: [ClaimKey: [Int]] = [:]
        for (i, f) in report.findings.enumerated() {
            if let p = f.claimIndex(in: report.claims) {
                byPosition[p, default: []].append(i)
            } else {
                byClaim[ClaimKey(file: f.location.file, claim: f.claimID), default: []].append(i)
            }
        }
        let (positions, ids) = (byPosition, byClaim)
        @Sendable func findings(ofClaim i: Int) -> [Int]? {
            let c = report.claims[i]
            return positions[i] ?? ids[ClaimKey(file: c.location.file, claim: c.id)]
        }
        for (i, c) in report.claims.enumerated() {
            suite(c.location.file)
            suites[c.location.file]!.claims.append(i)
            if findings(ofClaim: i) != nil { suites[c.location.file]!.failures += 1 }
        }
        // Claims not checked, by file and ordinal in it, for the errors that name them.
        var unreadableByOrdinal: [String: [Int: Int]] = [:]
        for (u, c) in report.unreadableClaims.enumerated() {
            suite(c.location.file)
            suites[c.location.file]!.unreadable.append(u)
            unreadableByOrdinal[c.location.file, default: [:]][c.ordinal] = u
        }
        for (i, d) in report.diagnostics.enumerated() where d.severity == .error {
            guard let file = d.location?.file else { continue }
            suite(file)
            if let k = d.claimOrdinal, let u = unreadableByOrdinal[file]?[k] {
                suites[file]!.claimErrors[u, default: []].append(i)
            } else {
                suites[file]!.inputErrors.append(i)
            }
        }
        let members = report.memberIDs(options)

        let all = order.map { suites[$0]! }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.write("<testsuites name=\"claimlint\" tests=\"\(all.reduce(0) { $0 + $1.tests })\" failures=\"\(all.reduce(0) { $0 + $1.failures })\" errors=\"\(all.reduce(0) { $0 + $1.errors })\">\n")
        for s in all {
            out.write("  <testsuite name=\"")
            out.writeXML(s.name, attribute: true)
            out.write("\" tests=\"\(s.tests)\" failures=\"\(s.failures)\" errors=\"\(s.errors)\" skipped=\"0\" file=\"")
            out.writeXML(s.name, attribute: true)
            guard s.tests > 0 else {
                out.write("\"/>\n")
                continue
            }
            out.write("\">\n")
            // The claims in file order: those not checked placed among those checked by where
            // they start (each list is in file order). `~u` stands for claim not checked `u`.
            var cases = s.claims
            if !s.unreadable.isEmpty {
                func before(_ a: SourceLocation, _ b: SourceLocation) -> Bool { (a.line, a.column) < (b.line, b.column) }
                cases = []
                cases.reserveCapacity(s.claims.count + s.unreadable.count)
                var k = 0
                for u in s.unreadable {
                    let at = report.unreadableClaims[u].location
                    while k < s.claims.count, before(report.claims[s.claims[k]].location, at) {
                        cases.append(s.claims[k])
                        k += 1
                    }
                    cases.append(~u)
                }
                cases += s.claims[k...]
            }
            // Each claim's test case is written on its own: many are written in parallel.
            let caseIndices = cases, name = s.name, claimErrors = s.claimErrors
            out.writeItems(count: caseIndices.count) { k, out in
                guard caseIndices[k] >= 0 else {
                    let u = ~caseIndices[k]
                    unreadableCase(report.unreadableClaims[u], errors: claimErrors[u] ?? [], of: report, suite: name, &out)
                    return
                }
                let c = report.claims[caseIndices[k]]
                out.write("    <testcase name=\"")
                out.writeXML(c.id, attribute: true)
                out.write("\" classname=\"")
                out.writeXML(name, attribute: true)
                guard let findings = findings(ofClaim: caseIndices[k]) else {
                    out.write("\"/>\n")
                    return
                }
                out.write("\">\n")
                let member = members[claim: caseIndices[k]].map { " (member \($0))" } ?? ""
                for f in findings.lazy.map({ report.findings[$0] }) {
                    let codes = report.descriptor(f.rule)?.denialCodes ?? []
                    let message = f.message  // written once, read twice
                    var body = "\(f.location.file):\(f.location.line):\(f.location.column): \(f.severity.rawValue): claim \(f.claimID)\(member) line \(f.line) (\(f.code.text)): \(message) [\(f.rule)]"
                    if !codes.isEmpty { body += "\nDenial codes: \(options.denialCodes.describe(codes))" }
                    out.write("      <failure type=\"")
                    out.writeXML(f.rule, attribute: true)
                    out.write("\" message=\"")
                    out.writeXML("\(f.severity.rawValue): line \(f.line) (\(f.code.text)): \(message)", attribute: true)
                    out.write("\">")
                    out.writeXML(body)
                    out.write("</failure>\n")
                }
                out.write("    </testcase>\n")
            }
            if !s.inputErrors.isEmpty {
                out.write("    <testcase name=\"(input)\" classname=\"")
                out.writeXML(s.name, attribute: true)
                out.write("\">\n")
                for d in s.inputErrors.lazy.map({ report.diagnostics[$0] }) { error(d, suite: s.name, &out) }
                out.write("    </testcase>\n")
            }
            out.write("  </testsuite>\n")
        }
        out.write("</testsuites>\n")
    }

    /// The test case of a claim not checked: an `<error>` for each error told about it, or,
    /// when none is listed (past the diagnostics of each kind a file lists), one saying so.
    private static func unreadableCase(_ c: UnreadableClaim, errors: [Int], of report: Report, suite: String, _ out: inout ReportOutput) {
        out.write("    <testcase name=\"")
        out.writeXML(c.id ?? "(claim without an id)", attribute: true)
        out.write("\" classname=\"")
        out.writeXML(suite, attribute: true)
        out.write("\">\n")
        for i in errors { error(report.diagnostics[i], suite: suite, &out) }
        if errors.isEmpty {
            let what = c.id.map { "claim '\($0)'" } ?? "the claim"
            let d = Diagnostic(
                id: "input.claim-not-checked", severity: .error,
                message: "\(what) is not checked: values of it could not be read, told among the problems past the \(ReadResult.perID) of each kind the file lists",
                location: c.location)
            error(d, suite: suite, &out)
        }
        out.write("    </testcase>\n")
    }

    /// An input error as an `<error>`.
    private static func error(_ d: Diagnostic, suite: String, _ out: inout ReportOutput) {
        let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? suite
        out.write("      <error type=\"")
        out.writeXML(d.id, attribute: true)
        out.write("\" message=\"")
        out.writeXML(d.message, attribute: true)
        out.write("\">")
        out.writeXML("\(place): error: \(d.message) [\(d.id)]")
        out.write("</error>\n")
    }
}
