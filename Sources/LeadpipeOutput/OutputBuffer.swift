/// A growable byte buffer that encoders append to, drained into a ``ByteSink`` in large writes.
///
/// Encoders reserve the worst case for what they are about to write, then store through the
/// pointer `reserve` returns, then `commit` what they wrote: one capacity check per value
/// rather than per byte.
public final class OutputBuffer {
    // Invariant: 0 <= _count <= _capacity; _base[0..<_count] is initialized.
    //
    // @exclusivity(unchecked): class properties are otherwise checked for overlapping access at
    // run time on every read and write, which measured 35% of `convert` (two checks per value).
    // An OutputBuffer belongs to one encoder on one thread, and no method holds an access to a
    // property across a call that touches it again, so the checks can never fire.
    @exclusivity(unchecked) @usableFromInline var _base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var _capacity: Int
    @exclusivity(unchecked) @usableFromInline var _count = 0
    /// Where the last reservation ends; commits must stay within it (checked in debug builds).
    @exclusivity(unchecked) @usableFromInline var _reservedEnd = 0

    /// The number of bytes held.
    public var count: Int { _count }

    /// Creates a buffer with room for `capacity` bytes before it first grows.
    public init(capacity: Int = 1 << 20) {
        _capacity = max(capacity, 64)
        _base = .allocate(capacity: _capacity)
    }

    deinit { _base.deallocate() }

    /// Room for at least `byteCount` more bytes; returns where they go.
    ///
    /// The pointer is valid until the next call on this buffer; write at most `byteCount` bytes
    /// through it, then call ``commit(_:)`` with the number written.
    @inlinable @inline(__always)
    public func reserve(_ byteCount: Int) -> UnsafeMutablePointer<UInt8> {
        if _count &+ byteCount > _capacity { _grow(_count + byteCount) }
        _reservedEnd = _count &+ byteCount
        return _base + _count
    }

    /// Marks `byteCount` bytes written through the pointer from ``reserve(_:)`` as held.
    @inlinable @inline(__always)
    public func commit(_ byteCount: Int) {
        assert(_count + byteCount <= _reservedEnd, "wrote more than was reserved")
        _count &+= byteCount
    }

    /// Appends `bytes`.
    @inlinable
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let target = reserve(bytes.count)
        UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: bytes.count)
        commit(bytes.count)
    }

    /// Appends `bytes`.
    @inlinable
    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends the bytes of a literal.
    @inlinable
    public func append(_ literal: StaticString) {
        append(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 of `text`.
    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a non-negative integer in decimal digits, without going through a String.
    public func append(decimal value: Int) {
        precondition(value >= 0, "negative")
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        let target = reserve(digits)
        rest = value
        for index in stride(from: digits &- 1, through: 0, by: -1) {
            target[index] = UInt8(ascii: "0") &+ UInt8(rest % 10)
            rest /= 10
        }
        commit(digits)
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        commit(1)
    }

    /// Calls `body` with the bytes held. The pointer must not escape `body`.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: _base, count: _count))
    }

    /// Forgets the bytes held, keeping the storage.
    public func removeAll() { _count = 0 }

    /// The bytes held, copied (for tests and small outputs).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: _base, count: _count)) }

    @usableFromInline @inline(never)
    func _grow(_ minimumCapacity: Int) {
        let newCapacity = max(minimumCapacity, _capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: _base, count: _count)
        _base.deallocate()
        _base = newBase
        _capacity = newCapacity
    }
}
