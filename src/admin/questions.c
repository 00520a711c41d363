/* questions.c — the questions loop (see questions.h). */
#include "admin/questions.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/altq.h"
#include "store/audit.h"
#include "text/qkey.h"
#include "text/scrub.h"
#include "util/jsonw.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/utf8.h"

void qloop_group_id(const char *words, char out[QGROUP_ID_HEX + 1])
{
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)words, strlen(words), NULL, 0);
    char hex[2 * crypto_generichash_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    memcpy(out, hex, QGROUP_ID_HEX);
    out[QGROUP_ID_HEX] = '\0';
}

struct mark {
    enum altq_action action;
    char at[24];
};

/* The loader's state. */
struct load {
    const struct qloop_filter *f;
    const char *only;             /* a group id: that group only, marks ignored */
    struct strmap marks;          /* group id -> index in mk */
    struct mark *mk;
    size_t nmk;
    struct strmap ids;            /* group id -> index in out->g */
    struct qloop *out;
    int cap;
    struct buf key;
};

static int on_mark(void *ctx, const struct altq_mark_row *m)
{
    struct load *l = ctx;
    uint32_t i = strmap_put(&l->marks, m->group_id, strlen(m->group_id), (uint32_t)l->nmk);
    if (i == l->nmk) {
        l->mk = xreallocarray(l->mk, l->nmk + 1, sizeof *l->mk);
        l->nmk++;
    }
    l->mk[i].action = m->action;
    snprintf(l->mk[i].at, sizeof l->mk[i].at, "%s", m->at);
    return 0;
}

/* Add item to a separated list held in out (n bytes) unless it is there. */
static void list_add(char *out, size_t n, const char *item, const char *sep)
{
    if (!*item)
        return;
    size_t il = strlen(item), sl = strlen(sep);
    for (const char *p = out; *p;) {
        const char *end = strstr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == il && !memcmp(p, item, il))
            return;
        if (!end)
            break;
        p = end + sl;
    }
    size_t have = strlen(out);
    if (have + (have ? sl : 0) + il + 1 > n)
        return;   /* full: the list shows the first ones */
    if (have)
        memcpy(out + have, sep, sl), have += sl;
    memcpy(out + have, item, il + 1);
}

static struct qgroup *group_of(struct load *l, const char *id, const char *words)
{
    struct qloop *q = l->out;
    uint32_t i = strmap_put(&l->ids, id, strlen(id), (uint32_t)q->n);
    if (i < (uint32_t)q->n)
        return &q->g[i];
    if (q->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        q->g = xreallocarray(q->g, (size_t)l->cap, sizeof *q->g);
    }
    struct qgroup *g = &q->g[q->n++];
    memset(g, 0, sizeof *g);
    memcpy(g->id, id, sizeof g->id);
    g->words = xstrdup(words);
    return g;
}

static int on_row(void *ctx, const struct insight_row *r)
{
    struct load *l = ctx;
    const struct qloop_filter *f = l->f;
    l->out->rows++;
    if (l->out->rows > GC_QLOOP_ROWS_MAX) {
        l->out->truncated = true;
        return 1;
    }
    if (!l->only && ((f->channel && *f->channel && strcmp(f->channel, r->channel)) ||
                     (f->service && *f->service && strcmp(f->service, r->service)) ||
                     (f->reason >= 0 && (int)r->reason != f->reason)))
        return 0;
    buf_reset(&l->key);
    if (qkey_make(r->question, strlen(r->question), &l->key) != GC_OK || l->key.len == 0)
        return 0;   /* no content word: nothing to group or answer */
    char id[QGROUP_ID_HEX + 1];
    qloop_group_id(buf_str(&l->key), id);
    if (l->only) {
        if (strcmp(id, l->only))
            return 0;
    } else {
        uint32_t m = strmap_get(&l->marks, id, strlen(id));
        if (m != UINT32_MAX && (l->mk[m].action == ALTQ_DISMISSED ||
                                strcmp(r->created_at, l->mk[m].at) <= 0))
            return 0;
    }
    struct qgroup *g = group_of(l, id, buf_str(&l->key));
    g->count++;
    g->reasons[r->reason]++;
    if (strcmp(r->created_at, g->last_at) > 0)
        snprintf(g->last_at, sizeof g->last_at, "%s", r->created_at);
    bool seen = false;
    for (int i = 0; i < g->nexamples && !seen; i++)
        seen = !strcmp(g->examples[i], r->question);
    if (!seen && g->nexamples < GC_QLOOP_EXAMPLES_MAX)
        g->examples[g->nexamples++] = xstrdup(r->question);
    if (*r->comment && g->ncomments < GC_QLOOP_EXAMPLES_MAX) {
        /* Comments were stored as typed: what a report shows is scrubbed. */
        struct buf c;
        buf_init(&c, GC_FEEDBACK_COMMENT_MAX * 8);
        if (scrub_text(r->comment, strlen(r->comment), &c) == GC_OK)
            g->comments[g->ncomments++] = buf_steal(&c);
        buf_free(&c);
    }
    list_add(g->channels, sizeof g->channels, r->channel, ",");
    list_add(g->services, sizeof g->services, r->service, "; ");
    return 0;
}

static int cmp_frequent(const void *a, const void *b)
{
    const struct qgroup *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    int c = strcmp(y->last_at, x->last_at);
    return c ? c : strcmp(x->id, y->id);
}

static int cmp_recent(const void *a, const void *b)
{
    const struct qgroup *x = a, *y = b;
    int c = strcmp(y->last_at, x->last_at);
    if (c)
        return c;
    return x->count != y->count ? (x->count > y->count ? -1 : 1) : strcmp(x->id, y->id);
}

static enum gc_rc load(struct db *db, const struct qloop_filter *f, const char *only,
                       struct qloop *out, struct gc_err *e)
{
    struct load l = {.f = f, .only = only, .out = out};
    memset(out, 0, sizeof *out);
    strmap_init(&l.marks);
    strmap_init(&l.ids);
    buf_init(&l.key, 4096);
    enum gc_rc rc = only ? GC_OK : altq_marks(db, on_mark, &l, e);
    if (!rc)
        rc = insights_bad_questions(db, f->since ? f->since : "", f->low_conf,
                                    GC_QLOOP_ROWS_MAX + 1, on_row, &l, e);
    for (int i = 0; i < out->n; i++) {
        struct qgroup *g = &out->g[i];
        /* The reason of most; on a tie, what the resident said first. */
        static const enum insight_reason order[] = {INSIGHT_NOT_USEFUL, INSIGHT_REFUSED,
                                                    INSIGHT_LOW_CONFIDENCE};
        g->reason = order[0];
        for (int k = 1; k < INSIGHT_REASONS; k++)
            if (g->reasons[order[k]] > g->reasons[g->reason])
                g->reason = order[k];
    }
    if (out->n)
        qsort(out->g, (size_t)out->n, sizeof *out->g,
              f->sort == QLOOP_RECENT ? cmp_recent : cmp_frequent);
    if (out->rows > GC_QLOOP_ROWS_MAX)
        out->rows = GC_QLOOP_ROWS_MAX;
    strmap_free(&l.marks);
    strmap_free(&l.ids);
    free(l.mk);
    buf_free(&l.key);
    if (rc)
        qloop_free(out);
    return rc;
}

enum gc_rc qloop_load(struct db *db, const struct qloop_filter *f, struct qloop *out,
                      struct gc_err *e)
{
    return load(db, f, NULL, out, e);
}

void qloop_free(struct qloop *q)
{
    for (int i = 0; q && i < q->n; i++) {
        struct qgroup *g = &q->g[i];
        free(g->words);
        for (int k = 0; k < g->nexamples; k++)
            free(g->examples[k]);
        for (int k = 0; k < g->ncomments; k++)
            free(g->comments[k]);
    }
    if (q) {
        free(q->g);
        memset(q, 0, sizeof *q);
    }
}

/* A separated list as a JSON array. */
static void json_list(struct jsonw *w, const char *name, const char *list, const char *sep)
{
    jsonw_key(w, name);
    jsonw_open(w, '[');
    size_t sl = strlen(sep);
    for (const char *p = list; *p;) {
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        jsonw_strn(w, p, n);
        if (!end)
            break;
        p = end + sl;
    }
    jsonw_close(w, ']');
}

enum gc_rc qloop_json(const struct qloop *q, struct buf *out)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_open(&w, '[');
    for (int i = 0; i < q->n; i++) {
        const struct qgroup *g = &q->g[i];
        jsonw_open(&w, '{');
        jsonw_field_str(&w, "id", g->id);
        jsonw_field_num(&w, "count", g->count);
        jsonw_key(&w, "examples");
        jsonw_open(&w, '[');
        for (int k = 0; k < g->nexamples; k++)
            jsonw_str(&w, g->examples[k]);
        jsonw_close(&w, ']');
        jsonw_field_str(&w, "reason", insight_reason_name(g->reason));
        jsonw_field_str(&w, "last_at", g->last_at);
        jsonw_field_str(&w, "words", g->words);
        json_list(&w, "channels", g->channels, ",");
        json_list(&w, "services", g->services, "; ");
        jsonw_key(&w, "comments");
        jsonw_open(&w, '[');
        for (int k = 0; k < g->ncomments; k++)
            jsonw_str(&w, g->comments[k]);
        jsonw_close(&w, ']');
        jsonw_close(&w, '}');
    }
    jsonw_close(&w, ']');
    return w.rc;
}

enum gc_rc qloop_find(struct db *db, const char *id, double low_conf, struct qloop *q,
                      struct gc_err *e)
{
    struct qloop_filter f = {.reason = -1, .low_conf = low_conf};
    memset(q, 0, sizeof *q);
    if (!id || strlen(id) != QGROUP_ID_HEX)
        return gc_err_set(e, GC_ERR_NOTFOUND, "'%.40s' is not a group id (%d hex digits)",
                          id ? id : "",
                          QGROUP_ID_HEX);
    enum gc_rc rc = load(db, &f, id, q, e);
    if (!rc && q->n == 0) {
        qloop_free(q);
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no group %s among the exchanges kept", id);
    }
    return rc;
}

enum gc_rc qloop_link(struct db *db, const char *id, const char *address, const char *by,
                      const struct user *u, double low_conf, struct qloop_done *done,
                      struct gc_err *e)
{
    struct qloop q;
    struct altq_page *pg = xcalloc(1, sizeof *pg);
    memset(done, 0, sizeof *done);
    enum gc_rc rc = qloop_find(db, id, low_conf, &q, e);
    if (rc)
        goto out_nogroup;
    rc = altq_page_find(db, address, pg, e);
    if (rc)
        goto out;
    if (!pg->published) {
        rc = gc_err_set(e, GC_ERR_NOTFOUND,
                        "the page %s is not served (no validated version, or withdrawn)",
                        pg->ext_id);
        goto out;
    }
    if (u && !user_has_service(u, pg->service)) {
        rc = gc_err_set(e, GC_ERR_DENIED, "the page %s belongs to the service '%s', not yours",
                        pg->ext_id, pg->service);
        goto out;
    }
    rc = db_begin(db, e);
    if (rc)
        goto out;
    const struct qgroup *g = &q.g[0];
    for (int i = 0; i < g->nexamples && !rc; i++) {
        int before = sqlite3_total_changes(db->h);
        rc = altq_attach(db, pg->id, g->examples[i], g->id, by, e);
        done->attached += sqlite3_total_changes(db->h) > before;
    }
    if (!rc)
        rc = altq_mark(db, g->id, ALTQ_LINKED, g->words, pg->id, NULL, by, e);
    char detail[256];
    snprintf(detail, sizeof detail, "%d question(s) attached to %.200s", done->attached,
             pg->ext_id);
    if (!rc)
        rc = audit_write(db, by, "question.link", g->id, detail, e);
    if (!rc)
        rc = db_commit(db, e);
    if (rc)
        db_rollback(db);
    snprintf(done->page, sizeof done->page, "%s", pg->ext_id);
    snprintf(done->title, sizeof done->title, "%s", pg->title);
out:
    qloop_free(&q);
out_nogroup:
    free(pg);
    return rc;
}

enum gc_rc qloop_dismiss(struct db *db, const char *id, const char *pointer, const char *by,
                         double low_conf, struct gc_err *e)
{
    struct qloop q;
    size_t pl = pointer ? strlen(pointer) : 0;
    if (pl > GC_POINTER_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "the pointer is longer than %d bytes", GC_POINTER_MAX);
    if (pl && !utf8_valid(pointer, pl))
        return gc_err_set(e, GC_ERR_INVALID, "the pointer is not valid UTF-8");
    for (size_t i = 0; i < pl; i++)
        if ((unsigned char)pointer[i] < 0x20)
            return gc_err_set(e, GC_ERR_INVALID, "the pointer must be one line of text");
    enum gc_rc rc = qloop_find(db, id, low_conf, &q, e);
    if (rc)
        return rc;
    rc = db_begin(db, e);
    if (!rc)
        rc = altq_mark(db, q.g[0].id, ALTQ_DISMISSED, q.g[0].words, 0, pointer, by, e);
    if (!rc)
        rc = audit_write(db, by, "question.dismiss", q.g[0].id,
                         pl ? pointer : "out of scope, no pointer", e);
    if (!rc)
        rc = db_commit(db, e);
    if (rc)
        db_rollback(db);
    qloop_free(&q);
    return rc;
}
