// How this works
// --------------
// Repair runs per field, after tokenizing, on UTF-8 that may still be broken in small ways.
// Almost every field is ASCII and leaves after one 8-bytes-at-a-time check. A non-ASCII field
// is scanned once, sequence by sequence, for signs of trouble; only a field with a sign is
// rebuilt:
//
// - Ill-formed UTF-8 (a Windows-1252 field in a UTF-8 file): each ill-formed byte is read in
//   the file's fallback code page; a byte the code page does not define becomes U+FFFD.
// - Mojibake: UTF-8 read as Windows-1252, Latin-1, Windows-1250 or Windows-1251 and saved as
//   UTF-8 again (`JosÃ©`, `MÃ¼ller`, `donâ€™t`, `Ð’Ð»Ð°Ð´`). Encoding the text back through
//   that code page gives the original bytes; the fix is taken only when those bytes are
//   well-formed UTF-8 with multi-byte characters and no control characters — which text that
//   merely looks odd (`SÃO PAULO`, `€ 100`, `İstanbul`, `Nguyễn`) never gives. Two layers are
//   undone when there are two.
// - NUL bytes, zero-width spaces, word joiners and stray byte order marks are removed; NBSP
//   becomes a space (identifier fields, later, drop it).
// - Text is put into NFC, so that `é` is one character however it was typed.
//
// Every change is reported by kind; U+FFFD, whether made here or by the transcoder, is counted.

/// One kind of change made to a field.
public enum RepairKind: Int, Sendable, CaseIterable {
    /// UTF-8 that had been read as a legacy code page and saved again, undone.
    case mojibake
    /// The same, two layers deep.
    case doubleMojibake
    /// Ill-formed UTF-8 read in the file's fallback code page (a field from another export).
    case legacyBytes
    /// Bytes no encoding could decode, now U+FFFD.
    case undecodable
    /// NUL bytes removed.
    case nulRemoved
    /// Zero-width spaces, word joiners or byte order marks removed.
    case invisibleRemoved
    /// No-break spaces made ordinary spaces.
    case noBreakSpace
    /// Text put into Unicode NFC.
    case normalized

    /// A short description for summaries.
    public var summary: String {
        switch self {
        case .mojibake: "mojibake repaired (UTF-8 that had been read as a legacy code page)"
        case .doubleMojibake: "double mojibake repaired (two layers)"
        case .legacyBytes: "legacy-encoded text read in the file's fallback code page"
        case .undecodable: "undecodable bytes replaced by U+FFFD"
        case .nulRemoved: "NUL bytes removed"
        case .invisibleRemoved: "zero-width characters or stray byte order marks removed"
        case .noBreakSpace: "no-break spaces made plain spaces"
        case .normalized: "text normalized to NFC"
        }
    }

    /// The key used in JSON reports.
    public var key: String {
        switch self {
        case .mojibake: "mojibake"
        case .doubleMojibake: "double_mojibake"
        case .legacyBytes: "legacy_bytes"
        case .undecodable: "undecodable"
        case .nulRemoved: "nul_removed"
        case .invisibleRemoved: "invisible_removed"
        case .noBreakSpace: "no_break_space"
        case .normalized: "normalized"
        }
    }
}

/// A set of ``RepairKind``s.
public struct RepairSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ kind: RepairKind) { rawValue = 1 << kind.rawValue }

    /// The kinds in the set.
    public var kinds: [RepairKind] { RepairKind.allCases.filter { contains(RepairSet($0)) } }
}

/// Repairs fields. One per stream: it keeps the scratch space a repair needs, so that
/// repairing allocates nothing once the buffers have grown to the longest field repaired.
public struct FieldRepairer: Sendable {
    /// How ill-formed bytes in UTF-8 are read.
    public let fallback: CodePage
    /// Whether to repair; when false only what must be fixed is (ill-formed UTF-8 → U+FFFD).
    public let repairs: Bool

    /// The field's scalars while it is rebuilt, and two scratch arrays for the layers of a
    /// mojibake reversal and for cleaning.
    private var scalars: [Unicode.Scalar] = []
    private var layer: [Unicode.Scalar] = []
    private var secondLayer: [Unicode.Scalar] = []
    private var bytes: [UInt8] = []

    /// - Parameters:
    ///   - fallback: the code page for ill-formed UTF-8 bytes (fields from another export).
    ///   - repairs: false for `--no-repair`: mojibake, invisibles, NBSP and NFC are left alone,
    ///     ill-formed bytes become U+FFFD (and are counted).
    /// The code page the file was transcoded from, if any: its text is not "mojibake through
    /// that code page" (a Windows-1250 file's `ÓŁ` is Polish, not UTF-8 read as 1250).
    public let decodedFrom: CodePage?

    public init(fallback: CodePage = .windows1252, repairs: Bool = true, decodedFrom: CodePage? = nil) {
        self.fallback = fallback
        self.repairs = repairs
        self.decodedFrom = decodedFrom
        skippedSource = decodedFrom.flatMap { page in Self.mojibakeSourcePages.firstIndex(of: page) } ?? -1
    }

    /// The mojibake source (index) not to try first, because the file was decoded from it.
    private let skippedSource: Int

    /// Repairs `value`. When it needs no change, returns an empty set and leaves `output`
    /// alone; otherwise writes the repaired UTF-8 to `output` (replacing its contents) and
    /// returns what was done.
    public mutating func repair(_ value: UnsafeRawBufferPointer, into output: inout [UInt8]) -> RepairSet {
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self), Self.needsLook(base, value.count) else {
            return []
        }
        let signs = Self.scan(base, value.count)
        if signs.isEmpty { return [] }
        // Characters that might not be in NFC, and nothing else: usually they are (€, 山田 …);
        // the standard library's quick check says so without rebuilding anything.
        if signs == .maybeNotNFC && (!repairs || Self.isQuicklyNFC(UnsafeBufferPointer(start: base, count: value.count))) {
            return []
        }
        return rebuild(base, value.count, signs: signs, into: &output)
    }

    // MARK: - The quick look

    /// Whether any byte is non-ASCII or NUL (8 bytes at a time).
    @inlinable @inline(__always)
    public static func needsLook(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index &+ 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if (word & 0x8080_8080_8080_8080) | hasZero != 0 { return true }
            index &+= 8
        }
        while index < count {
            if base[index] >= 0x80 || base[index] == 0 { return true }
            index &+= 1
        }
        return false
    }

    /// ``needsLook(_:_:)`` for a value followed by at least 8 readable bytes (in a chunk or an
    /// arena with slack): the last 1…7 bytes are checked as one word, the bytes past the end
    /// replaced by harmless ones.
    @inlinable @inline(__always)
    public static func needsLook(_ base: UnsafePointer<UInt8>, _ count: Int, tailIsReadable: Bool) -> Bool {
        guard tailIsReadable else { return needsLook(base, count) }
        var index = 0
        while index &+ 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if (word & 0x8080_8080_8080_8080) | hasZero != 0 { return true }
            index &+= 8
        }
        let remaining = count &- index
        guard remaining > 0 else { return false }
        let beyond = ~UInt64(0) << UInt64(remaining &* 8)
        var word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        word = (word & ~beyond) | (0x0101_0101_0101_0101 & beyond)
        let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
        return (word & 0x8080_8080_8080_8080) | hasZero != 0
    }

    /// What a field shows when scanned once.
    struct Signs: OptionSet {
        let rawValue: UInt8
        static let illFormed = Signs(rawValue: 1 << 0)
        static let mojibakeSuspect = Signs(rawValue: 1 << 1)
        static let nul = Signs(rawValue: 1 << 2)
        static let invisible = Signs(rawValue: 1 << 3)
        static let noBreakSpace = Signs(rawValue: 1 << 4)
        static let maybeNotNFC = Signs(rawValue: 1 << 5)
        static let replacement = Signs(rawValue: 1 << 6)
    }

    static func scan(_ base: UnsafePointer<UInt8>, _ count: Int) -> Signs {
        byteImages.withUnsafeBufferPointer { images in scan(base, count, images: images) }
    }

    static func scan(_ base: UnsafePointer<UInt8>, _ count: Int, images: UnsafeBufferPointer<UInt8>) -> Signs {
        var signs: Signs = []
        var index = 0
        var previousWasSuspectLead = false
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if byte == 0 { signs.insert(.nul) }
                previousWasSuspectLead = false
                index &+= 1
                continue
            }
            let length = UTF8Sequence.length(at: index, in: base, end: count)
            guard length > 0 else {
                signs.insert(.illFormed)
                previousWasSuspectLead = false
                index &-= length
                continue
            }
            let second = base[index &+ 1]
            // The shape of mojibake: a character that Windows-1252/Latin-1, -1251 or -1250 make
            // of a UTF-8 lead byte (Ã, Â, Р, С, Ă, Ĺ …), directly followed by one they make of a
            // continuation byte (©, ¼, ’, ј, Ş …).
            if length <= 3 {
                let scalar = Int(Self.decodeScalar(base + index, length).value)
                let image = scalar < images.count ? images[scalar] : 0
                if previousWasSuspectLead && image & Self.continuationImage != 0 { signs.insert(.mojibakeSuspect) }
                previousWasSuspectLead = image & Self.leadImage != 0
            } else {
                previousWasSuspectLead = false
            }
            switch length {
            case 2:
                if byte == 0xC2 {
                    if second == 0xA0 { signs.insert(.noBreakSpace) }
                    if second < 0xA0 { signs.insert(.mojibakeSuspect) }  // C1 controls
                }
            case 3:
                let third = base[index &+ 2]
                if byte == 0xE2 && second == 0x80 && third == 0x8B { signs.insert(.invisible) }  // ZWSP
                if byte == 0xE2 && second == 0x81 && third == 0xA0 { signs.insert(.invisible) }  // WJ
                if byte == 0xEF && second == 0xBB && third == 0xBF { signs.insert(.invisible) }  // BOM
                // U+FFFD, and the noncharacters U+FFFE and U+FFFF (a byte order mark read
                // the wrong way round): flagged as undecodable.
                if byte == 0xEF && second == 0xBF && third >= 0xBD { signs.insert(.replacement) }
            default:
                break
            }
            if mayNotBeNFC(base + index, length) { signs.insert(.maybeNotNFC) }
            index &+= length
        }
        return signs
    }

    /// Whether the character at `pointer` lies where Unicode has characters that are not NFC
    /// or that compose with what precedes them (combining marks, Hangul jamo, singletons such as
    /// the Ohm sign, compatibility ideographs). Everything else — Latin, Greek and Cyrillic
    /// letters, CJK, kana, Hangul syllables, emoji, €, curly quotes — is always NFC, so the exact
    /// check runs only on the few fields that need it.
    @inline(__always)
    static func mayNotBeNFC(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let lead = pointer[0]
        let second = pointer[1]
        switch length {
        case 2:
            switch lead {
            case 0xCC, 0xCD, 0xDC...0xDF: return true  // U+0300…036F and U+0700…07FF
            case 0xCE: return second == 0x87  // U+0387 (a singleton)
            case 0xD2: return second >= 0x83 && second <= 0x89  // Cyrillic combining marks
            case 0xD6, 0xD7, 0xD8, 0xD9, 0xDB: return true  // Hebrew points, Arabic marks
            default: return false
            }
        case 3:
            let third = pointer[2]
            switch lead {
            case 0xE0, 0xE1: return true  // Indic, Thai, Tibetan, Myanmar, jamo, Greek/Latin extended
            case 0xE2:
                return (second == 0x80 && third <= 0x81) || (second == 0x83 && third >= 0x90)
                    || (second == 0x84 && (third == 0xA6 || third == 0xAA || third == 0xAB))
                    || (second == 0x8C && (third == 0xA9 || third == 0xAA))
                    || (second == 0xAB && third == 0x9C)  // U+2ADC, a singleton
            case 0xE3:
                return (second == 0x82 && (third == 0x99 || third == 0x9A))  // kana voicing marks
                    || (second == 0x80 && third >= 0xAA && third <= 0xAF)  // ideographic tone marks
            case 0xEF: return second >= 0xA4 && second <= 0xAD  // compatibility ideographs, Hebrew forms
            default: return false
            }
        default:
            // Supplementary planes: historic and minority scripts with combining marks
            // (U+10000…1EFFF) and compatibility ideographs (U+2F800…); not emoji (F0 9F) or the
            // CJK extensions.
            return lead == 0xF0 && ((second >= 0x90 && second <= 0x9E) || second == 0xAF)
        }
    }

    // MARK: - Rebuilding

    mutating func rebuild(_ base: UnsafePointer<UInt8>, _ count: Int, signs: Signs, into output: inout [UInt8]) -> RepairSet {
        var done: RepairSet = []
        scalars.removeAll(keepingCapacity: true)

        // 1. Decode, reading ill-formed bytes in the fallback code page (or as U+FFFD).
        var index = 0
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if byte == 0 && repairs {
                    done.insert(RepairSet(.nulRemoved))
                } else {
                    scalars.append(Unicode.Scalar(byte))
                }
                index += 1
                continue
            }
            let length = UTF8Sequence.length(at: index, in: base, end: count)
            if length > 0 {
                scalars.append(Self.decodeScalar(base + index, length))
                index += length
                continue
            }
            if repairs, let scalar = fallback.scalar(for: byte), !(0x80...0x9F).contains(scalar.value) {
                scalars.append(scalar)
                done.insert(RepairSet(.legacyBytes))
                index += 1
            } else {
                scalars.append("\u{FFFD}")
                done.insert(RepairSet(.undecodable))
                index += -length
            }
        }
        if signs.contains(.replacement) { done.insert(RepairSet(.undecodable)) }

        if repairs {
            // 2. Mojibake, up to two layers.
            if signs.contains(.mojibakeSuspect) || signs.contains(.illFormed), let layers = undoMojibake() {
                done.insert(RepairSet(layers == 2 ? .doubleMojibake : .mojibake))
            }
            // 3. Invisible characters and no-break spaces.
            if signs.contains(.invisible) || signs.contains(.noBreakSpace) || done.contains(RepairSet(.legacyBytes))
                || done.contains(RepairSet(.mojibake)) || done.contains(RepairSet(.doubleMojibake))
            {
                layer.removeAll(keepingCapacity: true)
                for scalar in scalars {
                    switch scalar.value {
                    case 0x200B, 0x2060, 0xFEFF:
                        done.insert(RepairSet(.invisibleRemoved))
                    case 0xA0:
                        layer.append(" ")
                        done.insert(RepairSet(.noBreakSpace))
                    default:
                        layer.append(scalar)
                    }
                }
                swap(&scalars, &layer)
            }
        }

        // 4. Encode, then NFC.
        output.removeAll(keepingCapacity: true)
        for scalar in scalars { output.append(contentsOf: UTF8.encode(scalar)!) }
        if repairs && (signs.contains(.maybeNotNFC) || !done.isEmpty) {
            if !output.withUnsafeBufferPointer(Self.isQuicklyNFC) {
                // `_nfcCodeUnits` is the standard library's own normalizer (the one String
                // comparison uses); public, though underscored. Rare, so it may allocate.
                let normalized = String(decoding: output, as: UTF8.self)._nfcCodeUnits
                if normalized != output {
                    output = normalized
                    done.insert(RepairSet(.normalized))
                }
            }
        }
        return done
    }

    /// The NFC quick check (no decomposition: yes, or "not sure").
    static func isQuicklyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var span = try? UTF8Span(validating: Span(_unsafeElements: bytes)) else { return false }
        return span.checkForNFC(quickCheck: true)
    }

    static func decodeScalar(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> Unicode.Scalar {
        var value = UInt32(pointer[0])
        switch length {
        case 2: value = (value & 0x1F) << 6 | UInt32(pointer[1] & 0x3F)
        case 3: value = (value & 0x0F) << 12 | UInt32(pointer[1] & 0x3F) << 6 | UInt32(pointer[2] & 0x3F)
        default:
            value = (value & 0x07) << 18 | UInt32(pointer[1] & 0x3F) << 12 | UInt32(pointer[2] & 0x3F) << 6
                | UInt32(pointer[3] & 0x3F)
        }
        return Unicode.Scalar(value)!
    }

    // MARK: - Mojibake

    /// The highest scalar any mojibake source code page encodes is U+2122 (™).
    static let mojibakeTableSize = 0x2123

    /// The code pages mojibake comes from, as tables from scalar to byte (0: not encodable;
    /// ASCII maps to itself), with the C1 control characters a decoder keeps for the bytes the
    /// code page leaves undefined (Windows does that): `Ł` is C5 81, and 0x81 has no
    /// Windows-1252 character. Windows-1252's table also takes Latin-1's C1 controls for all of
    /// 0x80…0x9F, since mojibake made through Latin-1 keeps those.
    static let mojibakeSourcePages: [CodePage] = [.windows1252, .windows1251, .windows1250]

    static let mojibakeSources: [[UInt8]] = mojibakeSourcePages.map { page in
        var table = [UInt8](repeating: 0, count: mojibakeTableSize)
        for byte in 0..<0x80 { table[byte] = UInt8(byte) }
        for (scalar, byte) in page.encodeTable where Int(scalar) < mojibakeTableSize {
            table[Int(scalar)] = byte
        }
        for byte in UInt8(0x80)...0x9F where page == .windows1252 || page.upperHalf[Int(byte) - 0x80] == 0xFFFD {
            table[Int(byte)] = byte
        }
        return table
    }

    static let leadImage: UInt8 = 1
    static let continuationImage: UInt8 = 2

    /// For each scalar below U+2123: whether some mojibake source code page makes it of a UTF-8
    /// lead byte (C2…F4) or of a continuation byte (80…BF).
    static let byteImages: [UInt8] = {
        var images = [UInt8](repeating: 0, count: mojibakeTableSize)
        for table in mojibakeSources {
            for scalar in 0x80..<mojibakeTableSize {
                let byte = table[scalar]
                if byte >= 0xC2 && byte <= 0xF4 { images[scalar] |= leadImage }
                if byte >= 0x80 && byte <= 0xBF { images[scalar] |= continuationImage }
            }
        }
        return images
    }()

    /// Where the characters of real text live; a "repair" that lands elsewhere (Syriac, say,
    /// from `Üš`) was not one.
    static func isPlausible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x09, 0x0A, 0x0D: true
        case 0xA0...0x24F, 0x300...0x36F, 0x370...0x6FF: true  // Latin, accents, Greek, Cyrillic, Armenian, Hebrew, Arabic
        case 0x900...0xE7F, 0x1E00...0x1EFF: true  // Indic, Thai, Vietnamese Latin
        case 0x2000...0x20CF, 0x2100...0x2BFF: true  // punctuation, currency, symbols
        case 0x3000...0x9FFF, 0xAC00...0xD7AF, 0xFF00...0xFFEF: true  // CJK, kana, Hangul, full width
        case 0x1F000...0x1FAFF: true  // emoji
        default: false
        }
    }

    /// Whether a reversal reads like real text: every character plausible and assigned, no
    /// letter of Greek, Cyrillic, Armenian, Hebrew or Arabic touching a Latin letter (`SPÓŁKA`
    /// reversed through Windows-1250 gives `SPӣKA`), and no Latin-1 sign between two letters
    /// (`CÂŞTIG` would give `CªTIG`).
    static func isPlausibleText(_ scalars: [Unicode.Scalar]) -> Bool {
        for index in scalars.indices {
            let scalar = scalars[index]
            guard isPlausible(scalar) else { return false }
            let value = scalar.value
            guard value >= 0x80 else { continue }
            // Unicode property lookups cost ~100 ns; the blocks most text lives in are fully
            // assigned and are let through without one.
            if !isFullyAssigned(value) {
                let properties = scalar.properties
                if properties.generalCategory == .unassigned || properties.generalCategory == .privateUse
                    || properties.isNoncharacterCodePoint
                {
                    return false
                }
            }
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if (0x370...0x6FF).contains(value) && scalar.properties.isAlphabetic {
                if previous.map(isLatinLetter) == true || next.map(isLatinLetter) == true { return false }
            }
            if (0xA1...0xBF).contains(value), let previous, let next, isLetter(previous), isLetter(next) {
                return false
            }
        }
        return true
    }

    /// Blocks with no unassigned, private-use or noncharacter code points.
    static func isFullyAssigned(_ value: UInt32) -> Bool {
        (0xA0...0x377).contains(value) || (0x400...0x52F).contains(value) || (0x2010...0x2027).contains(value)
            || (0x3041...0x3096).contains(value) || (0x30A0...0x30FF).contains(value)
            || (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value)
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? isLatinLetter(scalar) : scalar.properties.isAlphabetic
    }

    static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        return ((0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7) || (0x1E00...0x1EFF).contains(value)
    }

    /// Replaces `scalars` with the text they were before UTF-8 was read as a legacy code page
    /// once or twice, and returns how many layers were undone — if that is clearly what
    /// happened: the reversal is well-formed UTF-8 with fewer characters, all of them
    /// plausible. (A first layer undone may still hold control characters: they are the second
    /// layer's bytes.)
    mutating func undoMojibake() -> Int? {
        guard Self.hasNonASCIIPair(scalars) else { return nil }
        var singleLayerSource: Int? = nil
        for source in Self.mojibakeSources.indices where source != skippedSource {
            guard Self.reverse(scalars, through: source, bytes: &bytes, into: &layer) else { continue }
            if Self.hasNonASCIIPair(layer) {
                for second in Self.mojibakeSources.indices {
                    if Self.reverse(layer, through: second, bytes: &bytes, into: &secondLayer),
                        Self.isPlausibleText(secondLayer)
                    {
                        swap(&scalars, &secondLayer)
                        return 2
                    }
                }
            }
            if singleLayerSource == nil && Self.isPlausibleText(layer) {
                // Nothing left that a second layer could undo: done.
                if !Self.hasNonASCIIPair(layer) {
                    swap(&scalars, &layer)
                    return 1
                }
                singleLayerSource = source
            }
        }
        guard let source = singleLayerSource else { return nil }
        _ = Self.reverse(scalars, through: source, bytes: &bytes, into: &layer)
        swap(&scalars, &layer)
        return 1
    }

    /// Mojibake needs a non-ASCII scalar followed by another.
    static func hasNonASCIIPair(_ scalars: [Unicode.Scalar]) -> Bool {
        var previous = false
        for scalar in scalars {
            let nonASCII = scalar.value >= 0x80
            if previous && nonASCII { return true }
            previous = nonASCII
        }
        return false
    }

    /// Encodes `scalars` back through mojibake source `source` and decodes the bytes as UTF-8
    /// into `result`; true if every scalar was encodable and the bytes are well-formed UTF-8
    /// with fewer characters. `bytes` and `result` are scratch, overwritten.
    static func reverse(
        _ scalars: [Unicode.Scalar], through source: Int, bytes: inout [UInt8], into result: inout [Unicode.Scalar]
    ) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        let encodable = mojibakeSources[source].withUnsafeBufferPointer { table in
            for scalar in scalars {
                let value = Int(scalar.value)
                guard value < mojibakeTableSize, table[value] != 0 || value == 0 else { return false }
                bytes.append(table[value])
            }
            return true
        }
        guard encodable else { return false }
        result.removeAll(keepingCapacity: true)
        let wellFormed = bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            var index = 0
            while index < buffer.count {
                if base[index] < 0x80 {
                    result.append(Unicode.Scalar(base[index]))
                    index &+= 1
                    continue
                }
                let length = UTF8Sequence.length(at: index, in: base, end: buffer.count)
                guard length > 0 else { return false }
                result.append(decodeScalar(base + index, length))
                index &+= length
            }
            return true
        }
        return wellFormed && result.count < scalars.count
    }
}
