/// JUnit XML (the Jenkins xUnit `junit-10.xsd` shape that GitLab, Jenkins, Azure DevOps and
/// the GitHub test-report actions read): a test suite per input file, a test case per checked
/// claim, a `<failure>` per finding (type = rule id). A file's input errors form one more test
/// case, `(input)`, with an `<error>` each; a file that could not be read is nothing else.
/// `failures` counts failing claims and `errors` failing input cases, as viewers expect.
enum JUnitReport {
    static func render(_ report: Report, options: ReportOptions) -> String {
        struct Suite {
            var name: String
            var cases: [String] = []
            var failures = 0
            var errors = 0
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
        // Claim ids are unique in a batch, but key by file too in case they are not.
        var byClaim: [String: [Finding]] = [:]
        for f in report.findings { byClaim[f.location.file + "\u{1F}" + f.claimID, default: []].append(f) }
        let members = report.memberIDs(options)

        for c in report.claims {
            let file = c.location.file
            suite(file)
            let findings = byClaim[file + "\u{1F}" + c.id] ?? []
            let name = attr(c.id)
            let classname = attr(file)
            let member = members[c.id].map { " (member \($0))" } ?? ""
            guard !findings.isEmpty else {
                suites[file]!.cases.append("    <testcase name=\"\(name)\" classname=\"\(classname)\"/>\n")
                continue
            }
            var xml = "    <testcase name=\"\(name)\" classname=\"\(classname)\">\n"
            for f in findings {
                let codes = report.descriptor(f.rule)?.denialCodes ?? []
                var body = "\(f.location.file):\(f.location.line):\(f.location.column): \(f.severity.rawValue): claim \(f.claimID)\(member) line \(f.line) (\(f.code.text)): \(f.message) [\(f.rule)]"
                if !codes.isEmpty { body += "\nDenial codes: \(options.denialCodes.describe(codes))" }
                xml += "      <failure type=\"\(attr(f.rule))\" message=\"\(attr("\(f.severity.rawValue): line \(f.line) (\(f.code.text)): \(f.message)"))\">\(XMLText.escape(body))</failure>\n"
            }
            xml += "    </testcase>\n"
            suites[file]!.cases.append(xml)
            suites[file]!.failures += 1
        }

        var inputErrors: [String: [Diagnostic]] = [:]
        for d in report.diagnostics where d.severity == .error {
            guard let file = d.location?.file else { continue }
            suite(file)
            inputErrors[file, default: []].append(d)
        }
        for (file, diagnostics) in inputErrors {
            var xml = "    <testcase name=\"(input)\" classname=\"\(attr(file))\">\n"
            for d in diagnostics {
                let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? file
                xml += "      <error type=\"\(attr(d.id))\" message=\"\(attr(d.message))\">\(XMLText.escape("\(place): error: \(d.message) [\(d.id)]"))</error>\n"
            }
            xml += "    </testcase>\n"
            suites[file]!.cases.append(xml)
            suites[file]!.errors += 1
        }

        let tests = order.reduce(0) { $0 + suites[$1]!.cases.count }
        let failures = order.reduce(0) { $0 + suites[$1]!.failures }
        let errors = order.reduce(0) { $0 + suites[$1]!.errors }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"claimlint\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for file in order {
            let s = suites[file]!
            out += "  <testsuite name=\"\(attr(s.name))\" tests=\"\(s.cases.count)\" failures=\"\(s.failures)\" errors=\"\(s.errors)\" skipped=\"0\" file=\"\(attr(s.name))\""
            if s.cases.isEmpty {
                out += "/>\n"
                continue
            }
            out += ">\n" + s.cases.joined() + "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    private static func attr(_ s: String) -> String { XMLText.escape(s, attribute: true) }
}
