/// Storage for ``_GrowableBuffer``: one heap block, freed when the last owner goes away.
@usableFromInline
final class _GrowableStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: the pointer is only written through a uniquely referenced
    // `_GrowableBuffer` (see `reserveCapacity`), so sharing never exposes a data race.
    // `let`, not `var`: a class's `var` is checked for exclusive access at run time on every
    // read from another module, which cost 10% of convert (measured).
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}

/// A growable array of trivial values whose hot loops write through a raw pointer.
///
/// Swift's `Array.append` checks uniqueness and capacity on every call; the tokenizer
/// instead reserves room once per buffer and then stores through ``base`` directly. Copies
/// share storage until one of them reserves, which copies (copy-on-write).
@usableFromInline
struct _GrowableBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: see `_GrowableStorage`.
    @usableFromInline var storage: _GrowableStorage<Element>
    /// The number of initialized elements at the front of the storage.
    @usableFromInline var count: Int = 0

    @usableFromInline
    init(capacity: Int) {
        storage = _GrowableStorage(capacity: capacity)
    }

    @inlinable var capacity: Int { storage.capacity }

    @inlinable
    subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "index out of range")
            return storage.base[index]
        }
    }

    /// Makes the storage unique and at least `minimumCapacity` long; returns its base.
    ///
    /// The returned pointer is valid until the next call that reserves; elements up to
    /// `capacity` may be written through it, after which `count` must be updated.
    @inlinable
    @discardableResult
    mutating func reserveCapacity(_ minimumCapacity: Int) -> UnsafeMutablePointer<Element> {
        if !isKnownUniquelyReferenced(&storage) || storage.capacity < minimumCapacity {
            _grow(to: minimumCapacity)
        }
        return storage.base
    }

    @usableFromInline @inline(never)
    mutating func _grow(to minimumCapacity: Int) {
        let newCapacity = max(minimumCapacity, storage.capacity * 2)
        let newStorage = _GrowableStorage<Element>(capacity: newCapacity)
        newStorage.base.initialize(from: storage.base, count: count)
        storage = newStorage
    }

    @inlinable
    mutating func append(_ element: Element) {
        let base = reserveCapacity(count + 1)
        base[count] = element
        count += 1
    }
}
