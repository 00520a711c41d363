/* utf8.c — well-formed UTF-8, after the table of RFC 3629 §4. */
#include "util/utf8.h"

#include <utf8proc.h>

size_t utf8_seq_len(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) {
        if (cp)
            *cp = c;
        return 1;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;   /* bounds of the second byte */
    int32_t v;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        v = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        v = c & 0x0f;
        if (c == 0xe0)
            lo = 0xa0;        /* overlong below U+0800 */
        else if (c == 0xed)
            hi = 0x9f;        /* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        v = c & 0x07;
        if (c == 0xf0)
            lo = 0x90;        /* overlong below U+10000 */
        else if (c == 0xf4)
            hi = 0x8f;        /* past U+10FFFF */
    } else {
        return 0;             /* continuation byte, C0, C1, F5..FF */
    }
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    v = (v << 6) | (p[1] & 0x3f);
    for (size_t i = 2; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if (cp)
        *cp = v;
    return len;
}

bool utf8_valid(const char *s, size_t n)
{
    return utf8_count(s, n) >= 0;
}

long utf8_count(const char *s, size_t n)
{
    long chars = 0;
    if (!s)
        return n == 0 ? 0 : -1;
    for (size_t i = 0; i < n; chars++) {
        /* ASCII runs are most text: skip them without the call. */
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq_len(s + i, n - i, NULL);
        if (!k)
            return -1;
        i += k;
    }
    return chars;
}

size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

size_t utf8_encode_wide(int32_t cp, char out[4])
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

enum gc_rc utf8_buf_add(struct buf *b, int32_t cp)
{
    char u[4];
    return buf_add(b, u, utf8_encode(cp, u));
}
