/* utf8.h — the one check of well-formed UTF-8 (RFC 3629 §4).
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

/* Is s[0..n) well-formed UTF-8?  A NULL s is valid only with n 0. */
bool utf8_valid(const char *s, size_t n);

/* Code points in s[0..n), or -1 when it is not well-formed UTF-8 (or s is
 * NULL and n is not 0). */
long utf8_count(const char *s, size_t n);

/* Append code point cp (a Unicode scalar value) to b as UTF-8: ASCII as one
 * byte, the rest through utf8proc. */
enum gc_rc utf8_buf_add(struct buf *b, int32_t cp);

#endif
