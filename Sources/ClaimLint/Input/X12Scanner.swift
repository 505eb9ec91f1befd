/// Splits the bytes of an X12 file into segments, one at a time, with the delimiters of the
/// interchange each belongs to (every ISA sets them anew) and the line and column where each
/// starts, counted as it goes. It holds positions only, never a copy of the file.
struct X12Scanner {
    let bytes: UnsafeRawBufferPointer
    /// The delimiters of the current interchange; nil before the first ISA is read.
    private(set) var delimiters: X12Delimiters? {
        didSet { keepDelimiterBytes() }
    }
    /// The segment terminator and element separator of `delimiters`, kept apart: read from the
    /// optional for every segment, the delimiters went through a vector and the stack, and
    /// reading their bytes back waited for the stores (about 5% of the scan's time, by perf).
    private var terminator: UInt8 = 0
    private var separator: UInt8 = 0

    private mutating func keepDelimiterBytes() {
        terminator = delimiters?.segment ?? 0
        separator = delimiters?.element ?? 0
    }
    private var position: Int
    private var line = 1
    private var lineStart: Int
    private var ordinal = 0

    /// Longer segments are reported and skipped (a missing terminator makes the rest of the
    /// file one segment).
    static let maxSegmentLength = 64 * 1024
    static let maxElements = 512

    /// What stops the scan: an ISA header whose delimiters cannot be read.
    struct BadHeader: Error {
        var problem: X12Delimiters.Problem
        var line: Int
        var column: Int
        var ordinal: Int
        var offset: Int
    }

    /// Whether the last ISA read was not the standard 106 bytes long (its actual length).
    private(set) var lastISALength: Int?

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // A UTF-8 byte order mark is skipped; columns count from the byte after it.
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        lineStart = position
    }

    /// A scanner that starts at `position`, a segment start found by a pre-scan
    /// (`X12ParallelReader`), in the state it has there when it reads `bytes` from the start:
    /// `ordinal` segments before, the current line and the offset where it starts, the
    /// interchange's delimiters and the length of the last ISA.
    init(bytes: UnsafeRawBufferPointer, position: Int, line: Int, lineStart: Int, ordinal: Int, delimiters: X12Delimiters?, lastISALength: Int?) {
        self.bytes = bytes
        self.position = position
        self.line = line
        self.lineStart = lineStart
        self.ordinal = ordinal
        self.delimiters = delimiters
        self.lastISALength = lastISALength
        // `didSet` does not run in an initializer.
        keepDelimiterBytes()
    }

    /// The next segment, nil at the end of the file.
    mutating func next() throws(BadHeader) -> X12Segment? {
        var segment = X12Segment.none(in: bytes)
        return try next(into: &segment) ? segment : nil
    }

    /// The next segment written to `segment`; false at the end of the file (`segment` is then
    /// left as it was). The reading loops call this: a segment returned as an optional was
    /// copied out of it, about 25 instructions a segment.
    mutating func next(into segment: inout X12Segment) throws(BadHeader) -> Bool {
        let end = bytes.count
        // Skip CR, LF (and padding NUL/SUB bytes) between segments.
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\n") {
                line += 1
                lineStart = position + 1
            } else if b != UInt8(ascii: "\r") && b != 0 && b != 0x1A && b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") {
                break
            }
            position += 1
        }
        guard position < end else { return false }
        let start = position
        // Wrapping arithmetic in this part, run once a segment: offsets within a buffer and
        // counts of its segments and lines do not overflow.
        ordinal &+= 1
        let segLine = line, segColumn = start &- lineStart &+ 1

        // A new interchange sets the delimiters.
        if end - start > 3, bytes[start] == UInt8(ascii: "I"), bytes[start + 1] == UInt8(ascii: "S"), bytes[start + 2] == UInt8(ascii: "A"),
           !X12Delimiters.isText(bytes[start + 3]) {
            switch X12Delimiters.read(isaAt: start, in: bytes) {
            case .success(let (d, terminatorAt)):
                delimiters = d
                let length = terminatorAt + 1 - start
                lastISALength = length == X12Delimiters.isaLength ? nil : length
            case .failure(let p):
                position = end
                throw BadHeader(problem: p, line: segLine, column: segColumn, ordinal: ordinal, offset: start)
            }
        }
        guard let d = delimiters else {
            position = end
            // Before any ISA: the file's first segment, which is `isa` in a file of lower-case
            // ids (detected as X12 so as to say so).
            let lowerCase = end - start > 3 && bytes[start] == UInt8(ascii: "i") && bytes[start + 1] == UInt8(ascii: "s") && bytes[start + 2] == UInt8(ascii: "a")
            throw BadHeader(problem: lowerCase ? .lowerCaseIDs : .tooShort, line: segLine, column: segColumn, ordinal: ordinal, offset: start)
        }

        let terminator = self.terminator, separator = self.separator
        var i = start
        var separators = 0
        // Where the first element separators are, so that the reader finds an element without
        // scanning the segment again: written into `segment` where it is, lane by lane. Kept in
        // a local vector, they were stored lane by lane and then loaded whole, and the load
        // waited for the stores to reach the cache (13% of the scan's time, by perf).
        var recorded = 0
        // Sixteen bytes at a time while a whole block is left. The block's separators and its
        // other bytes of note (terminator, newline) are found at once; the first terminator
        // ends the segment, and the separators before it are taken from their bits, without
        // reading their bytes again (a byte at a time took about twelve instructions a byte,
        // the largest part of reading a file; a loop over every byte of note, about twenty a
        // separator).
        if let base = bytes.baseAddress {
            let terminators = SIMD16<UInt8>(repeating: terminator), separatorBytes = SIMD16<UInt8>(repeating: separator)
            let newlines = SIMD16<UInt8>(repeating: UInt8(ascii: "\n"))
            while i + 16 <= end {
                let block = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let isSeparator = block .== separatorBytes
                var separatorBits = X12Scanner.bits(isSeparator)
                // A separator byte is a separator even when it is a newline (a newline element
                // separator does not start a line).
                var others = X12Scanner.bits(block .== terminators .| block .== newlines) & ~separatorBits
                var stop = 16
                while others != 0 {
                    let k = others.trailingZeroBitCount
                    if base.load(fromByteOffset: i &+ k, as: UInt8.self) == terminator {
                        stop = k
                        break
                    }
                    line += 1
                    lineStart = i &+ k &+ 1
                    others &= others &- 1
                }
                if stop < 16 { separatorBits &= UInt16(truncatingIfNeeded: (1 << stop) &- 1) }
                while separatorBits != 0 {
                    let j = i &+ separatorBits.trailingZeroBitCount
                    if separators < X12Segment.recordedSeparators, j &- start <= Int(UInt16.max) {
                        X12Scanner.set(&segment.elementEnds, separators, to: j &- start)
                        recorded = separators &+ 1
                    }
                    separators &+= 1
                    separatorBits &= separatorBits &- 1
                }
                // The byte loop below stops at the terminator.
                i &+= stop
                if stop < 16 { break }
            }
        }
        while i < end {
            let b = bytes[i]
            if b == terminator { break }
            if b == separator {
                if separators < X12Segment.recordedSeparators, i - start <= Int(UInt16.max) {
                    X12Scanner.set(&segment.elementEnds, separators, to: i - start)
                    recorded = separators + 1
                }
                separators += 1
            } else if b == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var segEnd = i
        if i < end {
            position = i &+ 1
            if terminator == UInt8(ascii: "\n") {
                line &+= 1
                lineStart = i &+ 1
                // A CR before a newline terminator belongs to the line ending, not the data.
                if segEnd > start, bytes[segEnd &- 1] == UInt8(ascii: "\r") { segEnd &-= 1 }
            }
        } else {
            position = end
        }
        // The lanes read below are read one at a time, as they were written.
        // A separator dropped with the CR before a newline terminator is not in the segment.
        if segEnd < i, recorded > 0, start &+ Int(segment.elementEnds[recorded &- 1]) >= segEnd { recorded &-= 1 }
        // The id ends at the first separator, found above unless it was not recorded.
        var idEnd = recorded > 0 ? start &+ Int(segment.elementEnds[0]) : start
        if recorded == 0 { while idEnd < segEnd, bytes[idEnd] != separator { idEnd &+= 1 } }
        segment.bytes = bytes
        segment.range = Range(uncheckedBounds: (start, segEnd))
        segment.ordinal = ordinal
        segment.line = segLine
        segment.column = segColumn
        segment.elementCount = separators
        segment.delimiters = d
        segment.id = X12SegmentID(bytes: bytes, range: Range(uncheckedBounds: (start, idEnd)))
        segment.setKnownEnds(recordedSeparators: recorded)
        if segEnd &- start > X12Scanner.maxSegmentLength {
            segment.problem = .tooLong
        } else if separators > X12Scanner.maxElements {
            segment.problem = .tooManyElements
        } else {
            segment.problem = nil
        }
        return true
    }

    /// Bit `k` set where lane `k` of `mask` is true (SSE2's movemask, which Swift's SIMD types
    /// do not offer): each half's high bits gathered into one byte by a multiplication.
    @inline(__always)
    static func bits(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt16 {
        let high = SIMD16<UInt8>().replacing(with: SIMD16<UInt8>(repeating: 0x80), where: mask)
        let halves = unsafeBitCast(high, to: SIMD2<UInt64>.self)
        let gather: UInt64 = 0x0002_0408_1020_4081
        let low = (halves[0] &* gather) >> 56, upper = (halves[1] &* gather) >> 56
        return UInt16(truncatingIfNeeded: low) | UInt16(truncatingIfNeeded: upper) << 8
    }

    /// Lane `lane` (below 16) of `offsets` set to `value` through memory: a vector lane chosen
    /// at run time is otherwise written by moving the whole vector through the stack.
    @inline(__always)
    static func set(_ offsets: inout SIMD16<UInt16>, _ lane: Int, to value: Int) {
        withUnsafeMutableBytes(of: &offsets) { $0.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: lane &* 2, as: UInt16.self) }
    }
}
