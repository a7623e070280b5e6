/// UTF-8 well-formedness, one sequence at a time (Unicode 15, table 3-7).
public enum UTF8Sequence {
    /// The length of the well-formed UTF-8 sequence that starts at `bytes[index]`, or the
    /// negated length of its *maximal subpart* when it is ill-formed.
    ///
    /// The maximal subpart is what the Unicode standard (and `String(decoding:as:)`) replaces
    /// with a single U+FFFD: the lead byte and the continuation bytes that could still have
    /// begun a valid sequence. It is at least 1 byte long, so a caller always makes progress.
    ///
    /// - Precondition: `index < end`, and `bytes[index]` is not ASCII.
    @inlinable
    public static func length(at index: Int, in bytes: UnsafePointer<UInt8>, end: Int) -> Int {
        let lead = bytes[index]
        let need: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return -1
        }
        var offset = 1
        while offset <= need {
            guard index + offset < end else { return -offset }
            let byte = bytes[index + offset]
            if byte < low || byte > high { return -offset }
            low = 0x80
            high = 0xBF
            offset += 1
        }
        return need + 1
    }

    /// The UTF-8 encoding of U+FFFD REPLACEMENT CHARACTER.
    public static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
}
