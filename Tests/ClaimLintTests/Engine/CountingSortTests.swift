import Foundation
import Testing
@testable import ClaimLint

/// `BatchIndex.countingSort` lays a batch's entries out by group: on any number of threads, the
/// order and group starts of a serial counting sort (batch order within each group).
@Suite struct CountingSortTests {
    @Test(arguments: [1, 2, 3, 4, 7])
    func givesTheOrderOfOneThread(threads: Int) {
        for (n, groups) in [(0, 3), (1, 1), (2, 5), (9, 1), (11, 4), (30_000, 7), (30_000, 500), (30_000, 45_000)] {
            let entries = LineSpillTests.entries(n, seed: UInt64(n &+ groups))
            // Many entries share a key, so that the order within a group shows.
            let key = { (g: Int32) in Int(g) * 7_919 % groups }
            var buckets = [[Int32]](repeating: [], count: groups)
            for (i, e) in entries.enumerated() { buckets[key(e.group)].append(Int32(i)) }
            let expected = buckets.flatMap { $0 }
            var starts: [Int] = [0]
            for b in buckets { starts.append(starts.last! + b.count) }
            let got = BatchIndex.countingSort(entries, groups: groups, threads: threads, key: key)
            #expect(got.flat == expected, "\(n) entries, \(groups) groups")
            #expect(got.starts == starts, "\(n) entries, \(groups) groups")
        }
    }
}
