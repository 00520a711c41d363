/* pointers.c — out-of-scope pointers of dismissed groups (see pointers.h). */
#include "answer/pointers.h"

#include <stdlib.h>
#include <string.h>

#include "store/altq.h"
#include "text/qkey.h"
#include "util/limits.h"
#include "util/mem.h"

struct pointer {
    char *words;
    char *text;
};

struct pointers {
    struct pointer *v;
    size_t n, cap;
};

static int on_mark(void *ctx, const struct altq_mark_row *m)
{
    struct pointers *p = ctx;
    if (m->action != ALTQ_DISMISSED || !*m->words)
        return 0;
    if (p->n == GC_POINTERS_MAX) {   /* marks come oldest first: keep the newest */
        free(p->v[0].words);
        free(p->v[0].text);
        memmove(p->v, p->v + 1, (p->n - 1) * sizeof *p->v);
        p->n--;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
    }
    p->v[p->n++] = (struct pointer){xstrdup(m->words), xstrdup(m->pointer)};
    return 0;
}

enum gc_rc pointers_load(struct pointers **out, struct db *db, struct gc_err *e)
{
    struct pointers *p = xcalloc(1, sizeof *p);
    enum gc_rc rc = altq_marks(db, on_mark, p, e);
    if (rc) {
        pointers_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

void pointers_free(struct pointers *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].words);
        free(p->v[i].text);
    }
    free(p->v);
    free(p);
}

size_t pointers_count(const struct pointers *p)
{
    return p ? p->n : 0;
}

bool pointers_find(const struct pointers *p, const char *qkey, const char **pointer,
                   bool *exact)
{
    double best = 0;
    const struct pointer *hit = NULL;
    for (size_t i = 0; p && i < p->n; i++) {
        double score;
        if (qkey_match(qkey, p->v[i].words, &score) && score > best) {
            best = score;
            hit = &p->v[i];
        }
    }
    if (!hit)
        return false;
    *pointer = hit->text;
    *exact = !strcmp(qkey, hit->words);
    return true;
}
