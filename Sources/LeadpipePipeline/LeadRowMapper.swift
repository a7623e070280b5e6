import CLeadpipeScan
import LeadpipeEncoding
import LeadpipeOutput
import LeadpipeSchema
import LeadpipeTokenizer

// How this works
// --------------
// A row arrives as field ranges into a chunk. `RowValues.fill` un-escapes and repairs what
// needs it into a per-row arena, so every column's value is a plain byte view. The mapper
// then walks the plan's outputs in schema order: it normalizes each value into scratch
// memory, checks it, and writes `"key":value` straight into the output buffer. A rejected row
// is simply not committed: nothing of it reaches the output. The keys are encoded once; the
// arena, scratch and list buffers grow to the largest row seen and are reused, so the steady
// state allocates nothing per row.

/// Why a row was rejected, and where.
public struct RowRejection: Sendable, Equatable {
    public var code: RejectCode
    /// The precise problem with the value, when a value was the cause.
    public var problem: ValueProblem?
    /// The column of the value (0-based), when one column was the cause.
    public var column: Int?
}

/// A row's values after un-escaping and repair, by column. Views point into the chunk or into
/// the arena, and stay valid until the next `fill`. Every value is well-formed UTF-8: a value
/// with an ill-formed sequence always comes back from the repairer changed (legacy bytes read
/// in the fallback code page, or U+FFFD — with repairs off too).
///
/// Not copyable: it owns its memory (freed when it goes), and the row loop lends it to the
/// mapper and the row writers without a copy — a copy retained its repair buffer on every row.
struct RowValues: ~Copyable {
    private(set) var views: UnsafeMutablePointer<ByteView>
    private var viewCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int
    private(set) var count = 0
    /// The bytes of all the row's values.
    private(set) var totalBytes = 0
    /// Repairs made to this row's values.
    private(set) var repairs: RepairSet = []
    private var repaired: [UInt8] = []

    init() {
        viewCapacity = 64
        views = .allocate(capacity: viewCapacity)
        arenaCapacity = 1 << 16
        arena = .allocate(capacity: arenaCapacity + Self.slack)
        arena.initialize(repeating: 0, count: arenaCapacity + Self.slack)
        repaired.reserveCapacity(1 << 16)
    }

    deinit {
        views.deallocate()
        arena.deallocate()
    }

    subscript(column: Int) -> ByteView { views[column] }

    /// The values as the mapper and the row writers read them, valid until the next `fill`.
    var view: RowView { RowView(views: UnsafePointer(views), count: count, totalBytes: totalBytes) }

    /// Readable bytes after the arena's end: a value may be read a word at a time past its end
    /// (the chunk reader gives its buffers the same slack).
    static let slack = ChunkReader.readableSlack

    /// Reads record `recordIndex` of `batch` (whose bytes are `bytes`).
    mutating func fill(
        recordIndex: Int, batch: RecordBatch, bytes: UnsafeRawBufferPointer, quote: UInt8, repairer: inout FieldRepairer
    ) {
        let indices = batch.fieldIndices(ofRecord: recordIndex)
        count = indices.count
        repairs = []
        if count > viewCapacity {
            views.deallocate()
            viewCapacity = max(count, viewCapacity * 2)
            views = .allocate(capacity: viewCapacity)
        }
        guard let base = bytes.baseAddress, count > 0 else {
            totalBytes = 0
            return
        }
        let typedBase = base.assumingMemoryBound(to: UInt8.self)
        let recordStart = Int(batch.field(indices.lowerBound).start)
        let recordEnd = Int(batch.field(indices.upperBound - 1).end)
        // What the arena may hold: a field un-escaped (at most its bytes), then repaired (at most
        // three bytes for each: a stray byte becomes a 3-byte character), both kept — four times
        // the record's bytes.
        let needed = (recordEnd &- recordStart) &* 4 &+ 64
        if needed > arenaCapacity {
            arena.deallocate()
            arenaCapacity = max(needed, arenaCapacity * 2)
            arena = .allocate(capacity: arenaCapacity + Self.slack)
            arena.initialize(repeating: 0, count: arenaCapacity + Self.slack)
        }
        // Repair looks only at values with a non-ASCII or NUL byte. The record's bytes are
        // searched for the next such byte in 16-byte blocks rather than each value on its own: a
        // field that ends before it has none. Un-escaping only takes quotes out, so a value has
        // such a byte exactly when its field's bytes do. No such byte in [searchedFrom, nextLook);
        // nextLook is one, or the record's end.
        var searchedFrom = recordStart
        var nextLook = searchedFrom &+ leadpipe_first_non_ascii_or_nul(typedBase + searchedFrom, recordEnd &- searchedFrom)
        // Two passes. The first takes every value as its bytes in the chunk and marks the ones
        // that need more: quoted with escapes, an apostrophe first (`unprotected`), or a byte
        // repair looks at — found by the search (`looks`), or possible where the search cannot
        // say (`unsure`: fields out of order). The second gives the marked ones the whole
        // treatment. Records of more than 64 fields mark them all, every one unsure.
        let wide = count > 64
        var special: UInt64 = wide ? ~0 : 0
        var looks: UInt64 = 0
        var unsure: UInt64 = wide ? ~0 : 0
        var total = 0
        batch.withFields { fields in
            let first = fields + indices.lowerBound
            for position in 0..<count {
                let field = first[position]
                let start = Int(field.start)
                let end = Int(field.end)
                views[position] = ByteView(base: typedBase + start, count: end &- start)
                total &+= end &- start
                let bit: UInt64 = 1 &<< UInt64(position & 63)
                // Without a branch on which: the mark is or-ed in whatever it is.
                let marked = UInt64(field.isPlain ? 0 : 1) | UInt64(typedBase[start] == UInt8(ascii: "'") ? 1 : 0)
                special |= marked &<< UInt64(position & 63)
                // Clean when the search covered it: [start, end) within [searchedFrom, nextLook).
                if start < searchedFrom || end > nextLook {
                    if start >= searchedFrom && end <= recordEnd && nextLook >= start {
                        looks |= bit
                        searchedFrom = end
                        nextLook = end &+ leadpipe_first_non_ascii_or_nul(typedBase + end, recordEnd &- end)
                    } else {
                        unsure |= bit
                    }
                    special |= bit
                }
            }
        }
        guard special != 0 else {
            totalBytes = total
            return
        }
        var used = 0
        // The marked values, one by one (all of them past 64 fields).
        var position = wide ? 0 : special.trailingZeroBitCount
        while position < count {
            let bit: UInt64 = 1 &<< UInt64(position & 63)
            defer {
                if wide {
                    position &+= 1
                } else {
                    special &= special &- 1
                    position = special == 0 ? count : special.trailingZeroBitCount
                }
            }
            let field = batch.field(indices.lowerBound &+ position)
            let start = Int(field.start)
            var pointer = base + start
            var length = Int(field.end) &- start
            total &-= length
            if !field.isPlain {
                length = FieldUnescaper.writeValue(
                    UnsafeRawBufferPointer(start: pointer, count: length), kind: field.kind, quote: quote, to: arena + used)
                pointer = UnsafeRawPointer(arena + used)
                used &+= length
            }
            let typed = pointer.assumingMemoryBound(to: UInt8.self)
            // What the search found, or (unsure) the value itself searched; the chunk and the
            // arena have readable slack after every value.
            let needsLook = (!wide && looks & bit != 0)
                || (unsure & bit != 0 && leadpipe_first_non_ascii_or_nul(typed, length) < length)
            if needsLook {
                let done = repairer.repair(UnsafeRawBufferPointer(start: pointer, count: length), into: &repaired)
                if !done.isEmpty {
                    repairs.formUnion(done)
                    length = repaired.count
                    // The bound above makes this hold; a repairer that wrote more stops here, not
                    // past the arena.
                    precondition(used &+ length <= arenaCapacity, "a repaired value outgrew the row arena")
                    repaired.withUnsafeBufferPointer { (arena + used).update(from: $0.baseAddress!, count: length) }
                    pointer = UnsafeRawPointer(arena + used)
                    used &+= length
                }
            }
            let view = Self.unprotected(ByteView(base: pointer.assumingMemoryBound(to: UInt8.self), count: length))
            views[position] = view
            total &+= view.count
        }
        totalBytes = total
    }

    /// A value without the apostrophe that spreadsheets and leadpipe's `rejected.csv` put before
    /// `=` `+` `-` `@` to stop formulas.
    @inline(__always)
    static func unprotected(_ value: ByteView) -> ByteView {
        guard value.count >= 2, value[0] == UInt8(ascii: "'") else { return value }
        switch value[1] {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return value.slice(1, value.count)
        default:
            return value
        }
    }
}

/// A row's values as the mapper and the row writers read them: a view of a ``RowValues``,
/// valid until its next `fill`. Three words, passed in registers; a `RowValues` passed on its
/// own was copied out whole for every call, in a load that waited for the stores `fill` had
/// just made to it.
struct RowView {
    let views: UnsafePointer<ByteView>
    /// The number of values (fields in the record).
    let count: Int
    /// The bytes of all the values.
    let totalBytes: Int

    subscript(column: Int) -> ByteView { views[column] }
}

/// Maps rows to lead-schema JSON objects, following an ``ImportPlan``.
final class LeadRowMapper {
    let plan: ImportPlan

    /// What the loop needs of one output key, without references: offsets into `blob`.
    private struct Rule {
        var fieldIndex: Int
        var column: Int
        /// 0: a column, 1: a constant, 2: first name from the full name, 3: last name.
        var source: UInt8
        var isIdentifier: Bool
        var isRequired: Bool
        /// Which fast path the field's values try first.
        var path: Path
        /// Index in `memos` for kinds of few distinct values (list, status, enum, boolean); -1.
        var memo: Int
        var kind: FieldKind
        /// Scalar kinds, which the loop reads through `ValueNormalizer.normalizeScalar` itself:
        /// 1 written as a string (e-mail, LinkedIn), 2 as a literal (integer, decimal); 0 others.
        var scalar: UInt8
        var maxBytes: Int
        var key: Range<Int>
        var e164Key: Range<Int>?
        var constant: Range<Int>
        var defaultValue: Range<Int>?
    }

    /// The fast path a rule's values try before the scalar or general reading.
    private enum Path: UInt8 {
        /// A text field (kind `.string`, or `.text` such as notes): a value already in shape is
        /// written as it is. For `.text` that decides what the normalizer would too: free text
        /// is only trimmed and rid of control characters, so a value in shape is kept byte for byte.
        case plainText
        /// A phone field: plainly written numbers.
        case phone
        /// Kinds of few distinct values (list, status, enum, boolean) read from a column: the
        /// JSON a value became before.
        case memo
        /// E-mail and LinkedIn: the plain forms, normalized in one pass.
        case identifier
        /// Integer and decimal: straight to the scalar reading.
        case number
        /// Everything else: the general normalizer.
        case general
    }

    private struct Kept {
        var column: Int
        var key: Range<Int>
    }

    // @exclusivity(unchecked): one mapper per thread, and no method touching these calls back
    // into another; spares the run-time access checks on every field.
    @exclusivity(unchecked) private var normalizer: ValueNormalizer
    @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var scratchCapacity: Int
    @exclusivity(unchecked) private var ends: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var endsCapacity: Int
    @exclusivity(unchecked) private var nameScratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var nameCapacity: Int
    /// The JSON of values already seen, for the rules that have a memo.
    private let memos: UnsafeMutableBufferPointer<EncodedMemo>
    /// Ill-formed UTF-8 sequences written as U+FFFD (only possible with repair off).
    @exclusivity(unchecked) private(set) var invalidWritten = 0
    /// The accepted row's dedupe keys: hashes of its normalized e-mail and LinkedIn URL.
    @exclusivity(unchecked) private(set) var emailKey: KeyHash?
    @exclusivity(unchecked) private(set) var linkedinKey: KeyHash?
    private var emailField: Int
    private var linkedinField: Int

    /// Hash the dedupe keys of accepted rows (``emailKey``, ``linkedinKey``); off by default.
    var computesKeys: Bool {
        get { emailField >= 0 || linkedinField >= 0 }
        set {
            emailField = newValue ? plan.schema.index(of: "email") ?? -1 : -1
            linkedinField = newValue ? plan.schema.index(of: "linkedin_url") ?? -1 : -1
        }
    }

    /// Keys, constants and defaults, encoded once.
    private let blob: UnsafeMutablePointer<UInt8>
    private let rules: UnsafeMutableBufferPointer<Rule>
    private let kept: UnsafeMutableBufferPointer<Kept>
    private let fixedBytes: Int
    private let headerWidth: Int
    private let countryColumn: Int
    private let needsIdentifier: Bool

    init(plan: ImportPlan) {
        self.plan = plan
        normalizer = ValueNormalizer(schema: plan.schema, options: plan.normalization)
        var bytes: [UInt8] = []
        func add(_ piece: [UInt8]) -> Range<Int> {
            let start = bytes.count
            bytes += piece
            return start..<bytes.count
        }
        func key(_ name: String, first: Bool) -> [UInt8] {
            [first ? UInt8(ascii: "{") : UInt8(ascii: ",")] + JSONString.literal(name) + [UInt8(ascii: ":")]
        }
        var rules: [Rule] = []
        var memoCount = 0
        for (position, output) in plan.outputs.enumerated() {
            let kind = plan.schema.fields[output.fieldIndex].kind
            var rule = Rule(
                fieldIndex: output.fieldIndex, column: -1, source: 1,
                isIdentifier: plan.identifierFields.contains(output.fieldIndex),
                isRequired: plan.schema.fields[output.fieldIndex].isRequired,
                path: Self.path(of: kind), memo: -1,
                kind: kind, scalar: !ValueNormalizer.isScalar(kind) ? 0 : kind == .email || kind == .linkedin ? 1 : 2,
                maxBytes: plan.schema.fields[output.fieldIndex].maxBytes,
                key: add(key(output.key, first: position == 0)), e164Key: output.e164Key.map { add(key($0, first: false)) },
                constant: add(output.constant), defaultValue: output.defaultValue.map { add($0) })
            switch output.source {
            case .column(let column):
                (rule.source, rule.column) = (0, column)
                if rule.path == .memo {
                    rule.memo = memoCount
                    memoCount += 1
                }
            case .constant: rule.source = 1
            case .firstName(let column): (rule.source, rule.column) = (2, column)
            case .lastName(let column): (rule.source, rule.column) = (3, column)
            }
            // A memo is kept for column values only.
            if rule.path == .memo && rule.memo < 0 { rule.path = .general }
            rules.append(rule)
        }
        let kept = plan.kept.enumerated().map { position, entry in
            Kept(column: entry.column, key: add(key(entry.key, first: position == 0 && plan.outputs.isEmpty)))
        }
        // Slack after the last piece: pieces are copied two words at a time.
        blob = .allocate(capacity: bytes.count + 16)
        blob.initialize(from: bytes + [UInt8](repeating: 0, count: 16), count: bytes.count + 16)
        self.rules = .allocate(capacity: rules.count)
        _ = self.rules.initialize(from: rules)
        self.kept = .allocate(capacity: kept.count)
        _ = self.kept.initialize(from: kept)
        memos = .allocate(capacity: memoCount)
        _ = memos.initialize(from: (0..<memoCount).map { _ in EncodedMemo() })
        fixedBytes = bytes.count + 64 + 24 * (rules.count + kept.count)
        headerWidth = plan.headerWidth
        countryColumn = plan.countryColumn ?? -1
        needsIdentifier = !plan.identifierFields.isEmpty
        emailField = -1
        linkedinField = -1
        scratchCapacity = 1 << 16
        scratch = Self.zeroed(scratchCapacity)
        endsCapacity = 1 << 12
        ends = .allocate(capacity: endsCapacity)
        nameCapacity = 1 << 12
        nameScratch = Self.zeroed(nameCapacity)
    }

    /// The fast path for a field of `kind` (a kind with a memo reads column values only).
    private static func path(of kind: FieldKind) -> Path {
        switch kind {
        case .string, .text: .plainText
        case .phone: .phone
        case .list, .status, .enumeration, .boolean: .memo
        case .email, .linkedin: .identifier
        case .integer, .decimal: .number
        default: .general
        }
    }

    deinit {
        blob.deallocate()
        rules.deallocate()
        kept.deallocate()
        for memo in memos { memo.deallocate() }
        memos.deallocate()
        scratch.deallocate()
        ends.deallocate()
        nameScratch.deallocate()
    }

    /// Maps one row. Accepted rows are written to `output` (one line of NDJSON); a rejected
    /// row writes nothing.
    func map(_ values: RowView, into output: OutputBuffer, warnings: inout WarningSet) -> RowRejection? {
        let fieldCount = values.count
        emailKey = nil
        linkedinKey = nil
        if headerWidth > 0 && fieldCount != headerWidth {
            if fieldCount < headerWidth {
                warnings.insert(.shortRow)
            } else {
                for column in headerWidth..<fieldCount where !values[column].trimmed().isEmpty {
                    return RowRejection(code: .wrongFieldCount, problem: nil, column: column)
                }
                warnings.insert(.emptySurplusFields)
            }
        }
        let valueBytes = values.totalBytes
        // Each value at most: its bytes normalized (+128, lists and names twice), escaped six-fold.
        // Each value's share is thus far more than a normalizer writing straight into the output
        // needs (its bytes + 64, and a 16-byte block past them).
        let target = output.reserve(fixedBytes &+ (valueBytes &* 2 &+ 160 &* (rules.count &+ kept.count)) &* 12)
        var written = 0
        var hasIdentifier = !needsIdentifier
        let country: ByteView? = countryColumn >= 0 && countryColumn < fieldCount ? values[countryColumn] : nil
        var nameParts = PersonName.Parts()
        var splitDone = false

        for position in 0..<rules.count {
            // Read in place: a copy of the whole rule per field cost more than the fields it uses.
            let rule = rules.baseAddress.unsafelyUnwrapped + position
            written &+= copy(rule.pointee.key, to: target + written)
            let value: ByteView
            switch rule.pointee.source {
            case 0:
                value = rule.pointee.column < fieldCount ? values[rule.pointee.column] : .empty
            case 1:
                written &+= copy(rule.pointee.constant, to: target + written)
                if rule.pointee.isIdentifier { hasIdentifier = true }
                continue
            default:
                if !splitDone {
                    let full = rule.pointee.column < fieldCount ? values[rule.pointee.column] : .empty
                    ensureNameRoom(full.count)
                    nameParts = PersonName.split(full, to: nameScratch)
                    splitDone = true
                    if nameParts.lastCount > 0 { warnings.insert(.nameSplit) }
                }
                value = rule.pointee.source == 2
                    ? ByteView(base: nameScratch + nameParts.firstStart, count: nameParts.firstCount)
                    : ByteView(base: nameScratch + nameParts.lastStart, count: nameParts.lastCount)
            }
            // An empty value is absent whatever the field's kind (every normalizer says so).
            if value.count == 0 {
                guard let length = writeAbsent(rule, to: target + written) else {
                    return RowRejection(code: .missingRequired, problem: .requiredMissing, column: rule.pointee.column >= 0 ? rule.pointee.column : nil)
                }
                written &+= length
                continue
            }
            // The common case of each kind, chosen by one switch on the rule's path (one jump
            // rather than a test for each kind in turn). What a fast path does not take goes on
            // to the scalar or general reading below.
            var remembers = false
            switch rule.pointee.path {
            case .plainText:
                // Plain text already in shape (most names, companies, cities): written straight
                // from the input. It decides exactly what the normalizer would (trimmed, no
                // placeholder, collapsed, no formula, within the length limit).
                let trimmed = value.trimmed()
                // (The length limits are the normalizer's: the value trimmed, and the value as
                // given, which it does not read at all past four times the limit.)
                if trimmed.count > 0 && trimmed.count <= rule.pointee.maxBytes
                    && value.count <= ValueNormalizer.readLimit(maxBytes: rule.pointee.maxBytes)
                    && !ByteText.mayBePlaceholderOrFormula(trimmed)
                {
                    // Checked and copied in one pass.
                    if let length = Self.writePlainText(trimmed, to: target + written) {
                        written &+= length
                        if rule.pointee.isIdentifier { hasIdentifier = true }
                        continue
                    }
                }
            case .phone:
                // Phone numbers plainly written (most): the number as written and its E.164
                // form, without building and reading the general result. What is not plain, too
                // long or a placeholder takes the general path below.
                if let (number, e164) = normalizer.plainPhone(value, maxBytes: rule.pointee.maxBytes, rowCountry: country, e164To: scratch) {
                    written &+= writeString(UnsafeMutablePointer(mutating: number.base), number.count, to: target + written)
                    if let e164Key = rule.pointee.e164Key {
                        written &+= copy(e164Key, to: target + written)
                        written &+= e164 > 0 ? writeString(scratch, e164, to: target + written) : writeNull(to: target + written)
                    }
                    if e164 == 0 { warnings.insert(.phoneNotNormalizable) }
                    if rule.pointee.isIdentifier { hasIdentifier = true }
                    continue
                }
            case .memo:
                // Few distinct values (tags, status, yes/no): the JSON they became before.
                if memos[rule.pointee.memo].isLooking {
                    if let hit = memos[rule.pointee.memo].write(value, to: target + written) {
                        written &+= hit.count
                        warnings.formUnion(hit.warnings)
                        if rule.pointee.isIdentifier { hasIdentifier = true }
                        continue
                    }
                    remembers = true
                }
            case .identifier:
                // E-mail and LinkedIn in their plain forms (most): normalized straight into the
                // output after the opening quote, ASCII that JSON takes as it is.
                if let count = ValueNormalizer.plainIdentifier(
                    value, isEmail: rule.pointee.kind == .email, maxBytes: rule.pointee.maxBytes, out: target + written + 1)
                {
                    noteKey(rule, target + written + 1, count)
                    target[written] = 0x22
                    target[written &+ 1 &+ count] = 0x22
                    written &+= count &+ 2
                    if rule.pointee.isIdentifier { hasIdentifier = true }
                    continue
                }
            case .number, .general:
                break
            }
            // E-mail, LinkedIn and numbers: read without building and reading the general result,
            // and normalized straight into the output (after the opening quote of a string),
            // which has room for any value's result and the blocks the kernels store past it.
            if rule.pointee.scalar != 0 {
                let column: Int? = rule.pointee.column >= 0 ? rule.pointee.column : nil
                let isString = rule.pointee.scalar == 1
                let out = target + written + (isString ? 1 : 0)
                let normalized = ValueNormalizer.normalizeScalar(
                    value, kind: rule.pointee.kind, maxBytes: rule.pointee.maxBytes, out: out, tailIsReadable: true)
                warnings.formUnion(normalized.warnings)
                if let problem = normalized.problem { return RowRejection(code: problem.code, problem: problem, column: column) }
                let count = normalized.count
                if count == 0 {
                    guard let length = writeAbsent(rule, to: target + written) else {
                        return RowRejection(code: .missingRequired, problem: .requiredMissing, column: column)
                    }
                    written &+= length
                    continue
                }
                if isString {
                    noteKey(rule, out, count)
                    // Almost always ASCII that JSON takes as it is: then only the quotes are
                    // missing. Otherwise it is escaped from scratch over what was written.
                    if leadpipe_is_json_ascii(out, count) != 0 {
                        target[written] = 0x22
                        out[count] = 0x22
                        written &+= count &+ 2
                    } else {
                        ensureScratch(count)
                        scratch.update(from: out, count: count)
                        written &+= writeString(scratch, count, to: target + written)
                    }
                } else {
                    written &+= count
                }
                if rule.pointee.isIdentifier { hasIdentifier = true }
                continue
            }
            ensureScratch(value.count)
            // Everything else (dates, URLs, lists and statuses seen for the first time, text that
            // needs cleaning): the general path, out of line so that the loop stays small.
            if let rejection = writeGeneral(
                rule, value, country: country, remembers: remembers, to: target, written: &written,
                hasIdentifier: &hasIdentifier, warnings: &warnings)
            {
                return rejection
            }
        }
        guard hasIdentifier else { return RowRejection(code: .missingIdentifier, problem: nil, column: nil) }

        for position in 0..<kept.count {
            let entry = kept[position]
            written &+= copy(entry.key, to: target + written)
            let value = entry.column < fieldCount ? values[entry.column] : .empty
            ensureScratch(value.count)
            let (count, dropped) = ByteText.collapse(value, to: scratch)
            if dropped { warnings.insert(.controlCharactersRemoved) }
            written &+= count == 0 ? writeNull(to: target + written) : writeString(scratch, count, to: target + written)
        }
        if rules.isEmpty && kept.isEmpty {
            target[written] = UInt8(ascii: "{")
            written &+= 1
        }
        target[written] = UInt8(ascii: "}")
        target[written &+ 1] = UInt8(ascii: "\n")
        written &+= 2
        output.commit(written)
        return nil
    }

    /// Writes a value through the general normalizer (``ValueNormalizer/normalize``) at
    /// `target + written`: its JSON (and a phone's E.164 after its own key), remembered in the
    /// rule's memo when `remembers`. Advances `written`, and sets `hasIdentifier` when an
    /// identifier had a value. Returns why the row is rejected, if it is.
    @inline(never)
    private func writeGeneral(
        _ rule: UnsafeMutablePointer<Rule>, _ value: ByteView, country: ByteView?, remembers: Bool,
        to row: UnsafeMutablePointer<UInt8>, written rowWritten: inout Int, hasIdentifier: inout Bool,
        warnings: inout WarningSet
    ) -> RowRejection? {
        let target = row + rowWritten
        let column: Int? = rule.pointee.column >= 0 ? rule.pointee.column : nil
        // Values lie in the chunk, the arena or the name scratch: all with readable slack.
        let result = normalizer.normalize(
            value, fieldIndex: rule.pointee.fieldIndex, rowCountry: country, out: scratch, ends: ends, tailIsReadable: true)
        warnings.formUnion(result.warnings)
        if let problem = result.problem { return RowRejection(code: problem.code, problem: problem, column: column) }
        var written = 0
        switch result.shape {
        case .null:
            guard let length = writeAbsent(rule, to: target) else {
                return RowRejection(code: .missingRequired, problem: .requiredMissing, column: column)
            }
            rowWritten &+= length
            return nil
        case .string:
            let start = UnsafeMutablePointer(mutating: result.source ?? UnsafePointer(scratch))
            noteKey(rule, start, result.count)
            written = writeString(start, result.count, to: target)
        case .literal:
            target.update(from: scratch, count: result.count)
            written = result.count
        case .list:
            target[0] = UInt8(ascii: "[")
            written = 1
            var start = 0
            for item in 0..<result.items {
                if item > 0 {
                    target[written] = UInt8(ascii: ",")
                    written &+= 1
                }
                let end = Int(ends[item])
                written &+= writeString(scratch + start, end &- start, to: target + written)
                start = end
            }
            target[written] = UInt8(ascii: "]")
            written &+= 1
        }
        if remembers {
            memos[rule.pointee.memo].remember(value, encoded: target, count: written, warnings: result.warnings)
        }
        if let e164Key = rule.pointee.e164Key {
            written &+= copy(e164Key, to: target + written)
            if result.e164Count > 0 {
                written &+= writeString(scratch + result.e164Start, result.e164Count, to: target + written)
            } else {
                written &+= writeNull(to: target + written)
            }
        }
        rowWritten &+= written
        if rule.pointee.isIdentifier { hasIdentifier = true }
        return nil
    }

    /// Writes a text value already in shape — no control byte, DEL, `"`, `\\`, 0xC2 (a
    /// no-break space or C1 control), or two spaces in a row — as a JSON string, checking and
    /// copying 16 bytes at a time in one pass (`leadpipe_copy_plain_text`, SSE2). Other
    /// non-ASCII bytes are copied as they are: ``RowValues`` holds well-formed UTF-8 only (see
    /// `fill`), which JSON takes unescaped. Nil when the value needs the general path; what was
    /// stored then is not committed, and the general path writes over it. The value has 16
    /// readable bytes past its end (chunk, arena and name scratch all do), and the output has
    /// room for whole-block stores past every value.
    @inline(__always)
    private static func writePlainText(_ value: ByteView, to target: UnsafeMutablePointer<UInt8>) -> Int? {
        let count = value.count
        target[0] = 0x22
        guard leadpipe_copy_plain_text(value.base, count, target + 1) != 0 else { return nil }
        target[count &+ 1] = 0x22
        return count &+ 2
    }

    /// Writes a value as a JSON string: ASCII that needs no escape (most normalized e-mail
    /// addresses, phones, profile URLs and tags) copied 16 bytes at a time, the rest by the
    /// general writer. Every source (scratch, chunk, arena, name scratch) has 16 readable bytes
    /// past a value, and the output room for whole blocks.
    @inline(__always)
    private func writeString(_ start: UnsafeMutablePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        target[0] = 0x22
        if leadpipe_copy_json_ascii(start, count, target + 1) != 0 {
            target[count &+ 1] = 0x22
            return count &+ 2
        }
        var invalid = 0
        var attention = false
        // The scratch has slack past any value, so the tail may be read as a word.
        let length = JSONString.write(
            UnsafeRawBufferPointer(start: start, count: count), to: target, invalid: &invalid,
            sawNonASCIIOrNUL: &attention, tailIsReadable: true)
        if invalid > 0 { invalidWritten &+= invalid }
        return length
    }

    /// Hashes a normalized e-mail address or LinkedIn profile as the row's dedupe key, when
    /// keys are wanted and the rule is that field.
    @inline(__always)
    private func noteKey(_ rule: UnsafeMutablePointer<Rule>, _ start: UnsafeMutablePointer<UInt8>, _ count: Int) {
        if rule.pointee.fieldIndex == emailField {
            emailKey = KeyHash(start, count)
        } else if rule.pointee.fieldIndex == linkedinField {
            linkedinKey = KeyHash(start, count)
        }
    }

    @inline(__always)
    private func copy(_ range: Range<Int>, to target: UnsafeMutablePointer<UInt8>) -> Int {
        // Keys and constants are short: the first 16 bytes copied as two words whatever the
        // length (no loop to mispredict), the rest a word at a time. The blob has 16 bytes of
        // slack after its end, and the output has room past every piece.
        let source = UnsafeRawPointer(blob + range.lowerBound)
        let destination = UnsafeMutableRawPointer(target)
        destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        destination.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        var offset = 16
        while offset < range.count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        return range.count
    }

    /// Writes a field without a value: its default, or null (and a null E.164 beside a phone);
    /// nil when the field is required and has no default.
    @inline(__always)
    private func writeAbsent(_ rule: UnsafeMutablePointer<Rule>, to target: UnsafeMutablePointer<UInt8>) -> Int? {
        var written: Int
        if let defaultValue = rule.pointee.defaultValue {
            written = copy(defaultValue, to: target)
        } else {
            if rule.pointee.isRequired { return nil }
            written = writeNull(to: target)
        }
        if let e164Key = rule.pointee.e164Key {
            written &+= copy(e164Key, to: target + written)
            written &+= writeNull(to: target + written)
        }
        return written
    }

    /// Writes `null` as one 4-byte store.
    @inline(__always)
    private func writeNull(to target: UnsafeMutablePointer<UInt8>) -> Int {
        UnsafeMutableRawPointer(target).storeBytes(of: UInt32(littleEndian: 0x6C6C_756E), as: UInt32.self)  // "null"
        return 4
    }

    @inline(__always)
    private func ensureScratch(_ valueCount: Int) {
        if valueCount &+ 256 &+ normalizer.longestEnumValue > scratchCapacity || valueCount / 2 &+ 2 > endsCapacity {
            grow(valueCount)
        }
    }

    @inline(never)
    private func grow(_ valueCount: Int) {
        let needed = normalizer.outputRoom(forValueOf: valueCount) &+ 256
        if needed > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(needed, scratchCapacity * 2)
            scratch = Self.zeroed(scratchCapacity)
        }
        let neededEnds = ValueNormalizer.listRoom(forValueOf: valueCount)
        if neededEnds > endsCapacity {
            ends.deallocate()
            endsCapacity = max(neededEnds, endsCapacity * 2)
            ends = .allocate(capacity: endsCapacity)
        }
    }

    /// Memory whose bytes past any value are initialized, so that word reads may run over.
    private static func zeroed(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }

    private func ensureNameRoom(_ count: Int) {
        if count + 16 > nameCapacity {
            nameScratch.deallocate()
            nameCapacity = max(count + 16, nameCapacity * 2)
            nameScratch = Self.zeroed(nameCapacity)
        }
    }
}
