import Foundation

/// Reads X12 837P (005010X222A1) and 837I (005010X223A2/A3) claim files into claims, streaming:
///
/// 1. `X12Scanner` splits the bytes into segments one at a time, with the delimiters of each
///    interchange's ISA and each segment's line, column and byte offset.
/// 2. `X12Envelope` checks ISA/IEA, GS/GE and ST/SE: control numbers, counts, truncation.
/// 3. This reader follows the loops (HL 20/22/23, CLM, LX) and reads the segments the engine
///    uses into an `X12ClaimDraft`; every value it cannot read is a `Diagnostic` at its element.
/// 4. At the end of each claim loop the draft becomes a `Claim` (or is counted unreadable).
///
/// Only the claim being read is held, never the interchange: memory grows with the claims
/// emitted (which the batch engine needs) and their diagnostics, not with the file.
struct X12ClaimReader {
    let file: String
    private(set) var result = ReadResult()
    private var envelope: X12Envelope
    private var kind: X12Envelope.TransactionKind = .professional
    private var loop: Loop = .header
    private var billing: X12Provider = .absent
    private var memberID: String?
    /// The subscriber's DMG birth date (2010BA), the patient's when there is no 2000C loop.
    private var subscriberBirth = Birth.absent
    /// The patient (2010CA) when not the subscriber: the DMG birth date as written (part of
    /// `Claim.patientID`) and as read, once for all the patient's claims.
    private var patient: (last: String, first: String, birth: String, birthDate: Birth)?
    /// The HL01 of the levels being read, to check each HL's parent (HL02) against the loop it
    /// follows: per transaction set, a few values, not a table of its HL segments.
    private var hierarchy = X12Hierarchy()

    /// A DMG birth date (`D8`): none, a date, or not a date (reported at its DMG; the claims it
    /// is the patient's of are not checked, as a CSV claim with such a date is not). A
    /// subscriber's is reported when a claim is the subscriber's (its DMG kept in
    /// `unreportedDMG` until then): when a patient loop follows, the claims are the patient's,
    /// and the run is not failed for it. Small, as it is copied for every claim.
    enum Birth {
        case absent, date(ServiceDate), invalid
    }
    /// The subscriber's DMG whose birth date is not a date, until it is reported.
    private var unreportedDMG: X12Segment?
    /// The claim being read, when `hasClaim`: a value and a flag, not an optional, whose every
    /// use (dozens a claim) asked a function whether it was nil.
    private var claim = X12ClaimDraft.none
    private var hasClaim = false
    /// The claim's ordinal among the file's claims (`Diagnostic.claimOrdinal`): what the
    /// reader tells while it is read is about it.
    private var claimOrdinal = 0
    /// The service line being read, of `claim`, when `hasLine` (never without `hasClaim`).
    /// Held here rather than in the draft, so that it is changed in place, never copied out and
    /// back; and not as an optional, whose every use (ten or more a line) asked a function
    /// whether it was nil.
    private var line = X12LineDraft(number: nil, lxPlace: X12Place(line: 0, column: 0, ordinal: 0, offset: 0, length: 0))
    private var hasLine = false
    /// A CLM the envelope skipped was read since the last envelope segment: the LX segments
    /// after it are its lines (`skippedClaimOrLine`).
    private var inSkippedClaim = false
    /// Which arrays of the claims handed over the reader takes back for the next claims
    /// (`ClaimRecycling`), and those taken back, emptied.
    var recycling = ClaimRecycling.none
    var spares = SpareArrays()
    /// `ReadResult.listsUnreadableClaims`.
    var listsUnreadableClaims: Bool {
        get { result.listsUnreadableClaims }
        set { result.listsUnreadableClaims = newValue }
    }
    /// CLM01 of every claim read, with its segment, to report a reused id.
    private var claimIDs = X12ClaimIDs()
    /// The last `D8` date read and its eight bytes (loaded as one word): the lines of a claim
    /// mostly share a date, which is then not read again.
    private var lastDate: (bytes: UInt64, date: ServiceDate)?
    /// Diagnosis codes made, by their packed characters (`DiagnosisCode.packed`), in 64 slots
    /// chosen by a hash of them (`diagnosisSlot`): a claim's codes mostly recur in the file, and
    /// are then not made into a string again. An empty slot's key is 0, which no code packs to.
    private var diagnosisCodes = [(packed: UInt64, code: DiagnosisCode)](repeating: (0, DiagnosisCode(packed: 0x30_41)), count: 64)

    /// Where in the 837 hierarchy the reader is.
    private enum Loop {
        /// After ST, before the first HL.
        case header
        /// 2000A/2010AA billing provider (HL level 20).
        case billingProvider
        /// 2000B/2010BA subscriber (HL level 22).
        case subscriber
        /// 2000C/2010CA patient (HL level 23).
        case patient
        /// 2300 claim and its 2310/2320/2330 loops, before the first LX.
        case claim
        /// 2400 service line and its 2410/2420/2430 loops.
        case line
        /// An HL of a level this reader does not know.
        case unknown
    }

    /// "00" to "99" and "0" to "9", by value: places of service and frequency codes are taken
    /// from here, not made from their bytes for every claim (a string each).
    private static let digits = (0..<100).map { ($0 < 10 ? "0" : "") + String($0) }
    private static let digit = (0..<10).map { String($0) }

    /// The limits of the guides: 837P allows 50 lines per claim, 837I 999; more than 999 is
    /// refused in either (`maxLines`, which also bounds the memory a hostile claim takes).
    static let guideLineLimit = 50
    static let institutionalLineLimit = 999
    static let maxLines = 999

    /// The lines a claim of `kind` may hold by its guide (past them a warning, `x12.line-count`,
    /// unless that is `maxLines`, past which the claim is refused).
    static func lineLimit(_ kind: X12Envelope.TransactionKind) -> Int {
        kind == .institutional ? institutionalLineLimit : guideLineLimit
    }

    /// The ICD-10-CM diagnoses (ABK, ABF) a claim may hold: 837P 12 (HI01-HI12 of one HI);
    /// 837I 25 (X223A2: the principal diagnosis ABK in its own HI, then up to two HI "Other
    /// Diagnosis Information" segments of 12 ABF each).
    static let professionalDiagnosisLimit = 12
    static let institutionalDiagnosisLimit = 25

    static func diagnosisLimit(_ kind: X12Envelope.TransactionKind) -> Int {
        kind == .institutional ? institutionalDiagnosisLimit : professionalDiagnosisLimit
    }

    init(file: String) {
        self.file = file
        envelope = X12Envelope(file: file)
    }

    // MARK: Entry points

    /// Reads X12 content held in memory.
    static func read(bytes: [UInt8], file: String) throws(InputError) -> ReadResult {
        try bytes.withUnsafeBytes { read($0, file: file, onClaim: nil) }.get()
    }

    /// Reads X12 content, handing each claim to `onClaim` as soon as its loop ends (then the
    /// returned result holds no claims, only counts and diagnostics).
    ///
    /// `releaseBehind`: when `bytes` is a private read-only file mapping that the caller owns
    /// (`X12FileMapping`), the memory of its pages behind the segment being read is released
    /// every time the reader has moved on by this many bytes, so reading a large file keeps
    /// only a window of it resident. Nothing is kept pointing into the bytes behind the
    /// current segment (claims and diagnostics copy what they keep), except the claim ids
    /// compared on a duplicate, which the mapping reads back from the file. nil (the default):
    /// never, as for any other buffer, where releasing would zero the bytes.
    /// `listsUnreadableClaims`: `ReadResult.listsUnreadableClaims`.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, onClaim: ((Claim) -> Void)?, releaseBehind: Int? = nil, listsUnreadableClaims: Bool = true
    ) -> Result<ReadResult, InputError> {
        read(
            bytes, file: file, onClaims: onClaim.map { onClaim in { lend($0, to: onClaim) } }, every: 1, releaseBehind: releaseBehind,
            listsUnreadableClaims: listsUnreadableClaims)
    }

    /// Reads X12 content like `read(_:file:onClaim:releaseBehind:)`, moving the claims read to
    /// `onClaims` in arrays of `every` claims (the last may hold fewer), so that none is
    /// copied on its way.
    static func read(
        _ bytes: UnsafeRawBufferPointer, file: String, onClaims: (([Claim]) -> Void)?, every: Int, releaseBehind: Int? = nil,
        recycling: ClaimRecycling = .none, listsUnreadableClaims: Bool = true
    ) -> Result<ReadResult, InputError> {
        var scanner = X12Scanner(bytes: bytes)
        var reader = X12ClaimReader(file: file)
        reader.recycling = recycling
        reader.listsUnreadableClaims = listsUnreadableClaims
        // Room for every claim the bytes could hold (a claim takes at least about 128 bytes),
        // so the array is never copied to grow; capacity never written stays unmapped.
        if onClaims == nil { reader.result.claims.reserveCapacity(bytes.count / 128) }
        var segments = 0
        // The bytes released so far, and where the next release is due.
        var released = 0
        var nextRelease = releaseBehind.map { max($0, 1) } ?? Int.max
        do {
            var s = X12Segment.none(in: bytes)
            while try scanner.next(into: &s) {
                segments += 1
                if s.range.lowerBound >= nextRelease, let step = releaseBehind {
                    // Everything before this segment is done with.
                    released = X12FileMapping.releasePages(of: bytes, from: released, upTo: s.range.lowerBound)
                    nextRelease = s.range.lowerBound + max(step, 1)
                }
                reader.consume(s, isaLength: scanner.lastISALength)
                if let onClaims, reader.result.claims.count >= every { reader.handOverClaims(onClaims, room: every) }
            }
        } catch {
            let d = badHeader(error, file: file, atStart: segments == 0)
            if segments == 0 { return .failure(InputError(d)) }
            reader.result.addAboutTheFile(d)
        }
        reader.finish()
        if let onClaims, reader.hasClaims { reader.handOverClaims(onClaims, room: every) }
        return .success(reader.result)
    }

    /// Reads a segment, after warning about an ISA of a nonstandard length (`isaLength`, the
    /// scanner's `lastISALength`). Inlined into the loops that read segments, as is
    /// `consume(_:)`: each call took the segment through memory.
    @inline(__always)
    mutating func consume(_ s: X12Segment, isaLength: Int?) {
        if s.id == .isa, let length = isaLength {
            result.diagnose("x12.bad-isa", .warning, s, in: file, element: nil, "the ISA segment is \(length) bytes long with its terminator; a standard ISA is \(X12Delimiters.isaLength) (fixed-width elements padded with spaces). The delimiters were read by counting elements; check the sender's ISA padding")
        }
        consume(s)
    }

    /// The error of an ISA whose delimiters cannot be read: the file (`atStart`), or the rest
    /// of it, is not read.
    static func badHeader(_ error: X12Scanner.BadHeader, file: String, atStart: Bool) -> Diagnostic {
        let notRead = "\(atStart ? "the file" : "the rest of the file from here") is not read"
        return Diagnostic(
            id: "x12.bad-isa", severity: .error,
            message: error.problem == .lowerCaseIDs
                ? "ISA (segment \(error.ordinal)): the segment ids are in lower case ('isa'), so \(notRead); X12 segment ids are upper case (ISA, GS, ST, CLM...) and a payer rejects others. Have the file written in upper case"
                : "ISA (segment \(error.ordinal)): \(describe(error.problem)); the delimiters of the interchange cannot be read, so \(notRead)",
            location: SourceLocation(file: file, line: error.line, column: error.column, segment: error.ordinal, byteOffset: error.offset),
            field: "ISA", value: nil)
    }

    private static func describe(_ p: X12Delimiters.Problem) -> String {
        switch p {
        case .tooShort: "the header ends before ISA16 (an ISA has 16 elements, then the segment terminator)"
        case .separatorIsText(let b): "the delimiter \(X12Delimiters.describe(b)) is a letter, digit or space"
        case .notDistinct: "the element separator, ISA11 repetition separator, ISA16 component separator and segment terminator are not four different characters"
        case .lowerCaseIDs: "the segment ids are in lower case"
        }
    }

    // MARK: Segments

    @inline(__always)
    mutating func consume(_ s: X12Segment) {
        // A readable segment of an 837 transaction's body, as nearly all are: what `step`
        // would count and return `.body` for, without it.
        if s.problem == nil, envelope.stepBody(s.id) {
            body(s)
            return
        }
        let step = envelope.step(s)
        if !envelope.diagnostics.isEmpty { addEnvelopeDiagnostics() }
        if envelope.aborted {
            envelope.aborted = false
            abortClaim()
        }
        if let problem = s.problem {
            result.diagnose(problem == .tooLong ? "x12.segment-too-long" : "x12.too-many-elements", .error, s, in: file, element: nil, "the segment \(Self.describe(problem, of: s)); it is skipped\(hasClaim ? ", and the claim it is in is not checked" : "")")
            if hasClaim { claim.unreadable = true }
            return
        }
        switch step {
        case .skip:
            switch s.id {
            case .clm, .lx: skippedClaimOrLine(s)
            case .isa, .gs, .st, .se, .ge, .iea: inSkippedClaim = false
            default: break
            }
            return
        case .begin(let k):
            kind = k
            inSkippedClaim = false
            resetHierarchy()
        case .end:
            finishClaim()
            hierarchicalChildCode(before: nil, parentNamed: true)
            resetHierarchy()
        case .body:
            body(s)
        }
    }

    /// A CLM the envelope skips (outside any transaction set, or in one that is not an 837),
    /// and the LX of its lines: the claim is read and not checked, and counted as such with
    /// its lines, so a file whose ST was lost (a GS without its terminator) does not pass as
    /// one of no claims. An LX without such a CLM before it (an 835 numbers its headers with
    /// LX) is no service line.
    private mutating func skippedClaimOrLine(_ s: X12Segment) {
        if s.id == .lx {
            if inSkippedClaim {
                result.linesRead += 1
                result.linesUnreadable += 1
            }
            return
        }
        inSkippedClaim = true
        result.claimsRead += 1
        let id = s.text(1)
        result.countUnreadable(id: id.isEmpty ? nil : id, location: s.location(file: file), ordinal: result.claimsRead)
        let place = envelope.inTransaction ? "is in a transaction set that is not an 837 (see x12.unsupported-transaction)" : "is outside any transaction set (no ST*837 before it, or an ST lost to a missing segment terminator)"
        let tag = result.claimTag
        result.claimTag = result.claimsRead
        result.add(
            "input.claim-not-checked", .error, "CLM (segment \(s.ordinal)): claim '\(id)' \(place); it is not checked",
            location: s.location(file: file), field: "CLM01", value: id.isEmpty ? nil : id)
        result.claimTag = tag
    }

    /// The envelope's diagnostics, about the file rather than the claim being read.
    private mutating func addEnvelopeDiagnostics() {
        for d in envelope.takeDiagnostics() { result.addAboutTheFile(d) }
    }

    mutating func finish() {
        envelope.finish()
        addEnvelopeDiagnostics()
        if envelope.aborted {
            envelope.aborted = false
            abortClaim()
        }
        finishClaim()
    }

    private mutating func resetHierarchy() {
        loop = .header
        billing = .absent
        memberID = nil
        subscriberBirth = .absent
        unreportedDMG = nil
        patient = nil
        hierarchy = X12Hierarchy()
    }

    private mutating func body(_ s: X12Segment) {
        guard let id = s.id, X12ClaimReader.used(id) || X12SegmentID.known.contains(id) else {
            let expected = switch loop {
            case .header, .billingProvider: "a billing provider or subscriber loop"
            case .subscriber, .patient: "a claim (CLM)"
            case .claim, .line, .unknown: "a claim, service line or their segments"
            }
            result.diagnose("x12.unexpected-segment", .warning, s, in: file, element: nil, "\(s.idText) is not a segment of the 837 guides where \(expected) was expected; it is skipped. Check the segment id and the delimiters")
            return
        }
        switch id {
        case .hl: hierarchicalLevel(s)
        case .nm1: name(s)
        case .dmg:
            if loop == .patient, s.element(1, is: "D8") {
                let date = birth(s)
                patient?.birth = s.text(2)
                patient?.birthDate = date
            }
            if loop == .subscriber, s.element(1, is: "D8") { subscriberBirth = birth(s) }
        case .clm: claimStart(s)
        case .sbr:
            if loop == .claim, hasClaim { claim.inOtherSubscriber = true }
        case .hi:
            if loop == .claim, hasClaim, !claim.inOtherSubscriber { diagnoses(s) }
        case .dtp: date(s)
        case .lx: lineStart(s)
        case .sv1, .sv2: service(s)
        default: return
        }
    }

    /// The segments this reader reads (checked before the set of known ones, which hashes).
    private static func used(_ id: X12SegmentID) -> Bool {
        switch id {
        case .hl, .nm1, .dmg, .clm, .sbr, .hi, .dtp, .lx, .sv1, .sv2: true
        default: false
        }
    }

    private mutating func hierarchicalLevel(_ s: X12Segment) {
        finishClaim()
        hierarchicalSequence(s)
        let level = s.element(3)
        // Whether this HL's HL02 names the level it follows (an error told when not).
        var parentNamed = true
        defer { hierarchicalChildCode(before: s, parentNamed: parentNamed) }
        switch true {
        case s.equals(level, "20"):
            loop = .billingProvider
            billing = .absent
            memberID = nil
            subscriberBirth = .absent
            unreportedDMG = nil
            patient = nil
            if let r = s.value(2) {
                // Nothing is above a billing provider: its claims are still its own.
                result.diagnose("x12.invalid-hierarchy", .warning, s, in: file, element: 2, "the parent is '\(s.text(r))', but a billing provider level (HL03 20) is the top of the 837's hierarchy and has no parent: HL02 must be empty. Its claims are read as this billing provider's", value: s.text(r))
            }
            hierarchy.billing = X12Hierarchy.Level(id: s.text(1), ordinal: s.ordinal)
            hierarchy.subscriber = nil
            hierarchy.invalidAt = nil
            hierarchy.subscriberInvalidAt = nil
        case s.equals(level, "22"):
            loop = .subscriber
            memberID = nil
            subscriberBirth = .absent
            unreportedDMG = nil
            patient = nil
            parentNamed = hierarchicalParent(s, is: hierarchy.billing, level: "subscriber level (HL03 22)", parent: "billing provider level (HL03 20)")
            hierarchy.invalidAt = parentNamed ? nil : s.ordinal
            hierarchy.subscriber = X12Hierarchy.Level(id: s.text(1), ordinal: s.ordinal)
            hierarchy.subscriberInvalidAt = hierarchy.invalidAt
        case s.equals(level, "23"):
            loop = .patient
            // Under a subscriber level whose own parent is wrong, the claims are not checked
            // either (told at that HL).
            parentNamed = hierarchicalParent(s, is: hierarchy.subscriber, level: "patient level (HL03 23)", parent: "subscriber level (HL03 22)")
            hierarchy.invalidAt = parentNamed ? hierarchy.subscriberInvalidAt : s.ordinal
            patient = ("", "", "", .absent)
            if let dmg = unreportedDMG.take() {
                // Not the patient's: the claims that follow use the patient's DMG.
                result.diagnose("x12.invalid-date", .warning, dmg, in: file, element: 2, "the subscriber's birth date (not repeated here) is not a date: expected CCYYMMDD, a real calendar day; the claims that follow are a dependent's (2000C), whose birth date is used")
            }
        default:
            loop = .unknown
            result.diagnose("x12.unexpected-segment", .warning, s, in: file, element: 3, "'\(s.text(3))' is not a level of the 837 (20 billing provider, 22 subscriber, 23 patient); the segments up to the next HL are skipped", value: s.text(3))
        }
    }

    /// Whether HL02 of `s` is the HL01 of `expected`, the level of the next level up that `s`
    /// follows; an error at HL02 when not. The 837 writes its hierarchy in order, each level
    /// after its parent and before the parent's next sibling, so the parent of an HL is the
    /// one it follows: another one (an earlier subscriber, an earlier billing provider) or none
    /// is a file a payer rejects, whose claims this reader cannot attribute.
    private mutating func hierarchicalParent(_ s: X12Segment, is expected: X12Hierarchy.Level?, level: String, parent: String) -> Bool {
        let given = s.value(2)
        if let given, let expected, expected.id.utf8.elementsEqual(s.buffer(given)) { return true }
        let stated = given.map { "the parent is '\(s.text($0))'" } ?? "HL02 (the parent) is empty"
        let problem = if let expected, expected.id.isEmpty {
            "\(stated), but this \(level) follows the \(parent) at HL segment \(expected.ordinal), which has no HL01 to name"
        } else if let expected {
            "\(stated), expected '\(expected.id)': this \(level) follows the \(parent) of HL01 '\(expected.id)' at segment \(expected.ordinal), and an HL's parent is the level above it that it follows (each level is written after its parent and before the parent's next sibling)"
        } else {
            "\(stated), but no \(parent) comes before this \(level) in the transaction set"
        }
        result.diagnose("x12.invalid-hierarchy", .error, s, in: file, element: 2, "\(problem). The claims under it are not checked, rather than attributed to a subscriber or provider they may not be of", value: given.map { s.text($0) })
        return false
    }

    /// Warns, once a transaction set, of an HL04 (the hierarchical child code) that does not
    /// tell what follows its HL: 1 when the next HL of the transaction set is under it (names it
    /// as its parent), 0 when it is not or the transaction set ends (`next` nil). A subscriber
    /// level whose HL04 is 0 has no patient level: the subscriber is the patient. Not judged
    /// when `next` does not name the level it follows (`parentNamed`): the error at its HL02
    /// tells the broken hierarchy. Then records `next`'s own HL04 for the HL after it. HL04 does
    /// not change what the claims are read as.
    private mutating func hierarchicalChildCode(before next: X12Segment?, parentNamed: Bool) {
        let level: UInt8 = next.map { s in s.element(3, is: "20") ? 20 : s.element(3, is: "22") ? 22 : s.element(3, is: "23") ? 23 : 0 } ?? 0
        if let last = hierarchy.last.take(), parentNamed, !hierarchy.childCodeReported {
            // Under it: a level below it that names it as its parent.
            let hasChild = next.map { s in
                level > last.level && !last.id.isEmpty && s.value(2).map { last.id.utf8.elementsEqual(s.buffer($0)) } == true
            } ?? false
            let expected: UInt8 = hasChild ? UInt8(ascii: "1") : UInt8(ascii: "0")
            if last.code != expected {
                hierarchy.childCodeReported = true
                let written = last.code.map { String(UnicodeScalar($0)) } ?? last.codeText
                let given = written.map { "'\($0)'" } ?? "empty"
                let follows = if let next {
                    hasChild
                        ? "the next HL (segment \(next.ordinal)) is a level under it (its HL02 names HL01 '\(last.id)')"
                        : "the next HL (segment \(next.ordinal)) is not a level under it"
                } else {
                    "no HL follows it in the transaction set"
                }
                let meaning = last.level == 22 && !hasChild ? " (a subscriber level with no patient level under it: the subscriber is the patient)" : ""
                result.addAboutTheFile(Diagnostic(
                    id: "x12.invalid-hierarchy", severity: .warning,
                    message: "HL (segment \(last.place.ordinal)) HL04: the hierarchical child code is \(given), expected \(Character(UnicodeScalar(expected))): \(follows)\(meaning), and HL04 is 1 when levels follow under an HL, 0 when none do. A payer may reject the file. Its claims are still read under the levels they follow; later HL04s of this transaction set are not reported",
                    location: last.place.location(file: file), field: "HL04", value: written))
            }
        }
        guard let s = next, level != 0 else { return }  // a level the 837 does not have: told as such
        let r = s.element(4)
        let code: UInt8? = if let r, r.count == 1, s.buffer(r)[0] == UInt8(ascii: "0") || s.buffer(r)[0] == UInt8(ascii: "1") { s.buffer(r)[0] } else { nil }
        let place = r.map { r in
            X12Place(line: s.line, column: s.column + (r.lowerBound - s.range.lowerBound), ordinal: s.ordinal, offset: r.lowerBound, length: r.count)
        } ?? s.place
        hierarchy.last = X12Hierarchy.Open(
            id: s.value(1).map { s.text($0) } ?? "", level: level, code: code,
            codeText: code == nil ? r.flatMap { $0.isEmpty ? nil : s.text($0) } : nil, place: place)
    }

    /// Warns, once a transaction set, of an HL01 that is not the one after the HL before it:
    /// the guide numbers the HL segments of a transaction set 1, 2, 3... (so each is unique).
    private mutating func hierarchicalSequence(_ s: X12Segment) {
        let expected = hierarchy.lastNumber + 1
        let n = s.value(1).flatMap { s.integer($0) }
        hierarchy.lastNumber = n ?? expected
        guard n != expected, !hierarchy.sequenceReported else { return }
        hierarchy.sequenceReported = true
        let given = s.value(1).map { "'\(s.text($0))'" } ?? "empty"
        result.diagnose("x12.invalid-hierarchy", .warning, s, in: file, element: 1, "HL01 is \(given), expected \(expected): the guide numbers the HL segments of a transaction set 1, 2, 3... in order, each once, and a payer may reject the file. Its claims are still read under the levels they follow (HL02 is checked against those); later HL01s of this transaction set are not reported", value: s.value(1).map { s.text($0) })
    }

    private mutating func name(_ s: X12Segment) {
        let entity = s.element(1)
        switch loop {
        case .billingProvider where s.equals(entity, "85"):
            billing = provider(s, role: "billing provider", required: true)
        case .subscriber where s.equals(entity, "IL"):
            memberID = s.value(9).map { s.text($0) }
        case .patient where s.equals(entity, "QC"):
            patient?.last = s.text(3).uppercased()
            patient?.first = s.text(4).uppercased()
        case .claim where hasClaim && !claim.inOtherSubscriber:
            if s.equals(entity, "82") {
                claimProvider(s, role: "rendering provider (2310B)", \.rendering)
            } else if s.equals(entity, "71") {
                claimProvider(s, role: "attending provider", \.attending)
            } else if s.equals(entity, "72") {
                claimProvider(s, role: "operating provider", \.operating)
            }
        case .line:
            guard hasClaim, hasLine else { return }
            let role: String
            if s.equals(entity, "82") { role = "line rendering provider (2420A)" } else if s.equals(entity, "72") { role = "line operating provider" } else { return }
            switch provider(s, role: role, required: false) {
            case .npi(let n):
                if s.equals(entity, "82") { line.rendering = n } else { line.operating = n }
            case .invalid: line.unreadable = true
            case .absent: break
            }
        default:
            return
        }
    }

    private mutating func claimProvider(_ s: X12Segment, role: String, _ keyPath: WritableKeyPath<X12ClaimDraft, NPI?>) {
        switch provider(s, role: role, required: false) {
        case .npi(let n): claim[keyPath: keyPath] = n
        case .invalid: claim.unreadable = true
        case .absent: break
        }
    }

    /// The NPI of an NM1 segment (NM108 `XX`, NM109). A provider without NM108 `XX` has no NPI
    /// here, which is an error only for the billing provider.
    private mutating func provider(_ s: X12Segment, role: String, required: Bool) -> X12Provider {
        guard s.element(8, is: "XX") else {
            guard required else { return .absent }
            result.diagnose("x12.invalid-npi", .error, s, in: file, element: 8, "the \(role) has no NPI: NM108 is \(s.text(8).isEmpty ? "empty" : "'\(s.text(8))'"), expected XX with the NPI in NM109. Its claims are not checked", value: s.text(8).isEmpty ? nil : s.text(8))
            return .invalid(segment: s.ordinal)
        }
        guard let r = s.value(9) else {
            result.diagnose("x12.invalid-npi", .error, s, in: file, element: 9, "the \(role)'s NPI is empty; expected its ten-digit NPI")
            return .invalid(segment: s.ordinal)
        }
        guard let n = NPI(buffer: s.buffer(r)) else {
            result.diagnose("x12.invalid-npi", .error, s, in: file, element: 9, "'\(s.text(r))' is not a valid NPI for the \(role): \(NPI.problem(with: s.text(r)))", value: s.text(r))
            return .invalid(segment: s.ordinal)
        }
        return .npi(n)
    }

    /// The birth date of a DMG with `D8` in DMG01; not a date is reported here, without the
    /// value (PHI).
    private mutating func birth(_ s: X12Segment) -> Birth {
        guard let r = s.value(2) else { return .absent }
        if let d = ServiceDate(buffer: s.buffer(r)) { return .date(d) }
        if loop != .patient {
            unreportedDMG = s
            return .invalid
        }
        reportBirth(s, of: "patient")
        return .invalid
    }

    /// The error of a DMG whose birth date is not a date; `role` is whose DMG it is.
    private mutating func reportBirth(_ s: X12Segment, of role: String) {
        result.diagnose("x12.invalid-date", .error, s, in: file, element: 2, "the \(role)'s birth date (not repeated here) is not a date: expected CCYYMMDD, a real calendar day; the claims it is the patient's of are not checked")
    }

    private mutating func claimStart(_ s: X12Segment) {
        finishClaim()
        result.claimsRead += 1
        claimOrdinal = result.claimsRead
        result.claimTag = claimOrdinal
        let id = s.text(1)
        claim.start(id: id, location: s.location(file: file), billing: billing, lines: spares.lines.popLast(), diagnoses: spares.diagnoses.popLast())
        hasClaim = true
        if id.isEmpty {
            result.diagnose("x12.missing-value", .error, s, in: file, element: 1, "the claim id (patient control number) is empty")
            claim.unreadable = true
        } else if let earlier = claimIDs.earlier(s.element(1)!, in: s.bytes, text: id, ordinal: s.ordinal) {
            result.diagnose("x12.duplicate-claim-id", .warning, s, in: file, element: 1, "'\(id)' is also the id of the claim at segment \(earlier); findings of both are reported under one id. Give each claim its own patient control number", value: id)
        }
        switch loop {
        case .subscriber, .patient, .claim, .line:
            claim.memberID = memberID
            // The birth date is for age conditions of payer rules; PHI, never printed.
            let birth: Birth
            if let p = patient {
                claim.patientID = "\(p.last)|\(p.first)|\(p.birth)"
                birth = p.birthDate
            } else {
                birth = subscriberBirth
            }
            switch birth {
            case .absent: claim.birthDate = nil
            case .date(let d): claim.birthDate = d
            case .invalid:
                if let s = unreportedDMG.take() {
                    // The subscriber's, told at its DMG with this, its first claim.
                    reportBirth(s, of: "subscriber")
                }
                claim.birthDate = nil
                claim.unreadable = true
                claim.reason = "the patient's birth date is not a date (see the x12.invalid-date error at its DMG segment)"
            }
        default:
            result.diagnose("x12.unexpected-segment", .error, s, in: file, element: nil, "CLM comes before any subscriber loop (HL with HL03 22); the claim has no subscriber and is not checked")
            claim.unreadable = true
        }
        if let at = hierarchy.invalidAt, loop != .unknown, loop != .header, loop != .billingProvider {
            claim.unreadable = true
            claim.reason = "the hierarchical level it is under (HL segment \(at)) does not name the level it follows as its parent (see the x12.invalid-hierarchy error there), so whose claim it is cannot be told; correct HL02"
        }
        if let r = s.value(2) {
            if let m = Money(buffer: s.buffer(r)) { claim.charge = m } else {
                result.diagnose("x12.invalid-charge", .warning, s, in: file, element: 2, "'\(s.text(r))' is not an amount; expected the total charge such as 125.00", value: s.text(r))
            }
        }
        if let c5 = s.value(5) {
            // CLM05-1 and CLM05-3, found in one pass.
            var parts = s.components(of: c5)
            let place = parts.next()
            _ = parts.next()
            let frequency = parts.next()
            if kind == .professional, let pos = place, !pos.isEmpty {
                if pos.count == 2, let n = s.integer(pos) { claim.placeOfService = X12ClaimReader.digits[n] } else {
                    result.diagnose("x12.invalid-value", .error, s, in: file, range: pos, field: "CLM05-1", "'\(s.text(pos))' is not a place of service: expected two digits (11 office, 21 inpatient, 22 outpatient...)\(Self.separatorHint(s, pos))", value: s.text(pos))
                    claim.unreadable = true
                }
            }
            if let f = frequency, !f.isEmpty {
                if f.count == 1, let n = s.integer(f) {
                    claim.frequencyCode = X12ClaimReader.digit[n]
                    claim.isVoid = n == 8
                } else {
                    result.diagnose("x12.invalid-value", .error, s, in: file, range: f, field: "CLM05-3", "'\(s.text(f))' is not a claim frequency code: expected one digit (1 original, 7 replacement, 8 void)", value: s.text(f))
                    claim.unreadable = true
                }
            }
        }
        loop = .claim
    }

    /// The diagnosis code of `bytes`, nil when they are not one.
    private mutating func diagnosisCode(_ bytes: UnsafeRawBufferPointer) -> DiagnosisCode? {
        guard let packed = DiagnosisCode.packed(bytes) else { return nil }
        let slot = X12ClaimReader.diagnosisSlot(packed)
        if diagnosisCodes[slot].packed == packed { return diagnosisCodes[slot].code }
        let code = DiagnosisCode(packed: packed)
        diagnosisCodes[slot] = (packed, code)
        return code
    }

    /// The slot of `diagnosisCodes` for a code's packed characters: the top 6 bits of a
    /// multiplicative hash.
    static func diagnosisSlot(_ packed: UInt64) -> Int {
        Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// The claim's ICD-10-CM diagnoses from an HI segment: the principal (ABK) and the others
    /// (ABF), in order, up to `diagnosisLimit(kind)`; past it the claim is refused. The other
    /// qualifiers of the 837I's HI segments are not diagnoses of the claim as this reader keeps
    /// them (those SV107 would point to in an 837P, and pack rules match), and are skipped
    /// without a word: ABJ admitting diagnosis, APR patient's reason for visit, ABN external
    /// cause of injury, DR DRG, BBR/BBQ ICD-10-PCS procedures, BH/BI occurrence codes and spans,
    /// BE value codes, BG condition codes, TC treatment codes. ICD-9 qualifiers BK/BF are warned
    /// about once.
    private mutating func diagnoses(_ s: X12Segment) {
        guard hasClaim, s.elementCount >= 1 else { return }
        for n in 1...s.elementCount {
            guard let e = s.value(n) else { continue }
            var parts = s.components(of: e)
            guard let q = parts.next() else { continue }
            if s.equals(q, "ABK") || s.equals(q, "ABF") {
                let c = parts.next()
                guard let c, let code = diagnosisCode(s.buffer(c)) else {
                    result.diagnose("x12.invalid-diagnosis", .error, s, in: file, range: e, field: Self.elementName(s, n), "'\(c.map { s.text($0) } ?? "")' is not an ICD-10-CM code: expected a letter, a digit, then one to five letters or digits (such as R93.89 written R9389)", value: c.map { s.text($0) } ?? "")
                    claim.unreadable = true
                    continue
                }
                if claim.diagnoses.count == Self.diagnosisLimit(kind) {
                    if !claim.extraDiagnosisReported {
                        claim.extraDiagnosisReported = true
                        let limit = kind == .institutional
                            ? "a 26th diagnosis; an 837I claim holds at most 25 (the principal diagnosis ABK, then up to two HI segments of 12 ABF)"
                            : "a 13th diagnosis; a claim holds at most 12 (HI01-HI12)"
                        result.diagnose("x12.invalid-diagnosis", .error, s, in: file, range: e, field: Self.elementName(s, n), "\(limit). Diagnoses past it are not reported one by one", value: code.text)
                    }
                    claim.unreadable = true
                    continue
                }
                claim.diagnoses.append(code)
            } else if s.equals(q, "BK") || s.equals(q, "BF") {
                if !claim.icd9Seen {
                    claim.icd9Seen = true
                    result.diagnose("x12.icd9-diagnosis", .warning, s, in: file, range: e, field: Self.elementName(s, n), "qualifier \(s.text(q)) marks an ICD-9-CM diagnosis; ICD-10-CM (ABK/ABF) is required for services since 2015-10-01. ICD-9 codes are not read, so this claim's diagnosis pointers are not checked", value: s.text(q))
                }
            }
        }
    }

    private mutating func date(_ s: X12Segment) {
        switch loop {
        case .claim:
            guard hasClaim, !claim.inOtherSubscriber else { return }
            if s.element(1, is: "472") {
                claim.serviceDates = dates(s) ?? claim.serviceDates
            } else if s.element(1, is: "434") {
                claim.statementDates = dates(s) ?? claim.statementDates
            }
        case .line:
            guard hasClaim, hasLine, claim.lineCount <= X12ClaimReader.maxLines, s.element(1, is: "472") else { return }
            if line.dates != nil {
                result.diagnose("x12.unexpected-segment", .warning, s, in: file, element: 1, "a second DTP*472 for line \(line.number.map(String.init) ?? "?"); the first date is used")
                return
            }
            if let d = dates(s) { line.dates = d } else { line.unreadable = true }
        default:
            return
        }
    }

    /// DTP02 `D8` with DTP03 `CCYYMMDD`, or `RD8` with `CCYYMMDD-CCYYMMDD`; nil (reported)
    /// otherwise. A claim-level date that cannot be read makes the claim unreadable.
    private mutating func dates(_ s: X12Segment) -> DateRange? {
        let value = s.element(3) ?? s.range.upperBound..<s.range.upperBound
        // The qualifier is compared in place; its text is made only for a message (a DTP per
        // line: a `String` and string comparisons each cost more than reading the date).
        func fail(_ expected: String) -> DateRange? {
            result.diagnose("x12.invalid-date", .error, s, in: file, element: 3, "'\(s.text(value))' is not a date for DTP02 '\(s.text(2))': expected \(expected), a real calendar day", value: s.text(value))
            if loop == .claim, hasClaim { claim.unreadable = true }
            return nil
        }
        if s.element(2, is: "D8") {
            guard value.count == 8 else { return fail("CCYYMMDD") }
            let bytes = s.buffer(value).loadUnaligned(as: UInt64.self)
            if let last = lastDate, last.bytes == bytes { return DateRange(last.date) }
            guard let d = ServiceDate(eightDigits: bytes) else { return fail("CCYYMMDD") }
            lastDate = (bytes, d)
            return DateRange(d)
        }
        if s.element(2, is: "RD8") {
            let mid = value.lowerBound + 8
            guard value.count == 17, s.bytes[mid] == UInt8(ascii: "-"),
                  let from = ServiceDate(buffer: s.buffer(value.lowerBound..<mid)),
                  let through = ServiceDate(buffer: s.buffer(mid + 1..<value.upperBound))
            else { return fail("CCYYMMDD-CCYYMMDD") }
            guard let r = DateRange(from: from, through: through) else {
                return fail("a span whose end (\(through.iso)) is not before its start (\(from.iso))")
            }
            return r
        }
        let qualifier = s.text(2)
        result.diagnose("x12.invalid-date", .error, s, in: file, element: 2, "'\(qualifier)' is not a date format this reader knows: expected D8 (one date) or RD8 (a span)", value: qualifier)
        if loop == .claim, hasClaim { claim.unreadable = true }
        return nil
    }

    private mutating func lineStart(_ s: X12Segment) {
        result.linesRead += 1
        guard hasClaim, loop == .claim || loop == .line else {
            result.diagnose("x12.unexpected-segment", .error, s, in: file, element: nil, "LX begins a service line, but no claim (CLM) is open; the line belongs to no claim and is not checked")
            result.linesUnreadable += 1
            return
        }
        finishLine()
        loop = .line
        claim.lineCount += 1
        let count = claim.lineCount
        let limit = X12ClaimReader.lineLimit(kind)
        if limit < X12ClaimReader.maxLines, count == limit + 1 {
            result.diagnose("x12.line-count", .warning, s, in: file, element: nil, "claim '\(claim.id)' has more than \(limit) service lines, the most an 837P claim may hold; a payer may reject it. Split it into claims of at most \(limit) lines")
        }
        if count == X12ClaimReader.maxLines + 1 {
            let most = limit == X12ClaimReader.maxLines ? ", the most an 837I claim may hold" : ""
            result.diagnose("x12.too-many-lines", .error, s, in: file, element: nil, "claim '\(claim.id)' has more than \(X12ClaimReader.maxLines) service lines\(most); it is refused and not checked")
            claim.unreadable = true
            claim.lines.removeAll()
        }
        guard count <= X12ClaimReader.maxLines else { return }
        var number: Int?
        if let r = s.value(1), let n = s.integer(r), n >= 1 {
            number = n
        } else {
            result.diagnose("x12.invalid-line-number", .error, s, in: file, element: 1, "'\(s.text(1))' is not a line number: expected 1, 2, 3... numbering the claim's service lines", value: s.text(1))
        }
        line.start(number: number, lxPlace: s.place)
        hasLine = true
        if number == nil { line.unreadable = true }
    }

    private mutating func service(_ s: X12Segment) {
        let isSV2 = s.id == .sv2
        guard hasClaim else {
            result.diagnose("x12.unexpected-segment", .warning, s, in: file, element: nil, "\(s.idText) is a service line, but no claim (CLM) is open; it is skipped")
            return
        }
        guard loop == .line, hasLine || claim.lineCount > X12ClaimReader.maxLines else {
            result.diagnose("x12.unexpected-segment", .error, s, in: file, element: nil, "\(s.idText) comes before any LX in claim '\(claim.id)'; each service line starts with LX. The claim is not checked")
            result.linesRead += 1
            claim.extraServices += 1
            claim.unreadable = true
            return
        }
        guard claim.lineCount <= X12ClaimReader.maxLines else { return }
        if line.servicePlace != nil {
            result.diagnose("x12.unexpected-segment", .error, s, in: file, element: nil, "a second \(s.idText) in service line \(line.number.map(String.init) ?? "?"); each SV1/SV2 needs its own LX (is an LX missing?). The claim is not checked")
            // A service of its own, counted as a line read (the claim is not checked), apart
            // from the LX count the line limits are told at.
            result.linesRead += 1
            claim.extraServices += 1
            line.unreadable = true
            return
        }
        line.servicePlace = s.place
        var ok = true
        // SV1: 1 procedure, 2 charge, 3 unit basis, 4 quantity, 5 place of service, 7 pointers.
        // SV2: 1 revenue code, 2 procedure, 3 charge, 4 unit basis, 5 quantity.
        let procedure = isSV2 ? 2 : 1
        if isSV2 {
            if let r = s.value(1) {
                line.revenueCode = s.text(r)
                if r.count != 4 || s.integer(r) == nil {
                    result.diagnose("x12.invalid-value", .warning, s, in: file, element: 1, "'\(s.text(r))' is not a revenue code: expected four digits such as 0300", value: s.text(r))
                }
            }
        }
        if let e = s.value(procedure) {
            // The components in one pass: qualifier, code, then up to four modifiers.
            var parts = s.components(of: e)
            let q = parts.next() ?? e
            if s.equals(q, "HC") {
                if line.revenueCode != nil { line.revenueCode = nil }
                let c = parts.next()
                if let c, let code = ProcedureCode(buffer: s.buffer(c)) {
                    line.code = code
                } else {
                    result.diagnose("x12.invalid-code", .error, s, in: file, range: c ?? e, field: "\(Self.elementName(s, procedure))-2", "'\(c.map { s.text($0) } ?? "")' is not a HCPCS/CPT code: \(ProcedureCode.shapes)", value: c.map { s.text($0) } ?? "")
                    ok = false
                }
                for k in 2..<6 {
                    guard let m = parts.next() else { break }
                    guard !m.isEmpty else { continue }
                    if let mod = Modifier(buffer: s.buffer(m)) { line.modifiers.append(mod) } else {
                        result.diagnose("x12.invalid-modifier", .error, s, in: file, range: m, field: "\(Self.elementName(s, procedure))-\(k + 1)", "'\(s.text(m))' is not a modifier: expected two letters or digits such as 26, TC, 59 or RT", value: s.text(m))
                        ok = false
                    }
                }
            } else if !isSV2 || line.revenueCode == nil {
                result.diagnose("x12.invalid-code", .error, s, in: file, range: q, field: "\(Self.elementName(s, procedure))-1", "product/service qualifier '\(s.text(q))' is not HC; only HCPCS/CPT (HC) lines can be checked against the edits\(Self.separatorHint(s, e))", value: s.text(q))
                ok = false
            }
        } else if !isSV2 || line.revenueCode == nil {
            result.diagnose("x12.missing-value", .error, s, in: file, element: procedure, "the procedure is empty; expected HC:code with up to four modifiers (HC:27447:RT)")
            ok = false
        }
        let chargeElement = isSV2 ? 3 : 2
        if let r = s.value(chargeElement) {
            if let m = Money(buffer: s.buffer(r)) { line.charge = m } else {
                result.diagnose("x12.invalid-charge", .error, s, in: file, element: chargeElement, "'\(s.text(r))' is not an amount: expected dollars and cents such as 125.00", value: s.text(r))
                ok = false
            }
        }
        let basisElement = chargeElement + 1
        if let r = s.value(basisElement), !(s.equals(r, "UN") || s.equals(r, "MJ") || (isSV2 && s.equals(r, "DA"))) {
            result.diagnose("x12.unit-basis", .warning, s, in: file, element: basisElement, "'\(s.text(r))' is not a unit basis of the guide (UN units\(isSV2 ? ", DA days" : ", MJ minutes")); the quantity is read as units", value: s.text(r))
        }
        let quantityElement = basisElement + 1
        if let r = s.value(quantityElement) {
            if let u = Units(buffer: s.buffer(r)) { line.units = u } else {
                result.diagnose("x12.invalid-quantity", .error, s, in: file, element: quantityElement, "'\(s.text(r))' is not a quantity: expected a decimal number of units such as 1, 2 or 0.5 (at most three decimals)", value: s.text(r))
                ok = false
            }
        } else if line.revenueCode == nil {
            result.diagnose("x12.invalid-quantity", .error, s, in: file, element: quantityElement, "the quantity of units is empty; expected a number such as 1")
            ok = false
        }
        if !isSV2 {
            if let r = s.value(5) {
                if r.count == 2, let n = s.integer(r) { line.placeOfService = X12ClaimReader.digits[n] } else {
                    result.diagnose("x12.invalid-value", .error, s, in: file, element: 5, "'\(s.text(r))' is not a place of service: expected two digits (11 office, 22 outpatient...)", value: s.text(r))
                    ok = false
                }
            }
            if let r = s.value(7) {
                var parts = s.components(of: r)
                var k = 0
                while let p = parts.next() {
                    defer { k += 1 }
                    if let n = s.integer(p), (1...12).contains(n) { line.pointers.append(n) } else {
                        result.diagnose("x12.invalid-pointer", .error, s, in: file, range: p, field: "SV107-\(k + 1)", "'\(s.text(p))' is not a diagnosis pointer: expected 1 to 12, the position of a diagnosis in HI\(Self.separatorHint(s, p))", value: s.text(p))
                        ok = false
                    }
                }
                if line.pointers.count > 4 {
                    result.diagnose("x12.invalid-pointer", .error, s, in: file, element: 7, "\(line.pointers.count) diagnosis pointers; a service line points to at most 4", value: s.text(r))
                    ok = false
                }
            }
        }
        if !ok { line.unreadable = true }
    }

    // MARK: Ends of loops

    /// Ends the service line being read (at the next LX, CLM, HL or SE).
    private mutating func finishLine() {
        // The line is read where it is, not taken out (a copy of its 150 bytes each line).
        guard hasClaim, hasLine else { return }
        defer {
            if line.unreadable { claim.unreadable = true }
            hasLine = false
        }
        guard let servicePlace = line.servicePlace else {
            let name = kind == .institutional ? "SV2" : "SV1"
            result.add(
                "x12.missing-sv1", .error,
                "LX (segment \(line.lxPlace.ordinal)): service line \(line.number.map(String.init) ?? "?") of claim '\(claim.id)' has no \(name), so no procedure code or units; add the \(name) segment after LX",
                location: line.lxPlace.location(file: file), field: name, value: nil)
            line.unreadable = true
            claim.lineCharges = nil
            return
        }
        let service = servicePlace.location(file: file)
        if let c = line.charge, let sum = claim.lineCharges { claim.lineCharges = Money(cents: sum.cents + c.cents) } else { claim.lineCharges = nil }
        if line.dates == nil {
            if let d = claim.defaultDates {
                line.dates = d
            } else if !line.unreadable {
                result.add(
                    "x12.missing-date", .error,
                    "\(line.revenueCode != nil && line.code == nil ? "SV2" : (kind == .institutional ? "SV2" : "SV1")) (segment \(service.segment ?? 0)): service line \(line.number.map(String.init) ?? "?") of claim '\(claim.id)' has no DTP*472 date of service, and the claim has no DTP*472\(kind == .institutional ? "/434" : "") date to take; add DTP*472*D8*CCYYMMDD after it",
                    location: service, field: "DTP*472", value: nil)
                line.unreadable = true
            }
        }
        if let number = line.number, claim.lines.contains(where: { $0.number == number }) {
            result.add(
                "x12.duplicate-line-number", .error,
                "LX (segment \(line.lxPlace.ordinal)): line number \(number) is used twice in claim '\(claim.id)'; number the service lines 1, 2, 3...",
                location: line.lxPlace.location(file: file), field: "LX01", value: String(number))
            line.unreadable = true
        }
        if line.code == nil, let rev = line.revenueCode, !line.unreadable {
            result.add(
                "x12.revenue-code-only", .info,
                "SV2 (segment \(service.segment ?? 0)): service line \(line.number.map(String.init) ?? "?") of claim '\(claim.id)' has revenue code \(rev) and no HCPCS code in SV202; it is read but not checked by the HCPCS edits",
                location: service, field: "SV202", value: rev)
            claim.skippedLines += 1
            result.linesSkipped += 1
            return
        }
        guard !line.unreadable, let number = line.number, let code = line.code, let units = line.units, let dates = line.dates else {
            line.unreadable = true
            return
        }
        // The modifiers and pointers are moved out too (the next line's `start` then has none to
        // release): a copy retained their arrays, or called into the runtime for none.
        var modifiers = ModifierList(), pointers = DiagnosisPointers()
        swap(&modifiers, &line.modifiers)
        swap(&pointers, &line.pointers)
        claim.lines.append(ServiceLine(
            number: number, code: code, modifiers: modifiers, units: units, dates: dates,
            renderingNPI: line.rendering ?? line.operating, charge: line.charge, diagnosisPointers: pointers,
            placeOfService: line.placeOfService.take(), location: service))
    }

    /// The transaction the claim is in ended without SE: the claim may have lost lines.
    private mutating func abortClaim() {
        guard hasClaim else { return }
        claim.unreadable = true
        claim.reason = "the transaction set it is in ends without SE (see x12.truncated), so lines may be missing"
        finishClaim()
        resetHierarchy()
    }

    /// Ends the claim being read (at the next CLM, HL, SE or the end of the file).
    private mutating func finishClaim() {
        finishLine()
        guard hasClaim else { return }
        // What is told from here on is about the next claim, or none.
        defer { result.claimTag = nil }
        // Read where it is, not swapped out into a local draft (two copies of its 344 bytes and
        // the local's destruction: about 510 instructions a claim, by callgrind): what the claim
        // is built from is moved out below, and the next claim's `start` resets the rest.
        hasClaim = false
        if !claim.unreadable {
            switch claim.billing {
            case .absent:
                result.diagnoseClaim(at: claim.location, "x12.missing-value", "claim '\(claim.id)' has no billing provider NPI: its billing provider loop (HL level 20) has no NM1*85 with NM108 XX and the NPI in NM109", field: "NM1*85")
                claim.unreadable = true
            case .invalid: claim.unreadable = true
            case .npi: break
            }
            if claim.memberID == nil {
                result.diagnoseClaim(at: claim.location, "x12.missing-value", "claim '\(claim.id)' has no subscriber member id: the subscriber loop (HL level 22) needs NM1*IL with the member id in NM109", field: "NM109")
                claim.unreadable = true
            }
            if claim.lineCount == 0 {
                // As a CSV or JSON claim without lines is: nothing of it was checked.
                result.diagnoseClaim(at: claim.location, "x12.missing-value", "claim '\(claim.id)' has no service lines (LX, then \(kind == .institutional ? "SV2" : "SV1")); it is not checked", field: "LX")
                claim.unreadable = true
            }
            if let born = claim.birthDate, let i = ServiceLine.earliest(before: born, in: claim.lines) {
                result.diagnoseClaim(at: claim.location, "x12.invalid-date", "claim '\(claim.id)': the patient's birth date (DMG02, not repeated here) is after line \(claim.lines[i].number)'s date of service, \(claim.lines[i].date.iso); correct the birth date or the date of service", field: "DMG02")
                claim.unreadable = true
            }
            if !claim.icd9Seen {
                // By index: a line taken out of the array (`for line in`) is a copy, which
                // retains its texts and arrays. A claim whose HI holds ICD-9 codes only has
                // diagnoses this reader does not keep (warned about at HI).
                for i in claim.lines.indices where claim.lines[i].fields.diagnosisPointers.hasPointer(above: claim.diagnoses.count) {
                    for p in claim.lines[i].diagnosisPointers where p > claim.diagnoses.count {
                        let location = claim.lines[i].location
                        result.add(
                            "x12.invalid-pointer", .error,
                            claim.diagnoses.isEmpty
                                ? "SV1 (segment \(location.segment ?? 0)) SV107: pointer \(p) of line \(claim.lines[i].number) points to a diagnosis, but claim '\(claim.id)' has none: the guide requires an HI segment with its ICD-10-CM codes (ABK, then ABF) after CLM"
                                : "SV1 (segment \(location.segment ?? 0)) SV107: pointer \(p) of line \(claim.lines[i].number) points past the claim's \(plural(claim.diagnoses.count, "diagnosis code")) in HI",
                            location: location, field: "SV107", value: String(p))
                        claim.unreadable = true
                    }
                }
            }
        }
        if !claim.unreadable, let total = claim.charge, let sum = claim.lineCharges, total != sum {
            result.diagnoseClaim(at: claim.location, "x12.charge-mismatch", "claim '\(claim.id)': CLM02 total charge \(total) is not the sum of its line charges \(sum); the guide requires them to balance", field: "CLM02", severity: .warning, value: total.description)
        }
        guard !claim.unreadable, case .npi(let billingNPI) = claim.billing, claim.memberID != nil else {
            result.countUnreadable(id: claim.id.isEmpty ? nil : claim.id, location: claim.location, ordinal: claimOrdinal)
            // Revenue-code-only lines stay counted as skipped.
            result.linesUnreadable += claim.lineCount + claim.extraServices - claim.skippedLines
            result.add(
                "input.claim-not-checked", .error,
                "CLM (segment \(claim.location.segment ?? 0)): claim '\(claim.id)' is not checked: \(claim.reason ?? "values it needs could not be read (see the errors above); correct them and check its \(plural(claim.lineCount + claim.extraServices, "service line")) again")",
                location: claim.location, field: "CLM01", value: claim.id.isEmpty ? nil : claim.id)
            return
        }
        // The arrays, texts and location are moved out of the draft, not copied: a copy retained
        // each here and the draft's next start released it again, for every claim.
        var id = "", lines: [ServiceLine] = [], diagnoses: [DiagnosisCode] = []
        var location = SourceLocation(file: "", line: 0, column: 0)
        swap(&id, &claim.id)
        swap(&lines, &claim.lines)
        swap(&diagnoses, &claim.diagnoses)
        swap(&location, &claim.location)
        // Told from the draft's flag: reading the claim back from the array once appended
        // cost some 240 instructions a claim.
        if claim.isVoid { result.countVoid(id: id, lines: lines.count, location: location, field: "CLM05-3") }
        result.claims.append(Claim(
            id: id, memberID: claim.memberID.take()!, patientID: claim.patientID.take(), billingNPI: billingNPI,
            renderingNPI: claim.claimRendering, placeOfService: claim.placeOfService.take(), frequencyCode: claim.frequencyCode.take(),
            diagnoses: diagnoses, birthDate: claim.birthDate, lines: lines, location: location))
    }

    // MARK: Diagnostics

    /// When a value that should have been split holds a character often used as a component
    /// separator, says so: a sender whose ISA16 disagrees with its data is a common fault.
    private static func separatorHint(_ s: X12Segment, _ r: Range<Int>) -> String {
        for i in r {
            let b = s.bytes[i]
            if b != s.delimiters.component, [UInt8(ascii: ">"), UInt8(ascii: ":"), UInt8(ascii: "^"), UInt8(ascii: "|"), UInt8(ascii: "\\")].contains(b) {
                return ". The value holds \(X12Delimiters.describe(b)) but ISA16 declares \(X12Delimiters.describe(s.delimiters.component)) as the component separator; check ISA16"
            }
        }
        return ""
    }

    /// What is wrong with a segment over a limit.
    private static func describe(_ problem: X12Segment.Problem, of s: X12Segment) -> String {
        problem == .tooLong
            ? "is \(s.range.count) bytes long, more than the \(X12Scanner.maxSegmentLength) this reader accepts (a missing segment terminator \(X12Delimiters.describe(s.delimiters.segment)) runs segments together)"
            : "has \(s.elementCount) elements, more than the \(X12Scanner.maxElements) this reader accepts"
    }

    /// `SV104`, `HI01`: how messages and the `field` of a diagnostic name an element.
    fileprivate static func elementName(_ s: X12Segment, _ n: Int) -> String {
        "\(s.idText)\(n < 10 ? "0" : "")\(n)"
    }

}

// MARK: Parts read in parallel (X12ParallelReader)

extension X12ClaimReader {
    /// A reader for a part of a file that starts at an ST segment, inside the interchange and
    /// group `envelope` holds open there (from the pre-scan), knowing the claim ids `claimIDs`
    /// (with the segment of their first claim) as read before the part, hashing ids under
    /// `idSeed` (the one every part of the file uses).
    /// `claimRoom`: the room reserved for claims, at most (a part's reader that holds its claims
    /// in arrays of its own size, `X12ParallelReader.heldClaims`).
    init(file: String, envelope: X12Envelope, claimIDs: [X12ClaimIDs.Entry], in bytes: UnsafeRawBufferPointer, partBytes: Int, idSeed: UInt64, claimRoom: Int = .max) {
        self.init(file: file)
        self.envelope = envelope
        self.claimIDs = X12ClaimIDs(initialCapacity: partBytes / 256 + claimIDs.count, seed: idSeed)
        for e in claimIDs { _ = self.claimIDs.earlier(e, in: bytes) }
        result.claims.reserveCapacity(min(partBytes / 128, claimRoom))
    }

    /// The id of every claim read (those given to the initializer included), with the segment
    /// of its first claim.
    var claimIDTable: [X12ClaimIDs.Entry] { claimIDs.entries }

    /// Moves the claims read so far out of the result; with `room`, the reader goes on in an
    /// array with room for that many.
    mutating func takeClaims(room: Int = 0) -> [Claim] {
        defer {
            result.claims = []
            if room > 0 { result.claims.reserveCapacity(room) }
        }
        return result.claims
    }

    var hasClaims: Bool { !result.claims.isEmpty }
    var claimCount: Int { result.claims.count }

    /// Hands the claims read so far to `body` and forgets them: a `body` that keeps the array
    /// keeps the claims as they are (none is copied; the reader goes on in a new array), one
    /// that only reads them leaves the array to be emptied in place. The reader's array keeps
    /// room for about `room` claims (not the room reserved for a whole part).
    mutating func handOverClaims(_ body: ([Claim]) -> Void, room: Int) {
        body(result.claims)
        if recycling != .none { spares.takeBack(from: &result.claims, recycling, room: room) }
        let room = max(room, 16)
        if result.claims.capacity > 2 * room {
            result.claims = []
            result.claims.reserveCapacity(room)
        } else {
            result.claims.removeAll(keepingCapacity: true)
        }
    }

    /// Hands `claims`, read earlier and held apart (`takeClaims(room:)`), to `body` as
    /// `handOverClaims(_:room:)` hands over the claims the reader holds, their arrays taken
    /// back. Call while the reader holds no claims: it keeps its own array, and `claims` is
    /// left with the one handed over. Swapped in, not copied: an array referenced twice would
    /// be copied whole to take its claims' arrays back.
    mutating func handOver(held claims: inout [Claim], _ body: ([Claim]) -> Void, room: Int) {
        precondition(result.claims.isEmpty, "claims read before those held")
        swap(&result.claims, &claims)
        body(result.claims)
        if recycling != .none { spares.takeBack(from: &result.claims, recycling, room: room) }
        swap(&result.claims, &claims)
    }

    /// Calls `body` with each claim in place: iterating the array would copy each claim,
    /// retaining its lines and texts, only to release them when the array is emptied.
    static func lend(_ claims: [Claim], to body: (Claim) -> Void) {
        claims.withUnsafeBufferPointer { claims in
            for i in claims.indices { body(claims[i]) }
        }
    }

    /// The diagnostic of a bad ISA that stops the part (see `read`).
    mutating func append(_ d: Diagnostic) { result.addAboutTheFile(d) }

}

/// What an X12 reader keeps of a transaction set's HL segments (`X12ClaimReader`): the
/// billing provider (20) and subscriber (22) levels being read, by HL01 and segment, the HL
/// segment of an `x12.invalid-hierarchy` error the claims being read are under, and the last
/// HL01, for the guide's 1, 2, 3... sequence.
struct X12Hierarchy {
    struct Level {
        var id: String
        var ordinal: Int
    }

    var billing: Level?
    var subscriber: Level?
    /// The HL whose parent is wrong, at or above the level being read; nil when none.
    var invalidAt: Int?
    /// `invalidAt` of the subscriber level being read, for the patient levels under it.
    var subscriberInvalidAt: Int?
    /// The last HL01, as a number (that expected, when it is not one); 0 before the first HL.
    var lastNumber = 0
    var sequenceReported = false

    /// The last HL of a level of the 837, until the next HL or the transaction set's end tells
    /// whether its HL04 was right.
    struct Open {
        var id: String
        /// 20, 22 or 23.
        var level: UInt8
        /// HL04 when it is `0` or `1`; nil for anything else.
        var code: UInt8?
        /// HL04 as written when it is not `0` or `1`; nil when absent or empty.
        var codeText: String?
        /// HL04's place, or the segment's when HL04 is absent.
        var place: X12Place
    }

    var last: Open?
    var childCodeReported = false
}

/// Which arrays of the claims an X12 reader hands over (`X12ClaimReader.handOverClaims`) it may
/// take back, emptied, for the claims it reads next: those whoever takes the claims does not
/// keep once the hand-over returns (`CheckPipeline`, which keeps a claim's diagnoses only for
/// rules that look at them). Each array taken back spares the next claim an allocation, and the
/// claim handed over its release (about 700 instructions a claim). An array kept after all is
/// not changed (arrays are values): taking it back only costs a new one.
struct ClaimRecycling: Sendable, Equatable {
    var lines = false
    var diagnoses = false

    static let none = ClaimRecycling()
}

/// Emptied arrays taken back from claims handed over (`ClaimRecycling`), for the claims read
/// next. A reader keeps its own; the workers of a parallel read each keep theirs from part to
/// part (`X12ParallelReader`), and take back the arrays of the parts they deliver.
struct SpareArrays {
    var lines: [[ServiceLine]] = []
    var diagnoses: [[DiagnosisCode]] = []

    /// Takes the arrays of `claims` that `recycling` allows, emptied: up to `room` of each, with
    /// room for at most 4 lines (a new claim's) and 16 diagnoses (an 837P claim has at most 12; a
    /// larger 837I one's array is not kept), so
    /// that spares kept for a while (a parallel read's, `X12ParallelReader.spareRoom`) stay
    /// small: `claimlint-bench rss` on 5M lines with the CMS tables peaked at 287 MB with room
    /// for up to 8 lines kept, 278-280 MB with 4 (as many instructions), 276 MB before spares
    /// were kept; its runs vary by about 5 MB. Call once whoever took
    /// the claims is done with them, with `claims` their only reference (else the whole array
    /// is copied to be changed; the claims handed over are not).
    mutating func takeBack(from claims: inout [Claim], _ recycling: ClaimRecycling, room: Int) {
        if lines.capacity < room {
            lines.reserveCapacity(room)
            diagnoses.reserveCapacity(room)
        }
        let (takeLines, takeDiagnoses) = (recycling.lines, recycling.diagnoses)
        claims.withUnsafeMutableBufferPointer { claims in
            for i in claims.indices {
                if takeLines, lines.count < room, claims[i].fields.lines.capacity <= 4 {
                    var spare: [ServiceLine] = []
                    swap(&spare, &claims[i].fields.lines)
                    spare.removeAll(keepingCapacity: true)
                    lines.append(spare)
                }
                if takeDiagnoses, diagnoses.count < room, claims[i].fields.diagnoses.capacity <= 16 {
                    var spare: [DiagnosisCode] = []
                    swap(&spare, &claims[i].fields.diagnoses)
                    spare.removeAll(keepingCapacity: true)
                    diagnoses.append(spare)
                }
            }
        }
    }
}

extension ReadResult {
    /// A diagnostic at a segment of `file`, or at one of its elements. Its message and value
    /// are made only when it is listed (`add(_:_:_:location:field:value:)`).
    fileprivate mutating func diagnose(_ id: String, _ severity: Severity, _ s: X12Segment, in file: String, element: Int?, _ message: @autoclosure () -> String, value: @autoclosure () -> String? = nil) {
        guard !skips(id) else { return }
        let field = element.map { X12ClaimReader.elementName(s, $0) }
        let prefix = field.map { "\(s.name) \($0): " } ?? "\(s.name): "
        add(Diagnostic(
            id: id, severity: severity, message: prefix + message(),
            location: element.map { s.location(file: file, element: $0) } ?? s.location(file: file),
            field: field ?? s.id?.text, value: value()))
    }

    /// A diagnostic at a component or part of an element.
    fileprivate mutating func diagnose(_ id: String, _ severity: Severity, _ s: X12Segment, in file: String, range: Range<Int>, field: @autoclosure () -> String, _ message: @autoclosure () -> String, value: @autoclosure () -> String? = nil) {
        guard !skips(id) else { return }
        let field = field()
        add(Diagnostic(
            id: id, severity: severity, message: "\(s.name) \(field): " + message(),
            location: s.location(file: file, of: range), field: field, value: value()))
    }

    /// A diagnostic about a whole claim, at its CLM segment (`location`).
    fileprivate mutating func diagnoseClaim(at location: SourceLocation, _ id: String, _ message: @autoclosure () -> String, field: String, severity: Severity = .error, value: @autoclosure () -> String? = nil) {
        add(id, severity, "CLM (segment \(location.segment ?? 0)): \(message())", location: location, field: field, value: value())
    }
}
