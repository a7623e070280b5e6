/// How to read dates whose day and month could be either way round (`03/04/2024`).
public enum DateOrder: String, Sendable, Codable, CaseIterable {
    /// Month first, as in the US: 03/04/2024 is March 4.
    case mdy
    /// Day first, as in most of Europe: 03/04/2024 is 3 April.
    case dmy
    /// Year first: 2024/03/04 (always read this way when the year has four digits).
    case ymd
}

/// Dates as people and exports write them, written back as ISO 8601.
///
/// Read: `2024-05-01`, `2024/05/01`, `20240501`, `2024-05-01T10:30:00Z`, `2024-05-01 10:30`;
/// `05/01/2024` and `01.05.2024` (dots are always day first; slashes and dashes follow the date
/// order unless a number above 12 decides); two-digit years (00–69 → 20xx, 70–99 → 19xx);
/// month names in English, German, French and Spanish (`May 1, 2024`, `1 May 2024`,
/// `01-May-24`, `1. Mai 2024`, `Mon, 6 May 2024`); a time with seconds, fractions, AM/PM and a
/// zone (`Z`, `+02:00`, `UTC`); and Excel serial day numbers (`45413`) when allowed.
public enum DateValue {
    /// Writes the ISO form (`2024-05-01`, or `2024-05-01T10:30:00` with a time, plus `Z` or
    /// an offset when one was given) to `out` (room for 32 bytes).
    public static func normalize(
        _ raw: ByteView, order: DateOrder, allowSerial: Bool = true, to out: UnsafeMutablePointer<UInt8>
    ) -> Normalized {
        let value = raw.trimmed()
        if value.isEmpty { return .empty }
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        guard value.count <= 64 else { return .rejected(.dateUnreadable) }
        var tokens = Tokens()
        guard tokens.read(value) else { return .rejected(.dateUnreadable) }
        guard let (year, month, day) = date(from: tokens, value: value, order: order, allowSerial: allowSerial) else {
            return .rejected(.dateUnreadable)
        }
        guard month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year), year >= 1000, year <= 9999 else {
            return .rejected(.dateImpossible)
        }
        var length = 0
        func put(_ number: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = number
            while divisor > 0 {
                out[length] = UInt8(ascii: "0") + UInt8(rest / divisor)
                rest %= divisor
                divisor /= 10
                length += 1
            }
        }
        func put(_ byte: Character) {
            out[length] = byte.asciiValue!
            length += 1
        }
        put(year, digits: 4)
        put("-")
        put(month, digits: 2)
        put("-")
        put(day, digits: 2)
        guard tokens.hasTime else { return Normalized(count: length) }
        var hour = tokens.hour
        if tokens.meridiem != 0 {
            guard hour >= 1, hour <= 12 else { return .rejected(.dateImpossible) }
            if hour == 12 { hour = 0 }
            if tokens.meridiem == 2 { hour += 12 }
        }
        guard hour <= 23, tokens.minute <= 59, tokens.second <= 60 else { return .rejected(.dateImpossible) }
        put("T")
        put(hour, digits: 2)
        put(":")
        put(tokens.minute, digits: 2)
        put(":")
        put(tokens.second, digits: 2)
        if tokens.zone == .utc {
            put("Z")
        } else if case .offset(let minutes) = tokens.zone {
            guard abs(minutes) <= 14 * 60 else { return .rejected(.dateImpossible) }
            put(minutes < 0 ? "-" : "+")
            put(abs(minutes) / 60, digits: 2)
            put(":")
            put(abs(minutes) % 60, digits: 2)
        }
        return Normalized(count: length)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func fullYear(_ number: Int, digits: Int) -> Int {
        guard digits <= 2 else { return number }
        return number < 70 ? 2000 + number : 1900 + number
    }

    /// Year, month, day from the date tokens.
    static func date(from tokens: Tokens, value: ByteView, order: DateOrder, allowSerial: Bool) -> (Int, Int, Int)? {
        let numbers = tokens.numbers
        switch (tokens.numberCount, tokens.month) {
        case (1, 0):
            let (number, digits) = numbers.0
            if digits == 8 {
                let year = number / 10_000
                guard year >= 1900, year <= 2099 else { return nil }
                return (year, number / 100 % 100, number % 100)
            }
            if allowSerial && digits == 5 && number >= 20_000 && number <= 80_000 {
                return civil(fromDays: number - 25_569)  // Excel's day 25569 is 1970-01-01
            }
            return nil
        case (3, 0):
            let (a, aDigits) = numbers.0
            let (b, _) = numbers.1
            let (c, cDigits) = numbers.2
            if aDigits == 4 { return (a, b, c) }
            guard cDigits == 4 || cDigits == 2, aDigits <= 2 else { return nil }
            let year = fullYear(c, digits: cDigits)
            if tokens.firstSeparator == UInt8(ascii: ".") { return (year, b, a) }
            if a > 12 { return (year, b, a) }
            if b > 12 { return (year, a, b) }
            return order == .mdy ? (year, a, b) : (year, b, a)
        case (2, let month) where month > 0:
            // A month name with a day and a year, in either order: the year has four digits, or
            // is the second number.
            let (a, aDigits) = numbers.0
            let (b, bDigits) = numbers.1
            if aDigits == 4 { return (a, month, b) }
            if bDigits == 4 || bDigits == 2 && aDigits <= 2 { return (fullYear(b, digits: bDigits), month, a) }
            return nil
        default:
            return nil
        }
    }

    /// The civil date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    enum Zone: Equatable {
        case none, utc
        case offset(Int)
    }

    /// The parts of a date-time, read left to right.
    struct Tokens {
        var numbers: ((Int, Int), (Int, Int), (Int, Int)) = ((0, 0), (0, 0), (0, 0))
        var numberCount = 0
        var month = 0
        var firstSeparator: UInt8 = 0
        var hasTime = false
        var hour = 0
        var minute = 0
        var second = 0
        /// 0: none, 1: AM, 2: PM.
        var meridiem = 0
        var zone = Zone.none

        mutating func read(_ value: ByteView) -> Bool {
            var index = 0
            let count = value.count
            while index < count {
                let byte = value[index]
                if ByteText.isDigit(byte) {
                    var number = 0
                    var digits = 0
                    var end = index
                    while end < count && ByteText.isDigit(value[end]) {
                        number = number &* 10 &+ Int(value[end] - 0x30)
                        digits += 1
                        end += 1
                        if digits > 8 { return false }
                    }
                    // A time: digits followed by `:`.
                    if end < count && value[end] == UInt8(ascii: ":") && numberCount > 0 {
                        return readTime(value, from: index)
                    }
                    guard numberCount < 3 else { return false }
                    switch numberCount {
                    case 0: numbers.0 = (number, digits)
                    case 1: numbers.1 = (number, digits)
                    default: numbers.2 = (number, digits)
                    }
                    numberCount += 1
                    index = end
                    // Ordinal suffixes: 1st, 2nd, 3rd, 4th.
                    if index + 1 < count && ByteText.isLetter(value[index]) && ByteText.isLetter(value[index + 1])
                        && (index + 2 == count || !ByteText.isLetter(value[index + 2]))
                    {
                        let suffix = value.slice(index, index + 2)
                        if suffix.equalsIgnoringCase("st") || suffix.equalsIgnoringCase("nd")
                            || suffix.equalsIgnoringCase("rd") || suffix.equalsIgnoringCase("th")
                        {
                            index += 2
                        }
                    }
                    continue
                }
                if ByteText.isLetter(byte) || byte >= 0x80 {
                    var end = index
                    while end < count && (ByteText.isLetter(value[end]) || value[end] >= 0x80) { end += 1 }
                    let word = value.slice(index, end)
                    // ISO's T between date and time.
                    if word.count == 1 && (byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t")) && numberCount == 3 {
                        return readTime(value, from: end)
                    }
                    if let month = Self.month(word) {
                        guard self.month == 0 else { return false }
                        self.month = month
                    } else if !Self.isWeekday(word) {
                        return false
                    }
                    index = end
                    continue
                }
                switch byte {
                case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
                    if firstSeparator == 0 { firstSeparator = byte }
                case UInt8(ascii: " "), UInt8(ascii: ","):
                    break
                default:
                    return false
                }
                index += 1
            }
            return numberCount > 0
        }

        /// Reads `HH:MM[:SS[.fff]] [AM|PM] [Z|UTC|GMT|±HH[:]MM]`.
        mutating func readTime(_ value: ByteView, from start: Int) -> Bool {
            hasTime = true
            var index = start
            let count = value.count
            func number(maxDigits: Int) -> Int? {
                var result = 0
                var digits = 0
                while index < count && ByteText.isDigit(value[index]) && digits < maxDigits {
                    result = result * 10 + Int(value[index] - 0x30)
                    digits += 1
                    index += 1
                }
                return digits > 0 ? result : nil
            }
            guard let hour = number(maxDigits: 2), index < count, value[index] == UInt8(ascii: ":") else { return false }
            index += 1
            guard let minute = number(maxDigits: 2) else { return false }
            self.hour = hour
            self.minute = minute
            if index < count && value[index] == UInt8(ascii: ":") {
                index += 1
                guard let second = number(maxDigits: 2) else { return false }
                self.second = second
                if index < count && (value[index] == UInt8(ascii: ".") || value[index] == UInt8(ascii: ",")) {
                    index += 1
                    while index < count && ByteText.isDigit(value[index]) { index += 1 }
                }
            }
            while index < count && value[index] == 0x20 { index += 1 }
            if index + 1 < count && ByteText.lower(value[index + 1]) == UInt8(ascii: "m") {
                let letter = ByteText.lower(value[index])
                if letter == UInt8(ascii: "a") || letter == UInt8(ascii: "p") {
                    meridiem = letter == UInt8(ascii: "a") ? 1 : 2
                    index += 2
                    while index < count && value[index] == 0x20 { index += 1 }
                }
            }
            guard index < count else { return true }
            let rest = value.slice(index, count)
            if rest.equalsIgnoringCase("z") || rest.equalsIgnoringCase("utc") || rest.equalsIgnoringCase("gmt") {
                zone = .utc
                return true
            }
            let sign = value[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
            index += 1
            guard let hours = number(maxDigits: 2) else { return false }
            var minutes = 0
            if index < count && value[index] == UInt8(ascii: ":") { index += 1 }
            if index < count {
                guard let parsed = number(maxDigits: 2) else { return false }
                minutes = parsed
            }
            guard index == count, minutes < 60 else { return false }
            zone = .offset((sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes))
            return true
        }

        static func month(_ word: ByteView) -> Int? {
            for (index, names) in monthNames.enumerated() {
                for name in names where word.equalsIgnoringCase(name) { return index + 1 }
            }
            return nil
        }

        static func isWeekday(_ word: ByteView) -> Bool {
            weekdayNames.contains { word.equalsIgnoringCase($0) }
        }

        static let monthNames: [[StaticString]] = [
            ["jan", "january", "januar", "janvier", "ene", "enero", "jän", "jänner", "janv"],
            ["feb", "february", "februar", "février", "fevrier", "febrero", "fév", "fev", "févr"],
            ["mar", "march", "märz", "maerz", "mär", "mars", "marzo"],
            ["apr", "april", "avril", "abr", "abril", "avr"],
            ["may", "mai", "mayo"],
            ["jun", "june", "juni", "juin", "junio"],
            ["jul", "july", "juli", "juillet", "julio", "juil"],
            ["aug", "august", "août", "aout", "ago", "agosto"],
            ["sep", "sept", "september", "septembre", "septiembre", "set"],
            ["oct", "october", "okt", "oktober", "octobre", "octubre"],
            ["nov", "november", "novembre", "noviembre"],
            ["dec", "december", "dez", "dezember", "décembre", "decembre", "dic", "diciembre", "déc"],
        ]

        static let weekdayNames: [StaticString] = [
            "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
            "friday", "sat", "saturday", "sun", "sunday", "mo", "di", "mi", "do", "fr", "sa", "so", "montag",
            "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi",
            "jeudi", "vendredi", "samedi", "dimanche", "lun", "mié", "jue", "vie", "sáb", "dom", "lunes",
            "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
        ]
    }
}
