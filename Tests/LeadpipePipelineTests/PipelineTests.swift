import Foundation
import LeadpipeGenerator
import LeadpipeOutput
@testable import LeadpipePipeline
import LeadpipeSchema
import LeadpipeTestSupport
import Testing

/// A generated lead file in a scratch directory.
func generatedLeads(rows: Int, seed: UInt64, configure: (inout GeneratorOptions) -> Void = { _ in }) throws -> String {
    var options = GeneratorOptions(rows: rows, seed: seed)
    configure(&options)
    let path = try Fixtures.scratchDirectory().appendingPathComponent("leads.csv").path
    let sink = try openOutputFile(path: path)
    try LeadGenerator.generate(options, to: sink)
    return path
}

/// Runs the pipeline into a new scratch directory with small batches, blocks and shards, so
/// that a few thousand rows make many of each.
func pipelined(
    _ input: String, workers: Int, shardRows: Int = 2_000, dedupeOn: DedupeKeys = .all,
    configure: (inout PipelineOptions) -> Void = { _ in }
) throws -> (ImportReport, URL) {
    let directory = try Fixtures.scratchDirectory().appendingPathComponent("out")
    var options = ImportOptions(inputPath: input)
    options.chunkSize = 32 << 10
    var pipeline = PipelineOptions(outDirectory: directory.path)
    pipeline.workers = workers
    pipeline.shardRows = shardRows
    pipeline.blockBytes = 16 << 10
    pipeline.dedupeOn = dedupeOn
    configure(&pipeline)
    return (try runPipelineImport(options, pipeline: pipeline), directory)
}

/// The files of an output directory, by name.
func files(_ directory: URL) throws -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        result[name] = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
    return result
}

/// The NDJSON lines of all shards, in shard order.
func shardLines(_ directory: URL) throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".ndjson.gz") }.sorted()
    var lines: [String] = []
    for name in names {
        let data = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        let text = String(decoding: gunzip(data) ?? [], as: UTF8.self)
        lines += text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
    return lines
}

@Suite("Concurrent import pipeline")
struct PipelineTests {
    @Test("the same input gives byte-identical outputs whatever the number of workers")
    func determinism() throws {
        let input = try generatedLeads(rows: 12_000, seed: 7) { $0.duplicateRate = 0.2 }
        let (one, directory1) = try pipelined(input, workers: 1)
        let first = try files(directory1)
        #expect(first.keys.filter { $0.hasSuffix(".ndjson.gz") }.count >= 4)
        for workers in [2, 3, 8] {
            let (report, directory) = try pipelined(input, workers: workers)
            var other = try files(directory)
            #expect(report.rowsRead == one.rowsRead && report.added == one.added && report.duplicates == one.duplicates)
            // The report holds timings and the id; everything else must match byte for byte.
            other["import-report.json"] = first["import-report.json"]
            #expect(other == first, "outputs differ with \(workers) workers")
        }
    }

    @Test("output is input order, minus duplicates (first wins on e-mail or LinkedIn), and every count adds up")
    func orderAndDedupe() throws {
        let input = try generatedLeads(rows: 8_000, seed: 11) { $0.duplicateRate = 0.25 }
        let (report, directory) = try pipelined(input, workers: 2)
        #expect(report.rowsRead == 8_000)
        #expect(report.rowsRead == report.added + report.duplicates + report.rejected)
        #expect(report.duplicates > 500)

        // The one-file import (no dedupe) is the reference: dedupe its rows here, by the rule.
        let single = try Fixtures.scratchDirectory().appendingPathComponent("single.ndjson").path
        let reference = try runImport(ImportOptions(inputPath: input, outputPath: single))
        #expect(reference.accepted == report.added + report.duplicates && reference.rejected == report.rejected)
        let referenceLines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: single)), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        var seen = Set<String>()
        var expected: [String] = []
        for line in referenceLines {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let keys = [(row["email"] as? String).map { "e:" + $0 }, (row["linkedin_url"] as? String).map { "l:" + $0 }].compactMap { $0 }
            if keys.contains(where: seen.contains) { continue }
            seen.formUnion(keys)
            expected.append(line)
        }
        #expect(try shardLines(directory) == expected)

        // duplicates.csv: one row per duplicate, pointing at an earlier line.
        let duplicates = try String(contentsOf: directory.appendingPathComponent("duplicates.csv"), encoding: .utf8)
        #expect(duplicates.hasPrefix("line,duplicate_of_line,matched_on,First Name,"))
        #expect(report.duplicatesByKey.reduce(0, +) == report.duplicates)
        for example in report.duplicateExamples.first { #expect(example.duplicateOf < example.line) }
    }

    @Test("shards rotate by rows and by bytes; the manifest's counts, sizes and sha256 match the files")
    func shards() throws {
        let input = try generatedLeads(rows: 9_000, seed: 3)
        let (report, directory) = try pipelined(input, workers: 2, shardRows: 1_500)
        #expect(report.shards.count == (report.added + 1_499) / 1_500)
        #expect(report.shards.dropLast().allSatisfy { $0.rows == 1_500 })
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json"))) as! [String: Any]
        let entries = manifest["shards"] as! [[String: Any]]
        #expect(entries.count == report.shards.count)
        for entry in entries {
            let data = [UInt8](try Data(contentsOf: directory.appendingPathComponent(entry["file"] as! String)))
            var hasher = SHA256Hasher()
            data.withUnsafeBytes { hasher.update($0) }
            #expect(entry["sha256"] as? String == hasher.hexDigest())
            #expect(entry["bytes"] as? Int == data.count)
            let lines = String(decoding: gunzip(data)!, as: UTF8.self).split(separator: "\n")
            #expect(entry["rows"] as? Int == lines.count)
        }
        let (byBytes, bytesDirectory) = try pipelined(input, workers: 2, shardRows: 0) { $0.shardBytes = 200 << 10 }
        #expect(byBytes.shards.count > 4)
        #expect(byBytes.shards.dropLast().allSatisfy { $0.uncompressedBytes >= 200 << 10 && $0.uncompressedBytes < (200 << 10) + (16 << 10) })
        #expect(try shardLines(bytesDirectory) == shardLines(directory))
    }

    @Test("the report states the run: input sha256, mapping, totals, reasons, timings; keys are at most 44 bytes each")
    func report() throws {
        let input = try generatedLeads(rows: 5_000, seed: 5)
        let (report, directory) = try pipelined(input, workers: 2)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("import-report.json"))) as! [String: Any]
        var hasher = SHA256Hasher()
        try Data(contentsOf: URL(fileURLWithPath: input)).withUnsafeBytes { hasher.update($0) }
        #expect((json["input"] as! [String: Any])["sha256"] as? String == hasher.hexDigest())
        let totals = json["totals"] as! [String: Int]
        #expect(totals["rows_read"] == 5_000)
        #expect(totals["rows_read"] == totals["added"]! + totals["duplicates"]! + totals["rejected"]!)
        let reasons = json["rejected_by_reason"] as! [String: Int]
        #expect(reasons.values.reduce(0, +) == totals["rejected"])
        #expect((json["mapping"] as! [[String: Any]]).count == 15)
        #expect((json["timings"] as! [String: Any])["stage_busy_seconds"] is [String: Double])
        #expect(report.keyTableBytes <= max(44 * report.uniqueKeys, 1 << 20))
    }

    @Test("invariant on random inputs with faults: ragged rows, stray quotes, invalid bytes, duplicate storms", arguments: 0..<6)
    func invariant(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 100)
        var text: [UInt8] = Array("Email,Name,LinkedIn,Score\n".utf8)
        let rows = 500 + random.below(1500)
        for row in 0..<rows {
            var fields = [
                random.chance(0.3) ? "storm@example.com" : "p\(random.below(rows))@example.com",
                random.chance(0.1) ? "An\"na" : "Name \(row)",
                random.chance(0.5) ? "linkedin.com/in/person-\(random.below(200))" : "",
                String(random.below(100)),
            ]
            if random.chance(0.05) { fields.append("surplus") }
            if random.chance(0.05) { fields.removeLast(2) }
            if random.chance(0.05) { fields[0] = "not an email" }
            var line = Array(fields.joined(separator: ",").utf8)
            if random.chance(0.03) { line.insert(0xFF, at: random.below(line.count)) }
            if random.chance(0.02) { line.append(contentsOf: Array(",\"unterminated".utf8)) }
            text += line + (random.chance(0.3) ? [13, 10] : [10])
            if random.chance(0.02) { text += [10] }
        }
        let path = try Fixtures.scratchDirectory().appendingPathComponent("faulty.csv").path
        try Data(text).write(to: URL(fileURLWithPath: path))
        let single = try Fixtures.scratchDirectory().appendingPathComponent("single.ndjson").path
        let reference = try runImport(ImportOptions(inputPath: path, outputPath: single))
        for workers in [1, 2] {
            let (report, directory) = try pipelined(path, workers: workers)
            #expect(report.rowsRead == reference.rowsRead)
            #expect(report.rowsRead == report.added + report.duplicates + report.rejected)
            #expect(report.rejected == reference.rejected)
            #expect(try shardLines(directory).count == report.added)
        }
    }

    @Test("a failing run leaves no finished-looking file: no shard, row file, manifest or report")
    func failure() throws {
        let input = try generatedLeads(rows: 3_000, seed: 9)
        let directory = try Fixtures.scratchDirectory().appendingPathComponent("out")
        // The first shard's name is taken by a directory: the writer fails mid-run.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("leads-00000.ndjson.gz"), withIntermediateDirectories: true)
        var options = ImportOptions(inputPath: input)
        options.chunkSize = 32 << 10
        var pipeline = PipelineOptions(outDirectory: directory.path)
        pipeline.blockBytes = 16 << 10
        #expect(throws: OutputError.self) { try runPipelineImport(options, pipeline: pipeline) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["leads-00000.ndjson.gz"])
    }

    @Test("the dedupe set answers as a dictionary does, in memory and after spilling sorted runs to disk")
    func keySet() throws {
        var random = SeededRandom(seed: 42)
        let directory = try Fixtures.scratchDirectory().path
        let spilling = SpillingKeySet(memoryKeys: 1024, directory: directory)
        var plain = KeySet()
        var reference: [String: Int] = [:]
        for line in 2..<40_000 {
            // A small key space, so that many keys repeat; some lines past 32 bits.
            let text = "lead\(random.below(25_000))@example.com"
            let key = Array(text.utf8).withUnsafeBufferPointer { KeyHash($0.baseAddress!, $0.count) }
            let number = random.chance(0.001) ? line + 5_000_000_000 : line
            let expected = reference[text]
            #expect(try spilling.lookup(key) == expected)
            #expect(plain.lookup(key) == expected)
            if expected == nil {
                try spilling.insert(key, line: number)
                plain.insert(key, line: number)
                reference[text] = number
            }
        }
        #expect(spilling.count == reference.count && plain.count == reference.count)
        #expect(spilling.spilledBytes > 0 && spilling.spilledBytes == (reference.count / 1024) * 1024 * 16)
        #expect(FileManager.default.fileExists(atPath: directory + "/.dedupe-keys.\(getpid()).leadpipe-tmp"))
        spilling.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("spilling dedupe keys to disk changes nothing in the output")
    func spilledDedupe() throws {
        let input = try generatedLeads(rows: 10_000, seed: 17) { $0.duplicateRate = 0.3 }
        let (inMemory, memoryDirectory) = try pipelined(input, workers: 2)
        let (spilled, spilledDirectory) = try pipelined(input, workers: 2) { $0.dedupeMemoryKeys = 1_000 }
        #expect(spilled.keySpilledBytes > 0 && inMemory.keySpilledBytes == 0)
        #expect(spilled.duplicates == inMemory.duplicates && spilled.duplicates > 1_000)
        var other = try files(spilledDirectory)
        let first = try files(memoryDirectory)
        other["import-report.json"] = first["import-report.json"]
        #expect(other == first)
    }

    @Test("back-pressure: a slow consumer never lets the bytes in flight exceed the budget")
    func backPressure() throws {
        let budget = ByteBudget(limit: 8 << 20)
        let mailbox = Mailbox<Int?>()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var highest = 0
        Thread {
            while let item = mailbox.receive(), let cost = item {
                highest = max(highest, budget.held)
                usleep(300)
                budget.release(cost)
            }
            done.signal()
        }.start()
        for index in 0..<300 {
            let cost = (1 << 20) + (index % 7) * 100_000
            #expect(budget.acquire(cost))
            mailbox.send(cost)
        }
        mailbox.send(nil)
        done.wait()
        #expect(highest <= 8 << 20 && budget.peak <= 8 << 20)
        #expect(budget.peak > 6 << 20)  // the producer did run ahead, up to the bound
        // The whole pipeline: in-flight bytes stay within its two budgets (plus one oversized item each).
        let input = try generatedLeads(rows: 20_000, seed: 1)
        let (report, _) = try pipelined(input, workers: 2) {
            $0.inputBudget = 1 << 20
            $0.blockBudget = 256 << 10
        }
        #expect(report.peakInFlight <= (1 << 20) + (256 << 10) + (2 << 20))
        #expect(report.rowsRead == 20_000)
    }

    @Test("rejected.csv, once its rows are fixed, imports cleanly")
    func reimport() throws {
        let input = try generatedLeads(rows: 3_000, seed: 21)
        let (report, directory) = try pipelined(input, workers: 2)
        let invalidEmails = report.rejections(for: .invalidEmail).count
        #expect(invalidEmails > 0)
        let rejected = directory.appendingPathComponent("rejected.csv").path
        // Re-imported unfixed: the same rows are rejected again, for the same reasons.
        let (again, _) = try pipelined(rejected, workers: 2)
        #expect(again.rowsRead == report.rejected && again.rejected == report.rejected)
        #expect(again.rejections(for: .invalidEmail).count == invalidEmails)
        // Fixed as a person would: every invalid e-mail replaced by a new, valid one.
        let parsed = parseCSV(try String(contentsOfFile: rejected, encoding: .utf8))
        let emailColumn = parsed[0].firstIndex(of: "E-mail Address")!
        var fixedRows = [parsed[0]]
        for (index, row) in parsed.dropFirst().enumerated() where row[1] == "invalid_email" {
            var fixed = row
            fixed[emailColumn] = "fixed\(index)@example.com"
            fixedRows.append(fixed)
        }
        let fixedPath = try Fixtures.scratchDirectory().appendingPathComponent("fixed.csv").path
        let fixedText = fixedRows.map { row in
            row.map { $0.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        try Data(fixedText.utf8).write(to: URL(fileURLWithPath: fixedPath))
        let (fixedReport, _) = try pipelined(fixedPath, workers: 2)
        #expect(fixedReport.rowsRead == invalidEmails)
        #expect(fixedReport.rejections(for: .invalidEmail).count == 0)
        #expect(fixedReport.added + fixedReport.rejected == invalidEmails)
    }
}

/// RFC 4180 records (as a spreadsheet reads them), for checking files leadpipe wrote.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)
    characters.append("\n")
    var index = 0
    var atFieldStart = true
    while index < characters.count {
        let character = characters[index]
        if quoted {
            if character == "\"" {
                if index + 1 < characters.count && characters[index + 1] == "\"" {
                    field.unicodeScalars.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(character)
            }
        } else if character == "\"" && atFieldStart {
            quoted = true
        } else if character == "," {
            row.append(field)
            field = ""
            atFieldStart = true
            index += 1
            continue
        } else if character == "\n" || character == "\r" {
            if character == "\r" && index + 1 < characters.count && characters[index + 1] == "\n" { index += 1 }
            if !(row.isEmpty && field.isEmpty && index == characters.count - 1) {
                row.append(field)
                rows.append(row)
            }
            row = []
            field = ""
            atFieldStart = true
            index += 1
            continue
        } else {
            field.unicodeScalars.append(character)
        }
        atFieldStart = false
        index += 1
    }
    return rows
}
