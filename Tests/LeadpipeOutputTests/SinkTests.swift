import Foundation
import LeadpipeOutput
import LeadpipeTestSupport
import Testing

/// Collects what it is given, for checking sinks that write to another sink.
final class MemorySink: ByteSink {
    var bytes: [UInt8] = []
    var finished = false
    var abandoned = false
    func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes += bytes }
    func finish() throws { finished = true }
    func abandon() { abandoned = true }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("leadpipe-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Sinks")
struct SinkTests {
    @Test("gzip output inflates to exactly what was written", arguments: [1, 6, 9])
    func gzipRoundTrip(level: Int) throws {
        var random = SeededRandom(seed: UInt64(level))
        let memory = MemorySink()
        let gzip = try GzipSink(downstream: memory, level: level, name: "memory")
        var written: [UInt8] = []
        for _ in 0..<50 {
            let piece = (0..<random.below(20_000)).map { _ in random.chance(0.5) ? UInt8(ascii: "a") : UInt8(truncatingIfNeeded: random.next()) }
            try piece.withUnsafeBytes { try gzip.write($0) }
            written += piece
        }
        try gzip.finish()
        #expect(memory.finished)
        #expect(Array(memory.bytes.prefix(2)) == [0x1F, 0x8B])
        #expect(gunzip(memory.bytes) == written)
    }

    @Test("an atomic file appears only when finished")
    func atomicFinish() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("out.ndjson").path
        let sink = try AtomicFileSink(path: path)
        try Array("{}\n".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: sink.temporaryPath))
        try sink.finish()
        #expect(FileManager.default.contents(atPath: path) == Data("{}\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: sink.temporaryPath))
        #expect(!TemporaryFiles.current.contains(sink.temporaryPath))
    }

    @Test("an abandoned atomic file leaves nothing behind")
    func atomicAbandon() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("out.ndjson.gz").path
        let file = try AtomicFileSink(path: path)
        let gzip = try GzipSink(downstream: file, level: 6, name: path)
        try Array("partial".utf8).withUnsafeBytes { try gzip.write($0) }
        gzip.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("an unwritable directory is an error that names the file")
    func unwritable() {
        #expect {
            _ = try AtomicFileSink(path: "/nonexistent-directory/out.ndjson")
        } throws: { error in
            "\(error)".contains("/nonexistent-directory/out.ndjson")
        }
    }
}

@Suite("CSV writer")
struct CSVWriterTests {
    @Test("quotes only when needed", arguments: [
        ("plain", false, "plain"), ("a,b", false, "\"a,b\""), ("say \"hi\"", false, "\"say \"\"hi\"\"\""),
        ("line\nbreak", false, "\"line\nbreak\""), (" padded", false, "\" padded\""), ("", false, ""),
        ("", true, "\"\""), ("tab\t", false, "\"tab\t\""),
    ])
    func quoting(_ value: String, _ isOnlyField: Bool, _ expected: String) {
        let output = OutputBuffer()
        Array(value.utf8).withUnsafeBytes { CSVWriter().appendField($0, isOnlyField: isOnlyField, to: output) }
        #expect(String(decoding: output.bytes, as: UTF8.self) == expected)
    }

    @Test("formula-like cells get an apostrophe, quoted exactly as that text would be", arguments: [
        "=HYPERLINK(\"x\")", "+49 30 1", "-5", "@handle", "\tpadded", "\rcr", "=a,b", "=ends ", "=x\ny", "=it's", "plain",
    ])
    func formulaGuard(_ value: String) {
        for writer in [CSVWriter(), CSVWriter(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))] {
            let safe = OutputBuffer()
            Array(value.utf8).withUnsafeBytes { writer.appendSafeField($0, to: safe) }
            let expected = OutputBuffer()
            let guarded = Array(value.utf8).withUnsafeBytes { CSVWriter.looksLikeFormula($0) } ? "'" + value : value
            Array(guarded.utf8).withUnsafeBytes { writer.appendField($0, to: expected) }
            #expect(safe.bytes == expected.bytes, "\(value) with quote \(writer.quote)")
        }
    }
}
