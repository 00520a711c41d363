/* test_ranges.c — text/ranges_fr: numbers of a question, ranges of a text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/ranges_fr.h"

static const struct {
    const char *text;
    double v;
    bool holds;
} cases[] = {
    {"Quotient familial de 600 à 900 : Prix du repas 3,40 €", 750, true},
    {"Quotient familial de 600 à 900 : Prix du repas 3,40 €", 950, false},
    {"Quotient familial de 901 à 1 200 : 4,10 €", 1000, true},
    {"Quotient familial de 901 à 1\xc2\xa0" "200 : 4,10 €", 1200, true},
    {"Quotient familial moins de 600 : 1,00 €", 599, true},
    {"Quotient familial moins de 600 : 1,00 €", 600, false},
    {"Quotient familial plus de 1 200 : 4,60 €", 1500, true},
    {"Quotient familial plus de 1 200 : 4,60 €", 1200, false},
    {"QF 0-500 : 1,20 €", 420, true},
    {"QF 501 – 800 : 2,10 €", 650, true},
    {"de 3 ans à 6 ans : gratuit", 4, true},
    {"de 600 € à 900 € : tarif B", 700, true},
    {"entre 3 et 11 ans", 8, true},
    {"entre 3 et 11 ans", 12, false},
    {"enfants à partir de 6 ans : 2 €", 16, true},
    {"dès 17 ans", 16, false},
    {"jusqu'à 3 ans : gratuit", 2, true},
    {"jusqu\xe2\x80\x99\xc3\xa0 3 ans : gratuit", 4, false},
    {"1 201 et plus : 4,60 €", 1500, true},
    {"QF > 1200", 1300, true},
    {"QF ≤ 500", 500, true},
    {"au-delà de 1 200 : 5 €", 1300, true},
    {"supérieur à 800", 900, true},
    {"inférieur à 800", 900, false},
    /* no range: a number alone, times, dates, ordinals */
    {"Repas adulte : 6,20 €", 6.2, false},
    {"ouvert de 8h30 à 12h", 10, false},
    {"le 2e samedi", 2, false},
    {"du 12/03 au 15/03", 13, false},
    {"Tarif 750", 750, false},
    /* a range backwards is no range */
    {"du 15 au 3", 10, false},
};

static void test_hold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = ranges_hold(cases[i].text, strlen(cases[i].text), cases[i].v);
        if (got != cases[i].holds)
            fail_msg("%s holds %g: got %d", cases[i].text, cases[i].v, got);
    }
}

/* A number with what it counts: a range counting something else is no
 * match ("1 adulte" is not "jusqu'à 3 enfants"). */
static const struct {
    const char *text;
    double v;
    const char *unit;
    bool holds;
} unit_cases[] = {
    {"Pass famille (2 adultes et jusqu'à 3 enfants) : 18 €", 1, "adulte", false},
    {"Pass famille (2 adultes et jusqu'à 3 enfants) : 18 €", 1, "enfant", true},
    {"Enfant de 7 à 17 ans : 3,50 €", 12, "ans", true},
    {"Enfant de 7 à 17 ans : 3,50 €", 12, "an", true},
    {"Enfant de 7 à 17 ans : 3,50 €", 12, "euros", false},
    {"de 3 ans à 6 ans : gratuit", 4, "ans", true},
    {"entre 3 et 11 ans", 8, "mois", false},
    {"à partir de 6 ans : 2 €", 16, "ans", true},
    /* a range that says nothing of what it counts, or a small word after it */
    {"Quotient familial de 600 à 900 : 3,40 €", 750, "euros", true},
    {"de 600 à 900 pour une famille", 750, "euros", true},
    {"jusqu'à 3 enfants", 2, NULL, true},
    {"jusqu'à 3 enfants", 2, "", true},
};

static void test_hold_unit(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unit_cases / sizeof unit_cases[0]; i++) {
        bool got = ranges_hold_unit(unit_cases[i].text, strlen(unit_cases[i].text), unit_cases[i].v,
                                    unit_cases[i].unit);
        if (got != unit_cases[i].holds)
            fail_msg("%s holds %g %s: got %d", unit_cases[i].text, unit_cases[i].v,
                     unit_cases[i].unit ? unit_cases[i].unit : "(null)", got);
    }
}

static void test_numbers(void **state)
{
    (void)state;
    double v[RANGES_NUMBERS_MAX];
    const char *q = "mon QF est de 1 250, cb pour 2 enfants de 8h30 à 12h le 2e jour ?";
    int n = ranges_numbers(q, strlen(q), v, RANGES_NUMBERS_MAX);
    assert_int_equal(n, 2);
    assert_true(v[0] == 1250);
    assert_true(v[1] == 2);
    const char *p = "3,40 € et 1.200";
    n = ranges_numbers(p, strlen(p), v, RANGES_NUMBERS_MAX);
    assert_int_equal(n, 2);
    assert_true(v[0] > 3.39 && v[0] < 3.41);
    assert_true(v[1] == 1200);
    /* what each number counts: the word after it, unless a small word */
    char u[RANGES_NUMBERS_MAX][RANGES_UNIT_MAX];
    const char *w = "pour 1 adulte et 2 enfants de 12 ans, QF 750 €";
    n = ranges_numbers_units(w, strlen(w), v, u, RANGES_NUMBERS_MAX);
    assert_int_equal(n, 4);
    assert_string_equal(u[0], "adulte");
    assert_string_equal(u[1], "enfants");
    assert_string_equal(u[2], "ans");
    assert_string_equal(u[3], "");
    /* never more than asked */
    const char *many = "1 a 2 b 3 c 4 d 5 e 6";
    assert_int_equal(ranges_numbers(many, strlen(many), v, 3), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hold),
        cmocka_unit_test(test_hold_unit),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
