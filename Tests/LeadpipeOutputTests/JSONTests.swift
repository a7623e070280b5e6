import Foundation
import LeadpipeOutput
import LeadpipeTestSupport
import Testing

/// Parses one JSON value with Foundation, as an independent oracle.
func parseJSON(_ bytes: [UInt8]) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

@Suite("JSON strings")
struct JSONStringTests {
    @Test("round-trip through a JSON parser", arguments: [
        "", "plain", "José Müller 山田 🙂", "quote \" and backslash \\", "line\nbreak\r\ttab",
        "\u{0}\u{1}\u{1F}\u{7F}", "=HYPERLINK(\"http://x\")", String(repeating: "abcdefgh", count: 40),
        "eight ch", "ninechars", "é" + String(repeating: "x", count: 15) + "\"",
    ])
    func roundTrip(_ text: String) throws {
        let literal = JSONString.literal(text)
        #expect(try parseJSON(literal) as? String == text)
    }

    @Test("random text round-trips; random bytes come out as the standard library decodes them")
    func randomRoundTrips() throws {
        var random = SeededRandom(seed: 11)
        let pieces = ["a", "bcdefghij", "\"", "\\", "\n", "\u{0}", "\u{1B}", "é", "山", "🙂", " ", "/", "\u{7F}"]
        for _ in 0..<2000 {
            let text = (0..<random.below(20)).map { _ in random.pick(pieces) }.joined()
            #expect(try parseJSON(JSONString.literal(text)) as? String == text)
        }
        for _ in 0..<2000 {
            let bytes = (0..<random.below(30)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let output = OutputBuffer()
            let invalid = bytes.withUnsafeBytes { JSONString.append($0, to: output) }
            let expected = String(decoding: bytes, as: UTF8.self)
            #expect(try parseJSON(output.bytes) as? String == expected)
            #expect((invalid > 0) == expected.unicodeScalars.contains("\u{FFFD}"))
            #expect(String(validating: output.bytes, as: UTF8.self) != nil, "the output must be valid UTF-8")
        }
    }
}

@Suite("JSON strings with a readable tail")
struct JSONTailTests {
    @Test("reading past the value's end changes nothing, whatever the bytes there")
    func tailIsIgnored() {
        var random = SeededRandom(seed: 5)
        let pieces: [[UInt8]] = [[0x61], [0x22], [0x5C], [0x0A], [0x00], [0xC3, 0xA9], [0xE5, 0xB1, 0xB1], [0xFF], [0x20]]
        for _ in 0..<5000 {
            let value = (0..<random.below(20)).flatMap { _ in random.pick(pieces) }
            let junk = (0..<16).map { _ in random.pick([UInt8(0x22), 0x5C, 0x00, 0xFF, 0xC3, 0x41]) }
            let buffer = value + junk
            var expectedInvalid = 0
            let expected = OutputBuffer()
            let target = expected.reserve(JSONString.maxEncodedBytes(value.count))
            expected.commit(value.withUnsafeBytes { JSONString.write($0, to: target, invalid: &expectedInvalid) })
            var invalid = 0
            var attention = false
            let output = OutputBuffer()
            let place = output.reserve(JSONString.maxEncodedBytes(value.count))
            let written = buffer.withUnsafeBytes { bytes in
                JSONString.write(
                    UnsafeRawBufferPointer(rebasing: bytes[0..<value.count]), to: place, invalid: &invalid,
                    sawNonASCIIOrNUL: &attention, tailIsReadable: true)
            }
            output.commit(written)
            #expect(output.bytes == expected.bytes, "\(value)")
            #expect(invalid == expectedInvalid)
            #expect(attention == value.contains { $0 >= 0x80 || $0 == 0 })
        }
    }
}

@Suite("NDJSON rows")
struct NDJSONRowTests {
    func row(_ encoder: NDJSONRowEncoder, _ values: [String]) -> String {
        let output = OutputBuffer()
        let target = output.reserve(encoder.maxRowBytes(fieldCount: values.count, valueBytes: values.reduce(0) { $0 + $1.utf8.count }))
        var written = 0
        var invalid = 0
        for (index, value) in values.enumerated() {
            written += encoder.writeSeparator(beforeField: index, to: target + written)
            written += Array(value.utf8).withUnsafeBytes { JSONString.write($0, to: target + written, invalid: &invalid) }
        }
        written += encoder.writeEnd(ofRowWith: values.count, to: target + written)
        output.commit(written)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    @Test("objects keyed by the header, with nulls for missing fields and _extra for surplus ones")
    func objects() {
        let encoder = NDJSONRowEncoder(header: ["name", "e\"mail", "city"])
        #expect(row(encoder, ["Anna", "a@x.com", "Köln"]) == #"{"name":"Anna","e\"mail":"a@x.com","city":"Köln"}"# + "\n")
        #expect(row(encoder, ["Bob"]) == #"{"name":"Bob","e\"mail":null,"city":null}"# + "\n")
        #expect(row(encoder, []) == #"{"name":null,"e\"mail":null,"city":null}"# + "\n")
        #expect(row(encoder, ["C", "c@x", "Rome", "x", "y"]) == #"{"name":"C","e\"mail":"c@x","city":"Rome","_extra":["x","y"]}"# + "\n")
    }

    @Test("arrays without a header")
    func arrays() {
        let encoder = NDJSONRowEncoder(header: nil)
        #expect(row(encoder, ["a", "b"]) == #"["a","b"]"# + "\n")
        #expect(row(encoder, []) == "[]\n")
    }

    @Test("reports are serialized as ordered JSON")
    func reports() throws {
        let value: JSONValue = .object([("b", 1), ("a", [true, nil, 2.5, "x\n"]), ("empty", .object([]))])
        #expect(value.serialized(pretty: false) == #"{"b":1,"a":[true,null,2.5,"x\n"],"empty":{}}"#)
        let parsed = try parseJSON(Array(value.serialized().utf8)) as? [String: Any]
        #expect(parsed?["b"] as? Int == 1)
    }
}
