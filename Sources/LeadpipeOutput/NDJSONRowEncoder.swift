/// Encodes schema-less rows as NDJSON: one JSON object per row, keyed by the header's names in
/// the file's column order; or one JSON array of strings per row when there is no header.
///
/// A row with fewer fields than the header gets `null` for the missing ones; a row with more
/// keeps the surplus under `"_extra"` as an array. Keys are encoded once, up front; a row costs
/// one copy per key plus the escaping of its values.
public struct NDJSONRowEncoder {
    // `{"k0":`, `,"k1":`, … concatenated; `keyEnds[i]` is where key i ends.
    @usableFromInline let keys: KeyTable
    /// The number of named columns (0 for arrays).
    public let columnCount: Int

    /// An encoder for objects keyed by `header`, or for arrays when `header` is `nil`.
    public init(header: [String]?) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for (index, name) in (header ?? []).enumerated() {
            bytes.append(index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            bytes += JSONString.literal(name)
            bytes.append(UInt8(ascii: ":"))
            ends.append(bytes.count)
        }
        keys = KeyTable(bytes: bytes, ends: ends)
        columnCount = header?.count ?? 0
    }

    /// Whether rows become objects (there is a header).
    public var writesObjects: Bool { columnCount > 0 }

    /// The most bytes a row of `fieldCount` fields whose values total `valueBytes` bytes takes,
    /// counting the bytes scribbled past each piece by whole-word copies.
    @inlinable
    public func maxRowBytes(fieldCount: Int, valueBytes: Int) -> Int {
        // Each key once (before a value or a null): its bytes, 8 of overshoot, and "null".
        // Each value: 6 bytes per byte plus quotes and overshoot (maxEncodedBytes), and a separator.
        keys.totalBytes &+ columnCount &* 12
            &+ valueBytes &* 6 &+ fieldCount &* 12
            &+ 48
    }

    /// Writes what goes before field `index` of a row: `{"key":` or `,"key":` for named
    /// columns, `,"_extra":[` before the first surplus field, `[` or `,` in arrays. Returns the
    /// bytes written; up to 8 bytes past them may be scribbled on.
    @inlinable @inline(__always)
    public func writeSeparator(beforeField index: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        if index < columnCount {
            return keys.copyKey(index, to: target)
        } else if columnCount == 0 {
            target[0] = index == 0 ? UInt8(ascii: "[") : UInt8(ascii: ",")
            return 1
        } else if index == columnCount {
            return Self.copy(",\"_extra\":[", to: target)
        } else {
            target[0] = UInt8(ascii: ",")
            return 1
        }
    }

    /// Writes the end of a row of `fieldCount` fields whose values were written: `null` for
    /// missing named fields, the closing brackets, and a line feed. Returns the bytes written.
    @inlinable
    public func writeEnd(ofRowWith fieldCount: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        if columnCount == 0 {
            var written = 0
            if fieldCount == 0 {
                target[0] = UInt8(ascii: "[")
                written = 1
            }
            return written + Self.copy("]\n", to: target + written)
        }
        var written = 0
        if fieldCount < columnCount {
            for index in fieldCount..<columnCount {
                written += writeSeparator(beforeField: index, to: target + written)
                written += Self.copy("null", to: target + written)
            }
        } else if fieldCount > columnCount {
            target[written] = UInt8(ascii: "]")
            written += 1
        }
        return written + Self.copy("}\n", to: target + written)
    }

    @inlinable @inline(__always)
    static func copy(_ literal: StaticString, to target: UnsafeMutablePointer<UInt8>) -> Int {
        let count = literal.utf8CodeUnitCount
        target.update(from: literal.utf8Start, count: count)
        return count
    }
}

/// The encoded keys, in memory that lives as long as the encoder, so that copying one needs no
/// array access (and no retain) per field.
@usableFromInline
final class KeyTable: @unchecked Sendable {
    // Immutable after init; @unchecked only because it holds pointers.
    @usableFromInline let bytes: UnsafeMutableRawBufferPointer
    @usableFromInline let ends: UnsafeMutableBufferPointer<Int>

    /// The bytes of all keys together.
    @usableFromInline let totalBytes: Int

    init(bytes: [UInt8], ends: [Int]) {
        // Eight bytes of padding, so that keys can be copied a whole word at a time.
        self.bytes = .allocate(byteCount: bytes.count + 8, alignment: 8)
        self.bytes.initializeMemory(as: UInt8.self, repeating: 0)
        self.bytes.copyBytes(from: bytes)
        totalBytes = bytes.count
        self.ends = .allocate(capacity: max(ends.count, 1))
        _ = self.ends.initialize(from: ends)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    /// Copies key `index`, separator included, to `target` in whole words; returns its length.
    /// Up to 8 bytes past the key may be written.
    @inlinable @inline(__always)
    func copyKey(_ index: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        let start = index == 0 ? 0 : ends[index &- 1]
        let count = ends[index] &- start
        let source = bytes.baseAddress! + start
        var offset = 0
        while offset < count {
            let word = source.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            UnsafeMutableRawPointer(target + offset).storeBytes(of: word, as: UInt64.self)
            offset &+= 8
        }
        return count
    }
}
