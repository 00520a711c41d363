/* test_jsonl.c — import/jsonl: one page a line, errors with line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/jsonl.h"
#include "util/limits.h"

static FILE *file_of(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    return f;
}

static void test_valid_lines(void **s)
{
    (void)s;
    FILE *f = file_of(
        "{\"id\": \"F1\", \"text\": \"Une phrase.\\nHoraires\\nDe 9 h à 12 h.\", "
        "\"title\": \"Piscine\", \"url\": \"https://v.example/p\", \"service\": \"Sports\"}\n"
        "\n"
        "   \r\n"
        "{\"id\": 42, \"text\": \"Deux.\"}\r\n"
        "{\"id\": 12345678901, \"text\": \"Trois.\", \"title\": \"\"}"); /* no final newline */
    struct page_rec p;
    struct gc_err e = {0};
    int line = 0, eof = 0;

    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_false(eof);
    assert_int_equal(line, 1);
    assert_string_equal(p.ext_id, "F1");
    assert_string_equal(p.title, "Piscine");
    assert_string_equal(p.url, "https://v.example/p");
    assert_string_equal(p.service, "Sports");
    assert_string_equal(p.status, "validated");
    assert_string_equal(p.source, "c.jsonl:1");
    assert_string_equal(p.body, "Une phrase.\nHoraires\nDe 9 h à 12 h.");
    assert_int_equal(p.npassages, 2); /* "Horaires" looks like a heading */
    assert_string_equal(p.passages[0].heading, "");
    assert_string_equal(p.passages[0].text, "Une phrase.");
    assert_string_equal(p.passages[1].heading, "Horaires");
    assert_string_equal(p.passages[1].text, "De 9 h à 12 h.");
    page_rec_free(&p);

    /* Blank lines are skipped, but counted. */
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_int_equal(line, 4);
    assert_string_equal(p.ext_id, "42"); /* a number as id */
    assert_string_equal(p.title, "42");  /* no title: the id */
    assert_string_equal(p.url, "");
    assert_null(p.service);
    assert_string_equal(p.source, "c.jsonl:4");
    page_rec_free(&p);

    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_int_equal(line, 5);
    assert_string_equal(p.ext_id, "12345678901");
    assert_string_equal(p.title, "12345678901"); /* empty title: the id */
    page_rec_free(&p);

    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_true(eof);
    assert_int_equal(line, 5);
    page_rec_free(&p);
    fclose(f);
}

/* Lines after a lead-in ending with ':' are list items, not headings. */
static void test_plain_lists(void **s)
{
    (void)s;
    FILE *f = file_of(
        "{\"id\": \"F2\", \"text\": \"Vous devez fournir :\\nCopie de la pièce d'identité\\n"
        "Justificatif de domicile\\net une photo.\\nLe dossier est traité en 2 semaines.\\n"
        "Délais\\nComptez 3 semaines.\\nLe CSE est doté :\\nd'un budget ;\\nd'un local.\"}\n");
    struct page_rec p;
    struct gc_err e = {0};
    int line = 0, eof = 0;
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_int_equal(p.npassages, 2);
    assert_string_equal(p.passages[0].heading, "");
    assert_string_equal(p.passages[0].text,
                        "Vous devez fournir :\n- Copie de la pièce d'identité\n"
                        "- Justificatif de domicile\n- et une photo.\n"
                        "Le dossier est traité en 2 semaines.");
    assert_string_equal(p.passages[1].heading, "Délais");
    assert_string_equal(p.passages[1].text,
                        "Comptez 3 semaines.\nLe CSE est doté :\n- d'un budget ;\n- d'un local.");
    page_rec_free(&p);
    fclose(f);
}

/* Titles are plain text: markup is dropped, entities decoded. */
static void test_title_markup(void **s)
{
    (void)s;
    FILE *f = file_of(
        "{\"id\": \"a\", \"text\": \"T.\", \"title\": \"<i>Hell in a Cell</i> (2012)\"}\n"
        "{\"id\": \"b\", \"text\": \"T.\", \"title\": "
        "\"Charles <abbr class=\\\"abbr\\\" title=\\\"premier\\\">I<sup>er</sup></abbr> &amp; 2 &lt; 3\"}\n"
        "{\"id\": \"c\", \"text\": \"T.\", \"title\": \"<b></b>\"}\n");
    struct page_rec p;
    struct gc_err e = {0};
    int line = 0, eof = 0;
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_string_equal(p.title, "Hell in a Cell (2012)");
    page_rec_free(&p);
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_string_equal(p.title, "Charles Ier & 2 < 3");
    page_rec_free(&p);
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_string_equal(p.title, "c"); /* nothing left: the id */
    page_rec_free(&p);
    fclose(f);
}

static void test_empty_file(void **s)
{
    (void)s;
    FILE *f = file_of("\n\n");
    struct page_rec p;
    struct gc_err e = {0};
    int line = 0, eof = 0;
    assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_true(eof);
    assert_int_equal(line, 2);
    fclose(f);
}

/* Each bad line, after one good line and a blank one: the error names line 3. */
static void test_errors(void **s)
{
    (void)s;
    static const struct {
        const char *line;
        enum gc_rc rc;
        const char *what;
    } cases[] = {
        {"{\"id\": \"x\"}", GC_ERR_INVALID, "\"text\""},
        {"{\"id\": \"x\", \"text\": \"\"}", GC_ERR_INVALID, "\"text\""},
        {"{\"text\": \"t\"}", GC_ERR_INVALID, "\"id\""},
        {"{\"id\": \"\", \"text\": \"t\"}", GC_ERR_INVALID, "\"id\""},
        {"{\"id\": true, \"text\": \"t\"}", GC_ERR_INVALID, "\"id\""},
        {"[1, 2]", GC_ERR_PARSE, "not a JSON object"},
        {"\"text\"", GC_ERR_PARSE, "not a JSON object"},
        {"{\"id\": \"x\", \"text\": \"t\"", GC_ERR_PARSE, "not a JSON object"},
        {"id=x text=t", GC_ERR_PARSE, "not a JSON object"},
        {"{\"id\": \"x\", \"text\": \"t\", \"url\": \"ftp://x\"}", GC_ERR_INVALID, "url"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "{\"id\": \"ok\", \"text\": \"Bien.\"}\n\n%s\n", cases[i].line);
        FILE *f = file_of(text);
        struct page_rec p;
        struct gc_err e = {0};
        int line = 0, eof = 0;
        assert_int_equal(jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e), GC_OK);
        page_rec_free(&p);
        enum gc_rc rc = jsonl_next_page(f, "c.jsonl", &line, &p, &eof, &e);
        if (rc != cases[i].rc || strncmp(e.msg, "c.jsonl:3:", 10) || !strstr(e.msg, cases[i].what))
            fail_msg("case %zu (%s): rc %d \"%s\"", i, cases[i].line, rc, e.msg);
        assert_int_equal(line, 3);
        page_rec_free(&p);
        fclose(f);
    }
}

static void test_overlong_line(void **s)
{
    (void)s;
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs("{\"id\": \"a\", \"text\": \"Court.\"}\n{\"id\": \"b\", \"text\": \"", f);
    for (int i = 0; i < GC_IMPORT_LINE_MAX / 8 + 1; i++)
        fputs("abcdefg ", f);
    fputs("\"}\n{\"id\": \"c\", \"text\": \"Après.\"}\n", f);
    rewind(f);
    struct page_rec p;
    struct gc_err e = {0};
    int line = 0, eof = 0;
    assert_int_equal(jsonl_next_page(f, "big.jsonl", &line, &p, &eof, &e), GC_OK);
    page_rec_free(&p);
    assert_int_equal(jsonl_next_page(f, "big.jsonl", &line, &p, &eof, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, "big.jsonl:2:"));
    assert_non_null(strstr(e.msg, "longer than"));
    page_rec_free(&p);
    /* The reader is still in step: the next line is line 3. */
    assert_int_equal(jsonl_next_page(f, "big.jsonl", &line, &p, &eof, &e), GC_OK);
    assert_int_equal(line, 3);
    assert_string_equal(p.ext_id, "c");
    page_rec_free(&p);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_lines),
        cmocka_unit_test(test_plain_lists),
        cmocka_unit_test(test_title_markup),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_overlong_line),
    };
    return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
