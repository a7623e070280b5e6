import LeadpipeEncoding
import LeadpipeOutput
import LeadpipeSchema
import LeadpipeTokenizer

/// What `import` should do.
public struct ImportOptions: Sendable {
    /// The input path, or `-` for standard input.
    public var inputPath: String
    /// Accepted rows: a path (gzip when it ends in `.gz`), or nil for standard output.
    public var outputPath: String?
    /// Rejected rows as CSV; nil to write none.
    public var rejectsPath: String?
    public var gzipLevel = 6
    public var overrides = SniffOverrides()
    public var encoding: TextEncoding?
    public var repairs = true
    public var limits = TokenizerLimits.default
    public var chunkSize = 4 << 20
    public var settings = ImportSettings()

    public init(inputPath: String, outputPath: String? = nil, rejectsPath: String? = nil) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.rejectsPath = rejectsPath
    }

    /// Where rejected rows go when not given: beside the output (`leads.rejected.csv` for
    /// `leads.ndjson.gz`), or `rejected.csv` in the current directory when the output is
    /// standard output or an existing device, FIFO or socket (`-o /dev/null`, a named pipe),
    /// beside which there is no place for a file.
    public static func defaultRejectsPath(forOutput output: String?) -> String {
        guard let output, output != "-" else { return "rejected.csv" }
        if OutputPathKind(output) == .special { return "rejected.csv" }
        var stem = output
        for suffix in [".gz", ".ndjson", ".jsonl", ".json"] where stem.hasSuffix(suffix) { stem.removeLast(suffix.count) }
        return stem + ".rejected.csv"
    }
}

/// One rejected row, as an example for the summary.
public struct RejectExample: Sendable, Equatable {
    /// The physical line where the row starts.
    public var line: Int
    /// The data row's number (1 = the first row after the header).
    public var record: Int
    /// The column's header, when one column was the cause.
    public var column: String?
    /// The value (at most 80 characters), when one column was the cause.
    public var value: String?
    /// A sentence for a person.
    public var reason: String
}

/// Everything `import` found and did.
public struct ImportReport: Sendable {
    public var input: String
    public var compression: String?
    public var encoding: EncodingGuess
    public var encodingWasGiven = false
    public var sniff: SniffResult
    public var plan: ImportPlan
    public var bytes: Int64 = 0
    /// Data rows read (header, blank and preamble lines not counted).
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
    /// Rejected rows by reason (indexed like ``RejectCode/allCases``), with examples.
    public var rejections = RejectCode.allCases.map { _ in Examples<RejectExample>(limit: 5) }
    /// Rows with each warning (indexed like ``WarningCode/allCases``), with their lines.
    public var warnings = WarningCode.allCases.map { _ in Examples<Int>() }
    public var repairs = RepairKind.allCases.map { _ in Examples<Int>() }
    public var rowsWithUndecodable = Examples<Int>()
    public var blankLines = 0
    public var anomalies = Examples<TokenizerEvent>(limit: 10)
    public var tokenizer = TokenizerStats()
    public var seconds = 0.0
    public var output: String
    public var rejectsPath: String?
    /// Warnings found only at the end of the input (trailing data after gzip).
    public var inputWarnings: [String] = []

    // The concurrent pipeline (`import` with an output directory or --stdout).
    /// Accepted rows that repeat an earlier row's key (not written).
    public var duplicates = 0
    /// Duplicates by the key that matched: e-mail, LinkedIn.
    public var duplicatesByKey = [0, 0]
    /// Example duplicates: line, and the line it repeats.
    public var duplicateExamples = Examples<DuplicateExample>(limit: 5)
    /// Accepted rows written: `accepted - duplicates`.
    public var added: Int { accepted - duplicates }
    public var shards: [ShardInfo] = []
    public var importID: String?
    public var outDirectory: String?
    public var inputSHA256: String?
    public var duplicatesPath: String?
    public var reportPath: String?
    public var manifestPath: String?
    /// Busy seconds per stage: read (and tokenize), map, dedupe, compress, write.
    public var stageSeconds: [(stage: String, seconds: Double)] = []
    public var workers = 1
    public var compressor: String?
    /// Unique keys held for dedupe, and the bytes their tables take.
    public var uniqueKeys = 0
    public var keyTableBytes = 0
    /// Bytes of dedupe keys written to disk (sorted runs) to bound memory.
    public var keySpilledBytes = 0
    /// Peak resident memory of the process, in bytes.
    public var peakMemory = 0
    /// The most bytes ever in flight between stages.
    public var peakInFlight = 0

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1e6 : 0 }

    /// Rejections for `code`.
    public func rejections(for code: RejectCode) -> Examples<RejectExample> {
        rejections[RejectCode.allCases.firstIndex(of: code)!]
    }

    /// Rows with warning `code`.
    public func warnings(for code: WarningCode) -> Examples<Int> {
        warnings[WarningCode.allCases.firstIndex(of: code)!]
    }
}

/// A row dropped as a duplicate, as an example for the summary.
public struct DuplicateExample: Sendable, Equatable {
    public var line: Int
    public var duplicateOf: Int
    /// `email` or `linkedin_url`.
    public var matchedOn: String
}

/// One output shard.
public struct ShardInfo: Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var bytes: Int
    public var uncompressedBytes: Int
    public var sha256: String
}

/// Rows sampled from the start of an input, for mapping.
public struct InputSample: Sendable {
    /// The header's names as written (nil without a header).
    public var header: [String]?
    /// Up to `limit` data rows, values un-escaped and repaired.
    public var rows: [[String]]
}

/// The header and the first rows of a prepared input, without consuming it.
func sample(_ input: PreparedInput, limit: Int = 1000) -> InputSample {
    var repairer = FieldRepairer(fallback: input.encoding.fallback, decodedFrom: input.encoding.encoding.codePage)
    let dialect = input.sniff.dialect
    var batch = RecordBatch(fieldCapacity: 1 << 16)
    // The first 256 KiB, then twice as much until the rows are there (at most 4 MiB): no more
    // of a large file is tokenized twice than the sample needs.
    var prefix = 256 << 10
    var bytes: UnsafeRawBufferPointer
    while true {
        var tokenizer = Tokenizer(dialect: dialect, limits: .default, firstLine: input.firstLine)
        batch.removeAll()
        bytes = UnsafeRawBufferPointer(rebasing: input.reader.unconsumed.prefix(prefix))
        let isWhole = input.reader.isAtEnd && bytes.count == input.reader.unconsumed.count
        _ = tokenizer.tokenize(bytes, isFinal: isWhole, into: &batch)
        if batch.count > limit || bytes.count == input.reader.unconsumed.count || prefix >= 4 << 20 { break }
        prefix *= 2
    }
    var rows: [[String]] = []
    for index in 0..<min(batch.count, limit + 1) {
        rows.append(values(of: index, in: batch, bytes: bytes, dialect: dialect, repairer: &repairer))
    }
    var header: [String]? = nil
    if input.sniff.hasHeader && !rows.isEmpty { header = rows.removeFirst() }
    return InputSample(header: header, rows: Array(rows.prefix(limit)))
}

/// An input opened, sniffed and sampled, and the mapping its first rows suggest: where every
/// import, and `leadpipe map`, starts.
struct PlannedInput {
    let input: PreparedInput
    let sample: InputSample
    let plan: ImportPlan

    init(
        path: String, overrides: SniffOverrides, encoding: TextEncoding?, settings: ImportSettings, chunkSize: Int = 4 << 20,
        hashInput: Bool = false
    ) throws {
        input = try PreparedInput(path: path, overrides: overrides, encoding: encoding, chunkSize: chunkSize, hashInput: hashInput)
        sample = LeadpipePipeline.sample(input)
        plan = try ImportPlan.make(header: sample.header, sampleRows: sample.rows, settings: settings)
    }

    init(_ options: ImportOptions, hashInput: Bool = false) throws {
        try self.init(
            path: options.inputPath, overrides: options.overrides, encoding: options.encoding, settings: options.settings,
            chunkSize: options.chunkSize, hashInput: hashInput)
    }

    /// The header's names, or `column_1`, `column_2` … without a header.
    var columnNames: [String] { sample.header ?? (0..<plan.columns.count).map { "column_\($0 + 1)" } }
}

/// The mapping `import` would use for a file, for `leadpipe map`.
public func proposeMapping(
    path: String, overrides: SniffOverrides, encoding: TextEncoding?, settings: ImportSettings
) throws -> (plan: ImportPlan, sample: InputSample, input: String) {
    let planned = try PlannedInput(path: path, overrides: overrides, encoding: encoding, settings: settings)
    return (planned.plan, planned.sample, planned.input.displayName)
}

/// Imports a CSV file of leads: maps its columns to the lead schema, normalizes and validates
/// every row, writes accepted rows as NDJSON and rejected rows, with their reasons, as CSV.
///
/// - Throws: ``InputError``, ``OutputError`` or ``SchemaError``. Bad rows are never errors:
///   they are rejected and counted. On an error no output file is created.
public func runImport(_ options: ImportOptions) throws -> ImportReport {
    let clock = Stopwatch()
    let planned = try PlannedInput(options)
    let sink = try makeSink(path: options.outputPath, gzipLevel: options.gzipLevel)
    let rejects: ByteSink?
    do {
        rejects = try options.rejectsPath.map { try openOutputFile(path: $0) }
    } catch {
        sink.abandon()
        throw error
    }
    do {
        var report = try importRows(planned, options: options, to: sink, rejects: rejects)
        try sink.finish()
        try rejects?.finish()
        report.seconds = clock.seconds
        report.output = options.outputPath ?? "standard output"
        report.rejectsPath = options.rejectsPath
        return report
    } catch {
        sink.abandon()
        rejects?.abandon()
        throw error
    }
}

/// Imports as ``runImport(_:)`` does, into `sink` (accepted rows) and `rejects` (rejected
/// rows as CSV) rather than the paths in `options`; finishes them on success and abandons them
/// on failure.
public func runImport(_ options: ImportOptions, to sink: ByteSink, rejects: ByteSink?) throws -> ImportReport {
    let clock = Stopwatch()
    do {
        var report = try importRows(try PlannedInput(options), options: options, to: sink, rejects: rejects)
        try sink.finish()
        try rejects?.finish()
        report.seconds = clock.seconds
        report.output = "a sink"
        return report
    } catch {
        sink.abandon()
        rejects?.abandon()
        throw error
    }
}

/// The import loop: tokenize a buffer, map its rows (``BatchMapper``), hand the results on.
func importRows(_ planned: PlannedInput, options: ImportOptions, to sink: ByteSink, rejects: ByteSink?) throws -> ImportReport {
    let input = planned.input
    let plan = planned.plan
    let reader = input.reader
    let dialect = input.sniff.dialect
    var report = ImportReport(
        input: input.displayName, compression: input.compression, encoding: input.encoding,
        encodingWasGiven: input.encodingWasGiven, sniff: input.sniff, plan: plan, output: "")
    let repairer = FieldRepairer(fallback: input.encoding.fallback, repairs: options.repairs, decodedFrom: input.encoding.encoding.codePage)
    var tokenizer = Tokenizer(dialect: dialect, limits: options.limits, firstLine: input.firstLine)
    var batch = RecordBatch()
    let columnNames = planned.columnNames
    let mapper = BatchMapper(
        plan: plan, columnNames: columnNames, repairer: repairer, quote: dialect.quote ?? 0x22, writeRejects: rejects != nil,
        computesKeys: false)
    let rows = MappedRows()
    rows.keepsOutcomes = false
    if rejects != nil {
        CSVWriter().appendRow(["line", "reason_code", "reason"] + columnNames, to: rows.rejectedCSV)
    }
    var sawHeader = !input.sniff.hasHeader

    while true {
        let bytes = reader.unconsumed
        let isFinal = reader.isAtEnd
        let consumed = tokenizer.tokenize(bytes, isFinal: isFinal, into: &batch)
        for event in batch.events { report.anomalies.note(event) }
        // A few thousand records at a time, so that their NDJSON is written while in cache.
        var start = 0
        if !sawHeader && batch.count > 0 {
            sawHeader = true
            start = 1
        }
        while start < batch.count {
            let end = min(batch.count, start + 4096)
            mapper.map(batch, records: start..<end, bytes: bytes, rowBase: rows.findings.rowsRead, into: rows)
            try sink.drain(rows.ndjson)
            if let rejects { try rejects.drain(rows.rejectedCSV) }
            start = end
        }
        reader.consume(consumed)
        if isFinal { break }
        try reader.refill()
    }
    if let rejects { try rejects.drain(rows.rejectedCSV) }
    report.record(rows.findings)
    report.tokenizer = tokenizer.stats
    report.blankLines = tokenizer.stats.blankLines
    report.bytes = input.inputBytesRead
    report.inputWarnings = input.warningsAtEnd
    precondition(report.accepted + report.rejected == report.rowsRead, "every row is accepted or rejected")
    return report
}
