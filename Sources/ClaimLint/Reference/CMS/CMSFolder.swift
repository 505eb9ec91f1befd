import Dispatch
import Foundation
import Synchronization

/// The CMS tables ClaimLint reads as CMS publishes them.
public enum CMSTableKind: String, Sendable, Hashable, CaseIterable {
    /// Physician fee schedule relative value file → `ReferenceTables.codes`.
    case pprrvu = "PPRRVU"
    /// Practitioner medically unlikely edits → `ReferenceTables.mue`.
    case mue = "MUE"
    /// Add-on code edits → `ReferenceTables.addons` (source CMS).
    case aoc = "AOC"
    /// Procedure-to-procedure edits → `ReferenceTables.ptp`.
    case ptp = "PTP"

    /// The `ReferenceTables` table the rows go into.
    public var table: String {
        switch self {
        case .pprrvu: "codes"
        case .mue: "mue"
        case .aoc: "addons"
        case .ptp: "ptp"
        }
    }
}

/// One CMS file that was read.
public struct CMSLoadedFile: Sendable, Hashable {
    public var path: String
    public var kind: CMSTableKind
    /// Rows read (rows with problems are skipped and reported as diagnostics).
    public var rows: Int
    /// The period the file's name (or title) gives; for an AOC file its release date as a
    /// one-day range; nil when the file gives none.
    public var period: DateRange?
    /// The periods of the table sets its rows went into (nil: a set for any date).
    public var appliesTo: [DateRange?]
    /// Time to read and parse the file (files are read in parallel).
    public var seconds: Double
}

/// What `CMSFolder.load` read: the table sets, one per effective period, what each file gave,
/// and the problems found.
public struct CMSLoadResult: Sendable {
    /// Sorted by period start.
    public var tables: [ReferenceTables]
    public var loaded: [CMSLoadedFile]
    public var diagnostics: [Diagnostic]
    /// Wall time of the whole load, tables built.
    public var seconds: Double

    /// One line per file read: `loaded PPRRVU24_JUL.csv: PPRRVU → codes, 18664 rows, 2024-07-01..2024-09-30 (0.041 s)`.
    public var summary: String {
        loaded.map { f in
            let name = f.path.split(separator: "/").last.map(String.init) ?? f.path
            let periods = f.appliesTo.map { $0?.description ?? "any date" }.joined(separator: ", ")
            let secs = String(Int((f.seconds * 1000).rounded())) + " ms"
            return "loaded \(name): \(f.kind.rawValue) → \(f.kind.table), \(f.rows) rows, \(periods.isEmpty ? "not used" : periods) (\(secs))"
        }.joined(separator: "\n")
    }
}

/// Loads the official CMS files found in a folder: PPRRVU fee-schedule CSVs, practitioner MUE
/// CSVs, add-on code edit CSVs and NCCI PTP TXT parts, recognised by content first and name
/// second, whatever the files are called. Files of one effective period build one
/// `ReferenceTables`; periods come from the file names (see `CMSPeriods`). Tables kept in
/// several folders load together with `load(directories:)`, never folder by folder: periods
/// borrow tables and codes are dated across all the files.
///
///     let cms = try CMSFolder.load(directory: "/data/cms/2024q3")
///     print(cms.summary)
///     for d in cms.diagnostics { print(d.message) }
///     let reference = ReferenceData(cms: cms.tables, packs: [RulePack.bundled])
///     let result = Checker(reference: reference).check(claims)
public enum CMSFolder {
    /// Reads every CMS file in the folder and its subfolders (hidden files aside). Files that
    /// are not CMS tables are listed as skipped (info); files that are compressed or malformed
    /// get a diagnostic naming the file and line, and a folder that gives no table at all an
    /// error (`cms.no-tables`). Throws only when the folder cannot be listed.
    public static func load(directory: String) throws(InputError) -> CMSLoadResult {
        try load(directories: [directory])
    }

    /// Reads the CMS files of several folders as one folder holding them all: a period takes
    /// a table it lacks from another folder's files, and the fee schedules of every folder
    /// date the codes (`--cms DIR` given more than once). A file reached by two paths (one
    /// folder named twice, a folder and its subfolder, a link to a file or a folder, a hard
    /// link) is one file by its device and inode, and is read once, by the first of its paths
    /// in path order; when that path's file name is not the other's (which may give another
    /// period), an info note says so (`cms.same-file`). Each folder that gives no table is an
    /// error (`cms.no-tables`), as for `load(directory:)`. Throws when a folder cannot be listed.
    public static func load(directories: [String]) throws(InputError) -> CMSLoadResult {
        var perFolder: [(directory: String, files: [String])] = []
        // The paths listed for each file, by the file's identity (or, for a file gone since
        // it was listed, its path).
        var paths: [FileKey: Set<String>] = [:]
        for directory in directories {
            let files = try listFiles(directory)
            perFolder.append((directory, files))
            for path in files {
                paths[FileIdentity(path: path).map(FileKey.file) ?? .path(path), default: []].insert(path)
            }
        }
        // The path read for each path listed: the first of its file's, whatever the folders' order.
        var resolved: [String: String] = [:]
        var all: [String] = []
        var sameFile: [Diagnostic] = []
        for same in paths.values {
            let first = same.min()!
            all.append(first)
            let firstName = (first as NSString).lastPathComponent
            for path in same {
                resolved[path] = first
                let name = (path as NSString).lastPathComponent
                guard name != firstName else { continue }
                sameFile.append(Diagnostic(
                    id: "cms.same-file", severity: .info,
                    message: "the same file as \(first) (a link): read once, as \(firstName), whose name gives its table and period, not as \(name)",
                    location: SourceLocation(file: path, line: 1, column: 1)))
            }
        }
        var result = load(files: all.sorted())
        result.diagnostics += sameFile.sorted { $0.location!.file < $1.location!.file }
        // Errors about the tables as a whole (a table skipped, a quarter's parts incomplete) are
        // reason enough; else, a folder no file of which gave rows is an error.
        let loadWide = result.diagnostics.contains { $0.severity == .error && $0.location == nil }
        for (directory, files) in perFolder {
            let mine = Set(files.map { resolved[$0]! })
            let gaveRows = result.loaded.contains { $0.rows > 0 && mine.contains($0.path) }
            let hasError = loadWide || result.diagnostics.contains { $0.severity == .error && $0.location.map { mine.contains($0.file) } == true }
            guard !gaveRows, !hasError else { continue }
            // Checking on with the bundled excerpt would pass claims the full tables deny.
            result.diagnostics.append(Diagnostic(
                id: "cms.no-tables", severity: .error,
                message: "no CMS table read from the folder: "
                    + (files.isEmpty
                        ? "it holds no files"
                        : "\(files.count == 1 ? "its one file is not" : "none of its \(files.count) files is") a PPRRVU, MUE, add-on code edit or NCCI PTP table with rows (each is listed with the reason)"),
                location: SourceLocation(file: directory, line: 0, column: 0)))
        }
        return result
    }

    /// A file listed in a CMS folder: its device and inode, or its path when it cannot be read.
    private enum FileKey: Hashable {
        case file(FileIdentity)
        case path(String)
    }

    /// The files of a folder and its subfolders, hidden ones aside, sorted, named under
    /// `directory` (a link to a folder is followed; links to folders within it are not).
    private static func listFiles(_ directory: String) throws(InputError) -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            let message = fm.fileExists(atPath: directory) ? "is a file, not a folder: --cms takes the folder that holds the CMS files" : "CMS folder not found"
            throw InputError(Diagnostic(id: "cms.folder", severity: .error, message: message, location: SourceLocation(file: directory, line: 0, column: 0)))
        }
        // Listed through its links (a folder given as a link to it listed nothing), named as given.
        guard let enumerator = fm.enumerator(atPath: URL(fileURLWithPath: directory).resolvingSymlinksInPath().path) else {
            throw InputError(Diagnostic(id: "cms.folder", severity: .error, message: "cannot list the CMS folder", location: SourceLocation(file: directory, line: 0, column: 0)))
        }
        var files: [String] = []
        while let rel = enumerator.nextObject() as? String {
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let path = (directory as NSString).appendingPathComponent(rel)
            var d: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &d), !d.boolValue { files.append(path) }
        }
        return files.sorted()
    }

    /// Reads the given files as `load(directory:)` reads a folder's.
    public static func load(files: [String]) -> CMSLoadResult {
        let clock = ContinuousClock()
        let start = clock.now
        var diagnostics: [Diagnostic] = []
        var jobs: [Job] = []
        // Files named like a table and not read (compressed, archived, a spreadsheet...).
        var skippedTables: [CMSTableKind: [String]] = [:]
        for path in files {
            switch classify(path) {
            case .read(let kind, let guessed): jobs.append(Job(path: path, kind: kind, size: fileSize(atPath: path), guessed: guessed))
            case .skip(let d, let form):
                diagnostics.append(d)
                // Named as they stand (`baseName` is lower-cased, for matching).
                if let form { skippedTables[form, default: []].append((path as NSString).lastPathComponent) }
            }
        }
        // Parse in parallel, largest first.
        let order = jobs.indices.sorted { jobs[$0].size > jobs[$1].size }
        let results = Mutex<[Parsed?]>(Array(repeating: nil, count: jobs.count))
        let jobList = jobs
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let i = order[k]
            let parsed = parse(jobList[i], clock: clock)
            results.withLock { $0[i] = parsed }
        }
        var parsed = results.withLock { r in r.map { $0! } }
        for p in parsed { diagnostics += p.diagnostics }
        let (tables, loaded, notes) = group(&parsed)
        diagnostics += notes
        diagnostics += incompletePTPParts(parsed, skipped: skippedTables[.ptp] ?? [])
        // A kind whose files were all skipped: the edits of that table would not run, which a
        // check that passes cannot show (`--cms` on the PTP parts as downloaded, zipped).
        let read = Set(loaded.filter { $0.rows > 0 }.map(\.kind))
        for kind in CMSTableKind.allCases where !read.contains(kind) {
            guard let names = skippedTables[kind] else { continue }
            let listed = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
            diagnostics.append(Diagnostic(
                id: "cms.table-skipped", severity: .error,
                message: "no \(kind.rawValue) table was read, and \(plural(names.count, "file")) named like one \(names.count == 1 ? "was" : "were") skipped (\(listed)): "
                    + "the \(kind.rawValue) edits would not run. Make \(names.count == 1 ? "it" : "them") readable as the skip message\(names.count == 1 ? "" : "s") above say\(names.count == 1 ? "s" : "") (decompress, unzip, save as CSV), or move \(names.count == 1 ? "it" : "them") out of the folder to check without \(kind.rawValue)",
                location: nil))
        }
        return CMSLoadResult(tables: tables, loaded: loaded, diagnostics: diagnostics, seconds: seconds(clock.now - start))
    }

    // MARK: - Recognising files

    enum Classification {
        /// Read as `kind`; `guessed` when only words in its first bytes suggest the kind (its
        /// name suggests none), so a file without the table's header is not one.
        case read(CMSTableKind, guessed: Bool)
        /// Not read; `form` is the kind of a file named like a table in a form ClaimLint does
        /// not read (compressed, archived, a spreadsheet, a fixed-width release).
        case skip(Diagnostic, form: CMSTableKind? = nil)
    }

    /// Extensions of documents, never tables, whatever words they hold.
    static let documentExtensions: Set<String> = ["md", "markdown", "pdf", "doc", "docx", "rtf", "htm", "html", "odt"]

    /// Whether the file's name shows a document (a README, or a document's extension), such
    /// as the README of an RVU zip or notes kept beside the tables.
    static func isDocument(name: String) -> Bool {
        if name.contains("readme") { return true }
        guard let dot = name.lastIndex(of: ".") else { return false }
        return documentExtensions.contains(String(name[name.index(after: dot)...]))
    }

    /// The kind a file's first bytes show, if any.
    static func kind(content head: ArraySlice<UInt8>) -> CMSTableKind? {
        if CMSBytes.contains(head, PTPFileReader.title) { return .ptp }
        if CMSBytes.contains(head, "MUE") && CMSBytes.contains(head, "Adjudication Indicator") { return .mue }
        if AddonFileReader.mentionsTypeColumn(head) { return .aoc }
        if CMSBytes.contains(head, "HCPCS") && CMSBytes.contains(head, "PCTC") && CMSBytes.contains(head, "GLOB") { return .pprrvu }
        return nil
    }

    /// The kind a file's name suggests, if any.
    static func kind(name path: String) -> CMSTableKind? {
        let name = CMSPeriods.baseName(path)
        if name.contains("pprrvu") { return .pprrvu }
        if name.contains("ccipra") || name.contains("ccioph") || name.contains("ptp") { return .ptp }
        if name.contains("mue") { return .mue }
        if name.contains("aoc") || name.contains("add-on") || name.contains("addon") || name.contains("add-code") { return .aoc }
        return nil
    }

    static func classify(_ path: String) -> Classification {
        let name = CMSPeriods.baseName(path)
        let byName = kind(name: path)
        func skip(_ severity: Severity, _ message: String, form: CMSTableKind? = nil) -> Classification {
            .skip(Diagnostic(id: "cms.skipped", severity: severity, message: message, location: SourceLocation(file: path, line: 1, column: 1)), form: form)
        }
        let what = byName.map { "a \($0.rawValue) file" } ?? "not a CMS table"
        if name.hasSuffix(".gz") {
            return skip(byName == nil ? .info : .warning, "skipped: compressed (\(what)); decompress it first (gunzip -k '\(name)'), ClaimLint reads uncompressed CMS files", form: byName)
        }
        if name.hasSuffix(".zip") {
            return skip(byName == nil ? .info : .warning, "skipped: a zip archive (\(what)); unzip it into the folder first", form: byName)
        }
        if name.hasSuffix(".xlsx") || name.hasSuffix(".xls") {
            return skip(byName == nil ? .info : .warning, "skipped: a spreadsheet (\(what)); ClaimLint reads the CSV or TXT release (for add-on code edits, save the sheet as CSV)", form: byName)
        }
        if isDocument(name: name) {
            return skip(.info, "skipped: a document, not a CMS table")
        }
        if name.contains("ccioph") || (byName == .mue && (name.contains("outpatient") || name.contains("dme"))) {
            return skip(.warning, "skipped: outpatient hospital or DME supplier edits; ClaimLint checks practitioner claims")
        }
        guard let head = CMSBytes.read(path, limit: 8192) else {
            return skip(.error, "skipped: cannot read the file")
        }
        let byContent = kind(content: head[...])
        if let byContent {
            if let byName, byName != byContent {
                return .skip(Diagnostic(
                    id: "cms.name-mismatch", severity: .warning,
                    message: "named like a \(byName.rawValue) file but its header is a \(byContent.rawValue) table's; not read (rename it if it is the table it holds)",
                    location: SourceLocation(file: path, line: 1, column: 1)))
            }
            return .read(byContent, guessed: byName == nil)
        }
        if let byName {
            if byName == .aoc, name.hasSuffix(".txt") {
                return skip(.warning, "skipped: the fixed-width AOC text release is not read; save the AOC spreadsheet's columns as CSV", form: .aoc)
            }
            if byName == .pprrvu, name.hasSuffix(".txt") {
                // The RVU zip holds the same table as CSV, TXT (fixed width, no column heading) and XLSX.
                let csv = (((path as NSString).lastPathComponent as NSString).deletingPathExtension) + ".csv"
                return skip(.warning, "skipped: the fixed-width PPRRVU text release is not read; ClaimLint reads the CSV release of the same RVU zip (\(csv))", form: .pprrvu)
            }
            // Named like a CMS table: its reader reports what its header lacks.
            return .read(byName, guessed: false)
        }
        return skip(.info, "skipped: not a CMS table ClaimLint recognises (PPRRVU, MUE, AOC or NCCI PTP)")
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    // MARK: - Parsing

    struct Job: Sendable {
        var path: String
        var kind: CMSTableKind
        var size: Int
        /// The kind comes from words in the file's first bytes alone (`Classification.read`).
        var guessed = false
    }

    enum Content: Sendable {
        case codes([CodeRow])
        case mue([MUERow])
        case addons([AddonRow])
        case ptp(PTPPart)
    }

    struct Parsed: Sendable {
        var path: String
        var kind: CMSTableKind
        var content: Content?
        var rows = 0
        var period: DateRange?
        /// A PPRRVU whose name has a year and no release month.
        var wholeYear = false
        /// An AOC file's release date.
        var release: ServiceDate?
        var seconds = 0.0
        var diagnostics: [Diagnostic] = []
    }

    static func parse(_ job: Job, clock: ContinuousClock) -> Parsed {
        let start = clock.now
        var p = Parsed(path: job.path, kind: job.kind)
        var d = CMSDiagnostics(file: job.path)
        guard let bytes = CMSBytes.read(job.path) else {
            d.note("cms.unreadable", .error, "cannot read the file")
            p.diagnostics = d.finished
            return p
        }
        switch job.kind {
        case .pprrvu:
            let r = PPRRVUReader.read(bytes, file: job.path, diagnostics: &d)
            p.content = .codes(r.rows)
            p.rows = r.rows.count
            if let (period, whole) = CMSPeriods.pprrvu(name: job.path) {
                p.period = period
                p.wholeYear = whole
            } else if let period = CMSPeriods.pprrvu(title: r.title) {
                p.period = period
            } else if let released = r.released {
                p.period = DateRange.quarter(containing: released)
                d.note("cms.period-guessed", .info, line: 5, "no release year and month in the name or title; taken as the quarter of the RELEASED date, \(p.period!.description)")
            } else if !r.rows.isEmpty {
                d.note("cms.no-period", .warning, "no period in the name (PPRRVU24_JUL) or title lines; its rows apply to every period loaded")
            }
        case .mue:
            let r = MUEFileReader.read(bytes, file: job.path, diagnostics: &d)
            if !r.valueColumn.isEmpty, !r.valueColumn.lowercased().contains("practitioner") {
                d.note("cms.skipped", .warning, "skipped: the MUE values are '\(r.valueColumn)', not practitioner services; ClaimLint checks practitioner claims")
                p.diagnostics = d.finished
                p.seconds = seconds(clock.now - start)
                return p
            }
            p.content = .mue(r.rows)
            p.rows = r.rows.count
            p.period = CMSPeriods.mue(name: job.path)
            if p.period == nil, !r.rows.isEmpty {
                d.note("cms.no-period", .warning, "no effective date in the name (..._Eff_07-01-2024.csv); its rows apply to every period loaded")
            }
        case .aoc:
            let rows = AddonFileReader.read(bytes, file: job.path, diagnostics: &d)
            p.content = .addons(rows)
            p.rows = rows.count
            p.release = CMSPeriods.aoc(name: job.path)
            p.period = p.release.map { DateRange($0) }
        case .ptp:
            let part = PTPFileReader.read(bytes, file: job.path, diagnostics: &d)
            p.rows = part.rows.count
            p.content = .ptp(part)
            p.period = CMSPeriods.ptp(name: job.path)
        }
        p.diagnostics = d.finished
        if p.rows == 0, p.content != nil {
            let missing = p.diagnostics.first { $0.id == "cms.missing-header" }
            let what = missing.map { "has " + $0.message.replacingOccurrences(of: "; file not read", with: "") } ?? "has no row of one"
            if job.guessed, missing != nil || p.diagnostics.isEmpty {
                // Words of a table's header somewhere in its first bytes (prose about the
                // tables, say), but not the table: a file that is not a CMS table, as its name
                // suggested.
                p.diagnostics = [Diagnostic(
                    id: "cms.skipped", severity: .warning,
                    message: "skipped: not a CMS table ClaimLint recognises: it mentions the \(job.kind.rawValue) table's columns, but \(what)",
                    location: SourceLocation(file: job.path, line: 1, column: 1))]
            } else if p.diagnostics.isEmpty {
                d.note("cms.empty", .warning, "no rows: the file has the \(job.kind.rawValue) header but no row under it, and gives no table")
                p.diagnostics = d.finished
            }
            p.content = nil
        }
        p.seconds = seconds(clock.now - start)
        return p
    }
}
