/* generation.c — build one generation of the content served (generation.h). */
#include "answer/generation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__   /* defined by the headers above */
#include <malloc.h>
#endif

#include "answer/pointers.h"
#include "knowledge/placeholders.h"
#include "knowledge/timebound.h"
#include "store/altq.h"
#include "store/db.h"
#include "store/pages.h"
#include "text/analyze.h"
#include "util/clock.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/strmap.h"

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

enum gc_rc generation_today(const struct config *cfg, long *day, char today[11], struct gc_err *e)
{
    struct clock c;
    enum gc_rc rc = clock_from_config(&c, cfg, e);
    if (rc)
        return rc;
    struct gc_time now;
    clock_now(&c, &now);
    *day = clock_days(now.year, now.month, now.day);
    unsigned y = (unsigned)now.year % 10000u, m = (unsigned)now.month % 100u, d = (unsigned)now.day % 100u;
    snprintf(today, 11, "%04u-%02u-%02u", y, m, d);
    return GC_OK;
}

/* The alternate questions of the published pages, by page identifier
 * (store/altq.h), gathered from the snapshot before the pages are read. */
struct altq_map {
    struct strmap ids;   /* ext_id -> index in text */
    struct buf *text;    /* the page's questions, one a line */
    size_t n;
};

static int on_question(void *ctx, const char *ext_id, const char *question)
{
    struct altq_map *m = ctx;
    uint32_t i = strmap_put(&m->ids, ext_id, strlen(ext_id), (uint32_t)m->n);
    if (i == m->n) {
        m->text = xreallocarray(m->text, m->n + 1, sizeof *m->text);
        buf_init(&m->text[m->n++], (size_t)GC_ALT_QUESTIONS_MAX * 4 * GC_ALT_QUESTION_MAX_BYTES);
    }
    struct buf *b = &m->text[i];
    if (b->len)
        buf_addc(b, '\n');
    buf_adds(b, question);   /* past the cap (thousands attached): the rest is left out */
    return 0;
}

static void altq_map_free(struct altq_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        buf_free(&m->text[i]);
    free(m->text);
    strmap_free(&m->ids);
}

/* The pages of the snapshot, as they reach the index. */
struct loading {
    struct generation *g;
    long grace;   /* setting overdue-grace-days */
    bool skip;    /* the passages of the current page are not served */
    const struct placeholders *ph;   /* the facilities' records ({{phone}}...) */
    char facility[PLACEHOLDER_ID_MAX];   /* of the current page */
    struct altq_map *q;                  /* alternate questions of the pages */
};

static int on_page(void *ctx, const struct stored_page *p)
{
    struct loading *l = ctx;
    enum page_timing t = page_timing(p->expires, p->review_by, l->g->today, l->grace);
    l->skip = !page_timing_served(t);
    if (t == PAGE_EXPIRED_DAY)
        l->g->expired++;
    else if (t == PAGE_WITHHELD)
        l->g->withheld++;
    else if (t == PAGE_OVERDUE)
        l->g->overdue++;
    if (!l->skip) {
        index_add_page(l->g->ix, p);
        uint32_t i = strmap_get(&l->q->ids, p->ext_id, strlen(p->ext_id));
        if (i != UINT32_MAX)
            index_add_questions(l->g->ix, buf_str(&l->q->text[i]));
    }
    snprintf(l->facility, sizeof l->facility, "%s", p->facility ? p->facility : "");
    return 0;
}

/* A passage as served: its placeholders expanded from the facilities'
 * records (knowledge/placeholders.h), then without the sentences that
 * present as upcoming what is past on the generation's day
 * (knowledge/timebound.h). */
static int on_passage(void *ctx, const char *heading, const char *text)
{
    struct loading *l = ctx;
    if (l->skip)
        return 0;
    size_t n = strlen(text);
    struct buf full, kept;
    buf_init(&full, (size_t)GC_PAGE_TEXT_MAX * 2);
    if (memchr(text, '{', n)) {
        l->g->unresolved += placeholders_expand(l->ph, text, n, l->facility, l->g->day, &full);
        text = buf_str(&full);
        n = full.len;
    }
    buf_init(&kept, n + 1);
    size_t dropped = timebound_drop_past(text, n, l->g->day, &kept);
    l->g->past_sentences += dropped;
    index_add_passage(l->g->ix, heading, dropped ? buf_str(&kept) : text);
    buf_free(&kept);
    buf_free(&full);
    return 0;
}

/* Copy the newest of a and b (ISO dates compare as strings) into a. */
static void keep_newest(char *a, size_t n, const char *b)
{
    if (b && strlen(b) == 10 && strcmp(b, a) > 0)
        snprintf(a, n, "%s", b);
}

struct svc_sort {
    struct pipeline_service s;
    char *key;   /* folded name */
};

static int cmp_service(const void *x, const void *y)
{
    return strcmp(((const struct svc_sort *)x)->key, ((const struct svc_sort *)y)->key);
}

/* Pages by department and newest validation dates, once, sorted by folded
 * name ("État civil" among the E's). */
static void compute_stats(struct generation *g)
{
    uint32_t np = index_npages(g->ix);
    struct svc_sort *tmp = xcalloc(np ? np : 1, sizeof *tmp);
    size_t ns = 0;
    for (uint32_t i = 0; i < np; i++) {
        const struct ix_page *pg = index_page(g->ix, i);
        const char *svc = pg->service ? pg->service : "";
        size_t k = 0;
        while (k < ns && strcmp(tmp[k].s.name, svc))
            k++;
        if (k == ns) {
            tmp[ns].s.name = svc;
            tmp[ns].key = analyze_fold(svc, strlen(svc));
            ns++;
        }
        tmp[k].s.pages++;
        keep_newest(tmp[k].s.last_validated, sizeof tmp[k].s.last_validated, pg->validated_on);
        keep_newest(g->stats.last_validated, sizeof g->stats.last_validated, pg->validated_on);
    }
    qsort(tmp, ns, sizeof *tmp, cmp_service);
    g->services = xcalloc(ns ? ns : 1, sizeof *g->services);
    for (size_t i = 0; i < ns; i++) {
        g->services[i] = tmp[i].s;
        free(tmp[i].key);
    }
    free(tmp);
    g->stats.services = g->services;
    g->stats.nservices = ns;
    g->stats.pages = np;
    g->stats.passages = index_npassages(g->ix);
}

/* Building the index frees as much as it keeps (its records, SQLite's page
 * cache), in pieces between blocks that stay: glibc keeps such holes for
 * later, resident.  Give the free pages back to the system
 * (docs/search.md, "Memory"). */
static void give_back_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* The town's own words (store/town.h), from the same snapshot as the
 * pages: its town.ini values win over the settings of the same name, its
 * synonyms join the general ones, its categories go to the agenda answers
 * (set by the caller once the agenda is open). */
static enum gc_rc load_town(struct generation *g, const struct config *cfg, struct db *db,
                            struct gc_err *e)
{
    static const struct {
        enum town_key key;
        const char *setting;
    } over[] = {{TOWN_NAME, "town-name"}, {TOWN_CONTACT, "contact"}, {TOWN_AGENDA_URL, "agenda-url"}};
    enum gc_rc rc = store_town_load(db, &g->townd, e);
    if (rc)
        return rc;
    g->own_cfg = config_dup(cfg);
    for (size_t i = 0; i < sizeof over / sizeof over[0]; i++) {
        const char *v = g->townd.value[over[i].key];
        struct gc_err se = {0};
        if (v && config_set(g->own_cfg, over[i].setting, v, &se))
            return gc_err_set(e, GC_ERR_INVALID, "%s:%d: %s", g->townd.ini ? g->townd.ini : "town",
                              g->townd.line[over[i].key], se.msg);
    }
    g->cfg = g->own_cfg;
    g->syn = synonyms_new(g->townd.list[TOWN_SYNONYMS]);
    index_set_synonyms(g->ix, g->syn);
    const char *town = config_get(g->cfg, "town-name");
    g->town = xstrdup(town);
    g->town_folded = analyze_fold(town, strlen(town));
    g->town_named = config_is_set(g->cfg, "town-name");
    index_set_town(g->ix, g->town_folded);
    g->contact = xstrdup(config_get(g->cfg, "contact"));
    return GC_OK;
}

enum gc_rc generation_build(struct generation **out, const char *db_path, const struct config *cfg,
                            const struct lexicon *lex, bool trim, struct gc_err *e)
{
    double t0 = mono_ms();
    struct db *db = NULL;
    struct generation *g = xcalloc(1, sizeof *g);
    struct placeholders *ph = NULL;
    enum gc_rc rc;
    bool in_txn = false;
    struct altq_map qmap = {0};
    strmap_init(&qmap.ids);
    *out = NULL;
    atomic_init(&g->refs, 1);
    g->cfg = cfg;
    g->loaded_at = time(NULL);
    g->min_conf = config_double(cfg, "min-confidence");
    g->max_sentences = (int)config_int(cfg, "max-sentences");
    rc = generation_today(cfg, &g->day, g->today, e);
    if (rc)
        goto out;
    g->ix = index_new();
    rc = db_open(&db, db_path, DB_READONLY, e);
    if (rc)
        goto out;
    /* One snapshot: the version read is the version of what is loaded,
     * whatever an import commits meanwhile. */
    rc = db_exec(db, "BEGIN", e);
    if (rc)
        goto out;
    in_txn = true;
    rc = store_content_version(db, &g->version, e);
    if (rc)
        goto out;
    rc = placeholders_load(db, &ph, e);
    if (rc)
        goto out;
    /* The alternate questions and the out-of-scope marks of the back office
     * (store/altq.h) come from the same snapshot as the pages. */
    rc = altq_load_published(db, on_question, &qmap, e);
    if (rc)
        goto out;
    struct loading l = {g, config_int(cfg, "overdue-grace-days"), false, ph, "", &qmap};
    struct store_visitor v = {&l, on_page, on_passage};
    rc = store_load_published(db, &v, e);
    if (!rc)
        rc = pointers_load(&g->pointers, db, e);
    if (rc)
        goto out;
    index_finish(g->ix);
    if (trim)
        give_back_memory();
    if (lex)
        index_set_lexicon(g->ix, lex);
    rc = load_town(g, cfg, db, e);
    if (rc)
        goto out;
    rc = computed_open(&g->know, g->cfg, db, g->ix, e);
    if (rc)
        goto out;
    computed_set_categories(g->know, g->townd.list[TOWN_CATEGORIES]);
    compute_stats(g);
    g->build_ms = mono_ms() - t0;
    *out = g;
    g = NULL;
out:
    if (in_txn)
        db_exec(db, "COMMIT", NULL);
    db_close(db);
    placeholders_free(ph);
    altq_map_free(&qmap);
    generation_free(g);
    return rc;
}

void generation_free(struct generation *g)
{
    if (!g)
        return;
    free(g->services);
    computed_close(g->know);
    pointers_free(g->pointers);
    index_free(g->ix);
    synonyms_free(g->syn);
    town_rec_free(&g->townd);
    config_free(g->own_cfg);
    free(g->town);
    free(g->town_folded);
    free(g->contact);
    free(g);
}
