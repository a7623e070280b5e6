import Foundation
import LeadpipeEncoding
import LeadpipeTestSupport
import Testing

/// Every encoded fixture, with the encoding it was written in.
let encodedFixtures: [(file: String, expected: String, encodings: [TextEncoding])] = [
    ("many-scripts.utf-8.csv", "many-scripts", [.utf8]),
    ("many-scripts.utf-8-bom.csv", "many-scripts", [.utf8]),
    ("many-scripts.utf-16le.csv", "many-scripts", [.utf16LittleEndian]),
    ("many-scripts.utf-16be.csv", "many-scripts", [.utf16BigEndian]),
    ("many-scripts.utf-16le-bom.csv", "many-scripts", [.utf16LittleEndian]),
    ("many-scripts.utf-16be-bom.csv", "many-scripts", [.utf16BigEndian]),
    ("many-scripts.utf-32le-bom.csv", "many-scripts", [.utf32LittleEndian]),
    // Identical bytes for text without 0x80…0x9F: either name reads them the same.
    ("western.windows-1252.csv", "western", [.windows1252, .iso8859_1]),
    ("western.iso-8859-1.csv", "western", [.windows1252, .iso8859_1]),
    ("western.mac-roman.csv", "western", [.macRoman]),
    ("western-1252.windows-1252.csv", "western-1252", [.windows1252]),
    ("western-15.iso-8859-15.csv", "western-15", [.iso8859_15]),
    ("central.windows-1250.csv", "central", [.windows1250]),
    ("central.iso-8859-2.csv", "central", [.iso8859_2]),
    ("cyrillic.windows-1251.csv", "cyrillic", [.windows1251]),
    ("cyrillic.utf-8.csv", "cyrillic", [.utf8]),
]

func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("encodings/" + name))))
}

@Suite("Encoding detection")
struct DetectionTests {
    @Test("names the encoding each fixture was written in", arguments: encodedFixtures.map(\.file))
    func detects(_ file: String) throws {
        let fixture = try #require(encodedFixtures.first { $0.file == file })
        let bytes = try fixtureBytes(file)
        let guess = bytes.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: true) }
        #expect(fixture.encodings.contains(guess.encoding), "\(file): \(guess.encoding) \(guess.evidence)")
        #expect(!guess.evidence.isEmpty)
    }

    @Test("a UTF-8 file with some Windows-1252 rows stays UTF-8, with Windows-1252 for the odd fields")
    func mixed() throws {
        let bytes = try fixtureBytes("mixed.utf-8+windows-1252.csv")
        let guess = bytes.withUnsafeBytes { EncodingDetector.detect($0, isWholeInput: true) }
        #expect(guess.encoding == .utf8)
        #expect(guess.fallback == .windows1252)
        #expect(guess.evidence.joined().contains("invalid UTF-8 at line"))
    }
}
