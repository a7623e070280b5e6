import CLeadpipeScan
@testable import LeadpipeSchema
import Testing

// The normalizers' fast paths take the common shapes of a value and must write exactly what
// the general path writes for them. These tests build many values around the boundaries of
// each fast path and compare the two byte for byte.

/// Runs `body` with `text`'s bytes as a view (with readable slack after them) and an output.
private func withView<R>(_ text: [UInt8], _ body: (ByteView, UnsafeMutablePointer<UInt8>) -> R) -> R {
    let padded = text + [UInt8](repeating: 0, count: 16)
    let out = UnsafeMutablePointer<UInt8>.allocate(capacity: text.count * 4 + 256)
    defer { out.deallocate() }
    return padded.withUnsafeBytes { bytes in
        body(ByteView(UnsafeRawBufferPointer(rebasing: bytes[..<text.count])), out)
    }
}

@Suite("Normalizer fast paths")
struct FastPathTests {
    @Test("LinkedIn: the one-pass common form writes what the general path writes, or steps aside")
    func linkedInCommonForm() {
        let schemes = ["", "http://", "https://", "HTTPS://", "hTTp://", "//", "https:/", "ftp://"]
        let hosts = ["linkedin.com", "www.linkedin.com", "WWW.LinkedIn.COM", "de.linkedin.com", "UK.linkedin.com", "m.linkedin.com",
                     "d3.linkedin.com", "wwwlinkedin.com", "linkedin.co", "linkedin.comx", "www.linkedin.com.evil"]
        let paths = ["/in/", "/IN/", "/In/", "/pub/", "/PUB/", "/in//", "/pub//", "/in", "/i/", "/mwlite/in/", "in/"]
        // After the id: the end of an /in/ address or the parts of a /pub/ one (well formed, too
        // long, too few, empty, not letters or digits).
        let suffixes = ["", "/", "/?originalSubdomain=de", "?trk=public_profile", "#about", "/details/x", "%20", " x", "é",
                        "/1/2/3", "/35/744/12", "/aB/c/D9/", "/1/2/3?trk=x", "/1/2/3/4", "/1/2/3#x", "/1234/5/6", "/1/2",
                        "/1//2/3", "/1/2/3x4", "/a-b/1/2", "/1/2/é"]
        let idBytes = Array("aZ09-_%é.@".utf8)
        var random = SeededGenerator(seed: 7)
        var fast = 0
        var fastPublic = 0
        var total = 0
        for scheme in schemes {
            for host in hosts {
                for path in paths {
                    for suffix in suffixes {
                        for _ in 0..<4 {
                            let length = [0, 1, 2, 3, 4, 12, 15, 16, 17, 99, 100, 101, 130].randomElement(using: &random)!
                            var id = (0..<length).map { _ in
                                Int.random(in: 0..<40, using: &random) == 0
                                    ? idBytes.randomElement(using: &random)! : idBytes[Int.random(in: 0..<5, using: &random)]
                            }
                            if Int.random(in: 0..<10, using: &random) == 0 { id = Array(repeating: 0x2D, count: length) }
                            let value = Array((scheme + host + path).utf8) + id + Array(suffix.utf8)
                            total += 1
                            withView(value) { view, out in
                                // The id checked 16 bytes at a time decides as the byte loop does.
                                let blocks = LinkedInProfile.commonForm(view, to: out, tailIsReadable: true)
                                let blockBytes = blocks.map { Array(UnsafeBufferPointer(start: out, count: $0.count)) }
                                guard let common = LinkedInProfile.commonForm(view, to: out) else {
                                    #expect(blocks == nil, "\(String(decoding: value, as: UTF8.self))")
                                    return
                                }
                                #expect(blocks == common, "\(String(decoding: value, as: UTF8.self))")
                                #expect(blockBytes == Array(UnsafeBufferPointer(start: out, count: common.count)))
                                fast += 1
                                if path.lowercased() == "/pub/" { fastPublic += 1 }
                                let commonBytes = Array(UnsafeBufferPointer(start: out, count: common.count))
                                let general = LinkedInProfile.general(view, to: out)
                                #expect(general == common, "\(String(decoding: value, as: UTF8.self))")
                                #expect(Array(UnsafeBufferPointer(start: out, count: general.count)) == commonBytes)
                            }
                        }
                    }
                }
            }
        }
        // The fast path must have been taken often enough to mean something, and not always.
        #expect(fast > 200 && fast < total / 2, "fast path taken \(fast) of \(total)")
        #expect(fastPublic > 20, "/pub/ addresses taken by the fast path: \(fastPublic)")
    }

    @Test("plain e-mail and LinkedIn values: the row loop's direct reading gives what normalizeScalar gives, or steps aside")
    func plainIdentifiers() {
        let emails = ["jane.doe@example.com", "  Jane.Doe@Example.COM ", "<jane@x.com>", "mailto:a@b.co", "n/a", "jane@", "a@b.c",
                      "j@" + String(repeating: "d", count: 40) + ".com", "José@münchen.de", "a b@c.de"]
        let profiles = ["https://www.linkedin.com/in/Jane-Doe-42", "linkedin.com/in/x", "http://de.linkedin.com/pub/jd/35/744/12",
                        "https://www.linkedin.com/in/" + String(repeating: "a", count: 60), "none", "https://example.com/in/jane"]
        var taken = 0
        for (values, kind) in [(emails, FieldKind.email), (profiles, .linkedin)] {
            for text in values {
                for maxBytes in [20, 254] {
                    withView(Array(text.utf8)) { view, out in
                        guard let count = ValueNormalizer.plainIdentifier(view, isEmail: kind == .email, maxBytes: maxBytes, out: out) else {
                            return
                        }
                        taken += 1
                        let direct = Array(UnsafeBufferPointer(start: out, count: count))
                        #expect(direct.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }, "\(text)")
                        let general = ValueNormalizer.normalizeScalar(view, kind: kind, maxBytes: maxBytes, out: out, tailIsReadable: true)
                        #expect(general == Normalized(count: count), "\(text) (\(maxBytes))")
                        #expect(Array(UnsafeBufferPointer(start: out, count: general.count)) == direct, "\(text)")
                    }
                }
            }
        }
        #expect(taken >= 6)
    }

    @Test("placeholder and formula starts: the bit sets hold exactly their characters, and every first byte is sorted as a switch sorts it")
    func placeholderAndFormulaStarts() {
        #expect(ByteText.formulaStarts == ByteText.asciiSet("=+-@"))
        #expect(ByteText.placeholderStarts == ByteText.asciiSet("-?.#nNuUtT"))
        #expect(ByteText.formulaOrPlaceholderStarts == ByteText.asciiSet("=+-@?.#nNuUtT"))
        let formula = Set("=+-@".utf8)
        let placeholder = Set("-?.#nNuUtT".utf8)
        // Each first byte alone and before "/a", "ull" and "homas" (so "-", "n/a", "Null" and
        // "Thomas" are among them), read as the old switches read them: a formula start is a
        // maybe, a placeholder start asks isPlaceholder, anything else is neither.
        for byte in UInt8.min...UInt8.max {
            #expect(ByteText.isMember(byte, of: ByteText.formulaStarts) == formula.contains(byte), "\(byte)")
            #expect(ByteText.isMember(byte, of: ByteText.placeholderStarts) == placeholder.contains(byte), "\(byte)")
            for tail in [[], Array("/a".utf8), Array("ull".utf8), Array("homas".utf8)] {
                let text = [byte] + tail
                withView(text) { view, _ in
                    let expected = formula.contains(byte) || (placeholder.contains(byte) && ByteText.isPlaceholder(view))
                    #expect(ByteText.mayBePlaceholderOrFormula(view) == expected, "\(text)")
                    if !placeholder.contains(byte) { #expect(!ByteText.isPlaceholder(view), "\(text)") }
                }
            }
        }
        withView(Array("n/a".utf8)) { view, _ in #expect(ByteText.mayBePlaceholderOrFormula(view)) }
        withView(Array("Null".utf8)) { view, _ in #expect(ByteText.isPlaceholder(view)) }
        withView(Array("Thomas".utf8)) { view, _ in #expect(!ByteText.mayBePlaceholderOrFormula(view)) }
    }

    @Test("header words: the ASCII reading splits and lowercases as the general one does")
    func asciiHeaderWords() {
        // Every built-in synonym (the ones with accents take the general reading), then random
        // headers of case changes, acronyms, digits and separators.
        var headers = Synonyms.fields.values.flatMap { $0 }
        let pieces = ["first", "Name", "NAME", "e", "-", "Mail", "_", " ", ".", "URL", "Id", "ID", "2", "42", "x", "X", "(", "#",
                      "linked", "In", "web", "Site", "aB", "Ab", "", "\t", "/"]
        var random = SeededGenerator(seed: 11)
        for _ in 0..<5_000 {
            headers.append((0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        var ascii = 0
        for header in headers {
            guard HeaderTokens.asciiWords(header) != nil else { continue }
            ascii += 1
            #expect(HeaderTokens.tokens(of: header) == HeaderTokens.generalTokens(of: header), "\(header)")
        }
        #expect(ascii > 4_000)
    }

    @Test("e-mail: the 16-byte-block check decides and writes what the one-pass and careful paths do, or steps aside")
    func plainEmails() {
        // Local parts, domains and the bytes around the rules' edges: dots first, last and
        // doubled, hyphens at label edges, digits-only and one-letter last labels, `_` `+` in
        // the domain, a second @, upper case, lengths about 64, and bytes the block check leaves
        // to the other paths.
        let locals = ["a", "jane.doe", "Jane.Doe", ".jane", "jane.", "ja..ne", "j_d+tag", "j-d", "x" + String(repeating: "y", count: 50),
                      String(repeating: "z", count: 64), String(repeating: "z", count: 65), "", "é", "a!b", "JOHN_O'NEIL"]
        let domains = ["example.com", "EXAMPLE.COM", "ex-ample.co.uk", "-ex.com", "ex-.com", "ex.-com", "ex.com-", "ex..com",
                       ".ex.com", "ex.com.", "ex.c", "ex.12", "ex.1a", "123.com", "ex_ample.com", "ex+a.com", "a.b", "ab",
                       "ex@ample.com", "münchen.de", "x.y.z.w.io", String(repeating: "d", count: 40) + ".com", "ex.com ", " ex.com"]
        var random = SeededGenerator(seed: 5)
        var fast = 0
        var total = 0
        let general = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
        defer { general.deallocate() }
        for local in locals {
            for domain in domains {
                for variant in 0..<6 {
                    var value = Array(local.utf8) + [0x40] + Array(domain.utf8)
                    // Random changes: one byte replaced, or a character added at the end.
                    if variant > 0 {
                        let bytes = Array("aZ9.-_+@ <\"".utf8)
                        let byte = bytes.randomElement(using: &random)!
                        if variant % 2 == 0 && !value.isEmpty {
                            value[Int.random(in: 0..<value.count, using: &random)] = byte
                        } else {
                            value.append(byte)
                        }
                    }
                    total += 1
                    withView(value) { view, out in
                        if leadpipe_plain_email(view.base, view.count, general) >= 0 { fast += 1 }
                        let blocks = EmailAddress.normalize(view, to: out, tailIsReadable: true)
                        let onePass = EmailAddress.normalize(view, to: general, tailIsReadable: false)
                        #expect(blocks == onePass, "\(String(decoding: value, as: UTF8.self))")
                        if blocks.problem == nil {
                            #expect(Array(UnsafeBufferPointer(start: out, count: blocks.count))
                                == Array(UnsafeBufferPointer(start: general, count: onePass.count)))
                        }
                    }
                }
            }
        }
        #expect(fast > 100 && fast < total / 2, "block check taken \(fast) of \(total)")
    }

    @Test("memo: two values are equal exactly when every byte is, whatever the length")
    func memoEquality() {
        for count in 0...40 {
            let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            #expect(ValueMemo<Int>.equal(a, a.map { $0 }, count))
            for position in 0..<count {
                var b = a
                b[position] ^= 0x20
                #expect(!ValueMemo<Int>.equal(a, b, count), "length \(count), byte \(position)")
            }
        }
    }

    @Test("memo: remembered JSON comes back for exactly the value it was remembered for, short or long")
    func encodedMemoRecall() {
        // Values of every length up to 24, many differing in one byte (the middle, the ends), so
        // that the recent-values slots collide and are replaced often.
        var values: [[UInt8]] = []
        for length in 1...24 {
            for variant in 0..<30 {
                var value = (0..<length).map { UInt8(ascii: "a") &+ UInt8(($0 &* 7) % 26) }
                value[variant % length] = UInt8(ascii: "A") &+ UInt8(variant % 26)
                if !values.contains(value) { values.append(value) }
            }
        }
        var memo = EncodedMemo()
        defer { memo.deallocate() }
        let target = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { target.deallocate() }
        func json(_ index: Int) -> [UInt8] { Array("[\"v\(index)\"]".utf8) }
        // Half remembered; every value looked up three times in a scrambled order.
        for (index, value) in values.enumerated() where index % 2 == 0 {
            value.withUnsafeBufferPointer { bytes in
                json(index).withUnsafeBufferPointer { encoded in
                    memo.remember(ByteView(base: bytes.baseAddress!, count: bytes.count), encoded: encoded.baseAddress!,
                                  count: encoded.count, warnings: index % 4 == 0 ? .placeholderValue : [])
                }
            }
        }
        for round in 0..<3 {
            for step in 0..<values.count {
                let index = (step &* 37 &+ round &* 11) % values.count
                let found = values[index].withUnsafeBufferPointer { bytes in
                    memo.write(ByteView(base: bytes.baseAddress!, count: bytes.count), to: target)
                }
                if index % 2 == 0 {
                    #expect(found != nil, "value \(index) remembered")
                    if let found {
                        #expect(Array(UnsafeBufferPointer(start: target, count: found.count)) == json(index))
                        #expect(found.warnings == (index % 4 == 0 ? .placeholderValue : []))
                    }
                } else {
                    #expect(found == nil, "value \(index) never remembered")
                }
            }
        }
    }

    @Test("amounts: the one-pass common shapes write what the general parser writes, or step aside")
    func commonAmounts() {
        let befores = ["", "$", "$ ", "€", "€ ", "£", "¥ ", "USD ", "usd ", "EURO ", "US ", "-", "+", "(", "$-", " ", "₹"]
        let afters = ["", "$", " $", "€", " €", " EUR", "EUR", " EURO", " -", ")", "%", " ", "£"]
        let bodyBytes = Array("0123456789.., '".utf8)
        var random = SeededGenerator(seed: 11)
        var fast = 0
        var total = 0
        for before in befores {
            for after in afters {
                for _ in 0..<60 {
                    // Mostly digits with separators where people put them; sometimes anything.
                    var body: [UInt8] = []
                    let shape = Int.random(in: 0..<3, using: &random)
                    let groups = Int.random(in: 1...4, using: &random)
                    for group in 0..<groups {
                        let length = group == 0 ? Int.random(in: 1...4, using: &random) : [2, 3, 3, 3, 4].randomElement(using: &random)!
                        body += (0..<length).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random) }
                        if group < groups - 1 {
                            body.append(shape == 2 ? bodyBytes.randomElement(using: &random)! : Array(".,  ".utf8)[Int.random(in: 0..<4, using: &random)])
                        }
                    }
                    if Int.random(in: 0..<3, using: &random) == 0 {
                        body += Array((Int.random(in: 0..<2, using: &random) == 0 ? "." : ",").utf8)
                        body += (0..<Int.random(in: 0...3, using: &random)).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random) }
                    }
                    if Int.random(in: 0..<8, using: &random) == 0 { body[0] = UInt8(ascii: "0") }
                    let value = Array(before.utf8) + body + Array(after.utf8)
                    total += 1
                    withView(value) { view, out in
                        // The body read on bit masks decides as the byte loop does.
                        let masks = NumberValue.commonAmount(view, to: out, tailIsReadable: true)
                        let maskBytes = masks.map { Array(UnsafeBufferPointer(start: out, count: $0.count)) }
                        guard let common = NumberValue.commonAmount(view, to: out) else {
                            #expect(masks == nil, "\(String(decoding: value, as: UTF8.self))")
                            return
                        }
                        #expect(masks == common, "\(String(decoding: value, as: UTF8.self))")
                        #expect(maskBytes == Array(UnsafeBufferPointer(start: out, count: common.count)))
                        fast += 1
                        let commonBytes = Array(UnsafeBufferPointer(start: out, count: common.count))
                        let general = NumberValue.generalDecimal(view, to: out)
                        #expect(general == common, "\(String(decoding: value, as: UTF8.self))")
                        #expect(Array(UnsafeBufferPointer(start: out, count: general.count)) == commonBytes,
                                "\(String(decoding: value, as: UTF8.self)): \(String(decoding: commonBytes, as: UTF8.self))")
                    }
                }
            }
        }
        #expect(fast > 1000 && fast < total / 2, "fast path taken \(fast) of \(total)")
    }

    @Test("phones: digits are collected as the byte-by-byte reading collects them")
    func phoneDigits() {
        let pieces = ["+", "0", "1", "44", "20", "4484", " ", "  ", "-", ".", "(", ")", "(0)", "/", "\t", "\u{A0}",
                      "x", " ext. ", "#", "Durchwahl", "a", "++", "\u{2013}", "00", "5555555"]
        var random = SeededGenerator(seed: 5)
        var collected = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            withView(Array(text.utf8)) { view, _ in
                var fast: (UInt64, UInt64, UInt64) = (0, 0, 0)
                var slow: (UInt64, UInt64, UInt64) = (0, 0, 0)
                let got = withUnsafeMutableBytes(of: &fast) {
                    PhoneNumber.collectDigits(view, into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
                let want = withUnsafeMutableBytes(of: &slow) { referenceDigits(view, into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
                #expect(got?.0 == want?.0 && got?.1 == want?.1, "\(text)")
                if let want, let got, got == want {
                    collected += 1
                    let fastDigits = withUnsafeBytes(of: &fast) { Array($0.prefix(want.0)) }
                    let slowDigits = withUnsafeBytes(of: &slow) { Array($0.prefix(want.0)) }
                    #expect(fastDigits == slowDigits, "\(text)")
                }
            }
        }
        #expect(collected > 2000)
    }

    @Test("phones: plainly written numbers give the E.164 the general reading gives, and are collapsed text")
    func plainPhones() {
        let pieces = ["+", "0", "1", "44", "20", "4484", " ", "  ", "-", ".", "(", ")", "(0)", "(0", "/", "\t", "\u{A0}",
                      "x", " ext. ", "00", "011", "5555555", "812", "8", "49"]
        var random = SeededGenerator(seed: 9)
        var plain = 0
        let general = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { general.deallocate() }
        for trial in 0..<20_000 {
            let text = (0..<Int.random(in: 1...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            // No country, a country with a trunk prefix (Germany), and North America.
            let countryIndex = [-1, CallingCountry.all.firstIndex { $0.callingCode == "49" }!,
                                CallingCountry.all.firstIndex { $0.callingCode == "1" }!][trial % 3]
            withView(Array(text.utf8)) { view, out in
                let trimmed = view.trimmed()
                guard let fast = PhoneNumber.plainE164(trimmed, countryIndex: countryIndex, to: out) else { return }
                plain += 1
                let slow = PhoneNumber.e164(trimmed, countryIndex: countryIndex, to: general)
                #expect(fast == slow, "\(text)")
                #expect(Array(UnsafeBufferPointer(start: out, count: fast)) == Array(UnsafeBufferPointer(start: general, count: slow)))
                #expect(ByteText.isCollapsed(trimmed, tailIsReadable: false), "\(text)")
            }
        }
        #expect(plain > 2000, "plain reading taken \(plain) times")
    }

    @Test("numbers: plain digits are written as the general parser writes them", arguments: [
        "0", "7", "000", "007", "10", "100", "0000000000000000001", "123456789012345678", "1234567890123456789",
        "999999999999999999",
    ])
    func plainDigits(_ text: String) {
        for kind in ["lead_score", "deal_value"] {
            let (value, problem, _) = normalized(text, kind)
            let stripped = String(text.drop { $0 == "0" })
            if text.count > 18 && kind == "lead_score" && stripped.count > 18 {
                #expect(problem == .numberOutOfRange, "\(text)")
            } else {
                #expect(problem == nil && value == .literal(stripped.isEmpty ? "0" : stripped), "\(text) as \(kind)")
            }
            withView(Array(text.utf8)) { view, out in
                let fast = NumberValue.plainDigits(view, to: out)
                #expect((fast != nil) == (text.count <= 18), "\(text)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure repeats.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How phone digits were collected before the branch-light loop: byte by byte, each byte
/// tested against the formatting characters in turn. The reference for the test above.
private func referenceDigits(_ value: ByteView, into digits: UnsafeMutablePointer<UInt8>) -> (Int, Bool)? {
    var count = 0
    var plus = false
    var index = 0
    while index < value.count {
        let byte = value[index]
        if ByteText.isDigit(byte) {
            guard count < 20 else { return nil }
            digits[count] = byte
            count += 1
        } else if byte == UInt8(ascii: "+") && count == 0 && !plus {
            plus = true
        } else if byte == UInt8(ascii: "(") && count > 0 && index + 2 < value.count && value[index + 1] == 0x30
            && value[index + 2] == UInt8(ascii: ")")
        {
            index += 3
            continue
        } else if byte == 0x20 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "(")
            || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "/") || byte == 0x09
        {
            // formatting
        } else if byte == 0xC2 && index + 1 < value.count && value[index + 1] == 0xA0 {
            index += 1
        } else if count > 0 && PhoneNumber.isExtension(value, at: index) {
            break
        } else {
            return nil
        }
        index += 1
    }
    return count >= 4 ? (count, plus) : nil
}
