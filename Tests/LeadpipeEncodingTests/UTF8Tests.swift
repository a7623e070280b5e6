import LeadpipeEncoding
import LeadpipeTestSupport
import Testing

/// Decodes `bytes` the way leadpipe does: well-formed sequences kept, each maximal subpart of an
/// ill-formed one replaced by U+FFFD.
private func repaired(_ bytes: [UInt8]) -> (String, Int) {
    var output: [UInt8] = []
    var invalid = 0
    bytes.withUnsafeBufferPointer { buffer in
        var index = 0
        while index < buffer.count {
            if buffer[index] < 0x80 {
                output.append(buffer[index])
                index += 1
                continue
            }
            let length = UTF8Sequence.length(at: index, in: buffer.baseAddress!, end: buffer.count)
            if length > 0 {
                output += buffer[index..<index + length]
                index += length
            } else {
                output += UTF8Sequence.replacementCharacter
                invalid += 1
                index -= length
            }
        }
    }
    return (String(decoding: output, as: UTF8.self), invalid)
}

@Suite("UTF-8 sequences")
struct UTF8SequenceTests {
    @Test("replaces exactly what the standard library replaces", arguments: [
        ([0x4A, 0x6F, 0x73, 0xC3, 0xA9], 0),      // José
        ([0xC3], 1),                               // cut short
        ([0xC0, 0x80], 2),                         // overlong: two maximal subparts
        ([0xE0, 0x80, 0x80], 3),                   // overlong three-byte
        ([0xED, 0xA0, 0x80], 3),                   // surrogate
        ([0xF4, 0x90, 0x80, 0x80], 4),             // above U+10FFFF
        ([0xE6, 0xBC], 1),                         // a CJK character cut after two bytes
        ([0xF0, 0x9F, 0x99, 0x82], 0),             // 🙂
        ([0xFF, 0x41], 1),
        ([0x80, 0x80, 0x41], 2),
    ] as [([UInt8], Int)])
    func knownCases(_ bytes: [UInt8], _ expectedInvalid: Int) {
        let (text, invalid) = repaired(bytes)
        #expect(text == String(decoding: bytes, as: UTF8.self))
        #expect(invalid == expectedInvalid)
    }

    @Test("agrees with the standard library on random bytes")
    func randomBytes() {
        var random = SeededRandom(seed: 3)
        let interesting: [UInt8] = [0x41, 0x80, 0xBF, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x90, 0x8F]
        for _ in 0..<20_000 {
            let bytes = (0..<random.below(12)).map { _ in random.chance(0.7) ? random.pick(interesting) : UInt8(truncatingIfNeeded: random.next()) }
            #expect(repaired(bytes).0 == String(decoding: bytes, as: UTF8.self), "\(bytes)")
        }
    }
}

@Suite("Byte order marks and sample checks")
struct ByteOrderMarkTests {
    @Test("detects every mark, UTF-32LE before UTF-16LE")
    func detectsMarks() {
        for mark in ByteOrderMark.allCases {
            #expect(ByteOrderMark.detect(in: mark.bytes + [0x41, 0x00]) == mark)
        }
        #expect(ByteOrderMark.detect(in: Array("name,email".utf8)) == nil)
        #expect(ByteOrderMark.detect(in: [UInt8]()) == nil)
    }

    @Test("counts invalid sequences with their lines, ignoring a cut-off end")
    func checksSample() {
        let bytes: [UInt8] = Array("a\nb\r\n".utf8) + [0xF6] + Array("\nok\n".utf8) + [0xC3]
        let truncated = bytes.withUnsafeBytes { UTF8Report.check($0, endIsTruncated: true) }
        #expect(truncated.invalidSequences == 1)
        #expect(truncated.exampleLines == [3])
        let whole = bytes.withUnsafeBytes { UTF8Report.check($0, endIsTruncated: false) }
        #expect(whole.invalidSequences == 2)
        #expect(whole.exampleLines == [3, 5])
        #expect(whole.sawNonASCII)
    }
}
