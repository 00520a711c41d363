/* utf8.h — the one check of well-formed UTF-8 (RFC 3629 §4), and one code
 * point read (utf8_next) or written (utf8_encode, utf8_buf_add).
 *
 * Well-formed means: no overlong forms, no UTF-16 surrogates (U+D800..DFFF),
 * nothing past U+10FFFF, no sequence cut short.  NUL (U+0000) is well-formed;
 * callers that refuse it, or other control characters, check the code point
 * themselves (utf8_seq_len gives it). */
#ifndef GC_UTIL_UTF8_H
#define GC_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Length (1..4) of the well-formed sequence at s, n > 0 bytes available, and
 * its code point in *cp (cp may be NULL); 0 when the bytes there are not one
 * (then *cp is left as it was). */
size_t utf8_seq_len(const char *s, size_t n, int32_t *cp);

/* utf8_seq_len with ASCII decided here, without a call: for loops that read
 * text a character at a time (analysis, texting normalisation). */
static inline size_t utf8_next(const char *s, size_t n, int32_t *cp)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    return utf8_seq_len(s, n, cp);
}

/* Is s[0..n) well-formed UTF-8?  A NULL s is valid only with n 0. */
bool utf8_valid(const char *s, size_t n);

/* Code points in s[0..n), or -1 when it is not well-formed UTF-8 (or s is
 * NULL and n is not 0). */
long utf8_count(const char *s, size_t n);

/* The length of s[0..n) cut to at most max bytes, never inside a character
 * (s[max] is read when n > max). */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* Code point cp (a Unicode scalar value) past ASCII as UTF-8 into out: its
 * length, 2 to 4 (through utf8proc). */
size_t utf8_encode_wide(int32_t cp, char out[4]);

/* Code point cp as UTF-8 into out: its length, 1 to 4 (ASCII without a
 * call). */
static inline size_t utf8_encode(int32_t cp, char out[4])
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    return utf8_encode_wide(cp, out);
}

/* Append code point cp to b as UTF-8 (utf8_encode). */
enum gc_rc utf8_buf_add(struct buf *b, int32_t cp);

#endif
