/// A JSON document built in code, for reports (`sniff --json`, `bench --json`, import reports).
/// Object keys keep the order they were given in.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// An integer value of any width.
    public static func integer<I: BinaryInteger>(_ value: I) -> JSONValue { .int(Int64(value)) }

    /// The document as text, indented by two spaces per level (or on one line).
    public func serialized(pretty: Bool = true) -> String {
        let output = OutputBuffer(capacity: 4096)
        write(to: output, indent: pretty ? 0 : nil)
        if pretty { output.append(UInt8(ascii: "\n")) }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    func write(to output: OutputBuffer, indent: Int?) {
        switch self {
        case .null: output.append("null" as StaticString)
        case .bool(let value): output.append(value ? "true" as StaticString : "false" as StaticString)
        case .int(let value): output.append(String(value))
        case .double(let value):
            if value.isFinite {
                // Shortest round-trip form; integers keep a ".0" out of JSON for tidiness.
                let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                output.append(text)
            } else {
                output.append("null" as StaticString)
            }
        case .string(let value): JSONString.append(value, to: output)
        case .array(let values):
            writeContainer(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: values.count, to: output, indent: indent) { index, inner in
                values[index].write(to: output, indent: inner)
            }
        case .object(let members):
            writeContainer(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: members.count, to: output, indent: indent) { index, inner in
                JSONString.append(members[index].0, to: output)
                output.append(indent == nil ? ":" as StaticString : ": " as StaticString)
                members[index].1.write(to: output, indent: inner)
            }
        }
    }

    private func writeContainer(
        open: UInt8, close: UInt8, count: Int, to output: OutputBuffer, indent: Int?,
        element: (Int, Int?) -> Void
    ) {
        output.append(open)
        guard count > 0 else {
            output.append(close)
            return
        }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if let inner {
                output.append(UInt8(ascii: "\n"))
                output.append(String(repeating: " ", count: inner))
            }
            element(index, inner)
        }
        if let indent {
            output.append(UInt8(ascii: "\n"))
            output.append(String(repeating: " ", count: indent))
        }
        output.append(close)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}
