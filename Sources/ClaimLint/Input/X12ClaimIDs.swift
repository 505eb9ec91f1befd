import Foundation

/// CLM01 of every claim read, with the ordinal of its CLM segment, to report a reused claim id.
///
/// The ids are not kept as strings: a slot holds 40 bits of the id's hash, where the id's bytes
/// are in the file (offset and length) and the CLM ordinal, 16 bytes in all (a file of 5
/// million lines has over two million ids). A slot whose hash matches is confirmed by comparing
/// the bytes at the recorded offset with the new id, so the answer is exact, never a guess from
/// a hash. The bytes of earlier ids are therefore read again only on a duplicate or when two
/// ids in one probe sequence share the hash bits above the slot index (40 minus the index's 22
/// bits at two million ids: one compare in 262,000); in a file mapping whose pages behind the
/// reader were released they are read back from the file. (A 32-bit hash would not do: at two
/// million ids it leaves 10 bits to tell apart ids of one probe sequence, and each shared value
/// read an old page back.)
///
/// Equality is that of `String`, as when ids were kept as strings: ASCII ids (the norm) compare
/// byte for byte, which for ASCII is the same thing; an id with any other byte is kept as a
/// `String` in a side dictionary, and compared with ASCII ids through its canonical
/// decomposition (so `K` and the Kelvin sign are still one id, as `String` says).
struct X12ClaimIDs {
    /// An ordinal of 0 (never a segment's: they count from 1) is an empty slot.
    private var slots: [Slot]
    private var mask: Int
    private var count = 0
    /// Ids that are not ASCII, and ASCII ids whose place does not fit a slot (an offset past
    /// 2^44, a length past 255, an ordinal past 2^36).
    private var others: [String: Int] = [:]
    private let seed: UInt64

    /// `high`: the hash's 40 bits (`tag`), the id's length (8 bits) and the ordinal's high 16
    /// bits; `low`: the id's offset (44 bits) and the ordinal's low 20 bits.
    private struct Slot {
        var high: UInt64
        var low: UInt64

        static let empty = Slot(tag: 0, offset: 0, length: 0, ordinal: 0)

        init(tag: UInt64, offset: Int, length: Int, ordinal: Int) {
            high = tag << 24 | UInt64(length) << 16 | UInt64(ordinal) >> 20
            low = UInt64(offset) << 20 | UInt64(ordinal) & 0xF_FFFF
        }

        var tag: UInt64 { high >> 24 }
        var length: Int { Int(high >> 16 & 0xFF) }
        var offset: Int { Int(low >> 20) }
        var ordinal: Int { Int(high & 0xFFFF) << 20 | Int(low & 0xF_FFFF) }
        var isEmpty: Bool { high & 0xFFFF == 0 && low & 0xF_FFFF == 0 }

        /// Whether an id at `offset`, `length` bytes long, of the claim at `ordinal` fits.
        static func fits(offset: Int, length: Int, ordinal: Int) -> Bool {
            offset >= 0 && offset < 1 << 44 && length < 1 << 8 && ordinal > 0 && ordinal < 1 << 36
        }
    }

    /// The 40 bits of a 64-bit hash a slot keeps: its high bits (the slot index is taken from
    /// the low bits of these).
    @inline(__always) static func tag(_ hash: UInt64) -> UInt64 { hash >> 24 }

    /// `seed` is random per reader, so that ids chosen to collide cannot be written once for
    /// every run; the tables of one file's parts share one, so that their entries carry hashes
    /// every table can use.
    init(initialCapacity: Int = 1024, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        slots = Array(repeating: .empty, count: capacity)
        mask = capacity - 1
        self.seed = seed
    }

    /// The ordinal of the earlier claim with the id `bytes[range]`; nil when there is none, and
    /// then the id is recorded with `ordinal`. `text` is the id as a string (made by the caller
    /// anyway, for the claim).
    mutating func earlier(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer, text: @autoclosure () -> String, ordinal: Int) -> Int? {
        let id = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard X12ClaimIDs.isASCII(id) else { return earlierNonASCII(text(), ordinal: ordinal, in: bytes) }
        let hash = X12ClaimIDs.tag(X12ClaimIDs.hash(id, seed: seed))
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
        /// An ASCII id's hash (`range` set; the 40 bits a slot keeps, `tag`), under the seed of
        /// the table it came from: a table with that seed records it without reading its bytes
        /// again.
        var hash: (value: UInt64, seed: UInt64)?
    }

    /// Every id recorded, in no particular order, but not in the order of the slots: a table
    /// with this seed takes them in that order, and ids that come sorted by their slot index
    /// pile up in one run of the table being filled (linear probing), each insert walking the
    /// whole run: merging a file's parts probed about 30 slots an id, on the serial path.
    /// Odd strides over a power of two visit every slot once, scattered.
    var entries: [Entry] {
        var all: [Entry] = []
        all.reserveCapacity(count + others.count)
        let stride = 0x9E37_79B9 | 1
        for j in 0..<slots.count {
            let s = slots[(j &* stride) & mask]
            guard !s.isEmpty else { continue }
            all.append(Entry(range: s.offset..<s.offset + s.length, text: nil, ordinal: s.ordinal, hash: (s.tag, seed)))
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

    /// `earlier(_:in:)` for each of `entries` in turn: those whose id was recorded before,
    /// each with the ordinal of the claim that holds it first.
    mutating func recordAll(_ entries: [Entry], in bytes: UnsafeRawBufferPointer) -> [Entry] {
        var repeated: [Entry] = []
        var start = 0
        while start < entries.count {
            let end = min(start &+ X12ClaimIDs.touchedAtOnce, entries.count)
            touchSlots(of: entries, start..<end)
            for e in entries[start..<end] {
                if let first = earlier(e, in: bytes) { repeated.append(Entry(range: e.range, text: e.text, ordinal: first, hash: e.hash)) }
            }
            start = end
        }
        return repeated
    }

    /// How many entries `recordAll` touches the slots of before recording them.
    static let touchedAtOnce = 16

    /// The loaded slots' bits, kept so that `touchSlots` loads them.
    private var touched: UInt64 = 0

    /// Loads the first slot each of `entries[range]` probes (those hashed under this table's
    /// seed), one after another before any of them is recorded. A large table's slots are
    /// mostly outside the caches, and each load in `find` waited for its slot before the next
    /// id could be looked at (84% of that function's time, by perf, on the serial path that
    /// merges a file's parts); loads that depend on nothing go out together, so the ids are
    /// then recorded in slots already in the cache.
    private mutating func touchSlots(of entries: [Entry], _ range: Range<Int>) {
        var bits: UInt64 = 0
        let seed = self.seed, mask = self.mask
        slots.withUnsafeBufferPointer { s in
            for j in range {
                guard let (hash, entrySeed) = entries[j].hash, entrySeed == seed else { continue }
                bits |= s[Int(truncatingIfNeeded: hash) & mask].high
            }
        }
        touched = bits
    }

    /// An id with a byte outside ASCII: `String` equality, against the side dictionary and,
    /// when its canonical decomposition is ASCII, against the ASCII ids of the table.
    private mutating func earlierNonASCII(_ text: String, ordinal: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        if let found = others[text] { return found }
        let decomposed = text.decomposedStringWithCanonicalMapping
        if decomposed.utf8.allSatisfy({ $0 < 0x80 }) {
            var ascii = decomposed
            let found = ascii.withUTF8 {
                find(UnsafeRawBufferPointer($0), hash: X12ClaimIDs.tag(X12ClaimIDs.hash(UnsafeRawBufferPointer($0), seed: seed)), in: bytes)
            }
            if let found { return found }
        }
        others[text] = ordinal
        return nil
    }

    /// `hash`: the id's `tag`.
    private func find(_ id: UnsafeRawBufferPointer, hash: UInt64, in bytes: UnsafeRawBufferPointer) -> Int? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[i]
            if s.isEmpty { return nil }
            if s.tag == hash {
                let length = s.length
                if length == id.count, length == 0 || memcmp(bytes.baseAddress! + s.offset, id.baseAddress!, length) == 0 {
                    return s.ordinal
                }
            }
            i = (i + 1) & mask
        }
    }

    /// `hash`: the id's `tag`.
    private mutating func insert(_ range: Range<Int>, hash: UInt64, ordinal: Int, text: () -> String) {
        guard Slot.fits(offset: range.lowerBound, length: range.count, ordinal: ordinal) else {
            others[text()] = ordinal
            return
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var i = Int(truncatingIfNeeded: hash) & mask
        while !slots[i].isEmpty { i = (i + 1) & mask }
        slots[i] = Slot(tag: hash, offset: range.lowerBound, length: range.count, ordinal: ordinal)
        count += 1
    }

    /// Doubles the table; slots keep their hash, so no id is read again.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: .empty, count: old.count * 2)
        mask = slots.count - 1
        for s in old where !s.isEmpty {
            var i = Int(truncatingIfNeeded: s.tag) & mask
            while !slots[i].isEmpty { i = (i + 1) & mask }
            slots[i] = s
        }
    }

    /// Whether every byte is ASCII, eight at a time.
    static func isASCII(_ id: UnsafeRawBufferPointer) -> Bool {
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
