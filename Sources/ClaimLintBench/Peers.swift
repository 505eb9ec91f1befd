import ClaimLint
import Foundation

/// The open peers on the same 837P file: pyx12 (`x12valid`, full implementation-guide
/// validation) and x12-tidy (`x12-tidy check`, envelope checks), from the virtual environment
/// Scripts/bench-peers.sh makes. Each is timed once (they are slow) and compared with
/// ClaimLint's median end-to-end time on the same file.
enum Peers {
    static let venv = ProcessInfo.processInfo.environment["CLAIMLINT_PEERS_VENV"] ?? "/tmp/claimlint-peers"

    static func run(file: SyntheticFiles.Written, checker: Checker, tablesName: String) {
        Bench.say("")
        Bench.say("Open peers on \(file.path) (\(Bench.thousands(Double(file.lines))) service lines, \(Bench.fixed(Double(file.bytes) / 1e6)) MB):")
        var times: [Double] = []
        for _ in 0..<5 { times.append(Bench.endToEnd(path: file.path, checker: checker).seconds) }
        let ours = Bench.median(times)
        Bench.say("  claimlint (\(tablesName)): \(Bench.fixed(ours, 3)) s, \(Bench.thousands(Double(file.lines) / ours)) lines/s")
        let peers = [
            ("pyx12 (x12valid, full 837P guide validation)", "\(venv)/bin/x12valid", ["--quiet", file.path]),
            ("x12-tidy (x12-tidy check, envelope checks)", "\(venv)/bin/x12-tidy", ["check", file.path]),
        ]
        for (name, tool, args) in peers {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                Bench.say("  \(name): skipped, \(tool) not found (run Scripts/bench-peers.sh to install it)")
                continue
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let t0 = Bench.clock.now
            do { try p.run() } catch {
                Bench.say("  \(name): skipped, \(error)")
                continue
            }
            p.waitUntilExit()
            let t = Bench.seconds(Bench.clock.now - t0)
            Bench.say("  \(name): \(Bench.fixed(t, 2)) s (exit \(p.terminationStatus)), \(Bench.thousands(Double(file.lines) / t)) lines/s; claimlint is \(Bench.fixed(t / ours))x faster")
        }
    }
}
