/* test_hours_fr.c — reading French opening-hours text (knowledge/hours_fr.h).
 *
 * The cases are in tests/data/hours/fr-cases.tsv (texts written for these
 * tests): text, then the expected value, or "!" and a word the refusal
 * message must quote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "knowledge/hours.h"
#include "knowledge/hours_fr.h"
#include "util/buf.h"
#include "util/limits.h"

static FILE *open_data(const char *name)
{
    char path[1024];
    const char *d = getenv("GUICHET_TEST_DATA");
    snprintf(path, sizeof path, "%s/%s", d && *d ? d : "tests/data/hours", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    return f;
}

static void test_cases(void **state)
{
    (void)state;
    char line[4096];
    FILE *f = open_data("fr-cases.tsv");
    int n = 0, failed = 0;
    if (!fgets(line, sizeof line, f))
        fail_msg("empty fr-cases.tsv");
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *text = line[0] == '!' ? line + 1 : line;
        const char *want = tab + 1;
        struct buf out;
        struct gc_err e;
        buf_init(&out, GC_HOURS_EXPR_MAX);
        gc_err_clear(&e);
        enum gc_rc rc = hours_fr_to_osm(text, &out, &e);
        n++;
        if (want[0] == '!') {
            if (rc == GC_OK || !strstr(e.msg, want + 1)) {
                print_message("  FAIL '%s': expected a refusal naming '%s', got '%s' / '%s'\n",
                              text, want + 1, buf_str(&out), e.msg);
                failed++;
            }
            assert_int_equal(out.len, 0);  /* out unchanged on failure */
        } else if (rc != GC_OK || strcmp(buf_str(&out), want)) {
            print_message("  FAIL '%s': expected '%s', got '%s' (%s)\n", text, want, buf_str(&out),
                          e.msg);
            failed++;
        } else {
            /* what we write is always a valid value */
            struct hours *h = NULL;
            assert_int_equal(hours_parse(buf_str(&out), &h, NULL), GC_OK);
            hours_free(h);
        }
        buf_free(&out);
    }
    fclose(f);
    print_message("  fr-cases.tsv: %d/%d\n", n - failed, n);
    assert_true(n >= 40);
    assert_int_equal(failed, 0);
}

static void test_limits(void **state)
{
    (void)state;
    struct buf out;
    struct gc_err e;
    buf_init(&out, GC_HOURS_EXPR_MAX);
    assert_int_equal(hours_fr_to_osm(NULL, &out, &e), GC_ERR_INVALID);
    char *big = malloc(GC_HOURS_FR_TEXT_MAX + 2);
    assert_non_null(big);
    memset(big, 'a', GC_HOURS_FR_TEXT_MAX + 1);
    big[GC_HOURS_FR_TEXT_MAX + 1] = '\0';
    assert_int_equal(hours_fr_to_osm(big, &out, &e), GC_ERR_TOOBIG);
    /* many groups */
    size_t len = 0;
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(big + len, GC_HOURS_FR_TEXT_MAX - len, "lundi %dh-%dh / ", i % 20,
                                i % 20 + 1);
    assert_int_not_equal(hours_fr_to_osm(big, &out, &e), GC_OK);
    assert_non_null(strstr(e.msg, "too many"));
    /* invalid UTF-8 and stray bytes are refused, not crashed on */
    assert_int_not_equal(hours_fr_to_osm("lundi \xff 9h-12h", &out, &e), GC_OK);
    assert_int_not_equal(hours_fr_to_osm("lundi \xc3", &out, &e), GC_OK);
    assert_int_equal(hours_fr_to_osm("", &out, &e), GC_ERR_PARSE);
    /* appends to what is already in out */
    buf_adds(&out, "x=");
    assert_int_equal(hours_fr_to_osm("lundi 9h-12h", &out, &e), GC_OK);
    assert_string_equal(buf_str(&out), "x=Mo 09:00-12:00");
    buf_free(&out);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests_name("hours_fr", tests, NULL, NULL);
}
