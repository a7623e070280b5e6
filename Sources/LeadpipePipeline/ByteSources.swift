import CZlib
import LeadpipeEncoding

/// A stream of input bytes: a file, or a layer that decompresses or transcodes another source.
public protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes into `target`; returns how many (0 only at the end).
    func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int
}

extension InputSource: ByteSource {}

extension ByteSource {
    /// Reads until `count` bytes or the end; returns the bytes read.
    func readUpTo(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try bytes.withUnsafeMutableBytes { try read(into: $0.baseAddress! + filled, count: count - filled) }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(count - filled)
        return bytes
    }
}

/// Bytes already read (to look at them), then the rest of another source.
final class ReplaySource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: ByteSource

    init(prefix: [UInt8], then rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard offset < prefix.count else { return try rest.read(into: target, count: count) }
        let take = min(count, prefix.count - offset)
        prefix.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + offset, byteCount: take) }
        offset += take
        if offset == prefix.count {
            prefix = []  // replayed: let it go
            offset = 0
        }
        return take
    }
}

/// Decompresses a gzip stream (every member of it) as it is read, through zlib.
final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = Array(repeating: 0, count: 1 << 18)
    private var inputCount = 0
    private var inputOffset = 0
    private var upstreamEnded = false
    private var memberEnded = false
    private var membersCompleted = 0
    private var producedInMember = false
    private var stopped = false
    /// Whether bytes after the last complete member were not gzip (zero padding, junk) and
    /// were ignored, as `gzip -d` does.
    private(set) var ignoredTrailingData = false

    init(upstream: ByteSource, name: String) throws {
        self.upstream = upstream
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: gzip only.
        guard CZlib_inflateInit2(stream, 15 + 16) == Z_OK else {
            stream.deallocate()
            throw InputError(path: name, reason: "cannot start gzip decompression")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard count > 0, !stopped else { return 0 }
        let room = min(count, Int(UInt32.max))
        while true {
            if inputOffset == inputCount && !upstreamEnded {
                inputCount = try input.withUnsafeMutableBytes { try upstream.read(into: $0.baseAddress!, count: $0.count) }
                inputOffset = 0
                if inputCount == 0 { upstreamEnded = true }
            }
            if memberEnded {
                // Another gzip member may follow (concatenated or block-compressed files).
                if inputOffset == inputCount {
                    if upstreamEnded { return 0 }
                    continue
                }
                inflateReset(stream)
                memberEnded = false
                producedInMember = false
            }
            let (produced, status) = input.withUnsafeMutableBytes { buffer -> (Int, Int32) in
                stream.pointee.next_in = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputOffset
                stream.pointee.avail_in = uInt(inputCount - inputOffset)
                stream.pointee.next_out = target.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(room)
                let status = inflate(stream, Z_NO_FLUSH)
                inputOffset = inputCount - Int(stream.pointee.avail_in)
                return (room - Int(stream.pointee.avail_out), status)
            }
            if produced > 0 { producedInMember = true }
            // After a complete member, what is not another member is trailing data.
            let isTrailing = membersCompleted > 0 && !producedInMember
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                membersCompleted += 1
                if produced > 0 { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if upstreamEnded && inputOffset == inputCount {
                    if isTrailing {
                        ignoredTrailingData = true
                        stopped = true
                        return 0
                    }
                    throw InputError(path: name, reason: "the gzip data ends early (a truncated file?)")
                }
            case Z_DATA_ERROR where isTrailing:
                ignoredTrailingData = true
                stopped = true
                return 0
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw InputError(path: name, reason: "corrupt gzip data: \(detail)")
            }
        }
    }
}

/// Transcodes another source to UTF-8 as it is read.
final class TranscodingSource: ByteSource {
    private let upstream: ByteSource
    private var transcoder: Transcoder
    private var raw: [UInt8] = Array(repeating: 0, count: 1 << 20)
    private var decoded: [UInt8] = []
    private var decodedOffset = 0
    private var decodedEnd = 0
    private var ended = false

    init(upstream: ByteSource, encoding: TextEncoding) {
        self.upstream = upstream
        transcoder = Transcoder(from: encoding)
        decoded = Array(repeating: 0, count: Transcoder.maxOutputBytes(forInput: raw.count))
    }

    /// Units or bytes the transcoder replaced by U+FFFD so far.
    var replacements: Int { transcoder.replacements }

    func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while decodedOffset == decodedEnd {
            if ended { return 0 }
            let got = try raw.withUnsafeMutableBytes { try upstream.read(into: $0.baseAddress!, count: $0.count) }
            if got == 0 { ended = true }
            let written = raw.withUnsafeBytes { rawBytes in
                decoded.withUnsafeMutableBufferPointer { output in
                    transcoder.transcode(
                        UnsafeRawBufferPointer(rebasing: rawBytes[0..<got]), isFinal: got == 0, into: output.baseAddress!)
                }
            }
            decodedOffset = 0
            decodedEnd = written
        }
        let take = min(count, decodedEnd - decodedOffset)
        decoded.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + decodedOffset, byteCount: take) }
        decodedOffset += take
        return take
    }
}
