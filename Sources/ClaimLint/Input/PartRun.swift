import Foundation
import Synchronization

/// The parts of one file being read on several workers and delivered in file order (the X12
/// and CSV parallel readers): a worker takes the next part while fewer than `window` parts are
/// read and not yet delivered; parts are delivered in order, by one worker at a time.
///
/// A part that is next in line when its reader asks (`becomeNext`) may hand its claims over as
/// it reads them; it is then delivered by its own worker. Delivering part `k` says which part
/// comes next: `k + 1`, or a later one when part `k`'s reader went on through the parts after
/// it (their own reads are then dropped).
///
/// The parts' starts may come while parts are read (`publish(start:)`, then `finishStarts()`):
/// a part is taken once the start after it, or the end of the starts, is known.
final class PartRun<Part: Sendable>: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    /// Where each part starts, then (once `complete`) the file's end: part `k` is
    /// `starts[k]..<starts[k + 1]`. Changed under the lock while starts come.
    private var starts: [Int]
    /// Every start is known (and the file's end is the last of `starts`).
    private var complete: Bool
    let window: Int
    private let condition = NSCondition()
    private var parts: [Part?]
    private var next = 0
    private var delivered = 0
    private var delivering = false
    /// `delivered`, read without the lock by `becomeNext`.
    private let nextToDeliver = Atomic<Int>(0)

    /// Whether `bytes` is a file mapping whose pages may be released once delivered.
    let releasePages: Bool
    private var released = 0

    /// `starts`: where each part starts (the first at the file's start or after its header).
    /// `complete` false: more starts come (`publish(start:)`, then `finishStarts()`).
    init(bytes: UnsafeRawBufferPointer, starts: [Int], window: Int, releasePages: Bool, complete: Bool = true) {
        self.bytes = bytes
        self.starts = complete ? starts + [bytes.count] : starts
        self.complete = complete
        self.window = window
        self.releasePages = releasePages
        parts = Array(repeating: nil, count: starts.count)
    }

    /// The parts that may be read: those whose end is known.
    private var available: Int { complete ? parts.count : parts.count - 1 }

    /// A part starts at `start`, after the last start given: the part before it may be read.
    func publish(start: Int) {
        condition.lock()
        starts.append(start)
        parts.append(nil)
        condition.broadcast()
        condition.unlock()
    }

    /// No part starts after the last start given: it ends at the file's end.
    func finishStarts() {
        condition.lock()
        starts.append(bytes.count)
        complete = true
        condition.broadcast()
        condition.unlock()
    }

    /// Where part `k` starts and ends (a part being read is known), and whether it is the last.
    func bounds(of k: Int) -> (start: Int, end: Int, isLast: Bool) {
        condition.lock()
        defer { condition.unlock() }
        return (starts[k], starts[k + 1], complete && k == parts.count - 1)
    }

    /// A worker's loop, until every part is read. `read(k, becomeNext)` reads part `k` and says
    /// whether it streamed its claims (it then called `becomeNext` and got true);
    /// `deliver(k, &part)` hands part `k` over and returns the next part to deliver; the part
    /// is referenced only there (its arrays may be taken back without a copy), then dropped.
    func work(read: (Int, _ becomeNext: () -> Bool) -> (part: Part, streamed: Bool), deliver: (Int, inout Part) -> Int) {
        while true {
            condition.lock()
            // Wait for a part whose end is known, within the window, or for the end.
            while next < parts.count || !complete, next >= available || next - delivered >= window { condition.wait() }
            guard next < parts.count else {
                condition.unlock()
                return
            }
            let k = next
            next += 1
            condition.unlock()
            var (part, streamed) = read(k) { self.becomeNext(k) }
            if streamed {
                // This worker delivers part k (becomeNext made it so): its claims are out.
                let following = deliver(k, &part)
                condition.lock()
                delivering = false
                markDelivered(upTo: following)
                condition.broadcast()
            } else {
                condition.lock()
                // A part that an earlier part's reader read through is dropped.
                if k >= delivered { parts[k] = part }
            }
            // Deliver the parts that are ready in order, unless another worker is at it (it
            // delivers this one too when its turn comes).
            while !delivering, delivered < parts.count, var ready = parts[delivered] {
                parts[delivered] = nil
                delivering = true
                let d = delivered
                condition.unlock()
                let following = deliver(d, &ready)
                condition.lock()
                delivering = false
                markDelivered(upTo: following)
                condition.broadcast()
            }
            condition.unlock()
        }
    }

    /// The parts before `following` are delivered (the lock held): parts skipped are dropped
    /// and not read; with `releasePages`, the pages before part `following` are released.
    private func markDelivered(upTo following: Int) {
        for skipped in delivered..<max(delivered, min(following, parts.count)) { parts[skipped] = nil }
        delivered = max(delivered + 1, following)
        next = max(next, delivered)
        nextToDeliver.store(delivered, ordering: .releasing)
        if releasePages { released = X12FileMapping.releasePages(of: bytes, from: released, upTo: starts[min(delivered, starts.count - 1)]) }
    }

    /// Whether part `k` is next to deliver and nobody delivers: then the caller does, and
    /// hands its claims over as it reads them.
    private func becomeNext(_ k: Int) -> Bool {
        guard nextToDeliver.load(ordering: .acquiring) == k else { return false }
        condition.lock()
        defer { condition.unlock() }
        guard delivered == k, !delivering else { return false }
        delivering = true
        return true
    }
}

extension String {
    /// The same text in storage of its own (a text of up to 15 bytes has none: it is held
    /// inline). The reader of each part of a file names the file in every location it makes,
    /// retaining the text's storage: were it one object for every part, the threads reading
    /// them would retain and release that one object at every claim and line, moving its
    /// reference count between their caches each time (reading a 1M-line 837P on two threads
    /// took 11% more CPU time).
    var withOwnStorage: String { String(decoding: Array(utf8), as: UTF8.self) }
}
