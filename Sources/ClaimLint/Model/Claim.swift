/// A professional claim: who was treated, who billed, and its service lines.
public struct Claim: Hashable, Sendable {
    /// The claim's id (CLM01, the patient control number).
    public var id: String
    /// The subscriber's member id (2010BA NM109).
    public var memberID: String
    /// The patient when it is not the subscriber (2000C/2010CA), as an identifier; nil when the
    /// subscriber is the patient. Together with `memberID` it names "the same patient".
    public var patientID: String?
    public var billingNPI: NPI
    /// Claim-level rendering provider (2310B); a line's own overrides it.
    public var renderingNPI: NPI?
    /// Two-digit place of service (CLM05-1).
    public var placeOfService: String?
    /// Claim frequency code (CLM05-3): 1 original, 7 replacement, 8 void.
    public var frequencyCode: String?
    public var diagnoses: [DiagnosisCode]
    /// The patient's birth date (DMG02), for age conditions in payer rules. PHI: never
    /// printed in reports.
    public var birthDate: ServiceDate?
    public var lines: [ServiceLine]
    /// Where the claim starts in its file.
    public var location: SourceLocation

    public init(
        id: String, memberID: String, patientID: String? = nil, billingNPI: NPI, renderingNPI: NPI? = nil,
        placeOfService: String? = nil, frequencyCode: String? = nil, diagnoses: [DiagnosisCode] = [],
        birthDate: ServiceDate? = nil, lines: [ServiceLine], location: SourceLocation
    ) {
        self.id = id
        self.memberID = memberID
        self.patientID = patientID
        self.billingNPI = billingNPI
        self.renderingNPI = renderingNPI
        self.placeOfService = placeOfService
        self.frequencyCode = frequencyCode
        self.diagnoses = diagnoses
        self.birthDate = birthDate
        self.lines = lines
        self.location = location
    }

    /// The patient's age in whole years on a date, when the birth date is known.
    public func age(on date: ServiceDate) -> Int? { birthDate.map { Claim.age(born: $0, on: date) } }

    /// Whole years from a birth date to a date.
    static func age(born birthDate: ServiceDate, on date: ServiceDate) -> Int {
        let b = birthDate.components, d = date.components
        var years = d.year - b.year
        if (d.month, d.day) < (b.month, b.day) { years -= 1 }
        return years
    }

    /// The provider a line is attributed to: the line's rendering NPI, else the claim's
    /// rendering NPI, else the billing NPI.
    public func provider(of line: ServiceLine) -> NPI {
        line.renderingNPI ?? renderingNPI ?? billingNPI
    }
}

/// One service line of a claim (2400 loop, CMS-1500 box 24).
public struct ServiceLine: Hashable, Sendable {
    /// The line's number within its claim: LX01, or the row order in CSV and JSON.
    public var number: Int
    public var code: ProcedureCode
    public var modifiers: ModifierList
    public var units: Units
    public var dates: DateRange
    /// Line-level rendering provider (2420A), overriding the claim's.
    public var renderingNPI: NPI?
    public var charge: Money?
    /// 1-based pointers into the claim's diagnoses.
    public var diagnosisPointers: DiagnosisPointers
    /// The line's place of service when it differs from the claim's (SV105).
    public var placeOfService: String?
    public var location: SourceLocation

    public init(
        number: Int, code: ProcedureCode, modifiers: ModifierList = [], units: Units = Units(1), dates: DateRange,
        renderingNPI: NPI? = nil, charge: Money? = nil, diagnosisPointers: DiagnosisPointers = [], placeOfService: String? = nil,
        location: SourceLocation
    ) {
        self.number = number
        self.code = code
        self.modifiers = modifiers
        self.units = units
        self.dates = dates
        self.renderingNPI = renderingNPI
        self.charge = charge
        self.diagnosisPointers = diagnosisPointers
        self.placeOfService = placeOfService
        self.location = location
    }

    /// The date the edits key on: the first day of the line's span.
    public var date: ServiceDate { dates.from }
}
