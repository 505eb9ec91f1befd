/// The line and line start of offsets a pre-scan reaches in a file (the X12 and CSV parallel
/// readers' cuts), counted as the readers count them: `line` is 1 plus the newlines before the
/// offset, `lineStart` the byte after the last of them (or `start`, after a byte order mark).
struct LineCounter {
    private let bytes: UnsafeRawBufferPointer
    private let releaseStep: Int?
    private(set) var line = 1
    private(set) var lineStart: Int
    private var counted: Int
    private var released = 0

    /// `releaseStep`: `bytes` is a private read-only file mapping the caller owns, whose pages
    /// before the offsets reached are released in steps of that many bytes (counting lines
    /// touches every page).
    init(bytes: UnsafeRawBufferPointer, start: Int, releaseStep: Int?) {
        self.bytes = bytes
        self.releaseStep = releaseStep
        lineStart = start
        counted = start
    }

    /// Counts the lines up to `offset`, at or after the last offset reached.
    mutating func advance(to offset: Int) {
        var newlines = 0
        for i in counted..<offset where bytes[i] == 0x0A { newlines &+= 1 }
        if newlines > 0 {
            line += newlines
            var last = offset - 1
            while bytes[last] != 0x0A { last -= 1 }
            lineStart = last + 1
        }
        counted = offset
        if let step = releaseStep, counted - released >= step {
            released = X12FileMapping.releasePages(of: bytes, from: released, upTo: counted)
        }
    }
}
