import LeadpipeOutput
import LeadpipeTokenizer

/// `table` written as CSV text in `dialect` (which must have a quote).
public func writeCSV(_ table: [[String]], dialect: Dialect, lineEnding: String = "\n") -> String {
    let writer = CSVWriter(delimiter: dialect.delimiter, quote: dialect.quote ?? 0x22, lineEnding: lineEnding)
    let output = OutputBuffer()
    for row in table { writer.appendRow(row, to: output) }
    return String(decoding: output.bytes, as: UTF8.self)
}

/// A generated lead file, whole, as bytes.
public func generateLeadFile(_ options: GeneratorOptions) -> [UInt8] {
    var generator = LeadGenerator(options: options)
    let output = OutputBuffer()
    generator.appendHeader(to: output)
    for _ in 0..<options.rows { generator.appendRow(to: output) }
    return output.bytes
}
