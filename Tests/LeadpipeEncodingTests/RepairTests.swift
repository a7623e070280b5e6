import LeadpipeEncoding
import Testing

/// Repairs `text` (given as bytes or as a string) and returns the result and what was done.
func repaired(_ bytes: [UInt8], fallback: CodePage = .windows1252, repairs: Bool = true) -> (String, RepairSet) {
    var output: [UInt8] = []
    var repairer = FieldRepairer(fallback: fallback, repairs: repairs)
    let done = bytes.withUnsafeBytes { repairer.repair($0, into: &output) }
    return (done.isEmpty ? String(decoding: bytes, as: UTF8.self) : String(decoding: output, as: UTF8.self), done)
}

func repaired(_ text: String) -> (String, RepairSet) { repaired(Array(text.utf8)) }

@Suite("Field repair")
struct RepairTests {
    @Test("undoes mojibake", arguments: [
        ("JosÃ©", "José"),
        ("MÃ¼ller", "Müller"),
        ("donâ€™t", "don’t"),
        ("ZoÃ«", "Zoë"),
        ("Ã˜rsted", "Ørsted"),
        ("Å\u{81}ukasz", "Łukasz"),
        ("Ð’Ð»Ð°Ð´Ð¸Ð¼Ð¸Ñ€", "Владимир"),
        ("Р’Р»Р°РґРёРјРёСЂ", "Владимир"),
        ("å±±ç”°", "山田"),
        ("Great call ðŸ‘\u{8D}", "Great call 👍"),
        ("â‚¬ 1.200", "€ 1.200"),
        // Through Windows-1251 and Windows-1250.
        ("MГјller", "Müller"),
        ("в‚¬ 41", "€ 41"),
        ("ЕЃГіdЕє", "Łódź"),
        ("ć¨Şćµś", "横浜"),
        ("JosĂ©", "José"),
    ])
    func mojibake(_ broken: String, _ fixed: String) {
        let (text, done) = repaired(broken)
        #expect(text == fixed)
        #expect(done.contains(RepairSet(.mojibake)))
    }

    @Test("undoes two layers of mojibake")
    func twoLayers() {
        let (text, done) = repaired("JosÃƒÂ©")
        #expect(text == "José")
        #expect(done.contains(RepairSet(.doubleMojibake)))
    }

    @Test("leaves good text alone", arguments: [
        "José", "São Paulo", "SÃO PAULO", "€ 1.234,56", "İstanbul Şişli", "Nguyễn Văn An", "Müller & Söhne",
        "Владимир", "山田 太郎", "Great call 👍", "Ørsted A/S", "ÆØÅ æøå", "Ünal", "naïve café", "1½ hours",
        "Ã", "Âge", "Łódź", "Γιώργος", "محمد", "“quoted”", "© 2024 Acme™",
        // Letters whose bytes happen to form UTF-8 when encoded back (found by review).
        "SPÓŁKA JAWNA", "BIURO PODRÓŻY", "Mix 3×½ cup", "CÂŞTIG", "Фёдор", "SÃO PAULO · ÁREA",
    ])
    func goodText(_ text: String) {
        let (result, done) = repaired(text)
        #expect(result == text)
        #expect(done.isEmpty, "\(text): \(done.kinds)")
    }

    @Test("text decoded from a code page is not undone through that code page")
    func decodedFrom() {
        // "SPÓŁDZIELNIA" read from a Windows-1250 file: Ó Ł are D3 A3 there, which is also UTF-8.
        var output: [UInt8] = []
        var repairer = FieldRepairer(fallback: .windows1250, decodedFrom: .windows1250)
        let text = Array("SPÓŁDZIELNIA MLECZARSKA".utf8)
        let done = text.withUnsafeBytes { repairer.repair($0, into: &output) }
        #expect(done.isEmpty)
    }

    @Test("flags noncharacters from a byte order mark read the wrong way round")
    func noncharacters() {
        let (text, done) = repaired("a\u{FFFE}b")
        #expect(text == "a\u{FFFE}b")
        #expect(done.contains(RepairSet(.undecodable)))
    }

    @Test("normalizes the rarer characters that are not NFC", arguments: [
        ("\u{FB4B}", "\u{05D5}\u{05B9}"),  // Hebrew presentation form
        ("\u{2ADC}", "\u{2ADD}\u{0338}"),  // a singleton
        ("a\u{302B}\u{302A}", "a\u{302A}\u{302B}"),  // ideographic tone marks, reordered
        ("\u{1E900}\u{1E944}\u{1E94A}", "\u{1E900}\u{1E94A}\u{1E944}"),  // Adlam marks, reordered
    ])
    func rareNFC(_ input: String, _ expected: String) {
        let (text, _) = repaired(input)
        #expect(Array(text.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("reads ill-formed bytes in the fallback code page")
    func legacyBytes() {
        let (text, done) = repaired([0x4B, 0xF6, 0x6C, 0x6E])  // "Köln" in Windows-1252
        #expect(text == "Köln")
        #expect(done == RepairSet(.legacyBytes))
        let (polish, _) = repaired([0xA3, 0xF3, 0x64, 0x9F], fallback: .windows1250)  // "Łódź"
        #expect(polish == "Łódź")
        let (mixed, _) = repaired(Array("José ".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72])
        #expect(mixed == "José Müller")
    }

    @Test("bytes that decode to nothing become U+FFFD and are counted")
    func undecodable() {
        let (text, done) = repaired([0x61, 0x81, 0x62])  // 0x81: undefined in Windows-1252
        #expect(text == "a\u{FFFD}b")
        #expect(done.contains(RepairSet(.undecodable)))
        let (kept, keptDone) = repaired(Array("a\u{FFFD}b".utf8))
        #expect(kept == "a\u{FFFD}b" && keptDone.contains(RepairSet(.undecodable)))
    }

    @Test("removes NUL and invisible characters, makes NBSP a space, normalizes to NFC")
    func cleaning() {
        #expect(repaired("a\u{0}b").0 == "ab")
        #expect(repaired("a\u{200B}b\u{FEFF}c\u{2060}d").0 == "abcd")
        #expect(repaired("a\u{A0}b").0 == "a b")
        let (nfc, done) = repaired("Jose\u{301} Mu\u{308}ller")
        #expect(nfc == "José Müller" && Array(nfc.utf8) == Array("José Müller".utf8))
        #expect(done.contains(RepairSet(.normalized)))
        // Emoji sequences keep their joiners.
        #expect(repaired("👨\u{200D}👩\u{200D}👧").1.isEmpty)
    }

    @Test("with repair off, only ill-formed bytes change, to U+FFFD")
    func repairOff() {
        #expect(repaired(Array("JosÃ©".utf8), repairs: false).0 == "JosÃ©")
        let (text, done) = repaired([0x4B, 0xF6, 0x6C, 0x6E], repairs: false)
        #expect(text == "K\u{FFFD}ln" && done == RepairSet(.undecodable))
        #expect(repaired(Array("a\u{A0}b".utf8), repairs: false).1.isEmpty)
    }

    @Test("every fixture of mojibake repairs to the original text")
    func mojibakeFixtures() throws {
        let expected = String(decoding: try fixtureBytes("many-scripts.expected.csv"), as: UTF8.self)
        for file in ["many-scripts.mojibake.csv", "many-scripts.mojibake-2.csv"] {
            let broken = String(decoding: try fixtureBytes(file), as: UTF8.self)
            // Field by field, as convert does it.
            let fixed = broken.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).map { repaired(String($0)).0 }
                    .joined(separator: ",")
            }.joined(separator: "\n")
            for (got, want) in zip(fixed.split(separator: "\n"), expected.split(separator: "\n")) where got != want {
                Issue.record("\(file): got \(got) want \(want)")
            }
        }
    }

    @Test("one repairer reused across fields gives what a fresh one gives")
    func reuse() {
        // The repairer keeps scratch buffers between fields: a long field, then short ones,
        // in every order of the table, must not leak into each other.
        let fields: [[UInt8]] = [
            "JosÃƒÂ©", "JosÃ©", "Ð’Ð»Ð°Ð´Ð¸Ð¼Ð¸Ñ€ long note " + String(repeating: "MÃ¼ller ", count: 40), "Ã",
            "a\u{200B}b", "Jose\u{301}", "Владимир", "SÃO PAULO", "Ørsted", "x",
        ].map { Array($0.utf8) } + [[0x4B, 0xF6, 0x6C, 0x6E], [0x61, 0x81, 0x62]]
        var generator = SystemRandomNumberGenerator()
        var shared = FieldRepairer()
        for _ in 0..<20 {
            for field in fields.shuffled(using: &generator) {
                var output: [UInt8] = [0xFF]
                let done = field.withUnsafeBytes { shared.repair($0, into: &output) }
                let fresh = repaired(field)
                #expect(done == fresh.1)
                #expect((done.isEmpty ? field : output) == Array(fresh.0.utf8))
            }
        }
    }
}
