import Testing

@testable import ClaimLint

/// `LineCounter` counts newlines sixteen bytes at a time; these compare it with a count byte by
/// byte.
@Suite struct LineCounterTests {
    /// Lengths up to a few blocks and past the 255 blocks counted at once, several starts,
    /// bytes near the newline (0x09, 0x0B, 0x8A, 0xFF, 0x00) and runs of newlines, and buffers
    /// of newlines only (the most a lane's count can reach).
    @Test func countsNewlinesAsBytesDo() {
        var rng = SplitMix64(seed: 11)
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x09, 0x0B, 0x8A, 0xFF, 0x00, 0x7F, 0x80, 0x41, 0x0D]
        for size in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 200, 256, 257, 1_000, 4_080, 4_097, 9_000] {
            for _ in 0..<40 {
                let bytes = (0..<size).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                bytes.withUnsafeBytes { buffer in
                    for start in [0, 1, 3, 8].filter({ $0 <= size }) {
                        let part = UnsafeRawBufferPointer(rebasing: buffer[start...])
                        #expect(LineCounter.newlines(in: part) == part.filter { $0 == 0x0A }.count, "size \(size) from \(start)")
                    }
                }
            }
        }
        for size in [37, 255, 256, 257, 1_000, 4_079, 4_080, 4_081, 4_099, 10_000] {
            let all = [UInt8](repeating: 0x0A, count: size)
            #expect(all.withUnsafeBytes { LineCounter.newlines(in: $0) } == size)
        }
    }

    /// Advancing in steps gives each offset's line and line start.
    @Test func advancesToTheLineOfEachOffset() {
        var rng = SplitMix64(seed: 5)
        let bytes: [UInt8] = (0..<1_000).map { _ in rng.next() % 6 == 0 ? 0x0A : 0x41 }
        bytes.withUnsafeBytes { buffer in
            var counter = LineCounter(bytes: buffer, start: 0, releaseStep: nil)
            var offset = 0
            while offset < bytes.count {
                offset = min(bytes.count, offset + Int(rng.next() % 40))
                counter.advance(to: offset)
                let before = bytes[..<offset]
                #expect(counter.line == 1 + before.filter { $0 == 0x0A }.count)
                #expect(counter.lineStart == (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0))
                offset += 1
            }
        }
    }
}
