/* err.c — error names and the caller-owned error buffer. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const names[GC_ERR__COUNT] = {
    [GC_OK] = "ok",
    [GC_ERR_NOMEM] = "out of memory",
    [GC_ERR_IO] = "input/output error",
    [GC_ERR_PARSE] = "parse error",
    [GC_ERR_INVALID] = "invalid value",
    [GC_ERR_TOOBIG] = "too big",
    [GC_ERR_NOTFOUND] = "not found",
    [GC_ERR_DB] = "database error",
    [GC_ERR_BUSY] = "busy",
    [GC_ERR_TIMEOUT] = "timeout",
    [GC_ERR_REMOTE] = "remote error",
    [GC_ERR_DENIED] = "denied",
};

const char *gc_strerror(enum gc_rc rc)
{
    if ((int)rc < 0 || rc >= GC_ERR__COUNT)
        return "unknown error";
    return names[rc];
}

enum gc_rc gc_err_vset(struct gc_err *e, enum gc_rc rc, const char *fmt, va_list ap)
{
    if (e) {
        e->rc = rc;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    }
    return rc;
}

enum gc_rc gc_err_set(struct gc_err *e, enum gc_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gc_err_vset(e, rc, fmt, ap);
    va_end(ap);
    return rc;
}

void gc_err_clear(struct gc_err *e)
{
    if (e) {
        e->rc = GC_OK;
        e->msg[0] = '\0';
    }
}
