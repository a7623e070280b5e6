// How this works
// --------------
// The sniffer guesses a file's dialect from a sample, the way CleverCSV does: every candidate
// (delimiter, quote) pair tokenizes the sample, and is scored by
//
//   pattern score × type score
//
// The pattern score rewards many rows of the same width (CleverCSV's (1/K)·Σ N_k·(L_k−1)/L_k over
// the K distinct row widths, so one-column parses score 0 and ragged parses are divided down).
// The type score is the share of cells that look like something — an empty cell, a number, a
// date, an e-mail, a URL, a phone number or words — rather than the debris of a wrong split
// (cells with stray quotes, half-quoted text). Quoting anomalies cost a candidate extra.
//
// With the dialect chosen, lines at the top whose width disagrees with the rest (titles,
// "Exported on …", comment lines) are the preamble; an Excel `sep=;` line both names the
// delimiter and is skipped. The first remaining row is a header when its cells read like
// labels while the rows below read like data.

/// What a sniff decided, with its evidence.
public struct SniffResult: Sendable {
    /// The delimiter and quote.
    public var dialect: Dialect
    /// 0…1: how clearly the chosen dialect beat the next best.
    public var dialectConfidence: Double
    /// Whether the first row after the preamble names the columns.
    public var hasHeader: Bool
    /// 0…1: how clearly the header question was answered.
    public var headerConfidence: Double
    /// Physical lines before the header (or first data row): junk, comments, `sep=`.
    public var preambleLines: Int
    /// The preamble lines' text, as far as the sample holds them (for reporting).
    public var preamble: [String]
    /// Whether the first line was an Excel `sep=X` line.
    public var hasExcelSeparatorLine: Bool
    /// How lines end in the sample.
    public var lineEndings: LineEndings
    /// The most common number of fields per row.
    public var columnCount: Int
    /// Share of sampled rows that have `columnCount` fields.
    public var consistency: Double
    /// Rows the sample held (after the preamble).
    public var sampleRows: Int
    /// Bytes of the sample that were used.
    public var sampleBytes: Int
    /// Things a person should know: a one-column file with plausible delimiters, say.
    public var warnings: [String]
    /// Every candidate tried, best first, with its score.
    public var candidates: [(dialect: Dialect, score: Double)]
}

/// How lines end.
public enum LineEndings: String, Sendable {
    case lf = "LF"
    case crlf = "CRLF"
    case cr = "CR"
    case mixed = "mixed"
    case none = "none"

    /// Counts line endings outside nothing in particular (raw bytes): good enough to report.
    static func of(_ sample: UnsafeRawBufferPointer) -> LineEndings {
        var lf = 0, crlf = 0, cr = 0
        var index = 0
        while index < sample.count {
            let byte = sample[index]
            if byte == 0x0D {
                if index + 1 < sample.count && sample[index + 1] == 0x0A {
                    crlf += 1
                    index += 1
                } else if index + 1 < sample.count {
                    cr += 1
                }
            } else if byte == 0x0A {
                lf += 1
            }
            index += 1
        }
        let kinds = [(lf, LineEndings.lf), (crlf, .crlf), (cr, .cr)].filter { $0.0 > 0 }
        if kinds.isEmpty { return .none }
        return kinds.count == 1 ? kinds[0].1 : .mixed
    }
}

/// Choices a person made on the command line; the sniffer keeps them and guesses the rest.
public struct SniffOverrides: Sendable {
    /// The delimiter, if given.
    public var delimiter: UInt8?
    /// The quote, if given: `.some(nil)` means "no quoting".
    public var quote: UInt8??
    /// Whether there is a header, if given.
    public var header: Bool?
    /// Physical lines to skip before the header, if given (disables preamble detection).
    public var skipLines: Int?

    public init(delimiter: UInt8? = nil, quote: UInt8?? = nil, header: Bool? = nil, skipLines: Int? = nil) {
        self.delimiter = delimiter
        self.quote = quote
        self.header = header
        self.skipLines = skipLines
    }
}

/// Guesses dialect, preamble and header from a sample of a file.
public enum Sniffer {
    /// Delimiters tried first, in order of preference when scores tie.
    static let commonDelimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]  // , ; tab |
    /// Other bytes that some exports use; tried when they occur on most lines.
    static let otherDelimiters: [UInt8] = Array(":^~#!&*+=/\\".utf8) + [0x20]
    /// How much of the sample is looked at first; more only if that is ambiguous.
    public static let firstLook = 64 << 10

    /// Sniffs `sample`, the start of a file (after any byte order mark).
    ///
    /// - Parameters:
    ///   - sample: the first bytes of the input; up to 1 MiB is useful.
    ///   - isWholeInput: whether `sample` is the entire input (so its last line is complete).
    ///   - overrides: what the user fixed.
    public static func sniff(
        _ sample: UnsafeRawBufferPointer, isWholeInput: Bool, overrides: SniffOverrides = SniffOverrides()
    ) -> SniffResult {
        // A first look at 64 KiB; the whole sample when that is ambiguous or holds few rows.
        if sample.count > firstLook {
            let cut = lastLineBreak(in: sample, before: firstLook)
            if cut > 0 {
                let quick = sniffOnce(UnsafeRawBufferPointer(rebasing: sample[..<cut]), isWholeInput: false, overrides: overrides)
                if quick.dialectConfidence >= 0.5 && quick.sampleRows >= 20 { return quick }
            }
        }
        return sniffOnce(sample, isWholeInput: isWholeInput, overrides: overrides)
    }

    static func lastLineBreak(in sample: UnsafeRawBufferPointer, before limit: Int) -> Int {
        var index = min(limit, sample.count) - 1
        while index >= 0 {
            if sample[index] == 0x0A || sample[index] == 0x0D { return index + 1 }
            index -= 1
        }
        return 0
    }

    static func sniffOnce(_ sample: UnsafeRawBufferPointer, isWholeInput: Bool, overrides: SniffOverrides) -> SniffResult {
        var warnings: [String] = []
        var skip = 0
        var excelLine = false
        var forcedDelimiter = overrides.delimiter

        // Excel's `sep=;` first line.
        if let byte = excelSeparatorLine(sample) {
            excelLine = true
            skip = 1
            // The user's own choices win over the file's: a quote given on the command line
            // cannot also be the delimiter.
            if forcedDelimiter == nil && overrides.quote.map({ $0 != byte }) ?? true { forcedDelimiter = byte }
        }
        if let skipLines = overrides.skipLines { skip = skipLines }
        let body = UnsafeRawBufferPointer(rebasing: sample[byteOffset(ofLine: skip, in: sample)...])

        // Score every candidate.
        let quotes: [UInt8?] = overrides.quote.map { [$0] } ?? [0x22, 0x27, nil]
        var delimiters = forcedDelimiter.map { [$0] } ?? commonDelimiters
        var parses: [SampleParse] = []
        func parse(_ delimiters: [UInt8]) {
            for delimiter in delimiters {
                for quote in quotes where quote != delimiter {
                    parses.append(SampleParse(body, dialect: Dialect(delimiter: delimiter, quote: quote), isWholeInput: isWholeInput))
                }
            }
        }
        parse(delimiters)
        if parses.isEmpty {
            // Only possible when the forced quote is the forced delimiter: read without quoting.
            parses.append(SampleParse(body, dialect: Dialect(delimiter: delimiters[0], quote: nil), isWholeInput: isWholeInput))
        }
        // Rarer delimiters (`:`, `^`, space …) only when no common one makes a consistent table:
        // free text is full of spaces and colons.
        if forcedDelimiter == nil && !parses.contains(where: { $0.looksLikeATable }) {
            let others = otherDelimiters.filter { isPlausible($0, in: body) }
            delimiters += others
            parse(others)
        }
        // A candidate that reads far fewer rows than another (a quote that swallows the sample)
        // loses in proportion.
        let mostRows = max(1, parses.map(\.rows.count).max() ?? 1)
        var scored: [(dialect: Dialect, score: Double, parse: SampleParse)] = []
        for parse in parses {
            let dialect = parse.dialect
            var score = parse.patternScore * Double(parse.rows.count) / Double(mostRows) * max(parse.typeScore, 0.05)
            // Preferences break near-ties: common delimiters; the double quote, then the single
            // quote, then none; and a quote character that quotes nothing is as good as none.
            if !commonDelimiters.contains(dialect.delimiter) { score *= 0.9 }
            if dialect.quote == 0x27 { score *= 0.97 }
            if dialect.quote == nil || parse.quotedFields == 0 { score *= 0.9 }
            scored.append((dialect, score, parse))
        }
        // Best first; near-ties (within 1%) go to the earlier candidate, which is the preferred
        // one: common delimiters first, then ", ', none. A quote character the sample barely
        // uses stays the RFC's double quote, so quoted fields later in the file still read.
        scored = scored.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
        if let top = scored.first?.score,
           let preferred = scored.indices.filter({ scored[$0].score >= top * 0.99 }).min(by: { index, other in
               parses.firstIndex { $0.dialect == scored[index].dialect }! < parses.firstIndex { $0.dialect == scored[other].dialect }!
           }), preferred != 0
        {
            scored.insert(scored.remove(at: preferred), at: 0)
        }
        let best = scored[0]
        let second = scored.dropFirst().first { $0.dialect.delimiter != best.dialect.delimiter || $0.parse.widths != best.parse.widths }
        var confidence = best.score <= 0 ? 0 : min(1, (best.score - (second?.score ?? 0)) / best.score * 2)
        if delimiters.count == 1 && quotes.count == 1 { confidence = 1 }
        let parse = best.parse

        // Preamble: rows at the top whose width disagrees with the body of the file.
        var preambleRows = 0
        if overrides.skipLines == nil && parse.rows.count > 1 {
            preambleRows = detectPreamble(parse)
        }
        let headerRow = preambleRows < parse.rows.count ? preambleRows : nil
        let preambleLines = skip + (headerRow.map { parse.rows[$0].line - 1 } ?? 0)
        var preamble: [String] = []
        if preambleLines > 0 {
            preamble = lines(of: sample, count: min(preambleLines, 20))
        }

        // Header.
        var hasHeader = true
        var headerConfidence = 0.5
        if let override = overrides.header {
            hasHeader = override
            headerConfidence = 1
        } else if let headerRow {
            (hasHeader, headerConfidence) = judgeHeader(parse, headerRow: headerRow)
        }

        let dataRows = Array(parse.rows.dropFirst(preambleRows))
        let widths = dataRows.map(\.cells.count)
        let modal = mode(of: widths) ?? 0
        let consistency = widths.isEmpty ? 1 : Double(widths.filter { $0 == modal }.count) / Double(widths.count)

        confidence *= 0.5 + 0.5 * consistency

        // A one-column result while other delimiters sit on most lines is suspicious.
        if modal == 1 {
            let shares = (commonDelimiters + otherDelimiters)
                .filter { $0 != best.dialect.delimiter && $0 != 0x20 }
                .map { ($0, shareOfLines(containing: $0, in: body)) }
            if let (candidate, share) = shares.max(by: { $0.1 < $1.1 }) {
                if share >= 0.5 {
                    warnings.append(
                        "every row reads as one column with delimiter \(Dialect.display(best.dialect.delimiter)), but "
                            + "\(Int(share * 100))% of lines contain \(Dialect.display(candidate)); "
                            + "if that separates the fields, pass --delimiter \(delimiterArgument(candidate))")
                }
            }
        }
        if consistency < 0.9 && widths.count >= 5 {
            warnings.append("only \(Int(consistency * 100))% of sampled rows have \(modal) fields; expect ragged rows")
        }

        return SniffResult(
            dialect: best.dialect, dialectConfidence: max(0, confidence), hasHeader: hasHeader,
            headerConfidence: headerConfidence, preambleLines: preambleLines, preamble: preamble,
            hasExcelSeparatorLine: excelLine, lineEndings: LineEndings.of(sample), columnCount: modal,
            consistency: consistency, sampleRows: dataRows.count, sampleBytes: sample.count, warnings: warnings,
            candidates: scored.prefix(6).map { ($0.dialect, $0.score) })
    }

    /// The X of `sep=X` (optionally quoted, any case) alone on the first line.
    static func excelSeparatorLine(_ sample: UnsafeRawBufferPointer) -> UInt8? {
        var end = 0
        while end < sample.count && end < 16 && sample[end] != 0x0A && sample[end] != 0x0D { end += 1 }
        var line = Array(sample[0..<end])
        if line.first == 0x22 && line.last == 0x22 && line.count >= 2 { line = Array(line.dropFirst().dropLast()) }
        guard line.count == 5 else { return nil }
        let prefix = line.prefix(4).map { $0 | 0x20 }
        guard prefix == Array("sep=".utf8), Dialect.isAllowedDelimiter(line[4]), line[4] != 0x22 else { return nil }
        return line[4]
    }

    /// The byte offset where physical line `line` (0-based) starts.
    static func byteOffset(ofLine line: Int, in sample: UnsafeRawBufferPointer) -> Int {
        var remaining = line
        var index = 0
        while remaining > 0 && index < sample.count {
            if sample[index] == 0x0D {
                if index + 1 < sample.count && sample[index + 1] == 0x0A { index += 1 }
                remaining -= 1
            } else if sample[index] == 0x0A {
                remaining -= 1
            }
            index += 1
        }
        return index
    }

    static func lines(of sample: UnsafeRawBufferPointer, count: Int) -> [String] {
        (0..<count).map { line in
            let start = byteOffset(ofLine: line, in: sample)
            var end = start
            while end < sample.count && sample[end] != 0x0A && sample[end] != 0x0D { end += 1 }
            return String(decoding: sample[start..<min(end, start + 200)], as: UTF8.self)
        }
    }

    /// A byte outside the common four is a candidate only if it occurs on most lines.
    static func isPlausible(_ byte: UInt8, in body: UnsafeRawBufferPointer) -> Bool {
        shareOfLines(containing: byte, in: body) >= 0.8
    }

    static func shareOfLines(containing byte: UInt8, in body: UnsafeRawBufferPointer) -> Double {
        var lines = 0, containing = 0, seen = false, lineHasBytes = false
        for current in body.prefix(firstLook) {
            if current == 0x0A || current == 0x0D {
                if lineHasBytes {
                    lines += 1
                    if seen { containing += 1 }
                }
                seen = false
                lineHasBytes = false
            } else {
                lineHasBytes = true
                if current == byte { seen = true }
            }
        }
        if lineHasBytes {
            lines += 1
            if seen { containing += 1 }
        }
        return lines == 0 ? 0 : Double(containing) / Double(lines)
    }

    static func delimiterArgument(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: return "tab"
        case 0x3B: return "';'"
        case 0x7C: return "'|'"
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }

    static func mode(of values: [Int]) -> Int? {
        var counts: [Int: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// The number of rows at the top that are preamble: comment lines (`#…`, narrower than the
    /// table) and rows at most half as wide as the table (titles, "Exported on …"), provided
    /// the rows after them have the table's width.
    static func detectPreamble(_ parse: SampleParse) -> Int {
        let rows = parse.rows
        guard let modal = mode(of: rows.map(\.cells.count)) else { return 0 }
        var index = 0
        while index < min(rows.count - 1, 30) {
            let row = rows[index]
            let width = row.cells.count
            let isComment = row.isComment && width != modal
            guard isComment || (modal > 1 && width * 2 <= modal) else { break }
            index += 1
        }
        if index > 0 && !rows[index...].prefix(3).allSatisfy({ $0.cells.count == modal }) { return 0 }
        return index
    }

    /// Whether `headerRow` reads like column names above data, and how sure that is.
    static func judgeHeader(_ parse: SampleParse, headerRow: Int) -> (Bool, Double) {
        let header = parse.rows[headerRow]
        let data = parse.rows.dropFirst(headerRow + 1).prefix(200)
        var evidence = 0.0
        var weight = 0.0
        let headerTypes = header.cells.map(\.type)
        // Labels are non-empty, distinct text.
        let nonEmpty = header.cells.filter { $0.type != .empty }
        if nonEmpty.count == header.cells.count { evidence += 0.5 } else { evidence -= 0.5 * Double(header.cells.count - nonEmpty.count) }
        weight += 0.5
        if Set(header.cells.map(\.text)).count == header.cells.count { evidence += 0.25 } else { evidence -= 0.5 }
        weight += 0.5
        for (column, headerType) in headerTypes.enumerated() {
            if headerType.isTypedValue {
                evidence -= 1
                weight += 1
                continue
            }
            if looksLikeLabel(header.cells[column].text) {
                evidence += 1
                weight += 1
            }
            let columnTypes = data.compactMap { $0.cells.count > column ? $0.cells[column].type : nil }.filter { $0 != .empty }
            guard columnTypes.count >= 3 else { continue }
            let typed = columnTypes.filter(\.isTypedValue).count
            if Double(typed) >= 0.6 * Double(columnTypes.count) {
                // The column holds numbers, e-mails, URLs…: the first row does not.
                evidence += headerType == .text ? 1 : 0.5
                weight += 1
            }
        }
        if data.isEmpty {
            // A lone row: a header when it reads like labels.
            return (evidence > 0, min(1, max(0.3, evidence / max(weight, 1))))
        }
        let score = evidence / max(weight, 1)
        return (score > -0.1, min(1, abs(score) + 0.2))
    }

    /// Header words seen in lead exports, in several languages.
    static let labelWords: [String] = [
        "name", "first", "last", "full", "email", "e-mail", "mail", "phone", "mobile", "tel", "company",
        "organization", "organisation", "account", "title", "job", "position", "status", "stage", "source",
        "score", "value", "amount", "deal", "tags", "tag", "notes", "note", "comment", "linkedin", "url",
        "website", "city", "country", "state", "zip", "postal", "address", "id", "date", "created", "owner",
        "list", "flow", "vorname", "nachname", "firma", "telefon", "prénom", "nom", "société", "nombre",
        "apellido", "empresa", "teléfono", "correo", "imię", "nazwisko", "naam", "telefoon", "bedrijf",
    ]

    static func looksLikeLabel(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return labelWords.contains { lowered.contains($0) }
    }
}

/// A sample tokenized under one candidate dialect.
struct SampleParse {
    struct Cell {
        var text: String
        var type: CellType
    }

    struct Row {
        var cells: [Cell]
        var line: Int
        var isComment: Bool
    }

    var dialect: Dialect
    var rows: [Row] = []
    /// Fields that were quoted (and read cleanly).
    var quotedFields = 0
    var patternScore = 0.0
    var typeScore = 0.0
    var widths: [Int: Int] = [:]

    /// Two or more columns, with at least 80% of rows of the most common width.
    var looksLikeATable: Bool {
        guard let (width, count) = widths.max(by: { $0.value < $1.value }), width > 1 else { return false }
        return Double(count) >= 0.8 * Double(rows.count)
    }

    init(_ body: UnsafeRawBufferPointer, dialect: Dialect, isWholeInput: Bool) {
        self.dialect = dialect
        // Short limits: in a sample, a quoted field of 8 KiB is far more likely an unterminated
        // quote than a note, and it must not swallow the rest of the sample.
        var tokenizer = Tokenizer(dialect: dialect, limits: TokenizerLimits(maxFieldBytes: 8 << 10, maxRecordBytes: 64 << 10))
        var batch = RecordBatch(fieldCapacity: 4096)
        // A sample cut short may end inside a row, or inside a quoted field: read only the rows
        // that end within it.
        _ = tokenizer.tokenize(body, isFinal: isWholeInput, into: &batch)
        var scratch: [UInt8] = []
        var typed = 0, cells = 0
        for index in 0..<batch.count {
            let info = batch.record(index)
            var row = Row(cells: [], line: info.line, isComment: false)
            for fieldIndex in batch.fieldIndices(ofRecord: index) {
                let field = batch.field(fieldIndex)
                if let quote = dialect.quote, field.kind != .irregular, field.start > 0,
                   body[Int(field.start) - 1] == quote
                {
                    quotedFields += 1
                }
                let cell = RecordBatch.withValue(of: field, in: body, quote: dialect.quote, scratch: &scratch) { value in
                    Cell(text: String(decoding: value.prefix(256), as: UTF8.self), type: CellType.of(value))
                }
                row.cells.append(cell)
            }
            if let first = row.cells.first?.text, first.hasPrefix("#") { row.isComment = true }
            for cell in row.cells {
                cells += 1
                if cell.type != .other { typed += 1 }
            }
            widths[row.cells.count, default: 0] += 1
            rows.append(row)
        }
        // CleverCSV's pattern score over row widths.
        if !widths.isEmpty {
            let sum = widths.reduce(0.0) { total, entry in
                // A row of no fields (a record cut before its first field ended) scores nothing.
                entry.key == 0 ? total : total + Double(entry.value) * Double(entry.key - 1) / Double(entry.key)
            }
            patternScore = sum / Double(widths.count) / Double(max(rows.count, 1))
        }
        typeScore = cells == 0 ? 0 : Double(typed) / Double(cells)
        // Quoting anomalies mean this quote character is probably wrong.
        let anomalies = tokenizer.stats.textAfterClosingQuote + tokenizer.stats.runawayQuotes
        if anomalies > 0 { typeScore *= max(0.2, 1 - 0.5 * Double(anomalies) / Double(max(rows.count, 1))) }
    }
}
