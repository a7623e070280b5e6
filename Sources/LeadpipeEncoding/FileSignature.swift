/// What the first bytes of an input say it is, when that is not CSV text.
public struct FileSignature: Sendable, Hashable {
    /// What the file looks like, for a sentence: "an Excel workbook (.xlsx)".
    public var description: String
    /// What to do about it.
    public var advice: String

    /// The whole message: "this is an Excel workbook (.xlsx), not CSV text: open it …".
    public var message: String { "this is \(description), not CSV text: \(advice)" }

    static let saveAsCSV = "open it in Excel, LibreOffice or Google Sheets and save (or export) it as CSV UTF-8"

    /// Recognises binary and non-CSV inputs from their first bytes (4 KiB is plenty).
    ///
    /// Gzip is not listed: leadpipe decompresses it and looks again.
    public static func detect(_ prefix: UnsafeRawBufferPointer) -> FileSignature? {
        let head = Array(prefix.prefix(4096))
        func starts(_ bytes: [UInt8]) -> Bool { head.starts(with: bytes) }
        func starts(_ text: String) -> Bool { head.starts(with: Array(text.utf8)) }
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard needle.count <= head.count else { return false }
            return (0...(head.count - needle.count)).contains { head[$0..<($0 + needle.count)].elementsEqual(needle) }
        }

        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) {
            if contains("xl/") || contains("[Content_Types].xml") && !contains("word/") && !contains("ppt/") {
                return FileSignature(description: "an Excel workbook (.xlsx)", advice: saveAsCSV)
            }
            if contains("application/vnd.oasis.opendocument.spreadsheet") {
                return FileSignature(description: "an OpenDocument spreadsheet (.ods)", advice: saveAsCSV)
            }
            if contains("word/") {
                return FileSignature(description: "a Word document (.docx)", advice: "leads come as CSV; export the table from its source as CSV")
            }
            if contains("ppt/") {
                return FileSignature(description: "a PowerPoint presentation (.pptx)", advice: "leads come as CSV; export the table from its source as CSV")
            }
            // A ZIP whose first entries say nothing: an Office file with unusual ordering, or an
            // archive.
            return FileSignature(
                description: "a ZIP file (a zipped CSV, or an Office document such as .xlsx)",
                advice: "if it is a workbook, " + saveAsCSV + "; if it is an archive, unzip it and convert the CSV file inside")
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return FileSignature(description: "an Excel 97–2003 workbook (.xls) or another old Office document", advice: saveAsCSV)
        }
        if starts("%PDF-") {
            return FileSignature(description: "a PDF document", advice: "export the table from its source as CSV; PDF tables do not convert reliably")
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return FileSignature(description: "a PNG image", advice: "leadpipe reads CSV text; an image of a table needs OCR first")
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            return FileSignature(description: "a JPEG image", advice: "leadpipe reads CSV text; an image of a table needs OCR first")
        }
        if starts("GIF87a") || starts("GIF89a") {
            return FileSignature(description: "a GIF image", advice: "leadpipe reads CSV text")
        }
        if starts("RIFF") && head.count >= 12 && Array(head[8..<12]) == Array("WEBP".utf8) {
            return FileSignature(description: "a WebP image", advice: "leadpipe reads CSV text")
        }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            return FileSignature(description: "a TIFF image", advice: "leadpipe reads CSV text")
        }
        if starts("BZh") && head.count >= 10 && (0x31...0x39).contains(head[3]) && Array(head[4..<10]) == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] {
            return FileSignature(description: "a bzip2-compressed file", advice: "decompress it first (bunzip2 -k FILE), or pipe it: bzcat FILE | leadpipe convert -")
        }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            return FileSignature(description: "an xz-compressed file", advice: "decompress it first, or pipe it: xzcat FILE | leadpipe convert -")
        }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) {
            return FileSignature(description: "a Zstandard-compressed file", advice: "decompress it first, or pipe it: zstdcat FILE | leadpipe convert -")
        }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) {
            return FileSignature(description: "a 7-Zip archive", advice: "extract it and convert the CSV file inside")
        }
        if starts("Rar!\u{1A}\u{07}") {
            return FileSignature(description: "a RAR archive", advice: "extract it and convert the CSV file inside")
        }
        if starts("SQLite format 3\u{0}") {
            return FileSignature(description: "an SQLite database", advice: "export the table: sqlite3 -csv -header FILE 'select * from leads'")
        }
        // "PAR1" and then binary (a Thrift page header), not "PAR1,PAR2" in a CSV header.
        if starts("PAR1") && head.count > 4 && (head[4] < 0x20 && head[4] != 0x09 && head[4] != 0x0A && head[4] != 0x0D) {
            return FileSignature(description: "a Parquet file", advice: "convert it to CSV first (for example with DuckDB: COPY (FROM 'file.parquet') TO 'file.csv')")
        }
        if starts([0x7F, 0x45, 0x4C, 0x46]) {
            return FileSignature(description: "a program (ELF executable)", advice: "check the file name")
        }
        let lowered = head.prefix(512).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let start = String(decoding: lowered.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }, as: UTF8.self)
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") || start.hasPrefix("<table") {
            return FileSignature(
                description: "an HTML page (some tools save HTML tables as .xls)", advice: saveAsCSV)
        }
        if start.hasPrefix("<?xml") && contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return FileSignature(description: "an Excel 2003 XML spreadsheet", advice: saveAsCSV)
        }
        return nil
    }

    /// Whether `sample` looks like binary data rather than text in any encoding leadpipe reads:
    /// many control bytes that UTF-16/32 do not explain. Call after ruling out UTF-16/32.
    public static func looksBinary(_ sample: UnsafeRawBufferPointer) -> Bool {
        let head = sample.prefix(8192)
        guard head.count >= 8 else { return false }
        var controls = 0
        for byte in head where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C {
            controls += 1
        }
        return controls * 10 > head.count  // over 10% control bytes
    }
}
