import LeadpipeTestSupport
import CLeadpipeScan
import LeadpipeTokenizer
import Testing

/// Whole output of the fast tokenizer, as comparable to the reference.
private func assertSame(
    _ fast: ReferenceTokenizer.Output, _ reference: ReferenceTokenizer.Output, _ context: @autoclosure () -> String
) {
    #expect(fast.records == reference.records, "records differ: \(context())")
    if fast.events != reference.events {
        let index = zip(fast.events, reference.events).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(fast.events.count, reference.events.count)
        let show = { (events: [TokenizerEvent]) in
            events.dropFirst(max(0, index - 1)).prefix(3).map { "\($0.kind)@\($0.byteOffset) line \($0.line)" }
        }
        Issue.record("events differ at \(index): fast \(show(fast.events)), reference \(show(reference.events)): \(context())")
    }
    #expect(fast.stats == reference.stats, "stats differ: \(context())")
}

@Suite("Tokenizer edge cases")
struct TokenizerEdgeCaseTests {
    @Test("gives the specified records", arguments: edgeCases)
    func givesTheSpecifiedRecords(_ edge: EdgeCase) {
        let reference = ReferenceTokenizer.tokenize(edge.input, dialect: edge.dialect, limits: edge.limits)
        let fast = tokenizeInPieces(edge.input, dialect: edge.dialect, limits: edge.limits) { Int.max / 2 }
        #expect(values(of: reference, in: edge.input, dialect: edge.dialect) == edge.expected)
        #expect(values(of: fast, in: edge.input, dialect: edge.dialect) == edge.expected)
        #expect(fast.stats.blankLines == edge.blankLines)
        #expect(fast.events.map(\.kind) == edge.events)
        if let lines = edge.lines {
            #expect(fast.records.map(\.line) == lines)
        }
        assertSame(fast, reference, edge.name)
    }

    @Test("agrees with the reference at every split point", arguments: edgeCases)
    func agreesAtEverySplitPoint(_ edge: EdgeCase) {
        let reference = ReferenceTokenizer.tokenize(edge.input, dialect: edge.dialect, limits: edge.limits)
        for split in 0...edge.input.count {
            var sizes = [split, Int.max / 2]
            let fast = tokenizeInPieces(edge.input, dialect: edge.dialect, limits: edge.limits) { sizes.removeFirst() }
            assertSame(fast, reference, "\(edge.name), split at \(split)")
        }
    }

    @Test("agrees with the reference for chunk sizes 1...64", arguments: edgeCases)
    func agreesForChunkSizes(_ edge: EdgeCase) {
        let reference = ReferenceTokenizer.tokenize(edge.input, dialect: edge.dialect, limits: edge.limits)
        for size in 1...64 {
            let fast = tokenizeInPieces(edge.input, dialect: edge.dialect, limits: edge.limits) { size }
            assertSame(fast, reference, "\(edge.name), chunk size \(size)")
        }
    }
}

@Suite("Tokenizer against the reference on random input")
struct TokenizerRandomTests {
    /// Inputs from a small alphabet that is dense in structure: every rule fires often.
    static func hostileInput(_ random: inout SeededRandom, length: Int) -> [UInt8] {
        let alphabet = Array("aé,\"\"\r\n  \t;'".utf8)
        return (0..<length).map { _ in random.pick(alphabet) }
    }

    @Test("random structure-dense input, random chunk sizes, tight limits")
    func randomInputRandomChunks() {
        var random = SeededRandom(seed: 0x1EAD)
        let dialects = [Dialect.csv, semicolon, tab, singleQuote, unquoted]
        let limitChoices = [
            TokenizerLimits.default,
            TokenizerLimits(maxFieldBytes: 3, maxRecordBytes: 7),
            TokenizerLimits(maxFieldBytes: 12, maxRecordBytes: 30),
            TokenizerLimits(maxFieldBytes: 40, maxRecordBytes: 41),
        ]
        for round in 0..<3000 {
            let input = Self.hostileInput(&random, length: random.below(300))
            let dialect = random.pick(dialects)
            let limits = random.pick(limitChoices)
            let reference = ReferenceTokenizer.tokenize(input, dialect: dialect, limits: limits)
            let maxPiece = 1 + random.below(100)
            var pieceRandom = SeededRandom(seed: UInt64(round))
            var carried = 0
            let fast = tokenizeInPieces(input, dialect: dialect, limits: limits, maxCarried: &carried) {
                1 + pieceRandom.below(maxPiece)
            }
            assertSame(fast, reference, "round \(round), \(dialect), limits \(limits), input \(Array(input))")
            #expect(carried <= limits.maxCarriedBytes + maxPiece, "round \(round): \(input)")
            if fast.records != reference.records { return }
        }
    }

    @Test("generated lead files agree with the reference at many chunk sizes and limits")
    func generatedLeadFiles() throws {
        for (seed, crlf) in [(UInt64(1), false), (2, true), (3, false)] {
            var options = GeneratorOptions(rows: 400, seed: seed)
            options.crlf = crlf
            options.raggedRate = 0.05
            options.blankLineRate = 0.03
            options.unterminatedQuoteAtRow = 350
            let input = generateLeadFile(options)
            for limits in [TokenizerLimits.default, TokenizerLimits(maxFieldBytes: 64, maxRecordBytes: 300),
                           TokenizerLimits(maxFieldBytes: 200, maxRecordBytes: 150)] {
                let reference = ReferenceTokenizer.tokenize(input, dialect: .csv, limits: limits)
                for size in [1, 7, 63, 64, 65, 100, 1000, 4096, input.count] {
                    var fastBlocks = 0
                    let fast = tokenizeInPieces(input, dialect: .csv, limits: limits, fastPathBlocks: &fastBlocks) { size }
                    assertSame(fast, reference, "seed \(seed), \(limits), chunk size \(size)")
                    if size >= 1000 && limits == .default { #expect(fastBlocks > 0, "the fast path never ran") }
                }
            }
        }
    }

    @Test("long random tables with injected faults agree with the reference")
    func longRandomTablesWithFaults() {
        var random = SeededRandom(seed: 99)
        let pieces = ["alpha", "b", "José", "山田", ",", "\"", "\r\n", "\n", " ", "x y", "🙂", "1,234.56", ""]
        let faults = ["\"", "\"\"", " \"", "\" ", "\r", "\n", "\n\n", ",", "\"x\"y"]
        for round in 0..<300 {
            let columns = 1 + random.below(8)
            let rows = 20 + random.below(80)
            let table: [[String]] = (0..<rows).map { _ in
                (0..<columns).map { _ in (0..<random.below(4)).map { _ in random.pick(pieces) }.joined() }
            }
            var input = Array(writeCSV(table, dialect: .csv, lineEnding: random.pick(["\n", "\r\n"])).utf8)
            for _ in 0..<random.below(4) where !input.isEmpty {
                input.insert(contentsOf: Array(random.pick(faults).utf8), at: random.below(input.count))
            }
            let limits = random.pick([TokenizerLimits.default, TokenizerLimits(maxFieldBytes: 70, maxRecordBytes: 120)])
            let reference = ReferenceTokenizer.tokenize(input, dialect: .csv, limits: limits)
            var pieceRandom = SeededRandom(seed: UInt64(round))
            let maxPiece = random.pick([16, 200, 5000])
            let fast = tokenizeInPieces(input, dialect: .csv, limits: limits) { 1 + pieceRandom.below(maxPiece) }
            assertSame(fast, reference, "round \(round): \(String(decoding: input, as: UTF8.self).debugDescription)")
            if fast.records != reference.records { return }
        }
    }

    @Test("random tables round-trip through the CSV writer")
    func randomTablesRoundTrip() {
        var random = SeededRandom(seed: 42)
        let pieces = ["a", "b", "José", "山田", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t", "'", "x y", "🙂"]
        for round in 0..<500 {
            let dialect = random.pick([Dialect.csv, semicolon, tab, singleQuote])
            let columns = 1 + random.below(6)
            let rows = random.below(12)
            let table: [[String]] = (0..<rows).map { _ in
                (0..<columns).map { _ in (0..<random.below(5)).map { _ in random.pick(pieces) }.joined() }
            }
            let text = writeCSV(table, dialect: dialect, lineEnding: random.pick(["\n", "\r\n", "\r"]))
            let input = Array(text.utf8)
            var pieceRandom = SeededRandom(seed: UInt64(round) ^ 0xABCD)
            let fast = tokenizeInPieces(input, dialect: dialect) { 1 + pieceRandom.below(20) }
            // A row that is one empty field is written as a blank line by nobody: the writer
            // quotes it, so every row survives.
            #expect(values(of: fast, in: input, dialect: dialect) == table, "round \(round): \(text.debugDescription)")
            #expect(fast.events.isEmpty)
        }
    }

    @Test("a long unterminated quote is re-read and the rest of the file arrives")
    func longUnterminatedQuote() {
        var input = Array("name,note\nann,\"never closed\n".utf8)
        for row in 0..<50_000 { input += Array("row\(row),plain text\n".utf8) }
        let limits = TokenizerLimits(maxFieldBytes: 64 << 10, maxRecordBytes: 256 << 10)
        var carried = 0
        let fast = tokenizeInPieces(input, dialect: .csv, limits: limits, maxCarried: &carried) { 8192 }
        #expect(fast.records.count == 50_002)
        #expect(fast.events.map(\.kind) == [.runawayQuote])
        #expect(fast.events.first?.line == 2)
        #expect(carried <= limits.maxFieldBytes + 8192 + 2)
        let last = values(of: fast, in: input, dialect: .csv).last
        #expect(last == ["row49999", "plain text"])
    }
}

@Suite("Block classification")
struct BlockClassificationTests {
    @Test("marks exactly the structural bytes of every block")
    func marksStructuralBytes() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array(",\"\r\na\u{0}\u{80}\u{FF};'".utf8) + [0x8A, 0x0B, 0x2B, 0xAC, 0xA2]
        for round in 0..<500 {
            let blocks = 1 + random.below(5)
            let data = (0..<(64 * blocks)).map { _ in random.pick(alphabet) }
            let delimiter = random.pick([UInt8(ascii: ","), UInt8(ascii: ";")])
            let hasQuote = round % 3 != 0
            var masks = [LeadpipeBlockMasks](repeating: LeadpipeBlockMasks(), count: blocks)
            data.withUnsafeBufferPointer { leadpipe_classify_blocks($0.baseAddress!, blocks, delimiter, 0x22, hasQuote ? 1 : 0, &masks) }
            for block in 0..<blocks {
                func expected(_ byte: UInt8) -> UInt64 {
                    (0..<64).reduce(UInt64(0)) { mask, offset in
                        data[block * 64 + offset] == byte ? mask | (1 << UInt64(offset)) : mask
                    }
                }
                #expect(masks[block].quote == (hasQuote ? expected(0x22) : 0))
                #expect(masks[block].delimiter == expected(delimiter))
                #expect(masks[block].cr == expected(0x0D))
                #expect(masks[block].lf == expected(0x0A))
            }
        }
    }
}
