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
    /// terminator (CR dropped, LF kept): each segment is then whole on the line it starts on,
    /// so locations name that line (columns after a moved break count from the segment's
    /// start). The terminator is read again from every ISA, so interchanges with other
    /// delimiters are unwrapped by their own. Changed in place: a file read whole is not held
    /// twice.
    static func unwrapped(_ bytes: consuming [UInt8]) -> [UInt8] {
        var text = consume bytes
        let count = text.withUnsafeMutableBufferPointer { b -> Int in
            // From the ISA: a byte order mark (or line breaks) before it stays where it is.
            let start = isaStart(UnsafeBufferPointer(b)) ?? 0
            var write = start
            var heldLineFeeds = 0
            func put(_ byte: UInt8) {
                b[write] = byte
                write += 1
            }
            // Writing never passes reading (a held break was read before it is written), and
            // the walk reads an ISA's bytes before they are written over.
            walk(UnsafeBufferPointer(b), from: start, upTo: b.count) { step in
                switch step {
                case .byte(let byte): put(byte)
                case .heldBreak(let byte): if byte == UInt8(ascii: "\n") { heldLineFeeds += 1 }
                case .terminator(let byte):
                    put(byte)
                    for _ in 0..<heldLineFeeds { put(UInt8(ascii: "\n")) }
                    heldLineFeeds = 0
                }
                return true
            }
            for _ in 0..<heldLineFeeds { put(UInt8(ascii: "\n")) }
            return write
        }
        text.removeLast(text.count - count)
        return text
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
            message: "the file is X12 cut into fixed-length lines (wrapped records), with line breaks inside segments; they are ignored, as X12 translators do. Locations name the line a segment starts on, with columns counted in the segments joined",
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
