import Dispatch
import Foundation
import Synchronization

/// Reads one X12 file on several threads, with the same claims, diagnostics (in the same order)
/// and counts as `X12ClaimReader.read(_:file:onClaim:)` reading it alone.
///
/// 1. A pre-scan (`cuts`) walks the segments with `memchr` on each interchange's segment
///    terminator, looks only at envelope segments (ISA, GS, ST, SE, GE, IEA) and picks ST
///    segments about `bytes / parts` apart where a part can start: no transaction set is open
///    there, and the serial reader's state there is the one a new reader has after the ST. It
///    records the scanner's state there (segment ordinal, line, delimiters) and the open
///    interchange and group (an `X12Envelope` fed the envelope segments, so GE01 and IEA01
///    counts and control numbers come out as read serially). Past the first cut, the first
///    worker goes on with it (`CutScan`) while the others read the parts it has found.
/// 2. Each part is read by its own `X12ClaimReader` started in that state; a part stops before
///    the next part's ST without closing the envelopes, and only the last part ends the file.
/// 3. Parts are read by `threads` workers (`DispatchQueue.concurrentPerform`), at most
///    `threads + 1` parts read and not yet delivered. Claims go to `onClaim` in file order, one
///    worker at a time: the worker reading the part next in line hands its claims over as it
///    reads them; a part read ahead keeps its claims until the parts before it are delivered.
///    Memory holds the claims of the parts in flight only (parts are at most
///    `maximumPartBytes`).
/// 4. The duplicate-claim-id warning spans parts: at the end the claim ids of the parts are
///    merged in file order; a part that holds an id first read in an earlier part is read again
///    knowing those ids, so its warnings (and their order) are the serial reader's.
///
/// When the pre-scan cannot cut exactly (a bad ISA, a newline as element separator, an envelope
/// segment that is too long...), the rest of the file after the last safe cut is one part.
public enum X12ParallelReader {
    /// Parts smaller than this are not worth a thread: a file of at most this is read serially.
    public static let defaultMinimumPartBytes = 1 << 20
    /// Larger files are cut in more parts than asked, so that the claims of the parts in flight
    /// (a few per thread) stay a bounded amount of memory. A claim read takes about 1.4 KB, so
    /// three 4 MB parts of an 837P held about 65 MB: with 1 MB parts a 5M-line check with the
    /// full CMS tables peaked at 337–341 MB instead of 403–419 MB, in the same time.
    public static let maximumPartBytes = 1 << 20

    /// The bytes between part starts for a file of `total` bytes cut in up to `parts` parts (of
    /// any format): at least `minimum`, else at most `maximumPartBytes`.
    static func partBytes(total: Int, parts: Int, minimum: Int) -> Int {
        max(1, minimum, min(total / max(parts, 1), maximumPartBytes))
    }

    /// Where a part starts: an ST segment, with the scanner's and the envelope's state there.
    struct Cut: Sendable {
        /// Byte offset of the ST.
        var offset: Int
        /// Segments before the ST.
        var ordinal: Int
        var line: Int
        var lineStart: Int
        var delimiters: X12Delimiters
        var lastISALength: Int?
        /// The envelope before the ST: its interchange and group (no transaction is open).
        var envelope: X12Envelope
    }

    /// The ST segments where parts start (none: one part, the whole file), about
    /// `max(minimumPartBytes, bytes.count / parts)` bytes apart, at most `maximumPartBytes`
    /// (unless the minimum is larger). `releaseStep`: `bytes` is a private read-only file mapping
    /// the caller owns, whose pages the scan releases behind it in steps of that many bytes, so
    /// that it does not leave the whole file resident before the parts are read.
    static func cuts(_ bytes: UnsafeRawBufferPointer, file: String, parts: Int, minimumPartBytes: Int, releaseStep: Int? = nil) -> [Cut] {
        var scan = CutScan(bytes, file: file, parts: parts, minimumPartBytes: minimumPartBytes, releaseStep: releaseStep)
        var cuts: [Cut] = []
        while let cut = scan.next() { cuts.append(cut) }
        return cuts
    }

    /// The pre-scan of `cuts(_:file:parts:minimumPartBytes:releaseStep:)`, one cut at a time,
    /// so that parts are read while it goes on (`read`).
    struct CutScan {
        let bytes: UnsafeRawBufferPointer
        private let size: Int
        private var position = 0
        private var ordinal = 0
        private var delimiters: X12Delimiters?
        private var lastISALength: Int?
        private var envelope: X12Envelope
        private var lines: LineCounter
        private var nextCut: Int
        /// No cut comes after: the end, or a place the scan cannot cut exactly from.
        private var done = false

        init(_ bytes: UnsafeRawBufferPointer, file: String, parts: Int, minimumPartBytes: Int, releaseStep: Int? = nil) {
            self.bytes = bytes
            let end = bytes.count
            size = X12ParallelReader.partBytes(total: end, parts: parts, minimum: minimumPartBytes)
            envelope = X12Envelope(file: file)
            if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            lines = LineCounter(bytes: bytes, start: position, releaseStep: releaseStep)
            nextCut = size
            done = parts <= 1 || end == 0 || bytes.baseAddress == nil || end <= size
        }

        /// The next cut, nil when there are no more.
        mutating func next() -> Cut? {
            guard !done, let base = bytes.baseAddress else { return nil }
            let end = bytes.count
            let p = base.assumingMemoryBound(to: UInt8.self)
            while true {
                // `position` is where a segment may start (after a terminator). Segments that cannot
                // be envelope segments are jumped over, counted by their terminators.
                if let d = delimiters, X12ParallelReader.searchesEnvelope(terminator: d.segment) {
                    let next = X12ParallelReader.nextEnvelopeStart(p, from: position, end: end, terminator: d.segment)
                    ordinal += LineCounter.count(d.segment, in: UnsafeRawBufferPointer(rebasing: bytes[position..<next]))
                    position = next
                }
                // Skip CR, LF, NUL, SUB, space and tab between segments, as the scanner does.
                while position < end {
                    guard X12ParallelReader.isBetweenSegments(p[position]) else { break }
                    position += 1
                }
                guard position < end else { return stop() }
                let start = position
                ordinal += 1
                var isISA = false
                if end - start > 3, p[start] == UInt8(ascii: "I"), p[start + 1] == UInt8(ascii: "S"), p[start + 2] == UInt8(ascii: "A"),
                   !X12Delimiters.isText(p[start + 3]) {
                    guard case .success(let (d, terminatorAt)) = X12Delimiters.read(isaAt: start, in: bytes),
                          // With a newline as element separator the scanner does not count the
                          // newlines inside segments as lines: not cut from here on.
                          d.element != 0x0A
                    else { return stop() }
                    delimiters = d
                    let length = terminatorAt + 1 - start
                    lastISALength = length == X12Delimiters.isaLength ? nil : length
                    isISA = true
                }
                guard let d = delimiters else { return stop() }
                let terminatorAt: Int
                if let t = memchr(base + start, Int32(d.segment), end - start) {
                    terminatorAt = base.distance(to: UnsafeRawPointer(t))
                    position = terminatorAt + 1
                } else {
                    terminatorAt = end
                    position = end
                }
                // Only envelope segments matter: ISA, IEA, GS, GE, ST and SE (ids are upper case), so
                // the first two bytes set aside nearly every other segment (SV1 and SBR among them)
                // before its id is read.
                guard isISA || terminatorAt - start >= 2 else { continue }
                let pair = UInt16(p[start]) << 8 | UInt16(p[start + 1])
                guard isISA || pair == 0x4953 || pair == 0x4945 || pair == 0x4753 || pair == 0x4745 || pair == 0x5354 || pair == 0x5345 else { continue }
                var segmentEnd = terminatorAt
                if terminatorAt < end, d.segment == 0x0A, segmentEnd > start, p[segmentEnd - 1] == 0x0D { segmentEnd -= 1 }
                var idEnd = start
                while idEnd < segmentEnd, idEnd - start < 4, p[idEnd] != d.element { idEnd += 1 }
                guard let id = X12SegmentID(bytes: bytes, range: start..<idEnd),
                      id == .st || id == .se || id == .gs || id == .ge || id == .isa || id == .iea
                else { continue }

                // The line and column of the segment, as the scanner counts them.
                lines.advance(to: start)
                let (line, lineStart) = (lines.line, lines.lineStart)

                // The element separators as the scanner records them (see `X12Scanner.next`).
                var separators = 0
                var offsets = SIMD16<UInt16>()
                var recorded = 0
                for i in start..<terminatorAt where p[i] == d.element {
                    if separators < X12Segment.recordedSeparators, i - start <= Int(UInt16.max) {
                        offsets[separators] = UInt16(truncatingIfNeeded: i - start)
                        recorded = separators + 1
                    }
                    separators &+= 1
                }
                let range = start..<segmentEnd
                if recorded > 0, start + Int(offsets[recorded - 1]) >= segmentEnd { recorded -= 1 }
                var segment = X12Segment(
                    bytes: bytes, range: range, ordinal: ordinal, line: line, column: start - lineStart + 1, elementCount: separators,
                    separatorOffsets: offsets, delimiters: d, id: id, recordedSeparators: UInt8(truncatingIfNeeded: recorded))
                if range.count > X12Scanner.maxSegmentLength {
                    segment.problem = .tooLong
                } else if separators > X12Scanner.maxElements {
                    segment.problem = .tooManyElements
                }
                // The reader skips what it does with a segment that has a problem (a claim may stay
                // open past its SE, an ST may keep the last transaction's loops): not cut from here on.
                guard segment.problem == nil else { return stop() }
                let before = envelope
                let step = envelope.step(segment)
                if !envelope.diagnostics.isEmpty { _ = envelope.takeDiagnostics() }
                envelope.aborted = false
                // A part starts at an 837 ST outside any transaction set: the reader sets the
                // transaction's kind and starts its loops there, as a new reader does.
                if id == .st, start >= nextCut, !before.inTransaction, case .begin = step {
                    nextCut = start + size
                    if end - start <= size { done = true }
                    return Cut(
                        offset: start, ordinal: ordinal - 1, line: line, lineStart: lineStart, delimiters: d,
                        lastISALength: lastISALength, envelope: before)
                }
            }
        }

        private mutating func stop() -> Cut? {
            done = true
            return nil
        }
    }

    /// CR, LF, NUL, SUB, space and tab: what the scanner skips between segments.
    @inline(__always)
    static func isBetweenSegments(_ b: UInt8) -> Bool {
        b == 0x0A || b == 0x0D || b == 0 || b == 0x1A || b == 0x20 || b == 0x09
    }

    /// Whether the pre-scan may search for envelope segments with this segment terminator:
    /// when it is neither text nor a byte skipped between segments, each terminator ends
    /// exactly one segment (an empty one too), as the scanner counts them.
    static func searchesEnvelope(terminator: UInt8) -> Bool {
        !X12Delimiters.isText(terminator) && !isBetweenSegments(terminator)
    }

    /// The first segment start at or after `start` (itself a segment start: after a
    /// terminator, or the file's start) whose first two bytes may begin ISA, IEA, GS, GE, ST or
    /// SE, searched sixteen bytes at a time (I, G or S followed by S, E or T); a segment starts
    /// where only bytes skipped between segments lie between it and a terminator. Near the end
    /// of `p` (fewer than 17 bytes to search), the segment start after the last terminator
    /// searched, for the segment-by-segment scan to go on from.
    static func nextEnvelopeStart(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, terminator: UInt8) -> Int {
        let raw = UnsafeRawPointer(p)
        let i1 = SIMD16<UInt8>(repeating: UInt8(ascii: "I")), g = SIMD16<UInt8>(repeating: UInt8(ascii: "G"))
        let s = SIMD16<UInt8>(repeating: UInt8(ascii: "S")), e = SIMD16<UInt8>(repeating: UInt8(ascii: "E"))
        let t = SIMD16<UInt8>(repeating: UInt8(ascii: "T"))
        var i = start
        while i + 17 <= end {
            let first = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let second = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
            let candidates = (first .== i1 .| first .== g .| first .== s) .& (second .== s .| second .== e .| second .== t)
            if any(candidates) {
                for k in 0..<16 where candidates[k] {
                    var before = i + k - 1
                    while before >= start, isBetweenSegments(p[before]) { before -= 1 }
                    if before < start || p[before] == terminator { return i + k }
                }
            }
            i += 16
        }
        var last = i - 1
        while last >= start, p[last] != terminator { last -= 1 }
        return last >= start ? last + 1 : start
    }

    /// What a part's reader returns.
    struct Part: Sendable {
        var result: ReadResult
        /// The claim ids of the part with the segment of their first claim (and the ids given).
        var claimIDs: [X12ClaimIDs.Entry]
        var failure: InputError?
        /// The claims were handed over as they were read (the part was next in line).
        var streamed = false
        /// Claims read before those of `result`, in arrays (`heldClaims`), while the part was
        /// read ahead.
        var held: [[Claim]] = []
    }

    /// Reads the part from `cut` (nil: the file's start) to `end` (nil: the file's end).
    /// `becomeNext` says (once) when the parts before are all delivered and this part may hand
    /// its claims to `handOver` as they are read rather than keep them, in arrays of `every`
    /// claims (the last may hold fewer). `spares`: arrays for the claims read (`ClaimRecycling`),
    /// left with those of the part's reader.
    static func readPart(
        _ bytes: UnsafeRawBufferPointer, file: String, from cut: Cut?, to end: Int?,
        knownIDs: [X12ClaimIDs.Entry] = [], idSeed: UInt64, keepClaims: Bool = true,
        becomeNext: (() -> Bool)? = nil, every: Int = 1, handOver: ([Claim]) -> Void = { _ in }, recycling: ClaimRecycling = .none,
        listsUnreadableClaims: Bool = true, spares: inout SpareArrays
    ) -> Part {
        let file = file.withOwnStorage
        var scanner: X12Scanner
        var reader: X12ClaimReader
        let partBytes = (end ?? bytes.count) - (cut?.offset ?? 0)
        let room = becomeNext == nil ? Int.max : X12ParallelReader.heldClaims
        if let cut {
            scanner = X12Scanner(
                bytes: bytes, position: cut.offset, line: cut.line, lineStart: cut.lineStart, ordinal: cut.ordinal,
                delimiters: cut.delimiters, lastISALength: cut.lastISALength)
            reader = X12ClaimReader(file: file, envelope: cut.envelope, claimIDs: knownIDs, in: bytes, partBytes: partBytes, idSeed: idSeed, claimRoom: room)
        } else {
            scanner = X12Scanner(bytes: bytes)
            reader = X12ClaimReader(file: file, envelope: X12Envelope(file: file), claimIDs: knownIDs, in: bytes, partBytes: partBytes, idSeed: idSeed, claimRoom: room)
        }
        reader.recycling = recycling
        reader.listsUnreadableClaims = listsUnreadableClaims
        // Swapped, not copied: arrays referenced twice would be copied to be changed.
        swap(&reader.spares, &spares)
        defer { swap(&reader.spares, &spares) }
        var segments = cut?.ordinal ?? 0
        var streaming = false
        // While the part is not next, its claims are held in arrays of `heldClaims`, below the
        // size the C library maps on its own (`Checker.mapLargeAllocations`): one array of the
        // whole part was mapped, its pages faulted in one by one, and unmapped once delivered,
        // at every part.
        var held: [[Claim]] = [], heldCount = 0
        // Asked again once a claim more is read, not at every segment: each call of
        // `becomeNext` retains and releases what it captures.
        var askAt = every
        // The reader's claim count at which something is due (an array to hand over or to
        // hold, or the question), so that most segments cost one comparison here.
        var dueAt = becomeNext == nil ? Int.max : min(every, X12ParallelReader.heldClaims)
        do {
            var s = X12Segment.none(in: bytes)
            while try scanner.next(into: &s) {
                if let end, s.range.lowerBound >= end { break }
                segments += 1
                reader.consume(s, isaLength: scanner.lastISALength)
                guard reader.claimCount >= dueAt else { continue }
                if streaming {
                    reader.handOverClaims(handOver, room: every)
                    continue
                }
                if reader.claimCount >= X12ParallelReader.heldClaims {
                    heldCount += reader.claimCount
                    held.append(reader.takeClaims(room: X12ParallelReader.heldClaims))
                }
                if heldCount + reader.claimCount >= askAt {
                    if becomeNext!() {
                        // The held arrays first, each through the reader, which takes back
                        // their claims' arrays as it does those of the claims it hands over.
                        streaming = true
                        held.append(reader.takeClaims(room: every))
                        for k in held.indices where !held[k].isEmpty { reader.handOver(held: &held[k], handOver, room: every) }
                        held = []
                        dueAt = every
                        continue
                    }
                    askAt = heldCount + reader.claimCount + 1
                }
                dueAt = min(X12ParallelReader.heldClaims, askAt - heldCount)
            }
        } catch {
            let d = X12ClaimReader.badHeader(error, file: file, atStart: segments == 0)
            if segments == 0 {
                return Part(result: ReadResult(), claimIDs: [], failure: InputError(d))
            }
            reader.append(d)
        }
        // A part other than the last ends before an ST with no transaction set open: the
        // interchange and group go on in the next part, which reports them.
        if end == nil { reader.finish() }
        if streaming, reader.hasClaims { reader.handOverClaims(handOver, room: every) }
        let claims = reader.takeClaims()
        var result = reader.result
        if keepClaims { result.claims = claims } else { held = [] }
        return Part(result: result, claimIDs: reader.claimIDTable, failure: nil, streamed: streaming, held: held)
    }

    /// How many arrays of each kind a worker keeps for the claims it reads next: one for each
    /// claim of a whole part, at 256 bytes of an 837P a claim (the bench's). With half as many
    /// (the room of a reader that hands over 2,048 claims at a time) a part read ahead on two
    /// threads still made about half its claims' arrays anew: 1.1% of a check's instructions
    /// saved, not 3.3%.
    static let spareRoom = maximumPartBytes / 256

    /// How many claims a part read ahead holds in one array: about 112 KiB of them.
    static let heldClaims = max(16, (112 << 10) / MemoryLayout<Claim>.stride)

    /// Reads `bytes` in up to `parts` parts of at least `minimumPartBytes` on `threads` threads
    /// (default: the active processors), handing claims to `onClaim` in file order, one call at
    /// a time but from the reading threads (nil: the result holds them). The result is the
    /// serial reader's. `releaseBehind`: `bytes` is a private read-only file mapping the caller
    /// owns, whose pages before the next part to deliver may be released (see `X12FileMapping`).
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, parts: Int, minimumPartBytes: Int = defaultMinimumPartBytes,
        threads: Int? = nil, releaseBehind: Bool = false, listsUnreadableClaims: Bool = true, onClaim: ((Claim) -> Void)?
    ) -> Result<ReadResult, InputError> {
        read(
            bytes, file: file, parts: parts, minimumPartBytes: minimumPartBytes, threads: threads, releaseBehind: releaseBehind,
            onClaims: onClaim.map { onClaim in { X12ClaimReader.lend($0, to: onClaim) } }, every: 1, listsUnreadableClaims: listsUnreadableClaims)
    }

    /// Reads `bytes` like `read(_:file:parts:minimumPartBytes:threads:releaseBehind:onClaim:)`,
    /// moving the claims to `onClaims` in arrays (none is copied on its way): of `every` claims
    /// while a part is read as the next to deliver (the last of the part may hold fewer), and
    /// a part read ahead whole. `recycling`: the arrays of the claims handed over while a part
    /// is read that `onClaims` does not keep (`ClaimRecycling`). `listsUnreadableClaims`:
    /// `ReadResult.listsUnreadableClaims`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, parts: Int, minimumPartBytes: Int = defaultMinimumPartBytes,
        threads: Int? = nil, releaseBehind: Bool = false, onClaims: (([Claim]) -> Void)?, every: Int, recycling: ClaimRecycling = .none,
        listsUnreadableClaims: Bool = true
    ) -> Result<ReadResult, InputError> {
        let releaseStep = releaseBehind ? X12FileMapping.releaseStep : nil
        var scan = CutScan(bytes, file: file, parts: parts, minimumPartBytes: minimumPartBytes, releaseStep: releaseStep)
        guard let first = scan.next() else {
            return X12ClaimReader.read(
                bytes, file: file, onClaims: onClaims, every: every, releaseBehind: releaseStep, recycling: recycling, listsUnreadableClaims: listsUnreadableClaims)
        }
        // The rest of the pre-scan runs while the first parts are read: on one core it took
        // about 0.1 s of a 1M-line file's 2 s, with the other cores waiting.
        let cuts = CutList(first: first, scan: scan)
        let estimate = bytes.count / partBytes(total: bytes.count, parts: parts, minimum: minimumPartBytes) + 1
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, estimate))
        let run = PartRun<Part>(bytes: bytes, starts: [0, first.offset], window: workers + 1, releasePages: releaseBehind, complete: false)
        let merge = Merge(capacity: bytes.count / 256, keepClaims: onClaims == nil, bytes: bytes)
        // Each worker reads the next part; the one that completes the next part to deliver
        // hands it (and the following ones that are ready) over, one worker at a time. The
        // first worker finds the other cuts first (iterations start in order, so it is running
        // whenever another waits for a cut).
        let deliver = Deliver(onClaims: onClaims ?? { _ in }, merge: merge, recycling: recycling, room: spareRoom)
        // Each worker's spare arrays go from part to part, with those of the parts it delivers:
        // the claims of a part read ahead (about half of them on two threads) were otherwise
        // destroyed once delivered, and the next part's arrays made anew, and each part's
        // reader freed its spares at its end (3.3% of a check's instructions in all).
        let spares = (0..<workers).map { _ in WorkerSpares() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            if worker == 0 { cuts.scanRest(publishingTo: run) }
            let mine = spares[worker]
            run.work(
                read: { k, becomeNext in
                    let bounds = run.bounds(of: k)
                    let part = withoutActuallyEscaping(becomeNext) { becomeNext in
                        readPart(
                            run.bytes, file: file, from: k == 0 ? nil : cuts[k - 1], to: bounds.isLast ? nil : bounds.end,
                            idSeed: merge.idSeed, becomeNext: becomeNext, every: every, handOver: deliver.claims, recycling: recycling,
                            listsUnreadableClaims: listsUnreadableClaims, spares: &mine.arrays)
                    }
                    return (part, part.streamed)
                },
                deliver: { k, part in
                    deliver(k, &part, spares: &mine.arrays)
                    return k + 1
                })
        }
        if let failure = merge.failure { return .failure(failure) }
        var total = merge.total
        var diagnostics = merge.diagnostics
        let earlier = merge.earlier

        // Parts holding ids of earlier parts are read again knowing them: their
        // x12.duplicate-claim-id warnings (and where they fall among the others) as serially.
        let again = earlier.keys.sorted()
        if !again.isEmpty {
            let reread = Reread(count: again.count)
            let cuts = cuts.all
            DispatchQueue.concurrentPerform(iterations: again.count) { i in
                let k = again[i]
                var none = SpareArrays()
                let part = readPart(
                    run.bytes, file: file, from: cuts[k - 1], to: k < cuts.count ? cuts[k].offset : nil,
                    knownIDs: earlier[k]!, idSeed: merge.idSeed, keepClaims: false, listsUnreadableClaims: false, spares: &none)
                reread.set(i, PartDiagnostics(part.result))
            }
            for (i, k) in again.enumerated() { diagnostics[k] = reread.diagnostics[i] }
        }
        total.diagnostics.reserveCapacity(diagnostics.reduce(0) { $0 + $1.listed.count })
        var claimsBefore = 0
        for d in diagnostics {
            total.addDiagnostics(d.listed, unlisted: d.unlisted, claimsBefore: claimsBefore)
            claimsBefore += d.claims
        }
        return .success(total)
    }

    /// Hands claims to the caller's `onClaim` and merges the rest; called by one worker at a
    /// time (the lock of `Run` orders the calls).
    private struct Deliver: @unchecked Sendable {
        let onClaims: ([Claim]) -> Void
        let merge: Merge
        let recycling: ClaimRecycling
        /// How many arrays of each kind a worker keeps.
        let room: Int

        /// The claims of a part read ahead (`held`, then `result`), then the rest of the part;
        /// the claims' arrays that `recycling` allows are taken back into `spares`.
        func callAsFunction(_ k: Int, _ part: inout Part, spares: inout SpareArrays) {
            for i in part.held.indices {
                claims(part.held[i])
                if recycling != .none { spares.takeBack(from: &part.held[i], recycling, room: room) }
            }
            if !part.result.claims.isEmpty {
                claims(part.result.claims)
                if recycling != .none { spares.takeBack(from: &part.result.claims, recycling, room: room) }
            }
            merge.add(k, part)
        }

        func claims(_ c: [Claim]) {
            if merge.keepClaims { merge.total.claims += c } else { onClaims(c) }
        }
    }

    /// The parts' results merged in file order.
    private final class Merge: @unchecked Sendable {
        let keepClaims: Bool
        var total = ReadResult()
        var diagnostics: [PartDiagnostics]
        /// Each claim id with the segment of its first claim, over the parts merged.
        var firstIDs: X12ClaimIDs
        /// For each part, the ids it holds that an earlier part holds first, with that segment.
        var earlier: [Int: [X12ClaimIDs.Entry]] = [:]
        /// The file's bytes, where the ids of every part are.
        let bytes: UnsafeRawBufferPointer
        /// The seed every part's id table hashes with, so that merging them hashes no id again.
        let idSeed = UInt64.random(in: 0...UInt64.max)
        var failure: InputError?
        let capacity: Int

        init(capacity: Int, keepClaims: Bool, bytes: UnsafeRawBufferPointer) {
            diagnostics = []
            self.capacity = capacity
            self.keepClaims = keepClaims
            self.bytes = bytes
            total.parts = 0
            // Grown as ids come (growing reads no id again): not sized for the whole file up
            // front, which would make its memory resident before the first claim.
            firstIDs = X12ClaimIDs(seed: idSeed)
        }

        func add(_ k: Int, _ part: Part) {
            if let f = part.failure {
                // Only a read that fails at the file's first segment fails, and then there are no cuts.
                failure = f
                return
            }
            let r = part.result
            // Parts come in order, as their cuts are found.
            if k >= diagnostics.count { diagnostics += Array(repeating: PartDiagnostics(), count: k + 1 - diagnostics.count) }
            diagnostics[k] = PartDiagnostics(r)
            total.addCounts(of: r)
            // The table is reached once for the part, not once per id (each access to a class's
            // property is checked for exclusivity at run time).
            let repeated = firstIDs.recordAll(part.claimIDs, in: bytes)
            if !repeated.isEmpty { earlier[k] = repeated }
        }
    }

    /// The cuts found so far, while the pre-scan goes on (`read`): the first worker scans the
    /// rest, the others read the cuts found.
    private final class CutList: @unchecked Sendable {
        private let lock = NSLock()
        private var cuts: [Cut]
        /// Used by the worker that scans only.
        private var scan: CutScan

        init(first: Cut, scan: CutScan) {
            cuts = [first]
            self.scan = scan
        }

        subscript(k: Int) -> Cut {
            lock.lock()
            defer { lock.unlock() }
            return cuts[k]
        }

        /// Every cut, once the scan is over.
        var all: [Cut] {
            lock.lock()
            defer { lock.unlock() }
            return cuts
        }

        /// Finds the other cuts, each kept before `run` learns of it, then ends `run`'s starts.
        func scanRest(publishingTo run: PartRun<Part>) {
            while let cut = scan.next() {
                lock.lock()
                cuts.append(cut)
                lock.unlock()
                run.publish(start: cut.offset)
            }
            run.finishStarts()
        }
    }

    /// A worker's spare arrays (`read`), used by that worker only.
    /// A part's diagnostics, listed and not (`ReadResult.unlisted`), kept until the parts are
    /// merged.
    struct PartDiagnostics: Sendable {
        var listed: [Diagnostic] = []
        var unlisted: [String: ReadResult.Unlisted] = [:]
        /// The part's claims, which the claim ordinals of the parts after it follow.
        var claims = 0

        init() {}

        init(_ r: ReadResult) {
            listed = r.diagnostics
            unlisted = r.unlisted
            claims = r.claimsRead
        }
    }

    private final class WorkerSpares: @unchecked Sendable {
        var arrays = SpareArrays()
    }

    private final class Reread: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var diagnostics: [PartDiagnostics]
        init(count: Int) { diagnostics = Array(repeating: PartDiagnostics(), count: count) }
        func set(_ i: Int, _ d: PartDiagnostics) {
            lock.lock()
            diagnostics[i] = d
            lock.unlock()
        }
    }
}

extension X12ClaimReader {
    /// Reads X12 content in up to `parts` parts on several threads (see `X12ParallelReader`),
    /// with the result of `read(_:file:onClaim:)`; claims go to `onClaim` in file order, one
    /// call at a time, from the reading threads. `parts` 1, or a file of at most
    /// `minimumPartBytes`, is read serially.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, parts: Int,
        minimumPartBytes: Int = X12ParallelReader.defaultMinimumPartBytes, onClaim: ((Claim) -> Void)?
    ) -> Result<ReadResult, InputError> {
        X12ParallelReader.read(bytes, file: file, parts: parts, minimumPartBytes: minimumPartBytes, onClaim: onClaim)
    }
}

extension X12ParallelReader {
    /// Reads an X12 file (memory-mapped) in up to `parts` parts on several threads, handing its
    /// claims to `onClaim` in file order (nil: the result holds them). `parts` 1 is the serial
    /// reader. For `ClaimFileReader` and the benchmark.
    public static func read(
        path: String, displayPath: String? = nil, parts: Int, minimumPartBytes: Int = defaultMinimumPartBytes,
        onClaim: ((Claim) -> Void)?
    ) throws(InputError) -> ReadResult {
        try ClaimFileReader.mapped(path: path, displayPath: displayPath) { bytes in
            read(bytes, file: displayPath ?? path, parts: parts, minimumPartBytes: minimumPartBytes, onClaim: onClaim)
        }
    }
}
