import Foundation
import LeadpipeEncoding
import LeadpipeOutput
import LeadpipePipeline
import LeadpipeTestSupport
import Testing

/// The rows of a converted fixture, as JSON text lines.
func convertedLines(_ path: String, encoding: TextEncoding? = nil, repairs: Bool = true) throws -> (ConvertReport, [String]) {
    let directory = try Fixtures.scratchDirectory()
    let output = directory.appendingPathComponent("out.ndjson").path
    var options = ConvertOptions(inputPath: path, outputPath: output)
    options.encoding = encoding
    options.repairs = repairs
    let report = try convert(options)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    return (report, text.split(separator: "\n").map(String.init))
}

@Suite("Reading every encoding")
struct ReadingEncodingsTests {
    static let files = try! FileManager.default.contentsOfDirectory(atPath: Fixtures.path("encodings"))
        .filter { !$0.contains(".expected.") }.sorted()

    @Test("every encoded fixture converts to the same rows as its UTF-8 original", arguments: files)
    func sameRows(_ file: String) throws {
        let table = String(file.prefix { $0 != "." })
        let (_, expected) = try convertedLines(Fixtures.path("encodings/\(table).expected.csv"))
        let (report, rows) = try convertedLines(Fixtures.path("encodings/\(file)"))
        #expect(rows == expected, "\(file) read as \(report.encoding.encoding)")
        #expect(report.rowsWithUndecodable.count == 0)
    }

    @Test("--encoding overrides detection")
    func override() throws {
        let path = Fixtures.path("encodings/western.mac-roman.csv")
        let (report, rows) = try convertedLines(path, encoding: .windows1252)
        #expect(report.encoding.encoding == .windows1252 && report.encodingWasGiven)
        let (_, expected) = try convertedLines(Fixtures.path("encodings/western.expected.csv"))
        #expect(rows != expected, "Mac Roman read as Windows-1252 must differ")
    }

    @Test("repairs are counted by kind with their lines; --no-repair leaves text alone")
    func repairCounts() throws {
        let mojibake = Fixtures.path("encodings/many-scripts.mojibake.csv")
        let (report, _) = try convertedLines(mojibake)
        #expect(report.repairs[RepairKind.mojibake.rawValue].count == 8)
        #expect(report.repairs[RepairKind.mojibake.rawValue].first.prefix(3) == [2, 3, 4])
        let (raw, rows) = try convertedLines(mojibake, repairs: false)
        #expect(raw.repairs.allSatisfy { $0.count == 0 })
        #expect(rows[0].contains("JosÃ©"))
        let mixed = Fixtures.path("encodings/mixed.utf-8+windows-1252.csv")
        let (mixedReport, _) = try convertedLines(mixed)
        #expect(mixedReport.repairs[RepairKind.legacyBytes.rawValue].count == 10)
        let (unrepaired, unrepairedRows) = try convertedLines(mixed, repairs: false)
        #expect(unrepaired.rowsWithUndecodable.count == 10)
        #expect(unrepairedRows.last?.contains("\u{FFFD}") == true)
    }

    @Test("a bad byte deep in a UTF-8 file, past the detection sample, is found and repaired with its line")
    func deepBadByte() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("deep.csv").path
        var bytes = Array("name,city\n".utf8)
        for row in 0..<400_000 { bytes += Array("row\(row),Köln\n".utf8) }  // 6.5 MB of valid UTF-8
        bytes += Array("last,K".utf8) + [0xF6] + Array("ln\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(bytes.count > PreparedInput.encodingSampleBytes)
        let (report, rows) = try convertedLines(path)
        #expect(report.encoding.encoding == .utf8)
        #expect(report.repairs[RepairKind.legacyBytes.rawValue].count == 1)
        #expect(report.repairs[RepairKind.legacyBytes.rawValue].first == [400_002])
        #expect(rows.last == #"{"name":"last","city":"Köln"}"#)
    }

    @Test("gzip input is decompressed transparently, from a file or standard input's bytes")
    func gzipInput() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("leads.csv.gz").path
        let plain = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("encodings/many-scripts.utf-16le-bom.csv")))
        let file = try AtomicFileSink(path: path)
        // Two gzip members, as parallel compressors write.
        let half = plain.count / 2
        for part in [plain[..<half], plain[half...]] {
            let member = MemberSink()
            let gzip = try GzipSink(downstream: member, level: 6, name: "member")
            try Data(part).withUnsafeBytes { try gzip.write($0) }
            try gzip.finish()
            try member.bytes.withUnsafeBytes { try file.write($0) }
        }
        try file.finish()
        let (report, rows) = try convertedLines(path)
        #expect(report.compression == "gzip" && report.encoding.encoding == .utf16LittleEndian)
        let (_, expected) = try convertedLines(Fixtures.path("encodings/many-scripts.expected.csv"))
        #expect(rows == expected)
    }

    @Test("corrupt gzip data is an error that names the file")
    func corruptGzip() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("bad.csv.gz").path
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: path))
        #expect {
            try convert(ConvertOptions(inputPath: path, outputPath: nil))
        } throws: { error in
            "\(error)".contains("bad.csv.gz") && "\(error)".contains("gzip")
        }
    }

    @Test("files that are not CSV text are refused with what they are", arguments: [
        ([0x50, 0x4B, 0x03, 0x04] + Array("\u{14}\u{0}\u{6}\u{0}[Content_Types].xml xl/workbook.xml".utf8), "Excel workbook (.xlsx)"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], "Excel 97–2003 workbook"),
        (Array("%PDF-1.7\n%âãÏÓ\n".utf8), "PDF document"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "PNG image"),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 16], "JPEG image"),
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0] + Array("leads.csv".utf8), "ZIP file"),
        (Array("<!DOCTYPE html><html><table><tr><td>a</td></tr></table>".utf8), "HTML page"),
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0] + Array("ppt/slides/slide1.xml".utf8), "PowerPoint"),
        ([0x50, 0x41, 0x52, 0x31, 0x15, 0x04, 0x15, 0x10], "Parquet"),
        ([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 100), "program"),
        ((0..<200).map { UInt8($0 % 7) }, "binary data"),
    ] as [([UInt8], String)])
    func refusals(_ bytes: [UInt8], _ what: String) throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("leads.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            try convert(ConvertOptions(inputPath: path, outputPath: nil))
        } throws: { error in
            "\(error)".contains(what) && "\(error)".contains("leads.csv")
        }
    }
}

/// Writes `bytes` to a new file and converts it.
func convertedBytes(_ bytes: [UInt8], name: String = "in.csv", encoding: TextEncoding? = nil, repairs: Bool = true)
    throws -> (ConvertReport, [String])
{
    let directory = try Fixtures.scratchDirectory()
    let path = directory.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return try convertedLines(path, encoding: encoding, repairs: repairs)
}

/// One gzip member of `bytes`.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let member = MemberSink()
    let gzip = try GzipSink(downstream: member, level: 6, name: "member")
    try bytes.withUnsafeBytes { try gzip.write($0) }
    try gzip.finish()
    return member.bytes
}

@Suite("Encodings: cases found in review")
struct EncodingReviewTests {
    @Test("one valid UTF-8 sequence and one Windows-1252 byte: UTF-8 with a legacy field, nothing lost")
    func singleSequence() throws {
        let (report, rows) = try convertedBytes(Array("First,Last\n".utf8) + [0xC3, 0x81] + Array("lvaro,M".utf8) + [0xFC] + Array("ller\n".utf8))
        #expect(report.encoding.encoding == .utf8)
        #expect(rows == [#"{"First":"Álvaro","Last":"Müller"}"#])
        #expect(report.repairs[RepairKind.legacyBytes.rawValue].count == 1)
    }

    @Test("a Windows-1250 file's Polish letters are not taken for mojibake")
    func polishInWindows1250() throws {
        let text = "Firma,Miasto\nSPÓŁDZIELNIA MLECZARSKA,Łódź\nBIURO PODRÓŻY,Kraków\n"
        var bytes: [UInt8] = []
        var encoder = TextEncoder(to: .windows1250)
        var utf8 = Array(text.utf8)
        utf8.withUnsafeBytes { encoder.encode($0, into: &bytes) }
        let (report, rows) = try convertedBytes(bytes)
        #expect(report.encoding.encoding == .windows1250)
        #expect(rows == [#"{"Firma":"SPÓŁDZIELNIA MLECZARSKA","Miasto":"Łódź"}"#, #"{"Firma":"BIURO PODRÓŻY","Miasto":"Kraków"}"#])
        #expect(report.repairs.allSatisfy { $0.count == 0 })
    }

    @Test("U+FFFD and repairs in the header row are counted with its line")
    func headerRepairs() throws {
        // UTF-16LE with a lone high surrogate in the first header name.
        let (report, _) = try convertedBytes([0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00, 0x31, 0x00, 0x2C, 0x00, 0x32, 0x00, 0x0A, 0x00])
        #expect(report.rowsWithUndecodable.first == [1])
        let (raw, _) = try convertedBytes(Array("n".utf8) + [0xFF] + Array("me,city\nJosé,y\n".utf8), repairs: false)
        #expect(raw.encoding.encoding == .utf8)
        #expect(raw.rowsWithUndecodable.first == [1])
    }

    @Test("a byte order mark wins over --encoding when they disagree, with a warning")
    func markBeatsGivenEncoding() throws {
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in "Name,City\nJosé,Paris\n".utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let (report, rows) = try convertedBytes(bytes, encoding: .utf16LittleEndian)
        #expect(report.encoding.encoding == .utf16BigEndian)
        #expect(rows == [#"{"Name":"José","City":"Paris"}"#])
        #expect(report.sniff.warnings.contains { $0.contains("byte order mark") })
        let (utf8, utf8Rows) = try convertedBytes([0xEF, 0xBB, 0xBF] + Array("Name\nZoë\n".utf8), encoding: .windows1252)
        #expect(utf8.encoding.encoding == .utf8 && utf8Rows == [#"{"Name":"Zoë"}"#])
    }

    @Test("the byte count is the input's own bytes")
    func inputBytes() throws {
        let path = Fixtures.path("encodings/many-scripts.utf-16le-bom.csv")
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let (report, _) = try convertedLines(path)
        #expect(report.bytes == Int64(size))
        let (bomOnly, _) = try convertedBytes([0xEF, 0xBB, 0xBF])
        #expect(bomOnly.bytes == 3)
    }

    @Test("zero padding or junk after a complete gzip member is ignored with a warning")
    func gzipTrailingData() throws {
        for trailer in [[UInt8](repeating: 0, count: 512), Array("junk".utf8), [0x1F]] {
            let (report, rows) = try convertedBytes(try gzipped(Array("a,b\n1,2\n".utf8)) + trailer, name: "p.csv.gz")
            #expect(rows == [#"{"a":"1","b":"2"}"#])
            #expect(report.inputWarnings.contains { $0.contains("ignored") })
        }
    }

    @Test("gzip inside gzip is refused with what to do")
    func doubleGzip() throws {
        #expect {
            try convertedBytes(try gzipped(try gzipped(Array("a,b\n1,2\n".utf8))), name: "twice.csv.gz")
        } throws: { "\($0)".contains("gzip inside gzip") }
    }

    @Test("a CSV whose first cell starts with PAR1 is not taken for Parquet")
    func parquetLookalike() throws {
        let (_, rows) = try convertedBytes(Array("PAR1,PAR2\n1,2\n".utf8))
        #expect(rows == [#"{"PAR1":"1","PAR2":"2"}"#])
    }
}

/// Collects bytes (one gzip member at a time).
final class MemberSink: ByteSink {
    var bytes: [UInt8] = []
    func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes += bytes }
    func finish() throws {}
    func abandon() {}
}
