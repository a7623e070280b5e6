// Transcoding to UTF-8, streaming.
//
// Each transcoder takes input in pieces of any size and writes UTF-8 into caller-owned memory.
// State that straddles pieces — an odd byte of UTF-16, a high surrogate waiting for its low
// half, up to three bytes of a UTF-32 unit — is kept between calls, so a piece may end anywhere.
// What cannot be decoded (a byte a code page leaves undefined, an unpaired surrogate, a code
// point beyond U+10FFFF) becomes U+FFFD, and is counted; the field repair reports it with its
// line later, as it reports every U+FFFD.
//
// Hot loops copy ASCII eight bytes (or four UTF-16 units) at a time.

/// Converts any of leadpipe's input encodings to UTF-8.
public struct Transcoder: Sendable {
    /// The source encoding.
    public let encoding: TextEncoding
    /// Code units or bytes replaced by U+FFFD so far.
    public private(set) var replacements = 0

    private let table: SingleByteTable?
    private var pending: [UInt8] = []
    private var highSurrogate: UInt32 = 0

    /// A transcoder from `encoding` (which must not be UTF-8: UTF-8 needs none).
    public init(from encoding: TextEncoding) {
        precondition(encoding != .utf8, "UTF-8 input is not transcoded")
        self.encoding = encoding
        table = encoding.codePage.map(SingleByteTable.init)
    }

    /// The most bytes ``transcode(_:isFinal:into:)`` writes for `count` input bytes.
    public static func maxOutputBytes(forInput count: Int) -> Int { count &* 3 &+ 16 }

    /// Transcodes `input` into `target`; returns the number of bytes written.
    ///
    /// - Parameters:
    ///   - isFinal: whether `input` ends the stream; an incomplete unit at its end then becomes
    ///     U+FFFD rather than waiting for more.
    ///   - target: room for ``maxOutputBytes(forInput:)`` bytes.
    public mutating func transcode(
        _ input: UnsafeRawBufferPointer, isFinal: Bool, into target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            return transcodeUTF16(input, bigEndian: encoding == .utf16BigEndian, isFinal: isFinal, into: target)
        case .utf32LittleEndian, .utf32BigEndian:
            return transcodeUTF32(input, bigEndian: encoding == .utf32BigEndian, isFinal: isFinal, into: target)
        default:
            let (written, undefined) = table!.transcode(input, into: target)
            replacements += undefined
            return written
        }
    }

    // MARK: UTF-16

    private mutating func transcodeUTF16(
        _ input: UnsafeRawBufferPointer, bigEndian: Bool, isFinal: Bool, into target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var written = 0
        var index = 0
        let bytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let count = input.count
        // A unit split by the previous piece.
        if !pending.isEmpty, let bytes, count > 0 {
            let unit = bigEndian ? UInt32(pending[0]) << 8 | UInt32(bytes[0]) : UInt32(bytes[0]) << 8 | UInt32(pending[0])
            pending.removeAll()
            index = 1
            written += emitUTF16(unit, into: target + written)
        }
        if let bytes {
            while index &+ 1 < count {
                // Four ASCII units at a time, while there is no surrogate waiting.
                if highSurrogate == 0 && index &+ 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
                    let nonASCII: UInt64 = bigEndian ? 0x80FF_80FF_80FF_80FF : 0xFF80_FF80_FF80_FF80
                    if word & nonASCII == 0 {
                        let shift: UInt64 = bigEndian ? 8 : 0
                        target[written] = UInt8(truncatingIfNeeded: word >> shift)
                        target[written &+ 1] = UInt8(truncatingIfNeeded: word >> (16 + shift))
                        target[written &+ 2] = UInt8(truncatingIfNeeded: word >> (32 + shift))
                        target[written &+ 3] = UInt8(truncatingIfNeeded: word >> (48 + shift))
                        written &+= 4
                        index &+= 8
                        continue
                    }
                }
                let unit = bigEndian
                    ? UInt32(bytes[index]) << 8 | UInt32(bytes[index &+ 1])
                    : UInt32(bytes[index &+ 1]) << 8 | UInt32(bytes[index])
                written &+= emitUTF16(unit, into: target + written)
                index &+= 2
            }
            if index < count { pending = [bytes[index]] }
        }
        if isFinal {
            if !pending.isEmpty {
                pending.removeAll()
                written += writeReplacement(target + written)
            }
            if highSurrogate != 0 {
                highSurrogate = 0
                written += writeReplacement(target + written)
            }
        }
        return written
    }

    /// Writes the scalar a UTF-16 unit completes, if any; returns the bytes written.
    @inline(__always)
    private mutating func emitUTF16(_ unit: UInt32, into target: UnsafeMutablePointer<UInt8>) -> Int {
        if unit &>> 10 == 0x36 {  // high surrogate D800…DBFF
            var written = 0
            if highSurrogate != 0 { written = writeReplacement(target) }
            highSurrogate = unit
            return written
        }
        if unit &>> 10 == 0x37 {  // low surrogate DC00…DFFF
            guard highSurrogate != 0 else { return writeReplacement(target) }
            let scalar = 0x10000 &+ ((highSurrogate & 0x3FF) << 10) &+ (unit & 0x3FF)
            highSurrogate = 0
            return writeUTF8(scalar, to: target)
        }
        var written = 0
        if highSurrogate != 0 {
            highSurrogate = 0
            written = writeReplacement(target)
        }
        return written &+ writeUTF8(unit, to: target + written)
    }

    // MARK: UTF-32

    private mutating func transcodeUTF32(
        _ input: UnsafeRawBufferPointer, bigEndian: Bool, isFinal: Bool, into target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var written = 0
        var bytes = pending + input
        pending.removeAll()
        let whole = bytes.count & ~3
        for index in stride(from: 0, to: whole, by: 4) {
            let value = bigEndian
                ? UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
                : UInt32(bytes[index + 3]) << 24 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
            if value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
                written += writeReplacement(target + written)
            } else {
                written += writeUTF8(value, to: target + written)
            }
        }
        if whole < bytes.count {
            if isFinal {
                written += writeReplacement(target + written)
            } else {
                pending = Array(bytes[whole...])
            }
        }
        bytes = []
        return written
    }

    @inline(__always)
    private mutating func writeReplacement(_ target: UnsafeMutablePointer<UInt8>) -> Int {
        replacements += 1
        return writeUTF8(0xFFFD, to: target)
    }
}

/// Writes the UTF-8 of `scalar` (≤ U+10FFFF, not a surrogate); returns the bytes written.
@inline(__always)
func writeUTF8(_ scalar: UInt32, to target: UnsafeMutablePointer<UInt8>) -> Int {
    switch scalar {
    case 0..<0x80:
        target[0] = UInt8(truncatingIfNeeded: scalar)
        return 1
    case 0x80..<0x800:
        target[0] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
        target[1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
        return 2
    case 0x800..<0x10000:
        target[0] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
        target[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
        target[2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
        return 3
    default:
        target[0] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
        target[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F)
        target[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
        target[3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
        return 4
    }
}

/// A code page's upper half as ready-made UTF-8: each entry packs up to three bytes and a length.
struct SingleByteTable: Sendable {
    // Entry for byte 0x80 + i: bytes in the low 24 bits (first byte lowest), length in the top 8.
    private let entries: [UInt32]

    init(_ page: CodePage) {
        entries = page.upperHalf.map { value in
            // Every upper-half scalar is at least U+0080 and below U+10000 (U+FFFD included).
            let scalar = UInt32(value)
            let bytes: [UInt8] = scalar < 0x800
                ? [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
                : [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
            var packed = UInt32(bytes.count) << 24
            for (index, byte) in bytes.enumerated() { packed |= UInt32(byte) << (8 * UInt32(index)) }
            return packed
        }
    }

    /// Transcodes; returns the bytes written and the number of undefined bytes (now U+FFFD).
    func transcode(_ input: UnsafeRawBufferPointer, into target: UnsafeMutablePointer<UInt8>) -> (Int, Int) {
        guard let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (0, 0) }
        let count = input.count
        var index = 0
        var written = 0
        var undefined = 0
        entries.withUnsafeBufferPointer { entries in
            while index < count {
                if index &+ 8 <= count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        UnsafeMutableRawPointer(target + written).storeBytes(of: word, as: UInt64.self)
                        index &+= 8
                        written &+= 8
                        continue
                    }
                }
                let byte = source[index]
                index &+= 1
                if byte < 0x80 {
                    target[written] = byte
                    written &+= 1
                    continue
                }
                let entry = entries[Int(byte) &- 0x80]
                // Store all three bytes; only `length` count.
                target[written] = UInt8(truncatingIfNeeded: entry)
                target[written &+ 1] = UInt8(truncatingIfNeeded: entry >> 8)
                target[written &+ 2] = UInt8(truncatingIfNeeded: entry >> 16)
                let length = Int(entry >> 24)
                written &+= length
                if entry & 0xFF_FFFF == 0xBD_BFEF { undefined &+= 1 }
            }
        }
        return (written, undefined)
    }
}

/// Converts UTF-8 text to another encoding — for writing test inputs in every encoding.
public struct TextEncoder: Sendable {
    /// The target encoding.
    public let encoding: TextEncoding
    /// Characters the target cannot represent, written as `?` so far.
    public private(set) var unrepresentable = 0

    public init(to encoding: TextEncoding) {
        self.encoding = encoding
    }

    /// Appends `text` (whole UTF-8 sequences) in the target encoding to `output`.
    public mutating func encode(_ text: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        if encoding == .utf8 {
            output.append(contentsOf: text)
            return
        }
        let page = encoding.codePage
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            switch encoding {
            case .utf16LittleEndian, .utf16BigEndian:
                for unit in String(scalar).utf16 {
                    let bytes = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
                    output.append(contentsOf: encoding == .utf16LittleEndian ? bytes : bytes.reversed())
                }
            case .utf32LittleEndian, .utf32BigEndian:
                let bytes = (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) }
                output.append(contentsOf: encoding == .utf32LittleEndian ? bytes : bytes.reversed())
            default:
                if let byte = page!.byte(for: scalar) {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "?"))
                    unrepresentable += 1
                }
            }
        }
    }

    /// Whether every character of `text` exists in the target encoding.
    public func canEncode(_ text: String) -> Bool {
        guard let page = encoding.codePage else { return true }
        return text.unicodeScalars.allSatisfy { page.byte(for: $0) != nil }
    }
}

/// `text` as it looks after its UTF-8 was read as Windows-1252 (undefined bytes kept as the C1
/// controls Windows keeps) and saved as UTF-8 again: `José` → `JosÃ©`.
public func mojibake(_ text: String) -> String {
    String(String.UnicodeScalarView(text.utf8.map { byte -> Unicode.Scalar in
        CodePage.windows1252.scalar(for: byte) ?? Unicode.Scalar(byte)
    }))
}
