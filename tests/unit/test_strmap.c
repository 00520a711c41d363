/* test_strmap.c — util/strmap: put/get, first value wins, growth, lengths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "util/strmap.h"

static void test_put_get(void **s)
{
    (void)s;
    static const struct {
        const char *key;
        uint32_t val;
    } cases[] = {{"ecole", 0}, {"piscine", 1}, {"", 2}, {"é", 3}, {"ecoles", 4}, {"ecol", 5}};
    struct strmap m;
    strmap_init(&m);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(strmap_put(&m, cases[i].key, strlen(cases[i].key), cases[i].val),
                         cases[i].val);
    assert_int_equal(m.n, sizeof cases / sizeof cases[0]);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t v = strmap_get(&m, cases[i].key, strlen(cases[i].key));
        if (v != cases[i].val)
            fail_msg("get(\"%s\") = %u, want %u", cases[i].key, v, cases[i].val);
        assert_string_equal(m.keys[cases[i].val], cases[i].key);
        assert_int_equal(m.vals[cases[i].val], cases[i].val);
    }
    assert_int_equal(strmap_get(&m, "absent", 6), UINT32_MAX);
    assert_int_equal(strmap_get(&m, "eco", 3), UINT32_MAX);
    /* Compacted, the map answers the same and still takes new keys. */
    strmap_compact(&m);
    assert_int_equal(m.cap, m.n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(strmap_get(&m, cases[i].key, strlen(cases[i].key)), cases[i].val);
    assert_int_equal(strmap_put(&m, "mairie", 6, 9), 9);
    assert_int_equal(strmap_get(&m, "mairie", 6), 9);
    assert_int_equal(strmap_get(&m, "piscine", 7), 1);
    strmap_free(&m);
}

/* Keys are (pointer, length): no NUL needed, prefixes are distinct keys. */
static void test_lengths(void **s)
{
    (void)s;
    struct strmap m;
    strmap_init(&m);
    const char *text = "universite universitaire";
    strmap_put(&m, text, 10, 7);
    assert_int_equal(strmap_get(&m, "universite", 10), 7);
    assert_int_equal(strmap_get(&m, text + 11, 10), UINT32_MAX); /* "universita" */
    assert_int_equal(strmap_get(&m, text, 9), UINT32_MAX);
    assert_int_equal(strmap_get(&m, text, 11), UINT32_MAX);      /* "universite " */
    assert_string_equal(m.keys[0], "universite");                /* copied, terminated */
    strmap_free(&m);
}

static void test_first_value_wins(void **s)
{
    (void)s;
    struct strmap m;
    strmap_init(&m);
    assert_int_equal(strmap_put(&m, "mairie", 6, 10), 10);
    assert_int_equal(strmap_put(&m, "mairie", 6, 20), 10);
    assert_int_equal(m.n, 1);
    assert_int_equal(strmap_get(&m, "mairie", 6), 10);
    strmap_free(&m);
}

/* Far more keys than the initial slots: every key still found after growth. */
static void test_growth(void **s)
{
    (void)s;
    struct strmap m;
    strmap_init(&m);
    size_t slots0 = m.nslots;
    char k[32];
    const uint32_t N = 20000;
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(k, sizeof k, "mot%u", i);
        assert_int_equal(strmap_put(&m, k, (size_t)n, i * 3), i * 3);
    }
    assert_int_equal(m.n, N);
    assert_true(m.nslots > slots0);
    assert_true((size_t)m.n * 2 <= m.nslots);          /* load factor kept */
    assert_int_equal(m.nslots & (m.nslots - 1), 0);    /* power of two */
    for (uint32_t i = 0; i < N; i++) {
        int n = snprintf(k, sizeof k, "mot%u", i);
        if (strmap_get(&m, k, (size_t)n) != i * 3)
            fail_msg("lost %s after growth", k);
    }
    assert_int_equal(strmap_get(&m, "mot20000", 8), UINT32_MAX);
    strmap_free(&m);
    strmap_free(&m); /* zeroed by the first free */
    strmap_free(NULL);
}

static void test_hash_is_fnv1a(void **s)
{
    (void)s;
    /* Reference values of FNV-1a 64. */
    assert_true(strmap_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(strmap_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(strmap_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

/* Enough keys for many growths and many probes past other keys (whose
 * hash tags mostly differ, sometimes not): every key is found, and keys
 * that were never put are not. */
static void test_many_keys(void **s)
{
    (void)s;
    struct strmap m;
    strmap_init(&m);
    char k[32];
    for (uint32_t i = 0; i < 200000; i++) {
        int n = snprintf(k, sizeof k, "mot%u", i);
        assert_int_equal(strmap_put(&m, k, (size_t)n, i), i);
    }
    for (uint32_t i = 0; i < 200000; i++) {
        int n = snprintf(k, sizeof k, "mot%u", i);
        if (strmap_get(&m, k, (size_t)n) != i)
            fail_msg("get(%s)", k);
        n = snprintf(k, sizeof k, "autre%u", i);
        assert_int_equal(strmap_get(&m, k, (size_t)n), UINT32_MAX);
    }
    assert_int_equal(strmap_put(&m, "mot7", 4, 99), 7);   /* present: kept */
    strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_first_value_wins),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_hash_is_fnv1a),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
