/* pipeline.c — understand → retrieve → compose → (verify) for one question. */
#include "answer/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "answer/compose.h"
#include "answer/computed.h"
#include "answer/understand.h"
#include "search/index.h"
#include "store/db.h"
#include "store/pages.h"
#include "text/analyze.h"
#include "text/sms_fr.h"
#include "util/buf.h"
#include "util/mem.h"

/* Confidence above which a question that looks off-topic is answered all
 * the same, because the town's own pages cover every word of it. */
#define OUT_OF_SCOPE_OVERRIDE 0.95

struct pipeline {
    const struct config *cfg;
    struct index *ix;
    struct computed *know;   /* facilities' hours and the agenda */
    char *town;          /* as configured */
    char *town_folded;
    char *contact;
    double min_conf;
    int max_sentences;
};

static int on_page(void *ctx, const struct stored_page *p)
{
    index_add_page(ctx, p);
    return 0;
}

static int on_passage(void *ctx, const char *heading, const char *text)
{
    index_add_passage(ctx, heading, text);
    return 0;
}

enum gc_rc pipeline_open(struct pipeline **out, const struct config *cfg, struct gc_err *e)
{
    struct db *db = NULL;
    struct pipeline *p = xcalloc(1, sizeof *p);
    enum gc_rc rc;
    *out = NULL;
    p->cfg = cfg;
    p->ix = index_new();
    if ((rc = db_open(&db, config_get(cfg, "db"), DB_READONLY, e)))
        goto out;
    struct store_visitor v = {p->ix, on_page, on_passage};
    if ((rc = store_load_published(db, &v, e)))
        goto out;
    index_finish(p->ix);
    if ((rc = computed_open(&p->know, cfg, db, p->ix, e)))
        goto out;
    p->town = xstrdup(config_get(cfg, "town-name"));
    p->town_folded = analyze_fold(p->town, strlen(p->town));
    p->contact = xstrdup(config_get(cfg, "contact"));
    p->min_conf = config_double(cfg, "min-confidence");
    p->max_sentences = (int)config_int(cfg, "max-sentences");
    *out = p;
    p = NULL;
out:
    db_close(db);
    pipeline_close(p);
    return rc;
}

void pipeline_close(struct pipeline *p)
{
    if (!p)
        return;
    index_free(p->ix);
    computed_close(p->know);
    free(p->town);
    free(p->town_folded);
    free(p->contact);
    free(p);
}

size_t pipeline_page_count(const struct pipeline *p)
{
    return index_npages(p->ix);
}

size_t pipeline_passage_count(const struct pipeline *p)
{
    return index_npassages(p->ix);
}

void answer_free(struct gc_answer *a)
{
    if (!a)
        return;
    free(a->text);
    for (int i = 0; i < a->nsources; i++) {
        struct gc_source *s = &a->sources[i];
        free(s->id);
        free(s->title);
        free(s->url);
        free(s->service);
        free(s->validated_by);
        free(s->validated_on);
    }
    for (int i = 0; i < a->nranked; i++)
        free(a->ranked[i]);
    memset(a, 0, sizeof *a);
}

/* Count code points; -1 when the text is not valid UTF-8 or holds NUL or
 * control characters other than white space. */
static long count_chars(const char *s, size_t len)
{
    long n = 0;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r'))
            return -1;
        i += (size_t)k;
        n++;
    }
    return n;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void refuse(struct pipeline *p, struct gc_answer *a, const char *reason)
{
    struct buf b;
    buf_init(&b, 4096);
    if (!strcmp(reason, "small_talk"))
        buf_printf(&b,
                   "Bonjour ! Je suis l'assistant automatique de %s. Posez-moi une question sur "
                   "les démarches, les services ou les équipements de la commune : je réponds à "
                   "partir de ses pages validées.",
                   p->town);
    else if (!strcmp(reason, "out_of_scope"))
        buf_printf(&b,
                   "Je ne peux répondre qu'aux questions sur les démarches et les services de %s, "
                   "à partir des pages validées par la commune. Pour toute autre demande, "
                   "contactez %s.",
                   p->town, p->contact);
    else
        buf_printf(&b,
                   "Je n'ai pas trouvé de réponse sûre dans les pages validées de %s. "
                   "Vous pouvez reformuler votre question ou contacter %s.",
                   p->town, p->contact);
    free(a->text);
    a->text = buf_steal(&b);
    a->refused = true;
    a->refusal_reason = reason;
    for (int i = 0; i < a->nsources; i++) {
        struct gc_source *s = &a->sources[i];
        free(s->id);
        free(s->title);
        free(s->url);
        free(s->service);
        free(s->validated_by);
        free(s->validated_on);
    }
    a->nsources = 0;
}

enum gc_rc pipeline_ask(struct pipeline *p, const struct gc_question *q, struct gc_answer *a,
                        struct gc_err *e)
{
    double t0 = now_ms();
    memset(a, 0, sizeof *a);
    a->path = "extractive";
    if (!q->text)
        return gc_err_set(e, GC_ERR_INVALID, "the question is missing");
    long nchars = count_chars(q->text, q->len);
    if (nchars < 0)
        return gc_err_set(e, GC_ERR_INVALID, "the question is not valid UTF-8 text");
    if (nchars > GC_QUESTION_MAX_CHARS)
        return gc_err_set(e, GC_ERR_TOOBIG, "the question is longer than %d characters",
                          GC_QUESTION_MAX_CHARS);
    size_t k = 0;
    while (k < q->len && (q->text[k] == ' ' || q->text[k] == '\n' || q->text[k] == '\t' || q->text[k] == '\r'))
        k++;
    if (k == q->len)
        return gc_err_set(e, GC_ERR_INVALID, "the question is empty");

    /* Texting spelling ("bjr kel oraire pr la pisine") is normalised for every
     * channel: residents text on the web page too. */
    struct buf norm;
    buf_init(&norm, GC_QUESTION_MAX_BYTES * 4);
    const char *text = q->text;
    size_t tlen = q->len;
    if (sms_fr_normalize(q->text, q->len, &norm) == GC_OK) {
        text = buf_str(&norm);
        tlen = norm.len;
    }
    char *folded = analyze_fold(text, tlen);
    enum intent in = *folded ? understand(folded, p->town_folded) : INTENT_SMALL_TALK;
    free(folded);
    if (in == INTENT_SMALL_TALK) {
        refuse(p, a, "small_talk");
        goto out;
    }
    /* Opening hours and events are computed, not extracted. */
    if (in == INTENT_QUESTION && computed_answer(p->know, text, tlen, a))
        goto out;

    struct query query;
    index_query(p->ix, text, tlen, &query);
    struct ix_hit hits[10];
    int nh = index_search_pages(p->ix, &query, hits, 10);
    for (int i = 0; i < nh; i++)
        a->ranked[a->nranked++] = xstrdup(index_page(p->ix, hits[i].id)->ext_id);

    struct composed c;
    compose_answer(p->ix, &query, hits, nh, p->max_sentences, &c);
    a->confidence = c.confidence;
    /* The validated pages define what is in scope: a topic that is usually
     * off-topic (a "bourse", a "concours"...) is answered only when the pages
     * cover the whole question. */
    if (in == INTENT_OUT_OF_SCOPE && c.confidence < OUT_OF_SCOPE_OVERRIDE) {
        composed_free(&c);
        refuse(p, a, "out_of_scope");
        goto out;
    }
    if (c.text.len == 0 || c.confidence < p->min_conf) {
        composed_free(&c);
        refuse(p, a, "low_confidence");
        goto out;
    }
    a->text = buf_steal(&c.text);
    for (int i = 0; i < c.npages; i++) {
        const struct ix_page *pg = index_page(p->ix, c.pages[i]);
        struct gc_source *s = &a->sources[a->nsources++];
        s->id = xstrdup(pg->ext_id);
        s->title = xstrdup(pg->title);
        s->url = xstrdup(pg->url);
        s->service = xstrdup(pg->service);
        s->validated_by = xstrdup(pg->validated_by);
        s->validated_on = xstrdup(pg->validated_on);
    }
    composed_free(&c);
out:
    buf_free(&norm);
    a->elapsed_ms = now_ms() - t0;
    return GC_OK;
}
