/* html.h — pure helpers of the web page: HTML escaping (HTML Living
 * Standard, "serializing HTML fragments": the five characters that matter
 * in text and in double-quoted attributes), safe link targets, French dates,
 * and application/x-www-form-urlencoded bodies (URL Standard §5.1).
 *
 * Everything a resident or a page author wrote goes through html_esc()
 * before it reaches a page: answers, titles, names, the question itself. */
#ifndef GC_CHANNELS_HTML_H
#define GC_CHANNELS_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

/* Append s (NUL-terminated; NULL = nothing) to b with & < > " ' escaped. */
enum gc_rc html_esc(struct buf *b, const char *s);
/* The same for s[0..n). */
enum gc_rc html_esc_n(struct buf *b, const char *s, size_t n);

/* May url be put in an href: an absolute http(s) URL, or a path of this site
 * ("/..." but not "//...")?  Anything else (javascript:, data:, relative
 * oddities, control characters) is shown as text, never as a link. */
bool html_url_safe(const char *url);

/* "2026-09-14" → "14 septembre 2026" ("1er" for the first day).  false (out
 * = "") when iso is not a valid YYYY-MM-DD date. */
bool html_date_fr(const char *iso, char *out, size_t n);

/* A parsed form: fields in order, names and values decoded ('+' = space,
 * %XX bytes), each NUL-terminated and valid UTF-8 without control
 * characters other than tab, CR and LF. */
struct form_field {
    char *name;
    char *value;
};

struct form {
    struct form_field f[GC_FORM_FIELDS_MAX];
    int n;
};

/* Parse body[0..len).  Errors (message for the resident, in French, in e):
 * GC_ERR_PARSE bad %-escape, invalid UTF-8, NUL or control byte;
 * GC_ERR_TOOBIG more than GC_FORM_FIELDS_MAX fields.  On success release
 * with form_free(); on error f is already released. */
enum gc_rc form_parse(const char *body, size_t len, struct form *f, struct gc_err *e);
void form_free(struct form *f);   /* accepts a zeroed or freed form */

/* Value of the first field called name, or NULL. */
const char *form_get(const struct form *f, const char *name);

#endif
