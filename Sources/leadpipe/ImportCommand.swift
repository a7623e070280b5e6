import ArgumentParser
import Foundation
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

            Output: a directory (--out, default ./leadpipe-out/<import-id>/) with
            leads-00000.ndjson.gz … (gzip NDJSON shards, input order, duplicates
            removed), rejected.csv, duplicates.csv, manifest.json and
            import-report.json. Every row read is added, a duplicate of an earlier
            line, or rejected with a reason, and the run checks that the counts add
            up. Files appear under their names only when the run succeeds.

            Examples:
              leadpipe import leads.csv
              leadpipe import leads.csv --out imports/today --default-country US
              leadpipe import leads.csv --stdout | jq -c 'select(.status == "new")'
              leadpipe import leads.csv -o leads.ndjson.gz      # one file, no dedupe
              leadpipe import export.csv --set flow_id=F12 --set source_id=S3
              leadpipe map export.csv --write mapping.json   # then edit it
              leadpipe import export.csv --mapping mapping.json -o leads.ndjson
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input (the default when input is piped).", valueName: "file"))
    var file: String = "-"

    @Option(help: ArgumentHelp(
        "The output directory. Default: ./leadpipe-out/<import-id>/, the id made of the input's name and the time.",
        valueName: "dir"))
    var out: String?

    @Flag(help: "Write the accepted NDJSON (uncompressed, deduplicated) to standard output instead of shards; the report, rejected.csv and duplicates.csv still go to the output directory.")
    var stdout = false

    @Option(help: ArgumentHelp("Write import-report.json here instead of into the output directory.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("Threads that map and compress. Default: the number of cores.", valueName: "n"))
    var workers: Int?

    @Option(help: ArgumentHelp("At most this many rows per shard (0: no limit).", valueName: "n"))
    var shardRows: Int = 1_000_000

    @Option(help: ArgumentHelp(
        "At most about this many bytes of NDJSON (before compression) per shard, e.g. 512M or 2G (0: no limit).",
        valueName: "size"))
    var shardBytes: String = "1G"

    @Option(help: ArgumentHelp(
        "Keys that make two rows the same lead, comma-separated: email, linkedin, or none. The first row wins.",
        valueName: "keys"))
    var dedupeOn: String = "email,linkedin"

    @Option(help: "gzip level, 1 (fast) to 9 (small).")
    var level: Int = 6

    @Option(help: .hidden)
    var blockBytes: String?

    @Option(help: .hidden)
    var dedupeMemoryKeys: Int?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp(
        "Instead of a directory: write accepted rows to this one file (gzip when it ends in .gz), on one core, without dedupe.",
        valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp(
        "With -o: write rejected rows to this CSV file. Default: beside the output (leads.rejected.csv for leads.ndjson.gz), or ./rejected.csv when the output is - or a device or pipe such as /dev/null.",
        valueName: "file"))
    var rejects: String?

    @Flag(help: "Write no rejected.csv or duplicates.csv (rows are still counted).")
    var noRejects = false

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

    @Option(help: ArgumentHelp(
        "Progress on standard error: auto (a live line when standard error is a terminal), line, json (one event per line, for programs) or none.",
        valueName: "mode"))
    var progress: ProgressMode = .auto

    func validate() throws {
        guard (1...9).contains(level) else { throw ValidationError("--level must be between 1 and 9") }
        if noRejects && rejects != nil { throw ValidationError("--rejects and --no-rejects cannot be used together") }
        if output != nil && (stdout || out != nil) { throw ValidationError("-o writes one file: it cannot be used with --out or --stdout") }
        if rejects != nil && output == nil { throw ValidationError("--rejects goes with -o; with an output directory rejected rows go to rejected.csv there") }
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers must be between 1 and 256") }
        guard shardRows >= 0 else { throw ValidationError("--shard-rows must be 0 or more") }
        guard parseSize(shardBytes) != nil else { throw ValidationError("--shard-bytes: \"\(shardBytes)\" is not a size (try 512M or 2G)") }
        if let blockBytes, (parseSize(blockBytes) ?? 0) < 1024 || (parseSize(blockBytes) ?? 0) > 1 << 30 {
            throw ValidationError("--block-bytes: \"\(blockBytes)\" is not a size between 1k and 1G")
        }
        if let out, let found = finishedImport(in: out) {
            throw ValidationError("\(out) already holds an import (\(found)); choose a new --out, or remove it first")
        }
        guard DedupeKeys(parsing: dedupeOn) != nil else {
            throw ValidationError("--dedupe-on: \"\(dedupeOn)\" is not a list of keys (email, linkedin, none)")
        }
        try requireInput(file)
    }

    func run() throws {
        var options = ImportOptions(inputPath: file)
        options.gzipLevel = level
        options.overrides = dialect.overrides
        options.encoding = dialect.encodingOverride
        options.repairs = !noRepair
        options.limits = limits.limits
        options.settings = try schema.settings()
        if let output {
            options.outputPath = output
            options.rejectsPath = noRejects ? nil : (rejects ?? ImportOptions.defaultRejectsPath(forOutput: output))
            let report = try runImport(options)
            if !quiet { printError(Summary.importReport(report)) }
            return
        }
        // Jobs of 2 MiB of input keep both workers busy within the pipeline's memory budget.
        options.chunkSize = 2 << 20
        let id = importID(for: file)
        var pipeline = PipelineOptions(outDirectory: out ?? "leadpipe-out/" + id)
        pipeline.toStdout = stdout
        if let workers { pipeline.workers = workers }
        pipeline.shardRows = shardRows
        if let blockBytes, let size = parseSize(blockBytes), size > 0 { pipeline.blockBytes = size }
        if let dedupeMemoryKeys, dedupeMemoryKeys > 0 { pipeline.dedupeMemoryKeys = dedupeMemoryKeys }
        pipeline.shardBytes = parseSize(shardBytes) ?? (1 << 30)
        pipeline.dedupeOn = DedupeKeys(parsing: dedupeOn) ?? .all
        pipeline.reportPath = report
        pipeline.writeRowFiles = !noRejects
        pipeline.importID = out == nil ? id : (out! as NSString).lastPathComponent
        let mode = quiet && progress == .auto ? .none : progress.resolved
        let reporter = ProgressReporter(mode: mode)
        if mode != .none { pipeline.progress = { reporter.update($0) } }
        let result: ImportReport
        do {
            result = try runPipelineImport(options, pipeline: pipeline)
        } catch {
            reporter.clear()
            throw error
        }
        reporter.finish(result)
        if !quiet { printError(Summary.importReport(result)) }
    }
}

/// An import's id: the input's name and the local time, `leads-20261121-184501`.
func importID(for path: String) -> String {
    var stem = path == "-" ? "stdin" : (path as NSString).lastPathComponent
    for suffix in [".gz", ".csv", ".tsv", ".txt"] where stem.lowercased().hasSuffix(suffix) { stem.removeLast(suffix.count) }
    let safe = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(60))
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    formatter.locale = Locale(identifier: "en_US_POSIX")
    let base = (safe.isEmpty ? "import" : safe) + "-" + formatter.string(from: Date())
    var id = base
    var suffix = 2
    while FileManager.default.fileExists(atPath: "leadpipe-out/" + id) {
        id = base + "-\(suffix)"
        suffix += 1
    }
    return id
}

/// The first output file of an earlier import found in `directory` (a regular file named like
/// one), or nil. Reusing such a directory would mix old shards with new ones.
func finishedImport(in directory: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
    for name in names.sorted() {
        let isOutput = ["manifest.json", "import-report.json", "rejected.csv", "duplicates.csv"].contains(name)
            || (name.hasPrefix("leads-") && name.hasSuffix(".ndjson.gz"))
        var isDirectory: ObjCBool = false
        if isOutput, FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
            return name
        }
    }
    return nil
}

/// `512M`, `2G`, `1048576`, `64k` → bytes.
func parseSize(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    var digits = trimmed
    var multiplier = 1
    for (suffix, factor) in [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1)]
    where trimmed.hasSuffix(suffix) {
        digits = String(trimmed.dropLast(suffix.count))
        multiplier = factor
        break
    }
    guard let value = Int(digits.trimmingCharacters(in: .whitespaces)), value >= 0 else { return nil }
    let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
    return overflow ? nil : bytes
}

enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, line, json, none

    /// `auto` decided: a line on a terminal, nothing otherwise.
    var resolved: ProgressMode {
        guard self == .auto else { return self }
        return isatty(STDERR_FILENO) != 0 ? .line : .none
    }
}

/// Prints progress on standard error: a line redrawn in place, or JSON events.
final class ProgressReporter: @unchecked Sendable {
    let mode: ProgressMode
    private let lock = NSLock()
    private var lastPrinted = -1.0
    private var drewLine = false

    init(mode: ProgressMode) { self.mode = mode }

    func update(_ progress: ImportProgress) {
        lock.lock()
        defer { lock.unlock() }
        let interval = mode == .json ? 1.0 : 0.2
        guard progress.seconds - lastPrinted >= interval else { return }
        lastPrinted = progress.seconds
        let seconds = max(progress.seconds, 1e-3)
        let fraction = progress.totalBytes.map { $0 > 0 ? min(0.999, Double(progress.inputBytes) / Double($0)) : 0 }
        switch mode {
        case .json:
            var event: [String: Any] = [
                "event": "progress", "rows_read": progress.rowsRead, "added": progress.added, "duplicates": progress.duplicates,
                "rejected": progress.rejected, "bytes": progress.inputBytes, "seconds": (seconds * 100).rounded() / 100,
            ]
            if let total = progress.totalBytes { event["total_bytes"] = total }
            if let fraction { event["percent"] = (fraction * 1000).rounded() / 10 }
            emit(event)
        case .line:
            var parts: [String] = []
            if let fraction { parts.append(String(format: "%3.0f%%", fraction * 100)) }
            parts.append("\(Summary.grouped(progress.rowsRead)) rows")
            parts.append("\(Summary.grouped(Int(Double(progress.rowsRead) / seconds))) rows/s")
            parts.append(String(format: "%.0f MB/s", Double(progress.inputBytes) / seconds / 1e6))
            if let fraction, fraction > 0.01 {
                let left = Int(seconds / fraction * (1 - fraction))
                parts.append(String(format: "ETA %d:%02d", left / 60, left % 60))
            }
            parts.append("added \(Summary.grouped(progress.added)) · duplicates \(Summary.grouped(progress.duplicates)) · rejected \(Summary.grouped(progress.rejected))")
            FileHandle.standardError.write(Data(("\r\u{1B}[K  " + parts.joined(separator: "  ")).utf8))
            drewLine = true
        default:
            break
        }
    }

    /// Removes the live line (before a message or the summary).
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        if drewLine {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            drewLine = false
        }
    }

    func finish(_ report: ImportReport) {
        clear()
        guard mode == .json else { return }
        emit([
            "event": "done", "rows_read": report.rowsRead, "added": report.added, "duplicates": report.duplicates,
            "rejected": report.rejected, "bytes": report.bytes, "seconds": (report.seconds * 100).rounded() / 100,
            "report": report.reportPath ?? NSNull(),
        ])
    }

    private func emit(_ event: [String: Any]) {
        guard var data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}
