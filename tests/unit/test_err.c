/* test_err.c — util/err: the caller-owned error buffer, with a format or a
 * va_list, and the names of the codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/err.h"

/* A function with a format of its own, as the hours parser's hp_die. */
static enum gc_rc __attribute__((format(printf, 3, 4)))
report(struct gc_err *e, enum gc_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum gc_rc r = gc_err_vset(e, rc, fmt, ap);
    va_end(ap);
    return r;
}

static void test_set_and_vset(void **state)
{
    (void)state;
    struct gc_err e;
    gc_err_clear(&e);
    assert_int_equal(e.rc, GC_OK);
    assert_string_equal(e.msg, "");
    assert_int_equal(gc_err_set(&e, GC_ERR_PARSE, "%s:%d: %s", "p.md", 3, "bad"), GC_ERR_PARSE);
    assert_int_equal(e.rc, GC_ERR_PARSE);
    assert_string_equal(e.msg, "p.md:3: bad");
    assert_int_equal(report(&e, GC_ERR_TOOBIG, "more than %d %s", 64, "rules"), GC_ERR_TOOBIG);
    assert_int_equal(e.rc, GC_ERR_TOOBIG);
    assert_string_equal(e.msg, "more than 64 rules");
    /* No buffer: only the code comes back. */
    assert_int_equal(gc_err_set(NULL, GC_ERR_IO, "x"), GC_ERR_IO);
    assert_int_equal(report(NULL, GC_ERR_DB, "%d", 1), GC_ERR_DB);
    gc_err_clear(NULL);
}

static void test_long_message_is_cut(void **state)
{
    (void)state;
    char big[GC_ERR_MSG_MAX * 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct gc_err e;
    report(&e, GC_ERR_INVALID, "%s", big);
    assert_int_equal(strlen(e.msg), GC_ERR_MSG_MAX - 1);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(gc_strerror(GC_OK), "ok");
    assert_string_equal(gc_strerror(GC_ERR_PARSE), "parse error");
    for (int rc = 0; rc < GC_ERR__COUNT; rc++)
        assert_non_null(gc_strerror((enum gc_rc)rc));
    assert_string_equal(gc_strerror(GC_ERR__COUNT), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_and_vset),
        cmocka_unit_test(test_long_message_is_cut),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("util/err", tests, NULL, NULL);
}
