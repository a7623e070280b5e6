/// Column names from a header row, made usable as JSON keys.
public enum HeaderNames {
    /// Keys no column may take, because leadpipe uses them itself.
    public static let reserved: Set<String> = ["_extra"]

    /// Names for a header row's raw values.
    ///
    /// - A byte order mark (U+FEFF) and surrounding whitespace, NBSP included, are removed.
    /// - An empty name becomes `column_N` (N is the 1-based column number).
    /// - A repeated name gets a suffix: `email`, `email_2`, `email_3` — skipping suffixes that
    ///   another column already uses. Reserved keys (`_extra`) are suffixed the same way.
    public static func make<S: Sequence<String>>(from raw: S) -> [String] {
        let trimmed = raw.enumerated().map { index, name -> String in
            let clean = trim(name)
            return clean.isEmpty ? "column_\(index + 1)" : clean
        }
        var taken = reserved
        var counts: [String: Int] = [:]
        for name in trimmed { counts[name, default: 0] += 1 }
        var result: [String] = []
        result.reserveCapacity(trimmed.count)
        // Names that occur once and are not reserved keep their spelling; claim them first so
        // that a generated suffix never steals one.
        for name in trimmed where counts[name] == 1 && !reserved.contains(name) { taken.insert(name) }
        var firstSeen: Set<String> = []
        for name in trimmed {
            if counts[name] == 1 && !reserved.contains(name) {
                result.append(name)
                continue
            }
            if !reserved.contains(name) && !firstSeen.contains(name) {
                firstSeen.insert(name)
                taken.insert(name)
                result.append(name)
                continue
            }
            var suffix = 2
            while taken.contains("\(name)_\(suffix)") { suffix += 1 }
            let unique = "\(name)_\(suffix)"
            taken.insert(unique)
            result.append(unique)
        }
        return result
    }

    /// `name` without surrounding whitespace, NBSP and byte order marks.
    static func trim(_ name: String) -> String {
        let scalars = name.unicodeScalars
        func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\u{FEFF}" || scalar == "\u{00A0}" || scalar == "\u{200B}" || scalar.properties.isWhitespace
        }
        guard let first = scalars.firstIndex(where: { !isTrimmable($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmable($0) })!
        return String(scalars[first...last])
    }
}
