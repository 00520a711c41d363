/* fuzz-sources: src/text/numbers_fr.c */
/* fuzz-libs: libutf8proc */
/* fuzz-seeds: tests/fuzz/seeds/verify */
/* fuzz_numbers_fr.c — libFuzzer target for French numbers in words
 * (text/numbers_fr).  The input is any text (a model's answer is untrusted):
 * a number is read from every byte.  Checks: no crash, no read past the
 * length, the end after the start and inside the text, a value in range, at
 * most 16 words, and the flags consistent with the words read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/numbers_fr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    /* An exact-size copy, so that ASan sees any read past the length. */
    char *s = malloc(size ? size : 1);
    memcpy(s, data, size);
    for (size_t i = 0; i < size; i++) {
        struct numfr nf;
        if (!numfr_read(s, size, i, &nf))
            continue;
        CHECK(nf.end > i && nf.end <= size);
        CHECK(nf.value >= 0 && nf.value <= 999999999L);
        CHECK(nf.words >= 1 && nf.words <= 16);
        CHECK(!nf.lone_one || (nf.words == 1 && nf.value == 1));
        CHECK(!nf.lone_neuf || (nf.words == 1 && nf.value == 9));
    }
    free(s);
    return 0;
}
