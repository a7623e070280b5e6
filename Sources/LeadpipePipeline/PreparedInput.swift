import LeadpipeEncoding
import LeadpipeTokenizer

/// An input opened and made into UTF-8 CSV text, its dialect sniffed and its preamble skipped:
/// the reader stands at the header (or the first data row).
///
/// On the way: gzip is decompressed, files that are not text (workbooks, PDFs, images,
/// archives…) are refused with a message saying what they are, the encoding is detected (or
/// taken from `--encoding`) and everything that is not UTF-8 is transcoded as it is read.
public struct PreparedInput {
    /// UTF-8 bytes, positioned after the preamble.
    public let reader: ChunkReader
    /// How messages name the input ("standard input" for `-`).
    public let displayName: String
    /// The file's size on disk, when it is a regular file.
    public let size: Int64?
    /// "gzip" when the input was decompressed.
    public let compression: String?
    /// The encoding the input is read in, and why.
    public let encoding: EncodingGuess
    /// Whether `--encoding` chose it.
    public let encodingWasGiven: Bool
    /// What the dialect sniffer decided (on the UTF-8 text).
    public let sniff: SniffResult
    /// UTF-8 validity of the sampled bytes, for UTF-8 inputs.
    public let sampleEncoding: UTF8Report
    /// The physical line number of the reader's first byte.
    public let firstLine: Int
    private let transcoding: TranscodingSource?

    /// How much of the input encoding detection looks at.
    public static let encodingSampleBytes = 4 << 20

    /// Opens and prepares `path` (`-` for standard input).
    ///
    /// - Parameter encoding: the encoding to read, instead of detecting it.
    /// - Throws: ``InputError`` when the file cannot be read, is not text, or its gzip data is
    ///   corrupt.
    public init(path: String, overrides: SniffOverrides, encoding given: TextEncoding? = nil, chunkSize: Int = 4 << 20) throws {
        let file = try InputSource(path: path)
        displayName = file.displayName
        size = file.size

        var source: ByteSource = file
        var head = try file.readUpTo(64 << 10)
        if head.starts(with: [0x1F, 0x8B, 0x08]) {
            source = try GzipSource(upstream: ReplaySource(prefix: head, then: file), name: displayName)
            head = try source.readUpTo(64 << 10)
            compression = "gzip"
        } else {
            compression = nil
        }
        if let signature = head.withUnsafeBytes({ FileSignature.detect($0) }) {
            throw InputError(path: displayName, reason: signature.message)
        }
        let more = head.count == 64 << 10 ? try source.readUpTo(Self.encodingSampleBytes - head.count) : []
        let sample = head + more
        let sampleIsWhole = sample.count < Self.encodingSampleBytes

        var guess = sample.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: sampleIsWhole) }
        if let given {
            let markLength = given.byteOrderMark.map { sample.starts(with: $0.bytes) ? $0.bytes.count : 0 } ?? 0
            guess = EncodingGuess(
                encoding: given, confidence: 1, byteOrderMarkLength: markLength,
                fallback: given.codePage ?? guess.fallback, evidence: ["--encoding \(given.rawValue)"])
        }
        encoding = guess
        encodingWasGiven = given != nil
        let wide = [.utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian, .utf32BigEndian].contains(guess.encoding)
        if !wide, sample.withUnsafeBytes({ FileSignature.looksBinary($0) }) {
            throw InputError(
                path: displayName,
                reason: "this looks like binary data, not CSV text (over 10% of the first bytes are control characters)")
        }

        let text = ReplaySource(prefix: Array(sample[guess.byteOrderMarkLength...]), then: source)
        if guess.encoding == .utf8 {
            transcoding = nil
            reader = ChunkReader(source: text, chunkSize: chunkSize)
            sampleEncoding = sample.withUnsafeBytes {
                UTF8Report.check(UnsafeRawBufferPointer(rebasing: $0[guess.byteOrderMarkLength...]), endIsTruncated: !sampleIsWhole)
            }
        } else {
            let transcoding = TranscodingSource(upstream: text, encoding: guess.encoding)
            self.transcoding = transcoding
            reader = ChunkReader(source: transcoding, chunkSize: chunkSize)
            sampleEncoding = UTF8Report()
        }
        try reader.refill()

        let decoded = UnsafeRawBufferPointer(rebasing: reader.unconsumed.prefix(1 << 20))
        let decodedIsWhole = reader.isAtEnd && decoded.count == reader.unconsumed.count
        sniff = Sniffer.sniff(decoded, isWholeInput: decodedIsWhole, overrides: overrides)
        let skipped = try reader.skipLines(sniff.preambleLines)
        firstLine = skipped + 1
    }

    /// Code units or bytes the transcoder replaced by U+FFFD so far.
    public var transcoderReplacements: Int { transcoding?.replacements ?? 0 }
}
