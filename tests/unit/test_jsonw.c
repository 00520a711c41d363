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
    struct jsonw w;
    buf_init(&b, 1 << 20);
    jsonw_init(&w, &b);
    jsonw_str(&w, s);
    assert_int_equal(w.rc, GC_OK);
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
    /* Random strings of up to 62 bytes (past the 16-byte blocks of the
     * scan), escapes likely. */
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

/* A document with nested objects and arrays, every kind of value: the same
 * text as cJSON prints for the same tree. */
static void test_document(void **state)
{
    (void)state;
    cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray(), *in = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "answer", "Ouvert \"demain\".");
    cJSON_AddItemToObject(o, "sources", arr);
    cJSON_AddItemToArray(arr, in);
    cJSON_AddStringToObject(in, "title", "Piscine");
    cJSON_AddNullToObject(in, "url");
    cJSON_AddItemToArray(arr, cJSON_CreateObject());
    cJSON_AddNumberToObject(o, "confidence", 0.75);
    cJSON_AddBoolToObject(o, "refused", false);
    cJSON_AddItemToObject(o, "empty", cJSON_CreateArray());
    cJSON_AddBoolToObject(o, "last", true);
    char *want = cJSON_PrintUnformatted(o);

    struct buf b;
    struct jsonw w;
    buf_init(&b, 1024);
    jsonw_init(&w, &b);
    jsonw_open(&w, '{');
    jsonw_field_str(&w, "answer", "Ouvert \"demain\".");
    jsonw_key(&w, "sources");
    jsonw_open(&w, '[');
    jsonw_open(&w, '{');
    jsonw_field_str(&w, "title", "Piscine");
    jsonw_field_str(&w, "url", NULL);
    jsonw_close(&w, '}');
    jsonw_open(&w, '{');
    jsonw_close(&w, '}');
    jsonw_close(&w, ']');
    jsonw_field_num(&w, "confidence", 0.75);
    jsonw_field_bool(&w, "refused", false);
    jsonw_key(&w, "empty");
    jsonw_open(&w, '[');
    jsonw_close(&w, ']');
    jsonw_field_bool(&w, "last", true);
    jsonw_close(&w, '}');
    assert_int_equal(w.rc, GC_OK);
    assert_string_equal(buf_str(&b), want);

    /* Values of an array, and what JSON lacks. */
    buf_reset(&b);
    jsonw_init(&w, &b);
    jsonw_open(&w, '[');
    jsonw_num(&w, NAN);
    jsonw_strn(&w, "abc\"def", 4);
    jsonw_bool(&w, true);
    jsonw_close(&w, ']');
    assert_string_equal(buf_str(&b), "[null,\"abc\\\"\",true]");
    buf_free(&b);
    free(want);
    cJSON_Delete(o);
}

/* Past the buffer's cap: the error is kept and nothing more is written. */
static void test_cap(void **state)
{
    (void)state;
    struct buf b;
    struct jsonw w;
    buf_init(&b, 32);
    jsonw_init(&w, &b);
    jsonw_open(&w, '{');
    jsonw_field_str(&w, "a", "court");
    assert_int_equal(w.rc, GC_OK);
    jsonw_field_str(&w, "b", "une valeur bien trop longue pour le tampon");
    assert_int_equal(w.rc, GC_ERR_TOOBIG);
    size_t after = b.len;   /* the fields after would still fit */
    jsonw_field_bool(&w, "c", true);
    jsonw_close(&w, '}');
    assert_int_equal(w.rc, GC_ERR_TOOBIG);
    assert_int_equal(b.len, after);   /* nothing written after the error */
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
