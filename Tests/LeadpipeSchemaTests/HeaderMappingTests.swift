import Foundation
import LeadpipeSchema
import LeadpipeTestSupport
import Testing

/// The header table: `fixtures/headers/spellings.tsv`.
func headerTable() throws -> [(header: String, field: String?)] {
    let text = try String(contentsOfFile: Fixtures.path("headers/spellings.tsv"), encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (String(parts[0]), parts[1] == "-" ? nil : String(parts[1]))
    }
}

/// The field a header maps to on its own.
func mappedField(_ header: String, schema: LeadSchema = .builtIn) throws -> String? {
    try HeaderMapper.propose(header: [header], rows: [], schema: schema).columns[0].field
}

@Suite("Header auto-mapping")
struct HeaderMappingTests {
    @Test("every spelling in the header table maps to its field, or stays unmapped")
    func table() throws {
        let table = try headerTable()
        #expect(table.count >= 150)
        var misses: [String] = []
        for (header, field) in table {
            let got = try mappedField(header)
            if got != field { misses.append("\(header): got \(got ?? "-") want \(field ?? "-")") }
        }
        #expect(misses.isEmpty, "\(misses.count) of \(table.count):\n\(misses.joined(separator: "\n"))")
    }
}
