import Foundation
import LeadpipeEncoding
import LeadpipeOutput
import LeadpipeSchema
import LeadpipeTokenizer

// How this works
// --------------
//   reader (this thread): read, transcode, tokenize a chunk; copy its complete records into
//       a job that owns its bytes; pay for it from the input budget
//   workers (N threads): map a job's rows (normalize, validate, NDJSON, rejected CSV, key
//       hashes); compress blocks — compression jobs first
//   ordered stage (1 thread): take mapped batches in sequence order; fold their counts into
//       the report; dedupe in input order; cut the accepted NDJSON into blocks and shards;
//       write rejected.csv and duplicates.csv; free the job (input budget)
//   writer (1 thread): take compressed blocks in order, append them to their shard, hash it;
//       free the block (block budget)
//
// Batches are cut by the reader's chunks and blocks by the ordered stage's row sequence, so
// the output is the same bytes for any number of workers. Every file is written under a
// temporary name; only when all stages finished and the counts add up are they renamed, the
// report last.

/// Where and how the pipeline writes.
public struct PipelineOptions: Sendable {
    /// The output directory (created if missing).
    public var outDirectory: String
    /// Accepted NDJSON to standard output, uncompressed, instead of shards.
    public var toStdout = false
    /// Mapping and compression threads.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// A shard holds at most this many rows (0: no limit).
    public var shardRows = 1_000_000
    /// A shard holds at most about this many bytes of NDJSON before compression (0: no limit).
    public var shardBytes = 1 << 30
    /// NDJSON bytes per independently compressed block.
    public var blockBytes = 4 << 20
    public var dedupeOn: DedupeKeys = .all
    /// Dedupe keys kept in memory; beyond, they go to sorted runs on disk (in the output
    /// directory, removed at the end), with ~1.4 bytes a key left in memory.
    public var dedupeMemoryKeys = 1_500_000
    /// The report's path (default: import-report.json in the output directory).
    public var reportPath: String?
    /// Bytes in flight between the reader and the ordered stage, and between the ordered
    /// stage and the writer.
    public var inputBudget = 32 << 20
    public var blockBudget = 16 << 20
    public var preferLibdeflate = true
    /// Write rejected.csv and duplicates.csv.
    public var writeRowFiles = true
    /// Called from the ordered stage after each batch (for progress): rows so far, input bytes.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// The id recorded in the report and manifest.
    public var importID: String?

    public init(outDirectory: String) { self.outDirectory = outDirectory }
}

/// Where an import stands.
public struct ImportProgress: Sendable {
    public var rowsRead: Int
    public var added: Int
    public var duplicates: Int
    public var rejected: Int
    public var inputBytes: Int64
    public var totalBytes: Int64?
    public var seconds: Double
}

/// The run broke the accounting invariant, or another internal check.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A chunk's complete records, with the bytes they point into.
final class MapJob: @unchecked Sendable {
    let sequence: Int
    let bytes: UnsafeMutableRawBufferPointer
    let used: Int
    let batch: RecordBatch
    /// Whether record 0 is the header.
    let skipFirst: Bool
    /// Data rows before this job.
    let rowBase: Int
    /// What the job costs the input budget.
    let cost: Int

    init(sequence: Int, bytes: UnsafeMutableRawBufferPointer, used: Int, batch: RecordBatch, skipFirst: Bool, rowBase: Int, cost: Int) {
        self.sequence = sequence
        self.bytes = bytes
        self.used = used
        self.batch = batch
        self.skipFirst = skipFirst
        self.rowBase = rowBase
        self.cost = cost
    }

    var view: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes.baseAddress, count: used) }

    deinit { bytes.deallocate() }
}

/// A mapped job.
final class MappedBatch: @unchecked Sendable {
    let job: MapJob
    let rows = MappedRows()

    init(job: MapJob) { self.job = job }
}

/// A block of accepted NDJSON on its way to a shard.
final class Block: @unchecked Sendable {
    let sequence: Int
    let shard: Int
    let rows: Int
    let raw: OutputBuffer
    let compressed = OutputBuffer(capacity: 1 << 19)
    let cost: Int

    init(sequence: Int, shard: Int, rows: Int, raw: OutputBuffer, cost: Int) {
        self.sequence = sequence
        self.shard = shard
        self.rows = rows
        self.raw = raw
        self.cost = cost
    }
}

/// The import's output files, opened under temporary names.
final class PipelineOutputs: @unchecked Sendable {
    let directory: String
    var rejects: ByteSink?
    var duplicates: ByteSink?
    var stdout: ByteSink?
    var shards: [(sink: ByteSink, path: String)] = []
    /// Whether this run made the directory (then a failed run removes it again, if empty).
    var createdDirectory = false
    /// Files already renamed into place while committing: a failure part-way removes them.
    var placed: [String] = []

    init(directory: String) { self.directory = directory }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func abandon() {
        rejects?.abandon()
        duplicates?.abandon()
        stdout?.abandon()
        for shard in shards { shard.sink.abandon() }
        for path in placed { unlink(path) }
        placed.removeAll()
        if createdDirectory {
            rmdir(directory)
            TemporaryFiles.unregisterDirectory(directory)
        }
    }

    /// Renames a completed file into place, remembering it.
    func place(_ sink: ByteSink, at path: String) throws {
        try sink.finish()
        placed.append(path)
    }
}

/// The shard file name for `index`.
func shardName(_ index: Int) -> String {
    let digits = String(index)
    return "leads-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".ndjson.gz"
}

/// Imports with the concurrent pipeline: mapping on every core, dedupe in input order, gzip
/// NDJSON shards (or NDJSON on standard output), rejected.csv, duplicates.csv, manifest.json
/// and import-report.json in `pipeline.outDirectory`.
///
/// - Throws: ``InputError``, ``OutputError``, ``SchemaError`` or ``PipelineError``; then no
///   file is left under a final name.
public func runPipelineImport(_ options: ImportOptions, pipeline: PipelineOptions) throws -> ImportReport {
    let clock = Stopwatch()
    let planned = try PlannedInput(options, hashInput: true)
    let input = planned.input
    let plan = planned.plan
    let columnNames = planned.columnNames

    var isDirectory: ObjCBool = false
    var created = false
    if FileManager.default.fileExists(atPath: pipeline.outDirectory, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
            throw OutputError(operation: "create the output directory", path: pipeline.outDirectory, reason: "a file is in the way")
        }
    } else {
        do {
            try FileManager.default.createDirectory(atPath: pipeline.outDirectory, withIntermediateDirectories: true)
            created = true
        } catch {
            throw OutputError(operation: "create the output directory", path: pipeline.outDirectory, reason: "\(error.localizedDescription)")
        }
    }
    let outputs = PipelineOutputs(directory: pipeline.outDirectory)
    outputs.createdDirectory = created
    if created { TemporaryFiles.registerDirectory(pipeline.outDirectory) }
    let csv = CSVWriter()
    do {
        if pipeline.writeRowFiles {
            let rejects = try openOutputFile(path: outputs.path("rejected.csv"))
            outputs.rejects = rejects
            let header = OutputBuffer(capacity: 4096)
            csv.appendRow(["line", "reason_code", "reason"] + columnNames, to: header)
            try rejects.drain(header)
            let duplicates = try openOutputFile(path: outputs.path("duplicates.csv"))
            outputs.duplicates = duplicates
            csv.appendRow(["line", "duplicate_of_line", "matched_on"] + columnNames, to: header)
            try duplicates.drain(header)
        }
        if pipeline.toStdout { outputs.stdout = FileDescriptorSink.standardOutput() }
    } catch {
        outputs.abandon()
        throw error
    }

    var report = ImportReport(
        input: input.displayName, compression: input.compression, encoding: input.encoding,
        encodingWasGiven: input.encodingWasGiven, sniff: input.sniff, plan: plan, output: "")
    report.workers = pipeline.workers
    let state = RunState()
    let inputBudget = ByteBudget(limit: pipeline.inputBudget)
    let blockBudget = ByteBudget(limit: pipeline.blockBudget)
    let work = WorkQueue<Block, MapJob>()
    let mapped = Mailbox<MappedBatch?>()  // nil: the reader is done
    let compressed = Mailbox<Block?>()  // nil: the ordered stage is done
    state.whenFailing {
        inputBudget.cancel()
        blockBudget.cancel()
        work.cancel()
        mapped.cancel()
        compressed.cancel()
    }
    let clocks = (read: StageClock(), map: StageClock(), dedupe: StageClock(), compress: StageClock(), write: StageClock())
    let group = DispatchGroup()
    let quote = input.sniff.dialect.quote ?? 0x22
    let repairer = FieldRepairer(fallback: input.encoding.fallback, repairs: options.repairs, decodedFrom: input.encoding.encoding.codePage)
    var compressorName = "zlib"
    do {
        compressorName = try GzipMemberCompressor(level: options.gzipLevel, preferLibdeflate: pipeline.preferLibdeflate).library
    } catch {
        outputs.abandon()
        throw error
    }

    // Workers.
    for _ in 0..<max(1, pipeline.workers) {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            let mapper = BatchMapper(
                plan: plan, columnNames: columnNames, repairer: repairer, quote: quote, writeRejects: pipeline.writeRowFiles,
                computesKeys: true)
            var compressor: GzipMemberCompressor?
            while let job = work.receive() {
                switch job {
                case .normal(let job):
                    let started = Stopwatch()
                    let result = MappedBatch(job: job)
                    let records = (job.skipFirst ? 1 : 0)..<job.batch.count
                    mapper.map(job.batch, records: records, bytes: job.view, rowBase: job.rowBase, into: result.rows)
                    clocks.map.add(started.seconds)
                    mapped.send(result)
                case .urgent(let block):
                    let started = Stopwatch()
                    do {
                        if compressor == nil {
                            compressor = try GzipMemberCompressor(level: options.gzipLevel, preferLibdeflate: pipeline.preferLibdeflate)
                        }
                        try block.raw.withBytes { try compressor!.compress($0, into: block.compressed) }
                    } catch {
                        state.fail(error)
                    }
                    clocks.compress.add(started.seconds)
                    compressed.send(block)
                }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    // The ordered stage.
    let ordered = OrderedStage(
        pipeline: pipeline, outputs: outputs, plan: plan, columnNames: columnNames, quote: quote, repairer: repairer,
        inputBudget: inputBudget, blockBudget: blockBudget, work: work, compressed: compressed, state: state, clock: clocks.dedupe,
        totalBytes: input.size, start: clock)
    group.enter()
    Thread {
        defer { group.leave() }
        // nil announces the reader's end; batches still being mapped arrive after it.
        var ended = false
        while !(ended && ordered.isComplete) {
            guard let message = mapped.receive() else { break }
            if let batch = message {
                ordered.receive(batch)
            } else {
                ended = true
            }
        }
        if !state.hasFailed { ordered.finish() }
        work.close()
    }.start()

    // The writer.
    let writer = ShardWriter(outputs: outputs, state: state, blockBudget: blockBudget, clock: clocks.write)
    group.enter()
    Thread {
        defer { group.leave() }
        // nil announces the end; blocks still being compressed arrive after it.
        var ended = false
        while !(ended && writer.written == ordered.blocks) {
            guard let message = compressed.receive() else { break }
            if let block = message { writer.receive(block) } else { ended = true }
        }
        writer.finish()
    }.start()

    // The reader: this thread.
    do {
        var tokenizer = Tokenizer(dialect: input.sniff.dialect, limits: options.limits, firstLine: input.firstLine)
        var batch = RecordBatch()
        var sequence = 0
        var rowBase = 0
        var sawHeader = !input.sniff.hasHeader
        let reader = input.reader
        var started = Stopwatch()
        while !state.hasFailed {
            let bytes = reader.unconsumed
            let isFinal = reader.isAtEnd
            let consumed = tokenizer.tokenize(bytes, isFinal: isFinal, into: &batch)
            for event in batch.events { report.anomalies.note(event) }
            if batch.count > 0 {
                let skipFirst = !sawHeader
                sawHeader = true
                // The job's bytes, its records, and the NDJSON and CSV it will make.
                let cost = consumed &* 4 &+ batch.count &* 96 &+ (64 << 10)
                clocks.read.add(started.seconds)
                guard inputBudget.acquire(cost) else { break }
                started = Stopwatch()
                let slack = ChunkReader.readableSlack
                let owned = UnsafeMutableRawBufferPointer.allocate(byteCount: consumed + slack, alignment: 16)
                owned.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: consumed)
                (owned.baseAddress! + consumed).initializeMemory(as: UInt8.self, repeating: 0, count: slack)
                let job = MapJob(
                    sequence: sequence, bytes: owned, used: consumed, batch: batch, skipFirst: skipFirst, rowBase: rowBase,
                    cost: cost)
                rowBase += batch.count - (skipFirst ? 1 : 0)
                sequence += 1
                batch = RecordBatch()
                work.send(normal: job)
            }
            reader.consume(consumed)
            if isFinal { break }
            try reader.refill()
        }
        clocks.read.add(started.seconds)
        report.tokenizer = tokenizer.stats
        report.blankLines = tokenizer.stats.blankLines
        ordered.expect(batches: sequence)
    } catch {
        state.fail(error)
    }
    mapped.send(nil)
    group.wait()

    if let failure = state.failure {
        ordered.discard()
        outputs.abandon()
        throw failure
    }
    // Fold the ordered stage's findings into the report.
    ordered.fill(&report)
    report.shards = writer.shards
    report.bytes = input.inputBytesRead
    report.inputWarnings = input.warningsAtEnd
    report.inputSHA256 = input.inputSHA256()
    report.compressor = pipeline.toStdout ? nil : compressorName
    report.outDirectory = pipeline.outDirectory
    report.importID = pipeline.importID
    report.peakInFlight = inputBudget.peak + blockBudget.peak
    report.stageSeconds = [
        ("read", clocks.read.seconds), ("map", clocks.map.seconds), ("dedupe", clocks.dedupe.seconds),
        ("compress", clocks.compress.seconds), ("write", clocks.write.seconds),
    ]
    report.output = pipeline.toStdout ? "standard output" : outputs.directory

    // The accounting invariant: every row read has exactly one fate.
    guard report.rowsRead == report.added + report.duplicates + report.rejected,
        report.shards.reduce(0, { $0 + $1.rows }) == (pipeline.toStdout ? 0 : report.added)
    else {
        ordered.discard()
        outputs.abandon()
        throw PipelineError(
            description: "the counts do not add up (\(report.rowsRead) read, \(report.added) added, \(report.duplicates) duplicates, "
                + "\(report.rejected) rejected); nothing was written")
    }

    // Put everything in place: rows first, the manifest, the report last. The manifest and
    // report are written under temporary names before anything is renamed, so that no failure
    // after the first rename is likely; if one happens, what was renamed is removed again.
    do {
        if pipeline.writeRowFiles {
            report.rejectsPath = outputs.path("rejected.csv")
            report.duplicatesPath = outputs.path("duplicates.csv")
        }
        let manifestPath = pipeline.toStdout ? nil : outputs.path("manifest.json")
        report.manifestPath = manifestPath
        let reportPath = pipeline.reportPath ?? outputs.path("import-report.json")
        report.reportPath = reportPath
        report.seconds = clock.seconds
        report.peakMemory = peakResidentBytes()
        let manifest = try manifestPath.map { try jsonFile(manifestJSON(report), at: $0) }
        let reportFile: ByteSink
        do {
            reportFile = try jsonFile(reportJSON(report, options: options, pipeline: pipeline), at: reportPath)
        } catch {
            manifest?.abandon()
            throw error
        }
        do {
            try outputs.stdout?.finish()
            for shard in outputs.shards { try outputs.place(shard.sink, at: shard.path) }
            if let rejects = outputs.rejects { try outputs.place(rejects, at: outputs.path("rejected.csv")) }
            if let duplicates = outputs.duplicates { try outputs.place(duplicates, at: outputs.path("duplicates.csv")) }
            if let manifest, let manifestPath { try outputs.place(manifest, at: manifestPath) }
            try outputs.place(reportFile, at: reportPath)
        } catch {
            manifest?.abandon()
            reportFile.abandon()
            throw error
        }
        if outputs.createdDirectory { TemporaryFiles.unregisterDirectory(outputs.directory) }
    } catch {
        outputs.abandon()
        throw error
    }
    return report
}

/// The ordered stage: re-sequences mapped batches, dedupes, cuts blocks and shards, writes
/// the row files.
final class OrderedStage: @unchecked Sendable {
    private let pipeline: PipelineOptions
    private let outputs: PipelineOutputs
    private let inputBudget: ByteBudget
    private let blockBudget: ByteBudget
    private let work: WorkQueue<Block, MapJob>
    private let compressed: Mailbox<Block?>
    private let state: RunState
    private let clock: StageClock
    private let quote: UInt8
    private var repairer: FieldRepairer
    private var values = RowValues()
    private let csv = CSVWriter()
    private let totalBytes: Int64?
    private let start: Stopwatch

    private var waiting: [Int: MappedBatch] = [:]
    private var next = 0
    private var expected: Int?
    private let lock = NSLock()

    /// E-mail and LinkedIn keys, in one set.
    private let keys: SpillingKeySet
    private var block = OutputBuffer(capacity: 1 << 20)
    private var blockRows = 0
    private var blockSequence = 0
    /// Blocks sent to be compressed (read by the writer after the end is announced).
    var blocks: Int { blockSequence }
    private var shard = 0
    private var shardRows = 0
    private var shardBytes = 0
    private let duplicateRows = OutputBuffer(capacity: 64 << 10)

    // Report parts.
    private var findings = RowFindings()
    private var duplicates = 0
    private var duplicatesByKey = [0, 0]
    private var duplicateExamples = Examples<DuplicateExample>(limit: 5)
    private var inputBytesSeen: Int64 = 0

    init(
        pipeline: PipelineOptions, outputs: PipelineOutputs, plan: ImportPlan, columnNames: [String], quote: UInt8,
        repairer: FieldRepairer, inputBudget: ByteBudget, blockBudget: ByteBudget, work: WorkQueue<Block, MapJob>,
        compressed: Mailbox<Block?>,
        state: RunState, clock: StageClock, totalBytes: Int64?, start: Stopwatch
    ) {
        self.pipeline = pipeline
        self.outputs = outputs
        self.quote = quote
        self.repairer = repairer
        self.inputBudget = inputBudget
        self.blockBudget = blockBudget
        self.work = work
        self.compressed = compressed
        self.state = state
        self.clock = clock
        self.totalBytes = totalBytes
        self.start = start
        keys = SpillingKeySet(memoryKeys: pipeline.dedupeMemoryKeys, directory: outputs.directory)
    }

    deinit {
        keys.close()
    }

    /// Removes the spilled keys' file (a failed run).
    func discard() { keys.close() }

    /// Whether every batch the reader made has been processed (once it has said how many).
    var isComplete: Bool {
        lock.lock()
        defer { lock.unlock() }
        return expected == next
    }

    /// The reader made `batches` jobs in all.
    func expect(batches: Int) {
        lock.lock()
        expected = batches
        lock.unlock()
    }

    func receive(_ batch: MappedBatch) {
        waiting[batch.job.sequence] = batch
        while let ready = waiting.removeValue(forKey: next) {
            let started = Stopwatch()
            do {
                try process(ready)
            } catch {
                state.fail(error)
                return
            }
            next += 1
            // Paid back only now: a batch parked above, waiting for an earlier one, still counts.
            inputBudget.release(ready.job.cost)
            clock.add(started.seconds)
            if let progress = pipeline.progress {
                inputBytesSeen += Int64(ready.job.used)
                progress(ImportProgress(
                    rowsRead: findings.rowsRead, added: findings.accepted - duplicates, duplicates: duplicates,
                    rejected: findings.rejected,
                    inputBytes: inputBytesSeen, totalBytes: totalBytes, seconds: start.seconds))
            }
        }
    }

    private func process(_ batch: MappedBatch) throws {
        let rows = batch.rows
        findings.merge(rows.findings)
        if let rejects = outputs.rejects, rows.rejectedCSV.count > 0 { try rejects.drain(rows.rejectedCSV) }

        let useEmail = pipeline.dedupeOn.contains(.email)
        let useLinkedIn = pipeline.dedupeOn.contains(.linkedin)
        var rowStart = 0
        let outcomes = rows.outcomes
        let ahead = 8
        for index in 0..<min(ahead, outcomes.count) { prefetchKeys(outcomes[index], email: useEmail, linkedin: useLinkedIn) }
        try rows.ndjson.withBytes { ndjson in
            for (index, outcome) in outcomes.enumerated() {
                if index &+ ahead < outcomes.count {
                    prefetchKeys(outcomes[index &+ ahead], email: useEmail, linkedin: useLinkedIn)
                }
                guard outcome.accepted else { continue }
                let range = rowStart..<outcome.end
                rowStart = outcome.end
                var original: Int? = nil
                var matchedOn = 0
                if useEmail, let key = outcome.email, let line = try keys.lookup(key) {
                    original = line
                } else if useLinkedIn, let key = outcome.linkedin, let line = try keys.lookup(key.asLinkedIn) {
                    original = line
                    matchedOn = 1
                }
                if let original {
                    duplicates += 1
                    duplicatesByKey[matchedOn] += 1
                    let key = matchedOn == 0 ? "email" : "linkedin_url"
                    duplicateExamples.note(DuplicateExample(line: outcome.line, duplicateOf: original, matchedOn: key))
                    if outputs.duplicates != nil { writeDuplicate(batch, outcome, original: original, key: key) }
                    continue
                }
                if useEmail, let key = outcome.email { try keys.insert(key, line: outcome.line) }
                if useLinkedIn, let key = outcome.linkedin { try keys.insert(key.asLinkedIn, line: outcome.line) }
                try add(UnsafeRawBufferPointer(rebasing: ndjson[range]))
            }
        }
        if let duplicatesFile = outputs.duplicates, duplicateRows.count >= 1 << 20 { try duplicatesFile.drain(duplicateRows) }
    }

    @inline(__always)
    private func prefetchKeys(_ outcome: RowOutcome, email: Bool, linkedin: Bool) {
        if email, let key = outcome.email { keys.prefetch(key) }
        if linkedin, let key = outcome.linkedin { keys.prefetch(key.asLinkedIn) }
    }

    private func writeDuplicate(_ batch: MappedBatch, _ outcome: RowOutcome, original: Int, key: String) {
        values.fill(recordIndex: Int(outcome.record), batch: batch.job.batch, bytes: batch.job.view, quote: quote, repairer: &repairer)
        LeadpipePipeline.writeDuplicate(values.view, line: outcome.line, original: original, key: key, csv: csv, to: duplicateRows)
    }

    /// Adds one accepted row's NDJSON to the current block.
    private func add(_ row: UnsafeRawBufferPointer) throws {
        block.append(row)
        blockRows += 1
        shardRows += 1
        shardBytes += row.count
        let shardFull = (pipeline.shardRows > 0 && shardRows >= pipeline.shardRows)
            || (pipeline.shardBytes > 0 && shardBytes >= pipeline.shardBytes)
        if block.count >= pipeline.blockBytes || shardFull {
            try flushBlock()
            if shardFull {
                shard += 1
                shardRows = 0
                shardBytes = 0
            }
        }
    }

    private func flushBlock() throws {
        if let stdout = outputs.stdout {
            try stdout.drain(block)
            blockRows = 0
            return
        }
        // The block, and its compressed form (about a sixth of it; a bound is reserved).
        let cost = block.count + block.count / 4 + (64 << 10)
        guard blockBudget.acquire(cost) else { return }
        let full = Block(sequence: blockSequence, shard: shard, rows: blockRows, raw: block, cost: cost)
        blockSequence += 1
        block = OutputBuffer(capacity: pipeline.blockBytes + (64 << 10))
        blockRows = 0
        work.send(urgent: full)
    }

    /// After the last batch: the last block, and the end for the writer.
    func finish() {
        do {
            lock.lock()
            let expected = self.expected
            lock.unlock()
            guard expected == next else {
                state.fail(PipelineError(description: "batches went missing: \(next) of \(expected ?? -1) processed"))
                return
            }
            // The last block; with no rows at all, one empty shard so the output exists.
            if block.count > 0 || (blockSequence == 0 && outputs.stdout == nil) {
                try flushBlock()
            }
            if let duplicatesFile = outputs.duplicates { try duplicatesFile.drain(duplicateRows) }
            compressed.send(nil)
        } catch {
            state.fail(error)
        }
    }

    func fill(_ report: inout ImportReport) {
        report.record(findings)
        report.duplicates = duplicates
        report.duplicatesByKey = duplicatesByKey
        report.duplicateExamples = duplicateExamples
        report.uniqueKeys = keys.count
        report.keyTableBytes = keys.bytes
        report.keySpilledBytes = keys.spilledBytes
        keys.close()
    }
}

/// The writer: compressed blocks in order into their shards.
final class ShardWriter: @unchecked Sendable {
    private let outputs: PipelineOutputs
    private let state: RunState
    private let blockBudget: ByteBudget
    private let clock: StageClock
    private var waiting: [Int: Block] = [:]
    private var next = 0
    /// Blocks written.
    var written: Int { next }
    private var current: (index: Int, sink: ByteSink, info: ShardInfo, hasher: SHA256Hasher)?
    private(set) var shards: [ShardInfo] = []

    init(outputs: PipelineOutputs, state: RunState, blockBudget: ByteBudget, clock: StageClock) {
        self.outputs = outputs
        self.state = state
        self.blockBudget = blockBudget
        self.clock = clock
    }

    func receive(_ block: Block) {
        waiting[block.sequence] = block
        while let ready = waiting.removeValue(forKey: next) {
            let started = Stopwatch()
            do {
                try write(ready)
            } catch {
                state.fail(error)
                return
            }
            blockBudget.release(ready.cost)
            next += 1
            clock.add(started.seconds)
        }
    }

    private func write(_ block: Block) throws {
        if current == nil || current!.index != block.shard {
            try closeCurrent()
            let name = shardName(block.shard)
            let path = outputs.path(name)
            let sink = try openOutputFile(path: path)
            outputs.shards.append((sink, path))
            current = (block.shard, sink, ShardInfo(file: name, rows: 0, bytes: 0, uncompressedBytes: 0, sha256: ""), SHA256Hasher())
        }
        try block.compressed.withBytes { bytes in
            try current!.sink.write(bytes)
            current!.hasher.update(bytes)
        }
        current!.info.rows += block.rows
        current!.info.bytes += block.compressed.count
        current!.info.uncompressedBytes += block.raw.count
    }

    /// Ends the current shard: its file is flushed and closed (still under its temporary name),
    /// so that a run with many shards holds one descriptor at a time.
    private func closeCurrent() throws {
        guard var shard = current else { return }
        current = nil
        shard.info.sha256 = shard.hasher.hexDigest()
        shards.append(shard.info)
        if let file = shard.sink as? AtomicFileSink { try file.complete() }
    }

    func finish() {
        do {
            try closeCurrent()
        } catch {
            state.fail(error)
        }
    }
}

/// Peak resident memory of this process, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #if os(Linux)
    return usage.ru_maxrss * 1024
    #else
    return usage.ru_maxrss
    #endif
}

/// A JSON object written to `path` under a temporary name, pretty and key-sorted; the caller
/// puts it in place with `finish()`.
func jsonFile(_ object: [String: Any], at path: String) throws -> ByteSink {
    let data: Data
    do {
        data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    } catch {
        throw OutputError(operation: "encode", path: path, reason: "\(error)")
    }
    let sink = try openOutputFile(path: path)
    do {
        try (data + Data("\n".utf8)).withUnsafeBytes { try sink.write($0) }
    } catch {
        sink.abandon()
        throw error
    }
    return sink
}

func manifestJSON(_ report: ImportReport) -> [String: Any] {
    [
        "leadpipe_manifest": 1,
        "import_id": report.importID ?? NSNull(),
        "rows": report.shards.reduce(0) { $0 + $1.rows },
        "shards": report.shards.map {
            ["file": $0.file, "rows": $0.rows, "bytes": $0.bytes, "uncompressed_bytes": $0.uncompressedBytes, "sha256": $0.sha256]
                as [String: Any]
        },
    ]
}

func reportJSON(_ report: ImportReport, options: ImportOptions, pipeline: PipelineOptions) -> [String: Any] {
    func counts<T>(_ items: [Examples<T>], names: [String]) -> [String: Int] {
        var result: [String: Int] = [:]
        for (index, name) in names.enumerated() where items[index].count > 0 { result[name] = items[index].count }
        return result
    }
    let dialect = report.sniff.dialect
    let seconds = max(report.seconds, 1e-9)
    var object: [String: Any] = [
        "leadpipe_report": 1,
        "import_id": report.importID ?? NSNull(),
        "input": [
            "path": report.input, "bytes": report.bytes, "sha256": report.inputSHA256 ?? NSNull(),
            "compression": report.compression ?? NSNull(),
        ] as [String: Any],
        "encoding": [
            "name": report.encoding.encoding.rawValue, "given": report.encodingWasGiven,
            "repairs": counts(report.repairs, names: RepairKind.allCases.map { "\($0)" }),
            "rows_with_undecodable_bytes": report.rowsWithUndecodable.count,
        ] as [String: Any],
        "dialect": [
            "delimiter": String(decoding: [dialect.delimiter], as: UTF8.self),
            "quote": dialect.quote.map { String(decoding: [$0], as: UTF8.self) } ?? NSNull(),
            "header": report.sniff.hasHeader,
            "preamble_lines": report.sniff.preambleLines,
        ] as [String: Any],
        "mapping": report.plan.columns.map { decision -> [String: Any] in
            [
                "column": decision.header, "field": decision.field ?? NSNull(),
                "confidence": (decision.confidence * 100).rounded() / 100, "kept_as": decision.keptAs ?? NSNull(),
            ]
        },
        "totals": [
            "rows_read": report.rowsRead, "added": report.added, "duplicates": report.duplicates, "rejected": report.rejected,
            "blank_lines": report.blankLines, "preamble_lines": report.sniff.preambleLines,
        ] as [String: Any],
        "rejected_by_reason": counts(report.rejections, names: RejectCode.allCases.map(\.rawValue)),
        "duplicates_by_key": ["email": report.duplicatesByKey[0], "linkedin_url": report.duplicatesByKey[1]],
        "warnings": counts(report.warnings, names: WarningCode.allCases.map(\.rawValue)),
        "dedupe": [
            "on": [pipeline.dedupeOn.contains(.email) ? "email" : nil, pipeline.dedupeOn.contains(.linkedin) ? "linkedin_url" : nil]
                .compactMap { $0 },
            "unique_keys": report.uniqueKeys, "memory_bytes": report.keyTableBytes, "spilled_bytes": report.keySpilledBytes,
        ] as [String: Any],
        "outputs": [
            "directory": report.outDirectory ?? NSNull(),
            "ndjson": pipeline.toStdout ? "standard output" : "shards",
            "shards": report.shards.map(\.file),
            "rejected": pipeline.writeRowFiles ? "rejected.csv" : NSNull(),
            "duplicates": pipeline.writeRowFiles ? "duplicates.csv" : NSNull(),
            "manifest": pipeline.toStdout ? NSNull() : "manifest.json",
            "compressor": report.compressor ?? NSNull(), "gzip_level": options.gzipLevel,
        ] as [String: Any],
        "timings": [
            "total_seconds": (report.seconds * 1000).rounded() / 1000,
            "stage_busy_seconds": Dictionary(uniqueKeysWithValues: report.stageSeconds.map { ($0.stage, ($0.seconds * 1000).rounded() / 1000) }),
            "workers": report.workers,
        ] as [String: Any],
        "throughput": [
            "rows_per_second": Int(Double(report.rowsRead) / seconds),
            "megabytes_per_second": (Double(report.bytes) / seconds / 1e4).rounded() / 100,
        ] as [String: Any],
        "peak_memory_bytes": report.peakMemory,
    ]
    object["check"] = "\(report.rowsRead) read = \(report.added) added + \(report.duplicates) duplicates + \(report.rejected) rejected"
    return object
}
