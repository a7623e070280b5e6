import ArgumentParser
import Foundation
import LeadpipePipeline
import LeadpipeSchema

/// How columns map to the lead schema, and how values are read: shared by `import` and `map`.
struct SchemaOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A mapping file (JSON) to start from: column → field, custom fields, fixed values, options. `leadpipe map --write` makes one.",
        valueName: "file"))
    var mapping: String?

    @Option(name: .customLong("map"), help: ArgumentHelp(
        "Map a column to a field, e.g. --map 'E-Mail=email'; --map 'Notes=' leaves the column out. Repeatable.",
        valueName: "column=field"))
    var columnMaps: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Give every row this value, e.g. --set flow_id=F12 --set source_id=S3. Repeatable.",
        valueName: "field=value"))
    var fixedValues: [String] = []

    @Option(help: ArgumentHelp(
        "Fields a row needs at least one of, comma-separated, or none. Default: email,linkedin_url.", valueName: "fields"))
    var identifiers: String?

    @Flag(help: "Keep columns that map to no field, under their header's name in snake_case (default: drop them; either way they are reported).")
    var keepUnmapped = false

    @Option(help: ArgumentHelp(
        "Columns whose best match is less sure than this stay unmapped (0…1). Default: 0.7.", valueName: "confidence"))
    var minConfidence: Double?

    @Option(help: ArgumentHelp(
        "Country of phone numbers written without a country code, when the row's country column does not say (ISO code: US, GB, DE …).",
        valueName: "code"))
    var defaultCountry: String?

    @Option(help: ArgumentHelp(
        "How to read dates like 03/04/2024: mdy (US), dmy (Europe) or ymd. Default: worked out from the file's dates, else mdy.",
        valueName: "order"))
    var dateOrder: DateOrder?

    @Option(help: ArgumentHelp(
        "What to do with a status leadpipe does not know: default (use new, with a warning) or reject.",
        valueName: "policy"))
    var unknownStatus: UnknownStatusPolicy?

    enum UnknownStatusPolicy: String, ExpressibleByArgument, CaseIterable {
        case `default`, reject
    }

    func validate() throws {
        for map in columnMaps where !map.contains("=") {
            throw ValidationError("--map takes column=field (or column= to leave it out), not '\(map)'")
        }
        for set in fixedValues where !set.contains("=") {
            throw ValidationError("--set takes field=value, not '\(set)'")
        }
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw ValidationError("--min-confidence must be between 0 and 1")
        }
    }

    /// The settings these options give.
    func settings() throws -> ImportSettings {
        var settings = ImportSettings()
        if let mapping { settings.mappingFile = try MappingFile.read(path: mapping) }
        settings.columnOverrides = columnMaps.map { map in
            let (column, field) = split(map, atLast: true)
            return (column, field.isEmpty || field == "-" ? nil : field)
        }
        settings.fixedValues = fixedValues.map { split($0, atLast: false) }
        settings.identifiers = identifiers.map { list in
            // "none" (or nothing): rows need no identifier.
            list.trimmingCharacters(in: .whitespaces).lowercased() == "none"
                ? [] : list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        settings.keepUnmapped = keepUnmapped ? true : nil
        settings.threshold = minConfidence
        settings.defaultCountry = defaultCountry
        settings.dateOrder = dateOrder
        settings.rejectUnknownStatus = unknownStatus.map { $0 == .reject }
        return settings
    }

    /// `a=b` split at its last `=` for --map (headers may hold `=`), at its first for --set
    /// (values may).
    private func split(_ text: String, atLast: Bool) -> (String, String) {
        let index = atLast ? text.lastIndex(of: "=")! : text.firstIndex(of: "=")!
        return (String(text[..<index]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: index)...]))
    }
}

extension DateOrder: ExpressibleByArgument {}
