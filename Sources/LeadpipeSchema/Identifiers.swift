import CLeadpipeScan
import LeadpipeEncoding

// E-mail addresses, LinkedIn profiles and web addresses: the identifiers of a lead.
//
// Each normalizer reads a value's bytes and writes the normalized form to `out`, which has room
// for the value's length plus 64 bytes; it returns how many bytes it wrote (0: empty), or the
// problem that rejects the value. They allocate nothing.

/// What a normalizer made of a value.
public struct Normalized: Equatable, Sendable {
    /// Bytes written to the output (0 when the value is empty).
    public var count: Int
    /// Why the value is not acceptable, if it is not.
    public var problem: ValueProblem?
    /// What is worth knowing but does not reject the value.
    public var warnings: WarningSet

    @inlinable
    public init(count: Int, problem: ValueProblem? = nil, warnings: WarningSet = []) {
        self.count = count
        self.problem = problem
        self.warnings = warnings
    }

    public static let empty = Normalized(count: 0)

    @inlinable
    public static func rejected(_ problem: ValueProblem, _ warnings: WarningSet = []) -> Normalized {
        Normalized(count: 0, problem: problem, warnings: warnings)
    }
}

extension ValueNormalizer {
    /// An e-mail address (`isEmail`) or LinkedIn profile in its plain form, normalized straight
    /// to `out` by the one-pass readings (`leadpipe_plain_email`, ``LinkedInProfile/commonForm``)
    /// as ``normalizeScalar(_:kind:maxBytes:out:tailIsReadable:)`` would normalize it: its
    /// length, or nil for anything else, which `normalizeScalar` decides. What these readings
    /// take is ASCII that JSON takes as it is, and never a placeholder (none has an `@` or a
    /// LinkedIn host). 16 bytes past `value` must be readable; `out` needs the room
    /// `normalizeScalar` needs.
    public static func plainIdentifier(_ value: ByteView, isEmail: Bool, maxBytes: Int, out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard value.count <= readLimit(maxBytes: maxBytes) else { return nil }
        let trimmed = value.trimmed()
        let length = isEmail
            ? leadpipe_plain_email(trimmed.base, trimmed.count, out)
            : LinkedInProfile.commonForm(trimmed, to: out, tailIsReadable: true)?.count ?? -1
        return length > 0 && length <= maxBytes ? length : nil
    }
}

/// E-mail addresses: trimmed, `mailto:` and `Name <…>` removed, lowercased, checked.
public enum EmailAddress {
    /// Normalizes an e-mail address. Several addresses (`a@x.com; b@y.com`) keep the first, with
    /// a warning; a phone number or a name in the e-mail column is rejected as such.
    ///
    /// - Parameter tailIsReadable: whether 16 bytes past the end of `raw` may be read and 16
    ///   past the address's length in `out` written; then plain addresses are checked 16 bytes
    ///   at a time (`leadpipe_plain_email`, whose rules are ``plainAddress(_:to:)``'s).
    public static func normalize(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool = false) -> Normalized {
        var value = raw.trimmed()
        if value.isEmpty { return .empty }
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        if tailIsReadable {
            let length = leadpipe_plain_email(value.base, value.count, out)
            if length >= 0 { return Normalized(count: length) }
        }
        // Most addresses are plain: one pass lowercases them and finds nothing that needs the
        // careful path below (spaces, brackets, quotes, separators, `mailto:`).
        if let plain = plainAddress(value, to: out) { return plain }
        var warnings: WarningSet = []
        if value.hasPrefixIgnoringCase("mailto:") {
            value = value.slice(7, value.count)
            if let query = value.firstIndex(of: UInt8(ascii: "?")) { value = value.slice(0, query) }
            value = value.trimmed()
        }
        // `Jane Doe <jane@x.com>`: the address is inside the last pair of angle brackets.
        if let close = lastIndex(of: UInt8(ascii: ">"), in: value),
            let open = lastIndex(of: UInt8(ascii: "<"), in: value.slice(0, close))
        {
            value = value.slice(open + 1, close).trimmed()
        }
        if value.count >= 2, let first = Optional(value[0]), first == UInt8(ascii: "\"") || first == UInt8(ascii: "'"),
            value[value.count - 1] == first
        {
            value = value.slice(1, value.count - 1).trimmed()
        }
        // Several addresses: separated by `,` or `;`, or by spaces when each part has an @.
        var separator: Int? = nil
        for index in 0..<value.count where value[index] == UInt8(ascii: ",") || value[index] == UInt8(ascii: ";") {
            separator = index
            break
        }
        if let separator {
            if contains(UInt8(ascii: "@"), in: value.slice(separator + 1, value.count)) { warnings.insert(.severalEmails) }
            value = value.slice(0, separator).trimmed()
        }
        if let space = firstSpace(in: value) {
            let first = value.slice(0, space)
            let rest = value.slice(space, value.count).trimmed()
            if contains(UInt8(ascii: "@"), in: first) && contains(UInt8(ascii: "@"), in: rest) {
                warnings.insert(.severalEmails)
                value = first
            } else if !contains(UInt8(ascii: "@"), in: value) {
                return .rejected(classifyWithoutAt(value), warnings)
            } else {
                return .rejected(.emailHasSpaces, warnings)
            }
        }
        if value.isEmpty { return Normalized(count: 0, warnings: warnings) }
        let problem = check(value)
        if let problem { return .rejected(problem, warnings) }
        var length = value.count
        // A trailing dot after the domain (`x.com.`) is dropped.
        if value[length - 1] == UInt8(ascii: ".") { length -= 1 }
        for index in 0..<length { out[index] = ByteText.lower(value[index]) }
        return Normalized(count: length, warnings: warnings)
    }

    /// One pass over a plain address: copies it lowercased and checks it. Nil (having written
    /// anything) when it holds a byte that needs the careful path — whitespace, a control,
    /// `"` `(` `)` `,` `:` `;` `<` `>` `[` `\` `]` — or has no `@`; those are looked at again.
    ///
    /// The rules are ``check(_:)``'s: 1…64 bytes of atext and inner single dots before the `@`;
    /// after it two or more labels of letters, digits and inner hyphens (non-ASCII allowed),
    /// 1…63 bytes each and 253 in all, the last not all digits and two or more long; a trailing
    /// dot is dropped.
    static func plainAddress(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized? {
        let classes = EmailByteClass.table
        let count = value.count
        var index = 0
        var previousDot = true
        var localOK = true
        // The local part.
        while true {
            guard index < count else { return nil }  // no @: the careful path says what it is
            let byte = value[index]
            let kind = classes[Int(byte)]
            if kind & EmailByteClass.local != 0 {
                previousDot = false
            } else if byte == 0x40 {
                break
            } else if byte == 0x2E {
                if previousDot { localOK = false }
                previousDot = true
            } else if kind & EmailByteClass.careful != 0 {
                return nil
            } else {
                localOK = false
            }
            out[index] = byte | (kind & EmailByteClass.upper)  // 0x20 for A–Z
            index &+= 1
        }
        let at = index
        out[index] = 0x40
        index &+= 1
        // The domain: labels separated by dots.
        var labels = 0
        var labelStart = index
        var labelAllDigits = true
        var domainOK = true
        var end = count
        if count > index && value[count &- 1] == 0x2E { end = count &- 1 }  // x.com.
        while index <= end {
            if index == end || value[index] == 0x2E {
                let length = index &- labelStart
                if length < 1 || length > 63 || value[labelStart] == 0x2D || value[index &- 1] == 0x2D {
                    domainOK = false
                }
                labels &+= 1
                if index == end {
                    if length < 2 || labelAllDigits { domainOK = false }
                    break
                }
                out[index] = 0x2E
                index &+= 1
                labelStart = index
                labelAllDigits = true
                continue
            }
            let byte = value[index]
            let kind = classes[Int(byte)]
            if kind & EmailByteClass.domain != 0 {
                if kind & EmailByteClass.digit == 0 { labelAllDigits = false }
            } else if byte == 0x40 {
                return .rejected(.emailSeveralAts)
            } else if kind & EmailByteClass.careful != 0 {
                return nil
            } else {
                domainOK = false
            }
            out[index] = byte | (kind & EmailByteClass.upper)
            index &+= 1
        }
        if at < 1 || at > 64 || previousDot || !localOK { return .rejected(.emailBadLocalPart) }
        let domainLength = end &- at &- 1
        if !domainOK || labels < 2 || domainLength < 3 || domainLength > 253 { return .rejected(.emailBadDomain) }
        return Normalized(count: end)
    }

    /// Why `value` (trimmed, without spaces) is not an e-mail address, or nil.
    static func check(_ value: ByteView) -> ValueProblem? {
        var at: Int? = nil
        for index in 0..<value.count {
            let byte = value[index]
            if ByteText.isControl(byte) { return .emailHasControlCharacters }
            if byte == UInt8(ascii: "@") {
                if at != nil { return .emailSeveralAts }
                at = index
            }
        }
        guard let at else { return classifyWithoutAt(value) }
        // Local part: 1…64 bytes of atext and dots, no dot at either end or twice in a row.
        guard at >= 1, at <= 64 else { return .emailBadLocalPart }
        var previousDot = true
        for index in 0..<at {
            let byte = value[index]
            if byte == UInt8(ascii: ".") {
                if previousDot { return .emailBadLocalPart }
                previousDot = true
                continue
            }
            previousDot = false
            guard byte >= 0x80 || ByteText.isAlphanumeric(byte) || isAtextSymbol(byte) else { return .emailBadLocalPart }
        }
        if previousDot { return .emailBadLocalPart }
        var domainEnd = value.count
        if domainEnd > at + 1 && value[domainEnd - 1] == UInt8(ascii: ".") { domainEnd -= 1 }
        return Domain.isValid(value.slice(at + 1, domainEnd)) ? nil : .emailBadDomain
    }

    /// A value with no @: a phone number, a name, or just not an address.
    static func classifyWithoutAt(_ value: ByteView) -> ValueProblem {
        var digits = 0
        var phoneShaped = true
        var letters = 0
        for index in 0..<value.count {
            let byte = value[index]
            if ByteText.isDigit(byte) {
                digits += 1
            } else if ByteText.isLetter(byte) || byte >= 0x80 {
                letters += 1
                if byte != UInt8(ascii: "x") && byte != UInt8(ascii: "X") { phoneShaped = false }
            } else if !(byte == 0x20 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/"))
            {
                phoneShaped = false
            }
        }
        if phoneShaped && digits >= 6 { return .emailLooksLikePhone }
        // "John Smith": words of letters, no digits, no dots.
        if letters > 0 && digits == 0 && !contains(UInt8(ascii: "."), in: value) && EmailAddress.firstSpace(in: value) != nil {
            return .emailLooksLikeName
        }
        return .emailMissingAt
    }

    @inlinable
    static func isAtextSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="),
            UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
            UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    static func firstSpace(in value: ByteView) -> Int? {
        for index in 0..<value.count where ByteText.isSpace(value[index]) { return index }
        return nil
    }
}

/// Byte classes for the e-mail fast path, one table lookup per byte.
enum EmailByteClass {
    /// Lowercasing: OR-ing this bit in (0x20) makes A–Z lowercase; only A–Z have it.
    static let upper: UInt8 = 0x20
    /// Allowed in the local part (atext and non-ASCII), not `.` or `@`.
    static let local: UInt8 = 0x01
    /// Allowed in a domain label: letters, digits, `-`, non-ASCII.
    static let domain: UInt8 = 0x02
    static let digit: UInt8 = 0x04
    /// Sends the value to the careful path: whitespace, controls, `"` `(` `)` `,` `:` `;` `<`
    /// `>` `[` `\` `]`.
    static let careful: UInt8 = 0x08

    // Built once and never written: a plain pointer, so a lookup costs one load.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            let b = UInt8(byte)
            var kind: UInt8 = 0
            if b >= 0x41 && b <= 0x5A { kind |= upper }
            if b >= 0x80 || ByteText.isAlphanumeric(b) || EmailAddress.isAtextSymbol(b) { kind |= local }
            if b >= 0x80 || ByteText.isAlphanumeric(b) || b == 0x2D { kind |= domain }
            if ByteText.isDigit(b) { kind |= digit }
            switch b {
            case 0...0x20, 0x22, 0x28, 0x29, 0x2C, 0x3A, 0x3B, 0x3C, 0x3E, 0x5B...0x5D, 0x7F: kind |= careful
            default: break
            }
            table[byte] = kind
        }
        return UnsafePointer(table)
    }()
}

/// Domain names, as in e-mail addresses and web addresses.
public enum Domain {
    /// Two or more labels of letters, digits and inner hyphens (non-ASCII allowed, as in
    /// internationalized names), each 1…63 bytes, 253 in all; the last is not all digits and
    /// has at least two characters.
    public static func isValid(_ domain: ByteView) -> Bool {
        guard domain.count >= 3, domain.count <= 253 else { return false }
        var labelStart = 0
        var labels = 0
        var index = 0
        while index <= domain.count {
            if index == domain.count || domain[index] == UInt8(ascii: ".") {
                let length = index - labelStart
                guard length >= 1, length <= 63 else { return false }
                guard domain[labelStart] != UInt8(ascii: "-"), domain[index - 1] != UInt8(ascii: "-") else { return false }
                labels += 1
                if index == domain.count {
                    // The top-level domain: two characters at least, not all digits.
                    guard length >= 2 else { return false }
                    var allDigits = true
                    for position in labelStart..<index where !ByteText.isDigit(domain[position]) { allDigits = false }
                    if allDigits { return false }
                }
                labelStart = index + 1
            } else {
                let byte = domain[index]
                guard byte >= 0x80 || ByteText.isAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
            }
            index += 1
        }
        return labels >= 2
    }
}

/// LinkedIn profiles: any form of profile address becomes `https://www.linkedin.com/in/<id>`.
public enum LinkedInProfile {
    /// What a canonical profile address starts with.
    public static let prefix: StaticString = "https://www.linkedin.com/in/"

    /// Normalizes a LinkedIn profile address: http or https, `www.`, a country subdomain or
    /// none, `/in/<id>` (with anything after the id: more path, a query, a fragment),
    /// `/pub/<name>/<a>/<b>/<c>` (which LinkedIn redirects to `/in/<name>-<c><b><a>`),
    /// percent-encoded ids, or a bare id. The id is lowercased.
    ///
    /// - Parameter tailIsReadable: whether 16 bytes past the end of `raw` may be read; then the
    ///   id of the common form is checked 16 bytes at a time (`leadpipe_profile_id`).
    public static func normalize(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool = false) -> Normalized {
        let value = raw.trimmed()
        if value.isEmpty { return .empty }
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        if let common = commonForm(value, to: out, tailIsReadable: tailIsReadable) { return common }
        return general(value, to: out)
    }

    /// The forms nearly every export uses — `[http[s]://][www.|xx.]linkedin.com/in/<id>`, then
    /// the end or `/`, `?`, `#` and anything — with an id of 3…100 ASCII letters, digits, `-`
    /// and `_` (not only hyphens), in one pass: the prefix compared a word at a time, the id
    /// checked and lowercased as it is copied. Old public addresses,
    /// `…linkedin.com/pub/<name>/<a>/<b>/<c>` with such a name and parts of one to three letters
    /// or digits, become `<name>-<c><b><a>` here too. Nil for anything else (other hosts,
    /// percent-encoding, non-ASCII ids, rejections), which ``general(_:to:)`` reads. For the
    /// values it takes, it writes exactly what ``general(_:to:)`` writes (a test checks both).
    static func commonForm(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool = false) -> Normalized? {
        let count = value.count
        // Lowercases the letters of a little-endian word of `length` bytes where `letters` has
        // 0x20; other bytes are compared as they are, so the test is exact.
        @inline(__always) func matches(_ at: Int, _ length: Int, _ literal: UInt64, _ letters: UInt64) -> Bool {
            guard at &+ length <= count else { return false }
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: value.base + at, byteCount: length) }
            return word | letters == literal
        }
        @inline(__always) func isLetter(_ at: Int) -> Bool {
            let folded = value[at] | 0x20
            return folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")
        }
        var index = 0
        if matches(0, 8, 0x2F2F_3A73_7074_7468, 0x0000_0020_2020_2020) {  // "https://"
            index = 8
        } else if matches(0, 7, 0x2F_2F3A_7074_7468, 0x00_0000_2020_2020) {  // "http://"
            index = 7
        }
        if matches(index, 4, 0x2E77_7777, 0x0020_2020) {  // "www."
            index &+= 4
        } else if index &+ 3 <= count && isLetter(index) && isLetter(index &+ 1) && value[index &+ 2] == UInt8(ascii: ".") {
            index &+= 3  // a country's subdomain: "de.", "uk."
        }
        // "linkedin.com/", then "in/" or "pub/"
        guard matches(index, 8, 0x6E69_6465_6B6E_696C, 0x2020_2020_2020_2020), matches(index &+ 8, 5, 0x2F_6D6F_632E, 0x00_2020_2000)
        else { return nil }
        index &+= 13
        let isPublic: Bool
        if matches(index, 3, 0x2F_6E69, 0x00_2020) {  // "in/"
            (isPublic, index) = (false, index &+ 3)
        } else if matches(index, 4, 0x2F62_7570, 0x0020_2020) {  // "pub/"
            (isPublic, index) = (true, index &+ 4)
        } else {
            return nil
        }
        let prefixLength = prefix.utf8CodeUnitCount
        out.update(from: prefix.utf8Start, count: prefixLength)
        guard let idLength = commonID(value, from: index, to: out + prefixLength, tailIsReadable: tailIsReadable) else { return nil }
        guard isPublic else { return Normalized(count: prefixLength &+ idLength) }
        // /pub/name/a/b/c: three parts of 1…3 letters or digits, each after one slash, then the
        // end or what ends a path segment (more segments are not read, as in `general`).
        index &+= idLength
        var parts: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)  // start and count of a, b, c
        for part in 0..<3 {
            guard index < count, value[index] == UInt8(ascii: "/") else { return nil }
            index &+= 1
            let start = index
            while index < count && index &- start < 4 && ByteText.isAlphanumeric(value[index]) { index &+= 1 }
            let length = index &- start
            guard length >= 1 && length <= 3 else { return nil }
            switch part {
            case 0: (parts.0, parts.1) = (start, length)
            case 1: (parts.2, parts.3) = (start, length)
            default: (parts.4, parts.5) = (start, length)
            }
        }
        guard index == count || value[index] == UInt8(ascii: "/") || value[index] == UInt8(ascii: "?")
            || value[index] == UInt8(ascii: "#")
        else { return nil }
        guard idLength &+ 1 &+ 3 &+ 3 &+ parts.1 <= 100 else { return nil }
        let suffix = writePublicSuffix(
            value.slice(parts.0, parts.0 &+ parts.1), value.slice(parts.2, parts.2 &+ parts.3), value.slice(parts.4, parts.4 &+ parts.5),
            to: out + (prefixLength &+ idLength))
        return Normalized(count: prefixLength &+ idLength &+ suffix)
    }

    /// Writes what `/pub/<name>/<a>/<b>/<c>` adds to the name — `-<c><b><a>`, c and b padded to
    /// three characters with zeros, lowercased — and returns its length. Parts of 1…3 bytes.
    static func writePublicSuffix(_ a: ByteView, _ b: ByteView, _ c: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "-")
        var written = 1
        func write(_ part: ByteView, width: Int) {
            for _ in part.count..<max(part.count, width) {
                out[written] = UInt8(ascii: "0")
                written &+= 1
            }
            written &+= copyLowercased(part, to: out + written)
        }
        write(c, width: 3)
        write(b, width: 3)
        write(a, width: 0)
        return written
    }

    /// The id at `index` of a common form, checked and copied lowercased to `out`: 3…100 ASCII
    /// letters, digits, `-` and `_` (not only hyphens), up to the end or `/`, `?`, `#`. Its
    /// length, or nil.
    @inline(__always)
    private static func commonID(_ value: ByteView, from start: Int, to out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool) -> Int? {
        let count = value.count
        if tailIsReadable {
            let length = leadpipe_profile_id(value.base + start, count &- start, out)
            return length >= 0 ? length : nil
        }
        var index = start
        var length = 0
        var allHyphens = true
        while index < count {
            let byte = value[index]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            guard ByteText.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_"), length < 100 else {
                return nil
            }
            if byte != UInt8(ascii: "-") { allHyphens = false }
            out[length] = ByteText.lower(byte)
            length &+= 1
            index &+= 1
        }
        guard length >= 3, !allHyphens else { return nil }
        return length
    }

    /// Every form ``normalize(_:to:)`` accepts, for a trimmed value that is not a placeholder.
    static func general(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized {
        var rest = value
        if rest.hasPrefixIgnoringCase("https://") {
            rest = rest.slice(8, rest.count)
        } else if rest.hasPrefixIgnoringCase("http://") {
            rest = rest.slice(7, rest.count)
        } else if rest.hasPrefixIgnoringCase("//") {
            rest = rest.slice(2, rest.count)
        }
        let hostEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.count
        let host = rest.slice(0, hostEnd)
        let prefixLength = prefix.utf8CodeUnitCount
        out.update(from: prefix.utf8Start, count: prefixLength)

        guard isLinkedInHost(host) else {
            // A bare id: no dots, slashes or @, the characters a profile id has.
            var plausibleID = hostEnd == rest.count
            for index in 0..<rest.count where plausibleID {
                let byte = rest[index]
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: ":") || byte <= 0x20 {
                    plausibleID = false
                }
            }
            return plausibleID ? finish(id: rest, out: out, at: prefixLength) : .rejected(.linkedInNotLinkedIn)
        }
        var path = rest.slice(min(hostEnd + 1, rest.count), rest.count)
        if path.hasPrefixIgnoringCase("mwlite/") { path = path.slice(7, path.count) }
        if path.hasPrefixIgnoringCase("comm/") { path = path.slice(5, path.count) }
        if path.hasPrefixIgnoringCase("in/") {
            let segments = Segments(path.slice(3, path.count))
            guard let id = segments.first else { return .rejected(.linkedInBadID) }
            return finish(id: id, out: out, at: prefixLength)
        }
        if path.hasPrefixIgnoringCase("pub/") {
            let segments = Segments(path.slice(4, path.count))
            guard let name = segments.first else { return .rejected(.linkedInBadID) }
            guard segments.count >= 4 else { return finish(id: name, out: out, at: prefixLength) }
            // /pub/name/a/b/c → name-cccbbba: c and b padded to three characters; the whole id
            // is checked (the name alone may be short: /pub/na/97/360/237).
            guard let nameLength = decodeID(name, to: out + prefixLength) else { return .rejected(.linkedInBadID) }
            for part in [segments[1], segments[2], segments[3]] {
                guard part.count <= 3 else { return .rejected(.linkedInBadID) }
                for index in 0..<part.count where !ByteText.isAlphanumeric(part[index]) { return .rejected(.linkedInBadID) }
            }
            let suffix = writePublicSuffix(segments[1], segments[2], segments[3], to: out + prefixLength + nameLength)
            return check(out: out, at: prefixLength, length: nameLength + suffix)
        }
        return .rejected(.linkedInNotAProfile)
    }

    /// Writes the id (percent-decoded, lowercased, checked) after the prefix.
    static func finish(id raw: ByteView, out: UnsafeMutablePointer<UInt8>, at offset: Int) -> Normalized {
        guard let length = decodeID(raw, to: out + offset) else { return .rejected(.linkedInBadID) }
        return check(out: out, at: offset, length: length)
    }

    /// Copies an id lowercased, percent-decoding it; nil when it holds whitespace or controls.
    static func decodeID(_ raw: ByteView, to target: UnsafeMutablePointer<UInt8>) -> Int? {
        var length = 0
        var index = 0
        while index < raw.count {
            var byte = raw[index]
            if byte <= 0x20 || byte == 0x7F { return nil }
            if byte == UInt8(ascii: "%"), index + 2 < raw.count, let high = hex(raw[index + 1]), let low = hex(raw[index + 2]) {
                byte = high << 4 | low
                index += 3
            } else {
                index += 1
            }
            target[length] = ByteText.lower(byte)
            length += 1
        }
        return length
    }

    /// Checks the id of `length` bytes at `out + offset`: 3…100 characters, letters (any
    /// script), digits, `-` and `_`, not only hyphens, well-formed UTF-8.
    static func check(out: UnsafeMutablePointer<UInt8>, at offset: Int, length: Int) -> Normalized {
        guard length >= 3, length <= 100 else { return .rejected(.linkedInBadID) }
        let target = out + offset
        var allHyphens = true
        var position = 0
        while position < length {
            let byte = target[position]
            if byte >= 0x80 {
                let sequence = UTF8Sequence.length(at: position, in: UnsafePointer(target), end: length)
                guard sequence > 0 else { return .rejected(.linkedInBadID) }
                allHyphens = false
                position += sequence
                continue
            }
            guard ByteText.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") else {
                return .rejected(.linkedInBadID)
            }
            if byte != UInt8(ascii: "-") { allHyphens = false }
            position += 1
        }
        if allHyphens { return .rejected(.linkedInBadID) }
        return Normalized(count: offset + length)
    }

    static func isLinkedInHost(_ host: ByteView) -> Bool {
        let name: StaticString = "linkedin.com"
        let length = name.utf8CodeUnitCount
        guard host.count >= length else { return false }
        guard host.slice(host.count - length, host.count).equalsIgnoringCase(name) else { return false }
        // linkedin.com itself, or a subdomain of it (www., de., uk., m.).
        return host.count == length || host[host.count - length - 1] == UInt8(ascii: ".")
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        if ByteText.isDigit(byte) { return byte - 0x30 }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return lower - UInt8(ascii: "a") + 10 }
        return nil
    }

    static func copyLowercased(_ value: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Int {
        for index in 0..<value.count { out[index] = ByteText.lower(value[index]) }
        return value.count
    }

    /// The first path segments, up to a query or fragment (at most four).
    struct Segments {
        private var parts: (ByteView, ByteView, ByteView, ByteView)
        private(set) var count = 0

        init(_ path: ByteView) {
            let empty = ByteView(base: path.base, count: 0)
            parts = (empty, empty, empty, empty)
            var start = 0
            var index = 0
            while index <= path.count && count < 4 {
                let atEnd = index == path.count || path[index] == UInt8(ascii: "?") || path[index] == UInt8(ascii: "#")
                if atEnd || path[index] == UInt8(ascii: "/") {
                    if index > start { append(path.slice(start, index)) }
                    if atEnd { break }
                    start = index + 1
                }
                index += 1
            }
        }

        private mutating func append(_ part: ByteView) {
            switch count {
            case 0: parts.0 = part
            case 1: parts.1 = part
            case 2: parts.2 = part
            default: parts.3 = part
            }
            count += 1
        }

        var first: ByteView? { count > 0 ? parts.0 : nil }

        subscript(index: Int) -> ByteView {
            switch index {
            case 0: parts.0
            case 1: parts.1
            case 2: parts.2
            default: parts.3
            }
        }
    }
}

/// Web addresses: `example.com`, `www.example.com/path`, `https://example.com`.
public enum WebAddress {
    /// Normalizes a web address: trimmed, scheme and host lowercased, a lone trailing `/`
    /// dropped. The scheme, if any, is http or https; the host is a domain name.
    public static func normalize(_ raw: ByteView, to out: UnsafeMutablePointer<UInt8>) -> Normalized {
        let value = raw.trimmed()
        if value.isEmpty { return .empty }
        if ByteText.isPlaceholder(value) { return Normalized(count: 0, warnings: .placeholderValue) }
        for index in 0..<value.count where value[index] <= 0x20 || value[index] == 0x7F { return .rejected(.urlInvalid) }
        var hostStart = 0
        if value.hasPrefixIgnoringCase("https://") {
            hostStart = 8
        } else if value.hasPrefixIgnoringCase("http://") {
            hostStart = 7
        } else if contains(UInt8(ascii: ":"), in: value.slice(0, min(value.count, 12)))
            && !looksLikeHostAndPort(value)
        {
            return .rejected(.urlInvalid)  // mailto:, ftp:, javascript:
        }
        var hostEnd = hostStart
        while hostEnd < value.count {
            let byte = value[hostEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ":") {
                break
            }
            hostEnd += 1
        }
        let host = value.slice(hostStart, hostEnd)
        if contains(UInt8(ascii: "@"), in: host) || !Domain.isValid(host) { return .rejected(.urlInvalid) }
        var length = value.count
        if length == hostEnd + 1 && value[hostEnd] == UInt8(ascii: "/") { length = hostEnd }
        for index in 0..<length { out[index] = index < hostEnd ? ByteText.lower(value[index]) : value[index] }
        return Normalized(count: length)
    }

    static func looksLikeHostAndPort(_ value: ByteView) -> Bool {
        // `example.com:8080/…`: a dot before the colon, digits after it.
        guard let colon = value.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return contains(UInt8(ascii: "."), in: value.slice(0, colon)) && colon + 1 < value.count
            && ByteText.isDigit(value[colon + 1])
    }
}

/// Lists (`vip, enterprise`, `a;b;c`, `x | y`): split, trimmed, without repeats.
public enum ValueList {
    /// Splits `raw` on `,` `;` `|`, trims and collapses each item, drops empty items,
    /// placeholders and repeats (ignoring ASCII case; the first spelling is kept), and writes
    /// the items one after another to `out`, recording where each ends in `ends` (room for
    /// `raw.count / 2 + 1` entries: an item and its separator take two bytes at least).
    /// Returns the number of items.
    public static func split(
        _ raw: ByteView, to out: UnsafeMutablePointer<UInt8>, ends: UnsafeMutablePointer<Int32>
    ) -> (items: Int, bytes: Int, warnings: WarningSet) {
        var items = 0
        var written = 0
        var warnings: WarningSet = []
        var start = 0
        var index = 0
        while index <= raw.count {
            if index == raw.count || raw[index] == UInt8(ascii: ",") || raw[index] == UInt8(ascii: ";")
                || raw[index] == UInt8(ascii: "|")
            {
                let item = raw.slice(start, index).trimmed()
                if !item.isEmpty {
                    if ByteText.isPlaceholder(item) {
                        warnings.insert(.placeholderValue)
                    } else {
                        let (length, dropped) = ByteText.collapse(item, to: out + written)
                        if dropped { warnings.insert(.controlCharactersRemoved) }
                        if length > 0 && !isRepeat(out + written, length, out: out, ends: ends, items: items) {
                            written += length
                            ends[items] = Int32(written)
                            items += 1
                        }
                    }
                }
                start = index + 1
            }
            index += 1
        }
        return (items, written, warnings)
    }

    static func isRepeat(
        _ item: UnsafeMutablePointer<UInt8>, _ length: Int, out: UnsafeMutablePointer<UInt8>,
        ends: UnsafeMutablePointer<Int32>, items: Int
    ) -> Bool {
        var previousEnd = 0
        for other in 0..<items {
            let end = Int(ends[other])
            if end - previousEnd == length {
                var same = true
                for offset in 0..<length where ByteText.lower(out[previousEnd + offset]) != ByteText.lower(item[offset]) {
                    same = false
                    break
                }
                if same { return true }
            }
            previousEnd = end
        }
        return false
    }
}

@inline(__always)
func contains(_ byte: UInt8, in value: ByteView) -> Bool { value.firstIndex(of: byte) != nil }

func lastIndex(of byte: UInt8, in value: ByteView) -> Int? {
    var index = value.count - 1
    while index >= 0 {
        if value[index] == byte { return index }
        index -= 1
    }
    return nil
}
