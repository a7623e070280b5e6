import LeadpipeSchema
import Testing

@Suite("Header names")
struct HeaderNamesTests {
    @Test("trims, fills empty names, and disambiguates repeats", arguments: [
        (["First Name", " E-mail ", "\u{FEFF}Company"], ["First Name", "E-mail", "Company"]),
        (["email", "email", "email"], ["email", "email_2", "email_3"]),
        (["email", "email", "email_2"], ["email", "email_3", "email_2"]),
        (["email", "email", "email_2", "email_2"], ["email", "email_3", "email_2", "email_2_2"]),
        (["", "name", "  "], ["column_1", "name", "column_3"]),
        (["_extra", "name"], ["_extra_2", "name"]),
        (["\u{00A0}Phone\u{00A0}", "phone"], ["Phone", "phone"]),
        ([String](), [String]()),
    ])
    func names(_ raw: [String], _ expected: [String]) {
        #expect(HeaderNames.make(from: raw) == expected)
    }

    @Test("always yields unique names")
    func uniqueness() {
        let raw = ["a", "a", "a_2", "", "column_4", "a_3", "", "_extra", "_extra_2", "a_2", "a", "_extra"]
        let names = HeaderNames.make(from: raw)
        #expect(Set(names).count == names.count)
        #expect(!names.contains("_extra"))
    }
}
