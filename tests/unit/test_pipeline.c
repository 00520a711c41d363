/* test_pipeline.c — the whole pipeline on a temporary database: sources and
 * citations, drafts never used, input checks, refusals, determinism and
 * thread safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/pipeline.h"
#include "store/db.h"
#include "store/pages.h"
#include "testutil.h"
#include "text/sentences.h"

struct pg {
    const char *id, *title, *service, *status, *who, *when;
    const char *passages[2][2]; /* heading, text */
};

static const struct pg corpus[] = {
    {"/piscine", "Piscine municipale", "Sports", "validated", "Claire Martin", "2026-09-14",
     {{"Horaires",
       "La piscine municipale est ouverte du lundi au vendredi de 12 h à 14 h et de 17 h à 20 h.\n"
       "Le samedi, la piscine ouvre de 9 h à 18 h.\n"
       "Elle est fermée le dimanche et les jours fériés."},
      {"Tarifs", "L'entrée à la piscine coûte 4 € pour un adulte et 2 € pour un enfant."}}},
    {"/listes-electorales", "Inscription sur les listes électorales", "Élections", "validated",
     "Paul Roux", "2026-05-02",
     {{"", "Pour voter, inscrivez-vous sur les listes électorales en ligne ou en mairie. "
           "L'inscription est possible jusqu'au sixième vendredi avant le scrutin."},
      {"Pièces à fournir", "Munissez-vous d'une pièce d'identité et d'un justificatif de "
                           "domicile de moins de trois mois."}}},
    {"/deneigement", "Déneigement des trottoirs", "Voirie", "validated", "Luc Petit", "2026-01-10",
     {{"", "Par temps de neige, chaque habitant doit déneiger le trottoir devant son domicile. "
           "Les services municipaux dégagent les routes principales en priorité."},
      {"Convention avec Grenoble", "Le déneigement des routes départementales vers Lyon est "
                                   "assuré par le département."}}},
    {"/encombrants", "Collecte des encombrants", "Propreté", "validated", "Ana Diaz", "2026-03-01",
     {{"", "Les encombrants sont collectés le premier mardi du mois, sur rendez-vous au "
           "02 38 00 10 20."}}},
    {"/navette", "Navette vers Grenoble", "Transports", "validated", "Luc Petit", "2026-02-02",
     {{"", "La navette part de la gare routière à 7 h 10. Le billet coûte 2 €."}}},
    /* "bordeaux" as a colour, not the town. */
    {"/bacs", "Bacs de collecte", "Propreté", "validated", "Ana Diaz", "2026-03-01",
     {{"", "Le bac à couvercle bordeaux reçoit les ordures ménagères. Pour un bac neuf, "
           "appelez la mairie au numéro 02 38 00 10 00."}}},
    /* A page that names the post office in passing, under a heading. */
    {"/marche", "Marché du samedi", "Propreté", "validated", "Ana Diaz", "2026-03-01",
     {{"Stationnement", "Le samedi matin, le parking de la poste est réservé aux commerçants "
                        "du marché, qui est ouvert de 7 h à 13 h."},
      {"Emplacements", "Les commerçants sont représentés par leur association, dont le "
                       "président siège à la commission du marché. Un emplacement coûte 2 € "
                       "le mètre."}}},
    /* A draft revision of a validated page, and a page that is only a draft. */
    {"/encombrants", "Collecte des encombrants", "Propreté", "draft", NULL, NULL,
     {{"", "Les encombrants quintuplettes sont collectés le mercredi."}}},
    {"/patinoire", "Patinoire xylokrak", "Sports", "draft", NULL, NULL,
     {{"", "La patinoire xylokrak ouvrira en décembre place du Marché."}}},
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

struct fx {
    char path[256];
    struct config *cfg;
    struct pipeline *p;
};

static struct fx fx;

static void build_db(const char *path)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    for (size_t i = 0; i < NCORPUS; i++) {
        const struct pg *c = &corpus[i];
        struct passage_rec ps[2];
        int n = 0;
        for (; n < 2 && c->passages[n][1]; n++)
            ps[n] = (struct passage_rec){(char *)c->passages[n][0], (char *)c->passages[n][1]};
        struct page_rec p = {
            .ext_id = (char *)c->id, .title = (char *)c->title, .url = (char *)c->id,
            .service = (char *)c->service, .status = (char *)c->status,
            .validated_by = (char *)c->who, .validated_on = (char *)c->when,
            .body = (char *)c->passages[0][1], .source = "test", .passages = ps, .npassages = n,
        };
        enum store_put res;
        if (store_page_put(db, &p, &res, &e))
            fail_msg("%s", e.msg);
    }
    assert_int_equal(db_commit(db, &e), GC_OK);
    db_close(db);
}

static int setup(void **state)
{
    struct gc_err e = {0};
    if (tmp_file(fx.path, sizeof fx.path, "pipeline"))
        return -1;
    build_db(fx.path);
    fx.cfg = config_new();
    config_set(fx.cfg, "db", fx.path, NULL);
    config_set(fx.cfg, "town-name", "Villebrune", NULL);
    config_set(fx.cfg, "contact", "l'accueil de la mairie", NULL);
    if (pipeline_open(&fx.p, fx.cfg, &e)) {
        fprintf(stderr, "pipeline_open: %s\n", e.msg);
        return -1;
    }
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pipeline_close(fx.p);
    pipeline_close(NULL);
    config_free(fx.cfg);
    tmp_db_remove(fx.path);
    return 0;
}

static enum gc_rc ask_n(const char *text, size_t len, struct gc_answer *a, struct gc_err *e)
{
    struct gc_question q = {text, len, "cli", NULL};
    return pipeline_ask(fx.p, &q, a, e);
}

static void ask(const char *text, struct gc_answer *a)
{
    struct gc_err e = {0};
    if (ask_n(text, strlen(text), a, &e))
        fail_msg("\"%s\": %s", text, e.msg);
    assert_non_null(a->text);
    assert_true(*a->text);
}

static void test_loaded(void **s)
{
    (void)s;
    assert_int_equal(pipeline_page_count(fx.p), 7); /* drafts left out */
    assert_int_equal(pipeline_passage_count(fx.p), 11);
}

static void test_answer_cites_its_source(void **s)
{
    (void)s;
    static const struct {
        const char *q, *id, *title, *service, *who, *when, *word;
    } cases[] = {
        {"Quels sont les horaires de la piscine le samedi ?", "/piscine", "Piscine municipale",
         "Sports", "Claire Martin", "2026-09-14", "samedi"},
        {"Comment s'inscrire sur les listes électorales ?", "/listes-electorales",
         "Inscription sur les listes électorales", "Élections", "Paul Roux", "2026-05-02",
         "listes électorales"},
        {"Qui doit déneiger le trottoir ?", "/deneigement", "Déneigement des trottoirs", "Voirie",
         "Luc Petit", "2026-01-10", "trottoir"},
        {"Quand sont collectés les encombrants ?", "/encombrants", "Collecte des encombrants",
         "Propreté", "Ana Diaz", "2026-03-01", "premier mardi"},
        /* Another town named (a topic towns rarely cover), answered all the
         * same: the page covers the whole question and names that town. */
        {"Déneigement des routes départementales de Lyon", "/deneigement",
         "Déneigement des trottoirs", "Voirie", "Luc Petit", "2026-01-10", "Lyon"},
        /* ... or whose page names it, though the sentence chosen does not. */
        {"Combien coûte le billet de la navette de Grenoble ?", "/navette", "Navette vers Grenoble",
         "Transports", "Luc Petit", "2026-02-02", "2 €"},
        /* A price the page gives, under a heading that does not say it. */
        {"Combien coûte un emplacement au marché ?", "/marche", "Marché du samedi", "Propreté",
         "Ana Diaz", "2026-03-01", "2 €"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_answer a;
        ask(cases[i].q, &a);
        if (a.refused || a.nsources < 1)
            fail_msg("\"%s\" refused (%s, confidence %.2f)", cases[i].q,
                     a.refusal_reason ? a.refusal_reason : "-", a.confidence);
        assert_null(a.refusal_reason);
        assert_string_equal(a.path, "extractive");
        const struct gc_source *src = &a.sources[0];
        assert_string_equal(src->id, cases[i].id);
        assert_string_equal(src->url, cases[i].id);
        assert_string_equal(src->title, cases[i].title);
        assert_string_equal(src->service, cases[i].service);
        assert_string_equal(src->validated_by, cases[i].who);
        assert_string_equal(src->validated_on, cases[i].when);
        if (!strstr(a.text, cases[i].word))
            fail_msg("\"%s\" -> \"%s\" lacks \"%s\"", cases[i].q, a.text, cases[i].word);
        assert_true(a.confidence >= 0.30 && a.confidence <= 1.0);
        /* Its units tile the text, one of them the best, each citing a source. */
        assert_true(a.nunits >= 1);
        size_t at = 0;
        int best = 0;
        for (int k = 0; k < a.nunits; k++) {
            assert_int_equal(a.units[k].start, at);
            at += a.units[k].len + 1;
            best += a.units[k].rank == 0;
            assert_true(a.units[k].source >= 0 && a.units[k].source < a.nsources);
        }
        assert_int_equal(at - 1, strlen(a.text));
        assert_int_equal(best, 1);
        assert_true(a.nranked >= 1);
        assert_string_equal(a.ranked[0], cases[i].id);
        assert_true(a.elapsed_ms >= 0);
        answer_free(&a);
    }
    answer_free(NULL);
}

static void test_drafts_never_used(void **s)
{
    (void)s;
    static const char *const qs[] = {
        "patinoire xylokrak", "Quand ouvre la patinoire ?", "xylokrak",
        "encombrants quintuplettes", "Les encombrants sont-ils collectés le mercredi ?",
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        struct gc_answer a;
        ask(qs[i], &a);
        if (strstr(a.text, "xylokrak") || strstr(a.text, "quintuplette") ||
            strstr(a.text, "mercredi"))
            fail_msg("\"%s\" used a draft: \"%s\"", qs[i], a.text);
        for (int k = 0; k < a.nsources; k++)
            assert_string_not_equal(a.sources[k].id, "/patinoire");
        for (int k = 0; k < a.nranked; k++)
            assert_string_not_equal(a.ranked[k], "/patinoire");
        answer_free(&a);
    }
}

static void test_invalid_questions(void **s)
{
    (void)s;
    char too_long[600], utf8_500[2048], utf8_501[2048], euro_500[2048];
    memset(too_long, 'a', 501);
    too_long[501] = '\0';
    size_t k = 0;
    for (int i = 0; i < 500; i++)
        k += (size_t)snprintf(utf8_500 + k, sizeof utf8_500 - k, "é");
    memcpy(utf8_501, utf8_500, k + 1);
    memcpy(utf8_501 + k, "é", sizeof "é");
    k = 0;
    for (int i = 0; i < 500; i++)
        k += (size_t)snprintf(euro_500 + k, sizeof euro_500 - k, i % 10 == 9 ? " " : "€");
    static const char nul[] = "piscine\0horaires";
    const struct {
        const char *text;
        size_t len;
        enum gc_rc rc;
    } cases[] = {
        {"", 0, GC_ERR_INVALID},
        {"   ", 3, GC_ERR_INVALID},
        {" \n\t\r ", 5, GC_ERR_INVALID},
        {"piscine \xff", 9, GC_ERR_INVALID},
        {"piscine \xc3", 9, GC_ERR_INVALID},          /* truncated sequence */
        {"\xc0\xaf", 2, GC_ERR_INVALID},              /* overlong */
        {"\xed\xa0\x80", 3, GC_ERR_INVALID},          /* surrogate */
        {nul, sizeof nul - 1, GC_ERR_INVALID},         /* NUL inside */
        {"piscine\x01", 8, GC_ERR_INVALID},           /* control character */
        {NULL, 0, GC_ERR_INVALID},
        {too_long, 501, GC_ERR_TOOBIG},
        {utf8_501, strlen(utf8_501), GC_ERR_TOOBIG},
        {too_long, 500, GC_OK},                       /* exactly 500 */
        {utf8_500, strlen(utf8_500), GC_OK},          /* 500 characters, 1000 bytes */
        {euro_500, strlen(euro_500), GC_OK},
        {"horaires piscine", 7, GC_OK},               /* len, not strlen, counts */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_answer a;
        struct gc_err e = {0};
        enum gc_rc rc = ask_n(cases[i].text, cases[i].len, &a, &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu: rc %d (%s), want %d", i, rc, e.msg, cases[i].rc);
        if (rc)
            assert_true(e.msg[0] != '\0');
        else
            assert_non_null(a.text);
        answer_free(&a);
    }
}

static void test_refusals(void **s)
{
    (void)s;
    static const struct {
        const char *q, *reason;
    } cases[] = {
        {"Quel temps fera-t-il demain ?", "out_of_scope"},
        {"Raconte-moi une blague", "out_of_scope"},
        {"Horaires de la piscine de Lyon", "out_of_scope"},
        /* A topic towns rarely cover, that no page covers. */
        {"Une recette de galette des rois ?", "out_of_scope"},
        /* The page names Grenoble (in a heading), its answer does not. */
        {"Qui doit déneiger le trottoir à Grenoble ?", "out_of_scope"},
        /* The page says "bordeaux" in lower case: a colour, not the town. */
        {"Quel est le numéro de la mairie de Bordeaux pour un bac ?", "out_of_scope"},
        {"bonjour", "small_talk"},
        {"Merci beaucoup !", "small_talk"},
        {"?!", "small_talk"},
        {"xylophone quantique", "low_confidence"},
        /* A price asked that the page does not give. */
        {"Quel est le tarif pour déneiger un trottoir ?", "low_confidence"},
        /* ... even from the page about it, whose words the question has. */
        {"Combien coûte la collecte des encombrants ?", "low_confidence"},
        /* A page described as about something else (its title and headings
         * say none of the question's words), that names it in passing. */
        {"Comment joindre l'association des commerçants ?", "low_confidence"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_answer a;
        ask(cases[i].q, &a);
        if (!a.refused || !a.refusal_reason || strcmp(a.refusal_reason, cases[i].reason))
            fail_msg("\"%s\": refused %d reason %s, want %s", cases[i].q, a.refused,
                     a.refusal_reason ? a.refusal_reason : "-", cases[i].reason);
        assert_int_equal(a.nsources, 0);
        assert_int_equal(a.nunits, 0);
        assert_non_null(strstr(a.text, "Villebrune"));
        if (strcmp(cases[i].reason, "small_talk"))
            assert_non_null(strstr(a.text, "l'accueil de la mairie"));
        answer_free(&a);
    }
}

static size_t count_sentences(const char *t)
{
    return sentences_split(t, strlen(t), NULL, 0);
}

static void test_at_most_three_sentences(void **s)
{
    (void)s;
    static const char *const qs[] = {
        "horaires piscine lundi samedi dimanche tarifs adulte enfant",
        "listes électorales inscription pièce d'identité justificatif de domicile scrutin",
        "Quels sont les horaires de la piscine ?",
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        struct gc_answer a;
        ask(qs[i], &a);
        size_t n = count_sentences(a.text);
        if (n < 1 || n > 3)
            fail_msg("\"%s\" -> %zu sentences: \"%s\"", qs[i], n, a.text);
        assert_true(strlen(a.text) <= GC_ANSWER_MAX_BYTES + 256);
        answer_free(&a);
    }
}

static void same_answer(const struct gc_answer *x, const struct gc_answer *y)
{
    assert_string_equal(x->text, y->text);
    assert_int_equal(x->refused, y->refused);
    assert_true(x->confidence == y->confidence);
    assert_int_equal(x->nsources, y->nsources);
    for (int i = 0; i < x->nsources; i++)
        assert_string_equal(x->sources[i].id, y->sources[i].id);
    assert_int_equal(x->nranked, y->nranked);
    for (int i = 0; i < x->nranked; i++)
        assert_string_equal(x->ranked[i], y->ranked[i]);
}

static const char *const mix[] = {
    "Quels sont les horaires de la piscine le samedi ?",
    "Comment s'inscrire sur les listes électorales ?",
    "Qui doit déneiger le trottoir ?",
    "bonjour",
    "Quel temps fera-t-il demain ?",
    "pisine tarif enfant",
    "encombrants rendez-vous",
    "xylophone quantique",
};
#define NMIX (sizeof mix / sizeof mix[0])

static void test_deterministic(void **s)
{
    (void)s;
    for (size_t i = 0; i < NMIX; i++) {
        struct gc_answer a, b;
        ask(mix[i], &a);
        ask(mix[i], &b);
        same_answer(&a, &b);
        answer_free(&a);
        answer_free(&b);
    }
}

struct worker {
    struct gc_answer *ref;
    int failures;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (int round = 0; round < 25; round++)
        for (size_t i = 0; i < NMIX; i++) {
            size_t k = (i + (size_t)round) % NMIX; /* threads out of step */
            struct gc_answer a;
            struct gc_question q = {mix[k], strlen(mix[k]), "api", NULL};
            if (pipeline_ask(fx.p, &q, &a, NULL) != GC_OK || strcmp(a.text, w->ref[k].text) ||
                a.nsources != w->ref[k].nsources || a.confidence != w->ref[k].confidence ||
                (a.nsources && strcmp(a.sources[0].id, w->ref[k].sources[0].id)))
                w->failures++;
            answer_free(&a);
        }
    return NULL;
}

static void test_concurrent_asks(void **s)
{
    (void)s;
    struct gc_answer ref[NMIX];
    for (size_t i = 0; i < NMIX; i++)
        ask(mix[i], &ref[i]);
    pthread_t th[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){ref, 0};
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    for (size_t i = 0; i < NMIX; i++)
        answer_free(&ref[i]);
}

/* max-sentences is honoured; a missing database is an error. */
static void test_settings(void **s)
{
    (void)s;
    struct config *cfg = config_new();
    struct gc_err e = {0};
    struct pipeline *p = NULL;
    config_set(cfg, "db", fx.path, NULL);
    config_set(cfg, "max-sentences", "1", NULL);
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_OK);
    struct gc_question q = {mix[0], strlen(mix[0]), "cli", NULL};
    struct gc_answer a;
    assert_int_equal(pipeline_ask(p, &q, &a, &e), GC_OK);
    assert_false(a.refused);
    assert_int_equal(count_sentences(a.text), 1);
    answer_free(&a);
    pipeline_close(p);

    config_set(cfg, "db", "/nonexistent/guichet.db", NULL);
    p = (struct pipeline *)1;
    assert_int_equal(pipeline_open(&p, cfg, &e), GC_ERR_NOTFOUND);
    assert_null(p);
    config_free(cfg);
}

/* Ask q in conversation cid (NULL = none). */
static void ask_in(const char *cid, const char *q, struct gc_answer *a)
{
    struct gc_err e = {0};
    struct gc_question qq = {q, strlen(q), "web", cid};
    if (pipeline_ask(fx.p, &qq, a, &e))
        fail_msg("\"%s\": %s", q, e.msg);
}

static const char *first_source(const struct gc_answer *a)
{
    return a->nsources ? a->sources[0].id : "";
}

static void test_followups(void **s)
{
    (void)s;
    struct gc_answer a;
    /* Alone, "et le dimanche ?" finds the only page with "dimanche". */
    ask_in(NULL, "et le dimanche ?", &a);
    assert_string_equal(first_source(&a), "/piscine");
    assert_false(a.followup);
    assert_string_equal(a.conversation_id, "");
    answer_free(&a);
    /* After a question on the bulky waste, it stays on that topic. */
    ask_in("conv-1", "Quand sont collectés les encombrants ?", &a);
    assert_string_equal(first_source(&a), "/encombrants");
    assert_false(a.followup);
    assert_string_equal(a.conversation_id, "conv-1");
    answer_free(&a);
    ask_in("conv-1", "et le dimanche ?", &a);
    assert_string_equal(first_source(&a), "/encombrants");
    assert_true(a.followup);
    answer_free(&a);
    /* One content word without a marker is read in the topic too. */
    ask_in("conv-1", "dimanche ?", &a);
    assert_string_equal(first_source(&a), "/encombrants");
    assert_true(a.followup);
    answer_free(&a);
    /* A full question on another subject is answered on its own, and becomes
     * the new topic. */
    ask_in("conv-1", "Quels sont les tarifs de la piscine ?", &a);
    assert_string_equal(first_source(&a), "/piscine");
    assert_false(a.followup);
    answer_free(&a);
    ask_in("conv-1", "et le samedi ?", &a);
    assert_string_equal(first_source(&a), "/piscine");
    assert_true(a.followup);
    answer_free(&a);
    /* Small talk neither answers from the topic nor forgets it. */
    ask_in("conv-1", "merci", &a);
    assert_true(a.refused);
    assert_false(a.followup);
    answer_free(&a);
    ask_in("conv-1", "et le dimanche ?", &a);
    assert_string_equal(first_source(&a), "/piscine");
    assert_true(a.followup);
    answer_free(&a);
    /* Another conversation has its own topic. */
    ask_in("conv-2", "Qui doit déneiger le trottoir ?", &a);
    assert_string_equal(first_source(&a), "/deneigement");
    answer_free(&a);
    ask_in("conv-2", "et le dimanche ?", &a);
    assert_string_not_equal(first_source(&a), "/encombrants");
    answer_free(&a);
    ask_in("conv-1", "et le dimanche ?", &a);
    assert_string_equal(first_source(&a), "/piscine");
    answer_free(&a);
}

static void test_stats(void **s)
{
    (void)s;
    const struct generation *held = pipeline_hold(fx.p);
    const struct pipeline_stats *st = pipeline_stats(held);
    assert_int_equal(st->pages, 7);
    assert_int_equal(st->passages, 11);
    assert_string_equal(st->last_validated, "2026-09-14");
    assert_int_equal(st->nservices, 5);
    /* Sorted with accents ignored ("Élections" first, not after "Voirie"). */
    assert_string_equal(st->services[0].name, "Élections");
    assert_string_equal(st->services[1].name, "Propreté");
    assert_string_equal(st->services[2].name, "Sports");
    assert_string_equal(st->services[3].name, "Transports");
    assert_string_equal(st->services[4].name, "Voirie");
    assert_int_equal(st->services[2].pages, 1);
    assert_string_equal(st->services[2].last_validated, "2026-09-14");
    assert_string_equal(st->services[0].last_validated, "2026-05-02");
    pipeline_release(held);
    assert_string_equal(pipeline_town(fx.p), "Villebrune");
    assert_string_equal(pipeline_contact(fx.p), "l'accueil de la mairie");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded),
        cmocka_unit_test(test_answer_cites_its_source),
        cmocka_unit_test(test_drafts_never_used),
        cmocka_unit_test(test_invalid_questions),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_at_most_three_sentences),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_concurrent_asks),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_followups),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests_name("pipeline", tests, setup, teardown);
}
