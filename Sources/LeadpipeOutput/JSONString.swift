import LeadpipeEncoding

// How this works
// --------------
// Most of a value needs no escaping: it is copied eight bytes at a time. For each 8-byte word
// an exact SWAR test finds the first byte that needs attention (a control byte, `"`, `\`, or a
// byte ≥ 0x80); the word is stored whole, the output advances past the clean bytes only, and
// that one byte is handled: escaped, or — for non-ASCII — checked as a UTF-8 sequence and
// copied, or replaced by U+FFFD when ill-formed. Values shorter than a word go byte by byte.

/// Writes JSON string literals straight from field bytes.
public enum JSONString {
    @usableFromInline static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    @usableFromInline static let high: UInt64 = 0x8080_8080_8080_8080

    /// High bit of each byte of `word` that needs attention: a control byte (< 0x20), `"`, `\`,
    /// or a non-ASCII byte. Exact per byte (no borrow runs into neighbouring bytes).
    @inlinable @inline(__always)
    public static func attentionBits(_ word: UInt64) -> UInt64 {
        asciiAttentionBits(word) | (word & high)
    }

    /// High bit of each ASCII byte of `word` that JSON escapes: a control byte (< 0x20), `"`
    /// or `\\`. Non-ASCII bytes are not marked. Exact per byte.
    @inlinable @inline(__always)
    public static func asciiAttentionBits(_ word: UInt64) -> UInt64 {
        let printable = (word & low7) &+ (0x6060_6060_6060_6060 as UInt64)
        let quote = word ^ (0x2222_2222_2222_2222 as UInt64)
        let backslash = word ^ (0x5C5C_5C5C_5C5C_5C5C as UInt64)
        let notQuote = ((quote & low7) &+ low7) | quote
        let notBackslash = ((backslash & low7) &+ low7) | backslash
        return ((~printable & ~word) | ~notQuote | ~notBackslash) & high
    }

    /// The most bytes ``write(_:to:invalid:)`` writes for a value of `count` bytes: every byte
    /// as `\u00XX`, two quotes, and room for whole-word stores past the end.
    @inlinable
    public static func maxEncodedBytes(_ count: Int) -> Int { count &* 6 &+ 10 }

    /// Appends `value` as a JSON string literal, quotes included.
    ///
    /// Escapes `"`, `\` and every control character; copies well-formed UTF-8; replaces each
    /// ill-formed sequence (maximal subpart) with U+FFFD, so invalid UTF-8 is never written raw.
    ///
    /// - Returns: the number of ill-formed sequences replaced.
    @inlinable
    @discardableResult
    public static func append(_ value: UnsafeRawBufferPointer, to output: OutputBuffer) -> Int {
        var invalid = 0
        let written = write(value, to: output.reserve(maxEncodedBytes(value.count)), invalid: &invalid)
        output.commit(written)
        return invalid
    }

    /// Writes `value` as a JSON string literal at `target`, as ``append(_:to:)`` does.
    ///
    /// - Parameters:
    ///   - target: room for ``maxEncodedBytes(_:)`` bytes.
    ///   - invalid: incremented once per ill-formed UTF-8 sequence replaced.
    /// - Returns: the number of bytes of the literal (bytes past it may have been scribbled on).
    @inlinable
    public static func write(_ value: UnsafeRawBufferPointer, to target: UnsafeMutablePointer<UInt8>, invalid: inout Int) -> Int {
        var sawNonASCII = false
        return write(value, to: target, invalid: &invalid, sawNonASCIIOrNUL: &sawNonASCII, tailIsReadable: false)
    }

    /// ``write(_:to:invalid:)``, also telling whether the value held a non-ASCII or NUL byte —
    /// the bytes field repair looks at — found on the way at no extra cost.
    ///
    /// - Parameter tailIsReadable: whether 8 bytes past the end of `value` may be read (their
    ///   contents do not matter). Then a short value, or the tail of a long one, is checked as
    ///   one word instead of byte by byte — most lead fields are shorter than 8 bytes.
    @inlinable
    public static func write(
        _ value: UnsafeRawBufferPointer, to target: UnsafeMutablePointer<UInt8>, invalid: inout Int,
        sawNonASCIIOrNUL: inout Bool, tailIsReadable: Bool
    ) -> Int {
        let count = value.count
        var written = 1
        // Locals, written back once: an `inout` flag written inside the loop could alias `target`
        // for all the compiler knows, and would cost a store per byte.
        var invalidHere = 0
        var attention = false
        target[0] = 0x22
        if let source = value.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var index = 0
            while index < count {
                if index &+ 8 <= count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(target + written).storeBytes(of: word, as: UInt64.self)
                    let bits = attentionBits(word)
                    if bits == 0 {
                        index &+= 8
                        written &+= 8
                        continue
                    }
                    let clean = bits.trailingZeroBitCount >> 3
                    index &+= clean
                    written &+= clean
                } else if tailIsReadable {
                    // The last 1…7 bytes as one word; what lies past the end is masked off.
                    let remaining = count &- index
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(target + written).storeBytes(of: word, as: UInt64.self)
                    let bits = attentionBits(word) & ~(~UInt64(0) << UInt64(remaining &* 8))
                    if bits == 0 {
                        index = count
                        written &+= remaining
                        break
                    }
                    let clean = bits.trailingZeroBitCount >> 3
                    index &+= clean
                    written &+= clean
                }
                // One byte that needs attention (or the tail of a short value).
                let byte = source[index]
                if byte < 0x80 {
                    if byte == 0 { attention = true }
                    written &+= writeASCII(byte, to: target + written)
                    index &+= 1
                    continue
                }
                attention = true
                let length = sequenceLength(at: index, in: source, count: count)
                if length > 0 {
                    for offset in 0..<length { target[written &+ offset] = source[index &+ offset] }
                    written &+= length
                    index &+= length
                } else {
                    target[written] = 0xEF
                    target[written &+ 1] = 0xBF
                    target[written &+ 2] = 0xBD
                    written &+= 3
                    index &-= length
                    invalidHere &+= 1
                }
            }
        }
        target[written] = 0x22
        invalid &+= invalidHere
        if attention { sawNonASCIIOrNUL = true }
        return written &+ 1
    }

    /// `UTF8Sequence.length`, with the common two- and three-byte cases inline.
    @inlinable @inline(__always)
    static func sequenceLength(at index: Int, in source: UnsafePointer<UInt8>, count: Int) -> Int {
        let lead = source[index]
        if lead >= 0xC2 && lead <= 0xDF && index &+ 1 < count && source[index &+ 1] & 0xC0 == 0x80 {
            return 2
        }
        if lead >= 0xE1 && lead <= 0xEC && index &+ 2 < count
            && source[index &+ 1] & 0xC0 == 0x80 && source[index &+ 2] & 0xC0 == 0x80
        {
            return 3
        }
        return UTF8Sequence.length(at: index, in: source, end: count)
    }

    /// Writes one ASCII byte, escaped if JSON requires it; returns the bytes written.
    @inlinable @inline(__always)
    static func writeASCII(_ byte: UInt8, to target: UnsafeMutablePointer<UInt8>) -> Int {
        if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
            target[0] = byte
            return 1
        }
        target[0] = 0x5C
        switch byte {
        case 0x22: target[1] = 0x22
        case 0x5C: target[1] = 0x5C
        case 0x0A: target[1] = UInt8(ascii: "n")
        case 0x0D: target[1] = UInt8(ascii: "r")
        case 0x09: target[1] = UInt8(ascii: "t")
        case 0x08: target[1] = UInt8(ascii: "b")
        case 0x0C: target[1] = UInt8(ascii: "f")
        default:
            let hex: StaticString = "0123456789abcdef"
            target[1] = UInt8(ascii: "u")
            target[2] = 0x30
            target[3] = 0x30
            target[4] = hex.utf8Start[Int(byte >> 4)]
            target[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        }
        return 2
    }

    /// Appends `text` as a JSON string literal.
    @discardableResult
    public static func append(_ text: String, to output: OutputBuffer) -> Int {
        var text = text
        return text.withUTF8 { append(UnsafeRawBufferPointer($0), to: output) }
    }

    /// `text` as a JSON string literal.
    public static func literal(_ text: String) -> [UInt8] {
        let output = OutputBuffer(capacity: text.utf8.count * 6 + 16)
        append(text, to: output)
        return output.bytes
    }
}
