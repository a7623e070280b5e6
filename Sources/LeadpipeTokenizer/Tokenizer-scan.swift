// The scan of `Tokenizer`: a fast bit-parallel path for regular blocks, the state machine for
// the rest, and what happens at the end of a buffer and of the input. The state table is at the
// top of Tokenizer.swift.

import CLeadpipeScan

private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D

/// Where a scan stands. Positions are offsets into the current buffer (negative once the bytes
/// they point at were consumed); `Tokenizer.finishBuffer` re-bases them for the next buffer.
struct ScanCursor: Sendable {
    enum State: UInt8, Sendable {
        case unquoted, literal, quoted, afterQuote
    }

    var state = State.unquoted
    var recordStart = 0
    var fieldStart = 0
    /// The 0-based index of the current field in its record.
    var fieldNumber = 0
    var openQuote = 0
    var closeQuote = 0
    /// Whether the open quoted field holds a doubled quote.
    var escaped = false
    var line: Int
    var recordLine: Int
    var lineAtOpenQuote = 0
    /// The position of the last CR seen, so that an LF right after it is not a second break.
    var crAt = -2
    /// Quotes that would open a field before this position are literal (after a runaway).
    var literalQuotesUntil = 0
    /// The record was cut at the record limit; its remaining fields are parsed but not kept.
    var discarding = false
    /// The current field was re-read after a runaway quote.
    var fieldRanAway = false
    /// Where the skipped part of a cut record began.
    var skippedFrom = 0
    var recordFlags: RecordFlags = []

    init(line: Int) {
        self.line = line
        recordLine = line
    }

    /// Moves every position back by `offset` bytes.
    mutating func rebase(by offset: Int) {
        recordStart -= offset
        fieldStart -= offset
        openQuote -= offset
        closeQuote -= offset
        skippedFrom -= offset
        crAt = max(crAt - offset, -2)
        literalQuotesUntil = max(literalQuotesUntil - offset, 0)
    }
}

extension Tokenizer {
    static let segmentBlocks = 64

    /// Scans `base[start..<count]`, appending fields and records to `batch`.
    ///
    /// Stage 1 (C, SIMD) classifies a segment of 64-byte blocks into bit masks. Stage 2 walks
    /// the blocks: runs of regular blocks go through `fastBlocks`, bit-parallel; any other block
    /// goes through `scalarBlock`, the state machine at each structural byte. Both leave exactly
    /// the same cursor behind, so they mix freely.
    mutating func scan(_ base: UnsafeRawPointer, count: Int, from start: Int, batch: inout RecordBatch) {
        // The segment's masks live in storage the tokenizer keeps (unshared, so a copy of a
        // tokenizer never writes into another's), so a scan allocates nothing.
        if !isKnownUniquelyReferenced(&segmentStorage) {
            segmentStorage = _GrowableStorage(capacity: Self.segmentBlocks)
        }
        let masks = segmentStorage.base
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let delimiter = dialect.delimiter
        let hasQuote: Int32 = dialect.quote == nil ? 0 : 1
        let quote = dialect.quote ?? delimiter
        var position = start
        var blockStart = start & ~63
        let fullBlocksEnd = count & ~63

        segmentLoop: while blockStart < count {
            let segmentCount: Int
            if blockStart < fullBlocksEnd {
                segmentCount = min(Self.segmentBlocks, (fullBlocksEnd - blockStart) >> 6)
                leadpipe_classify_blocks(bytes + blockStart, segmentCount, delimiter, quote, hasQuote, masks)
            } else {
                // The partial last block, through a zero-padded copy: NUL is never structural.
                segmentCount = 1
                withUnsafeTemporaryAllocation(byteCount: 64, alignment: 16) { block in
                    block.initializeMemory(as: UInt8.self, repeating: 0)
                    block.baseAddress!.copyMemory(from: base + blockStart, byteCount: count - blockStart)
                    leadpipe_classify_blocks(
                        block.baseAddress!.assumingMemoryBound(to: UInt8.self), 1, delimiter, quote, hasQuote, masks)
                }
            }
            // A byte ends at most one field and one record: make room for the whole segment.
            batch._fields.reserveCapacity(batch._fields.count + segmentCount * 64)
            batch._records.reserveCapacity(batch._records.count + segmentCount * 64)

            var index = 0
            while index < segmentCount {
                if position == blockStart {
                    let done = fastBlocks(
                        masks + index, blockCount: segmentCount - index, blockStart: blockStart,
                        bytes: bytes, count: count, batch: &batch)
                    index += done
                    blockStart += done * 64
                    position = blockStart
                    if index == segmentCount { break }
                }
                if let restart = scalarBlock(
                    masks[index], blockStart: blockStart, from: position, bytes: bytes, batch: &batch)
                {
                    position = restart
                    blockStart = restart & ~63
                    continue segmentLoop
                }
                index += 1
                blockStart += 64
                position = blockStart
            }
        }
    }

    /// Tokenizes consecutive regular blocks bit-parallel; returns how many it took (it stops at
    /// the first block it cannot take, which then goes through `scalarBlock`).
    ///
    /// A block qualifies when the cursor is at a plain state (no cut record, no doubled quote
    /// pending in an open field, no CR right before the block), no limit can be reached inside
    /// it, and its quotes are regular: every opening quote starts a field or doubles the quote
    /// before it, and every closing quote is followed by a separator or doubled. Then the quoted
    /// regions are the prefix XOR of the quote bits, and every separator outside them ends a field.
    ///
    /// - Precondition: `batch` has room for 64 more fields and records per block.
    @inline(never)
    mutating func fastBlocks(
        _ masks: UnsafePointer<LeadpipeBlockMasks>, blockCount: Int, blockStart firstBlockStart: Int,
        bytes: UnsafePointer<UInt8>, count: Int, batch: inout RecordBatch
    ) -> Int {
        let maxField = limits.maxFieldBytes
        guard maxField >= 64 else { return 0 }
        let maxRecord = limits.maxRecordBytes
        let delimiter = dialect.delimiter
        let hasQuote = dialect.quote != nil
        let quote = dialect.quote ?? delimiter
        var c = cursor
        let fields = batch._fields.storage.base
        var fieldCount = batch._fields.count
        let records = batch._records.storage.base
        var recordCount = batch._records.count
        var blankLines = 0
        var blockStart = firstBlockStart
        var done = 0
        // The index of the current record's first field; its field number is derived from it.
        var recordFirstField = fieldCount - c.fieldNumber

        while done < blockCount {
            let m = masks[done]
            guard !c.discarding,
                  blockStart + 64 < count,
                  c.crAt != blockStart - 1,
                  blockStart + 64 - c.recordStart <= maxRecord,
                  c.state == .unquoted
                    || (c.state == .quoted && !c.escaped && c.openQuote == c.fieldStart
                        && blockStart + 63 - c.openQuote <= maxField),
                  m.quote == 0 || blockStart >= c.literalQuotesUntil
            else { break }

            // Inside-quotes mask: prefix XOR of the quote bits, flipped if a quote is open.
            var x = m.quote
            x ^= x << 1
            x ^= x << 2
            x ^= x << 4
            x ^= x << 8
            x ^= x << 16
            x ^= x << 32
            let inside = c.state == .quoted ? ~x : x
            let separators = (m.delimiter | m.cr | m.lf) & ~inside
            let openings = m.quote & inside
            let closings = m.quote & ~inside
            let startsField = (separators << 1) | (c.state == .unquoted && c.fieldStart == blockStart ? 1 : 0)
            let next = bytes[blockStart + 64]
            let nextIsSeparator: UInt64 = next == delimiter || next == lf || next == cr ? 1 << 63 : 0
            guard openings & ~(startsField | (closings << 1)) == 0,
                  closings & ~((separators >> 1) | (m.quote >> 1) | nextIsSeparator) == 0
            else { break }

            let doubled = closings & (m.quote >> 1)
            // The LF of a CRLF is neither a line break nor a terminator of its own.
            let lfAfterCR = m.lf & (m.cr << 1)
            let lineBreaks = m.cr | (m.lf & ~(m.cr << 1))
            let terminators = separators & ~lfAfterCR
            let lineEnds = terminators & ~m.delimiter
            // An empty line: a line end right where a record starts.
            let blank = lineEnds & ((((m.cr | m.lf) & ~inside) << 1) | (c.recordStart == blockStart ? 1 : 0))
            let quotedStarts = openings & startsField

            // Fields, as two masks: where each field's value starts (after its terminator, after
            // a CRLF's LF, past an opening quote) and where it ends (at its terminator, or on its
            // closing quote). Empty lines are neither. The k-th end pairs with the k-th start; a
            // field already under way when the block began starts at the cursor.
            let crlfOutside = lfAfterCR & ~inside
            var starts = ((terminators << 1) & ~crlfOutside) | (crlfOutside << 1)
            var pendingStart = c.fieldStart
            if c.fieldStart == blockStart {
                starts |= 1
            } else if c.state == .quoted {
                pendingStart += 1
            }
            starts &= ~blank
            starts = (starts & ~quotedStarts) | ((starts & quotedStarts) << 1)
            var ends = terminators & ~blank
            ends = (ends & ~(closings << 1)) | ((ends >> 1) & closings)
            let fieldsBefore = fieldCount
            if c.fieldStart < blockStart && ends != 0 {
                let end = ends.trailingZeroBitCount
                ends &= ends &- 1
                let kind: FieldRange.Kind = doubled & ~(~UInt64(0) << UInt64(end)) != 0 ? .doubledQuotes : .plain
                fields[fieldCount] = FieldRange(start: pendingStart, end: blockStart &+ end, kind: kind)
                fieldCount &+= 1
            }
            if doubled == 0 {
                while ends != 0 {
                    let start = starts.trailingZeroBitCount
                    let end = ends.trailingZeroBitCount
                    starts &= starts &- 1
                    ends &= ends &- 1
                    fields[fieldCount] = FieldRange(start: blockStart &+ start, end: blockStart &+ end, kind: .plain)
                    fieldCount &+= 1
                }
            } else {
                while ends != 0 {
                    let start = starts.trailingZeroBitCount
                    let end = ends.trailingZeroBitCount
                    starts &= starts &- 1
                    ends &= ends &- 1
                    let between = (~UInt64(0) << UInt64(start)) & ~(~UInt64(0) << UInt64(end))
                    fields[fieldCount] = FieldRange(
                        start: blockStart &+ start, end: blockStart &+ end,
                        kind: doubled & between != 0 ? .doubledQuotes : .plain)
                    fieldCount &+= 1
                }
            }
            if terminators != 0 {
                let last = 63 - terminators.leadingZeroBitCount
                c.fieldStart = blockStart + last + 1 + Int(truncatingIfNeeded: (lfAfterCR >> UInt64(last + 1)) & 1)
            }

            // Records: one per line end that is not an empty line. Line breaks inside quoted
            // fields are rare; without them, the k-th line end of the block is its k-th line break.
            let quotedBreaks = lineBreaks & inside
            let lineAtBlockStart = c.line
            if lineEnds != 0 {
                let fieldEnds = terminators & ~blank
                var flags = c.recordFlags
                var bits = lineEnds
                var breaks = 0
                while bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let upToBit = ~UInt64(0) >> UInt64(63 &- bit)
                    let fieldEnd = fieldsBefore &+ (fieldEnds & upToBit).nonzeroBitCount
                    records[recordCount] = RecordInfo(
                        fieldEnd: Int32(truncatingIfNeeded: fieldEnd), flags: flags, line: c.recordLine)
                    recordCount &+= 1 &- Int(truncatingIfNeeded: (blank >> UInt64(bit)) & 1)
                    recordFirstField = fieldEnd
                    flags = []
                    breaks &+= 1
                    c.recordLine = lineAtBlockStart &+ breaks
                    if quotedBreaks != 0 { c.recordLine &+= (quotedBreaks & upToBit).nonzeroBitCount }
                }
                c.recordFlags = []
                if blank != 0 { blankLines &+= blank.nonzeroBitCount }
                let last = 63 - lineEnds.leadingZeroBitCount
                c.recordStart = blockStart + last + 1 + Int(truncatingIfNeeded: (lfAfterCR >> UInt64(last + 1)) & 1)
                c.line = lineAtBlockStart &+ breaks
            }
            if quotedBreaks != 0 { c.line &+= quotedBreaks.nonzeroBitCount }

            // The state the state machine would have left.
            let fieldStartBit = c.fieldStart - blockStart
            if inside >> 63 != 0 || closings >> 63 != 0 {
                if fieldStartBit >= 0 {
                    // The open field started in this block, with its quote.
                    c.openQuote = c.fieldStart
                    c.lineAtOpenQuote = lineAtBlockStart + (lineBreaks & ~(~UInt64(0) << UInt64(fieldStartBit))).nonzeroBitCount
                    c.escaped = doubled & (~UInt64(0) << UInt64(fieldStartBit)) != 0
                } else {
                    c.escaped = doubled != 0
                }
                if inside >> 63 != 0 {
                    c.state = .quoted
                } else {
                    c.state = .afterQuote
                    c.closeQuote = blockStart + 63
                }
            } else {
                c.state = .unquoted
            }
            if m.cr >> 63 != 0 { c.crAt = blockStart + 63 }
            blockStart += 64
            done += 1
        }

        c.fieldNumber = fieldCount - recordFirstField
        cursor = c
        batch._fields.count = fieldCount
        batch._records.count = recordCount
        stats.blankLines += blankLines
        fastPathBlocks += done
        return done
    }

    /// Runs the state machine at each structural byte of one block, from `position`.
    ///
    /// - Returns: where to re-scan from after a runaway quote, or `nil` to go on with the next block.
    /// - Precondition: `batch` has room for 64 more fields and records.
    mutating func scalarBlock(
        _ masks: LeadpipeBlockMasks, blockStart: Int, from position: Int, bytes: UnsafePointer<UInt8>,
        batch: inout RecordBatch
    ) -> Int? {
        let delimiter = dialect.delimiter
        let quote = dialect.quote ?? delimiter
        let maxField = limits.maxFieldBytes
        let maxRecord = limits.maxRecordBytes
        let fields = batch._fields.storage.base
        let records = batch._records.storage.base

        var mask = masks.quote | masks.delimiter | masks.cr | masks.lf
        if position > blockStart { mask &= ~0 << UInt64(position - blockStart) }

        while mask != 0 {
            let i = blockStart + mask.trailingZeroBitCount
            mask &= mask &- 1
            let byte = bytes[i]

            switch cursor.state {
            case .quoted:
                if byte == quote {
                    cursor.state = .afterQuote
                    cursor.closeQuote = i
                } else if byte == lf {
                    if cursor.crAt != i - 1 { cursor.line += 1 }
                } else if byte == cr {
                    cursor.crAt = i
                    cursor.line += 1
                }
                continue

            case .afterQuote:
                if byte == quote {
                    // Right after the closing quote: the second half of `""`. Later: text after
                    // the closing quote, judged when the field ends.
                    if i == cursor.closeQuote + 1 {
                        cursor.state = .quoted
                        cursor.escaped = true
                    }
                    continue
                }
                if cursor.closeQuote - cursor.openQuote - 1 > maxField {
                    recoverFromRunaway(.runawayQuote, events: &batch.events)
                    return cursor.openQuote + 1
                }
                if !cursor.discarding {
                    if i - cursor.recordStart > maxRecord {
                        truncateRecord(batch: &batch)
                    } else if i == cursor.closeQuote + 1 || isPadding(bytes, from: cursor.closeQuote + 1, to: i) {
                        fields[batch._fields.count] = FieldRange(
                            start: cursor.openQuote + 1, end: cursor.closeQuote,
                            kind: cursor.escaped ? .doubledQuotes : .plain)
                        batch._fields.count += 1
                    } else {
                        fields[batch._fields.count] = FieldRange(start: cursor.openQuote, end: i, kind: .irregular)
                        batch._fields.count += 1
                        noteTextAfterClosingQuote(events: &batch.events)
                    }
                }

            case .unquoted, .literal:
                if byte == delimiter || byte == lf || byte == cr {
                    if byte == lf && cursor.crAt == i - 1 {
                        // The LF of a CRLF: the CR already ended the record and counted the line.
                        cursor.recordStart = i + 1
                        cursor.fieldStart = i + 1
                        continue
                    }
                    if !cursor.discarding {
                        if i - cursor.recordStart > maxRecord {
                            truncateRecord(batch: &batch)
                        } else if i != cursor.recordStart || byte == delimiter {
                            fields[batch._fields.count] = FieldRange(start: cursor.fieldStart, end: i, kind: .plain)
                            batch._fields.count += 1
                        }
                    }
                } else {
                    // A quote in an unquoted field. It opens a quoted field only where the field
                    // starts (after at most maxFieldBytes of padding), and not inside a runaway's
                    // literal zone.
                    if cursor.state == .unquoted && i >= cursor.literalQuotesUntil
                        && (i == cursor.fieldStart
                            || (i - cursor.fieldStart <= maxField && isPadding(bytes, from: max(cursor.fieldStart, 0), to: i)))
                    {
                        cursor.state = .quoted
                        cursor.openQuote = i
                        cursor.escaped = false
                        cursor.lineAtOpenQuote = cursor.line
                    } else {
                        cursor.state = .literal
                    }
                    continue
                }
            }

            // `byte` ends the field; a CR or LF also ends the record. A field that was re-read
            // after a runaway quote marks its record, if the record keeps it.
            if cursor.fieldRanAway {
                if !cursor.discarding { cursor.recordFlags.insert(.runawayQuote) }
                cursor.fieldRanAway = false
            }
            cursor.state = .unquoted
            if byte == delimiter {
                cursor.fieldStart = i + 1
                cursor.fieldNumber += 1
                continue
            }
            cursor.line += 1
            if byte == cr { cursor.crAt = i }
            if cursor.discarding {
                stats.bytesSkipped += Int64(i - cursor.skippedFrom)
                cursor.discarding = false
            } else if i == cursor.recordStart {
                // An empty line: counted, never a record.
                stats.blankLines += 1
            } else {
                records[batch._records.count] = RecordInfo(
                    fieldEnd: Int32(batch._fields.count), flags: cursor.recordFlags, line: cursor.recordLine)
                batch._records.count += 1
            }
            cursor.recordStart = i + 1
            cursor.fieldStart = i + 1
            cursor.fieldNumber = 0
            cursor.recordFlags = []
            cursor.recordLine = cursor.line
        }
        return nil
    }

    /// Whether `bytes[from..<to]` are all padding (spaces or tabs that are not the delimiter).
    @inline(__always)
    func isPadding(_ bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Bool {
        var index = from
        while index < to {
            if !dialect.isPadding(bytes[index]) { return false }
            index += 1
        }
        return true
    }

    /// Records that the current quoted field has text after its closing quote.
    @inline(never)
    mutating func noteTextAfterClosingQuote(events: inout [TokenizerEvent]) {
        cursor.recordFlags.insert(.quotingAnomaly)
        stats.textAfterClosingQuote += 1
        events.append(TokenizerEvent(
            kind: .textAfterClosingQuote, line: cursor.line, recordLine: cursor.recordLine,
            column: cursor.fieldNumber + 1, byteOffset: inputOffset + Int64(cursor.closeQuote + 1)))
    }

    /// Reports a runaway quote and sets the cursor to re-read its field from just after the
    /// quote, with the quote literal, and with quotes literal for the stretch it covered.
    @inline(never)
    mutating func recoverFromRunaway(_ kind: TokenizerEvent.Kind, events: inout [TokenizerEvent]) {
        stats.runawayQuotes += 1
        events.append(TokenizerEvent(
            kind: kind, line: cursor.lineAtOpenQuote, recordLine: cursor.recordLine,
            column: cursor.fieldNumber + 1, byteOffset: inputOffset + Int64(cursor.openQuote)))
        cursor.literalQuotesUntil = cursor.openQuote + limits.maxFieldBytes + 2
        cursor.line = cursor.lineAtOpenQuote
        cursor.crAt = -2  // the byte at the quote is no CR, so no LF after it completes a CRLF
        cursor.fieldRanAway = true
        cursor.state = .literal
    }

    /// Commits the current record without its current field, as truncated, and starts skipping
    /// the rest of the record. The fields it keeps all ended within the record limit (a longer
    /// one would have cut it earlier).
    @inline(never)
    mutating func truncateRecord(batch: inout RecordBatch) {
        batch._records.append(RecordInfo(
            fieldEnd: Int32(batch._fields.count), flags: cursor.recordFlags.union(.truncated), line: cursor.recordLine))
        stats.truncatedRecords += 1
        batch.events.append(TokenizerEvent(
            kind: .recordTooLong, line: cursor.recordLine, recordLine: cursor.recordLine,
            column: cursor.fieldNumber + 1, byteOffset: inputOffset + Int64(cursor.fieldStart)))
        cursor.discarding = true
        cursor.skippedFrom = cursor.fieldStart
    }
}

// MARK: - Ends of buffers and of input

extension Tokenizer {
    /// After scanning a buffer that is not the last: settles what can be settled, keeps the
    /// unfinished record's fields for the next call, and re-bases every position.
    mutating func finishBuffer(base: UnsafeRawPointer, count: Int, batch: inout RecordBatch) -> Int {
        // A quoted field already longer than the limit is a runaway, wherever it would close.
        while (cursor.state == .quoted && count - cursor.openQuote - 1 > limits.maxFieldBytes)
            || (cursor.state == .afterQuote && cursor.closeQuote - cursor.openQuote - 1 > limits.maxFieldBytes)
        {
            restartAfterRunaway(.runawayQuote, base: base, count: count, batch: &batch)
        }
        // A quoted field that is open, or closed by the buffer's last byte (which a doubled quote
        // could reopen), may still run away and be re-read; so may a field that so far is only
        // padding, since a quote may yet open it.
        let mayRunAway = cursor.state == .quoted || (cursor.state == .afterQuote && cursor.closeQuote == count - 1)
        let mayOpenQuote = cursor.state == .unquoted && !cursor.discarding && cursor.fieldStart >= 0
            && count - cursor.fieldStart <= limits.maxFieldBytes
            && isPadding(base.assumingMemoryBound(to: UInt8.self), from: cursor.fieldStart, to: count)
        // A record already longer than the limit will be cut, wherever it ends. (While a quoted
        // field may still run away the decision waits: a runaway re-reads the record.)
        if !cursor.discarding && !mayRunAway && !mayOpenQuote && count - cursor.recordStart > limits.maxRecordBytes {
            truncateRecord(batch: &batch)
        }

        // Bytes to carry: the unfinished record; while discarding, only a quoted field that may
        // still turn out to be a runaway (and need re-reading from its quote).
        let keepFrom: Int
        if cursor.discarding {
            keepFrom = mayRunAway ? cursor.openQuote : count
        } else {
            keepFrom = cursor.recordStart
        }

        // The unfinished record's fields move out of the batch, re-based.
        let recordFields = cursor.discarding ? 0 : cursor.fieldNumber
        let firstPending = batch._fields.count - recordFields
        for index in firstPending..<batch._fields.count {
            let field = batch._fields[index]
            pendingFields.append(FieldRange(
                start: Int(field.start) - keepFrom, end: Int(field.end) - keepFrom, kind: field.kind))
        }
        batch._fields.count = firstPending
        stats.records += batch.count
        stats.fields += batch.fieldCount

        // A field whose start is not carried can still open a quote later only if its bytes so
        // far are padding; remember the answer in the state, since the bytes are gone.
        if cursor.state == .unquoted && cursor.fieldStart < keepFrom {
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            if !isPadding(bytes, from: max(cursor.fieldStart, 0), to: keepFrom) { cursor.state = .literal }
        }
        cursor.rebase(by: keepFrom)
        carried = count - keepFrom
        inputOffset += Int64(keepFrom)
        stats.bytes += Int64(keepFrom)
        return keepFrom
    }

    /// After scanning the last buffer: resolves open quotes and ends the last record.
    mutating func finishInput(base: UnsafeRawPointer?, count: Int, batch: inout RecordBatch) {
        if let base {
            while cursor.state == .quoted
                || (cursor.state == .afterQuote && cursor.closeQuote - cursor.openQuote - 1 > limits.maxFieldBytes)
            {
                let end = cursor.state == .quoted ? count : cursor.closeQuote
                let tooLong = end - cursor.openQuote - 1 > limits.maxFieldBytes
                restartAfterRunaway(tooLong ? .runawayQuote : .quoteOpenAtEndOfInput, base: base, count: count, batch: &batch)
            }
        }
        stats.lines = cursor.recordStart < count ? cursor.line : cursor.line - 1

        // The end of input ends the last record, as a line break would (without counting a line).
        if cursor.discarding {
            stats.bytesSkipped += Int64(count - cursor.skippedFrom)
        } else if cursor.recordStart < count {
            if count - cursor.recordStart > limits.maxRecordBytes {
                truncateRecord(batch: &batch)
                stats.bytesSkipped += Int64(count - cursor.skippedFrom)
            } else {
                let bytes = base!.assumingMemoryBound(to: UInt8.self)
                if cursor.state == .afterQuote {
                    let close = cursor.closeQuote
                    if close + 1 == count || isPadding(bytes, from: close + 1, to: count) {
                        batch._fields.append(FieldRange(
                            start: cursor.openQuote + 1, end: close, kind: cursor.escaped ? .doubledQuotes : .plain))
                    } else {
                        batch._fields.append(FieldRange(start: cursor.openQuote, end: count, kind: .irregular))
                        noteTextAfterClosingQuote(events: &batch.events)
                    }
                } else {
                    batch._fields.append(FieldRange(start: cursor.fieldStart, end: count, kind: .plain))
                }
                if cursor.fieldRanAway { cursor.recordFlags.insert(.runawayQuote) }
                batch._records.append(RecordInfo(
                    fieldEnd: Int32(batch._fields.count), flags: cursor.recordFlags, line: cursor.recordLine))
            }
        }
        stats.records += batch.count
        stats.fields += batch.fieldCount
        finished = true
        carried = 0
    }

    /// Reports a runaway quote, then re-scans the rest of the buffer from just after it.
    mutating func restartAfterRunaway(
        _ kind: TokenizerEvent.Kind, base: UnsafeRawPointer, count: Int, batch: inout RecordBatch
    ) {
        recoverFromRunaway(kind, events: &batch.events)
        scan(base, count: count, from: cursor.openQuote + 1, batch: &batch)
    }
}
