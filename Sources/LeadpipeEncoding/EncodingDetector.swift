// How this works
// --------------
// Evidence, strongest first:
//
// 1. A byte order mark names the encoding.
// 2. UTF-32 and UTF-16 without a mark show as NUL bytes in a fixed place of every unit: lead
//    files are mostly ASCII (e-mails, digits, delimiters), whose UTF-16LE units end in 0x00.
// 3. UTF-8 is self-checking: a sample with well-formed multi-byte sequences and no ill-formed
//    ones is UTF-8. A sample with ill-formed sequences but also real well-formed ones (legacy
//    text makes them only by accident) is UTF-8 with some fields in a legacy code page (two
//    exports concatenated); those fields are repaired one by one later, in the code page that
//    best fits their bytes.
// 4. Otherwise each single-byte code page decodes the non-ASCII bytes and is scored by how
//    plausible the result is as text: letters inside words are good, letters of the languages
//    that use the code page are better; control characters, undefined bytes and symbols inside
//    words (`Wi¶niewski`) are bad; runs of three or more non-ASCII letters fit Cyrillic, not
//    Latin scripts, and Cyrillic words do not mix with Latin letters.
//
// The sample is as large as the caller can give (the first 4 MiB of input), not a few KB.

/// What the detector decided, and why.
public struct EncodingGuess: Sendable, Hashable {
    /// The encoding to read the file in.
    public var encoding: TextEncoding
    /// 0…1: how clearly the evidence pointed there.
    public var confidence: Double
    /// Bytes of a byte order mark at the start, to skip.
    public var byteOrderMarkLength: Int
    /// For UTF-8 files: the code page that fits the ill-formed bytes seen (fields from another
    /// export); Windows-1252 when there were none.
    public var fallback: CodePage
    /// Sentences a person can check: "invalid UTF-8 at line 1,204 (0xE9); Windows-1252 fits".
    public var evidence: [String]

    public init(encoding: TextEncoding, confidence: Double, byteOrderMarkLength: Int, fallback: CodePage, evidence: [String]) {
        self.encoding = encoding
        self.confidence = confidence
        self.byteOrderMarkLength = byteOrderMarkLength
        self.fallback = fallback
        self.evidence = evidence
    }
}

/// Detects the encoding of a file from a sample of its first bytes.
public enum EncodingDetector {
    /// Detects the encoding of `sample` (the start of the input).
    ///
    /// - Parameter isWholeInput: whether the sample is all of the input (so a sequence cut at
    ///   its end is ill-formed rather than continued in the next chunk).
    public static func detect(_ sample: UnsafeRawBufferPointer, isWholeInput: Bool) -> EncodingGuess {
        if let mark = ByteOrderMark.detect(in: sample.prefix(4)) {
            return EncodingGuess(
                encoding: TextEncoding(mark), confidence: 1, byteOrderMarkLength: mark.bytes.count,
                fallback: .windows1252, evidence: ["\(mark.rawValue) byte order mark"])
        }
        if let wide = detectWideEncoding(sample) { return wide }

        let report = UTF8Report.check(sample, endIsTruncated: !isWholeInput, maxExamples: 12)
        if report.invalidSequences == 0 {
            let evidence = report.sawNonASCII
                ? "valid UTF-8 throughout the sample (\(byteCount(sample.count)))"
                : "plain ASCII (\(byteCount(sample.count))); read as UTF-8"
            return EncodingGuess(
                encoding: .utf8, confidence: report.sawNonASCII ? 1 : 0.9, byteOrderMarkLength: 0,
                fallback: .windows1252, evidence: [evidence])
        }

        let multibyte = countMultibyteSequences(sample)
        let where_ = "invalid UTF-8 at " + describePlaces(report)
        let scores = scoreCodePages(sample, onlyInvalidUTF8: multibyte > 0)
        let best = scores[0]
        let fits = "\(best.page.name) fits (\(percent(best.plausibleShare)) of the non-ASCII bytes read as letters or common signs)"

        // One well-formed multi-byte sequence is already strong evidence: legacy text makes one
        // only when an accented capital meets a sign (`Ã©`), which real text rarely does. So a
        // UTF-8 file with a single `é` and a Windows-1252 `ü` is UTF-8 with one legacy field.
        if multibyte >= max(1, report.invalidSequences / 10) {
            // Genuine UTF-8 is there (legacy text forms well-formed sequences only by accident,
            // rarely): UTF-8, with some fields from elsewhere. Reading those fields in a code page
            // keeps the UTF-8 ones intact; reading everything in a code page would garble them.
            return EncodingGuess(
                encoding: .utf8, confidence: Double(multibyte) / Double(multibyte + report.invalidSequences),
                byteOrderMarkLength: 0, fallback: best.page,
                evidence: [
                    "\(multibyte) valid multi-byte UTF-8 sequences and \(report.invalidSequences) invalid ones",
                    "\(where_); those fields are read as \(best.page.name)",
                ])
        }
        // The next best that reads the sample differently (an equal score means the same text:
        // ISO-8859-1 and Windows-1252 agree on most bytes).
        let second = scores.dropFirst().first { $0.score < best.score - 1e-9 }
        let margin = second.map { best.score - $0.score } ?? best.score
        let confidence = min(1, max(0.05, best.plausibleShare * min(1, 0.5 + margin)))
        var evidence = [where_, fits]
        if let second { evidence.append("next best: \(second.page.name)") }
        return EncodingGuess(
            encoding: best.page.encoding, confidence: confidence, byteOrderMarkLength: 0,
            fallback: best.page, evidence: evidence)
    }

    // MARK: - UTF-16 and UTF-32 without a byte order mark

    static func detectWideEncoding(_ sample: UnsafeRawBufferPointer) -> EncodingGuess? {
        let count = min(sample.count, 1 << 16) & ~3
        guard count >= 16 else { return nil }
        // NULs by position modulo 4.
        var nuls = [0, 0, 0, 0]
        for index in 0..<count where sample[index] == 0 { nuls[index & 3] += 1 }
        let quarter = Double(count / 4)
        let share = nuls.map { Double($0) / quarter }
        if share[1] > 0.9 && share[2] > 0.9 && share[3] > 0.9 && share[0] < 0.1 {
            return wideGuess(.utf32LittleEndian, share[1])
        }
        if share[0] > 0.9 && share[1] > 0.9 && share[2] > 0.9 && share[3] < 0.1 {
            return wideGuess(.utf32BigEndian, share[0])
        }
        let even = (share[0] + share[2]) / 2
        let odd = (share[1] + share[3]) / 2
        if odd > 0.3 && even < 0.05 { return wideGuess(.utf16LittleEndian, odd) }
        if even > 0.3 && odd < 0.05 { return wideGuess(.utf16BigEndian, even) }
        return nil
    }

    static func wideGuess(_ encoding: TextEncoding, _ share: Double) -> EncodingGuess {
        let place = encoding == .utf16LittleEndian || encoding == .utf32LittleEndian ? "high" : "low"
        return EncodingGuess(
            encoding: encoding, confidence: min(1, 0.5 + share / 2), byteOrderMarkLength: 0, fallback: .windows1252,
            evidence: ["no byte order mark, but \(percent(share)) of \(encoding == .utf16LittleEndian || encoding == .utf16BigEndian ? "16" : "32")-bit units have NUL \(place) bytes, as \(encoding.rawValue) text does"])
    }

    // MARK: - Single-byte code pages

    /// A code page's fit to a sample.
    public struct CodePageScore: Sendable {
        public var page: CodePage
        /// Mean plausibility per non-ASCII byte; higher is better.
        public var score: Double
        /// Share of non-ASCII bytes that decode to letters or common signs in a fitting place.
        public var plausibleShare: Double
    }

    /// Scores every code page on the non-ASCII bytes of `sample` (only those that are not part
    /// of well-formed UTF-8 when `onlyInvalidUTF8`), best first.
    public static func scoreCodePages(_ sample: UnsafeRawBufferPointer, onlyInvalidUTF8: Bool = false) -> [CodePageScore] {
        let bytes = Array(sample)
        // Which bytes to judge: non-ASCII, and not inside a well-formed UTF-8 sequence.
        var judged = [Bool](repeating: false, count: bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] < 0x80 {
                    index += 1
                    continue
                }
                if onlyInvalidUTF8 {
                    let length = UTF8Sequence.length(at: index, in: buffer.baseAddress!, end: buffer.count)
                    if length > 0 {
                        index += length
                        continue
                    }
                }
                judged[index] = true
                index += 1
            }
        }
        let scores = CodePage.all.map { page -> CodePageScore in
            score(page, bytes: bytes, judged: judged)
        }
        // Best first; exact ties keep the preference order of `CodePage.all`.
        return scores.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
    }

    enum Kind { case letter, commonSign, otherSign, space, bad }

    static func kind(_ scalar: Unicode.Scalar?) -> Kind {
        guard let scalar else { return .bad }
        if scalar.value < 0x80 {
            if scalar.properties.isAlphabetic { return .letter }
            return scalar == " " || scalar == "\t" ? .space : .otherSign
        }
        if (0x80...0x9F).contains(scalar.value) { return .bad }  // C1 controls
        if scalar.value == 0xA0 { return .space }
        // Unicode calls these letters, but in text they are signs: ª º µ ƒ.
        if scalar.value == 0xAA || scalar.value == 0xBA || scalar.value == 0xB5 { return .commonSign }
        if scalar.value == 0x192 { return .otherSign }
        if scalar.properties.isAlphabetic { return .letter }
        return commonSigns.contains(scalar) ? .commonSign : .otherSign
    }

    static let commonSigns: Set<Unicode.Scalar> = Set("€£¥¢°©®™§«»‹›‘’‚“”„–—•…½¼¾±×÷µ¿¡ªº".unicodeScalars)

    /// Letters of the languages written in each family of code pages.
    static let westernLetters = Set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒŠŽ".unicodeScalars)
    static let centralLetters = Set(
        "ąćęłńóśźżĄĆĘŁŃÓŚŹŻáčďéěíňřšťúůýžÁČĎÉĚÍŇŘŠŤÚŮÝŽöőüűÖŐÜŰăâîșțşţĂÂÎȘȚŞŢäëôÄËÔĺľŕĹĽŔßçÇ".unicodeScalars)

    static func isFamilyLetter(_ scalar: Unicode.Scalar, of page: CodePage) -> Bool {
        switch page {
        case .windows1251: (0x400...0x4FF).contains(scalar.value)
        case .windows1250, .iso8859_2: centralLetters.contains(scalar)
        default: westernLetters.contains(scalar)
        }
    }

    /// What the scorer needs to know about each byte in a code page, worked out once (Unicode
    /// property lookups per byte of a 4 MiB sample would cost seconds).
    struct ByteInfo {
        var kind: Kind
        var isFamilyLetter: Bool
        var isUppercase: Bool
        var isLowercase: Bool
    }

    static let byteTables: [[ByteInfo]] = CodePage.all.map { page in
        (0..<256).map { byte in
            let scalar = page.scalar(for: UInt8(byte))
            return ByteInfo(
                kind: kind(scalar), isFamilyLetter: scalar.map { isFamilyLetter($0, of: page) } ?? false,
                isUppercase: scalar?.properties.isUppercase ?? false, isLowercase: scalar?.properties.isLowercase ?? false)
        }
    }

    static func score(_ page: CodePage, bytes: [UInt8], judged: [Bool]) -> CodePageScore {
        let table = byteTables[CodePage.all.firstIndex(of: page)!]
        return table.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { bytes in
                judged.withUnsafeBufferPointer { judged in
                    score(page, table: table, bytes: bytes, judged: judged)
                }
            }
        }
    }

    static func score(
        _ page: CodePage, table: UnsafeBufferPointer<ByteInfo>, bytes: UnsafeBufferPointer<UInt8>, judged: UnsafeBufferPointer<Bool>
    ) -> CodePageScore {
        var total = 0.0
        var plausible = 0
        var count = 0
        let cyrillic = page == .windows1251
        @inline(__always) func info(_ position: Int) -> ByteInfo { table[Int(bytes[position])] }
        var index = 0
        while index < bytes.count {
            guard judged[index] else {
                index += 1
                continue
            }
            // A run of judged bytes, with its neighbours.
            var end = index
            while end < bytes.count && judged[end] { end += 1 }
            let before = index > 0 ? info(index - 1).kind : .space
            let after = end < bytes.count ? info(end).kind : .space
            var runLetters = 0
            for position in index..<end {
                let current = info(position)
                let previous = position == index ? before : info(position - 1).kind
                let next = position == end - 1 ? after : info(position + 1).kind
                let inWord = previous == .letter || next == .letter
                count += 1
                switch current.kind {
                case .bad:
                    total -= 6
                case .letter:
                    runLetters += 1
                    // A lone accented letter between digits or spaces ("1.234,56 à") is less
                    // likely than a sign there ("1.234,56 €").
                    var value = inWord ? 2.0 : -0.5
                    if inWord && current.isFamilyLetter { value += 1 }
                    // An upper-case letter after a lower-case one inside a word: "mÃœller".
                    if current.isUppercase && position > 0 && info(position - 1).isLowercase { value -= 2 }
                    total += value
                    plausible += 1
                case .commonSign:
                    if previous == .letter && next == .letter {
                        total -= 3
                    } else {
                        total += 1
                        plausible += 1
                    }
                case .otherSign:
                    total -= (previous == .letter && next == .letter) ? 4 : 1
                case .space:
                    total += 0.5
                    plausible += 1
                }
            }
            // Word shape: Latin scripts sprinkle accents among ASCII letters; Cyrillic words are
            // all non-ASCII letters and do not touch Latin ones.
            if runLetters >= 3 && runLetters == end - index {
                total += cyrillic ? 2 : -3
            }
            if cyrillic && runLetters > 0 && (before == .letter || after == .letter) {
                total -= 3
            }
            index = end
        }
        guard count > 0 else { return CodePageScore(page: page, score: 0, plausibleShare: 1) }
        return CodePageScore(page: page, score: total / Double(count), plausibleShare: Double(plausible) / Double(count))
    }

    /// Well-formed multi-byte UTF-8 sequences that read as real text. Legacy text forms some by
    /// accident — Windows-1250 `ÓŁ` is D3 A3, which is UTF-8 for the Cyrillic `ӣ` — and those
    /// show themselves: a Greek, Cyrillic, Armenian, Hebrew or Arabic letter inside a Latin
    /// word, a C1 control, a private-use character, or a Latin-1 sign between two letters.
    static func countMultibyteSequences(_ sample: UnsafeRawBufferPointer) -> Int {
        guard let base = sample.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        @inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
        var count = 0
        var index = 0
        while index < sample.count {
            if base[index] < 0x80 {
                index += 1
                continue
            }
            let length = UTF8Sequence.length(at: index, in: base, end: sample.count)
            if length > 0 {
                let scalar = FieldRepairer.decodeScalar(base + index, length)
                let value = scalar.value
                let before = index > 0 && isASCIILetter(base[index - 1])
                let after = index + length < sample.count && isASCIILetter(base[index + length])
                // (No Unicode property lookups: at ~100 ns each they would dominate on
                // non-Latin files.)
                let accidental =
                    (0x80...0x9F).contains(value) || (0xE000...0xF8FF).contains(value)
                    || ((0x370...0x6FF).contains(value) && (before || after))
                    || ((0xA1...0xBF).contains(value) && before && after)
                if !accidental { count += 1 }
            }
            index += abs(length)
        }
        return count
    }

    /// "line 3 (0xE9), line 7 (0xFC)".
    static func describePlaces(_ report: UTF8Report) -> String {
        var seen: Set<Int> = []
        var places: [String] = []
        for (line, byte) in zip(report.exampleLines, report.exampleBytes) where seen.insert(line).inserted {
            let hex = String(byte, radix: 16, uppercase: true)
            places.append("line \(line) (0x\(hex))")
        }
        return places.joined(separator: ", ")
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func byteCount(_ count: Int) -> String {
        count >= 1 << 20 ? "\(count >> 20) MiB" : count >= 1 << 10 ? "\(count >> 10) KiB" : "\(count) bytes"
    }
}
