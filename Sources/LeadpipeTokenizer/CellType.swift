/// A rough type of a cell's text, for sniffing dialects and headers. Cheap, byte-level and
/// deliberately forgiving: it only has to tell data from fragments and headers from data.
enum CellType: Equatable {
    case empty
    case number
    case date
    case email
    case url
    case phone
    /// Words: letters, digits, spaces and everyday punctuation.
    case text
    /// Anything else: stray quotes, leftovers of a wrong split.
    case other

    /// Whether the type is a recognisable data value (as opposed to free text).
    var isTypedValue: Bool {
        switch self {
        case .number, .date, .email, .url, .phone: true
        default: false
        }
    }

    /// Classifies `bytes` (one un-escaped cell value).
    static func of(_ bytes: UnsafeRawBufferPointer) -> CellType {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        if start == end { return .empty }
        let cell = UnsafeRawBufferPointer(rebasing: bytes[start..<end])

        var digits = 0, letters = 0, at = 0, dots = 0, spaces = 0, quotes = 0, slashes = 0
        var dashes = 0, colons = 0, plus = 0, parens = 0, commas = 0, currency = 0, other = 0
        for byte in cell {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...0xFF: letters += 1
            case UInt8(ascii: "@"): at += 1
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: " "): spaces += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quotes += 1
            case UInt8(ascii: "/"): slashes += 1
            case UInt8(ascii: "-"), UInt8(ascii: "_"): dashes += 1
            case UInt8(ascii: ":"): colons += 1
            case UInt8(ascii: "+"): plus += 1
            case UInt8(ascii: "("), UInt8(ascii: ")"): parens += 1
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: "$"): currency += 1
            default: other += 1
            }
        }
        let count = cell.count
        if quotes > 0 && (cell.first == 0x22 || cell.last == 0x22 || cell.first == 0x27 || cell.last == 0x27) {
            return .other
        }
        if at == 1 && spaces == 0 && letters > 0 && dots > 0 { return .email }
        if letters > 0 && startsWithURLPrefix(cell) { return .url }
        if letters == 0 && digits > 0 {
            if digits + dots + commas + spaces + currency + dashes == count && dashes <= 1 && (dots <= 1 || commas == 0) {
                return .number
            }
            if (slashes == 2 || dashes == 2 || dots == 2) && digits >= 4 && digits <= 8 && count <= 10 { return .date }
            if digits >= 6 && digits + spaces + dashes + plus + parens + dots == count { return .phone }
        }
        if letters > 0 && other + quotes <= max(1, count / 10) { return .text }
        if letters > 0 && digits + letters + spaces >= count * 2 / 3 { return .text }
        return .other
    }

    private static func startsWithURLPrefix(_ cell: UnsafeRawBufferPointer) -> Bool {
        for prefix in ["http://", "https://", "www."] where cell.count > prefix.utf8.count {
            if zip(cell, prefix.utf8).allSatisfy({ ($0 | 0x20) == $1 }) { return true }
        }
        return false
    }
}
