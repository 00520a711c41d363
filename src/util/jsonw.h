/* jsonw.h — JSON written into a buf, byte for byte as cJSON 1.7.15 prints
 * it unformatted.
 *
 * Building a cJSON tree for every answer, then printing it, cost about a
 * tenth of the instructions of an answer (a node allocated per value, each
 * string scanned twice to escape it).  The answer's JSON is small: it is
 * written here directly, strings escaped exactly as cJSON does (the
 * two-character escapes \" \\ \b \f \n \r \t, \u00XX for the other control
 * characters, every other byte as it is), numbers by util/jsonnum.  Reading
 * JSON stays cJSON's job.
 *
 * The writer places the commas itself, and keeps the first error (the buf's
 * cap reached): every call after it does nothing, so a whole document is
 * written without a check per call, and jsonw.rc says at the end. */
#ifndef GC_UTIL_JSONW_H
#define GC_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct jsonw {
    struct buf *b;
    enum gc_rc rc;      /* the first error, GC_OK while there is none */
    bool comma;         /* the next key or value at this level follows another */
};

void jsonw_init(struct jsonw *w, struct buf *b);
/* An object or array begins ('{', '[') or ends ('}', ']'). */
void jsonw_open(struct jsonw *w, char c);
void jsonw_close(struct jsonw *w, char c);
/* The key of the next value in an object: a name of the program's, written
 * as it is (nothing in it to escape). */
void jsonw_key(struct jsonw *w, const char *name);
/* Values: s as a string (NULL: null); the n bytes at s (no NUL among them);
 * d as cJSON prints it (NaN and infinities: null); true or false. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_num(struct jsonw *w, double d);
void jsonw_bool(struct jsonw *w, bool v);
/* A key and its value at once. */
void jsonw_field_str(struct jsonw *w, const char *name, const char *s);
void jsonw_field_num(struct jsonw *w, const char *name, double d);
void jsonw_field_bool(struct jsonw *w, const char *name, bool v);

#endif
