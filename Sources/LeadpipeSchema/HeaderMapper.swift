// How this works
// --------------
// Each column gets candidate fields from its header and from its values:
//
// 1. Header words. The header is reduced to words (`HeaderTokens`). A field's spelling that
//    equals the header maps with confidence 1.0 (the field's own name) or 0.95 (a synonym). A
//    spelling found inside the header as whole words maps with 0.85 when the other words are
//    noise ("Person - Email - Work"), and with 0.5 — below the default threshold — when they
//    are unknown. When another word belongs to a different field or to something else
//    ("Email Opt Out", "Company Size", "Company LinkedIn URL"), that spelling does not count.
// 2. Values. A sample of the column's values is read as e-mails, LinkedIn profiles, phone
//    numbers, web addresses and statuses. A column whose header said nothing useful but whose
//    values are mostly (80%) one of these maps to that field; a weak header match that the
//    values confirm is raised to 0.85.
// 3. Assignment. Candidates at or above the threshold are taken best first (ties: leftmost
//    column); each field takes one column. A column that loses its field says to whom.
//
// A full-name column next to a last-name column is a first-name column (Spanish "Nombre" +
// "Apellidos"); a full-name column alone is split into first and last name.

/// Why a column maps where it does.
public enum MappingBasis: Sendable, Equatable {
    /// A mapping file or `--map` said so.
    case given
    /// The header matched a spelling of the field.
    case header(spelling: String, exact: Bool)
    /// The values look like the field (share of sampled values).
    case content(share: Double)
    /// A weak header match confirmed by the values.
    case headerAndContent(spelling: String, share: Double)
    /// Nothing suggested a field.
    case nothing
    /// The best guess was below the threshold.
    case belowThreshold(field: String, confidence: Double)
    /// Another column took the field.
    case taken(field: String, byColumn: Int)
    /// A column leadpipe puts before rejected rows (`line`, `reason_code`, `reason`): ignored.
    case leadpipeColumn
    /// A mapping file or `--map` said to leave the column out.
    case excluded
}

/// The decision for one column.
public struct ColumnDecision: Sendable, Equatable {
    /// 0-based position in the file.
    public var column: Int
    /// The header as written (or `column N` without a header).
    public var header: String
    /// The field the column maps to, or nil.
    public var field: String?
    /// How sure the mapping is (0…1).
    public var confidence: Double
    public var basis: MappingBasis
    /// The key an unmapped column is kept under (`--keep-unmapped`), or nil when dropped.
    public var keptAs: String?
    /// A few non-empty values from the file.
    public var samples: [String]

    public init(
        column: Int, header: String, field: String?, confidence: Double, basis: MappingBasis, keptAs: String? = nil,
        samples: [String] = []
    ) {
        self.column = column
        self.header = header
        self.field = field
        self.confidence = confidence
        self.basis = basis
        self.keptAs = keptAs
        self.samples = samples
    }
}

/// Options for automatic mapping.
public struct MappingOptions: Sendable, Equatable {
    /// Candidates below this confidence leave the column unmapped.
    public var threshold: Double
    /// Keep unmapped columns as custom fields (keyed by their header in snake_case).
    public var keepUnmapped: Bool
    /// Columns whose field is fixed in advance (by header, compared as words), nil to exclude.
    public var given: [(column: String, field: String?)]

    public init(threshold: Double = 0.7, keepUnmapped: Bool = false, given: [(column: String, field: String?)] = []) {
        self.threshold = threshold
        self.keepUnmapped = keepUnmapped
        self.given = given
    }

    public static func == (lhs: MappingOptions, rhs: MappingOptions) -> Bool {
        lhs.threshold == rhs.threshold && lhs.keepUnmapped == rhs.keepUnmapped
            && lhs.given.map(\.column) == rhs.given.map(\.column) && lhs.given.map(\.field) == rhs.given.map(\.field)
    }
}

/// Proposes a column → field mapping from a header and sample rows.
public enum HeaderMapper {
    /// The decisions for every column, and whether a full name is to be split.
    ///
    /// - Parameters:
    ///   - header: the header's names, or nil for a file without one.
    ///   - rows: sample rows (values after repair), for samples and content inference.
    ///   - schema: the built-in schema plus custom fields.
    public static func propose(
        header: [String]?, rows: [[String]], schema: LeadSchema, options: MappingOptions = MappingOptions()
    ) throws(SchemaError) -> (columns: [ColumnDecision], splitFullName: Bool) {
        let width = header?.count ?? rows.map(\.count).max() ?? 0
        let names = (0..<width).map { index in
            header.map { index < $0.count ? $0[index] : "" } ?? "column \(index + 1)"
        }
        func values(_ column: Int) -> [String] { rows.map { column < $0.count ? $0[column] : "" } }
        var decisions = (0..<width).map { column in
            ColumnDecision(
                column: column, header: names[column], field: nil, confidence: 0, basis: .nothing,
                samples: ContentProfile.samples(of: values(column)))
        }
        var taken: [String: Int] = [:]

        // Given columns first.
        let headerKeys = names.map { HeaderTokens.tokens(of: $0).joined(separator: " ") }
        for given in options.given {
            let key = HeaderTokens.tokens(of: given.column).joined(separator: " ")
            guard let column = headerKeys.firstIndex(of: key) ?? positional(given.column, width: width) else { continue }
            if let field = given.field {
                guard schema.index(of: field) != nil else { throw .unknownField(field) }
                if let previous = taken[field] { decisions[previous].field = nil }
                decisions[column].field = field
                decisions[column].confidence = 1
                decisions[column].basis = .given
                taken[field] = column
            } else {
                decisions[column].basis = .excluded
            }
        }
        let decided = Set(decisions.filter { $0.basis == .given || $0.basis == .excluded }.map(\.column))

        // Leadpipe's own columns at the start of a rejected.csv.
        if let header, header.count >= 3, Array(header.prefix(3)).map({ $0.lowercased() }) == ["line", "reason_code", "reason"] {
            for column in 0..<3 where !decided.contains(column) {
                decisions[column].basis = .leadpipeColumn
            }
        }

        // Candidates.
        struct Candidate {
            var column: Int
            var field: String
            var confidence: Double
            var basis: MappingBasis
        }
        var candidates: [Candidate] = []
        var bestBelow: [Int: (String, Double)] = [:]
        let spellings = schema.fields.map { field in (field.name, Self.spellings(of: field)) }
        for column in 0..<width where !decided.contains(column) && decisions[column].basis != .leadpipeColumn {
            let tokens = header == nil ? [] : HeaderTokens.tokens(of: names[column])
            let compact = tokens.joined()
            var headerBest: [String: (Double, String, Bool)] = [:]
            if !tokens.isEmpty {
                for (field, fieldSpellings) in spellings where taken[field] == nil {
                    for spelling in fieldSpellings {
                        guard let score = headerScore(tokens, compact: compact, spelling: spelling, field: field)
                        else { continue }
                        if headerBest[field] == nil || score.0 > headerBest[field]!.0 {
                            headerBest[field] = (score.0, spelling.text, score.1)
                        }
                    }
                }
            }
            // Values are read only when the header is not enough (reading them is the costly
            // part of mapping).
            let headerIsEnough = headerBest.values.contains { $0.0 >= options.threshold }
            let profile = headerIsEnough ? ContentProfile() : ContentProfile(values: values(column))
            for (field, _) in spellings where taken[field] == nil {
                let best = headerBest[field]
                let share = profile.share(for: field, kind: schema[field]!.kind)
                var candidate: Candidate? = nil
                if let (score, spelling, exact) = best {
                    if score < options.threshold, share >= 0.8, profile.nonEmpty >= 3 {
                        candidate = Candidate(
                            column: column, field: field, confidence: 0.85,
                            basis: .headerAndContent(spelling: spelling, share: share))
                    } else {
                        candidate = Candidate(
                            column: column, field: field, confidence: score, basis: .header(spelling: spelling, exact: exact))
                    }
                } else if share >= 0.8, profile.nonEmpty >= 3, Self.inferable.contains(field),
                    tokens.isEmpty || !headerNamesOtherField(tokens, than: field, schema: schema)
                {
                    candidate = Candidate(column: column, field: field, confidence: 0.6 + 0.3 * share, basis: .content(share: share))
                }
                guard let candidate else { continue }
                if candidate.confidence >= options.threshold {
                    candidates.append(candidate)
                } else if candidate.confidence > (bestBelow[column]?.1 ?? 0) {
                    bestBelow[column] = (field, candidate.confidence)
                }
            }
        }

        // Assignment: best first; ties go to the leftmost column, then to the schema order.
        let fieldOrder = Dictionary(uniqueKeysWithValues: schema.fields.enumerated().map { ($1.name, $0) })
        candidates.sort {
            if $0.confidence != $1.confidence { return $0.confidence > $1.confidence }
            if $0.column != $1.column { return $0.column < $1.column }
            return fieldOrder[$0.field]! < fieldOrder[$1.field]!
        }
        for candidate in candidates {
            if decisions[candidate.column].field != nil { continue }
            if let owner = taken[candidate.field] {
                if case .nothing = decisions[candidate.column].basis {
                    decisions[candidate.column].basis = .taken(field: candidate.field, byColumn: owner)
                    decisions[candidate.column].confidence = candidate.confidence
                }
                continue
            }
            decisions[candidate.column].field = candidate.field
            decisions[candidate.column].confidence = candidate.confidence
            decisions[candidate.column].basis = candidate.basis
            taken[candidate.field] = candidate.column
        }
        for (column, (field, confidence)) in bestBelow where decisions[column].field == nil {
            if case .nothing = decisions[column].basis {
                decisions[column].basis = .belowThreshold(field: field, confidence: confidence)
                decisions[column].confidence = confidence
            }
        }

        // Names: "Nombre" + "Apellidos" is first + last; a full name alone is split.
        var splitFullName = false
        if let full = taken["full_name"], taken["first_name"] == nil, taken["last_name"] != nil,
            decisions[full].basis != .given
        {
            decisions[full].field = "first_name"
            taken["first_name"] = full
            taken["full_name"] = nil
        } else if taken["full_name"] != nil, taken["first_name"] == nil, taken["last_name"] == nil {
            splitFullName = true
        }

        // Unmapped columns: kept under their header's name, or dropped.
        if options.keepUnmapped {
            var used = Set(schema.fields.map(\.name)).union(LeadSchema.derivedKeys)
            for index in decisions.indices where decisions[index].field == nil {
                switch decisions[index].basis {
                case .leadpipeColumn, .excluded: continue
                default: break
                }
                var key = FieldName.make(fromHeader: decisions[index].header, column: index)
                if used.contains(key) {
                    var suffix = 2
                    while used.contains("\(key)_\(suffix)") { suffix += 1 }
                    key = "\(key)_\(suffix)"
                }
                used.insert(key)
                decisions[index].keptAs = key
            }
        }
        return (decisions, splitFullName)
    }

    /// `#3` or `3` names the third column (for files without a header).
    public static func positional(_ text: String, width: Int) -> Int? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let number = Int(digits), number >= 1, number <= width else { return nil }
        return number - 1
    }

    /// Fields whose values say what they are.
    static let inferable: Set<String> = ["email", "linkedin_url", "phone", "website", "status"]

    struct Spelling {
        var text: String
        var tokens: [String]
        /// The words run together (`firstname`): compared with a header's, once each.
        var compact: String
        /// The field's own name (`first_name`), which scores 1.0.
        var isName: Bool

        init(_ text: String, isName: Bool) {
            self.text = text
            tokens = HeaderTokens.tokens(of: text)
            compact = tokens.joined()
            self.isName = isName
        }
    }

    static func spellings(of field: FieldSpec) -> [Spelling] {
        var result = [Spelling(field.name, isName: true)]
        let others = field.isBuiltIn ? (Synonyms.fields[field.name] ?? []) : field.synonyms
        for text in others { result.append(Spelling(text, isName: false)) }
        return result
    }

    /// The confidence a header's words give a field's spelling, and whether it was an exact
    /// match; nil when the spelling is not in the header or another word vetoes it.
    /// `compact` is the header's words run together.
    static func headerScore(_ header: [String], compact: String, spelling written: Spelling, field: String) -> (Double, Bool)? {
        let spelling = written.tokens
        guard !spelling.isEmpty else { return nil }
        if compact == written.compact { return (written.isName ? 1.0 : 0.95, true) }
        // A one-word header that glues noise to the spelling: "contactemail", "leadstatus".
        if header.count == 1, spelling.count == 1, let word = header.first, word.count > spelling[0].count {
            let key = spelling[0]
            var rest: Substring? = nil
            if word.hasPrefix(key) { rest = word.dropFirst(key.count) }
            if word.hasSuffix(key) { rest = word.dropLast(key.count) }
            if let rest, Synonyms.noise.contains(String(rest)) { return (0.85, false) }
            return nil
        }
        guard let start = find(spelling, in: header) else { return nil }
        let extras = header[..<start] + header[(start + spelling.count)...]
        var unknown = false
        for word in extras where !Synonyms.noise.contains(word) {
            if let owner = Synonyms.headWords[word], owner != field { return nil }
            if Synonyms.headWords[word] == nil { unknown = true }
        }
        return (unknown ? 0.5 : 0.85, false)
    }

    /// Whether the header's words name some other field or thing (so values alone must not
    /// map it: a "Company Email Domain" column of e-mail-like values stays unmapped).
    static func headerNamesOtherField(_ header: [String], than field: String, schema: LeadSchema) -> Bool {
        header.contains { word in
            if let owner = Synonyms.headWords[word] { return owner != field }
            return false
        }
    }

    static func find(_ needle: [String], in haystack: [String]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return start
        }
        return nil
    }
}

/// What a column's sampled values look like.
struct ContentProfile {
    var nonEmpty = 0
    var emails = 0
    var linkedIn = 0
    var phones = 0
    var urls = 0
    var statuses = 0

    init() {}

    /// Reads up to 200 non-empty values.
    init(values: [String]) {
        var scratch = [UInt8](repeating: 0, count: 4096 + 16)
        for value in values {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            nonEmpty += 1
            if nonEmpty > 200 { break }
            var bytes = Array(trimmed.utf8.prefix(2048)) + [UInt8](repeating: 0, count: 16)
            let count = bytes.count - 16
            bytes.withUnsafeMutableBytes { raw in
                let view = ByteView(base: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
                let hasAt = view.firstIndex(of: UInt8(ascii: "@")) != nil
                let lowered = trimmed.lowercased()
                scratch.withUnsafeMutableBufferPointer { out in
                    let target = out.baseAddress!
                    let isLinkedIn = lowered.contains("linkedin.com/")
                    if isLinkedIn && LinkedInProfile.normalize(view, to: target).problem == nil { linkedIn += 1 }
                    if !isLinkedIn && hasAt && EmailAddress.normalize(view, to: target).problem == nil { emails += 1 }
                    if !isLinkedIn && !hasAt && lowered.contains("."),
                        WebAddress.normalize(view, to: target).problem == nil
                    {
                        urls += 1
                    }
                    if Self.looksLikePhone(view) { phones += 1 }
                    if view.count <= 40 && StatusWords.status(for: trimmed) != nil { statuses += 1 }
                }
            }
        }
        nonEmpty = min(nonEmpty, 200)
    }

    /// The first five distinct non-empty values, at most 80 characters each.
    static func samples(of values: [String]) -> [String] {
        var samples: [String] = []
        var seen = Set<String>()
        for value in values where samples.count < 5 {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && seen.insert(trimmed).inserted { samples.append(String(trimmed.prefix(80))) }
        }
        return samples
    }

    /// Share of non-empty values that look like `field`'s values.
    func share(for field: String, kind: FieldKind) -> Double {
        guard nonEmpty > 0 else { return 0 }
        let count: Int
        switch kind {
        case .email: count = emails
        case .linkedin: count = linkedIn
        case .phone: count = phones
        case .url: count = urls
        case .status: count = statuses
        default: return 0
        }
        return Double(count) / Double(nonEmpty)
    }

    /// Seven or more digits, and otherwise only what phone numbers are written with.
    static func looksLikePhone(_ value: ByteView) -> Bool {
        var digits = 0
        for index in 0..<value.count {
            let byte = value[index]
            if ByteText.isDigit(byte) {
                digits += 1
            } else if !(byte == 0x20 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/"))
            {
                if !PhoneNumber.isExtension(value, at: index) { return false }
                break
            }
        }
        return digits >= 7 && digits <= 15
    }
}

import Foundation
