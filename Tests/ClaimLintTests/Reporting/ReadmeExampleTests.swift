import ClaimLint
import Foundation
import Testing

/// The README's report examples are a real run of `Fixtures/claims/sample.csv`: its JSON
/// summary said 8 errors and 8 lines rejected where the run gives 9 and 9.
@Suite struct ReadmeExampleTests {
    /// The fenced block after the heading `heading` in README.md.
    static func block(after heading: String) throws -> String {
        let readme = try String(contentsOf: Fixtures.url("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n\(heading)\n"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```"))
        let body = try #require(rest[open.upperBound...].firstIndex(of: "\n"))
        let close = try #require(rest[body...].range(of: "\n```"))
        return String(rest[rest.index(after: body)..<close.lowerBound])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The JSON example's summary is the run's, every count; its finding and diagnostic have
    /// the run's keys, and the finding is the run's first.
    @Test func jsonExampleIsTheRun() throws {
        let example = try Self.json(Self.block(after: "### JSON (`--format json`)"))
        let run = try Self.json(ReportRenderer.render(Fixtures.sample, format: .json))
        #expect(NSDictionary(dictionary: try #require(example["summary"] as? [String: Any])) == NSDictionary(dictionary: try #require(run["summary"] as? [String: Any])))
        #expect(Array(example.keys).sorted() == Array(run.keys).sorted())
        let finding = try #require((example["findings"] as? [[String: Any]])?.first)
        let first = try #require((run["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == Set(first.keys))
        for key in ["rule", "severity", "claim", "line", "code", "denialCodes", "location"] {
            #expect(NSDictionary(dictionary: finding).value(forKey: key) as? NSObject == first[key] as? NSObject, "\(key)")
        }
        let diagnostic = try #require((example["diagnostics"] as? [[String: Any]])?.first)
        let runDiagnostic = try #require((run["diagnostics"] as? [[String: Any]])?.first)
        #expect(Set(diagnostic.keys) == Set(runDiagnostic.keys))
        #expect(diagnostic["id"] as? String == runDiagnostic["id"] as? String)
    }

    /// Each line of the text example is a line of the run, in order: whole, or its start and end
    /// around a `...` that stands for the rest of a message; a line of `...` alone skips lines.
    @Test func textExampleIsTheRun() throws {
        let example = try Self.block(after: "### Text").split(separator: "\n", omittingEmptySubsequences: false)
        let run = ReportRenderer.render(Fixtures.sample, format: .text).split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        var skipping = false
        for line in example {
            if line == "..." {
                skipping = true
                continue
            }
            let parts = line.components(separatedBy: " ... ")
            func matches(_ r: Substring) -> Bool {
                parts.count == 2 ? r.hasPrefix(parts[0]) && r.hasSuffix(parts[1]) && r.count > line.count - 5 : r == line
            }
            while i < run.count, !matches(run[i]), skipping { i += 1 }
            #expect(i < run.count && matches(run[i]), "README text example line not in the run where expected: \(line)")
            guard i < run.count else { return }
            i += 1
            skipping = false
        }
    }
}
