import CLeadpipeScan
import LeadpipeGenerator
import Testing

// The row loop's inline C kernels work 16 bytes at a time and read past the end of a value.
// `leadpipe_copy_plain_text` decides which text values the import writes straight from the
// input; `leadpipe_copy_json_ascii` which normalized values need no JSON escaping;
// `leadpipe_copy_csv_plain` which values rejected.csv writes unquoted;
// `leadpipe_first_non_ascii_or_nul` finds the values field repair must look at. Each must
// answer exactly what a byte-by-byte reading answers, for every length (block boundaries, a run
// of two spaces across one), and never let the bytes after a value change the answer.

@Suite("Row loop text kernels")
struct PlainTextTests {
    /// In shape: no byte below 0x20, no `"` `\` DEL 0xC2, no two spaces in a row.
    private static func referenceInShape(_ value: [UInt8]) -> Bool {
        var previousSpace = false
        for byte in value {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 { return false }
            if byte == 0x20 && previousSpace { return false }
            previousSpace = byte == 0x20
        }
        return true
    }

    @Test("decides as the byte-by-byte reading does, copies the value whole, ignores what follows it")
    func matchesReference() {
        // Mostly letters, so that long values in shape occur; the rest are the bytes that decide.
        let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABC-.,'".utf8)
            + [0x20, 0x20, 0x20, 0x22, 0x5C, 0x7F, 0xC2, 0xA0, 0xC3, 0xA9, 0x1F, 0x09, 0x00, 0x80, 0xFF]
        var random = SeededRandom(seed: 7)
        var inShape = 0
        for trial in 0..<40_000 {
            let length = trial < 100 ? trial % 50 : Int.random(in: 0...70, using: &random)
            // Rarer odd bytes in half the values, so that long values in shape are common too.
            let oddRate = trial % 2 == 0 ? 0.02 : 0.15
            let value: [UInt8] = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &random) < oddRate
                    ? alphabet.randomElement(using: &random)! : alphabet[Int.random(in: 0..<33, using: &random)]
            }
            // What follows the value: spaces (a run with the value's last space), or bad bytes.
            let after: [UInt8] = (0..<16).map { _ in [0x20, 0x22, 0x00, 0x61].randomElement(using: &random)! }
            let expected = Self.referenceInShape(value)
            let buffer = value + after
            var target = [UInt8](repeating: 0xEE, count: length + 32)
            let copied = buffer.withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { out in
                    leadpipe_copy_plain_text(source.baseAddress!, length, out.baseAddress!)
                }
            }
            #expect((copied != 0) == expected, "value \(value) followed by \(after)")
            if copied != 0 {
                inShape += 1
                #expect(Array(target[..<length]) == value)
            }
        }
        // Both answers were exercised many times.
        #expect(inShape > 8_000 && inShape < 32_000)
    }

    @Test("finds the first non-ASCII or NUL byte as a byte-by-byte search does, never one past the end")
    func firstNonASCIIOrNUL() {
        var random = SeededRandom(seed: 11)
        var found = 0
        for trial in 0..<20_000 {
            let length = trial < 100 ? trial % 50 : Int.random(in: 0...90, using: &random)
            let rate = [0.0, 0.005, 0.03, 0.2][trial % 4]
            let value: [UInt8] = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &random) < rate
                    ? [0x00, 0x80, 0xC3, 0xFF].randomElement(using: &random)! : UInt8.random(in: 0x01...0x7F, using: &random)
            }
            // What follows: bytes the search would stop at, if it looked past the end.
            let buffer = value + [UInt8](repeating: 0xC3, count: 8) + [UInt8](repeating: 0, count: 8)
            let expected = value.firstIndex { $0 >= 0x80 || $0 == 0 } ?? length
            let result = buffer.withUnsafeBufferPointer { leadpipe_first_non_ascii_or_nul($0.baseAddress!, length) }
            #expect(result == expected, "value \(value)")
            if expected < length { found += 1 }
        }
        #expect(found > 5_000 && found < 15_000)
    }

    @Test("copies (or only checks) ASCII that JSON takes as it is, as the byte-by-byte reading decides; leaves the rest to the general writer")
    func jsonASCII() {
        let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789+@.-_ /".utf8)
            + [0x22, 0x5C, 0x7F, 0x1F, 0x00, 0x0A, 0x80, 0xC3, 0xA9, 0xFF]
        var random = SeededRandom(seed: 13)
        var copied = 0
        for trial in 0..<30_000 {
            let length = trial < 100 ? trial % 50 : Int.random(in: 0...70, using: &random)
            let oddRate = [0.0, 0.01, 0.05][trial % 3]
            let value: [UInt8] = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &random) < oddRate
                    ? alphabet[Int.random(in: 43..<alphabet.count, using: &random)] : alphabet[Int.random(in: 0..<43, using: &random)]
            }
            let after: [UInt8] = (0..<16).map { _ in [0x22, 0x00, 0xFF, 0x61].randomElement(using: &random)! }
            let expected = value.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
            var target = [UInt8](repeating: 0xEE, count: length + 32)
            let result = (value + after).withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { leadpipe_copy_json_ascii(source.baseAddress!, length, $0.baseAddress!) }
            }
            #expect((result != 0) == expected, "value \(value)")
            // The check alone (for values normalized straight into the output) decides the same.
            let checked = (value + after).withUnsafeBufferPointer { leadpipe_is_json_ascii($0.baseAddress!, length) }
            #expect((checked != 0) == expected, "value \(value)")
            if result != 0 {
                copied += 1
                #expect(Array(target[..<length]) == value)
            }
        }
        #expect(copied > 8_000 && copied < 25_000)
    }

    @Test("copies what a CSV field holds unquoted, as the byte-by-byte reading decides, for any delimiter and quote")
    func csvPlain() {
        let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789 .-'".utf8) + [0x2C, 0x3B, 0x09, 0x22, 0x0D, 0x0A, 0xC3, 0xA9]
        var random = SeededRandom(seed: 17)
        var copied = 0
        for trial in 0..<30_000 {
            let (delimiter, quote): (UInt8, UInt8) = [(0x2C, 0x22), (0x3B, 0x22), (0x09, 0x27)][trial % 3]
            let length = trial < 100 ? trial % 50 : Int.random(in: 0...70, using: &random)
            let oddRate = [0.0, 0.01, 0.05][(trial / 3) % 3]
            let value: [UInt8] = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &random) < oddRate
                    ? alphabet[Int.random(in: 40..<alphabet.count, using: &random)] : alphabet[Int.random(in: 0..<40, using: &random)]
            }
            let after: [UInt8] = (0..<16).map { _ in [delimiter, quote, 0x0A, 0x61].randomElement(using: &random)! }
            let expected = !value.contains { $0 == delimiter || $0 == quote || $0 == 0x0D || $0 == 0x0A }
            var target = [UInt8](repeating: 0xEE, count: length + 32)
            let result = (value + after).withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer {
                    leadpipe_copy_csv_plain(source.baseAddress!, length, $0.baseAddress!, delimiter, quote)
                }
            }
            #expect((result != 0) == expected, "value \(value), delimiter \(delimiter), quote \(quote)")
            if result != 0 {
                copied += 1
                #expect(Array(target[..<length]) == value)
            }
        }
        #expect(copied > 8_000 && copied < 25_000)
    }
}
