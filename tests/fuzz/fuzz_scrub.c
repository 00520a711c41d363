/* fuzz-sources: src/text/scrub.c src/util/buf.c src/util/err.c src/util/mem.c */
/* fuzz_scrub.c — libFuzzer target for text/scrub, which reads every
 * question before it is stored.
 *
 * Checks: GC_OK (or GC_ERR_TOOBIG past the output cap); scrubbing is
 * idempotent (a scrubbed text has nothing left to mask); no run of 9 digits
 * survives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf a, b;
    buf_init(&a, 1024 * 1024);
    buf_init(&b, 1024 * 1024);
    CHECK(scrub_text((const char *)data, size, &a) == GC_OK);
    CHECK(scrub_text(a.data ? a.data : "", a.len, &b) == GC_OK);
    CHECK(a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len)));
    size_t run = 0;
    for (size_t i = 0; i < a.len; i++) {
        run = a.data[i] >= '0' && a.data[i] <= '9' ? run + 1 : 0;
        CHECK(run < 9);
    }
    buf_free(&a);
    buf_free(&b);
    return 0;
}
