import LeadpipeOutput
import LeadpipeSchema

/// What a person chose for an import; each is optional, and a given one wins over the mapping
/// file, which wins over what leadpipe works out.
public struct ImportSettings: Sendable {
    /// A mapping file (`--mapping`).
    public var mappingFile: MappingFile?
    /// `--map COLUMN=FIELD` (an empty field leaves the column out).
    public var columnOverrides: [(column: String, field: String?)] = []
    /// `--set FIELD=VALUE`: a value for every row.
    public var fixedValues: [(field: String, value: String)] = []
    /// `--identifiers`: a row needs at least one of these fields (default e-mail or LinkedIn).
    public var identifiers: [String]?
    /// `--keep-unmapped`.
    public var keepUnmapped: Bool?
    /// `--min-confidence`.
    public var threshold: Double?
    /// `--default-country`.
    public var defaultCountry: String?
    /// `--date-order` (otherwise worked out from the dates in the sample, else month first).
    public var dateOrder: DateOrder?
    /// `--unknown-status reject`.
    public var rejectUnknownStatus: Bool?

    public init() {}
}

/// Everything the row mapper needs, worked out once per import from the header, sample rows and
/// settings: the schema, where each output field comes from, and the options.
public struct ImportPlan: Sendable {
    /// Where an output field's value comes from.
    public enum Source: Sendable, Equatable {
        /// A column of the file.
        case column(Int)
        /// The same value for every row (`--set`, or a default with no column).
        case constant
        /// The first or last name split from a full-name column.
        case firstName(fromColumn: Int)
        case lastName(fromColumn: Int)
    }

    /// One key of the output objects.
    public struct Output: Sendable {
        /// The JSON key.
        public var key: String
        /// The field (index into the schema).
        public var fieldIndex: Int
        public var source: Source
        /// For `.constant`: the JSON value, encoded.
        public var constant: [UInt8]
        /// For fields with a default: the JSON value used when the row has none, encoded.
        public var defaultValue: [UInt8]?
        /// The E.164 companion of a phone field (`phone_e164`), written after it.
        public var e164Key: String?
    }

    public var schema: LeadSchema
    /// The decisions for each column, as `map` shows them.
    public var columns: [ColumnDecision]
    /// The output keys in order: schema fields first, then kept columns.
    public var outputs: [Output]
    /// Unmapped columns kept as custom fields: key and column.
    public var kept: [(key: String, column: Int)]
    /// Field indices of the identifiers (a row needs one).
    public var identifierFields: [Int]
    /// The column mapped to `country`, for phone numbers.
    public var countryColumn: Int?
    public var normalization: NormalizationOptions
    /// Whether a full name is split into first and last name.
    public var splitsFullName: Bool
    /// How many columns the header has (0 without one).
    public var headerWidth: Int
    /// Things a person should know about the plan ("--set flow_id overrides column X").
    public var notes: [String]

    /// Works out the plan.
    ///
    /// - Throws: ``SchemaError`` for unknown fields, invalid `--set` values or defaults.
    public static func make(header: [String]?, sampleRows: [[String]], settings: ImportSettings) throws(SchemaError) -> ImportPlan {
        let file = settings.mappingFile
        var schema = LeadSchema.builtIn
        for field in try file?.customFieldSpecs() ?? [] { try schema.add(field) }

        var given: [(column: String, field: String?)] = (file?.columns ?? []).map { ($0.column, $0.field) }
        given += settings.columnOverrides
        let options = MappingOptions(
            threshold: settings.threshold ?? file?.threshold ?? 0.7,
            keepUnmapped: settings.keepUnmapped ?? file?.keepUnmapped ?? false,
            given: given)
        var (columns, splitFullName) = try HeaderMapper.propose(
            header: header, rows: sampleRows, schema: schema, options: options)
        var notes: [String] = []
        for (column, _) in given {
            let key = HeaderTokens.tokens(of: column).joined(separator: " ")
            let known = columns.contains { HeaderTokens.tokens(of: $0.header).joined(separator: " ") == key }
            if !known && HeaderMapper.positional(column, width: columns.count) == nil {
                notes.append("the mapping names column \"\(column)\", which this file does not have")
            }
        }

        // Options.
        var normalization = NormalizationOptions()
        if let code = settings.defaultCountry ?? file?.defaultCountry {
            guard let country = CallingCountry.withCode(code) ?? CallingCountry.named(code) else {
                throw .invalidMappingFile("unknown country \"\(code)\" (use an ISO code such as US, GB, DE)")
            }
            normalization.defaultCountry = country
        }
        if let order = settings.dateOrder {
            normalization.dateOrder = order
        } else if let text = file?.dateOrder {
            guard let order = DateOrder(rawValue: text) else {
                throw .invalidMappingFile("date_order must be mdy, dmy or ymd, not \"\(text)\"")
            }
            normalization.dateOrder = order
        } else if let inferred = inferDateOrder(columns: columns, schema: schema, rows: sampleRows) {
            normalization.dateOrder = inferred.order
            notes.append(inferred.note)
        }
        if let reject = settings.rejectUnknownStatus {
            normalization.rejectUnknownStatus = reject
        } else if let text = file?.unknownStatus {
            guard text == "reject" || text == "default" else {
                throw .invalidMappingFile("unknown_status must be \"default\" or \"reject\", not \"\(text)\"")
            }
            normalization.rejectUnknownStatus = text == "reject"
        }

        // Fixed values: checked and encoded once.
        var normalizer = ValueNormalizer(schema: schema, options: normalization)
        var fixed: [String: [UInt8]] = [:]
        var fixedList: [(field: String, value: String)] = file?.set.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } ?? []
        fixedList += settings.fixedValues
        for (field, value) in fixedList {
            guard schema.index(of: field) != nil else { throw .unknownField(field) }
            let (plain, problem, _) = normalizer.normalize(value, field: field)
            if let problem { throw .invalidDefault(field: field, value: value, reason: problem.message) }
            fixed[field] = encode(plain)
            if let column = columns.firstIndex(where: { $0.field == field }) {
                notes.append("\(field) is set for every row; column \"\(columns[column].header)\" is not used for it")
                columns[column].field = nil
                columns[column].basis = .excluded
            }
        }

        // Identifiers.
        let identifierNames = settings.identifiers ?? file?.identifiers ?? ["email", "linkedin_url"]
        var identifierFields: [Int] = []
        for name in identifierNames {
            guard let index = schema.index(of: name) else { throw .unknownField(name) }
            identifierFields.append(index)
        }

        // Outputs, in schema order.
        let columnOf = Dictionary(
            columns.compactMap { decision in decision.field.map { ($0, decision.column) } }, uniquingKeysWith: { a, _ in a })
        let fullNameColumn = splitFullName ? columnOf["full_name"] : nil
        var outputs: [Output] = []
        for (index, field) in schema.fields.enumerated() {
            var defaultValue: [UInt8]? = nil
            if let text = field.defaultValue {
                let (plain, problem, _) = normalizer.normalize(text, field: field.name)
                if let problem { throw .invalidDefault(field: field.name, value: text, reason: problem.message) }
                defaultValue = encode(plain)
            }
            let source: Source
            var constant: [UInt8] = []
            if let value = fixed[field.name] {
                source = .constant
                constant = value
            } else if let column = columnOf[field.name] {
                source = .column(column)
            } else if let fullNameColumn, field.name == "first_name" {
                source = .firstName(fromColumn: fullNameColumn)
            } else if let fullNameColumn, field.name == "last_name" {
                source = .lastName(fromColumn: fullNameColumn)
            } else if let defaultValue {
                source = .constant
                constant = defaultValue
            } else {
                continue
            }
            outputs.append(
                Output(
                    key: field.name, fieldIndex: index, source: source, constant: constant, defaultValue: defaultValue,
                    e164Key: field.kind == .phone ? field.name + "_e164" : nil))
        }
        let kept = columns.compactMap { decision in decision.keptAs.map { (key: $0, column: decision.column) } }
        if splitFullName { notes.append("full names are split into first_name and last_name") }
        return ImportPlan(
            schema: schema, columns: columns, outputs: outputs, kept: kept, identifierFields: identifierFields,
            countryColumn: columnOf["country"], normalization: normalization, splitsFullName: splitFullName,
            headerWidth: header?.count ?? 0, notes: notes)
    }

    /// A value as JSON bytes.
    static func encode(_ value: PlainValue) -> [UInt8] {
        switch value {
        case .null: return Array("null".utf8)
        case .string(let text), .phone(let text, _): return JSONString.literal(text)
        case .literal(let text): return Array(text.utf8)
        case .list(let items):
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += JSONString.literal(item)
            }
            bytes.append(UInt8(ascii: "]"))
            return bytes
        }
    }

    /// The date order the sample's dates imply: a first number above 12 means day first, a
    /// second above 12 month first. Nil when there are no date columns.
    static func inferDateOrder(columns: [ColumnDecision], schema: LeadSchema, rows: [[String]]) -> (order: DateOrder, note: String)? {
        let dateColumns = columns.filter { decision in decision.field.flatMap { schema[$0] }?.kind == .date }.map(\.column)
        guard !dateColumns.isEmpty else { return nil }
        var dayFirst = 0
        var monthFirst = 0
        for row in rows {
            for column in dateColumns where column < row.count {
                let numbers = row[column].split { !$0.isNumber }.prefix(3).compactMap { Int($0) }
                guard numbers.count == 3, numbers[0] <= 31, row[column].contains("/") || row[column].contains("-") else { continue }
                if numbers[0] > 12 && numbers[1] <= 12 { dayFirst += 1 }
                if numbers[1] > 12 && numbers[0] <= 12 { monthFirst += 1 }
            }
        }
        if dayFirst > monthFirst {
            return (.dmy, "dates like 03/04/2024 are read day first (the sample has days above 12 first); --date-order overrides")
        }
        if monthFirst > 0 {
            return (.mdy, "dates like 03/04/2024 are read month first (the sample has days above 12 second); --date-order overrides")
        }
        return (.mdy, "dates like 03/04/2024 are read month first (US); use --date-order dmy for day first")
    }
}
