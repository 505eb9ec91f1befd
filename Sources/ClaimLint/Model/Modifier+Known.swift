extension Modifier {
    /// Modifiers ClaimLint knows: CPT level I modifiers and the HCPCS level II modifiers in
    /// common use on professional claims (CMS HCPCS modifier list, 2024). A modifier outside
    /// this list gets a `modifier.unknown` warning; a pack can turn that rule off.
    public static let known: Set<Modifier> = {
        var texts: [String] = [
            // CPT level I
            "22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53", "54", "55", "56", "57",
            "58", "59", "62", "63", "66", "73", "74", "76", "77", "78", "79", "80", "81", "82", "90", "91", "92",
            "93", "95", "96", "97", "99",
            // HCPCS level II
            "AA", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AK", "AM", "AO", "AP", "AQ", "AR", "AS", "AT", "AU",
            "AV", "AW", "AX", "AY", "AZ", "BA", "BL", "BO", "BP", "BR", "BU", "CA", "CB", "CC", "CD", "CE", "CF",
            "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "CN", "CO", "CQ", "CR", "CS", "CT", "DA", "EA", "EB", "EC",
            "ED", "EE", "EJ", "EM", "EP", "ER", "ET", "EX", "EY", "FA", "FB", "FC", "FP", "FQ", "FR", "FS", "FT",
            "FX", "FY", "GA", "GB", "GC", "GE", "GF", "GG", "GH", "GJ", "GK", "GL", "GM", "GN", "GO", "GP", "GQ",
            "GR", "GS", "GT", "GU", "GV", "GW", "GX", "GY", "GZ", "H9", "JA", "JB", "JC", "JD", "JE", "JG", "JW",
            "JZ", "KX", "LC", "LD", "LL", "LM", "LR", "LS", "LT", "LU", "MA", "MB", "MC", "MD", "ME", "MF", "MG",
            "MH", "MS", "NB", "NR", "NU", "PA", "PB", "PC", "PD", "PI", "PL", "PM", "PN", "PO", "PS", "PT", "Q0",
            "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "QA", "QB", "QC", "QD", "QE", "QF", "QG", "QH",
            "QJ", "QK", "QL", "QM", "QN", "QP", "QQ", "QR", "QS", "QT", "QW", "QX", "QY", "QZ", "RA", "RB", "RC",
            "RD", "RE", "RI", "RR", "RT", "SA", "SB", "SC", "SD", "SE", "SF", "SG", "SH", "SJ", "SL", "SM", "SN",
            "SQ", "SS", "ST", "SU", "SV", "SW", "SY", "SZ", "TA", "TB", "TC", "TD", "TE", "TF", "TG", "TH", "TJ",
            "TK", "TL", "TM", "TN", "TP", "TQ", "TR", "TS", "TT", "TU", "TV", "TW", "UA", "UB", "UC", "UD", "UE",
            "UF", "UG", "UH", "UJ", "UK", "UN", "UP", "UQ", "UR", "US", "V1", "V2", "V3", "V4", "V5", "V6", "V7",
            "V8", "V9", "VM", "VP", "XE", "XP", "XS", "XU",
        ]
        // Families whose letter pairs are nearly all assigned (HA-HZ program modifiers, KA-KZ
        // DME and drug modifiers, SA-SZ, TA-TW state Medicaid modifiers): accept the family.
        for first in ["H", "K", "S", "T", "U", "Q"] {
            for second in UnicodeScalar("A").value...UnicodeScalar("Z").value {
                texts.append(first + String(UnicodeScalar(second)!))
            }
        }
        for prefix in ["A", "E", "F", "G", "H", "J", "K", "M", "N", "P", "T", "U", "X"] {
            let range: ClosedRange<Int> = switch prefix {
            case "A": 1...9
            case "E": 1...4
            case "F", "T": 1...9
            case "G": 0...9
            case "H": 9...9
            case "J": 1...5
            case "K": 0...4
            case "M": 2...2
            case "N": 1...3
            case "P": 1...6
            case "U": 1...9
            default: 1...5  // X1-X5
            }
            for d in range { texts.append(prefix + String(d)) }
        }
        return Set(texts.compactMap { Modifier($0) })
    }()
}
