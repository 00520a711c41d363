/* test_langdata.c — text/langdata: the data files' parser (formats, every
 * error with its file and line), the set of data/fr/, and a missing or
 * malformed file in a data folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/langdata.h"
#include "util/limits.h"

static const struct ld_format words = {LD_SPLIT_LINE, 1, 1, LDF_SORTED | LDF_FOLDED, 100, NULL, 0};
static const struct ld_format groups = {LD_SPLIT_BLANK, 2, 8, 0, 100, NULL, 0};
static const struct ld_format table = {LD_SPLIT_TAB, 2, 3, LDF_SORTED, 100, NULL, 0};

static struct ld_list *parse_ok(const char *text, const struct ld_format *f)
{
    struct ld_list *l = NULL;
    struct gc_err e = {0};
    if (langdata_parse("t.txt", text, strlen(text), f, &l, &e))
        fail_msg("%s", e.msg);
    return l;
}

/* The error message of a file that must fail with rc. */
static const char *parse_err(const char *text, const struct ld_format *f, enum gc_rc rc)
{
    static struct gc_err e;
    struct ld_list *l = NULL;
    memset(&e, 0, sizeof e);
    assert_int_equal(langdata_parse("t.txt", text, strlen(text), f, &l, &e), rc);
    assert_null(l);
    return e.msg;
}

static void test_formats(void **state)
{
    (void)state;
    /* Comments, blank lines, CRLF, blanks around; sorted by the first field. */
    struct ld_list *l = parse_ok("# header\n\n  pour  \r\nde # a comment\nau\n", &words);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->first[0], "au");
    assert_string_equal(l->first[1], "de");
    assert_string_equal(l->first[2], "pour");
    assert_null(l->first[3]);
    assert_int_equal(l->e[1].line, 4);
    langdata_list_free(l);
    /* Phrases keep their inner space. */
    l = parse_ok("il va pleuvoir\nmeteo\n", &words);
    assert_string_equal(l->first[0], "il va pleuvoir");
    langdata_list_free(l);
    /* Groups: blank-separated words, in file order. */
    l = parse_ok("prix tarif\tcout\nrdv  rendez\n", &groups);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->e[0].nfield, 3);
    assert_string_equal(l->e[0].field[2], "cout");
    assert_string_equal(l->e[1].field[1], "rendez");
    langdata_list_free(l);
    /* Tables: tab-separated, "" for an empty field, a '#' inside a word kept. */
    l = parse_ok("mdr\t\"\"\nbjr\tbonjour\tx#y\n", &table);
    assert_string_equal(l->e[0].field[0], "bjr");
    assert_string_equal(l->e[0].field[2], "x#y");
    assert_string_equal(l->e[1].field[1], "");
    langdata_list_free(l);
    /* A field in double quotes keeps its blanks. */
    static const struct ld_format plain = {LD_SPLIT_LINE, 1, 1, 0, 100, NULL, 0};
    l = parse_ok("\" car \"\nparce qu\n", &plain);
    assert_string_equal(l->first[0], " car ");
    assert_string_equal(l->first[1], "parce qu");
    langdata_list_free(l);
    /* An empty file is an empty list. */
    l = parse_ok("# nothing\n", &words);
    assert_int_equal(l->n, 0);
    assert_null(l->first[0]);
    langdata_list_free(l);
}

static void test_errors(void **state)
{
    (void)state;
    assert_string_equal(parse_err("au\nau\n", &words, GC_ERR_PARSE),
                        "t.txt:2: \"au\" is already on line 1");
    assert_non_null(strstr(parse_err("au\nÉté\n", &words, GC_ERR_PARSE), "t.txt:2: \"Été\" is not folded"));
    assert_non_null(strstr(parse_err("au\nil  va\n", &words, GC_ERR_PARSE), "t.txt:2:"));
    assert_string_equal(parse_err("a\n\xff\n", &words, GC_ERR_PARSE), "t.txt:2: invalid UTF-8");
    assert_string_equal(parse_err("a\nb\x01\n", &words, GC_ERR_PARSE),
                        "t.txt:2: control character 0x01");
    assert_string_equal(parse_err("prix\n", &groups, GC_ERR_PARSE),
                        "t.txt:1: 1 field, at least 2 expected");
    assert_string_equal(parse_err("a b c d e f g h i\n", &groups, GC_ERR_PARSE),
                        "t.txt:1: more than 8 fields");
    assert_non_null(strstr(parse_err("a\t\tb\n", &table, GC_ERR_PARSE), "t.txt:1: field 2 is empty"));
    /* Flags from a closed list. */
    static const char *const flags[] = {"before-word", "not-after-det", NULL};
    static const struct ld_format texting = {LD_SPLIT_TAB, 2, 3, LDF_SORTED, 100, flags, 2};
    struct ld_list *l = parse_ok("c\tc'est\tbefore-word\ncb\tcombien\tnot-after-det before-word\n",
                                 &texting);
    langdata_list_free(l);
    assert_string_equal(parse_err("c\tc'est\tbefore\n", &texting, GC_ERR_PARSE),
                        "t.txt:1: unknown value \"before\" (one of: before-word, not-after-det)");
    /* A form in two families. */
    static const struct ld_format fam = {LD_SPLIT_BLANK, 2, 8, LDF_UNIQUE_REST, 100, NULL, 0};
    assert_string_equal(parse_err("prend prend pris\nmettr mis\napprend appris pris\n", &fam,
                                  GC_ERR_PARSE), "t.txt:3: \"pris\" is already on line 1");
    /* Caps: entries, line, field, file. */
    struct ld_format two = words;
    two.max_entries = 2;
    assert_string_equal(parse_err("a\nb\nc\n", &two, GC_ERR_TOOBIG), "t.txt:3: more than 2 entries");
    char big[GC_LANGDATA_LINE_MAX + 8];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_non_null(strstr(parse_err(big, &words, GC_ERR_TOOBIG), "t.txt:1: line longer"));
    big[GC_LANGDATA_FIELD_MAX + 1] = '\0';
    assert_non_null(strstr(parse_err(big, &words, GC_ERR_TOOBIG), "t.txt:1: field 1 longer"));
    l = NULL;
    struct gc_err e = {0};
    assert_int_equal(langdata_parse("t.txt", big, GC_LANGDATA_FILE_MAX + 1, &words, &l, &e),
                     GC_ERR_TOOBIG);
}

/* Every resource of the project's data/fr/ reads (the set unit tests use). */
static void test_project_set(void **state)
{
    (void)state;
    for (int r = 0; r < LD__COUNT; r++) {
        const struct ld_list *l = langdata_list((enum ld_res)r);
        assert_non_null(l);
        assert_true(l->n > 0);
    }
    assert_non_null(strstr(langdata_dir(), "data"));
    /* a word of a list, by its length */
    assert_true(langdata_has_word(LD_NEGATION_WORDS, "sans"));     /* sorted: halving */
    assert_false(langdata_has_word(LD_NEGATION_WORDS, "sansx"));
    assert_false(langdata_has_word(LD_NEGATION_WORDS, "san"));
    assert_true(langdata_has_word(LD_STREET_WORDS, "avenue"));     /* in the file's order */
    assert_false(langdata_has_word(LD_STREET_WORDS, "aven"));
    assert_false(langdata_has_word(LD_STREET_WORDS, ""));
    /* The same folder again is fine; another one, once in use, is not. */
    struct gc_err e = {0};
    assert_int_equal(langdata_use(langdata_dir(), &e), GC_OK);
    assert_int_equal(langdata_use("/nonexistent", &e), GC_ERR_INVALID);
}

/* A copy of data/ in a temporary folder, with one file replaced. */
static void copy_with(char *dir, size_t n, const char *file, const char *text)
{
    snprintf(dir, n, "/tmp/guichet-langdata-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp -r '%s/fr' '%s/'", langdata_dir(), dir);
    assert_int_equal(system(cmd), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/fr/%s", dir, file);
    if (!text) {
        assert_int_equal(unlink(path), 0);
        return;
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void remove_dir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_bad_folder(void **state)
{
    (void)state;
    char dir[128];
    struct langdata *ld = NULL;
    struct gc_err e = {0};
    const char *file = langdata_file(LD_STOPWORDS);
    copy_with(dir, sizeof dir, file, NULL);
    assert_int_equal(langdata_open(&ld, dir, &e), GC_ERR_IO);
    assert_null(ld);
    assert_non_null(strstr(e.msg, file));
    remove_dir(dir);
    copy_with(dir, sizeof dir, file, "# stop words\nle\nLa\n");
    assert_int_equal(langdata_open(&ld, dir, &e), GC_ERR_PARSE);
    char want[256];
    snprintf(want, sizeof want, "%s:3: \"La\" is not folded", file);
    assert_non_null(strstr(e.msg, want));
    remove_dir(dir);
    /* A good copy opens. */
    copy_with(dir, sizeof dir, file, "le\nla\n");
    assert_int_equal(langdata_open(&ld, dir, &e), GC_OK);
    assert_int_equal(langdata_in(ld, LD_STOPWORDS)->n, 2);
    langdata_free(ld);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_project_set),
        cmocka_unit_test(test_bad_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
