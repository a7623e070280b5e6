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

    @Test("whole header rows of real exports map as expected (at most 1 miss in 50), each field at most once")
    func exports() throws {
        let directory = URL(fileURLWithPath: Fixtures.path("headers/exports"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tsv") }.sorted()
        #expect(files.count >= 10)
        var total = 0
        var misses: [String] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map {
                let parts = $0.split(separator: "\t", omittingEmptySubsequences: false)
                return (String(parts[0]), parts[1] == "-" ? nil : String(parts[1]))
            }
            let columns = try HeaderMapper.propose(header: lines.map(\.0), rows: [], schema: .builtIn).columns
            #expect(columns.count == lines.count)
            let fields = columns.compactMap(\.field)
            #expect(Set(fields).count == fields.count, "\(file): a field taken twice: \(fields)")
            for ((header, expected), decision) in zip(lines, columns) {
                total += 1
                if decision.field != expected { misses.append("\(file): \(header) → \(decision.field ?? "-"), want \(expected ?? "-")") }
            }
        }
        #expect(total >= 200)
        #expect(misses.count * 50 <= total, "\(misses.count) of \(total):\n\(misses.joined(separator: "\n"))")
    }
}
