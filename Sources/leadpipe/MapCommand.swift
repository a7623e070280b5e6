import ArgumentParser
import Foundation
import LeadpipeOutput
import LeadpipePipeline
import LeadpipeSchema

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Show how a file's columns map to the lead schema, and save it for editing.",
        discussion: """
            Like an import wizard's mapping screen: each column, the field it maps to,
            how sure leadpipe is and why (its header, its values), and sample values.
            Headers are compared as words — case, accents, punctuation, camelCase and
            _ - . do not matter — against spellings from HubSpot, Salesforce, Pipedrive,
            Sales Navigator, Apollo, Outlook/Google contacts and Mailchimp exports and
            German, French, Spanish, Portuguese, Italian, Polish and Dutch forms.
            Columns without a sure match stay unmapped (--keep-unmapped keeps them).

            The lead schema: first_name, last_name, full_name, email, phone, company,
            job_title, website, linkedin_url, city, country, status (new, contacted,
            qualified, converted, lost; default new), source, lead_score, deal_value,
            tags, notes, list, flow_id, source_id — plus custom fields from a mapping
            file.

            Examples:
              leadpipe map export.csv
              leadpipe map export.csv --write mapping.json
              leadpipe import export.csv --mapping mapping.json
            """
    )

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input (the default when input is piped).", valueName: "file"))
    var file: String = "-"

    @Option(help: ArgumentHelp(
        "Save the mapping as a JSON file to edit and reuse with `import --mapping`.", valueName: "file"))
    var write: String?

    @Flag(help: "Print the mapping file (JSON) instead of the table.")
    var json = false

    @OptionGroup(title: "Mapping and values")
    var schema: SchemaOptions

    @OptionGroup(title: "Reading the CSV")
    var dialect: DialectOptions

    func validate() throws { try requireInput(file) }

    func run() throws {
        let settings = try schema.settings()
        let (plan, sample, input) = try proposeMapping(
            path: file, overrides: dialect.overrides, encoding: dialect.encodingOverride, settings: settings)
        let document = mappingFile(plan, settings: settings)
        if let write {
            let sink = try openOutputFile(path: write)
            do {
                var bytes = [UInt8](try document.encoded())
                bytes.append(UInt8(ascii: "\n"))
                try bytes.withUnsafeBytes { try sink.write($0) }
                try sink.finish()
            } catch {
                sink.abandon()
                throw error
            }
        }
        if json {
            print(String(decoding: try document.encoded(), as: UTF8.self))
        } else {
            print(Self.table(plan, sample: sample, input: input))
            if let write { print("\nSaved to \(write): edit the \"field\" of any column, then `leadpipe import \(file) --mapping \(write)`.") }
        }
    }

    /// The mapping as a file: every column with its field (null for unmapped), plus the
    /// settings that shaped it.
    func mappingFile(_ plan: ImportPlan, settings: ImportSettings) -> MappingFile {
        var file = settings.mappingFile ?? MappingFile()
        file.columns = plan.columns.compactMap { decision in
            if decision.basis == .leadpipeColumn { return nil }
            return MappingFile.Column(
                column: plan.headerWidth > 0 ? decision.header : "#\(decision.column + 1)",
                field: decision.field, confidence: (decision.confidence * 100).rounded() / 100,
                how: Self.how(decision, plan: plan), samples: decision.samples)
        }
        for (field, value) in settings.fixedValues { file.set[field] = value }
        if let identifiers = settings.identifiers { file.identifiers = identifiers }
        if settings.keepUnmapped == true { file.keepUnmapped = true }
        if let country = plan.normalization.defaultCountry { file.defaultCountry = country.code }
        file.dateOrder = plan.normalization.dateOrder.rawValue
        if plan.normalization.rejectUnknownStatus { file.unknownStatus = "reject" }
        if let threshold = settings.threshold { file.threshold = threshold }
        return file
    }

    static func how(_ decision: ColumnDecision, plan: ImportPlan) -> String {
        switch decision.basis {
        case .given: return "given"
        case .header(let spelling, let exact): return exact ? "header" : "header contains \"\(spelling)\""
        case .content(let share): return "values (\(percent(share)) look like it)"
        case .headerAndContent(let spelling, let share): return "header contains \"\(spelling)\", values agree (\(percent(share)))"
        case .nothing: return "no match"
        case .belowThreshold(let field, let confidence): return "maybe \(field) (\(percent(confidence))), below the threshold"
        case .taken(let field, let column):
            let owner = column < plan.columns.count ? plan.columns[column].header : "another column"
            return "also looks like \(field), taken by \"\(owner)\""
        case .leadpipeColumn: return "added by leadpipe to rejected rows; ignored"
        case .excluded: return "left out"
        }
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    static func table(_ plan: ImportPlan, sample: InputSample, input: String) -> String {
        var lines: [String] = []
        let mapped = plan.columns.filter { $0.field != nil }.count
        lines.append("\(input): \(plan.columns.count) columns, \(mapped) mapped (from \(sample.rows.count) sample rows)")
        lines.append("")
        let headerWidth = min(28, max(6, plan.columns.map { $0.header.count }.max() ?? 6))
        func pad(_ text: String, _ width: Int) -> String {
            let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return clipped + String(repeating: " ", count: max(0, width - clipped.count))
        }
        lines.append("  " + pad("column", headerWidth) + "    " + pad("field", 14) + pad("sure", 6) + "how · samples")
        for decision in plan.columns {
            let arrow = decision.field != nil ? " → " : (decision.keptAs != nil ? " ⇢ " : " × ")
            let field = decision.field ?? decision.keptAs.map { "(\($0))" } ?? "—"
            let sure = decision.field != nil ? percent(decision.confidence) : ""
            var how = how(decision, plan: plan)
            if decision.field == nil {
                how += decision.keptAs != nil ? "; kept as \(decision.keptAs!)" : (decision.basis == .leadpipeColumn ? "" : "; dropped")
            }
            let samples = decision.samples.prefix(3).map { sample in
                let flat = sample.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ")
                return flat.count > 24 ? String(flat.prefix(23)) + "…" : flat
            }
                .joined(separator: " | ")
            lines.append("  " + pad(decision.header, headerWidth) + arrow + " " + pad(field, 14) + pad(sure, 6) + how
                + (samples.isEmpty ? "" : " · " + samples))
        }
        // Fields filled without a column.
        var filled: [String] = []
        for output in plan.outputs {
            switch output.source {
            case .constant: filled.append("\(output.key) = \(String(decoding: output.constant, as: UTF8.self))")
            case .firstName, .lastName: filled.append("\(output.key) from the full name")
            case .column: break
            }
        }
        if !filled.isEmpty {
            lines.append("")
            lines.append("  every row: " + filled.joined(separator: ", "))
        }
        let identifiers = plan.identifierFields.map { plan.schema.fields[$0].name }
        let present = identifiers.filter { name in plan.outputs.contains { $0.key == name } }
        lines.append("  a row needs: \(identifiers.joined(separator: " or "))"
            + (present.isEmpty ? " — no column maps to any of them, so every row would be rejected" : ""))
        for note in plan.notes { lines.append("  note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
