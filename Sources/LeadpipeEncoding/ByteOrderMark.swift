/// A byte order mark at the start of a file.
public enum ByteOrderMark: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    case utf32LittleEndian = "UTF-32LE"
    case utf32BigEndian = "UTF-32BE"

    /// The bytes of the mark.
    public var bytes: [UInt8] {
        switch self {
        case .utf8: [0xEF, 0xBB, 0xBF]
        case .utf16LittleEndian: [0xFF, 0xFE]
        case .utf16BigEndian: [0xFE, 0xFF]
        case .utf32LittleEndian: [0xFF, 0xFE, 0x00, 0x00]
        case .utf32BigEndian: [0x00, 0x00, 0xFE, 0xFF]
        }
    }

    /// The mark that `prefix` starts with, if any. UTF-32LE is checked before UTF-16LE, whose
    /// mark is its prefix.
    ///
    /// - Parameter prefix: the first bytes of the input (four are enough).
    public static func detect<C: Collection<UInt8>>(in prefix: C) -> ByteOrderMark? {
        let head = Array(prefix.prefix(4))
        for mark in [ByteOrderMark.utf32LittleEndian, .utf32BigEndian, .utf8, .utf16LittleEndian, .utf16BigEndian]
        where head.starts(with: mark.bytes) {
            return mark
        }
        return nil
    }
}
