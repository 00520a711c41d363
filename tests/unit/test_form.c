/* test_form.c — application/x-www-form-urlencoded decoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "channels/form.h"

static void test_basic(void **state)
{
    (void)state;
    struct form f;
    const char *s = "a=1&b=x+y%21&empty=&noeq&&c=%C3%A9t%C3%A9&a=2";
    assert_int_equal(form_parse(s, strlen(s), &f, NULL), GC_OK);
    assert_int_equal(f.n, 6);
    assert_string_equal(form_get(&f, "a")->value, "1");        /* the first one */
    assert_string_equal(form_get(&f, "b")->value, "x y!");
    assert_int_equal(form_get(&f, "empty")->value_len, 0);
    assert_int_equal(form_get(&f, "noeq")->value_len, 0);
    assert_string_equal(form_get(&f, "c")->value, "été");
    assert_null(form_get(&f, "A"));                            /* case-sensitive */
    assert_null(form_get(&f, "d"));
    form_free(&f);
    form_free(&f);                                             /* twice is fine */
}

static void test_binary(void **state)
{
    (void)state;
    struct form f;
    const char *s = "text=%00O%00%F9%00+&n%61me=%3D%26";
    assert_int_equal(form_parse(s, strlen(s), &f, NULL), GC_OK);
    const struct form_field *t = form_get(&f, "text");
    assert_non_null(t);
    assert_int_equal(t->value_len, 6);
    assert_memory_equal(t->value, "\0O\0\xF9\0 ", 6);
    assert_string_equal(form_get(&f, "name")->value, "=&");
    form_free(&f);
}

static void test_errors(void **state)
{
    (void)state;
    struct form f;
    struct gc_err e = {0};
    const char *bad[] = {"a=%", "a=%4", "a=%G0", "%zz=1", "a=1&b=%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(form_parse(bad[i], strlen(bad[i]), &f, &e), GC_ERR_PARSE);
        form_free(&f);
    }
    char many[2048] = "";
    size_t n = 0;
    for (int i = 0; i <= FORM_FIELDS_MAX; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "f%d=1&", i);
    assert_int_equal(form_parse(many, n, &f, &e), GC_ERR_TOOBIG);
    form_free(&f);
    assert_int_equal(form_parse("", 0, &f, &e), GC_OK);
    assert_int_equal(f.n, 0);
    form_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
