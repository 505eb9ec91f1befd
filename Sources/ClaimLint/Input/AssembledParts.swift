import Dispatch
import Foundation

/// The parts of a CSV or JSON claim file, each read on a worker by its own `ClaimAssembler`,
/// merged in file order into the result of one assembler reading the whole file
/// (`CSVParallelReader`, `JSONClaimReader`).
///
/// An id used by an earlier part's claim makes a later claim with it a split claim
/// (`input.claim-split`, not checked), which a part's own assembler cannot know: a part whose
/// ids meet those of the parts merged before it is read again knowing them, before it is
/// delivered, so its claims and diagnostics are those of the serial reader.
///
/// The part next in line hands its claims over as it reads them (`Handover`), as the X12
/// reader's does, so that memory holds the claims of the parts read ahead only: from then on
/// its assembler looks ids up in those of the parts merged.
enum AssembledParts {
    /// What a part's reader returns.
    struct Part: Sendable {
        var result: ReadResult
        /// The claim ids read, with the line of their first row or object (not those of
        /// earlier parts).
        var seen: [String: Int]
        /// The part after the last one this reader read through (`k + 1` for part `k`, unless
        /// it read on through the parts after it).
        var following: Int
        /// Its claims were handed over as they were read, with earlier parts' ids known: the
        /// part is the serial reader's as it is.
        var handedOver = false

        init(result: ReadResult, seen: [String: Int], following: Int, handover: Handover?) {
            self.result = result
            self.seen = seen
            self.following = following
            if let handover {
                self.result.claims = handover.kept
                handedOver = handover.streaming
            }
        }
    }

    /// Takes the claims of a part as its assembler finishes them (`onClaim`) and answers its
    /// lookups of ids (`earlierIDs`). Once the part is next to deliver, and none of the ids it
    /// has read is an earlier part's, it hands its claims over (the ones kept, then each as it
    /// comes) and looks ids up in the earlier parts'; otherwise it keeps them, and the part is
    /// read again when delivered. Used by one worker.
    final class Handover: @unchecked Sendable {
        private let becomeNext: () -> Bool
        private let merge: Merge
        /// This worker delivers the part (`becomeNext` said so).
        private(set) var isNext = false
        /// Claims are handed over as they come.
        private(set) var streaming = false
        /// The ids read before the part was next in line.
        private var asked: [String] = []
        private(set) var kept: [Claim] = []

        fileprivate init(becomeNext: @escaping () -> Bool, merge: Merge) {
            self.becomeNext = becomeNext
            self.merge = merge
        }

        /// `ClaimAssembler.earlierIDs`.
        func earlier(_ id: String) -> Int? {
            if streaming { return merge.seen[id] }
            if !isNext { asked.append(id) }
            return nil
        }

        /// `ClaimAssembler.onClaim`.
        func take(_ claim: Claim) {
            if streaming {
                merge.deliver(claim)
                return
            }
            if !isNext, becomeNext() {
                isNext = true
                if !asked.contains(where: { merge.seen[$0] != nil }) {
                    streaming = true
                    asked = []
                    for c in kept { merge.deliver(c) }
                    kept = []
                    merge.deliver(claim)
                    return
                }
            }
            kept.append(claim)
        }

        /// Sets `assembler` to hand its claims here.
        func attach(to assembler: inout ClaimAssembler) {
            assembler.onClaim = { self.take($0) }
            assembler.earlierIDs = { self.earlier($0) }
        }
    }

    /// Reads the parts that start at `starts` on `threads` threads (default: the active
    /// processors) with `readPart(bytes, k, first, seen, handover)`, which reads part `k` (with
    /// `first` as its assembler for the first part; `seen`: ids that earlier parts hold), its
    /// assembler attached to `handover` when there is one, and merges them: claims go to
    /// `onClaim` in file order, one call at a time, from the reading threads (nil: the result
    /// holds them). `releaseBehind`: `bytes` is a private read-only file mapping the caller
    /// owns, whose pages before the next part to deliver may be released.
    static func read(
        _ bytes: UnsafeRawBufferPointer, starts: [Int], first: ClaimAssembler, threads: Int?, releaseBehind: Bool, onClaim: ((Claim) -> Void)?,
        readPart: @escaping @Sendable (UnsafeRawBufferPointer, Int, ClaimAssembler, [String: Int], Handover?) -> Part
    ) -> ReadResult {
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, starts.count))
        let run = PartRun<Part>(bytes: bytes, starts: starts, window: workers + 1, releasePages: releaseBehind)
        let merge = Merge(first: first, onClaim: onClaim)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            run.work(
                read: { k, becomeNext in
                    withoutActuallyEscaping(becomeNext) { becomeNext in
                        let handover = Handover(becomeNext: becomeNext, merge: merge)
                        return (readPart(run.bytes, k, merge.first, [:], handover), handover.isNext)
                    }
                },
                deliver: { k, part in
                    // Ids of earlier parts make split claims: read again knowing them.
                    if !part.handedOver {
                        let earlier = merge.earlier(part.seen)
                        if !earlier.isEmpty { part = readPart(run.bytes, k, merge.first, earlier, nil) }
                    }
                    merge.add(part)
                    return part.following
                })
        }
        return merge.total
    }

    /// The parts' results merged in file order, by one worker at a time.
    fileprivate final class Merge: @unchecked Sendable {
        /// The first part's assembler, with the file's header warnings (read only).
        let first: ClaimAssembler
        let onClaim: ((Claim) -> Void)?
        var total = ReadResult()
        /// Each claim id of the parts merged, with the line where it is first used.
        var seen: [String: Int] = [:]

        init(first: ClaimAssembler, onClaim: ((Claim) -> Void)?) {
            self.first = first
            self.onClaim = onClaim
            total.parts = 0
        }

        /// The ids of `ids` that the parts merged hold, with their first line there.
        func earlier(_ ids: [String: Int]) -> [String: Int] {
            var found: [String: Int] = [:]
            for id in ids.keys {
                if let line = seen[id] { found[id] = line }
            }
            return found
        }

        func deliver(_ claim: Claim) {
            if let onClaim { onClaim(claim) } else { total.claims.append(claim) }
        }

        func add(_ part: Part) {
            let r = part.result
            if let onClaim { r.claims.forEach(onClaim) } else { total.claims += r.claims }
            total.addDiagnostics(r.diagnostics, unlisted: r.unlisted, claimsBefore: total.claimsRead)
            total.addCounts(of: r)
            seen.reserveCapacity(seen.count + part.seen.count)
            for (id, line) in part.seen where seen[id] == nil { seen[id] = line }
        }
    }
}
