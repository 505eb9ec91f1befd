import Dispatch

/// Checks a batch while it is read: the reader submits parts of claims, and a background queue
/// adds them to a `CheckStream` (their line and claim edits, then their compact entries) while
/// the reader goes on with the next part. At most `maxPartsInFlight` parts wait, so memory
/// holds a few parts of claims, not the file's.
final class CheckPipeline: @unchecked Sendable {
    // `stream` and `checked` are touched only on `queue`.
    private var stream: CheckStream?
    private var checked: [CheckedClaim] = []
    private let listClaims: Bool
    private let queue = DispatchQueue(label: "claimlint.check-pipeline")
    private let slots: DispatchSemaphore
    static let maxPartsInFlight = 4

    init(_ stream: consuming CheckStream, listClaims: Bool) {
        // The reading thread is already busy: each part is checked on the queue's one thread.
        stream.parallelParts = false
        self.stream = consume stream
        self.listClaims = listClaims
        slots = DispatchSemaphore(value: CheckPipeline.maxPartsInFlight)
    }

    /// Queues a part; waits while `maxPartsInFlight` parts are queued.
    func submit(_ claims: [Claim]) {
        guard !claims.isEmpty else { return }
        slots.wait()
        queue.async { [self] in
            if listClaims { checked += claims.map(CheckedClaim.init) }
            stream!.add(claims)
            slots.signal()
        }
    }

    /// Waits for the queued parts and hands over the stream (to `finish()` it) and the claims
    /// listed.
    func finish() -> (CheckStream, [CheckedClaim]) {
        queue.sync {
            let result = (stream.take()!, checked)
            checked = []
            return result
        }
    }
}
