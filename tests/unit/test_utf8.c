/* test_utf8.c — util/utf8: well-formed UTF-8 (RFC 3629 §4), and the same
 * answers as utf8proc_iterate, which several callers used before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <utf8proc.h>

#include "util/utf8.h"

struct want {
    const char *s;
    size_t n;      /* bytes (strings may hold NUL) */
    long chars;    /* -1 = not well-formed */
};

#define W(lit, c) {lit, sizeof lit - 1, c}

static void check(const struct want *w, size_t nw)
{
    for (size_t i = 0; i < nw; i++) {
        if (utf8_count(w[i].s, w[i].n) != w[i].chars)
            fail_msg("case %zu: %ld characters, want %ld", i, utf8_count(w[i].s, w[i].n),
                     w[i].chars);
        assert_int_equal(utf8_valid(w[i].s, w[i].n), w[i].chars >= 0);
    }
}

static void test_valid(void **state)
{
    (void)state;
    static const struct want w[] = {
        W("", 0),
        W("abc", 3),
        W("\x00", 1),                        /* NUL is well-formed */
        W("\xc3\xa9t\xc3\xa9", 3),           /* été */
        W("\xc2\x80\xdf\xbf", 2),            /* U+0080, U+07FF */
        W("\xe0\xa0\x80\xef\xbf\xbf", 2),    /* U+0800, U+FFFF */
        W("\xed\x9f\xbf\xee\x80\x80", 2),    /* U+D7FF, U+E000: around the surrogates */
        W("\xf0\x90\x80\x80", 1),            /* U+10000 */
        W("\xf4\x8f\xbf\xbf", 1),            /* U+10FFFF, the last */
        W("\xe2\x82\xac 5", 3),              /* € 5 */
        W("\xf0\x9f\x98\x80!", 2),           /* emoji */
    };
    check(w, sizeof w / sizeof w[0]);
    assert_true(utf8_valid(NULL, 0));
    assert_int_equal(utf8_count(NULL, 0), 0);
    assert_false(utf8_valid(NULL, 1));
}

static void test_overlong(void **state)
{
    (void)state;
    static const struct want w[] = {
        W("\xc0\xaf", -1),                   /* '/' in 2 bytes */
        W("\xc1\xbf", -1),
        W("\xe0\x80\xaf", -1),               /* '/' in 3 bytes */
        W("\xe0\x9f\xbf", -1),               /* U+07FF in 3 bytes */
        W("\xf0\x80\x80\xaf", -1),           /* '/' in 4 bytes */
        W("\xf0\x8f\xbf\xbf", -1),           /* U+FFFF in 4 bytes */
        W("ok \xc0\x80", -1),                /* "modified UTF-8" NUL */
    };
    check(w, sizeof w / sizeof w[0]);
}

static void test_surrogates(void **state)
{
    (void)state;
    static const struct want w[] = {
        W("\xed\xa0\x80", -1),               /* U+D800 */
        W("\xed\xbf\xbf", -1),               /* U+DFFF */
        W("\xed\xa0\xbd\xed\xb8\x80", -1),   /* a CESU-8 pair */
    };
    check(w, sizeof w / sizeof w[0]);
}

static void test_truncated(void **state)
{
    (void)state;
    static const struct want w[] = {
        W("\xc3", -1),
        W("caf\xc3", -1),                    /* cut at the end of the text */
        W("\xe2\x82", -1),
        W("\xf0\x9f\x98", -1),
        W("\xc3\x28", -1),                   /* second byte not a continuation */
        W("\xe2\x28\xa1", -1),
        W("\xf0\x9f\x28\x80", -1),
        W("\x80", -1),                       /* continuation byte alone */
        W("a\xbf" "b", -1),
    };
    check(w, sizeof w / sizeof w[0]);
    /* The length given is the limit, not the NUL: "é" cut to 1 byte. */
    assert_int_equal(utf8_count("\xc3\xa9", 1), -1);
    assert_int_equal(utf8_seq_len("\xc3\xa9", 1, NULL), 0);
}

static void test_past_max(void **state)
{
    (void)state;
    static const struct want w[] = {
        W("\xf4\x90\x80\x80", -1),           /* U+110000 */
        W("\xf5\x80\x80\x80", -1),
        W("\xf7\xbf\xbf\xbf", -1),
        W("\xf8\x88\x80\x80\x80", -1),       /* old 5-byte form */
        W("\xfc\x84\x80\x80\x80\x80", -1),   /* old 6-byte form */
        W("\xfe", -1),
        W("\xff", -1),
    };
    check(w, sizeof w / sizeof w[0]);
}

static void test_seq_len_gives_code_point(void **state)
{
    (void)state;
    int32_t cp = 7;
    assert_int_equal(utf8_seq_len("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_seq_len("\xc3\xa9x", 3, &cp), 2);
    assert_int_equal(cp, 0xe9);
    assert_int_equal(utf8_seq_len("\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20ac);
    assert_int_equal(utf8_seq_len("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10ffff);
    cp = 7;
    assert_int_equal(utf8_seq_len("\xed\xa0\x80", 3, &cp), 0);
    assert_int_equal(cp, 7);   /* left as it was */
    assert_int_equal(utf8_seq_len("\xc3\xa9", 2, NULL), 2);
}

/* Every lead byte with every second byte, and the third and fourth bytes
 * at the edges of the ranges: the same length and code point as utf8proc. */
static void test_same_as_utf8proc(void **state)
{
    (void)state;
    static const unsigned char tail[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90,
                                         0x9f, 0xa0, 0xbf, 0xc0, 0xff};
    const size_t nt = sizeof tail;
    for (unsigned b0 = 0; b0 < 256; b0++)
        for (unsigned b1 = 0; b1 < 256; b1++)
            for (size_t i2 = 0; i2 < nt; i2++)
                for (size_t i3 = 0; i3 < nt; i3++)
                    for (size_t n = 1; n <= 4; n++) {
                        unsigned char s[4] = {(unsigned char)b0, (unsigned char)b1, tail[i2],
                                              tail[i3]};
                        utf8proc_int32_t ucp = -1;
                        utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &ucp);
                        int32_t cp = -1;
                        size_t m = utf8_seq_len((const char *)s, n, &cp);
                        if ((k <= 0 ? 0 : (size_t)k) != m || (m && cp != ucp))
                            fail_msg("%02x %02x %02x %02x (n %zu): %zu U+%04X, utf8proc %ld U+%04X",
                                     s[0], s[1], s[2], s[3], n, m, (unsigned)cp, (long)k,
                                     (unsigned)ucp);
                    }
}

/* utf8_encode writes what utf8proc writes, for every scalar value, and
 * utf8_next reads it back (as utf8_seq_len does). */
static void test_encode(void **state)
{
    (void)state;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp == 0xD800)
            cp = 0xE000;   /* no surrogates */
        char out[4];
        utf8proc_uint8_t ref[4];
        size_t n = utf8_encode(cp, out);
        utf8proc_ssize_t m = utf8proc_encode_char(cp, ref);
        int32_t back = -1;
        if ((size_t)m != n || memcmp(out, ref, n) || utf8_next(out, n, &back) != n || back != cp)
            fail_msg("U+%04X: %zu bytes, utf8proc %ld", (unsigned)cp, n, (long)m);
    }
    struct buf b;
    buf_init(&b, 16);
    assert_int_equal(utf8_buf_add(&b, 'a'), GC_OK);
    assert_int_equal(utf8_buf_add(&b, 0xE9), GC_OK);
    assert_int_equal(utf8_buf_add(&b, 0x1F600), GC_OK);
    assert_string_equal(buf_str(&b), "a\xc3\xa9\xf0\x9f\x98\x80");
    buf_free(&b);
}

static void test_cut(void **state)
{
    (void)state;
    const char *s = "ab\xc3\xa9\xe2\x82\xac";   /* a b é € : 7 bytes */
    assert_int_equal(utf8_cut(s, 7, 10), 7);
    assert_int_equal(utf8_cut(s, 7, 7), 7);
    assert_int_equal(utf8_cut(s, 7, 6), 4);   /* not inside € */
    assert_int_equal(utf8_cut(s, 7, 5), 4);
    assert_int_equal(utf8_cut(s, 7, 4), 4);
    assert_int_equal(utf8_cut(s, 7, 3), 2);   /* not inside é */
    assert_int_equal(utf8_cut(s, 7, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_surrogates),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_past_max),
        cmocka_unit_test(test_seq_len_gives_code_point),
        cmocka_unit_test(test_same_as_utf8proc),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_cut),
    };
    return cmocka_run_group_tests_name("util/utf8", tests, NULL, NULL);
}
