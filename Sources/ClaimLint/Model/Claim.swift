/// A professional claim: who was treated, who billed, and its service lines.
public struct Claim: Hashable, Sendable {
    /// The stored fields, made by their memberwise initializer. With an initializer that set
    /// them one by one, Swift 6.3's optimizer copied each claim made (retaining its texts and
    /// arrays) and destroyed the original: about 430 instructions a claim read.
    var fields: Fields

    struct Fields: Hashable, Sendable {
        var id: String
        var memberID: String
        var patientID: String?
        var billingNPI: NPI
        var renderingNPI: NPI?
        var placeOfService: String?
        var frequencyCode: String?
        var diagnoses: [DiagnosisCode]
        var birthDate: ServiceDate?
        var lines: [ServiceLine]
        var location: SourceLocation
    }

    /// The claim's id (CLM01, the patient control number).
    public var id: String {
        get { fields.id }
        _modify { yield &fields.id }
    }
    /// The subscriber's member id (2010BA NM109).
    public var memberID: String {
        get { fields.memberID }
        _modify { yield &fields.memberID }
    }
    /// The patient when it is not the subscriber (2000C/2010CA), as an identifier; nil when the
    /// subscriber is the patient. Together with `memberID` it names "the same patient".
    public var patientID: String? {
        get { fields.patientID }
        _modify { yield &fields.patientID }
    }
    public var billingNPI: NPI {
        get { fields.billingNPI }
        _modify { yield &fields.billingNPI }
    }
    /// Claim-level rendering provider (2310B); a line's own overrides it.
    public var renderingNPI: NPI? {
        get { fields.renderingNPI }
        _modify { yield &fields.renderingNPI }
    }
    /// Two-digit place of service (CLM05-1).
    public var placeOfService: String? {
        get { fields.placeOfService }
        _modify { yield &fields.placeOfService }
    }
    /// Claim frequency code (CLM05-3): 1 original, 7 replacement, 8 void.
    public var frequencyCode: String? {
        get { fields.frequencyCode }
        _modify { yield &fields.frequencyCode }
    }
    /// A void (frequency code 8): it cancels a claim sent before, and no edit checks its lines
    /// or counts them toward another claim's.
    public var isVoid: Bool {
        // Its bytes: comparing with a literal `String` took some 100 instructions a claim.
        guard let f = fields.frequencyCode?.utf8, f.count == 1 else { return false }
        return f.withContiguousStorageIfAvailable { $0[0] == UInt8(ascii: "8") } ?? (f.first == UInt8(ascii: "8"))
    }
    /// A replacement (frequency code 7): it corrects a claim sent before, so its lines repeat
    /// that claim's by design (`units.duplicate-service` does not compare them across claims).
    public var isReplacement: Bool {
        guard let f = fields.frequencyCode?.utf8, f.count == 1 else { return false }
        return f.withContiguousStorageIfAvailable { $0[0] == UInt8(ascii: "7") } ?? (f.first == UInt8(ascii: "7"))
    }
    public var diagnoses: [DiagnosisCode] {
        get { fields.diagnoses }
        _modify { yield &fields.diagnoses }
    }
    /// The patient's birth date (DMG02), for age conditions in payer rules. PHI: never
    /// printed in reports.
    public var birthDate: ServiceDate? {
        get { fields.birthDate }
        _modify { yield &fields.birthDate }
    }
    public var lines: [ServiceLine] {
        get { fields.lines }
        _modify { yield &fields.lines }
    }
    /// Where the claim starts in its file.
    public var location: SourceLocation {
        get { fields.location }
        _modify { yield &fields.location }
    }

    public init(
        id: String, memberID: String, patientID: String? = nil, billingNPI: NPI, renderingNPI: NPI? = nil,
        placeOfService: String? = nil, frequencyCode: String? = nil, diagnoses: [DiagnosisCode] = [],
        birthDate: ServiceDate? = nil, lines: [ServiceLine], location: SourceLocation
    ) {
        fields = Fields(
            id: id, memberID: memberID, patientID: patientID, billingNPI: billingNPI, renderingNPI: renderingNPI,
            placeOfService: placeOfService, frequencyCode: frequencyCode, diagnoses: diagnoses, birthDate: birthDate,
            lines: lines, location: location)
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
    /// The stored fields, made by their memberwise initializer (see `Claim.fields`): about 250
    /// instructions a line read.
    var fields: Fields

    struct Fields: Hashable, Sendable {
        var number: Int
        var code: ProcedureCode
        var modifiers: ModifierList
        var units: Units
        var dates: DateRange
        var renderingNPI: NPI?
        var charge: Money?
        var diagnosisPointers: DiagnosisPointers
        var placeOfService: String?
        var location: SourceLocation
    }

    /// The line's number within its claim: LX01, or the row order in CSV and JSON.
    public var number: Int {
        get { fields.number }
        _modify { yield &fields.number }
    }
    public var code: ProcedureCode {
        get { fields.code }
        _modify { yield &fields.code }
    }
    public var modifiers: ModifierList {
        get { fields.modifiers }
        _modify { yield &fields.modifiers }
    }
    public var units: Units {
        get { fields.units }
        _modify { yield &fields.units }
    }
    public var dates: DateRange {
        get { fields.dates }
        _modify { yield &fields.dates }
    }
    /// Line-level rendering provider (2420A), overriding the claim's.
    public var renderingNPI: NPI? {
        get { fields.renderingNPI }
        _modify { yield &fields.renderingNPI }
    }
    public var charge: Money? {
        get { fields.charge }
        _modify { yield &fields.charge }
    }
    /// 1-based pointers into the claim's diagnoses.
    public var diagnosisPointers: DiagnosisPointers {
        get { fields.diagnosisPointers }
        _modify { yield &fields.diagnosisPointers }
    }
    /// The line's place of service when it differs from the claim's (SV105).
    public var placeOfService: String? {
        get { fields.placeOfService }
        _modify { yield &fields.placeOfService }
    }
    public var location: SourceLocation {
        get { fields.location }
        _modify { yield &fields.location }
    }

    public init(
        number: Int, code: ProcedureCode, modifiers: ModifierList = [], units: Units = Units(1), dates: DateRange,
        renderingNPI: NPI? = nil, charge: Money? = nil, diagnosisPointers: DiagnosisPointers = [], placeOfService: String? = nil,
        location: SourceLocation
    ) {
        fields = Fields(
            number: number, code: code, modifiers: modifiers, units: units, dates: dates, renderingNPI: renderingNPI,
            charge: charge, diagnosisPointers: diagnosisPointers, placeOfService: placeOfService, location: location)
    }

    /// The date the edits key on: the first day of the line's span.
    public var date: ServiceDate { dates.from }

    /// The index of the line of `lines` with the earliest date of service when that date is
    /// before `birth` (a patient born after a service, which a payer rejects), else nil.
    static func earliest(before birth: ServiceDate, in lines: [ServiceLine]) -> Int? {
        var first: Int?
        // By index: a line taken out of the array is a copy, which retains its texts.
        for i in lines.indices where lines[i].fields.dates.from < birth {
            if let f = first, lines[f].fields.dates.from <= lines[i].fields.dates.from { continue }
            first = i
        }
        return first
    }
}
