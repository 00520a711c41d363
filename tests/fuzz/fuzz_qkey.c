/* fuzz-sources: src/text/ */
/* fuzz-libs: libutf8proc -lstemmer */
/* fuzz_qkey.c — libFuzzer target for text/qkey, which reads every stored
 * question of residents (the questions loop) and every refused question
 * when out-of-scope marks exist.
 *
 * Checks: GC_OK; the key is words of at most ANALYZE_WORD_MAX bytes,
 * sorted and distinct, joined by one space, at most QKEY_WORDS_MAX of them;
 * a non-empty key matches itself, the empty key nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/qkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf k;
    buf_init(&k, 64 * 1024);
    CHECK(qkey_make((const char *)data, size, &k) == GC_OK);
    const char *s = buf_str(&k);
    CHECK(strlen(s) == k.len);
    int words = 0;
    const char *prev = NULL;
    size_t prevlen = 0;
    for (const char *p = s; *p;) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        CHECK(n > 0 && n <= ANALYZE_WORD_MAX + 8);
        if (prev) {
            size_t m = n < prevlen ? n : prevlen;
            int c = memcmp(prev, p, m);
            CHECK(c < 0 || (c == 0 && prevlen < n));   /* sorted, distinct */
        }
        prev = p;
        prevlen = n;
        words++;
        p += n + (end != NULL);
        CHECK(!end || *p);   /* no trailing space */
    }
    CHECK(words <= QKEY_WORDS_MAX);
    CHECK(k.len ? qkey_match(s, s, NULL) : !qkey_match(s, s, NULL));
    buf_free(&k);
    return 0;
}
