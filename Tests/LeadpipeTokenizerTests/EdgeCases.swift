import LeadpipeTokenizer
import Testing

/// One input with the records it must produce. The table is the tokenizer's specification in
/// examples; README.md states the same rules in words.
struct EdgeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: [UInt8]
    var dialect: Dialect = .csv
    var limits: TokenizerLimits = .default
    var expected: [[String]]
    var blankLines = 0
    var events: [TokenizerEvent.Kind] = []
    var lines: [Int]? = nil

    var testDescription: String { name }

    init(
        _ name: String, _ input: String, dialect: Dialect = .csv, limits: TokenizerLimits = .default,
        _ expected: [[String]], blankLines: Int = 0, events: [TokenizerEvent.Kind] = [], lines: [Int]? = nil
    ) {
        self.name = name
        self.input = Array(input.utf8)
        self.dialect = dialect
        self.limits = limits
        self.expected = expected
        self.blankLines = blankLines
        self.events = events
        self.lines = lines
    }
}

let tiny = TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 10)
let semicolon = Dialect(delimiter: UInt8(ascii: ";"))
let tab = Dialect(delimiter: 0x09)
let singleQuote = Dialect(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "'"))
let unquoted = Dialect(delimiter: UInt8(ascii: ","), quote: nil)

let edgeCases: [EdgeCase] = [
    EdgeCase("LF", "a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]], lines: [1, 2]),
    EdgeCase("CRLF", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]], lines: [1, 2]),
    EdgeCase("lone CR", "a,b\r1,2\r", [["a", "b"], ["1", "2"]], lines: [1, 2]),
    EdgeCase("mixed endings, no final newline", "a,b\n1,2\r\n3,4\r5,6",
             [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]], lines: [1, 2, 3, 4]),
    EdgeCase("quoted delimiter", "\"a,b\",c\n", [["a,b", "c"]]),
    EdgeCase("doubled quotes", "\"he said \"\"hi\"\"\",x", [["he said \"hi\"", "x"]]),
    EdgeCase("quoted CRLF and LF", "\"line1\r\nline2\nline3\",z\nnext,row",
             [["line1\r\nline2\nline3", "z"], ["next", "row"]], lines: [1, 4]),
    EdgeCase("quoted lone CR", "\"a\rb\",c\rd", [["a\rb", "c"], ["d"]], lines: [1, 3]),
    EdgeCase("empty fields", ",,\n", [["", "", ""]]),
    EdgeCase("empty quoted fields", "\"\",\"\"\n", [["", ""]]),
    EdgeCase("single empty quoted field", "\"\"\n", [[""]]),
    EdgeCase("no final newline", "a,b", [["a", "b"]]),
    EdgeCase("trailing delimiter", "a,b,\n", [["a", "b", ""]]),
    EdgeCase("trailing delimiter at end of input", "a,", [["a", ""]]),
    EdgeCase("blank lines", "a\n\n\nb\n", [["a"], ["b"]], blankLines: 2, lines: [1, 4]),
    EdgeCase("blank lines CRLF", "a\r\n\r\nb", [["a"], ["b"]], blankLines: 1, lines: [1, 3]),
    EdgeCase("blank lines CR", "a\r\r\rb", [["a"], ["b"]], blankLines: 2, lines: [1, 4]),
    EdgeCase("leading blank lines", "\n\r\n\ra", [["a"]], blankLines: 3, lines: [4]),
    EdgeCase("only a newline", "\n", [], blankLines: 1),
    EdgeCase("empty input", "", []),
    EdgeCase("space after closing quote", "\"a\" ,b\n", [["a", "b"]]),
    EdgeCase("space before opening quote", " \"a\",b", [["a", "b"]]),
    EdgeCase("padding both sides", "  \"a, x\" \t ,  b  ", [["a, x", "  b  "]]),
    EdgeCase("padding around a quote before the line end", "\"a\"  \r\nb", [["a"], ["b"]]),
    EdgeCase("padding longer than the field limit keeps the quote literal", "    \"a\",b",
             limits: TokenizerLimits(maxFieldBytes: 3, maxRecordBytes: 100), [["    \"a\"", "b"]]),
    EdgeCase("stray quote in unquoted field", "ab\"c,d\n", [["ab\"c", "d"]]),
    EdgeCase("stray quotes keep the field unquoted", "a\"b,c\"d\n", [["a\"b", "c\"d"]]),
    EdgeCase("quote after text after padding", " x\"y\",z", [[" x\"y\"", "z"]]),
    EdgeCase("text after closing quote", "\"ab\"c,d\n", [["ab\"c", "d"]], events: [.textAfterClosingQuote]),
    EdgeCase("text after doubled quote", "\"a\"\"b\" x,y", [["a\"b\" x", "y"]], events: [.textAfterClosingQuote]),
    EdgeCase("second quoted part", "\"a\" \"b\",c", [["a\" \"b\"", "c"]], events: [.textAfterClosingQuote]),
    EdgeCase("text after closing quote at end", "x,\"ab\"c", [["x", "ab\"c"]], events: [.textAfterClosingQuote]),
    EdgeCase("four quotes", "\"\"\"\"", [["\""]]),
    EdgeCase("quote doubled at end", "\"a\"\"\"", [["a\""]]),
    EdgeCase("quote open at end of input", "a,\"bc\nd,e\n", [["a", "\"bc"], ["d", "e"]],
             events: [.quoteOpenAtEndOfInput], lines: [1, 2]),
    EdgeCase("lone quote", "\"", [["\""]], events: [.quoteOpenAtEndOfInput]),
    EdgeCase("doubled quote then end", "\"a\"\"", [["\"a\"\""]], events: [.quoteOpenAtEndOfInput]),
    EdgeCase("runaway quote", "a,\"0123456789abc\",b\nc,d\n", limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 100),
             [["a", "\"0123456789abc\"", "b"], ["c", "d"]], events: [.runawayQuote]),
    EdgeCase("runaway quote across lines", "\"12345\n6789\nabc\n", limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 100),
             [["\"12345"], ["6789"], ["abc"]], events: [.runawayQuote], lines: [1, 2, 3]),
    EdgeCase("a quote past a runaway's reach opens again", "\"abcdefghij\n\"x,y\"\n",
             limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 100),
             [["\"abcdefghij"], ["x,y"]], events: [.runawayQuote]),
    EdgeCase("quotes within a runaway's reach stay literal", "\"ab\n\"\"cdefghijk\n",
             limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 100),
             [["\"ab"], ["\"\"cdefghijk"]], events: [.runawayQuote]),
    EdgeCase("field of exactly the limit", "\"12345678\",x", limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 100),
             [["12345678", "x"]]),
    EdgeCase("record too long", "aaaa,bbbb,cccc,dddd\nx,y\n", limits: tiny,
             [["aaaa", "bbbb"], ["x", "y"]], events: [.recordTooLong]),
    EdgeCase("record too long at end of input", "x\naaaa,bbbb,cccc", limits: tiny,
             [["x"], ["aaaa", "bbbb"]], events: [.recordTooLong]),
    EdgeCase("first field too long", "aaaaaaaaaaaaaaa,b\nc", limits: tiny,
             [[], ["c"]], events: [.recordTooLong]),
    EdgeCase("single quote dialect", "'a,b',c\n'it''s',\"x\"", dialect: singleQuote, [["a,b", "c"], ["it's", "\"x\""]]),
    EdgeCase("no quoting", "\"a,b\",c", dialect: unquoted, [["\"a", "b\"", "c"]]),
    EdgeCase("tab delimited", "a\tb\n\"x\ty\"\tz", dialect: tab, [["a", "b"], ["x\ty", "z"]]),
    EdgeCase("tab is not padding when it delimits", "\t\"a\"", dialect: tab, [["", "a"]]),
    EdgeCase("semicolon", "a;b\n1,5;2", dialect: semicolon, [["a", "b"], ["1,5", "2"]]),
    EdgeCase("quoted field then CRLF", "\"a\"\r\nb", [["a"], ["b"]]),
    EdgeCase("multibyte UTF-8", "José,Müller\n山田,🙂", [["José", "Müller"], ["山田", "🙂"]]),
    EdgeCase("long plain fields", String(repeating: "x", count: 200) + "," + String(repeating: "y", count: 130) + "\n",
             [[String(repeating: "x", count: 200), String(repeating: "y", count: 130)]]),
    EdgeCase("long quoted field with commas", "\"" + String(repeating: "a,b\"\" ", count: 40) + "\",z",
             [[String(repeating: "a,b\" ", count: 40), "z"]]),
]
