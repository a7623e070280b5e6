/// Full names split into first and last name.
public enum PersonName {
    /// Where the parts of a split name are, in the bytes written to `out`.
    public struct Parts: Equatable, Sendable {
        public var firstStart = 0
        public var firstCount = 0
        public var lastStart = 0
        public var lastCount = 0

        public init() {}
    }

    /// Splits `raw` (collapsed into `out`, room for `raw.count` bytes):
    ///
    /// - `Last, First` (a comma) → first `First`, last `Last`;
    /// - titles in front (`Dr.`, `Mr`, `Mrs`, `Ms`, `Prof.`, `Herr`, `Frau`, `Mme`) and suffixes
    ///   at the end (`Jr.`, `Sr.`, `II`, `III`, `PhD`, `MD`) are left out;
    /// - the last word is the last name, together with the particles before it (`van der`,
    ///   `de la`, `von`, `da`, `di`, `del`, `dos`, `bin`, `al`, `le`, `du`, `ten`, `ter`);
    /// - one word is a first name.
    public static func split(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Parts {
        let (count, _) = ByteText.collapse(raw, to: out)
        var parts = Parts()
        guard count > 0 else { return parts }
        let text = ByteView(base: out, count: count)
        if let comma = text.firstIndex(of: UInt8(ascii: ",")) {
            let last = text.slice(0, comma).trimmed()
            let first = text.slice(comma + 1, count).trimmed()
            parts.lastStart = last.base - UnsafePointer(out)
            parts.lastCount = last.count
            parts.firstStart = first.base - UnsafePointer(out)
            parts.firstCount = first.count
            return parts
        }
        // Words: (start, end) pairs, at most 16, on the stack.
        return withUnsafeTemporaryAllocation(of: (Int, Int).self, capacity: 16) { words in
            var wordCount = 0
            var start = 0
            for index in 0...count where index == count || text[index] == 0x20 {
                if index > start {
                    words[wordCount] = (start, index)
                    wordCount += 1
                }
                start = index + 1
                if wordCount == 16 { break }
            }
            func word(_ index: Int) -> ByteView { text.slice(words[index].0, words[index].1) }
            var from = 0
            var to = wordCount
            while to - from > 1 && isTitle(word(from)) { from += 1 }
            while to - from > 1 && isSuffix(word(to - 1)) { to -= 1 }
            guard to - from > 1 else {
                parts.firstStart = words[from].0
                parts.firstCount = words[to - 1].1 - words[from].0
                return parts
            }
            var lastFrom = to - 1
            while lastFrom - 1 > from && isParticle(word(lastFrom - 1)) { lastFrom -= 1 }
            parts.firstStart = words[from].0
            parts.firstCount = words[lastFrom - 1].1 - words[from].0
            parts.lastStart = words[lastFrom].0
            parts.lastCount = words[to - 1].1 - words[lastFrom].0
            return parts
        }
    }

    static func isTitle(_ word: ByteView) -> Bool {
        let bare = word.count > 1 && word[word.count - 1] == UInt8(ascii: ".") ? word.slice(0, word.count - 1) : word
        return titles.contains { bare.equalsIgnoringCase($0) }
    }

    static func isSuffix(_ word: ByteView) -> Bool {
        let bare = word.count > 1 && word[word.count - 1] == UInt8(ascii: ".") ? word.slice(0, word.count - 1) : word
        return suffixes.contains { bare.equalsIgnoringCase($0) }
    }

    static func isParticle(_ word: ByteView) -> Bool { particles.contains { word.equalsIgnoringCase($0) } }

    static let titles: [StaticString] = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "dott",
        "ing", "mag",
    ]
    static let suffixes: [StaticString] = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa"]
    static let particles: [StaticString] = [
        "van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "do", "du", "la", "le", "ten", "ter",
        "bin", "bint", "al", "el", "st", "zu", "y",
    ]
}
