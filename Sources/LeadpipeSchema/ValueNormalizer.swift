/// Options that change how values are read.
public struct NormalizationOptions: Sendable, Equatable {
    /// How to read dates like 03/04/2024.
    public var dateOrder: DateOrder
    /// The country of national phone numbers when the row does not say.
    public var defaultCountry: CallingCountry?
    /// Reject rows with an unknown status (`invalid_status`) instead of using the default.
    public var rejectUnknownStatus: Bool

    public init(dateOrder: DateOrder = .mdy, defaultCountry: CallingCountry? = nil, rejectUnknownStatus: Bool = false) {
        self.dateOrder = dateOrder
        self.defaultCountry = defaultCountry
        self.rejectUnknownStatus = rejectUnknownStatus
    }
}

/// What a value became, and where its bytes are in the output.
public struct ValueResult {
    public enum Shape: Sendable, Equatable {
        /// No value: JSON null.
        case null
        /// A JSON string of `count` bytes.
        case string
        /// A JSON literal (number, true, false) of `count` bytes, written as is.
        case literal
        /// A list of `items` strings, ending at `ends[0..<items]`.
        case list
    }

    // The word-sized fields come first and the small ones last, so that the struct has no
    // padding inside: a one-byte `shape` first made the compiler copy the seven bytes after it
    // through overlapping stack slots on every return (a store-forwarding stall, ~1.5 % of
    // import time).

    /// For a `.string` that needed no change: where its bytes are (in the input, with readable
    /// bytes after them); nil when they were written to the output.
    public var source: UnsafePointer<UInt8>?
    /// Bytes written to the output.
    public var count: Int
    /// List items, for `.list`.
    public var items: Int
    /// For phone fields: the E.164 form's length (0 when none could be derived); its bytes are
    /// in the output at `e164Start`.
    public var e164Count: Int
    public var e164Start: Int
    public var warnings: WarningSet
    public var problem: ValueProblem?
    public var shape: Shape

    @inlinable
    public init(
        _ shape: Shape, count: Int = 0, items: Int = 0, e164Count: Int = 0, e164Start: Int = 0,
        problem: ValueProblem? = nil, warnings: WarningSet = [], source: UnsafePointer<UInt8>? = nil
    ) {
        self.shape = shape
        self.count = count
        self.items = items
        self.e164Count = e164Count
        self.e164Start = e164Start
        self.problem = problem
        self.warnings = warnings
        self.source = source
    }

    @inlinable
    static var null: ValueResult { ValueResult(.null) }
}

/// Normalizes values field by field. One per worker: it remembers spellings it has decided
/// (status words, countries, enum values), so it is cheap after the first rows.
public struct ValueNormalizer {
    public let schema: LeadSchema
    public let options: NormalizationOptions
    // Internal state is @usableFromInline so that `normalize` can be inlined into the row
    // mapper in another module: then its result struct never exists in memory.
    @usableFromInline var statuses = ValueMemo<LeadStatus?>()
    @usableFromInline var countries = ValueMemo<Int?>()
    @usableFromInline var enumValues: [ValueMemo<Int?>]
    /// The longest enum value, for output room.
    public let longestEnumValue: Int
    /// What the hot path needs of each field, without references (copying a `FieldSpec` would
    /// retain its strings).
    @usableFromInline let rules: [Rule]
    /// ``NormalizationOptions/defaultCountry``'s index in ``CallingCountry/all``; -1 for none.
    @usableFromInline let defaultCountryIndex: Int

    @usableFromInline
    struct Rule {
        @usableFromInline var kind: FieldKind
        @usableFromInline var maxBytes: Int
        @usableFromInline var isBuiltIn: Bool
    }

    public init(schema: LeadSchema, options: NormalizationOptions) {
        self.schema = schema
        self.options = options
        rules = schema.fields.map { Rule(kind: $0.kind, maxBytes: $0.maxBytes, isBuiltIn: $0.isBuiltIn) }
        enumValues = schema.fields.map { $0.kind == .enumeration ? ValueMemo(capacity: 1024) : ValueMemo(capacity: 1) }
        longestEnumValue = schema.fields.flatMap(\.values).map(\.utf8.count).max() ?? 0
        defaultCountryIndex = options.defaultCountry.flatMap { CallingCountry.all.firstIndex(of: $0) } ?? -1
    }

    /// Room the output needs for a value of `count` bytes.
    @inlinable
    public func outputRoom(forValueOf count: Int) -> Int { count &+ 128 &+ longestEnumValue }

    /// Room `ends` needs for a list value of `count` bytes.
    @inlinable
    public static func listRoom(forValueOf count: Int) -> Int { count / 2 &+ 2 }

    /// Normalizes `value` for field `fieldIndex`, writing to `out` (``outputRoom(forValueOf:)``
    /// bytes) and, for lists, item ends to `ends` (``listRoom(forValueOf:)`` entries).
    /// `rowCountry` is the row's country value, for phone numbers.
    ///
    /// - Parameter tailIsReadable: whether 16 bytes past the end of `value` may be read (chunks
    ///   and arenas with slack); then plain text is checked a word at a time, and plain e-mail
    ///   addresses, phone numbers, profile ids and amounts 16 bytes at a time (`out` always has room for
    ///   whole blocks past a result).
    @inlinable @inline(__always)
    public mutating func normalize(
        _ value: ByteView, fieldIndex: Int, rowCountry: ByteView?, out: UnsafeMutablePointer<UInt8>,
        ends: UnsafeMutablePointer<Int32>, tailIsReadable: Bool = false
    ) -> ValueResult {
        let rule = rules[fieldIndex]
        // Far too long to be worth reading (the exact limit is checked on the result).
        if value.count > Self.readLimit(maxBytes: rule.maxBytes) { return ValueResult(.null, problem: .tooLong) }
        var result = shapeValue(
            value, rule: rule, fieldIndex: fieldIndex, rowCountry: rowCountry, out: out, ends: ends,
            tailIsReadable: tailIsReadable)
        if result.problem == nil && result.count > rule.maxBytes {
            result = ValueResult(.null, problem: .tooLong, warnings: result.warnings)
        }
        return result
    }

    /// The longest value read at all for a field of `maxBytes`: a longer one is too long,
    /// however little of it is left after trimming.
    @inlinable
    public static func readLimit(maxBytes: Int) -> Int { maxBytes &* 4 &+ 1024 }

    /// Whether ``normalizeScalar(_:kind:maxBytes:out:tailIsReadable:)`` reads values of `kind`:
    /// e-mail and LinkedIn (strings), integer and decimal (literals).
    @inlinable
    public static func isScalar(_ kind: FieldKind) -> Bool {
        kind == .email || kind == .linkedin || kind == .integer || kind == .decimal
    }

    /// A value of a scalar kind as ``normalize(_:fieldIndex:rowCountry:out:ends:tailIsReadable:)``
    /// reads it, without the general result: too long before or after (the field's limits) is
    /// a problem, a count of 0 is absent, otherwise `count` bytes in `out` — a JSON string's
    /// contents for e-mail and LinkedIn, a JSON number for integer and decimal. The row loop
    /// calls it directly; `normalize` through it.
    @inlinable @inline(__always)
    public static func normalizeScalar(
        _ value: ByteView, kind: FieldKind, maxBytes: Int, out: UnsafeMutablePointer<UInt8>, tailIsReadable: Bool
    ) -> Normalized {
        guard value.count <= readLimit(maxBytes: maxBytes) else { return .rejected(.tooLong) }
        let normalized: Normalized
        switch kind {
        case .email: normalized = EmailAddress.normalize(value, to: out, tailIsReadable: tailIsReadable)
        case .linkedin: normalized = LinkedInProfile.normalize(value, to: out, tailIsReadable: tailIsReadable)
        case .integer: normalized = NumberValue.integer(value, to: out)
        default: normalized = NumberValue.decimal(value, to: out, tailIsReadable: tailIsReadable)
        }
        if normalized.problem == nil && normalized.count > maxBytes { return .rejected(.tooLong, normalized.warnings) }
        return normalized
    }

    @inlinable @inline(__always)
    mutating func shapeValue(
        _ value: ByteView, rule: Rule, fieldIndex: Int, rowCountry: ByteView?, out: UnsafeMutablePointer<UInt8>,
        ends: UnsafeMutablePointer<Int32>, tailIsReadable: Bool
    ) -> ValueResult {
        switch rule.kind {
        case .string:
            let trimmed = value.trimmed()
            if trimmed.count == 0 { return .null }
            if ByteText.isPlaceholder(trimmed) { return ValueResult(.null, warnings: .placeholderValue) }
            if ByteText.isCollapsed(trimmed, tailIsReadable: tailIsReadable) {
                let warnings: WarningSet = ByteText.looksLikeFormula(trimmed) ? .formulaLikeValue : []
                return ValueResult(.string, count: trimmed.count, warnings: warnings, source: trimmed.base)
            }
            let (count, dropped) = ByteText.collapse(trimmed, to: out)
            var warnings: WarningSet = dropped ? .controlCharactersRemoved : []
            if ByteText.looksLikeFormula(ByteView(base: out, count: count)) { warnings.insert(.formulaLikeValue) }
            return ValueResult(count == 0 ? .null : .string, count: count, warnings: warnings)
        case .text:
            let trimmed = value.trimmed()
            if ByteText.isPlaceholder(trimmed) { return ValueResult(.null, warnings: .placeholderValue) }
            let (count, dropped) = ByteText.cleanText(trimmed, to: out)
            var warnings: WarningSet = dropped ? .controlCharactersRemoved : []
            if ByteText.looksLikeFormula(ByteView(base: out, count: count)) { warnings.insert(.formulaLikeValue) }
            return ValueResult(count == 0 ? .null : .string, count: count, warnings: warnings)
        case .email:
            return stringResult(Self.normalizeScalar(value, kind: .email, maxBytes: rule.maxBytes, out: out, tailIsReadable: tailIsReadable))
        case .linkedin:
            return stringResult(Self.normalizeScalar(value, kind: .linkedin, maxBytes: rule.maxBytes, out: out, tailIsReadable: tailIsReadable))
        case .url:
            let normalized = WebAddress.normalize(value, to: out)
            if let problem = normalized.problem, rule.isBuiltIn {
                // A bad website does not cost a lead: left out, with a warning.
                _ = problem
                return ValueResult(.null, warnings: normalized.warnings.union(.invalidWebsite))
            }
            return stringResult(normalized)
        case .integer:
            return literalResult(Self.normalizeScalar(value, kind: .integer, maxBytes: rule.maxBytes, out: out, tailIsReadable: tailIsReadable))
        case .decimal:
            return literalResult(Self.normalizeScalar(value, kind: .decimal, maxBytes: rule.maxBytes, out: out, tailIsReadable: tailIsReadable))
        case .date:
            return stringResult(DateValue.normalize(value, order: options.dateOrder, to: out))
        case .boolean:
            let trimmed = value.trimmed()
            if trimmed.isEmpty { return .null }
            if ByteText.isPlaceholder(trimmed) { return ValueResult(.null, warnings: .placeholderValue) }
            guard let flag = BooleanValue.parse(trimmed) else { return ValueResult(.null, problem: .booleanUnknown) }
            let literal: StaticString = flag ? "true" : "false"
            out.update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
            return ValueResult(.literal, count: literal.utf8CodeUnitCount)
        case .list:
            let (items, count, warnings) = ValueList.split(value, to: out, ends: ends)
            return items == 0 ? ValueResult(.null, warnings: warnings) : ValueResult(.list, count: count, items: items, warnings: warnings)
        case .phone:
            let trimmed = value.trimmed()
            if trimmed.count == 0 { return .null }
            if ByteText.isPlaceholder(trimmed) { return ValueResult(.null, warnings: .placeholderValue) }
            // Most numbers are plainly written: digits found 16 bytes at a time, and collapsed.
            if tailIsReadable, let e164 = plainE164(trimmed, rowCountry: rowCountry, e164To: out) {
                return ValueResult(
                    .string, count: trimmed.count, e164Count: e164, e164Start: 0,
                    warnings: e164 == 0 ? .phoneNotNormalizable : [], source: trimmed.base)
            }
            let country = phoneCountry(rowCountry)
            if ByteText.isCollapsed(trimmed, tailIsReadable: tailIsReadable) {
                let e164 = PhoneNumber.e164(trimmed, countryIndex: country, to: out)
                return ValueResult(
                    .string, count: trimmed.count, e164Count: e164, e164Start: 0,
                    warnings: e164 == 0 ? .phoneNotNormalizable : [], source: trimmed.base)
            }
            let (count, dropped) = ByteText.collapse(trimmed, to: out)
            if count == 0 { return .null }
            var warnings: WarningSet = dropped ? .controlCharactersRemoved : []
            let e164 = PhoneNumber.e164(ByteView(base: out, count: count), countryIndex: country, to: out + count)
            if e164 == 0 { warnings.insert(.phoneNotNormalizable) }
            return ValueResult(.string, count: count, e164Count: e164, e164Start: count, warnings: warnings)
        case .status:
            let trimmed = value.trimmed()
            if trimmed.isEmpty { return .null }
            let status = statuses.value(for: trimmed) { StatusWords.status(for: $0) }
            guard let status else {
                if options.rejectUnknownStatus { return ValueResult(.null, problem: .statusUnknown) }
                return ValueResult(.null, warnings: .unknownStatus)  // the caller applies the default
            }
            return writeStatus(status, to: out)
        case .enumeration:
            let trimmed = value.trimmed()
            if trimmed.isEmpty { return .null }
            let schema = self.schema
            let index = enumValues[fieldIndex].value(for: trimmed) { bytes in
                let key = HeaderTokens.tokens(of: bytes.string).joined(separator: " ")
                return schema.fields[fieldIndex].values.firstIndex { HeaderTokens.tokens(of: $0).joined(separator: " ") == key }
            }
            guard let index else { return ValueResult(.null, problem: .enumUnknown) }
            return writeCanonical(schema.fields[fieldIndex].values[index], to: out)
        }
    }

    /// Writes a status's canonical name (without going through a String).
    @usableFromInline
    func writeStatus(_ status: LeadStatus, to out: UnsafeMutablePointer<UInt8>) -> ValueResult {
        let name: StaticString
        switch status {
        case .new: name = "new"
        case .contacted: name = "contacted"
        case .qualified: name = "qualified"
        case .converted: name = "converted"
        case .lost: name = "lost"
        }
        out.update(from: name.utf8Start, count: name.utf8CodeUnitCount)
        return ValueResult(.string, count: name.utf8CodeUnitCount)
    }

    @usableFromInline
    func writeCanonical(_ text: String, to out: UnsafeMutablePointer<UInt8>) -> ValueResult {
        var count = 0
        for byte in text.utf8 {
            out[count] = byte
            count += 1
        }
        return ValueResult(.string, count: count)
    }

    @inlinable
    func stringResult(_ normalized: Normalized) -> ValueResult {
        if let problem = normalized.problem { return ValueResult(.null, problem: problem, warnings: normalized.warnings) }
        return ValueResult(normalized.count == 0 ? .null : .string, count: normalized.count, warnings: normalized.warnings)
    }

    @inlinable
    func literalResult(_ normalized: Normalized) -> ValueResult {
        if let problem = normalized.problem { return ValueResult(.null, problem: problem, warnings: normalized.warnings) }
        return ValueResult(normalized.count == 0 ? .null : .literal, count: normalized.count, warnings: normalized.warnings)
    }

    /// A phone value as ``normalize(_:fieldIndex:rowCountry:out:ends:tailIsReadable:)`` reads
    /// it, when it is plainly written (most are): the number as written (`value` trimmed) and
    /// the length of its E.164 form, written to `out` (0 when none could be derived: a
    /// ``WarningSet/phoneNotNormalizable`` warning). Nil for everything else — empty, a
    /// placeholder, too long for `maxBytes`, not plainly written — which `normalize` decides.
    /// 16 bytes past the end of `value` must be readable. The row loop calls it directly.
    @inlinable @inline(__always)
    public mutating func plainPhone(
        _ value: ByteView, maxBytes: Int, rowCountry: ByteView?, e164To out: UnsafeMutablePointer<UInt8>
    ) -> (number: ByteView, e164Count: Int)? {
        guard value.count <= Self.readLimit(maxBytes: maxBytes) else { return nil }
        let trimmed = value.trimmed()
        guard trimmed.count > 0, trimmed.count <= maxBytes, !ByteText.isPlaceholder(trimmed),
            let e164 = plainE164(trimmed, rowCountry: rowCountry, e164To: out)
        else { return nil }
        return (trimmed, e164)
    }

    /// The E.164 form of a plainly written number (`trimmed`: trimmed, not empty, not a
    /// placeholder), or nil when it is not plainly written.
    @inlinable @inline(__always)
    mutating func plainE164(_ trimmed: ByteView, rowCountry: ByteView?, e164To out: UnsafeMutablePointer<UInt8>) -> Int? {
        // The row's country is looked up only for national numbers: one starting with `+`
        // does not need it (plainly written, `+` can only come first).
        let country = trimmed[0] == UInt8(ascii: "+") ? -1 : phoneCountry(rowCountry)
        return PhoneNumber.plainE164(trimmed, countryIndex: country, to: out)
    }

    /// The country of a national phone number: the row's, or the default; -1 for none.
    @inlinable
    mutating func phoneCountry(_ rowCountry: ByteView?) -> Int {
        let index = countryIndex(rowCountry)
        return index >= 0 ? index : defaultCountryIndex
    }

    /// The index in ``CallingCountry/all`` of the country a row's value names; -1 for none.
    @usableFromInline
    mutating func countryIndex(_ value: ByteView?) -> Int {
        guard let value = value?.trimmed(), !value.isEmpty else { return -1 }
        let index = countries.value(for: value) { bytes in
            CallingCountry.named(bytes.string).flatMap { country in CallingCountry.all.firstIndex(of: country) }
        }
        return index ?? -1
    }
}

/// A normalized value in plain Swift types, for tests, previews and content inference.
public enum PlainValue: Equatable, Sendable, CustomStringConvertible {
    case null
    case string(String)
    /// A JSON number or boolean literal, as written.
    case literal(String)
    case list([String])
    /// A phone number as written, and its E.164 form if one could be derived.
    case phone(String, e164: String?)

    public var description: String {
        switch self {
        case .null: "null"
        case .string(let text): "\"\(text)\""
        case .literal(let text): text
        case .list(let items): "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .phone(let text, let e164): "\"\(text)\" (\(e164 ?? "no E.164"))"
        }
    }
}

extension ValueNormalizer {
    /// Normalizes `text` for the field called `field` (allocates; for tests and previews).
    public mutating func normalize(_ text: String, field name: String, rowCountry: String? = nil)
        -> (value: PlainValue, problem: ValueProblem?, warnings: WarningSet)
    {
        guard let fieldIndex = schema.index(of: name) else { preconditionFailure("no field \(name)") }
        var input = Array(text.utf8) + [UInt8](repeating: 0, count: 16)  // readable slack
        var country = Array((rowCountry ?? "").utf8)
        let room = outputRoom(forValueOf: input.count)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: room + 16)
        let ends = UnsafeMutablePointer<Int32>.allocate(capacity: Self.listRoom(forValueOf: input.count))
        defer {
            out.deallocate()
            ends.deallocate()
        }
        let result = input.withUnsafeMutableBytes { inputBytes in
            country.withUnsafeMutableBytes { countryBytes in
                normalize(
                    ByteView(UnsafeRawBufferPointer(rebasing: inputBytes[..<(inputBytes.count - 16)])),
                    fieldIndex: fieldIndex,
                    rowCountry: rowCountry == nil ? nil : ByteView(UnsafeRawBufferPointer(countryBytes)),
                    out: out, ends: ends, tailIsReadable: true)
            }
        }
        func string(_ start: Int, _ count: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: out + start, count: count), as: UTF8.self)
        }
        let value: PlainValue
        switch result.shape {
        case .null: value = .null
        case .literal: value = .literal(string(0, result.count))
        case .list:
            var items: [String] = []
            var start = 0
            for index in 0..<result.items {
                let end = Int(ends[index])
                items.append(string(start, end - start))
                start = end
            }
            value = .list(items)
        case .string:
            let text = result.source.map { String(decoding: UnsafeBufferPointer(start: $0, count: result.count), as: UTF8.self) }
                ?? string(0, result.count)
            if schema.fields[fieldIndex].kind == .phone {
                value = .phone(text, e164: result.e164Count > 0 ? string(result.e164Start, result.e164Count) : nil)
            } else {
                value = .string(text)
            }
        }
        return (value, result.problem, result.warnings)
    }
}
