@_exported import LeadpipeGenerator
import LeadpipeTokenizer

/// Runs the fast tokenizer over `input` delivered in pieces, and returns what it produced in the
/// reference tokenizer's shape (absolute offsets), so the two can be compared directly.
///
/// - Parameters:
///   - nextPieceSize: the size of the next piece of new input (at least 1).
///   - maxCarried: receives the largest number of bytes carried between buffers.
public func tokenizeInPieces(
    _ input: [UInt8],
    dialect: Dialect,
    limits: TokenizerLimits = .default,
    firstLine: Int = 1,
    maxCarried: UnsafeMutablePointer<Int>? = nil,
    fastPathBlocks: UnsafeMutablePointer<Int>? = nil,
    nextPieceSize: () -> Int
) -> ReferenceTokenizer.Output {
    var tokenizer = Tokenizer(dialect: dialect, limits: limits, firstLine: firstLine)
    var batch = RecordBatch(fieldCapacity: 16)
    var output = ReferenceTokenizer.Output()
    var carried: [UInt8] = []
    var bufferOffset = 0
    var position = 0
    repeat {
        let size = max(1, nextPieceSize())
        let end = min(input.count, position + size)
        let buffer = carried + input[position..<end]
        position = end
        let isFinal = position == input.count
        let consumed = buffer.withUnsafeBytes { tokenizer.tokenize($0, isFinal: isFinal, into: &batch) }
        for recordIndex in 0..<batch.count {
            let info = batch.record(recordIndex)
            let fields = batch.fieldIndices(ofRecord: recordIndex).map { index -> FieldRange in
                let field = batch.field(index)
                return FieldRange(
                    start: Int(field.start) + bufferOffset, end: Int(field.end) + bufferOffset, kind: field.kind)
            }
            output.records.append(.init(fields: fields, line: info.line, flags: info.flags))
        }
        output.events += batch.events
        carried = Array(buffer[consumed...])
        maxCarried?.pointee = max(maxCarried?.pointee ?? 0, carried.count)
        bufferOffset += consumed
        if isFinal { break }
    } while true
    output.stats = tokenizer.stats
    fastPathBlocks?.pointee = tokenizer.fastPathBlocks
    return output
}

/// The values of every record, un-escaped, as strings (invalid UTF-8 repaired).
public func values(of output: ReferenceTokenizer.Output, in input: [UInt8], dialect: Dialect) -> [[String]] {
    input.withUnsafeBytes { buffer in
        var scratch: [UInt8] = []
        return output.records.map { record in
            record.fields.map { field in
                RecordBatch.withValue(of: field, in: buffer, quote: dialect.quote, scratch: &scratch) {
                    String(decoding: $0, as: UTF8.self)
                }
            }
        }
    }
}
