/* linediff.c — line differences by longest common subsequence (see
 * linediff.h). */
#include "util/linediff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/mem.h"

struct lines {
    const char **s;
    size_t *len;
    int n;
};

static enum gc_rc split(const char *t, struct lines *l, struct gc_err *e)
{
    int n = 0;
    for (const char *p = t; *p;) {
        const char *nl = strchr(p, '\n');
        n++;
        p = nl ? nl + 1 : p + strlen(p);
    }
    if (n > GC_DIFF_LINES_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "a text of more than %d lines cannot be compared",
                          GC_DIFF_LINES_MAX);
    l->s = xcalloc((size_t)n + 1, sizeof *l->s);
    l->len = xcalloc((size_t)n + 1, sizeof *l->len);
    l->n = 0;
    for (const char *p = t; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        l->s[l->n] = p;
        l->len[l->n++] = len;
        p += len + (nl ? 1 : 0);
    }
    return GC_OK;
}

static bool same(const struct lines *a, int i, const struct lines *b, int j)
{
    return a->len[i] == b->len[j] && !memcmp(a->s[i], b->s[j], a->len[i]);
}

static void push(struct diff *d, enum diff_op op, const char *s, size_t len, int o, int n)
{
    d->l[d->n++] = (struct diff_line){.op = op, .s = s, .len = len, .old_no = o, .new_no = n};
    if (op == DIFF_DEL)
        d->removed++;
    else if (op == DIFF_ADD)
        d->added++;
}

enum gc_rc diff_lines(const char *old, const char *new_, struct diff *d, struct gc_err *e)
{
    struct lines a = {0}, b = {0};
    uint32_t *t = NULL;
    memset(d, 0, sizeof *d);
    enum gc_rc rc = split(old ? old : "", &a, e);
    if (!rc)
        rc = split(new_ ? new_ : "", &b, e);
    if (rc)
        goto out;
    d->l = xcalloc((size_t)a.n + (size_t)b.n + 1, sizeof *d->l);
    d->shortest = true;
    int pre = 0;
    while (pre < a.n && pre < b.n && same(&a, pre, &b, pre))
        pre++;
    int suf = 0;
    while (suf < a.n - pre && suf < b.n - pre && same(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
        suf++;
    for (int i = 0; i < pre; i++)
        push(d, DIFF_SAME, a.s[i], a.len[i], i + 1, i + 1);
    int m = a.n - pre - suf, n = b.n - pre - suf;   /* the middles */
    if ((size_t)(m + 1) * (size_t)(n + 1) > GC_DIFF_CELLS_MAX) {
        d->shortest = false;
        for (int i = 0; i < m; i++)
            push(d, DIFF_DEL, a.s[pre + i], a.len[pre + i], pre + i + 1, 0);
        for (int j = 0; j < n; j++)
            push(d, DIFF_ADD, b.s[pre + j], b.len[pre + j], 0, pre + j + 1);
    } else {
        /* t[i][j]: the LCS length of the middles' suffixes from i and j. */
        size_t w = (size_t)n + 1;
        t = xcalloc((size_t)(m + 1) * w, sizeof *t);
        for (int i = m - 1; i >= 0; i--)
            for (int j = n - 1; j >= 0; j--)
                t[(size_t)i * w + (size_t)j] =
                    same(&a, pre + i, &b, pre + j)
                        ? t[(size_t)(i + 1) * w + (size_t)(j + 1)] + 1
                        : (t[(size_t)(i + 1) * w + (size_t)j] >= t[(size_t)i * w + (size_t)(j + 1)]
                               ? t[(size_t)(i + 1) * w + (size_t)j]
                               : t[(size_t)i * w + (size_t)(j + 1)]);
        int i = 0, j = 0;
        while (i < m || j < n) {
            if (i < m && j < n && same(&a, pre + i, &b, pre + j)) {
                push(d, DIFF_SAME, a.s[pre + i], a.len[pre + i], pre + i + 1, pre + j + 1);
                i++, j++;
            } else if (j < n && (i == m || t[(size_t)i * w + (size_t)(j + 1)] >
                                               t[(size_t)(i + 1) * w + (size_t)j])) {
                push(d, DIFF_ADD, b.s[pre + j], b.len[pre + j], 0, pre + j + 1);
                j++;
            } else {   /* removals before additions where both keep the LCS */
                push(d, DIFF_DEL, a.s[pre + i], a.len[pre + i], pre + i + 1, 0);
                i++;
            }
        }
    }
    for (int k = 0; k < suf; k++) {
        int i = a.n - suf + k, j = b.n - suf + k;
        push(d, DIFF_SAME, a.s[i], a.len[i], i + 1, j + 1);
    }
out:
    free(t);
    free(a.s);
    free(a.len);
    free(b.s);
    free(b.len);
    if (rc)
        diff_free(d);
    return rc;
}

void diff_free(struct diff *d)
{
    if (!d)
        return;
    free(d->l);
    memset(d, 0, sizeof *d);
}
