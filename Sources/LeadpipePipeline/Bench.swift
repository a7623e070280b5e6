import LeadpipeTokenizer

/// Parse-only throughput of one file.
public struct BenchResult: Sendable {
    public var input: String
    public var dialect: Dialect
    /// Bytes parsed per run (after any byte order mark and preamble).
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

/// Measures how fast `path` tokenizes: read in chunks from the file (the page cache, after the
/// first run) and split into records and fields, nothing more. The dialect is sniffed once,
/// outside the timed runs.
///
/// - Throws: ``InputError`` when the file cannot be read; standard input cannot be benchmarked.
public func bench(path: String, runs: Int, overrides: SniffOverrides, limits: TokenizerLimits = .default) throws -> BenchResult {
    guard path != "-" else {
        throw InputError(path: "standard input", reason: "bench reads its file several times; give a file, not -")
    }
    let prepared = try PreparedInput(path: path, overrides: overrides)
    let sniff = prepared.sniff
    let skip = (prepared.byteOrderMark?.bytes.count ?? 0)
    var result = BenchResult(
        input: path, dialect: sniff.dialect, bytes: 0, rows: 0, fields: 0, runs: [], fastPathShare: 0)
    for _ in 0..<max(1, runs) {
        let clock = Stopwatch()
        let reader = ChunkReader(source: try InputSource(path: path))
        try reader.refill()
        reader.consume(min(skip, reader.unconsumed.count))
        try reader.skipLines(sniff.preambleLines)
        let startOffset = reader.bytesRead - Int64(reader.unconsumed.count)
        var tokenizer = Tokenizer(dialect: sniff.dialect, limits: limits, firstLine: prepared.firstLine)
        var batch = RecordBatch()
        while true {
            let isFinal = reader.isAtEnd
            let consumed = tokenizer.tokenize(reader.unconsumed, isFinal: isFinal, into: &batch)
            reader.consume(consumed)
            if isFinal { break }
            try reader.refill()
        }
        result.runs.append(clock.seconds)
        result.bytes = reader.bytesRead - startOffset
        result.rows = max(0, tokenizer.stats.records - (sniff.hasHeader ? 1 : 0))
        result.fields = tokenizer.stats.fields
        let blocks = (result.bytes + 63) / 64
        result.fastPathShare = blocks > 0 ? Double(tokenizer.fastPathBlocks) / Double(blocks) : 0
    }
    return result
}
