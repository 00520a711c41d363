/* test_holidays_fr.c — Easter and the French public holidays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "knowledge/holidays_fr.h"

static void test_easter(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
    } known[] = {
        {1818, 3, 22}, {1900, 4, 15}, {1943, 4, 25}, {2000, 4, 23}, {2008, 3, 23},
        {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},  {2024, 3, 31}, {2025, 4, 20},
        {2026, 4, 5},  {2038, 4, 25}, {2285, 3, 22},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int m, d;
        holidays_fr_easter(known[i].y, &m, &d);
        assert_int_equal(m, known[i].m);
        assert_int_equal(d, known[i].d);
    }
}

static void test_year_2026(void **state)
{
    (void)state;
    static const struct {
        int m, d;
        const char *name;
    } hol[] = {
        {1, 1, "Jour de l'an"},     {4, 6, "Lundi de Pâques"},  {5, 1, "Fête du Travail"},
        {5, 8, "Victoire 1945"},    {5, 14, "Ascension"},       {5, 25, "Lundi de Pentecôte"},
        {7, 14, "Fête nationale"},  {8, 15, "Assomption"},      {11, 1, "Toussaint"},
        {11, 11, "Armistice 1918"}, {12, 25, "Noël"},
    };
    int count = 0;
    for (int m = 1; m <= 12; m++) {
        for (int d = 1; d <= 31; d++) {
            const char *name = NULL;
            if (!holidays_fr_is_holiday(2026, m, d, &name))
                continue;
            count++;
            bool found = false;
            for (size_t i = 0; i < sizeof hol / sizeof hol[0]; i++)
                if (hol[i].m == m && hol[i].d == d) {
                    assert_string_equal(name, hol[i].name);
                    found = true;
                }
            assert_true(found);
        }
    }
    assert_int_equal(count, 11);
}

static void test_not_holidays(void **state)
{
    (void)state;
    assert_false(holidays_fr_is_holiday(2024, 3, 31, NULL));  /* Easter Sunday */
    assert_false(holidays_fr_is_holiday(2024, 3, 29, NULL));  /* Good Friday (Alsace only) */
    assert_false(holidays_fr_is_holiday(2024, 12, 26, NULL)); /* Saint-Étienne (Alsace only) */
    assert_false(holidays_fr_is_holiday(2024, 5, 19, NULL));  /* Whit Sunday */
    assert_true(holidays_fr_is_holiday(2024, 4, 1, NULL));    /* Easter Monday */
    assert_true(holidays_fr_is_holiday(2024, 5, 9, NULL));    /* Ascension */
    assert_true(holidays_fr_is_holiday(2024, 5, 20, NULL));   /* Whit Monday */
}

static void test_invalid_dates(void **state)
{
    (void)state;
    const char *name = "unchanged";
    assert_false(holidays_fr_is_holiday(2024, 13, 1, &name));
    assert_false(holidays_fr_is_holiday(2024, 2, 30, &name));
    assert_false(holidays_fr_is_holiday(2024, 0, 1, &name));
    assert_false(holidays_fr_is_holiday(2024, 1, 0, &name));
    assert_false(holidays_fr_is_holiday(1000, 1, 1, &name));
    assert_string_equal(name, "unchanged");
    /* Easter Monday across a month boundary: Easter 2027 is 28 March. */
    assert_true(holidays_fr_is_holiday(2027, 3, 29, &name));
    assert_string_equal(name, "Lundi de Pâques");
    /* Ascension on 1 May, as in 2008. */
    assert_true(holidays_fr_is_holiday(2008, 5, 1, &name));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_year_2026),
        cmocka_unit_test(test_not_holidays),
        cmocka_unit_test(test_invalid_dates),
    };
    return cmocka_run_group_tests_name("holidays_fr", tests, NULL, NULL);
}
