import Foundation
import Synchronization

/// One service line as the edits see it: its key fields, its units and its table set, in 36
/// bytes. It holds no reference-counted value, so the batch keeps lines without the claims they
/// came from, and copying an entry costs no retain. Where the line is in its file and the
/// number the file gives it (what a finding names) are kept apart, packed, in
/// `BatchIndex.sources`; its provider's NPI through its group (`BatchIndex.provider(of:)`), and
/// the last day of a line that spans days in `BatchIndex.spans`. Its units are kept in 4 bytes
/// (`Units` takes 8), so that they go to the spill file with the entry: kept beside the
/// entries by position, they took 20 MB of memory at 5M lines while the batch was read.
struct LineEntry: Sendable, BitwiseCopyable {
    var modifiers: PackedModifiers
    var tableSet: Int16
    /// The line's (patient, rendering or else billing provider) group: the lines the batch-wide
    /// edits compare are those of one group (`BatchIndex.finishGroups()`).
    var group: Int32
    /// The claim's position in the batch.
    var claim: Int32
    /// The line's position in its claim.
    var line: Int32
    var code: ProcedureCode
    var date: ServiceDate
    /// The line's units in thousandths (`BatchIndex.units(of:)`); `Int32.min` when they do not
    /// fit, and then they are in `BatchIndex.largeUnits`.
    var units: Int32
}

/// What pack rules may ask of a claim beyond its id; kept only when a pack rule looks at ages,
/// places of service or diagnoses (`BatchIndex.keepsDetails`).
struct ClaimDetail: Sendable {
    var birthDate: ServiceDate?
    var diagnoses: [DiagnosisCode]

    func age(on date: ServiceDate) -> Int? { birthDate.map { Claim.age(born: $0, on: date) } }
}

/// What a pack rule may ask of a line beyond its entry; kept only when a pack rule looks at
/// places of service or diagnoses.
struct LineDetail: Sendable {
    var placeOfService: String?
    var diagnosisPointers: DiagnosisPointers
}

/// The batch laid out for the edits: every line in batch order, and the lines of each
/// (patient, provider) in date order.
///
/// Claims are added in batches (`append`), each indexed and then no longer needed: the index
/// keeps a `LineEntry` per line and a claim's id, so a stream of claims can be
/// checked while it is read, and memory grows with the lines the batch-wide edits compare, not
/// with the claims read. `finishGroups()` sorts the groups once every claim is in. A batch over
/// `spillPolicy.after` lines writes its entries to a temporary file as it grows
/// (`spillIfLarge()`) and lays out its groups a partition at a time (`spillPartitions()`,
/// `loadPartition(_:)`), so its entries are never all in memory.
struct BatchIndex: Sendable {
    /// Each line's entry, by entry index; in a batch over `spillPolicy.after` lines only the
    /// last lines added are in memory until the batch-wide edits run (`spillIfLarge()`), and
    /// then those of one partition of the groups at a time (`loadPartition(_:)`).
    var entries = EntryWindow()
    /// When entries leave memory for a file; `.never` for a batch that must stay in memory.
    var spillPolicy = SpillPolicy.standard
    /// The entries written out of memory, once the batch has passed `spillPolicy.after` lines.
    private var spill: LineSpill?
    /// Buckets of a spill: enough that a partition of `spillPolicy.partitionLines` is made of
    /// several, so partitions come out near that size.
    static let spillBuckets = 64
    /// Units whose thousandths do not fit in a `LineEntry` (beyond ±2,147,483.647 units), by
    /// the line's place in the batch (`position(of:)`).
    private var largeUnits: [Int: Units] = [:]
    /// Each claim's id (what findings name; the rest only when pack rules ask, in
    /// `claimDetails`): a string in memory, or once a large batch spills its entries, UTF-8 in
    /// the spill file (`ClaimIDLog`).
    var claimIDs = ClaimIDLog()
    /// Per claim, when `keepsDetails`.
    var claimDetails: [ClaimDetail] = []
    /// Index of each claim's first entry; entries of a claim are contiguous.
    var claimStart: [Int32] = []
    /// The lines of void claims added (`Claim.isVoid`), which have no entries.
    private(set) var voidLines = 0
    /// The replacement claims (`Claim.isReplacement`), by position in the batch, ascending:
    /// usually none, so a claim is looked up only when a batch has some.
    private(set) var replacementClaims: [Int32] = []
    /// The whole modifier list of each line with more than four, by entry index.
    var extraModifiers: [Int: ModifierList] = [:]
    /// The last day of each line whose dates span more than one day, by entry index.
    var spans: [Int: ServiceDate] = [:]
    /// The providers of the lines, by their number in `groupProviders`.
    private(set) var providers: [NPI] = []
    /// Each group's provider, by `LineEntry.group` (4 bytes a group).
    private var groupProviders: [Int32] = []
    private var providerNumbers = Numbering<NPI>()
    /// Per entry, when `keepsDetails`.
    var details: [LineDetail] = []
    /// Each line's location and number, by entry index, and the files they name.
    var sources = LineSources()
    /// Which lines' numbers are their places in their claims, by entry index: `number(of:)`
    /// then needs no decoding of `sources`, nor do the findings named after the batch.
    private(set) var ordinalNumbers = OrdinalBits()
    var files: [String] { sources.files }
    /// Whether pack rules need ages, places of service or diagnoses (`claimDetails`, `details`).
    let keepsDetails: Bool
    /// The checker's reference data (shared, not copied: a copy retains every table array).
    private let shared: Checker.Shared

    /// The entry indices of every group, group after group: each group's lines sorted by date
    /// then batch order (after `finishGroups()`).
    private(set) var grouped: [Int32] = []
    /// Where each group's lines end in `grouped` (groups follow one another: a group starts
    /// where the one before ends). 4 bytes a group, where a `Range` takes 16.
    private var groupEnds: [Int32] = []
    /// Runs of one patient, provider and date longer than `maxLinesPerDate`, taken out of
    /// their group: the pairwise edits (PTP, add-on primaries, global package, pack rules across
    /// lines) would cost the square of their length, so only MUE totals check them.
    private(set) var oversized: [[Int32]] = []
    /// The most lines of one patient, provider and date the pairwise edits compare. An 837P
    /// claim holds at most 50 lines, so 1,000 is twenty full claims for one patient, provider
    /// and day, beyond real billing; it bounds the pairwise cost at 1,000 lookups per line.
    static let maxLinesPerDate = 1_000
    /// Per table set: lines outside its period, and their first and last dates.
    var outside: [Int: (count: Int, first: ServiceDate, last: ServiceDate)] = [:]

    private var fileIndex = Numbering<String>()
    /// The file of the last claim added, as that claim names it, and its number.
    private var lastFile: (name: String, number: Int)?
    /// "The same patient": the subscriber's member id, and the patient when not the subscriber.
    private struct PatientKey: Hashable { var member: String; var patient: String? }
    private var patients = Numbering<PatientKey>()
    private var lastPatient: (PatientKey, Int32)?
    private var groupOf = GroupNumbering()
    /// The group of the last line added, with its provider's NPI and patient, and the last
    /// provider numbered: the lines of a claim, and the claims of a patient, mostly have one
    /// provider, and a new patient mostly the last one's, so most lines need neither numbered
    /// again (a hash of the NPI and a group lookup for every claim were about 4% of adding a
    /// batch).
    private var lastLineGroup: (provider: NPI, patient: Int32, group: Int32)?
    private var lastLineProvider: (npi: NPI, number: Int32)?

    init(_ shared: Checker.Shared, keepsDetails: Bool) {
        self.shared = shared
        self.keepsDetails = keepsDetails
    }

    var groupCount: Int { groupEnds.count }
    /// Calls `body` with the entries of every group in group order, each group a slice of it
    /// (`group(_:in:)`): a slice of the array itself would retain and release its storage at
    /// every group, one object for every thread that checks groups.
    func withGroups<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R { grouped.withUnsafeBufferPointer(body) }

    /// The entries of group `g`, in `all` from `withGroups(_:)`.
    func group(_ g: Int, in all: UnsafeBufferPointer<Int32>) -> EntryRun {
        all[(g == 0 ? 0 : Int(groupEnds[g - 1]))..<Int(groupEnds[g])]
    }

    mutating func reserve(lines: Int) {
        entries.reserveCapacity(entries.count + lines)
        sources.reserve(lines: lines)
        // Claims have a line or more (those without lines are rare): room for as many claims
        // as lines, so that the claims' arrays never grow by copying near the end of a large
        // batch, when memory is at its highest.
        claimIDs.reserveCapacity(claimIDs.count + lines)
        claimStart.reserveCapacity(claimStart.count + lines)
        // Patients, at most one in four lines up to 65,536 (about 5 MB): each time the table
        // grew it hashed every patient's member id again (9 M instructions a 100k-line batch).
        patients.reserve(min(lines / 4, 1 << 16))
        if keepsDetails {
            details.reserveCapacity(details.count + lines)
            claimDetails.reserveCapacity(claimDetails.count + lines)
        }
    }

    /// Adds claims at the end of the batch.
    mutating func append(_ batch: some Collection<Claim>) {
        // Sized once for a batch added whole; parts added one by one grow geometrically
        // (reserving the exact size at each part would copy the entries every time).
        if entries.isEmpty && entries.capacity == 0 {
            var lineCount = 0
            for c in batch { lineCount += c.lines.count }
            entries.reserveCapacity(lineCount)
            sources.reserve(lines: lineCount)
        }
        let inPlace: Void? = batch.withContiguousStorageIfAvailable { claims in
            for i in claims.indices { append(claims.baseAddress! + i) }
        }
        if inPlace == nil {
            for claim in batch { withUnsafePointer(to: claim) { append($0) } }
        }
    }

    /// Adds the claim at `claim`, read in place: a copy of it would retain its texts and arrays
    /// only to release them.
    private mutating func append(_ claim: UnsafePointer<Claim>) {
        let ci = Int32(claimIDs.count)
        claimStart.append(Int32(entries.count))
        claimIDs.append(claim.pointee.id)
        if keepsDetails { claimDetails.append(ClaimDetail(birthDate: claim.pointee.birthDate, diagnoses: claim.pointee.diagnoses)) }
        // A void cancels a claim sent before: none of its lines is checked or counted with
        // another claim's (a void and its original summed to twice the units of an MUE).
        guard !claim.pointee.isVoid else {
            voidLines += claim.pointee.lines.count
            return
        }
        if claim.pointee.isReplacement { replacementClaims.append(ci) }
        let file: Int
        if let last = lastFile, last.name == claim.pointee.location.file {
            file = last.number
        } else {
            file = claim.pointee.location.file == files.last ? files.count - 1 : internFile(claim.pointee.location.file)
        }
        // Kept as this claim names it: the next claim's name is mostly the same string (a part
        // of a file read in parallel has its own), compared without reading its bytes.
        lastFile = (claim.pointee.location.file, file)
        let patientKey = PatientKey(member: claim.pointee.memberID, patient: claim.pointee.patientID)
        let patient: Int32
        if let (key, p) = lastPatient, key == patientKey {
            // The claims of a subscriber loop follow one another.
            patient = p
        } else {
            patient = patients.number(patientKey)
        }
        lastPatient = (patientKey, patient)
        // Lines of a claim mostly share a date (and a provider: `lastLineGroup`): remember the
        // last one.
        var lastDate: ServiceDate?
        var lastSelection = (index: 0, outside: false)
        // Each line's fields are read in place: a copy of the line would retain and release
        // its location's file name, pointers and texts.
        claim.pointee.lines.withUnsafeBufferPointer { lines in for li in lines.indices {
            let date = lines[li].date
            if date != lastDate {
                lastSelection = shared.reference.select(date)
                lastDate = date
            }
            let (set, isOutside) = lastSelection
            if isOutside, shared.reference.sets.withUnsafeBufferPointer({ $0[set].period }) != nil {
                let prior = outside[set]
                outside[set] = (
                    (prior?.count ?? 0) + 1, min(prior?.first ?? date, date), max(prior?.last ?? date, date)
                )
            }
            let provider = lines[li].renderingNPI ?? claim.pointee.renderingNPI ?? claim.pointee.billingNPI
            let group: Int32
            if let last = lastLineGroup, last.provider == provider, last.patient == patient {
                group = last.group
            } else {
                let number: Int32
                if let last = lastLineProvider, last.npi == provider {
                    number = last.number
                } else {
                    number = providerNumbers.number(provider)
                    if Int(number) == providers.count { providers.append(provider) }
                    lastLineProvider = (provider, number)
                }
                group = groupOf.number(patient: patient, provider: number)
                if Int(group) == groupProviders.count { groupProviders.append(number) }
                lastLineGroup = (provider, patient, group)
            }
            let modifiers = lines[li].modifiers.packedPrefix
            let units = Int32(exactly: lines[li].units.thousandths).flatMap { $0 == Int32.min ? nil : $0 }
            if units == nil { largeUnits[entries.count] = lines[li].units }
            entries.append(LineEntry(
                modifiers: modifiers, tableSet: Int16(max(set, 0)),
                group: group, claim: ci, line: Int32(li), code: lines[li].code, date: date, units: units ?? Int32.min))
            if modifiers.count > 4 { extraModifiers[entries.count - 1] = lines[li].modifiers }
            let through = lines[li].dates.through
            if through != date { spans[entries.count - 1] = through }
            let lineFile = lines[li].location.file == claim.pointee.location.file ? file : internFile(lines[li].location.file)
            sources.append(
                line: lines[li].location.line, column: lines[li].location.column, segment: lines[li].location.segment,
                byteOffset: lines[li].location.byteOffset, byteLength: lines[li].location.byteLength, file: lineFile, number: lines[li].number)
            ordinalNumbers.append(lines[li].number == li + 1)
            if keepsDetails {
                details.append(LineDetail(placeOfService: lines[li].placeOfService ?? claim.pointee.placeOfService, diagnosisPointers: lines[li].diagnosisPointers))
            }
        } }
    }

    private mutating func internFile(_ name: String) -> Int {
        let f = Int(fileIndex.number(name))
        if f == files.count { sources.files.append(name) }
        return f
    }

    /// Whether entries were spilled: the batch-wide edits then run partition by partition
    /// (`spillPartitions()`, `loadPartition(_:)`) instead of after `finishGroups()`.
    var isSpilled: Bool { spill != nil }

    /// Whether `spillIfLarge()` would write the entries in memory to the spill now.
    var spillsNow: Bool { entries.local.count >= (spill == nil ? spillPolicy.after : spillPolicy.window) }

    /// Writes the entries in memory to the spill once the batch is large (`spillPolicy`); call
    /// between parts, once their line and claim edits have run (they read the part's entries).
    mutating func spillIfLarge() {
        guard spillsNow else { return }
        if spill == nil {
            guard let s = LineSpill(buckets: BatchIndex.spillBuckets) else {
                spillPolicy = .never
                return
            }
            spill = s
        }
        makeSpillUnique()
        guard let spill else { return }
        entries.local.withUnsafeBufferPointer { spill.append($0) }
        entries.drop(keeping: spillPolicy.window * 2)
        // The edits to come need the claim ids and line sources of earlier parts rarely:
        // they follow the entries (`ByteLog`).
        claimIDs.spill(to: spill.file)
        sources.spill(to: spill.file)
    }

    /// The spill's buckets in partitions of about `spillPolicy.partitionLines` lines (a bucket
    /// over it alone), after writing the entries still in memory to it; nil without a spill.
    /// Ends the adding of lines, as `finishGroups()` does.
    mutating func spillPartitions() -> [Range<Int>]? {
        makeSpillUnique()
        guard let spill else { return nil }
        entries.local.withUnsafeBufferPointer { spill.append($0) }
        entries.drop(keeping: 0)
        spilledGroupCount = groupOf.count
        releaseNumbering()
        var partitions: [Range<Int>] = []
        var start = 0, lines = 0
        for b in 0..<spill.buckets {
            if b > start, lines + spill.counts[b] > spillPolicy.partitionLines {
                partitions.append(start..<b)
                start = b
                lines = 0
            }
            lines += spill.counts[b]
        }
        partitions.append(start..<spill.buckets)
        return partitions
    }

    /// A copy of a stream shares its spill file: before one of them adds to it, it takes a file
    /// of its own with the lines so far (value semantics, at the cost of a copy only then).
    private mutating func makeSpillUnique() {
        guard !isKnownUniquelyReferenced(&spill), let shared = spill else { return }
        if let own = LineSpill(buckets: shared.buckets) {
            var buffer: [LineEntry] = []
            shared.read(buckets: 0..<shared.buckets) { buffer.append($0) }
            buffer.withUnsafeBufferPointer { own.append($0) }
            spill = own
        } else {
            // No file to copy to: the lines come back into memory, in batch order, for good.
            var all = [LineEntry](unsafeUninitializedCapacity: entries.count) { buffer, count in
                shared.read(buckets: 0..<shared.buckets) { e in (buffer.baseAddress! + position(of: e)).initialize(to: e) }
                count = entries.base
            }
            all.append(contentsOf: entries.local)
            entries = EntryWindow(all)
            spill = nil
            spillPolicy = .never
        }
    }

    /// The groups of all the spill's lines (`spillPartitions()` releases the numbering).
    private var spilledGroupCount = 0

    /// Reads the lines of the spill's `buckets` back into memory as the batch's entries (by
    /// their index in the partition) and lays out their groups, as `finishGroups()` does for a
    /// batch in memory. A line's position in the batch stays `position(of:)`.
    mutating func loadPartition(_ buckets: Range<Int>) {
        guard let spill else { return }
        var es: [LineEntry] = []
        es.reserveCapacity(spill.counts[buckets].reduce(0, +))
        spill.read(buckets: buckets) { es.append($0) }
        entries = EntryWindow(es)
        grouped = []
        groupEnds = []
        oversized = []
        // A group g is in bucket g % B: numbered g / B within its bucket, after the buckets
        // of the partition before it.
        let b = spill.buckets, width = buckets.count
        layOutGroups(count: (spilledGroupCount / b + 1) * width) { g in
            let u = Int(UInt32(bitPattern: g))
            return (u / b) * width + (u % b - buckets.lowerBound)
        }
    }

    /// Lays out the groups: each group's entries sorted by date then batch order, its runs over
    /// `maxLinesPerDate` moved to `oversized`. Call once, after the last `append`.
    mutating func finishGroups(threads: Int = 1) {
        let groupCount = groupOf.count
        releaseNumbering()
        layOutGroups(count: groupCount, threads: threads) { Int($0) }
    }

    /// The numbering of patients and groups is needed only while lines are added.
    private mutating func releaseNumbering() {
        groupOf = GroupNumbering()
        patients = Numbering()
        lastPatient = nil
        lastLineGroup = nil
    }

    /// The indices of `entries` by group (`key`, from 0 to `groups`), in batch order within a
    /// group, and where each group starts (`groups + 1` of them, the last the count): a
    /// counting sort. With several threads each counts and places a slice of the entries, a
    /// slice's entries after those of the slices before in each group, so the order is the one
    /// thread's (on one thread it took about 11 ms of a 1M-line check while the others waited).
    static func countingSort(_ entries: [LineEntry], groups: Int, threads: Int, key: (Int32) -> Int) -> (flat: [Int32], starts: [Int]) {
        let slices = max(1, min(threads, 64, entries.count))
        // counts[t * (groups + 1) + g + 1]: the entries of group g in slice t; turned into where
        // slice t's entries of group g go.
        var counts = [Int](repeating: 0, count: slices * (groups + 1))
        var flat = [Int32](repeating: 0, count: entries.count)
        // Called on several threads; `key` only reads.
        nonisolated(unsafe) let key = key
        entries.withUnsafeBufferPointer { es in
            counts.withUnsafeMutableBufferPointer { c in
                nonisolated(unsafe) let c = c, es = es
                let width = groups + 1
                @Sendable func count(_ t: Int) {
                    let base = t * width
                    for i in es.indices.part(t, of: slices) { c[base + key(es[i].group) + 1] += 1 }
                }
                if slices == 1 { count(0) } else { DispatchQueue.concurrentPerform(iterations: slices) { count($0) } }
                // Group by group, slice by slice: where each slice's part of each group starts.
                var next = 0
                for g in 0..<groups {
                    for t in 0..<slices {
                        let n = c[t * width + g + 1]
                        c[t * width + g] = next
                        next += n
                    }
                }
                flat.withUnsafeMutableBufferPointer { f in
                    nonisolated(unsafe) let f = f
                    @Sendable func place(_ t: Int) {
                        let base = t * width
                        for i in es.indices.part(t, of: slices) {
                            let slot = base + key(es[i].group)
                            f[c[slot]] = Int32(truncatingIfNeeded: i)
                            c[slot] += 1
                        }
                    }
                    if slices == 1 { place(0) } else { DispatchQueue.concurrentPerform(iterations: slices) { place($0) } }
                }
            }
        }
        // Slice 0 starts each group; after placing, the last slice's next place is where the
        // next group starts.
        var starts: [Int] = []
        starts.reserveCapacity(groups + 1)
        let lastBase = (slices - 1) * (groups + 1)
        starts.append(0)
        for g in 0..<groups { starts.append(counts[lastBase + g]) }
        return (flat, starts)
    }

    /// Lays out the groups of the entries in memory (`entries.base` is 0), numbered by `key`
    /// from 0 to `groupCount` (a number with no entries is an empty group).
    private mutating func layOutGroups(count groupCount: Int, threads: Int = 1, key: (Int32) -> Int) {
        precondition(entries.base == 0)
        let entries = self.entries.local
        var flat: [Int32] = []
        flat.reserveCapacity(entries.count)
        // Where each group starts in `flat`; nil for one group (a claim checked alone), which
        // needs no counting sort. (Built by appending: `Array(repeating:count:)` looks up the
        // array type's metadata at run time, a cost that shows when one claim is checked.)
        var starts: [Int]?
        if groupCount <= 1 {
            for i in entries.indices { flat.append(Int32(i)) }
        } else {
            let counted = BatchIndex.countingSort(entries, groups: groupCount, threads: entries.count > Checker.parallelThreshold ? threads : 1, key: key)
            flat = counted.flat
            starts = counted.starts
        }
        let total = flat.count
        func range(_ g: Int) -> Range<Int> { starts.map { $0[g]..<$0[g + 1] } ?? 0..<total }
        // Each group sorted where it is: on several threads for a large batch (the groups are
        // disjoint ranges of `flat`; one thread took about 20 ms of a 1M-line check while the
        // others waited).
        var anyOversized = false
        entries.withUnsafeBufferPointer { es in
            flat.withUnsafeMutableBufferPointer { f in
                let threads = min(threads, 64)
                guard threads > 1, groupCount > 1, es.count > Checker.parallelThreshold else {
                    for g in 0..<groupCount where BatchIndex.sortGroup(f, range(g), es) { anyOversized = true }
                    return
                }
                nonisolated(unsafe) let f = f, es = es
                let ranges = starts!, slices = threads * 4
                let found = Atomic<Bool>(false)
                DispatchQueue.concurrentPerform(iterations: slices) { k in
                    var any = false
                    for g in (0..<groupCount).part(k, of: slices) where BatchIndex.sortGroup(f, ranges[g]..<ranges[g + 1], es) { any = true }
                    if any { found.store(true, ordering: .relaxed) }
                }
                anyOversized = found.load(ordering: .relaxed)
            }
        }
        var ends: [Int32] = []
        ends.reserveCapacity(groupCount)
        guard anyOversized else {
            // The usual case: every group stays whole where it is.
            for g in 0..<groupCount { ends.append(Int32(range(g).upperBound)) }
            grouped = flat
            groupEnds = ends
            return
        }
        // Runs over the limit leave their group; the rest moves down over any removed.
        var write = 0
        let es = entries
        for g in 0..<groupCount {
            let range = range(g)
            var start = range.lowerBound
            while start < range.upperBound {
                let end = BatchIndex.endOfRun(from: start, before: range.upperBound) { es[Int(flat[$0])].date }
                if end - start > BatchIndex.maxLinesPerDate {
                    oversized.append(Array(flat[start..<end]))
                } else {
                    for k in start..<end {
                        flat[write] = flat[k]
                        write += 1
                    }
                }
                start = end
            }
            ends.append(Int32(write))
        }
        flat.removeLast(flat.count - write)
        grouped = flat
        groupEnds = ends
    }

    /// Sorts the entries of one group, `flat[range]`, by date then batch order (they are in
    /// batch order: a group whose dates never go down, as the lines of a claim mostly share
    /// one, is already sorted), and says whether a run of one date in it is over
    /// `maxLinesPerDate`.
    private static func sortGroup(_ flat: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>, _ es: UnsafeBufferPointer<LineEntry>) -> Bool {
        var ordered = true
        for k in range.dropFirst() where es[Int(flat[k])].date < es[Int(flat[k - 1])].date {
            ordered = false
            break
        }
        if !ordered {
            flat[range].sort { a, b in
                let x = es[Int(a)].date, y = es[Int(b)].date
                return x != y ? x < y : a < b
            }
        }
        guard range.count > BatchIndex.maxLinesPerDate else { return false }
        var start = range.lowerBound
        while start < range.upperBound {
            let end = endOfRun(from: start, before: range.upperBound) { es[Int(flat[$0])].date }
            if end - start > BatchIndex.maxLinesPerDate { return true }
            start = end
        }
        return false
    }

    /// Where the run of one date that starts at position `start` ends, before `end` at the
    /// latest; `date` gives the date at a position.
    @inline(__always)
    private static func endOfRun(from start: Int, before end: Int, _ date: (Int) -> ServiceDate) -> Int {
        let first = date(start)
        var k = start + 1
        while k < end, date(k) == first { k += 1 }
        return k
    }

    /// One warning per oversized run, at its first line (in batch order). Names no patient.
    func oversizedDiagnostics() -> [Diagnostic] {
        oversized.map { run in
            let first = entries[Int(run.min()!)]
            return Diagnostic(
                id: "engine.group-limit", severity: .warning,
                message: "\(run.count) service lines for one patient, provider \(provider(of: first)) and date \(first.date.iso) (from claim \(claimIDs[Int(first.claim)]) line \(number(of: first))) exceed the limit of \(BatchIndex.maxLinesPerDate) per patient, provider and date; the edits run over a patient's lines (PTP pairs, add-on primaries, global surgical package, and the packs' `when` rules, those about one line too) are skipped for them, while the built-in line edits and MUE date totals still apply. Check whether the batch repeats claims",
                location: location(of: first))
        }
    }

    func location(of e: LineEntry) -> SourceLocation { sources.location(position(of: e)) }

    /// Every modifier of the line, also those after the fourth (`LineEntry.modifiers` holds four).
    func modifiers(of e: LineEntry) -> ModifierList {
        e.modifiers.count <= 4 ? ModifierList(e.modifiers) : extraModifiers[position(of: e)]!
    }

    /// The line's rendering (else billing) provider.
    func provider(of e: LineEntry) -> NPI { providers[Int(groupProviders[Int(e.group)])] }

    /// The last day of the line's dates: its date unless it spans days.
    func through(of e: LineEntry) -> ServiceDate {
        spans.isEmpty ? e.date : spans[position(of: e)] ?? e.date
    }

    /// The line's number as its file gives it (LX01, or the row order in CSV and JSON).
    func number(of e: LineEntry) -> Int {
        let position = position(of: e)
        return ordinalNumbers.contains(position) ? Int(e.line) + 1 : sources.number(position)
    }

    func claimID(of e: LineEntry) -> String { claimIDs[Int(e.claim)] }

    /// Whether claim `c` (a position in the batch) is a replacement (frequency code 7).
    func isReplacement(claim c: Int32) -> Bool {
        guard !replacementClaims.isEmpty else { return false }
        var low = 0, high = replacementClaims.count
        while low < high {
            let mid = (low + high) / 2
            if replacementClaims[mid] < c { low = mid + 1 } else { high = mid }
        }
        return low < replacementClaims.count && replacementClaims[low] == c
    }

    /// The units of `e`'s line.
    func units(of e: LineEntry) -> Units {
        e.units != Int32.min ? Units(thousandths: Int64(e.units)) : largeUnits[position(of: e)]!
    }

    /// The units of the line of `entries[i]` (`i` is the line's position in the batch unless
    /// the entries in memory are a spilled partition's).
    func units(at i: Int) -> Units { units(of: entries[i]) }

    /// The entry index of `e`.
    func position(of e: LineEntry) -> Int { Int(claimStart[Int(e.claim)]) + Int(e.line) }

    /// Calls `body` with each run of one date of a group. A group is sorted by date, then batch
    /// order (`finishGroups()`), so each run is in batch order: edits that name "the first"
    /// line of a run need no sort of their own.
    func forEachDate(in group: EntryRun, _ body: (EntryRun) -> Void) {
        var start = group.startIndex
        while start < group.endIndex {
            let end = BatchIndex.endOfRun(from: start, before: group.endIndex) { entries[Int(group[$0])].date }
            body(group[start..<end])
            start = end
        }
    }

    func entries(ofClaim c: Int) -> ArraySlice<LineEntry> {
        let end = c + 1 < claimStart.count ? Int(claimStart[c + 1]) : entries.count
        return entries[Int(claimStart[c])..<end]
    }

    func periodDiagnostics(sets: [ReferenceTables]) -> [Diagnostic] {
        outside.keys.sorted().compactMap { set in
            guard let o = outside[set], let period = sets[set].period else { return nil }
            let span = o.first == o.last ? o.first.iso : "\(o.first.iso)..\(o.last.iso)"
            return Diagnostic(
                id: "tables.outside-period", severity: .info,
                message: "\(o.count) service line\(o.count == 1 ? "" : "s") dated \(span) fall\(o.count == 1 ? "s" : "") outside the loaded tables' period \(period.description) and \(o.count == 1 ? "was" : "were") checked against that period's values; load the tables for those dates for exact results",
                location: nil)
        }
    }
}

/// Entries of the index, by position (a group, or a run of one date in it), in memory the index
/// holds while the run is used: its slices, unlike an array's, retain nothing.
typealias EntryRun = Slice<UnsafeBufferPointer<Int32>>

/// Numbers keys 0, 1, 2... in the order first seen. The first key is held without a hash
/// table, which a batch of one patient (one claim checked alone) never needs.
struct Numbering<Key: Hashable & Sendable>: Sendable {
    private var first: Key?
    private var table: [Key: Int32] = [:]
    private(set) var count = 0

    /// Room for `count` keys in all, so that the table is not grown (and every key hashed
    /// again) until there are more; nothing for fewer than two.
    mutating func reserve(_ count: Int) {
        if count > 1 { table.reserveCapacity(count) }
    }

    mutating func number(_ key: Key) -> Int32 {
        if count <= 1 {
            guard let first else {
                first = key
                count = 1
                return 0
            }
            if key == first { return 0 }
            table[first] = 0
        }
        // One hash for a key seen or new: the next number is inserted when the key is absent.
        let next = Int32(count)
        let n = Numbering.value(&table[key, default: next])
        if n == next { count += 1 }
        return n
    }

    private static func value(_ v: inout Int32) -> Int32 { v }
}

/// Numbers (patient, provider) pairs 0, 1, 2... in the order first seen, as `Numbering` does,
/// without hashing most pairs: patients come numbered 0, 1, 2..., and most have one provider,
/// so each patient's first pair is kept in an array by patient number (8 bytes a patient; a
/// dictionary of every pair took about 35 MB more at 5M lines). A patient's other providers go
/// in a table with a multiplicative hash: the pairs are the batch's own numbers, not values a
/// file chooses.
struct GroupNumbering: Sendable {
    /// Patient 0's first pair (a claim checked alone needs no array), then patients 1, 2...:
    /// the provider's number in the high 32 bits, the group's in the low; `none` until set.
    private var patientZero = GroupNumbering.none
    private var byPatient: [UInt64] = []
    /// The pairs that are not a patient's first, by patient and provider.
    private var others = CodeKeyedMap<Int32>()
    private(set) var count = 0
    private static let none = UInt64.max

    /// How many pairs are in the hashed table (for tests: a batch's patients with one provider
    /// each should need none).
    var hashedPairs: Int { others.count }

    mutating func number(patient: Int32, provider: Int32) -> Int32 {
        let p = Int(patient)
        // A patient numbered without a group (a claim with no lines) leaves a gap: filled, so
        // that the patients after it keep their slots. A patient far out of turn (more than
        // 1,024 ahead) gets no slot.
        if p >= 1, p - 1 >= byPatient.count, p - 1 - byPatient.count < 1_024 {
            byPatient.append(contentsOf: repeatElement(GroupNumbering.none, count: p - byPatient.count))
        }
        // nil: a patient number out of turn, whose pairs all go in `others`.
        let slot: UInt64? = p == 0 ? patientZero : p >= 1 && p - 1 < byPatient.count ? byPatient[p - 1] : nil
        if let slot, slot != GroupNumbering.none, Int32(truncatingIfNeeded: slot >> 32) == provider {
            return Int32(truncatingIfNeeded: slot)
        }
        let key = UInt64(UInt32(bitPattern: patient)) << 32 | UInt64(UInt32(bitPattern: provider))
        // Also for an empty slot: the patient may have been numbered out of turn before.
        if let n = others[key] { return n }
        let n = Int32(count)
        count += 1
        if slot == GroupNumbering.none {
            let packed = UInt64(UInt32(bitPattern: provider)) << 32 | UInt64(UInt32(bitPattern: n))
            if p == 0 { patientZero = packed } else { byPatient[p - 1] = packed }
        } else {
            others.set(key, n)
        }
        return n
    }
}

/// Collects findings, applying the packs' rule switches (disabled rules, severity changes).
struct FindingSink {
    let settings: RuleSettings
    var found = Found()
    /// The answers of `AddonRules.denial`, kept for a run (each edit that asks starts it on
    /// its run).
    var payments = PaymentMemo()
    /// Between `startProbe()` and `endProbe()`: findings are weighed, not recorded.
    private var probing = false
    private var probedError: UInt32?
    /// The PTP edits by modifier indicator (0, 1) whose findings are made (not disabled):
    /// asked once, not for every group.
    private(set) lazy var ptpMade: PTPRules.Indicators = .init(zero: makes(PTPRules.pairNoBypass), one: makes(PTPRules.pair))
    /// The edits whose findings deny a line (those that are errors under the packs' switches),
    /// for the edits that ask whether another line is paid (`AddonRules.denial`): a primary, so
    /// that its add-on is not paid either, or the other service of a status T code. Asked once,
    /// when first needed.
    private(set) lazy var addonDenials = AddonRules.Denials(
        code: denies(CodeRules.notYetEffective) || denies(CodeRules.deleted),
        units: .init(
            line: denies(UnitsRules.notPositive) || denies(UnitsRules.fractional), duplicateLine: denies(UnitsRules.duplicateLine),
            duplicateService: denies(UnitsRules.duplicateService)),
        ptp: .init(zero: denies(PTPRules.pairNoBypass), one: denies(PTPRules.pair)),
        mue: .init(line: denies(MUERules.lineLimit), policy: denies(MUERules.dateLimit), clinical: denies(MUERules.dateLimitAppealable)),
        status: .init(line: StatusRules.lineRules.contains { denies($0) }, injection: denies(StatusRules.injectionWithService)),
        modifier: ModifierRules.lineRules.contains { denies($0) },
        package: .init(procedure: denies(GlobalRules.procedureInPackage), visit: denies(GlobalRules.evaluationInPackage)),
        addon: denies(AddonRules.primaryMissing) || denies(AddonRules.cptPrimaryMissing))

    /// A finding as the passes record it, in 64 bytes with its message's values
    /// (`RecordedMessage`): its line is a position in the batch, named (claim id, line number,
    /// location) only when the finding is read (`FindingList`), once the lines' entries are
    /// freed. Its message is written when a report reads it. A finding in full takes 112 bytes.
    /// (The fields are in the order that leaves the least padding: the severity fills the byte
    /// after the message. The rule is a number, where its id's `String` took 16 bytes.)
    struct Record: Sendable {
        var message: RecordedMessage
        var severity: Severity
        var claim: Int32
        /// The line's position in its claim.
        var line: Int32
        var code: ProcedureCode
        /// The rule id's number (`RuleNumbers`).
        var rule: UInt32
    }

    /// Findings as recorded, in the order emitted: `parts`, then `records`.
    ///
    /// Kept as they came, never copied into one array while the edits run: the findings of a
    /// large batch (67 MB of records for a million) would otherwise be copied, old and new copy
    /// alive together, each time a pass's findings were added or the array doubled, at the moment
    /// memory peaks. Once `records` fills `chunk` records it becomes a part; the passes' findings
    /// join as parts. `joined()` makes one array once, freeing each part as it is copied.
    struct Found: Sendable {
        private(set) var parts: [[Record]] = []
        private(set) var records: [Record] = []
        /// Records before `records` starts a new part instead of doubling (5 MB).
        static let chunk = 1 << 16

        var count: Int { parts.reduce(records.count) { $0 + $1.count } }

        mutating func append(_ r: Record) {
            if records.count >= Found.chunk, records.count == records.capacity {
                parts.append(records)
                records = []
                records.reserveCapacity(Found.chunk)
            }
            records.append(r)
        }

        /// Adds `other`'s records after these, as parts (none is copied).
        mutating func append(contentsOf other: consuming Found) {
            if !records.isEmpty {
                parts.append(records)
                records = []
            }
            parts += other.parts
            if !other.records.isEmpty { parts.append(other.records) }
        }

        /// Every record in order, in one array; this is empty afterwards.
        mutating func joined() -> [Record] {
            guard !parts.isEmpty else {
                defer { records = [] }
                return records
            }
            var all: [Record] = []
            all.reserveCapacity(count)
            for i in parts.indices {
                all += parts[i]
                parts[i] = []
            }
            all += records
            parts = []
            records = []
            return all
        }

        /// `0..<n` in the order of `less`, a strict total order: in runs of at least
        /// `minimumRun` sorted on up to `threads` threads at once, then merged two runs at a time
        /// (the merges of a round at once too), which gives the one order a single sort gives.
        /// A million findings' order took about 55 ms sorted on one thread while the other
        /// waited. Indices of 4 bytes: the order and the merge's second array together take
        /// what one array of `Int` took, when a large check's memory peaks.
        static func sortedIndices(count n: Int, threads: Int, minimumRun: Int = 1 << 14, by less: (Int, Int) -> Bool) -> [Int32] {
            precondition(n <= Int(Int32.max), "\(n) findings")
            let runs = min(max(threads, 1), max(1, n / max(minimumRun, 1)))
            guard runs > 1 else { return (0..<Int32(n)).sorted { less(Int($0), Int($1)) } }
            // Called on several threads; `less` only reads.
            nonisolated(unsafe) let less = less
            var order = Array(0..<Int32(n))
            var bounds = (0...runs).map { n * $0 / runs }
            order.withUnsafeMutableBufferPointer { o in
                nonisolated(unsafe) let o = o
                let runBounds = bounds
                DispatchQueue.concurrentPerform(iterations: runs) { k in
                    var run = UnsafeMutableBufferPointer(rebasing: o[runBounds[k]..<runBounds[k + 1]])
                    run.sort { less(Int($0), Int($1)) }
                }
            }
            var merged = [Int32](repeating: 0, count: n)
            while bounds.count > 2 {
                let count = bounds.count - 1, pairs = count / 2, runBounds = bounds
                // Each pair's merge in `pieces` parts at once, so that the last rounds (fewer
                // pairs than threads) keep every thread busy: the part of the output from
                // position k on is made of the two runs from their co-ranks of k on.
                let pieces = max(1, threads / max(pairs, 1))
                order.withUnsafeBufferPointer { from in
                    merged.withUnsafeMutableBufferPointer { to in
                        nonisolated(unsafe) let from = from, to = to
                        DispatchQueue.concurrentPerform(iterations: pairs * pieces) { t in
                            let p = t / pieces, q = t % pieces
                            let aStart = runBounds[2 * p], bStart = runBounds[2 * p + 1], bEnd = runBounds[2 * p + 2]
                            let length = bEnd - aStart
                            let k0 = length * q / pieces, k1 = length * (q + 1) / pieces
                            let i0 = coRank(k0, from[aStart..<bStart], from[bStart..<bEnd], less)
                            let i1 = coRank(k1, from[aStart..<bStart], from[bStart..<bEnd], less)
                            var a = aStart + i0, b = bStart + (k0 - i0), k = aStart + k0
                            let aEnd = aStart + i1, bStop = bStart + (k1 - i1)
                            while a < aEnd && b < bStop {
                                if less(Int(from[b]), Int(from[a])) {
                                    to[k] = from[b]
                                    b += 1
                                } else {
                                    to[k] = from[a]
                                    a += 1
                                }
                                k += 1
                            }
                            while a < aEnd {
                                to[k] = from[a]
                                a += 1
                                k += 1
                            }
                            while b < bStop {
                                to[k] = from[b]
                                b += 1
                                k += 1
                            }
                        }
                        // A run left without a pair goes over as it is.
                        if count % 2 == 1 {
                            for i in bounds[count - 1]..<bounds[count] { to[i] = from[i] }
                        }
                    }
                }
                bounds = stride(from: 0, through: count, by: 2).map { bounds[$0] } + (count % 2 == 1 ? [bounds[count]] : [])
                swap(&order, &merged)
            }
            return order
        }

        /// How many of the first `k` items of the merge of sorted runs `a` and `b` come from `a`
        /// (the merge takes `b`'s item first only when it is less): the split of the runs at
        /// position `k` of their merge.
        static func coRank(_ k: Int, _ a: Slice<UnsafeBufferPointer<Int32>>, _ b: Slice<UnsafeBufferPointer<Int32>>, _ less: (Int, Int) -> Bool) -> Int {
            var lo = max(0, k - b.count), hi = min(k, a.count)
            while lo < hi {
                let i = (lo + hi) / 2, j = k - i
                // Too few of `a`: its next item comes before the last of `b` taken.
                if j > 0 && i < a.count && !less(Int(b[b.startIndex + j - 1]), Int(a[a.startIndex + i])) {
                    lo = i + 1
                } else {
                    hi = i
                }
            }
            return lo
        }

        /// From how many findings `sorted` keeps them as records, named when read
        /// (`FindingList`); fewer (a claim checked alone) are named at once.
        static let recordedFrom = 4_096

        /// Batch order (claim, line), then rule id; findings that tie keep their order. Up to
        /// `recordedFrom` findings are named from the batch's claims and line sources here;
        /// more are sorted in place and named when read. Takes the records (this is empty
        /// afterwards): called on the stream's own `Found`, not a copy, so that each part is freed
        /// as it is joined (a copy shared them, and held every record twice).
        mutating func sorted(
            claimIDs: [String], claimStart: [Int32], sources: LineSources, ordinalNumbers: OrdinalBits = OrdinalBits(), recordedFrom: Int,
            threads: Int = 1
        ) -> FindingList {
            let (rules, rank) = RuleNumbers.ranked
            var recorded = RecordedFindings(
                records: joined(), claimIDs: claimIDs, claimStart: claimStart, sources: sources, rules: rules, ordinalNumbers: ordinalNumbers)
            func precedes(_ a: Record, _ b: Record) -> Bool {
                if a.claim != b.claim { return a.claim < b.claim }
                if a.line != b.line { return a.line < b.line }
                return rank[Int(a.rule)] < rank[Int(b.rule)]
            }
            let n = recorded.records.count
            // A claim checked alone has a few findings, often already in order: then they are
            // named in place, with no order to sort and no array of it.
            if n < 64, recorded.records.indices.dropFirst().allSatisfy({ !precedes(recorded.records[$0], recorded.records[$0 - 1]) }) {
                return FindingList(recorded.records.map { recorded.finding($0) { sources.line($0) } })
            }
            var order = recorded.records.withUnsafeBufferPointer { r in
                Found.sortedIndices(count: n, threads: threads) { i, j in precedes(r[i], r[j]) || (!precedes(r[j], r[i]) && i < j) }
            }
            guard n >= recordedFrom else {
                var cursor = LineSources.Cursor(sources)
                return FindingList(order.map { recorded.finding(recorded.records[Int($0)]) { cursor.line($0) } })
            }
            // The records are moved into their order in place, cycle by cycle (`order[k]` is the
            // record that goes at `k`): no second array of them.
            recorded.records.withUnsafeMutableBufferPointer { r in
                let base = r.baseAddress!
                for start in 0..<n where order[start] != Int32(start) {
                    let first = (base + start).move()
                    var k = start
                    while order[k] != Int32(start) {
                        let from = Int(order[k])
                        (base + k).moveInitialize(from: base + from, count: 1)
                        order[k] = Int32(k)
                        k = from
                    }
                    (base + k).initialize(to: first)
                    order[k] = Int32(k)
                }
            }
            return FindingList(storage: .recorded(recorded))
        }
    }

    init(settings: RuleSettings) {
        self.settings = settings
    }

    /// Records a finding on `e`'s line; `severity` overrides the rule's default for this one
    /// finding, and a pack's severity setting overrides both. `message` writes the message when
    /// a report reads it: it must capture only values (codes, dates, counts, short texts, a row's
    /// values), never the index or a table, which it would keep alive with the findings.
    mutating func emit(_ rule: borrowing RuleDescriptor, _ e: LineEntry, severity: Severity? = nil, _ message: @escaping @Sendable () -> String) {
        emit(rule, e, severity: severity, message: .written(.deferred(message)))
    }

    /// Weighs a line edit's findings instead of recording them, for the add-on edits, which
    /// run a primary's own edit (`StatusRules.check(line:)`, `ModifierRules.check(line:)`)
    /// between `startProbe()` and `endProbe()` to learn whether it denies the line: whether a
    /// finding it makes is an error under the packs' switches, as it would be recorded.
    mutating func startProbe() {
        probing = true
        probedError = nil
    }

    /// Ends a probe: the number of the rule of the first error the edit made, nil if none.
    mutating func endProbe() -> UInt32? {
        probing = false
        return probedError
    }

    /// Whether findings of `rule` are made: no pack disables it.
    func makes(_ rule: borrowing RuleDescriptor) -> Bool { settings.makes(rule) }

    /// Whether findings of `rule` are errors under the packs' switches: what a payer denies.
    func denies(_ rule: borrowing RuleDescriptor) -> Bool { settings.denies(rule) }

    /// Records a finding whose message's values are kept in its record (`RecordedMessage`).
    mutating func emit(_ rule: borrowing RuleDescriptor, _ e: LineEntry, severity: Severity? = nil, message: RecordedMessage) {
        // Usually no pack disables a rule or changes a severity: then no rule id is hashed.
        guard settings.disabled.isEmpty || !settings.disabled.contains(rule.id) else { return }
        let effective = (settings.severity.isEmpty ? nil : settings.severity[rule.id]) ?? severity ?? rule.severity
        if probing {
            if probedError == nil && effective == .error { probedError = rule.number }
            return
        }
        found.append(Record(message: message, severity: effective, claim: e.claim, line: e.line, code: e.code, rule: rule.number))
    }

}
