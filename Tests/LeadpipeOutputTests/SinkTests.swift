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

    @Test("spreadsheet-safe fields match a plain reference on random values, both dialects")
    func safeFieldsMatchReference() {
        // The rules, written the slow obvious way: a formula start gets an apostrophe; then
        // quote when empty and alone, padded with space or tab, or holding delimiter, quote,
        // CR or LF; double the quotes inside.
        func reference(_ value: [UInt8], _ writer: CSVWriter, isOnlyField: Bool) -> [UInt8] {
            let formulaStarts: [UInt8] = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
            let guarded: [UInt8] = !value.isEmpty && formulaStarts.contains(value[0]) ? [0x27] + value : value
            let ends: [UInt8] = guarded.isEmpty ? [] : [guarded[0], guarded[guarded.count - 1]]
            let padded = ends.contains { $0 == 0x20 || $0 == 0x09 }
            let special = guarded.contains { $0 == writer.delimiter || $0 == writer.quote || $0 == 0x0A || $0 == 0x0D }
            guard (guarded.isEmpty && isOnlyField) || padded || special else { return guarded }
            return [writer.quote] + guarded.flatMap { $0 == writer.quote ? [$0, $0] : [$0] } + [writer.quote]
        }
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x61, 0x7A, 0x20, 0x09, 0x0D, 0x0A, 0x2C, 0x3B, 0x22, 0x27, 0x3D, 0x2B, 0x2D, 0x40, 0xC3, 0xA9, 0x01]
        for writer in [CSVWriter(), CSVWriter(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))] {
            for _ in 0..<5000 {
                let value = (0..<Int.random(in: 0...20, using: &random)).map { _ in
                    Int.random(in: 0..<3, using: &random) == 0 ? alphabet.randomElement(using: &random)! : 0x61
                }
                let isOnlyField = Bool.random(using: &random)
                let output = OutputBuffer()
                value.withUnsafeBytes { writer.appendSafeField($0, isOnlyField: isOnlyField, to: output) }
                #expect(output.bytes == reference(value, writer, isOnlyField: isOnlyField), "\(value)")
            }
        }
    }

    @Test("the word-at-a-time quoting check agrees with a byte-by-byte one at every position")
    func quotingCheckMatchesBytewise() {
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x61, 0x20, 0x2C, 0x3B, 0x22, 0x27, 0x0A, 0x0D, 0x09, 0x00, 0x80, 0xFF, 0x0B, 0x2D]
        for writer in [CSVWriter(), CSVWriter(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))] {
            for _ in 0..<3000 {
                let length = Int.random(in: 0...40, using: &random)
                // Mostly plain letters, so that a special byte is often alone in a long value.
                let value = (0..<length).map { _ in
                    Int.random(in: 0..<6, using: &random) == 0 ? alphabet.randomElement(using: &random)! : 0x61
                }
                let expected = value.contains { $0 == writer.delimiter || $0 == writer.quote || $0 == 0x0A || $0 == 0x0D }
                value.withUnsafeBytes { #expect(writer.hasSpecialByte($0) == expected, "\(value)") }
            }
        }
    }
}

@Suite("Block compression and hashing")
struct BlockTests {
    @Test("SHA-256 matches the standard's test vectors, whatever the update sizes")
    func sha256() {
        for portable in [false, true] { vectors(portable: portable) }
    }

    func vectors(portable: Bool) {
        func digest(_ bytes: [UInt8], pieces: Int) -> String {
            var hasher = SHA256Hasher(portable: portable)
            var start = 0
            let step = max(1, bytes.count / pieces)
            while start < bytes.count {
                let end = min(bytes.count, start + step)
                bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
            }
            return hasher.hexDigest()
        }
        #expect(digest([], pieces: 1) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8), pieces: 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for pieces in [1, 2, 7, 56] {
            #expect(digest(two, pieces: pieces) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        }
        #expect(digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), pieces: 13)
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("blocks compressed as separate gzip members read back as one stream, with either library")
    func members() throws {
        var text: [UInt8] = []
        for index in 0..<20_000 { text += Array("{\"email\":\"lead\(index)@example.com\",\"n\":\(index)}\n".utf8) }
        for preferLibdeflate in [true, false] {
            let compressor = try GzipMemberCompressor(level: 6, preferLibdeflate: preferLibdeflate)
            #expect(compressor.library == (preferLibdeflate && GzipMemberCompressor.hasLibdeflate ? "libdeflate" : "zlib"))
            let output = OutputBuffer()
            var start = 0
            while start < text.count {
                let end = min(text.count, start + 100_000)
                try text[start..<end].withUnsafeBytes { try compressor.compress($0, into: output) }
                start = end
            }
            #expect(output.count < text.count / 3)
            #expect(gunzip(output.bytes) == text)
            // The same block gives the same bytes.
            let again = OutputBuffer()
            try text[0..<100_000].withUnsafeBytes { try compressor.compress($0, into: again) }
            let first = OutputBuffer()
            try text[0..<100_000].withUnsafeBytes { try compressor.compress($0, into: first) }
            #expect(again.bytes == first.bytes)
        }
    }
}
