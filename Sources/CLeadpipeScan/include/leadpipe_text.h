#ifndef LEADPIPE_TEXT_H
#define LEADPIPE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
        const unsigned own = remaining >= 16 ? 16u : (unsigned)remaining;
        const unsigned ownPairs = remaining > 16 ? 16u : (unsigned)remaining - 1u;
        const unsigned badMask = (unsigned)_mm_movemask_epi8(bad) & ((1u << own) - 1u);
        const unsigned pairMask = (unsigned)_mm_movemask_epi8(pair) & ((1u << ownPairs) - 1u);
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

#endif
