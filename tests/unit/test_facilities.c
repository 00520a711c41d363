/* test_facilities.c — the facilities file (checks and error messages),
 * finding a facility named in a question, its hours with closures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import/facilities.h"
#include "knowledge/facilities.h"
#include "text/analyze.h"

static const char good[] =
    "[\n"
    " {\"id\": \"piscine\", \"name\": \"Centre aquatique des Tilleuls\",\n"
    "  \"aliases\": [\"piscine\", \"centre aquatique\", \"piscine des Tilleuls\"],\n"
    "  \"url\": \"https://x.example/piscine\", \"service\": \"Sports\",\n"
    "  \"opening_hours\": \"Sep-Jun Mo,Tu,Th 12:00-13:45,17:00-20:00; Sep-Jun Fr 12:00-13:45,17:00-22:00; "
    "Sep-Jun Sa 10:00-18:00; Sep-Jun Su 09:00-13:00; Jul-Aug Mo-Su 10:00-19:30; PH off\",\n"
    "  \"closures\": [{\"from\": \"2027-01-04\", \"to\": \"2027-01-17\", \"reason\": \"vidange annuelle\"}],\n"
    "  \"status\": \"validated\", \"validated_by\": \"O. Lambert\", \"validated_on\": \"2026-10-02\"},\n"
    " {\"id\": \"mairie\", \"name\": \"Hôtel de ville de Villebrune\", \"aliases\": [\"mairie\", \"hôtel de ville\"],\n"
    "  \"opening_hours\": \"Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off\",\n"
    "  \"closures\": [{\"from\": \"2026-12-26\", \"reason\": \"fermeture exceptionnelle\"}],\n"
    "  \"status\": \"validated\", \"validated_by\": \"S. Morel\", \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"annexe\", \"name\": \"Mairie annexe des Coteaux\", \"aliases\": [\"annexe des Coteaux\", \"mairie annexe Coteaux\"],\n"
    "  \"opening_hours\": \"Tu-Fr 09:00-12:00\", \"status\": \"validated\", \"validated_by\": \"S. Morel\",\n"
    "  \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"media\", \"name\": \"Médiathèque Louise-Michel\", \"aliases\": [\"médiathèque\", \"bibliothèque\"],\n"
    "  \"opening_hours\": \"Tu-Sa 10:00-18:00\", \"status\": \"validated\", \"validated_by\": \"H. Caron\",\n"
    "  \"validated_on\": \"2026-09-28\"},\n"
    " {\"id\": \"c1\", \"name\": \"Crèche Les Petits Pas\", \"status\": \"validated\", \"validated_by\": \"M\",\n"
    "  \"validated_on\": \"2026-09-25\", \"opening_hours\": \"Mo-Fr 07:30-18:30\"},\n"
    " {\"id\": \"c2\", \"name\": \"Crèche La Ribambelle\", \"aliases\": [\"Ribambelle\"], \"status\": \"validated\",\n"
    "  \"validated_by\": \"M\", \"validated_on\": \"2026-09-25\", \"opening_hours\": \"Mo-Fr 07:30-18:30\"},\n"
    " {\"id\": \"flocons\", \"name\": \"Multi-accueil Les Flocons\", \"aliases\": [\"micro-crèche\", \"Flocons\"],\n"
    "  \"status\": \"validated\", \"validated_by\": \"M\", \"validated_on\": \"2026-09-25\",\n"
    "  \"opening_hours\": \"Mo-Fr 07:45-18:30\"},\n"
    " {\"id\": \"bar\", \"name\": \"Bar de nuit\", \"aliases\": [\"PM\"], \"status\": \"validated\",\n"
    "  \"validated_by\": \"M\", \"validated_on\": \"2026-09-25\", \"opening_hours\": \"Fr 22:00-02:00\"},\n"
    " {\"id\": \"brouillon\", \"name\": \"Patinoire\", \"status\": \"draft\"}\n"
    "]\n";

static void test_parse_good(void **state)
{
    (void)state;
    struct facility_rec *v;
    int n;
    struct gc_err e = {0};
    if (facilities_parse("dir/f.json", good, strlen(good), &v, &n, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(n, 9);
    assert_string_equal(v[0].ext_id, "piscine");
    assert_int_equal(v[0].naliases, 3);
    assert_int_equal(v[0].nclosures, 1);
    assert_string_equal(v[0].closures[0].reason, "vidange annuelle");
    assert_string_equal(v[0].source, "f.json");
    /* "to" defaults to "from". */
    assert_string_equal(v[1].closures[0].to, "2026-12-26");
    assert_string_equal(v[8].status, "draft");
    assert_string_equal(v[8].opening_hours, "");
    facility_recs_free(v, n);
}

/* One facility with a field replaced: the error must say this. */
static void check_bad(const char *json, const char *want1, const char *want2)
{
    struct facility_rec *v = NULL;
    int n = 0;
    struct gc_err e = {0};
    enum gc_rc rc = facilities_parse("bad.json", json, strlen(json), &v, &n, &e);
    if (rc == GC_OK)
        fail_msg("accepted: %s", json);
    assert_null(v);
    if (!strstr(e.msg, want1) || (want2 && !strstr(e.msg, want2)))
        fail_msg("message '%s' lacks '%s' / '%s'", e.msg, want1, want2 ? want2 : "");
    assert_non_null(strstr(e.msg, "bad.json"));
}

#define F(extra)                                                                            \
    "[{\"id\": \"x\", \"name\": \"X\", \"status\": \"validated\", \"validated_by\": \"A\", " \
    "\"validated_on\": \"2026-01-01\"" extra "}]"

static void test_parse_errors(void **state)
{
    (void)state;
    check_bad(F(", \"opening_hours\": \"Mo-Fr 10:00-1x:00\""), "facility 'x'",
              "at 12: expected");
    check_bad(F(", \"opening_hours\": \"Mo-Fr sunrise-sunset\""), "facility 'x'", "sunrise");
    check_bad(F(", \"opening_hours\": \"Mo-Fx 10:00-12:00\""), "invalid opening_hours", "at 3");
    check_bad(F(", \"opening_hour\": \"Mo-Fr 10:00-12:00\""), "unknown key \"opening_hour\"", NULL);
    check_bad(F(", \"closures\": [{\"from\": \"2026-02-30\"}]"), "closure 1", "not a date");
    check_bad(F(", \"closures\": [{\"from\": \"2026-03-02\", \"to\": \"2026-03-01\"}]"),
              "closure 1", "before it starts");
    check_bad(F(", \"closures\": [{\"from\": \"2026-03-02\", \"why\": \"x\"}]"), "closure 1",
              "unknown key \"why\"");
    check_bad(F(", \"closures\": \"2026-03-02\""), "facility 'x'", "closures");
    check_bad(F(", \"aliases\": \"piscine\""), "facility 'x'", "array of strings");
    check_bad(F(", \"aliases\": [\"\"]"), "facility 'x'", "non-empty");
    check_bad(F(", \"url\": \"ftp://x\""), "facility 'x'", "url");
    check_bad(F(", \"article\": \"les\""), "facility 'x'", "\"article\" must be");
    check_bad("[{\"id\": \"x\", \"name\": \"X\", \"status\": \"validated\"}]", "facility 'x'",
              "validated_by");
    check_bad("[{\"id\": \"x\", \"name\": \"X\", \"status\": \"publié\"}]", "status", NULL);
    check_bad("[{\"name\": \"X\", \"status\": \"draft\"}]", "facility #1", "missing \"id\"");
    check_bad("[{\"id\": \"x\", \"status\": \"draft\"}]", "facility 'x'", "missing \"name\"");
    check_bad("[{\"id\": \"x\", \"name\": \"X\", \"status\": \"draft\"}, "
              "{\"id\": \"x\", \"name\": \"Y\", \"status\": \"draft\"}]",
              "facility 'x' is listed twice", NULL);
    check_bad("{\"id\": \"x\"}", "must be a JSON array", NULL);
    check_bad("[1]", "facility #1", "not a JSON object");
    check_bad("[\n{\"id\": \"x\",\n\"name\": }]", "bad.json:3", "not valid JSON");
}

static struct facilities *from_json(const char *json)
{
    struct facility_rec *v;
    int n;
    struct gc_err e = {0};
    assert_int_equal(facilities_parse("f.json", json, strlen(json), &v, &n, &e), GC_OK);
    struct facilities *fs = facilities_new();
    for (int i = 0; i < n; i++) {
        enum gc_rc rc = facilities_add(fs, &v[i], &e);
        assert_int_equal(rc, !strcmp(v[i].status, "draft") ? GC_ERR_INVALID : GC_OK);
    }
    facilities_finish(fs);
    facility_recs_free(v, n);
    return fs;
}

static struct facilities *build(void)
{
    return from_json(good);
}

static void test_match(void **state)
{
    (void)state;
    struct facilities *fs = build();
    assert_int_equal(facilities_count(fs), 8);
    /* span: the words found as the facility's mention, when checked: two
     * of its names side by side, or with an article between, are one
     * mention, and the second no other topic of the question. */
    static const struct {
        const char *q, *id, *name;
        int typos;
        const char *span;
    } cases[] = {
        {"La piscine est-elle ouverte dimanche ?", "piscine", "piscine", 0, NULL},
        {"la pisine est ouverte ?", "piscine", "piscine", 1, NULL},
        {"horaires des piscines", "piscine", "piscine", 0, NULL},
        {"le centre aquatique ferme à quelle heure", "piscine", "centre aquatique", 0, NULL},
        {"horaires du centre aquatique des tilleuls", "piscine", "Centre aquatique des Tilleuls", 0, NULL},
        {"la piscine des tilleuls", "piscine", "piscine des Tilleuls", 0, NULL},
        {"mediatheque ouverte le samedi ?", "media", "médiathèque", 0, NULL},
        {"horaires de la mediateque", "media", "médiathèque", 1, NULL},
        {"la bibliotheque", "media", "bibliothèque", 0, NULL},
        {"horaires de la mairie", "mairie", "mairie", 0, NULL},
        {"l'hôtel de ville est ouvert ?", "mairie", "hôtel de ville", 0, NULL},
        {"horaires de la mairie annexe des Coteaux", "annexe", "Mairie annexe des Coteaux", 0, NULL},
        {"l'annexe des coteaux", "annexe", "annexe des Coteaux", 0, NULL},
        {"la crèche les petits pas", "c1", "Crèche Les Petits Pas", 0, NULL},
        {"la ribambelle ouvre à quelle heure", "c2", "Ribambelle", 0, NULL},
        {"le PM est ouvert", "bar", "PM", 0, NULL},
        {"horaires de la micro-crèche", "flocons", "micro-crèche", 0, "micro creche"},
        {"la micro-crèche Les Flocons ferme à quelle heure le soir ?", "flocons", "micro-crèche", 0,
         "micro creche les flocons"},
        {"les Flocons micro-crèche", "flocons", "micro-crèche", 0, "flocons micro creche"},
        /* words of its name after an alias ("Médiathèque Louise-Michel") */
        {"la bibliothèque Louise Michel est ouverte ?", "media", "bibliothèque", 0,
         "bibliotheque louise michel"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = analyze_fold(cases[i].q, strlen(cases[i].q));
        struct facility_match m;
        if (!facilities_find(fs, f, &m))
            fail_msg("%s: no facility", cases[i].q);
        if (strcmp(facilities_get(fs, m.facility)->id, cases[i].id) ||
            strcmp(m.name, cases[i].name) || m.typos != cases[i].typos)
            fail_msg("%s: got %s by '%s' (%d typos)", cases[i].q,
                     facilities_get(fs, m.facility)->id, m.name, m.typos);
        assert_true(m.end > m.start && m.end <= strlen(f));
        const char *sp = cases[i].span;
        if (sp && (m.end - m.start != strlen(sp) || memcmp(f + m.start, sp, m.end - m.start)))
            fail_msg("%s: found '%.*s', want '%s'", cases[i].q, (int)(m.end - m.start), f + m.start, sp);
        free(f);
    }
    /* Found or not, and why. */
    static const struct {
        const char *q;
        bool found;
    } other[] = {
        {"horaires de la crèche", false},      /* two crèches, neither named */
        {"la patinoire est ouverte", false},   /* a draft is never loaded */
        {"les tilleuls", false},               /* a word of a name is not the name */
        {"coteaux", false},
        {"pm", true},                          /* a short alias, typed exactly */
        {"p m", false},
        {"pms", true},                         /* a plural */
        {"pn", false},                         /* short words: no typo allowed */
        {"piscone", true},                     /* one substitution in 7 letters */
        {"pscne", false},                      /* two in 7: too far */
        {"mairi", true},                       /* one deletion in 6 */
        {"", false},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        char *f = analyze_fold(other[i].q, strlen(other[i].q));
        struct facility_match m;
        if (facilities_find(fs, f, &m) != other[i].found)
            fail_msg("'%s': expected found=%d", other[i].q, other[i].found);
        free(f);
    }
    facilities_free(fs);
}

/* The town's words: "annee" and "dechetterie" are written in its pages. */
static bool town_word(const void *ctx, const char *w, size_t n)
{
    (void)ctx;
    return (n == 5 && !memcmp(w, "annee", 5)) || (n == 11 && !memcmp(w, "dechetterie", 11));
}

/* A word the town's pages use is taken as written, not as a typo of a
 * name ("l'annee" is no "annexe"), unless it only doubles a letter. */
static void test_known_words(void **state)
{
    (void)state;
    struct facilities *fs = build();
    struct facility_match m;
    assert_true(facilities_find(fs, "la fete de l annee des coteaux", &m));   /* a typo without them */
    facilities_set_known(fs, town_word, NULL);
    assert_false(facilities_find(fs, "la fete de l annee des coteaux", &m));
    assert_true(facilities_find(fs, "horaires de l anexe des coteaux", &m));
    assert_int_equal(m.typos, 1);
    facilities_free(fs);
    /* "dechetterie" is the same word as "decheterie" in another spelling. */
    static const char json[] =
        "[{\"id\": \"d\", \"name\": \"Déchèterie des Prés\", \"aliases\": [\"déchèterie\"],"
        " \"status\": \"validated\", \"validated_by\": \"A\", \"validated_on\": \"2026-09-21\"}]";
    fs = from_json(json);
    facilities_set_known(fs, town_word, NULL);
    assert_true(facilities_find(fs, "horaires de la dechetterie", &m));
    facilities_free(fs);
}

static const struct facility *by_id(const struct facilities *fs, const char *id)
{
    for (int i = 0; i < facilities_count(fs); i++)
        if (!strcmp(facilities_get(fs, i)->id, id))
            return facilities_get(fs, i);
    fail_msg("no facility %s", id);
    return NULL;
}

static void test_hours(void **state)
{
    (void)state;
    struct facilities *fs = build();
    const struct facility *pool = by_id(fs, "piscine"), *hall = by_id(fs, "mairie"),
                          *bar = by_id(fs, "bar");
    const char *comment;
    struct gc_time t = {2026, 12, 7, 12, 30}, n;   /* a Monday */
    assert_int_equal(facility_state(pool, &t, &comment), HOURS_OPEN);
    assert_true(facility_next(pool, &t, false, &n));
    assert_int_equal(n.hour * 60 + n.minute, 13 * 60 + 45);
    t.hour = 15;
    assert_int_equal(facility_state(pool, &t, NULL), HOURS_CLOSED);
    assert_true(facility_next(pool, &t, true, &n));
    assert_int_equal(n.day, 7);
    assert_int_equal(n.hour, 17);
    /* Christmas (PH off) and the winter closure with its reason. */
    t = (struct gc_time){2026, 12, 25, 12, 30};
    assert_int_equal(facility_state(pool, &t, NULL), HOURS_CLOSED);
    assert_true(facility_next(pool, &t, true, &n));
    assert_int_equal(n.day, 26);
    assert_int_equal(n.hour, 10);
    t = (struct gc_time){2027, 1, 10, 10, 0};
    assert_int_equal(facility_state(pool, &t, &comment), HOURS_CLOSED);
    assert_non_null(comment);
    assert_string_equal(comment, "vidange annuelle");
    assert_true(facility_next(pool, &t, true, &n));
    assert_int_equal(n.month, 1);
    assert_int_equal(n.day, 18);
    assert_int_equal(n.hour, 12);
    /* Summer hours. */
    t = (struct gc_time){2027, 7, 14, 11, 0};
    assert_int_equal(facility_state(pool, &t, NULL), HOURS_CLOSED);   /* Fête nationale */
    t.day = 15;
    assert_int_equal(facility_state(pool, &t, NULL), HOURS_OPEN);
    /* A one-day closure. */
    t = (struct gc_time){2026, 12, 26, 10, 0};
    assert_int_equal(facility_state(hall, &t, &comment), HOURS_CLOSED);
    assert_string_equal(comment, "fermeture exceptionnelle");
    /* Overnight: Friday 22:00 to Saturday 02:00. */
    t = (struct gc_time){2026, 12, 5, 1, 30};   /* Saturday */
    assert_int_equal(facility_state(bar, &t, NULL), HOURS_OPEN);
    assert_true(facility_next(bar, &t, false, &n));
    assert_int_equal(n.day, 5);
    assert_int_equal(n.hour, 2);
    struct hours_interval iv[16];
    size_t k;
    assert_int_equal(facility_day(bar, clock_days(2026, 12, 4), iv, 16, &k), GC_OK);
    assert_int_equal(k, 2);
    assert_int_equal(iv[1].start, 22 * 60);
    assert_int_equal(iv[1].state, HOURS_OPEN);
    facilities_free(fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_known_words),
        cmocka_unit_test(test_hours),
    };
    return cmocka_run_group_tests_name("facilities", tests, NULL, NULL);
}
