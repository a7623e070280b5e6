import LeadpipeEncoding
import LeadpipeOutput

/// What to generate.
public struct GeneratorOptions: Sendable {
    /// Data rows to write (the header is extra).
    public var rows: Int
    /// Equal seeds give byte-identical files.
    public var seed: UInt64
    /// The field delimiter.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// End lines with CRLF rather than LF.
    public var crlf = false
    /// The share of rows that reuse an earlier row's e-mail address, changed in case and spacing.
    public var duplicateRate = 0.08
    /// The share of rows with too few or too many fields.
    public var raggedRate = 0.0
    /// The share of rows followed by an empty line.
    public var blankLineRate = 0.0
    /// The 1-based data row whose Notes field opens a quote that is never closed.
    public var unterminatedQuoteAtRow: Int? = nil
    /// The encoding to write. In a single-byte code page, names come only from the cultures the
    /// code page can write, and any other character becomes `?` (as Excel's "CSV" does).
    public var encoding: TextEncoding = .utf8
    /// Start with a byte order mark (UTF-8, -16 and -32 only).
    public var byteOrderMark = false
    /// The share of rows whose non-ASCII text is mojibake (UTF-8 read as Windows-1252 and saved
    /// again: `JosÃ©`), for repair benchmarks.
    public var mojibakeRate = 0.0

    public init(rows: Int, seed: UInt64) {
        self.rows = rows
        self.seed = seed
    }
}

/// Writes a deterministic, realistic and dirty lead export, one row at a time.
///
/// Memory is flat: nothing grows with the number of rows except a fixed-size ring of recent
/// addresses that duplicates are drawn from.
public struct LeadGenerator {
    /// The header row.
    public static let header = [
        "First Name", "Last Name", "E-mail Address", "Company", "Job Title", "Phone", "City", "Country",
        "Status", "Lead Source", "Score", "Deal Value", "Tags", "Notes", "LinkedIn URL",
    ]

    private let options: GeneratorOptions
    private var random: SeededRandom
    private let writer: CSVWriter
    private let pool: [Culture]
    private let cultureTable: [Int]
    private var recent: [(first: String, last: String, email: String)] = []
    private var recentNext = 0
    private static let recentCapacity = 4096
    private var row = 0
    private var fields: [String] = []

    /// Creates a generator.
    public init(options: GeneratorOptions) {
        self.options = options
        random = SeededRandom(seed: options.seed ^ 0x1EAD_F11E)
        writer = CSVWriter(delimiter: options.delimiter, lineEnding: options.crlf ? "\r\n" : "\n")
        let encoder = TextEncoder(to: options.encoding)
        // Only names the encoding can write; cultures left without names drop out.
        let pool = cultures.compactMap { culture -> Culture? in
            var culture = culture
            culture.firstNames = culture.firstNames.filter { encoder.canEncode($0.0) }
            culture.lastNames = culture.lastNames.filter { encoder.canEncode($0.0) }
            culture.cities = culture.cities.filter { encoder.canEncode($0) }
            return culture.firstNames.isEmpty || culture.lastNames.isEmpty || culture.cities.isEmpty ? nil : culture
        }
        self.pool = pool
        cultureTable = pool.indices.flatMap { Array(repeating: $0, count: pool[$0].weight) }
        fields.reserveCapacity(Self.header.count + 3)
    }

    /// Appends the header row.
    public func appendHeader(to output: OutputBuffer) {
        writer.appendRow(Self.header, to: output)
    }

    /// Appends the next data row (and, by the options, maybe an empty line after it).
    public mutating func appendRow(to output: OutputBuffer) {
        row += 1
        makeFields()
        if row == options.unterminatedQuoteAtRow {
            // Written raw: the writer would quote the quote.
            for (index, field) in fields.enumerated() {
                if index > 0 { output.append(options.delimiter) }
                if index == 13 {
                    output.append("\"Customer said: call me back about the offer")
                } else {
                    var field = field
                    field.withUTF8 { writer.appendField(UnsafeRawBufferPointer($0), to: output) }
                }
            }
            output.append(options.crlf ? "\r\n" : "\n")
        } else {
            writer.appendRow(fields, to: output)
        }
        if options.blankLineRate > 0 && random.chance(options.blankLineRate) {
            output.append(options.crlf ? "\r\n" : "\n")
        }
    }

    /// Writes the whole file to `sink`, in pieces of about 1 MiB, and finishes the sink.
    public static func generate(_ options: GeneratorOptions, to sink: ByteSink) throws {
        var generator = LeadGenerator(options: options)
        let output = OutputBuffer(capacity: 2 << 20)
        var encoder = TextEncoder(to: options.encoding)
        var encoded: [UInt8] = []
        // Rows are whole UTF-8, so each drained piece converts on its own.
        func drain() throws {
            if options.encoding == .utf8 {
                try sink.drain(output)
                return
            }
            encoded.removeAll(keepingCapacity: true)
            output.withBytes { encoder.encode($0, into: &encoded) }
            output.removeAll()
            try encoded.withUnsafeBytes { try sink.write($0) }
        }
        if options.byteOrderMark, let mark = options.encoding.byteOrderMark {
            try mark.bytes.withUnsafeBytes { try sink.write($0) }
        }
        generator.appendHeader(to: output)
        for _ in 0..<options.rows {
            generator.appendRow(to: output)
            if output.count >= 1 << 20 { try drain() }
        }
        try drain()
        try sink.finish()
    }

    // MARK: - Fields

    private mutating func makeFields() {
        fields.removeAll(keepingCapacity: true)
        let culture = pool[random.pick(cultureTable)]
        var (first, firstASCII) = random.pick(culture.firstNames)
        var (last, lastASCII) = random.pick(culture.lastNames)
        let company = random.pick(companies)

        var email: String
        if !recent.isEmpty && random.chance(options.duplicateRate) {
            // The same person again: same address and name, but in another case and spacing.
            let earlier = recent[random.below(recent.count)]
            first = earlier.first
            last = earlier.last
            email = messUp(earlier.email)
        } else {
            email = makeEmail(firstASCII, lastASCII, company: company, culture: culture)
            if !email.isEmpty && email.contains("@") && !email.hasPrefix(" ") {
                remember(first: first, last: last, email: email)
            }
        }
        if random.chance(0.03) { first = first.uppercased(); last = last.uppercased() }
        if random.chance(0.02) { first = " " + first + " " }
        if random.chance(0.01) { (first, last) = ("\(first) \(last)", "") }
        firstASCII = ""
        lastASCII = ""

        fields.append(first)
        fields.append(last)
        fields.append(email)
        fields.append(company)
        fields.append(random.pick(jobTitles))
        fields.append(makePhone(culture))
        fields.append(random.chance(0.8) ? random.pick(culture.cities) : "")
        fields.append(random.chance(0.7) ? culture.country : random.pick(["", "USA", "DE", "Deutschland", "UK"]))
        fields.append(random.pick(statuses))
        fields.append(random.pick(sources))
        fields.append(makeScore())
        fields.append(makeDealValue())
        fields.append(random.pick(tagLists))
        fields.append(random.chance(0.35) ? random.pick(noteTexts) : "")
        fields.append(makeLinkedIn(slug: email.split(separator: "@").first.map(String.init) ?? "x"))

        if options.mojibakeRate > 0 && random.chance(options.mojibakeRate) {
            for index in fields.indices where fields[index].utf8.contains(where: { $0 >= 0x80 }) {
                fields[index] = mojibake(fields[index])
            }
        }
        if options.raggedRate > 0 && random.chance(options.raggedRate) {
            if random.chance(0.5) {
                fields.removeLast(1 + random.below(3))
            } else {
                fields.append("extra")
                if random.chance(0.5) { fields.append("more, extra") }
            }
        }
    }

    private mutating func remember(first: String, last: String, email: String) {
        if recent.count < Self.recentCapacity {
            recent.append((first, last, email))
        } else {
            recent[recentNext] = (first, last, email)
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }

    private mutating func makeEmail(_ first: String, _ last: String, company: String, culture: Culture) -> String {
        let roll = random.below(1000)
        switch roll {
        case 0..<30: return ""
        case 30..<40: return random.pick(["n/a", "-", "none", "unknown"])
        case 40..<50: return "\(first).\(last)@"
        case 50..<56: return makePhone(culture)
        case 56..<62: return "\(first) \(last)"
        case 62..<66: return "\(first).\(last)@@example.com"
        default: break
        }
        let domain: String
        if random.chance(0.55) || company.isEmpty {
            domain = random.pick(culture.emailDomains)
        } else {
            let letters = company.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            domain = (letters.isEmpty ? "example" : String(String.UnicodeScalarView(letters.prefix(14)))) + random.pick([".com", ".de", ".io", ".co.uk", ".fr"])
        }
        // Names repeat (the pools are small); a number keeps addresses of different people apart,
        // so that repeated addresses are the intended duplicates.
        let number = random.below(100_000)
        var local: String
        switch random.below(6) {
        case 0: local = "\(first).\(last)\(number)"
        case 1: local = "\(first.prefix(1))\(last)\(number)"
        case 2: local = "\(first)_\(last)\(number)"
        case 3: local = "\(first)\(number)"
        case 4: local = "\(last).\(first).\(number)"
        default: local = "\(first)-\(number)"
        }
        var address = "\(local)@\(domain)"
        if random.chance(0.05) { address = address.capitalized }
        if random.chance(0.01) { address = "mailto:" + address }
        if random.chance(0.01) { address = "<\(address)>" }
        return address
    }

    /// An address as a person would retype it: another case, stray spaces.
    private mutating func messUp(_ email: String) -> String {
        switch random.below(5) {
        case 0: return email.uppercased()
        case 1: return " " + email
        case 2: return email + "  "
        case 3: return email.prefix(1).uppercased() + email.dropFirst()
        default: return " " + email.lowercased().capitalized + " "
        }
    }

    private mutating func makePhone(_ culture: Culture) -> String {
        if random.chance(0.08) { return random.pick(["", "", "n/a", "call me", "+", "0"]) }
        var phone = ""
        for character in random.pick(culture.phoneFormats) {
            if character == "#" {
                phone.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(random.below(10)))))
            } else {
                phone.append(character)
            }
        }
        return phone
    }

    private mutating func makeScore() -> String {
        switch random.below(20) {
        case 0: return ""
        case 1: return "N/A"
        case 2: return "\(random.below(100)).5"
        default: return String(random.below(101))
        }
    }

    private mutating func makeDealValue() -> String {
        let units = random.below(100_000)
        let cents = random.below(100)
        let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
        let grouped = units >= 1000 ? "\(units / 1000),\(String(1000 + units % 1000).dropFirst())" : "\(units)"
        let dotted = units >= 1000 ? "\(units / 1000).\(String(1000 + units % 1000).dropFirst())" : "\(units)"
        let spaced = units >= 1000 ? "\(units / 1000) \(String(1000 + units % 1000).dropFirst())" : "\(units)"
        switch random.below(9) {
        case 0, 1: return ""
        case 2: return "$\(grouped).\(centsText)"
        case 3: return "\(dotted),\(centsText) €"
        case 4: return "\(units)"
        case 5: return "€ \(spaced)"
        case 6: return "USD \(grouped)"
        case 7: return "\(spaced),\(centsText)"
        default: return "\(units).\(centsText)"
        }
    }

    private mutating func makeLinkedIn(slug: String) -> String {
        let handle = slug.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }
            .replacingOccurrences(of: ".", with: "-")
        guard random.chance(0.6), !handle.isEmpty else { return "" }
        switch random.below(7) {
        case 0: return "https://www.linkedin.com/in/\(handle)/"
        case 1: return "https://www.linkedin.com/in/\(handle)-\(random.below(10_000))"
        case 2: return "linkedin.com/in/\(handle)"
        case 3: return "http://\(random.pick(["de", "uk", "fr", "es"])).linkedin.com/pub/\(handle)/\(random.below(100))/\(random.below(1000))/\(random.below(1000))"
        case 4: return "www.linkedin.com/in/\(handle)?trk=public_profile"
        case 5: return "https://linkedin.com/in/\(handle)/?originalSubdomain=de"
        default: return "https://www.linkedin.com/in/\(handle)"
        }
    }
}

extension String {
    /// `replacingOccurrences` without Foundation, for the few single-character uses here.
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        precondition(target.count == 1 && replacement.count == 1)
        return replacingOccurrences(of: target.first!, with: replacement.first!)
    }

    /// First letter of each dot- or space-separated part upper-cased (Foundation-free).
    fileprivate var capitalized: String {
        var result = ""
        var startOfWord = true
        for character in self {
            result += startOfWord ? character.uppercased() : String(character)
            startOfWord = character == "." || character == " " || character == "@"
        }
        return result
    }
}
