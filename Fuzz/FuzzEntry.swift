// libFuzzer entry points for ClaimLint's readers. Not a SwiftPM target: `Scripts/fuzz.sh`
// compiles this file together with `Sources/ClaimLint` into one module with
// `swiftc -sanitize=fuzzer,address`, choosing the target with `-D FUZZ_<TARGET>`.
//
// Each target reads the input the way the tool would and then checks whatever claims it
// read, so a crash anywhere between the bytes and the findings is caught; the X12 target also
// reads the input with the parallel reader and requires the serial reader's result (and reads
// it unwrapped when a line break cuts a segment), and the
// CSV target renders every report format, streamed and whole, and requires the same bytes. A reader may reject
// an input (a thrown InputError or PackError); it must not trap, hang or grow without bound.

import Foundation

let fuzzChecker = Checker()

@_cdecl("LLVMFuzzerTestOneInput")
public func claimLintFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}

#if FUZZ_X12
func fuzzOne(_ bytes: [UInt8]) {
    guard let result = try? X12ClaimReader.read(bytes: bytes, file: "fuzz.837") else { return }
    precondition(result.claimsRead >= result.claims.count)
    // The parallel reader, cut at every transaction set it may cut at, reads the same.
    let parallel = bytes.withUnsafeBytes { X12ParallelReader.read($0, file: "fuzz.837", parts: 1_000, minimumPartBytes: 0, threads: 2, onClaim: nil) }
    guard case .success(let p) = parallel else { preconditionFailure("the parallel reader failed where the serial one read") }
    precondition(p.claims == result.claims && p.diagnostics == result.diagnostics && p.claimsRead == result.claimsRead && p.linesRead == result.linesRead)
    _ = fuzzChecker.check(result.claims)
    // Wrapped records (a line break inside a segment) are unwrapped in place, never longer,
    // and read as the file reader reads them.
    if X12Wrapping.isWrapped(bytes) {
        precondition(X12Wrapping.unwrapped(bytes).count <= bytes.count)
        if let unwrapped = try? ClaimFileReader.read(bytes: bytes, file: "fuzz.837") {
            precondition(unwrapped.diagnostics.first?.id == "x12.wrapped")
            _ = fuzzChecker.check(unwrapped.claims)
        }
    }
}
#elseif FUZZ_CSV
func fuzzOne(_ bytes: [UInt8]) {
    // The CSV reader, and JSON when the input starts like JSON (format detection decides).
    guard let result = try? ClaimFileReader.read(bytes: bytes, file: "fuzz.csv") else { return }
    precondition(result.claimsRead >= result.claims.count)
    // A delimited file read in parts, cut at every row that may start a part, reads the same
    // (its text: UTF-16 is decoded first).
    let text = try! FileContent.text(of: bytes, file: "fuzz.csv")
    if InputFormat.detect(text) != .json {
        let parallel = text.withUnsafeBytes { CSVParallelReader.read($0, file: "fuzz.csv", parts: 1_000, minimumPartBytes: 0, threads: 2, onClaim: nil) }
        guard case .success(let p) = parallel else { preconditionFailure("the parallel reader failed where the serial one read") }
        precondition(
            p.claims == result.claims && p.diagnostics == result.diagnostics && p.suppressions == result.suppressions
                && p.claimsRead == result.claimsRead && p.linesRead == result.linesRead && p.claimsUnreadable == result.claimsUnreadable
                && p.linesUnreadable == result.linesUnreadable,
            "the parallel CSV reader differs from the serial one")
    }
    // A report format (one per input, by its length, to keep runs fast), whatever the claims'
    // text: the streamed bytes, in chunks, are the rendered ones, and the JSON and SARIF
    // reports parse as JSON.
    var summary = Summary()
    (summary.files, summary.claims, summary.lines) = (1, result.claimsRead, result.linesRead)
    let report = fuzzChecker.report(claims: result.claims, summary: summary, diagnostics: result.diagnostics, suppressions: result.suppressions)
    let options = ReportOptions(showPHI: true)
    let format = ReportFormat.allCases[bytes.count % ReportFormat.allCases.count]
    let whole = ReportRenderer.render(report, format: format, options: options)
    var streamed: [UInt8] = []
    var out = ReportOutput(chunkSize: 7) { streamed += $0 }
    ReportRenderer.write(report, format: format, options: options, to: &out)
    try! out.finish()
    precondition(streamed == Array(whole.utf8), "the streamed \(format) report differs from the rendered one")
    if format == .json || format == .sarif {
        precondition((try? JSONSerialization.jsonObject(with: Data(whole.utf8))) != nil, "the \(format) report is not JSON")
    }
}
#elseif FUZZ_RULES
/// The files of a pack: the input is read as each in turn, so the rule parser, pack.txt and
/// every table reader see it.
let fuzzPackFiles = ["x.rules", "pack.txt", "codes.tsv", "mue.tsv", "addons.tsv", "ptp.tsv", "counted.tsv"]

func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for name in fuzzPackFiles {
        guard let pack = try? RulePack.parse(files: [(name: name, text: text)], origin: "fuzz") else { continue }
        // Check a small batch with what it compiled, over the bundled pack.
        let checker = Checker(packs: [RulePack.bundled, pack])
        _ = checker.check(fuzzSampleClaims)
    }
}

let fuzzSampleClaims: [Claim] = (try? RuleExample.parseClaims("99213-25 x1; 11042 x1; 0856T x2 || member=M2 : 27447-RT x1; 20610 x1")) ?? []
#elseif FUZZ_CMS
func fuzzOne(_ bytes: [UInt8]) {
    // Every CMS table reader on the same bytes, and the classifier that picks one.
    var d = CMSDiagnostics(file: "fuzz")
    _ = CMSFolder.kind(content: bytes[...].prefix(4096))
    _ = PTPFileReader.read(bytes, file: "ccipra-2024q3-f1.txt", diagnostics: &d)
    _ = MUEFileReader.read(bytes, file: "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv", diagnostics: &d)
    _ = AddonFileReader.read(bytes, file: "AOC_2024-06-03_active.csv", diagnostics: &d)
    _ = PPRRVUReader.read(bytes, file: "PPRRVU24_JUL.csv", diagnostics: &d)
    fuzzFolder(bytes)
}

/// Names a fuzzed folder's files take: releases of several quarters and kinds, so that the
/// grouping into periods, the PTP parts check and the add-on releases see them.
let fuzzCMSNames = [
    "AOC_2024-04-01.csv", "AOC_2024-06-03.csv", "add-code-edits-medicare-effective-10012024.csv", "AOC_V2024Q3.csv",
    "ccipra-2024q3-f1.txt", "ccipra-2024q3-f2.txt", "ccipra-2024q3-f3.txt", "ccipra-2024q3-f4.txt", "ccipra-2024q4-f1.txt",
    "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv", "MCR_MUE_PractitionerServices_Eff_10-01-2024.csv",
    "PPRRVU24_JUL.csv", "PPRRVU23_JAN.csv", "PPRRVU24_OCT.csv", "tables.csv",
]
let fuzzCMSFolder = NSTemporaryDirectory() + "claimlint-fuzz-cms-\(getpid())"
let fuzzCMSClaims: [Claim] = (try? RuleExample.parseClaims(
    "2023-02-14 | 0784T x1; 99213 x1 || 2024-06-02 | 0751T x1; 88305 x1 || 2024-08-14 | 99213 x1; 96523 x1; 0856T x1 || 2024-10-15 | 45380 x1; 45378 x1; 11045 x1")) ?? []

/// A folder of one to four files cut from the input (the first byte gives how many, the next
/// ones their names), loaded as `--cms` loads one, and a few claims checked against it when it
/// loads without an error.
func fuzzFolder(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let count = Int(first & 3) + 1
    guard bytes.count > count + 1 else { return }
    let body = bytes[(1 + count)...]
    let size = (body.count + count - 1) / count
    let fm = FileManager.default
    try? fm.removeItem(atPath: fuzzCMSFolder)
    try! fm.createDirectory(atPath: fuzzCMSFolder, withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: fuzzCMSFolder) }
    var paths: [String] = []
    for k in 0..<count {
        let path = fuzzCMSFolder + "/" + fuzzCMSNames[Int(bytes[1 + k]) % fuzzCMSNames.count]
        guard !paths.contains(path) else { continue }
        precondition(fm.createFile(atPath: path, contents: Data(body.dropFirst(k * size).prefix(size))))
        paths.append(path)
    }
    let result = CMSFolder.load(files: paths.sorted())
    guard !result.diagnostics.contains(where: { $0.severity == .error }) else { return }
    let checker = Checker(reference: ReferenceData(cms: result.tables, packs: [RulePack.bundled]))
    _ = checker.check(fuzzCMSClaims)
}
#else
#error("compile with -D FUZZ_X12, FUZZ_CSV, FUZZ_RULES or FUZZ_CMS")
#endif
