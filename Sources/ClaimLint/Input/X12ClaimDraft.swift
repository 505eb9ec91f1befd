/// A claim (2300 loop) while the X12 reader reads it: the values read so far, already
/// checked, and whether any could not be read. It becomes a `Claim` when its loop ends.
struct X12ClaimDraft: Sendable, Equatable {
    var id: String
    /// The CLM segment.
    var location: SourceLocation
    var billing: X12Provider
    var memberID: String?
    var patientID: String?
    var placeOfService: String?
    var frequencyCode: String?
    /// CLM05-3 is 8, a void (compared once, where the code is read).
    var isVoid = false
    var charge: Money?
    var diagnoses: [DiagnosisCode] = []
    /// A diagnosis past the claim's limit (837P 12, 837I 25) was reported: the others are not,
    /// so that a claim of many HI segments does not make a diagnostic of each.
    var extraDiagnosisReported = false
    var icd9Seen = false
    /// 2300 DTP*472 (837P) or DTP*434 statement dates (837I): the date of lines without one.
    var serviceDates: DateRange?
    var statementDates: DateRange?
    /// 2310B rendering (NM1*82), and in 837I the attending (71) and operating (72) physicians.
    var rendering: NPI?
    var attending: NPI?
    var operating: NPI?
    /// Inside 2320/2330 (other subscriber) loops, whose NM1*82 is not this claim's provider.
    var inOtherSubscriber = false

    var lines: [ServiceLine] = []
    /// LX segments seen, readable or not.
    var lineCount = 0
    /// 837I lines with a revenue code and no HCPCS code: read, not checked.
    var skippedLines = 0
    /// Services read past the first under one LX (a second SV1): lines read, apart from
    /// `lineCount`, which counts LX segments against the line limits.
    var extraServices = 0
    var birthDate: ServiceDate?
    /// Sum of the line charges, nil once a line has none.
    var lineCharges: Money? = Money(cents: 0)
    var unreadable = false
    /// Why the claim is not checked, when that is not an error reported above.
    var reason: String?

    init(id: String, location: SourceLocation, billing: X12Provider) {
        self.id = id
        self.location = location
        self.billing = billing
        // Most claims have a few lines and diagnoses: arrays that grow from empty were
        // allocated two or three times a claim.
        lines.reserveCapacity(4)
        diagnoses.reserveCapacity(4)
    }

    /// The draft of a new claim, made where the last one was: field by field, not by assigning
    /// a new draft, which destroyed the old one through an outlined function and moved the new
    /// one in (about 280 instructions a claim). `lines` and `diagnoses`: empty arrays with room
    /// to take (`ClaimRecycling`), else new ones are made.
    mutating func start(id: String, location: SourceLocation, billing: X12Provider, lines spareLines: [ServiceLine]? = nil, diagnoses spareDiagnoses: [DiagnosisCode]? = nil) {
        self.id = id
        self.location = location
        self.billing = billing
        // Texts are cleared only when set: the claim finished took them (`finishClaim` moves
        // them out), and clearing a text called into the runtime to release it even when it
        // held none (as did copying it: two calls a text and a claim, about 1% of a check).
        if memberID != nil { memberID = nil }
        if patientID != nil { patientID = nil }
        if placeOfService != nil { placeOfService = nil }
        if frequencyCode != nil { frequencyCode = nil }
        isVoid = false
        charge = nil
        if let spareDiagnoses {
            diagnoses = spareDiagnoses
        } else {
            diagnoses.removeAll()
            diagnoses.reserveCapacity(4)
        }
        extraDiagnosisReported = false
        icd9Seen = false
        serviceDates = nil
        statementDates = nil
        rendering = nil
        attending = nil
        operating = nil
        inOtherSubscriber = false
        if let spareLines {
            lines = spareLines
        } else {
            lines.removeAll()
            lines.reserveCapacity(4)
        }
        lineCount = 0
        skippedLines = 0
        extraServices = 0
        birthDate = nil
        lineCharges = Money(cents: 0)
        unreadable = false
        reason = nil
    }

    /// A draft with no claim in it, made without allocating (its arrays are the empty ones):
    /// what the reader holds while no claim is open, and swaps a finished claim out with.
    static var none: X12ClaimDraft { X12ClaimDraft() }

    private init() {
        id = ""
        location = SourceLocation(file: "", line: 0, column: 0)
        billing = .absent
    }

    /// The date a line without DTP*472 takes.
    var defaultDates: DateRange? { serviceDates ?? statementDates }

    /// The claim-level rendering provider: NM1*82, else (837I) attending, else operating.
    var claimRendering: NPI? { rendering ?? attending ?? operating }
}

/// A service line (2400 loop) while it is read.
struct X12LineDraft: Sendable, Equatable {
    /// LX01, nil when it is not a positive integer (reported).
    var number: Int?
    /// The LX segment (where it is; a `SourceLocation` is made only when one is needed).
    var lxPlace: X12Place
    /// The SV1 or SV2 segment; nil until one is read.
    var servicePlace: X12Place?
    var code: ProcedureCode?
    var modifiers = ModifierList()
    var units: Units?
    var charge: Money?
    var pointers = DiagnosisPointers()
    var placeOfService: String?
    var dates: DateRange?
    var rendering: NPI?
    var operating: NPI?
    /// An 837I line with a revenue code and no HCPCS code (SV201 only).
    var revenueCode: String?
    var unreadable = false

    init(number: Int?, lxPlace: X12Place) {
        self.number = number
        self.lxPlace = lxPlace
    }

    /// The draft of a new line, made where the last one was: field by field, not by assigning
    /// a new draft, which destroyed the old one and moved the new one in through two outlined
    /// functions (about 240 instructions a line).
    mutating func start(number: Int?, lxPlace: X12Place) {
        self.number = number
        self.lxPlace = lxPlace
        servicePlace = nil
        code = nil
        // Values with arrays or texts are cleared only when set (see `X12ClaimDraft.start`):
        // assigning an empty one released the old one's storage through the runtime.
        modifiers.removeAll()
        units = nil
        charge = nil
        pointers.removeAll()
        if placeOfService != nil { placeOfService = nil }
        dates = nil
        rendering = nil
        operating = nil
        if revenueCode != nil { revenueCode = nil }
        unreadable = false
    }
}

/// A billing or rendering provider's NPI as read from an NM1 segment.
enum X12Provider: Sendable, Equatable {
    /// No NM1 for the provider (yet).
    case absent
    /// The NM1 was there but gave no valid NPI; reported at that segment.
    case invalid(segment: Int)
    case npi(NPI)
}
