import LeadpipeGenerator
import LeadpipeTestSupport
import LeadpipeTokenizer
import Testing

/// The records of a generated file, as values.
private func table(_ options: GeneratorOptions) -> (bytes: [UInt8], rows: [[String]], output: ReferenceTokenizer.Output) {
    let bytes = generateLeadFile(options)
    let dialect = Dialect(delimiter: options.delimiter)
    let output = ReferenceTokenizer.tokenize(bytes, dialect: dialect)
    return (bytes, values(of: output, in: bytes, dialect: dialect), output)
}

@Suite("Lead generator")
struct GeneratorTests {
    @Test("equal seeds give identical bytes; other seeds other bytes")
    func deterministic() {
        let a = generateLeadFile(GeneratorOptions(rows: 300, seed: 5))
        let b = generateLeadFile(GeneratorOptions(rows: 300, seed: 5))
        let c = generateLeadFile(GeneratorOptions(rows: 300, seed: 6))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("writes the header and exactly the rows asked for, all 15 fields wide")
    func shape() {
        let (_, rows, output) = table(GeneratorOptions(rows: 2000, seed: 1))
        #expect(rows.first == LeadGenerator.header)
        #expect(rows.count == 2001)
        #expect(rows.allSatisfy { $0.count == 15 })
        #expect(output.events.isEmpty)
        #expect(output.stats.blankLines == 0)
    }

    @Test("is dirty the way real exports are")
    func dirt() {
        let (_, rows, _) = table(GeneratorOptions(rows: 5000, seed: 2))
        let data = rows.dropFirst()
        let emails = data.map { $0[2] }
        let normalized = emails.map { $0.trimmingSpaces.lowercased() }.filter { $0.contains("@") }
        var seen = Set<String>()
        var repeats = 0
        for email in normalized { if !seen.insert(email).inserted { repeats += 1 } }
        let repeatShare = Double(repeats) / Double(data.count)
        #expect(repeatShare > 0.06 && repeatShare < 0.10, "duplicate share \(repeatShare)")
        // Duplicates differ in case or spacing from the first occurrence.
        #expect(Set(emails.filter { $0.contains("@") }).count > seen.count)
        #expect(emails.contains(""))
        #expect(emails.contains { !$0.isEmpty && !$0.contains("@") })
        let text = data.flatMap { $0 }.joined()
        for sample in ["Müller", "Łukasz", "Ørsted", "Владимир", "山田", "José", "Zoë"] {
            #expect(text.contains(sample), "no \(sample)")
        }
        #expect(data.contains { $0[13].contains("\n") }, "notes with line breaks")
        #expect(data.contains { $0[13].contains("\"") }, "notes with quotes")
        #expect(data.contains { $0[13].contains(",") }, "notes with commas")
        #expect(Set(data.map { $0[5] }).count > 1000, "phones in many forms")
    }

    @Test("options: delimiter, CRLF, ragged rows, blank lines, an unterminated quote")
    func options() {
        var options = GeneratorOptions(rows: 1000, seed: 3)
        options.delimiter = UInt8(ascii: ";")
        options.crlf = true
        options.raggedRate = 0.1
        options.blankLineRate = 0.05
        let (bytes, rows, output) = table(options)
        #expect(bytes.contains(0x0D))
        #expect(rows.first?.count == 15)
        let ragged = rows.dropFirst().filter { $0.count != 15 }.count
        #expect(ragged > 50 && ragged < 150)
        #expect(output.stats.blankLines > 20)

        var broken = GeneratorOptions(rows: 500, seed: 4)
        broken.unterminatedQuoteAtRow = 100
        let damaged = table(broken)
        #expect(!damaged.output.events.isEmpty, "an unterminated quote must show up as a quoting problem")
        #expect(damaged.output.events.first.map { $0.recordLine == 101 || $0.line >= 101 } == true)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
