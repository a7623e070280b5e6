import LeadpipeSchema
import Testing

/// Normalizes `text` for `field` with a fresh normalizer.
func normalized(
    _ text: String, _ field: String, options: NormalizationOptions = NormalizationOptions(), country: String? = nil,
    schema: LeadSchema = .builtIn
) -> (PlainValue, ValueProblem?, WarningSet) {
    var normalizer = ValueNormalizer(schema: schema, options: options)
    let result = normalizer.normalize(text, field: field, rowCountry: country)
    return (result.value, result.problem, result.warnings)
}

@Suite("Normalization")
struct NormalizationTests {
    @Test("e-mail addresses: trimmed, lowercased, mailto: and <…> removed", arguments: [
        ("John.Doe@Example.COM", "john.doe@example.com"),
        ("  jane@example.org  ", "jane@example.org"),
        ("mailto:Sales@Acme.io", "sales@acme.io"),
        ("MAILTO:sales@acme.io?subject=Hi", "sales@acme.io"),
        ("Jane Doe <Jane.Doe@Example.com>", "jane.doe@example.com"),
        ("<ops@example.net>", "ops@example.net"),
        ("\"ops@example.net\"", "ops@example.net"),
        ("first+tag@sub.example.co.uk", "first+tag@sub.example.co.uk"),
        ("o'connor@example.ie", "o'connor@example.ie"),
        ("x@example.com.", "x@example.com"),
        ("josé@exämple.de", "josé@exämple.de"),
        ("\u{00A0}ana@example.pt\u{00A0}", "ana@example.pt"),
    ])
    func emails(_ input: String, _ expected: String) {
        let (value, problem, _) = normalized(input, "email")
        #expect(problem == nil, "\(input)")
        #expect(value == .string(expected))
    }

    @Test("values that are not e-mail addresses are rejected with the reason", arguments: [
        ("+1 (555) 123-4567", ValueProblem.emailLooksLikePhone),
        ("0161 145 2257", .emailLooksLikePhone),
        ("John Smith", .emailLooksLikeName),
        ("michael.lee@", .emailBadDomain),
        ("user@localhost", .emailBadDomain),
        ("user@example.c", .emailBadDomain),
        ("user@123.456", .emailBadDomain),
        ("user@-example.com", .emailBadDomain),
        ("a@b@example.com", .emailSeveralAts),
        ("@example.com", .emailBadLocalPart),
        (".dot@example.com", .emailBadLocalPart),
        ("dot.@example.com", .emailBadLocalPart),
        ("do..t@example.com", .emailBadLocalPart),
        ("john smith@example.com", .emailHasSpaces),
        ("example.com", .emailMissingAt),
        ("=HYPERLINK(\"http://evil.example\",\"click\")", .emailMissingAt),
        ("a\u{1}b@example.com", .emailHasControlCharacters),
        (String(repeating: "a", count: 65) + "@example.com", .emailBadLocalPart),
    ])
    func badEmails(_ input: String, _ expected: ValueProblem) {
        let (value, problem, _) = normalized(input, "email")
        #expect(problem == expected, "\(input): \(String(describing: problem))")
        #expect(value == .null)
        #expect(expected.code == .invalidEmail)
    }

    @Test("several e-mail addresses keep the first, with a warning; placeholders are empty")
    func severalEmails() {
        for input in ["a@example.com; b@example.com", "a@example.com, b@example.com", "a@example.com b@example.com"] {
            let (value, problem, warnings) = normalized(input, "email")
            #expect(value == .string("a@example.com") && problem == nil && warnings.contains(.severalEmails), "\(input)")
        }
        for input in ["n/a", "N/A", "-", "none", "NULL", "#N/A", ""] {
            let (value, problem, _) = normalized(input, "email")
            #expect(value == .null && problem == nil, "\(input)")
        }
    }

    @Test("LinkedIn profiles become https://www.linkedin.com/in/<id> from any form", arguments: [
        ("https://www.linkedin.com/in/john-doe-123/", "john-doe-123"),
        ("http://linkedin.com/in/John-Doe", "john-doe"),
        ("linkedin.com/in/jane?trk=public_profile", "jane"),
        ("www.linkedin.com/in/jane/details/experience/", "jane"),
        ("https://de.linkedin.com/in/hans-mueller-4b2a1/", "hans-mueller-4b2a1"),
        ("https://uk.linkedin.com/in/emily#about", "emily"),
        ("https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa", "josé-garcía"),
        ("https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=biz_employee_pub", "krzysztof-marzec-b50576a7"),
        ("https://www.linkedin.com/pub/jane-roe/1/23/4", "jane-roe-0040231"),
        ("http://de.linkedin.com/pub/na/97/360/237", "na-23736097"),
        ("https://www.linkedin.com/mwlite/in/mobile-user", "mobile-user"),
        ("john-doe-123", "john-doe-123"),
        ("  https://www.linkedin.com/in/padded  ", "padded"),
    ])
    func linkedIn(_ input: String, _ id: String) {
        let (value, problem, _) = normalized(input, "linkedin_url")
        #expect(problem == nil, "\(input)")
        #expect(value == .string("https://www.linkedin.com/in/" + id))
    }

    @Test("addresses that are not profiles are rejected", arguments: [
        ("https://www.linkedin.com/company/acme", ValueProblem.linkedInNotAProfile),
        ("https://www.linkedin.com/feed/update/urn:li:activity:1", .linkedInNotAProfile),
        ("https://twitter.com/jane", .linkedInNotLinkedIn),
        ("https://linkedin.com.evil.example/in/jane", .linkedInNotLinkedIn),
        ("jane@example.com", .linkedInNotLinkedIn),
        ("https://www.linkedin.com/in/x", .linkedInBadID),
        ("https://www.linkedin.com/in/", .linkedInBadID),
        ("https://www.linkedin.com/in/bad%FFid", .linkedInBadID),
        ("https://www.linkedin.com/in/has space", .linkedInBadID),
    ])
    func badLinkedIn(_ input: String, _ expected: ValueProblem) {
        let (_, problem, _) = normalized(input, "linkedin_url")
        #expect(problem == expected, "\(input): \(String(describing: problem))")
    }

    @Test("phones keep what was written and gain E.164 when the country is known", arguments: [
        ("+1 (503) 581-0991", nil, nil, "+15035810991"),
        ("+44 (0)161 145 2257", nil, nil, "+441611452257"),
        ("0044 161 145 2257", nil, nil, "+441611452257"),
        ("+49 30 1234567", nil, nil, "+49301234567"),
        ("+1 503 581 0991 ext. 86", nil, nil, "+15035810991"),
        ("(530) 961-5585", "US", nil, "+15309615585"),
        ("1-530-961-5585", "US", nil, "+15309615585"),
        ("0161 145 2257", "GB", nil, "+441611452257"),
        ("030 1234567", nil, "Deutschland", "+49301234567"),
        ("646 275 140", nil, "Poland", "+48646275140"),
        ("06 12 34 56 78", nil, "France", "+33612345678"),
        ("011 44 161 145 2257", "US", nil, "+441611452257"),
        ("06 1 234 5678", "HU", nil, "+3612345678"),  // a two-digit trunk prefix
        ("8 (812) 817-58-88", nil, "Russia", "+78128175888"),  // trunk 8, one-digit code
        ("087 123 4567", "IE", nil, "+353871234567"),  // three-digit code
        ("912 345 678", "PT", nil, "+351912345678"),  // no trunk prefix
    ] as [(String, String?, String?, String)])
    func phones(_ input: String, _ defaultCountry: String?, _ rowCountry: String?, _ e164: String) {
        var options = NormalizationOptions()
        options.defaultCountry = defaultCountry.flatMap(CallingCountry.withCode)
        let (value, problem, warnings) = normalized(input, "phone", options: options, country: rowCountry)
        #expect(problem == nil)
        #expect(value == .phone(input.trimmingCharacters(in: .whitespaces), e164: e164), "\(input)")
        #expect(!warnings.contains(.phoneNotNormalizable))
    }

    @Test("phones that give no E.164 are kept, with a warning, never rejected", arguments: [
        ("555-1234", "US"),  // too short
        ("(530) 961-5585", nil),  // national, country unknown
        ("+999 1234 5678", nil),  // no such country code
        ("call me", nil),
        ("0", "US"),
        ("+1 503 581 0991 1234 5678 9", nil),  // too long
    ] as [(String, String?)])
    func unnormalizablePhones(_ input: String, _ defaultCountry: String?) {
        var options = NormalizationOptions()
        options.defaultCountry = defaultCountry.flatMap(CallingCountry.withCode)
        let (value, problem, warnings) = normalized(input, "phone", options: options)
        #expect(problem == nil)
        #expect(value == .phone(input, e164: nil), "\(input)")
        #expect(warnings.contains(.phoneNotNormalizable))
    }

    @Test("status synonyms and case map to the five statuses", arguments: [
        ("New", "new"), ("OPEN - NOT CONTACTED", "new"), ("Neu", "new"), ("nouveau", "new"),
        ("Working - Contacted", "contacted"), ("In progress", "contacted"), ("Kontaktiert", "contacted"),
        ("en cours", "contacted"), ("Qualified", "qualified"), ("MQL", "qualified"), ("qualifié", "qualified"),
        ("Closed Won", "converted"), ("Won", "converted"), ("Kunde", "converted"), ("Closed - Lost", "lost"),
        ("Unqualified", "lost"), ("Not interested", "lost"), ("perdido", "lost"), ("Zakwalifikowany", "qualified"),
    ])
    func statuses(_ input: String, _ expected: String) {
        let (value, problem, _) = normalized(input, "status")
        #expect(problem == nil && value == .string(expected), "\(input)")
    }

    @Test("an unknown status warns (and takes the default later), or rejects when asked")
    func unknownStatus() {
        let (value, problem, warnings) = normalized("Banana", "status")
        #expect(value == .null && problem == nil && warnings.contains(.unknownStatus))
        let (_, strict, _) = normalized("Banana", "status", options: NormalizationOptions(rejectUnknownStatus: true))
        #expect(strict == .statusUnknown && strict?.code == .invalidStatus)
    }

    @Test("decimals: thousands separators, decimal commas and currencies", arguments: [
        ("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("1.234,56", "1234.56"), ("$1,234.56", "1234.56"),
        ("1 234,56 €", "1234.56"), ("€ 39 562", "39562"), ("USD 78,150", "78150"), ("56.213,12 €", "56213.12"),
        ("CHF 1'234.50", "1234.50"), ("(1,234.00)", "-1234.00"), ("-12", "-12"), ("1,5", "1.5"), ("0.500", "0.500"),
        ("1.234", "1234"), ("12.50", "12.50"), ("£0.99", "0.99"), ("1 234 567", "1234567"), ("007", "7"),
        ("1.234.567,89", "1234567.89"), ("1,234,567.89", "1234567.89"), ("46550", "46550"), ("PLN 1 200,00", "1200.00"),
    ])
    func decimals(_ input: String, _ expected: String) {
        let (value, problem, _) = normalized(input, "deal_value")
        #expect(problem == nil, "\(input)")
        #expect(value == .literal(expected), "\(input)")
    }

    @Test("not numbers are rejected", arguments: [
        "abc", "12.5%", "1,23,4", "1.2.3,4,5", "--5", "5-5", "1e5", "=1+1", "$", "1 2 3 4", "12 34",
    ])
    func badNumbers(_ input: String) {
        let (_, problem, _) = normalized(input, "deal_value")
        #expect(problem == .numberNotNumeric, "\(input): \(String(describing: problem))")
    }

    @Test("integers accept separators and zero fractions, reject other fractions and overflow")
    func integers() {
        #expect(normalized("85", "lead_score").0 == .literal("85"))
        #expect(normalized("1,234", "lead_score").0 == .literal("1234"))
        #expect(normalized("42.0", "lead_score").0 == .literal("42"))
        #expect(normalized(" -7 ", "lead_score").0 == .literal("-7"))
        #expect(normalized("9.5", "lead_score").1 == .numberNotWhole)
        #expect(normalized("12345678901234567890", "lead_score").1 == .numberOutOfRange)
        #expect(normalized("high", "lead_score").1 == .numberNotNumeric)
    }

    @Test("tags: split on , ; |, trimmed, repeats dropped")
    func tags() {
        #expect(normalized("vip;enterprise", "tags").0 == .list(["vip", "enterprise"]))
        #expect(normalized(" VIP , Enterprise ,vip| partner ;; ", "tags").0 == .list(["VIP", "Enterprise", "partner"]))
        #expect(normalized("enterprise; emea; q4", "tags").0 == .list(["enterprise", "emea", "q4"]))
        #expect(normalized(" ; , ", "tags").0 == .null)
        #expect(normalized("two  words,  spaced   out", "tags").0 == .list(["two words", "spaced out"]))
    }

    @Test("text is trimmed and collapsed; notes keep their line breaks")
    func text() {
        #expect(normalized("  Acme,   Inc.\t ", "company").0 == .string("Acme, Inc."))
        #expect(normalized("a\u{00A0}\u{00A0}b", "company").0 == .string("a b"))
        #expect(normalized(" Line one\r\nLine two\rthree ", "notes").0 == .string("Line one\nLine two\nthree"))
        let (value, _, warnings) = normalized("Ac\u{7}me\u{0}", "company")
        #expect(value == .string("Acme") && warnings.contains(.controlCharactersRemoved))
    }

    @Test("hostile values: formulas are kept but flagged, very long values are rejected")
    func hostile() {
        let (formula, problem, warnings) = normalized("=HYPERLINK(\"http://example.com\",\"click\")", "notes")
        #expect(formula == .string("=HYPERLINK(\"http://example.com\",\"click\")") && problem == nil)
        #expect(warnings.contains(.formulaLikeValue))
        #expect(normalized("@SUM(A1:A9)", "company").2.contains(.formulaLikeValue))
        #expect(!normalized("- call back", "notes").2.contains(.formulaLikeValue))
        #expect(!normalized("+1 555", "company").2.contains(.formulaLikeValue))
        #expect(normalized(String(repeating: "x", count: 600), "company").1 == .tooLong)
        #expect(normalized(String(repeating: "x", count: 10_000_000), "notes").1 == .tooLong)
        let longAddress = String(repeating: "a", count: 64) + "@" + String(repeating: String(repeating: "b", count: 60) + ".", count: 4) + "com"
        #expect(normalized(longAddress, "email").1 == .tooLong)
        #expect(ValueProblem.tooLong.code == .fieldTooLong)
    }

    @Test("dates in ISO, US and European forms become ISO 8601", arguments: [
        ("2024-05-01", DateOrder.mdy, "2024-05-01"), ("2024/05/01", .dmy, "2024-05-01"), ("20240501", .mdy, "2024-05-01"),
        ("05/01/2024", .mdy, "2024-05-01"), ("05/01/2024", .dmy, "2024-01-05"), ("13/01/2024", .mdy, "2024-01-13"),
        ("01/13/2024", .dmy, "2024-01-13"), ("01.05.2024", .mdy, "2024-05-01"), ("1.5.24", .mdy, "2024-05-01"),
        ("May 1, 2024", .dmy, "2024-05-01"), ("1 May 2024", .mdy, "2024-05-01"), ("01-May-24", .mdy, "2024-05-01"),
        ("Mon, 6 May 2024", .mdy, "2024-05-06"), ("1. Mai 2024", .mdy, "2024-05-01"), ("12 décembre 2023", .mdy, "2023-12-12"),
        ("2024-05-01T10:30:00Z", .mdy, "2024-05-01T10:30:00Z"), ("2024-05-01 10:30", .mdy, "2024-05-01T10:30:00"),
        ("2024-05-01T10:30:00+02:00", .mdy, "2024-05-01T10:30:00+02:00"), ("05/01/2024 3:04 PM", .mdy, "2024-05-01T15:04:00"),
        ("45413", .mdy, "2024-05-01"), ("2024-02-29", .mdy, "2024-02-29"), ("March 3rd, 2024", .mdy, "2024-03-03"),
    ])
    func dates(_ input: String, _ order: DateOrder, _ expected: String) {
        let schema = try! customSchema([FieldSpec(name: "created", kind: .date)])
        let (value, problem, _) = normalized(input, "created", options: NormalizationOptions(dateOrder: order), schema: schema)
        #expect(problem == nil, "\(input)")
        #expect(value == .string(expected), "\(input)")
    }

    @Test("impossible or unreadable dates are rejected", arguments: [
        ("2023-02-29", ValueProblem.dateImpossible), ("2024-13-01", .dateImpossible), ("31/04/2024", .dateImpossible),
        ("yesterday", .dateUnreadable), ("2024-05-01T25:00", .dateImpossible), ("12345", .dateUnreadable),
        ("1/2/3/4", .dateUnreadable),
    ])
    func badDates(_ input: String, _ expected: ValueProblem) {
        let schema = try! customSchema([FieldSpec(name: "created", kind: .date)])
        let (_, problem, _) = normalized(input, "created", schema: schema)
        #expect(problem == expected, "\(input): \(String(describing: problem))")
    }

    @Test("an empty value is null without a word, whatever the field's kind (the row mapper relies on it)")
    func emptyValues() throws {
        let schema = try customSchema(FieldKind.allCases.map { kind in
            FieldSpec(name: "custom_\(kind.rawValue)", kind: kind, values: kind == .enumeration ? ["A"] : [])
        })
        let fields = schema.fields.map(\.name)
        #expect(fields.count >= LeadSchema.builtIn.fields.count + FieldKind.allCases.count)
        for field in fields {
            let (value, problem, warnings) = normalized("", field, country: "Germany", schema: schema)
            #expect(value == .null && problem == nil && warnings.isEmpty, "\(field)")
        }
    }

    @Test("booleans, enums and urls of custom fields")
    func customKinds() throws {
        let schema = try customSchema([
            FieldSpec(name: "opt_in", kind: .boolean),
            FieldSpec(name: "tier", kind: .enumeration, values: ["Gold", "Silver", "Bronze"]),
            FieldSpec(name: "homepage", kind: .url),
        ])
        for yes in ["yes", "Y", "TRUE", "1", "x", "ja", "oui", "sí", "✓", "on"] {
            #expect(normalized(yes, "opt_in", schema: schema).0 == .literal("true"), "\(yes)")
        }
        for no in ["no", "N", "false", "0", "nein", "non", "não", "off"] {
            #expect(normalized(no, "opt_in", schema: schema).0 == .literal("false"), "\(no)")
        }
        #expect(normalized("maybe", "opt_in", schema: schema).1 == .booleanUnknown)
        #expect(normalized("gold", "tier", schema: schema).0 == .string("Gold"))
        #expect(normalized(" SILVER ", "tier", schema: schema).0 == .string("Silver"))
        #expect(normalized("Platinum", "tier", schema: schema).1 == .enumUnknown)
        #expect(normalized("HTTPS://Example.COM/Path", "homepage", schema: schema).0 == .string("https://example.com/Path"))
        #expect(normalized("example.com/", "homepage", schema: schema).0 == .string("example.com"))
        #expect(normalized("javascript:alert(1)", "homepage", schema: schema).1 == .urlInvalid)
        #expect(normalized("not a url", "homepage", schema: schema).1 == .urlInvalid)
        // The built-in website only warns.
        let (website, problem, warnings) = normalized("not a url", "website")
        #expect(website == .null && problem == nil && warnings.contains(.invalidWebsite))
    }

    @Test("full names split into first and last name", arguments: [
        ("Jane Doe", "Jane", "Doe"), ("Dr. Jane Q. Doe", "Jane Q.", "Doe"), ("Doe, Jane", "Jane", "Doe"),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven"), ("Maria de la Cruz", "Maria", "de la Cruz"),
        ("Martin Luther King Jr.", "Martin Luther", "King"), ("Cher", "Cher", ""), ("  José   García  ", "José", "García"),
    ])
    func names(_ full: String, _ first: String, _ last: String) {
        var bytes = Array(full.utf8)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 16)
        defer { out.deallocate() }
        let parts = bytes.withUnsafeMutableBytes { PersonName.split(ByteView(UnsafeRawBufferPointer($0)), to: out) }
        func text(_ start: Int, _ count: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: out + start, count: count), as: UTF8.self)
        }
        #expect(text(parts.firstStart, parts.firstCount) == first)
        #expect(text(parts.lastStart, parts.lastCount) == last)
    }
}

/// The built-in schema plus `fields`.
func customSchema(_ fields: [FieldSpec]) throws -> LeadSchema {
    var schema = LeadSchema.builtIn
    for field in fields { try schema.add(field) }
    return schema
}
