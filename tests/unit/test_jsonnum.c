/* test_jsonnum.c — jsonnum_format writes exactly what cJSON 1.7.15 writes
 * (its print_number: "%1.15g", else "%1.17g"), for the numbers of answers
 * (integers, values rounded to 1 to 3 decimals) and for any other double,
 * and what cJSON itself prints for a few. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>

#include "util/jsonnum.h"

/* The reference: print_number of cJSON 1.7.15. */
static void reference(double d, char *out, size_t n)
{
    if (isnan(d) || isinf(d)) {
        snprintf(out, n, "null");
        return;
    }
    snprintf(out, n, "%1.15g", d);
    double back = strtod(out, NULL);
    double big = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
    if (!(fabs(back - d) <= big * DBL_EPSILON))
        snprintf(out, n, "%1.17g", d);
}

static void same(double d)
{
    char want[64], got[JSONNUM_MAX];
    reference(d, want, sizeof want);
    size_t n = jsonnum_format(d, got);
    if (strcmp(want, got) || n != strlen(got))
        fail_msg("%.17g: \"%s\", expected \"%s\"", d, got, want);
}

/* A 64-bit xorshift: the same numbers on every run. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_fixed_points(void **state)
{
    (void)state;
    static const double v[] = {0, -0.0, 1, -1, 0.5, 0.05, 0.005, 0.001, 0.0001, 0.00012, 0.1,
                               0.2, 0.3, 0.7, 0.823, 0.999, 1.5, 12.3, 100, 1000, 1e6, 1e11,
                               999999999999.9, 1e12, 1e12 + 1, 123456789012345.0, 1e15, 1e16,
                               1e21, 1e300, 2.5e-5, 9.1e-7, 1e-9, 1.5e-9, 1e-10, 4e-7, 0.000123, 0.0001,
                               1e-5, 1.25e-5, 1e-300, DBL_MIN, DBL_MAX, 0.1 + 0.2,
                               1.0 / 3, 2.0 / 3, M_PI, -12.345, 9007199254740993.0, 3e-4};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        same(v[i]);
    char out[JSONNUM_MAX];
    assert_int_equal(jsonnum_format(NAN, out), 4);
    assert_string_equal(out, "null");
    jsonnum_format(-INFINITY, out);
    assert_string_equal(out, "null");
}

/* What the answers hold: rounded as api.c rounds them, and integers. */
static void test_rounded(void **state)
{
    (void)state;
    for (int k = 0; k <= 20000; k++) {
        same(round((double)k / 1000 * 1000) / 1000);   /* confidence */
        same(round((double)k * 0.37 * 10) / 10);         /* elapsed_ms */
        same(-(double)k / 100);
        same((double)k * 1234567);
    }
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < 50000; i++) {
        double x = (double)(rnd(&s) % 1000000000000000ull);
        same(x);
        same(x / 10);
        same(x / 100);
        same(x / 1000);
        same(round(x / 1e9 * 1000) / 1000);
        same(round(x / 1e15 * 1e9) / 1e9);                /* energy_wh, to the nWh */
        same(round(x / 1e21 * 1e9) / 1e9);
        same((double)(rnd(&s) % 100000) / 1e9);
        same((double)(rnd(&s) % 1000) / 1e6);
    }
}

/* Any double, of any magnitude: the slow way, the same text. */
static void test_any_double(void **state)
{
    (void)state;
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 50000; i++) {
        uint64_t bits = rnd(&s);
        double d;
        memcpy(&d, &bits, sizeof d);
        same(d);
        same((double)(rnd(&s) >> 11) / 9007199254740992.0 * pow(10, (int)(rnd(&s) % 30) - 10));
    }
}

/* And cJSON agrees (the version this was written against). */
static void test_cjson_agrees(void **state)
{
    (void)state;
    static const double v[] = {0, 0.823, 12.3, 1234567, 0.1 + 0.2, 1e-7, -5.5};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        cJSON *n = cJSON_CreateNumber(v[i]);
        char *s = cJSON_PrintUnformatted(n);
        char got[JSONNUM_MAX];
        jsonnum_format(v[i], got);
        assert_string_equal(got, s);
        cJSON_free(s);
        cJSON_Delete(n);
    }
}

/* Unsigned integers in decimal, as printf writes them. */
static void test_u64(void **state)
{
    (void)state;
    const uint64_t v[] = {0, 7, 9, 10, 99, 100, 200, 683, 1000000, 4294967296ull,
                          9999999999999999999ull, UINT64_MAX};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[32], got[JSONNUM_MAX];
        snprintf(want, sizeof want, "%llu", (unsigned long long)v[i]);
        assert_int_equal(jsonnum_u64(v[i], got), strlen(want));
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_points),
        cmocka_unit_test(test_rounded),
        cmocka_unit_test(test_any_double),
        cmocka_unit_test(test_cjson_agrees),
        cmocka_unit_test(test_u64),
    };
    return cmocka_run_group_tests_name("jsonnum", tests, NULL, NULL);
}
