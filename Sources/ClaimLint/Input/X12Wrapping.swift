/// X12 written in fixed-length records ("wrapped"; 80 bytes a line is the mainframe habit some
/// clearinghouses keep): the stream is cut into lines wherever a record ends, inside segments
/// and element values (`NM` / `1*85*2*...`). X12 translators ignore such line breaks; read as
/// they are, each segment cut is an unknown segment or a bad value, and its claim is lost.
enum X12Wrapping {
    /// Whether `bytes`, content whose first segment is an ISA, has a line break inside a
    /// segment in its first `FileContent.lineEndWindow` bytes: a CR or LF after a segment's
    /// first byte and before its terminator (read from each ISA). A file whose segments end in
    /// a line break, or whose terminator is one, is not wrapped.
    static func isWrapped<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        guard let start = isaStart(bytes) else { return false }
        var cut = false
        walk(bytes, from: start, upTo: min(bytes.count, start + FileContent.lineEndWindow)) { step in
            if case .heldBreak = step { cut = true }
            return !cut
        }
        return cut
    }

    /// `bytes` with each line break inside a segment moved to just after the segment's
    /// terminator (CR dropped, LF kept): each segment is then whole on the line it starts on.
    /// The terminator is read again from every ISA, so interchanges with other delimiters are
    /// unwrapped by their own. Changed in place: a file read whole is not held twice.
    static func unwrapped(_ bytes: consuming [UInt8]) -> [UInt8] {
        var map = FileMap()
        return unwrapped(bytes, map: &map)
    }

    /// `unwrapped(_:)`, with `map` set to where the unwrapped text's bytes are in `bytes`.
    static func unwrapped(_ bytes: consuming [UInt8], map: inout FileMap) -> [UInt8] {
        var text = consume bytes
        var shifts: [FileMap.Shift] = []
        let count = text.withUnsafeMutableBufferPointer { b -> Int in
            // From the ISA: a byte order mark (or line breaks) before it stays where it is.
            let start = isaStart(UnsafeBufferPointer(b)) ?? 0
            var write = start
            var heldLineFeeds = 0
            // The byte the walk is at, and where the file's line holding it starts (on the
            // first line, after a byte order mark, as the scanner counts columns).
            var read = start
            var lineStart = b[..<start].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? (b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
            func put(_ byte: UInt8) {
                b[write] = byte
                write += 1
            }
            /// From `write` on, the bytes written are `shift` bytes further on in the file.
            func shifted() {
                let s = FileMap.Shift(from: write, shift: read + 1 - write, lineStart: lineStart, lines: heldLineFeeds)
                if shifts.last?.from == write { shifts[shifts.count - 1] = s } else { shifts.append(s) }
            }
            // Writing never passes reading (a held break was read before it is written), and
            // the walk reads an ISA's bytes before they are written over.
            walk(UnsafeBufferPointer(b), from: start, upTo: b.count) { step in
                switch step {
                case .byte(let byte):
                    put(byte)
                    if byte == UInt8(ascii: "\n") { lineStart = read + 1 }
                case .heldBreak(let byte):
                    if byte == UInt8(ascii: "\n") {
                        heldLineFeeds += 1
                        lineStart = read + 1
                    }
                    shifted()
                case .terminator(let byte):
                    put(byte)
                    if heldLineFeeds > 0 {
                        for _ in 0..<heldLineFeeds { put(UInt8(ascii: "\n")) }
                        heldLineFeeds = 0
                        shifted()
                    }
                }
                read += 1
                return true
            }
            for _ in 0..<heldLineFeeds { put(UInt8(ascii: "\n")) }
            return write
        }
        text.removeLast(text.count - count)
        map = FileMap(shifts: shifts)
        return text
    }

    /// Where the bytes of a file's unwrapped text (`unwrapped(_:map:)`) are in the file, so
    /// that locations name the file's own bytes: a segment after a moved break starts further
    /// on in the file than in the text (and on its line, further right), and a value after a
    /// break inside its segment is on a later line. One entry per place the distance changes,
    /// in the text's order: after each break moved out of a segment (and each CR dropped), and
    /// after the line feeds written back after its terminator.
    struct FileMap: Sendable {
        struct Shift: Sendable, Equatable {
            /// The text's offset from which this entry holds (up to the next entry's).
            var from: Int
            /// The file's offset minus the text's.
            var shift: Int
            /// Where, in the file, the line holding the byte at `from` starts.
            var lineStart: Int
            /// The file's line minus the text's, for bytes up to the text's next line break:
            /// the line feeds moved out of the segment so far.
            var lines: Int
        }

        private(set) var shifts: [Shift] = []

        init(shifts: [Shift] = []) { self.shifts = shifts }

        /// The entry holding for the text's offset `u`, nil before the first.
        private func entry(_ u: Int) -> Shift? {
            // The last entry from at or before `u`.
            var low = 0, high = shifts.count
            while low < high {
                let mid = (low + high) / 2
                if shifts[mid].from <= u { low = mid + 1 } else { high = mid }
            }
            return low == 0 ? nil : shifts[low - 1]
        }

        /// The file's offset of the text's byte at `u`.
        func fileOffset(_ u: Int) -> Int { u + (entry(u)?.shift ?? 0) }

        /// `l`, a location in the text (its line, column and byte offset name one byte),
        /// naming that byte in the file: its offset, line and column there. A length spans
        /// the file's bytes from the first to the last of the text's, the line breaks cut
        /// into them included (a segment whose length ends past a break starts before it may
        /// be the ISA, before the first entry). A location without an offset is left as it is.
        func location(_ l: SourceLocation) -> SourceLocation {
            guard let u = l.byteOffset else { return l }
            var out = l
            let e = entry(u)
            let o = u + (e?.shift ?? 0)
            out.byteOffset = o
            // The text's line holds the byte from `u - (column - 1)`: when that is after
            // `from`, a line break of the file itself comes after `from`, and the line and
            // column are the file's already (as before the first entry).
            if let e, u - (l.column - 1) <= e.from {
                out.line = l.line + e.lines
                out.column = o - e.lineStart + 1
            }
            if let n = l.byteLength, n > 0 { out.byteLength = fileOffset(u + n - 1) + 1 - o }
            return out
        }

        /// The claim with its location and its lines' named in the file.
        func placing(_ claim: Claim) -> Claim {
            var c = claim
            c.location = location(c.location)
            for i in c.lines.indices { c.lines[i].location = location(c.lines[i].location) }
            return c
        }

        /// The locations of a read's claims (unreadable ones too), diagnostics and suppressions
        /// named in the file.
        func place(_ result: inout ReadResult) {
            for i in result.claims.indices { result.claims[i] = placing(result.claims[i]) }
            for i in result.diagnostics.indices { result.diagnostics[i].location = result.diagnostics[i].location.map(location) }
            for i in result.suppressions.indices { result.suppressions[i].location = location(result.suppressions[i].location) }
            for i in result.unreadableClaims.indices { result.unreadableClaims[i].location = location(result.unreadableClaims[i].location) }
            for id in result.unlisted.keys { result.unlisted[id]!.first.location = result.unlisted[id]!.first.location.map(location) }
        }
    }

    /// A byte of the walk: one kept where it is, a line break inside a segment, or a segment's
    /// terminator.
    private enum Step {
        case byte(UInt8)
        case heldBreak(UInt8)
        case terminator(UInt8)
    }

    /// Walks `bytes[from..<end]` telling each byte's step to `body`, until it returns false. A
    /// segment starts at its first byte that is not a line break or space; an ISA there sets
    /// the terminator.
    private static func walk<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, from start: Int, upTo end: Int, _ body: (Step) -> Bool
    ) where Bytes.Index == Int {
        var terminator: UInt8? = nil
        var inSegment = false
        var i = start
        while i < end {
            let byte = bytes[i]
            let step: Step
            if inSegment, byte == terminator {
                inSegment = false
                step = .terminator(byte)
            } else if isBreak(byte) {
                step = inSegment ? .heldBreak(byte) : .byte(byte)
            } else {
                if !inSegment, byte != UInt8(ascii: " ") {
                    inSegment = true
                    if byte == UInt8(ascii: "I"), i + 3 <= bytes.count, bytes[i + 1] == UInt8(ascii: "S"), bytes[i + 2] == UInt8(ascii: "A") {
                        terminator = self.terminator(bytes, isaAt: i)
                    }
                }
                step = .byte(byte)
            }
            guard body(step) else { return }
            i += 1
        }
    }

    /// The note a wrapped file's report starts with.
    static func note(file: String) -> Diagnostic {
        Diagnostic(
            id: "x12.wrapped", severity: .info,
            message: "the file is X12 cut into fixed-length lines (wrapped records), with line breaks inside segments; they are ignored, as X12 translators do. Locations name the file's own line, column and byte offset of a segment or value, and a length counts the line breaks inside it",
            location: SourceLocation(file: file, line: 1, column: 1))
    }

    private static func isBreak(_ b: UInt8) -> Bool { b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") }

    /// Where the first segment starts when it is an ISA (after a UTF-8 byte order mark and
    /// line breaks).
    private static func isaStart<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, isBreak(bytes[i]) { i += 1 }
        guard bytes.count >= i + 3, bytes[i..<i + 3].elementsEqual("ISA".utf8) else { return nil }
        return i
    }

    /// The segment terminator of the ISA at `start`: the byte after ISA16, which follows the
    /// 16th element separator (the byte after `ISA`), line breaks before it skipped. Nil when
    /// the ISA ends before.
    private static func terminator<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, isaAt start: Int) -> UInt8? where Bytes.Index == Int {
        var i = start + 3
        var separator: UInt8? = nil
        var separators = 0
        // A standard ISA is 106 bytes; one padded badly is still read up to twice that.
        let end = min(bytes.count, start + 2 * X12Delimiters.isaLength + 64)
        while i < end {
            let b = bytes[i]
            i += 1
            if isBreak(b) { continue }
            guard let s = separator else {
                separator = b
                separators = 1
                continue
            }
            if separators < 16 {
                if b == s { separators += 1 }
                continue
            }
            // `b` is ISA16. A line break after it is the terminator, unless the next byte
            // past the breaks is not a letter or digit (which starts a segment id), and so is
            // the terminator of a segment cut after ISA16.
            guard i < bytes.count else { return nil }
            guard isBreak(bytes[i]) else { return bytes[i] }
            var next = i
            while next < bytes.count, isBreak(bytes[next]) { next += 1 }
            if next < bytes.count, !X12Delimiters.isText(bytes[next]) { return bytes[next] }
            return bytes[i]
        }
        return nil
    }
}
