/// JUnit XML (the Jenkins xUnit `junit-10.xsd` shape that GitLab, Jenkins, Azure DevOps and
/// the GitHub test-report actions read): a test suite per input file, a test case per checked
/// claim, a `<failure>` per finding (type = rule id). A file's input errors form one more test
/// case, `(input)`, with an `<error>` each; a file that could not be read is nothing else.
/// `failures` counts failing claims and `errors` failing input cases, as viewers expect.
enum JUnitReport {
    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        struct Suite {
            var name: String
            /// Indices of the file's claims and of its input errors.
            var claims: [Int] = []
            var inputErrors: [Int] = []
            var failures = 0
            var tests: Int { claims.count + (inputErrors.isEmpty ? 0 : 1) }
            var errors: Int { inputErrors.isEmpty ? 0 : 1 }
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
        for (i, d) in report.diagnostics.enumerated() where d.severity == .error {
            guard let file = d.location?.file else { continue }
            suite(file)
            suites[file]!.inputErrors.append(i)
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
            // Each claim's test case is written on its own: many are written in parallel.
            let claimIndices = s.claims, name = s.name
            out.writeItems(count: claimIndices.count) { k, out in
                let c = report.claims[claimIndices[k]]
                out.write("    <testcase name=\"")
                out.writeXML(c.id, attribute: true)
                out.write("\" classname=\"")
                out.writeXML(name, attribute: true)
                guard let findings = findings(ofClaim: claimIndices[k]) else {
                    out.write("\"/>\n")
                    return
                }
                out.write("\">\n")
                let member = members[claim: claimIndices[k]].map { " (member \($0))" } ?? ""
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
                for d in s.inputErrors.lazy.map({ report.diagnostics[$0] }) {
                    let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? s.name
                    out.write("      <error type=\"")
                    out.writeXML(d.id, attribute: true)
                    out.write("\" message=\"")
                    out.writeXML(d.message, attribute: true)
                    out.write("\">")
                    out.writeXML("\(place): error: \(d.message) [\(d.id)]")
                    out.write("</error>\n")
                }
                out.write("    </testcase>\n")
            }
            out.write("  </testsuite>\n")
        }
        out.write("</testsuites>\n")
    }
}
