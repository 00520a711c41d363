/* test_reload.c — live content (answer/pipeline.h, answer/generation.h): a
 * reload serves what the database holds now (new pages, withdrawals, dates
 * that bound pages, settings read again), questions asked during reloads
 * all succeed from one generation or the other (run under ASan by make
 * test: a generation freed too early is caught), and the watcher follows
 * the content version by itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer/pipeline.h"
#include "store/db.h"
#include "store/pages.h"
#include "testutil.h"
#include "util/log.h"

static char path[256];

/* Store one validated page (its own transaction). */
static void put_page(const char *id, const char *text, const char *expires, const char *review_by)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", (char *)text}};
    struct page_rec p = {
        .ext_id = (char *)id, .title = (char *)id, .url = (char *)id, .service = "Test",
        .status = "validated", .validated_by = "T", .validated_on = "2026-01-01",
        .review_by = (char *)review_by, .expires = (char *)expires, .body = (char *)text,
        .source = "t", .passages = ps, .npassages = 1,
    };
    enum store_put res;
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_page_put(db, &p, &res, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
    db_close(db);
}

static void withdraw(const char *id)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    struct store_actor who = {"T", true};
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_page_withdraw(db, id, &who, "test", &e))
        fail_msg("%s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
    db_close(db);
}

static struct config *settings(const char *now)
{
    struct config *c = config_new();
    config_set(c, "db", path, NULL);
    config_set(c, "lexicon", "", NULL);
    config_set(c, "now", now, NULL);
    return c;
}

/* The first source of the answer to q, or "refused". */
static void first_source(struct pipeline *p, const char *q, char *out, size_t n)
{
    struct gc_answer a;
    struct gc_err e = {0};
    struct gc_question gq = {q, strlen(q), "cli", NULL};
    if (pipeline_ask(p, &gq, &a, &e))
        fail_msg("%s: %s", q, e.msg);
    snprintf(out, n, "%s", a.refused ? "refused" : a.nsources ? a.sources[0].id : "none");
    answer_free(&a);
}

static int setup(void **state)
{
    (void)state;
    if (tmp_file(path, sizeof path, "reload"))
        return -1;
    put_page("/piscine", "La piscine municipale ouvre à 9 h et ferme à 19 h.", NULL, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmp_db_remove(path);
    return 0;
}

static void test_reload_serves_changes(void **s)
{
    (void)s;
    struct config *cfg = settings("2026-12-07 10:00");
    struct pipeline *p = NULL;
    struct gc_err e = {0};
    char src[128];
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_OK);
    struct pipeline_content c0;
    pipeline_content(p, &c0);
    assert_int_equal(c0.pages, 1);
    assert_string_equal(c0.today, "2026-12-07");

    put_page("/cimetiere", "La concession au cimetière communal coûte 310 euros.", NULL, NULL);
    first_source(p, "prix concession cimetière", src, sizeof src);
    assert_string_not_equal(src, "/cimetiere");   /* not before a reload */
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    first_source(p, "prix concession cimetière", src, sizeof src);
    assert_string_equal(src, "/cimetiere");
    struct pipeline_content c1;
    pipeline_content(p, &c1);
    assert_true(c1.version > c0.version);
    assert_int_equal(c1.reloads, 1);
    assert_int_equal(c1.pages, 2);

    withdraw("/cimetiere");
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    first_source(p, "prix concession cimetière", src, sizeof src);
    assert_string_not_equal(src, "/cimetiere");

    /* Dates: expired yesterday is not served; overdue is served and counted. */
    put_page("/elections", "Les élections municipales partielles auront lieu à la salle des fêtes.",
             "2026-12-06", NULL);
    put_page("/marche", "Le marché de la place du Marché a lieu le jeudi matin.", NULL, "2026-11-30");
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    first_source(p, "élections municipales partielles salle des fêtes", src, sizeof src);
    assert_string_not_equal(src, "/elections");
    first_source(p, "jour du marché place du Marché", src, sizeof src);
    assert_string_equal(src, "/marche");
    struct pipeline_content c2;
    pipeline_content(p, &c2);
    assert_int_equal(c2.expired, 1);
    assert_int_equal(c2.overdue, 1);
    assert_int_equal(c2.withheld, 0);
    pipeline_close(p);
    config_free(cfg);
}

/* The settings read again: overdue-grace-days withholds, `now` moves the day. */
static struct config *reread(void *ctx, struct gc_err *e)
{
    (void)e;
    struct config *c = settings("2026-12-10 10:00");
    config_set(c, "overdue-grace-days", ctx, NULL);
    return c;
}

static void test_settings_read_again(void **s)
{
    (void)s;
    struct config *cfg = settings("2026-12-07 10:00");
    struct pipeline *p = NULL;
    struct gc_err e = {0};
    char src[128];
    put_page("/marche", "Le marché de la place du Marché a lieu le jeudi matin.", NULL, "2026-11-30");
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_OK);
    pipeline_settings_source(p, reread, "3");
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    struct pipeline_content c;
    pipeline_content(p, &c);
    assert_string_equal(c.today, "2026-12-10");
    assert_int_equal(c.withheld, 1);   /* reviewed by 30 Nov, 3 days of grace: gone on the 10th */
    first_source(p, "jour du marché place du Marché", src, sizeof src);
    assert_string_not_equal(src, "/marche");
    pipeline_close(p);
    config_free(cfg);
}

struct asker {
    struct pipeline *p;
    atomic_int *stop;
    int asked, failed, cited_new;
};

static void *ask_loop(void *arg)
{
    struct asker *k = arg;
    const char *qs[] = {"horaires de la piscine municipale", "prix concession cimetière",
                        "tarif de la salle des fêtes"};
    for (int i = 0; !atomic_load(k->stop) || i < 3; i++) {
        struct gc_answer a;
        struct gc_err e = {0};
        const char *q = qs[i % 3];
        struct gc_question gq = {q, strlen(q), "api", NULL};
        if (pipeline_ask(k->p, &gq, &a, &e)) {
            k->failed++;
            continue;
        }
        if (!a.text || !*a.text)
            k->failed++;
        for (int j = 0; j < a.nsources; j++)
            if (!strcmp(a.sources[j].id, "/salle"))
                k->cited_new++;
        answer_free(&a);
        k->asked++;
    }
    return NULL;
}

/* Questions asked from four threads while the content is reloaded again and
 * again: every one answered (from one generation or the other). */
static void test_reload_under_load(void **s)
{
    (void)s;
    struct config *cfg = settings("2026-12-07 10:00");
    struct pipeline *p = NULL;
    struct gc_err e = {0};
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_OK);
    atomic_int stop = 0;
    struct asker k[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        k[i] = (struct asker){p, &stop, 0, 0, 0};
        assert_int_equal(pthread_create(&t[i], NULL, ask_loop, &k[i]), 0);
    }
    for (int r = 0; r < 12; r++) {
        if (r == 6)
            put_page("/salle", "La salle des fêtes se loue 250 euros le week-end, tarif unique.",
                     NULL, NULL);
        assert_int_equal(pipeline_reload(p, &e), GC_OK);
    }
    atomic_store(&stop, 1);
    int asked = 0, failed = 0, cited = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        asked += k[i].asked;
        failed += k[i].failed;
        cited += k[i].cited_new;
    }
    assert_int_equal(failed, 0);
    assert_true(asked >= 12);
    char src[128];
    first_source(p, "tarif de la salle des fêtes", src, sizeof src);
    assert_string_equal(src, "/salle");
    (void)cited;
    struct pipeline_content c;
    pipeline_content(p, &c);
    assert_int_equal(c.reloads, 12);
    pipeline_close(p);
    config_free(cfg);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The watcher follows the content version by itself, and a forced reload
 * (what SIGHUP does) swaps without any change. */
static void test_watcher(void **s)
{
    (void)s;
    struct config *cfg = settings("2026-12-07 10:00");
    struct pipeline *p = NULL;
    struct gc_err e = {0};
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_OK);
    assert_int_equal(pipeline_watch(p, 20, &e), GC_OK);
    assert_int_equal(pipeline_watch(p, 20, &e), GC_ERR_INVALID);
    struct pipeline_content c0, c;
    pipeline_content(p, &c0);
    put_page("/stade", "Le stade municipal Jean-Bouin accueille les clubs de rugby.", NULL, NULL);
    char src[128] = "";
    for (int i = 0; i < 500 && strcmp(src, "/stade"); i++) {
        sleep_ms(10);
        first_source(p, "stade municipal Jean-Bouin rugby", src, sizeof src);
    }
    assert_string_equal(src, "/stade");
    pipeline_content(p, &c);
    assert_true(c.version > c0.version);
    unsigned long long before = c.reloads;
    sleep_ms(100);   /* nothing changed: no reload */
    pipeline_content(p, &c);
    assert_int_equal(c.reloads, before);
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    for (int i = 0; i < 500 && c.reloads == before; i++) {
        sleep_ms(10);
        pipeline_content(p, &c);
    }
    assert_int_equal(c.reloads, before + 1);
    pipeline_close(p);
    config_free(cfg);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_reload_serves_changes),
        T(test_settings_read_again),
        T(test_reload_under_load),
        T(test_watcher),
    };
    log_set_level(LOG_ERROR);
    return cmocka_run_group_tests_name("reload", tests, NULL, NULL);
}
