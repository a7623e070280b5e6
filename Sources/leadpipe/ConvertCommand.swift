import ArgumentParser
import LeadpipePipeline
import LeadpipeTokenizer

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert CSV to NDJSON: one JSON object per row, keyed by the header.",
        discussion: """
            Values are JSON strings exactly as in the file after un-escaping, keys in
            the file's column order. A row with too few fields gets null for the
            missing ones; a row with too many keeps the surplus under "_extra". With
            --no-header each row is a JSON array of strings. Nothing is dropped: a
            summary on standard error counts rows, blank lines, ragged rows, quoting
            problems and repairs, with their line numbers.

            The encoding (UTF-8, UTF-16/32, Windows and ISO code pages) and the
            dialect (delimiter, quote, header, junk lines above the header) are
            detected; override them with the options below. See `leadpipe sniff` for what was
            guessed and why. Mojibake (JosÃ© for José), stray invisible characters
            and non-NFC text are repaired per field and counted; --no-repair keeps
            the text as it is. Gzip-compressed input is read transparently.

            Examples:
              leadpipe convert leads.csv | jq -c 'select(.Status == "New")'
              leadpipe convert leads.csv -o leads.ndjson.gz
              cat export.csv | leadpipe convert - --delimiter ';' --no-header
              leadpipe convert old-crm.csv --encoding windows-1250
            """
    )

    enum Schema: String, ExpressibleByArgument, CaseIterable {
        case none
    }

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input (the default when input is piped).", valueName: "file"))
    var file: String = "-"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp(
        "Write to this file instead of standard output; gzip-compressed when it ends in .gz. It appears only once complete.",
        valueName: "file"))
    var output: String?

    @Option(help: "gzip level for .gz output, 1 (fast) to 9 (small).")
    var level: Int = 6

    @Option(help: ArgumentHelp(
        "Mapping of columns: none keeps the file's own columns (the lead schema comes with `leadpipe import`).",
        valueName: "schema"))
    var schema: Schema = .none

    @OptionGroup(title: "Reading the CSV")
    var dialect: DialectOptions

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    @Flag(help: ArgumentHelp(
        "Leave field text as it is: no mojibake, legacy-byte, invisible-character or NFC repair. Invalid UTF-8 still becomes U+FFFD."))
    var noRepair = false

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors.")
    var quiet = false

    func validate() throws {
        guard (1...9).contains(level) else { throw ValidationError("--level must be between 1 and 9") }
        try requireInput(file)
    }

    func run() throws {
        var options = ConvertOptions(inputPath: file, outputPath: output)
        options.gzipLevel = level
        options.overrides = dialect.overrides
        options.encoding = dialect.encodingOverride
        options.repairs = !noRepair
        options.limits = limits.limits
        let report = try convert(options)
        if !quiet { printError(Summary.convert(report)) }
    }
}
