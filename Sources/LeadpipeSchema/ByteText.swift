// Byte-level helpers for the normalizers. Everything here works on UTF-8 bytes in place,
// touching only ASCII: whitespace, case, punctuation. Non-ASCII bytes are copied unchanged, so
// a UTF-8 sequence is never split.

/// A read-only view of a value's bytes: a pointer and a count. The caller keeps the memory
/// alive while it is used (values live in a chunk or a scratch buffer for one row).
public struct ByteView {
    public let base: UnsafePointer<UInt8>
    public let count: Int

    @inlinable
    public init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address; any non-null pointer does for count 0.
        base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? ByteView.emptyBase
        count = buffer.count
    }

    // Immutable after creation: one zero byte, never written.
    @usableFromInline nonisolated(unsafe) static let emptyBase: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    /// No bytes.
    public static var empty: ByteView { ByteView(base: emptyBase, count: 0) }

    @inlinable @inline(__always)
    public subscript(index: Int) -> UInt8 { base[index] }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The bytes from `start` to `end`.
    @inlinable @inline(__always)
    public func slice(_ start: Int, _ end: Int) -> ByteView { ByteView(base: base + start, count: end - start) }

    /// The bytes without ASCII whitespace (and NBSP) at either end.
    @inlinable @inline(__always)
    public func trimmed() -> ByteView {
        // Nearly every value starts and ends with a visible ASCII character: checked inline,
        // the rest out of line.
        if count == 0 || (base[0] > 0x20 && base[0] < 0x80 && base[count &- 1] > 0x20 && base[count &- 1] < 0x80) {
            return self
        }
        return trimmedSlowly()
    }

    @usableFromInline @inline(never)
    func trimmedSlowly() -> ByteView {
        var start = 0
        var end = count
        while start < end {
            if ByteText.isSpace(base[start]) {
                start += 1
            } else if base[start] == 0xC2 && start + 1 < end && base[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if ByteText.isSpace(base[end - 1]) {
                end -= 1
            } else if end - start >= 2 && base[end - 2] == 0xC2 && base[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        return ByteView(base: base + start, count: end - start)
    }

    /// Whether the bytes equal `literal` ignoring ASCII case (`literal` is lowercase ASCII).
    @inlinable
    public func equalsIgnoringCase(_ literal: StaticString) -> Bool {
        guard literal.utf8CodeUnitCount == count else { return false }
        let other = literal.utf8Start
        for index in 0..<count where ByteText.lower(base[index]) != other[index] { return false }
        return true
    }

    /// Whether the bytes start with `literal` ignoring ASCII case (`literal` is lowercase ASCII).
    @inlinable
    public func hasPrefixIgnoringCase(_ literal: StaticString, at offset: Int = 0) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= count else { return false }
        let other = literal.utf8Start
        for index in 0..<length where ByteText.lower(base[offset + index]) != other[index] { return false }
        return true
    }

    /// The first index of `byte` at or after `from`, or nil.
    @inlinable
    public func firstIndex(of byte: UInt8, from: Int = 0) -> Int? {
        var index = from
        while index < count {
            if base[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The bytes as a String (for messages and tests; allocates).
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}

/// ASCII byte classes.
public enum ByteText {
    @inlinable @inline(__always)
    public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inlinable @inline(__always)
    public static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inlinable @inline(__always)
    public static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inlinable @inline(__always)
    public static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    @inlinable @inline(__always)
    public static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// A control character other than the whitespace ones (tab, LF, VT, FF, CR), or DEL.
    @inlinable @inline(__always)
    public static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && !(byte >= 0x09 && byte <= 0x0D)) || byte == 0x7F
    }

    /// Copies `value` to `out` with whitespace runs (tab, line breaks, NBSP included) made one
    /// space, ends trimmed, and control characters dropped. Returns the bytes written and
    /// whether control characters were dropped. `out` has room for `value.count` bytes.
    @inlinable
    public static func collapse(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> (Int, Bool) {
        var written = 0
        var pendingSpace = false
        var droppedControl = false
        var index = 0
        let base = value.base
        let count = value.count
        while index < count {
            // Eight plain bytes at a time: none below 0x21, none 0x7F or 0xC2.
            if !pendingSpace && index &+ 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !needsLook(word) {
                    UnsafeMutableRawPointer(out + written).storeBytes(of: word, as: UInt64.self)
                    written &+= 8
                    index &+= 8
                    continue
                }
            }
            let byte = base[index]
            if byte <= 0x20 || byte == 0x7F {
                if isSpace(byte) {
                    pendingSpace = written > 0
                } else {
                    droppedControl = true
                }
                index &+= 1
                continue
            }
            if byte == 0xC2 && index &+ 1 < count && base[index &+ 1] == 0xA0 {
                pendingSpace = written > 0
                index &+= 2
                continue
            }
            if pendingSpace {
                out[written] = 0x20
                written &+= 1
                pendingSpace = false
            }
            out[written] = byte
            written &+= 1
            index &+= 1
        }
        return (written, droppedControl)
    }

    /// Whether `value` (trimmed) is already what ``collapse(_:to:)`` would make of it: no
    /// control characters, no whitespace but single spaces, no NBSP. (A `0xC2` byte, which
    /// starts NBSP and other Latin-1 signs, answers false: `collapse` then decides.)
    ///
    /// - Parameter tailIsReadable: whether 8 bytes past the end may be read; then the value is
    ///   checked a word at a time to its end.
    @inlinable
    public static func isCollapsed(_ value: ByteView, tailIsReadable: Bool) -> Bool {
        let base = value.base
        let count = value.count
        guard tailIsReadable else { return isCollapsedBytewise(value) }
        var index = 0
        var previousEndsInSpace = false
        while index < count {
            let word = paddedWord(base, at: index, count: count)
            if outOfShapeBits(word) != 0 || hasSpaceRun(word, previousEndsInSpace: &previousEndsInSpace) { return false }
            index &+= 8
        }
        return true
    }

    // Word-at-a-time pieces of the "already collapsed" checks (here and in the row mapper's
    // plain-text fast path).

    /// The 8 bytes of a value at `index`, for a value of `count` bytes with readable slack
    /// after it; the bytes past its end read as `a` (harmless to every check).
    @inlinable @inline(__always)
    public static func paddedWord(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> UInt64 {
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let remaining = count &- index
        guard remaining < 8 else { return word }
        let beyond = ~UInt64(0) << UInt64(remaining &* 8)
        return (word & ~beyond) | (0x6161_6161_6161_6161 & beyond)
    }

    /// The high bit of each byte of `word` that a collapsed value does not have: a control
    /// (< 0x20 among ASCII), DEL, or 0xC2 (a no-break space or C1 control). Exact per byte.
    @inlinable @inline(__always)
    public static func outOfShapeBits(_ word: UInt64) -> UInt64 {
        let controls = ~((word & 0x7F7F_7F7F_7F7F_7F7F) &+ (0x6060_6060_6060_6060 as UInt64)) & ~word & 0x8080_8080_8080_8080
        return controls | zeroBytes(word ^ 0x7F7F_7F7F_7F7F_7F7F) | zeroBytes(word ^ 0xC2C2_C2C2_C2C2_C2C2)
    }

    /// The high bit of each byte of `x` that is zero (exact per byte).
    @inlinable @inline(__always)
    public static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
    }

    /// Whether `word` has two spaces in a row, or starts with one right after a word that ended
    /// in one (`previousEndsInSpace`, updated for the next word).
    @inlinable @inline(__always)
    public static func hasSpaceRun(_ word: UInt64, previousEndsInSpace: inout Bool) -> Bool {
        let spaces = zeroBytes(word ^ 0x2020_2020_2020_2020)
        let run = spaces & (spaces << 8) != 0 || (previousEndsInSpace && spaces & 0x80 != 0)
        previousEndsInSpace = spaces & (0x80 << 56) != 0
        return run
    }

    @usableFromInline
    static func isCollapsedBytewise(_ value: ByteView) -> Bool {
        var previousSpace = false
        for index in 0..<value.count {
            let byte = value[index]
            if byte <= 0x20 {
                if byte != 0x20 || previousSpace { return false }
                previousSpace = true
            } else {
                if byte == 0x7F || byte == 0xC2 { return false }
                previousSpace = false
            }
        }
        return true
    }

    /// Whether any byte of `word` is ≤ 0x20, 0x7F or 0xC2 (exact per byte).
    @inlinable @inline(__always)
    static func needsLook(_ word: UInt64) -> Bool {
        outOfShapeBits(word) | zeroBytes(word ^ 0x2020_2020_2020_2020) != 0
    }

    /// Copies free text to `out`: ends trimmed (line breaks too), CRLF and lone CR made LF,
    /// control characters other than tab and LF dropped, everything else kept as written.
    /// Returns the bytes written and whether control characters were dropped.
    @inlinable
    public static func cleanText(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> (Int, Bool) {
        let trimmed = value.trimmed()
        var written = 0
        var droppedControl = false
        var index = 0
        let base = trimmed.base
        let count = trimmed.count
        while index < count {
            let byte = base[index]
            if byte >= 0x20 && byte != 0x7F {
                out[written] = byte
                written &+= 1
            } else if byte == 0x0D {
                out[written] = 0x0A
                written &+= 1
                if index &+ 1 < count && base[index &+ 1] == 0x0A { index &+= 1 }
            } else if byte == 0x0A || byte == 0x09 {
                out[written] = byte
                written &+= 1
            } else {
                droppedControl = true
            }
            index &+= 1
        }
        return (written, droppedControl)
    }

    /// Whether a trimmed, non-empty value is a placeholder or might start a formula: values
    /// starting with = + - @ are all "maybe" (rare, and the general path decides), those
    /// starting with another placeholder letter are checked exactly, the rest are neither.
    /// The first byte is looked up in a bit set, not switched on: most values start otherwise,
    /// and a switch over these bytes is a jump through a table on every value.
    @inlinable @inline(__always)
    public static func mayBePlaceholderOrFormula(_ value: ByteView) -> Bool {
        let first = value[0]
        guard isMember(first, of: formulaOrPlaceholderStarts) else { return false }
        // Names, towns and companies often start with a placeholder's letter (Thomas, Nantes,
        // Unilever): checked exactly.
        return isMember(first, of: formulaStarts) || isPlaceholder(value)
    }

    /// The bytes below 128 as a bit set: bit b of `low` for b < 64, bit b - 64 of `high`.
    public typealias ASCIISet = (low: UInt64, high: UInt64)

    /// Makes an ``ASCIISet`` of `characters` (ASCII); the tests check the literal sets with it.
    static func asciiSet(_ characters: StaticString) -> ASCIISet {
        var set: ASCIISet = (0, 0)
        characters.withUTF8Buffer { bytes in
            for byte in bytes where byte < 128 {
                if byte < 64 { set.low |= 1 << UInt64(byte) } else { set.high |= 1 << UInt64(byte - 64) }
            }
        }
        return set
    }

    /// Whether `byte` is in `set`: a select and a shift, no branch.
    @inlinable @inline(__always)
    static func isMember(_ byte: UInt8, of set: ASCIISet) -> Bool {
        let word = byte < 64 ? set.low : set.high
        return byte < 128 && (word >> UInt64(byte & 63)) & 1 != 0
    }

    // The sets as literals (computed, so that they fold into the code that inlines them; a
    // stored static is a lazily made global, checked on every use). The tests check each
    // against ``asciiSet(_:)`` of its characters.
    /// First bytes of a formula (`=` `+` `-` `@`).
    @inlinable static var formulaStarts: ASCIISet { (0x2000_2800_0000_0000, 0x1) }
    /// First bytes of a formula or a placeholder (`= + - @ ? . # n N u U t T`).
    @inlinable static var formulaOrPlaceholderStarts: ASCIISet { (0xA000_6808_0000_0000, 0x0030_4000_0030_4001) }
    /// First bytes of a placeholder (`- ? . # n N u U t T`).
    @inlinable static var placeholderStarts: ASCIISet { (0x8000_6008_0000_0000, 0x0030_4000_0030_4000) }

    /// Whether a value reads like a spreadsheet formula: `=` anything, or `+ - @` directly
    /// followed by a function name and `(` (`@SUM(`, `+cmd|`, `-HYPERLINK(`).
    @inlinable
    public static func looksLikeFormula(_ value: ByteView) -> Bool {
        guard let first = value.count > 1 ? value[0] : nil else { return false }
        if first == UInt8(ascii: "=") { return true }
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") else { return false }
        var index = 1
        while index < value.count && isLetter(value[index]) { index += 1 }
        return index > 1 && index < value.count && (value[index] == UInt8(ascii: "(") || value[index] == UInt8(ascii: "|"))
    }

    /// Whether the value is a common placeholder for "nothing": n/a, na, none, null, nil, -,
    /// --, ?, unknown, #n/a, not available, not provided, tbd.
    @inlinable
    public static func isPlaceholder(_ value: ByteView) -> Bool {
        guard value.count <= 13, value.count > 0 else { return false }
        // Every placeholder starts with one of - ? . # n N u U t T: most values leave here.
        guard isMember(value[0], of: placeholderStarts) else { return false }
        switch value.count {
        case 1: return value[0] == UInt8(ascii: "-") || value[0] == UInt8(ascii: "?") || value[0] == UInt8(ascii: ".")
        case 2: return value.equalsIgnoringCase("na") || value.equalsIgnoringCase("--")
        case 3: return value.equalsIgnoringCase("n/a") || value.equalsIgnoringCase("nil") || value.equalsIgnoringCase("tbd")
            || value.equalsIgnoringCase("---") || value.equalsIgnoringCase("n.a")
        case 4: return value.equalsIgnoringCase("none") || value.equalsIgnoringCase("null") || value.equalsIgnoringCase("#n/a")
            || value.equalsIgnoringCase("n.a.")
        case 7: return value.equalsIgnoringCase("unknown")
        case 12: return value.equalsIgnoringCase("not provided")
        case 13: return value.equalsIgnoringCase("not available")
        default: return false
        }
    }
}
