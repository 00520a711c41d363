/* jsonw.c — JSON written as cJSON prints it (see jsonw.h). */
#include "util/jsonw.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/jsonnum.h"

/* Bytes a JSON string cannot hold as they are (RFC 8259 §7). */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* The first byte at or after i that needs an escape, or n.  Sixteen bytes
 * at a time (SSE2, every x86-64): answers are a thousand bytes with hardly
 * an escape, and this scan was most of the cost of writing them. */
static size_t run(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i ctl = _mm_set1_epi8(0x1f), quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bs)));
        int m = _mm_movemask_epi8(bad);
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
#endif
    while (i < n && !needs_escape((unsigned char)s[i]))
        i++;
    return i;
}

static void add(struct jsonw *w, const void *p, size_t n)
{
    if (!w->rc)
        w->rc = buf_add(w->b, p, n);
}

/* Before a key or a value: the comma, when one came before at this level. */
static void sep(struct jsonw *w)
{
    if (w->comma)
        add(w, ",", 1);
    w->comma = false;
}

/* s[0..n) as a JSON string, with its quotes. */
static void string(struct jsonw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    add(w, "\"", 1);
    for (size_t i = 0; i < n && !w->rc;) {
        size_t j = run(s, i, n);   /* written as they are, in one copy */
        add(w, s + i, j - i);
        if (j == n)
            break;
        unsigned char c = (unsigned char)s[j];
        char e[6] = {'\\', 0, '0', '0', hex[c >> 4], hex[c & 15]};
        size_t el = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default: e[1] = 'u'; el = 6;
        }
        add(w, e, el);
        i = j + 1;
    }
    add(w, "\"", 1);
}

void jsonw_init(struct jsonw *w, struct buf *b)
{
    w->b = b;
    w->rc = GC_OK;
    w->comma = false;
}

void jsonw_open(struct jsonw *w, char c)
{
    sep(w);
    add(w, &c, 1);
}

void jsonw_close(struct jsonw *w, char c)
{
    add(w, &c, 1);
    w->comma = true;
}

void jsonw_key(struct jsonw *w, const char *name)
{
    /* "name": in one append (a name has nothing to escape). */
    char k[64];
    size_t n = strlen(name);
    sep(w);
    if (n + 3 > sizeof k) {
        add(w, "\"", 1);
        add(w, name, n);
        add(w, "\":", 2);
        return;
    }
    k[0] = '"';
    memcpy(k + 1, name, n);
    k[n + 1] = '"';
    k[n + 2] = ':';
    add(w, k, n + 3);
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
    sep(w);
    string(w, s, n);
    w->comma = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
    if (s) {
        jsonw_strn(w, s, strlen(s));
        return;
    }
    sep(w);
    add(w, "null", 4);
    w->comma = true;
}

void jsonw_num(struct jsonw *w, double d)
{
    char num[JSONNUM_MAX];
    size_t n = jsonnum_format(d, num);
    sep(w);
    add(w, num, n);
    w->comma = true;
}

void jsonw_bool(struct jsonw *w, bool v)
{
    sep(w);
    add(w, v ? "true" : "false", v ? 4 : 5);
    w->comma = true;
}

void jsonw_field_str(struct jsonw *w, const char *name, const char *s)
{
    jsonw_key(w, name);
    jsonw_str(w, s);
}

void jsonw_field_num(struct jsonw *w, const char *name, double d)
{
    jsonw_key(w, name);
    jsonw_num(w, d);
}

void jsonw_field_bool(struct jsonw *w, const char *name, bool v)
{
    jsonw_key(w, name);
    jsonw_bool(w, v);
}
