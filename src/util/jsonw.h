/* jsonw.h — JSON values written into a buf, byte for byte as cJSON 1.7.15
 * prints them unformatted.
 *
 * Building a cJSON tree for every answer, then printing it, cost about a
 * tenth of the instructions of an answer (a node allocated per value, each
 * string scanned twice to escape it).  The answer's JSON is flat and small:
 * it is written here directly, strings escaped exactly as cJSON does (the
 * two-character escapes \" \\ \b \f \n \r \t, \u00XX for the other control
 * characters, every other byte as it is), numbers by util/jsonnum.  Reading
 * JSON stays cJSON's job. */
#ifndef GC_UTIL_JSONW_H
#define GC_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* s as a JSON string; NULL as null. */
enum gc_rc jsonw_str(struct buf *b, const char *s);
/* The n bytes at s (no NUL among them) as a JSON string. */
enum gc_rc jsonw_strn(struct buf *b, const char *s, size_t n);
/* d as cJSON prints it (util/jsonnum.h); NaN and infinities as null. */
enum gc_rc jsonw_num(struct buf *b, double d);
enum gc_rc jsonw_bool(struct buf *b, bool v);

#endif
