import Foundation

/// Header text reduced to comparable words: `E-Mail-Adresse` → `email adresse`,
/// `firstName` → `first name`, `Prénom` → `prenom`, `LinkedIn URL` → `linkedin url`.
public enum HeaderTokens {
    /// The words of `header`, lowercased and without accents.
    ///
    /// camelCase and letter/digit changes split words; every character that is not a letter
    /// or digit separates them; a few words that exports write split are joined again
    /// (`e mail` → `email`, `linked in` → `linkedin`, `web site` → `website`).
    public static func tokens(of header: String) -> [String] {
        if let words = asciiWords(header) { return join(words) }
        return generalTokens(of: header)
    }

    /// What ``tokens(of:)`` makes of any header, through Unicode properties and Foundation's
    /// folding.
    static func generalTokens(of header: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previous: Unicode.Scalar? = nil
        let scalars = Array(header.unicodeScalars)
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for (index, scalar) in scalars.enumerated() {
            let properties = scalar.properties
            let isLetter = properties.isAlphabetic
            let isDigit = properties.numericType != nil && scalar.value < 0x80
            guard isLetter || isDigit else {
                flush()
                previous = nil
                continue
            }
            if let previous {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                let lowerToUpper = previous.properties.isLowercase && properties.isUppercase
                // `URLField`: a capital that starts a word after a run of capitals.
                let acronymEnd = previous.properties.isUppercase && properties.isUppercase
                    && (next?.properties.isLowercase ?? false)
                let digitChange = (previous.value >= 0x30 && previous.value <= 0x39) != isDigit
                if lowerToUpper || acronymEnd || digitChange { flush() }
            }
            current.append(scalar)
            previous = scalar
        }
        flush()
        return join(words.map(fold).filter { !$0.isEmpty })
    }

    /// The words of an ASCII header (most headers, and the synonyms matched against them, which
    /// are split once per run), split as ``generalTokens(of:)`` splits them and lowercased (all
    /// the folding ASCII needs) byte by byte; nil for any other header.
    static func asciiWords(_ header: String) -> [String]? {
        let bytes = Array(header.utf8)
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        @inline(__always) func isUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
        @inline(__always) func isLower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }
        var words: [String] = []
        var start = -1  // the current word's first byte, or -1
        // Lowercased as it is kept: the splits read the case as written.
        func flush(_ end: Int) {
            if start >= 0 { words.append(String(decoding: bytes[start..<end].map(ByteText.lower), as: UTF8.self)) }
            start = -1
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard isUpper(byte) || isLower(byte) || ByteText.isDigit(byte) else {
                flush(index)
                continue
            }
            if start >= 0 {
                let previous = bytes[index - 1]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                let lowerToUpper = isLower(previous) && isUpper(byte)
                // `URLField`: a capital that starts a word after a run of capitals.
                let acronymEnd = isUpper(previous) && isUpper(byte) && isLower(next)
                if lowerToUpper || acronymEnd || ByteText.isDigit(previous) != ByteText.isDigit(byte) { flush(index) }
            }
            if start < 0 { start = index }
        }
        flush(bytes.count)
        return words
    }

    /// `tokens` concatenated: `first name` and `firstname` compare equal this way.
    public static func compact(_ header: String) -> String { tokens(of: header).joined() }

    /// Lowercase without accents; letters that do not decompose are spelled out.
    public static func fold(_ word: String) -> String {
        var folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if folded.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
            var scalars = String.UnicodeScalarView()
            for scalar in folded.unicodeScalars {
                switch scalar {
                case "ß": scalars.append(contentsOf: "ss".unicodeScalars)
                case "ł", "Ł": scalars.append("l")
                case "ø", "Ø": scalars.append("o")
                case "æ", "Æ": scalars.append(contentsOf: "ae".unicodeScalars)
                case "œ", "Œ": scalars.append(contentsOf: "oe".unicodeScalars)
                case "đ", "Đ": scalars.append("d")
                case "ı": scalars.append("i")
                default:
                    if scalar.properties.generalCategory != .nonspacingMark { scalars.append(scalar) }
                }
            }
            folded = String(scalars)
        }
        return folded.lowercased()
    }

    /// Word pairs that exports write apart but mean one word.
    static let joins: [(String, String, String)] = [
        ("e", "mail", "email"), ("e", "mails", "email"), ("linked", "in", "linkedin"), ("web", "site", "website"),
        ("home", "page", "homepage"), ("web", "page", "webpage"), ("zip", "code", "zipcode"), ("post", "code", "postcode"),
    ]

    static func join(_ words: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < words.count {
            if index + 1 < words.count, let join = joins.first(where: { $0.0 == words[index] && $0.1 == words[index + 1] }) {
                result.append(join.2)
                index += 2
            } else {
                result.append(words[index])
                index += 1
            }
        }
        return result
    }
}
