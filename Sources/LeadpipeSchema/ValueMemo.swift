/// Remembers what a slow function made of the values it has seen, keyed by their exact bytes.
///
/// Columns such as status, country or a yes/no flag hold a handful of distinct spellings in
/// millions of rows. The first time a spelling is seen, the caller's function (which may fold
/// accents through String) decides; afterwards a lookup costs a hash of the bytes and one
/// comparison, and allocates nothing. The memo stops learning when full (4,096 spellings or
/// 256 KiB of them), so memory stays bounded on columns of unique values; those just take the
/// slow path every time.
public struct ValueMemo<Value> {
    private struct Slot {
        var hash: UInt64
        var start: Int32
        var count: Int32  // -1: empty
        var value: Value?
    }

    private var slots: [Slot]
    private var arena: [UInt8]
    private var used = 0
    private let mask: Int
    private let arenaLimit: Int

    public init(capacity: Int = 4096, arenaBytes: Int = 256 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(hash: 0, start: 0, count: -1, value: nil), count: size)
        mask = size - 1
        arena = []
        arena.reserveCapacity(arenaBytes)
        arenaLimit = arenaBytes
    }

    /// The value for `bytes`: remembered, or computed by `compute` and remembered.
    public mutating func value(for bytes: ByteView, compute: (ByteView) -> Value) -> Value {
        let hash = Self.hash(bytes)
        if let found = lookup(bytes, hash: hash) { return found }
        let value = compute(bytes)
        remember(bytes, hash: hash, value: value)
        return value
    }

    func lookup(_ bytes: ByteView, hash: UInt64) -> Value? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.count < 0 { return nil }
            if slot.hash == hash && Int(slot.count) == bytes.count {
                let same = arena.withUnsafeBufferPointer { buffer in
                    bytes.count == 0
                        || memcmp(buffer.baseAddress! + Int(slot.start), bytes.base, bytes.count) == 0
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

    /// FNV-1a over the bytes, finished with a multiply so the low bits are mixed.
    static func hash(_ bytes: ByteView) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in 0..<bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
        }
        return (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
