#ifndef LEADPIPE_CODEC_H
#define LEADPIPE_CODEC_H

#include <stddef.h>
#include <stdint.h>

// SHA-256 (FIPS 180-4): OpenSSL's libcrypto when the machine has it (bound at run time; it
// uses the CPU's SHA instructions, ~5x faster), else portable C. The context is plain data,
// so a copy can be finished while the original goes on.
typedef struct {
    uint32_t state[8];
    uint64_t length;      // bytes hashed so far
    uint8_t block[64];
    size_t used;          // bytes waiting in `block`
    int openssl;          // 1: `context` is an OpenSSL SHA256_CTX
    _Alignas(16) uint8_t context[128];
} leadpipe_sha256;

// "libcrypto" or "portable".
const char *leadpipe_sha256_implementation(void);

void leadpipe_sha256_init(leadpipe_sha256 *context);
// The portable implementation, whatever the machine has (for tests).
void leadpipe_sha256_init_portable(leadpipe_sha256 *context);
void leadpipe_sha256_update(leadpipe_sha256 *context, const void *bytes, size_t count);
void leadpipe_sha256_final(leadpipe_sha256 *context, uint8_t digest[32]);

// libdeflate, bound at run time (dlopen of libdeflate.so.0) so that building needs no
// libdeflate headers and a machine without the library falls back to zlib.
// Returns 1 when libdeflate's gzip compressor is available.
int leadpipe_libdeflate_available(void);
// A compressor at `level` (1…12), or NULL.
void *leadpipe_libdeflate_alloc(int level);
void leadpipe_libdeflate_free(void *compressor);
// Worst-case size of one gzip member for `count` bytes.
size_t leadpipe_libdeflate_gzip_bound(void *compressor, size_t count);
// Compresses `count` bytes into one complete gzip member; returns its size, 0 if `out` is too small.
size_t leadpipe_libdeflate_gzip(void *compressor, const void *in, size_t count, void *out, size_t capacity);

// Asks the CPU to start loading the cache line at `address` (a hint; never faults).
static inline void leadpipe_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
