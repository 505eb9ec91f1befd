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
enum AssembledParts {
    /// What a part's reader returns.
    struct Part: Sendable {
        var result: ReadResult
        /// The claim ids read, with the line of their first row or object.
        var seen: [String: Int]
        /// The part after the last one this reader read through (`k + 1` for part `k`, unless
        /// it read on through the parts after it).
        var following: Int
    }

    /// Reads the parts that start at `starts` on `threads` threads (default: the active
    /// processors) with `readPart(bytes, k, first, seen)`, which reads part `k` (with `first`
    /// as its assembler for the first part; `seen`: ids that earlier parts hold), and merges
    /// them: claims go to `onClaim` in file order, one call at a time, from the reading threads
    /// (nil: the result holds them). `releaseBehind`: `bytes` is a private read-only file
    /// mapping the caller owns, whose pages before the next part to deliver may be released.
    static func read(
        _ bytes: UnsafeRawBufferPointer, starts: [Int], first: ClaimAssembler, threads: Int?, releaseBehind: Bool, onClaim: ((Claim) -> Void)?,
        readPart: @escaping @Sendable (UnsafeRawBufferPointer, Int, ClaimAssembler, [String: Int]) -> Part
    ) -> ReadResult {
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, starts.count))
        let run = PartRun<Part>(bytes: bytes, starts: starts, window: workers + 1, releasePages: releaseBehind)
        let merge = Merge(first: first, onClaim: onClaim)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            run.work(
                read: { k, _ in (readPart(run.bytes, k, merge.first, [:]), false) },
                deliver: { k, part in
                    var part = part
                    // Ids of earlier parts make split claims: read again knowing them.
                    let earlier = merge.earlier(part.seen)
                    if !earlier.isEmpty { part = readPart(run.bytes, k, merge.first, earlier) }
                    merge.add(part)
                    return part.following
                })
        }
        return merge.total
    }

    /// The parts' results merged in file order, by one worker at a time.
    private final class Merge: @unchecked Sendable {
        /// The first part's assembler, with the file's header warnings (read only).
        let first: ClaimAssembler
        let onClaim: ((Claim) -> Void)?
        var total = ReadResult()
        /// Each claim id of the parts merged, with the line where it is first used.
        var seen: [String: Int] = [:]

        init(first: ClaimAssembler, onClaim: ((Claim) -> Void)?) {
            self.first = first
            self.onClaim = onClaim
        }

        /// The ids of `ids` that the parts merged hold, with their first line there.
        func earlier(_ ids: [String: Int]) -> [String: Int] {
            var found: [String: Int] = [:]
            for id in ids.keys {
                if let line = seen[id] { found[id] = line }
            }
            return found
        }

        func add(_ part: Part) {
            let r = part.result
            if let onClaim { r.claims.forEach(onClaim) } else { total.claims += r.claims }
            total.diagnostics += r.diagnostics
            total.suppressions += r.suppressions
            total.claimsRead += r.claimsRead
            total.linesRead += r.linesRead
            total.claimsUnreadable += r.claimsUnreadable
            total.linesUnreadable += r.linesUnreadable
            total.linesSkipped += r.linesSkipped
            seen.reserveCapacity(seen.count + part.seen.count)
            for (id, line) in part.seen where seen[id] == nil { seen[id] = line }
        }
    }
}
