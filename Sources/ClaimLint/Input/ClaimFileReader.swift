import Foundation

/// The claim file formats, detected from content.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv, tsv, json, x12

    /// Detects the format from the first bytes: `{` or `[` is JSON, `ISA` is X12 (and `isa`, an
    /// 837 in lower case, which the X12 reader refuses), otherwise a delimited file whose header
    /// row says comma, tab or semicolon.
    public static func detect(_ bytes: [UInt8]) -> InputFormat {
        detect(in: bytes)
    }

    static func detect<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes) -> InputFormat where Bytes.Index == Int {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(bytes[i]) { i += 1 }
        guard i < bytes.count else { return .csv }
        if bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") { return .json }
        if bytes.count >= i + 3, bytes[i..<i + 3].elementsEqual("ISA".utf8) { return .x12 }
        // An 837 written in lower case (`isa*00*`: a separator, ISA01's two digits and the
        // separator again), read as X12 to be refused as such (as a CSV it was "the header
        // lacks the required columns").
        if bytes.count > i + 6, bytes[i..<i + 3].elementsEqual("isa".utf8), !X12Delimiters.isText(bytes[i + 3]), bytes[i + 6] == bytes[i + 3],
           bytes[i + 4] >= UInt8(ascii: "0"), bytes[i + 4] <= UInt8(ascii: "9"), bytes[i + 5] >= UInt8(ascii: "0"), bytes[i + 5] <= UInt8(ascii: "9") {
            return .x12
        }
        return DelimitedText.guessDelimiter(bytes[i..<min(bytes.count, i + 4096)]) == UInt8(ascii: "\t") ? .tsv : .csv
    }
}

/// Reads claim files of any supported format.
public enum ClaimFileReader {
    /// Reads a file from disk, or standard input for `-`; `displayPath` is how locations name it
    /// (defaults to `path`; standard input is `<stdin>`).
    public static func read(path: String, displayPath: String? = nil) throws(InputError) -> ReadResult {
        try read(path: path, displayPath: displayPath, threads: 1, handing: nil)
    }

    /// Reads a file like `read(path:displayPath:)`, handing each claim to `onClaim` as soon as it
    /// is read instead of keeping it: the returned result holds no claims, only the counts and
    /// diagnostics. An X12 or JSON file is mapped and streamed, so memory stays bounded
    /// whatever its size (a JSON file's syntax is checked whole before its claims are read); a
    /// CSV or TSV file is mapped too, and each claim is handed over once its rows are read.
    /// With `threads` over 1 a large X12, CSV or TSV file is read on that many threads
    /// (`X12ParallelReader`, `CSVParallelReader`), and a large JSON file's claims are parsed
    /// so after its syntax check; the claims still come in file order, one call at a time.
    public static func read(
        path: String, displayPath: String? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount, onClaim: (Claim) -> Void
    ) throws(InputError) -> ReadResult {
        try withoutActuallyEscaping(onClaim) { (onClaim) throws(InputError) -> ReadResult in
            try read(path: path, displayPath: displayPath, threads: threads, handing: onClaim)
        }
    }

    /// Claims moved in arrays (an 837 file's readers hand over the arrays they fill): where
    /// `read(path:displayPath:threads:handing:chunks:)` sends them, and how many an array holds.
    struct Chunks {
        var body: ([Claim]) -> Void
        var every: Int
        /// The arrays of the claims that `body` does not keep.
        var recycling = ClaimRecycling.none
        /// Whether the readers list the claims they cannot read (`ReadResult.listsUnreadableClaims`).
        var listsUnreadableClaims = true
    }

    /// `chunks`: an X12 file's claims go there instead of to `onClaim`. The diagnostics end with
    /// those of the ids over `ReadResult.perID`.
    private static func read(
        path: String, displayPath: String?, threads: Int, handing onClaim: ((Claim) -> Void)?, chunks: Chunks? = nil
    ) throws(InputError) -> ReadResult {
        var result = try readFile(path: path, displayPath: displayPath, threads: threads, handing: onClaim, chunks: chunks)
        result.listUnlisted()
        return result
    }

    private static func readFile(
        path: String, displayPath: String?, threads: Int, handing onClaim: ((Claim) -> Void)?, chunks: Chunks?
    ) throws(InputError) -> ReadResult {
        if path == "-" {
            // Standard input, as `claimlint check -` reads it.
            return try read(bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()), file: "<stdin>", onClaim: onClaim)
        }
        let name = displayPath ?? path
        let lists = chunks?.listsUnreadableClaims ?? true
        // Mapped, not read: a file is scanned in place, and the pages behind the reader are
        // released as it goes, so a file larger than memory is read with bounded memory.
        if let mapping = X12FileMapping(path: path) {
            defer { mapping.close() }
            switch try FileContent.kind(of: mapping.bytes, file: name) {
            case .text:
                if X12Wrapping.isWrapped(mapping.bytes) {
                    return try readWhole(Array(mapping.bytes), file: name, onClaim: onClaim, chunks: chunks)
                }
            case .crLineEnds:
                return try readWhole(FileContent.withLineFeeds(Array(mapping.bytes)), file: name, onClaim: onClaim, chunks: chunks)
            case .utf16(let bigEndian):
                return try readWhole(
                    FileContent.withLineFeeds(FileContent.utf8(fromUTF16: mapping.bytes, bigEndian: bigEndian)), file: name, onClaim: onClaim, chunks: chunks)
            }
            switch InputFormat.detect(in: mapping.bytes) {
            case .json:
                // Parsed in place, twice (syntax, then claims), releasing pages behind; the
                // claims of a large file on every core when they are streamed.
                return try JSONClaimReader.read(
                    mapping.bytes, file: name, onClaim: onClaim, releaseBehind: X12FileMapping.releaseStep,
                    parts: onClaim != nil && threads > 1 ? threads * 4 : 1, threads: threads, listsUnreadableClaims: lists
                ).get()
            case .csv, .tsv:
                // Cut at rows that start a claim and read on every core when claims are
                // streamed, as X12 is.
                if onClaim != nil, threads > 1 {
                    return try CSVParallelReader.read(
                        mapping.bytes, file: name, parts: threads * 4, threads: threads, releaseBehind: X12FileMapping.releaseStep, listsUnreadableClaims: lists,
                        onClaim: onClaim
                    ).get()
                }
                return try CSVClaimReader.read(mapping.bytes, file: name, onClaim: onClaim, releaseBehind: X12FileMapping.releaseStep, listsUnreadableClaims: lists).get()
            case .x12:
                // Cut at transaction sets and read on every core when claims are streamed
                // (the parts' claims come in file order; a small file is read serially).
                if let chunks {
                    return try X12ParallelReader.read(
                        mapping.bytes, file: name, parts: threads > 1 ? threads * 4 : 1, threads: threads, releaseBehind: true,
                        onClaims: chunks.body, every: chunks.every, recycling: chunks.recycling, listsUnreadableClaims: lists
                    ).get()
                }
                if onClaim != nil, threads > 1 {
                    return try X12ParallelReader.read(
                        mapping.bytes, file: name, parts: threads * 4, threads: threads, releaseBehind: true, listsUnreadableClaims: lists, onClaim: onClaim
                    ).get()
                }
                return try X12ClaimReader.read(mapping.bytes, file: name, onClaim: onClaim, releaseBehind: X12FileMapping.releaseStep, listsUnreadableClaims: lists).get()
            }
        }
        // Not a regular file that can be mapped (a named pipe, an empty file, a folder, no
        // file...): read to its end through one descriptor, or say what is wrong.
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        guard exists, !isDir.boolValue, let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw InputError(Diagnostic(
                id: "input.unreadable", severity: .error,
                message: exists ? (isDir.boolValue ? "is a folder, not a claim file" : "cannot be read (permissions?)") : "no such file",
                location: SourceLocation(file: name, line: 0, column: 0)))
        }
        try? handle.close()
        return try readWhole(FileContent.text(of: [UInt8](data), file: name), file: name, onClaim: onClaim, chunks: chunks)
    }

    /// Reads text held whole in memory (a pipe's, decoded from UTF-16, given line feeds for its
    /// CR line ends, or X12 in wrapped records, which is unwrapped first), an X12 file's claims
    /// to `chunks` when given.
    private static func readWhole(_ bytes: consuming [UInt8], file: String, onClaim: ((Claim) -> Void)?, chunks: Chunks?) throws(InputError) -> ReadResult {
        var bytes = consume bytes
        guard X12Wrapping.isWrapped(bytes) else {
            if let chunks, InputFormat.detect(bytes) == .x12 {
                return try bytes.withUnsafeBytes {
                    X12ClaimReader.read(
                        $0, file: file, onClaims: chunks.body, every: chunks.every, recycling: chunks.recycling, listsUnreadableClaims: chunks.listsUnreadableClaims)
                }.get()
            }
            return try readText(bytes, file: file, onClaim: onClaim, listsUnreadableClaims: chunks?.listsUnreadableClaims ?? true)
        }
        // The reader's locations are the unwrapped text's: each claim's is moved to the file's
        // bytes as it is handed over (one at a time, not in the readers' arrays), the rest's
        // once read.
        var map = X12Wrapping.FileMap()
        bytes = X12Wrapping.unwrapped(bytes, map: &map)
        let placed = map
        var result = try readText(
            bytes, file: file, onClaim: onClaim.map { onClaim in { onClaim(placed.placing($0)) } }, listsUnreadableClaims: chunks?.listsUnreadableClaims ?? true)
        map.place(&result)
        result.diagnostics.insert(X12Wrapping.note(file: file), at: 0)
        return result
    }

    /// Reads claim file content; `file` names it in locations.
    public static func read(bytes: [UInt8], file: String) throws(InputError) -> ReadResult {
        try read(bytes: bytes, file: file, onClaim: nil)
    }

    /// Hands each claim over as soon as it is read (a JSON file's syntax is checked whole
    /// first).
    private static func read(bytes: [UInt8], file: String, onClaim: ((Claim) -> Void)?) throws(InputError) -> ReadResult {
        var result = try readBytes(bytes, file: file, onClaim: onClaim)
        result.listUnlisted()
        return result
    }

    private static func readBytes(_ bytes: [UInt8], file: String, onClaim: ((Claim) -> Void)?) throws(InputError) -> ReadResult {
        try readWhole(FileContent.text(of: bytes, file: file), file: file, onClaim: onClaim, chunks: nil)
    }

    private static func readText(_ bytes: [UInt8], file: String, onClaim: ((Claim) -> Void)?, listsUnreadableClaims: Bool) throws(InputError) -> ReadResult {
        let format = InputFormat.detect(bytes)
        return try bytes.withUnsafeBytes { b in
            switch format {
            case .json: JSONClaimReader.read(b, file: file, onClaim: onClaim, listsUnreadableClaims: listsUnreadableClaims)
            case .csv, .tsv: CSVClaimReader.read(b, file: file, onClaim: onClaim, listsUnreadableClaims: listsUnreadableClaims)
            case .x12: X12ClaimReader.read(b, file: file, onClaim: onClaim, listsUnreadableClaims: listsUnreadableClaims)
            }
        }.get()
    }
}

extension ClaimFileReader {
    /// Claims per part handed to `read(path:displayPath:parts:)`'s `body`.
    public static let partSize = 2_048

    /// Reads a file like `read(path:displayPath:onClaim:)`, handing its claims to `body` in file
    /// order in parts of up to `partSize` claims as the file is read, so that only a part of
    /// its claims is in memory at a time. The result holds no claims.
    public static func read(
        path: String, displayPath: String? = nil, partSize: Int = partSize, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        parts body: ([Claim]) -> Void
    ) throws(InputError) -> ReadResult {
        var part: [Claim] = []
        part.reserveCapacity(partSize)
        let result = try read(path: path, displayPath: displayPath, threads: threads) { claim in
            part.append(claim)
            if part.count == partSize {
                body(part)
                part = []
                part.reserveCapacity(partSize)
            }
        }
        if !part.isEmpty { body(part) }
        return result
    }

    /// Reads a file like `read(path:displayPath:partSize:threads:parts:)`, but an X12 file's
    /// claims come in the arrays its readers fill (`partSize` claims while the part of the file
    /// next in line is read, all of a part read ahead), moved rather than copied one by one
    /// into parts. Other formats' claims come in parts of `partSize`. `recycling`: the arrays of
    /// the claims that `body` does not keep once it returns, which the X12 readers may take back
    /// for the claims they read next (`ClaimRecycling`). `listsUnreadableClaims` false leaves
    /// `ReadResult.unreadableClaims` empty (they are still counted).
    static func read(
        path: String, displayPath: String?, partSize: Int, threads: Int, recycling: ClaimRecycling = .none, listsUnreadableClaims: Bool = true,
        chunks body: ([Claim]) -> Void
    ) throws(InputError) -> ReadResult {
        var part: [Claim] = []
        let result = try withoutActuallyEscaping(body) { (body) throws(InputError) -> ReadResult in
            try read(
                path: path, displayPath: displayPath, threads: threads,
                handing: { claim in
                    if part.isEmpty { part.reserveCapacity(partSize) }
                    part.append(claim)
                    if part.count == partSize {
                        body(part)
                        part = []
                    }
                },
                chunks: Chunks(body: body, every: partSize, recycling: recycling, listsUnreadableClaims: listsUnreadableClaims))
        }
        if !part.isEmpty { body(part) }
        return result
    }
}

extension ClaimFileReader {
    /// Reads the file at `path` with `read` over its bytes, memory-mapped (the parallel readers'
    /// `read(path:...)`); `input.unreadable` when it cannot be mapped.
    static func mapped(
        path: String, displayPath: String?, _ read: (UnsafeRawBufferPointer) -> Result<ReadResult, InputError>
    ) throws(InputError) -> ReadResult {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw InputError(Diagnostic(
                id: "input.unreadable", severity: .error, message: "cannot be read",
                location: SourceLocation(file: displayPath ?? path, line: 0, column: 0)))
        }
        return try data.withUnsafeBytes(read).get()
    }
}
