import CZlib

/// Decompresses gzip data (all members of a multi-member file), for checking outputs.
public func gunzip(_ data: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    // windowBits 15 + 32: detect gzip or zlib headers.
    guard CZlib_inflateInit2(&stream, 15 + 32) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = data
    var offset = 0
    while offset < input.count {
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            chunk.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress! + offset
                stream.avail_in = uInt(source.count - offset)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                offset = source.count - Int(stream.avail_in)
                return status
            }
        }
        output += chunk[0..<(chunk.count - Int(stream.avail_out))]
        if status == Z_STREAM_END {
            // Another member may follow.
            if offset < input.count { inflateReset(&stream) } else { break }
        } else if status != Z_OK {
            return nil
        }
    }
    input = []
    return output
}
