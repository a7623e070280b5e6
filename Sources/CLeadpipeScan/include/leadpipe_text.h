#ifndef LEADPIPE_TEXT_H
#define LEADPIPE_TEXT_H

// The import row loop's text kernels: each decides about one value 16 bytes at a time (SSE2,
// always present on x86-64; a portable loop elsewhere) and either does the common case whole or
// says "not mine" (0 or -1), leaving the value to the Swift code's general reading. They are
// `static inline` so that Swift callers get them without a call. They read, and some store,
// whole blocks past a value's end: every caller's buffers keep 16 bytes of slack (the chunk
// reader's, the row arena's, the scratch's), as each function's bounds note says. Tests compare
// each with a byte-by-byte reading or with the general path (PlainTextTests, FastPathTests).

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The bits of a 16-byte block's mask that are a value's own bytes, when `remaining` of its
/// bytes start at the block: all 16, or the low `remaining`.
static inline unsigned leadpipe_own_bits(size_t remaining) {
    return remaining >= 16 ? 0xFFFFu : ((1u << remaining) - 1u);
}

/// Copies a text value to `target` if it is already in shape for a JSON string and for
/// leadpipe's collapsed text: no byte below 0x20, no `"`, `\`, DEL (0x7F) or 0xC2 (the lead
/// byte of a no-break space or C1 control), and no two spaces in a row. Other bytes, non-ASCII
/// included, are copied as they are (the caller holds well-formed UTF-8).
///
/// Returns 1 when the value was in shape and all `count` bytes were copied; 0 otherwise, when
/// what was stored must be ignored.
///
/// Bounds: reads up to 16 bytes past `value + count`, and stores up to 15 bytes past
/// `target + count` (whole 16-byte blocks); both must be valid memory. Inline, so that a
/// Swift caller gets it without a call.
static inline int leadpipe_copy_plain_text(const uint8_t *value, size_t count, uint8_t *target) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i del = _mm_set1_epi8(0x7F);
    const __m128i c2 = _mm_set1_epi8((char)0xC2);
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i controlMax = _mm_set1_epi8(0x1F);
    size_t index = 0;
    while (index < count) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + index));
        // The same bytes one further on: a space here and one there is a run of two.
        const __m128i next = _mm_loadu_si128((const __m128i *)(value + index + 1));
        _mm_storeu_si128((__m128i *)(target + index), bytes);
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                   _mm_or_si128(_mm_cmpeq_epi8(bytes, del), _mm_cmpeq_epi8(bytes, c2)));
        // Unsigned byte <= 0x1F: min(byte, 0x1F) == byte.
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_min_epu8(bytes, controlMax), bytes));
        const __m128i pair = _mm_and_si128(_mm_cmpeq_epi8(bytes, space), _mm_cmpeq_epi8(next, space));
        // Only the value's own bytes count, and a pair only when both of its bytes are the value's.
        const size_t remaining = count - index;
        const unsigned badMask = (unsigned)_mm_movemask_epi8(bad) & leadpipe_own_bits(remaining);
        // A pair's second byte is the next one: the pair is the value's when that byte is.
        const unsigned pairMask = (unsigned)_mm_movemask_epi8(pair) & leadpipe_own_bits(remaining - 1);
        if ((badMask | pairMask) != 0) return 0;
        index += 16;
    }
    return 1;
#else
    int previousSpace = 0;
    for (size_t index = 0; index < count; index++) {
        const uint8_t byte = value[index];
        if (byte < 0x20 || byte == '"' || byte == '\\' || byte == 0x7F || byte == 0xC2) return 0;
        if (byte == ' ' && previousSpace) return 0;
        previousSpace = byte == ' ';
        target[index] = byte;
    }
    return 1;
#endif
}

/// The offset of the first byte of the `count` at `bytes` that is non-ASCII (>= 0x80) or NUL:
/// the bytes field repair looks at. `count` when there is none.
///
/// Bounds: reads whole 16-byte blocks, so up to 15 bytes past `bytes + count` must be valid
/// memory.
static inline size_t leadpipe_first_non_ascii_or_nul(const uint8_t *bytes, size_t count) {
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    size_t index = 0;
    while (index < count) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(bytes + index));
        const unsigned mask = (unsigned)(_mm_movemask_epi8(block) | _mm_movemask_epi8(_mm_cmpeq_epi8(block, zero)));
        if (mask != 0) {
            const size_t found = index + (size_t)__builtin_ctz(mask);
            return found < count ? found : count;
        }
        index += 16;
    }
    return count;
#else
    for (size_t index = 0; index < count; index++) {
        if (bytes[index] >= 0x80 || bytes[index] == 0) return index;
    }
    return count;
#endif
}

/// A plain e-mail address, checked and copied lowercased to `out` 16 bytes at a time: at most
/// 64 bytes of letters, digits, `.`, `-`, `_`, `+` and exactly one `@`. Returns its length when
/// it is valid by leadpipe's rules — 1…64 bytes before the `@` without a leading, trailing or
/// doubled dot; after it two or more labels of letters, digits and inner hyphens, the last two
/// or more long and not all digits, 3 or more bytes in all — and -1 for anything else
/// (invalid, other bytes, a trailing dot), which the caller's general reading then decides.
///
/// Bounds: reads and stores whole 16-byte blocks, so up to 15 bytes past `value + count` must
/// be readable and up to 15 past `out + count` writable.
static inline long leadpipe_plain_email(const uint8_t *value, size_t count, uint8_t *out) {
#if defined(__SSE2__)
    if (count < 6 || count > 64) return -1;  // a@b.cd is the shortest
    uint64_t simple = 0, at = 0, dot = 0, hyphen = 0, digit = 0, localOnly = 0;
    for (size_t offset = 0; offset < count; offset += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + offset));
        // Signed compares: bytes >= 0x80 are negative, so never in a range of ASCII.
        const __m128i folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                             _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), folded));
        const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('A' - 1)),
                                            _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), bytes));
        const __m128i isDigit = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                                              _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), bytes));
        const __m128i isAt = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('@'));
        const __m128i isDot = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'));
        const __m128i isHyphen = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('-'));
        const __m128i isLocalOnly = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('_')),
                                                 _mm_cmpeq_epi8(bytes, _mm_set1_epi8('+')));
        _mm_storeu_si128((__m128i *)(out + offset), _mm_or_si128(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
        const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_or_si128(letter, isDigit), _mm_or_si128(isAt, isDot)),
                                             _mm_or_si128(isHyphen, isLocalOnly));
        simple |= (uint64_t)(unsigned)_mm_movemask_epi8(allowed) << offset;
        at |= (uint64_t)(unsigned)_mm_movemask_epi8(isAt) << offset;
        dot |= (uint64_t)(unsigned)_mm_movemask_epi8(isDot) << offset;
        hyphen |= (uint64_t)(unsigned)_mm_movemask_epi8(isHyphen) << offset;
        digit |= (uint64_t)(unsigned)_mm_movemask_epi8(isDigit) << offset;
        localOnly |= (uint64_t)(unsigned)_mm_movemask_epi8(isLocalOnly) << offset;
    }
    const uint64_t own = count == 64 ? ~(uint64_t)0 : ((uint64_t)1 << count) - 1;
    at &= own;
    dot &= own;
    hyphen &= own;
    digit &= own;
    localOnly &= own;
    if ((~simple & own) != 0 || at == 0 || (at & (at - 1)) != 0) return -1;
    const unsigned atIndex = (unsigned)__builtin_ctzll(at);
    // The local part: [0, atIndex), 1…64 bytes (count <= 64), dots only inside and single.
    if (atIndex == 0 || (dot & 1) != 0 || ((dot >> (atIndex - 1)) & 1) != 0) return -1;
    const uint64_t local = at - 1;
    if ((dot & (dot >> 1) & local) != 0) return -1;
    // The domain: [atIndex + 1, count), 3 or more bytes (so atIndex + 1 < 64).
    if (count - atIndex - 1 < 3) return -1;
    const uint64_t domain = own & ~((at << 1) - 1);
    const uint64_t domainDots = dot & domain;
    if ((localOnly & domain) != 0 || domainDots == 0) return -1;
    const uint64_t first = at << 1;
    const uint64_t last = (uint64_t)1 << (count - 1);
    // No empty label: no dot first, last, or after another.
    if ((domainDots & (first | last)) != 0 || (domainDots & (domainDots >> 1)) != 0) return -1;
    // No hyphen at the start or end of a label (labels are at most 62 bytes here).
    if ((hyphen & domain & ((domainDots << 1) | first | (domainDots >> 1) | last)) != 0) return -1;
    // The last label: after the last dot, two or more bytes, not all digits.
    const unsigned lastDot = 63u - (unsigned)__builtin_clzll(domainDots);
    if (count - lastDot - 1 < 2) return -1;
    const uint64_t lastLabel = own & ~((((uint64_t)1) << (lastDot + 1)) - 1);
    if ((lastLabel & ~digit) == 0) return -1;
    return (long)count;
#else
    (void)value; (void)count; (void)out;
    return -1;
#endif
}

#if defined(__SSE2__)
/// The bytes of a 16-byte block JSON does not take as they are, or that are not ASCII: one bit
/// each (below 0x20, `"`, `\\`, above 0x7F).
static inline unsigned leadpipe_json_ascii_bad(__m128i bytes) {
    const __m128i escaped = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))),
        _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1F)), bytes));
    // The high bit of each byte marks non-ASCII.
    return (unsigned)(_mm_movemask_epi8(escaped) | _mm_movemask_epi8(bytes));
}
#endif

/// Copies `count` bytes to `target` if JSON takes them as they are and they are ASCII: no byte
/// below 0x20, no `"` or `\`, none above 0x7F (non-ASCII text needs its UTF-8 checked, which the
/// caller's general writer does). Returns 1 when all were copied; 0 otherwise, when what was
/// stored must be ignored.
///
/// Bounds: reads and stores whole 16-byte blocks, so up to 15 bytes past `value + count` must
/// be readable and up to 15 past `target + count` writable.
static inline int leadpipe_copy_json_ascii(const uint8_t *value, size_t count, uint8_t *target) {
#if defined(__SSE2__)
    for (size_t index = 0; index < count; index += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + index));
        _mm_storeu_si128((__m128i *)(target + index), bytes);
        const unsigned own = leadpipe_own_bits(count - index);
        if ((leadpipe_json_ascii_bad(bytes) & own) != 0) return 0;
    }
    return 1;
#else
    for (size_t index = 0; index < count; index++) {
        const uint8_t byte = value[index];
        if (byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x80) return 0;
        target[index] = byte;
    }
    return 1;
#endif
}

/// Whether JSON takes `count` bytes as they are and they are ASCII (what
/// `leadpipe_copy_json_ascii` checks, without copying): for values normalized straight into
/// the output. Returns 1 or 0.
///
/// Bounds: reads whole 16-byte blocks, so up to 15 bytes past `value + count` must be
/// readable.
static inline int leadpipe_is_json_ascii(const uint8_t *value, size_t count) {
#if defined(__SSE2__)
    for (size_t index = 0; index < count; index += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + index));
        const unsigned own = leadpipe_own_bits(count - index);
        if ((leadpipe_json_ascii_bad(bytes) & own) != 0) return 0;
    }
    return 1;
#else
    for (size_t index = 0; index < count; index++) {
        const uint8_t byte = value[index];
        if (byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x80) return 0;
    }
    return 1;
#endif
}

/// The digits of a plainly written phone number, collected to `digits` (room for 20) 16 bytes
/// at a time: at most 32 bytes of digits, single spaces, `-` `.` `/` `(` `)`, and `+` first.
/// A `(0)` after a digit is a trunk zero written after the country code (`+44 (0)20 …`): it is
/// not dialled, so not collected. Returns the number of digits (4…20), plus 256 when the
/// number starts with `+`; -1 for anything else — other bytes, two spaces in a row, too few or
/// too many digits — which the caller's general reading then decides. A number it takes is
/// also collapsed text (nothing to trim inside, no control bytes).
///
/// Bounds: reads whole 16-byte blocks, so up to 15 bytes past `value + count` must be
/// readable.
static inline int leadpipe_phone_digits(const uint8_t *value, size_t count, uint8_t *digits) {
#if defined(__SSE2__)
    if (count < 4 || count > 32) return -1;
    uint32_t digitMask = 0, zeroMask = 0, openMask = 0, closeMask = 0, plusMask = 0, spaceMask = 0, allowedMask = 0;
    for (size_t offset = 0; offset < count; offset += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + offset));
        const __m128i isDigit = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                                              _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), bytes));
        const __m128i isSpace = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(' '));
        const __m128i isOpen = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('('));
        const __m128i isPlus = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('+'));
        const __m128i isClose = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(')'));
        const __m128i formatting = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('-')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'))),
            _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('/')), isClose));
        const __m128i allowed = _mm_or_si128(_mm_or_si128(isDigit, isSpace), _mm_or_si128(_mm_or_si128(isOpen, isPlus), formatting));
        digitMask |= (uint32_t)_mm_movemask_epi8(isDigit) << offset;
        zeroMask |= (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('0'))) << offset;
        openMask |= (uint32_t)_mm_movemask_epi8(isOpen) << offset;
        closeMask |= (uint32_t)_mm_movemask_epi8(isClose) << offset;
        plusMask |= (uint32_t)_mm_movemask_epi8(isPlus) << offset;
        spaceMask |= (uint32_t)_mm_movemask_epi8(isSpace) << offset;
        allowedMask |= (uint32_t)_mm_movemask_epi8(allowed) << offset;
    }
    const uint32_t own = count == 32 ? ~(uint32_t)0 : ((uint32_t)1 << count) - 1;
    digitMask &= own;
    // Pairs of bytes both within the value: a space then a space.
    const uint32_t pairs = own >> 1;
    if ((~allowedMask & own) != 0 || (plusMask & own & ~(uint32_t)1) != 0 || (spaceMask & (spaceMask >> 1) & pairs) != 0) {
        return -1;
    }
    // `(0)` wholly within the value: its zero is dropped when a digit came before (otherwise
    // the brackets are formatting, as anywhere else).
    uint32_t trunks = openMask & (zeroMask >> 1) & (closeMask >> 2) & (own >> 2);
    while (trunks != 0) {
        const unsigned at = (unsigned)__builtin_ctz(trunks);
        if ((digitMask & ((1u << at) - 1u)) != 0) digitMask &= ~(1u << (at + 1));
        trunks &= trunks - 1;
    }
    // Counted as they are copied (a population count is a slow loop without POPCNT, which the
    // x86-64 baseline lacks).
    int written = 0;
    while (digitMask != 0) {
        if (written == 20) return -1;
        digits[written++] = value[__builtin_ctz(digitMask)];
        digitMask &= digitMask - 1;
    }
    if (written < 4) return -1;
    return written | ((plusMask & 1) ? 256 : 0);
#else
    (void)value; (void)count; (void)digits;
    return -1;
#endif
}

/// A LinkedIn profile id at the start of the `count` bytes at `value` (what follows `/in/`),
/// checked and copied lowercased to `out` 16 bytes at a time: 3…100 ASCII letters, digits, `-`
/// and `_`, not only hyphens, ending at the end of the bytes or at `/`, `?` or `#` (what comes
/// after is not read as part of it). Returns the id's length, or -1 when the bytes do not start
/// so (another byte before the end, too short or long, only hyphens); the caller's general
/// reading decides those.
///
/// Bounds: reads and stores whole 16-byte blocks: up to 15 bytes past `value + count` must be
/// readable, and `out` must have room for `count` + 15 bytes (at most 128).
static inline long leadpipe_profile_id(const uint8_t *value, size_t count, uint8_t *out) {
#if defined(__SSE2__)
    size_t length = count;
    int hasNonHyphen = 0;
    for (size_t offset = 0; offset < count; offset += 16) {
        if (offset >= 112) return -1;  // longer than 100 whatever follows
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + offset));
        const __m128i folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                             _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), folded));
        const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('A' - 1)),
                                            _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), bytes));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                                            _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), bytes));
        const __m128i underscore = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('_'));
        const __m128i hyphen = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('-'));
        _mm_storeu_si128((__m128i *)(out + offset), _mm_or_si128(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
        const unsigned nonHyphen = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), underscore));
        const unsigned idByte = nonHyphen | (unsigned)_mm_movemask_epi8(hyphen);
        const unsigned own = leadpipe_own_bits(count - offset);
        const unsigned other = ~idByte & own;
        if (other != 0) {
            const unsigned end = (unsigned)__builtin_ctz(other);
            const uint8_t stop = value[offset + end];
            if (stop != '/' && stop != '?' && stop != '#') return -1;
            length = offset + end;
            hasNonHyphen |= (nonHyphen & ((1u << end) - 1u)) != 0;
            break;
        }
        hasNonHyphen |= (nonHyphen & own) != 0;
    }
    if (length < 3 || length > 100 || !hasNonHyphen) return -1;
    return (long)length;
#else
    (void)value; (void)count; (void)out;
    return -1;
#endif
}

/// Copies `body[from..<to]` to `out` 16 bytes at a time; returns `to - from`. Reads and writes
/// up to 15 bytes past the ends.
static inline size_t leadpipe_copy_blocks(const uint8_t *body, size_t from, size_t to, uint8_t *out) {
#if defined(__SSE2__)
    for (size_t offset = from; offset < to; offset += 16) {
        _mm_storeu_si128((__m128i *)(out + (offset - from)), _mm_loadu_si128((const __m128i *)(body + offset)));
    }
#else
    for (size_t offset = from; offset < to; offset++) out[offset - from] = body[offset];
#endif
    return to - from;
}

/// The body of an amount — digits with `.` `,` or space separators, starting and ending with a
/// digit, at most 48 bytes — written as a plain decimal to `out`: the integer digits without
/// leading zeros (`0` if none), then `.` and the fraction when there is one. The decimal
/// separator is the last separator when both `.` and `,` occur (and its kind occurs once), or
/// the only `.` or `,` unless it is followed by exactly three digits after one to three that
/// do not start with 0 (then it groups thousands). Other separators must group: one to three
/// digits first, then groups of exactly three up to the decimal separator or the end. Returns
/// the length written, or -1 for anything else (another byte, two separators in a row, a space
/// as decimal separator, groups not of three), which the caller's general reading decides.
///
/// Bounds: reads and writes whole 16-byte blocks: up to 15 bytes past `body + count` must be
/// readable, and `out` must have room for `count` + 16 bytes.
static inline long leadpipe_amount_body(const uint8_t *body, size_t count, uint8_t *out) {
#if defined(__SSE2__)
    if (count == 0 || count > 48) return -1;
    uint64_t digit = 0, zero = 0, dot = 0, comma = 0, space = 0;
    for (size_t offset = 0; offset < count; offset += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(body + offset));
        const __m128i isDigit = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                                              _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), bytes));
        digit |= (uint64_t)(unsigned)_mm_movemask_epi8(isDigit) << offset;
        zero |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('0'))) << offset;
        dot |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'))) << offset;
        comma |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(','))) << offset;
        space |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(' '))) << offset;
    }
    const uint64_t own = ((uint64_t)1 << count) - 1;
    digit &= own;
    zero &= own;
    dot &= own;
    comma &= own;
    space &= own;
    const uint64_t separator = dot | comma | space;
    if ((digit | separator) != own || (digit & 1) == 0 || ((digit >> (count - 1)) & 1) == 0) return -1;
    if ((separator & (separator >> 1)) != 0) return -1;  // two in a row
    // Counts are only compared with 0 and 1 (a population count is a slow loop without POPCNT,
    // which the x86-64 baseline lacks): x & (x - 1) clears the lowest bit.
    size_t integerEnd = count;  // where the integer part's bytes end in the body
    int hasFraction = 0;
    if (separator != 0) {
        const unsigned first = (unsigned)__builtin_ctzll(separator);
        const unsigned last = 63u - (unsigned)__builtin_clzll(separator);
        const uint8_t lastByte = body[last];
        const uint64_t dotOrComma = dot | comma;
        if (dot != 0 && comma != 0) {
            if (lastByte == ' ') return -1;
            const uint64_t kind = lastByte == '.' ? dot : comma;
            if ((kind & (kind - 1)) != 0) return -1;
            hasFraction = 1;
        } else if (dotOrComma != 0 && (dotOrComma & (dotOrComma - 1)) == 0) {
            if (lastByte == ' ') return -1;
            // Three digits after the separator, ending the body, and one to three before it
            // with no other separator (the first is the last).
            const int isThousands = last + 4 == count && first == last && last >= 1 && last <= 3 && body[0] != '0';
            hasFraction = !isThousands;
        }
        // Separators that group the integer part: all but a decimal one.
        const int integerSeparators = hasFraction ? (separator & (separator - 1)) != 0 : 1;
        if (integerSeparators) {
            // Every separator but the first exactly four bytes after the one before it.
            const uint64_t rest = separator & (separator - 1);
            const int innerOfThree = ((rest >> 4) & ~separator) == 0 && (separator & (separator >> 2)) == 0
                && (separator & (separator >> 3)) == 0;
            if (first > 3 || !innerOfThree || !(hasFraction || last + 4 == count)) return -1;
        }
        if (hasFraction) integerEnd = last;
    }
    // The integer digits from the first that is not 0.
    const uint64_t integerMask = integerEnd >= 64 ? own : (((uint64_t)1 << integerEnd) - 1);
    const uint64_t significant = digit & ~zero & integerMask;
    size_t length = 0;
    if (significant == 0) {
        out[0] = '0';
        length = 1;
    } else {
        size_t from = (size_t)__builtin_ctzll(significant);
        uint64_t between = separator & integerMask & ~(((uint64_t)1 << from) - 1);
        while (between != 0) {
            const size_t at = (size_t)__builtin_ctzll(between);
            length += leadpipe_copy_blocks(body, from, at, out + length);
            from = at + 1;
            between &= between - 1;
        }
        length += leadpipe_copy_blocks(body, from, integerEnd, out + length);
    }
    if (hasFraction) {
        out[length++] = '.';
        length += leadpipe_copy_blocks(body, integerEnd + 1, count, out + length);
    }
    return (long)length;
#else
    (void)body; (void)count; (void)out;
    return -1;
#endif
}

/// Copies `count` bytes to `target` if a CSV field may hold them unquoted: none is `delimiter`,
/// `quote`, CR or LF. Returns 1 when all were copied; 0 otherwise, when what was stored must
/// be ignored. (Whether the first or last byte needs quoting or guarding is the caller's to
/// check.)
///
/// Bounds: reads and stores whole 16-byte blocks, so up to 15 bytes past `value + count` must
/// be readable and up to 15 past `target + count` writable.
static inline int leadpipe_copy_csv_plain(const uint8_t *value, size_t count, uint8_t *target, uint8_t delimiter,
                                          uint8_t quote) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i q = _mm_set1_epi8((char)quote);
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (size_t index = 0; index < count; index += 16) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(value + index));
        _mm_storeu_si128((__m128i *)(target + index), bytes);
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, d), _mm_cmpeq_epi8(bytes, q)),
                                             _mm_or_si128(_mm_cmpeq_epi8(bytes, cr), _mm_cmpeq_epi8(bytes, lf)));
        const unsigned own = leadpipe_own_bits(count - index);
        if (((unsigned)_mm_movemask_epi8(special) & own) != 0) return 0;
    }
    return 1;
#else
    for (size_t index = 0; index < count; index++) {
        const uint8_t byte = value[index];
        if (byte == delimiter || byte == quote || byte == '\r' || byte == '\n') return 0;
        target[index] = byte;
    }
    return 1;
#endif
}

#endif
