/* rights.h — residents' rights over their exchanges (GDPR art. 15, access,
 * and art. 17, erasure), carried out by an admin.
 *
 * A resident is found by the conversation id the web page shows them, or by
 * the phone number they texted from, typed by the admin: the number is
 * normalised and turned into its pseudonym with the same key as the SMS
 * channel's (channels/sms_session.h), then forgotten; it is never stored
 * nor logged, and the audit log names only the conversation.  Export gives
 * every exchange of the conversation (question as stored, answer, pages
 * cited, date, channel, feedback) and what is kept about an SMS number, as
 * JSON; erasure deletes them.  Each is written to the audit log. */
#ifndef GC_ADMIN_RIGHTS_H
#define GC_ADMIN_RIGHTS_H

#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"
#include "util/limits.h"

#define RIGHTS_CID_MAX (GC_CONVERSATION_ID_MAX + 1)

/* The conversation of the SMS number `phone` (as typed: spaces, dots, +33
 * or 0...), under the pseudonym key of the settings (sms-key-file, else the
 * database path + ".sms-key").  Errors: GC_ERR_INVALID (not a phone
 * number), GC_ERR_NOTFOUND (no key file: no SMS was ever answered), GC_ERR_IO
 * (the key cannot be read).  Messages in French. */
enum gc_rc rights_sms_conversation(const struct config *cfg, const char *phone,
                                   char out[RIGHTS_CID_MAX], struct gc_err *e);

/* Is cid a conversation id as channels give them? */
bool rights_cid_valid(const char *cid);

/* What is kept about conversation cid: exchanges counted, and for an SMS
 * conversation whether the number is known. */
struct rights_summary {
    int64_t exchanges;
    bool sms_known, sms_stopped;
    char first_at[24], last_at[24];
};
enum gc_rc rights_find(struct db *db, const char *cid, const char *by,
                       struct rights_summary *out, struct gc_err *e);

/* The export (JSON) of conversation cid into out, audited as `by`. */
enum gc_rc rights_export(struct db *db, const char *cid, const char *by, struct buf *out,
                         struct gc_err *e);

/* Erase conversation cid from the exchanges file (store/insights.h), then
 * audit it as `by` in the content file (one transaction each: see
 * rights_erase in rights.c); *n gets the exchanges erased.  db: the content
 * database with the exchanges file attached (exchanges_attach). */
enum gc_rc rights_erase(struct db *db, const char *cid, const char *by, int64_t *n,
                        struct gc_err *e);

#endif
