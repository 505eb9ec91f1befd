import Foundation
import Testing
@testable import ClaimLint

/// What a large batch writes to its spill file beside the entries (`ByteLog`: its claim ids
/// and line sources) reads back as it was added, from the file, from memory, or across both,
/// also when a write fails and the bytes stay in memory.
@Suite struct SpillFileTests {
    @Test(arguments: [nil, 5] as [Int?])
    func byteLogReadsAnyRangeAsAdded(failingAfter: Int?) throws {
        var random = SplitMix64(seed: 41)
        let all = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let file = try #require(SpillFile())
        var log = ByteLog()
        var at = 0, spills = 0
        while at < all.count {
            let n = min(Int(random.next() % 9_000) + 1, all.count - at)
            all[at..<(at + n)].withUnsafeBufferPointer { log.append(contentsOf: $0) }
            at += n
            // Up to a point anywhere in what is not yet spilled (the tail keeps the rest).
            let end = log.spilled + Int(random.next() % UInt64(log.count - log.spilled + 1))
            if let f = failingAfter, spills == f { file.failsWrites.store(true, ordering: .relaxed) }
            let before = log.spilled
            let written = log.spill(upTo: end, to: file)
            // A failed write keeps the bytes in memory; nothing to write is no failure.
            #expect(written == (spills < (failingAfter ?? .max) || end == before))
            #expect(log.spilled == (written ? end : before))
            spills += 1
        }
        #expect(log.count == all.count)
        #expect(log.isSpilled)
        for _ in 0..<500 {
            let a = Int(random.next() % UInt64(all.count)), b = a + Int(random.next() % UInt64(min(20_000, all.count - a) + 1))
            let read = log.withBytes(a..<b) { Array($0) }
            #expect(read == Array(all[a..<b]), "bytes \(a)..<\(b)")
        }
        #expect(log.withBytes(0..<all.count) { Array($0) } == all)
        let loaded = log.loaded()
        #expect(!loaded.isSpilled && loaded.tail == all)
    }

    /// Copies of a log share its file: each reads back its own bytes.
    @Test func copiesOfALogReadTheirOwnBytes() throws {
        let file = try #require(SpillFile())
        var a = ByteLog()
        [UInt8](repeating: 1, count: 1_000).withUnsafeBufferPointer { a.append(contentsOf: $0) }
        a.spill(upTo: 600, to: file)
        var b = a
        [UInt8](repeating: 2, count: 500).withUnsafeBufferPointer { a.append(contentsOf: $0) }
        [UInt8](repeating: 3, count: 700).withUnsafeBufferPointer { b.append(contentsOf: $0) }
        b.spill(upTo: 1_500, to: file)
        a.spill(upTo: 1_400, to: file)
        #expect(a.withBytes(0..<1_500) { Array($0) } == [UInt8](repeating: 1, count: 1_000) + [UInt8](repeating: 2, count: 500))
        #expect(b.withBytes(0..<1_700) { Array($0) } == [UInt8](repeating: 1, count: 1_000) + [UInt8](repeating: 3, count: 700))
    }

    static func ids(_ n: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        let odd = ["", "é", "e\u{301}", "K", "\u{212A}", "🧾-1", String(repeating: "L", count: 200), String(repeating: "ß", count: 100)]
        return (0..<n).map { k in
            random.next() % 10 == 0 ? odd[Int(random.next() % UInt64(odd.count))] : "C\(k)-\(random.next() % 1_000)"
        }
    }

    @Test(arguments: [false, true])
    func claimIDsComeBackAsAdded(failing: Bool) throws {
        let ids = SpillFileTests.ids(5_000, seed: 42)
        let file = try #require(SpillFile())
        if failing { file.failsWrites.store(true, ordering: .relaxed) }
        var log = ClaimIDLog()
        var random = SplitMix64(seed: 43)
        var at = 0
        while at < ids.count {
            let n = min(Int(random.next() % 300) + 1, ids.count - at)
            for id in ids[at..<(at + n)] { log.append(id) }
            at += n
            log.spill(to: file)
            #expect(log.base % ClaimIDLog.group == 0 && log.count - log.base < ClaimIDLog.group)
        }
        #expect(log.count == ids.count && log.base > 4_000)
        // Byte for byte: a decomposed "é" stays decomposed.
        for k in ids.indices { #expect(Array(log[k].utf8) == Array(ids[k].utf8), "id \(k)") }
        #expect(log.all().map { Array($0.utf8) } == ids.map { Array($0.utf8) })
    }

    @Test func lineSourcesReadTheSameSpilledOrNot() throws {
        var random = SplitMix64(seed: 44)
        let file = try #require(SpillFile())
        var kept = LineSources(), spilled = LineSources()
        kept.files = ["a.837", "b.csv"]
        spilled.files = kept.files
        for i in 0..<20_000 {
            let l = ClaimLint.SourceLocation(
                file: "", line: i * 3 + Int(random.next() % 3), column: Int(random.next() % 80) + 1,
                segment: random.next() % 4 == 0 ? nil : i * 7, byteOffset: random.next() % 5 == 0 ? nil : i * 120 + Int(random.next() % 100),
                byteLength: random.next() % 5 == 0 ? nil : Int(random.next() % 90) + 10)
            let f = Int(random.next() % 2), number = random.next() % 7 == 0 ? Int(random.next() % 1_000_000) : i % 50 + 1
            kept.append(l, file: f, number: number)
            spilled.append(l, file: f, number: number)
            if random.next() % 500 == 0 { spilled.spill(to: file) }
        }
        func same(_ x: (number: Int, location: ClaimLint.SourceLocation), _ y: (number: Int, location: ClaimLint.SourceLocation)) -> Bool {
            let a = x.location, b = y.location
            guard x.number == y.number, a.file == b.file, a.line == b.line, a.column == b.column else { return false }
            return a.segment == b.segment && a.byteOffset == b.byteOffset && a.byteLength == b.byteLength
        }
        var cursor = LineSources.Cursor(spilled), keptCursor = LineSources.Cursor(kept)
        for i in 0..<kept.count {
            #expect(same(spilled.line(i), kept.line(i)), "line \(i)")
            #expect(same(cursor.line(i), keptCursor.line(i)), "line \(i) by cursor")
        }
        let loaded = spilled.loaded()
        for _ in 0..<2_000 {
            let i = Int(random.next() % UInt64(kept.count))
            #expect(same(loaded.line(i), kept.line(i)), "line \(i) loaded")
        }
    }
}
