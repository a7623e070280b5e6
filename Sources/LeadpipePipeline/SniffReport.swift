import LeadpipeEncoding
import LeadpipeSchema
import LeadpipeTokenizer

/// What `sniff` tells a person about a file before they convert it.
public struct SniffReport: Sendable {
    public var input: String
    /// The file size, when known.
    public var size: Int64?
    public var byteOrderMark: ByteOrderMark?
    /// UTF-8 validity of the sample.
    public var encoding: UTF8Report
    public var sniff: SniffResult
    /// The column names as `convert` would write them (nil without a header).
    public var columns: [String]?
    /// The first data rows, as values.
    public var sampleRows: [[String]]
}

/// Sniffs `path` and reads its first rows the way `convert` would.
public func sniffFile(path: String, overrides: SniffOverrides, sampleRowCount: Int = 5) throws -> SniffReport {
    let input = try PreparedInput(path: path, overrides: overrides)
    let dialect = input.sniff.dialect
    var tokenizer = Tokenizer(dialect: dialect, limits: .default, firstLine: input.firstLine)
    var batch = RecordBatch(fieldCapacity: 1024)
    // The reader stands at the header; a sample of 1 MiB holds the first rows of any sane file.
    let bytes = UnsafeRawBufferPointer(rebasing: input.reader.unconsumed.prefix(1 << 20))
    let isWhole = input.reader.isAtEnd && bytes.count == input.reader.unconsumed.count
    _ = tokenizer.tokenize(bytes, isFinal: true, into: &batch)
    var scratch: [UInt8] = []
    var rows: [[String]] = []
    let usable = isWhole ? batch.count : max(0, batch.count - 1)
    for index in 0..<min(usable, sampleRowCount + 1) {
        rows.append(batch.fieldIndices(ofRecord: index).map { field in
            RecordBatch.withValue(of: batch.field(field), in: bytes, quote: dialect.quote, scratch: &scratch) {
                String(decoding: $0, as: UTF8.self)
            }
        })
    }
    var columns: [String]? = nil
    if input.sniff.hasHeader {
        columns = rows.isEmpty ? [] : HeaderNames.make(from: rows.removeFirst())
    }
    return SniffReport(
        input: input.source.displayName, size: input.source.size, byteOrderMark: input.byteOrderMark,
        encoding: input.sampleEncoding, sniff: input.sniff, columns: columns,
        sampleRows: Array(rows.prefix(sampleRowCount)))
}
