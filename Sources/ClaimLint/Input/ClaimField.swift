/// The fields of the CSV and JSON claim formats, by canonical name (the CSV column or JSON
/// key), with the aliases each reader accepts. Names are matched case-insensitively, with
/// spaces and hyphens read as underscores.
enum ClaimField: String, CaseIterable, Sendable {
    // Claim level: repeated on each CSV row of the claim.
    case claimID = "claim_id"
    case memberID = "member_id"
    case patientID = "patient_id"
    case billingNPI = "billing_npi"
    case renderingNPI = "rendering_npi"
    case placeOfService = "place_of_service"
    case frequencyCode = "frequency_code"
    case diagnoses = "diagnoses"
    case birthDate = "birth_date"
    case suppress = "suppress"
    // Line level.
    case line = "line"
    case code = "code"
    case modifiers = "modifiers"
    case mod1, mod2, mod3, mod4
    case units = "units"
    case date = "date"
    case dateTo = "date_to"
    case lineRenderingNPI = "line_rendering_npi"
    case charge = "charge"
    case diagnosisPointers = "diagnosis_pointers"
    case linePlaceOfService = "line_place_of_service"

    var aliases: [String] {
        switch self {
        case .claimID: ["id", "claim", "claim_number", "claim_no", "patient_control_number", "clm01"]
        case .memberID: ["member", "subscriber_id", "member_number"]
        case .patientID: ["patient"]
        case .billingNPI: ["billing_provider_npi"]
        case .renderingNPI: ["rendering_provider_npi", "claim_rendering_npi"]
        case .placeOfService: ["pos"]
        case .frequencyCode: ["frequency", "claim_frequency"]
        case .diagnoses: ["diagnosis_codes", "dx", "icd10"]
        case .birthDate: ["dob", "date_of_birth", "patient_birth_date"]
        case .suppress: []
        case .line: ["line_number", "line_no", "lx"]
        case .code: ["hcpcs", "cpt", "procedure_code", "hcpcs_code"]
        case .modifiers: ["modifier"]
        case .mod1: ["modifier1", "modifier_1"]
        case .mod2: ["modifier2", "modifier_2"]
        case .mod3: ["modifier3", "modifier_3"]
        case .mod4: ["modifier4", "modifier_4"]
        case .units: ["quantity", "qty", "unit_count"]
        case .date: ["dos", "date_of_service", "service_date", "from_date", "dos_from", "date_from"]
        case .dateTo: ["dos_to", "to_date", "through_date", "date_through"]
        case .lineRenderingNPI: ["line_npi", "line_rendering_provider_npi"]
        case .charge: ["charges", "line_charge", "amount"]
        case .diagnosisPointers: ["dx_pointers", "diagnosis_pointer", "dx_pointer"]
        case .linePlaceOfService: ["line_pos"]
        }
    }

    var isClaimLevel: Bool {
        switch self {
        case .claimID, .memberID, .patientID, .billingNPI, .renderingNPI, .placeOfService, .frequencyCode, .diagnoses, .birthDate, .suppress: true
        default: false
        }
    }

    /// The field's place in `allCases`.
    var ordinal: Int {
        switch self {
        case .claimID: 0
        case .memberID: 1
        case .patientID: 2
        case .billingNPI: 3
        case .renderingNPI: 4
        case .placeOfService: 5
        case .frequencyCode: 6
        case .diagnoses: 7
        case .birthDate: 8
        case .suppress: 9
        case .line: 10
        case .code: 11
        case .modifiers: 12
        case .mod1: 13
        case .mod2: 14
        case .mod3: 15
        case .mod4: 16
        case .units: 17
        case .date: 18
        case .dateTo: 19
        case .lineRenderingNPI: 20
        case .charge: 21
        case .diagnosisPointers: 22
        case .linePlaceOfService: 23
        }
    }

    static let required: [ClaimField] = [.claimID, .memberID, .billingNPI, .code, .units, .date]

    private static let lookup: [String: ClaimField] = {
        var map: [String: ClaimField] = [:]
        for f in allCases {
            map[f.rawValue] = f
            for a in f.aliases { map[a] = f }
        }
        return map
    }()

    /// The names of `lookup` of at most 16 bytes, by their bytes (`ShortNames`): a JSON file
    /// names a field at every key, and hashing the key as a `String` took about 650
    /// instructions a key, 15% of reading a JSON claim file.
    private static let shortNames = ShortNames(lookup)

    /// The field a column name or key names, if any.
    static func named(_ name: String) -> ClaimField? {
        // A name already in canonical form (lowercase, digits, inner underscores), as a JSON
        // file's keys usually are, is looked up as it is: a short one by its bytes (every short
        // name of `lookup` is in `shortNames`, so one not there names no field).
        var bytes = name
        let canonical: ClaimField?? = bytes.withUTF8 { u in
            guard ShortNames.isCanonical(u) else { return nil }
            return .some(u.count <= 16 ? shortNames[u] : lookup[name])
        }
        if let canonical { return canonical }
        let normalized = String(name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
            .trimmingUnderscoresAndSpaces
        return lookup[normalized]
    }
}

/// Field names of at most 16 bytes by their bytes, in a table of 128 slots probed in turn: a
/// name's bytes, zero-padded to two words, and its length are the key. The table holds only
/// ClaimLint's own names (a key a file chooses is looked up, never added), so a fixed
/// multiplicative hash of them is enough.
private struct ShortNames {
    private struct Slot {
        var low: UInt64 = 0, high: UInt64 = 0, length = -1
        var field: ClaimField?
    }
    private var slots = [Slot](repeating: Slot(), count: 128)

    init(_ names: [String: ClaimField]) {
        precondition(names.count < 96, "a table of 128 slots for \(names.count) names")
        for (name, field) in names where name.utf8.count <= 16 {
            var name = name
            name.withUTF8 { u in
                let (low, high) = ShortNames.words(u)
                var i = ShortNames.slot(low, high, u.count)
                while slots[i].length >= 0 { i = (i + 1) & 127 }
                slots[i] = Slot(low: low, high: high, length: u.count, field: field)
            }
        }
    }

    /// The field of the name `u` (at most 16 bytes); nil when no short name is `u`.
    subscript(u: UnsafeBufferPointer<UInt8>) -> ClaimField? {
        let (low, high) = ShortNames.words(u)
        var i = ShortNames.slot(low, high, u.count)
        while slots[i].length >= 0 {
            if slots[i].low == low, slots[i].high == high, slots[i].length == u.count { return slots[i].field }
            i = (i + 1) & 127
        }
        return nil
    }

    /// Lowercase letters, digits and underscores, not starting or ending with an underscore.
    static func isCanonical(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = u.first, first == UInt8(ascii: "_") { return false }
        if let last = u.last, last == UInt8(ascii: "_") { return false }
        for b in u where !((b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")) {
            return false
        }
        return true
    }

    /// The bytes of `u` (at most 16) in two words, zero-padded.
    private static func words(_ u: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var w: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &w) { $0.copyMemory(from: UnsafeRawBufferPointer(u)) }
        return w
    }

    private static func slot(_ low: UInt64, _ high: UInt64, _ length: Int) -> Int {
        Int(truncatingIfNeeded: ((low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)) >> 57)
    }
}

extension String {
    /// The text without leading and trailing spaces. Most fields have none: they are returned
    /// without a copy.
    var trimmingSpaces: String {
        guard let first = utf8.first, let last = utf8.last,
              first == UInt8(ascii: " ") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\r")
        else { return self }
        return String(Substring(self).trimmingSpaces)
    }

    /// The text without leading and trailing spaces and underscores (header names).
    var trimmingUnderscoresAndSpaces: String {
        var s = Substring(self)
        while s.first == "_" || s.first == " " { s.removeFirst() }
        while s.last == "_" || s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// A field's text and where it was found (the file is the reader's).
struct RawValue {
    var text: String
    var line: Int
    var column: Int

    init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }

    init(text: String, location: SourceLocation) {
        self.init(text: text, line: location.line, column: location.column)
    }

    func location(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
}

/// The fields present for a CSV row or a JSON line object, by field: an array slot per field,
/// not a hashed table (a row is read for every service line).
struct ClaimFields {
    private static let all = ClaimField.allCases
    private var values = [RawValue?](repeating: nil, count: all.count)

    subscript(_ field: ClaimField) -> RawValue? {
        get { values[field.ordinal] }
        set { values[field.ordinal] = newValue }
    }

    /// Every field absent again, in the same storage: a reader fills one value row after row.
    /// (A new value per row allocated its array, and freeing it destroyed each slot through
    /// the runtime's generic code, about 1,500 instructions a CSV row.)
    mutating func removeAll() {
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = nil }
        }
    }

    /// The claim-level fields a CSV row repeats, which must agree with the claim's first row
    /// (all but the claim id and suppressions).
    static let repeatedOnEachRow = all.filter { $0.isClaimLevel && $0 != .claimID && $0 != .suppress }

    /// These fields become those of `other`, in this value's storage.
    mutating func replaceAll(with other: ClaimFields) {
        values.withUnsafeMutableBufferPointer { v in
            other.values.withUnsafeBufferPointer { o in
                for i in v.indices { v[i] = o[i] }
            }
        }
    }

    /// These fields become the claim-level fields of `other` (the others absent), in this
    /// value's storage.
    mutating func setClaimLevel(of other: ClaimFields) {
        for f in Self.all { self[f] = f.isClaimLevel ? other[f] : nil }
    }
}
