/* jsonw.c — JSON values written as cJSON prints them (see jsonw.h). */
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

enum gc_rc jsonw_strn(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    enum gc_rc rc = buf_addc(b, '"');
    size_t i = 0;
    while (!rc && i < n) {
        /* The run of bytes written as they are, in one copy. */
        size_t j = run(s, i, n);
        if (j > i)
            rc = buf_add(b, s + i, j - i);
        if (rc || j == n)
            break;
        unsigned char c = (unsigned char)s[j];
        char e[6] = {'\\', 0, 0, 0, 0, 0};
        size_t el = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u';
            e[2] = '0';
            e[3] = '0';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            el = 6;
        }
        rc = buf_add(b, e, el);
        i = j + 1;
    }
    return rc ? rc : buf_addc(b, '"');
}

enum gc_rc jsonw_str(struct buf *b, const char *s)
{
    return s ? jsonw_strn(b, s, strlen(s)) : buf_add(b, "null", 4);
}

enum gc_rc jsonw_num(struct buf *b, double d)
{
    char num[JSONNUM_MAX];
    size_t n = jsonnum_format(d, num);
    return buf_add(b, num, n);
}

enum gc_rc jsonw_bool(struct buf *b, bool v)
{
    return v ? buf_add(b, "true", 4) : buf_add(b, "false", 5);
}
