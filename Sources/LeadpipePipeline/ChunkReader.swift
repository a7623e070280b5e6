#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// Reads input into one reused buffer, carrying the unconsumed tail of each buffer to the front
/// of the next, as the tokenizer requires:
///
/// ```
/// while true {
///     let consumed = tokenizer.tokenize(reader.unconsumed, isFinal: reader.isAtEnd, into: &batch)
///     …use the batch…
///     reader.consume(consumed)
///     if reader.isAtEnd { break }
///     try reader.refill()
/// }
/// ```
///
/// ```
/// buffer: [ carried tail | new bytes ............ ]   capacity ≥ tail + chunkSize
/// ```
///
/// The buffer grows only when a carried tail plus a chunk no longer fits, which the tokenizer's
/// limits bound; so memory is bounded whatever the input.
public final class ChunkReader {
    private let source: ByteSource
    private let chunkSize: Int
    // Invariant: 0 <= start <= count <= capacity; base[start..<count] holds unconsumed bytes.
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var count = 0
    private var reachedEnd = false
    /// Bytes read from the source so far.
    public private(set) var bytesRead: Int64 = 0

    /// - Parameters:
    ///   - source: where bytes come from.
    ///   - chunkSize: new bytes per buffer (the last may hold fewer).
    public init(source: ByteSource, chunkSize: Int = 4 << 20) {
        self.source = source
        self.chunkSize = chunkSize
        capacity = chunkSize * 2
        base = ChunkReader.allocate(capacity)
    }

    /// Bytes past the end of the buffer that can be read (zeros), so that word-at-a-time code
    /// may read a few bytes beyond the last value without a bounds check.
    public static let readableSlack = 16

    private static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        // All of it initialized, so that reading a little past the data never reads memory that
        // was never written.
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity + readableSlack, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + readableSlack)
        return base
    }

    deinit { base.deallocate() }

    /// Whether the source has no more bytes (everything read is in ``unconsumed``).
    public var isAtEnd: Bool { reachedEnd }

    /// The bytes read but not yet consumed. Valid until the next ``refill()``; at least
    /// ``readableSlack`` more bytes after them can be read.
    public var unconsumed: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: count - start)
    }

    /// Discards `byteCount` bytes from the front of ``unconsumed``.
    public func consume(_ byteCount: Int) {
        precondition(byteCount >= 0 && byteCount <= count - start)
        start += byteCount
    }

    /// Moves the unconsumed bytes to the front of the buffer and reads up to `chunkSize` new
    /// bytes after them (fewer only at the end of the input).
    public func refill() throws {
        let carried = count - start
        if carried + chunkSize > capacity {
            let newCapacity = max(capacity * 2, carried + chunkSize)
            let newBase = ChunkReader.allocate(newCapacity)
            newBase.copyMemory(from: base + start, byteCount: carried)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        } else if start > 0 {
            memmove(base, base + start, carried)  // the regions may overlap
        }
        start = 0
        count = carried
        let goal = carried + chunkSize
        while count < goal && !reachedEnd {
            let got = try source.read(into: base + count, count: goal - count)
            if got == 0 { reachedEnd = true }
            count += got
            bytesRead += Int64(got)
        }
    }
}

extension ChunkReader {
    /// Consumes `lines` physical lines (LF, CR or CRLF each end one), reading as needed.
    ///
    /// - Returns: how many lines were skipped (fewer only if the input ended first).
    @discardableResult
    public func skipLines(_ lines: Int) throws -> Int {
        var skipped = 0
        var afterCR = false
        while skipped < lines || afterCR {
            let bytes = unconsumed
            var index = 0
            if afterCR {
                // The LF of a CRLF that straddled two buffers.
                if bytes.isEmpty && !isAtEnd {
                    try refill()
                    continue
                }
                if index < bytes.count && bytes[index] == 0x0A { index += 1 }
                afterCR = false
            }
            while index < bytes.count && skipped < lines {
                let byte = bytes[index]
                index += 1
                if byte == 0x0A {
                    skipped += 1
                } else if byte == 0x0D {
                    skipped += 1
                    if index < bytes.count {
                        if bytes[index] == 0x0A { index += 1 }
                    } else {
                        afterCR = true
                    }
                }
            }
            consume(index)
            if skipped == lines && !afterCR { break }
            if isAtEnd { break }
            try refill()
        }
        return skipped
    }
}
