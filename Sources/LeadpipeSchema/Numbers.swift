import CLeadpipeScan

// Numbers as people type them: `1,234`, `1.234,56`, `$1,234.56`, `1 234,56 €`, `CHF 1'234.50`,
// `(1,234.00)`, `-12`, `12.5%` is not one. Written as JSON numbers, digits exactly as given
// (no binary floating point in between).

/// Integers and decimals.
public enum NumberValue {
    /// Normalizes a decimal amount to a JSON number: currency signs and codes around it are
    /// dropped, thousands separators removed, the decimal separator made a point.
    ///
    /// The decimal separator: when both `.` and `,` occur, the last one; when one of them occurs
    /// several times, it separates thousands; when one occurs once, it separates thousands if
    /// exactly three digits follow and at most three precede (`1,234` and `1.234` are 1234,
    /// `1,5` and `12.50` are decimals).
    ///
    /// - Parameter tailIsReadable: whether 16 bytes past the end of `raw` may be read; then the
    ///   body of a common amount is read 16 bytes at a time (`leadpipe_amount_body`).
    public static func decimal(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool = false) -> Normalized {
        let value = raw.trimmed()
        if value.isEmpty { return .empty }
        if let digits = plainDigits(value, to: out) { return digits }
        if let amount = commonAmount(value, to: out, tailIsReadable: tailIsReadable) { return amount }
        return generalDecimal(value, to: out)
    }

    /// ``decimal(_:to:)`` without its fast paths, for a trimmed, non-empty value.
    static func generalDecimal(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized {
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        guard let parsed = parse(value) else { return .rejected(.numberNotNumeric) }
        return Normalized(count: parsed.write(to: out, keepFraction: true))
    }

    /// The common shapes of an amount, read in one pass: a body of digits with `.` `,` or
    /// space separators that starts and ends with a digit, and around it at most a currency
    /// before (`$`, `€`, `£`, `¥`, or three letters and a space, as in `USD 1,200`) and one
    /// after (`€`, `$`, or a space and three letters), each with an optional space. Writes what
    /// ``parse(_:)`` and `write` would, under the same rules for the decimal separator and the
    /// groups of three; nil for anything else (signs, brackets, other spaces, separators in a
    /// row, a separator after the decimal one), which the general path then decides.
    static func commonAmount(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool = false) -> Normalized? {
        let count = value.count
        guard count >= 2, count <= 40 else { return nil }
        var start = 0
        var end = count
        // The currency before.
        let first = value[0]
        if first == UInt8(ascii: "$") {
            start = 1
        } else if first == 0xE2 {
            guard count > 3, value[1] == 0x82, value[2] == 0xAC else { return nil }
            start = 3
        } else if first == 0xC2 {
            guard value[1] == 0xA3 || value[1] == 0xA5 else { return nil }
            start = 2
        } else if ByteText.isLetter(first) {
            guard count > 4, ByteText.isLetter(value[1]), ByteText.isLetter(value[2]), value[3] == 0x20 else { return nil }
            start = 4
        } else if !ByteText.isDigit(first) {
            return nil
        }
        if start > 0 && start < end && value[start] == 0x20 { start &+= 1 }
        // The currency after.
        let last = value[end &- 1]
        if last == 0xAC {
            guard end &- start >= 4, value[end &- 3] == 0xE2, value[end &- 2] == 0x82 else { return nil }
            end &-= 3
        } else if last == UInt8(ascii: "$") {
            end &-= 1
        } else if ByteText.isLetter(last) {
            guard end &- start >= 5, ByteText.isLetter(value[end &- 2]), ByteText.isLetter(value[end &- 3]),
                value[end &- 4] == 0x20
            else { return nil }
            end &-= 4
        }
        if end > start && value[end &- 1] == 0x20 { end &-= 1 }
        guard start < end, ByteText.isDigit(value[start]), ByteText.isDigit(value[end &- 1]) else { return nil }
        if tailIsReadable {
            // The same rules as the loop below, on bit masks of the body's bytes.
            let length = leadpipe_amount_body(value.base + start, end &- start, out)
            return length >= 0 ? Normalized(count: length) : nil
        }

        // The body: digits kept aside, separators counted, the groups between them measured.
        var room: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes ≥ any body here
        return withUnsafeMutableBytes(of: &room) { room -> Normalized? in
            let digits = room.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var total = 0
            var dots = 0
            var commas = 0
            var separators = 0
            var lastSeparator = -1
            var lastSeparatorByte: UInt8 = 0
            var digitsAtLastSeparator = 0
            var group = 0
            var firstGroup = 0
            var innerGroupsOfThree = true  // the groups between two separators
            for index in start..<end {
                let byte = value[index]
                if ByteText.isDigit(byte) {
                    digits[total] = byte
                    total &+= 1
                    group &+= 1
                    continue
                }
                guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == 0x20, group > 0 else { return nil }
                if byte == UInt8(ascii: ".") { dots &+= 1 } else if byte == UInt8(ascii: ",") { commas &+= 1 }
                if separators == 0 { firstGroup = group } else if group != 3 { innerGroupsOfThree = false }
                separators &+= 1
                lastSeparator = index
                lastSeparatorByte = byte
                digitsAtLastSeparator = total
                group = 0
            }
            // The decimal separator, as `parse` decides it; it is always the last separator here
            // (otherwise the fraction would hold one, which `parse` refuses: nil).
            var hasFraction = false
            if dots > 0 && commas > 0 {
                guard lastSeparatorByte != 0x20 else { return nil }
                if (lastSeparatorByte == UInt8(ascii: ".") ? dots : commas) > 1 { return nil }
                hasFraction = true
            } else if dots &+ commas == 1 {
                guard lastSeparatorByte != 0x20 else { return nil }
                let after = total &- digitsAtLastSeparator
                let before = digitsAtLastSeparator
                let isThousands = after == 3 && before >= 1 && before <= 3 && lastSeparator &+ 4 == end
                    && value[start] != UInt8(ascii: "0")
                hasFraction = !isThousands
            }
            // Groups of three after the first (of one to three), up to the decimal separator.
            let integerSeparators = hasFraction ? separators &- 1 : separators
            if integerSeparators > 0 {
                guard firstGroup <= 3, innerGroupsOfThree, hasFraction || group == 3 else { return nil }
            }
            let integerDigits = hasFraction ? digitsAtLastSeparator : total
            var leading = 0
            while leading < integerDigits && digits[leading] == UInt8(ascii: "0") { leading &+= 1 }
            var length = 0
            if leading == integerDigits {
                out[0] = UInt8(ascii: "0")
                length = 1
            } else {
                for index in leading..<integerDigits {
                    out[length] = digits[index]
                    length &+= 1
                }
            }
            if hasFraction {
                out[length] = UInt8(ascii: ".")
                length &+= 1
                for index in integerDigits..<total {
                    out[length] = digits[index]
                    length &+= 1
                }
            }
            return Normalized(count: length)
        }
    }

    /// Normalizes a whole number: as `decimal`, but a fraction other than zeros is rejected.
    public static func integer(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized {
        let value = raw.trimmed()
        if value.isEmpty { return .empty }
        if let digits = plainDigits(value, to: out) { return digits }
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        guard let parsed = parse(value) else { return .rejected(.numberNotNumeric) }
        for index in parsed.fractionStart..<parsed.fractionEnd where parsed.digits[index] != UInt8(ascii: "0") {
            return .rejected(.numberNotWhole)
        }
        guard parsed.integerDigits <= 18 else { return .rejected(.numberOutOfRange) }
        return Normalized(count: parsed.write(to: out, keepFraction: false))
    }

    /// The common case, 1…18 ASCII digits and nothing else (no placeholder starts with a
    /// digit), written without leading zeros as ``parse(_:)`` and `write` would; nil otherwise.
    @inline(__always)
    static func plainDigits(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized? {
        guard value.count <= 18 else { return nil }
        var length = 0
        for index in 0..<value.count {
            let byte = value[index]
            guard ByteText.isDigit(byte) else { return nil }
            // Leading zeros are skipped; the last digit is always written ("000" is 0).
            if length == 0 && byte == UInt8(ascii: "0") && index &+ 1 < value.count { continue }
            out[length] = byte
            length &+= 1
        }
        return Normalized(count: length)
    }

    /// A number split into its digits: integer part, then fraction part.
    struct Parsed {
        var digits: UnsafePointer<UInt8>
        var negative: Bool
        /// Where the integer digits start and end in the source (separators skipped when writing).
        var integerStart: Int
        var integerEnd: Int
        var fractionStart: Int
        var fractionEnd: Int
        var integerDigits: Int

        func write(to out: UnsafeMutablePointer<UInt8>, keepFraction: Bool) -> Int {
            var length = 0
            var wroteDigit = false
            var leadingZero = true
            if negative {
                out[0] = UInt8(ascii: "-")
                length = 1
            }
            for index in integerStart..<integerEnd {
                let byte = digits[index]
                guard ByteText.isDigit(byte) else { continue }
                if leadingZero && byte == UInt8(ascii: "0") && index < integerEnd { continue }
                leadingZero = false
                out[length] = byte
                length += 1
                wroteDigit = true
            }
            if !wroteDigit {
                out[length] = UInt8(ascii: "0")
                length += 1
            }
            // Trailing zeros of the fraction stay (12.50 keeps its cents); a fraction of only
            // zeros goes for integers.
            if keepFraction && fractionEnd > fractionStart {
                out[length] = UInt8(ascii: ".")
                length += 1
                for index in fractionStart..<fractionEnd {
                    out[length] = digits[index]
                    length += 1
                }
            }
            // "-0" is 0.
            if negative && length == 2 && out[1] == UInt8(ascii: "0") {
                out[0] = UInt8(ascii: "0")
                length = 1
            }
            return length
        }
    }

    /// Parses `value` (trimmed), or nil when it is not a number.
    static func parse(_ value: ByteView) -> Parsed? {
        var start = 0
        var end = value.count
        var negative = false
        // Accounting negatives: (1,234.00).
        if end - start >= 3 && value[start] == UInt8(ascii: "(") && value[end - 1] == UInt8(ascii: ")") {
            negative = true
            start += 1
            end -= 1
        }
        // Currency and sign, before and after: $ € £ ¥ ₹ ₽ ₺ zł kr, three-letter codes, spaces.
        (start, end, negative) = stripAffixes(value, start, end, negative)
        guard start < end else { return nil }

        // The body: digits and separators only.
        var dots = 0
        var commas = 0
        var lastDot = -1
        var lastComma = -1
        var digitCount = 0
        var index = start
        while index < end {
            let byte = value[index]
            if ByteText.isDigit(byte) {
                digitCount += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
                lastDot = index
            } else if byte == UInt8(ascii: ",") {
                commas += 1
                lastComma = index
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "_") {
                // thousands separators
            } else if byte == 0xC2 && index + 1 < end && value[index + 1] == 0xA0 {
                index += 1  // NBSP
            } else if byte == 0xE2 && index + 2 < end && value[index + 1] == 0x80
                && (value[index + 2] == 0xAF || value[index + 2] == 0x89)
            {
                index += 2  // narrow no-break space, thin space
            } else {
                return nil
            }
            index += 1
        }
        guard digitCount > 0, ByteText.isDigit(value[start]) || value[start] == UInt8(ascii: "."),
            ByteText.isDigit(value[end - 1])
        else { return nil }

        var decimalPoint = -1
        if dots > 0 && commas > 0 {
            decimalPoint = max(lastDot, lastComma)
            let decimalByte = value[decimalPoint]
            // The decimal separator occurs once, after every thousands separator.
            if (decimalByte == UInt8(ascii: ".") ? dots : commas) > 1 { return nil }
        } else if dots + commas == 1 {
            let separator = dots == 1 ? lastDot : lastComma
            let after = digitsBetween(value, separator + 1, end)
            let before = digitsBetween(value, start, separator)
            // (`0.500` is a decimal: nobody writes a thousands separator after a lone zero.)
            let isThousands = after == 3 && before >= 1 && before <= 3 && separator + 4 == end
                && value[start] != UInt8(ascii: "0")
            if !isThousands { decimalPoint = separator }
        }
        // Otherwise every separator separates thousands; check the groups are of three.
        let integerEnd = decimalPoint >= 0 ? decimalPoint : end
        if !thousandsGroupsAreValid(value, start, integerEnd) { return nil }
        var integerDigits = 0
        var leading = true
        for position in start..<integerEnd where ByteText.isDigit(value[position]) {
            if leading && value[position] == UInt8(ascii: "0") { continue }
            leading = false
            integerDigits += 1
        }
        let fractionStart = decimalPoint >= 0 ? decimalPoint + 1 : end
        for position in fractionStart..<end where !ByteText.isDigit(value[position]) { return nil }
        return Parsed(
            digits: value.base, negative: negative, integerStart: start, integerEnd: integerEnd,
            fractionStart: fractionStart, fractionEnd: end, integerDigits: integerDigits)
    }

    static func digitsBetween(_ value: ByteView, _ start: Int, _ end: Int) -> Int {
        var count = 0
        for index in start..<end where ByteText.isDigit(value[index]) { count += 1 }
        return count
    }

    /// With separators in the integer part, the groups after the first have three digits.
    static func thousandsGroupsAreValid(_ value: ByteView, _ start: Int, _ end: Int) -> Bool {
        var group = 0
        var sawSeparator = false
        var index = start
        while index < end {
            let byte = value[index]
            if ByteText.isDigit(byte) {
                group += 1
                index += 1
                continue
            }
            // A separator (possibly a multi-byte space).
            if sawSeparator && group != 3 { return false }
            if !sawSeparator && (group == 0 || group > 3) { return false }
            sawSeparator = true
            group = 0
            if byte == 0xC2 {
                index += 2
            } else if byte == 0xE2 {
                index += 3
            } else {
                index += 1
            }
        }
        return !sawSeparator || group == 3
    }

    /// Drops currency signs, codes, signs and spaces around the digits.
    static func stripAffixes(_ value: ByteView, _ start: Int, _ end: Int, _ negative: Bool) -> (Int, Int, Bool) {
        var start = start
        var end = end
        var negative = negative
        var progress = true
        while progress && start < end {
            progress = false
            let byte = value[start]
            if byte == 0x20 || byte == UInt8(ascii: "+") {
                start += 1
                progress = true
            } else if byte == UInt8(ascii: "-") && !negative {
                negative = true
                start += 1
                progress = true
            } else if let length = currencyLength(value, at: start, end: end, forward: true) {
                start += length
                progress = true
            } else if byte == 0xC2 && start + 1 < end && value[start + 1] == 0xA0 {
                start += 2
                progress = true
            }
        }
        progress = true
        while progress && start < end {
            progress = false
            let byte = value[end - 1]
            if byte == 0x20 {
                end -= 1
                progress = true
            } else if byte == UInt8(ascii: "-") && !negative {
                negative = true  // SAP style: 1,234.56-
                end -= 1
                progress = true
            } else if let length = currencyLength(value, at: end, end: start, forward: false) {
                end -= length
                progress = true
            } else if end - start >= 2 && value[end - 2] == 0xC2 && byte == 0xA0 {
                end -= 2
                progress = true
            }
        }
        if start < end && value[start] == UInt8(ascii: "-") && !negative {
            negative = true
            start += 1
        }
        return (start, end, negative)
    }

    /// The length of a currency sign or code at `position` (reading forward from it, or
    /// backward from it when `forward` is false), or nil.
    static func currencyLength(_ value: ByteView, at position: Int, end limit: Int, forward: Bool) -> Int? {
        // $, and the multi-byte signs: € E2 82 AC, ₹ E2 82 B9, ₽ E2 82 BD, ₺ E2 82 BA; £ C2 A3,
        // ¥ C2 A5; zł 7A C5 82.
        let available = forward ? limit - position : position - limit
        guard available > 0 else { return nil }
        func byte(_ offset: Int, of length: Int) -> UInt8 {
            forward ? value[position + offset] : value[position - length + offset]
        }
        if byte(0, of: 1) == UInt8(ascii: "$") { return 1 }
        if available >= 3 && byte(0, of: 3) == 0xE2 && byte(1, of: 3) == 0x82 {
            let last = byte(2, of: 3)
            if last == 0xAC || last == 0xB9 || last == 0xBD || last == 0xBA { return 3 }
        }
        if available >= 2 && byte(0, of: 2) == 0xC2 && (byte(1, of: 2) == 0xA3 || byte(1, of: 2) == 0xA5) { return 2 }
        if available >= 3 && ByteText.lower(byte(0, of: 3)) == UInt8(ascii: "z") && byte(1, of: 3) == 0xC5
            && byte(2, of: 3) == 0x82
        {
            return 3
        }
        // Letters: a currency code (USD, EUR, CHF, PLN, kr, Fr., R$ …) is a run of 2–4 letters,
        // optionally ending in `.` or `$`.
        var length = 0
        var index = position
        while true {
            let at = forward ? index : index - 1
            guard forward ? at < limit : at >= limit else { break }
            let byte = value[at]
            if ByteText.isLetter(byte) || (length > 0 && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$"))) {
                length += 1
                index = forward ? index + 1 : index - 1
                if length > 4 { return nil }
            } else {
                break
            }
        }
        return length >= 2 ? length : nil
    }
}

/// yes/no values.
public enum BooleanValue {
    /// `true`, `false`, or nil when the value is not a yes/no word. Empty is handled by the
    /// caller. Accepts yes/no, y/n, true/false, t/f, 1/0, x, on/off, checked/unchecked, ✓, and
    /// ja/nein, oui/non, sí/no, sim/não, tak/nie, si, wahr/falsch, vrai/faux.
    public static func parse(_ value: ByteView) -> Bool? {
        let value = value.trimmed()
        switch value.count {
        case 1:
            switch ByteText.lower(value[0]) {
            case UInt8(ascii: "y"), UInt8(ascii: "t"), UInt8(ascii: "1"), UInt8(ascii: "x"), UInt8(ascii: "j"): return true
            case UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "0"): return false
            default: return nil
            }
        default:
            for word in trueWords where value.equalsIgnoringCase(word) { return true }
            for word in falseWords where value.equalsIgnoringCase(word) { return false }
            // ✓ ✔ ✗ ✘ (E2 9C 93, E2 9C 94, E2 9C 97, E2 9C 98), sí (73 C3 AD), não (6E C3 A3 6F).
            if value.count == 3 && value[0] == 0xE2 && value[1] == 0x9C {
                if value[2] == 0x93 || value[2] == 0x94 { return true }
                if value[2] == 0x97 || value[2] == 0x98 { return false }
            }
            if value.count == 3 && ByteText.lower(value[0]) == UInt8(ascii: "s") && value[1] == 0xC3
                && (value[2] == 0xAD || value[2] == 0x8D)
            {
                return true
            }
            if value.count == 4 && ByteText.lower(value[0]) == UInt8(ascii: "n") && value[1] == 0xC3
                && (value[2] == 0xA3 || value[2] == 0x83) && ByteText.lower(value[3]) == UInt8(ascii: "o")
            {
                return false
            }
            return nil
        }
    }

    static let trueWords: [StaticString] = [
        "yes", "true", "on", "checked", "ja", "oui", "si", "sim", "tak", "wahr", "vrai", "verdadero", "vero", "waar",
    ]
    static let falseWords: [StaticString] = [
        "no", "false", "off", "unchecked", "nein", "non", "nao", "nie", "falsch", "faux", "falso", "nee", "onwaar",
    ]
}
