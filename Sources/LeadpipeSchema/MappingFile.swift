import Foundation

/// A mapping file: which column goes to which field, custom fields, fixed values and options.
/// People write it by hand or edit what `leadpipe map --write` saved; `import --mapping` reads
/// it. JSON:
///
/// ```json
/// {
///   "leadpipe_mapping": 1,
///   "columns": [
///     { "column": "E-mail Address", "field": "email" },
///     { "column": "Internal Code", "field": null },
///     { "column": "Branche", "field": "industry" }
///   ],
///   "custom_fields": [
///     { "name": "industry", "type": "enum", "values": ["SaaS", "Retail"], "required": false }
///   ],
///   "set": { "flow_id": "F12" },
///   "identifiers": ["email", "linkedin_url"],
///   "keep_unmapped": false,
///   "default_country": "US",
///   "date_order": "mdy",
///   "unknown_status": "default",
///   "threshold": 0.7
/// }
/// ```
///
/// Columns are matched by header (case, accents and punctuation aside), or by position as
/// `"#3"` in files without a header. Columns the file does not list are mapped automatically.
/// Keys `map --write` adds for reading (`confidence`, `how`, `samples`) are ignored.
public struct MappingFile: Codable, Sendable, Equatable {
    public struct Column: Codable, Sendable, Equatable {
        public var column: String
        public var field: String?
        /// Informational, written by `map --write`.
        public var confidence: Double?
        public var how: String?
        public var samples: [String]?

        public init(column: String, field: String?, confidence: Double? = nil, how: String? = nil, samples: [String]? = nil) {
            self.column = column
            self.field = field
            self.confidence = confidence
            self.how = how
            self.samples = samples
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(column, forKey: .column)
            try container.encode(field, forKey: .field)  // null is written: "leave this column out"
            try container.encodeIfPresent(confidence, forKey: .confidence)
            try container.encodeIfPresent(how, forKey: .how)
            try container.encodeIfPresent(samples, forKey: .samples)
        }
    }

    public struct CustomField: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var values: [String]?
        public var required: Bool?
        public var `default`: String?
        public var maxLength: Int?
        public var synonyms: [String]?

        public init(
            name: String, type: String, values: [String]? = nil, required: Bool? = nil, default: String? = nil,
            maxLength: Int? = nil, synonyms: [String]? = nil
        ) {
            self.name = name
            self.type = type
            self.values = values
            self.required = required
            self.default = `default`
            self.maxLength = maxLength
            self.synonyms = synonyms
        }

        enum CodingKeys: String, CodingKey {
            case name, type, values, required, `default`, maxLength = "max_length", synonyms
        }
    }

    public var version: Int
    public var columns: [Column]
    public var customFields: [CustomField]
    public var set: [String: String]
    public var identifiers: [String]?
    public var keepUnmapped: Bool?
    public var defaultCountry: String?
    public var dateOrder: String?
    public var unknownStatus: String?
    public var threshold: Double?

    public init(
        columns: [Column] = [], customFields: [CustomField] = [], set: [String: String] = [:], identifiers: [String]? = nil,
        keepUnmapped: Bool? = nil, defaultCountry: String? = nil, dateOrder: String? = nil, unknownStatus: String? = nil,
        threshold: Double? = nil
    ) {
        version = 1
        self.columns = columns
        self.customFields = customFields
        self.set = set
        self.identifiers = identifiers
        self.keepUnmapped = keepUnmapped
        self.defaultCountry = defaultCountry
        self.dateOrder = dateOrder
        self.unknownStatus = unknownStatus
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey {
        case version = "leadpipe_mapping", columns, customFields = "custom_fields", set, identifiers
        case keepUnmapped = "keep_unmapped", defaultCountry = "default_country", dateOrder = "date_order"
        case unknownStatus = "unknown_status", threshold
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        columns = try container.decodeIfPresent([Column].self, forKey: .columns) ?? []
        customFields = try container.decodeIfPresent([CustomField].self, forKey: .customFields) ?? []
        set = try container.decodeIfPresent([String: String].self, forKey: .set) ?? [:]
        identifiers = try container.decodeIfPresent([String].self, forKey: .identifiers)
        keepUnmapped = try container.decodeIfPresent(Bool.self, forKey: .keepUnmapped)
        defaultCountry = try container.decodeIfPresent(String.self, forKey: .defaultCountry)
        dateOrder = try container.decodeIfPresent(String.self, forKey: .dateOrder)
        unknownStatus = try container.decodeIfPresent(String.self, forKey: .unknownStatus)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
    }

    /// Reads a mapping file; errors say what is wrong and where.
    public static func read(path: String) throws(SchemaError) -> MappingFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidMappingFile("\(path): cannot read the mapping file")
        }
        do {
            let file = try JSONDecoder().decode(MappingFile.self, from: data)
            guard file.version == 1 else {
                throw SchemaError.invalidMappingFile("\(path): leadpipe_mapping \(file.version) is not a version this leadpipe reads (1)")
            }
            return file
        } catch let error as SchemaError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidMappingFile("\(path): not valid JSON: \(Self.describe(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidMappingFile("\(path): \(Self.describe(context))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalidMappingFile("\(path): \(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalidMappingFile("\(path): \(Self.path(context.codingPath)) is null")
        } catch {
            throw .invalidMappingFile("\(path): \(error)")
        }
    }

    static func describe(_ context: DecodingError.Context) -> String {
        let location = path(context.codingPath)
        let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return [location.isEmpty ? nil : "at \(location)", context.debugDescription, underlying].compactMap { $0 }
            .joined(separator: ": ")
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
    }

    /// The file as pretty JSON, keys in a stable order.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(columns, forKey: .columns)
        try container.encode(customFields, forKey: .customFields)
        try container.encode(set, forKey: .set)
        try container.encodeIfPresent(identifiers, forKey: .identifiers)
        try container.encodeIfPresent(keepUnmapped, forKey: .keepUnmapped)
        try container.encodeIfPresent(defaultCountry, forKey: .defaultCountry)
        try container.encodeIfPresent(dateOrder, forKey: .dateOrder)
        try container.encodeIfPresent(unknownStatus, forKey: .unknownStatus)
        try container.encodeIfPresent(threshold, forKey: .threshold)
    }

    /// The custom fields as schema fields.
    public func customFieldSpecs() throws(SchemaError) -> [FieldSpec] {
        var specs: [FieldSpec] = []
        for field in customFields {
            guard let kind = FieldKind(rawValue: field.type), FieldKind.customKinds.contains(kind) || kind == .status
                || kind == .linkedin
            else {
                throw .invalidMappingFile(
                    "custom field \"\(field.name)\": type \"\(field.type)\" is not one of "
                        + FieldKind.customKinds.map(\.rawValue).joined(separator: ", "))
            }
            specs.append(
                FieldSpec(
                    name: field.name, kind: kind, values: field.values ?? [], isRequired: field.required ?? false,
                    defaultValue: field.default, maxBytes: field.maxLength, synonyms: field.synonyms ?? []))
        }
        return specs
    }
}
