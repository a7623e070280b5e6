import ArgumentParser
import LeadpipeEncoding
import LeadpipeTokenizer

#if canImport(Glibc)
import Glibc
#endif

/// How to read the CSV: everything the sniffer would otherwise guess.
struct DialectOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Field delimiter: one character, or tab, comma, semicolon, pipe. Default: sniffed.",
        valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp(
        "Quote character: \" or ', or none for files without quoting. Default: sniffed.",
        valueName: "char"))
    var quote: String?

    @Flag(inversion: .prefixedNo, help: "Whether the first row (after any preamble) names the columns. Default: sniffed.")
    var header: Bool?

    @Option(help: ArgumentHelp(
        "Skip this many physical lines before the header (titles, comments). Default: sniffed.",
        valueName: "n"))
    var skipLines: Int?

    @Option(help: ArgumentHelp(
        "The file's encoding: \(TextEncoding.acceptedNames). Default: detected.", valueName: "name"))
    var encoding: String?

    /// The encoding given with `--encoding`, if any.
    var encodingOverride: TextEncoding? { encoding.flatMap(TextEncoding.init(name:)) }

    func validate() throws {
        if let delimiter { _ = try parseDelimiter(delimiter) }
        if let quote { _ = try parseQuote(quote) }
        if let skipLines, skipLines < 0 { throw ValidationError("--skip-lines must be 0 or more") }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("unknown encoding '\(encoding)'; leadpipe reads \(TextEncoding.acceptedNames)")
        }
        if let delimiter, let quote, let d = try? parseDelimiter(delimiter), let q = try? parseQuote(quote), d == q {
            throw ValidationError("--delimiter and --quote must differ")
        }
    }

    var overrides: SniffOverrides {
        SniffOverrides(
            delimiter: delimiter.flatMap { try? parseDelimiter($0) },
            quote: quote.flatMap { try? parseQuote($0) },
            header: header,
            skipLines: skipLines)
    }
}

/// Limits that keep memory bounded on hostile input.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A quoted field longer than this is a runaway quote: reported, and re-read with the quote taken literally.",
        valueName: "bytes"))
    var maxFieldBytes: Int = TokenizerLimits.default.maxFieldBytes

    @Option(help: ArgumentHelp("A record longer than this keeps only its first fields.", visibility: .hidden))
    var maxRecordBytes: Int?

    func validate() throws {
        guard (1...(256 << 20)).contains(maxFieldBytes) else {
            throw ValidationError("--max-field-bytes must be between 1 and 268435456")
        }
        if let maxRecordBytes, !(1...(256 << 20)).contains(maxRecordBytes) {
            throw ValidationError("--max-record-bytes must be between 1 and 268435456")
        }
    }

    var limits: TokenizerLimits {
        TokenizerLimits(
            maxFieldBytes: maxFieldBytes,
            maxRecordBytes: maxRecordBytes ?? min(256 << 20, max(TokenizerLimits.default.maxRecordBytes, maxFieldBytes * 4)))
    }
}

/// A quote given on the command line: one byte, or `none`.
func parseQuote(_ text: String) throws -> UInt8?? {
    switch text.lowercased() {
    case "none", "": return .some(nil)
    case "double", "\"": return .some(0x22)
    case "single", "'": return .some(0x27)
    default:
        guard text.utf8.count == 1, let byte = text.utf8.first, Dialect.isAllowedDelimiter(byte) else {
            throw ValidationError("the quote must be one character, or none, not '\(text)'")
        }
        return .some(byte)
    }
}

/// Refuses to wait for standard input when it is a terminal and no file was named: that is
/// almost always a forgotten file name, not someone about to type CSV.
func requireInput(_ file: String) throws {
    if file == "-" && isatty(STDIN_FILENO) != 0 && CommandLine.arguments.last != "-" {
        throw ValidationError("give a CSV file, or pipe one in (… | leadpipe convert -)")
    }
}
