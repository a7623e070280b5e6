import LeadpipeEncoding
import LeadpipePipeline
import LeadpipeSchema
import LeadpipeTokenizer

#if canImport(Glibc)
import Glibc
#endif

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    var text = text
    if !text.hasSuffix("\n") { text += "\n" }
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

/// The human-readable reports.
enum Summary {
    static func convert(_ report: ConvertReport) -> String {
        var lines: [String] = []
        lines.append(
            "leadpipe: \(report.input): \(grouped(report.rows)) rows → \(report.output)  "
                + "(\(megabytes(report.bytes)) in \(seconds(report.seconds)), \(rate(report.megabytesPerSecond)))")
        lines.append("  read as: " + describe(report))
        if report.encoding.encoding != .utf8 || report.repairs[RepairKind.legacyBytes.rawValue].count > 0 {
            lines.append("  encoding: " + report.encoding.evidence.joined(separator: "; "))
        }
        var skipped: [String] = []
        if report.sniff.preambleLines > 0 {
            skipped.append("\(plural(report.sniff.preambleLines, "preamble line")) above the header")
        }
        if report.blankLines > 0 { skipped.append(plural(report.blankLines, "blank line")) }
        if !skipped.isEmpty { lines.append("  skipped: " + skipped.joined(separator: ", ")) }
        if report.shortRows.count > 0 {
            lines.append("  ragged: \(plural(report.shortRows.count, "row")) with missing fields (written as null), "
                + "lines \(list(report.shortRows))")
        }
        if report.longRows.count > 0 {
            lines.append("  ragged: \(plural(report.longRows.count, "row")) with surplus fields (kept under \"_extra\"), "
                + "lines \(list(report.longRows))")
        }
        let stats = report.tokenizer
        if stats.textAfterClosingQuote > 0 {
            let examples = report.anomalies.first.filter { $0.kind == .textAfterClosingQuote }
            lines.append("  quoting: \(plural(stats.textAfterClosingQuote, "field")) with text after the closing quote, kept as written "
                + "(\(positions(examples, total: stats.textAfterClosingQuote)))")
        }
        for event in report.anomalies.first where event.kind == .runawayQuote || event.kind == .quoteOpenAtEndOfInput {
            lines.append("  " + message(for: event, limits: report.limits))
        }
        if stats.runawayQuotes > report.anomalies.first.filter({ $0.kind == .runawayQuote || $0.kind == .quoteOpenAtEndOfInput }).count {
            lines.append("  … \(plural(stats.runawayQuotes, "runaway quote")) in all")
        }
        for event in report.anomalies.first where event.kind == .recordTooLong {
            lines.append("  " + message(for: event, limits: report.limits))
        }
        for kind in RepairKind.allCases where report.repairs[kind.rawValue].count > 0 {
            let rows = report.repairs[kind.rawValue]
            lines.append("  repaired: \(plural(rows.count, "row")) — \(kind.summary), lines \(list(rows))")
        }
        if report.rowsWithUndecodable.count > 0 {
            lines.append("  flagged: \(plural(report.rowsWithUndecodable.count, "row")) hold U+FFFD where bytes could not be decoded, "
                + "lines \(list(report.rowsWithUndecodable))")
        }
        for warning in report.inputWarnings + report.sniff.warnings { lines.append("  warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    static func importReport(_ report: ImportReport) -> String {
        var lines: [String] = []
        let isPipeline = report.outDirectory != nil
        let fates = isPipeline
            ? "\(grouped(report.added)) added, \(grouped(report.duplicates)) duplicates, \(grouped(report.rejected)) rejected"
            : "\(grouped(report.accepted)) accepted, \(grouped(report.rejected)) rejected"
        lines.append(
            "leadpipe: \(report.input): \(grouped(report.rowsRead)) rows read → \(fates)  (\(megabytes(report.bytes)) in "
                + "\(seconds(report.seconds)), \(rate(report.megabytesPerSecond)))")
        var readAs: [String] = []
        if let compression = report.compression { readAs.append(compression) }
        readAs.append(report.encoding.encoding.rawValue + (report.encodingWasGiven ? " (given)" : ""))
        readAs.append(report.sniff.dialect.description)
        readAs.append(report.plan.headerWidth > 0 ? "header with \(plural(report.plan.headerWidth, "column"))" : "no header")
        lines.append("  read as: " + readAs.joined(separator: ", "))
        let plan = report.plan
        let mapped = plan.columns.filter { $0.field != nil }
        let unmapped = plan.columns.filter { $0.field == nil && $0.basis != .leadpipeColumn }
        var mapping = "\(mapped.count) of \(plan.columns.count) columns mapped"
        if !unmapped.isEmpty {
            let kept = unmapped.filter { $0.keptAs != nil }
            let names = unmapped.prefix(6).map { "\"\($0.header)\"" }.joined(separator: ", ") + (unmapped.count > 6 ? ", …" : "")
            mapping += kept.isEmpty ? "; dropped: \(names)" : "; kept unmapped: \(names)"
        }
        lines.append("  mapping: \(mapping)  (`leadpipe map` shows it)")
        for note in plan.notes { lines.append("  note: \(note)") }
        if isPipeline {
            let target = report.shards.isEmpty
                ? report.output
                : "\(report.outDirectory!)/" + (report.shards.count == 1 ? report.shards[0].file : "\(report.shards[0].file) … \(report.shards.last!.file) (\(report.shards.count) shards)")
            lines.append("  added: \(plural(report.added, "row")) → \(target)")
            if report.duplicates > 0 || report.duplicatesPath != nil {
                lines.append("  duplicates: \(plural(report.duplicates, "row")) (first row kept)" + (report.duplicatesPath.map { " → \($0)" } ?? ""))
                for example in report.duplicateExamples.first.prefix(3) {
                    lines.append("      line \(example.line): same \(example.matchedOn == "email" ? "e-mail" : "LinkedIn profile") as line \(example.duplicateOf)")
                }
            }
        } else {
            lines.append("  accepted: \(plural(report.accepted, "row")) → \(report.output)")
        }
        if report.rejected > 0 || report.rejectsPath != nil {
            lines.append("  rejected: \(plural(report.rejected, "row"))" + (report.rejectsPath.map { " → \($0) (fix and import again)" } ?? ""))
        }
        let codes = RejectCode.allCases.enumerated().filter { report.rejections[$0.offset].count > 0 }
            .sorted { report.rejections[$0.offset].count > report.rejections[$1.offset].count }
        for (index, code) in codes {
            let examples = report.rejections[index]
            lines.append("    \(code.rawValue): \(grouped(examples.count)) — \(code.summary)")
            for example in examples.first.prefix(3) {
                lines.append("      line \(example.line): \(example.reason)")
            }
        }
        let warned = WarningCode.allCases.enumerated().filter { report.warnings[$0.offset].count > 0 }
        if !warned.isEmpty {
            lines.append("  warnings (rows kept):")
            for (index, code) in warned {
                let rows = report.warnings[index]
                lines.append("    \(code.rawValue): \(plural(rows.count, "row")) — \(code.summary), lines \(list(rows))")
            }
        }
        if report.sniff.preambleLines > 0 || report.blankLines > 0 {
            var skipped: [String] = []
            if report.sniff.preambleLines > 0 { skipped.append("\(plural(report.sniff.preambleLines, "preamble line")) above the header") }
            if report.blankLines > 0 { skipped.append(plural(report.blankLines, "blank line")) }
            lines.append("  skipped: " + skipped.joined(separator: ", ") + " (not rows)")
        }
        for event in report.anomalies.first where event.kind != .textAfterClosingQuote {
            lines.append("  " + message(for: event, limits: TokenizerLimits.default))
        }
        for kind in RepairKind.allCases where report.repairs[kind.rawValue].count > 0 {
            let rows = report.repairs[kind.rawValue]
            lines.append("  repaired: \(plural(rows.count, "row")) — \(kind.summary), lines \(list(rows))")
        }
        for warning in report.inputWarnings + report.sniff.warnings { lines.append("  warning: \(warning)") }
        if isPipeline {
            if let path = report.reportPath { lines.append("  report: \(path)") }
            lines.append(
                "  check: \(grouped(report.rowsRead)) read = \(grouped(report.added)) added + \(grouped(report.duplicates)) duplicates + "
                    + "\(grouped(report.rejected)) rejected")
        } else {
            lines.append("  check: \(grouped(report.rowsRead)) read = \(grouped(report.accepted)) accepted + \(grouped(report.rejected)) rejected")
        }
        return lines.joined(separator: "\n")
    }

    static func message(for event: TokenizerEvent, limits: TokenizerLimits) -> String {
        switch event.kind {
        case .runawayQuote:
            return "runaway quote: line \(event.line), column \(event.column): the quote opened there was still open "
                + "after \(bytes(limits.maxFieldBytes)) (--max-field-bytes); the field was re-read with the quote taken literally"
        case .quoteOpenAtEndOfInput:
            return "unterminated quote: line \(event.line), column \(event.column): the quote opened there never closed; "
                + "the field was re-read with the quote taken literally"
        case .recordTooLong:
            return "record too long: line \(event.line): the row was longer than \(bytes(limits.maxRecordBytes)); "
                + "it keeps its first \(plural(event.column - 1, "field")), the rest was skipped"
        case .textAfterClosingQuote:
            return "text after closing quote: line \(event.line), column \(event.column)"
        }
    }

    static func describe(_ report: ConvertReport) -> String {
        let sniff = report.sniff
        var parts: [String] = []
        if let compression = report.compression { parts.append(compression) }
        parts.append(report.encoding.encoding.rawValue + (report.encodingWasGiven ? " (given)" : ""))
        parts.append(sniff.dialect.description)
        if let columns = report.columns {
            parts.append("header with \(plural(columns.count, "column"))")
        } else {
            parts.append("no header")
        }
        parts.append("\(sniff.lineEndings.rawValue) line endings")
        return parts.joined(separator: ", ")
    }

    static func positions(_ events: [TokenizerEvent], total: Int) -> String {
        let shown = events.map { "line \($0.line) column \($0.column)" }.joined(separator: ", ")
        return total > events.count ? shown + ", …" : shown
    }

    static func list(_ examples: Examples<Int>) -> String {
        let shown = examples.first.map(grouped).joined(separator: ", ")
        return examples.count > examples.first.count ? shown + ", …" : shown
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    /// 1234567 → "1,234,567".
    static func grouped<I: BinaryInteger>(_ value: I) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes >= 1_000_000 ? "\(fixed(Double(bytes) / 1e6, 1)) MB" : "\(grouped(bytes)) bytes"
    }

    /// 4194304 → "4 MiB".
    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 && count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10 && count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return plural(count, "byte")
    }

    static func seconds(_ value: Double) -> String { "\(fixed(value, 2)) s" }

    static func rate(_ megabytesPerSecond: Double) -> String { "\(fixed(megabytesPerSecond, 0)) MB/s" }

    /// `value` with `digits` decimals, without Foundation.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        let whole = Int(scaled / scale)
        if digits == 0 { return String(whole) }
        var fraction = String(Int(abs(scaled).truncatingRemainder(dividingBy: scale)))
        while fraction.count < digits { fraction = "0" + fraction }
        return (scaled < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
