/* consistency.h — a page against the facilities' records: one truth for
 * hours and contacts (docs/content.md, docs/facilities.md).
 *
 * At import, after the facilities of the run are stored, each Markdown page
 * is read again line by line and the import warns, naming the file and the
 * line:
 *   - a phone number or an e-mail address that is some facility's (written
 *     by hand: {{phone:ID}} says it from the record, and follows it);
 *   - in a page that belongs to a facility (front matter `facility: ID`, or
 *     the page at the URL of exactly one facility), a phone number or an
 *     e-mail that differs from its record when the page never gives the
 *     record's own (neither written nor by {{phone}}): the page and the
 *     record disagree;
 *   - in such a page, opening hours written by hand (a line under a heading
 *     about "horaires", or saying "ouvert"/"ouvre"..., that reads as hours:
 *     knowledge/hours_fr.h) that the record's opening_hours never gives on
 *     those days, in any season;
 *   - a placeholder naming a facility the database does not have (it would
 *     take its sentence away when served).
 * These are warnings: the import goes on (the record is what answers). */
#ifndef GC_IMPORT_CONSISTENCY_H
#define GC_IMPORT_CONSISTENCY_H

#include <stddef.h>

#include "store/db.h"
#include "store/pages.h"
#include "util/err.h"

/* Called for each warning: file, line (1-based), message. */
typedef void (*consistency_warn)(void *ctx, const char *file, int line, const char *msg);

struct consistency;

/* Read the facilities of db (validated ones) for the checks. */
enum gc_rc consistency_open(struct consistency **out, struct db *db, struct gc_err *e);
void consistency_close(struct consistency *c);   /* accepts NULL */

/* Check the page p whose file's text (front matter and body) is
 * text[0..len); warnings go to warn.  Returns how many. */
int consistency_check(const struct consistency *c, const struct page_rec *p, const char *text,
                      size_t len, consistency_warn warn, void *ctx);

#endif
