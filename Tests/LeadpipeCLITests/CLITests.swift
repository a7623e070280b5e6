import Foundation
import LeadpipeGenerator
import LeadpipeTestSupport
import Testing

/// The result of running the `leadpipe` binary.
struct Run {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// The built `leadpipe` executable, next to the test bundle.
let leadpipeBinary: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while directory.path != "/" {
        directory.deleteLastPathComponent()
        let candidate = directory.appendingPathComponent("leadpipe")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return candidate
        }
    }
    fatalError("leadpipe binary not found near \(CommandLine.arguments[0])")
}()

/// Runs leadpipe with `arguments`, feeding `input` on standard input.
func leadpipe(_ arguments: [String], input: Data? = nil, in directory: URL? = nil, viaShell: Bool = false) throws -> Run {
    let process = Process()
    // viaShell: `arguments` is a whole command line starting with the shell's path.
    process.executableURL = viaShell ? URL(fileURLWithPath: arguments[0]) : leadpipeBinary
    process.arguments = viaShell ? Array(arguments.dropFirst()) : arguments
    if let directory { process.currentDirectoryURL = directory }
    let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try process.run()
    // Read both pipes while the process runs, so that neither fills up and blocks it.
    nonisolated(unsafe) var errorData = Data()
    let errorReader = Thread { errorData = stderr.fileHandleForReading.readDataToEndOfFile() }
    errorReader.start()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while errorReader.isExecuting || !errorReader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    return Run(status: process.terminationStatus, stdout: output, stderr: String(decoding: errorData, as: UTF8.self))
}

@Suite("leadpipe command line", .serialized)
struct CLITests {
    @Test("convert writes NDJSON to standard output and a summary to standard error")
    func convertToStdout() throws {
        let run = try leadpipe(["convert", Fixtures.path("leads.csv")])
        #expect(run.status == 0)
        let rows = try Fixtures.parseNDJSON(run.stdout)
        #expect(rows.count == 10)
        #expect(run.stderr.contains("10 rows"))
        #expect(run.stderr.contains("header with 12 columns"))
    }

    @Test("convert - reads standard input")
    func convertStdin() throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sniff/semicolon.csv")))
        let run = try leadpipe(["convert", "-", "--quiet"], input: input)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.text.hasPrefix(#"{"name":"Anna","city":"Köln","amount":"1,5"}"#))
    }

    @Test("convert -o file.ndjson.gz writes gzip that inflates to the same rows")
    func convertGzip() throws {
        let directory = try Fixtures.scratchDirectory()
        let run = try leadpipe(["convert", Fixtures.path("leads.csv"), "-o", "out.ndjson.gz", "--level", "9"], in: directory)
        #expect(run.status == 0)
        let compressed = try Data(contentsOf: directory.appendingPathComponent("out.ndjson.gz"))
        let plain = try leadpipe(["convert", Fixtures.path("leads.csv")]).stdout
        #expect(gunzip(Array(compressed)) == Array(plain))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.ndjson.gz"])
    }

    @Test("problems in rows are reported with lines, and are not fatal")
    func problemsReported() throws {
        let ragged = try leadpipe(["convert", Fixtures.path("edge/ragged.csv")])
        #expect(ragged.status == 0)
        #expect(ragged.stderr.contains("missing fields") && ragged.stderr.contains("lines 3"))
        #expect(ragged.stderr.contains("surplus fields") && ragged.stderr.contains("lines 4"))
        #expect(ragged.stderr.contains("1 blank line"))
        let quote = try leadpipe(["convert", Fixtures.path("edge/unterminated-quote.csv")])
        #expect(quote.status == 0)
        #expect(quote.stderr.contains("unterminated quote: line 3, column 3"))
    }

    @Test("an unreadable file exits 1 and names the file; so does a bad option")
    func errors() throws {
        let missing = try leadpipe(["convert", "/no/such/leads.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such/leads.csv"))
        let badOption = try leadpipe(["convert", Fixtures.path("leads.csv"), "--delimiter", "ab"])
        #expect(badOption.status == 1)
        #expect(badOption.stderr.contains("delimiter"))
        let badOutput = try leadpipe(["convert", Fixtures.path("leads.csv"), "-o", "/no/such/dir/out.ndjson"])
        #expect(badOutput.status == 2)
        #expect(badOutput.stderr.contains("/no/such/dir/out.ndjson"))
    }

    @Test("sniff --json describes the dialect")
    func sniffJSON() throws {
        let run = try leadpipe(["sniff", "--json", Fixtures.path("sniff/excel-sep.csv")])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let dialect = try #require(document["dialect"] as? [String: Any])
        #expect(dialect["delimiter"] as? String == ";")
        #expect((document["preamble"] as? [String: Any])?["excel_sep_line"] as? Bool == true)
        let text = try leadpipe(["sniff", Fixtures.path("sniff/preamble.csv")])
        #expect(text.text.contains("preamble:    3 lines"))
    }

    @Test("bench --json reports rows, fields and speed")
    func benchJSON() throws {
        let run = try leadpipe(["bench", "--json", "--runs", "2", Fixtures.path("leads.csv")])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(document["rows"] as? Int == 10)
        #expect(document["fields"] as? Int == 132)
        #expect((document["runs"] as? [Double])?.count == 2)
    }

    @Test("generate is deterministic and its output converts cleanly")
    func generate() throws {
        let first = try leadpipe(["generate", "--rows", "200", "--seed", "7"])
        let second = try leadpipe(["generate", "--rows", "200", "--seed", "7"])
        #expect(first.status == 0 && first.stdout == second.stdout)
        let converted = try leadpipe(["convert", "-"], input: first.stdout)
        #expect(try Fixtures.parseNDJSON(converted.stdout).count == 200)
    }

    @Test("--help teaches with examples")
    func help() throws {
        let run = try leadpipe(["convert", "--help"])
        #expect(run.status == 0)
        #expect(run.text.contains("Examples:"))
        #expect(run.text.contains("--delimiter"))
    }

    @Test("encodings are detected, can be given, and are reported with their evidence")
    func encodings() throws {
        let central = try leadpipe(["convert", Fixtures.path("encodings/central.windows-1250.csv")])
        #expect(central.status == 0)
        #expect(central.text.contains(#""first_name":"Łukasz""#))
        #expect(central.stderr.contains("Windows-1250"))
        let given = try leadpipe(["convert", "--encoding", "cp1252", Fixtures.path("encodings/western.mac-roman.csv")])
        #expect(given.stderr.contains("Windows-1252 (given)"))
        let unknown = try leadpipe(["convert", "--encoding", "klingon", Fixtures.path("leads.csv")])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown encoding"))
        let sniff = try leadpipe(["sniff", "--json", Fixtures.path("encodings/many-scripts.utf-16be.csv")])
        let document = try #require(try JSONSerialization.jsonObject(with: sniff.stdout) as? [String: Any])
        let encoding = try #require(document["encoding"] as? [String: Any])
        #expect(encoding["name"] as? String == "UTF-16BE")
        #expect((encoding["evidence"] as? [String])?.first?.contains("NUL") == true)
    }

    @Test("repairs are summarized; --no-repair keeps the text")
    func repairs() throws {
        let repaired = try leadpipe(["convert", Fixtures.path("encodings/many-scripts.mojibake.csv")])
        #expect(repaired.text.contains("José") && !repaired.text.contains("JosÃ©"))
        #expect(repaired.stderr.contains("repaired: 8 rows — mojibake repaired"))
        let kept = try leadpipe(["convert", "--no-repair", Fixtures.path("encodings/many-scripts.mojibake.csv")])
        #expect(kept.text.contains("JosÃ©") && !kept.stderr.contains("repaired"))
    }

    @Test("gzip on standard input is decompressed; a workbook is refused with exit 1")
    func gzipAndRefusal() throws {
        let directory = try Fixtures.scratchDirectory()
        _ = try leadpipe(["generate", "--rows", "300", "--seed", "2", "-o", "leads.csv"], in: directory)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c leads.csv > leads.csv.gz"]
        gzip.currentDirectoryURL = directory
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Data(contentsOf: directory.appendingPathComponent("leads.csv.gz"))
        let run = try leadpipe(["convert", "-"], input: compressed)
        #expect(run.status == 0)
        #expect(try Fixtures.parseNDJSON(run.stdout).count == 300)
        #expect(run.stderr.contains("gzip"))
        let workbook = directory.appendingPathComponent("leads.xlsx")
        try Data([0x50, 0x4B, 0x03, 0x04] + Array("\u{14}\u{0}[Content_Types].xml xl/workbook.xml".utf8)).write(to: workbook)
        let refused = try leadpipe(["convert", workbook.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("this is an Excel workbook (.xlsx), not CSV text"))
    }

    @Test("generate writes every encoding, and sniff reads it back")
    func generateEncodings() throws {
        for encoding in ["windows-1251", "utf-16le", "iso-8859-2"] {
            let directory = try Fixtures.scratchDirectory()
            _ = try leadpipe(["generate", "--rows", "200", "--seed", "4", "--encoding", encoding, "-o", "x.csv"], in: directory)
            let sniff = try leadpipe(["sniff", "--json", directory.appendingPathComponent("x.csv").path])
            let document = try #require(try JSONSerialization.jsonObject(with: sniff.stdout) as? [String: Any])
            let name = (document["encoding"] as? [String: Any])?["name"] as? String
            #expect(name?.lowercased().replacingOccurrences(of: "-", with: "") == encoding.replacingOccurrences(of: "-", with: ""))
        }
    }

    @Test("an interrupted conversion leaves no output file")
    func interrupted() throws {
        let directory = try Fixtures.scratchDirectory()
        let process = Process()
        process.executableURL = leadpipeBinary
        process.arguments = ["convert", "-", "-o", "out.ndjson.gz"]
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        try process.run()
        // Half a file, then silence: leadpipe waits for more input.
        stdin.fileHandleForWriting.write(Data("name,email\nAnna,anna@example.com\n".utf8))
        var waited = 0.0
        while waited < 5, (try? FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty) ?? true {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 0.05
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("interrupted"))
    }

    @Test("import outputs: a failure while committing renames nothing; a reused --out is refused; many shards need few descriptors; a closed pipe cleans up")
    func importCommitAndLimits() throws {
        let directory = try Fixtures.scratchDirectory()
        // The report cannot be written: nothing is put in place (the manifest included).
        let out = directory.appendingPathComponent("out")
        let failed = try leadpipe(["import", Fixtures.path("leads.csv"), "--out", out.path, "--report", "/nonexistent/dir/r.json"])
        #expect(failed.status == 2 && failed.stderr.contains("/nonexistent/dir/r.json"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // A directory holding an earlier import is refused, so old shards never mix with new.
        #expect(try leadpipe(["import", Fixtures.path("leads.csv"), "--out", out.path, "-q"]).status == 0)
        let again = try leadpipe(["import", Fixtures.path("leads.csv"), "--out", out.path])
        #expect(again.status == 1 && again.stderr.contains("already holds an import"), "\(again.stderr)")
        // One row per shard, with 48 descriptors: shards are closed as they end.
        let input = directory.appendingPathComponent("leads.csv")
        try Data(generateLeadFile(GeneratorOptions(rows: 300, seed: 4))).write(to: input)
        let many = directory.appendingPathComponent("many")
        let limited = try leadpipe(["/bin/sh", "-c", "ulimit -n 48; exec \"$0\" import \"$1\" --out \"$2\" --shard-rows 1 -q",
            leadpipeBinary.path, input.path, many.path], viaShell: true)
        #expect(limited.status == 0, "\(limited.stderr)")
        let shards = try FileManager.default.contentsOfDirectory(atPath: many.path).filter { $0.hasSuffix(".ndjson.gz") }
        #expect(shards.count > 200)
        // A reader that stops early: an error, not a silent death, and no temporary file left.
        let piped = directory.appendingPathComponent("piped")
        let big = directory.appendingPathComponent("big.csv")
        try Data(generateLeadFile(GeneratorOptions(rows: 40_000, seed: 5))).write(to: big)
        let head = try leadpipe(["/bin/sh", "-c", "\"$0\" import \"$1\" --out \"$2\" --stdout -q | head -c 100 > /dev/null",
            leadpipeBinary.path, big.path, piped.path], viaShell: true)
        #expect(head.status == 0)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: piped.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".leadpipe-tmp") }, "\(left)")
        let huge = try leadpipe(["import", Fixtures.path("leads.csv"), "--shard-bytes", "99999999999G"])
        #expect(huge.status == 1 && huge.stderr.contains("--shard-bytes"))
    }

    @Test("an interrupted import leaves nothing in its output directory")
    func interruptedImport() throws {
        let directory = try Fixtures.scratchDirectory()
        let out = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = leadpipeBinary
        process.arguments = ["import", "-", "--out", out.path]
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        try process.run()
        // Enough rows for shards to be under way, then silence: leadpipe waits for more input.
        stdin.fileHandleForWriting.write(Data(generateLeadFile(GeneratorOptions(rows: 60_000, seed: 2))))
        var waited = 0.0
        func started() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains { $0.hasPrefix(".leads-00000") }
        }
        while waited < 20, !started() {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 0.05
        }
        #expect(started())
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("interrupted"))
    }

    @Test("import writes shards, row files, manifest and report to ./leadpipe-out/<id>/, and a summary that adds up")
    func importToDirectory() throws {
        let directory = try Fixtures.scratchDirectory()
        let run = try leadpipe(["import", Fixtures.path("leads.csv"), "--default-country", "DE"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("10 rows read → 8 added, 1 duplicates, 1 rejected"))
        #expect(run.stderr.contains("line 10: same e-mail as line 2"))
        #expect(run.stderr.contains("invalid_email") && run.stderr.contains("line 11"))
        #expect(run.stderr.contains("check: 10 read = 8 added + 1 duplicates + 1 rejected"))
        let imports = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("leadpipe-out").path)
        #expect(imports.count == 1 && imports[0].hasPrefix("leads-"))
        let out = directory.appendingPathComponent("leadpipe-out").appendingPathComponent(imports[0])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == [
            "leads-00000.ndjson.gz", "rejected.csv", "duplicates.csv", "manifest.json", "import-report.json",
        ])
        let shard = [UInt8](try Data(contentsOf: out.appendingPathComponent("leads-00000.ndjson.gz")))
        let rows = try Fixtures.parseNDJSON(Data(gunzip(shard)!)).compactMap { $0 as? [String: Any] }
        #expect(rows.count == 8)
        // --default-country gives the German national number an E.164 form.
        let zoe = rows.first { $0["email"] as? String == "zoe.mueller@example.de" }
        #expect(zoe?["phone_e164"] as? String == "+49301234567")
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.hasPrefix("line,reason_code,reason,"))
        let duplicates = try String(contentsOf: out.appendingPathComponent("duplicates.csv"), encoding: .utf8)
        #expect(duplicates.contains("\n10,2,email,"))
    }

    @Test("import --stdout writes NDJSON for pipes; --dedupe-on none keeps duplicates; --progress json emits events")
    func importToStdout() throws {
        let directory = try Fixtures.scratchDirectory()
        let out = directory.appendingPathComponent("out").path
        let run = try leadpipe(["import", Fixtures.path("leads.csv"), "--stdout", "--out", out, "--progress", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Fixtures.parseNDJSON(run.stdout).count == 8)
        let events = run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.first?["event"] as? String == "progress")
        #expect(events.last?["event"] as? String == "done" && events.last?["added"] as? Int == 8)
        // The report still goes to the directory; no shards.
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains("import-report.json") && !files.contains { $0.hasSuffix(".ndjson.gz") })
        let all = try leadpipe(["import", Fixtures.path("leads.csv"), "--stdout", "--out", out + "2", "--dedupe-on", "none", "-q"])
        #expect(try Fixtures.parseNDJSON(all.stdout).count == 9)
        let bad = try leadpipe(["import", Fixtures.path("leads.csv"), "--dedupe-on", "phone"])
        #expect(bad.status == 1 && bad.stderr.contains("--dedupe-on"))
        // A run that cannot write its output fails with exit 2 and leaves nothing finished.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("leads-00000.ndjson.gz"), withIntermediateDirectories: true)
        let failed = try leadpipe(["import", Fixtures.path("leads.csv"), "--out", blocked.path])
        #expect(failed.status == 2, "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocked.path) == ["leads-00000.ndjson.gz"])
    }

    @Test("import -o .gz writes gzip and rejects beside it; --no-rejects writes none; --set and --map apply")
    func importOptions() throws {
        let directory = try Fixtures.scratchDirectory()
        let output = directory.appendingPathComponent("leads.ndjson.gz").path
        let run = try leadpipe([
            "import", Fixtures.path("leads.csv"), "-o", output, "--set", "flow_id=F12", "--map", "Notes=", "-q",
        ])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let rows = try Fixtures.parseNDJSON(Data(gunzip([UInt8](data))!)).compactMap { $0 as? [String: Any] }
        #expect(rows.count == 9 && rows.allSatisfy { $0["flow_id"] as? String == "F12" && $0["notes"] == nil })
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("leads.rejected.csv").path))
        let none = try Fixtures.scratchDirectory()
        let quiet = try leadpipe(["import", Fixtures.path("leads.csv"), "-o", "only.ndjson", "--no-rejects", "-q"], in: none)
        #expect(quiet.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: none.path) == ["only.ndjson"])
        let bad = try leadpipe(["import", Fixtures.path("leads.csv"), "--set", "lead_score=lots"])
        #expect(bad.status == 1 && bad.stderr.contains("lead_score"))
    }

    @Test("--identifiers none accepts rows without e-mail or LinkedIn; by default they are rejected")
    func identifiersNone() throws {
        let directory = try Fixtures.scratchDirectory()
        let input = directory.appendingPathComponent("names.csv")
        try Data("Name,Company\nAnn Lee,Acme\nBo Chen,Initech\n".utf8).write(to: input)
        let strict = try leadpipe(["import", input.path, "--no-rejects", "--stdout"], in: directory)
        #expect(strict.status == 0 && strict.stdout.isEmpty)
        #expect(strict.stderr.contains("missing_identifier: 2"), "\(strict.stderr)")
        let open = try leadpipe(["import", input.path, "--no-rejects", "--stdout", "--identifiers", "none"], in: directory)
        let rows = try Fixtures.parseNDJSON(open.stdout).compactMap { $0 as? [String: Any] }
        #expect(rows.map { $0["last_name"] as? String } == ["Lee", "Chen"])
    }

    @Test("map prints the mapping and --write saves a file import reads back")
    func mapAndWrite() throws {
        let directory = try Fixtures.scratchDirectory()
        let mapping = directory.appendingPathComponent("mapping.json").path
        let run = try leadpipe(["map", Fixtures.path("leads.csv"), "--write", mapping])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("E-mail Address") && run.text.contains("email"))
        #expect(run.text.contains("12 columns, 12 mapped"))
        var file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: mapping))) as! [String: Any]
        var columns = file["columns"] as! [[String: Any]]
        #expect(columns.count == 12)
        // Edit it as a person would: leave the notes out.
        for index in columns.indices where columns[index]["column"] as? String == "Notes" { columns[index]["field"] = NSNull() }
        file["columns"] = columns
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: mapping))
        let imported = try leadpipe(["import", Fixtures.path("leads.csv"), "--mapping", mapping, "--no-rejects", "--stdout"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        let rows = try Fixtures.parseNDJSON(imported.stdout).compactMap { $0 as? [String: Any] }
        #expect(rows.count == 8 && rows.allSatisfy { $0["notes"] == nil })
        let json = try leadpipe(["map", "--json", Fixtures.path("leads.csv")])
        #expect((try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])?["leadpipe_mapping"] as? Int == 1)
    }

    @Test("outputs to a FIFO are written in place, never replaced")
    func outputToFIFO() throws {
        let directory = try Fixtures.scratchDirectory()
        let fifo = directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread { received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        let run = try leadpipe(["convert", Fixtures.path("leads.csv"), "-o", fifo, "-q"])
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(run.status == 0)
        #expect(try Fixtures.parseNDJSON(received).count == 10)
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }
}
