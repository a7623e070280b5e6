import LeadpipeOutput

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to read input, naming the file and, where known, the position.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// The file as the user named it ("standard input" for `-`).
    public var path: String
    /// What went wrong.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Where input bytes come from: a file, or standard input for `-`.
public final class InputSource {
    /// The name used in messages.
    public let displayName: String
    /// The file's size, when it is a regular file.
    public let size: Int64?
    /// Bytes read so far: the input's own bytes, before decompression or transcoding.
    public private(set) var bytesRead: Int64 = 0
    /// When set, every byte read is hashed (the import report's input sha256).
    public var hasher: SHA256Hasher?
    private var descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path`, or standard input when `path` is `-`.
    ///
    /// - Throws: ``InputError`` with the system's reason (no such file, permission denied, a
    ///   directory …).
    public init(path: String) throws {
        if path == "-" {
            displayName = "standard input"
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            displayName = path
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw InputError(path: path, reason: String(cString: strerror(errno)))
            }
            ownsDescriptor = true
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if ownsDescriptor { close(descriptor) }
                throw InputError(path: displayName, reason: "is a directory, not a CSV file")
            }
            size = (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        } else {
            size = nil
        }
    }

    deinit {
        if ownsDescriptor && descriptor >= 0 { close(descriptor) }
    }

    /// Reads up to `count` bytes into `target`; returns how many (0 at the end of input).
    public func read(into target: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let result = systemRead(descriptor, target, count)
            if result >= 0 {
                bytesRead += Int64(result)
                if hasher != nil { hasher!.update(UnsafeRawBufferPointer(start: target, count: result)) }
                return result
            }
            if errno == EINTR { continue }
            throw InputError(path: displayName, reason: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// `read(2)`; the seam through which every input byte enters the process.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ target: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(descriptor, target, count)
    #else
    return Darwin.read(descriptor, target, count)
    #endif
}
