/* fuzz-sources: src/text/analyze.c src/text/numbers_fr.c src/text/langdata.c */
/* fuzz-libs: -lstemmer -lutf8proc -lpthread -lm */
/* fuzz-seeds: tests/fuzz/seeds/analyze */
/* fuzz_analyze.c — French analysis of any bytes (a question, a page):
 * every token lies inside the text, after the one before it, and its
 * surface and term are the strings their lengths say. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
    size_t len, end;
    int pos;
};

static int check(void *ctx, const struct token *t)
{
    struct walk *w = ctx;
    if (t->start >= t->end || t->end > w->len || t->start < w->end || t->pos != w->pos ||
        strlen(t->surface) != t->surface_len || strlen(t->term) != t->term_len ||
        t->surface_len > ANALYZE_WORD_MAX || t->term_len > ANALYZE_WORD_MAX)
        abort();
    w->end = t->end;
    w->pos++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct walk w = {size, 0, 0};
    analyze_text(analyze_thread(), (const char *)data, size, check, &w);
    free(analyze_fold((const char *)data, size));
    return 0;
}
