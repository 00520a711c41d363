/* test_tables.c — the tables sorted by hand and searched with bsearch():
 * each must be strictly sorted, or some of its entries are silently never
 * found.  The test reads each table from its source file (so that it sees
 * every entry as written, without a second copy to keep in step, and without
 * exposing the table), checks the order, and then looks every entry up
 * through the module's public function.
 *
 * The sources are read from src/ (the Makefile runs the tests from the top of
 * the tree), or from $GUICHET_SRC.  The SMS abbreviations are checked by
 * test_sms_fr.c through sms_fr_table(); the word lists of data/fr/ are
 * sorted when they are read (text/langdata.c): here every entry of two of
 * them is looked up through the module that reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/sms_text.h"
#include "search/index.h"
#include "text/analyze.h"
#include "text/langdata.h"
#include "util/file.h"

#define ITEMS_MAX 512
#define ITEM_MAX 64

struct items {
    char s[ITEMS_MAX][ITEM_MAX];   /* string literals decoded, numbers as written */
    int n;
};

static char *read_source(const char *rel)
{
    const char *d = getenv("GUICHET_SRC");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", d && *d ? d : "src", rel);
    char *text = NULL;
    size_t len = 0;
    struct gc_err e;
    if (file_read(path, 1 << 22, &text, &len, &e))
        fail_msg("%s: %s", path, e.msg);
    return text;
}

/* Decode the C string literal at *p (on its opening quote) into out; *p
 * moves past the closing quote.  The escapes the tables use: \" \\ \n. */
static void take_string(const char **p, char *out, size_t cap)
{
    const char *s = *p + 1;
    size_t n = 0;
    for (; *s && *s != '"'; s++) {
        char c = *s;
        if (c == '\\') {
            s++;
            c = *s == 'n' ? '\n' : *s;
        }
        if (n + 1 < cap)
            out[n++] = c;
    }
    out[n] = '\0';
    assert_int_equal(*s, '"');
    *p = s + 1;
}

/* The items of the initializer that follows decl in the source: the items at
 * brace depth 1 for a flat array, the first item of each element (its key)
 * for an array of structs.  Comments are skipped. */
static void table_items(const char *src, const char *decl, struct items *it)
{
    const char *p = strstr(src, decl);
    if (!p)
        fail_msg("table '%s' not found in its source file", decl);
    p = strchr(p, '{');
    assert_non_null(p);
    int depth = 0;
    bool want = false;   /* the next token is an item to keep */
    it->n = 0;
    while (*p) {
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            assert_non_null(end);
            p = end + 2;
        } else if (*p == '{') {
            depth++;
            want = true;
            p++;
        } else if (*p == '}') {
            if (--depth == 0)
                break;
            p++;
        } else if (*p == ',') {
            want = depth == 1;
            p++;
        } else if (*p == ' ' || *p == '\n' || *p == '\t') {
            p++;
        } else {
            char tok[ITEM_MAX];
            if (*p == '"') {
                take_string(&p, tok, sizeof tok);
            } else {
                size_t n = strcspn(p, ",} \n\t");
                assert_true(n > 0 && n < sizeof tok);
                memcpy(tok, p, n);
                tok[n] = '\0';
                p += n;
            }
            if (want) {
                assert_true(it->n < ITEMS_MAX);
                memcpy(it->s[it->n++], tok, sizeof tok);
                want = false;
            }
        }
    }
    assert_int_equal(depth, 0);
    if (it->n < 2)
        fail_msg("table '%s': %d entries read, the reader is lost", decl, it->n);
}

/* The first i whose item is not strictly after item i - 1 (strcmp order),
 * 0 when the strings are strictly sorted. */
static int strings_unsorted_at(const struct items *it)
{
    for (int i = 1; i < it->n; i++)
        if (strcmp(it->s[i - 1], it->s[i]) >= 0)
            return i;
    return 0;
}

/* The same for numbers, read into v[]. */
static int numbers_unsorted_at(const struct items *it, long *v)
{
    for (int i = 0; i < it->n; i++) {
        char *end;
        v[i] = strtol(it->s[i], &end, 0);
        if (end == it->s[i] || *end)
            fail_msg("'%s' is not a number", it->s[i]);
        if (i && v[i - 1] >= v[i])
            return i;
    }
    return 0;
}

static void check_numbers_sorted(const char *name, const struct items *it, long *v)
{
    int i = numbers_unsorted_at(it, v);
    if (i)
        fail_msg("%s: %s then %s: not in increasing order", name, it->s[i - 1], it->s[i]);
}

/* data/fr/stopwords.txt: every stop word is found by analyze_is_stopword. */
static void test_stopwords(void **state)
{
    (void)state;
    const struct ld_list *l = langdata_list(LD_STOPWORDS);
    assert_true(l->n > 100);
    for (size_t i = 0; i < l->n; i++)
        if (!analyze_is_stopword(l->first[i], strlen(l->first[i])))
            fail_msg("stop word \"%s\" is not found", l->first[i]);
    assert_false(analyze_is_stopword("piscine", 7));
}

/* data/fr/frame-words.txt: every frame word gets a lower weight in a query
 * than a word that is not one. */
static void test_frame_words(void **state)
{
    (void)state;
    const struct ld_list *l = langdata_list(LD_FRAME_WORDS);
    assert_true(l->n > 10);
    struct index *ix = index_new();
    index_finish(ix);
    static struct query q;
    index_query(ix, "piscine", 7, &q);
    assert_int_equal(q.n, 1);
    float plain = q.t[0].weight;
    for (size_t i = 0; i < l->n; i++) {
        index_query(ix, l->first[i], strlen(l->first[i]), &q);
        if (q.n < 1 || q.t[0].kind != QT_WORD || !(q.t[0].weight < plain))
            fail_msg("frame word \"%s\" is not weighted as one", l->first[i]);
    }
    index_free(ix);
}

/* channels/sms_text.c: the GSM-7 basic characters past ASCII (each one
 * character wide) and the transliteration table. */
static void test_sms_tables(void **state)
{
    (void)state;
    char *src = read_source("channels/sms_text.c");
    static struct items it;
    static long v[ITEMS_MAX];
    table_items(src, "gsm7_basic[] =", &it);
    check_numbers_sorted("gsm7_basic", &it, v);
    for (int i = 0; i < it.n; i++)
        if (sms_gsm7_width((int32_t)v[i]) != 1)
            fail_msg("GSM-7 character U+%04lX is not found", (unsigned long)v[i]);
    table_items(src, "translit_table[] =", &it);
    check_numbers_sorted("translit_table", &it, v);
    free(src);
}

/* The reader itself: a table out of order is caught. */
static void test_reader_catches_disorder(void **state)
{
    (void)state;
    static const char src[] =
        "static const char *const t[] = {\n"
        "    \"b\", /* a, } */ \"a\",\n"
        "};\n"
        "static const struct x s[] = {\n"
        "    {0x20, \"\\\"\"}, {0x10, \"}\"},\n"
        "};\n";
    static struct items it;
    static long v[ITEMS_MAX];
    table_items(src, "t[] =", &it);
    assert_int_equal(it.n, 2);
    assert_string_equal(it.s[0], "b");
    assert_string_equal(it.s[1], "a");
    assert_int_equal(strings_unsorted_at(&it), 1);
    memcpy(it.s[1], "b", 2);   /* listed twice */
    assert_int_equal(strings_unsorted_at(&it), 1);
    memcpy(it.s[1], "c", 2);
    assert_int_equal(strings_unsorted_at(&it), 0);
    table_items(src, "s[] =", &it);
    assert_int_equal(it.n, 2);
    assert_string_equal(it.s[0], "0x20");
    assert_string_equal(it.s[1], "0x10");
    assert_int_equal(numbers_unsorted_at(&it, v), 1);
    assert_int_equal(v[0], 0x20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_frame_words),
        cmocka_unit_test(test_sms_tables),
        cmocka_unit_test(test_reader_catches_disorder),
    };
    return cmocka_run_group_tests_name("sorted tables", tests, NULL, NULL);
}
