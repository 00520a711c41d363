/* insights.h — what the back office reads from the residents' exchanges:
 * the questions that went badly, the figures of reports, one resident's
 * exchanges (and their erasure).  Every SQL statement of Guichet that reads
 * the exchanges for the town's staff is here, in one place.
 *
 * The exchanges' tables (messages, replies, feedback, sms_numbers) live in
 * the exchanges file (store/exchanges.h): `db` is the content database with
 * that file attached as schema "x" (exchanges_attach), and these
 * statements name them x.messages, x.replies... (the content file may still
 * hold empty tables of the same names, made by its early schema steps),
 * so that they join the pages (an exchange's service is the service of the
 * first page it cited).
 *
 * Dates: exchanges are stored in UTC; reports count them by the town's
 * local day (SQLite's 'localtime', i.e. TZ, which main.c sets to the
 * town's zone). */
#ifndef GC_STORE_INSIGHTS_H
#define GC_STORE_INSIGHTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* Why an exchange is in the questions loop. */
enum insight_reason {
    INSIGHT_REFUSED,          /* refused (small talk aside) */
    INSIGHT_LOW_CONFIDENCE,   /* answered under the low-confidence threshold */
    INSIGHT_NOT_USEFUL,       /* the resident said « pas utile » */
    INSIGHT_REASONS
};

const char *insight_reason_name(enum insight_reason r);   /* "refused", ... */
bool insight_reason_parse(const char *s, enum insight_reason *out);

/* One exchange that went badly; strings valid during the callback. */
struct insight_row {
    int64_t id;
    const char *created_at;   /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
    const char *channel;
    const char *question;     /* as stored: scrubbed */
    enum insight_reason reason;
    const char *comment;      /* the feedback's comment, "" when none (not scrubbed) */
    const char *service;      /* service of the first page cited, "" when none */
};

/* The exchanges since `since` (UTC "YYYY-MM-DD", "" for all) that were
 * refused (not small talk), answered with a confidence under low_conf, or
 * marked not useful; newest first, at most max.  A row that is several of
 * these is given once, with the strongest reason: not useful, then refused,
 * then low confidence.  fn returns non-zero to stop. */
enum gc_rc insights_bad_questions(struct db *db, const char *since, double low_conf,
                                  int64_t max,
                                  int (*fn)(void *ctx, const struct insight_row *r),
                                  void *ctx, struct gc_err *e);

/* Report figures of one local day, channel and service. */
struct insight_day {
    const char *day;          /* "YYYY-MM-DD", the town's local date */
    const char *channel;
    const char *service;      /* "" when the exchange cited no page */
    int64_t questions, answered, refused, followups, useful, not_useful, sms_parts, model;
    double energy_wh;
};

/* Figures of the local days from..to (both "YYYY-MM-DD", included), one
 * callback per day, channel and service that had exchanges, in that order. */
enum gc_rc insights_days(struct db *db, const char *from, const char *to,
                         int (*fn)(void *ctx, const struct insight_day *d), void *ctx,
                         struct gc_err *e);

/* The pages most cited over from..to (first source of each exchange):
 * at most max, most cited first.  fn gets the page's title and count. */
enum gc_rc insights_top_pages(struct db *db, const char *from, const char *to, int max,
                              int (*fn)(void *ctx, const char *title, int64_t n), void *ctx,
                              struct gc_err *e);

/* One exchange of a conversation, for a resident's export. */
struct insight_exchange {
    int64_t id;
    const char *created_at, *channel, *question, *answer, *sources;   /* sources: JSON array */
    double confidence;
    bool refused;
    int feedback;             /* -1 none, 0 not useful, 1 useful */
    const char *comment;
};

/* Every exchange of conversation `cid`, oldest first; *n (may be NULL) gets
 * how many. */
enum gc_rc insights_conversation(struct db *db, const char *cid,
                                 int (*fn)(void *ctx, const struct insight_exchange *x),
                                 void *ctx, int64_t *n, struct gc_err *e);

/* What is stored about an SMS number, by its pseudonym: *found, and when
 * found whether it said STOP and since when it is known. */
struct insight_sms {
    bool found, stopped;
    char created_at[24], updated_at[24];
};
enum gc_rc insights_sms_number(struct db *db, const char *pseudonym, struct insight_sms *out,
                               struct gc_err *e);

/* Erase conversation `cid`: its exchanges, their feedback, the replies that
 * were theirs alone, and, for an SMS conversation ("sms-" and the
 * pseudonym), the number's row, all in the exchanges file.  *n gets the
 * exchanges deleted.  Inside the caller's transaction (db_begin), which
 * writes the exchanges file only (its audit row goes in a transaction of
 * its own on the content file: none is atomic across both files), on the
 * caller's connection (the recorder's writer keeps its own): the caller
 * has the recorder write what it queued first. */
enum gc_rc insights_erase(struct db *db, const char *cid, int64_t *n, struct gc_err *e);

#endif
