import ArgumentParser
import LeadpipeEncoding
import LeadpipeGenerator
import LeadpipeOutput

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic, realistic, dirty lead export for tests and benchmarks.",
        discussion: """
            Human headers, names in many scripts, notes with commas, quotes and line
            breaks, ~8% duplicate e-mails that differ in case and spacing, invalid and
            empty e-mails, phones in many formats. The same options always give the
            same bytes. Streams: memory stays flat for any --rows.

            Examples:
              leadpipe generate --rows 1000000 --seed 1 -o leads.csv
              leadpipe generate --rows 1000 --encoding utf-16le --bom -o excel.csv
              leadpipe generate --rows 1000 --mojibake-rate 0.3 -o broken.csv
            """
    )

    @Option(help: "Data rows to write (the header is extra).")
    var rows: Int = 1000

    @Option(help: "Random seed; equal seeds give identical files.")
    var seed: UInt64 = 1

    @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of standard output.")
    var output: String?

    @Option(help: "Field delimiter: a single character, or 'tab'.")
    var delimiter: String = ","

    @Flag(help: "End lines with CRLF (as Excel on Windows does).")
    var crlf = false

    @Option(help: "Share of rows that repeat an earlier e-mail in another case or spacing.")
    var duplicateRate: Double = 0.08

    @Option(help: "Share of rows with missing or surplus fields (a fault to test with).")
    var raggedRate: Double = 0

    @Option(help: "Share of rows followed by an empty line.")
    var blankLineRate: Double = 0

    @Option(help: "Data row (1-based) whose Notes field opens a quote that never closes.")
    var unterminatedQuoteAt: Int?

    @Option(help: ArgumentHelp(
        "Write in this encoding: \(TextEncoding.acceptedNames). Single-byte code pages get only names they can write; other characters become '?'.",
        valueName: "name"))
    var encoding: String = "utf-8"

    @Flag(help: "Start with a byte order mark (UTF-8, UTF-16, UTF-32).")
    var bom = false

    @Option(help: "Share of rows whose non-ASCII text is mojibake (UTF-8 read as Windows-1252 and saved again).")
    var mojibakeRate: Double = 0

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more") }
        guard TextEncoding(name: encoding) != nil else {
            throw ValidationError("unknown encoding '\(encoding)'; leadpipe writes \(TextEncoding.acceptedNames)")
        }
        for (name, rate) in [
            ("--duplicate-rate", duplicateRate), ("--ragged-rate", raggedRate), ("--blank-line-rate", blankLineRate),
            ("--mojibake-rate", mojibakeRate),
        ]
        where !(0...1).contains(rate) {
            throw ValidationError("\(name) must be between 0 and 1")
        }
        _ = try parseDelimiter(delimiter)
    }

    func run() throws {
        var options = GeneratorOptions(rows: rows, seed: seed)
        options.delimiter = try parseDelimiter(delimiter)
        options.crlf = crlf
        options.duplicateRate = duplicateRate
        options.raggedRate = raggedRate
        options.blankLineRate = blankLineRate
        options.unterminatedQuoteAtRow = unterminatedQuoteAt
        options.encoding = TextEncoding(name: encoding)!
        options.byteOrderMark = bom
        options.mojibakeRate = mojibakeRate
        let sink: ByteSink = try output.map { try openOutputFile(path: $0) } ?? FileDescriptorSink.standardOutput()
        do {
            try LeadGenerator.generate(options, to: sink)
        } catch {
            sink.abandon()
            throw error
        }
    }
}

/// A delimiter given on the command line: one byte, or a name.
func parseDelimiter(_ text: String) throws -> UInt8 {
    switch text.lowercased() {
    case "tab", "\\t", "\t": return 0x09
    case "comma": return UInt8(ascii: ",")
    case "semicolon": return UInt8(ascii: ";")
    case "pipe": return UInt8(ascii: "|")
    default:
        guard text.utf8.count == 1, let byte = text.utf8.first, byte != 0x0A, byte != 0x0D, byte != 0 else {
            throw ValidationError("the delimiter must be one character (or 'tab'), not '\(text)'")
        }
        return byte
    }
}
