import ArgumentParser
import LeadpipeOutput
import LeadpipePipeline
import LeadpipeTokenizer

struct SniffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sniff",
        abstract: "Show how leadpipe reads a file: encoding, delimiter, quote, header, junk lines, a few rows.",
        discussion: """
            The encoding is judged on the first 4 MiB: byte order marks, the NUL
            pattern of UTF-16, UTF-8 validity, and for other files which code page
            makes the non-ASCII bytes read as letters; the evidence is shown. The
            dialect is judged on the first 64 KiB (up to 1 MiB when that is
            ambiguous). Every guess comes with a confidence; override any of them on
            `convert` with --encoding, --delimiter, --quote, --header/--no-header and
            --skip-lines, and check the result here with the same options.

            Examples:
              leadpipe sniff leads.csv
              leadpipe sniff --json leads.csv | jq .dialect
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input (the default when input is piped).", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @OptionGroup(title: "Reading the CSV")
    var dialect: DialectOptions

    func validate() throws {
        try requireInput(file)
    }

    func run() throws {
        let report = try sniffFile(path: file, overrides: dialect.overrides, encoding: dialect.encodingOverride)
        print(json ? Self.json(report).serialized() : Self.text(report), terminator: json ? "" : "\n")
    }

    static func text(_ report: SniffReport) -> String {
        let sniff = report.sniff
        var lines: [String] = []
        lines.append("file:        \(report.input)" + (report.size.map { " (\(Summary.megabytes($0)))" } ?? ""))
        if let compression = report.compression { lines.append("compression: \(compression), decompressed as it is read") }
        let guess = report.encoding
        let mark = guess.byteOrderMarkLength > 0 ? " with byte order mark" : ""
        let how = report.encodingWasGiven ? "given" : "confidence \(percent(guess.confidence))"
        lines.append("encoding:    \(guess.encoding.rawValue)\(mark)   \(how)")
        for evidence in guess.evidence { lines.append("             \(evidence)") }
        lines.append("delimiter:   \(Dialect.display(sniff.dialect.delimiter))   confidence \(percent(sniff.dialectConfidence))")
        lines.append("quote:       \(sniff.dialect.quote.map(Dialect.display) ?? "none")")
        lines.append("header:      \(sniff.hasHeader ? "yes" : "no")   confidence \(percent(sniff.headerConfidence))")
        if sniff.preambleLines > 0 {
            let what = sniff.hasExcelSeparatorLine ? " (Excel sep= line)" : ""
            lines.append("preamble:    \(Summary.plural(sniff.preambleLines, "line")) skipped above the header\(what)")
            for line in sniff.preamble.prefix(5) { lines.append("               │ \(line)") }
        } else {
            lines.append("preamble:    none")
        }
        lines.append("line ends:   \(sniff.lineEndings.rawValue)")
        lines.append("columns:     \(sniff.columnCount)   (\(percent(sniff.consistency)) of \(Summary.plural(sniff.sampleRows, "sampled row")) have that many)")
        if let columns = report.columns {
            lines.append("header row:  " + columns.joined(separator: " | "))
        }
        for (index, row) in report.sampleRows.enumerated() {
            let shown = row.map { $0.count > 40 ? String($0.prefix(37)) + "…" : $0 }
                .map { $0.replacingLineBreaks() }
            lines.append((index == 0 ? "rows:        " : "             ") + shown.joined(separator: " | "))
        }
        let others = sniff.candidates.dropFirst().prefix(3).map { "\($0.dialect) \(Summary.fixed($0.score, 3))" }
        if !others.isEmpty {
            lines.append("other fits:  " + others.joined(separator: "; ") + " (best \(Summary.fixed(sniff.candidates[0].score, 3)))")
        }
        for warning in sniff.warnings { lines.append("warning:     \(warning)") }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: SniffReport) -> JSONValue {
        let sniff = report.sniff
        return .object([
            ("file", .string(report.input)),
            ("size", report.size.map { .integer($0) } ?? .null),
            ("compression", report.compression.map { .string($0) } ?? .null),
            ("encoding", encodingJSON(report)),
            ("dialect", .object([
                ("delimiter", .string(String(decoding: [sniff.dialect.delimiter], as: UTF8.self))),
                ("quote", sniff.dialect.quote.map { .string(String(decoding: [$0], as: UTF8.self)) } ?? .null),
                ("confidence", .double(sniff.dialectConfidence)),
            ])),
            ("header", .object([
                ("present", .bool(sniff.hasHeader)),
                ("confidence", .double(sniff.headerConfidence)),
                ("columns", report.columns.map { .array($0.map { .string($0) }) } ?? .null),
            ])),
            ("preamble", .object([
                ("lines", .integer(sniff.preambleLines)),
                ("excel_sep_line", .bool(sniff.hasExcelSeparatorLine)),
                ("text", .array(sniff.preamble.map { .string($0) })),
            ])),
            ("line_endings", .string(sniff.lineEndings.rawValue)),
            ("column_count", .integer(sniff.columnCount)),
            ("consistency", .double(sniff.consistency)),
            ("sample_rows", .array(report.sampleRows.map { .array($0.map { .string($0) }) })),
            ("candidates", .array(sniff.candidates.map { candidate in
                .object([
                    ("delimiter", .string(String(decoding: [candidate.dialect.delimiter], as: UTF8.self))),
                    ("quote", candidate.dialect.quote.map { .string(String(decoding: [$0], as: UTF8.self)) } ?? .null),
                    ("score", .double(candidate.score)),
                ])
            })),
            ("warnings", .array(sniff.warnings.map { .string($0) })),
        ])
    }

    static func encodingJSON(_ report: SniffReport) -> JSONValue {
        let guess = report.encoding
        return .object([
            ("name", .string(guess.encoding.rawValue)),
            ("confidence", .double(guess.confidence)),
            ("given", .bool(report.encodingWasGiven)),
            ("byte_order_mark", .bool(guess.byteOrderMarkLength > 0)),
            ("fallback_for_invalid_utf8", .string(guess.fallback.name)),
            ("evidence", .array(guess.evidence.map { .string($0) })),
            // Counted only when the file is read as UTF-8 (null otherwise).
            ("invalid_utf8_in_sample", guess.encoding == .utf8 ? .integer(report.sampleValidity.invalidSequences) : .null),
        ])
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}

extension String {
    /// Line breaks shown as ⏎ so that a sample row stays on one line.
    func replacingLineBreaks() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? "⏎" : $0 })
    }
}
