/// What a UTF-8 check of some bytes found.
public struct UTF8Report: Sendable, Hashable {
    /// Ill-formed sequences (maximal subparts, each of which would become one U+FFFD).
    public var invalidSequences = 0
    /// The lines (1-based) of the first few ill-formed sequences.
    public var exampleLines: [Int] = []
    /// The first byte of each of those sequences.
    public var exampleBytes: [UInt8] = []
    /// Whether any byte was not ASCII.
    public var sawNonASCII = false

    public init() {}

    /// Checks `bytes`, ASCII eight bytes at a time. A sequence cut off by the end of `bytes` is
    /// ignored when `endIsTruncated` (the bytes are a sample of a longer input).
    ///
    /// Inputs are checked as a whole only here, on the detection sample; past it, every field is
    /// checked as it is written (fields never straddle buffers), and repaired.
    public static func check(
        _ bytes: UnsafeRawBufferPointer, endIsTruncated: Bool, maxExamples: Int = 5
    ) -> UTF8Report {
        var report = UTF8Report()
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return report }
        let end = bytes.count
        var line = 1
        var index = 0
        while index < end {
            // ASCII without line breaks, eight bytes at a time.
            while index &+ 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let lf = word ^ 0x0A0A_0A0A_0A0A_0A0A
                let cr = word ^ 0x0D0D_0D0D_0D0D_0D0D
                let breaks = ((lf &- 0x0101_0101_0101_0101) & ~lf) | ((cr &- 0x0101_0101_0101_0101) & ~cr)
                if (word | breaks) & 0x8080_8080_8080_8080 != 0 { break }
                index &+= 8
            }
            guard index < end else { break }
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
            if report.exampleLines.count < maxExamples {
                report.exampleLines.append(line)
                report.exampleBytes.append(base[index])
            }
            index -= length
        }
        return report
    }
}
