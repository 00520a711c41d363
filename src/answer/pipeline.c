/* pipeline.c — understand → retrieve → compose → (generate → verify) for one
 * question.  The generative step (a model phrasing the answer from the
 * excerpts, docs/models.md) runs only after a confident extractive answer
 * exists, so the extractive answer is always there to fall back on. */
#include "answer/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__   /* defined by the headers above */
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "answer/compose.h"
#include "answer/computed.h"
#include "answer/conversation.h"
#include "answer/generation.h"
#include "answer/pointers.h"
#include "answer/prompt.h"
#include "answer/reading.h"
#include "answer/understand.h"
#include "answer/verify.h"
#include "models/openai_client.h"
#include "search/index.h"
#include "store/db.h"
#include "store/pages.h"
#include "store/town.h"
#include "text/analyze.h"
#include "text/lexicon.h"
#include "text/qkey.h"
#include "text/sentences.h"
#include "text/langdata.h"
#include "text/sms_fr.h"
#include "text/synonyms.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/metrics.h"
#include "util/utf8.h"

/* A question on a topic towns rarely cover (INTENT_UNLIKELY), or that reads
 * as off-topic (INTENT_OUT_OF_SCOPE: the phrase is evidence, not a verdict),
 * is answered all the same when the top page holds nearly all of it and the
 * answer is confident: the validated pages define what is in scope. */
#define UNLIKELY_MIN_COVER 0.7f   /* share of the question's weight in the top page */
#define UNLIKELY_MIN_CONF 0.6f    /* and the answer's confidence (twice min-confidence) */

/* Power drawn by one busy CPU core, for the energy estimate of the
 * extractive path (Wh = CPU seconds × W / 3600).  15 W is a middle figure for
 * a server core under load (TDP per core of current x86 server parts is about
 * 5–20 W); an order of magnitude, said so wherever it is shown. */
#define GC_CPU_WATTS 15.0

/* Append the words of text[0..n) that are written as names, a blank for the
 * others: a chunk (up to a space) is kept when one of its parts (after its
 * start, a hyphen or an apostrophe) begins with a capital ("Lyon",
 * "d'Orléans", "Issy-les-Moulineaux"), so that a town's name in the pages is
 * told from the same word in lower case ("un couvercle bordeaux", "les deux
 * tours"). */
static void add_names(struct buf *b, const char *text, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
            i++;
        size_t j = i;
        bool name = false;
        while (j < n && text[j] != ' ' && text[j] != '\n' && text[j] != '\t') {
            bool part = j == i || text[j - 1] == '-' || text[j - 1] == '\'' ||
                        (j >= i + 3 && !memcmp(text + j - 3, "\xE2\x80\x99", 3));   /* ’ */
            if (part && sentences_capital_at(text + j, n - j))
                name = true;
            j++;
        }
        if (name)
            buf_add(b, text + i, j - i);
        buf_addc(b, ' ');
        i = j;
    }
}

/* Does the answer, or a page or passage it comes from, name the place
 * (folded), as a name?  The title "Navette vers Lyon" answers for Lyon even
 * when the sentences chosen do not repeat the name. */
static bool sources_mention(const struct index *ix, const struct composed *c, const char *place)
{
    struct buf all;
    buf_init(&all, c->text.len + 256);
    add_names(&all, c->text.data ? c->text.data : "", c->text.len);
    for (int i = 0; i < c->npages; i++) {
        const char *t = index_page(ix, c->pages[i])->title;
        add_names(&all, t, strlen(t));
    }
    for (int i = 0; i < c->npassages; i++) {
        const struct ix_passage *ps = index_passage(ix, c->passages[i]);
        add_names(&all, ps->text, ps->text_len);
    }
    char *f = analyze_fold(all.data ? all.data : "", all.len);
    bool yes = understand_mentions(f, place);
    free(f);
    buf_free(&all);
    return yes;
}

/* Model time under which a call is not worth starting. */
#define MIN_MODEL_MS 100

struct backend {
    struct llm_client *cl;
    char *path;          /* "NAME/MODEL", for gc_answer.path */
    double wh_per_token;
};

struct pipeline {
    /* Totals since start for /api/v1/health: answers and their estimated
     * energy in nano-watt-hours (atomic: every thread adds to them). */
    atomic_ullong answers;
    atomic_ullong energy_nwh;
    atomic_ullong model_answers;   /* answers a model phrased (verified, sent) */
    atomic_int inflight;           /* questions being answered now */
    const struct config *cfg;      /* the settings at start (restart-only ones) */
    struct config *own_cfg;        /* cfg with the first generation's town words over it:
                                      what the channels read (pipeline_config) */
    char *db_path;
    struct lexicon *lex;     /* French words, not typos (may be NULL) */
    char *town;          /* the first generation's: town.ini's name, else the setting */
    char *contact;
    struct backend be[GC_BACKENDS_MAX];
    int nbe;
    int def;             /* index in be[] of the default backend, -1 = extractive */
    struct conversations *conv;

    /* The generation served.  `hold` is held only to copy the pointer and
     * take a reference (readers) or to swap it (the reloader): a few
     * instructions, never during a build. */
    pthread_mutex_t hold;
    struct generation *cur;
    const struct config *live;     /* settings of the next build */
    struct config **cfgs;          /* settings read again (SIGHUP), freed at close */
    int ncfgs;
    struct config *(*reread)(void *ctx, struct gc_err *e);
    void *reread_ctx;
    atomic_ullong reloads, reload_failures;

    /* The watcher thread (pipeline_watch): wake guards the flags. */
    pthread_t watcher;
    bool watching;
    pthread_mutex_t wake;
    pthread_cond_t cond;
    bool stop, requested;
    long poll_ms;
    pthread_mutex_t building;      /* one build at a time (watcher, or a caller without it) */
};

/* A value of backend NAME, or the global setting `fallback`. */
static const char *be_get(const struct config *cfg, const char *name, const char *key, const char *fallback)
{
    const char *v = name ? config_backend_get(cfg, name, key) : NULL;
    return v ? v : config_get(cfg, fallback);
}

static enum gc_rc add_backend(struct pipeline *p, const char *name, bool named, struct gc_err *e)
{
    const struct config *cfg = p->cfg;
    const char *nm = named ? name : NULL;
    if (p->nbe == GC_BACKENDS_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "more than %d model backends", GC_BACKENDS_MAX);
    if (strlen(name) >= GC_BACKEND_NAME_MAX)
        return gc_err_set(e, GC_ERR_INVALID, "backend name '%.40s...' too long", name);
    const char *sv = be_get(cfg, nm, "stream", "llm-stream");
    struct llm_settings st = {
        .name = name,
        .url = be_get(cfg, nm, "url", "llm-url"),
        .model = be_get(cfg, nm, "model", "llm-model"),
        /* A named backend never inherits the default's key: that would send
         * one provider's secret to another server. */
        .key_file = named ? config_backend_get(cfg, name, "key-file") : config_get(cfg, "llm-key-file"),
        .key_env = named ? config_backend_get(cfg, name, "key-env") : config_get(cfg, "llm-key-env"),
        .temperature = strtod(be_get(cfg, nm, "temperature", "llm-temperature"), NULL),
        .max_tokens = (int)strtol(be_get(cfg, nm, "max-tokens", "llm-max-tokens"), NULL, 10),
        .timeout_ms = strtol(be_get(cfg, nm, "timeout-ms", "llm-timeout-ms"), NULL, 10),
        .stream = !strcmp(sv, "1") || !strcmp(sv, "true") || !strcmp(sv, "yes") || !strcmp(sv, "on"),
    };
    if (named && !config_backend_get(cfg, name, "url"))
        return gc_err_set(e, GC_ERR_INVALID, "backend '%s' has no url", name);
    if (strlen(st.model) >= GC_MODEL_NAME_MAX)
        return gc_err_set(e, GC_ERR_INVALID, "backend '%s': model name too long", name);
    struct backend *b = &p->be[p->nbe];
    enum gc_rc rc = llm_client_new(&b->cl, &st, e);
    if (rc)
        return rc;
    struct buf path;
    buf_init(&path, 256);
    buf_printf(&path, "%s/%s", name, st.model);
    b->path = buf_steal(&path);
    b->wh_per_token = strtod(be_get(cfg, nm, "wh-per-token", "wh-per-token"), NULL);
    p->nbe++;
    return GC_OK;
}

static int find_backend(const struct pipeline *p, const char *name)
{
    for (int i = 0; i < p->nbe; i++)
        if (!strcmp(llm_client_name(p->be[i].cl), name))
            return i;
    return -1;
}

/* The default backend (llm-url) and every [backend NAME] of the settings. */
static enum gc_rc open_backends(struct pipeline *p, struct gc_err *e)
{
    enum gc_rc rc;
    p->def = -1;
    if (*config_get(p->cfg, "llm-url")) {
        rc = add_backend(p, "default", false, e);
        if (rc)
            return rc;
    }
    const char *name;
    for (int i = 0; (name = config_backend_name(p->cfg, i)); i++) {
        if (!strcmp(name, "default") || !strcmp(name, "extractive"))
            return gc_err_set(e, GC_ERR_INVALID, "backend name '%s' is reserved", name);
        rc = add_backend(p, name, true, e);
        if (rc)
            return rc;
    }
    const char *want = config_get(p->cfg, "llm-backend");
    if (*want) {
        p->def = find_backend(p, want);
        if (p->def < 0)
            return gc_err_set(e, GC_ERR_NOTFOUND, "llm-backend '%s': no such [backend] section", want);
    } else if (p->nbe && !strcmp(llm_client_name(p->be[0].cl), "default")) {
        p->def = 0;
    }
    return GC_OK;
}

const char *pipeline_backend_name(const struct pipeline *p, int i)
{
    return i >= 0 && i < p->nbe ? llm_client_name(p->be[i].cl) : NULL;
}

enum gc_rc pipeline_backend_info(const struct pipeline *p, int i, struct gc_backend_info *out)
{
    if (i < 0 || i >= p->nbe)
        return GC_ERR_NOTFOUND;
    const struct llm_client *c = p->be[i].cl;
    *out = (struct gc_backend_info){
        llm_client_name(c), llm_client_url(c), llm_client_model(c), llm_client_temperature(c),
        llm_client_max_tokens(c), llm_client_timeout_ms(c), llm_client_stream(c), i == p->def,
        p->be[i].wh_per_token,
    };
    return GC_OK;
}

const char *pipeline_default_backend(const struct pipeline *p)
{
    return p->def >= 0 ? llm_client_name(p->be[p->def].cl) : NULL;
}

/* After a generation is freed: glibc keeps the holes it leaves resident;
 * give the free pages back to the system (docs/search.md, "Memory").
 * malloc_trim holds each malloc arena's lock while it walks the free
 * chunks: 40 to 120 ms after a SPF+PIAF generation on a busy machine
 * (bench/reload.sh), during which every thread that allocates waits.  So a
 * server trims only when no question is being answered (the watcher), and
 * only the command line trims at once. */
static void give_back_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* ---- generations: hold, release, swap ---- */

static struct generation *gen_hold(struct pipeline *p)
{
    pthread_mutex_lock(&p->hold);
    struct generation *g = p->cur;
    atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed);
    pthread_mutex_unlock(&p->hold);
    return g;
}

static void gen_release(const struct generation *g)
{
    if (g)
        atomic_fetch_sub_explicit(&((struct generation *)g)->refs, 1, memory_order_release);
}

const struct generation *pipeline_hold(struct pipeline *p)
{
    return gen_hold(p);
}

void pipeline_release(const struct generation *g)
{
    gen_release(g);
}

/* Serve g from now on; the generation it replaces is freed here once its
 * last reader has left (readers hold one for the time of an answer: at
 * most GC_ANSWER_BUDGET_MS with a model).  Called by one builder at a time.
 * trim: give the memory back at once (no watcher to do it when idle). */
static void gen_swap(struct pipeline *p, struct generation *g, bool trim)
{
    pthread_mutex_lock(&p->hold);
    struct generation *old = p->cur;
    p->cur = g;
    pthread_mutex_unlock(&p->hold);
    if (!old)
        return;
    atomic_fetch_add(&p->reloads, 1);   /* counted when served, not when the old one is gone */
    atomic_fetch_sub_explicit(&old->refs, 1, memory_order_release);
    while (atomic_load_explicit(&old->refs, memory_order_acquire) > 0) {
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    generation_free(old);
    if (trim)
        give_back_memory();
}

/* Build a generation with the live settings and swap it in. */
static enum gc_rc reload_now(struct pipeline *p, bool reread, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    pthread_mutex_lock(&p->building);
    if (reread && p->reread) {
        struct config *c = p->reread(p->reread_ctx, e);
        if (!c) {
            rc = e && e->rc ? e->rc : GC_ERR_INVALID;
            goto out;
        }
        p->cfgs = xreallocarray(p->cfgs, (size_t)p->ncfgs + 1, sizeof *p->cfgs);
        p->cfgs[p->ncfgs++] = c;
        p->live = c;
    }
    struct generation *g;
    rc = generation_build(&g, p->db_path, p->live, p->lex, !p->watching, e);
    if (rc)
        goto out;
    int64_t version = g->version;
    size_t pages = g->stats.pages, passages = g->stats.passages, overdue = g->overdue;
    double ms = g->build_ms;
    gen_swap(p, g, !p->watching);   /* g may be replaced and freed by now: the copies above */
    log_info("content version %lld served (%zu pages, %zu passages, built in %.0f ms)",
             (long long)version, pages, passages, ms);
    if (overdue)
        log_warn("%zu page(s) served past their review date (guichet pages --overdue)", overdue);
out:
    if (rc)
        atomic_fetch_add(&p->reload_failures, 1);
    pthread_mutex_unlock(&p->building);
    return rc;
}

/* ---- the watcher ---- */

/* The content version of the database, through the connection *db kept
 * open between polls (reopened when it failed or the file was replaced:
 * *ino is the inode it was opened on).  -1 when it cannot be read. */
static int64_t poll_version(struct pipeline *p, struct db **db, ino_t *ino)
{
    struct stat sb;
    if (stat(p->db_path, &sb) != 0)
        return -1;
    if (*db && sb.st_ino != *ino) {
        db_close(*db);
        *db = NULL;
    }
    if (!*db) {
        struct gc_err e = {0};
        if (db_open(db, p->db_path, DB_READONLY, &e))
            return -1;
        *ino = sb.st_ino;
    }
    int64_t v;
    struct gc_err e = {0};
    if (store_content_version(*db, &v, &e)) {
        db_close(*db);
        *db = NULL;
        return -1;
    }
    return v;
}

static void *watch(void *arg)
{
    struct pipeline *p = arg;
#ifdef __linux__
    /* Builds compete with the answers for the CPU: the answers win (nice
     * applies to one thread on Linux). */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) != 0)
        log_debug("watcher: setpriority: %s", strerror(errno));
#endif
    struct db *db = NULL;
    ino_t ino = 0;
    int64_t failed_version = -1;
    long failed_day = -1;
    bool trim_pending = false;
    unsigned long long answered = atomic_load(&p->answers);
    pthread_mutex_lock(&p->wake);
    while (!p->stop) {
        if (!p->requested) {
            long wait_ms = p->poll_ms > 0 ? p->poll_ms : trim_pending ? 1000 : 0;
            if (wait_ms > 0) {
                struct timespec dl;
                clock_gettime(CLOCK_REALTIME, &dl);
                dl.tv_sec += wait_ms / 1000;
                dl.tv_nsec += (wait_ms % 1000) * 1000000L;
                if (dl.tv_nsec >= 1000000000L) {
                    dl.tv_sec++;
                    dl.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&p->cond, &p->wake, &dl);
            } else {
                pthread_cond_wait(&p->cond, &p->wake);
            }
        }
        if (p->stop)
            break;
        bool forced = p->requested;
        p->requested = false;
        pthread_mutex_unlock(&p->wake);

        /* The memory of the generations freed goes back to the system once
         * no question has been asked for a whole wait (give_back_memory). */
        unsigned long long now_answered = atomic_load(&p->answers);
        if (trim_pending && now_answered == answered && atomic_load(&p->inflight) == 0) {
            give_back_memory();
            trim_pending = false;
        }
        answered = now_answered;

        const struct generation *g = gen_hold(p);
        int64_t served = g->version;
        long served_day = g->day;
        gen_release(g);
        long day = served_day;
        char today[11];
        struct gc_err e = {0};
        if (generation_today(p->live, &day, today, &e))
            day = served_day;
        int64_t v = forced ? -1 : poll_version(p, &db, &ino);
        bool changed = forced || (v >= 0 && v != served) || day != served_day;
        bool failed_before = !forced && v == failed_version && day == failed_day;
        if (changed && !failed_before) {
            if (reload_now(p, forced, &e)) {
                log_error("reload failed, still serving content version %lld: %s",
                          (long long)served, e.msg);
                failed_version = v;
                failed_day = day;
            } else {
                failed_version = failed_day = -1;
                trim_pending = true;
            }
        }
        pthread_mutex_lock(&p->wake);
    }
    pthread_mutex_unlock(&p->wake);
    db_close(db);
    return NULL;
}

enum gc_rc pipeline_watch(struct pipeline *p, long poll_ms, struct gc_err *e)
{
    if (p->watching)
        return gc_err_set(e, GC_ERR_INVALID, "the pipeline is watched already");
    p->poll_ms = poll_ms > 0 ? poll_ms : 0;
    const struct generation *g = gen_hold(p);
    if (g->overdue)
        log_warn("%zu page(s) served past their review date (guichet pages --overdue)",
                 g->overdue);
    gen_release(g);
    int r = pthread_create(&p->watcher, NULL, watch, p);
    if (r)
        return gc_err_set(e, GC_ERR_IO, "cannot start the reload thread: %s", strerror(r));
    p->watching = true;
    return GC_OK;
}

enum gc_rc pipeline_reload(struct pipeline *p, struct gc_err *e)
{
    if (!p->watching)
        return reload_now(p, true, e);
    pthread_mutex_lock(&p->wake);
    p->requested = true;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->wake);
    return GC_OK;
}

void pipeline_settings_source(struct pipeline *p, struct config *(*fn)(void *ctx, struct gc_err *e),
                              void *ctx)
{
    p->reread = fn;
    p->reread_ctx = ctx;
}

void pipeline_content(struct pipeline *p, struct pipeline_content *out)
{
    if (!p) {
        memset(out, 0, sizeof *out);
        return;
    }
    const struct generation *g = gen_hold(p);
    *out = (struct pipeline_content){
        .version = g->version, .loaded_at = g->loaded_at, .pages = g->stats.pages,
        .passages = g->stats.passages, .overdue = g->overdue, .expired = g->expired,
        .withheld = g->withheld, .past_sentences = g->past_sentences, .reloads = atomic_load(&p->reloads),
        .reload_failures = atomic_load(&p->reload_failures), .last_build_ms = g->build_ms,
    };
    memcpy(out->today, g->today, sizeof out->today);
    gen_release(g);
}

/* ---- opening and closing ---- */

enum gc_rc pipeline_open(struct pipeline **out, const struct config *cfg, struct gc_err *e)
{
    struct pipeline *p = xcalloc(1, sizeof *p);
    enum gc_rc rc;
    *out = NULL;
    p->cfg = cfg;
    p->live = cfg;
    p->db_path = xstrdup(config_get(cfg, "db"));
    pthread_mutex_init(&p->hold, NULL);
    pthread_mutex_init(&p->wake, NULL);
    pthread_mutex_init(&p->building, NULL);
    pthread_cond_init(&p->cond, NULL);
    rc = generation_build(&p->cur, p->db_path, cfg, NULL, true, e);
    if (rc)
        goto out;
    give_back_memory(); /* before the lexicon: its sort then reuses the build's room */
    const char *words = config_get(cfg, "lexicon");
    if (*words) {
        /* Without the list (not installed), every unknown word is a typo. */
        struct gc_err le = {0};
        enum gc_rc lr = lexicon_load(&p->lex, words, &le);
        if (lr == GC_OK)
            index_set_lexicon(p->cur->ix, p->lex);
        else if (lr != GC_ERR_NOTFOUND) {
            rc = gc_err_set(e, lr, "lexicon %s", le.msg);
            goto out;
        }
    }
    p->conv = conversations_new(GC_CONVERSATIONS_MAX, GC_CONVERSATION_TTL_S);
    /* The name and contact the channels show (web page, SMS) are those of
     * the first generation: restart-only (docs/content.md). */
    p->town = xstrdup(p->cur->town);
    p->contact = xstrdup(p->cur->contact);
    p->own_cfg = config_dup(p->cur->cfg);
    rc = open_backends(p, e);
    if (rc)
        goto out;
    *out = p;
    p = NULL;
out:
    pipeline_close(p);
    give_back_memory();
    return rc;
}

void pipeline_close(struct pipeline *p)
{
    if (!p)
        return;
    if (p->watching) {
        pthread_mutex_lock(&p->wake);
        p->stop = true;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->wake);
        pthread_join(p->watcher, NULL);
    }
    conversations_free(p->conv);
    generation_free(p->cur);
    lexicon_free(p->lex);
    for (int i = 0; i < p->nbe; i++) {
        llm_client_free(p->be[i].cl);
        free(p->be[i].path);
    }
    for (int i = 0; i < p->ncfgs; i++)
        config_free(p->cfgs[i]);
    free(p->cfgs);
    pthread_mutex_destroy(&p->hold);
    pthread_mutex_destroy(&p->wake);
    pthread_mutex_destroy(&p->building);
    pthread_cond_destroy(&p->cond);
    free(p->db_path);
    config_free(p->own_cfg);
    free(p->town);
    free(p->contact);
    free(p);
}

size_t pipeline_page_count(struct pipeline *p)
{
    if (!p)
        return 0;
    const struct generation *g = gen_hold(p);
    size_t n = index_npages(g->ix);
    gen_release(g);
    return n;
}

size_t pipeline_passage_count(struct pipeline *p)
{
    if (!p)
        return 0;
    const struct generation *g = gen_hold(p);
    size_t n = index_npassages(g->ix);
    gen_release(g);
    return n;
}

const struct pipeline_stats *pipeline_stats(const struct generation *g)
{
    return &g->stats;
}

void pipeline_energy(const struct pipeline *p, struct gc_energy *out)
{
    out->answers = atomic_load(&((struct pipeline *)p)->answers);
    out->model_answers = atomic_load(&((struct pipeline *)p)->model_answers);
    out->wh = (double)atomic_load(&((struct pipeline *)p)->energy_nwh) / 1e9;
}

const struct config *pipeline_config(const struct pipeline *p)
{
    return p->own_cfg;
}

const char *pipeline_town(const struct pipeline *p)
{
    return p->town;
}

const char *pipeline_contact(const struct pipeline *p)
{
    return p->contact;
}

static void free_sources(struct gc_answer *a)
{
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

void answer_free(struct gc_answer *a)
{
    if (!a)
        return;
    free(a->text);
    free_sources(a);
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
        int32_t cp = 0;
        size_t k = utf8_seq_len(s + i, len - i, &cp);
        if (!k || cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r'))
            return -1;
        i += k;
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

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void answer_add_source(struct gc_answer *a, const char *id, const char *title, const char *url,
                       const char *service, const char *validated_by, const char *validated_on)
{
    if (a->nsources >= GC_SOURCES_MAX)
        return;
    struct gc_source *s = &a->sources[a->nsources++];
    s->id = xstrdup(id);
    s->title = xstrdup(title);
    s->url = xstrdup(url);
    s->service = xstrdup(service);
    s->validated_by = xstrdup(validated_by);
    s->validated_on = xstrdup(validated_on);
}

static void add_source(const struct index *ix, uint32_t page, struct gc_answer *a)
{
    const struct ix_page *pg = index_page(ix, page);
    answer_add_source(a, pg->ext_id, pg->title, pg->url, pg->service, pg->validated_by, pg->validated_on);
}

/* Why a model call failed, in a word for reports and metrics. */
static void call_reason(enum gc_rc rc, const struct llm_result *r, const struct gc_err *ce, char *out, size_t n)
{
    switch (rc) {
    case GC_ERR_BUSY: snprintf(out, n, "circuit_open"); break;
    case GC_ERR_TIMEOUT: snprintf(out, n, "timeout"); break;
    case GC_ERR_IO: snprintf(out, n, "unreachable"); break;
    case GC_ERR_TOOBIG: snprintf(out, n, "too_big"); break;
    case GC_ERR_DENIED: snprintf(out, n, "denied: HTTP %ld", r->http_status); break;
    case GC_ERR_INVALID: snprintf(out, n, "rejected: HTTP %ld", r->http_status); break;
    default:
        if (r->http_status >= 300 || (r->http_status && r->http_status < 200))
            snprintf(out, n, "remote_error: HTTP %ld", r->http_status);
        else if (strstr(ce->msg, "event stream"))
            snprintf(out, n, "malformed_stream");
        else
            snprintf(out, n, "remote_error");
    }
}

/* Trim white space at both ends, in place. */
static char *trim_ws(char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Ask backend b to phrase the answer from the passages of c; on success
 * the model's text and the cited pages replace the extractive ones in a,
 * otherwise a keeps the extractive answer and a->fallback_reason says why.
 * t0 is when the question arrived: the model gets what is left of
 * GC_ANSWER_BUDGET_MS. */
static void generate(struct pipeline *p, const struct generation *now, struct backend *b,
                     const struct composed *c,
                     const char *question, size_t qlen, double t0, struct gc_answer *a)
{
    const struct index *ix = now->ix;
    struct prompt_excerpt ex[GC_ANSWER_SENTENCES_MAX];
    char *vex[GC_ANSWER_SENTENCES_MAX] = {0};
    int nex = c->npassages;
    struct prompt pr = {0};
    struct llm_result r = {0};
    struct gc_err ce = {0};

    snprintf(a->backend, sizeof a->backend, "%s", llm_client_name(b->cl));
    snprintf(a->model, sizeof a->model, "%s", llm_client_model(b->cl));
    a->temperature = llm_client_temperature(b->cl);
    long left = (long)(GC_ANSWER_BUDGET_MS - GC_ANSWER_MARGIN_MS - (now_ms() - t0));
    if (left < MIN_MODEL_MS) {
        snprintf(a->fallback_reason, sizeof a->fallback_reason, "no_time");
        return;
    }
    if (nex == 0) {
        snprintf(a->fallback_reason, sizeof a->fallback_reason, "no_excerpt");
        return;
    }
    for (int i = 0; i < nex; i++) {
        const struct ix_passage *ps = index_passage(ix, c->passages[i]);
        const struct ix_page *pg = index_page(ix, ps->page);
        ex[i] = (struct prompt_excerpt){pg->title, ps->heading, ps->text};
        struct buf v;
        buf_init(&v, (size_t)GC_PAGE_TEXT_MAX * 2);
        buf_printf(&v, "%s\n%s\n%s", pg->title, ps->heading ? ps->heading : "", ps->text);
        vex[i] = buf_steal(&v);
    }
    prompt_build(&pr, now->town, ex, nex, question, qlen);
    struct llm_message msgs[2] = {{"system", pr.system}, {"user", pr.user}};
    long tmo = llm_client_timeout_ms(b->cl);
    enum gc_rc rc = llm_chat(b->cl, msgs, 2, left < tmo ? left : tmo, &r, &ce);
    a->model_ms = r.latency_ms;
    metrics_inc(M_MODEL_CALLS, a->backend, NULL);
    if (rc) {
        call_reason(rc, &r, &ce, a->fallback_reason, sizeof a->fallback_reason);
        char word[32];   /* "denied: HTTP 401" is counted as "denied" */
        snprintf(word, sizeof word, "%.*s", (int)strcspn(a->fallback_reason, ":"),
                 a->fallback_reason);
        metrics_inc(M_MODEL_FAILURES, a->backend, word);
        goto out;
    }
    a->prompt_tokens = r.prompt_tokens;
    a->completion_tokens = r.completion_tokens;
    a->tokens_estimated = r.tokens_estimated;
    a->energy_wh += r.completion_tokens * b->wh_per_token;
    char *text = trim_ws(r.text);
    struct verify_input vin = {text, (const char *const *)vex, nex, prompt_rules(), prompt_no_answer()};
    struct verify_result vr;
    verify_answer(&vin, &vr);
    if (!vr.ok) {
        metrics_inc(M_MODEL_UNVERIFIED, a->backend, NULL);
        snprintf(a->fallback_reason, sizeof a->fallback_reason, "%s", vr.reason);
        goto out;
    }
    /* Sources: the pages of the cited excerpts, in excerpt order; citations
     * renumbered to follow them. */
    int map[GC_ANSWER_SENTENCES_MAX];
    free_sources(a);
    for (int i = 0; i < nex; i++) {
        uint32_t pg = index_passage(ix, c->passages[i])->page;
        map[i] = 0;
        for (int j = 0; j < a->nsources; j++)
            if (!strcmp(a->sources[j].id, index_page(ix, pg)->ext_id))
                map[i] = j + 1;
        if (!map[i] && (vr.cited & (1u << i)) && a->nsources < GC_SOURCES_MAX) {
            add_source(ix, pg, a);
            map[i] = a->nsources;
        }
    }
    free(a->text);
    a->text = verify_renumber(text, map, nex);
    a->nunits = 0;   /* the model's text is one piece */
    a->path = b->path;
    a->verified = true;
out:
    for (int i = 0; i < nex; i++)
        free(vex[i]);
    prompt_free(&pr);
    llm_result_free(&r);
}

/* The message of key (town.ini's, else data/fr/messages.tsv's) of
 * generation g, with {town}, {contact} and {pointer} (pointer: NULL = "")
 * replaced, appended to b. */
static void put_message_of(const struct generation *g, enum town_key key, const char *pointer,
                           struct buf *b)
{
    const char *m = g->townd.value[key];
    const struct ld_list *l = langdata_list(LD_MESSAGES);
    for (size_t i = 0; !m && i < l->n; i++)
        if (!strcmp(l->e[i].field[0], town_key_name(key)))
            m = l->e[i].field[1];
    while (m && *m) {
        const char *brace = strchr(m, '{');
        if (!brace) {
            buf_adds(b, m);
            break;
        }
        buf_add(b, m, (size_t)(brace - m));
        if (!strncmp(brace, "{town}", 6)) {
            buf_adds(b, g->town);
            m = brace + 6;
        } else if (!strncmp(brace, "{contact}", 9)) {
            buf_adds(b, g->contact);
            m = brace + 9;
        } else if (!strncmp(brace, "{pointer}", 9)) {
            buf_adds(b, pointer ? pointer : "");
            m = brace + 9;
        } else {
            buf_addc(b, '{');
            m = brace + 1;
        }
    }
}

/* Refuse with the message of generation g (the town's words are the
 * content's: those of the generation answering). */
static void refuse(const struct generation *g, struct gc_answer *a, const char *reason)
{
    struct buf b;
    buf_init(&b, 4096);
    put_message_of(g,
                   !strcmp(reason, "small_talk")     ? TOWN_GREETING
                   : !strcmp(reason, "out_of_scope") ? TOWN_REFUSAL_OUT_OF_SCOPE
                                                     : TOWN_REFUSAL_NOT_FOUND,
                   NULL, &b);
    free(a->text);
    a->text = buf_steal(&b);
    a->refused = true;
    a->refusal_reason = reason;
    a->nunits = 0;
    free_sources(a);
}

/* A question of a group the town dismissed as out of scope: the refusal
 * says so and gives the staff's pointer (answer/pointers.h). */
static void refuse_pointer(const struct generation *g, struct gc_answer *a, const char *pointer)
{
    struct buf b;
    buf_init(&b, 4096);
    put_message_of(g, *pointer ? TOWN_REFUSAL_DISMISSED_POINTER : TOWN_REFUSAL_DISMISSED, pointer,
                   &b);
    free(a->text);
    a->text = buf_steal(&b);
    a->refused = true;
    a->refusal_reason = "out_of_scope";
    a->nunits = 0;
    a->followup = false;
    free_sources(a);
}

/* When the back office dismissed groups of questions: a refusal of such a
 * question points where the staff said, and a question that is exactly such
 * a group is refused even if the pages would answer it.  The question's key
 * is made here from its text (not from the query already analysed): it must
 * be the key the questions loop grouped the stored questions by, which is
 * made without the index (text/qkey.h). */
static void apply_pointers(const struct generation *g, const struct gc_question *q,
                           struct gc_answer *a)
{
    if (!pointers_count(g->pointers) ||
        (a->refused && a->refusal_reason && !strcmp(a->refusal_reason, "small_talk")))
        return;
    struct buf key;
    buf_init(&key, 4096);
    const char *pointer;
    bool exact;
    if (qkey_make(q->text, q->len, &key) == GC_OK &&
        pointers_find(g->pointers, buf_str(&key), &pointer, &exact) && (a->refused || exact))
        refuse_pointer(g, a, pointer);
    buf_free(&key);
}

/* The model that phrases answers, and the resident's own words for it. */
struct gen {
    const struct generation *now;   /* the content answering (held by pipeline_ask_opts) */
    struct backend *be;      /* NULL = extractive */
    const char *question;    /* as typed (not the texting-normalised form) */
    size_t qlen;
    double t0;               /* start of the question, for the time budget */
};

/* Retrieve and compose for the question read (its query made), whose
 * intent was judged on the resident's own words.  Fills a (zeroed by the
 * caller). */
static void answer_text(struct pipeline *p, const struct reading *r, const struct gen *g,
                        struct gc_answer *a)
{
    const struct query *query = &r->query;
    struct ix_hit hits[10];
    int nh = index_search_pages(g->now->ix, query, hits, 10);
    for (int i = 0; i < nh; i++)
        a->ranked[a->nranked++] = xstrdup(index_page(g->now->ix, hits[i].id)->ext_id);

    struct composed c;
    compose_answer(g->now->ix, query, hits, nh, g->now->max_sentences, (int)r->asks, &c);
    a->confidence = c.confidence;
    /* The validated pages define what is in scope: a topic that is usually
     * off-topic (weather, opinions, sport, another town, general knowledge)
     * is answered only when the pages cover the whole question. */
    bool refuse_it = false;
    if (r->intent == INTENT_UNLIKELY || r->intent == INTENT_OUT_OF_SCOPE) {
        refuse_it = c.page_coverage < UNLIKELY_MIN_COVER || c.confidence < UNLIKELY_MIN_CONF;
        /* "... à Lyon": only an answer from pages that speak of Lyon. */
        const char *elsewhere = refuse_it ? NULL : understand_other_town(r->folded, g->now->town_folded);
        if (elsewhere)
            refuse_it = !sources_mention(g->now->ix, &c, elsewhere);
    }
    /* A place named that is not the town ("l'hôpital de Lens"): only an
     * answer whose sources name it too.  Content of no town (a corpus
     * without town.ini nor town-name) has no place outside it. */
    char place[64];
    if (!refuse_it && g->now->town_named &&
        understand_named_place(r->text, r->len, p->lex, g->now->town_folded, place, sizeof place)) {
        refuse_it = !sources_mention(g->now->ix, &c, place);
        if (refuse_it && getenv("GUICHET_DEBUG"))
            fprintf(stderr, "named-place: %s, in no source: %.*s\n", place, (int)r->len, r->text);
    }
    if (refuse_it) {
        composed_free(&c);
        refuse(g->now, a, "out_of_scope");
        return;
    }
    if (c.text.len == 0 || c.confidence < g->now->min_conf) {
        composed_free(&c);
        refuse(g->now, a, "low_confidence");
        return;
    }
    a->text = buf_steal(&c.text);
    for (int i = 0; i < c.npages; i++)
        add_source(g->now->ix, c.pages[i], a);
    for (int i = 0; i < c.nunits; i++)
        a->units[a->nunits++] = (struct gc_unit){c.units[i].start, c.units[i].len,
                                                 c.units[i].rank, c.units[i].page};
    /* The resident's own words go to the model (not the texting-normalised
     * form): a model reads texting well, and the prompt marks them as data. */
    if (g->be)
        generate(p, g->now, g->be, &c, g->question, g->qlen, g->t0, a);
    composed_free(&c);
}

static uint64_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec;
}

/* Move b into a (a's content freed first). */
static void answer_move(struct gc_answer *a, struct gc_answer *b)
{
    answer_free(a);
    *a = *b;
    memset(b, 0, sizeof *b);
}

/* Ask the question read again with the conversation's topic before it (a
 * second reading, of the combined text, keeping the first one's intent);
 * true (and *a replaced, a->followup set) when that is answered. */
static bool ask_with_topic(struct pipeline *p, const char *topic, const struct reading *r,
                           const struct gen *g, struct gc_answer *a)
{
    struct buf b;
    buf_init(&b, GC_TOPIC_MAX_BYTES + GC_QUESTION_MAX_BYTES * 4 + 2);
    buf_printf(&b, "%s ", topic);
    buf_add(&b, r->text, r->len);
    struct reading both;
    reading_init(&both, buf_str(&b), b.len, READING_SPELLED, g->now->town_folded, g->now->know,
                 NULL, g->now->ix);
    both.intent = r->intent;
    struct gc_answer c;
    memset(&c, 0, sizeof c);
    c.path = "extractive";
    if (both.intent != INTENT_QUESTION || !computed_answer(g->now->know, &both, &c))
        answer_text(p, &both, g, &c);
    reading_free(&both);
    buf_free(&b);
    if (c.refused) {
        answer_free(&c);
        return false;
    }
    c.followup = true;
    answer_move(a, &c);
    return true;
}

enum gc_rc pipeline_ask(struct pipeline *p, const struct gc_question *q, struct gc_answer *a,
                        struct gc_err *e)
{
    return pipeline_ask_opts(p, q, NULL, a, e);
}

enum gc_rc pipeline_ask_opts(struct pipeline *p, const struct gc_question *q, const struct gc_ask_opts *o,
                             struct gc_answer *a, struct gc_err *e)
{
    double t0 = now_ms(), c0 = cpu_ms();
    memset(a, 0, sizeof *a);
    a->path = "extractive";
    struct backend *be = p->def >= 0 ? &p->be[p->def] : NULL;
    if (o && o->backend) {
        int k = find_backend(p, o->backend);
        if (!strcmp(o->backend, "extractive"))
            be = NULL;
        else if (k < 0)
            return gc_err_set(e, GC_ERR_NOTFOUND, "no model backend named '%s'", o->backend);
        else
            be = &p->be[k];
    }
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

    /* The content served when the question arrived answers all of it,
     * whatever reload happens meanwhile. */
    const struct generation *now = gen_hold(p);
    atomic_fetch_add(&p->inflight, 1);
    /* One reading of the question for every step after this one. */
    struct reading r;
    reading_init(&r, q->text, q->len, 0, now->town_folded, now->know, NULL, now->ix);
    if (r.intent == INTENT_SMALL_TALK) {
        refuse(now, a, "small_talk");
        goto out;
    }
    char topic[GC_TOPIC_MAX_BYTES] = "";
    const char *cid = q->conversation_id && *q->conversation_id ? q->conversation_id : NULL;
    bool has_topic = cid && conversations_get(p->conv, cid, now_s(), topic, sizeof topic) &&
                     *topic;
    struct gen g = {now, be, q->text, q->len, t0};
    if (has_topic && r.leans && ask_with_topic(p, topic, &r, &g, a))
        goto out;   /* a follow-up keeps the conversation's topic as it was */

    /* Opening hours and events are computed, not extracted; the question
     * still becomes the conversation's topic ("et le samedi ?").  A question
     * that reads as off-topic may still ask a facility's hours or contact
     * ("pouvez-vous m'écrire l'adresse de la mairie ?"); one on another town
     * or an unlikely topic may not ("horaires de la piscine de Lyon"). */
    if ((r.intent == INTENT_QUESTION || r.intent == INTENT_OUT_OF_SCOPE) &&
        computed_answer(now->know, &r, a)) {
        if (cid && r.nsubject > 0)
            conversations_put(p->conv, cid, r.subject, now_s());
        goto out;
    }
    answer_text(p, &r, &g, a);
    if (a->refused && r.intent == INTENT_QUESTION) {
        /* No page answers; the agenda may know the event by its name. */
        struct gc_answer ev;
        memset(&ev, 0, sizeof ev);
        if (computed_named_event(now->know, &r, &ev))
            answer_move(a, &ev);
        else
            answer_free(&ev);
    }
    if (has_topic && !r.leans && (r.nsubject <= 1 || (a->refused && r.intent == INTENT_QUESTION)) &&
        ask_with_topic(p, topic, &r, &g, a))
        goto out;
    if (cid && !a->refused && r.nsubject > 0)
        conversations_put(p->conv, cid, r.subject, now_s());
out:
    apply_pointers(now, q, a);
    atomic_fetch_sub(&p->inflight, 1);
    gen_release(now);
    reading_free(&r);
    if (q->conversation_id)
        snprintf(a->conversation_id, sizeof a->conversation_id, "%s", q->conversation_id);
    a->elapsed_ms = now_ms() - t0;
    a->cpu_ms = cpu_ms() - c0;
    a->energy_wh += a->cpu_ms / 1e3 * GC_CPU_WATTS / 3600.0;
    atomic_fetch_add(&p->answers, 1);
    atomic_fetch_add(&p->energy_nwh, (unsigned long long)(a->energy_wh * 1e9 + 0.5));
    if (a->verified)
        atomic_fetch_add(&p->model_answers, 1);
    const char *ch = q->channel && *q->channel ? q->channel : "cli";
    metrics_inc(M_ANSWERS, ch, a->path);
    if (a->refused)
        metrics_inc(M_REFUSALS, ch, a->refusal_reason ? a->refusal_reason : "unknown");
    metrics_observe_ns(M_ANSWER_DURATION, ch, (uint64_t)(a->elapsed_ms * 1e6));
    return GC_OK;
}
