import Foundation
import Testing
@testable import ClaimLint

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ path: String) -> String { packageRoot.appendingPathComponent("Fixtures/" + path).path }

/// A finding reduced to what tests assert: rule, claim id, line number.
struct Hit: Hashable, CustomStringConvertible, Comparable {
    var rule: String
    var claim: String
    var line: Int
    init(_ rule: String, _ claim: String, _ line: Int) {
        self.rule = rule
        self.claim = claim
        self.line = line
    }
    var description: String { "\(rule)@\(claim)/\(line)" }
    static func < (a: Hit, b: Hit) -> Bool { a.description < b.description }
}

/// Checks example-notation claims with the bundled pack (plus `extra` pack files).
func check(_ notation: String, extra: [String: String] = [:]) throws -> [Finding] {
    var packs = [RulePack.bundled]
    if !extra.isEmpty {
        packs.append(try RulePack.parse(files: extra.map { ($0.key, $0.value) }, origin: "test"))
    }
    let claims = try RuleExample.parseClaims(notation)
    return Array(Checker(packs: packs).check(claims).findings)
}

func hits(_ notation: String, extra: [String: String] = [:]) throws -> [Hit] {
    try check(notation, extra: extra).map { Hit($0.rule, $0.claimID, $0.line) }.sorted()
}
