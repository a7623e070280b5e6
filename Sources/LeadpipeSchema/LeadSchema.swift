/// What a field holds, which decides how its values are normalized and validated.
public enum FieldKind: String, Sendable, Codable, CaseIterable {
    /// One line of text: whitespace trimmed and collapsed.
    case string
    /// Free text (notes): trimmed, line breaks kept (CRLF becomes LF).
    case text
    /// A whole number: `42`, `1,234`, `42.0`.
    case integer
    /// A decimal amount: `1.234,56`, `$1,234.56`, `1 234,56 €`; written as a JSON number.
    case decimal
    /// yes/no, true/false, 1/0, x, and a few languages' words.
    case boolean
    /// A date: ISO, US or European order (`--date-order`), month names; written as ISO 8601.
    case date
    /// One of a fixed list of values (matched ignoring case and accents).
    case enumeration = "enum"
    /// A list split on `,` `;` `|`, trimmed, without repeats; written as a JSON array.
    case list
    /// An e-mail address: trimmed, lowercased, `mailto:` and `<…>` removed.
    case email
    /// A phone number: kept as written, plus E.164 when it can be derived.
    case phone
    /// A web address.
    case url
    /// A LinkedIn profile: canonicalized to `https://www.linkedin.com/in/<id>`.
    case linkedin
    /// A lead status: new, contacted, qualified, converted, lost, with synonyms.
    case status

    /// Kinds a person may give a custom field in a mapping file.
    public static let customKinds: [FieldKind] = [
        .string, .text, .integer, .decimal, .boolean, .date, .enumeration, .list, .email, .phone, .url,
    ]
}

/// One field of the schema: its name (the JSON key), kind, and rules.
public struct FieldSpec: Sendable, Equatable {
    /// The JSON key, snake_case.
    public var name: String
    /// How values are normalized and validated.
    public var kind: FieldKind
    /// The allowed values of an `enum` field, in their canonical spelling.
    public var values: [String]
    /// Whether a row without a value is rejected (`missing_required`).
    public var isRequired: Bool
    /// The value used when a row has none (before validation).
    public var defaultValue: String?
    /// Longer values (in UTF-8 bytes, after normalization) are rejected (`field_too_long`).
    public var maxBytes: Int
    /// Header spellings that map to this field, besides its name (custom fields).
    public var synonyms: [String]
    /// Whether the field is part of the built-in lead schema.
    public var isBuiltIn: Bool

    public init(
        name: String, kind: FieldKind, values: [String] = [], isRequired: Bool = false, defaultValue: String? = nil,
        maxBytes: Int? = nil, synonyms: [String] = [], isBuiltIn: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.values = values
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.maxBytes = maxBytes ?? FieldSpec.defaultMaxBytes(kind)
        self.synonyms = synonyms
        self.isBuiltIn = isBuiltIn
    }

    /// Length limits where none is given: generous for text, tight where the standard says so
    /// (an e-mail address is at most 254 bytes).
    public static func defaultMaxBytes(_ kind: FieldKind) -> Int {
        switch kind {
        case .email: 254
        case .phone: 64
        case .integer, .decimal, .boolean, .date, .status: 64
        case .url, .linkedin: 2048
        case .text: 65_536
        case .list: 4096
        case .string, .enumeration: 1024
        }
    }
}

/// The fields of an import: the built-in lead schema plus custom fields.
public struct LeadSchema: Sendable, Equatable {
    /// The fields, in output order.
    public private(set) var fields: [FieldSpec]

    /// The built-in lead schema, in output order.
    public static let builtIn = LeadSchema(fields: [
        FieldSpec(name: "first_name", kind: .string, maxBytes: 256, isBuiltIn: true),
        FieldSpec(name: "last_name", kind: .string, maxBytes: 256, isBuiltIn: true),
        FieldSpec(name: "full_name", kind: .string, maxBytes: 512, isBuiltIn: true),
        FieldSpec(name: "email", kind: .email, isBuiltIn: true),
        FieldSpec(name: "phone", kind: .phone, isBuiltIn: true),
        FieldSpec(name: "company", kind: .string, maxBytes: 512, isBuiltIn: true),
        FieldSpec(name: "job_title", kind: .string, maxBytes: 512, isBuiltIn: true),
        FieldSpec(name: "website", kind: .url, isBuiltIn: true),
        FieldSpec(name: "linkedin_url", kind: .linkedin, isBuiltIn: true),
        FieldSpec(name: "city", kind: .string, maxBytes: 256, isBuiltIn: true),
        FieldSpec(name: "country", kind: .string, maxBytes: 256, isBuiltIn: true),
        FieldSpec(
            name: "status", kind: .status, values: LeadStatus.allCases.map(\.rawValue), defaultValue: "new",
            isBuiltIn: true),
        FieldSpec(name: "source", kind: .string, maxBytes: 512, isBuiltIn: true),
        FieldSpec(name: "lead_score", kind: .integer, isBuiltIn: true),
        FieldSpec(name: "deal_value", kind: .decimal, isBuiltIn: true),
        FieldSpec(name: "tags", kind: .list, isBuiltIn: true),
        FieldSpec(name: "notes", kind: .text, isBuiltIn: true),
        FieldSpec(name: "list", kind: .string, maxBytes: 512, isBuiltIn: true),
        FieldSpec(name: "flow_id", kind: .string, maxBytes: 256, isBuiltIn: true),
        FieldSpec(name: "source_id", kind: .string, maxBytes: 256, isBuiltIn: true),
    ])

    /// Keys the output uses besides the fields' names.
    public static let derivedKeys: Set<String> = ["phone_e164"]

    public init(fields: [FieldSpec]) {
        self.fields = fields
    }

    /// The index of the field called `name`.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The field called `name`.
    public subscript(name: String) -> FieldSpec? { index(of: name).map { fields[$0] } }

    /// Adds a custom field, or replaces the rules of a field of that name (a built-in field's
    /// kind cannot change, but its requiredness, default and length limit can).
    public mutating func add(_ field: FieldSpec) throws(SchemaError) {
        guard FieldName.isValid(field.name) else { throw .invalidFieldName(field.name) }
        if field.kind == .enumeration && field.values.isEmpty { throw .enumWithoutValues(field.name) }
        if let index = index(of: field.name) {
            let existing = fields[index]
            if existing.isBuiltIn && existing.kind != field.kind {
                throw .builtInKindChange(field.name, existing.kind, field.kind)
            }
            var merged = field
            merged.isBuiltIn = existing.isBuiltIn
            if existing.isBuiltIn && merged.values.isEmpty { merged.values = existing.values }
            fields[index] = merged
        } else {
            guard !LeadSchema.derivedKeys.contains(field.name) else { throw .invalidFieldName(field.name) }
            fields.append(field)
        }
    }
}

/// The five lead statuses, in pipeline order.
public enum LeadStatus: String, Sendable, CaseIterable {
    case new, contacted, qualified, converted, lost
}

/// Why a schema or mapping cannot be used.
public enum SchemaError: Error, Equatable, CustomStringConvertible {
    case invalidFieldName(String)
    case enumWithoutValues(String)
    case builtInKindChange(String, FieldKind, FieldKind)
    case unknownField(String)
    case unknownColumn(String)
    case invalidDefault(field: String, value: String, reason: String)
    case invalidMappingFile(String)

    public var description: String {
        switch self {
        case .invalidFieldName(let name):
            "invalid field name \"\(name)\": use lowercase letters, digits and _ (not phone_e164 or a name starting with _)"
        case .enumWithoutValues(let name): "enum field \"\(name)\" needs a list of \"values\""
        case .builtInKindChange(let name, let from, let to):
            "\"\(name)\" is a built-in \(from.rawValue) field; it cannot become \(to.rawValue)"
        case .unknownField(let name): "no field called \"\(name)\" (see `leadpipe map --help` for the schema)"
        case .unknownColumn(let name): "the file has no column \"\(name)\""
        case .invalidDefault(let field, let value, let reason): "default \"\(value)\" for \(field) is not valid: \(reason)"
        case .invalidMappingFile(let reason): reason
        }
    }
}

/// Rules for field names.
public enum FieldName {
    /// Lowercase ASCII letters, digits and `_`, starting with a letter, at most 64 bytes.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (0x61...0x7A).contains(first), bytes.count <= 64 else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// A header turned into a field name: `Contact Owner` → `contact_owner`, `Größe` →
    /// `grosse`; `column_N` when nothing is left.
    public static func make(fromHeader header: String, column: Int) -> String {
        let tokens = HeaderTokens.tokens(of: header)
        var name = tokens.joined(separator: "_")
        if name.utf8.count > 64 { name = String(name.utf8.prefix(64))! }
        while name.hasSuffix("_") { name.removeLast() }
        if let first = name.utf8.first, (0x30...0x39).contains(first) { name = "c_" + name }
        return isValid(name) ? name : "column_\(column + 1)"
    }
}
