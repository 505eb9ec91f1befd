import Foundation
import Testing
@testable import ClaimLint

/// `LineSpill` gives back each bucket's lines in the order they were added, whether they were
/// written to its file or kept in memory after a failed write.
@Suite struct LineSpillTests {
    static func entries(_ n: Int, seed: UInt64) -> [LineEntry] {
        var random = SplitMix64(seed: seed)
        return (0..<n).map { i in
            LineEntry(
                modifiers: PackedModifiers(packed: 0, count: 0), tableSet: Int16(random.next() % 3), group: Int32(random.next() % 500),
                claim: Int32(i / 3), line: Int32(i % 3), code: "99213", date: ServiceDate(daysSinceEpoch: Int32(19_000 + random.next() % 90)),
                units: Int32(random.next() % 5_000))
        }
    }

    static func key(_ e: LineEntry) -> [Int] { [Int(e.group), Int(e.claim), Int(e.line), Int(e.tableSet), Int(e.date.daysSinceEpoch), Int(e.units)] }

    @Test(arguments: [nil, 12_000, 0] as [Int?])
    func bucketsComeBackInTheOrderAdded(failingAfter: Int?) throws {
        let all = LineSpillTests.entries(30_000, seed: 3)
        let spill = try #require(LineSpill(buckets: 7))
        for start in stride(from: 0, to: all.count, by: 1_500) {
            if let f = failingAfter, start >= f { spill.failsWrites = true }
            all[start..<min(start + 1_500, all.count)].withUnsafeBufferPointer { spill.append($0) }
        }
        #expect(spill.failed == (failingAfter != nil))
        #expect(spill.count == all.count)
        for range in [0..<7, 2..<3, 3..<6] {
            var read: [LineEntry] = []
            spill.read(buckets: range) { read.append($0) }
            let expected = range.flatMap { b in all.filter { Int($0.group) % 7 == b } }
            #expect(read.map(LineSpillTests.key) == expected.map(LineSpillTests.key))
        }
    }

    @Test func noSpillWithoutAWritableFolder() {
        #expect(LineSpill(buckets: 4, directory: "/nonexistent-claimlint-folder") == nil)
    }
}
