/* lexicon.c — the folded words as a sorted array of 32-bit hashes.
 *
 * 346,000 words of wfrench cost 1.4 MB this way (the words themselves would
 * take 4 MB, plus their offsets).  Two words share a hash with probability
 * about n / 2^32 ≈ 1e-4 per lookup: then a typo is left uncorrected, which
 * only lowers an answer's confidence. */
#include "text/lexicon.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "util/mem.h"

struct lexicon {
    uint32_t *h;    /* sorted, without duplicates */
    size_t n;
};

static uint32_t hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

enum gc_rc lexicon_load(struct lexicon **out, const char *path, struct gc_err *e)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return gc_err_set(e, errno == ENOENT ? GC_ERR_NOTFOUND : GC_ERR_IO, "%s: %s", path,
                          strerror(errno));
    struct lexicon *l = xcalloc(1, sizeof *l);
    /* About one word per 11 bytes in wfrench: room for all at once, so
     * the array is not copied while it grows. */
    size_t cap = 1 << 12;
    if (!fseek(f, 0, SEEK_END)) {
        long size = ftell(f);
        if (size > 0)
            cap += (size_t)size / 10;
        rewind(f);
    }
    l->h = xreallocarray(NULL, cap, sizeof *l->h);
    char line[256], w[LEXICON_MAX + 8];
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (line[n] == '\0' && n == sizeof line - 1) {
            int c; /* an overlong line: skip its rest */
            do
                c = fgetc(f);
            while (c != EOF && c != '\n');
            continue;
        }
        /* Folded as the index folds the words of its pages; a line that is
         * not one word ("aujourd'hui", "c'est-à-dire") holds none the index
         * would look up. */
        size_t wn = analyze_fold_word(line, n, w, sizeof w);
        if (wn < LEXICON_MIN || wn > LEXICON_MAX)
            continue;
        if (l->n == cap) {
            cap *= 2;
            l->h = xreallocarray(l->h, cap, sizeof *l->h);
        }
        l->h[l->n++] = hash(w, wn);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        lexicon_free(l);
        return gc_err_set(e, GC_ERR_IO, "%s: read error", path);
    }
    if (l->n)
        qsort(l->h, l->n, sizeof *l->h, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!k || l->h[k - 1] != l->h[i])
            l->h[k++] = l->h[i];
    l->n = k;
    l->h = xreallocarray(l->h, l->n ? l->n : 1, sizeof *l->h);
    *out = l;
    return GC_OK;
}

void lexicon_free(struct lexicon *l)
{
    if (!l)
        return;
    free(l->h);
    free(l);
}

bool lexicon_has(const struct lexicon *l, const char *w, size_t n)
{
    if (!l || n < LEXICON_MIN || n > LEXICON_MAX)
        return false;
    uint32_t h = hash(w, n);
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->h[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && l->h[lo] == h;
}

size_t lexicon_size(const struct lexicon *l)
{
    return l ? l->n : 0;
}
