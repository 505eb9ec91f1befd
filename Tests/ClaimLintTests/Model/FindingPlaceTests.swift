import Testing
@testable import ClaimLint

/// A finding keeps its location packed (`FindingPlace`) and gives back exactly the one it was
/// given, whatever its values.
@Suite struct FindingPlaceTests {
    static let edges: [Int?] = [nil, 0, 1, 64, 65_535, Int(UInt32.max) - 1, Int(UInt32.max), Int(UInt32.max) + 1, -1, Int.max, Int.min]

    @Test func everyLocationComesBackWhole() {
        var random = SplitMix64(seed: 9)
        func pick() -> Int? { FindingPlaceTests.edges[Int(random.next() % UInt64(FindingPlaceTests.edges.count))] }
        var packed = 0, whole = 0
        for k in 0..<3_000 {
            let l = SourceLocation(
                file: k % 2 == 0 ? "a.837" : "claims/b.csv", line: pick() ?? 7, column: pick() ?? 1,
                segment: pick(), byteOffset: pick(), byteLength: pick())
            var f = Finding(rule: "ptp.pair", severity: .error, claimID: "C\(k)", line: 2, code: "99213", message: "m", location: l)
            #expect(f.location == l)
            f.location = SourceLocation(file: "x", line: 3, column: 4)
            #expect(f.location == SourceLocation(file: "x", line: 3, column: 4))
            f.location = l
            #expect(f.location == l)
            if case .packed = FindingPlace(l) { packed += 1 } else { whole += 1 }
        }
        // Both ways of keeping one are taken.
        #expect(packed > 100 && whole > 100)
        // A location of real sizes is packed.
        if case .whole = FindingPlace(SourceLocation(file: "f", line: 4_000_000, column: 80, segment: 30_000_000, byteOffset: 5_000_000_000, byteLength: 120)) {
            Issue.record("a location of a 5 GB file was not packed")
        }
    }
}
