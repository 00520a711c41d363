/* fuzz-sources: src/text/langdata.c */
/* fuzz-libs: libutf8proc */
/* fuzz-seeds: data/fr demo */
/* fuzz-max-len: 8192 */
/* fuzz_langdata.c — libFuzzer target for the parser of the language data
 * files and of a town's word files (text/langdata).
 *
 * The input is read in each format (a line, blank-separated words, a
 * tab-separated table; sorted and folded or not).  Checks: only GC_OK,
 * GC_ERR_PARSE or GC_ERR_TOOBIG come back, with a message naming the file;
 * on success every field is NUL-terminated within the caps, the first
 * fields are NULL-terminated, and a sorted list is strictly sorted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/langdata.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const flags[] = {"before-word", "not-after-det", NULL};
    static const struct ld_format fmts[] = {
        {LD_SPLIT_TAB, 2, 3, LDF_SORTED, 1000, flags, 2},
        {LD_SPLIT_BLANK, 2, 32, LDF_FOLDED | LDF_UNIQUE_REST, 1000, NULL, 0},
        {LD_SPLIT_LINE, 1, 1, LDF_SORTED | LDF_FOLDED, 1000, NULL, 0},
        {LD_SPLIT_LINE, 1, 1, 0, 50, NULL, 0},
        {LD_SPLIT_BLANK, 2, 16, 0, 1000, NULL, 0},
        {LD_SPLIT_TAB, 2, 3, LDF_SORTED, 1000, NULL, 0},
        {LD_SPLIT_TAB, 1, 4, LDF_FOLDED, 1000, NULL, 0},
    };
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        const struct ld_format *f = &fmts[k];
        struct ld_list *l = NULL;
        struct gc_err e = {0};
        enum gc_rc rc = langdata_parse("fuzz.txt", (const char *)data, size, f, &l, &e);
        CHECK(rc == GC_OK || rc == GC_ERR_PARSE || rc == GC_ERR_TOOBIG);
        if (rc) {
            CHECK(!l && !strncmp(e.msg, "fuzz.txt:", 9));
            continue;
        }
        CHECK(l && l->n <= f->max_entries && !l->first[l->n]);
        for (size_t i = 0; i < l->n; i++) {
            const struct ld_entry *en = &l->e[i];
            CHECK(en->nfield >= f->min_fields && en->nfield <= f->max_fields);
            CHECK(l->first[i] == en->field[0]);
            for (uint32_t j = 0; j < en->nfield; j++)
                CHECK(strlen(en->field[j]) <= GC_LANGDATA_FIELD_MAX);
            if ((f->flags & LDF_SORTED) && i)
                CHECK(strcmp(l->first[i - 1], l->first[i]) < 0);
        }
        langdata_list_free(l);
    }
    return 0;
}
