/// Where one field's value lies in the buffer the tokenizer scanned, and how to read it.
///
/// Fields are not copied: a field is a byte range into the caller's buffer plus a
/// ``Kind`` that says whether un-escaping is needed. ``RecordBatch/value(of:in:scratch:)``
/// does it lazily, only for fields that are used.
public struct FieldRange: Sendable, Hashable, BitwiseCopyable {
    /// How the bytes of a field become its value.
    public enum Kind: UInt32, Sendable, BitwiseCopyable {
        /// The bytes are the value (an unquoted field, or a quoted one without `""`).
        case plain = 0
        /// The bytes are the inside of a quoted field that holds doubled quotes: `""` → `"`.
        case doubledQuotes = 1
        /// The bytes run from the opening quote to the end of a field that had text after
        /// its closing quote (`"ab"c`). The value is the quoted part un-escaped, then the
        /// closing quote and the rest taken literally: `ab"c`.
        case irregular = 2
    }

    // Layout: the top two bits of `_startAndKind` hold the kind, the low 30 the start offset.
    @usableFromInline let _startAndKind: UInt32
    /// The end offset (exclusive) in the buffer.
    public let end: UInt32

    /// Creates a field range. Offsets must be below 2^30 (``TokenizerLimits/maxBufferBytes``).
    @inlinable
    public init(start: Int, end: Int, kind: Kind) {
        _startAndKind = UInt32(truncatingIfNeeded: start) | (kind.rawValue << 30)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    /// The start offset in the buffer.
    @inlinable public var start: UInt32 { _startAndKind & 0x3FFF_FFFF }
    /// How to turn the bytes into the value.
    @inlinable public var kind: Kind { Kind(rawValue: _startAndKind >> 30)! }
    /// The number of raw bytes.
    @inlinable public var byteCount: Int { Int(end) - Int(start) }
    /// Whether the bytes are the value (``Kind/plain``), without decoding the kind.
    @inlinable public var isPlain: Bool { _startAndKind < 0x4000_0000 }
}

/// Facts about one record that its consumer may need to report.
public struct RecordFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A field had text after its closing quote (`"ab"c`).
    public static let quotingAnomaly = RecordFlags(rawValue: 1 << 0)
    /// A runaway quote in this record was re-read literally.
    public static let runawayQuote = RecordFlags(rawValue: 1 << 1)
    /// The record was longer than the record limit and lost its tail.
    public static let truncated = RecordFlags(rawValue: 1 << 2)
}

/// One record: which fields belong to it and the line it starts on.
public struct RecordInfo: Sendable, Hashable, BitwiseCopyable {
    /// Index one past this record's last field in ``RecordBatch/fields``.
    public var fieldEnd: Int32
    /// What happened while reading it.
    public var flags: RecordFlags
    /// The physical line (1-based; CRLF counts once) on which the record starts.
    public var line: Int
}

/// Something a person should hear about, with the position where it happened.
public struct TokenizerEvent: Sendable, Hashable {
    /// What went wrong.
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// Text followed a closing quote (`"ab"c`); kept, with the quote, as part of the value.
        case textAfterClosingQuote
        /// A quoted field grew past the field limit; re-read with the quote taken literally.
        case runawayQuote
        /// A quote was still open at the end of the input; re-read with the quote taken literally.
        case quoteOpenAtEndOfInput
        /// A record grew past the record limit; its tail was skipped.
        case recordTooLong
    }

    /// What went wrong.
    public var kind: Kind
    /// The physical line where it happened (for a runaway quote, the line it opened on).
    public var line: Int
    /// The line on which the record starts.
    public var recordLine: Int
    /// The 1-based field (column) number within the record.
    public var column: Int
    /// The byte offset in the input where it happened.
    public var byteOffset: Int64
}

/// The records found in one buffer, as field ranges into that buffer.
///
/// The batch does not own the bytes: ranges are valid only together with the buffer passed to
/// the ``Tokenizer/tokenize(_:isFinal:into:)`` call that filled the batch. Storage is kept
/// across calls, so a batch that is reused allocates nothing in the steady state.
public struct RecordBatch: Sendable {
    @usableFromInline var _fields: _GrowableBuffer<FieldRange>
    @usableFromInline var _records: _GrowableBuffer<RecordInfo>
    /// Unusual things seen while filling this batch, in the order they were found — the same
    /// order however the input is chunked (for one field: a runaway quote, then the field's
    /// quoting anomaly or the cut of its record).
    public internal(set) var events: [TokenizerEvent] = []

    /// Creates an empty batch with room for `fieldCapacity` fields.
    public init(fieldCapacity: Int = 1 << 16) {
        _fields = _GrowableBuffer(capacity: max(fieldCapacity, 16))
        _records = _GrowableBuffer(capacity: max(fieldCapacity / 8, 16))
    }

    /// The number of records.
    @inlinable public var count: Int { _records.count }
    /// Whether the batch holds no records.
    @inlinable public var isEmpty: Bool { _records.count == 0 }
    /// The total number of fields over all records.
    @inlinable public var fieldCount: Int { _fields.count }

    /// The record at `index`.
    @inlinable public func record(_ index: Int) -> RecordInfo { _records[index] }

    /// The range of field indices of the record at `index`.
    @inlinable
    public func fieldIndices(ofRecord index: Int) -> Range<Int> {
        let lower = index == 0 ? 0 : Int(_records[index - 1].fieldEnd)
        return lower..<Int(_records[index].fieldEnd)
    }

    /// The field at `index` (over all records).
    @inlinable public func field(_ index: Int) -> FieldRange { _fields[index] }

    /// Calls `body` with the batch's fields (``fieldCount`` of them, indexed like
    /// ``field(_:)``) for a loop that reads many; the pointer is valid only during `body`.
    @inlinable
    public func withFields<R>(_ body: (UnsafePointer<FieldRange>) throws -> R) rethrows -> R {
        try withExtendedLifetime(_fields.storage) { try body(UnsafePointer(_fields.storage.base)) }
    }

    /// Removes every record and event, keeping the storage.
    public mutating func removeAll() {
        _fields.count = 0
        _records.count = 0
        events.removeAll(keepingCapacity: true)
    }
}

extension RecordBatch {
    /// Calls `body` with the value of `field`, un-escaping into `scratch` only when needed.
    ///
    /// - Parameters:
    ///   - field: a field of this batch.
    ///   - buffer: the buffer the batch was tokenized from.
    ///   - quote: the dialect's quote byte (un-escaping needs it).
    ///   - scratch: reused storage for un-escaped values.
    /// - Returns: what `body` returns. The pointer passed to `body` must not escape it.
    @inlinable
    public static func withValue<R>(
        of field: FieldRange,
        in buffer: UnsafeRawBufferPointer,
        quote: UInt8?,
        scratch: inout [UInt8],
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) rethrows -> R {
        let raw = UnsafeRawBufferPointer(rebasing: buffer[Int(field.start)..<Int(field.end)])
        switch field.kind {
        case .plain:
            return try body(raw)
        case .doubledQuotes, .irregular:
            scratch.removeAll(keepingCapacity: true)
            FieldUnescaper.appendValue(raw, kind: field.kind, quote: quote ?? 0x22, to: &scratch)
            return try scratch.withUnsafeBytes { try body($0) }
        }
    }
}
