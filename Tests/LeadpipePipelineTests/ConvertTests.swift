import Foundation
import LeadpipeEncoding
import LeadpipePipeline
import LeadpipeTestSupport
import LeadpipeTokenizer
import Testing

/// Converts a fixture into a scratch file; returns the report, the objects and the raw text.
func convertFixture(
    _ name: String, overrides: SniffOverrides = SniffOverrides(), output: String = "out.ndjson",
    chunkSize: Int = 4 << 20, limits: TokenizerLimits = .default
) throws -> (ConvertReport, [Any], String) {
    let directory = try Fixtures.scratchDirectory()
    let path = directory.appendingPathComponent(output).path
    var options = ConvertOptions(inputPath: name.hasPrefix("/") ? name : Fixtures.path(name), outputPath: path)
    options.overrides = overrides
    options.chunkSize = chunkSize
    options.limits = limits
    let report = try convert(options)
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    if output.hasSuffix(".gz") { data = Data(gunzip(Array(data)) ?? []) }
    return (report, try Fixtures.parseNDJSON(data), String(decoding: data, as: UTF8.self))
}

@Suite("convert")
struct ConvertTests {
    @Test("the lead fixture becomes one object per row, keys in column order, values as written")
    func leads() throws {
        let (report, rows, text) = try convertFixture("leads.csv")
        #expect(report.rows == 10)
        #expect(rows.count == 10)
        #expect(text.hasPrefix(#"{"First Name":"José","Last Name":"García","E-mail Address":"jose.garcia@example.es","Company":"Acme, Inc.""#))
        let first = try #require(rows.first as? [String: Any])
        #expect(first["Notes"] as? String == #"Met at "SaaStr", wants a demo"#)
        #expect(first["Deal Value"] as? String == "$1,234.56")
        let third = try #require(rows[2] as? [String: Any])
        #expect(third["Notes"] as? String == "Call back\nafter Q3")
        #expect(third["LinkedIn URL"] as? String == "")
        let seventh = try #require(rows[6] as? [String: Any])
        #expect(seventh["E-mail Address"] as? String == " mary.obrien@example.com ")
        #expect(report.shortRows.count == 0 && report.longRows.count == 0)
        #expect(report.tokenizer.textAfterClosingQuote == 0)
    }

    @Test("ragged rows: missing fields are null, surplus fields kept under _extra, all counted")
    func ragged() throws {
        let (report, rows, _) = try convertFixture("edge/ragged.csv")
        #expect(rows.count == 4)
        let short = try #require(rows[1] as? [String: Any])
        #expect(short["email"] is NSNull && short["city"] is NSNull && short["name"] as? String == "Bob")
        let long = try #require(rows[2] as? [String: Any])
        #expect(long["_extra"] as? [String] == ["extra", "more"])
        #expect(report.shortRows.count == 1 && report.shortRows.first == [3])
        #expect(report.longRows.count == 1 && report.longRows.first == [4])
        #expect(report.blankLines == 1)
    }

    @Test("an unterminated quote is reported with its line and the rest of the file arrives")
    func unterminatedQuote() throws {
        let (report, rows, _) = try convertFixture("edge/unterminated-quote.csv")
        #expect(rows.count == 4)
        #expect((rows[1] as? [String: Any])?["note"] as? String == "\"never closed")
        #expect((rows[3] as? [String: Any])?["name"] as? String == "Dora")
        let event = try #require(report.anomalies.first.first)
        #expect(event.kind == .quoteOpenAtEndOfInput)
        #expect(event.line == 3 && event.column == 3)
    }

    @Test("empty and header-only files are not errors and write no rows")
    func emptyFiles() throws {
        let (empty, emptyRows, emptyText) = try convertFixture("edge/empty.csv")
        #expect(empty.rows == 0 && emptyRows.isEmpty && emptyText.isEmpty)
        let (headerOnly, rows, text) = try convertFixture("edge/header-only.csv")
        #expect(headerOnly.rows == 0 && rows.isEmpty && text.isEmpty)
        #expect(headerOnly.columns == ["name", "email", "city"])
    }

    @Test("a file that is not UTF-8 is read in the code page that fits")
    func invalidUTF8() throws {
        let (report, rows, _) = try convertFixture("edge/invalid-utf8.csv")
        #expect((rows[0] as? [String: Any])?["city"] as? String == "Köln")
        #expect(report.encoding.encoding == .windows1252)
        #expect(report.encoding.evidence.first == "invalid UTF-8 at line 2 (0xF6)")
    }

    @Test("bytes that cannot be decoded become U+FFFD, and their rows are flagged with lines")
    func undecodable() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("bad.csv")
        // UTF-16LE with an unpaired surrogate in the second row.
        let units = Array("name,city\nJosé,Köln\nAnna,K".utf16) + [0xD800] + Array("ln\nBob,Oslo\n".utf16)
        try Data([0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: path)
        let (report, rows, _) = try convertFixture(path.path)
        #expect((rows[1] as? [String: Any])?["city"] as? String == "K\u{FFFD}ln")
        #expect(report.rowsWithUndecodable.count == 1 && report.rowsWithUndecodable.first == [3])
        #expect(report.repairs[RepairKind.undecodable.rawValue].first == [3])
    }

    @Test("header names are trimmed, filled and made unique")
    func oddHeader() throws {
        let (report, _, text) = try convertFixture("edge/odd-header.csv")
        #expect(report.columns == ["name", "email", "email_2", "column_4", "_extra_2", "city"])
        #expect(text.hasPrefix(#"{"name":"Anna","email":"a@x.com","email_2":"b@x.com","column_4":"1","_extra_2":"2","city":"Köln"}"#))
    }

    @Test("text after a closing quote is kept and counted; padding around quotes is dropped")
    func quoting() throws {
        let (report, rows, _) = try convertFixture("edge/quoting.csv")
        #expect((rows[0] as? [String: Any])?["quote"] as? String == "ab\"c")
        #expect((rows[1] as? [String: Any])?["quote"] as? String == "padded")
        #expect(report.tokenizer.textAfterClosingQuote == 1)
    }

    @Test("a byte order mark, an Excel sep= line and a preamble are skipped")
    func skippedPrefixes() throws {
        let (bom, _, bomText) = try convertFixture("sniff/bom.csv")
        #expect(bom.columns == ["name", "email"] && bomText.hasPrefix(#"{"name":"Anna""#))
        let (excel, excelRows, _) = try convertFixture("sniff/excel-sep.csv")
        #expect(excel.columns == ["name", "city", "amount"])
        #expect((excelRows[0] as? [String: Any])?["amount"] as? String == "1,5")
        let (preamble, preambleRows, _) = try convertFixture("sniff/preamble.csv")
        #expect(preamble.sniff.preambleLines == 3)
        #expect(preamble.columns == ["name", "email", "city"] && preambleRows.count == 4)
    }

    @Test("without a header, rows are arrays")
    func noHeader() throws {
        let (report, rows, _) = try convertFixture("sniff/no-header.csv")
        #expect(report.columns == nil)
        #expect(rows.first as? [String] == ["Anna", "anna@example.com", "42"])
        #expect(rows.count == 4)
        let (forced, forcedRows, _) = try convertFixture("sniff/comma.csv", overrides: SniffOverrides(header: false))
        #expect(forced.rows == 4 && forcedRows.first as? [String] == ["name", "city", "amount"])
    }

    @Test(".gz output inflates to the same NDJSON")
    func gzip() throws {
        let (_, _, plain) = try convertFixture("leads.csv")
        let (_, _, inflated) = try convertFixture("leads.csv", output: "out.ndjson.gz")
        #expect(inflated == plain)
    }

    @Test("streaming in tiny chunks gives the same output as one big chunk")
    func chunking() throws {
        var options = GeneratorOptions(rows: 3000, seed: 9)
        options.raggedRate = 0.02
        options.blankLineRate = 0.01
        options.crlf = true
        let directory = try Fixtures.scratchDirectory()
        let input = directory.appendingPathComponent("in.csv")
        try Data(generateLeadFile(options)).write(to: input)
        let (whole, _, wholeText) = try convertFixture(input.path)
        for chunkSize in [97, 1000, 65_536] {
            let (chunked, _, chunkedText) = try convertFixture(input.path, chunkSize: chunkSize)
            #expect(chunkedText == wholeText, "chunk size \(chunkSize)")
            #expect(chunked.rows == whole.rows && chunked.shortRows.count == whole.shortRows.count)
        }
        #expect(whole.rows == 3000)
    }

    @Test("a failed output leaves no file behind")
    func failedOutput() throws {
        var options = ConvertOptions(inputPath: Fixtures.path("leads.csv"), outputPath: "/nonexistent-dir/out.ndjson")
        options.gzipLevel = 6
        #expect(throws: (any Error).self) { try convert(options) }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir"))
    }

    @Test("an unreadable input names the file")
    func missingInput() {
        #expect {
            try convert(ConvertOptions(inputPath: "/no/such/file.csv", outputPath: nil))
        } throws: { error in
            "\(error)".contains("/no/such/file.csv") && "\(error)".contains("No such file")
        }
    }

    @Test("a record cut before its first field ended is written as a row of nulls, and counted")
    func truncatedToNothing() throws {
        let directory = try Fixtures.scratchDirectory()
        let input = directory.appendingPathComponent("long.csv")
        try Data("a,b\n1,2\n\(String(repeating: "x", count: 40))".utf8).write(to: input)
        let (report, rows, _) = try convertFixture(input.path, limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 10))
        #expect(rows.count == 2)
        let cut = try #require(rows[1] as? [String: Any])
        #expect(cut["a"] is NSNull && cut["b"] is NSNull)
        #expect(report.tokenizer.truncatedRecords == 1 && report.shortRows.count == 1)
    }

    @Test("wide headers and huge escaped values fit the space reserved for a row")
    func rowReservation() throws {
        let directory = try Fixtures.scratchDirectory()
        let input = directory.appendingPathComponent("wide.csv")
        let header = (1...120).map { "column number \($0)" }.joined(separator: ",")
        let text = String(repeating: "plain text ", count: 1_000)  // so the file does not look binary
        let controls = String(repeating: "\u{01}", count: 300_000)
        try Data("\(header)\n\(text)\n\(controls)\n".utf8).write(to: input)
        let (_, rows, _) = try convertFixture(input.path, overrides: SniffOverrides(delimiter: UInt8(ascii: ","), header: true))
        let row = try #require(rows.last as? [String: Any])
        #expect((row["column number 1"] as? String)?.count == 300_000)
        #expect(row["column number 120"] is NSNull)
    }
}

@Suite("sniff")
struct SniffTests {
    @Test("finds delimiter, quote, header and preamble", arguments: [
        ("sniff/comma.csv", ",", "\"", true, 0),
        ("sniff/semicolon.csv", ";", "\"", true, 0),
        ("sniff/tab.tsv", "\t", "\"", true, 0),
        ("sniff/pipe.csv", "|", "\"", true, 0),
        ("sniff/colon.csv", ":", "\"", true, 0),
        ("sniff/single-quote.csv", ",", "'", true, 0),
        ("sniff/excel-sep.csv", ";", "\"", true, 1),
        ("sniff/preamble.csv", ",", "\"", true, 3),
        ("sniff/no-header.csv", ",", "\"", false, 0),
        ("sniff/crlf-semicolon.csv", ";", "\"", true, 0),
        ("edge/unterminated-quote.csv", ",", "\"", true, 0),
        ("leads.csv", ",", "\"", true, 0),
    ])
    func sniffs(_ name: String, _ delimiter: String, _ quote: String, _ header: Bool, _ preamble: Int) throws {
        let report = try sniffFile(path: Fixtures.path(name), overrides: SniffOverrides())
        #expect(report.sniff.dialect.delimiter == delimiter.utf8.first)
        #expect(report.sniff.dialect.quote == quote.utf8.first)
        #expect(report.sniff.hasHeader == header)
        #expect(report.sniff.preambleLines == preamble)
    }

    @Test("generated files in every delimiter sniff right")
    func generated() throws {
        for delimiter in Array(",;\t|".utf8) {
            var options = GeneratorOptions(rows: 300, seed: UInt64(delimiter))
            options.delimiter = delimiter
            let bytes = generateLeadFile(options)
            let result = bytes.withUnsafeBytes { Sniffer.sniff($0, isWholeInput: true) }
            #expect(result.dialect == Dialect(delimiter: delimiter), "delimiter \(delimiter)")
            #expect(result.hasHeader && result.columnCount == 15 && result.preambleLines == 0)
        }
    }

    @Test("an unterminated quote early in a long file changes neither the delimiter nor the quote")
    func earlyUnterminatedQuote() {
        let text = "id,note\n1,\"never closed\n" + String(repeating: "some text, more text\n", count: 20_000)
        let result = Array(text.utf8).withUnsafeBytes { Sniffer.sniff($0, isWholeInput: false) }
        #expect(result.dialect == .csv)
        #expect(result.columnCount == 2 && result.preambleLines == 0)
    }

    @Test("a forced quote that an Excel sep= line names as delimiter does not break sniffing")
    func conflictingSeparatorLine() {
        let text = "sep='\nname,city\nAnna,Köln\n"
        let result = Array(text.utf8).withUnsafeBytes {
            Sniffer.sniff($0, isWholeInput: true, overrides: SniffOverrides(quote: .some(UInt8(ascii: "'"))))
        }
        #expect(result.dialect == Dialect(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "'")))
        #expect(result.preambleLines == 1)
    }

    @Test("a file that reads as one column while its lines hold another delimiter is a warning")
    func oneColumnWarning() throws {
        let report = try sniffFile(path: Fixtures.path("sniff/semicolon.csv"), overrides: SniffOverrides(delimiter: UInt8(ascii: "|")))
        #expect(report.sniff.columnCount == 1)
        #expect(report.sniff.warnings.contains { $0.contains("';'") })
    }

    @Test("the sample rows and column names are what convert would write")
    func sampleRows() throws {
        let report = try sniffFile(path: Fixtures.path("leads.csv"), overrides: SniffOverrides())
        #expect(report.columns?.first == "First Name")
        #expect(report.sampleRows.count == 5)
        #expect(report.sampleRows.first?.first == "José")
    }
}

@Suite("bench")
struct BenchTests {
    @Test("counts the rows and fields it parsed")
    func counts() throws {
        let result = try bench(path: Fixtures.path("leads.csv"), runs: 3, overrides: SniffOverrides())
        #expect(result.rows == 10)
        #expect(result.fields == 11 * 12)
        #expect(result.runs.count == 3)
        #expect(result.bytes == Int64(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("leads.csv"))).count))
    }
}
