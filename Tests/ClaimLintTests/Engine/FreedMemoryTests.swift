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

    /// The setting is glibc's mmap threshold: under a threshold of 32 MiB a 30 MiB block comes
    /// from the heap, where glibc left alone maps it on its own (its threshold only grows past
    /// 30 MiB once such a mapped block is freed). The chunk's header says which (glibc's
    /// `IS_MMAPPED` bit). The effect on a large check's peak is measured by
    /// `claimlint-bench rss`: in a test process, free chunks that earlier tests left in the
    /// arenas serve new blocks before any mapping, so resident memory says nothing reliable.
    @Test func largeAllocationsSetGlibcsMmapThreshold() {
        func isMapped(_ p: UnsafeMutableRawPointer) -> Bool { (p - 8).load(as: UInt.self) & 2 != 0 }
        #expect(!Checker.mapLargeAllocations(from: 0))
        #expect(Checker.mapLargeAllocations(from: 32 << 20))
        let block = malloc(30 << 20)!
        #expect(!isMapped(block))
        free(block)
        #expect(Checker.mapLargeAllocations())
        let large = malloc(64 << 20)!
        #expect(isMapped(large), "a block past every threshold is mapped: the header is read right")
        free(large)
    }
    #endif
}
