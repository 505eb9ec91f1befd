/// The effective periods of CMS files, read from their names (and for PPRRVU, from the title
/// lines as a fallback). Names are matched case-insensitively.
///
/// - PPRRVU `PPRRVU24_JUL`, `PPRRVU2026_Jul_nonQPP`: the release's quarter of that year
///   (JAN → Q1, APR → Q2, JUL → Q3, OCT → Q4; another month → the quarter holding it). A name
///   with a year but no month: the whole year. Without a year in the name: the title line's year
///   and release month (`2024 ... July Release`); else the quarter holding the `RELEASED
///   mm/dd/yyyy` date (a guess, reported).
/// - MUE `..._Eff_07-01-2024`: from that date to the end of its quarter.
/// - PTP `ccipra-2024q3-f1`: that quarter. `ccipra-v313r0-f1`: NCCI version 31.3, whose two first
///   digits are the year minus 1994 and whose third is the quarter minus one (v300 = 2024Q1,
///   v313 = 2025Q4, v322 = 2026Q3). Neither: no period (the rows carry their own dates).
/// - AOC `AOC_2024-06-03_active`, `add-code-edits-medicare-effective-06032024` (the CMS zip's
///   MMDDYYYY), `AOC_06-03-2024`, `AOC_V2024Q2-MCR`: a release date (the quarter's first day for
///   the V form; `AOC_V2025Q4_01-MCR` is a later revision of that quarter's). A release applies
///   to dates of service from its date to the day before the next release's (the earliest
///   release loaded also to earlier dates, the latest to later ones): `CMSFolder` cuts each
///   release's rows to those dates (`addonReleases`).
enum CMSPeriods {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path)).lowercased()
    }

    /// PPRRVU period from the name: (period, whole year?).
    static func pprrvu(name path: String) -> (DateRange, wholeYear: Bool)? {
        let name = baseName(path)
        guard let m = name.firstMatch(of: #/pprrvu([0-9]{4}|[0-9]{2})(?:_([a-z]{3}))?/#) else { return nil }
        var year = Int(m.1)!
        if year < 100 { year += 2000 }
        if let mon = m.2, let i = months.firstIndex(of: String(mon)) {
            return DateRange.quarter(year, i / 3 + 1).map { ($0, false) }
        }
        return DateRange.year(year).map { ($0, true) }
    }

    /// PPRRVU period from the title line `2024 National Physician Fee Schedule Relative Value File July Release`.
    static func pprrvu(title: String) -> DateRange? {
        let t = title.lowercased()
        guard let y = t.firstMatch(of: #/(20[0-9][0-9])/#), let year = Int(y.1) else { return nil }
        for (i, m) in months.enumerated() where t.contains(" " + m) {
            return DateRange.quarter(year, i / 3 + 1)
        }
        return nil
    }

    static func mue(name path: String) -> DateRange? {
        let name = baseName(path)
        guard let m = name.firstMatch(of: #/eff_([0-9][0-9])-([0-9][0-9])-([0-9]{4})/#),
              let d = ServiceDate(year: Int(m.3)!, month: Int(m.1)!, day: Int(m.2)!)
        else { return nil }
        return DateRange.restOfQuarter(from: d)
    }

    static func ptp(name path: String) -> DateRange? {
        let name = baseName(path)
        if let m = name.firstMatch(of: #/(20[0-9][0-9])q([1-4])/#) {
            return DateRange.quarter(Int(m.1)!, Int(m.2)!)
        }
        if let m = name.firstMatch(of: #/v([0-9][0-9])([0-3])r[0-9]+/#) {
            return DateRange.quarter(1994 + Int(m.1)!, Int(m.2)! + 1)
        }
        return nil
    }

    /// The part number and revision of a PTP file from its name: `ccipra-v302r1-f1` is part 1
    /// of revision 1, `ccipra-2024q3-f2` part 2 of revision 0; nil without `-fN` (N of one or two
    /// digits: CMS publishes four parts, and a part number is counted up to).
    static func ptpPart(name path: String) -> (part: Int, revision: Int)? {
        let name = baseName(path)
        guard let f = name.firstMatch(of: #/-f([0-9]{1,2})(?:\.|$)/#), let part = Int(f.1) else { return nil }
        let revision = name.firstMatch(of: #/v[0-9]{3}r([0-9]+)/#).flatMap { Int($0.1) } ?? 0
        return (part, revision)
    }

    /// The names `aoc(name:)` understands, for a diagnostic on a file it cannot date.
    static let aocNames = "AOC_2024-06-03.csv (YYYY-MM-DD), add-code-edits-medicare-effective-06032024.csv (MMDDYYYY, as the CMS zip), AOC_06-03-2024.csv (MM-DD-YYYY) or AOC_V2024Q2-MCR.csv (the quarter's first day)"

    /// An add-on code edit release's date: `2024-06-03`, `06-03-2024` or `06032024` (the CMS
    /// zip `add-code-edits-medicare-effective-06032024`) anywhere in the name, or `V2024Q2` (the
    /// quarter's first day); nil for none, or a date that does not exist.
    static func aoc(name path: String) -> ServiceDate? {
        let name = baseName(path)
        if let m = name.firstMatch(of: #/(?:^|[^0-9])(20[0-9][0-9])-([0-9][0-9])-([0-9][0-9])(?:[^0-9]|$)/#) {
            return ServiceDate(year: Int(m.1)!, month: Int(m.2)!, day: Int(m.3)!)
        }
        if let m = name.firstMatch(of: #/(?:^|[^0-9])([0-9][0-9])-([0-9][0-9])-(20[0-9][0-9])(?:[^0-9]|$)/#) {
            return ServiceDate(year: Int(m.3)!, month: Int(m.1)!, day: Int(m.2)!)
        }
        if let m = name.firstMatch(of: #/(?:^|[^0-9])([0-9][0-9])([0-9][0-9])(20[0-9][0-9])(?:[^0-9]|$)/#) {
            return ServiceDate(year: Int(m.3)!, month: Int(m.1)!, day: Int(m.2)!)
        }
        if let m = name.firstMatch(of: #/v(20[0-9][0-9])q([1-4])/#) {
            return DateRange.quarter(Int(m.1)!, Int(m.2)!)?.from
        }
        return nil
    }

    /// The revision of an add-on release of the `V` form: `AOC_V2025Q4_01-MCR` is revision 1 of
    /// 2025Q4's release, `AOC_V2025Q4-MCR` revision 0 (as are names of another form).
    static func aocRevision(name path: String) -> Int {
        baseName(path).firstMatch(of: #/v20[0-9][0-9]q[1-4]_([0-9]+)/#).flatMap { Int($0.1) } ?? 0
    }
}
