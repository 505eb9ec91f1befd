import Foundation

extension CMSFolder {
    /// The parts CMS splits a quarter's practitioner PTP table into: `ccipra-v302r0-f1` to `-f4`
    /// (DOMAIN.md §1), each a zip holding one part's TXT.
    static let ptpPartCount = 4

    /// A `cms.ptp-incomplete` error for each quarter whose PTP files are named by part (`-fK`)
    /// but lack a part that gave rows: one of f1 to f4, or of the parts up to the highest
    /// present should CMS publish more. A part is missing when no file of it is in the folder,
    /// or its files were skipped (compressed, zipped) or gave no rows. Without the error, the
    /// pairs of the missing part passed, and a quarter holding one part (a new release's f1 put
    /// beside a complete earlier quarter) made the earlier quarter's other parts unused for its
    /// dates. Files of one quarter without a part number are taken as the whole table, and are
    /// not checked; nor is anything when no PTP file was read at all (`cms.table-skipped` says
    /// so). `skipped` are the names of files named like a PTP table that were not read.
    static func incompletePTPParts(_ parsed: [Parsed], skipped: [String]) -> [Diagnostic] {
        guard parsed.contains(where: { $0.kind == .ptp && $0.rows > 0 }) else { return [] }
        struct Quarter {
            /// Part number → names of the files of it that gave rows, or gave none.
            var read: [Int: [String]] = [:]
            var unread: [Int: [String]] = [:]
            var whole = false
        }
        var quarters: [DateRange?: Quarter] = [:]
        for p in parsed where p.kind == .ptp {
            let name = (p.path as NSString).lastPathComponent
            guard let part = CMSPeriods.ptpPart(name: p.path)?.part else {
                if p.rows > 0 { quarters[p.period, default: Quarter()].whole = true }
                continue
            }
            if p.rows > 0 {
                quarters[p.period, default: Quarter()].read[part, default: []].append(name)
            } else if kind(name: p.path) == .ptp {
                quarters[p.period, default: Quarter()].unread[part, default: []].append(name)
            }
        }
        for name in skipped {
            guard let part = CMSPeriods.ptpPart(name: name)?.part else { continue }
            quarters[CMSPeriods.ptp(name: name), default: Quarter()].unread[part, default: []].append(name)
        }
        var notes: [Diagnostic] = []
        let order = quarters.keys.sorted { ($0?.from ?? ServiceDate(daysSinceEpoch: .min)) < ($1?.from ?? ServiceDate(daysSinceEpoch: .min)) }
        for period in order {
            let q = quarters[period]!
            guard !q.whole else { continue }
            let highest = (Array(q.read.keys) + Array(q.unread.keys)).max() ?? 0
            let count = max(ptpPartCount, highest)
            let missing = (1...count).filter { q.read[$0] == nil }
            guard !missing.isEmpty else { continue }
            let found = (1...count).filter { q.read[$0] != nil }
            func list(_ parts: [Int], or: Bool = false) -> String {
                let names = parts.map { "f\($0)" }
                return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + names.last!
            }
            let absent = missing.filter { q.unread[$0] == nil }
            let why = missing.compactMap { k in q.unread[k].map { "f\(k): \($0.sorted().joined(separator: ", ")) not read, see above" } }
                + (absent.isEmpty ? [] : ["no file of \(list(absent, or: true)) was found"])
            let read = found.isEmpty
                ? "none of them was read"
                : "\(list(found)) \(found.count == 1 ? "was" : "were") read but not \(list(missing))"
            notes.append(Diagnostic(
                id: "cms.ptp-incomplete", severity: .error,
                message: "the PTP table \(period.map { "for \($0.description)" } ?? "of the PTP files without a quarter in their names") is incomplete: "
                    + "CMS publishes a quarter's practitioner PTP edits in \(count) parts, f1 to f\(count), and \(read) (\(why.joined(separator: "; "))). "
                    + "The pairs of a missing part would pass unchecked, and no other quarter's parts stand in for them: "
                    + "add the missing part\(missing.count == 1 ? "" : "s") (unzipped) to the folder, or move the quarter's parts out of it to check without them",
                location: nil))
        }
        return notes
    }
}
