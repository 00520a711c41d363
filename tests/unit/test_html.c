/* test_html.c — channels/html: escaping, safe links, French dates, forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/html.h"

static void test_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", ""},
        {"bonjour", "bonjour"},
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"a & b", "a &amp; b"},
        {"\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"},
        {"&amp;", "&amp;amp;"},
        {"médiathèque « Louise-Michel »", "médiathèque « Louise-Michel »"},
        {"<img src=x onerror=alert(2)>", "&lt;img src=x onerror=alert(2)&gt;"},
        {"\" onmouseover=\"x", "&quot; onmouseover=&quot;x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, 1024);
        assert_int_equal(html_esc(&b, cases[i].in), GC_OK);
        assert_string_equal(buf_str(&b), cases[i].out);
        buf_free(&b);
    }
    struct buf b;
    buf_init(&b, 16);
    assert_int_equal(html_esc(&b, NULL), GC_OK);
    assert_int_equal(b.len, 0);
    assert_int_equal(html_esc_n(&b, "<ab>", 2), GC_OK);   /* only the first n bytes */
    assert_string_equal(buf_str(&b), "&lt;a");
    assert_int_equal(html_esc(&b, "<<<<<<"), GC_ERR_TOOBIG);   /* the cap holds */
    buf_free(&b);
}

static void test_url_safe(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        bool ok;
    } cases[] = {
        {"https://www.villebrune.example/culture/mediatheque", true},
        {"http://mairie.example/a?b=c#d", true},
        {"/transparence", true},
        {"//evil.example/x", false},
        {"javascript:alert(1)", false},
        {"JAVASCRIPT:alert(1)", false},
        {"data:text/html,<b>x</b>", false},
        {"https://", false},
        {"https:///x", false},
        {"https://a.example/\"onclick=x", false},
        {"https://a.example/ x", false},
        {"https://a.example/\x01", false},
        {"mediatheque", false},
        {"", false},
        {NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (html_url_safe(cases[i].url) != cases[i].ok)
            fail_msg("html_url_safe(\"%s\") should be %d", cases[i].url ? cases[i].url : "(null)",
                     cases[i].ok);
}

static void test_date_fr(void **state)
{
    (void)state;
    static const struct {
        const char *iso, *fr;
    } cases[] = {
        {"2026-09-14", "14 septembre 2026"},
        {"2026-10-01", "1er octobre 2026"},
        {"2027-02-28", "28 février 2027"},
        {"2028-02-29", "29 février 2028"},
        {"2026-08-27", "27 août 2026"},
        {"2026-12-31", "31 décembre 2026"},
        {"2027-02-29", NULL},
        {"2026-13-01", NULL},
        {"2026-04-31", NULL},
        {"2026-00-10", NULL},
        {"2026-9-14", NULL},
        {"14/09/2026", NULL},
        {"", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[48];
        bool ok = html_date_fr(cases[i].iso, out, sizeof out);
        if (ok != (cases[i].fr != NULL))
            fail_msg("html_date_fr(\"%s\") returned %d", cases[i].iso ? cases[i].iso : "(null)", ok);
        assert_string_equal(out, cases[i].fr ? cases[i].fr : "");
    }
    char tiny[8];
    assert_false(html_date_fr("2026-09-14", tiny, sizeof tiny));   /* does not fit */
}

static void test_form_parse(void **state)
{
    (void)state;
    struct form f;
    struct gc_err e = {0};
    const char *body = "question=horaires+de+la+m%C3%A9diath%C3%A8que+%3F&conversation_id=abc"
                       "&&empty=&flag&question=second";
    assert_int_equal(html_form_parse(body, strlen(body), &f, &e), GC_OK);
    assert_int_equal(f.n, 5);
    assert_string_equal(form_value(&f, "question"), "horaires de la médiathèque ?");   /* the first */
    assert_string_equal(form_value(&f, "conversation_id"), "abc");
    assert_string_equal(form_value(&f, "empty"), "");
    assert_string_equal(form_value(&f, "flag"), "");
    assert_null(form_value(&f, "missing"));
    form_free(&f);
    form_free(&f);   /* twice is fine */

    const char *multi = "comment=ligne+1%0D%0Aligne+2%09tab%2B%26%3D";
    assert_int_equal(html_form_parse(multi, strlen(multi), &f, &e), GC_OK);
    assert_string_equal(form_value(&f, "comment"), "ligne 1\r\nligne 2\ttab+&=");
    form_free(&f);

    assert_int_equal(html_form_parse("", 0, &f, &e), GC_OK);
    assert_int_equal(f.n, 0);
    form_free(&f);

    static const char *const bad[] = {
        "question=%",            /* cut escape */
        "question=%4",
        "question=%zz",
        "question=a%00b",        /* NUL */
        "question=%01",          /* control character */
        "question=%7F",
        "question=%C3%28",       /* invalid UTF-8 */
        "question=%ED%A0%80",    /* surrogate */
        "quest%ion=x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gc_err_clear(&e);
        if (html_form_parse(bad[i], strlen(bad[i]), &f, &e) != GC_ERR_PARSE)
            fail_msg("html_form_parse(\"%s\") accepted", bad[i]);
        assert_int_equal(f.n, 0);
        assert_true(strstr(e.msg, "illisible") != NULL);
    }
    /* A raw byte that is not UTF-8 (browsers always send %-escapes, others may not). */
    const char raw[] = "question=\xff";
    assert_int_equal(html_form_parse(raw, sizeof raw - 1, &f, &e), GC_ERR_PARSE);

    char many[256] = "";
    for (int i = 0; i <= GC_FORM_FIELDS_MAX; i++) {
        char piece[16];
        snprintf(piece, sizeof piece, "%sf%d=1", i ? "&" : "", i);
        strncat(many, piece, sizeof many - strlen(many) - 1);
    }
    assert_int_equal(html_form_parse(many, strlen(many), &f, &e), GC_ERR_TOOBIG);
    assert_int_equal(f.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_url_safe),
        cmocka_unit_test(test_date_fr),
        cmocka_unit_test(test_form_parse),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
