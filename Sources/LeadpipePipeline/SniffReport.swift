import LeadpipeEncoding
import LeadpipeSchema
import LeadpipeTokenizer

/// What `sniff` tells a person about a file before they convert it.
public struct SniffReport: Sendable {
    public var input: String
    /// The file size, when known.
    public var size: Int64?
    /// "gzip" when the input is compressed.
    public var compression: String?
    /// The encoding, its confidence and the evidence.
    public var encoding: EncodingGuess
    /// Whether `--encoding` chose it.
    public var encodingWasGiven: Bool
    /// UTF-8 validity of the sample (for UTF-8 inputs).
    public var sampleValidity: UTF8Report
    public var sniff: SniffResult
    /// The column names as `convert` would write them (nil without a header).
    public var columns: [String]?
    /// The first data rows, as values.
    public var sampleRows: [[String]]
}

/// Sniffs `path` and reads its first rows the way `convert` would.
public func sniffFile(
    path: String, overrides: SniffOverrides, encoding: TextEncoding? = nil, sampleRowCount: Int = 5
) throws -> SniffReport {
    let input = try PreparedInput(path: path, overrides: overrides, encoding: encoding)
    var repairer = FieldRepairer(fallback: input.encoding.fallback, decodedFrom: input.encoding.encoding.codePage)
    let dialect = input.sniff.dialect
    var tokenizer = Tokenizer(dialect: dialect, limits: .default, firstLine: input.firstLine)
    var batch = RecordBatch(fieldCapacity: 1024)
    // The reader stands at the header; a sample of 1 MiB holds the first rows of any sane file.
    let bytes = UnsafeRawBufferPointer(rebasing: input.reader.unconsumed.prefix(1 << 20))
    let isWhole = input.reader.isAtEnd && bytes.count == input.reader.unconsumed.count
    _ = tokenizer.tokenize(bytes, isFinal: true, into: &batch)
    var rows: [[String]] = []
    let usable = isWhole ? batch.count : max(0, batch.count - 1)
    for index in 0..<min(usable, sampleRowCount + 1) {
        rows.append(values(of: index, in: batch, bytes: bytes, dialect: dialect, repairer: &repairer))
    }
    var columns: [String]? = nil
    if input.sniff.hasHeader {
        columns = rows.isEmpty ? [] : HeaderNames.make(from: rows.removeFirst())
    }
    return SniffReport(
        input: input.displayName, size: input.size, compression: input.compression, encoding: input.encoding,
        encodingWasGiven: input.encodingWasGiven, sampleValidity: input.sampleEncoding, sniff: input.sniff,
        columns: columns, sampleRows: Array(rows.prefix(sampleRowCount)))
}
