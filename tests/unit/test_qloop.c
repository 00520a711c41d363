/* test_qloop.c — the questions loop end to end on a temporary database:
 * question keys (text/qkey), groups and their stable ids, filters, marks,
 * attaching a group to a page (then it and a paraphrase are answered from
 * that page), dismissing it (then the refusal gives the staff's pointer),
 * and alternate questions from a page's front matter or a JSONL corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/questions.h"
#include "answer/pipeline.h"
#include "import/jsonl.h"
#include "import/markdown.h"
#include "store/altq.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/pages.h"
#include "testutil.h"
#include "text/qkey.h"

#define LOW 0.45

struct fx {
    char path[256];
    char xpath[300];   /* the exchanges file, attached to db as x */
    struct db *db;
    struct config *cfg;
};

static void put_page(struct db *db, const char *url, const char *title, const char *service,
                     const char *status, const char *text)
{
    struct gc_err e = {0};
    struct passage_rec ps[1] = {{"", (char *)text}};
    bool ok = !strcmp(status, "validated");
    struct page_rec p = {
        .ext_id = (char *)url, .title = (char *)title, .url = (char *)url,
        .service = (char *)service, .status = (char *)status,
        .validated_by = ok ? "Claire Martin" : NULL, .validated_on = ok ? "2026-09-14" : NULL,
        .body = (char *)text, .source = "t.md", .passages = ps, .npassages = 1,
    };
    enum store_put res;
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_page_put(db, &p, &res, &e))
        fail_msg("store_page_put: %s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
}

static void exec(struct db *db, const char *sql)
{
    struct gc_err e = {0};
    if (db_exec(db, sql, &e))
        fail_msg("%s", e.msg);
}

/* An exchange as the recorder stores it (created_at UTC). */
static void exchange(struct db *db, int id, const char *at, const char *channel, const char *q,
                     int refused, const char *reason, double conf, const char *source)
{
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db, "INSERT INTO x.replies(id, shared, answer, sources) "
                                    "VALUES (?1, 0, 'réponse', ?2)", &st, NULL), GC_OK);
    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_text(st, 2, source ? source : "[]", -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(db_prepare(db, "INSERT INTO x.messages(id, conversation_id, created_at, channel, "
                                    "question, reply_id, confidence, refused, refusal_reason) "
                                    "VALUES (?1, 'c' || ?1, ?2, ?3, ?4, ?1, ?5, ?6, ?7)", &st, NULL),
                     GC_OK);
    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, q, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, conf);
    sqlite3_bind_int(st, 6, refused);
    sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    if (!f || tmp_file(f->path, sizeof f->path, "qloop") || db_open(&f->db, f->path, DB_READWRITE, &e) ||
        exchanges_path_of(f->path, f->xpath, sizeof f->xpath) ||
        exchanges_attach(f->db, f->xpath, &e))
        return -1;
    put_page(f->db, "/mobilite", "Vélos en libre-service", "Voirie",
             "validated", "La ville prête des vélos à la station de la gare, gratuitement la "
             "première heure.");
    put_page(f->db, "/piscine", "Piscine municipale", "Sports", "validated",
             "La piscine est ouverte du lundi au samedi de 9 h à 19 h.");
    put_page(f->db, "/projet", "Projet de halle", "Commerce", "draft", "Une halle couverte.");
    f->cfg = config_new();
    config_set(f->cfg, "db", f->path, NULL);
    config_set(f->cfg, "town-name", "Villebrune", NULL);
    config_set(f->cfg, "contact", "l'accueil", NULL);
    config_set(f->cfg, "lexicon", "", NULL);
    /* three wordings of one need, refused; one low confidence; one not
     * useful with a phone number in its comment; small talk (never listed) */
    exchange(f->db, 1, "2026-09-01T10:00:00Z", "web", "Où acheter une trottinette électrique ?", 1,
             "low_confidence", 0.1, NULL);
    exchange(f->db, 2, "2026-09-02T10:00:00Z", "sms", "acheter trottinettes electriques", 1,
             "low_confidence", 0.1, NULL);
    exchange(f->db, 3, "2026-09-03T10:00:00Z", "api", "où acheter une trottinette électrique", 1,
             "out_of_scope", 0.0, NULL);
    exchange(f->db, 4, "2026-09-03T11:00:00Z", "web", "piscine ouverte dimanche ?", 0, "", 0.35,
             "[\"/piscine\"]");
    exchange(f->db, 5, "2026-09-04T11:00:00Z", "web", "tarif piscine enfant", 0, "", 0.9,
             "[\"/piscine\"]");
    exec(f->db, "INSERT INTO x.feedback(message_id, useful, comment) VALUES (5, 0, "
                "'pas le prix, rappelez-moi au 06 12 34 56 78')");
    exchange(f->db, 6, "2026-09-04T12:00:00Z", "web", "bonjour", 1, "small_talk", 0, NULL);
    exchange(f->db, 7, "2026-09-04T12:30:00Z", "web", "la piscine est elle ouverte le matin", 0,
             "", 0.95, "[\"/piscine\"]");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    config_free(f->cfg);
    tmp_db_remove(f->path);
    tmp_db_remove(f->xpath);
    free(f);
    return 0;
}

static char *key(const char *q)
{
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(qkey_make(q, strlen(q), &b), GC_OK);
    char *k = strdup(buf_str(&b));
    buf_free(&b);
    return k;
}

static void test_qkey(void **state)
{
    (void)state;
    char *a = key("Où acheter une trottinette électrique ?"), *b = key("acheter trottinettes electriques"),
         *c = key("ELECTRIQUE TROTTINETTE : où l'acheter"), *d = key("kel trottinette electrik acheter");
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    assert_true(strlen(a) > 0);
    char *p1 = key("Quel est le prix de la cantine ?"), *p2 = key("tarifs cantine");
    assert_string_equal(p1, p2);   /* synonyms: one word of the group */
    char *empty = key("et le ?");
    assert_string_equal(empty, "");
    double s;
    assert_true(qkey_match(a, a, &s));
    assert_true(s > 0.99);
    char *more = key("où acheter une trottinette électrique pas chère");
    assert_true(qkey_match(more, a, &s));      /* the group's words, and a little more */
    assert_false(qkey_match(p1, a, &s));
    char *half = key("trottinette");
    assert_false(qkey_match(half, a, &s));      /* too little of the group */
    assert_false(qkey_match("", a, NULL));
    (void)d;
    free(a);
    free(b);
    free(c);
    free(d);
    free(p1);
    free(p2);
    free(empty);
    free(more);
    free(half);
}

static void test_groups(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct qloop q;
    struct qloop_filter flt = {.reason = -1, .low_conf = LOW};
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_int_equal(q.n, 3);   /* trottinette x3, piscine dimanche, tarif piscine */
    const struct qgroup *g = &q.g[0];
    assert_int_equal(g->count, 3);
    assert_int_equal(g->reason, INSIGHT_REFUSED);
    assert_int_equal(g->nexamples, 3);
    assert_string_equal(g->examples[0], "où acheter une trottinette électrique");   /* newest */
    char id[QGROUP_ID_HEX + 1];
    qloop_group_id(g->words, id);
    assert_string_equal(id, g->id);
    assert_non_null(strstr(g->channels, "sms"));
    char first[QGROUP_ID_HEX + 1];
    memcpy(first, g->id, sizeof first);
    bool low = false, useless = false;
    for (int i = 1; i < q.n; i++) {
        if (q.g[i].reason == INSIGHT_LOW_CONFIDENCE)
            low = !strcmp(q.g[i].services, "Sports");
        if (q.g[i].reason == INSIGHT_NOT_USEFUL) {
            useless = q.g[i].ncomments == 1 && strstr(q.g[i].comments[0], "[téléphone]") &&
                      !strstr(q.g[i].comments[0], "06 12");
        }
    }
    assert_true(low);
    assert_true(useless);
    /* JSON: the interface other tools read */
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(qloop_json(&q, &b), GC_OK);
    cJSON *j = cJSON_Parse(buf_str(&b));
    assert_true(cJSON_IsArray(j) && cJSON_GetArraySize(j) == 3);
    const cJSON *g0 = cJSON_GetArrayItem(j, 0);
    assert_string_equal(cJSON_GetObjectItem(g0, "id")->valuestring, first);
    assert_int_equal(cJSON_GetObjectItem(g0, "count")->valueint, 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(g0, "examples")), 3);
    assert_string_equal(cJSON_GetObjectItem(g0, "reason")->valuestring, "refused");
    cJSON_Delete(j);
    buf_free(&b);
    qloop_free(&q);

    /* a new wording joins the group: same id, one more */
    exchange(f->db, 8, "2026-09-05T09:00:00Z", "web", "trottinette électrique : où l'acheter ?", 1,
             "low_confidence", 0.2, NULL);
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_string_equal(q.g[0].id, first);
    assert_int_equal(q.g[0].count, 4);
    qloop_free(&q);
    /* filters: one channel, one reason, since a date; the newest first */
    flt.channel = "sms";
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_int_equal(q.n, 1);
    assert_int_equal(q.g[0].count, 1);
    qloop_free(&q);
    flt.channel = NULL;
    flt.reason = INSIGHT_NOT_USEFUL;
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_int_equal(q.n, 1);
    qloop_free(&q);
    flt.reason = -1;
    flt.since = "2026-09-04";
    flt.sort = QLOOP_RECENT;
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_int_equal(q.n, 2);
    assert_string_equal(q.g[0].id, first);   /* its newest exchange is the newest of all */
    qloop_free(&q);
}

static void ask(struct pipeline *p, const char *text, struct gc_answer *a)
{
    struct gc_err e = {0};
    struct gc_question q = {text, strlen(text), "cli", NULL};
    assert_int_equal(pipeline_ask(p, &q, a, &e), GC_OK);
}

static void test_link_answers_from_the_page(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct qloop q;
    struct qloop_filter flt = {.reason = -1, .low_conf = LOW};
    struct pipeline *p;
    struct gc_answer a;
    /* before: refused (the pipeline stays open: the link is served by a
     * reload, as a running server serves it) */
    assert_int_equal(pipeline_open(&p, f->cfg, &e), GC_OK);
    ask(p, "Où acheter une trottinette électrique ?", &a);
    assert_true(a.refused);
    answer_free(&a);
    struct pipeline_content before;
    pipeline_content(p, &before);

    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    char id[QGROUP_ID_HEX + 1];
    memcpy(id, q.g[0].id, sizeof id);
    qloop_free(&q);
    /* an editor of another service may not; a draft page cannot answer */
    struct user ed = {.role = ROLE_EDITOR, .nservices = 1};
    snprintf(ed.login, sizeof ed.login, "ed");
    snprintf(ed.services[0], sizeof ed.services[0], "Sports");
    struct qloop_done done;
    assert_int_equal(qloop_link(f->db, id, "/mobilite", "ed", &ed, LOW, &done, &e), GC_ERR_DENIED);
    assert_int_equal(qloop_link(f->db, id, "/projet", "vera", NULL, LOW, &done, &e), GC_ERR_NOTFOUND);
    assert_int_equal(qloop_link(f->db, id, "/nulle-part", "vera", NULL, LOW, &done, &e),
                     GC_ERR_NOTFOUND);
    assert_int_equal(qloop_link(f->db, "123456789abc", "/mobilite", "vera", NULL, LOW, &done, &e),
                     GC_ERR_NOTFOUND);
    /* a withdrawn page answers nothing: nothing is attached to it */
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    struct store_actor who = {"vera", true};
    assert_int_equal(store_page_withdraw(f->db, "/piscine", &who, "fermée", &e), GC_OK);
    assert_int_equal(db_commit(f->db, &e), GC_OK);
    assert_int_equal(qloop_link(f->db, id, "/piscine", "vera", NULL, LOW, &done, &e),
                     GC_ERR_NOTFOUND);
    snprintf(ed.services[0], sizeof ed.services[0], "Voirie");
    assert_int_equal(qloop_link(f->db, id, "/mobilite", "ed", &ed, LOW, &done, &e), GC_OK);
    assert_int_equal(done.attached, 3);
    /* the group is handled: gone from the list */
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    for (int i = 0; i < q.n; i++)
        assert_string_not_equal(q.g[i].id, id);
    qloop_free(&q);

    /* now it is answered from the page, and so is a paraphrase: the link
     * bumped the content version, the next generation has the questions */
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    struct pipeline_content after;
    pipeline_content(p, &after);
    assert_true(after.version > before.version);
    ask(p, "Où acheter une trottinette électrique ?", &a);
    assert_false(a.refused);
    assert_string_equal(a.sources[0].id, "/mobilite");
    answer_free(&a);
    ask(p, "où peut-on acheter des trottinettes électriques en ville ?", &a);
    assert_false(a.refused);
    assert_string_equal(a.sources[0].id, "/mobilite");
    answer_free(&a);
    pipeline_close(p);

    /* a question of the group that goes badly after the link brings it back */
    exchange(f->db, 9, "2099-01-01T00:00:00Z", "web", "acheter une trottinette électrique", 1,
             "low_confidence", 0.2, NULL);
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    bool back = false;
    for (int i = 0; i < q.n; i++)
        back |= !strcmp(q.g[i].id, id) && q.g[i].count == 1;
    assert_true(back);
    qloop_free(&q);
}

static void test_dismiss_gives_the_pointer(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct qloop q;
    struct qloop_filter flt = {.reason = -1, .low_conf = LOW};
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    char id[QGROUP_ID_HEX + 1];
    memcpy(id, q.g[0].id, sizeof id);
    qloop_free(&q);
    struct pipeline *p;
    struct gc_answer a;
    assert_int_equal(pipeline_open(&p, f->cfg, &e), GC_OK);
    ask(p, "je voudrais acheter une trottinette électrique", &a);
    assert_null(strstr(a.text, "vélociste"));   /* not before the dismissal */
    answer_free(&a);
    assert_int_equal(qloop_dismiss(f->db, id, "ligne\nde trop", "vera", LOW, &e), GC_ERR_INVALID);
    assert_int_equal(qloop_dismiss(f->db, id, "Adressez-vous à un vélociste.", "vera", LOW, &e),
                     GC_OK);
    assert_int_equal(qloop_load(f->db, &flt, &q, &e), GC_OK);
    assert_int_equal(q.n, 2);   /* dismissed: never listed again */
    qloop_free(&q);

    /* served by the next generation of a pipeline already open */
    assert_int_equal(pipeline_reload(p, &e), GC_OK);
    ask(p, "je voudrais acheter une trottinette électrique", &a);
    assert_true(a.refused);
    assert_string_equal(a.refusal_reason, "out_of_scope");
    assert_non_null(strstr(a.text, "Adressez-vous à un vélociste."));
    answer_free(&a);
    /* other questions are not touched */
    ask(p, "horaires de la piscine", &a);
    assert_false(a.refused);
    answer_free(&a);
    ask(p, "bonjour", &a);
    assert_string_equal(a.refusal_reason, "small_talk");
    answer_free(&a);
    pipeline_close(p);
}

static void test_front_matter_questions(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct page_rec p;
    const char *md = "---\ntitle: Marché couvert\nurl: /marche\nservice: Commerce\n"
                     "status: validated\nvalidated_by: Paul\nvalidated_on: 2026-09-01\n"
                     "question: Où acheter des légumes frais ?\n"
                     "question: \"Le marché, c'est quel jour ?\"\n---\n"
                     "Le marché se tient le mercredi matin place de la Halle.\n";
    assert_int_equal(markdown_parse_page("m.md", md, strlen(md), &p, &e), GC_OK);
    assert_string_equal(p.questions, "Où acheter des légumes frais ?\nLe marché, c'est quel jour ?");
    enum store_put res;
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_OK);
    assert_int_equal(db_commit(f->db, &e), GC_OK);
    /* the same page again is unchanged; its questions are part of it */
    assert_int_equal(db_begin(f->db, &e), GC_OK);
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_OK);
    assert_int_equal(res, STORE_UNCHANGED);
    free(p.questions);
    p.questions = strdup("Où acheter des légumes frais ?");
    assert_int_equal(store_page_put(f->db, &p, &res, &e), GC_OK);
    assert_int_equal(res, STORE_UPDATED);
    assert_int_equal(db_commit(f->db, &e), GC_OK);
    page_rec_free(&p);

    struct pipeline *pl;
    struct gc_answer a;
    assert_int_equal(pipeline_open(&pl, f->cfg, &e), GC_OK);
    ask(pl, "acheter des légumes frais", &a);
    assert_false(a.refused);
    assert_string_equal(a.sources[0].id, "/marche");
    answer_free(&a);
    pipeline_close(pl);

    /* errors name the file and the line */
    const char *bad = "---\ntitle: T\nurl: /t\nstatus: draft\nquestion:   \n---\nTexte.\n";
    assert_int_equal(markdown_parse_page("t.md", bad, strlen(bad), &p, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "t.md:5"));
    page_rec_free(&p);
    const char *bad2 = "---\ntitle: T\nurl: /t\nstatus: draft\nquestions: x\n---\nTexte.\n";
    assert_int_equal(markdown_parse_page("t.md", bad2, strlen(bad2), &p, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "question)"));
    page_rec_free(&p);

    /* a JSONL corpus brings them as an array */
    char path[256];
    assert_int_equal(tmp_file_with(path, sizeof path, "jsonl",
                                   "{\"id\": \"F1\", \"text\": \"Texte.\", \"questions\": "
                                   "[\"Première ?\", \"Seconde ?\"]}\n"
                                   "{\"id\": \"F2\", \"text\": \"Texte.\", \"questions\": \"x\"}\n"),
                     0);
    FILE *in = fopen(path, "r");
    int line = 0, eof = 0;
    assert_int_equal(jsonl_next_page(in, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_string_equal(p.questions, "Première ?\nSeconde ?");
    page_rec_free(&p);
    assert_int_equal(jsonl_next_page(in, "c.jsonl", &line, &p, &eof, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "c.jsonl:2"));
    page_rec_free(&p);
    fclose(in);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qkey),
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_answers_from_the_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dismiss_gives_the_pointer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_front_matter_questions, setup, teardown),
    };
    return cmocka_run_group_tests_name("qloop", tests, NULL, NULL);
}
