/* form.c — application/x-www-form-urlencoded decoding (see form.h). */
#include "channels/form.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[from..to) into out; returns the decoded length, or -1 with the
 * offset of the bad escape in *bad. */
static long decode(const char *s, size_t from, size_t to, char *out, size_t *bad)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '+') {
            out[n++] = ' ';
        } else if (c == '%') {
            if (to - i < 3 || hexval((unsigned char)s[i + 1]) < 0 ||
                hexval((unsigned char)s[i + 2]) < 0) {
                *bad = i;
                return -1;
            }
            out[n++] = (char)(hexval((unsigned char)s[i + 1]) << 4 |
                              hexval((unsigned char)s[i + 2]));
            i += 2;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return (long)n;
}

enum gc_rc form_parse(const char *s, size_t len, struct form *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    if (!len)
        return GC_OK;
    size_t pieces = 1;
    for (size_t i = 0; i < len; i++)
        pieces += s[i] == '&';
    if (pieces > FORM_FIELDS_MAX * 4)   /* do not even allocate for absurd input */
        return gc_err_set(e, GC_ERR_TOOBIG, "form: more than %d fields", FORM_FIELDS_MAX);
    /* Decoded text is never longer than the input; each field needs two NULs. */
    out->mem_ = xmalloc(len + 2 * pieces + 1);
    out->fields = xcalloc(pieces, sizeof *out->fields);
    char *w = out->mem_;
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && s[end] != '&')
            end++;
        if (end > start) {
            if (out->n >= FORM_FIELDS_MAX)
                return gc_err_set(e, GC_ERR_TOOBIG, "form: more than %d fields",
                                  FORM_FIELDS_MAX);
            size_t eq = start;
            while (eq < end && s[eq] != '=')
                eq++;
            struct form_field *f = &out->fields[out->n];
            size_t bad = 0;
            long nl = decode(s, start, eq, w, &bad);
            if (nl < 0)
                return gc_err_set(e, GC_ERR_PARSE, "form: bad percent escape at byte %zu", bad);
            f->name = w;
            f->name_len = (size_t)nl;
            w += nl + 1;
            long vl = eq < end ? decode(s, eq + 1, end, w, &bad) : (w[0] = '\0', 0);
            if (vl < 0)
                return gc_err_set(e, GC_ERR_PARSE, "form: bad percent escape at byte %zu", bad);
            f->value = w;
            f->value_len = (size_t)vl;
            w += vl + 1;
            out->n++;
        }
        start = end + 1;
    }
    return GC_OK;
}

void form_free(struct form *f)
{
    if (!f)
        return;
    free(f->fields);
    free(f->mem_);
    memset(f, 0, sizeof *f);
}

const struct form_field *form_get(const struct form *f, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < f->n; i++)
        if (f->fields[i].name_len == nl && !memcmp(f->fields[i].name, name, nl))
            return &f->fields[i];
    return NULL;
}

const char *form_value(const struct form *f, const char *name)
{
    const struct form_field *x = form_get(f, name);
    return x ? x->value : NULL;
}
