#ifndef LEADPIPE_SCAN_H
#define LEADPIPE_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Where the four structural bytes of a CSV dialect sit in one 64-byte block:
/// bit k of each mask stands for byte k of the block.
typedef struct {
    uint64_t quote;
    uint64_t delimiter;
    uint64_t cr;
    uint64_t lf;
} LeadpipeBlockMasks;

/// Classifies `blockCount` consecutive 64-byte blocks starting at `data`.
///
/// Stage 1 of the tokenizer: it only compares bytes. `data` needs no alignment; all
/// `64 * blockCount` bytes must be readable. When `hasQuote` is 0 the quote masks are 0.
/// Uses SSE2 on x86-64 (always present there) and a portable loop elsewhere.
void leadpipe_classify_blocks(const uint8_t *data, size_t blockCount, uint8_t delimiter,
                              uint8_t quote, int hasQuote, LeadpipeBlockMasks *out);

#endif
