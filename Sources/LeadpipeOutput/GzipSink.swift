import CZlib

/// Compresses into a gzip stream and passes the compressed bytes on.
public final class GzipSink: ByteSink {
    private let downstream: ByteSink
    private let name: String
    // zlib keeps a pointer back to its z_stream, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let out: UnsafeMutablePointer<UInt8>
    private let outCapacity = 256 << 10
    private var isOpen = true

    /// - Parameters:
    ///   - downstream: receives the compressed bytes; finished and abandoned with this sink.
    ///   - level: 1 (fastest) … 9 (smallest).
    ///   - name: how messages name the output.
    public init(downstream: ByteSink, level: Int = 6, name: String) throws {
        precondition((1...9).contains(level), "gzip level must be 1...9")
        self.downstream = downstream
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        out = .allocate(capacity: outCapacity)
        // windowBits 15 + 16: a gzip header and trailer rather than raw zlib.
        let status = CZlib_deflateInit2(stream, Int32(level), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deallocate()
            out.deallocate()
            isOpen = false
            throw OutputError(operation: "compress", path: name, reason: "zlib deflateInit2 returned \(status)")
        }
    }

    deinit {
        if isOpen { deflateEnd(stream) }
        stream.deallocate()
        out.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        // avail_in is 32-bit: feed very large writes in pieces.
        while offset < bytes.count {
            let piece = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(piece)
            try pump(flush: Z_NO_FLUSH)
            offset += piece
        }
    }

    public func finish() throws {
        precondition(isOpen, "finish after finish or abandon")
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(stream)
        isOpen = false
        try downstream.finish()
    }

    public func abandon() {
        if isOpen {
            deflateEnd(stream)
            isOpen = false
        }
        downstream.abandon()
    }

    /// Runs deflate until it has taken all input (and, when finishing, ended the stream).
    private func pump(flush: Int32) throws {
        while true {
            stream.pointee.next_out = out
            stream.pointee.avail_out = uInt(outCapacity)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw OutputError(operation: "compress", path: name, reason: "zlib deflate returned \(status)")
            }
            let produced = outCapacity - Int(stream.pointee.avail_out)
            if produced > 0 { try downstream.write(UnsafeRawBufferPointer(start: out, count: produced)) }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return
            }
        }
    }
}
