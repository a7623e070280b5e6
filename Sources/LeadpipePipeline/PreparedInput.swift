import LeadpipeEncoding
import LeadpipeTokenizer

/// An input opened, its encoding checked, its dialect sniffed and its preamble skipped:
/// the reader stands at the header (or the first data row).
public struct PreparedInput {
    /// The bytes, positioned after the preamble.
    public let reader: ChunkReader
    /// Where they come from.
    public let source: InputSource
    /// The byte order mark that was skipped, if any.
    public let byteOrderMark: ByteOrderMark?
    /// What the sniffer decided.
    public let sniff: SniffResult
    /// UTF-8 validity of the sniffed sample.
    public let sampleEncoding: UTF8Report
    /// The physical line number of the reader's first byte.
    public let firstLine: Int

    /// Opens and prepares `path` (`-` for standard input).
    ///
    /// - Throws: ``InputError`` when the file cannot be read, or is not UTF-8 text leadpipe can
    ///   read yet.
    public init(path: String, overrides: SniffOverrides, chunkSize: Int = 4 << 20) throws {
        source = try InputSource(path: path)
        reader = ChunkReader(source: source, chunkSize: chunkSize)
        try reader.refill()

        let mark = ByteOrderMark.detect(in: reader.unconsumed.prefix(4))
        if let mark, mark != .utf8 {
            throw InputError(
                path: source.displayName,
                reason: "the file is \(mark.rawValue) text (it starts with a \(mark.rawValue) byte order mark); "
                    + "leadpipe reads UTF-8 so far — convert it first, e.g. iconv -f \(mark.rawValue) -t UTF-8")
        }
        if mark == .utf8 { reader.consume(3) }
        byteOrderMark = mark

        let sample = UnsafeRawBufferPointer(rebasing: reader.unconsumed.prefix(1 << 20))
        let isWholeInput = reader.isAtEnd && sample.count == reader.unconsumed.count
        sniff = Sniffer.sniff(sample, isWholeInput: isWholeInput, overrides: overrides)
        sampleEncoding = UTF8Report.check(sample, endIsTruncated: !isWholeInput)

        let skipped = try reader.skipLines(sniff.preambleLines)
        firstLine = skipped + 1
    }
}
