/// What a UTF-8 check of some bytes found.
public struct UTF8Report: Sendable, Hashable {
    /// Ill-formed sequences (maximal subparts, each of which would become one U+FFFD).
    public var invalidSequences = 0
    /// The lines (1-based) of the first few ill-formed sequences.
    public var exampleLines: [Int] = []
    /// Whether any byte was not ASCII.
    public var sawNonASCII = false

    public init() {}

    /// Checks `bytes`. A sequence cut off by the end of `bytes` is ignored when
    /// `endIsTruncated` (the bytes are a sample of a longer input).
    public static func check(
        _ bytes: UnsafeRawBufferPointer, endIsTruncated: Bool, maxExamples: Int = 5
    ) -> UTF8Report {
        var report = UTF8Report()
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return report }
        let end = bytes.count
        var line = 1
        var index = 0
        while index < end {
            let byte = base[index]
            if byte < 0x80 {
                if byte == 0x0D || (byte == 0x0A && (index == 0 || base[index - 1] != 0x0D)) { line += 1 }
                index += 1
                continue
            }
            report.sawNonASCII = true
            let length = UTF8Sequence.length(at: index, in: base, end: end)
            if length > 0 {
                index += length
                continue
            }
            if endIsTruncated && index - length >= end { break }
            report.invalidSequences += 1
            if report.exampleLines.count < maxExamples { report.exampleLines.append(line) }
            index -= length
        }
        return report
    }
}
