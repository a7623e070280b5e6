import ArgumentParser
import LeadpipeOutput
import LeadpipePipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parse speed: how fast a file splits into rows and fields.",
        discussion: """
            Reads the file in 4 MiB chunks (from the page cache after the first run)
            and tokenizes it, --runs times; prints bytes, rows, fields, the median
            time, MB/s and rows/s. No output is written, so this is the ceiling for
            `convert`.

            Example:
              leadpipe generate --rows 1000000 --seed 1 -o leads.csv
              leadpipe bench leads.csv --runs 7
            """
    )

    @Argument(help: ArgumentHelp("The CSV file (not -: it is read several times).", valueName: "file"))
    var file: String

    @Option(help: "How many timed runs; the median is reported.")
    var runs: Int = 5

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @OptionGroup(title: "Reading the CSV")
    var dialect: DialectOptions

    @OptionGroup(title: "Limits")
    var limits: LimitOptions

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let result = try bench(
            path: file, runs: runs, overrides: dialect.overrides, encoding: dialect.encodingOverride, limits: limits.limits)
        if json {
            print(JSONValue.object([
                ("file", .string(result.input)),
                ("dialect", .string(result.dialect.description)),
                ("encoding", .string(result.encoding.rawValue)),
                ("bytes", .integer(result.bytes)),
                ("rows", .integer(result.rows)),
                ("fields", .integer(result.fields)),
                ("runs", .array(result.runs.map { .double($0) })),
                ("median_seconds", .double(result.medianSeconds)),
                ("megabytes_per_second", .double(result.megabytesPerSecond)),
                ("rows_per_second", .double(result.rowsPerSecond)),
                ("fast_path_share", .double(result.fastPathShare)),
            ]).serialized(), terminator: "")
        } else {
            print("""
                file:     \(result.input)  (\(result.encoding.rawValue), \(result.dialect))
                parsed:   \(Summary.megabytes(result.bytes)), \(Summary.grouped(result.rows)) rows, \(Summary.grouped(result.fields)) fields
                runs:     \(result.runs.map { Summary.fixed($0, 3) }.joined(separator: " ")) s
                median:   \(Summary.fixed(result.medianSeconds, 3)) s — \(Summary.fixed(result.megabytesPerSecond, 0)) MB/s, \(Summary.grouped(Int(result.rowsPerSecond))) rows/s
                regular:  \(Summary.fixed(result.fastPathShare * 100, 1))% of 64-byte blocks took the bit-parallel path
                """)
        }
    }
}
