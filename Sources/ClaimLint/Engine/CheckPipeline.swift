import Dispatch

/// Checks a batch while it is read: the reader submits parts of claims, and a background queue
/// adds them to a `CheckStream` (their line and claim edits, then their compact entries) while
/// the reader goes on with the next part. At most `maxPartsInFlight` parts wait, so memory
/// holds a few parts of claims, not the file's.
///
/// When the file is read on several threads (`inline`), each part is added on the thread that
/// submits it, in turn (the readers submit one part at a time, in file order): the reading
/// threads already keep every core busy, and a third thread would only take turns with them,
/// and free the claims away from the thread whose memory they came from.
final class CheckPipeline: @unchecked Sendable {
    // `stream` and `checked` are touched only on `queue`.
    private var stream: CheckStream?
    private var checked: [CheckedClaim] = []
    private let listClaims: Bool
    private let queue = DispatchQueue(label: "claimlint.check-pipeline")
    private let slots: DispatchSemaphore
    private let inline: Bool
    static let maxPartsInFlight = 4
    /// The arrays of the claims submitted that the pipeline does not keep once `submit`
    /// returns: when it adds them on the submitting thread, their lines (entries are made of
    /// them), and their diagnoses unless the batch keeps them for rules (`BatchIndex.keepsDetails`).
    let recycling: ClaimRecycling

    init(_ stream: consuming CheckStream, listClaims: Bool, inline: Bool = false) {
        // The reading threads are already busy: each part is checked on one thread.
        stream.parallelParts = false
        // Parts are added in turn on the reading threads: their line and claim edits leave that
        // serial path, to run over many parts at once on every thread.
        stream.defersPartEdits = inline
        recycling = inline ? ClaimRecycling(lines: true, diagnoses: !stream.keepsDetails) : .none
        self.stream = consume stream
        self.listClaims = listClaims
        self.inline = inline
        slots = DispatchSemaphore(value: CheckPipeline.maxPartsInFlight)
    }

    /// Queues a part; waits while `maxPartsInFlight` parts are queued. `inline`: adds it on
    /// this thread, after the parts queued before.
    func submit(_ claims: [Claim]) {
        guard !claims.isEmpty else { return }
        if inline {
            queue.sync { add(claims) }
            return
        }
        slots.wait()
        queue.async { [self] in
            add(claims)
            slots.signal()
        }
    }

    /// On `queue`.
    private func add(_ claims: [Claim]) {
        if listClaims { checked += claims.map(CheckedClaim.init) }
        stream!.add(claims)
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
