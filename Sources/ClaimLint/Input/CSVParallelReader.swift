import Foundation

/// Reads one CSV or TSV claim file on several threads, with the same claims, diagnostics (in
/// the same order) and counts as `CSVClaimReader` reading it alone.
///
/// 1. The header is read first; a pre-scan (`cuts`) then picks rows about `bytes / parts`
///    apart where a part can start: from the first line break after the target, it reads
///    records until one starts a new claim (its claim id differs from the row before's), and
///    records the line there. The row at a cut and the row before it are whole rows (as many
///    fields as the header, read without a problem), and the cut row has a claim id.
/// 2. A line break inside a quoted field cannot be told from one between rows without reading
///    from the file's start, so a cut is a guess that the part before checks: its reader must
///    end exactly at the cut, with a claim open whose id is not the cut row's. Then the serial
///    reader is at a row start there, and finishes the open claim at the cut row. Otherwise the
///    part's reader reads on through the next part to the next cut (that part's own read is
///    dropped), and so on: the result is the serial reader's whatever the cuts.
/// 3. Parts are read by `threads` workers and delivered in file order (`AssembledParts`): a
///    part holding claim ids of earlier parts (a split claim, `input.claim-split`, is not
///    checked) is read again knowing them before it is delivered.
public enum CSVParallelReader {
    /// Where a part starts: a row that starts a claim.
    struct Cut: Sendable {
        /// Byte offset of the row.
        var offset: Int
        var line: Int
        /// Byte offset of the row's line.
        var lineStart: Int
        /// The row's claim id.
        var claimID: String
    }

    /// The most records the pre-scan reads from a target for a row that starts a claim, and
    /// the most bytes: a hostile file (an unterminated quote) is not read whole for each cut.
    static let maxScanRecords = 4_096
    static let maxScanBytes = 1 << 20

    /// The rows where parts start (none: one part), about `max(minimumPartBytes, bytes.count /
    /// parts)` bytes apart, at most `X12ParallelReader.maximumPartBytes` (unless the minimum is
    /// larger). `dataStart`: the offset after the header; `delimiter` and `columns` are the
    /// file's. `releaseStep`: `bytes` is a private read-only file mapping the caller owns, whose
    /// pages the scan releases behind it in steps of that many bytes (counting lines touches
    /// every page).
    static func cuts(
        _ bytes: UnsafeRawBufferPointer, dataStart: Int, delimiter: UInt8, columns: CSVClaimReader.Columns, parts: Int, minimumPartBytes: Int,
        releaseStep: Int? = nil
    ) -> [Cut] {
        let end = bytes.count
        guard parts > 1, let base = bytes.baseAddress else { return [] }
        let size = X12ParallelReader.partBytes(total: end, parts: parts, minimum: minimumPartBytes)
        guard end - dataStart > size else { return [] }
        let p = base.assumingMemoryBound(to: UInt8.self)
        var lines = LineCounter(bytes: bytes, start: end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0, releaseStep: releaseStep)
        var cuts: [Cut] = []
        var target = dataStart + size
        while target < end {
            guard let lf = memchr(base + target, 0x0A, end - target) else { break }
            let candidate = base.distance(to: UnsafeRawPointer(lf)) + 1
            let limit = min(end, candidate + maxScanBytes)
            guard let (offset, id) = claimStart(in: UnsafeRawBufferPointer(rebasing: bytes[..<limit]), from: candidate, delimiter: delimiter, columns: columns) else {
                target = candidate + size
                continue
            }
            lines.advance(to: offset)
            cuts.append(Cut(offset: offset, line: lines.line, lineStart: lines.lineStart, claimID: id))
            target = offset + size
        }
        return cuts
    }

    /// The first row from `position` (taken as a row start) that starts a claim after a row of
    /// another claim, both whole rows and before the last record of `bytes`: its offset and
    /// claim id.
    private static func claimStart(in bytes: UnsafeRawBufferPointer, from position: Int, delimiter: UInt8, columns: CSVClaimReader.Columns) -> (Int, String)? {
        var text = DelimitedTextReader(bytes: bytes, delimiter: delimiter, position: position, line: 1, lineStart: position)
        var before: String?
        for _ in 0..<maxScanRecords {
            let start = text.offset
            guard let next = text.next(), text.offset < bytes.count else { return nil }
            guard case .success(let record) = next, record.fields.count == columns.fields.count else {
                before = nil
                continue
            }
            // As the reader reads it: Latin-1 when its bytes are not UTF-8 (as U+FFFD, two ids
            // that differ in such bytes were one, and a claim's rows were cut apart).
            let field = record.fields[columns.claimID]
            let id = (field.isUTF8 ? field.text : field.latin1Text).trimmingSpaces
            // A row without a claim id leaves the claim before open.
            if id.isEmpty { continue }
            if let before, before != id { return (start, id) }
            before = id
        }
        return nil
    }

    /// Reads part `k` (from `start`, the header's end, for the first; `cuts[k - 1]` for the
    /// others) up to the first cut from `cuts[k]` on where it ends exactly at a row that starts
    /// a claim. `assembler`: the first part's, with the header's warnings; `seen`: ids earlier
    /// parts hold.
    static func readPart(
        _ bytes: UnsafeRawBufferPointer, file: String, delimiter: UInt8, columns: CSVClaimReader.Columns, cuts: [Cut], part k: Int,
        start: Cut, assembler template: ClaimAssembler, seen: [String: Int] = [:], handover: AssembledParts.Handover? = nil
    ) -> AssembledParts.Part {
        let from = k == 0 ? start : cuts[k - 1]
        // The first part's assembler (the header's) holds the caller's text.
        let file = k == 0 ? file : file.withOwnStorage
        var text = DelimitedTextReader(bytes: bytes, delimiter: delimiter, position: from.offset, line: from.line, lineStart: from.lineStart)
        var assembler = template
        if k > 0 {
            assembler = ClaimAssembler(file: file, fieldKind: "column", seen: seen, listsUnreadableClaims: template.result.listsUnreadableClaims)
            assembler.names = template.names
            assembler.commaIsDecimalMark = template.commaIsDecimalMark
        }
        assembler.onClaim = nil
        handover?.attach(to: &assembler)
        var end = k
        while true {
            CSVClaimReader.rows(&text, columns: columns, file: file, assembler: &assembler, to: end < cuts.count ? cuts[end].offset : nil)
            guard end < cuts.count else { break }
            if text.offset == cuts[end].offset, assembler.openClaimID != cuts[end].claimID { break }
            end += 1
        }
        assembler.finishClaim()
        return AssembledParts.Part(result: assembler.result, seen: assembler.seen, following: end + 1, handover: handover)
    }

    /// Reads `bytes` in up to `parts` parts of at least `minimumPartBytes` on `threads` threads
    /// (default: the active processors), handing claims to `onClaim` in file order, one call at
    /// a time but from the reading threads (nil: the result holds them). The result is the
    /// serial reader's (`parts` 1 is the serial reader). `releaseBehind`: `bytes` is a private
    /// read-only file mapping the caller owns, whose pages behind the reader may be released
    /// (in steps of that many bytes when read in one part; before the next part to deliver
    /// otherwise). `listsUnreadableClaims`: `ReadResult.listsUnreadableClaims`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, parts: Int, minimumPartBytes: Int = X12ParallelReader.defaultMinimumPartBytes,
        threads: Int? = nil, releaseBehind: Int? = nil, listsUnreadableClaims: Bool = true, onClaim: ((Claim) -> Void)?
    ) -> Result<ReadResult, InputError> {
        let delimiter = DelimitedText.guessDelimiter(bytes.prefix(4096))
        var text = DelimitedTextReader(bytes: bytes, delimiter: delimiter)
        var first = ClaimAssembler(file: file, fieldKind: "column", listsUnreadableClaims: listsUnreadableClaims)
        // A file delimited by semicolons comes from a locale whose decimal mark is a comma:
        // charges and units are read with one, slash dates are told in doubt (once a file:
        // `ReadResult.addDiagnostics` merges the parts' warnings so).
        first.commaIsDecimalMark = delimiter == UInt8(ascii: ";")
        let columns: CSVClaimReader.Columns
        do {
            columns = try CSVClaimReader.header(&text, file: file, assembler: &first)
        } catch {
            return .failure(error)
        }
        let cuts = cuts(
            bytes, dataStart: text.offset, delimiter: delimiter, columns: columns, parts: parts, minimumPartBytes: minimumPartBytes,
            releaseStep: releaseBehind)
        guard !cuts.isEmpty else {
            first.onClaim = onClaim
            CSVClaimReader.rows(&text, columns: columns, file: file, assembler: &first, releaseBehind: releaseBehind)
            first.finishClaim()
            return .success(first.result)
        }
        // The first part starts after the header (no claim id: no reader ends there).
        let start = Cut(offset: text.offset, line: text.place.line, lineStart: text.place.lineStart, claimID: "")
        let read = AssembledParts.read(
            bytes, starts: [start.offset] + cuts.map(\.offset), first: first, threads: threads, releaseBehind: releaseBehind != nil, onClaim: onClaim
        ) { bytes, k, first, seen, handover in
            readPart(
                bytes, file: file, delimiter: delimiter, columns: columns, cuts: cuts, part: k, start: start, assembler: first, seen: seen,
                handover: handover)
        }
        return .success(read)
    }
}

extension CSVParallelReader {
    /// Reads a CSV or TSV file (memory-mapped) in up to `parts` parts on several threads,
    /// handing its claims to `onClaim` in file order (nil: the result holds them). `parts` 1 is
    /// the serial reader. For the benchmark.
    public static func read(
        path: String, displayPath: String? = nil, parts: Int, minimumPartBytes: Int = X12ParallelReader.defaultMinimumPartBytes,
        onClaim: ((Claim) -> Void)?
    ) throws(InputError) -> ReadResult {
        try ClaimFileReader.mapped(path: path, displayPath: displayPath) { bytes in
            read(bytes, file: displayPath ?? path, parts: parts, minimumPartBytes: minimumPartBytes, onClaim: onClaim)
        }
    }
}
