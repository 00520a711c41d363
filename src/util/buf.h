/* buf.h — a growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * The buffer owns its memory; it is always NUL-terminated after a successful
 * append.  An append that would pass the cap fails with GC_ERR_TOOBIG and
 * leaves the content as it was: inputs from the network can never grow
 * without bound. */
#ifndef GC_UTIL_BUF_H
#define GC_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/err.h"

struct buf {
    char *data;   /* NULL until the first append */
    size_t len;
    size_t cap;   /* allocated bytes */
    size_t max;   /* hard cap on len */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);          /* accepts a zeroed buf */
void buf_reset(struct buf *b);         /* len = 0, keeps memory */
void buf_truncate(struct buf *b, size_t len);  /* drop bytes past len (<= b->len) */
/* Room for n more bytes (and the NUL) without another allocation, when the
 * size to come is known or guessed. */
enum gc_rc buf_reserve(struct buf *b, size_t n);
enum gc_rc buf_add(struct buf *b, const void *p, size_t n);
enum gc_rc buf_adds(struct buf *b, const char *s);
enum gc_rc buf_addc(struct buf *b, char c);
enum gc_rc buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum gc_rc buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Content as a C string ("" when empty); valid until the next change. */
const char *buf_str(const struct buf *b);
/* Hand the memory to the caller (free() it); b is reset to empty. */
char *buf_steal(struct buf *b);

#endif
