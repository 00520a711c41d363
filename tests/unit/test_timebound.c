/* test_timebound.c — date references, prospective sentences, and the
 * passages served without their past prospective sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "knowledge/timebound.h"
#include "util/clock.h"

/* The last days of the references of text, "YYYY-MM-DD" joined by spaces. */
static void refs(const char *text, char *out, size_t n)
{
    struct tb_ref r[16];
    size_t k = timebound_refs(text, strlen(text), r, 16);
    out[0] = '\0';
    for (size_t i = 0; i < k && i < 16; i++) {
        int y, m, d;
        clock_civil(r[i].last_day, &y, &m, &d);
        size_t l = strlen(out);
        snprintf(out + l, n - l, "%s%04d-%02d-%02d", l ? " " : "", y, m, d);
    }
}

static void test_refs(void **s)
{
    (void)s;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Les prochaines élections municipales auront lieu en mars 2026.", "2026-03-31"},
        {"Prochaines dates : samedi 3 octobre 2026, samedi 7 novembre 2026.", "2026-10-03 2026-11-07"},
        {"Le 1er janvier 2027 et le 29 février 2028.", "2027-01-01 2028-02-29"},
        {"Tarifs de la cantine 2026-2027", "2027-08-31"},
        {"Depuis 2014, les comptes rendus sont en ligne.", "2014-12-31"},
        {"Le formulaire du 12/03/2026 ou du 2026-04-01.", "2026-03-12 2026-04-01"},
        /* not dates: a price, a length, a population, a day without year */
        {"La salle coûte 2000 € et la piste mesure 1950 m.", ""},
        {"Villebrune compte 28 143 habitants.", ""},
        {"La fête nationale, le 14 juillet, et la rentrée en septembre.", ""},
        {"Le 31 février 2026 n'existe pas ; le code 12345 non plus.", "2026-02-28"},
    };
    char got[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        refs(cases[i].text, got, sizeof got);
        if (strcmp(got, cases[i].want))
            fail_msg("%s: got '%s', want '%s'", cases[i].text, got, cases[i].want);
    }
}

static void test_prospective(void **s)
{
    (void)s;
    const char *yes[] = {
        "Les prochaines élections auront lieu en mars.", "Prochaine séance : jeudi.",
        "La piscine rouvrira le 2 janvier.", "Le marché de Noël se tiendra place du Marché.",
        "Des travaux à venir rue des Écoles.", "La médiathèque sera fermée.",
    };
    const char *no[] = {
        "Les élections ont eu lieu en mars 2026.", "L'opéra de la ville et la caméra du parc.",
        "Vous préparez votre dossier à l'avance.", "Le PLU a été approuvé le 12 décembre 2019.",
        "C'est vrai : l'Agora est ouverte.",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!timebound_prospective(yes[i], strlen(yes[i])))
            fail_msg("not prospective: %s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (timebound_prospective(no[i], strlen(no[i])))
            fail_msg("prospective: %s", no[i]);
}

static void test_judge(void **s)
{
    (void)s;
    long today = clock_days(2026, 12, 7);
    const char *e = "Les prochaines élections municipales auront lieu en mars 2026.";
    assert_int_equal(timebound_judge(e, strlen(e), today, false), TB_PAST_PROSPECTIVE);
    assert_int_equal(timebound_judge(e, strlen(e), clock_days(2026, 3, 31), false), TB_NONE);
    const char *h = "Le PLU a été approuvé le 12 décembre 2019.";
    assert_int_equal(timebound_judge(h, strlen(h), today, false), TB_PAST);
    const char *m = "Le conseil a été élu en mars 2026 ; le prochain vote aura lieu en mars 2027.";
    assert_int_equal(timebound_judge(m, strlen(m), today, false), TB_NONE);
    const char *item = "jeudi 15 octobre 2026 ;";
    assert_int_equal(timebound_judge(item, strlen(item), today, true), TB_PAST_PROSPECTIVE);
    assert_int_equal(timebound_judge(item, strlen(item), today, false), TB_PAST);
}

static void test_drop_past(void **s)
{
    (void)s;
    long today = clock_days(2026, 12, 7);
    const char *passage =
        "Les séances ont lieu le jeudi à 19 h. Les prochaines élections auront lieu en mars 2026. "
        "La salle est accessible.\n"
        "Prochaines séances du conseil municipal :\n"
        "- jeudi 15 octobre 2026 ;\n"
        "- jeudi 10 décembre 2026 (vote des tarifs) ;\n"
        "- jeudi 4 février 2027.\n"
        "Prochaines dates : samedi 3 octobre 2026, samedi 7 novembre 2026.\n"
        "Anciennes permanences :\n"
        "- samedi 3 octobre 2026\n"
        "Prochains ateliers :\n"
        "- mardi 3 novembre 2026\n"
        "Le PLU a été approuvé le 12 décembre 2019.";
    struct buf out;
    buf_init(&out, 4096);
    size_t n = timebound_drop_past(passage, strlen(passage), today, &out);
    assert_int_equal(n, 5);   /* a sentence, an item, a line, an item and its lead-in */
    assert_string_equal(buf_str(&out),
                        "Les séances ont lieu le jeudi à 19 h. La salle est accessible.\n"
                        "Prochaines séances du conseil municipal :\n"
                        "- jeudi 10 décembre 2026 (vote des tarifs) ;\n"
                        "- jeudi 4 février 2027.\n"
                        "Anciennes permanences :\n"
                        "- samedi 3 octobre 2026\n"
                        "Le PLU a été approuvé le 12 décembre 2019.");
    buf_free(&out);
}

static int count_stale(void *ctx, const char *s, size_t n, enum tb_kind k)
{
    (void)s;
    (void)n;
    int *c = ctx;
    c[k == TB_PAST_PROSPECTIVE]++;
    return 0;
}

static void test_scan(void **s)
{
    (void)s;
    const char *p = "Tarifs 2025 de la cantine.\nLa prochaine réunion aura lieu le 2 mars 2026.\n"
                    "Les tarifs 2027 s'appliquent dès janvier.";
    int c[2] = {0, 0};
    timebound_scan(p, strlen(p), clock_days(2026, 12, 7), count_stale, c);
    assert_int_equal(c[0], 1);   /* Tarifs 2025 */
    assert_int_equal(c[1], 1);   /* the meeting */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_prospective),
        cmocka_unit_test(test_judge),
        cmocka_unit_test(test_drop_past),
        cmocka_unit_test(test_scan),
    };
    return cmocka_run_group_tests_name("timebound", tests, NULL, NULL);
}
