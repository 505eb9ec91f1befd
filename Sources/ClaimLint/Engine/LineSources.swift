/// The locations and numbers of a batch's lines, by entry index (what `FindingSink` needs to
/// name a line), packed: each line is written as its differences from the line before
/// (variable-length integers), about 8 bytes a line instead of the 32 of a fixed record. Every
/// `block` lines the differences restart from zero, so a line is read back by decoding at most
/// `block` lines. Any value is kept exactly, however large.
struct LineSources: Sendable {
    var files: [String] = []
    private var bytes = ByteLog()
    /// Where each block's first line starts in `bytes`.
    private var blockStarts: [Int] = []
    /// The lines added.
    private(set) var count = 0
    /// The last line added, which the next is written against.
    private var last = Values()

    static let block = 8
    /// What `reserve(lines:)` sets aside per line: a typical line takes 7 to 9 bytes.
    static let reservedBytesPerLine = 9

    /// A line's values; an absent segment, offset or length leaves the previous one in place
    /// (so the next difference stays small) and clears its bit in `present`.
    private struct Values {
        var number = 0, file = 0, line = 0, column = 0, segment = 0, offset = 0, length = 0
        var present: UInt8 = 0
    }

    private static let hasSegment: UInt8 = 1, hasOffset: UInt8 = 2, hasLength: UInt8 = 4, fileChanged: UInt8 = 8

    /// Reserves room for about `lines` more lines. Room never filled is never touched.
    mutating func reserve(lines: Int) {
        bytes.reserveCapacity(bytes.count + lines * LineSources.reservedBytesPerLine)
        blockStarts.reserveCapacity(blockStarts.count + lines / LineSources.block + 1)
    }

    mutating func append(_ l: SourceLocation, file: Int, number: Int) {
        append(line: l.line, column: l.column, segment: l.segment, byteOffset: l.byteOffset, byteLength: l.byteLength, file: file, number: number)
    }

    /// `append(_:file:number:)` from a location's fields: the batch index reads them where the
    /// line is, where passing its `SourceLocation` copied it (retaining and releasing the file
    /// name) for every line.
    mutating func append(line: Int, column: Int, segment: Int?, byteOffset: Int?, byteLength: Int?, file: Int, number: Int) {
        if count % LineSources.block == 0 {
            blockStarts.append(bytes.count)
            last = Values()
        }
        var flags: UInt8 = 0
        if segment != nil { flags |= LineSources.hasSegment }
        if byteOffset != nil { flags |= LineSources.hasOffset }
        if byteLength != nil { flags |= LineSources.hasLength }
        if file != last.file { flags |= LineSources.fileChanged }
        // Encoded on the stack and appended at once: an append per byte cost about 400
        // instructions a line, on the serial path that indexes a batch.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: LineSources.maximumLineBytes) { buffer in
            buffer[0] = flags
            var n = 1
            LineSources.write(number &- last.number, into: buffer, at: &n)
            LineSources.write(line &- last.line, into: buffer, at: &n)
            LineSources.write(column &- last.column, into: buffer, at: &n)
            if let s = segment { LineSources.write(s &- last.segment, into: buffer, at: &n) }
            if let o = byteOffset { LineSources.write(o &- last.offset, into: buffer, at: &n) }
            if let b = byteLength { LineSources.write(b &- last.length, into: buffer, at: &n) }
            if flags & LineSources.fileChanged != 0 { LineSources.write(file &- last.file, into: buffer, at: &n) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
        last.number = number
        last.line = line
        last.column = column
        last.segment = segment ?? last.segment
        last.offset = byteOffset ?? last.offset
        last.length = byteLength ?? last.length
        last.file = file
        count += 1
    }

    func location(_ i: Int) -> SourceLocation { location(values(i)) }

    func number(_ i: Int) -> Int { values(i).number }

    /// The line's number and location, decoded once.
    func line(_ i: Int) -> (number: Int, location: SourceLocation) {
        let v = values(i)
        return (v.number, location(v))
    }

    private func location(_ v: Values) -> SourceLocation {
        SourceLocation(
            file: files[v.file], line: v.line, column: v.column,
            segment: v.present & LineSources.hasSegment != 0 ? v.segment : nil,
            byteOffset: v.present & LineSources.hasOffset != 0 ? v.offset : nil,
            byteLength: v.present & LineSources.hasLength != 0 ? v.length : nil)
    }

    private func values(_ i: Int) -> Values {
        precondition(i >= 0 && i < count, "line \(i) of \(count)")
        var v = Values()
        var p = blockStarts[i / LineSources.block]
        decode(i % LineSources.block + 1, of: i / LineSources.block, from: &p, into: &v)
        return v
    }

    /// Decodes the next `lines` lines of block `block` from byte `p` on top of `v` (the line
    /// before them, or zeros at a block's start).
    private func decode(_ lines: Int, of block: Int, from p: inout Int, into v: inout Values) {
        let end = block + 1 < blockStarts.count ? blockStarts[block + 1] : bytes.count
        let start = p
        p += bytes.withBytes(start..<end) { b in
            var p = 0
            for _ in 0..<lines {
                let flags = b[p]
                p += 1
                v.present = flags
                v.number = v.number &+ LineSources.read(b, &p)
                v.line = v.line &+ LineSources.read(b, &p)
                v.column = v.column &+ LineSources.read(b, &p)
                if flags & LineSources.hasSegment != 0 { v.segment = v.segment &+ LineSources.read(b, &p) }
                if flags & LineSources.hasOffset != 0 { v.offset = v.offset &+ LineSources.read(b, &p) }
                if flags & LineSources.hasLength != 0 { v.length = v.length &+ LineSources.read(b, &p) }
                if flags & LineSources.fileChanged != 0 { v.file = v.file &+ LineSources.read(b, &p) }
            }
            return p
        }
    }

    /// Writes the bytes of the blocks before the last to `file` (`ByteLog`): the lines added
    /// next are still encoded against the last block's in memory.
    mutating func spill(to file: SpillFile) {
        bytes.spill(upTo: count % LineSources.block == 0 ? bytes.count : blockStarts.last ?? 0, to: file)
    }

    /// The bytes written to a spill file.
    var spilledBytes: Int { bytes.spilled }

    /// These sources with every line's bytes in memory.
    func loaded() -> LineSources {
        var all = self
        all.bytes = bytes.loaded()
        return all
    }

    /// Reads lines mostly in increasing order, as findings sorted by batch order name them: a
    /// line in the block of the line read before, and not before it, is decoded on from there
    /// instead of from the block's start (a block's lines are then decoded once, not once per
    /// finding in it). Any order is read correctly.
    struct Cursor {
        let sources: LineSources
        /// The line last read (-1: none), where its bytes end, and its values.
        private var last = -1
        private var position = 0
        private var values = Values()

        /// `ownFileNames`: the locations name the files with texts of the cursor's own
        /// (`String.withOwnStorage`), for a cursor of one of several threads that name findings
        /// at once: each location retains its file's name, and one text retained by every
        /// thread has its count moved between their caches at every finding.
        init(_ sources: LineSources, ownFileNames: Bool = false) {
            var sources = sources
            if ownFileNames { sources.files = sources.files.map(\.withOwnStorage) }
            self.sources = sources
        }

        mutating func line(_ i: Int) -> (number: Int, location: SourceLocation) {
            move(to: i)
            return (values.number, sources.location(values))
        }

        /// The line's number alone.
        mutating func number(_ i: Int) -> Int {
            move(to: i)
            return values.number
        }

        private mutating func move(to i: Int) {
            precondition(i >= 0 && i < sources.count, "line \(i) of \(sources.count)")
            if last >= 0, i >= last, i / LineSources.block == last / LineSources.block {
                sources.decode(i - last, of: i / LineSources.block, from: &position, into: &values)
            } else {
                values = Values()
                position = sources.blockStarts[i / LineSources.block]
                sources.decode(i % LineSources.block + 1, of: i / LineSources.block, from: &position, into: &values)
            }
            last = i
        }
    }

    /// The most bytes a line takes: its flags and seven differences of up to 10 bytes.
    static let maximumLineBytes = 1 + 7 * 10

    /// A difference as a zigzag LEB128 integer (small ones of either sign in one byte), written
    /// at `n` in `buffer`.
    private static func write(_ difference: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        var z = UInt64(bitPattern: Int64((difference << 1) ^ (difference >> 63)))
        while z >= 0x80 {
            buffer[n] = UInt8(truncatingIfNeeded: z) | 0x80
            n += 1
            z >>= 7
        }
        buffer[n] = UInt8(z)
        n += 1
    }

    /// Inlined into `decode`, with the one-byte difference most are on its own path: a call per
    /// difference was about 33 instructions, and a finding's line is decoded from its block's
    /// start (up to 8 lines of 7 differences) when the messages of the report name it.
    @inline(__always)
    private static func read(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> Int {
        let first = b[p]
        p += 1
        if first < 0x80 { return Int(first >> 1) ^ -Int(first & 1) }
        var z = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            let byte = b[p]
            p += 1
            z |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let n = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        return Int(n)
    }
}

/// One bit per line of a batch, in order: set when the line's number is its place in its claim
/// (1, 2, 3...), as it mostly is. The first 64 lines' bits are held inline, so a claim checked
/// alone allocates no array.
struct OrdinalBits: Sendable {
    /// The bits of every full 64 lines.
    private var words: [UInt64] = []
    /// The bits of the lines after them: the array is written once every 64 lines (a write
    /// per line checked that it was not shared, about 50 instructions a line on the serial
    /// path that indexes a batch), and a batch of fewer than 64 lines needs none.
    private var current: UInt64 = 0
    /// The lines added.
    private(set) var count = 0

    /// Adds the next line's bit.
    mutating func append(_ isOrdinal: Bool) {
        let p = count
        count += 1
        if isOrdinal { current |= 1 << UInt64(p & 63) }
        if p & 63 == 63 {
            words.append(current)
            current = 0
        }
    }

    /// Whether line `p`'s number is its place in its claim (false past the lines added).
    func contains(_ p: Int) -> Bool {
        guard p >= 0, p < count else { return false }
        let w = p >> 6
        let word = w < words.count ? words[w] : current
        return word >> UInt64(p & 63) & 1 != 0
    }
}
