/* test_placeholders.c — {{phone}}, {{hours}}... expanded from the records
 * (knowledge/placeholders.h), and the import's warnings when a page and a
 * record disagree (import/consistency.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/consistency.h"
#include "knowledge/placeholders.h"
#include "store/db.h"
#include "store/facilities.h"
#include "testutil.h"
#include "util/clock.h"

static struct facility_closure closures[] = {
    {"2026-12-24", "2026-12-26", "fermeture de fin d'année"},
    {"2027-06-01", "2027-06-02", "inventaire"},   /* too far ahead to be said in December */
};
static char *aliases[] = {"médiathèque"};

static struct facility_rec mediatheque(const char *phone)
{
    return (struct facility_rec){
        .ext_id = "mediatheque", .name = "Médiathèque Louise-Michel",
        .address = "5 rue des Écoles, 45990 Villebrune", .phone = (char *)phone,
        .email = "mediatheque@villebrune.example", .url = "https://x.example/mediatheque",
        .service = "Culture",
        .opening_hours = "Sep-Jun Tu,Th,Fr 14:00-19:00; Sep-Jun We,Sa 10:00-18:00; "
                         "Jul-Aug Tu-Sa 10:00-13:00; PH off",
        .status = "validated", .validated_by = "H", .validated_on = "2026-09-28",
        .source = "f.json", .aliases = aliases, .naliases = 1, .closures = closures, .nclosures = 2,
    };
}

static struct placeholders *records(void)
{
    struct placeholders *ph = placeholders_new();
    struct gc_err e = {0};
    struct facility_rec r = mediatheque("02 38 00 12 00");
    assert_int_equal(placeholders_add(ph, &r, &e), GC_OK);
    return ph;
}

static void test_syntax(void **s)
{
    (void)s;
    const char *t = "a {{phone}} b {{ email:piscine-2 }} c {{x y}} {{hours:}} {{nope}} {{";
    size_t pos = 0;
    struct ph_ref r;
    assert_true(placeholders_next(t, strlen(t), &pos, &r));
    assert_int_equal(r.field, PH_PHONE);
    assert_string_equal(r.id, "");
    assert_true(placeholders_next(t, strlen(t), &pos, &r));
    assert_int_equal(r.field, PH_EMAIL);
    assert_string_equal(r.id, "piscine-2");
    assert_true(placeholders_next(t, strlen(t), &pos, &r));   /* {{x y}} and {{hours:}} are not */
    assert_int_equal(r.field, PH_UNKNOWN);
    assert_string_equal(r.name, "nope");
    assert_false(placeholders_next(t, strlen(t), &pos, &r));
}

static void test_expand(void **s)
{
    (void)s;
    struct placeholders *ph = records();
    size_t un;
    long dec7 = clock_days(2026, 12, 7);
    struct buf out;
    buf_init(&out, 1 << 16);
    un = placeholders_expand(ph, "Contact : {{phone}}, {{email}}. Adresse : {{address:mediatheque}}.",
                             strlen("Contact : {{phone}}, {{email}}. Adresse : {{address:mediatheque}}."),
                             "mediatheque", dec7, &out);
    assert_int_equal(un, 0);
    assert_string_equal(buf_str(&out), "Contact : 02 38 00 12 00, mediatheque@villebrune.example. "
                                       "Adresse : 5 rue des Écoles, 45990 Villebrune.");
    /* The season in force, the holidays, the closures of the next 60 days. */
    buf_reset(&out);
    assert_true(placeholders_hours_fr(ph, "mediatheque", dec7, &out));
    assert_string_equal(buf_str(&out),
                        "De septembre à juin : le mardi, le jeudi et le vendredi de 14 h à 19 h ; "
                        "le mercredi et le samedi de 10 h à 18 h. En juillet et en août : du "
                        "mardi au samedi de 10 h à 13 h. Fermeture le lundi, le dimanche et les "
                        "jours fériés. Fermeture exceptionnelle du jeudi 24 au samedi 26 décembre "
                        "(fermeture de fin d'année).");
    buf_reset(&out);
    assert_true(placeholders_hours_fr(ph, "mediatheque", clock_days(2027, 7, 10), &out));
    assert_string_equal(buf_str(&out),
                        "En juillet et en août : du mardi au samedi de 10 h à 13 h. De septembre "
                        "à juin : le mardi, le jeudi et le vendredi de 14 h à 19 h ; le mercredi "
                        "et le samedi de 10 h à 18 h. Fermeture le lundi, le dimanche et les "
                        "jours fériés.");
    /* One season: no months said. */
    struct facility_rec simple = mediatheque("02 38 00 12 00");
    simple.ext_id = "mairie";
    simple.opening_hours = "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00";
    simple.nclosures = 0;
    struct gc_err e = {0};
    assert_int_equal(placeholders_add(ph, &simple, &e), GC_OK);
    buf_reset(&out);
    assert_true(placeholders_hours_fr(ph, "mairie", dec7, &out));
    assert_string_equal(buf_str(&out), "Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30 ; "
                                       "le samedi de 9 h à 12 h. Fermeture le dimanche.");
    /* What cannot be said takes its sentence (or list item) away. */
    const char *t = "Première phrase. Appelez le {{phone:inconnu}} pour tout savoir. Dernière.\n"
                    "- item {{email:inconnu}}\n"
                    "- autre item";
    buf_reset(&out);
    un = placeholders_expand(ph, t, strlen(t), "", dec7, &out);
    assert_int_equal(un, 2);
    assert_string_equal(buf_str(&out), "Première phrase. Dernière.\n- autre item");
    buf_free(&out);
    placeholders_free(ph);
}

struct warnings {
    char all[4096];
    int n;
};

static void on_warn(void *ctx, const char *file, int line, const char *msg)
{
    struct warnings *w = ctx;
    size_t l = strlen(w->all);
    snprintf(w->all + l, sizeof w->all - l, "%s:%d: %s\n", file, line, msg);
    w->n++;
}

static void test_consistency(void **s)
{
    (void)s;
    char path[256];
    struct db *db = NULL;
    struct gc_err e = {0};
    assert_int_equal(tmp_file(path, sizeof path, "consistency"), 0);
    assert_int_equal(db_open(&db, path, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    struct facility_rec r = mediatheque("02 38 00 12 00");
    enum store_put res;
    assert_int_equal(store_facility_put(db, &r, &res, &e), GC_OK);
    assert_int_equal(db_commit(db, &e), GC_OK);
    struct consistency *c = NULL;
    assert_int_equal(consistency_open(&c, db, &e), GC_OK);

    /* The page of the facility states another number and never the record's. */
    const char *page1 = "---\ntitle: M\nurl: /m\nfacility: mediatheque\n---\n"
                        "Intro.\n"
                        "Contact : 02 38 00 12 01, mediatheque@villebrune.example.\n"
                        "## Horaires\n"
                        "- mercredi et samedi : de 10 h à 17 h ;\n"
                        "- mardi, jeudi et vendredi : de 14 h à 19 h ;\n";
    struct page_rec p = {.facility = "mediatheque", .url = "/m", .source = "m.md"};
    struct warnings w = {{0}, 0};
    int n = consistency_check(c, &p, page1, strlen(page1), on_warn, &w);
    assert_int_equal(n, w.n);
    if (!strstr(w.all, "m.md:7: the phone number 02 38 00 12 01 differs from the record") ||
        !strstr(w.all, "m.md:7: the e-mail mediatheque@villebrune.example is written by hand") ||
        !strstr(w.all, "m.md:9: the hours written here (We 10:00-17:00; Sa 10:00-17:00) differ") ||
        !strstr(w.all, "m.md:10: opening hours are written by hand"))
        fail_msg("warnings:\n%s", w.all);
    assert_int_equal(w.n, 4);

    /* With the placeholders: nothing to say.  Another page writing the
     * number by hand is told to write {{phone:mediatheque}}. */
    const char *page2 = "---\ntitle: M\nurl: /m\nfacility: mediatheque\n---\n"
                        "Contact : {{phone}}, {{email}}. Le service Culture : 02 38 00 11 11.\n"
                        "## Horaires\n{{hours}}\n";
    memset(&w, 0, sizeof w);
    assert_int_equal(consistency_check(c, &p, page2, strlen(page2), on_warn, &w), 0);
    struct page_rec other = {.url = "/autre", .source = "a.md"};
    const char *page3 = "---\ntitle: A\nurl: /autre\n---\nAppelez la médiathèque au +33 2 38 00 12 00 "
                        "ou écrivez à {{email:nulle-part}}.\n";
    memset(&w, 0, sizeof w);
    assert_int_equal(consistency_check(c, &other, page3, strlen(page3), on_warn, &w), 2);
    if (!strstr(w.all, "a.md:5: the phone number 02 38 00 12 00 is written by hand") ||
        !strstr(w.all, "{{phone:mediatheque}}") || !strstr(w.all, "no facility 'nulle-part'"))
        fail_msg("warnings:\n%s", w.all);
    consistency_close(c);
    db_close(db);
    tmp_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_consistency),
    };
    return cmocka_run_group_tests_name("placeholders", tests, NULL, NULL);
}
