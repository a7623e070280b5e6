import CLeadpipeScan
// Phone numbers: kept as written (trimmed and collapsed), plus E.164 (`+4916012345678`) when it
// can be derived. International numbers (`+44 (0)161 …`, `0044 …`, `011 44 …`) carry their
// country; national ones (`(530) 961-5585`, `0161 145 2257`) take it from the row's country
// column or from `--default-country`. A number with letters, too few or too many digits, or an
// unknown country code is kept without E.164, with a warning.

/// A country's numbering: calling code, trunk prefix, and how long national numbers are.
public struct CallingCountry: Sendable, Equatable {
    /// ISO 3166-1 alpha-2 code.
    public let code: String
    /// The calling code, without `+`.
    public let callingCode: String
    /// The prefix dialled before national numbers at home (dropped in E.164), if any.
    public let trunkPrefix: String?
    /// The shortest and longest national significant number.
    public let nationalLength: ClosedRange<Int>

    init(_ code: String, _ callingCode: String, _ trunkPrefix: String?, _ nationalLength: ClosedRange<Int>) {
        self.code = code
        self.callingCode = callingCode
        self.trunkPrefix = trunkPrefix
        self.nationalLength = nationalLength
    }

    /// Index into `all` by calling code (0…999; the first country with it: US for 1, RU for 7),
    /// -1 where none.
    static let byCallingCode: [Int16] = {
        var table = [Int16](repeating: -1, count: 1000)
        for (index, country) in all.enumerated() where table[Int(country.callingCode)!] < 0 {
            table[Int(country.callingCode)!] = Int16(index)
        }
        return table
    }()

    /// What the hot path needs of each of ``all`` (same order), without references: copying a
    /// `CallingCountry` retains its strings, and comparing them costs more than the number.
    static let numbering: [Numbering] = all.map(Numbering.init)

    /// Countries leadpipe knows numbering for.
    public static let all: [CallingCountry] = [
        .init("US", "1", "1", 10...10), .init("CA", "1", "1", 10...10), .init("GB", "44", "0", 9...10),
        .init("DE", "49", "0", 5...13), .init("FR", "33", "0", 9...9), .init("ES", "34", nil, 9...9),
        .init("IT", "39", nil, 6...11), .init("NL", "31", "0", 9...9), .init("BE", "32", "0", 8...9),
        .init("CH", "41", "0", 9...9), .init("AT", "43", "0", 4...13), .init("PL", "48", nil, 9...9),
        .init("PT", "351", nil, 9...9), .init("IE", "353", "0", 7...9), .init("SE", "46", "0", 7...13),
        .init("NO", "47", nil, 8...8), .init("DK", "45", nil, 8...8), .init("FI", "358", "0", 5...12),
        .init("CZ", "420", nil, 9...9), .init("SK", "421", "0", 9...9), .init("HU", "36", "06", 8...9),
        .init("RO", "40", "0", 9...9), .init("GR", "30", nil, 10...10), .init("TR", "90", "0", 10...10),
        .init("RU", "7", "8", 10...10), .init("UA", "380", "0", 9...9), .init("IN", "91", "0", 10...10),
        .init("CN", "86", "0", 5...12), .init("JP", "81", "0", 9...10), .init("KR", "82", "0", 8...10),
        .init("VN", "84", "0", 9...10), .init("BR", "55", "0", 10...11), .init("MX", "52", nil, 10...10),
        .init("AR", "54", "0", 10...10), .init("AU", "61", "0", 9...9), .init("NZ", "64", "0", 8...10),
        .init("ZA", "27", "0", 9...9), .init("IL", "972", "0", 8...9), .init("AE", "971", "0", 8...9),
        .init("SA", "966", "0", 9...9), .init("SG", "65", nil, 8...8), .init("HK", "852", nil, 8...8),
        .init("EG", "20", "0", 9...10), .init("NG", "234", "0", 8...10), .init("ID", "62", "0", 9...12),
        .init("PH", "63", "0", 10...10), .init("MY", "60", "0", 9...10), .init("TH", "66", "0", 8...9),
        .init("CO", "57", nil, 10...10), .init("CL", "56", nil, 9...9), .init("PE", "51", nil, 8...9),
        .init("LU", "352", nil, 4...11), .init("BG", "359", "0", 7...9), .init("HR", "385", "0", 8...9),
        .init("SI", "386", "0", 8...8), .init("RS", "381", "0", 8...9), .init("LT", "370", "8", 8...8),
        .init("LV", "371", nil, 8...8), .init("EE", "372", nil, 7...8), .init("IS", "354", nil, 7...9),
        .init("TW", "886", "0", 8...9), .init("PK", "92", "0", 9...10), .init("BD", "880", "0", 10...10),
        .init("KE", "254", "0", 9...9), .init("MA", "212", "0", 9...9),
    ]

    /// The country with ISO code `code` (any case).
    public static func withCode(_ code: String) -> CallingCountry? {
        let upper = code.uppercased()
        if upper == "UK" { return all.first { $0.code == "GB" } }
        return all.first { $0.code == upper }
    }

    /// The country a row's country value names: an ISO code, or a name in English or the
    /// country's own language (`Deutschland`, `España`, `Polska`, `日本`).
    public static func named(_ text: String) -> CallingCountry? {
        let key = HeaderTokens.tokens(of: text).joined(separator: " ")
        guard !key.isEmpty else { return nil }
        if key.count == 2, let country = withCode(key) { return country }
        return names[key].flatMap(withCode)
    }

    static let names: [String: String] = {
        let list: [(String, [String])] = [
            ("US", ["united states", "united states of america", "usa", "u s a", "u s", "america", "estados unidos", "etats unis", "vereinigte staaten", "stany zjednoczone"]),
            ("CA", ["canada", "kanada"]),
            ("GB", ["united kingdom", "great britain", "britain", "england", "scotland", "wales", "northern ireland", "gb", "u k", "vereinigtes konigreich", "royaume uni", "reino unido", "regno unito", "wielka brytania"]),
            ("DE", ["germany", "deutschland", "allemagne", "alemania", "germania", "niemcy", "duitsland", "alemanha"]),
            ("FR", ["france", "frankreich", "francia", "francja", "frankrijk", "franca"]),
            ("ES", ["spain", "espana", "spanien", "espagne", "spagna", "hiszpania", "spanje", "espanha"]),
            ("IT", ["italy", "italia", "italien", "italie", "wlochy", "italie"]),
            ("NL", ["netherlands", "the netherlands", "holland", "nederland", "niederlande", "pays bas", "paises bajos", "paesi bassi", "holandia"]),
            ("BE", ["belgium", "belgique", "belgie", "belgien", "belgica", "belgio", "belgia"]),
            ("CH", ["switzerland", "schweiz", "suisse", "svizzera", "suiza", "szwajcaria", "zwitserland"]),
            ("AT", ["austria", "osterreich", "autriche", "oostenrijk"]),
            ("PL", ["poland", "polska", "polen", "pologne", "polonia"]),
            ("PT", ["portugal", "portogallo", "portugalia"]),
            ("IE", ["ireland", "eire", "irland", "irlande", "irlanda", "irlandia", "ierland"]),
            ("SE", ["sweden", "sverige", "schweden", "suede", "suecia", "svezia", "szwecja", "zweden"]),
            ("NO", ["norway", "norge", "norwegen", "norvege", "noruega", "norvegia", "norwegia", "noorwegen"]),
            ("DK", ["denmark", "danmark", "danemark", "dinamarca", "danimarca", "dania", "denemarken", "daenemark"]),
            ("FI", ["finland", "suomi", "finnland", "finlande", "finlandia"]),
            ("CZ", ["czech republic", "czechia", "cesko", "ceska republika", "tschechien", "republique tcheque", "czechy"]),
            ("SK", ["slovakia", "slovensko", "slowakei", "slowacja"]),
            ("HU", ["hungary", "magyarorszag", "ungarn", "hongrie", "hungria", "ungheria", "wegry"]),
            ("RO", ["romania", "rumanien", "roumanie", "rumunia"]),
            ("GR", ["greece", "hellas", "ελλαδα", "ελλας", "griechenland", "grece", "grecia", "grecja"]),
            ("TR", ["turkey", "turkiye", "turkei", "turquie", "turquia", "turcja"]),
            ("RU", ["russia", "russian federation", "россия", "russland", "russie", "rusia", "rosja"]),
            ("UA", ["ukraine", "украина", "украiна", "україна", "ucrania", "ukraina"]),
            ("IN", ["india", "indien", "inde", "bharat"]),
            ("CN", ["china", "中国", "chine", "chiny", "prc"]),
            ("JP", ["japan", "日本", "japon", "giappone", "japonia"]),
            ("KR", ["south korea", "korea", "republic of korea", "대한민국", "한국", "sudkorea", "coree du sud", "corea del sur"]),
            ("VN", ["vietnam", "viet nam"]),
            ("BR", ["brazil", "brasil", "brasilien", "bresil", "brasile", "brazylia"]),
            ("MX", ["mexico", "mexiko", "mexique", "messico", "meksyk"]),
            ("AR", ["argentina", "argentinien", "argentine"]),
            ("AU", ["australia", "australien", "australie"]),
            ("NZ", ["new zealand", "neuseeland", "nouvelle zelande", "nueva zelanda"]),
            ("ZA", ["south africa", "sudafrika", "afrique du sud", "sudafrica"]),
            ("IL", ["israel"]),
            ("AE", ["united arab emirates", "uae", "emirates", "u a e"]),
            ("SA", ["saudi arabia", "ksa"]),
            ("SG", ["singapore", "singapur", "singapour"]),
            ("HK", ["hong kong", "hongkong"]),
            ("EG", ["egypt", "agypten", "egypte", "egipto"]),
            ("NG", ["nigeria"]),
            ("ID", ["indonesia", "indonesien", "indonesie"]),
            ("PH", ["philippines", "philippinen", "filipinas"]),
            ("MY", ["malaysia", "malaisie"]),
            ("TH", ["thailand", "thailande", "tailandia"]),
            ("CO", ["colombia", "kolumbien", "colombie"]),
            ("CL", ["chile", "chili"]),
            ("PE", ["peru", "perou"]),
            ("LU", ["luxembourg", "luxemburg", "luxemburgo"]),
            ("BG", ["bulgaria", "bulgarien", "bulgarie"]),
            ("HR", ["croatia", "hrvatska", "kroatien", "croatie"]),
            ("SI", ["slovenia", "slovenija", "slowenien"]),
            ("RS", ["serbia", "srbija", "serbien"]),
            ("LT", ["lithuania", "lietuva", "litauen"]),
            ("LV", ["latvia", "latvija", "lettland"]),
            ("EE", ["estonia", "eesti", "estland"]),
            ("IS", ["iceland", "island", "islande"]),
            ("TW", ["taiwan"]),
            ("PK", ["pakistan"]),
            ("BD", ["bangladesh"]),
            ("KE", ["kenya", "kenia"]),
            ("MA", ["morocco", "maroc", "marokko", "marruecos"]),
        ]
        var names: [String: String] = [:]
        for (code, spellings) in list {
            for spelling in spellings { names[HeaderTokens.tokens(of: spelling).joined(separator: " ")] = code }
        }
        return names
    }()

    /// Whether `digits` start with an assigned country calling code; its length if so.
    static func callingCodeLength(_ digits: UnsafePointer<UInt8>, count: Int) -> Int? {
        guard count >= 1 else { return nil }
        let first = Int(digits[0] - 0x30)
        if first == 1 || first == 7 { return 1 }
        guard count >= 2 else { return nil }
        let two = first * 10 + Int(digits[1] - 0x30)
        if isTwoDigitCode[two] { return 2 }
        guard count >= 3 else { return nil }
        let three = two * 10 + Int(digits[2] - 0x30)
        return isThreeDigitCode[three] ? 3 : nil
    }

    static let isTwoDigitCode: [Bool] = (0..<100).map { twoDigitCodes.contains($0) }
    static let isThreeDigitCode: [Bool] = (0..<1000).map { threeDigitCodes.contains($0) }

    static let twoDigitCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60,
        61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]
    static let threeDigitCodes: Set<Int> = {
        var codes = Set<Int>()
        let ranges: [ClosedRange<Int>] = [
            211...212, 213...213, 216...216, 218...218, 220...258, 260...269, 290...291, 297...299, 350...359,
            370...378, 380...383, 385...387, 389...389, 420...421, 423...423, 500...509, 590...599, 670...670,
            672...692, 800...800, 808...808, 850...850, 852...853, 855...856, 870...870, 878...878, 880...883,
            886...886, 888...888, 960...968, 970...977, 979...979, 992...998,
        ]
        for range in ranges { codes.formUnion(range) }
        return codes
    }()
}

/// A country's numbering plan as plain values.
struct Numbering {
    /// The calling code (1…999), its ASCII digits (first digit in the lowest byte) and their
    /// count.
    var callingCode: Int
    var callingCodeDigits: UInt32
    var callingCodeLength: Int
    /// The trunk prefix's digits (as a number) and count; count 0 when there is none.
    var trunk: Int
    var trunkLength: Int
    var national: ClosedRange<Int>

    init(_ country: CallingCountry) {
        callingCode = Int(country.callingCode)!
        callingCodeLength = country.callingCode.utf8.count
        callingCodeDigits = 0
        for (index, digit) in country.callingCode.utf8.enumerated() { callingCodeDigits |= UInt32(digit) << (8 * index) }
        trunk = country.trunkPrefix.map { Int($0)! } ?? 0
        trunkLength = country.trunkPrefix?.utf8.count ?? 0
        national = country.nationalLength
    }

    /// Whether `digits` (at least `trunkLength` of them) start with the trunk prefix.
    func startsWithTrunk(_ digits: UnsafePointer<UInt8>) -> Bool {
        var value = 0
        for index in 0..<trunkLength { value = value &* 10 &+ Int(digits[index] &- 0x30) }
        return trunkLength > 0 && value == trunk
    }
}

/// Phone numbers.
public enum PhoneNumber {
    /// Writes the E.164 form of `raw` to `out` (room for 16 bytes) and returns its length, or
    /// 0 when none can be derived. `countryIndex` is the row's country (or the default) as an
    /// index into ``CallingCountry/all`` (-1: none), used for national numbers.
    @usableFromInline
    static func e164(_ raw: ByteView, countryIndex: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let value = raw.trimmed()
        guard value.count >= 4, value.count <= 64 else { return 0 }
        var room = DigitRoom()
        return withUnsafeMutableBytes(of: &room) { room -> Int in
            let digits = room.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard let (count, plus) = collectDigits(value, into: digits) else { return 0 }
            return e164(digits: digits, count: count, plus: plus, countryIndex: countryIndex, to: out)
        }
    }

    /// ``e164(_:countryIndex:to:)`` for a plainly written number (trimmed): its digits collected
    /// 16 bytes at a time (`leadpipe_phone_digits`). Nil when the number is not plainly written
    /// (the general reading decides it then); a number it takes is collapsed text. 16 bytes past
    /// the end of `value` must be readable.
    @usableFromInline
    static func plainE164(_ value: ByteView, countryIndex: Int, to out: UnsafeMutablePointer<UInt8>) -> Int? {
        var room = DigitRoom()
        return withUnsafeMutableBytes(of: &room) { room -> Int? in
            let digits = room.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let found = Int(leadpipe_phone_digits(value.base, value.count, digits))
            guard found >= 0 else { return nil }
            return e164(digits: digits, count: found & 0xFF, plus: found & 0x100 != 0, countryIndex: countryIndex, to: out)
        }
    }

    /// The E.164 form of a number's digits (4…20, and whether a `+` came first).
    static func e164(digits: UnsafeMutablePointer<UInt8>, count: Int, plus: Bool, countryIndex: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let country: Numbering? = countryIndex >= 0 ? CallingCountry.numbering[countryIndex] : nil
        // International: +44 …, 00 44 …, or 011 44 … dialled from North America.
        var start = -1
        if plus {
            start = 0
        } else if count > 2 && digits[0] == 0x30 && digits[1] == 0x30 {
            start = 2
        } else if count > 3 && digits[0] == 0x30 && digits[1] == 0x31 && digits[2] == 0x31 && country?.callingCode == 1 {
            start = 3
        }
        if start >= 0 {
            guard let codeLength = CallingCountry.callingCodeLength(digits + start, count: count - start) else { return 0 }
            var code = 0
            for index in start..<(start + codeLength) { code = code * 10 + Int(digits[index] - 0x30) }
            var nationalStart = start + codeLength
            let knownIndex = Int(CallingCountry.byCallingCode[code])
            if knownIndex >= 0 {
                let known = CallingCountry.numbering[knownIndex]
                // +44 0161 …: a trunk prefix written after the country code anyway.
                if known.trunkLength == 1 && known.trunk == 0 && nationalStart < count && digits[nationalStart] == 0x30
                    && known.national.contains(count - nationalStart - 1)
                {
                    nationalStart += 1
                }
                guard known.national.contains(count - nationalStart) else { return 0 }
            } else {
                guard count - nationalStart >= 4, count - start >= 7 else { return 0 }
            }
            return write(digits + start, codeLength, digits + nationalStart, count - nationalStart, to: out)
        }
        // A national number: needs a country.
        guard let country else { return 0 }
        var nationalStart = 0
        if country.trunkLength > 0 && count > country.trunkLength && country.startsWithTrunk(digits)
            && country.national.contains(count - country.trunkLength)
        {
            nationalStart = country.trunkLength
        }
        guard country.national.contains(count - nationalStart) else { return 0 }
        var code = country.callingCodeDigits.littleEndian
        return withUnsafeBytes(of: &code) { code in
            write(code.baseAddress!.assumingMemoryBound(to: UInt8.self), country.callingCodeLength,
                  digits + nationalStart, count - nationalStart, to: out)
        }
    }

    /// The digits of `value` (at most 20) and whether it starts with `+`; nil when it holds
    /// anything but digits, formatting (spaces, `-` `.` `(` `)` `/`), a `(0)` after the
    /// country code, and an extension at the end.
    static func collectDigits(_ value: ByteView, into digits: UnsafeMutablePointer<UInt8>) -> (Int, Bool)? {
        // Digits and plain formatting (space, tab, `-` `.` `)` `/`) take no branch on which they
        // are: every byte is stored and only digits are counted. `digits` has room for 24.
        let formatting: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x2D | 1 << 0x2E | 1 << 0x29 | 1 << 0x2F
        var count = 0
        var plus = false
        var index = 0
        while index < value.count {
            let byte = value[index]
            let isDigit = byte &- 0x30 < 10
            digits[count] = byte
            count &+= isDigit ? 1 : 0
            if count > 20 { return nil }
            if !isDigit && (byte >= 64 || formatting >> UInt64(byte) & 1 == 0) {
                if byte == UInt8(ascii: "+") && count == 0 && !plus {
                    plus = true
                } else if byte == UInt8(ascii: "(") {
                    // +44 (0)161: the trunk zero is not dialled from abroad; otherwise formatting.
                    if count > 0 && index + 2 < value.count && value[index + 1] == 0x30 && value[index + 2] == UInt8(ascii: ")") {
                        index += 3
                        continue
                    }
                } else if byte == 0xC2 && index + 1 < value.count && value[index + 1] == 0xA0 {
                    index += 1
                } else if count > 0 && isExtension(value, at: index) {
                    break
                } else {
                    return nil
                }
            }
            index += 1
        }
        return count >= 4 ? (count, plus) : nil
    }

    static func write(
        _ code: UnsafePointer<UInt8>, _ codeLength: Int, _ national: UnsafePointer<UInt8>, _ nationalLength: Int,
        to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard codeLength + nationalLength <= 15 else { return 0 }
        // Whole words rather than two calls to memcpy: the code (1…3 digits) as four bytes,
        // the national number (at most 14) as sixteen. Both sources lie in a ``DigitRoom`` or a
        // four-byte `callingCodeDigits`, whose bytes past the digits are readable, and `out`
        // has room for 20 bytes.
        let target = UnsafeMutableRawPointer(out)
        target.storeBytes(of: UInt8(ascii: "+"), as: UInt8.self)
        target.storeBytes(of: UnsafeRawPointer(code).loadUnaligned(as: UInt32.self), toByteOffset: 1, as: UInt32.self)
        let nationalBytes = UnsafeRawPointer(national)
        target.storeBytes(of: nationalBytes.loadUnaligned(as: UInt64.self), toByteOffset: 1 + codeLength, as: UInt64.self)
        target.storeBytes(
            of: nationalBytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 9 + codeLength, as: UInt64.self)
        return 1 + codeLength + nationalLength
    }

    /// Room for a number's digits (at most 20), with 16 readable bytes past any of them for
    /// ``write(_:_:_:_:to:)``.
    @usableFromInline
    struct DigitRoom {
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        @usableFromInline init() {}
    }

    /// `ext`, `ext.`, `x`, `#`, `;ext=`, `extension`, `Durchwahl`, `poste` before trailing digits.
    static func isExtension(_ value: ByteView, at index: Int) -> Bool {
        let byte = ByteText.lower(value[index])
        return byte == UInt8(ascii: "x") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ";")
            || value.hasPrefixIgnoringCase("ext", at: index) || value.hasPrefixIgnoringCase("durchwahl", at: index)
            || value.hasPrefixIgnoringCase("poste", at: index) || value.hasPrefixIgnoringCase("dw", at: index)
    }
}
