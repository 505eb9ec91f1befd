import Foundation
@testable import ClaimLint

/// Where the real CMS files live (`../shared/cms/` next to the project), and a temporary folder
/// holding them with the PTP parts decompressed (`/bin/gzip -dc`), made once per test process.
enum CMSShared {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let directory = (packageRoot as NSString).appendingPathComponent("../shared/cms")
    static let fixtures = (packageRoot as NSString).appendingPathComponent("Fixtures/cms")

    static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    static func has(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    static let ptpParts = (1...4).map { "ccipra-2024q3-f\($0).txt.gz" }
    static var hasGzip: Bool { FileManager.default.isExecutableFile(atPath: "/bin/gzip") }
    static var hasAll: Bool {
        hasGzip && ["PPRRVU24_JUL.csv", "PPRRVU23_JAN.csv", "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv", "AOC_2024-06-03_active.csv"].allSatisfy(has)
            && ptpParts.allSatisfy(has)
    }

    /// A temporary folder with the plain files linked and the named PTP parts decompressed.
    static func decompressed(parts: [String] = ptpParts, plain: [String] = []) throws -> String {
        let dir = NSTemporaryDirectory() + "claimlint-cms-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in plain {
            try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: path(name))
        }
        for gz in parts {
            let out = dir + "/" + String(gz.dropLast(3))
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/gzip")
            p.arguments = ["-dc", path(gz)]
            p.standardOutput = handle
            try p.run()
            p.waitUntilExit()
            try handle.close()
        }
        return dir
    }
}
