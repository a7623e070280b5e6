#include "leadpipe_scan.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>

static inline uint64_t leadpipe_mask64(__m128i a, __m128i b, __m128i c, __m128i d, __m128i v) {
    uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, v));
    uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, v));
    uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(c, v));
    uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(d, v));
    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}

void leadpipe_classify_blocks(const uint8_t *data, size_t blockCount, uint8_t delimiter,
                              uint8_t quote, int hasQuote, LeadpipeBlockMasks *out) {
    const __m128i vd = _mm_set1_epi8((char)delimiter);
    const __m128i vq = _mm_set1_epi8((char)quote);
    const __m128i vcr = _mm_set1_epi8('\r');
    const __m128i vlf = _mm_set1_epi8('\n');
    for (size_t k = 0; k < blockCount; k++) {
        const uint8_t *p = data + 64 * k;
        __m128i a = _mm_loadu_si128((const __m128i *)(p + 0));
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
        out[k].quote = hasQuote ? leadpipe_mask64(a, b, c, d, vq) : 0;
        out[k].delimiter = leadpipe_mask64(a, b, c, d, vd);
        out[k].cr = leadpipe_mask64(a, b, c, d, vcr);
        out[k].lf = leadpipe_mask64(a, b, c, d, vlf);
    }
}

#else

void leadpipe_classify_blocks(const uint8_t *data, size_t blockCount, uint8_t delimiter,
                              uint8_t quote, int hasQuote, LeadpipeBlockMasks *out) {
    for (size_t k = 0; k < blockCount; k++) {
        const uint8_t *p = data + 64 * k;
        uint64_t q = 0, dl = 0, cr = 0, lf = 0;
        for (int i = 0; i < 64; i++) {
            uint64_t bit = (uint64_t)1 << i;
            if (hasQuote && p[i] == quote) q |= bit;
            if (p[i] == delimiter) dl |= bit;
            if (p[i] == '\r') cr |= bit;
            if (p[i] == '\n') lf |= bit;
        }
        out[k].quote = q;
        out[k].delimiter = dl;
        out[k].cr = cr;
        out[k].lf = lf;
    }
}

#endif
