/// Turns the raw bytes of a field into its value. Used lazily, only for fields a consumer reads.
public enum FieldUnescaper {
    /// Appends the value of a field with raw bytes `raw` and kind `kind` to `output`.
    ///
    /// - `.plain`: the bytes as they are.
    /// - `.doubledQuotes`: the inside of a quoted field; every `""` becomes `"`.
    /// - `.irregular`: the bytes from the opening quote to the delimiter of a field with text
    ///   after its closing quote. The quoted part is un-escaped; the closing quote and the rest
    ///   are kept literally: `"ab"c` → `ab"c`, `"a""b" x` → `a"b" x`.
    @inlinable
    public static func appendValue(
        _ raw: UnsafeRawBufferPointer, kind: FieldRange.Kind, quote: UInt8, to output: inout [UInt8]
    ) {
        switch kind {
        case .plain:
            output.append(contentsOf: raw)
        case .doubledQuotes:
            var index = 0
            while index < raw.count {
                let byte = raw[index]
                output.append(byte)
                // Inside a quoted field every quote is the first of a pair; skip the second.
                index += (byte == quote && index + 1 < raw.count && raw[index + 1] == quote) ? 2 : 1
            }
        case .irregular:
            var index = raw.count > 0 && raw[0] == quote ? 1 : 0
            while index < raw.count {
                let byte = raw[index]
                if byte == quote {
                    if index + 1 < raw.count && raw[index + 1] == quote {
                        output.append(quote)
                        index += 2
                        continue
                    }
                    // The closing quote: it and everything after it are literal.
                    output.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index...]))
                    return
                }
                output.append(byte)
                index += 1
            }
        }
    }

    /// Writes the value of a field at `target` (room for `raw.count` bytes: a value is never
    /// longer than its raw bytes); returns its length.
    @inlinable
    public static func writeValue(
        _ raw: UnsafeRawBufferPointer, kind: FieldRange.Kind, quote: UInt8, to target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var written = 0
        var index = 0
        switch kind {
        case .plain:
            if let source = raw.baseAddress { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: raw.count) }
            return raw.count
        case .doubledQuotes:
            while index < raw.count {
                let byte = raw[index]
                target[written] = byte
                written += 1
                index += (byte == quote && index + 1 < raw.count && raw[index + 1] == quote) ? 2 : 1
            }
        case .irregular:
            index = raw.count > 0 && raw[0] == quote ? 1 : 0
            while index < raw.count {
                let byte = raw[index]
                if byte == quote {
                    if index + 1 < raw.count && raw[index + 1] == quote {
                        target[written] = quote
                        written += 1
                        index += 2
                        continue
                    }
                    // The closing quote: it and everything after it are literal.
                    while index < raw.count {
                        target[written] = raw[index]
                        written += 1
                        index += 1
                    }
                    return written
                }
                target[written] = byte
                written += 1
                index += 1
            }
        }
        return written
    }
}
