import Foundation
import LeadpipeEncoding
import LeadpipeGenerator
import LeadpipePipeline
import LeadpipeSchema
import LeadpipeTestSupport
import Testing

/// Imports `csv` (written to a scratch file) and returns the report, the accepted rows as JSON
/// objects, and the text of rejected.csv.
func imported(_ csv: String, settings: ImportSettings = ImportSettings(), name: String = "leads.csv") throws
    -> (ImportReport, [[String: Any]], String)
{
    let directory = try Fixtures.scratchDirectory()
    let input = directory.appendingPathComponent(name).path
    try Data(csv.utf8).write(to: URL(fileURLWithPath: input))
    return try importedFile(input, settings: settings, directory: directory)
}

func importedFile(_ input: String, settings: ImportSettings = ImportSettings(), directory: URL? = nil) throws
    -> (ImportReport, [[String: Any]], String)
{
    let directory = try directory ?? Fixtures.scratchDirectory()
    let output = directory.appendingPathComponent("out.ndjson").path
    let rejects = directory.appendingPathComponent("rejected.csv").path
    var options = ImportOptions(inputPath: input, outputPath: output, rejectsPath: rejects)
    options.settings = settings
    let report = try runImport(options)
    let rows = try Fixtures.parseNDJSON(try Data(contentsOf: URL(fileURLWithPath: output))).map { $0 as! [String: Any] }
    return (report, rows, try String(contentsOfFile: rejects, encoding: .utf8))
}

@Suite("Import")
struct ImportTests {
    @Test("the fixture: every row accepted or rejected with a reason, and the counts add up")
    func fixture() throws {
        let (report, rows, rejected) = try importedFile(Fixtures.path("leads.csv"))
        #expect(report.rowsRead == 10)
        #expect(report.accepted + report.rejected == report.rowsRead)
        #expect(rows.count == report.accepted)
        #expect(report.rejections(for: .invalidEmail).count == 1)
        #expect(report.rejections(for: .invalidEmail).first.first?.line == 11)
        #expect(report.rejections(for: .invalidEmail).first.first?.column == "E-mail Address")
        #expect(report.rejections(for: .invalidEmail).first.first?.value == "not-an-email")
        let first = rows[0]
        #expect(first["email"] as? String == "jose.garcia@example.es")
        #expect(first["linkedin_url"] as? String == "https://www.linkedin.com/in/jose-garcia")
        #expect(first["status"] as? String == "new")
        #expect((first["deal_value"] as? NSNumber)?.doubleValue == 1234.56)
        #expect(first["tags"] as? [String] == ["vip", "enterprise"])
        #expect(first["phone_e164"] as? String == "+34912345678")
        #expect(rows[1]["email"] as? String == "zoe.mueller@example.de")
        // The LinkedIn-only row is accepted.
        #expect(rows.contains { $0["linkedin_url"] as? String == "https://www.linkedin.com/in/anna-kowalska-1234" })
        // rejected.csv: line, reason_code, reason, then the original columns.
        let lines = rejected.split(separator: "\n")
        #expect(lines[0].hasPrefix("line,reason_code,reason,First Name,Last Name,E-mail Address"))
        #expect(lines[1].hasPrefix("11,invalid_email,"))
        #expect(lines.count == 2)
    }

    @Test("a row needs an identifier; which ones is configurable")
    func identifiers() throws {
        let csv = "Name,Email,Phone\nAna,,+1 503 581 0991\nBo,bo@example.com,\n"
        let (report, rows, _) = try imported(csv)
        #expect(report.rejections(for: .missingIdentifier).count == 1)
        #expect(rows.count == 1)
        var settings = ImportSettings()
        settings.identifiers = ["email", "phone"]
        let (relaxed, relaxedRows, _) = try imported(csv, settings: settings)
        #expect(relaxed.rejected == 0 && relaxedRows.count == 2)
    }

    @Test("ragged rows: short rows warn, surplus values reject as wrong_field_count")
    func ragged() throws {
        let (report, rows, rejected) = try imported("email,city\na@example.com\nb@example.com,Oslo,extra\nc@example.com,Rome,\n")
        #expect(report.warnings(for: .shortRow).count == 1)
        #expect(report.warnings(for: .emptySurplusFields).count == 1)
        #expect(report.rejections(for: .wrongFieldCount).count == 1)
        #expect(rows.count == 2)
        #expect(rejected.contains("3,wrong_field_count,"))
        #expect(rejected.contains("b@example.com,Oslo,extra"))
    }

    @Test("--set gives every row a value and wins over a column")
    func fixedValues() throws {
        var settings = ImportSettings()
        settings.fixedValues = [("flow_id", "F12"), ("source_id", "S3")]
        let (report, rows, _) = try imported("email,Flow ID\na@example.com,X\n", settings: settings)
        #expect(rows[0]["flow_id"] as? String == "F12" && rows[0]["source_id"] as? String == "S3")
        #expect(report.plan.notes.contains { $0.contains("flow_id is set for every row") })
        settings.fixedValues = [("lead_score", "high")]
        #expect(throws: SchemaError.self) { try imported("email\na@example.com\n", settings: settings) }
        settings.fixedValues = [("no_such_field", "x")]
        #expect(throws: SchemaError.unknownField("no_such_field")) { try imported("email\na@example.com\n", settings: settings) }
    }

    @Test("a full name alone is split; Nombre + Apellidos are first and last name")
    func names() throws {
        let (report, rows, _) = try imported("Full Name,Email\nDr. Jane Q. Doe,jane@example.com\n")
        #expect(rows[0]["first_name"] as? String == "Jane Q." && rows[0]["last_name"] as? String == "Doe")
        #expect(rows[0]["full_name"] as? String == "Dr. Jane Q. Doe")
        #expect(report.plan.splitsFullName)
        let (_, spanish, _) = try imported("Nombre,Apellidos,Correo electrónico\nAna,García López,ana@example.es\n")
        #expect(spanish[0]["first_name"] as? String == "Ana" && spanish[0]["last_name"] as? String == "García López")
    }

    @Test("unmapped columns are dropped, or kept with --keep-unmapped; column order does not matter")
    func unmapped() throws {
        let csv = "Internal Code,E-mail,Vorname,Contact Owner\nX1,a@example.com,Anna,Bob\n"
        let (dropped, rows, _) = try imported(csv)
        #expect(rows[0]["email"] as? String == "a@example.com" && rows[0]["first_name"] as? String == "Anna")
        #expect(rows[0]["internal_code"] == nil)
        #expect(dropped.plan.columns.filter { $0.field == nil }.map(\.header) == ["Internal Code", "Contact Owner"])
        var settings = ImportSettings()
        settings.keepUnmapped = true
        let (_, kept, _) = try imported(csv, settings: settings)
        #expect(kept[0]["internal_code"] as? String == "X1" && kept[0]["contact_owner"] as? String == "Bob")
    }

    @Test("columns without a useful header are mapped by their values")
    func contentInference() throws {
        let csv = """
            column a,Info,x
            Ann,ann@example.com,https://www.linkedin.com/in/ann-a
            Ben,ben@example.org,https://linkedin.com/in/ben-b
            Cid,cid@example.net,linkedin.com/in/cid-c
            Dee,dee@example.com,https://de.linkedin.com/in/dee-d

            """
        let (report, rows, _) = try imported(csv)
        #expect(report.plan.columns[1].field == "email")
        #expect(report.plan.columns[2].field == "linkedin_url")
        if case .content = report.plan.columns[1].basis {} else { Issue.record("email should be mapped by content") }
        #expect(rows.count == 4)
    }

    @Test("a mapping file written by map is read back and gives the same import; custom fields work")
    func mappingFileRoundTrip() throws {
        let csv = "Mail,Branche,Opt In,Signed Up\nann@example.com,SaaS,yes,03/04/2024\nben@example.com,Mining,no,2024-05-01\n"
        let file = MappingFile(
            columns: [.init(column: "Mail", field: "email"), .init(column: "Branche", field: "industry")],
            customFields: [
                .init(name: "industry", type: "enum", values: ["SaaS", "Retail"], required: true),
                .init(name: "opt_in", type: "boolean"),
                .init(name: "signed_up", type: "date", synonyms: ["Signed Up"]),
            ],
            set: ["list": "Autumn"], dateOrder: "dmy")
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("mapping.json").path
        try file.encoded().write(to: URL(fileURLWithPath: path))
        var settings = ImportSettings()
        settings.mappingFile = try MappingFile.read(path: path)
        let (report, rows, rejected) = try imported(csv, settings: settings)
        #expect(rows.count == 1)
        #expect(rows[0]["industry"] as? String == "SaaS")
        #expect(rows[0]["opt_in"] as? Bool == true)
        #expect(rows[0]["signed_up"] as? String == "2024-04-03")
        #expect(rows[0]["list"] as? String == "Autumn")
        #expect(report.rejections(for: .invalidEnum).count == 1)
        #expect(rejected.contains("invalid_enum"))
    }

    @Test("a broken mapping file is an error that says where")
    func brokenMappingFile() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("mapping.json").path
        try Data(#"{"columns": [{"column": 3}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect { try MappingFile.read(path: path) } throws: { "\($0)".contains("mapping.json") && "\($0)".contains("columns") }
        try Data(#"{"custom_fields": [{"name": "x", "type": "colour"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        var settings = ImportSettings()
        settings.mappingFile = try MappingFile.read(path: path)
        #expect { try imported("email\na@example.com\n", settings: settings) } throws: { "\($0)".contains("colour") }
    }

    @Test("rejected.csv re-imports once its rows are fixed")
    func reimportRejected() throws {
        let csv = "Email,Score,Notes\nann@example.com,9.5,=HYPERLINK(\"x\")\nben at example.com,10,ok\ncid@example.com,7,fine\n"
        let (report, rows, rejected) = try imported(csv)
        #expect(report.rejected == 2 && rows.count == 1)
        // Formula cells are guarded in the CSV…
        #expect(rejected.contains("'=HYPERLINK"))
        // …fix the two rows as a person would, and import the file again.
        let fixed = rejected.replacingOccurrences(of: ",9.5,", with: ",9,").replacingOccurrences(of: "ben at example.com", with: "ben@example.com")
        let (again, againRows, againRejected) = try imported(fixed, name: "rejected.csv")
        #expect(again.rejected == 0 && againRows.count == 2, "\(againRejected)")
        #expect(again.plan.columns.prefix(3).allSatisfy { $0.basis == .leadpipeColumn })
        #expect(againRows.contains { $0["notes"] as? String == "=HYPERLINK(\"x\")" })
    }

    @Test("hostile values: formulas flagged, control characters removed, long values rejected")
    func hostile() throws {
        let long = String(repeating: "x", count: 2000)
        let csv = "Email,Company,Notes\na@example.com,=cmd|' /C calc'!A0,\u{7}bell\nb@example.com,\(long),\n"
        let (report, rows, _) = try imported(csv)
        #expect(report.warnings(for: .formulaLikeValue).count == 1)
        #expect(report.warnings(for: .controlCharactersRemoved).count == 1)
        #expect(report.rejections(for: .fieldTooLong).count == 1)
        #expect(rows.count == 1 && rows[0]["notes"] as? String == "bell")
    }

    @Test("non-ASCII text is written as it is; no-break spaces are mended and ill-formed bytes never written raw")
    func nonASCIIText() throws {
        // Company: a no-break space inside (repaired to a space, or collapsed when repairs are
        // off); City: Cyrillic and an ill-formed byte (0xFF).
        var bytes = Array("Email,Company,City,Job Title\n".utf8)
        bytes += Array("a@example.com,M\u{FC}ller\u{A0}GmbH,\u{410}\u{43B}\u{43C}\u{430}\u{442}\u{44B},Direktor \u{2013} Vertrieb\n".utf8)
        bytes += Array("b@example.com,\u{C9}cole,Br".utf8) + [0xFF] + Array("ssel,\u{5C71}\u{7530}\n".utf8)
        for repairs in [true, false] {
            let directory = try Fixtures.scratchDirectory()
            let input = directory.appendingPathComponent("leads.csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            let output = directory.appendingPathComponent("out.ndjson").path
            var options = ImportOptions(inputPath: input, outputPath: output, rejectsPath: nil)
            options.encoding = .utf8
            options.repairs = repairs
            let report = try runImport(options)
            let data = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(String(data: data, encoding: .utf8) != nil, "the output is well-formed UTF-8")
            let rows = try Fixtures.parseNDJSON(data).map { $0 as! [String: Any] }
            #expect(report.accepted == 2 && rows.count == 2)
            #expect(rows[0]["company"] as? String == "M\u{FC}ller GmbH")
            #expect(rows[0]["city"] as? String == "\u{410}\u{43B}\u{43C}\u{430}\u{442}\u{44B}")
            #expect(rows[0]["job_title"] as? String == "Direktor \u{2013} Vertrieb")
            #expect(rows[1]["company"] as? String == "\u{C9}cole")
            #expect(rows[1]["job_title"] as? String == "\u{5C71}\u{7530}")
            // Repairs read the stray byte as Windows-1252 (ÿ); without them it is U+FFFD.
            #expect(rows[1]["city"] as? String == (repairs ? "Br\u{FF}ssel" : "Br\u{FFFD}ssel"))
            #expect(report.rowsWithUndecodable.count == (repairs ? 0 : 1))
        }
    }

    @Test("repairs reach every value that needs one, wherever it sits in the record and however quoted")
    func repairsEveryPosition() throws {
        // The row loop searches a record once for the bytes repair looks at: mojibake in the first
        // and last fields, in quoted fields with doubled quotes, next to each other, after a
        // field with correct non-ASCII text, and ASCII fields in between.
        let csv = #"""
            First Name,Last Name,Email,Company,City,Notes
            JosÃ©,MÃ¼ller,jose@example.com,"Ã–rebro ""AB""",KÃ¸benhavn,cafÃ©
            Ana,Lima,ana@example.com,Plain Co,SÃ£o Paulo,ok
            Zoë,Ã…se,zoe@example.com,Acme,Nice,"MÃ¼nchen, ""Zentrale"""
            Tom,Ray,tom@example.com,Acme,Nice,plain

            """#
        let (report, rows, _) = try imported(csv)
        #expect(report.accepted == 4 && rows.count == 4)
        #expect(rows[0]["first_name"] as? String == "José")
        #expect(rows[0]["last_name"] as? String == "Müller")
        #expect(rows[0]["company"] as? String == "Örebro \"AB\"")
        #expect(rows[0]["city"] as? String == "København")
        #expect(rows[0]["notes"] as? String == "café")
        #expect(rows[1]["company"] as? String == "Plain Co")
        #expect(rows[1]["city"] as? String == "São Paulo")
        #expect(rows[2]["first_name"] as? String == "Zoë")
        #expect(rows[2]["last_name"] as? String == "Åse")
        #expect(rows[2]["notes"] as? String == "München, \"Zentrale\"")
        #expect(rows[3]["notes"] as? String == "plain")
        #expect(report.repairs[RepairKind.mojibake.rawValue].count == 3)
    }

    @Test("a record of more than 64 fields: every value repaired, un-escaped and unprotected as in a short one")
    func wideRecords() throws {
        // The row loop marks the values that need more than their bytes in a 64-bit set; wider
        // records take the whole treatment for every value.
        let extra = (1...69).map { "Code \($0)" }
        var values = (1...69).map { "v\($0)" }
        values[64] = "JosÃ©"  // column 66 of the file
        values[66] = "'=1+1"  // a formula protected as rejected.csv and spreadsheets write it
        values[67] = "\"say \"\"hi\"\"\""
        let csv = (["E-mail"] + extra).joined(separator: ",") + "\n" + (["a@example.com"] + values).joined(separator: ",") + "\n"
        var settings = ImportSettings()
        settings.keepUnmapped = true
        let (report, rows, _) = try imported(csv, settings: settings)
        #expect(report.accepted == 1 && rows.count == 1)
        #expect(rows[0]["code_65"] as? String == "José")
        #expect(rows[0]["code_67"] as? String == "=1+1")
        #expect(rows[0]["code_68"] as? String == "say \"hi\"")
        #expect(rows[0]["code_69"] as? String == "v69")
        #expect(report.repairs[RepairKind.mojibake.rawValue].count == 1)
    }

    @Test("e-mail, LinkedIn and number columns: the row loop's direct calls decide as the value normalizer does")
    func directNormalizers() throws {
        let cases: [(field: String, column: Int, values: [String])] = [
            ("email", 0, ["JOHN@EXAMPLE.COM", "mailto:x@y.com", "<a@b.co>", "a@b", "a@@b.com", "n/a", "a@b.c", "é@x.com",
                          "first.last+tag@sub.example.co.uk", "a@123.45", String(repeating: "x", count: 300) + "@example.com",
                          "=HYPERLINK(\"x\")", "John Smith", "+44 20 7946 0958", "José@München.de"]),
            ("linkedin_url", 1, ["https://www.linkedin.com/in/JohnDoe/", "linkedin.com/in/ab", "not a url", "n/a",
                                 "http://de.linkedin.com/pub/john/1/22/333", "https://www.linkedin.com/in/" + String(repeating: "a", count: 120),
                                 "www.linkedin.com/in/jane-doe?trk=x", "linkedin.com/in/jos%C3%A9-garc%C3%ADa",
                                 "linkedin.com/in/a%22b%5Cc"]),
            ("lead_score", 2, ["12", "007", "1,5", "abc", "-3", "9999999999999999999", "12.0", "n/a", "1 000"]),
            ("deal_value", 3, ["1.234,56 €", "$1,234.56", "1 234,56", "12,345", "0,5", "abc", "1.2.3", "-", "USD 12",
                               String(repeating: "9", count: 40) + ".5"]),
        ]
        var csv = "Email,LinkedIn URL,Score,Deal Value\n"
        var expected: [(field: String, text: String)] = []
        for (field, column, values) in cases {
            for text in values {
                // Both identifiers, so that only the value under test can reject the row.
                var row = ["row\(expected.count)@example.com", "linkedin.com/in/row\(expected.count)", "5", ""]
                row[column] = text
                csv += row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
                expected.append((field, text))
            }
        }
        let (report, rows, rejected) = try imported(csv)
        var normalizer = ValueNormalizer(schema: report.plan.schema, options: report.plan.normalization)
        let rejectedLines = rejected.split(separator: "\n").dropFirst().map { $0.split(separator: ",", maxSplits: 2) }
        var accepted = 0
        for (index, item) in expected.enumerated() {
            let line = index + 2
            let (value, problem, _) = normalizer.normalize(item.text, field: item.field)
            if let problem {
                let entry = rejectedLines.first { Int($0[0]) == line }
                #expect(entry.map { String($0[1]) } == problem.code.rawValue, "\(item.field) \(item.text)")
                continue
            }
            let row = rows[accepted]
            accepted += 1
            let written = row[item.field]
            switch value {
            case .null: #expect(written is NSNull || written == nil, "\(item.field) \(item.text)")
            case .string(let text): #expect(written as? String == text, "\(item.field) \(item.text)")
            case .literal(let text): #expect((written as? NSNumber)?.stringValue == NSDecimalNumber(string: text).stringValue, "\(item.field) \(item.text)")
            case .list, .phone: Issue.record("no list or phone here")
            }
        }
        #expect(accepted == rows.count && accepted > 10 && report.rejected > 10)
    }

    @Test("notes are free text: kept as written (spaces, line breaks, quotes) but trimmed and rid of control characters")
    func freeTextNotes() throws {
        let csv = "Email,Notes\n"
            + "a@example.com,Prefers email; not phone\n"
            + "b@example.com,\"Line one\r\nline two\"\n"
            + "c@example.com,two  spaces kept\n"
            + "d@example.com,\"said \"\"call me\"\"\"\n"
            + "e@example.com,  café au lait  \n"
            + "f@example.com,bell\u{07}here\n"
        let (report, rows, _) = try imported(csv)
        #expect(report.accepted == 6)
        #expect(rows.map { $0["notes"] as? String } == [
            "Prefers email; not phone", "Line one\nline two", "two  spaces kept", "said \"call me\"", "café au lait", "bellhere",
        ])
        #expect(report.warnings(for: .controlCharactersRemoved).count == 1)
    }

    @Test("a value padded far past its field's limit is too long, fast path or not")
    func paddedPastTheLimit() throws {
        // first_name allows 256 bytes; the normalizer does not read a value of more than four
        // times that (plus 1,024), however little is left after trimming.
        let padded = "Bob" + String(repeating: " ", count: 2_100)
        let (report, rows, _) = try imported("Email,First Name\na@example.com,\(padded)\nb@example.com,Bob   \n")
        #expect(report.rejections(for: .fieldTooLong).count == 1)
        #expect(rows.count == 1 && rows[0]["first_name"] as? String == "Bob")
    }

    @Test("a quoted value with escaped quotes and thousands of stray bytes fits the row's memory when repaired")
    func escapedAndRepairedValue() throws {
        // Un-escaped (about N bytes), then repaired (with repairs off, each stray byte a 3-byte
        // U+FFFD): four times the field's bytes in the row arena, which overran a bound of three
        // (a crash, found in review). Rows around it quoted, so that `"` is the quote.
        var bytes = Array("Email,Notes\nb@example.com,\"x, y\"\na@example.com,\"a\"\"".utf8)
        bytes += [UInt8](repeating: 0x85, count: 20_000)
        bytes += Array("\"\nc@example.com,\"p \"\"q\"\"\"\n".utf8)
        let directory = try Fixtures.scratchDirectory()
        let input = directory.appendingPathComponent("leads.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let output = directory.appendingPathComponent("out.ndjson").path
        var options = ImportOptions(inputPath: input, outputPath: output, rejectsPath: nil)
        options.encoding = .utf8
        options.repairs = false
        let report = try runImport(options)
        let rows = try Fixtures.parseNDJSON(try Data(contentsOf: URL(fileURLWithPath: output))).map { $0 as! [String: Any] }
        #expect(report.accepted == 3 && rows.count == 3)
        #expect(rows[1]["notes"] as? String == "a\"" + String(repeating: "\u{FFFD}", count: 20_000))
        #expect(rows[2]["notes"] as? String == "p \"q\"")
    }

    @Test("repeated tags and statuses are written as the first time (remembered); mostly distinct ones too")
    func rememberedValues() throws {
        // Rows 0..<3000 repeat a few spellings; after them 6000 distinct tags, which turn the
        // tags memo off, while statuses keep repeating.
        let tagSpellings = ["vip, Enterprise", "hot|follow-up", " warm ", "a;b;a", "", "n/a", "x, n/a, y", "x, , y"]
        let statusSpellings = ["Converted", "LOST", " qualified", "contacted", "Neu", "weird", ""]
        var csv = "Email,Tags,Status\n"
        var expected: [(tags: PlainValue, status: PlainValue)] = []
        var normalizer = ValueNormalizer(schema: LeadSchema.builtIn, options: NormalizationOptions())
        var warningRows: [WarningCode: Int] = [:]
        for row in 0..<9000 {
            let tags = row < 3000 ? tagSpellings[row % tagSpellings.count] : "t\(row), shared"
            let status = statusSpellings[row % statusSpellings.count]
            csv += "r\(row)@example.com,\"\(tags)\",\(status)\n"
            let (tagsValue, _, tagsWarnings) = normalizer.normalize(tags, field: "tags")
            let (statusValue, _, statusWarnings) = normalizer.normalize(status, field: "status")
            expected.append((tagsValue, statusValue == .null ? .string("new") : statusValue))
            for code in tagsWarnings.union(statusWarnings).codes { warningRows[code, default: 0] += 1 }
        }
        let (report, rows, _) = try imported(csv)
        #expect(report.accepted == 9000 && rows.count == 9000)
        for (row, object) in rows.enumerated() {
            let tags: PlainValue = (object["tags"] as? [String]).map { .list($0) } ?? .null
            let status: PlainValue = (object["status"] as? String).map { .string($0) } ?? .null
            #expect(tags == expected[row].tags, "row \(row)")
            #expect(status == expected[row].status, "row \(row)")
            if tags != expected[row].tags || status != expected[row].status { break }
        }
        // Warnings come with remembered values too.
        #expect(!warningRows.isEmpty)
        for (code, count) in warningRows { #expect(report.warnings(for: code).count == count, "\(code)") }
    }

    @Test("the generated file maps every column and accounts for every row")
    func generated() throws {
        let directory = try Fixtures.scratchDirectory()
        let path = directory.appendingPathComponent("generated.csv").path
        try Data(generateLeadFile(GeneratorOptions(rows: 2000, seed: 7))).write(to: URL(fileURLWithPath: path))
        let (report, rows, _) = try importedFile(path)
        #expect(report.plan.columns.allSatisfy { $0.field != nil }, "\(report.plan.columns.filter { $0.field == nil }.map(\.header))")
        #expect(report.rowsRead == 2000)
        #expect(report.accepted + report.rejected == 2000 && rows.count == report.accepted)
        #expect(report.accepted > 1500)
    }

    @Test("rejected rows go beside a file output, and to ./rejected.csv for stdout, devices and FIFOs")
    func defaultRejectsPath() throws {
        let directory = try Fixtures.scratchDirectory()
        #expect(ImportOptions.defaultRejectsPath(forOutput: "out/leads.ndjson.gz") == "out/leads.rejected.csv")
        #expect(ImportOptions.defaultRejectsPath(forOutput: "leads.jsonl") == "leads.rejected.csv")
        #expect(ImportOptions.defaultRejectsPath(forOutput: "-") == "rejected.csv")
        #expect(ImportOptions.defaultRejectsPath(forOutput: nil) == "rejected.csv")
        // Not /dev/null.rejected.csv: there is no place for a file beside a device.
        #expect(ImportOptions.defaultRejectsPath(forOutput: "/dev/null") == "rejected.csv")
        let fifo = directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(ImportOptions.defaultRejectsPath(forOutput: fifo) == "rejected.csv")
        // A regular file that exists already is replaced, its rejects beside it.
        let existing = directory.appendingPathComponent("old.ndjson").path
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: existing))
        #expect(ImportOptions.defaultRejectsPath(forOutput: existing) == directory.appendingPathComponent("old.rejected.csv").path)
    }
}
