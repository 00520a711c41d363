/* test_sms_session.c — the SMS conversation: keywords, number
 * normalisation, pseudonyms and their key file, composition and SUITE,
 * and whole exchanges through sms_session_handle() on a temporary database
 * (disclosure, what is recorded, STOP/START, OUBLIER, limits, bad input, no
 * phone number ever written to the database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "answer/pipeline.h"
#include "channels/api.h"
#include "channels/sms_session.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/messages.h"
#include "store/pages.h"
#include "testutil.h"
#include "util/file.h"
#include "util/limits.h"

#define TOWN "Villebrune"
#define PISCINE_URL "https://www.villebrune.example/sports/piscine"
#define CNI_URL "https://www.villebrune.example/demarches/carte-identite"
#define SALLE_URL "https://www.villebrune.example/associations/salle-des-fetes"

/* ------------------------------------------------------------ pure parts */

static void test_keywords(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        enum sms_keyword kw;
    } cases[] = {
        {"STOP", SMS_KW_STOP},           {"stop", SMS_KW_STOP},
        {"  Stop !", SMS_KW_STOP},        {"ARRÊT", SMS_KW_STOP},
        {"arret.", SMS_KW_STOP},          {"Stop SMS", SMS_KW_STOP},
        {"AIDE", SMS_KW_AIDE},           {"aide ?", SMS_KW_AIDE},
        {"Aïde", SMS_KW_AIDE},           {"HELP", SMS_KW_AIDE},
        {"START", SMS_KW_START},         {"start\n", SMS_KW_START},
        {"OUBLIER", SMS_KW_OUBLIER},     {"Oubliez-moi", SMS_KW_OUBLIER},
        {"SUITE", SMS_KW_SUITE},         {"suite svp", SMS_KW_SUITE},
        {"La suite...", SMS_KW_SUITE},   {"Suite", SMS_KW_SUITE},
        /* not keywords */
        {"", SMS_KW_NONE},               {"   ", SMS_KW_NONE},
        {"stop de bus", SMS_KW_NONE},    {"aide sociale", SMS_KW_NONE},
        {"oublie", SMS_KW_NONE},         {"la suite de la réunion", SMS_KW_NONE},
        {"horaires piscine", SMS_KW_NONE},
        {"STOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOPSTOP",
         SMS_KW_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sms_keyword_parse(cases[i].text, strlen(cases[i].text)) != cases[i].kw)
            fail_msg("'%s': keyword %d expected", cases[i].text, cases[i].kw);
}

static void test_normalize(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"+33612345678", "+33612345678"},   {"+33 6 12 34 56 78", "+33612345678"},
        {"06 12 34 56 78", "+33612345678"}, {"06.12.34.56.78", "+33612345678"},
        {"0033612345678", "+33612345678"},  {"(+33) 6-12-34-56-78", "+33612345678"},
        {"+1 415 555 0100", "+14155550100"}, {"36180", "36180"},
        {"612345678", "612345678"},         {"+262692123456", "+262692123456"},
    };
    static const char *const bad[] = {
        "", "12", "ORANGE", "+", "++33612345678", "0612345678x", "123456789012345678901",
        "06 12 34 56 78\n", "+33 6 12 34 56 78 +",
    };
    char out[SMS_NUMBER_MAX];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (sms_number_normalize(ok[i].in, strlen(ok[i].in), out))
            fail_msg("'%s' refused", ok[i].in);
        assert_string_equal(out, ok[i].out);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (sms_number_normalize(bad[i], strlen(bad[i]), out) != GC_ERR_INVALID)
            fail_msg("'%s' accepted as '%s'", bad[i], out);
}

static void test_pseudonym(void **state)
{
    (void)state;
    unsigned char k1[SMS_KEY_LEN], k2[SMS_KEY_LEN];
    memset(k1, 1, sizeof k1);
    memset(k2, 2, sizeof k2);
    char a[SMS_PSEUDONYM_HEX + 1], b[SMS_PSEUDONYM_HEX + 1], c[SMS_PSEUDONYM_HEX + 1];
    sms_pseudonym(k1, "+33612345678", a);
    sms_pseudonym(k1, "+33612345678", b);
    assert_int_equal(strlen(a), SMS_PSEUDONYM_HEX);
    assert_string_equal(a, b);                            /* stable */
    assert_null(strstr(a, "612345678"));
    sms_pseudonym(k2, "+33612345678", c);
    assert_string_not_equal(a, c);                        /* keyed */
    sms_pseudonym(k1, "+33612345679", c);
    assert_string_not_equal(a, c);                        /* per number */
    for (const char *p = a; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
}

static void test_key_file(void **state)
{
    (void)state;
    char dir[128], path[256];
    snprintf(dir, sizeof dir, "%s/guichet-key-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/sms.key", dir);
    unsigned char k1[SMS_KEY_LEN], k2[SMS_KEY_LEN], zero[SMS_KEY_LEN] = {0};
    struct gc_err e = {0};
    assert_int_equal(sms_key_load(path, k1, &e), GC_OK);   /* created */
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, SMS_KEY_LEN);
    assert_memory_not_equal(k1, zero, SMS_KEY_LEN);
    assert_int_equal(sms_key_load(path, k2, &e), GC_OK);   /* read back */
    assert_memory_equal(k1, k2, SMS_KEY_LEN);
    assert_int_equal(file_write_atomic(path, "short", 5, &e), GC_OK);
    assert_int_equal(sms_key_load(path, k2, &e), GC_ERR_IO);
    assert_non_null(strstr(e.msg, "not an SMS key file"));
    unlink(path);
    snprintf(path, sizeof path, "%s/missing-dir/sms.key", dir);
    assert_int_equal(sms_key_load(path, k2, &e), GC_ERR_IO);
    rmdir(dir);
}

static void test_compose(void **state)
{
    (void)state;
    struct buf msg, rest;
    struct sms_count c;
    struct gc_err e = {0};
    buf_init(&msg, SMS_REPLY_MAX_BYTES);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);

    /* Fits: prefix, text, url on their own lines, typography made GSM-7. */
    const char *t = "L’entrée coûte 4 € « adulte ».";
    assert_int_equal(sms_compose("Note.", t, strlen(t), PISCINE_URL, 2, &msg, &rest, &c, NULL, &e),
                     GC_OK);
    /* é is GSM-7, û is not; guillemets become straight quotes */
    assert_string_equal(buf_str(&msg), "Note.\nL'entrée coute 4 € \" adulte \".\n" PISCINE_URL);
    assert_int_equal(rest.len, 0);
    assert_int_equal(c.encoding, SMS_GSM7);
    assert_int_equal(c.parts, 1);

    /* Too long for 2 parts: cut at a sentence, suffix and url, rest kept. */
    char longt[2048] = "";
    size_t ll = 0;
    for (int i = 0; i < 8; i++)
        ll += (size_t)snprintf(longt + ll, sizeof longt - ll, "%s",
                               "La mairie est ouverte du lundi au vendredi de 8 h 30 à 17 h. ");
    buf_reset(&msg);
    assert_int_equal(sms_compose(NULL, longt, strlen(longt), CNI_URL, 2, &msg, &rest, &c, NULL, &e),
                     GC_OK);
    assert_int_equal(c.parts, 2);
    const char *end = "17 h.\nSUITE pour la suite. " CNI_URL;
    assert_true(msg.len > strlen(end));
    assert_string_equal(buf_str(&msg) + msg.len - strlen(end), end);
    assert_true(rest.len > 0);
    assert_int_equal(strncmp(buf_str(&rest), "La mairie", 9), 0);

    /* SUITE until the end: every part fits, the text is sent exactly once. */
    size_t sent = msg.len - strlen("\nSUITE pour la suite. " CNI_URL);
    int rounds = 0;
    while (rest.len) {
        char *r = buf_steal(&rest);
        buf_reset(&msg);
        assert_int_equal(sms_compose(NULL, r, strlen(r), NULL, 2, &msg, &rest, &c, NULL, &e), GC_OK);
        assert_true(c.parts <= 2);
        sent += rest.len ? msg.len - strlen(SMS_MORE_SUFFIX) : msg.len;
        free(r);
        assert_true(++rounds < 10);
    }
    assert_true(rounds >= 1);
    /* blanks between cut pieces are dropped, so at most one per cut */
    assert_true(sent + (size_t)rounds + 1 >= strlen(longt) - 1);

    /* One part only, with an emoji: UCS-2 counted, still cut. */
    buf_reset(&msg);
    const char *emo = "Bonjour 😀 ! La piscine est ouverte. Elle ferme à 20 h. Venez nombreux.";
    assert_int_equal(sms_compose(NULL, emo, strlen(emo), NULL, 1, &msg, &rest, &c, NULL, &e), GC_OK);
    assert_int_equal(c.encoding, SMS_UCS2);
    assert_int_equal(c.parts, 1);
    buf_free(&rest);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);

    /* Bad UTF-8, bad max_parts: errors, nothing appended. */
    buf_reset(&msg);
    assert_int_not_equal(sms_compose(NULL, "a\xff", 2, NULL, 2, &msg, &rest, &c, NULL, &e), GC_OK);
    assert_int_not_equal(sms_compose(NULL, longt, strlen(longt), NULL, 0, &msg, &rest, &c, NULL, &e),
                         GC_OK);
    assert_int_equal(msg.len, 0);
    assert_int_equal(rest.len, 0);
    buf_free(&msg);
    buf_free(&rest);
}

/* An answer built by hand: units are the pieces of `pieces`, one blank
 * between two, ranks and sources as given. */
struct hand {
    struct gc_answer a;
    char text[4096];
};

static void hand_answer(struct hand *h, const char *const *pieces, const int *ranks,
                        const int *sources, int n)
{
    static char u1[] = PISCINE_URL, u2[] = CNI_URL;
    memset(h, 0, sizeof *h);
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        if (len)
            h->text[len++] = ' ';
        h->a.units[i] = (struct gc_unit){len, strlen(pieces[i]), ranks[i], sources[i]};
        len += (size_t)snprintf(h->text + len, sizeof h->text - len, "%s", pieces[i]);
    }
    h->a.text = h->text;
    h->a.nunits = n;
    h->a.sources[0].url = u1;
    h->a.sources[1].url = u2;
    h->a.nsources = 2;
}

/* Pick for h with prefix into a string (static storage). */
static const char *pick(const struct hand *h, const char *prefix, struct sms_pick *pk)
{
    static char out[4096];
    struct buf b;
    struct gc_err e = {0};
    buf_init(&b, GC_SMS_TEXT_MAX_BYTES);
    assert_int_equal(sms_answer_pick(prefix, &h->a, 2, &b, pk, &e), GC_OK);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* What an SMS says of an answer: the best unit, then the next ones while
 * the message stays whole and cites one page. */
static void test_answer_pick(void **state)
{
    (void)state;
    struct hand h;
    struct sms_pick pk;
    char s100[101], s200[201];
    memset(s100, 'a', 99);
    s100[99] = '.';
    s100[100] = '\0';
    memset(s200, 'b', 199);
    s200[199] = '.';
    s200[200] = '\0';

    /* The best unit first in rank, the next ones added in rank order, said
     * in reading order. */
    const char *three[] = {"Premier.", "Deuxième.", "Troisième."};
    hand_answer(&h, three, (int[]){2, 0, 1}, (int[]){0, 0, 0}, 3);
    assert_string_equal(pick(&h, NULL, &pk), "Premier. Deuxième. Troisième.");
    assert_int_equal(pk.units, 3);
    assert_int_equal(pk.source, 0);

    /* The unit chosen second does not fit with the best one: the best one
     * alone (the third, which would fit, is not taken over the second). */
    const char *big[] = {s200, s200, "Court."};
    hand_answer(&h, big, (int[]){0, 1, 2}, (int[]){1, 1, 1}, 3);
    assert_string_equal(pick(&h, NULL, &pk), s200);
    assert_int_equal(pk.units, 1);
    assert_int_equal(pk.source, 1);

    /* A pair that fits 2 parts alone but not after the disclosure. */
    const char *pair[] = {s100, s100};
    hand_answer(&h, pair, (int[]){1, 0}, (int[]){0, 0}, 2);
    char both[256];
    snprintf(both, sizeof both, "%s %s", s100, s100);
    assert_string_equal(pick(&h, NULL, &pk), both);
    assert_int_equal(pk.units, 2);
    char prefix[120];
    memset(prefix, 'p', 99);
    prefix[99] = '\0';
    assert_string_equal(pick(&h, prefix, &pk), s100);
    assert_int_equal(pk.units, 1);

    /* The next unit comes from another page: the SMS cites one page, the
     * best unit's (the second source here). */
    const char *two[] = {"Sur la piscine.", "Sur la carte."};
    hand_answer(&h, two, (int[]){1, 0}, (int[]){0, 1}, 2);
    assert_string_equal(pick(&h, NULL, &pk), "Sur la carte.");
    assert_int_equal(pk.source, 1);

    /* A best unit too long for 2 parts: alone (sms_compose cuts it). */
    char longu[1200];
    size_t k = 0;
    while (k < 600)
        k += (size_t)snprintf(longu + k, sizeof longu - k, "un article ; ");
    snprintf(longu + k, sizeof longu - k, "fin.");
    const char *lg[] = {"Avant.", longu};
    hand_answer(&h, lg, (int[]){1, 0}, (int[]){0, 0}, 2);
    assert_string_equal(pick(&h, NULL, &pk), longu);
    assert_int_equal(pk.units, 1);

    /* No units (a refusal, a computed or a model's answer): said whole,
     * citing the first source if any. */
    hand_answer(&h, three, (int[]){0, 1, 2}, (int[]){0, 0, 0}, 3);
    h.a.nunits = 0;
    assert_string_equal(pick(&h, NULL, &pk), "Premier. Deuxième. Troisième.");
    assert_int_equal(pk.units, 0);
    assert_int_equal(pk.source, 0);
    h.a.nsources = 0;
    pick(&h, NULL, &pk);
    assert_int_equal(pk.source, -1);
}

/* ------------------------------------------------------ whole exchanges */

struct fx {
    char path[256];
    char xpath[300];   /* the exchanges file beside it */
    char key[300];
    struct config *cfg;
    struct pipeline *p;
    struct messages *m;
    struct api *api;
    struct sms_session *s;
};

static struct fx fx;

static const char *const long_cni =
    "Pour refaire une carte nationale d'identité, prenez rendez-vous en ligne sur le site de la "
    "mairie ou par téléphone auprès du service État civil, du lundi au vendredi. "
    "Apportez une photo d'identité de moins de six mois, un justificatif de domicile récent et "
    "l'ancienne carte nationale d'identité, même périmée. "
    "La carte nationale d'identité est gratuite, sauf en cas de perte ou de vol : il faut alors "
    "un timbre fiscal de vingt-cinq euros, acheté en ligne ou dans un bureau de tabac.";

/* A list whose lead and items make one unit too long for 2 parts. */
static const char *const salle_list =
    "Pour louer la salle des fêtes, apportez :\n"
    "- le formulaire de réservation rempli et signé par l'organisateur ;\n"
    "- une attestation d'assurance responsabilité civile au nom de l'organisateur, valable le "
    "jour de la location ;\n"
    "- un justificatif de domicile de moins de trois mois ;\n"
    "- un chèque de caution de cinq cents euros à l'ordre du Trésor public ;\n"
    "- le règlement intérieur de la salle, daté et signé ;\n"
    "- la liste des bénévoles chargés de la sécurité pendant la soirée.";

static void build_db(const char *path)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    struct passage_rec p1[] = {{"Horaires", "La piscine municipale est ouverte du lundi au "
                                            "vendredi de 12 h à 14 h et de 17 h à 20 h."}};
    struct passage_rec p2[] = {{"", (char *)long_cni}};
    struct passage_rec p3[] = {{"Location", (char *)salle_list}};
    struct page_rec pages[] = {
        {.ext_id = PISCINE_URL, .title = "Piscine municipale", .url = PISCINE_URL,
         .service = "Sports", .status = "validated", .validated_by = "Claire Martin",
         .validated_on = "2026-09-14", .body = p1[0].text, .source = "test", .passages = p1,
         .npassages = 1},
        {.ext_id = CNI_URL, .title = "Carte nationale d'identité", .url = CNI_URL,
         .service = "État civil", .status = "validated", .validated_by = "Paul Roux",
         .validated_on = "2026-05-02", .body = (char *)long_cni, .source = "test",
         .passages = p2, .npassages = 1},
        {.ext_id = SALLE_URL, .title = "Salle des fêtes", .url = SALLE_URL,
         .service = "Vie associative", .status = "validated", .validated_by = "Paul Roux",
         .validated_on = "2026-05-02", .body = (char *)salle_list, .source = "test",
         .passages = p3, .npassages = 1},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        enum store_put res;
        if (store_page_put(db, &pages[i], &res, &e))
            fail_msg("%s", e.msg);
    }
    assert_int_equal(db_commit(db, &e), GC_OK);
    db_close(db);
}

static int open_session(const char *rate, const char *cap)
{
    struct gc_err e = {0};
    sms_session_close(fx.s);
    fx.s = NULL;
    config_set(fx.cfg, "sms-rate-per-hour", rate, NULL);
    config_set(fx.cfg, "sms-daily-cap", cap, NULL);
    if (sms_session_open(&fx.s, fx.api, fx.cfg, &e)) {
        fprintf(stderr, "sms_session_open: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int setup(void **state)
{
    struct gc_err e = {0};
    (void)state;
    if (tmp_file(fx.path, sizeof fx.path, "sms"))
        return -1;
    build_db(fx.path);
    snprintf(fx.key, sizeof fx.key, "%s.key", fx.path);
    fx.cfg = config_new();
    config_set(fx.cfg, "db", fx.path, NULL);
    config_set(fx.cfg, "town-name", TOWN, NULL);
    config_set(fx.cfg, "contact", "l'accueil de la mairie", NULL);
    config_set(fx.cfg, "sms-key-file", fx.key, NULL);
    if (exchanges_path_of(fx.path, fx.xpath, sizeof fx.xpath) ||
        pipeline_open(&fx.p, fx.cfg, &e) || messages_open(&fx.m, fx.xpath, 30, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return -1;
    }
    fx.api = api_new(fx.p);
    api_set_messages(fx.api, fx.m);
    return open_session("20", "1000");
}

static int teardown(void **state)
{
    (void)state;
    sms_session_close(fx.s);
    sms_session_close(NULL);
    api_free(fx.api);
    messages_close(fx.m);
    pipeline_close(fx.p);
    config_free(fx.cfg);
    tmp_db_remove(fx.path);
    tmp_db_remove(fx.xpath);
    unlink(fx.key);
    return 0;
}

/* Send text from number; returns the reply (static storage). */
static const char *sms_full(const char *from, const char *text, size_t len,
                            enum sms_problem pb, struct sms_count *count)
{
    static char out[SMS_REPLY_MAX_BYTES + 1];
    struct sms_reply r;
    struct gc_err e = {0};
    struct sms_inbound in = {"test", from, strlen(from), text, len, pb, NULL};
    sms_reply_init(&r);
    if (sms_session_handle(fx.s, &in, &r, &e))
        fail_msg("handle '%s': %s", text, e.msg);
    snprintf(out, sizeof out, "%s", buf_str(&r.text));
    if (count)
        *count = r.count;
    sms_reply_free(&r);
    return out;
}

static const char *sms(const char *from, const char *text)
{
    return sms_full(from, text, strlen(text), SMS_IN_OK, NULL);
}

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

#define DISCLOSURE "Assistant automatique de " TOWN " : réponses tirées des pages validées de la commune.\n"

/* The first column of the first row of sql, ?1 bound to the pseudonym of
 * number, once every exchange recorded so far is written. */
static long count_rows(const char *sql, const char *number)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    unsigned char key[SMS_KEY_LEN];
    char norm[SMS_NUMBER_MAX], pseudo[SMS_PSEUDONYM_HEX + 1];
    struct gc_err e = {0};
    assert_int_equal(sms_key_load(fx.key, key, &e), GC_OK);
    assert_int_equal(sms_number_normalize(number, strlen(number), norm), GC_OK);
    sms_pseudonym(key, norm, pseudo);
    messages_flush(fx.m);
    assert_int_equal(sqlite3_open_v2(fx.xpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st))
        sqlite3_bind_text(st, 1, pseudo, -1, SQLITE_STATIC);
    long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void test_first_reply_discloses(void **state)
{
    (void)state;
    const char *r = sms("+33600000001", "horaires piscine");
    assert_true(starts(r, DISCLOSURE "La piscine municipale est ouverte"));
    assert_non_null(strstr(r, "\n" PISCINE_URL));
    r = sms("06 00 00 00 01", "horaires de la piscine ?");   /* same person */
    assert_true(starts(r, "La piscine municipale est ouverte"));
    assert_int_equal(count_rows("SELECT disclosed FROM sms_numbers WHERE pseudonym = ?1",
                                "+33600000001"), 1);
}

/* The web answer (3 sentences) needs SUITE by SMS; the SMS says its best
 * sentences that fit, whole, with the page address, and keeps them as the
 * answer given. */
static void test_best_units(void **state)
{
    (void)state;
    struct sms_count c;
    struct gc_answer a;
    struct gc_err e = {0};
    const char *from = "+33600000012";
    struct gc_question q = {"refaire carte identite", 22, "web", NULL};
    assert_int_equal(pipeline_ask(fx.p, &q, &a, &e), GC_OK);
    assert_int_equal(a.nunits, 3);
    assert_string_equal(a.text, long_cni);
    answer_free(&a);

    sms(from, "AIDE");                                   /* disclosure spent on AIDE */
    const char *r = sms_full(from, "refaire carte identite", 22, SMS_IN_OK, &c);
    assert_true(c.parts <= 2);
    assert_true(starts(r, "Pour refaire une carte nationale d'identité, prenez rendez-vous"));
    assert_null(strstr(r, "SUITE"));
    assert_null(strstr(r, "timbre fiscal"));            /* the sentence left out */
    const char *end = "\n" CNI_URL;
    assert_string_equal(r + strlen(r) - strlen(end), end);
    /* Every sentence said is the page's, whole. */
    char said[SMS_REPLY_MAX_BYTES + 1];
    snprintf(said, sizeof said, "%.*s", (int)(strlen(r) - strlen(end)), r);
    assert_non_null(strstr(long_cni, said));
    assert_true(starts(sms(from, "SUITE"), "Il n'y a pas de suite en attente"));
    /* Stored: what the SMS said, and the one page it cites. */
    assert_int_equal(count_rows("SELECT count(*) FROM exchanges m WHERE "
                                "m.conversation_id = 'sms-' || ?1 AND m.channel = 'sms' AND "
                                "m.answer LIKE 'Pour refaire une carte%' AND "
                                "m.answer NOT LIKE '%timbre fiscal%' AND "
                                "m.sources = '[\"" CNI_URL "\"]'", from), 1);
}

/* SMS exchanges are recorded with every channel's (store/messages.h), so
 * that an exchange of another channel queued meanwhile keeps its id. */
static void test_recorded_with_other_channels(void **state)
{
    (void)state;
    struct messages_counts before, after;
    messages_flush(fx.m);
    messages_counts(fx.m, &before);
    struct message_rec web = {.conversation_id = "web-1", .channel = "web",
                              .question = "piscine", .question_len = 7, .answer = "x"};
    long long id = messages_record(fx.m, &web);   /* queued, not written yet */
    assert_true(id > 0);
    assert_true(starts(sms("+33600000013", "horaires piscine"), DISCLOSURE));
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE id = %lld AND "
             "channel = 'web' AND ?1 <> ''", id);
    assert_int_equal(count_rows(sql, "+33600000013"), 1);
    assert_int_equal(count_rows("SELECT count(*) FROM messages WHERE "
                                "conversation_id = 'sms-' || ?1", "+33600000013"), 1);
    messages_counts(fx.m, &after);
    assert_int_equal(after.written - before.written, 2);
    assert_int_equal(after.dropped, before.dropped);
}

/* A best unit too long for 2 parts (a list): cut between two items, the
 * rest on SUITE, to its last item. */
static void test_suite(void **state)
{
    (void)state;
    struct sms_count c;
    const char *from = "+33600000002";
    sms(from, "AIDE");                                   /* disclosure spent on AIDE */
    const char *r = sms_full(from, "louer la salle des fetes", 24, SMS_IN_OK, &c);
    assert_int_equal(c.parts, 2);
    assert_true(starts(r, "Pour louer la salle des fetes, apportez : le formulaire"));   /* ê: GSM-7 e */
    const char *end = " ;\nSUITE pour la suite. " SALLE_URL;
    assert_string_equal(r + strlen(r) - strlen(end), end);   /* after an item */
    char first[SMS_REPLY_MAX_BYTES + 1];
    snprintf(first, sizeof first, "%s", r);
    r = sms(from, "suite");
    assert_false(starts(r, "Il n'y a pas de suite"));
    assert_null(strstr(first, r));                       /* new text, not a repeat */
    int guard = 0;
    while (!strstr(r, "bénévoles chargés de la sécurité") && guard++ < 5)
        r = sms(from, "SUITE");
    assert_non_null(strstr(r, "pendant la soirée."));
    r = sms(from, "SUITE");
    assert_true(starts(r, "Il n'y a pas de suite en attente"));
    /* A new question replaces what was pending. */
    sms(from, "louer la salle des fetes");
    sms(from, "horaires piscine");
    r = sms(from, "SUITE");
    assert_true(starts(r, "Il n'y a pas de suite en attente"));
}

static void test_stop_start(void **state)
{
    (void)state;
    const char *from = "+33600000003";
    const char *r = sms(from, "STOP");
    assert_true(starts(r, DISCLOSURE "Vous ne recevrez plus de SMS"));
    assert_string_equal(sms(from, "horaires piscine"), "");
    assert_string_equal(sms(from, "STOP"), "");          /* confirmed once */
    assert_string_equal(sms(from, "AIDE"), "");
    assert_string_equal(sms(from, "SUITE"), "");
    assert_int_equal(count_rows("SELECT stopped FROM sms_numbers WHERE pseudonym = ?1", from), 1);
    r = sms(from, "Start");
    assert_true(starts(r, "Le service est réactivé"));
    r = sms(from, "horaires piscine");
    assert_true(starts(r, "La piscine municipale"));
    r = sms(from, "START");                              /* already active */
    assert_true(starts(r, "Le service est actif"));
}

static void test_oublier(void **state)
{
    (void)state;
    const char *from = "+33600000004";
    sms(from, "horaires piscine");
    sms(from, "refaire carte identite");
    const char *msgs = "SELECT count(*) FROM messages WHERE conversation_id = 'sms-' || ?1";
    const char *num = "SELECT count(*) FROM sms_numbers WHERE pseudonym = ?1";
    assert_int_equal(count_rows(msgs, from), 2);
    assert_int_equal(count_rows(num, from), 1);
    /* A reply of a language model is the number's alone (never shared:
     * store/messages.c), the town's are everyone's. */
    unsigned char key[SMS_KEY_LEN];
    char norm[SMS_NUMBER_MAX], pseudo[SMS_PSEUDONYM_HEX + 1], conv[8 + SMS_PSEUDONYM_HEX];
    struct gc_err e = {0};
    assert_int_equal(sms_key_load(fx.key, key, &e), GC_OK);
    assert_int_equal(sms_number_normalize(from, strlen(from), norm), GC_OK);
    sms_pseudonym(key, norm, pseudo);
    snprintf(conv, sizeof conv, "sms-%s", pseudo);
    struct message_rec gen = {.conversation_id = conv, .channel = "sms", .question = "q",
                              .question_len = 1, .answer = "Bonjour Jeanne, la piscine...",
                              .path = "llm-local"};
    assert_true(messages_record(fx.m, &gen) > 0);
    const char *own = "SELECT count(*) FROM replies WHERE answer LIKE 'Bonjour Jeanne%'";
    const char *town = "SELECT count(*) FROM replies WHERE answer LIKE 'La piscine%'";
    assert_int_equal(count_rows(own, from), 1);
    assert_int_equal(count_rows(town, from), 1);
    const char *r = sms(from, "Oublier");
    assert_true(starts(r, "C'est fait"));
    assert_int_equal(count_rows(msgs, from), 0);
    assert_int_equal(count_rows(num, from), 0);
    assert_int_equal(count_rows(own, from), 0);
    assert_int_equal(count_rows(town, from), 1);
    /* A stranger again: the next reply discloses again. */
    r = sms(from, "horaires piscine");
    assert_true(starts(r, DISCLOSURE));
    /* At once after a question, whose record may still be queued. */
    sms(from, "horaires piscine");
    assert_true(starts(sms(from, "OUBLIER"), "C'est fait"));
    assert_int_equal(count_rows(msgs, from), 0);
    /* OUBLIER while stopped: carried out, silently. */
    sms(from, "horaires piscine");
    sms(from, "STOP");
    assert_string_equal(sms(from, "OUBLIER"), "");
    assert_int_equal(count_rows(num, from), 0);
    assert_int_equal(count_rows(msgs, from), 0);
}

static void test_bad_input(void **state)
{
    (void)state;
    const char *from = "+33600000005";
    sms(from, "AIDE");
    assert_true(starts(sms(from, ""), "Votre message est vide"));
    assert_true(starts(sms(from, " \n "), "Votre message est vide"));
    assert_true(starts(sms_full(from, "", 0, SMS_IN_BINARY, NULL), "Ce service ne lit que"));
    assert_true(starts(sms_full(from, "", 0, SMS_IN_UNREADABLE, NULL), "Votre message n'a pas"));
    assert_true(starts(sms_full(from, "", 0, SMS_IN_TOOLONG, NULL), "Votre message est trop long"));
    char big[GC_QUESTION_MAX_CHARS + 20];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_true(starts(sms(from, big), "Votre message est trop long"));
    assert_true(starts(sms(from, "bonjour\x01"), "Votre message n'a pas"));

    struct sms_reply r;
    struct gc_err e = {0};
    sms_reply_init(&r);
    const char *bad[] = {"", "ORANGE", "12", "+33 6 12 34 56 78 90 12 34 56 78 90"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct sms_inbound in = {"test", bad[i], strlen(bad[i]), "AIDE", 4, SMS_IN_OK, NULL};
        assert_int_equal(sms_session_handle(fx.s, &in, &r, &e), GC_ERR_INVALID);
        assert_int_equal(r.text.len, 0);
    }
    sms_reply_free(&r);
}

static void test_rate_limit(void **state)
{
    (void)state;
    assert_int_equal(open_session("3", "1000"), 0);
    const char *from = "+33600000006";
    for (int i = 0; i < 3; i++)
        assert_true(strlen(sms(from, "horaires piscine")) > 0);
    const char *r = sms(from, "horaires piscine");
    assert_true(starts(r, "Vous avez envoyé beaucoup de messages"));
    assert_string_equal(sms(from, "horaires piscine"), "");    /* once, then silence */
    assert_string_equal(sms(from, "AIDE"), "");
    /* STOP is carried out past the limit, silently. */
    assert_string_equal(sms(from, "STOP"), "");
    assert_int_equal(count_rows("SELECT stopped FROM sms_numbers WHERE pseudonym = ?1", from), 1);
    /* Another number is not affected. */
    assert_true(strlen(sms("+33600000016", "horaires piscine")) > 0);
    assert_int_equal(open_session("20", "1000"), 0);
}

static void test_daily_cap(void **state)
{
    (void)state;
    /* The count survives the session (it is in the database): start from
     * what earlier tests answered today, and allow two more. */
    sqlite3 *h;
    sqlite3_stmt *st;
    long done = 0;
    assert_int_equal(sqlite3_open_v2(fx.xpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'sms.daily'", -1,
                                        &st, NULL), SQLITE_OK);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    long today = (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        char *sp = NULL;
        long day = strtol(v, &sp, 10);
        /* "YYYYMMDD COUNT"; a count of another day (midnight passed during
         * the run) does not count. */
        done = day == today && sp && *sp == ' ' ? strtol(sp + 1, NULL, 10) : 0;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    assert_true(done >= 0);
    char cap[32];
    snprintf(cap, sizeof cap, "%ld", done + 2);
    assert_int_equal(open_session("20", cap), 0);
    assert_true(strlen(sms("+33600000007", "horaires piscine")) > 0);
    assert_true(strlen(sms("+33600000007", "horaires piscine")) > 0);
    const char *r = sms("+33600000007", "horaires piscine");
    assert_true(starts(r, "Le service SMS de " TOWN " a atteint sa limite"));
    assert_non_null(strstr(r, "l'accueil de la mairie"));
    assert_string_equal(sms("+33600000007", "horaires piscine"), "");
    r = sms("+33600000008", "horaires piscine");             /* each number told once */
    assert_non_null(strstr(r, "a atteint sa limite"));
    assert_string_equal(sms("+33600000008", "horaires piscine"), "");
    assert_int_equal(open_session("20", "0"), 0);              /* 0 = no cap */
    assert_true(strlen(sms("+33600000008", "horaires piscine")) > 0);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            return true;
    return false;
}

/* Nothing in the database (file and WAL) spells a number that texted; the
 * stored question is scrubbed. */
static void test_no_number_stored(void **state)
{
    (void)state;
    sms("+33600000009", "mon numero est le 06 11 22 33 44, horaires piscine ?");
    messages_flush(fx.m);                    /* the exchange in the files */
    sms_session_close(fx.s);
    fx.s = NULL;
    const char *files[] = {"", "-wal"};
    for (size_t i = 0; i < 4; i++) {
        char p[340];
        char *data = NULL;
        size_t len = 0;
        snprintf(p, sizeof p, "%s%s", i < 2 ? fx.path : fx.xpath, files[i % 2]);
        if (file_read(p, 64 * 1024 * 1024, &data, &len, NULL))
            continue;
        const char *needles[] = {"600000001", "600000003", "600000009", "11 22 33 44",
                                 "0611223344"};
        for (size_t j = 0; j < sizeof needles / sizeof needles[0]; j++)
            if (contains(data, len, needles[j]))
                fail_msg("%s holds '%s'", p, needles[j]);
        free(data);
    }
    assert_int_equal(count_rows("SELECT count(*) FROM messages WHERE question LIKE "
                                "'mon numero est le [téléphone], horaires piscine ?' AND "
                                "conversation_id = 'sms-' || ?1",
                                "+33600000009"), 1);
    assert_int_equal(open_session("20", "1000"), 0);
}

/* A town's name as long as the settings allow still comes whole in the
 * first reply (it was dropped past ~430 bytes; the settings now refuse a
 * name over GC_TOWN_NAME_MAX). */
static void test_long_town_name_disclosed(void **state)
{
    (void)state;
    static const char town[] = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson-sur-Marne-le-Lac";
    assert_true(sizeof town - 1 <= GC_TOWN_NAME_MAX);
    struct gc_err e = {0};
    char over[GC_TOWN_NAME_MAX + 2];
    memset(over, 'x', sizeof over - 1);
    over[sizeof over - 1] = '\0';
    assert_int_equal(config_set(fx.cfg, "town-name", over, &e), GC_ERR_TOOBIG);
    assert_int_equal(config_set(fx.cfg, "town-name", town, &e), GC_OK);
    assert_int_equal(open_session("20", "1000"), 0);
    const char *r = sms("+33600000031", "horaires piscine");
    assert_true(starts(r, "Assistant automatique de Saint-Rémy-en-Bouzemont-Saint-Genest-et-"
                          "Isson-sur-Marne-le-Lac : réponses tirées des pages validées de la "
                          "commune.\n"));
    assert_int_equal(count_rows("SELECT disclosed FROM sms_numbers WHERE pseudonym = ?1",
                                "+33600000031"), 1);
    config_set(fx.cfg, "town-name", TOWN, NULL);
    assert_int_equal(open_session("20", "1000"), 0);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_pseudonym),
        cmocka_unit_test(test_key_file),
        cmocka_unit_test(test_compose),
        cmocka_unit_test(test_answer_pick),
    };
    const struct CMUnitTest flow[] = {
        cmocka_unit_test(test_first_reply_discloses),
        cmocka_unit_test(test_best_units),
        cmocka_unit_test(test_recorded_with_other_channels),
        cmocka_unit_test(test_suite),
        cmocka_unit_test(test_stop_start),
        cmocka_unit_test(test_oublier),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_daily_cap),
        cmocka_unit_test(test_no_number_stored),
        cmocka_unit_test(test_long_town_name_disclosed),
    };
    int failed = cmocka_run_group_tests_name("sms_session", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("sms_session exchanges", flow, setup, teardown);
    return failed;
}
