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

#include "channels/form.h"
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

/* Parse a form the web page posted (channels/form.h), then require every
 * name and value to be text: valid UTF-8 without NUL or control characters
 * other than tab, CR and LF, and at most GC_FORM_FIELDS_MAX fields.  Errors
 * carry a message for the resident, in French: GC_ERR_PARSE, GC_ERR_TOOBIG;
 * on error f is already released, else release it with form_free(). */
enum gc_rc html_form_parse(const char *body, size_t len, struct form *f, struct gc_err *e);
/* The same with at most max fields (the back office's forms have more than
 * the residents' page: GC_ADMIN_FORM_FIELDS_MAX). */
enum gc_rc html_form_parse_max(const char *body, size_t len, size_t max, struct form *f,
                               struct gc_err *e);

#endif
