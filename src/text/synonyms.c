/* synonyms.c — the groups (data/fr/synonyms.txt), and a lookup by binary
 * search in their words (sorted once; every word of every question is
 * looked up: the linear scan it replaces was a seventh of the question's
 * analysis). */
#include "text/synonyms.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/langdata.h"
#include "util/mem.h"

/* Every word of every group, by word then group. */
static struct entry {
    const char *w;
    size_t len;
    unsigned group;
} *entries;
static size_t nentries;
static const struct ld_list *groups;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Words compare by length first: the order does not matter, only that it
 * is total, and lengths settle most comparisons. */
static int cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    return memcmp(a, b, an);
}

static int cmp_entry(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    int c = cmp(a->w, a->len, b->w, b->len);
    return c ? c : (a->group > b->group) - (a->group < b->group);
}

static void init(void)
{
    groups = langdata_list(LD_SYNONYMS);
    size_t n = 0;
    for (size_t g = 0; g < groups->n; g++)
        n += groups->e[g].nfield;
    entries = xcalloc(n ? n : 1, sizeof *entries);
    for (unsigned g = 0; g < groups->n; g++)
        for (uint32_t j = 0; j < groups->e[g].nfield; j++) {
            const char *w = groups->e[g].field[j];
            entries[nentries++] = (struct entry){w, strlen(w), g};
        }
    qsort(entries, nentries, sizeof entries[0], cmp_entry);
}

const char *const *synonyms_group(const char *surface, size_t len)
{
    if (!len)
        return NULL;   /* no group holds an empty word */
    pthread_once(&once, init);
    /* The first entry not below surface: its lowest group, if it is surface. */
    size_t lo = 0, hi = nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(entries[mid].w, entries[mid].len, surface, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < nentries && !cmp(entries[lo].w, entries[lo].len, surface, len))
        return groups->e[entries[lo].group].field;
    return NULL;
}
