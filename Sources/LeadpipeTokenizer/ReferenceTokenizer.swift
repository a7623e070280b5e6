/// A plain, readable tokenizer with exactly the rules of ``Tokenizer``, for testing it.
///
/// It reads the whole input at once, one byte at a time, one field at a time, with no
/// resumable state and no tricks. Every test runs the fast tokenizer against it. When the two
/// disagree, this one is the specification; the rules are written out in README.md.
public enum ReferenceTokenizer {
    /// One record with absolute field ranges into the input.
    public struct Record: Hashable, Sendable {
        public var fields: [FieldRange]
        public var line: Int
        public var flags: RecordFlags

        public init(fields: [FieldRange], line: Int, flags: RecordFlags) {
            self.fields = fields
            self.line = line
            self.flags = flags
        }
    }

    /// Everything the reference produces.
    public struct Output: Sendable {
        public var records: [Record] = []
        public var events: [TokenizerEvent] = []
        public var stats = TokenizerStats()

        public init() {}
    }

    /// Tokenizes `input`, which is the whole file.
    public static func tokenize(
        _ input: [UInt8], dialect: Dialect, limits: TokenizerLimits = .default, firstLine: Int = 1
    ) -> Output {
        let n = input.count
        var output = Output()
        var line = firstLine
        var literalQuotesUntil = 0
        var i = 0
        var endedInsideALine = false

        func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        func isTerminator(_ byte: UInt8) -> Bool { byte == dialect.delimiter || isLineBreak(byte) }

        recordLoop: while i < n {
            // A line break right at the start of a record is an empty line.
            if isLineBreak(input[i]) {
                output.stats.blankLines += 1
                line += 1
                i += (input[i] == 0x0D && i + 1 < n && input[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            let recordStart = i
            let recordLine = line
            var record = Record(fields: [], line: recordLine, flags: [])
            var fieldNumber = 0
            var truncated = false
            var skippedFrom = 0

            while true {
                let fieldStart = i
                var field: FieldRange
                var t: Int  // the terminator: a delimiter, CR, LF, or n

                // Padding (at most maxFieldBytes of it), then a quote, opens a quoted field.
                var j = i
                while j < n && dialect.isPadding(input[j]) { j += 1 }
                var quotedFieldClosedAt: Int? = nil
                var escaped = false
                var ranAway = false
                if let quote = dialect.quote, j < n, input[j] == quote, j >= literalQuotesUntil,
                   j - i <= limits.maxFieldBytes
                {
                    let lineAtQuote = line
                    var k = j + 1
                    while k < n {
                        if input[k] == quote {
                            if k + 1 < n && input[k + 1] == quote {
                                escaped = true
                                k += 2
                                continue
                            }
                            break
                        }
                        if input[k] == 0x0D || (input[k] == 0x0A && input[k - 1] != 0x0D) { line += 1 }
                        k += 1
                    }
                    let contentLength = k - j - 1
                    if k < n && contentLength <= limits.maxFieldBytes {
                        quotedFieldClosedAt = k
                    } else {
                        // Runaway: re-read from the quote with the quote literal.
                        output.stats.runawayQuotes += 1
                        output.events.append(TokenizerEvent(
                            kind: contentLength > limits.maxFieldBytes ? .runawayQuote : .quoteOpenAtEndOfInput,
                            line: lineAtQuote, recordLine: recordLine, column: fieldNumber + 1,
                            byteOffset: Int64(j)))
                        ranAway = true
                        literalQuotesUntil = j + limits.maxFieldBytes + 2
                        line = lineAtQuote
                    }
                }

                var anomalyAt: Int? = nil
                if let k = quotedFieldClosedAt {
                    let quoteStart = j
                    t = k + 1
                    while t < n && !isTerminator(input[t]) { t += 1 }
                    if (k + 1..<t).allSatisfy({ dialect.isPadding(input[$0]) }) {
                        field = FieldRange(start: quoteStart + 1, end: k, kind: escaped ? .doubledQuotes : .plain)
                    } else {
                        field = FieldRange(start: quoteStart, end: t, kind: .irregular)
                        anomalyAt = k + 1
                    }
                } else {
                    t = i
                    while t < n && !isTerminator(input[t]) { t += 1 }
                    field = FieldRange(start: fieldStart, end: t, kind: .plain)
                }

                // The record limit is judged at each field's terminator.
                if !truncated && t - recordStart > limits.maxRecordBytes {
                    truncated = true
                    skippedFrom = fieldStart
                    var cut = record
                    cut.flags.insert(.truncated)
                    output.records.append(cut)
                    output.stats.truncatedRecords += 1
                    output.events.append(TokenizerEvent(
                        kind: .recordTooLong, line: recordLine, recordLine: recordLine,
                        column: fieldNumber + 1, byteOffset: Int64(fieldStart)))
                } else if !truncated {
                    if let anomalyAt {
                        record.flags.insert(.quotingAnomaly)
                        output.stats.textAfterClosingQuote += 1
                        output.events.append(TokenizerEvent(
                            kind: .textAfterClosingQuote, line: line, recordLine: recordLine,
                            column: fieldNumber + 1, byteOffset: Int64(anomalyAt)))
                    }
                    // A field re-read after a runaway quote marks its record, if the record keeps it.
                    if ranAway { record.flags.insert(.runawayQuote) }
                    record.fields.append(field)
                }

                if t == n {
                    if truncated { output.stats.bytesSkipped += Int64(n - skippedFrom) } else { output.records.append(record) }
                    endedInsideALine = true
                    break recordLoop
                }
                if input[t] == dialect.delimiter {
                    fieldNumber += 1
                    i = t + 1
                    continue
                }
                // A line break ends the record.
                if truncated { output.stats.bytesSkipped += Int64(t - skippedFrom) } else { output.records.append(record) }
                line += 1
                i = t + ((input[t] == 0x0D && t + 1 < n && input[t + 1] == 0x0A) ? 2 : 1)
                continue recordLoop
            }
        }
        // The last line counts if it has bytes; a final line break ends it without starting one.
        output.stats.lines = endedInsideALine ? line : line - 1
        output.stats.bytes = Int64(n)
        output.stats.records = output.records.count
        output.stats.fields = output.records.reduce(0) { $0 + $1.fields.count }
        return output
    }
}
