/* test_numbers_fr.c — French numbers in words → value, words read, flags.
 * Data-driven: input → expected value and the text it was read from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/numbers_fr.h"

struct tcase {
    const char *in;
    long value;
    const char *read;   /* the bytes read: a prefix of in */
};

static const struct tcase cases[] = {
    /* units, teens, tens */
    {"zéro", 0, "zéro"},
    {"zero", 0, "zero"},
    {"un", 1, "un"},
    {"une", 1, "une"},
    {"neuf", 9, "neuf"},
    {"dix", 10, "dix"},
    {"onze", 11, "onze"},
    {"seize", 16, "seize"},
    {"dix-sept", 17, "dix-sept"},
    {"dix sept", 17, "dix sept"},
    {"dix-neuf heures", 19, "dix-neuf"},
    {"vingt", 20, "vingt"},
    {"vingt et un", 21, "vingt et un"},
    {"vingt-et-un", 21, "vingt-et-un"},
    {"trente et une", 31, "trente et une"},
    {"vingt-cinq euros", 25, "vingt-cinq"},
    {"quarante-sept", 47, "quarante-sept"},
    {"cinquante", 50, "cinquante"},
    {"soixante", 60, "soixante"},
    {"soixante-dix", 70, "soixante-dix"},
    {"soixante et onze", 71, "soixante et onze"},
    {"soixante-douze", 72, "soixante-douze"},
    {"soixante-dix-neuf", 79, "soixante-dix-neuf"},
    {"quatre-vingts", 80, "quatre-vingts"},
    {"quatre-vingt-un", 81, "quatre-vingt-un"},
    {"quatre-vingt-dix", 90, "quatre-vingt-dix"},
    {"quatre-vingt-onze", 91, "quatre-vingt-onze"},
    {"quatre-vingt-quinze", 95, "quatre-vingt-quinze"},
    {"quatre-vingt-dix-neuf", 99, "quatre-vingt-dix-neuf"},
    /* Belgian and Swiss */
    {"septante", 70, "septante"},
    {"septante et un", 71, "septante et un"},
    {"septante-deux", 72, "septante-deux"},
    {"huitante", 80, "huitante"},
    {"octante-huit", 88, "octante-huit"},
    {"nonante-neuf", 99, "nonante-neuf"},
    /* hundreds, thousands, millions */
    {"cent", 100, "cent"},
    {"cent un", 101, "cent un"},
    {"deux cents", 200, "deux cents"},
    {"deux cent trois", 203, "deux cent trois"},
    {"trois-cent-quarante", 340, "trois-cent-quarante"},
    {"quatre cents", 400, "quatre cents"},
    {"neuf cent quatre-vingt-dix-neuf", 999, "neuf cent quatre-vingt-dix-neuf"},
    {"mille", 1000, "mille"},
    {"mille deux cents", 1200, "mille deux cents"},
    {"deux mille", 2000, "deux mille"},
    {"deux mille vingt-six", 2026, "deux mille vingt-six"},
    {"dix-sept mille", 17000, "dix-sept mille"},
    {"deux cent mille", 200000, "deux cent mille"},
    {"deux-cent-mille", 200000, "deux-cent-mille"},
    {"neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf", 999999,
     "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"},
    {"un million", 1000000, "un million"},
    {"deux millions cinq cent mille", 2500000, "deux millions cinq cent mille"},
    /* ordinals end a number */
    {"troisième", 3, "troisième"},
    {"troisieme", 3, "troisieme"},
    {"cinquième", 5, "cinquième"},
    {"neuvième", 9, "neuvième"},
    {"onzième", 11, "onzième"},
    {"vingt et unième siècle", 21, "vingt et unième"},
    {"quatre-vingtième", 80, "quatre-vingtième"},
    {"centième", 100, "centième"},
    {"premier", 1, "premier"},
    {"première", 1, "première"},
    /* case, separators, where a number stops */
    {"Quinze heures", 15, "Quinze"},
    {"VINGT", 20, "VINGT"},
    {"vingt\xc2\xa0" "deux", 22, "vingt\xc2\xa0" "deux"},
    {"deux trois", 2, "deux"},
    {"dix et quinze", 10, "dix"},
    {"vingt et deux", 20, "vingt"},
    {"un mille", 1, "un"},
    {"trois, quatre", 3, "trois"},
    {"vingt  deux", 20, "vingt"},
    {"quatre-vingt", 80, "quatre-vingt"},
    {"deux-roues", 2, "deux"},
};

/* Words that are no number, or only begin like one. */
static const char *const none[] = {
    "", "et", "septembre", "centre", "dixi", "unes", "neuve", "vingtaine", "quatr",
    "millier", "cinquantaine", "deuxièmement", "premiers", "-deux", " deux", "2",
};

static void test_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct tcase *c = &cases[i];
        struct numfr nf;
        if (!numfr_read(c->in, strlen(c->in), 0, &nf))
            fail_msg("\"%s\": no number", c->in);
        if (nf.value != c->value || nf.end != strlen(c->read))
            fail_msg("\"%s\": got %ld from \"%.*s\", want %ld from \"%s\"", c->in, nf.value, (int)nf.end,
                     c->in, c->value, c->read);
    }
}

static void test_not_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        struct numfr nf;
        if (numfr_read(none[i], strlen(none[i]), 0, &nf))
            fail_msg("\"%s\": read %ld, want no number", none[i], nf.value);
    }
}

static void test_flags(void **state)
{
    (void)state;
    struct numfr nf;
    assert_true(numfr_read("une pièce", 10, 0, &nf));
    assert_true(nf.lone_one);
    assert_false(nf.ordinal);
    assert_int_equal(nf.words, 1);
    assert_true(numfr_read("premier étage", 14, 0, &nf));
    assert_true(nf.lone_one && nf.ordinal);
    assert_true(numfr_read("vingt et un", 11, 0, &nf));
    assert_false(nf.lone_one);
    assert_int_equal(nf.words, 3);
    assert_true(numfr_read("neuf", 4, 0, &nf));
    assert_true(nf.lone_neuf);
    assert_true(numfr_read("dix-neuf", 8, 0, &nf));
    assert_false(nf.lone_neuf);
    assert_true(numfr_read("deuxième", strlen("deuxième"), 0, &nf));
    assert_true(nf.ordinal && !nf.lone_one);
    /* Read from the middle of a text. */
    const char *s = "ouvert à quinze heures";
    assert_true(numfr_read(s, strlen(s), strlen("ouvert à "), &nf));
    assert_int_equal(nf.value, 15);
    assert_int_equal(nf.end, strlen("ouvert à quinze"));
    /* The length bounds the read. */
    assert_true(numfr_read("vingt-deux", 5, 0, &nf));
    assert_int_equal(nf.value, 20);
    assert_false(numfr_read("vingt", 4, 0, &nf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_not_numbers),
        cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests_name("numbers_fr", tests, NULL, NULL);
}
