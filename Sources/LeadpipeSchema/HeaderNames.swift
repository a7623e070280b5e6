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
        let names = raw.enumerated().map { index, name -> String in
            let clean = trim(name)
            return clean.isEmpty ? "column_\(index + 1)" : clean
        }
        // Every name as written is reserved up front, so that a generated `x_2` never takes the
        // spelling of a later column; the first column of each name keeps it.
        let written = Set(names)
        var used: Set<String> = []
        return names.map { name in
            if !used.contains(name) && !reserved.contains(name) {
                used.insert(name)
                return name
            }
            var suffix = 2
            while used.contains("\(name)_\(suffix)") || written.contains("\(name)_\(suffix)") { suffix += 1 }
            let unique = "\(name)_\(suffix)"
            used.insert(unique)
            return unique
        }
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
