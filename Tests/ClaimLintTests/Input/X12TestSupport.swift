import Foundation
@testable import ClaimLint

/// Paths and helpers shared by the X12 reader tests.
enum X12Fixtures {
    /// The package root, from this file's path (Tests/ClaimLintTests/Input/...).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/x12/\(name)").path
    }

    /// Reads a fixture the way `claimlint check` does (memory-mapped, format detected).
    static func read(_ name: String) throws -> ReadResult {
        try ClaimFileReader.read(path: path(name), displayPath: name)
    }

    /// Reads X12 text given in the test; `~` ends segments unless the ISA says otherwise.
    static func read(text: String, file: String = "inline.837") throws -> ReadResult {
        try X12ClaimReader.read(bytes: Array(text.utf8), file: file)
    }

    /// A standard 106-byte ISA with `*`, `^`, `:` and `~`.
    static let isa = "ISA*00*          *00*          *ZZ*CLAIMLINTSUB   *ZZ*CLAIMLINTRCV   *240820*1200*^*00501*000000001*0*T*:~"

    /// An interchange with one 837P transaction (837I with `version` 005010X223A2) around
    /// `body` (segments after the HL/NM1 billing and subscriber loops), with correct counts. The
    /// subscriber's HL04 is 1 when an HL of `body` names it (HL01 2) as its parent.
    static func interchange(claims body: [String], version: String = "005010X222A1") -> String {
        let children = body.contains { $0.hasPrefix("HL*") && $0.split(separator: "*", omittingEmptySubsequences: false).dropFirst(2).first == "2" }
        let head = [
            "BHT*0019*00*B1*20240820*1200*CH", "HL*1**20*1", "NM1*85*2*GROUP*****XX*1234567893",
            "HL*2*1*22*\(children ? 1 : 0)", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*MBR1",
        ]
        let txn = ["ST*837*0001*\(version)"] + head + body
        let segments = [isa, "GS*HC*S*R*20240820*1200*1*X*\(version)"] + txn + ["SE*\(txn.count + 1)*0001", "GE*1*1", "IEA*1*000000001"]
        return segments.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n")
    }
}

extension ReadResult {
    /// The diagnostics' ids, in order.
    var ids: [String] { diagnostics.map(\.id) }

    func claim(_ id: String) -> Claim? { claims.first { $0.id == id } }
}
