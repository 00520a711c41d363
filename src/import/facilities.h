/* facilities.h — read a facilities file (JSON) into facility records.
 *
 * The file is a JSON array of objects, one a facility (docs/facilities.md):
 *   {"id": "piscine", "name": "Centre aquatique des Tilleuls",
 *    "aliases": ["piscine", "centre aquatique"], "address": "...", "phone": "...",
 *    "email": "...", "url": "https://...", "service": "Sports",
 *    "services": ["natation", ...],
 *    "opening_hours": "Mo-Fr 12:00-13:45,17:00-20:00; PH off",
 *    "closures": [{"from": "2027-01-04", "to": "2027-01-17", "reason": "vidange"}],
 *    "status": "validated", "validated_by": "...", "validated_on": "2026-10-02"}
 *
 * Everything is checked before anything is stored: required fields, unknown
 * keys (a misspelt "opening_hour" must not silently drop the hours), every
 * opening_hours value parsed by knowledge/hours (the error gives the byte
 * position of the fault), closure dates, duplicate ids.  Errors name the
 * file, the facility (its id, or its rank when it has none) and the reason. */
#ifndef GC_IMPORT_FACILITIES_H
#define GC_IMPORT_FACILITIES_H

#include <stddef.h>

#include "store/facilities.h"
#include "util/err.h"

/* Caps (with those of util/limits.h). */
#define FACILITIES_MAX        5000   /* facilities in one file */
#define FACILITY_ALIASES_MAX  32
#define FACILITY_SERVICES_MAX 64
#define FACILITY_FIELD_MAX    1024   /* bytes of one text field (name: GC_TITLE_MAX) */

/* Parse a whole file's content.  On success *out holds *n records (free
 * with facility_recs_free), each with source = the base name of `name`. */
enum gc_rc facilities_parse(const char *name, const char *text, size_t len,
                            struct facility_rec **out, int *n, struct gc_err *e);

void facility_recs_free(struct facility_rec *v, int n);   /* accepts NULL */

#endif
