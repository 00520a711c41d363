/* test_lexicon.c — text/lexicon: a word list folded like the index's words,
 * and the index leaving real words uncorrected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/index.h"
#include "text/lexicon.h"

static char path[64];

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/gc-lexicon-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    /* Accents, capitals, œ, a hyphenated word, a short one, CRLF, duplicates. */
    fputs("ventre\nÉcole\nœuvre\nVentre\nventre-de-biche\nété\nclé\r\ncentre\n", f);
    for (int i = 0; i < 300; i++)
        fputc('x', f);  /* an overlong line is skipped */
    fputs("\nmaïs\n", f);
    fclose(f);
    struct gc_err e = {0};
    struct lexicon *l;
    assert_int_equal(lexicon_load(&l, path, &e), GC_OK);
    *state = l;
    return 0;
}

static int teardown(void **state)
{
    lexicon_free(*state);
    unlink(path);
    return 0;
}

static bool has(const struct lexicon *l, const char *w)
{
    return lexicon_has(l, w, strlen(w));
}

static void test_folded_words(void **state)
{
    const struct lexicon *l = *state;
    assert_true(has(l, "ventre"));
    assert_true(has(l, "ecole"));     /* "École" */
    assert_true(has(l, "oeuvre"));    /* "œuvre" */
    assert_true(has(l, "centre"));
    assert_true(has(l, "mais"));      /* "maïs", after the overlong line */
    assert_false(has(l, "vente"));
    assert_false(has(l, "ventre-de-biche"));
    assert_false(has(l, "ete"));      /* shorter than LEXICON_MIN */
    assert_false(has(l, "cle"));
    assert_int_equal(lexicon_size(l), 5);
    assert_false(lexicon_has(NULL, "ventre", 6));
}

static void test_missing_file(void **state)
{
    (void)state;
    struct gc_err e = {0};
    struct lexicon *l = (struct lexicon *)1;
    assert_int_equal(lexicon_load(&l, "/nonexistent/words", &e), GC_ERR_NOTFOUND);
    assert_null(l);
    assert_non_null(strstr(e.msg, "/nonexistent/words"));
}

/* A word of the list that the pages lack stays unknown; a typo is corrected. */
static void test_index_keeps_real_words(void **state)
{
    const struct lexicon *l = *state;
    struct index *ix = index_new();
    struct stored_page sp = {"/p", "Page", "/p", "S", "V", "2026-01-01", "", "", "", ""};
    index_add_page(ix, &sp);
    index_add_passage(ix, "", "Le centre de loisirs ouvre le mercredi.");
    index_finish(ix);
    index_set_lexicon(ix, l);
    struct query q;
    index_query(ix, "ventre", 6, &q);
    assert_int_equal(q.n, 1);
    assert_int_equal(q.t[0].term, UINT32_MAX);
    assert_false(q.t[0].corrected);
    index_query(ix, "centree", 7, &q);   /* not a word of the list: a typo */
    assert_true(q.t[0].corrected);
    index_set_lexicon(ix, NULL);
    index_query(ix, "ventre", 6, &q);    /* without the list, corrected */
    assert_true(q.t[0].corrected);
    index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_folded_words, setup, teardown),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test_setup_teardown(test_index_keeps_real_words, setup, teardown),
    };
    return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
