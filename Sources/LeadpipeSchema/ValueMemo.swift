/// Remembers what a slow function made of the values it has seen, keyed by their exact bytes.
///
/// Columns such as status, country or a yes/no flag hold a handful of distinct spellings in
/// millions of rows. The first time a spelling is seen, the caller's function (which may fold
/// accents through String) decides; afterwards a lookup costs a hash of the bytes and one
/// comparison, and allocates nothing. The memo stops learning when full (4,096 spellings or
/// 256 KiB of them), so memory stays bounded on columns of unique values; those just take the
/// slow path every time. A short value seen lately costs less still: a compare of two words.
public struct ValueMemo<Value> {
    private struct Slot {
        var hash: UInt64
        var start: Int32
        var count: Int32  // -1: empty
        var value: Value?
    }

    /// A short value (at most 16 bytes: most countries, statuses, flags) found lately, by its
    /// bytes as two words: a repeat costs a compare instead of a hash and a probe. Each of the
    /// 64 entries holds the last such value that fell in it.
    private struct Recent {
        var first: UInt64
        var second: UInt64
        var count: Int  // -1: empty
        var value: Value?
    }

    private var slots: [Slot]
    private var recent: [Recent]
    private var arena: [UInt8]
    private var used = 0
    private let mask: Int
    private let arenaLimit: Int

    public init(capacity: Int = 4096, arenaBytes: Int = 256 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(hash: 0, start: 0, count: -1, value: nil), count: size)
        recent = Array(repeating: Recent(first: 0, second: 0, count: -1, value: nil), count: 64)
        mask = size - 1
        arena = []
        arena.reserveCapacity(arenaBytes)
        arenaLimit = arenaBytes
    }

    /// The value for `bytes`: remembered (``find(_:)``), or computed by `compute` and remembered.
    public mutating func value(for bytes: ByteView, compute: (ByteView) -> Value) -> Value {
        if let value = find(bytes) { return value }
        let value = compute(bytes)
        remember(bytes, hash: Self.hash(bytes), value: value)
        return value
    }

    /// The value remembered for `bytes`, or nil (nothing is computed): a short value's recent
    /// entry first, then the table, and a short value found there takes the recent entry.
    @inline(__always)
    public mutating func find(_ bytes: ByteView) -> Value? {
        guard bytes.count <= 16 else { return lookup(bytes, hash: Self.hash(bytes)) }
        let (first, second) = shortWords(bytes)
        let index = recentIndex(first, second, bytes.count)
        if let value = recentValue(index, first, second, bytes.count) { return value }
        guard let value = lookup(bytes, hash: Self.hash(bytes)) else { return nil }
        recent[index] = Recent(first: first, second: second, count: bytes.count, value: value)
        return value
    }

    /// The value of recent entry `index` if it holds the short value with these words and count.
    @inline(__always)
    private func recentValue(_ index: Int, _ first: UInt64, _ second: UInt64, _ count: Int) -> Value? {
        recent.withUnsafeBufferPointer { entries in
            let entry = entries.baseAddress.unsafelyUnwrapped + index
            guard entry.pointee.count == count && entry.pointee.first == first && entry.pointee.second == second else {
                return nil
            }
            return entry.pointee.value
        }
    }

    func lookup(_ bytes: ByteView, hash: UInt64) -> Value? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.count < 0 { return nil }
            if slot.hash == hash && Int(slot.count) == bytes.count {
                let same = arena.withUnsafeBufferPointer { buffer in
                    Self.equal(buffer.baseAddress! + Int(slot.start), bytes.base, bytes.count)
                }
                if same { return slot.value }
            }
            index = (index + 1) & mask
        }
    }

    mutating func remember(_ bytes: ByteView, hash: UInt64, value: Value) {
        guard used * 2 < slots.count, arena.count + bytes.count <= arenaLimit else { return }
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].count >= 0 { index = (index + 1) & mask }
        let start = arena.count
        arena.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
        slots[index] = Slot(hash: hash, start: Int32(start), count: Int32(bytes.count), value: value)
        used += 1
    }

    /// A hash of the bytes a word at a time (spellings are short: a byte-at-a-time hash is a
    /// chain of dependent multiplies). Reads only the value's own bytes: short tails as two
    /// overlapping loads.
    static func hash(_ bytes: ByteView) -> UInt64 {
        let base = UnsafeRawPointer(bytes.base)
        let count = bytes.count
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: count)
        if count >= 8 {
            var index = 0
            while index &+ 8 < count {
                hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
                hash ^= hash >> 32
                index &+= 8
            }
            // The last word, overlapping the one before when the count is not a multiple of 8.
            hash = (hash ^ base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* multiplier
        } else if count > 0 {
            hash = (hash ^ shortWords(bytes).0) &* multiplier
        }
        return (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
    }

    /// Whether `count` bytes at `a` and `b` are equal, a word at a time.
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count <= 16 { return shortWords(ByteView(base: a, count: count)) == shortWords(ByteView(base: b, count: count)) }
        // Words, the last one overlapping the one before (no byte loop for the tail, and no
        // read past either value).
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        var index = 0
        while index &+ 8 < count {
            if x.loadUnaligned(fromByteOffset: index, as: UInt64.self) != y.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
                return false
            }
            index &+= 8
        }
        return x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
}

extension ValueMemo {
    /// Whether a value of `count` bytes would still be remembered.
    func canRemember(_ count: Int) -> Bool { used * 2 < slots.count && arena.count + count <= arenaLimit }
}

/// Which of 64 recent entries a short value (its two words and length) falls in.
@inline(__always)
func recentIndex(_ first: UInt64, _ second: UInt64, _ count: Int) -> Int {
    let mixed = (first ^ (second &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: count)) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> 58)
}

/// The bytes of a value of at most 16 as two words — with its length, exactly the value: the
/// first and last 8 bytes (overlapping), the first and last 4, or the first, middle and last
/// byte. Reads nothing past the value.
@inline(__always)
func shortWords(_ value: ByteView) -> (UInt64, UInt64) {
    let base = UnsafeRawPointer(value.base)
    let count = value.count
    if count >= 8 {
        return (base.loadUnaligned(as: UInt64.self), base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
    }
    if count >= 4 {
        let low = UInt64(base.loadUnaligned(as: UInt32.self))
        return (low | UInt64(base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) << 32, 0)
    }
    if count > 0 {
        let bytes = value.base
        return (UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count &- 1]) << 16, 0)
    }
    return (0, 0)
}

/// Remembers the JSON that values became, keyed by their exact bytes: for columns of few
/// distinct values (tags, status, yes/no) normalizing and encoding a value is then one lookup
/// and one copy. Bounded like ``ValueMemo`` (1,024 values, 64 KiB of JSON); it stops being
/// consulted once a column turns out to hold mostly distinct values. Owns memory: call
/// ``deallocate()`` when done.
public struct EncodedMemo {
    struct Entry {
        var start: Int32
        var count: Int32
        var warnings: WarningSet
    }

    private var memo = ValueMemo<Entry>(capacity: 1024, arenaBytes: 64 << 10)
    /// The remembered JSON, with readable bytes after the last (copies go 16 bytes at a time).
    private let store: UnsafeMutablePointer<UInt8>
    private static let storeSlack = 32
    private let storeCapacity = 64 << 10
    private var stored = 0
    private var lookups = 0
    private var hits = 0
    /// False once 4,096 lookups found fewer than one in four values: then not worth a lookup.
    public private(set) var isLooking = true

    public init() {
        store = .allocate(capacity: storeCapacity + Self.storeSlack)
        store.initialize(repeating: 0, count: storeCapacity + Self.storeSlack)
    }

    public func deallocate() {
        store.deallocate()
    }

    /// Writes the JSON remembered for `value` at `target` and returns its length and the
    /// warnings the value had; nil when `value` is not remembered. `target` needs room for the
    /// JSON rounded up to 8 bytes, and for 32 bytes at least.
    public mutating func write(_ value: ByteView, to target: UnsafeMutablePointer<UInt8>) -> (count: Int, warnings: WarningSet)? {
        lookups &+= 1
        guard let entry = memo.find(value) else {
            if lookups >= 4096 && hits &* 4 < lookups { isLooking = false }
            return nil
        }
        hits &+= 1
        // Most JSON remembered (a status, a tag or two) is at most 32 bytes: two 16-byte copies
        // whatever its length, no loop whose end depends on the value. The store has the slack.
        let count = Int(entry.count)
        let source = UnsafeRawPointer(store + Int(entry.start))
        let destination = UnsafeMutableRawPointer(target)
        destination.storeBytes(of: source.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        destination.storeBytes(of: source.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16, as: SIMD16<UInt8>.self)
        var offset = 32
        while offset < count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        return (count, entry.warnings)
    }

    /// Remembers that `value` became the `count` bytes of JSON at `encoded`, with `warnings`.
    public mutating func remember(_ value: ByteView, encoded: UnsafePointer<UInt8>, count: Int, warnings: WarningSet) {
        guard stored + count <= storeCapacity, memo.canRemember(value.count) else { return }
        (store + stored).update(from: encoded, count: count)
        memo.remember(value, hash: ValueMemo<Entry>.hash(value), value: Entry(start: Int32(stored), count: Int32(count), warnings: warnings))
        stored += count
    }
}
