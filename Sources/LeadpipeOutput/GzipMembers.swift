import CLeadpipeCodec
import CZlib

/// Compresses whole blocks into independent gzip members, for compressing on every core: a file
/// of members one after another is a standard multi-member gzip file (`gzip -d` and `zcat`
/// read it whole; RFC 1952 §2.2).
///
/// libdeflate is used when the machine has it (bound at run time, so building needs no extra
/// headers): about twice as fast as zlib at a slightly better ratio. Otherwise zlib. Both write
/// a header with no name and no time, so the same block and level give the same bytes.
public final class GzipMemberCompressor {
    /// Which library compresses: "libdeflate" or "zlib".
    public let library: String
    public let level: Int
    private let libdeflate: UnsafeMutableRawPointer?
    private let stream: UnsafeMutablePointer<z_stream>?

    /// Whether libdeflate is available on this machine.
    public static var hasLibdeflate: Bool { leadpipe_libdeflate_available() != 0 }

    /// - Parameters:
    ///   - level: 1 (fast) … 9 (small).
    ///   - preferLibdeflate: false forces zlib.
    public init(level: Int, preferLibdeflate: Bool = true) throws {
        precondition((1...9).contains(level), "gzip level must be 1...9")
        self.level = level
        if preferLibdeflate, let compressor = leadpipe_libdeflate_alloc(Int32(level)) {
            libdeflate = compressor
            stream = nil
            library = "libdeflate"
            return
        }
        libdeflate = nil
        library = "zlib"
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = CZlib_deflateInit2(stream, Int32(level), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deallocate()
            throw OutputError(operation: "compress", path: "a block", reason: "zlib deflateInit2 returned \(status)")
        }
        self.stream = stream
    }

    deinit {
        if let libdeflate { leadpipe_libdeflate_free(libdeflate) }
        if let stream {
            deflateEnd(stream)
            stream.deallocate()
        }
    }

    /// Compresses `bytes` into one complete gzip member, appended to `output`.
    public func compress(_ bytes: UnsafeRawBufferPointer, into output: OutputBuffer) throws {
        if let libdeflate {
            let bound = leadpipe_libdeflate_gzip_bound(libdeflate, bytes.count)
            let target = output.reserve(bound)
            let written = leadpipe_libdeflate_gzip(libdeflate, bytes.baseAddress, bytes.count, target, bound)
            guard written > 0 else {
                throw OutputError(operation: "compress", path: "a block", reason: "libdeflate had too little room")
            }
            output.commit(written)
            return
        }
        guard let stream else { return }
        // deflateBound for a gzip member is the raw bound plus header and trailer.
        let bound = Int(deflateBound(stream, uLong(bytes.count))) + 64
        let target = output.reserve(bound)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        stream.pointee.next_out = target
        stream.pointee.avail_out = uInt(bound)
        let status = deflate(stream, Z_FINISH)
        let written = bound - Int(stream.pointee.avail_out)
        deflateReset(stream)
        guard status == Z_STREAM_END else {
            throw OutputError(operation: "compress", path: "a block", reason: "zlib deflate returned \(status)")
        }
        output.commit(written)
    }
}

/// SHA-256 of a byte stream (for manifests and reports).
public struct SHA256Hasher {
    private var context = leadpipe_sha256()

    /// - Parameter portable: use the portable implementation even where libcrypto is present.
    public init(portable: Bool = false) {
        if portable { leadpipe_sha256_init_portable(&context) } else { leadpipe_sha256_init(&context) }
    }

    /// Which implementation hashes: "libcrypto" (OpenSSL, bound at run time) or "portable".
    public static var implementation: String { String(cString: leadpipe_sha256_implementation()) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        leadpipe_sha256_update(&context, base, bytes.count)
    }

    /// The digest of everything so far, as 64 lowercase hex digits (hashing may go on).
    public func hexDigest() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var finished = context
        leadpipe_sha256_final(&finished, &digest)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest { text += [hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }
}
