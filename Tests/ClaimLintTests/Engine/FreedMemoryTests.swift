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
    #endif
}
