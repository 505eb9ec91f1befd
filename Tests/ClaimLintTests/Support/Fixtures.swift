import ClaimLint
import Foundation

/// The package's `Fixtures/` folder and reports built from it, with paths relative to the
/// package root so that reports (and the golden files) do not depend on the machine.
enum Fixtures {
    /// The package root: this file is `Tests/ClaimLintTests/Support/Fixtures.swift`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Checks fixture claim files (paths relative to the root) as `claimlint check` run from
    /// the root would.
    static func report(_ files: [String], packs: [RulePack] = [RulePack.bundled]) -> Report {
        Checker(packs: packs).check(files: files.map { url($0).path }) {
            ReportRenderer.displayPath($0, relativeTo: root.path)
        }
    }

    static var sample: Report { report(["Fixtures/claims/sample.csv"]) }

    /// A fresh temporary directory for one test; the test removes it when done
    /// (`defer { try? FileManager.default.removeItem(at: dir) }`).
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
