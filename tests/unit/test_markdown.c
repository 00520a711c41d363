/* test_markdown.c — import/markdown: front matter, passages, and errors that
 * name the file and the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/markdown.h"
#include "util/mem.h"

#define FM_HEAD                                                                                    \
    "---\n"                                                                                        \
    "title: \"Piscine municipale\"\n"                                                              \
    "url: https://www.villebrune.example/sport/piscine\n"                                          \
    "service: Sports\n"                                                                            \
    "status: validated\n"                                                                          \
    "validated_by: Claire Martin\n"                                                                \
    "validated_on: 2026-09-14\n"

static const char page_md[] =
    FM_HEAD
    "review_by: 2027-09-14\n"
    "# a comment line\n"
    "tags:   piscine, natation  \n"
    "---\n"
    "La piscine  accueille\ntous les publics.\n"
    "\n"
    "## Horaires\n"
    "- Lundi : 12 h à 14 h\n"
    "- Mardi : **fermé**\n"
    "\n"
    "Pendant les vacances, voir l'accueil.\n"
    "\n"
    "## Tarifs\n"
    "| Public | Prix |\n"
    "|---|---|\n"
    "| Adulte | 4 € |\n"
    "| Enfant | 2 € |\n";

/* Parse a copy of text that is NOT NUL-terminated, so that a read past len
 * shows under ASan. */
static enum gc_rc parse(const char *text, size_t len, struct page_rec *p, struct gc_err *e)
{
    char *copy = xmalloc(len ? len : 1);
    memcpy(copy, text, len);
    gc_err_clear(e);
    enum gc_rc rc = markdown_parse_page("p.md", copy, len, p, e);
    free(copy);
    return rc;
}

static void check_page(const struct page_rec *p)
{
    assert_string_equal(p->title, "Piscine municipale");
    assert_string_equal(p->url, "https://www.villebrune.example/sport/piscine");
    assert_string_equal(p->ext_id, p->url);
    assert_string_equal(p->service, "Sports");
    assert_string_equal(p->status, "validated");
    assert_string_equal(p->validated_by, "Claire Martin");
    assert_string_equal(p->validated_on, "2026-09-14");
    assert_string_equal(p->tags, "piscine, natation");
    assert_string_equal(p->source, "p.md");
    assert_int_equal(p->npassages, 3);
    assert_string_equal(p->passages[0].heading, "");
    assert_string_equal(p->passages[0].text, "La piscine accueille tous les publics.");
    assert_string_equal(p->passages[1].heading, "Horaires");
    assert_string_equal(p->passages[1].text, "- Lundi : 12 h à 14 h\n"
                                             "- Mardi : fermé\n"
                                             "Pendant les vacances, voir l'accueil.");
    assert_string_equal(p->passages[2].heading, "Tarifs");
    /* A table's body rows are items naming their columns (a row that
     * begins with a label says it after its column's header of one word). */
    assert_string_equal(p->passages[2].text, "- Public Adulte : Prix 4 €\n- Public Enfant : Prix 2 €");
}

/* A row's label after its column's header of one word, unless it says it
 * ("Salle des fêtes" under "Salle") or the header is longer: "Entrée Adulte"
 * is the row of "une entrée adulte", beside "Carte 10 entrées adulte". */
static void test_table_first_header(void **s)
{
    (void)s;
    static const struct {
        const char *table, *want;
    } cases[] = {
        {"| Entrée | Tarif |\n| --- | --- |\n| Adulte | 4,20 € |\n| Carte 10 entrées adulte | 36 € |\n",
         "- Entrée Adulte : Tarif 4,20 €\n- Carte 10 entrées adulte : Tarif 36 €"},
        {"| Salle | Tarif |\n| --- | --- |\n| Salle des fêtes | 300 € |\n| Salles de réunion | 50 € |\n",
         "- Salle des fêtes : Tarif 300 €\n- Salles de réunion : Tarif 50 €"},
        {"| Type de salle | Tarif |\n| --- | --- |\n| Grande | 300 € |\n",
         "- Grande : Tarif 300 €"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char t[512];
        snprintf(t, sizeof t, "---\ntitle: Tarifs\nurl: /t\nstatus: draft\n---\n%s", cases[i].table);
        struct page_rec p;
        struct gc_err e;
        if (parse(t, strlen(t), &p, &e))
            fail_msg("%s", e.msg);
        assert_int_equal(p.npassages, 1);
        assert_string_equal(p.passages[0].text, cases[i].want);
        page_rec_free(&p);
    }
}

static void test_valid_page(void **s)
{
    (void)s;
    struct page_rec p;
    struct gc_err e;
    enum gc_rc rc = parse(page_md, strlen(page_md), &p, &e);
    if (rc)
        fail_msg("%s", e.msg);
    check_page(&p);
    assert_non_null(strstr(p.body, "## Horaires"));
    assert_null(p.review_by ? strstr(p.review_by, "\n") : NULL);
    page_rec_free(&p);
    page_rec_free(NULL);
}

/* Same page with a byte order mark and CRLF line endings. */
static void test_bom_and_crlf(void **s)
{
    (void)s;
    char *t = xmalloc(2 * sizeof page_md + 4);
    size_t k = 0;
    memcpy(t, "\xEF\xBB\xBF", 3);
    k = 3;
    for (const char *c = page_md; *c; c++) {
        if (*c == '\n')
            t[k++] = '\r';
        t[k++] = *c;
    }
    struct page_rec p;
    struct gc_err e;
    enum gc_rc rc = parse(t, k, &p, &e);
    if (rc)
        fail_msg("%s", e.msg);
    check_page(&p);
    page_rec_free(&p);
    free(t);
}

static void test_lists_entities_and_draft(void **s)
{
    (void)s;
    const char *t = "---\n"
                    "title: 'Déchets & tri'\n"
                    "url: /dechets\n"
                    "status: draft\n"
                    "---\n"
                    "Tri &amp; collecte &eacute;t&eacute; &#233; &#x20AC; &laquo;A&raquo; "
                    "&nbsp;&rsquo;.\n"
                    "\n"
                    "## Points   de *collecte*\n"
                    "1. Verre\n"
                    "2. Papier\n"
                    "   - carton\n"
                    "\n"
                    "- Loose item\n"
                    "\n"
                    "- Second loose\n";
    struct page_rec p;
    struct gc_err e;
    enum gc_rc rc = parse(t, strlen(t), &p, &e);
    if (rc)
        fail_msg("%s", e.msg);
    assert_string_equal(p.title, "Déchets & tri");
    assert_string_equal(p.ext_id, "/dechets");
    assert_null(p.validated_by); /* a draft needs no validation */
    assert_int_equal(p.npassages, 2);
    assert_string_equal(p.passages[0].text, "Tri & collecte été é € «A» ’.");
    assert_string_equal(p.passages[1].heading, "Points de collecte");
    assert_string_equal(p.passages[1].text,
                        "- Verre\n- Papier\n- carton\n- Loose item\n- Second loose");
    page_rec_free(&p);
}

/* Every error: code, "p.md:LINE:" and what is wrong. */
static const struct {
    const char *text;
    enum gc_rc rc;
    const char *where, *what;
} errors[] = {
    {"Bonjour\n", GC_ERR_PARSE, "p.md:1:", "front matter"},
    {"", GC_ERR_PARSE, "p.md:1:", "front matter"},
    {"---", GC_ERR_PARSE, "p.md:1:", "front matter"},
    {"---\ntitle: T\nurl: /t\n", GC_ERR_PARSE, "p.md:", "not closed"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\nBody\n", GC_ERR_PARSE, "p.md:5:", "key: value"},
    {"---\ntitle: T\ncolour: red\n---\nBody\n", GC_ERR_PARSE, "p.md:3:", "unknown key 'colour'"},
    {"\xEF\xBB\xBF---\ntitle: T\nurl: /t\n\nTitle: U\n---\nx\n", GC_ERR_PARSE, "p.md:5:",
     "unknown key 'Title'"},
    {"---\r\ntitle: T\r\nurl: /t\r\ntitle: U\r\n---\r\nx\r\n", GC_ERR_PARSE, "p.md:4:",
     "'title' given twice"},
    {"---\ntitle: T\n  : x\n---\nBody\n", GC_ERR_PARSE, "p.md:3: expected 'key: value'", ""},
    {"---\ntitle: T\n: x\n---\nBody\n", GC_ERR_PARSE, "p.md:3: expected 'key: value'", ""},
    {"---\ntitle: T\nurl: /t\nstatus: published\n---\nBody\n", GC_ERR_INVALID, "p.md:1",
     "status must be 'draft', 'submitted' or 'validated' (got 'published'"},
    {"---\ntitle: T\nurl: /t\nstatus: withdrawn\n---\nBody\n", GC_ERR_INVALID, "p.md:1",
     "guichet withdraw"},
    {FM_HEAD "expires: 2026-13-01\n---\nBody\n", GC_ERR_INVALID, "p.md:1",
     "expires '2026-13-01'"},
    {"---\ntitle: T\nurl: /t\n---\nBody\n", GC_ERR_INVALID, "p.md:1", "status"},
    {FM_HEAD "review_by: 2026-02-30\n---\nBody\n", GC_ERR_INVALID, "p.md:1",
     "review_by '2026-02-30'"},
    {"---\ntitle: T\nurl: /t\nstatus: validated\nvalidated_by: C\nvalidated_on: 2026-02-30\n---\n"
     "Body\n", GC_ERR_INVALID, "p.md:1", "validated_on '2026-02-30'"},
    {"---\ntitle: T\nurl: /t\nstatus: validated\nvalidated_on: 2026-02-28\n---\nBody\n",
     GC_ERR_INVALID, "p.md:1", "validated_by"},
    {"---\ntitle: T\nurl: /t\nstatus: validated\nvalidated_by: C\n---\nBody\n", GC_ERR_INVALID,
     "p.md:1", "validated_on"},
    {"---\ntitle: T\nstatus: draft\n---\nBody\n", GC_ERR_INVALID, "p.md:1", "missing 'url'"},
    {"---\ntitle: T\nurl:\nstatus: draft\n---\nBody\n", GC_ERR_INVALID, "p.md:1", "missing 'url'"},
    {"---\ntitle: T\nurl: ftp://x\nstatus: draft\n---\nBody\n", GC_ERR_INVALID, "p.md:1",
     "url must start"},
    {"---\nurl: /t\nstatus: draft\n---\nBody\n", GC_ERR_INVALID, "p.md:1", "missing 'title'"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\n---\n", GC_ERR_INVALID, "p.md:6:", "no text"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\n---\n\n  \n## Seul titre\n", GC_ERR_INVALID, "p.md:6:",
     "no text"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\n---", GC_ERR_INVALID, "p.md:6:", "no text"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\n---\nUn\nDeux \xC3\x28\n", GC_ERR_PARSE, "p.md:7:",
     "UTF-8"},
    {"---\ntitle: T\xff\n", GC_ERR_PARSE, "p.md:2:", "UTF-8"},
    {"---\ntitle: T\nurl: /t\nstatus: draft\n---\nA\n\nB \xED\xA0\x80\n", GC_ERR_PARSE, "p.md:8:",
     "UTF-8"},
};

/* A header ending with a figure and a value beginning with one stay apart:
 * "2026 24,85 %" would read as one number. */
static void test_table_figures_apart(void **s)
{
    (void)s;
    const char *t = "---\ntitle: Impôts locaux\nurl: /impots\nstatus: draft\n---\n"
                    "| Taxe | Taux 2026 | Tarif |\n| --- | --- | --- |\n"
                    "| Foncier bâti | 24,85 % | néant |\n";
    struct page_rec p;
    struct gc_err e;
    if (parse(t, strlen(t), &p, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(p.npassages, 1);
    assert_string_equal(p.passages[0].text, "- Taxe Foncier bâti : Taux 2026 : 24,85 % ; Tarif néant");
    page_rec_free(&p);
}

static void test_errors(void **s)
{
    (void)s;
    int bad = 0;
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        struct page_rec p;
        struct gc_err e;
        enum gc_rc rc = parse(errors[i].text, strlen(errors[i].text), &p, &e);
        if (rc != errors[i].rc || strncmp(e.msg, errors[i].where, strlen(errors[i].where)) ||
            !strstr(e.msg, errors[i].what)) {
            print_error("case %zu: rc %d \"%s\", want rc %d \"%s ... %s\"\n", i, rc, e.msg,
                        errors[i].rc, errors[i].where, errors[i].what);
            bad++;
        }
        page_rec_free(&p); /* whatever was filled before the error */
    }
    assert_int_equal(bad, 0);
}

/* A NUL byte is not text. */
static void test_nul_byte(void **s)
{
    (void)s;
    const char t[] = "---\ntitle: T\nurl: /t\nstatus: draft\n---\nA\0B\n";
    struct page_rec p;
    struct gc_err e;
    assert_int_equal(parse(t, sizeof t - 1, &p, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "p.md:6:"));
    page_rec_free(&p);
}

static void test_dates(void **s)
{
    (void)s;
    static const struct {
        const char *d;
        int ok;
    } cases[] = {
        {"2026-09-14", 1}, {"2024-02-29", 1}, {"2000-02-29", 1}, {"2026-12-31", 1},
        {"2026-02-30", 0}, {"2026-02-29", 0}, {"1900-02-29", 0}, {"2026-04-31", 0},
        {"2026-13-01", 0}, {"2026-00-10", 0}, {"2026-01-00", 0}, {"2026-1-01", 0},
        {"2026/01/01", 0}, {"26-01-2026", 0}, {"", 0},           {"2026-01-01x", 0},
        {"1899-12-31", 0}, {"2026-0a-01", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (date_is_valid(cases[i].d) != cases[i].ok)
            fail_msg("date_is_valid(\"%s\") != %d", cases[i].d, cases[i].ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_page),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_lists_entities_and_draft),
        cmocka_unit_test(test_table_figures_apart),
        cmocka_unit_test(test_table_first_header),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
