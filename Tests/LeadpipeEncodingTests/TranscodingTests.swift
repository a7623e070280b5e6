import Foundation
import LeadpipeEncoding
import LeadpipeTestSupport
import Testing

/// Transcodes `bytes` from `encoding`, delivered in pieces of the given sizes.
func transcode(_ bytes: [UInt8], from encoding: TextEncoding, pieces: [Int]) -> (String, Int) {
    var transcoder = Transcoder(from: encoding)
    var output: [UInt8] = []
    var offset = 0
    var sizes = pieces
    repeat {
        let size = sizes.isEmpty ? bytes.count : sizes.removeFirst()
        let end = min(bytes.count, offset + size)
        let isFinal = end == bytes.count
        var target = [UInt8](repeating: 0, count: Transcoder.maxOutputBytes(forInput: end - offset))
        let written = bytes[offset..<end].withUnsafeBytes { input in
            target.withUnsafeMutableBufferPointer { transcoder.transcode(input, isFinal: isFinal, into: $0.baseAddress!) }
        }
        output += target[..<written]
        offset = end
        if isFinal { break }
    } while true
    return (String(decoding: output, as: UTF8.self), transcoder.replacements)
}

@Suite("Transcoding")
struct TranscodingTests {
    @Test("every fixture decodes to its table's text", arguments: encodedFixtures.filter { $0.encodings != [.utf8] }.map(\.file))
    func fixtures(_ file: String) throws {
        let fixture = try #require(encodedFixtures.first { $0.file == file })
        var bytes = try fixtureBytes(file)
        let expected = String(decoding: try fixtureBytes(fixture.expected + ".expected.csv"), as: UTF8.self)
        let encoding = fixture.encodings[0]
        if let mark = ByteOrderMark.detect(in: bytes), TextEncoding(mark) == encoding {
            bytes.removeFirst(mark.bytes.count)
        }
        #expect(transcode(bytes, from: encoding, pieces: []).0 == expected)
    }

    @Test("UTF-16 and UTF-32 split at every byte decode the same", arguments: [
        TextEncoding.utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian, .utf32BigEndian,
    ])
    func everySplit(_ encoding: TextEncoding) throws {
        let text = "a🙂b Łódź 山田 👨‍👩‍👧 zz"
        let bytes: [UInt8]
        switch encoding {
        case .utf16LittleEndian: bytes = text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        case .utf16BigEndian: bytes = text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        case .utf32LittleEndian:
            bytes = text.unicodeScalars.flatMap { scalar -> [UInt8] in (0..<4).map { UInt8((scalar.value >> (8 * UInt32($0))) & 0xFF) } }
        default:
            bytes = text.unicodeScalars.flatMap { scalar -> [UInt8] in (0..<4).reversed().map { UInt8((scalar.value >> (8 * UInt32($0))) & 0xFF) } }
        }
        for split in 0...bytes.count {
            #expect(transcode(bytes, from: encoding, pieces: [split]) == (text, 0), "split at \(split)")
        }
        for size in 1...9 {
            #expect(transcode(bytes, from: encoding, pieces: Array(repeating: size, count: bytes.count)) == (text, 0))
        }
    }

    @Test("unpaired surrogates, odd bytes and undefined bytes become U+FFFD and are counted")
    func replacements() {
        // High surrogate without a low one, then a lone low surrogate, then an odd byte.
        let units: [UInt16] = [0x61, 0xD83D, 0x62, 0xDE42, 0x63]
        let bytes = units.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] } + [0x41]
        #expect(transcode(bytes, from: .utf16LittleEndian, pieces: [3]) == ("a\u{FFFD}b\u{FFFD}c\u{FFFD}", 3))
        #expect(transcode([0x61, 0x81, 0x62], from: .windows1252, pieces: []) == ("a\u{FFFD}b", 1))
        #expect(transcode([0x00, 0x00, 0x11, 0x00], from: .utf32LittleEndian, pieces: []) == ("\u{FFFD}", 1))  // U+110000
    }

    @Test("single-byte code pages decode all 256 bytes as their tables say")
    func allBytes() {
        for page in CodePage.all {
            let (text, replaced) = transcode(Array(0...255), from: page.encoding, pieces: [100])
            let expected = String(String.UnicodeScalarView((0...255).map { page.scalar(for: UInt8($0)) ?? "\u{FFFD}" }))
            #expect(text == expected, "\(page.name)")
            #expect(replaced == page.upperHalf.filter { $0 == 0xFFFD }.count)
        }
    }
}
