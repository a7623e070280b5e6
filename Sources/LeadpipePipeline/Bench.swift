import LeadpipeEncoding
import LeadpipeTokenizer

/// Parse-only throughput of one file.
public struct BenchResult: Sendable {
    public var input: String
    public var dialect: Dialect
    /// The encoding the file was read in.
    public var encoding: TextEncoding
    /// UTF-8 bytes parsed per run (after any byte order mark and preamble).
    public var bytes: Int64
    /// Data rows per run (the header is not counted).
    public var rows: Int
    /// Fields per run, header included.
    public var fields: Int
    /// Seconds of each run.
    public var runs: [Double]
    /// Share of 64-byte blocks that took the bit-parallel path.
    public var fastPathShare: Double

    /// The median of ``runs``.
    public var medianSeconds: Double {
        let sorted = runs.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Megabytes (10^6 bytes) per second at the median.
    public var megabytesPerSecond: Double { medianSeconds > 0 ? Double(bytes) / medianSeconds / 1e6 : 0 }
    /// Rows per second at the median.
    public var rowsPerSecond: Double { medianSeconds > 0 ? Double(rows) / medianSeconds : 0 }
}

/// Measures how fast `path` tokenizes: opened, decoded (decompressed and transcoded when it
/// needs that), sniffed, read in chunks from the file (the page cache, after the first run) and
/// split into records and fields — everything `convert` does but encoding and writing output.
///
/// - Throws: ``InputError`` when the file cannot be read; standard input cannot be benchmarked.
public func bench(
    path: String, runs: Int, overrides: SniffOverrides, encoding: TextEncoding? = nil, limits: TokenizerLimits = .default
) throws -> BenchResult {
    guard path != "-" else {
        throw InputError(path: "standard input", reason: "bench reads its file several times; give a file, not -")
    }
    var result: BenchResult? = nil
    var times: [Double] = []
    for _ in 0..<max(1, runs) {
        let clock = Stopwatch()
        let input = try PreparedInput(path: path, overrides: overrides, encoding: encoding)
        let reader = input.reader
        let startOffset = reader.bytesRead - Int64(reader.unconsumed.count)
        var tokenizer = Tokenizer(dialect: input.sniff.dialect, limits: limits, firstLine: input.firstLine)
        var batch = RecordBatch()
        while true {
            let isFinal = reader.isAtEnd
            let consumed = tokenizer.tokenize(reader.unconsumed, isFinal: isFinal, into: &batch)
            reader.consume(consumed)
            if isFinal { break }
            try reader.refill()
        }
        times.append(clock.seconds)
        let bytes = reader.bytesRead - startOffset
        let blocks = (bytes + 63) / 64
        result = BenchResult(
            input: path, dialect: input.sniff.dialect, encoding: input.encoding.encoding, bytes: bytes,
            rows: max(0, tokenizer.stats.records - (input.sniff.hasHeader ? 1 : 0)), fields: tokenizer.stats.fields,
            runs: [], fastPathShare: blocks > 0 ? Double(tokenizer.fastPathBlocks) / Double(blocks) : 0)
    }
    result!.runs = times
    return result!
}
