import Foundation
import Testing
@testable import ClaimLint

/// The real-format 837 samples in `../shared/x12/` (outside the package; not copied in).
let sharedX12Folder = X12Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/x12")
let sharedX12Exists = FileManager.default.fileExists(atPath: sharedX12Folder.path)

@Suite struct X12SharedSamplesTests {
    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sharedX12Folder.path)) ?? [])
            .filter { $0.hasSuffix(".837") || $0.hasSuffix(".837i") || $0.hasSuffix(".837p") }
            .sorted()
    }

    /// CLM and LX segments counted with a plain split on the file's own delimiters.
    static func count(_ bytes: [UInt8]) -> (claims: Int, lines: Int) {
        guard let isa = bytes.firstRange(of: Array("ISA".utf8)) else { return (0, 0) }
        let element = bytes[isa.lowerBound + 3]
        var separators = 0
        var i = isa.lowerBound + 3
        while separators < 16 {
            if bytes[i] == element { separators += 1 }
            i += 1
        }
        let terminator = bytes[i + 1]
        var claims = 0, lines = 0
        for segment in bytes.split(separator: terminator) {
            let s = segment.drop { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
            if s.starts(with: Array("CLM".utf8) + [element]) { claims += 1 }
            if s.starts(with: Array("LX".utf8) + [element]) { lines += 1 }
        }
        return (claims, lines)
    }

    @Test(.enabled(if: sharedX12Exists, "../shared/x12/ is absent; the real-world X12 samples are skipped"))
    func everySampleIsReadAndCounted() throws {
        let files = Self.files
        #expect(files.count >= 20)
        for name in files {
            let path = sharedX12Folder.appendingPathComponent(name).path
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let expected = Self.count(bytes)
            let r = try ClaimFileReader.read(path: path, displayPath: name)
            #expect(r.claimsRead == expected.claims, "\(name)")
            #expect(r.linesRead == expected.lines, "\(name)")
            #expect(expected.claims > 0, "\(name)")
            #expect(r.claims.count + r.claimsUnreadable == r.claimsRead, "\(name)")
            // The samples' envelopes are well formed.
            #expect(!r.ids.contains { ["x12.truncated", "x12.se-count", "x12.control-number", "x12.bad-isa"].contains($0) }, "\(name): \(r.ids)")
            let report = Checker().check(files: [path])
            #expect(report.summary.claims == expected.claims, "\(name)")
        }
    }
}
