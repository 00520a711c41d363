/* fuzz-sources: src/channels/html.c src/channels/form.c */
/* fuzz_html_form.c — libFuzzer target for the web form parser and the HTML
 * escaper (channels/html), fed by anyone who can post to the page.
 *
 * Checks: only GC_OK, GC_ERR_PARSE or GC_ERR_TOOBIG come back; on success
 * at most GC_FORM_FIELDS_MAX fields, each name and value NUL-free (strlen
 * matches) with no control character but tab, CR and LF; every value,
 * escaped, holds none of < > " ' and no '&' that does not start an entity;
 * html_url_safe never accepts a "javascript:" or "//" URL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channels/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_escaped(const char *v)
{
    struct buf b;
    buf_init(&b, 64 * 1024);
    CHECK(html_esc(&b, v) == GC_OK);
    const char *s = buf_str(&b);
    CHECK(!strpbrk(s, "<>\"'"));
    for (const char *p = strchr(s, '&'); p; p = strchr(p + 1, '&'))
        CHECK(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) || !strncmp(p, "&gt;", 4) ||
              !strncmp(p, "&quot;", 6) || !strncmp(p, "&#39;", 5));
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct form f;
    struct gc_err e;
    enum gc_rc rc = html_form_parse((const char *)data, size, &f, &e);
    if (rc != GC_OK) {
        CHECK(rc == GC_ERR_PARSE || rc == GC_ERR_TOOBIG);
        CHECK(f.n == 0);
        return 0;
    }
    CHECK(f.n <= GC_FORM_FIELDS_MAX);
    for (size_t i = 0; i < f.n; i++) {
        const char *kv[2] = {f.fields[i].name, f.fields[i].value};
        for (int k = 0; k < 2; k++) {
            for (const unsigned char *p = (const unsigned char *)kv[k]; *p; p++)
                CHECK(*p >= 0x20 || *p == '\t' || *p == '\r' || *p == '\n');
            check_escaped(kv[k]);
        }
        const char *v = f.fields[i].value;
        if (html_url_safe(v))
            CHECK(strncmp(v, "//", 2) && strncmp(v, "javascript:", 11) && !strchr(v, '"'));
    }
    form_free(&f);
    return 0;
}
