// How this works
// --------------
// `Tokenizer` is a push parser. The caller hands it a buffer; it appends every complete record
// in that buffer to a `RecordBatch` as field ranges, and returns how many bytes it consumed.
// The bytes it did not consume (the start of an unfinished record) must open the caller's next
// buffer, followed by new input:
//
//     buffer 1:  [ record | record | record | rec…]      consumed = start of "rec…"
//     buffer 2:                          [ rec… | more input … ]
//
// Nothing already scanned is scanned again: the tokenizer remembers where it stopped and the
// state it was in, with every position re-based to the start of the next buffer.
//
// Scanning has two stages (Tokenizer-scan.swift). Stage 1, in C with SSE2, turns each 64-byte
// block into four bit masks: quote, delimiter, CR, LF. Stage 2 takes runs of *regular* blocks —
// every opening quote starts a field, every closing quote ends one or is doubled — bit-parallel:
// the prefix XOR of the quote bits marks the quoted regions, the separators outside them end the
// fields, and no byte is looked at. (97% of the blocks of a generated lead file are regular.)
// Every other block visits its structural bytes one by one, and a small state machine decides
// what each means:
//
//   state        delimiter            CR / LF                 quote
//   ─────────    ──────────────────   ─────────────────────   ──────────────────────────────
//   unquoted     end field            end field and record    opens a quoted field if only
//                                                             padding precedes it in the
//                                                             field; else → literal
//   literal      end field            end field and record    (a literal quote)
//   quoted       (content)            (content; counts lines) → afterQuote
//   afterQuote   end quoted field     end quoted field        right after the closing quote:
//                                     and record              a doubled quote, → quoted;
//                                                             later: text after the quote
//
// A quoted field ends at its terminator: if only padding follows the closing quote the value is
// the inside; otherwise the field is `.irregular` (text after the closing quote) and counted.
//
// Limits, defined on positions so that the result never depends on how input was chunked:
// - A quoted field whose content exceeds `maxFieldBytes` (or is still open at end of input) is a
//   runaway quote: the field is re-read from its opening quote with that quote literal, and
//   quotes that would open a field within the next `maxFieldBytes + 2` bytes are literal too
//   (which keeps the re-read linear on hostile input).
// - A record whose terminator lies more than `maxRecordBytes` after its start keeps only the
//   fields that ended within the limit; the rest is parsed (so quoting stays in sync) but not
//   kept, and the bytes are counted as skipped.
// So the caller never carries more than `limits.maxCarriedBytes` plus one buffer's new bytes.
//
// Advice for hackers: a new state needs a row in the table above, a case in `scalarBlock`, a
// decision in `fastBlocks` (take such blocks, or leave them to `scalarBlock`), handling at the
// end of a buffer (`finishBuffer`) and at the end of input (`finishInput`), and the same rule in
// `ReferenceTokenizer`, which every test runs against this one. The fast path must leave exactly
// the cursor the state machine would have left.

import CLeadpipeScan

/// Counts over everything a tokenizer has read.
public struct TokenizerStats: Sendable, Hashable {
    /// Bytes consumed.
    public var bytes: Int64 = 0
    /// Records (rows) produced, header included.
    public var records = 0
    /// Fields produced.
    public var fields = 0
    /// Empty lines skipped.
    public var blankLines = 0
    /// The last physical line number seen.
    public var lines = 0
    /// Fields with text after their closing quote.
    public var textAfterClosingQuote = 0
    /// Runaway quotes (too long, or open at end of input) re-read literally.
    public var runawayQuotes = 0
    /// Records cut at the record limit.
    public var truncatedRecords = 0
    /// Bytes of cut records that were skipped.
    public var bytesSkipped: Int64 = 0

    public init() {}
}

/// A streaming, zero-copy CSV tokenizer. See the top of this file for how it works.
public struct Tokenizer: Sendable {
    /// The dialect being read.
    public let dialect: Dialect
    /// The limits that bound memory.
    public let limits: TokenizerLimits
    /// Counts so far.
    public internal(set) var stats = TokenizerStats()
    /// 64-byte blocks tokenized bit-parallel (the rest went byte by structural byte); a
    /// measure of how regular the input is, for benchmarks and tests.
    public internal(set) var fastPathBlocks = 0

    /// Where the scan stands; every position is relative to the start of the next buffer.
    var cursor: ScanCursor
    /// How many bytes the next buffer must begin with; they were scanned already, so the next
    /// scan starts after them.
    var carried = 0
    /// The unfinished record's fields, re-based, waiting for the next buffer.
    var pendingFields: [FieldRange] = []
    /// The input offset of the next buffer's first byte.
    var inputOffset: Int64 = 0
    var finished = false
    /// Stage 1's output for one segment of blocks.
    var segmentStorage = _GrowableStorage<LeadpipeBlockMasks>(capacity: Tokenizer.segmentBlocks)

    /// Creates a tokenizer.
    ///
    /// - Parameters:
    ///   - dialect: the delimiter and quote.
    ///   - limits: the field and record limits.
    ///   - firstLine: the line number of the first byte (lines skipped before it are counted by
    ///     the caller).
    public init(dialect: Dialect, limits: TokenizerLimits = .default, firstLine: Int = 1) {
        self.dialect = dialect
        self.limits = limits
        self.cursor = ScanCursor(line: firstLine)
    }

    /// The number of bytes at the start of the next buffer that must repeat the unconsumed tail
    /// of the previous one.
    public var carriedByteCount: Int { carried }

    /// Whether the final buffer has been tokenized.
    public var isFinished: Bool { finished }

    /// Tokenizes `buffer`, replacing the contents of `batch` with the complete records in it.
    ///
    /// - Parameters:
    ///   - buffer: the bytes not consumed by the previous call (``carriedByteCount`` of them),
    ///     followed by new input. Shorter than ``TokenizerLimits/maxBufferBytes``.
    ///   - isFinal: whether this is the end of the input. The last record need not end with a
    ///     line break.
    ///   - batch: receives the records, as ranges into `buffer`.
    /// - Returns: the number of bytes consumed. `buffer[consumed...]` must begin the next call's
    ///   buffer. When `isFinal` is true, everything is consumed.
    public mutating func tokenize(
        _ buffer: UnsafeRawBufferPointer, isFinal: Bool, into batch: inout RecordBatch
    ) -> Int {
        precondition(!finished, "the tokenizer has already read its final buffer")
        precondition(buffer.count >= carried, "the buffer must begin with the carried bytes")
        precondition(buffer.count < TokenizerLimits.maxBufferBytes, "buffer too large")
        batch.removeAll()
        let fieldsBase = batch._fields.reserveCapacity(pendingFields.count + 80)
        for (index, field) in pendingFields.enumerated() { fieldsBase[index] = field }
        batch._fields.count = pendingFields.count
        pendingFields.removeAll(keepingCapacity: true)

        guard let base = buffer.baseAddress, buffer.count > 0 else {
            if isFinal { finishInput(base: nil, count: 0, batch: &batch) }
            return 0
        }
        scan(base, count: buffer.count, from: carried, batch: &batch)
        let consumed: Int
        if isFinal {
            finishInput(base: base, count: buffer.count, batch: &batch)
            stats.bytes += Int64(buffer.count)
            consumed = buffer.count
        } else {
            consumed = finishBuffer(base: base, count: buffer.count, batch: &batch)
        }
        return consumed
    }
}

