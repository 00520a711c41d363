/* audit.h — the back office's audit log (schema step 8): who did what,
 * when.  Every change made through the back office or the commands that
 * manage it (accounts, the questions loop, residents' rights) writes one
 * row, in the same transaction as the change when there is one.  Rows are
 * never changed; admins read and export them.
 *
 * `who` is an account's login, or "cli:" and the system user for the
 * command line; `action` a short verb ("login", "user.add", "question.link",
 * "rights.erase"...); `object` what it acted on (a login, a group id, a
 * conversation id); `detail` free text written by Guichet, never a
 * password nor a phone number. */
#ifndef GC_STORE_AUDIT_H
#define GC_STORE_AUDIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

struct audit_row {
    int64_t id;
    const char *at, *who, *action, *object, *detail;   /* valid during the callback */
};

/* Append a row (detail may be NULL). */
enum gc_rc audit_write(struct db *db, const char *who, const char *action, const char *object,
                       const char *detail, struct gc_err *e);

/* Rows newest first, from offset, at most limit (limit < 0: all); fn
 * returns non-zero to stop.  *total (may be NULL) gets the number of rows. */
enum gc_rc audit_list(struct db *db, int64_t offset, int64_t limit,
                      int (*fn)(void *ctx, const struct audit_row *r), void *ctx,
                      int64_t *total, struct gc_err *e);

#endif
