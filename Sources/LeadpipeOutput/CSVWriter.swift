import CLeadpipeScan

/// Writes CSV that any reader, leadpipe's included, reads back to the same values.
public struct CSVWriter: Sendable {
    /// The byte between fields.
    public var delimiter: UInt8
    /// The quote byte.
    public var quote: UInt8
    /// The line ending after each row.
    public var lineEnding: [UInt8]

    /// Creates a writer; the defaults are RFC 4180 with LF line endings.
    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""), lineEnding: String = "\n") {
        self.delimiter = delimiter
        self.quote = quote
        self.lineEnding = Array(lineEnding.utf8)
    }

    /// Whether `value` must be quoted: it holds the delimiter, the quote, CR or LF; or it
    /// begins or ends with a space or tab; or it is an empty row's only field (which would
    /// otherwise be an empty line).
    public func needsQuotes(_ value: UnsafeRawBufferPointer, isOnlyField: Bool) -> Bool {
        guard let first = value.first, let last = value.last else { return isOnlyField }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        return hasSpecialByte(value)
    }

    /// Whether `value` holds the delimiter, the quote, CR or LF; eight bytes at a time.
    @inlinable
    public func hasSpecialByte(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let base = value.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter), quotes = ones &* UInt64(quote)
        let feeds = ones &* 0x0A, returns = ones &* 0x0D
        // Exact for whether any byte of x is zero (which one may be wrong; that is not asked).
        @inline(__always) func anyZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        var index = 0
        while index &+ 8 <= value.count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if anyZero(word ^ delimiters) | anyZero(word ^ quotes) | anyZero(word ^ feeds) | anyZero(word ^ returns) != 0 {
                return true
            }
            index &+= 8
        }
        while index < value.count {
            let byte = value[index]
            if byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D { return true }
            index &+= 1
        }
        return false
    }

    /// The most bytes a field of `count` bytes takes: every byte a doubled quote, two quotes
    /// around it, and an apostrophe in front (doubled too if it is the quote).
    @inlinable
    public static func maxFieldBytes(_ count: Int) -> Int { count &* 2 &+ 4 }

    /// Appends one field, quoted when needed, with its quotes doubled.
    public func appendField(_ value: UnsafeRawBufferPointer, isOnlyField: Bool = false, to output: OutputBuffer) {
        let target = output.reserve(Self.maxFieldBytes(value.count))
        output.commit(writeField(value, isOnlyField: isOnlyField, to: target))
    }

    /// Writes one field as ``appendField(_:isOnlyField:to:)`` appends it, at `target` (room for
    /// ``maxFieldBytes(_:)``); returns the bytes written.
    public func writeField(_ value: UnsafeRawBufferPointer, isOnlyField: Bool = false, to target: UnsafeMutablePointer<UInt8>) -> Int {
        guard needsQuotes(value, isOnlyField: isOnlyField) else {
            if let source = value.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: value.count) }
            return value.count
        }
        return writeQuoted(value, to: target)
    }

    /// `value` in quotes, its own quotes doubled.
    private func writeQuoted(_ value: UnsafeRawBufferPointer, to target: UnsafeMutablePointer<UInt8>) -> Int {
        target[0] = quote
        let written = 1 &+ writeDoubled(value, to: target + 1)
        target[written] = quote
        return written &+ 1
    }

    /// `value` with its quotes doubled.
    private func writeDoubled(_ value: UnsafeRawBufferPointer, to target: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        for byte in value {
            target[written] = byte
            written &+= 1
            if byte == quote {
                target[written] = quote
                written &+= 1
            }
        }
        return written
    }

    /// Whether a spreadsheet would read `value` as a formula: it starts with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return.
    public static func looksLikeFormula(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let first = value.first else { return false }
        return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
    }

    /// Appends one field for a file people open in a spreadsheet: a value that would be read as
    /// a formula gets an apostrophe in front (`'=HYPERLINK(…)`), which spreadsheets show as
    /// text and leadpipe removes again on import.
    public func appendSafeField(_ value: UnsafeRawBufferPointer, isOnlyField: Bool = false, to output: OutputBuffer) {
        let target = output.reserve(Self.maxFieldBytes(value.count))
        output.commit(writeSafeField(value, isOnlyField: isOnlyField, to: target))
    }

    /// Writes one field as ``appendSafeField(_:isOnlyField:to:)`` appends it, at `target`
    /// (room for ``maxFieldBytes(_:)``); returns the bytes written.
    ///
    /// - Parameter tailIsReadable: whether 16 bytes past the end of `value` may be read and 16
    ///   past the field's end at `target` written; then a field that needs no quoting is checked
    ///   and copied 16 bytes at a time (`leadpipe_copy_csv_plain`).
    @inlinable
    public func writeSafeField(
        _ value: UnsafeRawBufferPointer, isOnlyField: Bool = false, to target: UnsafeMutablePointer<UInt8>,
        tailIsReadable: Bool = false
    ) -> Int {
        // Most values start and end with a visible character that starts no formula, and hold
        // no delimiter, quote or line break: copied as they are.
        if let base = value.baseAddress, value.count > 0 {
            let first = base.load(as: UInt8.self)
            let last = base.load(fromByteOffset: value.count &- 1, as: UInt8.self)
            if first > 0x20 && last > 0x20 && first != UInt8(ascii: "=") && first != UInt8(ascii: "+")
                && first != UInt8(ascii: "-") && first != UInt8(ascii: "@")
            {
                if tailIsReadable {
                    let typed = base.assumingMemoryBound(to: UInt8.self)
                    if leadpipe_copy_csv_plain(typed, value.count, target, delimiter, quote) != 0 { return value.count }
                } else if !hasSpecialByte(value) {
                    UnsafeMutableRawPointer(target).copyMemory(from: base, byteCount: value.count)
                    return value.count
                }
            }
        } else if !isOnlyField {
            return 0  // an empty field
        }
        return writeSafeFieldInGeneral(value, isOnlyField: isOnlyField, to: target)
    }

    @usableFromInline
    func writeSafeFieldInGeneral(_ value: UnsafeRawBufferPointer, isOnlyField: Bool, to target: UnsafeMutablePointer<UInt8>) -> Int {
        guard Self.looksLikeFormula(value) else { return writeField(value, isOnlyField: isOnlyField, to: target) }
        // Written as writeField would write "'" + value, without building that value: the
        // apostrophe starts the field, so only the value's own bytes decide the quoting (a
        // leading tab no longer pads the field; a trailing one still does).
        let apostrophe = UInt8(ascii: "'")
        let last = value[value.count - 1]
        let quoted = apostrophe == quote || last == 0x20 || last == 0x09 || hasSpecialByte(value)
        guard quoted else {
            target[0] = apostrophe
            UnsafeMutableRawPointer(target + 1).copyMemory(from: value.baseAddress!, byteCount: value.count)
            return value.count &+ 1
        }
        var written = 0
        target[written] = quote
        written &+= 1
        target[written] = apostrophe
        written &+= 1
        if apostrophe == quote {
            target[written] = quote
            written &+= 1
        }
        written &+= writeDoubled(value, to: target + written)
        target[written] = quote
        return written &+ 1
    }

    /// Appends a whole row and its line ending.
    public func appendRow<S: Sequence<String>>(_ fields: S, to output: OutputBuffer) {
        let fields = Array(fields)
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(delimiter) }
            var field = field
            field.withUTF8 { appendField(UnsafeRawBufferPointer($0), isOnlyField: fields.count == 1, to: output) }
        }
        lineEnding.withUnsafeBytes { output.append($0) }
    }
}
