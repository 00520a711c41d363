/* synonyms.c — the groups (data/fr/synonyms.txt, then a town's), and a
 * lookup by binary search in their words (sorted once; every word of every
 * question is looked up: the linear scan it replaces was a seventh of the
 * question's analysis). */
#include "text/synonyms.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/langdata.h"
#include "util/mem.h"

/* Every word of every group, by word then group. */
struct entry {
    const char *w;
    size_t len;
    unsigned group;
};

struct synonyms {
    struct entry *entries;
    size_t nentries;
    const char *const **group;   /* each group's words, NULL-terminated */
    size_t ngroups;
};

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

struct synonyms *synonyms_new(const struct ld_list *town)
{
    const struct ld_list *lists[2] = {langdata_list(LD_SYNONYMS), town};
    struct synonyms *s = xcalloc(1, sizeof *s);
    size_t n = 0, ng = 0;
    for (int k = 0; k < 2 && lists[k]; k++) {
        ng += lists[k]->n;
        for (size_t g = 0; g < lists[k]->n; g++)
            n += lists[k]->e[g].nfield;
    }
    s->entries = xcalloc(n ? n : 1, sizeof *s->entries);
    s->group = xcalloc(ng ? ng : 1, sizeof *s->group);
    for (int k = 0; k < 2 && lists[k]; k++)
        for (size_t g = 0; g < lists[k]->n; g++) {
            const struct ld_entry *en = &lists[k]->e[g];
            for (uint32_t j = 0; j < en->nfield; j++)
                s->entries[s->nentries++] =
                    (struct entry){en->field[j], strlen(en->field[j]), (unsigned)s->ngroups};
            s->group[s->ngroups++] = en->field;
        }
    qsort(s->entries, s->nentries, sizeof s->entries[0], cmp_entry);
    return s;
}

void synonyms_free(struct synonyms *s)
{
    if (!s)
        return;
    free(s->entries);
    free(s->group);
    free(s);
}

static struct synonyms *general;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    general = synonyms_new(NULL);
}

const char *const *synonyms_group(const struct synonyms *s, const char *surface, size_t len)
{
    if (!len)
        return NULL;   /* no group holds an empty word */
    if (!s) {
        pthread_once(&once, init);
        s = general;
    }
    /* The first entry not below surface: its lowest group, if it is surface. */
    size_t lo = 0, hi = s->nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(s->entries[mid].w, s->entries[mid].len, surface, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->nentries && !cmp(s->entries[lo].w, s->entries[lo].len, surface, len))
        return s->group[s->entries[lo].group];
    return NULL;
}
