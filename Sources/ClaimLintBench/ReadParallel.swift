import ClaimLint
import Foundation

/// `claimlint-bench readpar FILE PARTS`: reads an X12 or CSV file serially and in PARTS parts
/// on several threads (X12ParallelReader, CSVParallelReader), three times each, and prints the
/// medians; then checks once that both give the same claims (in order), diagnostics and counts.
enum ReadParallel {
    /// Reads the file with the parallel reader of its format.
    static func read(path: String, parts: Int, onClaim: @escaping (Claim) -> Void) throws(InputError) -> ReadResult {
        let head = FileHandle(forReadingAtPath: path).map { [UInt8]($0.readData(ofLength: 4096)) } ?? []
        if InputFormat.detect(head) == .x12 {
            return try X12ParallelReader.read(path: path, parts: parts, onClaim: onClaim)
        }
        return try CSVParallelReader.read(path: path, parts: parts, onClaim: onClaim)
    }

    /// One read in `parts` parts, for profiling (`readpar FILE PARTS --once`).
    static func once(path: String, parts: Int) {
        var n = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let r = try? read(path: path, parts: parts, onClaim: { _ in n += 1 })
        Bench.say("\(parts) parts: \(Bench.fixed(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 3)) s, \(n) claims, \(r?.diagnostics.count ?? -1) diagnostics")
    }

    static func run(path: String, parts: Int) {
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        func time(_ parts: Int) -> (seconds: Double, lines: Int, claims: Int) {
            var seconds: [Double] = []
            var lines = 0, claims = 0
            for _ in 0..<3 {
                var n = 0
                let start = DispatchTime.now().uptimeNanoseconds
                guard let r = try? read(path: path, parts: parts, onClaim: { _ in n += 1 }) else {
                    Bench.say("readpar: \(path) cannot be read as X12 or CSV")
                    exit(1)
                }
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                lines = r.linesRead
                claims = n
            }
            return (Bench.median(seconds), lines, claims)
        }
        func show(_ name: String, _ t: (seconds: Double, lines: Int, claims: Int)) {
            Bench.say("\(name): \(Bench.fixed(t.seconds, 3)) s, \(Bench.fixed(size / t.seconds / 1e6)) MB/s, \(Bench.fixed(Double(t.lines) / t.seconds, 0)) lines/s (\(t.lines) lines, \(t.claims) claims)")
        }
        let serial = time(1)
        show("serial       ", serial)
        let parallel = time(parts)
        show("parallel \(parts)\(String(repeating: " ", count: max(0, 4 - String(parts).count)))", parallel)
        Bench.say("speed-up \(Bench.fixed(serial.seconds / parallel.seconds, 2))x on \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // Same results: claims in order (hashed), diagnostics and counts.
        func digest(_ parts: Int) -> (Int, [Diagnostic], [Int]) {
            var h = Hasher()
            let r = try! read(path: path, parts: parts, onClaim: { h.combine($0) })
            return (h.finalize(), r.diagnostics, [r.claimsRead, r.linesRead, r.claimsUnreadable, r.linesUnreadable, r.linesSkipped])
        }
        let a = digest(1), b = digest(parts)
        Bench.say("same results: claims \(a.0 == b.0), diagnostics \(a.1 == b.1) (\(a.1.count)), counts \(a.2 == b.2)")
    }
}
