/* test_jsonw.c — util/jsonw: JSON written byte for byte as cJSON prints it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonw.h"

/* jsonw_str(s) == cJSON's print of the string s. */
static void same_as_cjson(const char *s)
{
    cJSON *j = cJSON_CreateString(s);
    assert_non_null(j);
    char *want = cJSON_PrintUnformatted(j);
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(jsonw_str(&b, s), GC_OK);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
    free(want);
    cJSON_Delete(j);
}

static void test_strings(void **state)
{
    (void)state;
    same_as_cjson("");
    same_as_cjson("Mairie de Bourg-la-Reine : ouverte de 8h30 à 17h30.");
    same_as_cjson("guillemets \" et \\ barre, fin\\");
    same_as_cjson("\b\f\n\r\t\x01\x1f\x7f");
    same_as_cjson("œ æ — € 🏛 \xe2\x80\xa8");
    same_as_cjson("\xff\xfe invalid UTF-8 \xc3");
    /* Every byte alone, and between letters. */
    for (int c = 1; c < 256; c++) {
        char s[4] = {(char)c, 0, 0, 0};
        same_as_cjson(s);
        char t[4] = {'a', (char)c, 'b', 0};
        same_as_cjson(t);
    }
    /* Random strings, escapes likely. */
    srand(7);
    for (int k = 0; k < 2000; k++) {
        char s[64];
        int n = rand() % 63;
        for (int i = 0; i < n; i++) {
            int c = rand() % 4 ? 1 + rand() % 255 : "\"\\\n\t\x02"[rand() % 5];
            s[i] = (char)c;
        }
        s[n] = '\0';
        same_as_cjson(s);
    }
}

static void test_others(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(jsonw_str(&b, NULL), GC_OK);
    assert_int_equal(jsonw_bool(&b, true), GC_OK);
    assert_int_equal(jsonw_bool(&b, false), GC_OK);
    assert_int_equal(jsonw_num(&b, 0.25), GC_OK);
    assert_int_equal(jsonw_num(&b, NAN), GC_OK);
    assert_string_equal(buf_str(&b), "nulltruefalse0.25null");
    /* The n bytes given, not to a NUL. */
    buf_reset(&b);
    assert_int_equal(jsonw_strn(&b, "abc\"def", 4), GC_OK);
    assert_string_equal(buf_str(&b), "\"abc\\\"\"");
    /* Past the buffer's cap: an error, the content left whole JSON or not. */
    buf_reset(&b);
    char big[100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(jsonw_str(&b, big), GC_ERR_TOOBIG);
    assert_true(b.len <= 64);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
