/// The bytes that give a CSV file its shape.
///
/// A dialect is one delimiter byte and at most one quote byte. Line endings are not part of the
/// dialect: LF, CRLF and a lone CR all end a record, mixed freely within one file.
public struct Dialect: Sendable, Hashable {
    /// The byte between fields: `,` `;` tab `|` or another single byte.
    public var delimiter: UInt8
    /// The byte that opens and closes a quoted field, or `nil` when the file has no quoting.
    public var quote: UInt8?

    /// Creates a dialect.
    ///
    /// - Precondition: `delimiter` and `quote` differ, and neither is CR, LF or NUL.
    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8? = UInt8(ascii: "\"")) {
        precondition(Dialect.isAllowedDelimiter(delimiter), "delimiter cannot be CR, LF or NUL")
        if let quote {
            precondition(quote != delimiter, "the delimiter and the quote must differ")
            precondition(Dialect.isAllowedDelimiter(quote), "quote cannot be CR, LF or NUL")
        }
        self.delimiter = delimiter
        self.quote = quote
    }

    /// RFC 4180: comma and double quote.
    public static let csv = Dialect()

    /// Whether `byte` can separate fields: anything but CR, LF and NUL.
    public static func isAllowedDelimiter(_ byte: UInt8) -> Bool {
        byte != 0x0A && byte != 0x0D && byte != 0
    }

    /// Spaces and tabs around a quoted field are ignored, unless the byte is the delimiter.
    @inlinable
    func isPadding(_ byte: UInt8) -> Bool {
        (byte == 0x20 || byte == 0x09) && byte != delimiter
    }
}

extension Dialect: CustomStringConvertible {
    /// `delimiter ';', quote '"'`, with tab shown as `\t`.
    public var description: String {
        "delimiter \(Dialect.display(delimiter)), quote \(quote.map(Dialect.display) ?? "none")"
    }

    /// A byte as a person reads it in a message: `','`, `tab`, `0x1F`.
    public static func display(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: return "tab"
        case 0x20: return "space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "0x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
}

/// Limits that keep memory bounded on hostile input.
public struct TokenizerLimits: Sendable, Hashable {
    /// A quoted field whose content is longer than this is a runaway quote: it is reported and
    /// re-read with its opening quote taken literally.
    public var maxFieldBytes: Int
    /// A record longer than this keeps only the fields that ended within the limit; the rest of
    /// it is skipped and counted.
    public var maxRecordBytes: Int

    /// The defaults: 4 MiB per quoted field, 16 MiB per record.
    public static let `default` = TokenizerLimits(maxFieldBytes: 4 << 20, maxRecordBytes: 16 << 20)

    /// Buffers must be shorter than this (field offsets are 30-bit).
    public static let maxBufferBytes = 1 << 30

    /// Creates limits.
    ///
    /// - Precondition: `0 < maxFieldBytes`, `0 < maxRecordBytes`, both at most 256 MiB, so that
    ///   a buffer holding one record and one chunk stays addressable.
    public init(maxFieldBytes: Int, maxRecordBytes: Int) {
        precondition(maxFieldBytes > 0 && maxFieldBytes <= 256 << 20, "maxFieldBytes must be in 1...256 MiB")
        precondition(maxRecordBytes > 0 && maxRecordBytes <= 256 << 20, "maxRecordBytes must be in 1...256 MiB")
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
    }

    /// A bound on the bytes a tokenizer asks its caller to carry into the next buffer, not
    /// counting up to one buffer's worth of new bytes: a record at the record limit, then up to
    /// a field limit of padding that may yet open a quote, then a quoted field at the limit.
    public var maxCarriedBytes: Int { maxRecordBytes + 2 * maxFieldBytes + 2 }
}
