import LeadpipeEncoding
import LeadpipeOutput
import LeadpipeSchema
import LeadpipeTokenizer

// The row loop both imports share. `import -o FILE` runs it on each tokenized buffer on the
// calling thread; the concurrent pipeline runs it on each job in a worker. Either way a row
// is filled, mapped, and either written as NDJSON or rejected with a sentence (and a
// rejected.csv line), and what happened to it goes into ``RowFindings``.

/// What happened to a run of rows (a batch's, or a whole import's): counts, and examples for
/// the report and the summary.
struct RowFindings {
    var rowsRead = 0
    var accepted = 0
    var rejected = 0
    /// Indexed like ``RejectCode/allCases``.
    var rejections = RejectCode.allCases.map { _ in Examples<RejectExample>(limit: 5) }
    /// Indexed like ``WarningCode/allCases``: the lines with each warning.
    var warnings = WarningCode.allCases.map { _ in Examples<Int>() }
    /// Indexed by ``RepairKind/rawValue``: the lines with each repair.
    var repairs = RepairKind.allCases.map { _ in Examples<Int>() }
    var rowsWithUndecodable = Examples<Int>()

    /// Adds `other`'s rows, which come after these in the input.
    mutating func merge(_ other: RowFindings) {
        rowsRead += other.rowsRead
        accepted += other.accepted
        rejected += other.rejected
        for index in rejections.indices { rejections[index].merge(other.rejections[index]) }
        for index in warnings.indices { warnings[index].merge(other.warnings[index]) }
        for index in repairs.indices { repairs[index].merge(other.repairs[index]) }
        rowsWithUndecodable.merge(other.rowsWithUndecodable)
    }
}

extension ImportReport {
    /// Takes the counts and examples of `findings` (the whole run's).
    mutating func record(_ findings: RowFindings) {
        rowsRead = findings.rowsRead
        accepted = findings.accepted
        rejected = findings.rejected
        rejections = findings.rejections
        warnings = findings.warnings
        repairs = findings.repairs
        rowsWithUndecodable = findings.rowsWithUndecodable
    }
}

/// One row's fate as the row loop saw it.
struct RowOutcome {
    var line: Int
    var record: Int32
    var accepted: Bool
    /// End of the row's NDJSON in ``MappedRows/ndjson`` (accepted rows).
    var end: Int
    var email: KeyHash?
    var linkedin: KeyHash?
}

/// What the row loop made of some rows.
final class MappedRows {
    /// Accepted rows, one NDJSON line each.
    let ndjson = OutputBuffer(capacity: 1 << 20)
    /// Rejected rows as rejected.csv lines.
    let rejectedCSV = OutputBuffer(capacity: 64 << 10)
    // @exclusivity(unchecked): one thread at a time owns a MappedRows (a worker, then the
    // ordered stage after the hand-over), and nothing touching these calls back into it;
    // spares the run-time access checks on every row.
    /// Each row's fate, for the pipeline's ordered stage (not kept when `keepsOutcomes` is off).
    @exclusivity(unchecked) var outcomes: [RowOutcome] = []
    var keepsOutcomes = true
    @exclusivity(unchecked) var findings = RowFindings()
}

/// The row loop's state: one per thread.
final class BatchMapper {
    // @exclusivity(unchecked): one mapper per thread, and nothing touching these calls back
    // into it; spares the run-time access checks on every row.
    @exclusivity(unchecked) private var values = RowValues()
    @exclusivity(unchecked) private var repairer: FieldRepairer
    private let mapper: LeadRowMapper
    private let csv = CSVWriter()
    /// The sentence of the current rejection.
    private let reason = OutputBuffer(capacity: 1024)
    private let columnNames: [String]
    private let columnNameBytes: [[UInt8]]
    private let quote: UInt8
    private let writeRejects: Bool

    /// - Parameter computesKeys: hash each accepted row's dedupe keys into its outcome.
    init(plan: ImportPlan, columnNames: [String], repairer: FieldRepairer, quote: UInt8, writeRejects: Bool, computesKeys: Bool) {
        mapper = LeadRowMapper(plan: plan)
        mapper.computesKeys = computesKeys
        self.repairer = repairer
        self.columnNames = columnNames
        columnNameBytes = columnNames.map { Array($0.utf8) }
        self.quote = quote
        self.writeRejects = writeRejects
    }

    /// Maps `records` of `batch` (whose bytes are `bytes`, with readable slack), appending to
    /// `result`. `rowBase`: data rows before these.
    func map(_ batch: RecordBatch, records: Range<Int>, bytes: UnsafeRawBufferPointer, rowBase: Int, into result: MappedRows) {
        let keepsOutcomes = result.keepsOutcomes
        if keepsOutcomes { result.outcomes.reserveCapacity(result.outcomes.count + records.count) }
        var row = rowBase
        for recordIndex in records {
            let line = batch.record(recordIndex).line
            row &+= 1
            result.findings.rowsRead &+= 1
            values.fill(recordIndex: recordIndex, batch: batch, bytes: bytes, quote: quote, repairer: &repairer)
            var warnings: WarningSet = []
            let invalidBefore = mapper.invalidWritten
            var outcome = RowOutcome(line: line, record: Int32(recordIndex), accepted: true, end: 0)
            if let rejection = mapper.map(values.view, into: result.ndjson, warnings: &warnings) {
                outcome.accepted = false
                result.findings.rejected &+= 1
                // The sentence is built in reused memory; Strings only for the summary's examples.
                reason.removeAll()
                appendReason(rejection, values: values.view, columns: columnNameBytes, to: reason)
                let codeIndex = RejectCode.allCases.firstIndex(of: rejection.code)!
                if result.findings.rejections[codeIndex].isFull {
                    result.findings.rejections[codeIndex].noteCount()
                } else {
                    result.findings.rejections[codeIndex].note(
                        example(rejection, values: values.view, line: line, record: row, columns: columnNames, reason: reason))
                }
                if writeRejects {
                    writeRejected(values.view, line: line, rejection: rejection, reason: reason, csv: csv, to: result.rejectedCSV)
                }
            } else {
                result.findings.accepted &+= 1
                outcome.end = result.ndjson.count
                outcome.email = mapper.emailKey
                outcome.linkedin = mapper.linkedinKey
            }
            if keepsOutcomes { result.outcomes.append(outcome) }
            // Set bits, not `allCases`: that is a lazily made global, checked on every use.
            var warningBits = warnings.rawValue
            while warningBits != 0 {
                result.findings.warnings[warningBits.trailingZeroBitCount].note(line)
                warningBits &= warningBits &- 1
            }
            var repairs = values.repairs
            if mapper.invalidWritten != invalidBefore { repairs.insert(RepairSet(.undecodable)) }
            if !repairs.isEmpty {
                for kind in RepairKind.allCases where repairs.contains(RepairSet(kind)) {
                    result.findings.repairs[kind.rawValue].note(line)
                }
                if repairs.contains(RepairSet(.undecodable)) { result.findings.rowsWithUndecodable.note(line) }
            }
        }
    }
}

/// Appends the sentence for a rejection to `reason`: the column, what is wrong, and the value
/// (at most 80 bytes) — "E-mail Address: an e-mail address needs an @ ("john at x")".
func appendReason(_ rejection: RowRejection, values: RowView, columns: [[UInt8]], to reason: OutputBuffer) {
    switch rejection.code {
    case .missingIdentifier:
        reason.append("no e-mail or LinkedIn profile (a row needs one to be a lead)")
    case .wrongFieldCount:
        reason.append(decimal: values.count)
        reason.append(" fields where the header has ")
        reason.append(decimal: columns.count)
        reason.append(": values are probably shifted")
    default:
        let message = rejection.problem?.message ?? rejection.code.summary
        guard let index = rejection.column else {
            reason.append(message)
            return
        }
        if index < columns.count {
            reason.append(columns[index])
        } else {
            reason.append("column ")
            reason.append(decimal: index + 1)
        }
        reason.append(": ")
        reason.append(message)
        reason.append(" (\"")
        let value = index < values.count ? values[index] : .empty
        var length = min(value.count, 80)
        // Cut at a character boundary.
        while length < value.count && length > 0 && value[length] & 0xC0 == 0x80 { length -= 1 }
        reason.append(UnsafeRawBufferPointer(start: value.base, count: length))
        if length < value.count { reason.append("…") }
        reason.append("\")")
    }
}

/// The summary's example of a rejection.
func example(
    _ rejection: RowRejection, values: RowView, line: Int, record: Int, columns: [String], reason: OutputBuffer
) -> RejectExample {
    var column: String? = nil
    var value: String? = nil
    if let index = rejection.column {
        column = index < columns.count ? columns[index] : "column \(index + 1)"
        let text = index < values.count ? values[index].string : ""
        value = text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
    let sentence = reason.withBytes { String(decoding: $0, as: UTF8.self) }
    return RejectExample(line: line, record: record, column: column, value: value, reason: sentence)
}

/// Appends a rejected row to `rejected.csv`: line, reason_code and reason first (so a row
/// with surplus fields keeps them all), then its values in the file's column order; cells that
/// a spreadsheet would run as formulas are guarded.
func writeRejected(
    _ values: RowView, line: Int, rejection: RowRejection, reason: OutputBuffer, csv: CSVWriter, to output: OutputBuffer
) {
    output.append(decimal: line)
    output.append(csv.delimiter)
    output.append(rejection.code.rawValue)
    output.append(csv.delimiter)
    reason.withBytes { csv.appendSafeField($0, to: output) }
    appendValues(values, csv: csv, to: output)
}

/// Appends a duplicate row to `duplicates.csv`: its line, the line it repeats and the key that
/// matched, then its values.
func writeDuplicate(_ values: RowView, line: Int, original: Int, key: String, csv: CSVWriter, to output: OutputBuffer) {
    output.append(decimal: line)
    output.append(csv.delimiter)
    output.append(decimal: original)
    output.append(csv.delimiter)
    output.append(key)
    appendValues(values, csv: csv, to: output)
}

/// Appends a row's values to a row file, each after a delimiter and spreadsheet-safe, then the
/// line end: the room for all of them reserved once, each written straight into it.
func appendValues(_ values: RowView, csv: CSVWriter, to output: OutputBuffer) {
    // 16 more for the last block a value is copied in.
    var room = 17
    for column in 0..<values.count { room &+= 1 &+ CSVWriter.maxFieldBytes(values[column].count) }
    let target = output.reserve(room)
    var written = 0
    for column in 0..<values.count {
        target[written] = csv.delimiter
        written &+= 1
        let view = values[column]
        // Values have readable slack (see RowValues), and the room has 16 bytes to spare.
        written &+= csv.writeSafeField(UnsafeRawBufferPointer(start: view.base, count: view.count), to: target + written, tailIsReadable: true)
    }
    target[written] = UInt8(ascii: "\n")
    output.commit(written &+ 1)
}
