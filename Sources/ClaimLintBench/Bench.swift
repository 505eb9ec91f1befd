import ClaimLint
import Foundation
import Synchronization

enum Bench {
    struct Run {
        var seconds: Double
        var lines: Int
        var findings: Int
    }

    static let clock = ContinuousClock()

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Reads a file and checks it: what `claimlint check FILE` does before writing the
    /// messages (an X12 file is checked while it is read), including naming every finding
    /// (claim id, line number, location), which a report does as it reads them.
    static func endToEnd(path: String, checker: Checker) -> Run {
        let t0 = clock.now
        let report = checker.check(files: [path], listClaims: false, utf16Columns: false)
        // On every core, as a report names them while rendering (`ReportOutput.writeItems`);
        // counted from what naming gives (always 1 each), so that the loop is not left out.
        let findings = report.findings, slices = ProcessInfo.processInfo.activeProcessorCount * 4
        let counts = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: slices) { k in
            var n = 0
            findings.forEach(in: findings.count * k / slices..<findings.count * (k + 1) / slices) { _, f in
                n += f.claimID.isEmpty && f.location.line < 0 ? 0 : 1
            }
            counts.withLock { $0 += n }
        }
        let named = counts.withLock { $0 }
        let t = seconds(clock.now - t0)
        if report.hasUnreadableInput {
            say("cannot read \(path): \(report.diagnostics.first { $0.severity == .error }?.message ?? "")")
            exit(2)
        }
        return Run(seconds: t, lines: report.summary.lines, findings: named)
    }

    struct ReadRun {
        var seconds: Double
        var all: [Double]
        /// Median CPU time of the process (user and system) per run: steadier than the wall
        /// clock on a machine that is busy with other work.
        var cpuSeconds: Double = 0
        var bytes: Int
        var lines: Int
        var claims: Int
        var diagnostics: Int
    }

    /// Reads a file `runs` times (`ClaimFileReader.read(path:)`, or with `stream` the
    /// `onClaim` variant that keeps no claims) and gives the median time.
    static func readOnly(path: String, stream: Bool, runs: Int) -> ReadRun {
        var times: [Double] = []
        var cpu: [Double] = []
        var last = ReadRun(seconds: 0, all: [], bytes: 0, lines: 0, claims: 0, diagnostics: 0)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        for _ in 0..<runs {
            let c0 = cpuTime()
            let t0 = clock.now
            var claims = 0
            let read: ReadResult
            do {
                if stream {
                    read = try ClaimFileReader.read(path: path) { _ in claims += 1 }
                } else {
                    read = try ClaimFileReader.read(path: path)
                    claims = read.claims.count
                }
            } catch {
                say("cannot read \(path): \(error)")
                exit(2)
            }
            times.append(seconds(clock.now - t0))
            cpu.append(cpuTime() - c0)
            last = ReadRun(seconds: 0, all: [], bytes: bytes, lines: read.linesRead, claims: claims, diagnostics: read.diagnostics.count)
        }
        last.all = times
        last.seconds = median(times)
        last.cpuSeconds = median(cpu)
        return last
    }

    /// CPU seconds used by the process so far.
    static func cpuTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func memory() -> (rss: Int, hwm: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func kb(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return (kb("VmRSS:") / 1024, kb("VmHWM:") / 1024)
    }

    /// The CMS tables of `directory`, gzipped files decompressed into `work/cms`; nil when
    /// the folder is absent.
    static func loadTables(_ directory: String, work: String, quiet: Bool = false) -> [ReferenceTables]? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
            if !quiet { say("CMS tables: \(directory) not found; full-table figures are skipped") }
            return nil
        }
        let target = work + "/cms"
        try? fm.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in names where name != "README.md" {
            let source = directory + "/" + name
            if name.hasSuffix(".gz") {
                let out = target + "/" + String(name.dropLast(3))
                if !fm.fileExists(atPath: out) {
                    let p = Process()
                    p.executableURL = URL(fileURLWithPath: "/bin/sh")
                    p.arguments = ["-c", "/bin/gzip -dc '\(source)' > '\(out)'"]
                    try? p.run()
                    p.waitUntilExit()
                }
            } else if !fm.fileExists(atPath: target + "/" + name) {
                try? fm.copyItem(atPath: source, toPath: target + "/" + name)
            }
        }
        do {
            let r = try CMSFolder.load(directory: target)
            if !quiet { say("CMS tables: \(directory), loaded in \(fixed(r.seconds, 2)) s: \(r.loaded.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", "))") }
            return r.tables
        } catch {
            if !quiet { say("CMS tables: \(error); full-table figures are skipped") }
            return nil
        }
    }

    static func fixed(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
    static func thousands(_ v: Double) -> String {
        let n = Int(v.rounded())
        var s = String(n), out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return s + out
    }

    static func all(work: String, cms: String, quick: Bool, peers: Bool) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        say("claimlint-bench: \(cores) cores, \(quick ? "quick" : "full") run, work folder \(work)")
        let sizes = quick ? [10_000, 100_000] : [100_000, 1_000_000]
        var files: [String: SyntheticFiles.Written] = [:]
        for format in [SyntheticFiles.Format.x12, .csv] {
            for n in sizes {
                let path = "\(work)/bench-\(n).\(format == .x12 ? "837" : "csv")"
                let w = SyntheticFiles.write(format, lines: n, seed: 1, to: path)
                files["\(format.rawValue)-\(n)"] = w
                say("generated \(path): \(thousands(Double(w.lines))) lines, \(thousands(Double(w.claims))) claims, \(fixed(Double(w.bytes) / 1e6)) MB")
            }
        }
        let cmsTables = loadTables(cms, work: work)
        var checkers: [(String, Checker)] = [("bundled pack", Checker())]
        if let cmsTables { checkers.append(("full CMS tables", Checker(reference: ReferenceData(cms: cmsTables, packs: [RulePack.bundled])))) }

        say("")
        say("End to end (read file + check), median of runs, \(cores) cores:")
        // The two sizes are timed in rounds (three runs of the small file, then one of the
        // large), so that each ratio compares runs made within seconds of each other: this
        // machine's speed drifts from one minute to the next. Five rounds: with three, single
        // rounds ranged 6.7x-12.8x in two runs and the median followed whichever two drifted
        // the same way.
        let rounds = 5, smallRuns = 3
        var linearity: [String] = []
        for (tablesName, checker) in checkers {
            for format in [SyntheticFiles.Format.x12, .csv] {
                let small = files["\(format.rawValue)-\(sizes[0])"]!, large = files["\(format.rawValue)-\(sizes[1])"]!
                var smallTimes: [Double] = [], largeTimes: [Double] = [], ratios: [Double] = []
                var smallFindings = 0, largeFindings = 0
                for _ in 0..<rounds {
                    var round: [Double] = []
                    for _ in 0..<smallRuns {
                        let r = endToEnd(path: small.path, checker: checker)
                        round.append(r.seconds)
                        smallFindings = r.findings
                    }
                    let r = endToEnd(path: large.path, checker: checker)
                    largeFindings = r.findings
                    smallTimes += round
                    largeTimes.append(r.seconds)
                    ratios.append(r.seconds / median(round))
                }
                for (w, times, findings) in [(small, smallTimes, smallFindings), (large, largeTimes, largeFindings)] {
                    let t = median(times)
                    say("  \(tablesName.padding(toLength: 16, withPad: " ", startingAt: 0)) \(format == .x12 ? "837P" : "CSV ") \(thousands(Double(w.lines)).padding(toLength: 9, withPad: " ", startingAt: 0)) lines: \(fixed(t, 3)) s, \(thousands(Double(w.lines) / t)) lines/s, \(fixed(Double(w.bytes) / 1e6 / t)) MB/s (\(thousands(Double(findings))) findings, \(times.count) runs)")
                }
                let spread = ratios.sorted().map { fixed($0, 2) + "x" }.joined(separator: ", ")
                linearity.append("  \(tablesName), \(format == .x12 ? "837P" : "CSV"): \(fixed(median(ratios), 2))x (rounds: \(spread); target at most 11x)")
            }
        }
        say("")
        say("Linearity (time for 10x the lines / time for 1x, median of the rounds' ratios):")
        for line in linearity { say(line) }

        // One core against all cores, on the largest 837P with the fullest tables.
        let (tablesName, checker) = checkers.last!
        let big = files["837-\(sizes[1])"]!
        say("")
        say("Cores, \(tablesName), 837P \(thousands(Double(big.lines))) lines (check only, the file read once; then end to end):")
        if coreScaling(path: big.path, checker: checker) {
            let t0 = clock.now
            _ = try? ClaimFileReader.read(path: big.path)
            let readTime = seconds(clock.now - t0)
            say("  reading alone: \(fixed(readTime, 3)) s, \(fixed(Double(big.bytes) / 1e6 / readTime)) MB/s, \(thousands(Double(big.lines) / readTime)) lines/s")
        }
        endToEndCores(path: big.path, checker: checker)
        // The same number of lines as one file and as four (files are read in parallel), the
        // way `claimlint check FILE...` runs: read, check, report.
        let parts = (0..<4).map { p in
            SyntheticFiles.write(.x12, lines: big.lines / 4, seed: 100 + UInt64(p), prefix: "P\(p)", to: "\(work)/bench-part\(p)-\(big.lines / 4).837")
        }
        let partBytes = parts.reduce(0) { $0 + $1.bytes }
        for (name, paths, bytes) in [("1 file ", [big.path], big.bytes), ("4 files", parts.map(\.path), partBytes)] {
            var times: [Double] = []
            var summary = Summary()
            for _ in 0..<3 {
                let t0 = clock.now
                summary = checker.check(files: paths, listClaims: false, utf16Columns: false).summary
                times.append(seconds(clock.now - t0))
            }
            let t = median(times)
            say("  claimlint check, \(name) (\(thousands(Double(summary.lines))) lines): \(fixed(t, 3)) s, \(thousands(Double(summary.lines) / t)) lines/s, \(fixed(Double(bytes) / 1e6 / t)) MB/s")
        }

        latency(checker: checker, tablesName: tablesName)
        residentMemory(work: work, cms: cmsTables == nil ? nil : cms, quick: quick)
        if peers { Peers.run(file: files["837-\(sizes[0])"]!, checker: checker, tablesName: tablesName) }
    }

    /// Reads and checks `path` end to end (`endToEnd`) three times with every thread of the
    /// process held to one core (`onCores`) and the checker on one thread, then three times on
    /// every core, and prints the medians and the speed-up: the target's "throughput of one
    /// core" for what `claimlint check` does. Says so and prints nothing else when the process
    /// cannot be held to one core.
    static func endToEndCores(path: String, checker: Checker) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var one = checker
        one.concurrency = 1
        /// The median run, and the median CPU time (user and system) of the runs.
        func median3(_ c: Checker) -> (run: Run, cpu: Double) {
            var cpu: [Double] = []
            var runs = (0..<3).map { _ in
                let c0 = cpuTime()
                defer { cpu.append(cpuTime() - c0) }
                return endToEnd(path: path, checker: c)
            }
            runs.sort { $0.seconds < $1.seconds }
            return (runs[1], median(cpu))
        }
        guard let single = onCores(1, { median3(one) }) else {
            say("  end to end on one core: the process cannot be held to one core here; skipped")
            return
        }
        let all = median3(checker)
        func line(_ name: String, _ r: (run: Run, cpu: Double)) -> String {
            "\(name): \(fixed(r.run.seconds, 3)) s, \(thousands(Double(r.run.lines) / r.run.seconds)) lines/s, CPU \(fixed(r.cpu, 3)) s"
        }
        say("  " + line("end to end (read, check, name), 1 core", single))
        say("  " + line("end to end, \(cores) cores", all) + "; speed-up \(fixed(single.run.seconds / all.run.seconds, 2))x")
    }

    /// Runs `body` with every thread of the process allowed only the first `n` of the CPUs it
    /// may use (threads started meanwhile inherit that), then gives every thread back the CPUs
    /// the process had. nil, without running `body`, when the CPUs cannot be set (the calls are
    /// glibc's `sched_getaffinity` and `sched_setaffinity`, which Swift's Glibc module does not
    /// import; they are looked up at run time).
    static func onCores<R>(_ n: Int, _ body: () -> R) -> R? {
        typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(process) }
        guard let getSymbol = dlsym(process, "sched_getaffinity"), let setSymbol = dlsym(process, "sched_setaffinity") else { return nil }
        let get = unsafeBitCast(getSymbol, to: Affinity.self), set = unsafeBitCast(setSymbol, to: Affinity.self)
        // A CPU mask of 1,024 CPUs, glibc's `cpu_set_t`.
        var all = [UInt8](repeating: 0, count: 128)
        guard get(0, all.count, &all) == 0 else { return nil }
        var some = [UInt8](repeating: 0, count: all.count)
        var kept = 0
        for byte in all.indices {
            for bit in 0..<8 where kept < n && all[byte] & (1 << bit) != 0 {
                some[byte] |= 1 << bit
                kept += 1
            }
        }
        /// Every thread of the process (`/proc/self/task`) to `mask`.
        func apply(_ mask: [UInt8]) -> Bool {
            guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return false }
            var mask = mask, ok = true
            for task in tasks {
                guard let tid = pid_t(task) else { continue }
                if set(tid, mask.count, &mask) != 0 { ok = false }
            }
            return ok
        }
        guard kept == n, apply(some) else {
            _ = apply(all)
            return nil
        }
        defer { _ = apply(all) }
        return body()
    }

    /// Checks the claims of `path` (read once) on one core and on all, three times each, and
    /// prints the medians and the speed-up; false when the file cannot be read.
    static func coreScaling(path: String, checker: Checker) -> Bool {
        guard let read = try? ClaimFileReader.read(path: path) else { return false }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var one = checker
        one.concurrency = 1
        var perCore: [Int: Double] = [:]
        for (name, c) in [(1, one), (cores, checker)] {
            var times: [Double] = []
            for _ in 0..<3 {
                let t0 = clock.now
                _ = c.check(read.claims)
                times.append(seconds(clock.now - t0))
            }
            perCore[name] = median(times)
            say("  \(name) core\(name == 1 ? "" : "s"): \(fixed(median(times), 3)) s, \(thousands(Double(read.linesRead) / median(times))) lines/s")
        }
        if cores > 1 { say("  speed-up: \(fixed(perCore[1]! / perCore[cores]!, 2))x on \(cores) cores") }
        return true
    }

    /// p50 and p99 of checking one 5-line claim, one call at a time.
    static func latency(checker: Checker, tablesName: String, calls n: Int = 200_000) {
        let csv = """
            claim_id,member_id,billing_npi,rendering_npi,place_of_service,diagnoses,line,code,modifiers,units,date,charge
            PCN-1,MBR1,1234567893,1811111115,11,M1711,1,99214,25,1,2024-08-14,150.00
            PCN-1,MBR1,1234567893,1811111115,11,M1711,2,11042,,1,2024-08-14,180.00
            PCN-1,MBR1,1234567893,1811111115,11,M1711,3,11045,,2,2024-08-14,60.00
            PCN-1,MBR1,1234567893,1811111115,11,M1711,4,36415,,1,2024-08-14,10.00
            PCN-1,MBR1,1234567893,1811111115,11,M1711,5,0856T,,1,2024-08-14,95.00

            """
        guard let claim = try? ClaimFileReader.read(bytes: Array(csv.utf8), file: "latency.csv").claims.first else { return }
        var findings = 0
        var warmUp: [Double] = []
        for _ in 0..<2_000 {
            let t0 = clock.now
            findings &+= checker.check(claim).count
            warmUp.append(seconds(clock.now - t0))
        }
        warmUp.sort()
        // A fixed loop as long as a typical call, timed alternately with the calls so that
        // both see the machine in the same state: what the machine alone adds to the tail.
        let loop = FixedWork(lasting: warmUp[warmUp.count / 2])
        var samples: [Double] = [], noise: [Double] = []
        samples.reserveCapacity(n)
        noise.reserveCapacity(n)
        for _ in 0..<n {
            let t0 = clock.now
            findings &+= checker.check(claim).count
            samples.append(seconds(clock.now - t0))
            noise.append(loop.timed())
        }
        say("")
        say("Per-claim latency, \(tablesName), one 5-line claim, \(thousands(Double(n))) calls: \(percentiles(samples)), max \(fixed(samples.max()! * 1e6)) µs (\(checker.check(claim).count) findings a call)")
        say("  the machine's own spread, a fixed loop of \(fixed(warmUp[warmUp.count / 2] * 1e6, 2)) µs timed after each call: \(percentiles(noise))")
    }

    /// p50, p90, p99 and p99.9 of `samples` (seconds), in microseconds.
    static func percentiles(_ samples: [Double]) -> String {
        let s = samples.sorted(), c = s.count
        return "p50 \(fixed(s[c / 2] * 1e6, 2)) µs, p90 \(fixed(s[c * 9 / 10] * 1e6, 2)) µs, p99 \(fixed(s[c * 99 / 100] * 1e6, 2)) µs, p99.9 \(fixed(s[c * 999 / 1000] * 1e6, 2)) µs"
    }

    /// A loop of integer arithmetic (no memory allocation) sized to take about a given time.
    struct FixedWork {
        var iterations = 1_000

        init(lasting target: Double) {
            while timed() < target && iterations < 1 << 30 { iterations *= 2 }
            var probe = (0..<101).map { _ in timed() }
            probe.sort()
            iterations = max(1, Int(Double(iterations) * target / probe[50]))
        }

        /// Seconds one run takes. The loop reads and writes `noiseState` between the clock
        /// readings, so the optimiser cannot move it out of the timed span.
        func timed() -> Double {
            let t0 = clock.now
            var x = noiseState
            for k in 0..<UInt64(iterations) { x = (x &+ k) &* 0x9E37_79B9_7F4A_7C15 ^ (x >> 29) }
            noiseState = x
            return seconds(clock.now - t0)
        }
    }

    nonisolated(unsafe) static var noiseState: UInt64 = 1

    /// Peak resident memory of one check of 1M and 5M lines, each in its own process.
    static func residentMemory(work: String, cms: String?, quick: Bool) {
        say("")
        say("Peak resident memory (a separate process per file: load tables, read, check):")
        let sizes = quick ? [100_000, 500_000] : [1_000_000, 5_000_000]
        for n in sizes {
            let path = "\(work)/bench-rss-\(n).837"
            if !FileManager.default.fileExists(atPath: path) { _ = SyntheticFiles.write(.x12, lines: n, seed: 2, to: path) }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let p = Process()
            let pipe = Pipe()
            p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
            p.arguments = ["rss", path, "--work", work] + (cms.map { ["--cms", $0] } ?? ["--cms", "/nonexistent"])
            p.standardOutput = pipe
            try? p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            say("  837P \(thousands(Double(n))) lines (\(fixed(Double(size) / 1e6)) MB), \(cms == nil ? "bundled pack" : "full CMS tables"): \(out.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

extension Bench {
    static func say(_ s: String) {
        FileHandle.standardOutput.write(Data((s + "\n").utf8))
    }
}
