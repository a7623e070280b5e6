import ArgumentParser
import Dispatch
import LeadpipeOutput
import LeadpipePipeline
import LeadpipeSchema

#if canImport(Glibc)
import Glibc
#endif

@main
struct Leadpipe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leadpipe",
        abstract: "Turn CSV lead exports into clean NDJSON, fast, accounting for every row.",
        discussion: """
            Files come from Excel, CRMs, LinkedIn tools and scrapers: commas or
            semicolons, CRLF or LF, UTF-16 or Windows-1252, mojibake, junk lines above
            the header, quotes that never close. leadpipe detects the encoding and the
            dialect, repairs what it can, streams in bounded memory, and names the line
            and column whenever something is off.

            Examples:
              leadpipe sniff leads.csv
              leadpipe convert leads.csv | jq .
              leadpipe convert leads.csv -o leads.ndjson.gz
              leadpipe generate --rows 1000000 --seed 1 -o leads.csv
              leadpipe bench leads.csv

            Exit codes: 0 success (rows with problems are converted and counted, not
            fatal); 1 bad arguments or unreadable input; 2 the run failed (nothing
            final was written); 128+n interrupted by signal n; 141 the reader of
            standard output went away (… | head).
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, MapCommand.self, ConvertCommand.self, SniffCommand.self, BenchCommand.self,
            GenerateCommand.self,
        ]
    )

    /// Runs the command line, mapping failures to leadpipe's exit codes.
    static func main() {
        // A closed pipe (`leadpipe import --stdout … | head`) becomes a write error, so the run
        // removes its temporary files rather than dying at once by SIGPIPE; it then exits
        // quietly with 141, as SIGPIPE would have.
        signal(SIGPIPE, SIG_IGN)
        installInterruptHandler()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            printError("leadpipe: error: \(error)")
            Glibc.exit(1)
        } catch let error as SchemaError {
            printError("leadpipe: error: \(error)")
            Glibc.exit(1)
        } catch let error as OutputError {
            // The reader of standard output left (`| head`): quietly, with the status a shell
            // gives a process that SIGPIPE ended; temporary files are already removed.
            if error.isBrokenPipe { Glibc.exit(128 + SIGPIPE) }
            printError("leadpipe: error: \(error)")
            Glibc.exit(2)
        } catch let error as PipelineError {
            printError("leadpipe: error: \(error)")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            printError(fullMessage(for: error))
            // Usage errors are code 1 here, not ArgumentParser's 64.
            Glibc.exit(code == .validationFailure ? 1 : code.rawValue)
        }
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP: remove temporary output files, so that nothing half-written
/// looks finished, say so, and exit with 128 + the signal number as shells expect.
///
/// The signals are delivered to a dispatch queue, not to a signal handler, so the cleanup may
/// take locks and allocate.
func installInterruptHandler() {
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler {
            let removed = TemporaryFiles.removeAll()
            if removed.isEmpty {
                printError("leadpipe: interrupted")
            } else {
                printError("leadpipe: interrupted; removed the unfinished output (\(removed.joined(separator: ", ")))")
            }
            exit(128 + signalNumber)
        }
        source.resume()
        interruptSources.append(source)
    }
}

/// Keeps the signal sources alive for the life of the process.
nonisolated(unsafe) private var interruptSources: [DispatchSourceSignal] = []
