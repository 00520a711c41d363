/* test_report.c — reports (admin/report: figures by day, week, month,
 * channel and service code, CSV, SVG charts) and residents' rights
 * (admin/rights: find by conversation or phone number, export, erase, each
 * audited) on a temporary database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/report.h"
#include "admin/rights.h"
#include "channels/sms_session.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/pages.h"
#include "db_testutil.h"
#include "testutil.h"

struct fx {
    char path[256];
    char xpath[300];   /* the exchanges file, attached to db as x */
    struct db *db;
};

static void put_page(struct db *db, const char *url, const char *title, const char *service)
{
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", "Texte de la page."}};
    struct page_rec p = {
        .ext_id = (char *)url, .title = (char *)title, .url = (char *)url,
        .service = (char *)service, .status = "validated", .validated_by = "C. Martin",
        .validated_on = "2026-09-14", .body = "Texte.", .source = "t.md", .passages = ps,
        .npassages = 1,
    };
    enum store_put res;
    assert_int_equal(db_begin(db, &e), GC_OK);
    assert_int_equal(store_page_put(db, &p, &res, &e), GC_OK);
    assert_int_equal(db_commit(db, &e), GC_OK);
}

static void exchange(struct db *db, int id, const char *cid, const char *at, const char *channel,
                     int refused, int followup, int parts, const char *path, const char *source)
{
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db, "INSERT INTO x.replies(id, shared, answer, sources) "
                                    "VALUES (?1, 0, 'Une réponse.', ?2)", &st, NULL), GC_OK);
    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(db_prepare(db, "INSERT INTO x.messages(id, conversation_id, created_at, channel, "
                                    "question, reply_id, confidence, refused, refusal_reason, path, "
                                    "followup, energy_wh, sms_parts) VALUES (?1, ?2, ?3, ?4, "
                                    "'ma question au 06 12 34 56 78', ?1, 0.8, ?5, '', ?6, ?7, "
                                    "0.001, ?8)", &st, NULL), GC_OK);
    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_text(st, 2, cid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, channel, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, refused);
    sqlite3_bind_text(st, 6, path, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, followup);
    sqlite3_bind_int(st, 8, parts);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    if (!f || tmp_file(f->path, sizeof f->path, "report") ||
        db_open(&f->db, f->path, DB_READWRITE, &e) ||
        exchanges_path_of(f->path, f->xpath, sizeof f->xpath) ||
        exchanges_attach(f->db, f->xpath, &e))
        return -1;
    put_page(f->db, "/cni", "Carte d'identité", "État civil");
    put_page(f->db, "/piscine", "Piscine", "Sports");
    /* times at noon UTC: the same local day in Europe/Paris */
    exchange(f->db, 1, "conv-a", "2026-09-14T12:00:00Z", "web", 0, 0, 0, "extractive", "[\"/cni\"]");
    exchange(f->db, 2, "conv-a", "2026-09-14T12:01:00Z", "web", 0, 1, 0, "extractive", "[\"/cni\"]");
    exchange(f->db, 3, "conv-b", "2026-09-14T13:00:00Z", "api", 1, 0, 0, "extractive", "[]");
    exchange(f->db, 4, "sms-00112233445566778899aabbccddeeff", "2026-09-15T12:00:00Z", "sms", 0, 0,
             2, "extractive", "[\"/piscine\"]");
    exchange(f->db, 5, "conv-c", "2026-09-21T12:00:00Z", "web", 0, 0, 0, "default/mistral",
             "[\"/piscine\"]");
    exchange(f->db, 6, "conv-d", "2026-10-01T12:00:00Z", "web", 0, 0, 0, "extractive",
             "[\"/cni\"]");
    struct gc_err x = {0};
    if (db_exec(f->db, "INSERT INTO x.feedback(message_id, useful, comment) VALUES (1, 1, ''), "
                       "(2, 0, 'pas clair'); INSERT INTO x.sms_numbers(pseudonym, stopped) "
                       "VALUES ('00112233445566778899aabbccddeeff', 1)", &x))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    tmp_db_remove(f->path);
    tmp_db_remove(f->xpath);
    free(f);
    return 0;
}

static void test_dates_and_codes(void **state)
{
    (void)state;
    struct gc_err e = {0};
    char code[48];
    assert_true(report_date_valid("2026-02-28"));
    assert_false(report_date_valid("2026-02-30"));
    assert_false(report_date_valid("2026-2-3"));
    assert_false(report_date_valid("hier"));
    assert_int_equal(report_service_code("État civil=EC; Sports = SPO", "Sports", code, &e), GC_OK);
    assert_string_equal(code, "SPO");
    assert_int_equal(report_service_code("État civil=EC", "État civil", code, &e), GC_OK);
    assert_string_equal(code, "EC");
    assert_int_equal(report_service_code("", "Éducation et enfance", code, &e), GC_OK);
    assert_string_equal(code, "education-et-enfance");
    assert_int_equal(report_service_code("", "", code, &e), GC_OK);
    assert_string_equal(code, "aucun");
    assert_int_equal(report_service_code("Sports", "Sports", code, &e), GC_ERR_INVALID);
    assert_int_equal(report_service_code("Sports=", "Sports", code, &e), GC_ERR_INVALID);
}

static void test_figures_and_csv(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct report r;
    assert_int_equal(report_build(f->db, "2026-09-01", "2026-09-30", REPORT_DAY, "État civil=EC",
                                  0.05, &r, &e), GC_OK);
    assert_int_equal(r.total.questions, 5);
    assert_int_equal(r.total.answered, 4);
    assert_int_equal(r.total.refused, 1);
    assert_int_equal(r.total.followups, 1);
    assert_int_equal(r.total.useful, 1);
    assert_int_equal(r.total.not_useful, 1);
    assert_int_equal(r.total.sms_parts, 2);
    assert_int_equal(r.total.model, 1);
    assert_int_equal(r.periods.n, 3);
    assert_string_equal(r.periods.v[0].key, "2026-09-14");
    assert_int_equal(r.channels.n, 3);
    assert_int_equal(r.services.n, 3);   /* EC, sports, aucun */
    assert_string_equal(r.services.v[0].key, "EC");
    assert_int_equal(r.services.v[0].f.questions, 2);
    assert_int_equal(r.ntop, 2);
    assert_string_equal(r.top[0].title, "Carte d'identité");
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(report_csv(&r, false, &b), GC_OK);
    const char *csv = buf_str(&b);
    assert_int_equal(strncmp(csv, "date,channel,questions,answered,refused,", 40), 0);
    assert_non_null(strstr(csv, "\r\n2026-09-14,api,1,0,1,0,0,0,0,0.00,0,1,"));
    assert_non_null(strstr(csv, "\r\n2026-09-14,web,2,2,0,1,1,1,0,0.00,0,2,"));
    assert_non_null(strstr(csv, "\r\n2026-09-15,sms,1,1,0,0,0,0,2,0.10,0,1,"));
    assert_null(strstr(csv, "06 12"));   /* no phone number, no question */
    assert_null(strstr(csv, "question au"));
    /* the lines add up to the total */
    long sum = 0;
    for (const char *p = strstr(csv, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *c = strchr(strchr(p + 2, ',') + 1, ',') + 1;
        sum += strtol(c, NULL, 10);
    }
    assert_int_equal(sum, 5);
    buf_reset(&b);
    assert_int_equal(report_csv(&r, true, &b), GC_OK);
    assert_int_equal(strncmp(buf_str(&b), "date,service,", 13), 0);
    assert_non_null(strstr(buf_str(&b), "2026-09-14,EC,2,"));
    assert_non_null(strstr(buf_str(&b), "2026-09-14,aucun,1,"));
    report_free(&r);
    /* weeks (Monday) and months */
    assert_int_equal(report_build(f->db, "2026-09-01", "2026-10-31", REPORT_WEEK, "", 0.05, &r, &e),
                     GC_OK);
    assert_string_equal(r.periods.v[0].key, "semaine du 2026-09-14");
    assert_int_equal(r.periods.v[0].f.questions, 4);
    report_free(&r);
    assert_int_equal(report_build(f->db, "2026-09-01", "2026-10-31", REPORT_MONTH, "", 0.05, &r, &e),
                     GC_OK);
    assert_int_equal(r.periods.n, 2);
    assert_string_equal(r.periods.v[1].key, "2026-10");
    report_free(&r);
    /* bad spans */
    assert_int_equal(report_build(f->db, "2026-09-30", "2026-09-01", REPORT_DAY, "", 0, &r, &e),
                     GC_ERR_INVALID);
    assert_int_equal(report_build(f->db, "2000-01-01", "2026-09-01", REPORT_DAY, "", 0, &r, &e),
                     GC_ERR_TOOBIG);
    assert_int_equal(report_build(f->db, "2026-09-01", "2026-09-31", REPORT_DAY, "", 0, &r, &e),
                     GC_ERR_INVALID);

    /* the chart: an image with its title and description, names escaped */
    const char *labels[2] = {"web", "<sms>"};
    double v[2][REPORT_SERIES_MAX] = {{3, 1}, {0, 2}};
    struct report_chart c = {.id = "c1", .title = "Questions & refus", .desc = "Deux barres",
                             .series = {"Répondues", "Refusées"}, .nseries = 2, .labels = labels,
                             .values = (const double(*)[REPORT_SERIES_MAX])v, .n = 2};
    buf_reset(&b);
    assert_int_equal(report_svg(&c, &b), GC_OK);
    const char *svg = buf_str(&b);
    assert_non_null(strstr(svg, "role=\"img\" aria-labelledby=\"c1-t c1-d\""));
    assert_non_null(strstr(svg, "<title id=\"c1-t\">Questions &amp; refus</title>"));
    assert_non_null(strstr(svg, "&lt;sms&gt;"));
    assert_null(strstr(svg, "<sms>"));
    buf_free(&b);
}

static void test_rights(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct rights_summary s;
    assert_false(rights_cid_valid("a b"));
    assert_true(rights_cid_valid("conv-a"));
    assert_int_equal(rights_find(f->db, "conv-a", "alice", &s, &e), GC_OK);
    assert_int_equal(s.exchanges, 2);
    assert_string_equal(s.first_at, "2026-09-14T12:00:00Z");
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(rights_export(f->db, "conv-a", "alice", &b, &e), GC_OK);
    cJSON *j = cJSON_Parse(buf_str(&b));
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "conversation_id")->valuestring, "conv-a");
    const cJSON *x = cJSON_GetObjectItem(j, "exchanges");
    assert_int_equal(cJSON_GetArraySize(x), 2);
    const cJSON *x1 = cJSON_GetArrayItem(x, 1);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(x1, "sources"), 0)->valuestring, "/cni");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(x1, "feedback"), "useful")));
    cJSON_Delete(j);
    buf_free(&b);
    int64_t n = 0;
    assert_int_equal(rights_erase(f->db, "conv-a", "alice", &n, &e), GC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM x.messages WHERE conversation_id = 'conv-a'"), 0);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM x.feedback"), 0);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM x.replies WHERE id IN (1, 2)"), 0);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM x.messages"), 4);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM audit WHERE who = 'alice' AND object = "
                                      "'conv-a' AND action IN ('rights.find', 'rights.export', "
                                      "'rights.erase')"), 3);

    /* by phone number: the pseudonym of the SMS channel's key */
    struct config *cfg = config_new();
    char key[300];
    snprintf(key, sizeof key, "%s.sms-key", f->path);
    config_set(cfg, "db", f->path, NULL);
    char cid[RIGHTS_CID_MAX];
    assert_int_equal(rights_sms_conversation(cfg, "06 12 34 56 78", cid, &e), GC_ERR_NOTFOUND);
    assert_int_equal(access(key, F_OK), -1);   /* never created here */
    unsigned char k[SMS_KEY_LEN];
    assert_int_equal(sms_key_load(key, k, &e), GC_OK);
    char pseudo[SMS_PSEUDONYM_HEX + 1];
    sms_pseudonym(k, "+33612345678", pseudo);
    assert_int_equal(rights_sms_conversation(cfg, "06.12.34.56.78", cid, &e), GC_OK);
    char want[RIGHTS_CID_MAX];
    snprintf(want, sizeof want, "sms-%s", pseudo);
    assert_string_equal(cid, want);
    assert_int_equal(rights_sms_conversation(cfg, "pas un numéro", cid, &e), GC_ERR_INVALID);
    /* an SMS conversation: the number's row goes with it */
    assert_int_equal(rights_find(f->db, "sms-00112233445566778899aabbccddeeff", "alice", &s, &e),
                     GC_OK);
    assert_true(s.sms_known && s.sms_stopped);
    assert_int_equal(rights_erase(f->db, "sms-00112233445566778899aabbccddeeff", "alice", &n, &e),
                     GC_OK);
    assert_int_equal(query_int(f->db, "SELECT count(*) FROM x.sms_numbers"), 0);
    unlink(key);
    config_free(cfg);
}

int main(void)
{
    setenv("TZ", "Europe/Paris", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_and_codes),
        cmocka_unit_test_setup_teardown(test_figures_and_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rights, setup, teardown),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
