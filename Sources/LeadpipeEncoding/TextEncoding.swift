/// A text encoding leadpipe reads.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "UTF-8"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    case utf32LittleEndian = "UTF-32LE"
    case utf32BigEndian = "UTF-32BE"
    case windows1252 = "Windows-1252"
    case iso8859_1 = "ISO-8859-1"
    case iso8859_15 = "ISO-8859-15"
    case windows1250 = "Windows-1250"
    case windows1251 = "Windows-1251"
    case iso8859_2 = "ISO-8859-2"
    case macRoman = "Mac Roman"

    /// The encoding for a name as people write it: `utf8`, `UTF-16LE`, `cp1252`, `latin1`,
    /// `windows-1250`, `mac`… Case, dashes, underscores and spaces do not matter.
    public init?(name: String) {
        let key = String(name.lowercased().filter { $0.isLetter || $0.isNumber })
        switch key {
        case "utf8": self = .utf8
        case "utf16le", "utf16": self = .utf16LittleEndian
        case "utf16be": self = .utf16BigEndian
        case "utf32le", "utf32": self = .utf32LittleEndian
        case "utf32be": self = .utf32BigEndian
        case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
        case "iso88591", "latin1", "l1", "iso885911987": self = .iso8859_1
        case "iso885915", "latin9", "latin0", "l9": self = .iso8859_15
        case "windows1250", "cp1250", "win1250": self = .windows1250
        case "windows1251", "cp1251", "win1251": self = .windows1251
        case "iso88592", "latin2", "l2": self = .iso8859_2
        case "macroman", "macintosh", "mac", "xmacroman": self = .macRoman
        default: return nil
        }
    }

    /// The names ``init(name:)`` accepts, for help texts.
    public static let acceptedNames =
        "utf-8, utf-16le, utf-16be, utf-32le, utf-32be, windows-1252, iso-8859-1, iso-8859-15, "
        + "windows-1250, windows-1251, iso-8859-2, mac-roman"

    /// The single-byte code page, for the encodings that are one.
    public var codePage: CodePage? {
        switch self {
        case .windows1252: .windows1252
        case .iso8859_1: .iso8859_1
        case .iso8859_15: .iso8859_15
        case .windows1250: .windows1250
        case .windows1251: .windows1251
        case .iso8859_2: .iso8859_2
        case .macRoman: .macRoman
        default: nil
        }
    }

    /// The byte order mark of this encoding, if it has one.
    public var byteOrderMark: ByteOrderMark? {
        switch self {
        case .utf8: .utf8
        case .utf16LittleEndian: .utf16LittleEndian
        case .utf16BigEndian: .utf16BigEndian
        case .utf32LittleEndian: .utf32LittleEndian
        case .utf32BigEndian: .utf32BigEndian
        default: nil
        }
    }

    /// The encoding a byte order mark announces.
    public init(_ mark: ByteOrderMark) {
        switch mark {
        case .utf8: self = .utf8
        case .utf16LittleEndian: self = .utf16LittleEndian
        case .utf16BigEndian: self = .utf16BigEndian
        case .utf32LittleEndian: self = .utf32LittleEndian
        case .utf32BigEndian: self = .utf32BigEndian
        }
    }
}

/// A single-byte code page: ASCII below 0x80, a table above.
public struct CodePage: Sendable, Hashable {
    /// The encoding's name.
    public let name: String
    /// Scalars for bytes 0x80…0xFF; 0xFFFD where the code page defines nothing.
    public let upperHalf: [UInt16]
    /// Bytes for the scalars of the upper half.
    let encodeTable: [UInt32: UInt8]

    init(name: String, upperHalf: [UInt16]) {
        self.name = name
        self.upperHalf = upperHalf
        var table: [UInt32: UInt8] = [:]
        for (index, value) in upperHalf.enumerated() where value != 0xFFFD {
            table[UInt32(value)] = UInt8(0x80 + index)
        }
        encodeTable = table
    }

    public static func == (lhs: CodePage, rhs: CodePage) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public static let windows1252 = CodePage(name: "Windows-1252", upperHalf: windows1252Table)
    public static let iso8859_1 = CodePage(name: "ISO-8859-1", upperHalf: iso8859_1Table)
    public static let iso8859_15 = CodePage(name: "ISO-8859-15", upperHalf: iso8859_15Table)
    public static let windows1250 = CodePage(name: "Windows-1250", upperHalf: windows1250Table)
    public static let windows1251 = CodePage(name: "Windows-1251", upperHalf: windows1251Table)
    public static let iso8859_2 = CodePage(name: "ISO-8859-2", upperHalf: iso8859_2Table)
    public static let macRoman = CodePage(name: "Mac Roman", upperHalf: macRomanTable)

    /// Every code page, in the order detection prefers them when the evidence ties.
    public static let all: [CodePage] = [
        .windows1252, .iso8859_15, .iso8859_1, .windows1250, .iso8859_2, .windows1251, .macRoman,
    ]

    /// The text encoding this code page is.
    public var encoding: TextEncoding { TextEncoding(name: name)! }

    /// The scalar for `byte`, or nil where the code page defines nothing.
    @inlinable
    public func scalar(for byte: UInt8) -> Unicode.Scalar? {
        if byte < 0x80 { return Unicode.Scalar(byte) }
        let value = upperHalf[Int(byte) - 0x80]
        return value == 0xFFFD ? nil : Unicode.Scalar(value)
    }

    /// The byte that encodes `scalar`, if the code page has one.
    public func byte(for scalar: Unicode.Scalar) -> UInt8? {
        scalar.value < 0x80 ? UInt8(scalar.value) : encodeTable[scalar.value]
    }

    /// `text` in this code page, or nil if some character has no byte here.
    public func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
