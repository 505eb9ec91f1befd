import Foundation

/// CLM01 of every claim read, with the ordinal of its CLM segment, to report a reused claim id.
///
/// The ids are not kept as strings: a slot holds the id's 64-bit hash, where the id's bytes are
/// in the file (offset and length) and the CLM ordinal, 24 bytes in all. A slot whose hash
/// matches is confirmed by comparing the bytes at the recorded offset with the new id, so the
/// answer is exact, never a guess from a hash. The bytes of earlier ids are therefore read
/// again only on a duplicate (or a 64-bit collision); in a file mapping whose pages behind the
/// reader were released they are read back from the file. (A 32-bit tag would not do: among
/// two million ids some hundreds of pairs share one, and each shared tag read an old page back.)
///
/// Equality is that of `String`, as when ids were kept as strings: ASCII ids (the norm) compare
/// byte for byte, which for ASCII is the same thing; an id with any other byte is kept as a
/// `String` in a side dictionary, and compared with ASCII ids through its canonical
/// decomposition (so `K` and the Kelvin sign are still one id, as `String` says).
struct X12ClaimIDs {
    /// Per slot: the hash, `offset << 16 | length`, and the ordinal; an ordinal of 0 (never a
    /// segment's: they count from 1) is an empty slot.
    private var slots: [Slot]
    private var mask: Int
    private var count = 0
    /// Ids that are not ASCII, and ASCII ids whose place does not fit a slot (an offset past
    /// 2^48, a length past 2^16).
    private var others: [String: Int] = [:]
    private let seed: UInt64

    private struct Slot {
        var hash: UInt64
        var place: UInt64
        var ordinal: Int
    }

    /// `seed` is random per reader, so that ids chosen to collide cannot be written once for
    /// every run; the tables of one file's parts share one, so that their entries carry hashes
    /// every table can use.
    init(initialCapacity: Int = 1024, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        slots = Array(repeating: Slot(hash: 0, place: 0, ordinal: 0), count: capacity)
        mask = capacity - 1
        self.seed = seed
    }

    /// The ordinal of the earlier claim with the id `bytes[range]`; nil when there is none, and
    /// then the id is recorded with `ordinal`. `text` is the id as a string (made by the caller
    /// anyway, for the claim).
    mutating func earlier(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer, text: @autoclosure () -> String, ordinal: Int) -> Int? {
        let id = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard X12ClaimIDs.isASCII(id) else { return earlierNonASCII(text(), ordinal: ordinal, in: bytes) }
        let hash = X12ClaimIDs.hash(id, seed: seed)
        if let found = find(id, hash: hash, in: bytes) { return found }
        if !others.isEmpty, let found = others[text()] { return found }
        insert(range, hash: hash, ordinal: ordinal, text: text)
        return nil
    }

    /// An id recorded in a table: where its bytes are (an ASCII id of a slot) or its text (the
    /// others), and the ordinal of its claim. Tables of parts of one file (`X12ParallelReader`)
    /// pass their ids to one another this way; the bytes are the file's, shared by all.
    struct Entry: Sendable {
        var range: Range<Int>?
        var text: String?
        var ordinal: Int
        /// An ASCII id's hash (`range` set), under the seed of the table it came from: a table
        /// with that seed records it without reading its bytes again.
        var hash: (value: UInt64, seed: UInt64)?
    }

    /// Every id recorded, in no particular order.
    var entries: [Entry] {
        var all: [Entry] = []
        all.reserveCapacity(count + others.count)
        for s in slots where s.ordinal != 0 {
            let offset = Int(s.place >> 16)
            all.append(Entry(range: offset..<offset + Int(s.place & 0xFFFF), text: nil, ordinal: s.ordinal, hash: (s.hash, seed)))
        }
        for (text, ordinal) in others { all.append(Entry(range: nil, text: text, ordinal: ordinal)) }
        return all
    }

    /// `earlier(_:in:text:ordinal:)` for an id of another table over the same bytes.
    mutating func earlier(_ e: Entry, in bytes: UnsafeRawBufferPointer) -> Int? {
        if let r = e.range {
            func text() -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
            guard let (hash, seed) = e.hash, seed == self.seed else {
                return earlier(r, in: bytes, text: text(), ordinal: e.ordinal)
            }
            // An ASCII id hashed under this table's seed: its bytes are read only to confirm a
            // matching hash (a duplicate), not to hash it again. Those of a file's earlier parts
            // may be in pages already released.
            let id = UnsafeRawBufferPointer(rebasing: bytes[r])
            if let found = find(id, hash: hash, in: bytes) { return found }
            if !others.isEmpty, let found = others[text()] { return found }
            insert(r, hash: hash, ordinal: e.ordinal, text: text)
            return nil
        }
        return earlierNonASCII(e.text!, ordinal: e.ordinal, in: bytes)
    }

    /// An id with a byte outside ASCII: `String` equality, against the side dictionary and,
    /// when its canonical decomposition is ASCII, against the ASCII ids of the table.
    private mutating func earlierNonASCII(_ text: String, ordinal: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        if let found = others[text] { return found }
        let decomposed = text.decomposedStringWithCanonicalMapping
        if decomposed.utf8.allSatisfy({ $0 < 0x80 }) {
            var ascii = decomposed
            let found = ascii.withUTF8 { find(UnsafeRawBufferPointer($0), hash: X12ClaimIDs.hash(UnsafeRawBufferPointer($0), seed: seed), in: bytes) }
            if let found { return found }
        }
        others[text] = ordinal
        return nil
    }

    private func find(_ id: UnsafeRawBufferPointer, hash: UInt64, in bytes: UnsafeRawBufferPointer) -> Int? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[i]
            if s.ordinal == 0 { return nil }
            if s.hash == hash {
                let length = Int(s.place & 0xFFFF), offset = Int(s.place >> 16)
                if length == id.count, length == 0 || memcmp(bytes.baseAddress! + offset, id.baseAddress!, length) == 0 {
                    return s.ordinal
                }
            }
            i = (i + 1) & mask
        }
    }

    private mutating func insert(_ range: Range<Int>, hash: UInt64, ordinal: Int, text: () -> String) {
        guard range.count < 1 << 16, range.lowerBound < 1 << 48, ordinal > 0 else {
            others[text()] = ordinal
            return
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].ordinal != 0 { i = (i + 1) & mask }
        slots[i] = Slot(hash: hash, place: UInt64(range.lowerBound) << 16 | UInt64(range.count), ordinal: ordinal)
        count += 1
    }

    /// Doubles the table; slots keep their hash, so no id is read again.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(hash: 0, place: 0, ordinal: 0), count: old.count * 2)
        mask = slots.count - 1
        for s in old where s.ordinal != 0 {
            var i = Int(truncatingIfNeeded: s.hash) & mask
            while slots[i].ordinal != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }

    private static func isASCII(_ id: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = id.count
        while i + 8 <= n {
            if id.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if id[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// A 64-bit hash of the bytes (eight at a time, then a murmur3 finalizer).
    static func hash(_ id: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(id.count) &* 0x9E37_79B9_7F4A_7C15)
        let n = id.count
        var i = 0
        while i + 8 <= n {
            h = (h ^ id.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(id[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
