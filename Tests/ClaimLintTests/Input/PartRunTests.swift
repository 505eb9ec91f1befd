import Foundation
import Synchronization
import Testing

@testable import ClaimLint

/// `PartRun` with its starts given while parts are read (the X12 pre-scan goes on while the
/// first parts are read): no part is taken before its end is known, every part is read once
/// with the bounds published, and the parts are delivered in order.
@Suite struct PartRunTests {
    @Test(arguments: [1, 2, 4])
    func partsAreTakenOnceTheirEndIsKnown(workers: Int) {
        let bytes = [UInt8](repeating: 0x41, count: 10_000)
        var rng = SplitMix64(seed: UInt64(workers))
        // 2 to 40 parts, of random sizes.
        var chosen = [0]
        for _ in 0..<(1 + Int(rng.next() % 39)) { chosen.append(chosen.last! + 1 + Int(rng.next() % 200)) }
        let starts = chosen
        let pauses = starts.map { _ in UInt32(rng.next() % 300) }
        let expected = starts.indices.map { k in (starts[k], k + 1 < starts.count ? starts[k + 1] : bytes.count, k == starts.count - 1) }
        bytes.withUnsafeBytes { raw in
            let run = PartRun<Int>(bytes: raw, starts: Array(starts.prefix(2)), window: workers + 1, releasePages: false, complete: false)
            let seen = Mutex<[Int: (Int, Int, Bool)]>([:])
            let delivered = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                if worker == 0 {
                    // The rest of the starts, a little apart, as a pre-scan finds them.
                    for k in 2..<starts.count {
                        usleep(pauses[k])
                        run.publish(start: starts[k])
                    }
                    run.finishStarts()
                }
                run.work(
                    read: { k, _ in
                        let b = run.bounds(of: k)
                        seen.withLock { $0[k] = (b.start, b.end, b.isLast) }
                        usleep(pauses[k] / 2)
                        return (k, false)
                    },
                    deliver: { k, part in
                        #expect(part == k)
                        delivered.withLock { $0.append(k) }
                        return k + 1
                    })
            }
            #expect(delivered.withLock { $0 } == Array(starts.indices))
            let read = seen.withLock { $0 }
            #expect(read.count == starts.count)
            for (k, e) in expected.enumerated() {
                let got = read[k]
                #expect(got?.0 == e.0 && got?.1 == e.1 && got?.2 == e.2, "part \(k): \(String(describing: got)), expected \(e)")
            }
        }
    }
}
