/* form.h — application/x-www-form-urlencoded (the WHATWG URL standard §5,
 * formerly HTML 4.01 §17.13.4): Twilio's webhook bodies and the query
 * strings Kannel builds.
 *
 * "a=1&b=x+y%21" gives a → "1", b → "x y!".  Names and values are decoded
 * ('+' is a space, %HH a byte) into buffers owned by the form; values are
 * binary-safe (Kannel sends UCS-2 text as %00-laden bytes) and always
 * followed by a NUL that is not counted in their length.  Empty pieces
 * ("a=1&&b=2") are skipped; a piece without '=' is a name with an empty
 * value.  Stricter than browsers on purpose: a '%' not followed by two hex
 * digits is an error, not kept as is, since nothing we accept produces one. */
#ifndef GC_CHANNELS_FORM_H
#define GC_CHANNELS_FORM_H

#include <stddef.h>

#include "util/err.h"

#define FORM_FIELDS_MAX 64   /* fields of one form: more is GC_ERR_TOOBIG */

struct form_field {
    const char *name;    /* NUL-terminated */
    size_t name_len;
    const char *value;   /* value_len bytes (may hold NULs), then a NUL */
    size_t value_len;
};

struct form {
    struct form_field *fields;
    size_t n;
    char *mem_;          /* private: the decoded bytes */
};

/* Parse s[0..len) into out, which must be released with form_free() (also
 * after an error).  Errors: GC_ERR_PARSE (bad percent escape, with its
 * offset in e), GC_ERR_TOOBIG (more than FORM_FIELDS_MAX fields). */
enum gc_rc form_parse(const char *s, size_t len, struct form *out, struct gc_err *e);
void form_free(struct form *f);   /* accepts a zeroed or freed form */

/* The first field named `name` (exact, case-sensitive), or NULL. */
const struct form_field *form_get(const struct form *f, const char *name);

/* The value of that field (NUL-terminated; a binary value may hold NULs
 * before its end, see value_len), or NULL. */
const char *form_value(const struct form *f, const char *name);

#endif
