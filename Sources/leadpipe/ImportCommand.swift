import ArgumentParser
import LeadpipePipeline
import LeadpipeSchema

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import leads: map columns to the lead schema, clean and check every row.",
        discussion: """
            Columns are mapped to the lead schema by their headers (and values); see
            `leadpipe map` for what that gives and to save it for editing. Every value
            is normalized (e-mails lowercased, LinkedIn URLs made canonical, phones
            given an E.164 form, numbers, dates, statuses and tags cleaned). Each row
            is accepted — written as one JSON object per line — or rejected with a
            reason code, and rejected rows are written, with line and reason first,
            to a CSV file you can fix and import again.

            Reason codes: missing_identifier, invalid_email, invalid_linkedin,
            invalid_status, invalid_number, invalid_date, field_too_long,
            wrong_field_count, missing_required, invalid_boolean, invalid_enum,
            invalid_url. Warnings keep the row (phone_not_normalizable,
            unknown_status, …). The summary counts both, with example lines.

            Examples:
              leadpipe import leads.csv > leads.ndjson
              leadpipe import leads.csv -o leads.ndjson.gz --default-country US
              leadpipe import export.csv --set flow_id=F12 --set source_id=S3
              leadpipe map export.csv --write mapping.json   # then edit it
              leadpipe import export.csv --mapping mapping.json -o leads.ndjson
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input (the default when input is piped).", valueName: "file"))
    var file: String = "-"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp(
        "Write accepted rows to this file instead of standard output; gzip-compressed when it ends in .gz.",
        valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp(
        "Write rejected rows to this CSV file. Default: beside the output (leads.rejected.csv for leads.ndjson.gz), or rejected.csv when writing to standard output.",
        valueName: "file"))
    var rejects: String?

    @Flag(help: "Write no file of rejected rows (they are still counted).")
    var noRejects = false

    @Option(help: "gzip level for .gz output, 1 (fast) to 9 (small).")
    var level: Int = 6

    @OptionGroup(title: "Mapping and values")
    var schema: SchemaOptions

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
        if noRejects && rejects != nil { throw ValidationError("--rejects and --no-rejects cannot be used together") }
        try requireInput(file)
    }

    func run() throws {
        let rejectsPath = noRejects ? nil : (rejects ?? ImportOptions.defaultRejectsPath(forOutput: output))
        var options = ImportOptions(inputPath: file, outputPath: output, rejectsPath: rejectsPath)
        options.gzipLevel = level
        options.overrides = dialect.overrides
        options.encoding = dialect.encodingOverride
        options.repairs = !noRepair
        options.limits = limits.limits
        options.settings = try schema.settings()
        let report = try runImport(options)
        if !quiet { printError(Summary.importReport(report)) }
    }
}
