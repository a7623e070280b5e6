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
    /// standard output.
    public static func defaultRejectsPath(forOutput output: String?) -> String {
        guard let output, output != "-" else { return "rejected.csv" }
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
    var tokenizer = Tokenizer(dialect: dialect, limits: .default, firstLine: input.firstLine)
    var batch = RecordBatch(fieldCapacity: 1 << 16)
    let bytes = UnsafeRawBufferPointer(rebasing: input.reader.unconsumed.prefix(4 << 20))
    let isWhole = input.reader.isAtEnd && bytes.count == input.reader.unconsumed.count
    _ = tokenizer.tokenize(bytes, isFinal: isWhole, into: &batch)
    var rows: [[String]] = []
    for index in 0..<min(batch.count, limit + 1) {
        rows.append(values(of: index, in: batch, bytes: bytes, dialect: dialect, repairer: &repairer))
    }
    var header: [String]? = nil
    if input.sniff.hasHeader && !rows.isEmpty { header = rows.removeFirst() }
    return InputSample(header: header, rows: Array(rows.prefix(limit)))
}

/// The mapping `import` would use for a file, for `leadpipe map`.
public func proposeMapping(
    path: String, overrides: SniffOverrides, encoding: TextEncoding?, settings: ImportSettings
) throws -> (plan: ImportPlan, sample: InputSample, input: String) {
    let input = try PreparedInput(path: path, overrides: overrides, encoding: encoding)
    let sample = sample(input)
    let plan = try ImportPlan.make(header: sample.header, sampleRows: sample.rows, settings: settings)
    return (plan, sample, input.displayName)
}

/// Imports a CSV file of leads: maps its columns to the lead schema, normalizes and validates
/// every row, writes accepted rows as NDJSON and rejected rows, with their reasons, as CSV.
///
/// - Throws: ``InputError``, ``OutputError`` or ``SchemaError``. Bad rows are never errors:
///   they are rejected and counted. On an error no output file is created.
public func runImport(_ options: ImportOptions) throws -> ImportReport {
    let clock = Stopwatch()
    let input = try PreparedInput(
        path: options.inputPath, overrides: options.overrides, encoding: options.encoding, chunkSize: options.chunkSize)
    let firstRows = sample(input)
    let plan = try ImportPlan.make(header: firstRows.header, sampleRows: firstRows.rows, settings: options.settings)
    let sink = try makeSink(path: options.outputPath, gzipLevel: options.gzipLevel)
    let rejects: ByteSink?
    do {
        rejects = try options.rejectsPath.map { try openOutputFile(path: $0) }
    } catch {
        sink.abandon()
        throw error
    }
    do {
        var report = try importRows(input, plan: plan, header: firstRows.header, options: options, to: sink, rejects: rejects)
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
        let input = try PreparedInput(
            path: options.inputPath, overrides: options.overrides, encoding: options.encoding, chunkSize: options.chunkSize)
        let firstRows = sample(input)
        let plan = try ImportPlan.make(header: firstRows.header, sampleRows: firstRows.rows, settings: options.settings)
        var report = try importRows(input, plan: plan, header: firstRows.header, options: options, to: sink, rejects: rejects)
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

/// The import loop: tokenize a buffer, map its rows, hand full buffers on.
func importRows(
    _ input: PreparedInput, plan: ImportPlan, header: [String]?, options: ImportOptions, to sink: ByteSink,
    rejects: ByteSink?
) throws -> ImportReport {
    let reader = input.reader
    let dialect = input.sniff.dialect
    let quote = dialect.quote ?? 0x22
    var report = ImportReport(
        input: input.displayName, compression: input.compression, encoding: input.encoding,
        encodingWasGiven: input.encodingWasGiven, sniff: input.sniff, plan: plan, output: "")
    var repairer = FieldRepairer(fallback: input.encoding.fallback, repairs: options.repairs, decodedFrom: input.encoding.encoding.codePage)
    var tokenizer = Tokenizer(dialect: dialect, limits: options.limits, firstLine: input.firstLine)
    var batch = RecordBatch()
    var values = RowValues()
    defer { values.deallocate() }
    let mapper = LeadRowMapper(plan: plan)
    let output = OutputBuffer(capacity: 4 << 20)
    let rejected = OutputBuffer(capacity: 1 << 20)
    let csv = CSVWriter()
    let flushAt = 1 << 20
    var sawHeader = !input.sniff.hasHeader
    let columnNames = header ?? (0..<plan.columns.count).map { "column_\($0 + 1)" }
    if rejects != nil {
        csv.appendRow(["line", "reason_code", "reason"] + columnNames, to: rejected)
    }
    let warningCount = WarningCode.allCases.count
    let columnNameBytes = columnNames.map { Array($0.utf8) }
    var reason: [UInt8] = []
    reason.reserveCapacity(1024)

    while true {
        let bytes = reader.unconsumed
        let isFinal = reader.isAtEnd
        let consumed = tokenizer.tokenize(bytes, isFinal: isFinal, into: &batch)
        for event in batch.events { report.anomalies.note(event) }
        for recordIndex in 0..<batch.count {
            if !sawHeader {
                sawHeader = true
                continue
            }
            let line = batch.record(recordIndex).line
            report.rowsRead &+= 1
            values.fill(recordIndex: recordIndex, batch: batch, bytes: bytes, quote: quote, repairer: &repairer)
            var warnings: WarningSet = []
            let invalidBefore = mapper.invalidWritten
            if let rejection = mapper.map(values, into: output, warnings: &warnings) {
                report.rejected &+= 1
                // The sentence is built in reused memory; Strings only for the summary's examples.
                reason.removeAll(keepingCapacity: true)
                appendReason(rejection, values: values, columns: columnNameBytes, to: &reason)
                let codeIndex = RejectCode.allCases.firstIndex(of: rejection.code)!
                if report.rejections[codeIndex].isFull {
                    report.rejections[codeIndex].noteCount()
                } else {
                    report.rejections[codeIndex].note(
                        example(rejection, values: values, line: line, record: report.rowsRead, columns: columnNames, reason: reason))
                }
                if rejects != nil {
                    writeRejected(values, line: line, rejection: rejection, reason: reason, csv: csv, to: rejected)
                    if rejected.count >= flushAt { try rejects?.drain(rejected) }
                }
            } else {
                report.accepted &+= 1
            }
            if !warnings.isEmpty {
                for index in 0..<warningCount where warnings.contains(WarningSet(rawValue: 1 << UInt16(index))) {
                    report.warnings[index].note(line)
                }
            }
            var repairs = values.repairs
            if mapper.invalidWritten != invalidBefore { repairs.insert(RepairSet(.undecodable)) }
            if !repairs.isEmpty {
                for kind in RepairKind.allCases where repairs.contains(RepairSet(kind)) { report.repairs[kind.rawValue].note(line) }
                if repairs.contains(RepairSet(.undecodable)) { report.rowsWithUndecodable.note(line) }
            }
            if output.count >= flushAt { try sink.drain(output) }
        }
        reader.consume(consumed)
        if isFinal { break }
        try reader.refill()
    }
    try sink.drain(output)
    if let rejects { try rejects.drain(rejected) }
    report.tokenizer = tokenizer.stats
    report.blankLines = tokenizer.stats.blankLines
    report.bytes = input.inputBytesRead
    report.inputWarnings = input.warningsAtEnd
    precondition(report.accepted + report.rejected == report.rowsRead, "every row is accepted or rejected")
    return report
}

/// Appends the sentence for a rejection to `reason`: the column, what is wrong, and the value
/// (at most 80 bytes) — "E-mail Address: an e-mail address needs an @ ("john at x")".
func appendReason(_ rejection: RowRejection, values: RowValues, columns: [[UInt8]], to reason: inout [UInt8]) {
    func append(_ text: String) { reason.append(contentsOf: text.utf8) }
    func append(number: Int) {
        if number >= 10 { append(number: number / 10) }
        reason.append(UInt8(ascii: "0") + UInt8(number % 10))
    }
    switch rejection.code {
    case .missingIdentifier:
        append("no e-mail or LinkedIn profile (a row needs one to be a lead)")
    case .wrongFieldCount:
        append(number: values.count)
        append(" fields where the header has ")
        append(number: columns.count)
        append(": values are probably shifted")
    default:
        let message = rejection.problem?.message ?? rejection.code.summary
        guard let index = rejection.column else {
            append(message)
            return
        }
        if index < columns.count { reason.append(contentsOf: columns[index]) } else { append("column \(index + 1)") }
        append(": ")
        append(message)
        append(" (\"")
        let value = index < values.count ? values[index] : .empty
        var length = min(value.count, 80)
        // Cut at a character boundary.
        while length < value.count && length > 0 && value[length] & 0xC0 == 0x80 { length -= 1 }
        reason.append(contentsOf: UnsafeBufferPointer(start: value.base, count: length))
        if length < value.count { append("…") }
        append("\")")
    }
}

/// The summary's example of a rejection.
func example(
    _ rejection: RowRejection, values: RowValues, line: Int, record: Int, columns: [String], reason: [UInt8]
) -> RejectExample {
    var column: String? = nil
    var value: String? = nil
    if let index = rejection.column {
        column = index < columns.count ? columns[index] : "column \(index + 1)"
        let text = index < values.count ? values[index].string : ""
        value = text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
    return RejectExample(line: line, record: record, column: column, value: value, reason: String(decoding: reason, as: UTF8.self))
}

/// Appends a rejected row to `rejected.csv`: line, reason_code and reason first (so a row
/// with surplus fields keeps them all), then its values in the file's column order; cells that
/// a spreadsheet would run as formulas are guarded.
func writeRejected(
    _ values: RowValues, line: Int, rejection: RowRejection, reason: [UInt8], csv: CSVWriter, to output: OutputBuffer
) {
    var number: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &number) { room in
        var digits = 0
        var rest = line
        repeat {
            room[23 - digits] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            digits += 1
        } while rest > 0
        output.append(UnsafeRawBufferPointer(rebasing: room[(24 - digits)...]))
    }
    output.append(csv.delimiter)
    var code = rejection.code.rawValue
    code.withUTF8 { output.append(UnsafeRawBufferPointer($0)) }
    output.append(csv.delimiter)
    reason.withUnsafeBytes { csv.appendSafeField($0, to: output) }
    // The values: room for all of them reserved once, each written straight into it.
    var room = 1
    for column in 0..<values.count { room &+= 1 &+ CSVWriter.maxFieldBytes(values[column].count) }
    let target = output.reserve(room)
    var written = 0
    for column in 0..<values.count {
        target[written] = csv.delimiter
        written &+= 1
        let view = values[column]
        written &+= csv.writeSafeField(UnsafeRawBufferPointer(start: view.base, count: view.count), to: target + written)
    }
    target[written] = UInt8(ascii: "\n")
    output.commit(written &+ 1)
}
