import Foundation
import Testing

@testable import ClaimLint

/// `X12ClaimIDs` keeps ids as packed slots (40 bits of hash, offset, length, ordinal); these
/// compare it with a `[String: Int]` of the same ids, which is what it must answer.
@Suite struct X12ClaimIDsTests {
    /// Ids laid out one after another in a buffer, as CLM01 values are in a file.
    struct Layout {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var texts: [String] = []

        init(_ ids: [String]) {
            for id in ids {
                let start = bytes.count
                bytes += Array(id.utf8)
                ranges.append(start..<bytes.count)
                texts.append(id)
                bytes.append(UInt8(ascii: "*"))
            }
        }
    }

    /// Random ids: short and long ASCII, ids past the 255 bytes a slot can hold, the Kelvin sign
    /// against a K (one id for `String`), about one in five repeating an earlier one.
    static func ids(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        var ids: [String] = []
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        for _ in 0..<count {
            let roll = rng.next() % 100
            if roll < 20, !ids.isEmpty {
                ids.append(ids[Int(rng.next() % UInt64(ids.count))])
            } else if roll < 22 {
                ids.append(String(repeating: "L", count: 250 + Int(rng.next() % 20)) + String(rng.next() % 50))
            } else if roll < 24 {
                ids.append((rng.next() % 2 == 0 ? "K" : "\u{212A}") + String(rng.next() % 30))
            } else {
                let length = 1 + Int(rng.next() % 20)
                ids.append(String((0..<length).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }))
            }
        }
        return ids
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func answersAsAStringDictionary(seed: UInt64) {
        let layout = Layout(X12ClaimIDsTests.ids(count: 20_000, seed: seed))
        layout.bytes.withUnsafeBytes { bytes in
            // A small start, so that the table doubles several times.
            var table = X12ClaimIDs(initialCapacity: 16, seed: seed &* 7)
            var oracle: [String: Int] = [:]
            for (k, range) in layout.ranges.enumerated() {
                let ordinal = 3 * k + 1
                let got = table.earlier(range, in: bytes, text: layout.texts[k], ordinal: ordinal)
                #expect(got == oracle[layout.texts[k]], "id \(k) '\(layout.texts[k])'")
                if oracle[layout.texts[k]] == nil { oracle[layout.texts[k]] = ordinal }
            }
            // Every id comes back with its first ordinal, whatever its kind.
            let entries = table.entries
            #expect(entries.count == oracle.count)
            for e in entries {
                let text = e.text ?? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[e.range!]), as: UTF8.self)
                #expect(oracle[text] == e.ordinal)
            }
        }
    }

    /// 6,000 random ids (`ids(count:seed:)`) laid out, with half their number, to `body`.
    static func withLaidOutIDs(seed: UInt64, _ body: (Layout, Int, UnsafeRawBufferPointer) -> Void) {
        let layout = Layout(ids(count: 6_000, seed: seed))
        layout.bytes.withUnsafeBytes { body(layout, layout.texts.count / 2, $0) }
    }

    /// A table of the ids `layout` holds at `indices`, each recorded with its index plus 1 as
    /// its ordinal.
    static func table(_ layout: Layout, _ indices: Range<Int>, in bytes: UnsafeRawBufferPointer, seed: UInt64, initialCapacity: Int = 1024) -> X12ClaimIDs {
        var table = X12ClaimIDs(initialCapacity: initialCapacity, seed: seed)
        for k in indices { _ = table.earlier(layout.ranges[k], in: bytes, text: layout.texts[k], ordinal: k + 1) }
        return table
    }

    /// Parts of a file hand their ids to one another: with the same seed (slots' hash bits
    /// reused) or another (hashed again); either way, the ids of the first part are found.
    @Test(arguments: [true, false])
    func tablesPassTheirIdsOn(sameSeed: Bool) {
        X12ClaimIDsTests.withLaidOutIDs(seed: 9) { layout, half, bytes in
            let first = X12ClaimIDsTests.table(layout, 0..<half, in: bytes, seed: 11)
            var oracle: [String: Int] = [:]
            for k in 0..<half where oracle[layout.texts[k]] == nil { oracle[layout.texts[k]] = k + 1 }
            var second = X12ClaimIDs(initialCapacity: 16, seed: sameSeed ? 11 : 12)
            for e in first.entries { #expect(second.earlier(e, in: bytes) == nil) }
            for k in half..<layout.texts.count {
                let got = second.earlier(layout.ranges[k], in: bytes, text: layout.texts[k], ordinal: k + 1)
                #expect(got == oracle[layout.texts[k]], "id \(k) '\(layout.texts[k])'")
                if oracle[layout.texts[k]] == nil { oracle[layout.texts[k]] = k + 1 }
            }
        }
    }

    /// A part's ids recorded at once (`recordAll`, which loads their slots in batches before
    /// recording them) answer as the same ids recorded one by one: the same ids found earlier,
    /// in the same order, with the same ordinals, across the batches' bounds.
    @Test(arguments: [true, false])
    func recordingAPartsIdsAtOnceAnswersAsOneByOne(sameSeed: Bool) {
        X12ClaimIDsTests.withLaidOutIDs(seed: 13) { layout, half, bytes in
            let part = X12ClaimIDsTests.table(layout, 0..<half, in: bytes, seed: 11)
            var merged = X12ClaimIDsTests.table(layout, half..<layout.texts.count, in: bytes, seed: sameSeed ? 11 : 12, initialCapacity: 16)
            let entries = part.entries
            #expect(entries.count > 10 * X12ClaimIDs.touchedAtOnce)
            var oneByOne = merged
            var expected: [(range: Range<Int>?, text: String?, ordinal: Int)] = []
            for e in entries {
                if let first = oneByOne.earlier(e, in: bytes) { expected.append((e.range, e.text, first)) }
            }
            let repeated = merged.recordAll(entries, in: bytes)
            #expect(expected.count > 100)
            #expect(repeated.map(\.range) == expected.map(\.range))
            #expect(repeated.map(\.text) == expected.map(\.text))
            #expect(repeated.map(\.ordinal) == expected.map(\.ordinal))
            // Every id of the part is now recorded, with the ordinal one by one gave it.
            for k in 0..<half {
                let text = layout.texts[k]
                #expect(merged.earlier(layout.ranges[k], in: bytes, text: text, ordinal: 1 << 30) == oneByOne.earlier(layout.ranges[k], in: bytes, text: text, ordinal: 1 << 30))
            }
        }
    }

    /// Ordinals past 32 bits keep every bit (split over the slot's two words); one past the 36
    /// a slot holds is kept by text, and still found.
    @Test func largeOrdinalsAndOffsetsKeepEveryBit() {
        let layout = Layout(["A1", "B2", "A1", "B2"])
        layout.bytes.withUnsafeBytes { bytes in
            var table = X12ClaimIDs(seed: 5)
            let big = (1 << 35) + 12_345
            #expect(table.earlier(layout.ranges[0], in: bytes, text: "A1", ordinal: big) == nil)
            #expect(table.earlier(layout.ranges[1], in: bytes, text: "B2", ordinal: 1 << 40) == nil)  // past 2^36
            #expect(table.earlier(layout.ranges[2], in: bytes, text: "A1", ordinal: 7) == big)
            #expect(table.earlier(layout.ranges[3], in: bytes, text: "B2", ordinal: 8) == 1 << 40)
        }
    }
}
