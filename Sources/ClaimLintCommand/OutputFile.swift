import Foundation

/// The temporary file a report is being written to, for the signal handler that removes it.
nonisolated(unsafe) private var pendingTemporary: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var removalInstalled = false

/// Writes the file at `path` through `body`, so that it is never seen half-written:
/// - a regular file (or none yet) is written to a temporary file beside it (`.claimlint-XXXXXX`,
///   created with `mkstemp`), which is renamed over it at the end; a file it replaces keeps
///   its permissions, a new one gets those of the umask. The temporary file is removed when
///   writing fails or the run is interrupted (SIGINT, SIGTERM, SIGHUP).
/// - a symbolic link is followed, and the file it points to written so; a link to a file
///   that does not exist yet creates that file, as a shell's `>` does (the link stays).
/// - anything else (`/dev/stdout`, `/dev/null`, a named pipe) is written to in place.
/// Reports the failure on stderr and returns false.
func writeFile(_ path: String, _ body: (FileHandle) throws -> Void) -> Bool {
    var temporary: String?
    do {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && info.st_mode & S_IFMT != S_IFREG {
            let fd = open(path, O_WRONLY | O_TRUNC)
            guard fd >= 0 else { throw posixError() }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try body(handle)
            try handle.close()
            return true
        }
        let target = try landing(path, exists: exists)
        let directory = folderAndName(target).folder
        var template = Array("\(directory)/.claimlint-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw posixError() }
        let name = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        temporary = name
        removeOnSignal(name)
        let mask = umask(0)
        umask(mask)
        fchmod(fd, exists ? info.st_mode & 0o7777 : 0o666 & ~mask)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try body(handle)
        try handle.close()
        guard rename(name, target) == 0 else { throw posixError() }
        removeOnSignal(nil)
        return true
    } catch {
        if let temporary {
            unlink(temporary)
            removeOnSignal(nil)
        }
        writeStderr("claimlint: cannot write \(path): \(describe(error))\n")
        return false
    }
}

/// The file a write to `path` lands on: `path`, or for a symbolic link the file it points to
/// (`exists`: there is one), or for a link to nothing where it points.
private func landing(_ path: String, exists: Bool) throws -> String {
    var link = stat()
    guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { return path }
    guard exists else { return try danglingTarget(path) }
    guard let resolved = real(path) else { throw posixError() }
    return resolved
}

/// Where a symbolic link to nothing points, through any links it leads to (at most 40, as the
/// system allows): the file to create.
private func danglingTarget(_ path: String) throws -> String {
    var current = path
    for _ in 0..<40 {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(current, &buffer, buffer.count - 1)
        guard n >= 0 else { throw posixError() }
        let destination = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if destination.hasPrefix("/") {
            current = destination
        } else if let slash = current.lastIndex(of: "/") {
            current = String(current[...slash]) + destination
        } else {
            current = destination
        }
        var info = stat()
        guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
    }
    throw POSIXError(.ELOOP)
}

/// The regular file at `path` as the system knows it (device and inode), or nil when there is
/// none (or it is a device or a pipe): another path to it or a link to it is the same file.
/// `-` is standard input, which a shell may have opened on a file (`< claims.csv`).
func regularFileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    let found = path == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(path, &info) == 0
    guard found, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
}

/// `path` made absolute, through links and `.`/`..`; nil when it is not there.
func real(_ path: String) -> String? {
    guard let r = realpath(path, nil) else { return nil }
    defer { free(r) }
    return String(cString: r)
}

/// The absolute path a write to `path` lands on (`writeFile`), through links (a link to
/// nothing: where it points) and `.`/`..`, for a file there or not; nil for a device or a pipe,
/// or a folder that is not there.
func writtenPath(_ path: String) -> String? {
    var info = stat()
    if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFREG ? real(path) : nil }
    guard let target = try? landing(path, exists: false) else { return nil }
    let (directory, name) = folderAndName(target)
    return real(directory).map { ($0 == "/" ? "" : $0) + "/" + name }
}

/// The folder of a path (`.` for a bare name, `/` at the root) and the name in it.
private func folderAndName(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
}

/// Why a write to `path` cannot go in its folder: the folder is not there, or is a file (nil:
/// it is a folder, or `path` itself is there, or a link loop `writeFile` tells of). `check`
/// says so before it checks, rather than failing to write the report after a long run.
func missingFolder(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) != 0, let target = try? landing(path, exists: false) else { return nil }
    let directory = folderAndName(target).folder
    var folder = stat()
    guard stat(directory, &folder) == 0 else { return "the folder '\(directory)' does not exist; create it first" }
    return folder.st_mode & S_IFMT == S_IFDIR ? nil : "'\(directory)' is not a folder"
}

/// Why the files `check` writes would destroy what it reads or each other, or nil: `--output`
/// or `--write-baseline` naming a claim file (standard input's too), the baseline read
/// (`--output`; a baseline may be rewritten in place, as when one is updated), the denial-code
/// file or a file in a `--rules` or `--cms` folder; or both naming one file, by any path or
/// link. A report written over the claims it checked lost them, without a word.
func outputConflict(_ options: CheckOptions) -> String? {
    var reads: [(what: String, path: String)] = options.files.map { ($0 == "-" ? "the claim file read from standard input" : "the claim file", $0) }
    if let d = options.denialCodes { reads.append(("the --denial-codes file", d)) }
    let folders = options.rulePacks.map { ("--rules", $0) } + options.cmsFolders.map { ("--cms", $0) }
    for (option, path) in [("--output", options.output), ("--write-baseline", options.writeBaseline)] {
        guard let path else { continue }
        if let written = regularFileIdentity(path) {
            let baseline = option == "--output" ? options.baseline.map { [("the --baseline file", $0)] } ?? [] : []
            if let read = (reads + baseline).first(where: { regularFileIdentity($0.path) == written }) {
                let same = read.path == path ? "" : " ('\(read.path)')"
                return "\(option) '\(path)' is \(read.what)\(same); writing it would overwrite what is read. Name another file"
            }
        }
        if let target = writtenPath(path),
            let (folderOption, folder) = folders.first(where: { f in real(f.1).map { target.hasPrefix($0 == "/" ? "/" : $0 + "/") } ?? false })
        {
            return "\(option) '\(path)' is in the \(folderOption) folder '\(folder)', which the run reads (a later run would read the report as a table). Name a file elsewhere"
        }
    }
    if let output = options.output, let baseline = options.writeBaseline, output == baseline || (writtenPath(output) != nil && writtenPath(output) == writtenPath(baseline)) {
        return "--output and --write-baseline name one file '\(output)'; the report would replace the baseline. Name two files"
    }
    return nil
}

private func posixError() -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

/// What went wrong, in the system's words when it was a system call (Foundation's messages for
/// file errors hide the cause).
func describe(_ error: any Error) -> String {
    if let e = error as? POSIXError { return String(cString: strerror(e.code.rawValue)) }
    let ns = error as NSError
    if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(u.code))) }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return error.localizedDescription
}

/// Sets the file the signal handler removes (nil: none), installing the handler once.
private func removeOnSignal(_ path: String?) {
    let old = pendingTemporary
    pendingTemporary = path.map { strdup($0) }
    free(old)
    guard !removalInstalled, path != nil else { return }
    removalInstalled = true
    for s in [SIGINT, SIGTERM, SIGHUP] {
        signal(s) { s in
            if let p = pendingTemporary { unlink(p) }
            signal(s, SIG_DFL)
            raise(s)
        }
    }
}
