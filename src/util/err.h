/* err.h — the one error enum of Guichet.
 *
 * Every fallible function returns an `enum gc_rc`; GC_OK is 0.  Details for
 * people (file, line, reason) go into a `struct gc_err` the caller passes,
 * never into a global.  gc_strerror() gives a short English name for logs. */
#ifndef GC_UTIL_ERR_H
#define GC_UTIL_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum gc_rc {
    GC_OK = 0,
    GC_ERR_NOMEM,    /* allocation failed (normally aborts instead) */
    GC_ERR_IO,       /* file or socket error */
    GC_ERR_PARSE,    /* malformed input: JSON, front matter, hours, iCal... */
    GC_ERR_INVALID,  /* well-formed but not acceptable (bad value, bad option) */
    GC_ERR_TOOBIG,   /* over a hard cap (see util/limits.h) */
    GC_ERR_NOTFOUND, /* no such page, facility, key... */
    GC_ERR_DB,       /* SQLite said no */
    GC_ERR_BUSY,     /* rate limited, database locked, circuit open */
    GC_ERR_TIMEOUT,  /* a peer (model server) took too long */
    GC_ERR_REMOTE,   /* a peer answered badly (HTTP 5xx, malformed stream) */
    GC_ERR_DENIED,   /* authentication or signature failed */
    GC_ERR__COUNT
};

#define GC_ERR_MSG_MAX 512

/* Human-readable detail of the last failure, filled by the callee. */
struct gc_err {
    enum gc_rc rc;
    char msg[GC_ERR_MSG_MAX];
};

const char *gc_strerror(enum gc_rc rc);

/* Record rc and a printf-style message in e (which may be NULL); returns rc so
 * callers can write `return gc_err_set(e, GC_ERR_PARSE, "...", ...);`. */
enum gc_rc gc_err_set(struct gc_err *e, enum gc_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* gc_err_set with a va_list, for functions that take a format of their own
 * (ap is used up, as by vsnprintf). */
enum gc_rc gc_err_vset(struct gc_err *e, enum gc_rc rc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Reset e to GC_OK with an empty message (e may be NULL). */
void gc_err_clear(struct gc_err *e);

#endif
