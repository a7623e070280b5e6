import LeadpipeEncoding
import LeadpipeOutput
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
    /// Things about the input a person should know (a byte order mark that overrode
    /// `--encoding`, …); they are also the first of `sniff.warnings`.
    public let warnings: [String]
    private let transcoding: TranscodingSource?
    private let file: InputSource
    private let gzip: GzipSource?

    /// The input's own bytes read so far (compressed, before transcoding): what MB/s counts.
    public var inputBytesRead: Int64 { file.bytesRead }

    /// The SHA-256 of the input's own bytes, once read to its end (nil unless asked for).
    public func inputSHA256() -> String? { file.hasher?.hexDigest() }

    /// Warnings known only once the input has been read to its end.
    public var warningsAtEnd: [String] {
        guard let gzip, gzip.ignoredTrailingData else { return [] }
        return ["the data after the last complete gzip member is not gzip and was ignored (as gzip -d does)"]
    }

    /// How much of the input encoding detection looks at.
    public static let encodingSampleBytes = 4 << 20

    /// Opens and prepares `path` (`-` for standard input).
    ///
    /// - Parameter encoding: the encoding to read, instead of detecting it.
    /// - Throws: ``InputError`` when the file cannot be read, is not text, or its gzip data is
    ///   corrupt.
    ///   - hashInput: compute the SHA-256 of the input's own bytes (``inputSHA256()``).
    public init(
        path: String, overrides: SniffOverrides, encoding given: TextEncoding? = nil, chunkSize: Int = 4 << 20,
        hashInput: Bool = false
    ) throws {
        let file = try InputSource(path: path)
        if hashInput { file.hasher = SHA256Hasher() }
        self.file = file
        displayName = file.displayName
        size = file.size
        var warnings: [String] = []

        var source: ByteSource = file
        var head = try file.readUpTo(64 << 10)
        if head.starts(with: [0x1F, 0x8B, 0x08]) {
            let gzip = try GzipSource(upstream: ReplaySource(prefix: head, then: file), name: displayName)
            self.gzip = gzip
            source = gzip
            head = try source.readUpTo(64 << 10)
            compression = "gzip"
            if head.starts(with: [0x1F, 0x8B, 0x08]) {
                throw InputError(
                    path: displayName,
                    reason: "this is gzip inside gzip (compressed twice): decompress it once first, e.g. gunzip -c FILE > once.csv.gz")
            }
        } else {
            gzip = nil
            compression = nil
        }
        if let signature = head.withUnsafeBytes({ FileSignature.detect($0) }) {
            throw InputError(path: displayName, reason: signature.message)
        }
        let more = head.count == 64 << 10 ? try source.readUpTo(Self.encodingSampleBytes - head.count) : []
        let sample = head + more
        let sampleIsWhole = sample.count < Self.encodingSampleBytes

        var guess: EncodingGuess
        let mark = ByteOrderMark.detect(in: sample.prefix(4))
        if let given {
            // A byte order mark is near-certain; it wins over --encoding when they disagree.
            if let mark, TextEncoding(mark) != given {
                guess = sample.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: sampleIsWhole) }
                warnings.append(
                    "the file starts with a \(mark.rawValue) byte order mark, so it is read as \(TextEncoding(mark).rawValue), "
                        + "not \(given.rawValue) as --encoding said")
            } else if given == .utf8 {
                // Only the fallback for ill-formed bytes is worked out.
                let detected = sample.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: sampleIsWhole) }
                guess = EncodingGuess(
                    encoding: .utf8, confidence: 1, byteOrderMarkLength: mark == nil ? 0 : 3,
                    fallback: detected.encoding == .utf8 ? detected.fallback : (detected.encoding.codePage ?? .windows1252),
                    evidence: ["--encoding utf-8"])
            } else {
                guess = EncodingGuess(
                    encoding: given, confidence: 1, byteOrderMarkLength: mark.map { $0.bytes.count } ?? 0,
                    fallback: given.codePage ?? .windows1252, evidence: ["--encoding \(given.rawValue)"])
            }
        } else {
            guess = sample.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: sampleIsWhole) }
        }
        encoding = guess
        encodingWasGiven = given != nil && guess.encoding == given
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
        var sniff = Sniffer.sniff(decoded, isWholeInput: decodedIsWhole, overrides: overrides)
        sniff.warnings = warnings + sniff.warnings
        self.sniff = sniff
        let skipped = try reader.skipLines(sniff.preambleLines)
        firstLine = skipped + 1
        self.warnings = warnings
    }
}
