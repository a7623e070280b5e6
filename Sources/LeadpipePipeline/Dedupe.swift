import Foundation

// Dedupe keys and the set that remembers them.
//
// Workers hash each accepted row's normalized e-mail and canonical LinkedIn URL to 128 bits;
// the ordered stage checks the hashes in input order against one `KeySet` per key kind. A key
// is stored as its 128-bit hash and the line of the row that brought it: 20 bytes a slot, no
// key bytes. Two different keys are taken for the same only if both 64-bit halves collide;
// for n keys the chance that any pair does is about n² / 2¹²⁹ (10⁹ keys: 1.5 × 10⁻²¹), far
// below the chance of a disk or memory error, so no key bytes are kept to confirm.

/// A 128-bit hash of a key's bytes.
struct KeyHash: Equatable, Sendable {
    var high: UInt64
    var low: UInt64

    /// Hashes `count` bytes at `start`: two 64-bit lanes with different seeds and multipliers,
    /// each folding 8-byte words through a 64×64→128-bit multiply (as wyhash does), then mixed
    /// with the length.
    @inline(__always)
    init(_ start: UnsafePointer<UInt8>, _ count: Int) {
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count)
        var b: UInt64 = 0x1319_8A2E_0370_7344 &+ UInt64(truncatingIfNeeded: count)
        var offset = 0
        let raw = UnsafeRawPointer(start)
        while offset &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            a = Self.fold(a ^ word, 0xA076_1D64_78BD_642F)
            b = Self.fold(b ^ word, 0xE703_7ED1_A0B4_28DB) ^ (b >> 29)
            offset &+= 8
        }
        if offset < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(start[offset]) << shift
                shift &+= 8
                offset &+= 1
            }
            a = Self.fold(a ^ word ^ 0x8EBC_6AF0_9C88_C6E3, 0xA076_1D64_78BD_642F)
            b = Self.fold(b ^ word ^ 0x5899_65CC_7537_4CC3, 0xE703_7ED1_A0B4_28DB) ^ (b >> 29)
        }
        high = Self.fold(a ^ 0x1D8E_4E27_C47D_124F, 0x9E37_79B9_7F4A_7C15)
        low = Self.fold(b ^ 0x2545_F491_4F6C_DD1D, 0xBF58_476D_1CE4_E5B9)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    @inline(__always)
    static func fold(_ x: UInt64, _ multiplier: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }
}

/// The keys seen so far and the line of the row each came from: open addressing with linear
/// probing over three parallel arrays (20 bytes a slot), grown to twice the size at 3/4 full.
struct KeySet {
    private var highs: [UInt64]
    private var lows: [UInt64]
    private var lines: [UInt32]
    private var mask: Int
    /// Lines past 4,294,967,294 (a file of hundreds of gigabytes), by slot hash.
    private var farLines: [KeyHash.Key: Int] = [:]
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity { size <<= 1 }
        highs = [UInt64](repeating: 0, count: size)
        lows = [UInt64](repeating: 0, count: size)
        lines = [UInt32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Bytes held by the table.
    var bytes: Int { highs.count * 20 + farLines.count * 48 }

    /// The line of the row that brought `key`, or nil.
    func lookup(_ key: KeyHash) -> Int? {
        // 0 marks an empty slot: a hash whose high half is 0 is stored as 1.
        let high = key.high == 0 ? 1 : key.high
        var slot = Int(truncatingIfNeeded: key.low) & mask
        while true {
            let stored = highs[slot]
            if stored == 0 { return nil }
            if stored == high && lows[slot] == key.low {
                let line = lines[slot]
                return line == UInt32.max ? farLines[KeyHash.Key(high: high, low: key.low)] : Int(line)
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Remembers `key` as brought by the row at `line`; a key already held keeps its line.
    mutating func insert(_ key: KeyHash, line: Int) {
        let high = key.high == 0 ? 1 : key.high
        var slot = Int(truncatingIfNeeded: key.low) & mask
        while true {
            let stored = highs[slot]
            if stored == 0 { break }
            if stored == high && lows[slot] == key.low { return }
            slot = (slot &+ 1) & mask
        }
        highs[slot] = high
        lows[slot] = key.low
        if line < Int(UInt32.max) {
            lines[slot] = UInt32(line)
        } else {
            lines[slot] = UInt32.max
            farLines[KeyHash.Key(high: high, low: key.low)] = line
        }
        count += 1
        if count * 4 >= highs.count * 3 { grow() }
    }

    private mutating func grow() {
        let oldHighs = highs
        let oldLows = lows
        let oldLines = lines
        let size = oldHighs.count * 2
        highs = [UInt64](repeating: 0, count: size)
        lows = [UInt64](repeating: 0, count: size)
        lines = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for index in 0..<oldHighs.count where oldHighs[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldLows[index]) & mask
            while highs[slot] != 0 { slot = (slot &+ 1) & mask }
            highs[slot] = oldHighs[index]
            lows[slot] = oldLows[index]
            lines[slot] = oldLines[index]
        }
    }
}

extension KeyHash {
    /// A hashable pair, for the rare far-line dictionary.
    struct Key: Hashable {
        var high: UInt64
        var low: UInt64
    }
}

/// Which keys make two rows the same lead.
public struct DedupeKeys: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let email = DedupeKeys(rawValue: 1)
    public static let linkedin = DedupeKeys(rawValue: 2)
    public static let all: DedupeKeys = [.email, .linkedin]

    /// Parses `email,linkedin` (also `linkedin_url`, `none`).
    public init?(parsing text: String) {
        var keys: DedupeKeys = []
        for part in text.lowercased().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch part {
            case "email", "e-mail": keys.insert(.email)
            case "linkedin", "linkedin_url": keys.insert(.linkedin)
            case "none", "": break
            default: return nil
            }
        }
        self = keys
    }
}
