/* messages.h — the exchanges of residents with the assistant, and their
 * feedback, stored for the town (tables messages and feedback; a
 * conversation is the messages of one conversation_id) and deleted after
 * retention-days.
 *
 * The answering path must never wait on the disk (the server targets more
 * than 10,000 answers a second): messages_record() scrubs the question
 * (text/scrub.h), copies the record into a bounded in-memory queue and
 * returns the exchange's id at once.  A background writer thread, with its
 * own read-write SQLite connection, writes the queue in batches of up to
 * GC_MESSAGES_BATCH_MAX rows per transaction; under load, the HTTP workers
 * write it too, in small batches after their answers (messages_help).  When the queue is full
 * (GC_MESSAGES_QUEUE_MAX records or GC_MESSAGES_QUEUE_BYTES bytes: the disk
 * cannot keep up), records are dropped and counted, never waited for.
 *
 * Ids are given in memory, before the row exists: the next id is one past
 * the largest ever given (the largest row id, or the high-water mark kept in
 * table meta by a trigger on every delete, so that ids are not reused after
 * rows are deleted).  So one
 * database serves one `guichet serve` process at a time.
 *
 * Feedback is rare and the resident waits for its confirmation: it goes
 * through the same queue (after the exchange it is about, so in order) and
 * messages_feedback() waits for the writer's verdict, at most
 * GC_FEEDBACK_WAIT_MS.
 *
 * Retention: rows older than retention_days are deleted at messages_open()
 * and then once a day by the writer. */
#ifndef GC_STORE_MESSAGES_H
#define GC_STORE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/limits.h"

/* One exchange as a channel hands it over.  Strings are copied: they only
 * have to live during the call. */
struct message_rec {
    const char *conversation_id;   /* required, 1..GC_CONVERSATION_ID_MAX */
    const char *channel;           /* "web", "api", "sms"... */
    const char *question;          /* the resident's text, as typed (scrubbed here) */
    size_t question_len;
    const char *answer;
    const char *source_ids[GC_SOURCES_MAX];
    int nsources;
    double confidence;
    bool refused;
    const char *refusal_reason;    /* NULL = none */
    const char *path;              /* "extractive" or a backend name */
    double elapsed_ms;
    bool followup;                 /* the answer used the conversation's topic */
    double energy_wh;              /* estimated energy of the answer */
    int sms_parts;                 /* SMS parts of the reply sent (0: not an SMS) */
};

struct messages_counts {
    uint64_t recorded;   /* accepted into the queue */
    uint64_t written;    /* committed to the database */
    uint64_t dropped;    /* queue full, or a failed write */
    uint64_t purged;     /* rows deleted by retention */
};

struct messages;

/* Open the database at path read-write (migrating it), delete what is older
 * than retention_days (1..3650), start the writer.  Errors: GC_ERR_INVALID
 * (retention), GC_ERR_DB, GC_ERR_NOTFOUND. */
enum gc_rc messages_open(struct messages **out, const char *path, int retention_days,
                         struct gc_err *e);

/* Write what is queued, stop the writer, close.  Accepts NULL. */
void messages_close(struct messages *m);

/* Queue an exchange; returns its id (> 0), or 0 when it was dropped (queue
 * full, invalid record).  Thread-safe; never touches the disk. */
long long messages_record(struct messages *m, const struct message_rec *r);

/* Store feedback on exchange `message_id`: useful or not, and an optional
 * comment (UTF-8, at most GC_FEEDBACK_COMMENT_MAX characters, checked by the
 * caller; cut here as a guard).  A second feedback on the same exchange
 * replaces the first.  Waits for the writer.  Errors: GC_ERR_NOTFOUND (no such
 * exchange: never given, or deleted by retention), GC_ERR_BUSY (the writer did
 * not answer within GC_FEEDBACK_WAIT_MS), GC_ERR_DB. */
enum gc_rc messages_feedback(struct messages *m, long long message_id, bool useful,
                             const char *comment, struct gc_err *e);

/* Called by an HTTP worker once an answer is sent (http_server_after): when
 * GC_MESSAGES_HELP_BATCH records or more wait and nobody is writing, write
 * that many now, in this thread.  Under load the workers write the records
 * this way, a few at a time between answers, rather than a third busy
 * thread taking a core from them every WRITE_EVERY_MS; the writer thread
 * writes what is left when the load is light.  Never waits: returns at once
 * when another thread writes or another connection holds the database's
 * write lock.  Accepts NULL. */
void messages_help(struct messages *m);

/* Wait until everything queued before the call is written (tests, stop). */
void messages_flush(struct messages *m);

/* Delete rows older than the retention now (also done daily).  Returns the
 * number of messages deleted, or -1 on a database error (logged). */
long long messages_purge(struct messages *m);

/* For tests: let the database file grow by `pages` more pages at most
 * (SQLITE_FULL past them, as on a full disk); a negative value lifts it. */
void messages_limit_growth(struct messages *m, long long pages);

/* For tests: every commit of the writer fails (fail) or not (as a disk
 * that fills when the transaction is written to the WAL). */
void messages_fail_commits(struct messages *m, bool fail);

void messages_counts(struct messages *m, struct messages_counts *out);
int messages_retention_days(const struct messages *m);

#endif
