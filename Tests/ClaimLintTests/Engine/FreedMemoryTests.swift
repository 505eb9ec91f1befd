import Foundation
import Testing
@testable import ClaimLint

/// `FreedMemory.release()` gives back pages that the C library kept after `free`.
@Suite struct FreedMemoryTests {
    static func residentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    #if os(Linux) && canImport(Glibc)
    @Test func freedPagesLeaveTheProcess() {
        #expect(FreedMemory.isAvailable)
        // 48 MB in 1 KB blocks, all freed but the last: the free space lies below a block in
        // use, so `free` alone leaves it resident. Tried up to three times: tests running
        // beside this one may allocate between the two readings.
        var drops: [Int] = []
        for _ in 0..<3 {
            var blocks: [UnsafeMutableRawPointer] = []
            for _ in 0..<49_152 {
                let p = malloc(1_024)!
                memset(p, 1, 1_024)
                blocks.append(p)
            }
            for p in blocks.dropLast() { free(p) }
            let before = FreedMemoryTests.residentKB()
            FreedMemory.release()
            drops.append(before - FreedMemoryTests.residentKB())
            free(blocks.last!)
            if drops.last! > 24_000 { break }
        }
        #expect(drops.last! > 24_000, "resident memory fell by \(drops) kB")
    }

    /// With large allocations mapped on their own, a freed 1 MB block leaves the process at
    /// once. Left to itself, glibc would serve these blocks from its heap after the 24 MB block
    /// is freed (it raises its threshold to that size), and keep them resident when freed.
    @Test func largeBlocksLeaveTheProcessWhenFreed() {
        #expect(Checker.mapLargeAllocations())
        #expect(!Checker.mapLargeAllocations(from: 0))
        #expect(Checker.mapLargeAllocations(from: 128 << 10))
        var drops: [Int] = []
        for _ in 0..<3 {
            let large = malloc(24 << 20)!
            memset(large, 1, 24 << 20)
            free(large)
            var blocks: [UnsafeMutableRawPointer] = []
            for _ in 0..<40 {
                let p = malloc(1 << 20)!
                memset(p, 1, 1 << 20)
                blocks.append(p)
            }
            // A small block above them, so that they are not at the top of the heap either.
            let top = malloc(64)!
            let before = FreedMemoryTests.residentKB()
            for p in blocks { free(p) }
            drops.append(before - FreedMemoryTests.residentKB())
            free(top)
            if drops.last! > 24_000 { break }
        }
        #expect(drops.last! > 24_000, "resident memory fell by \(drops) kB")
    }
    #endif
}
