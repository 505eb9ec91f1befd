import Foundation

/// Runs programs with Foundation.Process: the built `claimlint` and the schema validators.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum ExternalTool {
    /// Runs `executable` with `arguments` in `directory`; `GITHUB_STEP_SUMMARY` is removed from
    /// the environment (tests may run inside GitHub Actions) unless `environment` sets it.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_STEP_SUMMARY"] = nil
        env["CLAIMLINT_RECORD"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting, so a full pipe cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// The first executable called `name` on the PATH.
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// `../shared/schemas` next to the package, when present.
    static let schemas: URL? = {
        let dir = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/schemas")
        return FileManager.default.fileExists(atPath: dir.appendingPathComponent("sarif-schema-2.1.0.json").path) ? dir : nil
    }()

    static let checkJSONSchema: URL? = find("check-jsonschema")

    /// python3, if it can import xmlschema.
    static let pythonWithXMLSchema: URL? = {
        guard let python = find("python3"),
              let r = try? run(python, ["-c", "import xmlschema"]), r.status == 0
        else { return nil }
        return python
    }()

    /// The built `claimlint-bench`, beside `claimlint`.
    static let claimlintBench: URL? = claimlint.map { $0.deletingLastPathComponent().appendingPathComponent("claimlint-bench") }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }

    /// The built `claimlint`: `CLAIMLINT_BINARY` if set, else next to the test bundle (the
    /// products directory is the bundle's parent), else the package's `.build/debug`.
    static let claimlint: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["CLAIMLINT_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("claimlint"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("claimlint"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("claimlint"))
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("claimlint"))
        candidates.append(argv0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("claimlint"))
        candidates.append(Fixtures.root.appendingPathComponent(".build/debug/claimlint"))
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue && fm.isExecutableFile(atPath: url.path)
        }
    }()
}
