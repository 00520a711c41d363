/* test_fuzzy.c — text/fuzzy: the bounded Damerau distance, the word match
 * the facilities and the agenda use, and the skeleton of words typed by
 * ear. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "text/fuzzy.h"

static int dist(const char *a, const char *b, int max)
{
    return fuzzy_distance(a, strlen(a), b, strlen(b), max);
}

static void test_distance(void **s)
{
    (void)s;
    static const struct {
        const char *a, *b;
        int max, want;
    } cases[] = {
        {"piscine", "piscine", 2, 0},
        {"pisine", "piscine", 2, 1},        /* a letter missing */
        {"piscinne", "piscine", 2, 1},      /* one more */
        {"pascine", "piscine", 2, 1},       /* one changed */
        {"inscriptoin", "inscription", 2, 1},   /* two swapped: one edit */
        {"pasport", "passeport", 2, 2},
        {"pasport", "passeport", 1, 2},     /* past max: max + 1 */
        {"", "abc", 3, 3},
        {"", "abcd", 3, 4},
        {"abc", "", 2, 3},                  /* lengths alone say it */
        {"mediateque", "mediatheque", 1, 1},
        {"ca", "ac", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = dist(cases[i].a, cases[i].b, cases[i].max);
        if (got != cases[i].want)
            fail_msg("distance(%s, %s, %d) = %d, want %d", cases[i].a, cases[i].b, cases[i].max,
                     got, cases[i].want);
        /* Symmetric. */
        assert_int_equal(dist(cases[i].b, cases[i].a, cases[i].max), got);
    }
    /* Words past FUZZY_WORD_MAX are compared exactly. */
    char a[FUZZY_WORD_MAX + 2], b[FUZZY_WORD_MAX + 2];
    memset(a, 'a', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof b);
    assert_int_equal(dist(a, b, 2), 0);
    b[3] = 'b';
    assert_int_equal(dist(a, b, 2), 3);
}

static void test_word_match(void **s)
{
    (void)s;
    static const struct {
        const char *typed, *known;
        bool want;
    } cases[] = {
        {"piscine", "piscine", true},   {"piscines", "piscine", true},
        {"piscine", "piscines", true},  {"pisine", "piscine", true},
        {"mairie", "marie", true},      {"pm", "pc", false},            /* short: exact */
        {"ecole", "ecale", true},       {"mediatheque", "mediatqeue", true},
        {"biblioteqe", "bibliotheque", true},   /* 2 edits, known word of 9+ letters */
        {"halle", "salle", true},       {"hall", "ball", false},
        {"pasport", "passeport", true}, {"cinema", "cinemas", true},
        {"marche", "marches", true},    {"conte", "compte", false},
        /* typed by ear, a long known word: the same skeleton */
        {"mediatek", "mediatheque", true}, {"bibliotek", "bibliotheque", true},
        {"mediatik", "mediatheque", false},   /* not the same skeleton */
        {"kantinne", "cantine", false},      /* the same, but a known word under 8 letters */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = fuzzy_word_match(cases[i].typed, strlen(cases[i].typed), cases[i].known,
                                    strlen(cases[i].known));
        if (got != cases[i].want)
            fail_msg("match(%s, %s) = %d", cases[i].typed, cases[i].known, got);
    }
}

static void test_skeleton(void **s)
{
    (void)s;
    static const struct {
        const char *word, *want;
    } cases[] = {
        {"passeport", "pasport"}, {"pasport", "pasport"},   {"poubelle", "poubl"},
        {"poubel", "poubl"},      {"famille", "famil"},     {"adresse", "adrs"},
        {"adrese", "adrs"},       {"ecole", "ekol"},        /* a first e stays */
        {"horaires", "horairs"},  {"hhh", "h"},             {"", ""},
        {"eee", "e"},             {"cantinne", "kantin"},   {"cantine", "kantin"},
        /* the same sound however written: qu, q, hard c -> k, soft c -> s, ph -> f */
        {"mediatheque", "mdiatk"}, {"mediatek", "mdiatk"},  {"cinq", "sink"},
        {"cinema", "sinma"},      {"sinema", "sinma"},      {"pharmacie", "farmasi"},
        {"farmasie", "farmasi"},  {"chorale", "coral"},     {"accueil", "akuil"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        size_t n = fuzzy_skeleton(cases[i].word, strlen(cases[i].word), out);
        if (n != strlen(cases[i].want) || memcmp(out, cases[i].want, n))
            fail_msg("skeleton(%s) = %.*s, want %s", cases[i].word, (int)n, out, cases[i].want);
        assert_true(n <= strlen(cases[i].word));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_word_match),
        cmocka_unit_test(test_skeleton),
    };
    return cmocka_run_group_tests_name("fuzzy", tests, NULL, NULL);
}
