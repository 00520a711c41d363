/* qkey.c — the analysed words of a question as one key (see qkey.h). */
#include "text/qkey.h"

#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/sms_fr.h"
#include "text/synonyms.h"
#include "util/limits.h"
#include "util/mem.h"

struct words {
    char w[QKEY_WORDS_MAX][ANALYZE_WORD_MAX + 8];
    int n;
};

static void add_word(struct words *ws, const char *s, size_t n)
{
    if (!n || n >= sizeof ws->w[0])
        return;
    for (int i = 0; i < ws->n; i++)
        if (strlen(ws->w[i]) == n && !memcmp(ws->w[i], s, n))
            return;
    if (ws->n == QKEY_WORDS_MAX)
        return;
    memcpy(ws->w[ws->n], s, n);
    ws->w[ws->n++][n] = '\0';
}

static int on_token(void *ctx, const struct token *t)
{
    struct words *ws = ctx;
    if (t->stop)
        return 0;
    /* A word of a synonym group stands for the group: its first word.  The
     * general groups only (data/fr/synonyms.txt): a town's own change with
     * its content, and a key (a group's id) must not. */
    const char *const *syn = synonyms_group(NULL, t->surface, t->surface_len);
    if (syn && syn[0])
        add_word(ws, syn[0], strlen(syn[0]));
    else
        add_word(ws, t->term, t->term_len);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(a, b);
}

enum gc_rc qkey_make(const char *text, size_t len, struct buf *out)
{
    struct buf norm;
    buf_init(&norm, GC_QUESTION_MAX_BYTES * 4);
    if (len <= GC_SMS_MAX_BYTES && sms_fr_normalize(text, len, &norm) == GC_OK) {
        text = buf_str(&norm);
        len = norm.len;
    }
    struct words *ws = xcalloc(1, sizeof *ws);
    analyze_text(analyze_thread(), text, len, on_token, ws);
    qsort(ws->w, (size_t)ws->n, sizeof ws->w[0], cmp_str);
    size_t mark = out->len;
    enum gc_rc rc = GC_OK;
    for (int i = 0; i < ws->n && !rc; i++) {
        if (i)
            rc = buf_addc(out, ' ');
        if (!rc)
            rc = buf_adds(out, ws->w[i]);
    }
    if (rc)
        buf_truncate(out, mark);
    free(ws);
    buf_free(&norm);
    return rc;
}

/* Words of a key: pointers into copy (space-separated words). */
static int split(char *copy, char **w, int max)
{
    int n = 0;
    for (char *p = copy; *p && n < max;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w[n++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

bool qkey_match(const char *q, const char *g, double *score)
{
    char qc[QKEY_WORDS_MAX * (ANALYZE_WORD_MAX + 9)], gc[sizeof qc];
    char *qw[QKEY_WORDS_MAX], *gw[QKEY_WORDS_MAX];
    if (score)
        *score = 0;
    if (!q || !g || strlen(q) >= sizeof qc || strlen(g) >= sizeof gc)
        return false;
    memcpy(qc, q, strlen(q) + 1);
    memcpy(gc, g, strlen(g) + 1);
    int nq = split(qc, qw, QKEY_WORDS_MAX), ng = split(gc, gw, QKEY_WORDS_MAX);
    if (!nq || !ng)
        return false;
    int shared = 0;
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < ng; j++)
            if (!strcmp(qw[i], gw[j])) {
                shared++;
                break;
            }
    if (score)
        *score = (double)shared / (double)(nq + ng - shared);
    return (double)shared >= QKEY_MATCH_GROUP * ng && (double)shared >= QKEY_MATCH_QUESTION * nq;
}
