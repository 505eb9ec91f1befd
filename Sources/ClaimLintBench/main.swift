import ClaimLint
import Foundation

/// claimlint-bench: generates synthetic 837P and CSV batches and prints ClaimLint's throughput,
/// per-claim latency, peak memory and linearity, and the open peers' throughput on the same
/// file. Figures only; nothing here asserts on time.
///
///   swift run -c release claimlint-bench [--cms DIR] [--work DIR] [--quick] [--no-peers]
///   swift run -c release claimlint-bench generate 837|csv|json LINES PATH [SEED]
///   swift run -c release claimlint-bench rss FILE [--cms DIR]     (one check; prints peak RSS)
///   swift run -c release claimlint-bench latency [--cms DIR] [--calls N]   (per-claim latency alone;
///       N calls, default 200,000: fewer for a profile under valgrind)
///   swift run -c release claimlint-bench cores FILE [--cms DIR]   (check only, then end to end: 1 core against all)
///   swift run -c release claimlint-bench read FILE [--stream] [--runs N]
///       (reading alone: ClaimFileReader.read(path:) N times, default 3; prints the median
///       seconds, MB/s, lines/s and VmHWM. `--stream` hands each claim to a callback that only
///       counts it, so VmHWM shows the reader's own memory, not the claims kept)
///   swift run -c release claimlint-bench readpar FILE PARTS       (serial vs parallel X12 read)
///
/// `--cms DIR` defaults to ../shared/cms (gzipped PTP parts are decompressed into the work
/// folder, default /tmp/claimlint-bench). The peers run from the virtual environment that
/// Scripts/bench-peers.sh makes (/tmp/claimlint-peers); they are skipped when it is absent.

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    let v = arguments[i + 1]
    arguments.removeSubrange(i...i + 1)
    return v
}
@MainActor func flag(_ name: String) -> Bool {
    guard let i = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: i)
    return true
}
func say(_ s: String) { Bench.say(s) }

// As `claimlint check` does, so that memory figures are the command's.
Checker.mapLargeAllocations()
let work = option("--work") ?? "/tmp/claimlint-bench"
let cmsSource = option("--cms") ?? "../shared/cms"
let quick = flag("--quick")
let noPeers = flag("--no-peers")
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

switch arguments.first {
case "generate":
    guard arguments.count >= 4, let format = SyntheticFiles.Format(rawValue: arguments[1]), let n = Int(arguments[2]) else {
        say("usage: claimlint-bench generate 837|csv|json LINES PATH [SEED]")
        exit(64)
    }
    let w = SyntheticFiles.write(format, lines: n, seed: arguments.count > 4 ? UInt64(arguments[4]) ?? 1 : 1, to: arguments[3])
    say("\(w.path): \(w.lines) lines, \(w.claims) claims, \(w.bytes) bytes")
case "rss":
    guard arguments.count >= 2 else { say("usage: claimlint-bench rss FILE [--cms DIR]"); exit(64) }
    let tables = Bench.loadTables(cmsSource, work: work, quiet: true)
    let checker = tables.map { Checker(reference: ReferenceData(cms: $0, packs: [RulePack.bundled])) } ?? Checker()
    let afterLoad = Bench.memory()
    let run = Bench.endToEnd(path: arguments[1], checker: checker)
    let peak = Bench.memory()
    say("rss \(arguments[1]): \(run.lines) lines, \(run.findings) findings in \(Bench.fixed(run.seconds, 3)) s; VmHWM after tables \(afterLoad.hwm) MB, after check \(peak.hwm) MB (VmRSS \(peak.rss) MB)")
case "cores":
    guard arguments.count >= 2 else { say("usage: claimlint-bench cores FILE [--cms DIR]"); exit(64) }
    let tables = Bench.loadTables(cmsSource, work: work, quiet: true)
    let checker = tables.map { Checker(reference: ReferenceData(cms: $0, packs: [RulePack.bundled])) } ?? Checker()
    say("Cores, \(tables == nil ? "bundled pack" : "full CMS tables"), \(arguments[1]) (check only, the file read once; then end to end):")
    if !Bench.coreScaling(path: arguments[1], checker: checker) { say("cores: \(arguments[1]) cannot be read"); exit(1) }
    Bench.endToEndCores(path: arguments[1], checker: checker)
case "latency":
    let calls = option("--calls").flatMap { Int($0) } ?? 200_000
    guard calls > 0 else { say("usage: claimlint-bench latency [--cms DIR] [--calls N]"); exit(64) }
    let tables = Bench.loadTables(cmsSource, work: work, quiet: true)
    let checker = tables.map { Checker(reference: ReferenceData(cms: $0, packs: [RulePack.bundled])) } ?? Checker()
    Bench.latency(checker: checker, tablesName: tables == nil ? "bundled pack" : "full CMS tables", calls: calls)
case "read":
    let stream = flag("--stream")
    let runs = option("--runs").flatMap { Int($0) } ?? 3
    guard arguments.count >= 2, runs > 0 else { say("usage: claimlint-bench read FILE [--stream] [--runs N]"); exit(64) }
    let r = Bench.readOnly(path: arguments[1], stream: stream, runs: runs)
    let mb = Double(r.bytes) / 1_000_000
    let mem = Bench.memory()
    say("read\(stream ? " --stream" : "") \(arguments[1]): \(r.lines) lines, \(r.claims) claims, \(r.diagnostics) diagnostics, \(Bench.fixed(mb, 1)) MB; median of \(runs): \(Bench.fixed(r.seconds, 3)) s, \(Bench.fixed(mb / r.seconds, 1)) MB/s, \(Int(Double(r.lines) / r.seconds)) lines/s, CPU \(Bench.fixed(r.cpuSeconds, 3)) s (runs: \(r.all.map { Bench.fixed($0, 3) }.joined(separator: ", ")) s); VmHWM \(mem.hwm) MB, VmRSS \(mem.rss) MB")
case "readpar":
    guard arguments.count >= 3, let parts = Int(arguments[2]) else { say("usage: claimlint-bench readpar FILE PARTS [--once]"); exit(64) }
    if arguments.contains("--once") { ReadParallel.once(path: arguments[1], parts: parts) } else { ReadParallel.run(path: arguments[1], parts: parts) }
case nil:
    Bench.all(work: work, cms: cmsSource, quick: quick, peers: !noPeers)
default:
    say("usage: claimlint-bench [--cms DIR] [--work DIR] [--quick] [--no-peers] | generate 837|csv|json LINES PATH [SEED] | rss FILE [--cms DIR] | read FILE [--stream] [--runs N]")
    exit(64)
}
