import Foundation
import Testing

/// Golden files: expected output stored under `Fixtures/`, compared byte for byte. They are
/// re-recorded only on purpose, with `CLAIMLINT_RECORD=1 swift test`; a recorded file is
/// reported as a test issue so that a recording run never passes silently.
enum Golden {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["CLAIMLINT_RECORD"] == "1" }

    static func check(_ actual: String, against relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = Fixtures.url(relativePath)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("Recorded \(relativePath) (CLAIMLINT_RECORD=1); run again without it to compare.", sourceLocation: sourceLocation)
            } catch {
                Issue.record("Cannot record \(relativePath): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("Golden file \(relativePath) is missing; record it with CLAIMLINT_RECORD=1 swift test", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return }
        Issue.record(Comment(rawValue: difference(expected: expected, actual: actual, name: relativePath)), sourceLocation: sourceLocation)
    }

    /// A short, readable account of where two texts first differ, with context.
    static func difference(expected: String, actual: String, name: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var first = 0
        while first < min(e.count, a.count), e[first] == a[first] { first += 1 }
        var out = "Output differs from golden file \(name) at line \(first + 1) (expected \(e.count) lines, got \(a.count)).\n"
        out += "If the change is intended, re-record with CLAIMLINT_RECORD=1 swift test and review the diff.\n"
        let from = max(0, first - 2)
        for i in from..<min(first, e.count) { out += "  \(i + 1)  \(e[i])\n" }
        // The first run of differing lines (at most 3), expected then actual.
        var last = first
        while last < min(e.count, a.count), last < first + 3, e[last] != a[last] { last += 1 }
        last = max(last, first + 1)
        for i in first..<min(e.count, last) { out += "- \(i + 1)  \(e[i])\n" }
        for i in first..<min(a.count, last) { out += "+ \(i + 1)  \(a[i])\n" }
        if first < e.count, first < a.count {
            let ec = Array(e[first]), ac = Array(a[first])
            var col = 0
            while col < min(ec.count, ac.count), ec[col] == ac[col] { col += 1 }
            out += "  first difference at column \(col + 1)\n"
        }
        return out
    }
}
