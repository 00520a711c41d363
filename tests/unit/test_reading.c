/* test_reading.c — answer/reading: a question read once into what every
 * later step reads (texting spelled out, folded text, intent, follow-up,
 * what is asked, the date named, the query and its subject). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/reading.h"
#include "search/index.h"

static struct index *build(void)
{
    struct index *ix = index_new();
    struct stored_page sp = {"/cantine", "Cantine scolaire", "/cantine", "S", "V", "2026-01-01",
                             "", "", "", ""};
    index_add_page(ix, &sp);
    index_add_passage(ix, "", "Le repas de la cantine coûte 3,10 euros. Inscription en mairie.");
    index_finish(ix);
    return ix;
}

static void test_read_once(void **state)
{
    (void)state;
    struct index *ix = build();
    struct gc_time at = {2027, 2, 10, 10, 0};
    struct reading r;
    /* Texting spelled out, then folded; a price asked; its subject. */
    const char *q = "cb coute la cantine samedi";
    reading_init(&r, q, strlen(q), 0, "belcombe", NULL, &at, ix);
    assert_string_equal(r.text, "combien coute la cantine samedi");
    assert_string_equal(r.folded, "combien coute la cantine samedi");
    assert_int_equal(r.intent, INTENT_QUESTION);
    assert_false(r.leans);
    assert_int_equal(r.asks, AT_PRICE);
    assert_true(r.has_when);
    assert_int_equal(r.when.kind, FR_SPAN_DAY);
    assert_true(r.when.weekday);
    assert_false(r.has_facility);
    assert_int_equal(r.facility.facility, -1);
    assert_true(r.has_query);
    assert_true(r.query.n > 0);
    assert_int_equal(r.nsubject, 2);          /* the words the pages know */
    assert_non_null(strstr(r.subject, "cantine"));
    reading_free(&r);

    /* Already spelled out: kept as given ("cb" is not expanded). */
    reading_init(&r, q, strlen(q), READING_SPELLED, NULL, NULL, NULL, NULL);
    assert_string_equal(r.text, q);
    assert_false(r.has_when);                 /* no clock, no date */
    assert_false(r.has_query);
    assert_int_equal(r.nsubject, 0);
    reading_free(&r);

    /* A follow-up; small talk; out of scope; "où" read before folding
     * takes its accent away. */
    static const struct {
        const char *q;
        enum intent intent;
        bool leans;
        enum answer_type asks;
    } cases[] = {
        {"et le samedi ?", INTENT_QUESTION, true, AT_NONE},
        {"Merci beaucoup !", INTENT_SMALL_TALK, false, AT_NONE},
        {"quel temps fera-t-il demain ?", INTENT_OUT_OF_SCOPE, false, AT_NONE},
        {"où est la cantine", INTENT_QUESTION, false, AT_PLACE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        q = cases[i].q;
        reading_init(&r, q, strlen(q), 0, NULL, NULL, &at, ix);
        if (r.intent != cases[i].intent || r.leans != cases[i].leans || r.asks != cases[i].asks)
            fail_msg("\"%s\": intent %d leans %d asks %d", q, r.intent, r.leans, r.asks);
        reading_free(&r);
    }
    /* Nothing but blanks and emoji: small talk, nothing read. */
    q = "  \xF0\x9F\x98\x80 ";
    reading_init(&r, q, strlen(q), 0, NULL, NULL, NULL, ix);
    assert_int_equal(r.intent, INTENT_SMALL_TALK);
    assert_int_equal(r.nsubject, 0);
    reading_free(&r);
    /* Not UTF-8: read as given, never a crash. */
    q = "cantine \xff\xfe";
    reading_init(&r, q, strlen(q), 0, NULL, NULL, NULL, ix);
    assert_ptr_equal(r.text, q);
    reading_free(&r);
    /* A zeroed reading may be freed. */
    memset(&r, 0, sizeof r);
    reading_free(&r);
    index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
