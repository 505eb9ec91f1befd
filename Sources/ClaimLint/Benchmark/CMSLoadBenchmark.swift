import Foundation

/// Figures for loading a folder of CMS files: per-file parse time and rows, total load time,
/// resident memory, and the mean time of a PTP pair lookup. A benchmark prints these; tests
/// never assert on them.
public enum CMSLoadBenchmark {
    /// Loads `directory` (uncompressed CMS files), then times 1,000,000 PTP lookups of random
    /// pairs taken from the loaded table (every lookup finds its pair). Returns printable lines.
    public static func run(directory: String) -> String {
        var out: [String] = []
        let before = memory()
        let result: CMSLoadResult
        do {
            result = try CMSFolder.load(directory: directory)
        } catch {
            return "claimlint-bench-cms: \(error)"
        }
        let after = memory()
        out.append("CMS load of \(directory): \(format(result.seconds)) s wall, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for f in result.loaded {
            out.append("  \(CMSPeriods.baseName(f.path)): \(f.kind.rawValue), \(f.rows) rows, \(f.appliesTo.map { $0?.description ?? "any date" }.joined(separator: ", ")), parse \(format(f.seconds)) s")
        }
        for t in result.tables {
            out.append("  set \(t.period?.description ?? "any date"): codes \(t.codes.count), mue \(t.mue.count), addon pairs \(t.addons.rowCount), ptp rows \(t.ptp.count) (\(t.ptp.pairCount) pairs)")
        }
        let problems = result.diagnostics.filter { $0.severity != .info }.count
        out.append("  diagnostics: \(result.diagnostics.count) (\(problems) warnings or errors)")
        out.append("  memory: VmRSS \(before.rss) -> \(after.rss) MB, VmHWM \(after.hwm) MB")

        // PTP lookups: pairs sampled from the rows of the largest table.
        if let table = result.tables.max(by: { $0.ptp.count < $1.ptp.count })?.ptp, table.count > 0 {
            let n = 1_000_000
            var rng = SplitMix64(seed: 0x5EED)
            var pairs: [(ProcedureCode, ProcedureCode)] = []
            pairs.reserveCapacity(n)
            let sample = table.samplePairs(4096, using: &rng)
            for _ in 0..<n { pairs.append(sample[Int(rng.next() % UInt64(sample.count))]) }
            let date = result.tables.last?.period?.from ?? ServiceDate(daysSinceEpoch: 19_905)
            let clock = ContinuousClock()
            var found = 0
            let t0 = clock.now
            for (a, b) in pairs where table.row(a, b, on: date) != nil { found += 1 }
            let elapsed = clock.now - t0
            let ns = (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(n)
            var misses = 0
            let t1 = clock.now
            for (a, b) in pairs where table.row(b, a, on: date) == nil { misses += 1 }
            let elapsed1 = clock.now - t1
            let ns1 = (Double(elapsed1.components.seconds) * 1e9 + Double(elapsed1.components.attoseconds) / 1e9) / Double(n)
            out.append("  PTP lookup row(c1, c2, on:): \(format(ns, 1)) ns mean over \(n) pairs present (\(found) in force); reversed pairs \(format(ns1, 1)) ns (\(misses) absent)")
        }
        return out.joined(separator: "\n")
    }

    struct Memory { var rss: Int; var hwm: Int }

    /// VmRSS and VmHWM from /proc/self/status, in MB (0 where unavailable).
    static func memory() -> Memory {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return Memory(rss: 0, hwm: 0) }
        func value(_ key: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            let kb = Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
            return kb / 1024
        }
        return Memory(rss: value("VmRSS:"), hwm: value("VmHWM:"))
    }

    private static func format(_ v: Double, _ digits: Int = 3) -> String {
        String(format: "%.\(digits)f", v)
    }

}

extension PTPTable {
    /// `k` pairs of rows picked at random, for benchmarks.
    func samplePairs(_ k: Int, using rng: inout SplitMix64) -> [(ProcedureCode, ProcedureCode)] {
        let all = allRows
        return (0..<k).map { _ in
            let r = all[Int(rng.next() % UInt64(all.count))]
            return (r.column1, r.column2)
        }
    }
}
