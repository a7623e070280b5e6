#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output bytes go: a file descriptor, a file that appears only when complete, a gzip
/// stream in front of either.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Completes the output: flushes, and for a file, puts it in place under its final name.
    func finish() throws
    /// Abandons the output after a failure: for a file, removes what was written. Never throws.
    func abandon()
}

extension ByteSink {
    /// Writes the bytes of `buffer` and empties it.
    public func drain(_ buffer: OutputBuffer) throws {
        try buffer.withBytes { try write($0) }
        buffer.removeAll()
    }
}

/// A failure to write output, with the path and the system's reason.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// What was being done: "write", "create", "rename", "compress" …
    public var operation: String
    /// The file concerned, as the user named it.
    public var path: String
    /// The system's or library's reason.
    public var reason: String
    /// The `errno` behind it, when there was one.
    public var code: Int32?

    public init(operation: String, path: String, reason: String, code: Int32? = nil) {
        self.operation = operation
        self.path = path
        self.reason = reason
        self.code = code
    }

    /// An error from the current `errno`.
    public static func fromErrno(_ operation: String, path: String, errno code: Int32 = errno) -> OutputError {
        OutputError(operation: operation, path: path, reason: String(cString: strerror(code)), code: code)
    }

    /// Whether the reader of a pipe went away (`… | head`): not worth a message.
    public var isBrokenPipe: Bool { code == EPIPE }

    public var description: String { "cannot \(operation) \(path): \(reason)" }
}

/// Writes to an open file descriptor it does not own (standard output, say).
public final class FileDescriptorSink: ByteSink {
    private let descriptor: Int32
    private let name: String

    /// - Parameters:
    ///   - descriptor: an open descriptor, left open by ``finish()``.
    ///   - name: how messages name it, e.g. "standard output".
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Standard output. When it is a pipe (`| jq`), the pipe's buffer is enlarged to 1 MiB where
    /// the system allows, so that a large write does not wake the reader sixteen times.
    public static func standardOutput() -> FileDescriptorSink {
        #if os(Linux)
        var info = stat()
        if fstat(STDOUT_FILENO, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO {
            _ = fcntl(STDOUT_FILENO, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))
        }
        #endif
        return FileDescriptorSink(descriptor: STDOUT_FILENO, name: "standard output")
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(descriptor, bytes, name: name)
    }

    public func finish() throws {}
    public func abandon() {}
}

/// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
public func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws {
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = systemWrite(descriptor, pointer, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            throw OutputError.fromErrno("write to", path: name)
        }
        pointer += written
        remaining -= written
    }
}

/// `write(2)`; the seam through which every output byte leaves the process.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, pointer, count)
    #else
    return Darwin.write(descriptor, pointer, count)
    #endif
}
