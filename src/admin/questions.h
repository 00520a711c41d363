/* questions.h — the questions loop: what residents asked that went badly
 * (refused, answered under the low-confidence threshold, marked « pas
 * utile »), grouped so that one need asked in ten wordings is one line, and
 * what staff do with a group: attach it to the page that answers it, or
 * dismiss it as out of scope (with where to go instead).
 *
 * A group is the exchanges whose questions have the same analysed words
 * (text/qkey.h); its id is the first 12 hex digits of the BLAKE2b hash of
 * those words, so it is stable: new questions that join the group do not
 * change it, and the command line, the web page and the audit log name the
 * same group by it.
 *
 * What staff did is kept as a mark of the group (store/altq.h).  A group
 * dismissed no longer appears; a group attached to a page appears again
 * only with the questions that went badly after the attachment (then the
 * attachment did not help).
 *
 * Attaching stores the group's wordings (at most GC_QLOOP_EXAMPLES_MAX, as
 * stored, i.e. scrubbed) as alternate questions of the page, validated by
 * whoever attached them; dismissing stores the group's words and the
 * pointer, which refusals then give (answer/pointers.h).  Each writes its
 * audit row in the same transaction.  The server serves the change after a
 * reload of its index (admin.h, admin_request_reload). */
#ifndef GC_ADMIN_QUESTIONS_H
#define GC_ADMIN_QUESTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "store/insights.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"

#define QGROUP_ID_HEX 12

struct qgroup {
    char id[QGROUP_ID_HEX + 1];
    char *words;                  /* the analysed words (the group's key) */
    int count;                    /* exchanges */
    int reasons[INSIGHT_REASONS]; /* exchanges per reason */
    enum insight_reason reason;   /* the reason of most of them */
    char last_at[24];             /* newest exchange (UTC) */
    char *examples[GC_QLOOP_EXAMPLES_MAX];   /* distinct wordings, newest first */
    int nexamples;
    char *comments[GC_QLOOP_EXAMPLES_MAX];   /* « pas utile » comments, scrubbed, newest first */
    int ncomments;
    char channels[64];            /* channels seen, comma-separated */
    char services[256];           /* services of the pages cited, "; "-separated */
};

enum qloop_sort { QLOOP_FREQUENT, QLOOP_RECENT };

/* Which exchanges to group. */
struct qloop_filter {
    const char *since;            /* UTC date "YYYY-MM-DD", "" or NULL = all kept */
    const char *channel;          /* NULL or "" = every channel */
    const char *service;          /* NULL or "" = every service */
    int reason;                   /* an enum insight_reason, or -1 for all */
    enum qloop_sort sort;
    double low_conf;              /* the low-confidence threshold (setting low-confidence) */
};

struct qloop {
    struct qgroup *g;
    int n;
    int64_t rows;                 /* exchanges read */
    bool truncated;               /* more than GC_QLOOP_ROWS_MAX: the oldest were not read */
};

/* Group the exchanges that went badly (store/insights.h) under f, leaving
 * out what the marks say; most frequent (ties: newest) or newest first. */
enum gc_rc qloop_load(struct db *db, const struct qloop_filter *f, struct qloop *out,
                      struct gc_err *e);
void qloop_free(struct qloop *q);   /* accepts a zeroed struct */

/* The id of a group's words (QGROUP_ID_HEX + 1 bytes). */
void qloop_group_id(const char *words, char out[QGROUP_ID_HEX + 1]);

/* The groups as JSON (guichet questions --json): an array of {"id",
 * "count", "examples", "reason", "last_at", "words", "channels",
 * "services", "comments"}. */
enum gc_rc qloop_json(const struct qloop *q, struct buf *out);

/* Group `id` among every exchange kept, marked or not (out->g[0]).
 * Errors: GC_ERR_NOTFOUND (not a group id, or no such group), GC_ERR_DB. */
enum gc_rc qloop_find(struct db *db, const char *id, double low_conf, struct qloop *out,
                      struct gc_err *e);

/* What a link or a dismissal did. */
struct qloop_done {
    int attached;                 /* wordings newly attached */
    char page[2048 + 1];          /* the page's identifier */
    char title[300 + 1];
};

/* Attach group `id` to the page at `address` (identifier or published
 * address) as `by`; `u` (may be NULL: the command line) must act on the
 * page's service.  Errors: GC_ERR_NOTFOUND (no such group among the
 * exchanges kept, no such page, or the page is not published), GC_ERR_DENIED
 * (another service's page), GC_ERR_DB. */
enum gc_rc qloop_link(struct db *db, const char *id, const char *address, const char *by,
                      const struct user *u, double low_conf, struct qloop_done *done,
                      struct gc_err *e);

/* Dismiss group `id` as out of scope, with pointer (may be NULL or "").
 * Errors: GC_ERR_NOTFOUND, GC_ERR_TOOBIG (pointer over GC_POINTER_MAX
 * bytes), GC_ERR_INVALID (a pointer with control characters), GC_ERR_DB. */
enum gc_rc qloop_dismiss(struct db *db, const char *id, const char *pointer, const char *by,
                         double low_conf, struct gc_err *e);

#endif
