import CLeadpipeCodec
import Foundation
import LeadpipeOutput

// Dedupe keys and the set that remembers them.
//
// Workers hash each accepted row's normalized e-mail and canonical LinkedIn URL to 128 bits;
// the ordered stage checks the hashes in input order against one set (LinkedIn keys are
// re-keyed by `asLinkedIn`, so the two kinds never meet). A key is stored as 96 bits of its hash
// and the line of the row that brought it: 16 bytes a slot, no key bytes. Two different keys
// are taken for the same only if those 96 bits collide; for n keys the chance that any pair
// does is below n² / 2⁹⁷ (10⁸ keys: 6 × 10⁻¹⁴), so no key bytes are kept to confirm.

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

/// The keys seen so far and the line of the row each came from.
///
/// 256 open-addressing tables chosen by the hash's top byte, each with linear probing over
/// 16-byte slots (96 bits of the key's hash and a 32-bit line), each doubled on its own at 4/5
/// full. Growing one small table at a time keeps the peak near the tables' size (one big table
/// would hold old and new arrays at once, three times the size); the tables' loads spread
/// between 2/5 and 4/5, so a key takes 20 to 40 bytes, about 27 on average. E-mail and LinkedIn
/// keys share the tables, told apart by ``KeyHash/asLinkedIn``.
struct KeySet {
    private struct Table {
        /// `words[2i]` = hash high half (0: empty); `words[2i+1]` = 32 more hash bits in the
        /// high half and the line in the low half (`UInt32.max`: look in `farLines`).
        var words: [UInt64]
        var mask: Int
        var count = 0

        init(slots: Int) {
            words = [UInt64](repeating: 0, count: slots * 2)
            mask = slots - 1
        }
    }

    private var tables: [Table]
    /// Lines past 4,294,967,294 (a file of hundreds of gigabytes), by hash.
    private var farLines: [KeyHash.Key: Int] = [:]
    private(set) var count = 0

    init() {
        tables = (0..<256).map { _ in Table(slots: 256) }
    }

    /// Bytes held by the tables.
    var bytes: Int { tables.reduce(0) { $0 + $1.words.count * 8 } + farLines.count * 48 }

    /// The two stored parts of a key: its high half (never 0) and 32 bits of its low half.
    @inline(__always)
    static func storedParts(_ key: KeyHash) -> (high: UInt64, tag: UInt64) {
        (key.high == 0 ? 1 : key.high, key.low & 0xFFFF_FFFF_0000_0000)
    }

    /// Hands every key's two stored words to `body` in ascending order, emptying the set as it
    /// goes: the table index is the hash's top byte, so sorting each table in turn sorts all,
    /// and only one table's records are ever copied.
    mutating func drainSorted(_ body: (UInt64, UInt64) throws -> Void) rethrows {
        var records: [(UInt64, UInt64)] = []
        for index in tables.indices {
            records.removeAll(keepingCapacity: true)
            let words = tables[index].words
            tables[index] = Table(slots: 16)
            var position = 0
            while position < words.count {
                if words[position] != 0 { records.append((words[position], words[position + 1])) }
                position += 2
            }
            records.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            for record in records { try body(record.0, record.1) }
        }
        count = 0
    }

    /// Lines too large for a slot.
    var farLineEntries: [KeyHash.Key: Int] { farLines }

    /// Which table, and where in it the probe starts: both from the stored high half, so that
    /// growing can re-place a key.
    @inline(__always)
    private static func table(_ high: UInt64) -> Int { Int(truncatingIfNeeded: high >> 56) }
    @inline(__always)
    private static func home(_ high: UInt64) -> Int { Int(truncatingIfNeeded: high) }

    /// Starts loading the memory `key`'s lookup will read: the ordered stage calls this a few
    /// rows ahead, so the cache misses of a table larger than the cache overlap.
    @inline(__always)
    func prefetch(_ key: KeyHash) {
        let high = Self.storedParts(key).high
        let table = Self.table(high)
        tables[table].words.withUnsafeBufferPointer { words in
            leadpipe_prefetch(words.baseAddress! + (Self.home(high) & tables[table].mask) &* 2)
        }
    }

    /// The line of the row that brought `key`, or nil.
    func lookup(_ key: KeyHash) -> Int? {
        let (high, tag) = Self.storedParts(key)
        return tables[Self.table(high)].words.withUnsafeBufferPointer { words in
            let mask = tables[Self.table(high)].mask
            var slot = Self.home(high) & mask
            while true {
                let stored = words[slot &* 2]
                if stored == 0 { return nil }
                let second = words[slot &* 2 &+ 1]
                if stored == high && second & 0xFFFF_FFFF_0000_0000 == tag {
                    let line = UInt32(truncatingIfNeeded: second)
                    return line == UInt32.max ? farLines[KeyHash.Key(high: high, low: tag)] : Int(line)
                }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Remembers `key` as brought by the row at `line`; a key already held keeps its line.
    mutating func insert(_ key: KeyHash, line: Int) {
        let (high, tag) = Self.storedParts(key)
        let small = line >= 0 && line < Int(UInt32.max)
        let index = Self.table(high)
        let inserted = tables[index].words.withUnsafeMutableBufferPointer { words -> Bool in
            let mask = words.count / 2 - 1
            var slot = Self.home(high) & mask
            while true {
                let stored = words[slot &* 2]
                if stored == 0 { break }
                if stored == high && words[slot &* 2 &+ 1] & 0xFFFF_FFFF_0000_0000 == tag { return false }
                slot = (slot &+ 1) & mask
            }
            words[slot &* 2] = high
            words[slot &* 2 &+ 1] = tag | UInt64(small ? UInt32(line) : UInt32.max)
            return true
        }
        guard inserted else { return }
        if !small { farLines[KeyHash.Key(high: high, low: tag)] = line }
        count += 1
        tables[index].count += 1
        if tables[index].count * 5 >= (tables[index].mask + 1) * 4 { grow(index) }
    }

    private mutating func grow(_ index: Int) {
        let old = tables[index]
        var grown = Table(slots: (old.mask + 1) * 2)
        grown.count = old.count
        grown.words.withUnsafeMutableBufferPointer { words in
            let mask = words.count / 2 - 1
            var position = 0
            while position < old.words.count {
                let high = old.words[position]
                if high != 0 {
                    var slot = Self.home(high) & mask
                    while words[slot &* 2] != 0 { slot = (slot &+ 1) & mask }
                    words[slot &* 2] = high
                    words[slot &* 2 &+ 1] = old.words[position + 1]
                }
                position += 2
            }
        }
        tables[index] = grown
    }
}

extension KeyHash {
    /// The same key in LinkedIn's part of a shared ``KeySet`` (e-mail keys are used as they are).
    var asLinkedIn: KeyHash { KeyHash(high: high ^ 0x6C69_6E6B_6564_696E, low: low ^ 0x9E37_79B9_7F4A_7C15) }

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

/// A ``KeySet`` that keeps memory bounded: at most `memoryKeys` keys live in the in-memory
/// tables; when they are full, they are written to a temporary file as a sorted run, and only
/// a Bloom filter (10 bits a key, ~1 % false positives) and a sparse index (one key in 64) stay
/// in memory: about 1.4 bytes a spilled key. A lookup checks the tables, then each run whose
/// filter says "maybe", reading 1 KiB of the run (from the page cache, as a rule) to be sure.
/// Answers are exactly those of one big ``KeySet``.
final class SpillingKeySet {
    private var memory = KeySet()
    private let memoryKeys: Int
    private let path: String
    private var descriptor: Int32 = -1
    private var fileSize = 0
    private var runs: [Run] = []
    private var farLines: [KeyHash.Key: Int] = [:]
    private var readBuffer = [UInt64](repeating: 0, count: Run.stride * 4)

    /// Keys held in all.
    private(set) var count = 0

    private struct Run {
        static let stride = 64
        /// Where the run's 16-byte records start in the file, and how many.
        var offset: Int
        var count: Int
        /// The high half of every `stride`-th record.
        var index: [UInt64]
        /// Blocked Bloom filter: 512-bit blocks, 8 bits set per key within one block.
        var bloom: [UInt64]
        var blockMask: Int

        // A key sets 8 bits in one 512-bit block; `mayContain` and `add` walk the same bits.
        func mayContain(_ high: UInt64, _ tag: UInt64) -> Bool {
            let block = Int(truncatingIfNeeded: (high ^ (tag >> 32)) >> 3) & blockMask
            var bits = tag | (high >> 40)
            for _ in 0..<8 {
                let bit = Int(bits & 511)
                if bloom[block &* 8 &+ bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
                bits = (bits >> 9) | (bits << 55)
            }
            return true
        }

        mutating func add(_ high: UInt64, _ tag: UInt64) {
            let block = Int(truncatingIfNeeded: (high ^ (tag >> 32)) >> 3) & blockMask
            var bits = tag | (high >> 40)
            for _ in 0..<8 {
                let bit = Int(bits & 511)
                bloom[block &* 8 &+ bit >> 6] |= 1 << UInt64(bit & 63)
                bits = (bits >> 9) | (bits << 55)
            }
        }
    }

    /// - Parameters:
    ///   - memoryKeys: keys kept in memory before a run is written.
    ///   - directory: where the temporary run file goes (removed by ``close()``, or on
    ///     interruption with the other temporary files).
    init(memoryKeys: Int, directory: String) {
        self.memoryKeys = max(1024, memoryKeys)
        path = (directory as NSString).appendingPathComponent(".dedupe-keys.\(getpid()).leadpipe-tmp")
    }

    deinit { close() }

    /// Removes the run file.
    func close() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
            unlink(path)
            TemporaryFiles.unregister(path)
        }
    }

    /// Bytes held in memory: the tables, the filters and the indexes.
    var bytes: Int { memory.bytes + runs.reduce(0) { $0 + $1.bloom.count * 8 + $1.index.count * 8 } }

    /// Bytes written to the run file.
    var spilledBytes: Int { fileSize }

    /// See ``KeySet/prefetch(_:)``.
    @inline(__always)
    func prefetch(_ key: KeyHash) { memory.prefetch(key) }

    func lookup(_ key: KeyHash) throws -> Int? {
        if let line = memory.lookup(key) { return line }
        guard !runs.isEmpty else { return nil }
        let (high, tag) = KeySet.storedParts(key)
        for run in runs where run.mayContain(high, tag) {
            if let line = try find(high, tag, in: run) { return line }
        }
        return nil
    }

    func insert(_ key: KeyHash, line: Int) throws {
        let before = memory.count
        memory.insert(key, line: line)
        guard memory.count > before else { return }
        count += 1
        if memory.count >= memoryKeys { try spill() }
    }

    /// Writes the in-memory keys as a sorted run.
    private func spill() throws {
        farLines.merge(memory.farLineEntries) { first, _ in first }
        if descriptor < 0 {
            descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw OutputError.fromErrno("create", path: path) }
            TemporaryFiles.register(path)
        }
        let total = memory.count
        var blocks = 1
        while blocks * 512 < total * 10 { blocks <<= 1 }
        var run = Run(
            offset: fileSize, count: total, index: [], bloom: [UInt64](repeating: 0, count: blocks * 8), blockMask: blocks - 1)
        run.index.reserveCapacity(total / Run.stride + 1)
        // Written through a 1 MiB buffer, one table at a time.
        var buffer = [UInt64]()
        buffer.reserveCapacity(1 << 17)
        var position = 0
        try memory.drainSorted { high, second in
            if position % Run.stride == 0 { run.index.append(high) }
            run.add(high, second & 0xFFFF_FFFF_0000_0000)
            buffer.append(high)
            buffer.append(second)
            position += 1
            if buffer.count == 1 << 17 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        memory = KeySet()
        runs.append(run)
    }

    /// Appends to the run file (reads use `pread`, so the file offset stays at its end).
    private func write(_ words: [UInt64]) throws {
        try words.withUnsafeBytes { bytes in
            try writeAll(descriptor, bytes, name: path)
            fileSize += bytes.count
        }
    }

    /// Looks `high`/`tag` up in a run: the sparse index narrows it to 64 records, read at once.
    private func find(_ high: UInt64, _ tag: UInt64, in run: Run) throws -> Int? {
        // The last index entry not above `high`.
        var low = 0
        var upper = run.index.count
        while upper - low > 1 {
            let middle = (low + upper) / 2
            if run.index[middle] <= high { low = middle } else { upper = middle }
        }
        // Equal highs may straddle two index blocks: read this block and the next.
        let first = low * Run.stride
        let count = min(Run.stride * 2, run.count - first)
        let byteCount = count * 16
        let read = try readBuffer.withUnsafeMutableBytes { buffer -> Int in
            var done = 0
            while done < byteCount {
                let result = pread(descriptor, buffer.baseAddress! + done, byteCount - done, off_t(run.offset + first * 16 + done))
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { throw OutputError.fromErrno("read", path: path) }
                done += result
            }
            return done
        }
        for record in 0..<(read / 16) {
            let storedHigh = readBuffer[record * 2]
            if storedHigh > high { break }
            let second = readBuffer[record * 2 + 1]
            if storedHigh == high && second & 0xFFFF_FFFF_0000_0000 == tag {
                let line = UInt32(truncatingIfNeeded: second)
                return line == UInt32.max ? farLines[KeyHash.Key(high: high, low: tag)] : Int(line)
            }
        }
        return nil
    }
}
