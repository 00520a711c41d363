/* messages.h — the exchanges of residents with the assistant, and their
 * feedback, stored for the town (tables messages and feedback; a
 * conversation is the messages of one conversation_id) and deleted after
 * retention-days.
 *
 * The answering path never blocks a thread on the disk (the server targets
 * more than 10,000 answers a second): messages_record() scrubs the question
 * (text/scrub.h), copies the record into a bounded in-memory queue and
 * returns the exchange's id at once; messages_record_then() also tells a
 * callback once the record is committed, so that the HTTP server sends the
 * answer (which names the id) only then, without holding a thread
 * (channels/http_server.h: http_request_hold).  A background writer thread, with its
 * own read-write SQLite connection, writes the queue in batches of up to
 * GC_MESSAGES_BATCH_MAX rows per transaction; under load, the HTTP workers
 * write it too, in small batches after their answers (messages_help).  When the queue is full
 * (GC_MESSAGES_QUEUE_MAX records or GC_MESSAGES_QUEUE_BYTES bytes: the disk
 * cannot keep up), records are dropped and counted, never waited for.
 *
 * Ids are given in memory, before the row exists: the next id is one past
 * the largest ever written (the largest row id, or the high-water mark kept
 * in table meta by a trigger on every delete, so that ids are not reused
 * after rows are deleted).  An id handed to a resident is committed first,
 * so a crash never hands it out again.  So one exchanges file serves one
 * `guichet serve` process at a time (store/exchanges.h: exchanges_lock).
 *
 * The database is the exchanges file (store/exchanges.h), not the
 * content's: path is its path.
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
    uint64_t commits;    /* transactions (batches) the records took */
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
 * full, invalid record).  Thread-safe; never touches the disk.  The id is
 * NOT yet durable: a channel that hands it to a resident (to give feedback
 * on it) uses messages_record_then() and waits for the commit. */
long long messages_record(struct messages *m, const struct message_rec *r);

/* Told once record `id` is committed (written true: it survives a crash of
 * the process; a power cut, as the setting exchanges-synchronous says) or
 * lost (written false: a failed write, or the recorder closed first).
 * Called exactly once, from the thread that wrote the batch (the writer, or
 * an HTTP worker in messages_help), outside the recorder's locks; it must
 * be quick and must not call the recorder. */
typedef void (*messages_done_fn)(void *ctx, long long id, bool written);

/* messages_record, and done(done_ctx, ...) once the record's batch is
 * committed: group commit, the acknowledgement of an exchange.  The writer
 * writes at once when such a record waits (the records that come meanwhile
 * make the next batch, one commit for all).  Returns 0 when the record was
 * dropped (done is then never called). */
long long messages_record_then(struct messages *m, const struct message_rec *r,
                               messages_done_fn done, void *done_ctx);

/* messages_record_then in the caller's thread: returns the id once
 * committed, 0 when dropped or not written. */
long long messages_record_wait(struct messages *m, const struct message_rec *r);

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

/* SQLite's synchronous on the writer's connections (WAL journal): NORMAL
 * (the default) writes each commit to the WAL without fsync — a committed
 * exchange survives a crash of the process, the last ones may be lost on a
 * power cut; FULL fsyncs the WAL at every commit (one per batch, group
 * commit) — it also survives a power cut. */
void messages_set_synchronous(struct messages *m, bool full);

/* For tests: let the database file grow by `pages` more pages at most
 * (SQLITE_FULL past them, as on a full disk); a negative value lifts it. */
void messages_limit_growth(struct messages *m, long long pages);

/* For tests: every commit of the writer fails (fail) or not (as a disk
 * that fills when the transaction is written to the WAL). */
void messages_fail_commits(struct messages *m, bool fail);

void messages_counts(struct messages *m, struct messages_counts *out);
int messages_retention_days(const struct messages *m);

#endif
