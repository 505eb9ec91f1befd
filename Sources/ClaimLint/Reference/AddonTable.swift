/// Where an add-on requirement comes from.
public enum AddonSource: String, Sendable, Hashable {
    /// The CMS NCCI add-on code edit table.
    case cms = "CMS"
    /// A CPT reporting instruction kept on top of the CMS table (37253 with 37252).
    case cpt = "CPT"
    /// A payer's own rule pack.
    case payer = "PAYER"
}

/// One add-on/primary pair.
public struct AddonRow: Sendable, Hashable {
    public var addon: ProcedureCode
    /// nil for `CCCCC`: contractor-defined primaries (type 2).
    public var primary: ProcedureCode?
    /// 1: only listed primaries; 2: contractor-defined; 3: listed primaries, others per payer.
    public var type: UInt8
    public var source: AddonSource
    public var effective: ServiceDate?
    public var deletion: ServiceDate?

    public init(addon: ProcedureCode, primary: ProcedureCode?, type: UInt8, source: AddonSource = .cms, effective: ServiceDate? = nil, deletion: ServiceDate? = nil) {
        self.addon = addon
        self.primary = primary
        self.type = type
        self.source = source
        self.effective = effective
        self.deletion = deletion
    }

    func inForce(on date: ServiceDate) -> Bool {
        if let effective, date < effective { return false }
        if let deletion, date > deletion { return false }
        return true
    }
}

/// A requirement an add-on line must meet: one of these primaries, same patient, provider and
/// date. An add-on code can carry several requirements (the CMS table's and a CPT rule's).
public struct AddonRequirement: Sendable, Hashable {
    public var addon: ProcedureCode
    public var source: AddonSource
    public var rows: [AddonRow]
}

/// Add-on requirements keyed by add-on code.
public struct AddonTable: Sendable {
    private var requirements = CodeKeyedMap<[AddonRequirement]>()

    public init(_ rows: some Sequence<AddonRow> = []) {
        for r in rows { append(r) }
    }

    public mutating func append(_ row: AddonRow) {
        let key = UInt64(row.addon.rawValue)
        var list = requirements[key] ?? []
        if let i = list.firstIndex(where: { $0.source == row.source }) {
            list[i].rows.append(row)
        } else {
            list.append(AddonRequirement(addon: row.addon, source: row.source, rows: [row]))
        }
        requirements.set(key, list)
    }

    /// The requirements on an add-on code; empty when the code is not an add-on.
    public func requirements(for code: ProcedureCode) -> [AddonRequirement] { requirements[UInt64(code.rawValue)] ?? [] }

    public var addonCount: Int { requirements.count }
    public var rowCount: Int { requirements.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rows.count } } }
    public var allRequirements: some Sequence<AddonRequirement> { requirements.values.joined() }

    /// A later table's requirement for the same (add-on, source) replaces the earlier one.
    mutating func overlay(_ other: AddonTable) {
        for (code, reqs) in zip(other.requirements.keys, other.requirements.values) {
            var list = requirements[code] ?? []
            for r in reqs {
                list.removeAll { $0.source == r.source }
                list.append(r)
            }
            requirements.set(code, list)
        }
    }
}
