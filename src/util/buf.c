/* buf.c — capped growable buffer. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void buf_free(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static enum gc_rc reserve(struct buf *b, size_t n)
{
    if (n > b->max || b->len > b->max - n)
        return GC_ERR_TOOBIG;
    size_t need = b->len + n + 1;
    if (need > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < need)
            c *= 2;
        b->data = xrealloc(b->data, c);
        b->cap = c;
    }
    return GC_OK;
}

enum gc_rc buf_reserve(struct buf *b, size_t n)
{
    return reserve(b, n);
}

void buf_truncate(struct buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

enum gc_rc buf_add(struct buf *b, const void *p, size_t n)
{
    enum gc_rc rc = reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return GC_OK;
}

enum gc_rc buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

enum gc_rc buf_addc(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

enum gc_rc buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return GC_ERR_INVALID;
    enum gc_rc rc = reserve(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return GC_OK;
}

enum gc_rc buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum gc_rc rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

char *buf_steal(struct buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
