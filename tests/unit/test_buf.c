/* test_buf.c — util/buf: the hard cap, TOOBIG without damage, printf, steal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static void test_empty_is_empty_string(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 16);
    assert_null(b.data);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(b.len, 0);
    buf_reset(&b); /* on a buffer never written */
    buf_free(&b);
    buf_free(&b); /* twice is harmless */
    buf_free(NULL);
}

static void test_add_grows_and_terminates(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_adds(&b, "abc"), GC_OK);
    assert_int_equal(b.len, 3000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data + 2997, "abc", 4);
    assert_int_equal(buf_addc(&b, 'z'), GC_OK);
    assert_int_equal(buf_add(&b, "", 0), GC_OK);
    assert_int_equal(b.len, 3001);
    assert_string_equal(buf_str(&b) + 2997, "abcz");
    buf_free(&b);
}

/* Appends that reach exactly the cap succeed; one byte more fails. */
static void test_cap_respected(void **s)
{
    (void)s;
    static const struct {
        size_t max;
        const char *first, *second;
        enum gc_rc rc2;
        const char *want;
    } cases[] = {
        {5, "abc", "de", GC_OK, "abcde"},
        {5, "abc", "def", GC_ERR_TOOBIG, "abc"},
        {5, "abcde", "", GC_OK, "abcde"},
        {5, "abcde", "f", GC_ERR_TOOBIG, "abcde"},
        {0, "", "", GC_OK, ""},
        {3, "", "abcd", GC_ERR_TOOBIG, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, cases[i].max);
        assert_int_equal(buf_adds(&b, cases[i].first), GC_OK);
        enum gc_rc rc = buf_adds(&b, cases[i].second);
        if (rc != cases[i].rc2 || strcmp(buf_str(&b), cases[i].want))
            fail_msg("case %zu: rc %d content \"%s\", want rc %d \"%s\"", i, rc, buf_str(&b),
                     cases[i].rc2, cases[i].want);
        assert_true(b.len <= cases[i].max);
        buf_free(&b);
    }
}

static void test_toobig_leaves_content_intact(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_adds(&b, "hello"), GC_OK);
    size_t len = b.len;
    assert_int_equal(buf_adds(&b, "world!"), GC_ERR_TOOBIG);
    assert_int_equal(buf_printf(&b, "%s", "world!"), GC_ERR_TOOBIG);
    assert_int_equal(buf_add(&b, "x", SIZE_MAX), GC_ERR_TOOBIG); /* no overflow */
    assert_int_equal(b.len, len);
    assert_string_equal(buf_str(&b), "hello");
    /* ...and the buffer stays usable. */
    assert_int_equal(buf_adds(&b, "world"), GC_OK);
    assert_string_equal(buf_str(&b), "helloworld");
    assert_int_equal(buf_addc(&b, '!'), GC_ERR_TOOBIG);
    assert_string_equal(buf_str(&b), "helloworld");
    buf_free(&b);
}

static void test_printf(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(buf_printf(&b, "%d-%s", 42, "x"), GC_OK);
    assert_int_equal(buf_printf(&b, "|%05.1f|", 3.14159), GC_OK);
    assert_int_equal(buf_printf(&b, "%s", ""), GC_OK);
    assert_string_equal(buf_str(&b), "42-x|003.1|");
    assert_int_equal(b.len, strlen("42-x|003.1|"));
    /* Output longer than the first allocation. */
    char big[300];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_reset(&b);
    assert_int_equal(buf_printf(&b, "<%s>", big), GC_OK);
    assert_int_equal(b.len, 301);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[300], '>');
    assert_int_equal(b.data[301], '\0');
    buf_free(&b);
}

static void test_printf_on_empty_buffer(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_printf(&b, "%s", ""), GC_OK);
    assert_non_null(b.data);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_printf(&b, "%s", "12345678"), GC_OK);
    assert_string_equal(buf_str(&b), "12345678");
    buf_free(&b);
}

static void test_reset_keeps_memory(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 100);
    buf_adds(&b, "something");
    char *mem = b.data;
    size_t cap = b.cap;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    assert_ptr_equal(b.data, mem);
    assert_int_equal(b.cap, cap);
    buf_free(&b);
}

static void test_steal(void **s)
{
    (void)s;
    struct buf b;
    buf_init(&b, 100);
    buf_adds(&b, "owned");
    char *p = buf_steal(&b);
    assert_string_equal(p, "owned");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 100); /* the cap survives: the buffer can be reused */
    assert_int_equal(buf_adds(&b, "again"), GC_OK);
    assert_string_equal(buf_str(&b), "again");
    free(p);
    buf_free(&b);

    /* Stealing an empty buffer still gives a string to free. */
    buf_init(&b, 10);
    p = buf_steal(&b);
    assert_non_null(p);
    assert_string_equal(p, "");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_is_empty_string),
        cmocka_unit_test(test_add_grows_and_terminates),
        cmocka_unit_test(test_cap_respected),
        cmocka_unit_test(test_toobig_leaves_content_intact),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_printf_on_empty_buffer),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_steal),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
