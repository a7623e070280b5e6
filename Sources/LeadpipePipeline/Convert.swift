import LeadpipeEncoding
import LeadpipeOutput
import LeadpipeSchema
import LeadpipeTokenizer

/// What `convert` should do.
public struct ConvertOptions: Sendable {
    /// The input path, or `-` for standard input.
    public var inputPath: String
    /// The output path; `nil` for standard output. A name ending in `.gz` is gzip-compressed.
    public var outputPath: String?
    /// gzip level 1…9 for `.gz` outputs.
    public var gzipLevel = 6
    /// What the user fixed about the dialect and header.
    public var overrides = SniffOverrides()
    /// The input's encoding, instead of detecting it.
    public var encoding: TextEncoding?
    /// Whether to repair fields (mojibake, legacy bytes, invisibles, NFC); off for `--no-repair`.
    public var repairs = true
    /// Field and record limits.
    public var limits = TokenizerLimits.default
    /// New bytes read per buffer.
    public var chunkSize = 4 << 20

    public init(inputPath: String, outputPath: String? = nil) {
        self.inputPath = inputPath
        self.outputPath = outputPath
    }
}

/// Up to `limit` examples (line numbers, or events) of something counted.
public struct Examples<Element: Sendable>: Sendable {
    /// How many there were in all.
    public private(set) var count = 0
    /// The first few.
    public private(set) var first: [Element] = []
    let limit: Int

    public init(limit: Int = 5) { self.limit = limit }

    /// Adds `other`'s count and as many of its examples as there is room for (they come after
    /// this one's, as when merging batches in input order).
    public mutating func merge(_ other: Examples) {
        count += other.count
        for element in other.first where first.count < limit { first.append(element) }
    }

    /// Whether there is no room for more examples.
    public var isFull: Bool { first.count >= limit }

    /// Counts one more without an example (when ``isFull``).
    public mutating func noteCount() { count += 1 }

    /// Counts one more, keeping it as an example if there is room.
    public mutating func note(_ element: Element) {
        count += 1
        if first.count < limit { first.append(element) }
    }
}

/// Everything `convert` found and did, for the summary.
public struct ConvertReport: Sendable {
    /// How the input was read.
    public var input: String
    /// "gzip" when the input was decompressed.
    public var compression: String?
    /// The encoding the input was read in, and the evidence.
    public var encoding: EncodingGuess
    /// Whether `--encoding` chose it.
    public var encodingWasGiven = false
    public var sniff: SniffResult
    /// The header's column names as written to JSON (nil with no header).
    public var columns: [String]?
    /// The input's own bytes read (compressed or not, in its own encoding; BOM and preamble
    /// included).
    public var bytes: Int64 = 0
    /// Warnings found only at the end of the input (trailing data after gzip).
    public var inputWarnings: [String] = []
    /// Data rows written (the header is not a row).
    public var rows = 0
    /// Empty lines skipped.
    public var blankLines = 0
    /// Rows with fewer fields than the header (missing ones written as null), by line.
    public var shortRows = Examples<Int>()
    /// Rows with more fields than the header (surplus kept under "_extra"), by line.
    public var longRows = Examples<Int>()
    /// Quoting anomalies, runaway quotes and cut records, with positions.
    public var anomalies = Examples<TokenizerEvent>(limit: 10)
    /// Fields repaired, by kind (indexed by ``RepairKind/rawValue``), with the lines of their rows.
    public var repairs = RepairKind.allCases.map { _ in Examples<Int>() }
    /// Rows holding U+FFFD: bytes that no encoding decoded. Flagged, never silent.
    public var rowsWithUndecodable = Examples<Int>()
    /// The tokenizer's counts.
    public var tokenizer = TokenizerStats()
    /// The limits the tokenizer applied.
    public var limits = TokenizerLimits.default
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Where the output went.
    public var output: String

    /// Input megabytes (10^6 bytes) per second.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1e6 : 0 }
}

/// Converts a CSV file to NDJSON, schema-less: each row becomes one JSON object keyed by the
/// header (or one array without a header), values exactly as in the file after un-escaping.
///
/// - Throws: ``InputError`` or ``OutputError``. Bad rows are never errors: they are converted
///   and counted in the report. On an error the output file is not created.
public func convert(_ options: ConvertOptions) throws -> ConvertReport {
    let clock = Stopwatch()
    let input = try PreparedInput(
        path: options.inputPath, overrides: options.overrides, encoding: options.encoding, chunkSize: options.chunkSize)
    let sink = try makeSink(path: options.outputPath, gzipLevel: options.gzipLevel)
    var report = try convert(input, options: options, to: sink, clock: clock)
    report.output = options.outputPath ?? "standard output"
    return report
}

/// Converts as ``convert(_:)`` does, into `sink` rather than `options.outputPath`; finishes the
/// sink on success and abandons it on failure.
public func convert(_ options: ConvertOptions, to sink: ByteSink) throws -> ConvertReport {
    let clock = Stopwatch()
    let input: PreparedInput
    do {
        input = try PreparedInput(
            path: options.inputPath, overrides: options.overrides, encoding: options.encoding, chunkSize: options.chunkSize)
    } catch {
        sink.abandon()
        throw error
    }
    return try convert(input, options: options, to: sink, clock: clock)
}

func convert(_ input: PreparedInput, options: ConvertOptions, to sink: ByteSink, clock: Stopwatch) throws -> ConvertReport {
    do {
        var report = try convert(input, to: sink, limits: options.limits, repairs: options.repairs)
        try sink.finish()
        report.seconds = clock.seconds
        return report
    } catch {
        sink.abandon()
        throw error
    }
}

/// A sink for `path`: standard output for `nil`, gzip for names ending in `.gz`, and files that
/// appear only when complete.
public func makeSink(path: String?, gzipLevel: Int) throws -> ByteSink {
    guard let path, path != "-" else { return FileDescriptorSink.standardOutput() }
    let file = try openOutputFile(path: path)
    if path.hasSuffix(".gz") {
        do {
            return try GzipSink(downstream: file, level: gzipLevel, name: path)
        } catch {
            file.abandon()
            throw error
        }
    }
    return file
}

/// The conversion loop: tokenize a buffer, encode its rows, hand full output buffers on.
func convert(_ input: PreparedInput, to sink: ByteSink, limits: TokenizerLimits, repairs: Bool) throws -> ConvertReport {
    let reader = input.reader
    let dialect = input.sniff.dialect
    let quote = dialect.quote ?? 0x22
    var report = ConvertReport(
        input: input.displayName, compression: input.compression, encoding: input.encoding,
        encodingWasGiven: input.encodingWasGiven, sniff: input.sniff, output: "a sink")
    var repairer = FieldRepairer(fallback: input.encoding.fallback, repairs: repairs, decodedFrom: input.encoding.encoding.codePage)
    var tokenizer = Tokenizer(dialect: dialect, limits: limits, firstLine: input.firstLine)
    var batch = RecordBatch()
    var encoder: NDJSONRowEncoder? = input.sniff.hasHeader ? nil : NDJSONRowEncoder(header: nil)
    let output = OutputBuffer(capacity: 4 << 20)
    let unescaped = ScratchBytes()
    var repaired: [UInt8] = []
    repaired.reserveCapacity(1 << 16)
    let flushAt = 1 << 20

    while true {
        let bytes = reader.unconsumed
        let isFinal = reader.isAtEnd
        let consumed = tokenizer.tokenize(bytes, isFinal: isFinal, into: &batch)
        for event in batch.events { report.anomalies.note(event) }

        for recordIndex in 0..<batch.count {
            let record = batch.record(recordIndex)
            let indices = batch.fieldIndices(ofRecord: recordIndex)
            guard let rowEncoder = encoder else {
                let (names, repairs) = valuesAndRepairs(
                    of: recordIndex, in: batch, bytes: bytes, dialect: dialect, repairer: &repairer)
                for kind in RepairKind.allCases where repairs.contains(RepairSet(kind)) {
                    report.repairs[kind.rawValue].note(record.line)
                }
                if repairs.contains(RepairSet(.undecodable)) { report.rowsWithUndecodable.note(record.line) }
                let columns = HeaderNames.make(from: names)
                report.columns = columns
                encoder = NDJSONRowEncoder(header: columns)
                continue
            }
            let fieldCount = indices.count
            if rowEncoder.writesObjects {
                if fieldCount < rowEncoder.columnCount {
                    report.shortRows.note(record.line)
                } else if fieldCount > rowEncoder.columnCount {
                    report.longRows.note(record.line)
                }
            }
            // Room for the whole row at once. Its values lie within the record's bytes, and a
            // repaired value is at most three times as long (a byte becomes U+FFFD at worst).
            let span = fieldCount == 0
                ? 0 : Int(batch.field(indices.upperBound - 1).end) - Int(batch.field(indices.lowerBound).start)
            let target = output.reserve(rowEncoder.maxRowBytes(fieldCount: fieldCount, valueBytes: span &* 3))
            var written = 0
            var invalid = 0
            var rowRepairs: RepairSet = []
            for (position, index) in indices.enumerated() {
                written &+= rowEncoder.writeSeparator(beforeField: position, to: target + written)
                let field = batch.field(index)
                var value = UnsafeRawBufferPointer(rebasing: bytes[Int(field.start)..<Int(field.end)])
                if field.kind != .plain {
                    // What RecordBatch.withValue does, without a closure in the hot loop.
                    let room = unescaped.reserve(value.count)
                    value = UnsafeRawBufferPointer(
                        start: room, count: FieldUnescaper.writeValue(value, kind: field.kind, quote: quote, to: room))
                }
                // Written optimistically; a field with non-ASCII or NUL bytes is then looked at
                // and, if repair changes it, written again over the first attempt.
                let valueStart = written
                var fieldInvalid = 0
                var attention = false
                // The chunk and the scratch both have readable bytes past any value's end.
                written &+= JSONString.write(
                    value, to: target + written, invalid: &fieldInvalid, sawNonASCIIOrNUL: &attention, tailIsReadable: true)
                if attention {
                    let done = repairer.repair(value, into: &repaired)
                    if !done.isEmpty && repaired.count <= value.count &* 3 {
                        written = valueStart
                        fieldInvalid = 0
                        written &+= repaired.withUnsafeBytes { JSONString.write($0, to: target + written, invalid: &fieldInvalid) }
                        rowRepairs.formUnion(done)
                    }
                }
                if fieldInvalid > 0 {
                    invalid &+= fieldInvalid
                    rowRepairs.insert(RepairSet(.undecodable))
                }
            }
            written &+= rowEncoder.writeEnd(ofRowWith: fieldCount, to: target + written)
            output.commit(written)
            if !rowRepairs.isEmpty {
                for kind in RepairKind.allCases where rowRepairs.contains(RepairSet(kind)) {
                    report.repairs[kind.rawValue].note(record.line)
                }
                if rowRepairs.contains(RepairSet(.undecodable)) { report.rowsWithUndecodable.note(record.line) }
            }
            report.rows += 1
            if output.count >= flushAt { try sink.drain(output) }
        }
        reader.consume(consumed)
        if isFinal { break }
        try reader.refill()
    }
    try sink.drain(output)
    if report.columns == nil && input.sniff.hasHeader { report.columns = [] }
    report.tokenizer = tokenizer.stats
    report.limits = limits
    report.blankLines = tokenizer.stats.blankLines
    report.bytes = input.inputBytesRead
    report.inputWarnings = input.warningsAtEnd
    return report
}

/// The values of a record as strings, un-escaped and repaired (for header rows and samples).
func values(
    of recordIndex: Int, in batch: RecordBatch, bytes: UnsafeRawBufferPointer, dialect: Dialect, repairer: inout FieldRepairer
) -> [String] {
    valuesAndRepairs(of: recordIndex, in: batch, bytes: bytes, dialect: dialect, repairer: &repairer).values
}

/// The values of a record, and the repairs made to them; ill-formed UTF-8 left by `--no-repair`
/// (which becomes U+FFFD in a String) counts as `undecodable`.
func valuesAndRepairs(
    of recordIndex: Int, in batch: RecordBatch, bytes: UnsafeRawBufferPointer, dialect: Dialect, repairer: inout FieldRepairer
) -> (values: [String], repairs: RepairSet) {
    var scratch: [UInt8] = []
    var repaired: [UInt8] = []
    var repairs: RepairSet = []
    let values = batch.fieldIndices(ofRecord: recordIndex).map { index in
        RecordBatch.withValue(of: batch.field(index), in: bytes, quote: dialect.quote, scratch: &scratch) { value in
            let done = repairer.repair(value, into: &repaired)
            repairs.formUnion(done)
            if done.isEmpty {
                // ASCII (most values) is valid as it is; only other bytes are validated.
                if !value.allSatisfy({ $0 < 0x80 }) && String(validating: value, as: UTF8.self) == nil {
                    repairs.insert(RepairSet(.undecodable))
                }
                return String(decoding: value, as: UTF8.self)
            }
            return String(decoding: repaired, as: UTF8.self)
        }
    }
    return (values, repairs)
}

/// Scratch memory for un-escaped values: it lives as long as the conversion, so a value's
/// pointer stays valid until the next `reserve`.
final class ScratchBytes {
    // @exclusivity(unchecked): used by one loop on one thread, never across a call that
    // touches it again; spares two run-time checks per quoted value.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = ScratchBytes.allocate(capacity)
    }

    /// Room for `capacity` bytes and 16 readable bytes after them (see `JSONString.write`).
    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 16)
        base.initialize(repeating: 0, count: capacity + 16)
        return base
    }

    deinit { base.deallocate() }

    /// Room for `count` bytes; the previous contents are gone.
    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = ScratchBytes.allocate(capacity)
        }
        return base
    }
}
