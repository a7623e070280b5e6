#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A file that exists under its final name only once it is complete.
///
/// Bytes go to a temporary file beside the target (`.<name>.<pid>.leadpipe-tmp`); ``finish()``
/// renames it into place; ``abandon()`` — or a signal handled through ``TemporaryFiles`` —
/// removes it. A failed or interrupted run leaves nothing that looks finished.
public final class AtomicFileSink: ByteSink {
    /// The final path.
    public let path: String
    /// The temporary path being written.
    public let temporaryPath: String
    private var descriptor: Int32
    /// Renamed into place or abandoned: nothing more to do.
    private var isFinished = false

    /// Creates the temporary file.
    ///
    /// - Throws: ``OutputError`` when the directory is not writable.
    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = "\(directory).\(name).\(getpid()).leadpipe-tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.fromErrno("create", path: path) }
        TemporaryFiles.register(temporaryPath)
    }

    deinit {
        if !isFinished { abandon() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(descriptor >= 0, "write after finish or abandon")
        try writeAll(descriptor, bytes, name: path)
    }

    public func finish() throws {
        precondition(!isFinished, "finish after finish or abandon")
        if descriptor >= 0 { try complete() }
        isFinished = true
        if rename(temporaryPath, path) != 0 {
            let code = errno
            unlink(temporaryPath)
            TemporaryFiles.unregister(temporaryPath)
            throw OutputError.fromErrno("rename into place", path: path, errno: code)
        }
        TemporaryFiles.unregister(temporaryPath)
        syncDirectory()
    }

    /// Flushes the data to disk and closes the file, still under its temporary name: a file
    /// that is complete but not yet put in place (``finish()`` renames it). Frees the
    /// descriptor, so that a run can hold many completed files.
    public func complete() throws {
        precondition(descriptor >= 0, "complete after finish or abandon")
        // The data reaches the disk before the name does, so that even a crash right after the
        // rename cannot leave a complete-looking name on a partial file.
        let synced = fsync(descriptor)
        let syncError = errno
        let closed = close(descriptor)
        descriptor = -1
        if synced != 0 && syncError != EINVAL {
            unlink(temporaryPath)
            TemporaryFiles.unregister(temporaryPath)
            throw OutputError.fromErrno("write", path: path, errno: syncError)
        }
        if closed != 0 {
            let code = errno
            unlink(temporaryPath)
            TemporaryFiles.unregister(temporaryPath)
            throw OutputError.fromErrno("write", path: path, errno: code)
        }
    }

    /// Makes the rename itself durable (best effort: some file systems refuse to sync a directory).
    private func syncDirectory() {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let handle = open(directory, O_RDONLY | O_CLOEXEC)
        if handle >= 0 {
            _ = fsync(handle)
            close(handle)
        }
    }

    public func abandon() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        guard !isFinished else { return }
        isFinished = true
        unlink(temporaryPath)
        TemporaryFiles.unregister(temporaryPath)
    }
}

/// The sink for an output path: an ``AtomicFileSink`` for files, or — when the path is a device,
/// a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe) — the path itself, opened for
/// writing. Renaming a temporary file over such a path would replace it.
///
/// - Throws: ``OutputError`` when the path is a directory or cannot be opened.
public func openOutputFile(path: String) throws -> ByteSink {
    switch OutputPathKind(path) {
    case .file:
        return try AtomicFileSink(path: path)
    case .directory:
        throw OutputError(operation: "write to", path: path, reason: "it is a directory")
    case .special:
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError.fromErrno("open", path: path) }
        return SpecialFileSink(descriptor: descriptor, path: path)
    }
}

/// What an output path is: a regular file (or nothing yet), a directory, or a device, FIFO or
/// socket, which is written in place and has no place for files beside it.
public enum OutputPathKind: Sendable {
    case file, directory, special

    public init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .file
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .directory
        default: self = .special
        }
    }
}

/// A device or pipe opened by path: written directly, closed at the end.
final class SpecialFileSink: ByteSink {
    private var descriptor: Int32
    private let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { abandon() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(descriptor, bytes, name: path)
    }

    func finish() throws {
        guard descriptor >= 0 else { return }
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 { throw OutputError.fromErrno("write", path: path) }
    }

    func abandon() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }
}

/// The temporary files of this process, so that an interrupted run can remove them.
public enum TemporaryFiles {
    private struct State {
        var paths: Set<String> = []
        var directories: [String] = []
        var interrupted = false
    }
    private static let state = Mutex<State>(State())

    /// Adds a temporary file. After ``removeAll()`` (the run was interrupted while other
    /// threads go on), a new file is deleted at once instead.
    public static func register(_ path: String) {
        let interrupted = state.withLock { state in
            if !state.interrupted { state.paths.insert(path) }
            return state.interrupted
        }
        if interrupted { unlink(path) }
    }

    /// Removes a temporary file from the list (it was renamed or deleted).
    public static func unregister(_ path: String) {
        _ = state.withLock { $0.paths.remove(path) }
    }

    /// Adds a directory the run created: removed after the files, if it is then empty.
    public static func registerDirectory(_ path: String) {
        state.withLock { $0.directories.append(path) }
    }

    public static func unregisterDirectory(_ path: String) {
        state.withLock { $0.directories.removeAll { $0 == path } }
    }

    /// The temporary files now open.
    public static var current: Set<String> { state.withLock { $0.paths } }

    /// Deletes every temporary file still registered, then the registered directories that
    /// are empty; files registered later are deleted as they come.
    ///
    /// - Returns: the files that were deleted (a file renamed into place a moment ago is not).
    @discardableResult
    public static func removeAll() -> [String] {
        let (files, directories) = state.withLock { state in
            let current = (state.paths, state.directories)
            state.paths.removeAll()
            state.directories.removeAll()
            state.interrupted = true
            return current
        }
        let removed = files.filter { unlink($0) == 0 }.sorted()
        for directory in directories.reversed() { rmdir(directory) }
        return removed
    }
}
