/* messages.c — queued, batched recording of exchanges (see messages.h).
 *
 * Threads: any number of producers (HTTP workers) call messages_record()
 * and messages_feedback(); one writer thread owns the SQLite connection.
 * They share a ring of item pointers under one mutex, held only to push or
 * to take a batch (a pointer swap per item): producers never wait for I/O.
 *
 * Checkpoints (copying the WAL into the database file, with two fsyncs)
 * run in a third thread on a connection of its own, never in the writer: on
 * a busy disk an fsync takes up to a second, and a writer waiting for it let
 * thousands of records pile up (then be dropped at the queue's cap).  The
 * writer only appends to the WAL (synchronous=NORMAL: no fsync at commit)
 * and wakes the checkpointer past CHECKPOINT_FRAMES pages; PASSIVE
 * checkpoints never wait for it (sqlite.org/wal.html).
 *
 * An item is one allocation: the struct and its strings after it.
 *
 * Replies (schema step 7): an exchange's answer and sources are a row of
 * table replies, shared by the exchanges that gave the same text with the
 * same sources.  The writer finds a reply given before in memory only: a
 * table of up to REPLY_CACHE_MAX replies and REPLY_CACHE_BYTES of their
 * text (so 2 MiB at most), by a hash of the text and the sources, emptied
 * when full.  Looking replies up in the database would
 * need an index on the hash, whose random keys dirty a page of the index
 * for nearly every new reply (bench/recorder.c: 20 instead of 12 us an
 * exchange when every reply is new); so a reply is written again after a
 * restart or once the table was emptied: a few rows more, never a wrong
 * one.  What the writer remembers is forgotten whenever a write fails (a
 * rolled-back reply must not be named again) and when the purge deletes
 * replies.  A language model's reply is never shared (it may echo the
 * question, and a number that asks to be forgotten takes its replies with
 * it: channels/sms_session.c). */
#define _GNU_SOURCE   /* SCHED_BATCH */
#include "store/messages.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/exchanges.h"
#include "text/scrub.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/mem.h"

#define PURGE_EVERY_S (24 * 3600)
#define PURGE_RETRY_S 3600   /* after a purge that failed */
#define WRITE_EVERY_MS 100   /* the writer's pace when nobody waits for it */
#define GROUP_COMMIT_US 1000 /* the group commit window, when answers wait */
#define GROUP_COMMIT_MIN 64  /* ... closed early when this many wait */
#define CHECKPOINT_FRAMES 1000       /* WAL pages that call for a checkpoint (SQLite's default) */
#define CHECKPOINT_INLINE 100000     /* past this (~400 MB), the writer checkpoints itself */
#define REPLY_CACHE_SLOTS 4096       /* slots of the writer's reply table (a power of 2) */
#define REPLY_CACHE_MAX (REPLY_CACHE_SLOTS / 2)   /* replies in it */
#define REPLY_CACHE_BYTES (2 * 1024 * 1024)       /* and bytes of their keys, at most */
#define REPLY_KEY_MAX (8 * 1024)     /* a longer reply is written, not remembered */
#define REPLY_SOURCES_JSON_MAX (6 * 64 * 1024 + 2)  /* a byte escaped is at most 6 (\\u00XX) */

enum item_kind { IT_MESSAGE, IT_FEEDBACK, IT_PURGE, IT_FLUSH };

/* A job someone waits for (feedback, purge, flush): the waiter and the
 * writer share it; whoever leaves last frees it. */
struct job {
    bool done, abandoned;
    enum gc_rc rc;
    long long result;
};

struct item {
    enum item_kind kind;
    size_t size;                  /* bytes of the allocation (IT_MESSAGE), for the cap */
    long long id;                 /* message id (IT_MESSAGE, IT_FEEDBACK) */
    struct job *job;              /* IT_FEEDBACK, IT_PURGE, IT_FLUSH */
    /* IT_MESSAGE */
    messages_done_fn done;        /* told once the record is committed (or lost); NULL = none */
    void *done_ctx;
    bool written;                 /* its row is in the batch's transaction */
    char created_at[24];
    const char *conversation_id, *channel, *question, *answer, *refusal_reason, *path;
    const char *sources[GC_SOURCES_MAX];
    int nsources;
    double confidence, elapsed_ms, energy_wh;
    bool refused, followup;
    int sms_parts;
    /* IT_FEEDBACK */
    bool useful;
    const char *comment;
};

/* A reply the writer wrote or found: its key is the answer and each source,
 * each followed by a NUL. */
struct reply_slot {
    uint64_t hash;
    long long id;                 /* 0: empty */
    char *key;
    size_t len;
};

struct messages {
    struct db *db;                /* used under wmu only */
    struct reply_slot *replies;   /* under wmu, REPLY_CACHE_SLOTS, open addressing */
    size_t nreplies, rbytes;      /* replies remembered, bytes of their keys */
    struct buf rkey;              /* under wmu: the key of the reply being written */
    struct buf rsrc;              /* under wmu: its sources in JSON */
    int retention_days;
    pthread_mutex_t wmu;          /* the writing (db, last_purge): taken before mu */
    pthread_t writer;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t wake;          /* items queued, or stop */
    pthread_cond_t done;          /* a job finished */
    struct item **ring;
    size_t head, count;           /* ring[head] is the oldest */
    size_t bytes;                 /* of the records in the ring */
    bool stop;
    bool urgent;                  /* a job is queued: write now */
    size_t waiting;               /* records in the ring whose commit someone waits for */
    bool idle;                    /* the writer sleeps until the next record */
    atomic_llong next_id;         /* last id given */
    atomic_uint_fast64_t recorded, written, dropped, purged, commits;
    time_t last_purge;
    /* the checkpointer (its flags under mu) */
    struct db *ckdb;
    pthread_t checkpointer;
    bool ck_started, ck_due, ck_stop;
    pthread_cond_t ck_wake;
    sqlite3_stmt *st_msg, *st_exists, *st_fb_del, *st_fb_ins, *st_reply;
};

/* --------------------------------------------------------------- helpers */

/* Bump allocator over one block: strings of an item live after it. */
struct arena {
    char *p;
    size_t left;
};

static const char *arena_str(struct arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = a->p;
    memcpy(d, s, n);
    d[n] = '\0';
    a->p += n + 1;
    a->left -= n + 1;
    return d;
}

static size_t slen(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* The time now as "2026-12-05T08:30:00Z" (n >= 21).  Formatted once a second
 * per thread: every answer is recorded, and strftime costs more than the
 * rest of the record's bookkeeping. */
static void utc_now(char *out, size_t n)
{
    static _Thread_local time_t last = -1;
    static _Thread_local char text[24];
    time_t t = time(NULL);
    if (t != last) {
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
        last = t;
    }
    size_t l = strlen(text);
    if (l >= n)
        l = n - 1;
    memcpy(out, text, l);
    out[l] = '\0';
}

/* Cut s to at most max code points (UTF-8), in place. */
static void cut_chars(char *s, size_t max)
{
    size_t chars = 0;
    for (char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xc0) != 0x80 && chars++ == max) {
            *p = '\0';
            return;
        }
    }
}

/* Push an item; false when the ring is full (the item is not taken).  The
 * writer is not woken for each record (a futex wake and a transaction per
 * answer would cost more than the answer): it writes every WRITE_EVERY_MS,
 * or at once when half a batch is waiting; idle, it is woken by the first
 * record. */
static bool push(struct messages *m, struct item *it)
{
    bool ok = false;
    pthread_mutex_lock(&m->mu);
    if (m->count < GC_MESSAGES_QUEUE_MAX && m->bytes + it->size <= GC_MESSAGES_QUEUE_BYTES &&
        !m->stop) {
        m->ring[(m->head + m->count) % GC_MESSAGES_QUEUE_MAX] = it;
        m->count++;
        m->bytes += it->size;
        ok = true;
        if (it->done) {
            /* Someone waits for the commit: the writer starts its group
             * commit window at the first, and closes it early when
             * GROUP_COMMIT_MIN wait. */
            if (++m->waiting == 1 || m->waiting == GROUP_COMMIT_MIN)
                pthread_cond_signal(&m->wake);
        } else if (m->idle || m->count == GC_MESSAGES_BATCH_MAX / 2) {
            m->idle = false;
            pthread_cond_signal(&m->wake);
        }
    }
    pthread_mutex_unlock(&m->mu);
    return ok;
}

/* Queue a job item and wait for it at most ms (0 = no limit). */
static enum gc_rc run_job(struct messages *m, struct item *it, unsigned ms, long long *result)
{
    struct job *j = xcalloc(1, sizeof *j);
    it->job = j;
    /* Jobs are never dropped for a full queue: they wait their turn.  (They
     * are rare: one per feedback.) */
    pthread_mutex_lock(&m->mu);
    if (m->stop) {
        pthread_mutex_unlock(&m->mu);
        free(j);
        free(it);
        return GC_ERR_BUSY;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (m->count >= GC_MESSAGES_QUEUE_MAX) {
        if (ms && pthread_cond_timedwait(&m->done, &m->mu, &until) == ETIMEDOUT) {
            pthread_mutex_unlock(&m->mu);
            free(j);
            free(it);
            return GC_ERR_BUSY;
        }
        if (!ms)
            pthread_cond_wait(&m->done, &m->mu);
    }
    m->ring[(m->head + m->count) % GC_MESSAGES_QUEUE_MAX] = it;
    m->count++;
    m->urgent = true;
    pthread_cond_signal(&m->wake);
    enum gc_rc rc = GC_ERR_BUSY;
    for (;;) {
        if (j->done) {
            rc = j->rc;
            if (result)
                *result = j->result;
            free(j);
            break;
        }
        if (ms && pthread_cond_timedwait(&m->done, &m->mu, &until) == ETIMEDOUT && !j->done) {
            j->abandoned = true;   /* the writer frees it */
            break;
        }
        if (!ms)
            pthread_cond_wait(&m->done, &m->mu);
    }
    pthread_mutex_unlock(&m->mu);
    return rc;
}

/* ---------------------------------------------------------------- writer */

static enum gc_rc prepare_all(struct messages *m, struct gc_err *e)
{
    const struct {
        const char *sql;
        sqlite3_stmt **st;
    } q[] = {
        {"INSERT INTO messages(id, conversation_id, created_at, channel, question, "
         "reply_id, confidence, refused, refusal_reason, path, elapsed_ms, followup, "
         "energy_wh, sms_parts) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
         &m->st_msg},
        {"INSERT INTO replies(shared, answer, sources) VALUES (?1, ?2, ?3)", &m->st_reply},
        {"SELECT 1 FROM messages WHERE id = ?1", &m->st_exists},
        {"DELETE FROM feedback WHERE message_id = ?1", &m->st_fb_del},
        {"INSERT INTO feedback(message_id, useful, comment) VALUES (?1, ?2, ?3)", &m->st_fb_ins},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        enum gc_rc rc = db_prepare(m->db, q[i].sql, q[i].st, e);
        if (rc)
            return rc;
    }
    return GC_OK;
}

static int step_reset(sqlite3_stmt *st)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r;
}

/* The item's sources as a JSON array of strings, in m->rsrc (under wmu);
 * "[]" if it cannot be written. */
static const char *sources_json(struct messages *m, const struct item *it)
{
    struct jsonw w;
    buf_reset(&m->rsrc);
    jsonw_init(&w, &m->rsrc);
    jsonw_open(&w, '[');
    for (int i = 0; i < it->nsources; i++)
        jsonw_str(&w, it->sources[i] ? it->sources[i] : "");
    jsonw_close(&w, ']');
    return w.rc ? "[]" : m->rsrc.data;
}

/* 64-bit hash of a reply's key, eight bytes at a time (the key is ~500
 * bytes, written ~17,000 times a second under load: a byte-at-a-time hash
 * would cost more than the cache saves).  Collisions only cost a query: the
 * key itself is compared. */
static uint64_t reply_hash(const char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 29);
}

static void replies_forget(struct messages *m)
{
    for (size_t i = 0; i < REPLY_CACHE_SLOTS; i++) {
        free(m->replies[i].key);
        m->replies[i] = (struct reply_slot){0};
    }
    m->nreplies = 0;
    m->rbytes = 0;
}

/* Is a reply on this path the same text whenever the same pages answer? */
static bool shared_path(const char *path)
{
    return !path || !strcmp(path, "extractive") || !strcmp(path, "computed");
}

/* The id of the item's reply row, written if need be; 0 on error. */
static long long reply_id(struct messages *m, const struct item *it)
{
    const char *answer = it->answer ? it->answer : "";
    bool shared = shared_path(it->path);
    struct buf *k = &m->rkey;
    struct reply_slot *sl = NULL;
    uint64_t h = 0;
    if (shared) {
        buf_reset(k);
        enum gc_rc rc = buf_add(k, answer, strlen(answer) + 1);
        for (int i = 0; i < it->nsources && !rc; i++) {
            const char *s = it->sources[i] ? it->sources[i] : "";
            rc = buf_add(k, s, strlen(s) + 1);
        }
        if (!rc) {   /* longer than REPLY_KEY_MAX: written, not remembered */
            h = reply_hash(k->data, k->len);
            size_t i = h & (REPLY_CACHE_SLOTS - 1);
            for (; m->replies[i].id; i = (i + 1) & (REPLY_CACHE_SLOTS - 1)) {
                sl = &m->replies[i];
                if (sl->hash == h && sl->len == k->len && !memcmp(sl->key, k->data, k->len))
                    return sl->id;
            }
            sl = &m->replies[i];
        }
    }
    sqlite3_stmt *st = m->st_reply;
    sqlite3_bind_int(st, 1, shared);
    sqlite3_bind_text(st, 2, answer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sources_json(m, it), -1, SQLITE_STATIC);
    long long id = step_reset(st) == SQLITE_DONE ? sqlite3_last_insert_rowid(m->db->h) : 0;
    if (id && sl) {
        if (m->nreplies == REPLY_CACHE_MAX || m->rbytes + k->len > REPLY_CACHE_BYTES) {
            replies_forget(m);   /* full: start again (the replies in use come back first) */
            size_t i = h & (REPLY_CACHE_SLOTS - 1);
            sl = &m->replies[i];
        }
        sl->key = xmalloc(k->len);
        memcpy(sl->key, k->data, k->len);
        sl->len = k->len;
        sl->hash = h;
        sl->id = id;
        m->nreplies++;
        m->rbytes += k->len;
    }
    return id;
}

static bool write_message(struct messages *m, const struct item *it)
{
    long long reply = reply_id(m, it);
    if (!reply)
        return false;
    sqlite3_stmt *st = m->st_msg;
    sqlite3_bind_int64(st, 1, it->id);
    sqlite3_bind_text(st, 2, it->conversation_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, it->created_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, it->channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, it->question, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, reply);
    sqlite3_bind_double(st, 7, it->confidence);
    sqlite3_bind_int(st, 8, it->refused);
    db_bind_text(st, 9, it->refusal_reason);
    sqlite3_bind_text(st, 10, it->path ? it->path : "extractive", -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 11, it->elapsed_ms);
    sqlite3_bind_int(st, 12, it->followup);
    sqlite3_bind_double(st, 13, it->energy_wh);
    sqlite3_bind_int(st, 14, it->sms_parts);
    return step_reset(st) == SQLITE_DONE;
}

static enum gc_rc write_feedback(struct messages *m, const struct item *it)
{
    sqlite3_bind_int64(m->st_exists, 1, it->id);
    int r = step_reset(m->st_exists);
    if (r == SQLITE_DONE)
        return GC_ERR_NOTFOUND;
    if (r != SQLITE_ROW)
        return GC_ERR_DB;
    sqlite3_bind_int64(m->st_fb_del, 1, it->id);
    if (step_reset(m->st_fb_del) != SQLITE_DONE)
        return GC_ERR_DB;
    sqlite3_bind_int64(m->st_fb_ins, 1, it->id);
    sqlite3_bind_int(m->st_fb_ins, 2, it->useful);
    db_bind_text(m->st_fb_ins, 3, it->comment);
    return step_reset(m->st_fb_ins) == SQLITE_DONE ? GC_OK : GC_ERR_DB;
}

/* Ids grow with time (messages_record gives them as the exchanges come):
 * the old rows are those before the first recent one.  Finding it reads the
 * rows in id order up to it, the rows the DELETE removes anyway: no index on
 * the date is kept for this once-a-day query.  (Deleting the largest id
 * keeps it in meta: the trigger of schema step 6.) */
static long long purge(struct messages *m)
{
    char sql[512];
    struct gc_err e;
    /* A savepoint, in the batch's transaction or as one of its own: the
     * exchanges and their replies go together, or neither. */
    bool outer = sqlite3_get_autocommit(m->db->h);
    if (db_exec(m->db, "SAVEPOINT purge", &e)) {
        log_error("messages: retention: %s", e.msg);
        return -1;
    }
    snprintf(sql, sizeof sql,
             "DELETE FROM messages WHERE id < COALESCE((SELECT id FROM messages WHERE "
             "created_at >= strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '-%d days') "
             "ORDER BY id LIMIT 1), (SELECT MAX(id) + 1 FROM messages));",
             m->retention_days);
    if (db_exec(m->db, sql, &e))
        goto fail;
    long long n = sqlite3_changes(m->db->h);
    /* Then the replies no exchange refers to any more: one pass over the
     * exchanges' reply ids, only when some were deleted (so every day once
     * the service is older than the retention; a shared reply left alone
     * by a number that asked to be forgotten waits for it: it holds the
     * town's text, nothing of the number). */
    if (n > 0) {
        replies_forget(m);
        if (db_exec(m->db, "DELETE FROM replies WHERE id NOT IN (SELECT reply_id FROM messages)",
                    &e))
            goto fail;
    }
    /* Outside a transaction, this commits. */
    if (db_exec(m->db, "RELEASE purge", &e))
        goto fail;
    return n;
fail:
    log_error("messages: retention: %s", e.msg);
    /* Unless SQLite has rolled the whole transaction back already. */
    if (!sqlite3_get_autocommit(m->db->h)) {
        struct gc_err ignored;
        if (outer)
            db_rollback(m->db);
        else if (!db_exec(m->db, "ROLLBACK TO purge", &ignored))
            db_exec(m->db, "RELEASE purge", &ignored);
    }
    replies_forget(m);
    return -1;
}

/* Once the deletion of n exchanges is committed. */
static void purge_done(struct messages *m, long long n)
{
    atomic_fetch_add(&m->purged, (uint64_t)n);
    if (n > 0)
        log_info("messages: %lld exchange(s) older than %d days deleted", n, m->retention_days);
}

/* Write one batch in one transaction; jobs get their verdicts. */
static void write_batch(struct messages *m, struct item **b, size_t n, bool began)
{
    struct gc_err e;
    bool tx = began || db_begin(m->db, &e) == GC_OK;
    if (!tx)
        log_error("messages: %s", e.msg);
    uint64_t ok = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct item *it = b[i];
        switch (it->kind) {
        case IT_MESSAGE:
            if (tx && write_message(m, it)) {
                it->written = true;
                ok++;
            } else {
                bad++;
                replies_forget(m);   /* the transaction may be gone with its replies */
            }
            break;
        case IT_FEEDBACK:
            it->job->rc = tx ? write_feedback(m, it) : GC_ERR_DB;
            break;
        case IT_PURGE:
            it->job->result = tx ? purge(m) : -1;
            it->job->rc = it->job->result < 0 ? GC_ERR_DB : GC_OK;
            break;
        case IT_FLUSH:
            it->job->rc = GC_OK;
            break;
        }
        /* SQLite rolls the whole transaction back by itself on some errors
         * (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM): what this batch wrote
         * is gone, and the rest must not be written outside a transaction
         * (a reply remembered from before would be named by exchanges
         * that outlive it). */
        if (tx && sqlite3_get_autocommit(m->db->h)) {
            log_error("messages: the batch was rolled back: %s", sqlite3_errmsg(m->db->h));
            replies_forget(m);
            tx = false;
            bad += ok;
            ok = 0;
            for (size_t j = 0; j <= i; j++) {
                b[j]->written = false;
                if (b[j]->kind == IT_FEEDBACK)
                    b[j]->job->rc = GC_ERR_DB;
                else if (b[j]->kind == IT_PURGE) {
                    b[j]->job->rc = GC_ERR_DB;
                    b[j]->job->result = -1;
                }
            }
        }
    }
    if (tx)
        atomic_fetch_add(&m->commits, 1);
    if (tx && db_commit(m->db, &e)) {
        log_error("messages: %s", e.msg);
        db_rollback(m->db);
        replies_forget(m);
        bad += ok;
        ok = 0;
        for (size_t i = 0; i < n; i++) {
            b[i]->written = false;
            if (!b[i]->job)
                continue;
            if (b[i]->kind == IT_FEEDBACK) {
                b[i]->job->rc = GC_ERR_DB;
            } else if (b[i]->kind == IT_PURGE) {
                b[i]->job->rc = GC_ERR_DB;
                b[i]->job->result = -1;
            }
        }
    }
    /* Purges count once committed. */
    for (size_t i = 0; i < n; i++)
        if (b[i]->kind == IT_PURGE && b[i]->job && b[i]->job->result >= 0)
            purge_done(m, b[i]->job->result);
    if (bad)
        log_warn("messages: %llu exchange(s) could not be written", (unsigned long long)bad);
    atomic_fetch_add(&m->written, ok);
    atomic_fetch_add(&m->dropped, bad);
    /* The batch is committed (or lost): those who wait for a record hear
     * it now, in the order of the queue, outside the queue's lock. */
    for (size_t i = 0; i < n; i++)
        if (b[i]->kind == IT_MESSAGE && b[i]->done)
            b[i]->done(b[i]->done_ctx, b[i]->id, tx && b[i]->written);

    /* Jobs get their verdicts under the lock; the items are freed after it,
     * so that the workers recording answers never wait for these frees. */
    bool jobs = false;
    for (size_t i = 0; i < n && !jobs; i++)
        jobs = b[i]->job != NULL;
    if (jobs) {
        pthread_mutex_lock(&m->mu);
        for (size_t i = 0; i < n; i++) {
            struct job *j = b[i]->job;
            if (j) {
                if (j->abandoned)
                    free(j);
                else
                    j->done = true;
            }
        }
        pthread_cond_broadcast(&m->done);
        pthread_mutex_unlock(&m->mu);
    }
    for (size_t i = 0; i < n; i++)
        free(b[i]);
}

/* The writer and the checkpointer work for later, the HTTP workers for a
 * resident who waits: when they wake on a busy machine they should not take
 * a core from a worker.  SCHED_BATCH (sched(7)) does not preempt on wake-up,
 * and a nice of BACKGROUND_NICE leaves them a quarter of a busy core, well
 * above what the writer needs (bench/recorder.c: under 10 us an exchange).
 * Failing to change either is harmless: not checked. */
#define BACKGROUND_NICE 5
static void background_thread(void)
{
    struct sched_param sp = {0};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &sp);
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), BACKGROUND_NICE);
}

/* Move up to max items from the ring to batch (mu held). */
static size_t take(struct messages *m, struct item **batch, size_t max)
{
    size_t n = 0;
    while (m->count && n < max) {
        if (m->ring[m->head]->done && m->waiting)
            m->waiting--;
        batch[n++] = m->ring[m->head];
        m->bytes -= m->ring[m->head]->size;
        m->head = (m->head + 1) % GC_MESSAGES_QUEUE_MAX;
        m->count--;
    }
    if (n)
        pthread_cond_broadcast(&m->done);   /* room in the ring */
    return n;
}

static void *writer_main(void *arg)
{
    struct messages *m = arg;
    /* Not a background thread any more: answers wait for its commits
     * (group commit), so it runs at the workers' priority.  The
     * checkpointer stays in the background. */
    struct item **batch = xcalloc(GC_MESSAGES_BATCH_MAX, sizeof *batch);
    for (;;) {
        pthread_mutex_lock(&m->mu);
        struct timespec until;
        if (!m->stop && !m->urgent && !m->count && !m->waiting) {
            /* Nothing to write: sleep until a record comes (or a minute,
             * for the daily purge). */
            m->idle = true;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 60;
            pthread_cond_timedwait(&m->wake, &m->mu, &until);
            m->idle = false;
        }
        if (!m->stop && !m->urgent && m->waiting && m->waiting < GROUP_COMMIT_MIN) {
            /* Answers wait for this commit: gather those that come within
             * GROUP_COMMIT_US (or until GROUP_COMMIT_MIN wait), so that one
             * commit serves many (each costs a few pages of WAL and its
             * system calls whatever it holds). */
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += GROUP_COMMIT_US * 1000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (!m->stop && !m->urgent && m->waiting < GROUP_COMMIT_MIN &&
                   pthread_cond_timedwait(&m->wake, &m->mu, &until) != ETIMEDOUT)
                ;
        } else if (!m->stop && !m->urgent && !m->waiting && m->count &&
                   m->count < GC_MESSAGES_BATCH_MAX / 2) {
            /* Then WRITE_EVERY_MS, unless a job, half a batch or the stop
             * comes first: records that arrive meanwhile make one
             * transaction. */
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += WRITE_EVERY_MS * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&m->wake, &m->mu, &until);
        }
        m->urgent = false;
        pthread_mutex_unlock(&m->mu);
        /* Items are taken and written under wmu, so that batches reach the
         * database in the order they were queued (a feedback after its
         * exchange), whoever writes them: this thread or a worker that helps
         * (messages_help). */
        pthread_mutex_lock(&m->wmu);
        pthread_mutex_lock(&m->mu);
        size_t n = take(m, batch, GC_MESSAGES_BATCH_MAX);
        bool stop = m->stop && !m->count && !n;
        pthread_mutex_unlock(&m->mu);
        if (n)
            write_batch(m, batch, n, false);
        if (!stop && time(NULL) - m->last_purge >= PURGE_EVERY_S) {
            /* Once a day; after a failure, again an hour later. */
            long long r = purge(m);
            m->last_purge = time(NULL) - (r < 0 ? PURGE_EVERY_S - PURGE_RETRY_S : 0);
            if (r >= 0)
                purge_done(m, r);
        }
        pthread_mutex_unlock(&m->wmu);
        if (stop)
            break;
    }
    free(batch);
    return NULL;
}

void messages_help(struct messages *m)
{
    if (!m || pthread_mutex_trylock(&m->wmu))
        return;   /* someone writes already */
    pthread_mutex_lock(&m->mu);
    bool enough = m->count >= GC_MESSAGES_HELP_BATCH && !m->stop;
    pthread_mutex_unlock(&m->mu);
    /* The transaction first, without waiting: when another connection
     * holds the write lock, the writer thread will wait for it, not a
     * worker. */
    bool began = false;
    if (enough) {
        sqlite3_busy_timeout(m->db->h, 0);
        began = sqlite3_exec(m->db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
        sqlite3_busy_timeout(m->db->h, DB_BUSY_TIMEOUT_MS);
    }
    if (began) {
        struct item *batch[GC_MESSAGES_HELP_BATCH];
        pthread_mutex_lock(&m->mu);
        size_t n = take(m, batch, GC_MESSAGES_HELP_BATCH);   /* >= 1: only we take */
        pthread_mutex_unlock(&m->mu);
        write_batch(m, batch, n, true);
    }
    pthread_mutex_unlock(&m->wmu);
}

/* SQLite calls this after each commit of the writer, with the WAL's size
 * in pages (sqlite3_wal_hook: it replaces the automatic checkpoint). */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
    struct messages *m = arg;
    if (frames >= CHECKPOINT_INLINE) {
        /* The checkpointer cannot keep up (or a reader holds old pages):
         * bound the WAL as SQLite itself would, whoever writes (a worker
         * that helps too: rare, and the disk must not fill up). */
        sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (frames >= CHECKPOINT_FRAMES) {
        pthread_mutex_lock(&m->mu);
        m->ck_due = true;
        pthread_cond_signal(&m->ck_wake);
        pthread_mutex_unlock(&m->mu);
    }
    return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
    struct messages *m = arg;
    background_thread();
    pthread_mutex_lock(&m->mu);
    for (;;) {
        while (!m->ck_due && !m->ck_stop)
            pthread_cond_wait(&m->ck_wake, &m->mu);
        if (m->ck_stop)
            break;
        m->ck_due = false;
        pthread_mutex_unlock(&m->mu);
        int r = sqlite3_wal_checkpoint_v2(m->ckdb->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (r != SQLITE_OK && r != SQLITE_BUSY)
            log_warn("messages: checkpoint: %s", sqlite3_errmsg(m->ckdb->h));
        pthread_mutex_lock(&m->mu);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* ------------------------------------------------------------ public API */

enum gc_rc messages_open(struct messages **out, const char *path, int retention_days,
                         struct gc_err *e)
{
    enum gc_rc rc;
    *out = NULL;
    if (retention_days < 1 || retention_days > 3650)
        return gc_err_set(e, GC_ERR_INVALID, "retention-days must be 1..3650 (got %d)",
                          retention_days);
    struct messages *m = xcalloc(1, sizeof *m);
    m->retention_days = retention_days;
    m->ring = xcalloc(GC_MESSAGES_QUEUE_MAX, sizeof *m->ring);
    m->replies = xcalloc(REPLY_CACHE_SLOTS, sizeof *m->replies);
    buf_init(&m->rkey, REPLY_KEY_MAX);
    buf_init(&m->rsrc, REPLY_SOURCES_JSON_MAX);
    pthread_mutex_init(&m->mu, NULL);
    pthread_mutex_init(&m->wmu, NULL);
    pthread_cond_init(&m->wake, NULL);
    pthread_cond_init(&m->done, NULL);
    pthread_cond_init(&m->ck_wake, NULL);
    rc = exchanges_open(&m->db, path, NULL, DB_WRITER, e);
    if (!rc)
        rc = exchanges_open(&m->ckdb, path, NULL, DB_WRITER, e);
    if (rc)
        goto out;
    if (pthread_create(&m->checkpointer, NULL, checkpointer_main, m)) {
        rc = gc_err_set(e, GC_ERR_IO, "could not start the checkpoint thread");
        goto out;
    }
    m->ck_started = true;
    sqlite3_wal_hook(m->db->h, wal_hook, m);
    rc = prepare_all(m, e);
    if (rc)
        goto out;
    /* Ids: one past the largest ever given. */
    sqlite3_stmt *st;
    rc = db_prepare(m->db,
                    "SELECT MAX(COALESCE((SELECT MAX(id) FROM messages), 0), "
                    "COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
                    "WHERE key = 'messages_last_id'), 0))",
                    &st, e);
    if (rc)
        goto out;
    long long last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    atomic_init(&m->next_id, last);
    long long purged = purge(m);
    if (purged < 0) {
        rc = gc_err_set(e, GC_ERR_DB, "%s: could not delete old exchanges (see the log)", path);
        goto out;
    }
    m->last_purge = time(NULL);
    purge_done(m, purged);
    if (pthread_create(&m->writer, NULL, writer_main, m)) {
        rc = gc_err_set(e, GC_ERR_IO, "could not start the message writer thread");
        goto out;
    }
    m->started = true;
    *out = m;
    m = NULL;
    rc = GC_OK;
out:
    messages_close(m);
    return rc;
}

void messages_close(struct messages *m)
{
    if (!m)
        return;
    if (m->started) {
        pthread_mutex_lock(&m->mu);
        m->stop = true;
        pthread_cond_signal(&m->wake);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->writer, NULL);
    }
    if (m->ck_started) {
        pthread_mutex_lock(&m->mu);
        m->ck_stop = true;
        pthread_cond_signal(&m->ck_wake);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->checkpointer, NULL);
    }
    for (size_t i = 0; i < m->count; i++) {   /* only when the writer never ran */
        struct item *it = m->ring[(m->head + i) % GC_MESSAGES_QUEUE_MAX];
        if (it->kind == IT_MESSAGE && it->done)
            it->done(it->done_ctx, it->id, false);
        free(it);
    }
    sqlite3_finalize(m->st_msg);
    sqlite3_finalize(m->st_exists);
    sqlite3_finalize(m->st_fb_del);
    sqlite3_finalize(m->st_fb_ins);
    sqlite3_finalize(m->st_reply);
    replies_forget(m);
    free(m->replies);
    buf_free(&m->rkey);
    buf_free(&m->rsrc);
    db_close(m->ckdb);
    db_close(m->db);   /* the last connection, if it is: SQLite checkpoints the rest */
    pthread_mutex_destroy(&m->mu);
    pthread_mutex_destroy(&m->wmu);
    pthread_cond_destroy(&m->wake);
    pthread_cond_destroy(&m->done);
    pthread_cond_destroy(&m->ck_wake);
    free(m->ring);
    free(m);
}

long long messages_record(struct messages *m, const struct message_rec *r)
{
    return messages_record_then(m, r, NULL, NULL);
}

long long messages_record_then(struct messages *m, const struct message_rec *r,
                               messages_done_fn done, void *done_ctx)
{
    if (!m || !r->conversation_id || !*r->conversation_id || !r->channel || !r->question)
        return 0;
    if (strlen(r->conversation_id) > GC_CONVERSATION_ID_MAX) {
        atomic_fetch_add(&m->dropped, 1);
        return 0;
    }
    /* Scrub first: the raw question never leaves this function. */
    struct buf q;
    buf_init(&q, GC_QUESTION_MAX_BYTES * 2);
    if (scrub_text(r->question, r->question_len, &q) != GC_OK) {
        buf_free(&q);
        atomic_fetch_add(&m->dropped, 1);
        return 0;
    }
    int ns = r->nsources < 0 ? 0 : r->nsources > GC_SOURCES_MAX ? GC_SOURCES_MAX : r->nsources;
    size_t need = sizeof(struct item) + slen(r->conversation_id) + slen(r->channel) + q.len + 1 +
                  slen(r->answer) + slen(r->refusal_reason) + slen(r->path);
    for (int i = 0; i < ns; i++)
        need += slen(r->source_ids[i]);
    struct item *it = xcalloc(1, need);
    struct arena a = {(char *)(it + 1), need - sizeof *it};
    it->kind = IT_MESSAGE;
    it->size = need;
    utc_now(it->created_at, sizeof it->created_at);
    it->conversation_id = arena_str(&a, r->conversation_id, strlen(r->conversation_id));
    it->channel = arena_str(&a, r->channel, strlen(r->channel));
    it->question = arena_str(&a, buf_str(&q), q.len);
    it->answer = r->answer ? arena_str(&a, r->answer, strlen(r->answer)) : NULL;
    it->refusal_reason =
        r->refusal_reason ? arena_str(&a, r->refusal_reason, strlen(r->refusal_reason)) : NULL;
    it->path = r->path ? arena_str(&a, r->path, strlen(r->path)) : NULL;
    for (int i = 0; i < ns; i++)
        it->sources[i] = r->source_ids[i] ? arena_str(&a, r->source_ids[i],
                                                      strlen(r->source_ids[i])) : NULL;
    it->nsources = ns;
    it->confidence = r->confidence;
    it->refused = r->refused;
    it->elapsed_ms = r->elapsed_ms;
    it->followup = r->followup;
    it->energy_wh = r->energy_wh;
    it->sms_parts = r->sms_parts;
    buf_free(&q);
    long long id = atomic_fetch_add(&m->next_id, 1) + 1;
    it->id = id;
    it->done = done;
    it->done_ctx = done_ctx;
    if (!push(m, it)) {   /* once pushed, `it` belongs to the writer */
        free(it);
        atomic_fetch_add(&m->dropped, 1);
        return 0;
    }
    atomic_fetch_add(&m->recorded, 1);
    return id;
}

/* messages_record_wait: the caller's thread waits on this. */
struct waiter {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done, written;
};

static void waiter_done(void *ctx, long long id, bool written)
{
    struct waiter *w = ctx;
    (void)id;
    pthread_mutex_lock(&w->mu);
    w->done = true;
    w->written = written;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

long long messages_record_wait(struct messages *m, const struct message_rec *r)
{
    struct waiter w = {.done = false};
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    long long id = messages_record_then(m, r, waiter_done, &w);
    if (id > 0) {
        pthread_mutex_lock(&w.mu);
        while (!w.done)
            pthread_cond_wait(&w.cv, &w.mu);
        pthread_mutex_unlock(&w.mu);
        if (!w.written)
            id = 0;
    }
    pthread_mutex_destroy(&w.mu);
    pthread_cond_destroy(&w.cv);
    return id;
}

enum gc_rc messages_feedback(struct messages *m, long long message_id, bool useful,
                             const char *comment, struct gc_err *e)
{
    if (!m)
        return gc_err_set(e, GC_ERR_BUSY, "exchanges are not recorded");
    if (message_id <= 0 || message_id > atomic_load(&m->next_id))
        return gc_err_set(e, GC_ERR_NOTFOUND, "no such message");
    size_t cl = comment ? strlen(comment) : 0;
    struct item *it = xcalloc(1, sizeof *it + cl + 1);
    struct arena a = {(char *)(it + 1), cl + 1};
    it->kind = IT_FEEDBACK;
    it->id = message_id;
    it->useful = useful;
    char *c = (char *)arena_str(&a, comment ? comment : "", cl);
    cut_chars(c, GC_FEEDBACK_COMMENT_MAX);
    it->comment = c;
    enum gc_rc rc = run_job(m, it, GC_FEEDBACK_WAIT_MS, NULL);
    switch (rc) {
    case GC_OK: return GC_OK;
    case GC_ERR_NOTFOUND: return gc_err_set(e, rc, "no such message (or deleted after %d days)",
                                            m->retention_days);
    case GC_ERR_BUSY: return gc_err_set(e, rc, "the database is busy");
    default: return gc_err_set(e, rc, "the feedback could not be written");
    }
}

void messages_flush(struct messages *m)
{
    if (!m)
        return;
    struct item *it = xcalloc(1, sizeof *it);
    it->kind = IT_FLUSH;
    run_job(m, it, 0, NULL);
}

long long messages_purge(struct messages *m)
{
    if (!m)
        return -1;
    struct item *it = xcalloc(1, sizeof *it);
    it->kind = IT_PURGE;
    long long n = -1;
    if (run_job(m, it, 0, &n))
        return -1;
    return n;
}

void messages_limit_growth(struct messages *m, long long pages)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->wmu);
    long long max = 4294967294LL;   /* SQLite's largest */
    sqlite3_stmt *st = NULL;
    if (pages >= 0 &&
        sqlite3_prepare_v2(m->db->h, "PRAGMA page_count", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        max = sqlite3_column_int64(st, 0) + pages;
    sqlite3_finalize(st);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", max);
    sqlite3_exec(m->db->h, sql, NULL, NULL, NULL);
    pthread_mutex_unlock(&m->wmu);
}

void messages_set_synchronous(struct messages *m, bool full)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->wmu);
    const char *sql = full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
    sqlite3_exec(m->db->h, sql, NULL, NULL, NULL);
    sqlite3_exec(m->ckdb->h, sql, NULL, NULL, NULL);
    pthread_mutex_unlock(&m->wmu);
}

static int refuse_commit(void *unused)
{
    (void)unused;
    return 1;   /* the COMMIT becomes a ROLLBACK */
}

void messages_fail_commits(struct messages *m, bool fail)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->wmu);
    sqlite3_commit_hook(m->db->h, fail ? refuse_commit : NULL, NULL);
    pthread_mutex_unlock(&m->wmu);
}

void messages_counts(struct messages *m, struct messages_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!m)
        return;
    out->recorded = atomic_load(&m->recorded);
    out->written = atomic_load(&m->written);
    out->dropped = atomic_load(&m->dropped);
    out->purged = atomic_load(&m->purged);
    out->commits = atomic_load(&m->commits);
}

int messages_retention_days(const struct messages *m)
{
    return m ? m->retention_days : 0;
}
