/* test_messages.c — store/messages: exchanges written by the background
 * writer (scrubbed), ids given before the write and never reused, feedback
 * verdicts, retention, many producers at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/exchanges.h"
#include "store/messages.h"
#include "testutil.h"

struct fx {
    char path[256];
    struct messages *m;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    if (!f || tmp_file(f->path, sizeof f->path, "messages"))
        return -1;
    if (messages_open(&f->m, f->path, 90, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    messages_close(f->m);
    tmp_db_remove(f->path);
    free(f);
    return 0;
}

static long long record(struct messages *m, const char *cid, const char *question)
{
    struct message_rec r = {
        .conversation_id = cid,
        .channel = "web",
        .question = question,
        .question_len = strlen(question),
        .answer = "La médiathèque est fermée le lundi.",
        .source_ids = {"https://www.villebrune.example/culture/mediatheque"},
        .nsources = 1,
        .confidence = 0.9,
        .path = "extractive",
        .elapsed_ms = 0.2,
    };
    return messages_record(m, &r);
}

/* One value of the database, read through a separate connection. */
static char *query1(const char *path, const char *sql)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (exchanges_open(&db, path, NULL, DB_READONLY, &e) || db_prepare(db, sql, &st, &e))
        fail_msg("%s", e.msg);
    if (sqlite3_step(st) == SQLITE_ROW)
        out = strdup(db_col_text(st, 0));
    sqlite3_finalize(st);
    db_close(db);
    return out;
}

static void expect(const char *path, const char *sql, const char *want)
{
    char *got = query1(path, sql);
    if (!got || strcmp(got, want))
        fail_msg("%s -> \"%s\", expected \"%s\"", sql, got ? got : "(no row)", want);
    free(got);
}

static void test_record_and_read_back(void **state)
{
    struct fx *f = *state;
    long long a = record(f->m, "c1", "horaires de la médiathèque ? appelez le 06 12 34 56 78");
    long long b = record(f->m, "c1", "et le samedi ?");
    long long c = record(f->m, "c2", "écrire à jean@example.fr");
    assert_true(a > 0 && b == a + 1 && c == b + 1);
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM messages", "3");
    expect(f->path, "SELECT COUNT(DISTINCT conversation_id) FROM messages", "2");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT question FROM messages WHERE id = %lld", a);
    expect(f->path, sql, "horaires de la médiathèque ? appelez le [téléphone]");
    snprintf(sql, sizeof sql, "SELECT question || '|' || conversation_id FROM messages WHERE id = %lld", c);
    expect(f->path, sql, "écrire à [courriel]|c2");
    snprintf(sql, sizeof sql, "SELECT sources || '|' || channel || '|' || path FROM exchanges WHERE id = %lld", b);
    expect(f->path, sql, "[\"https://www.villebrune.example/culture/mediatheque\"]|web|extractive");
    struct messages_counts n;
    messages_counts(f->m, &n);
    assert_int_equal(n.recorded, 3);
    assert_int_equal(n.written, 3);
    assert_int_equal(n.dropped, 0);
    /* Incomplete records are refused, not stored. */
    struct message_rec bad = {.channel = "web", .question = "x", .question_len = 1};
    assert_int_equal(messages_record(f->m, &bad), 0);
    assert_int_equal(messages_record(NULL, &bad), 0);
}

/* The acknowledgement: an id handed out is committed first (group commit),
 * never told as written when its batch was not. */
struct told {
    int calls;
    long long id;
    bool written;
};

static void on_done(void *ctx, long long id, bool written)
{
    struct told *t = ctx;
    t->calls++;
    t->id = id;
    t->written = written;
}

static void test_durable_ack(void **state)
{
    struct fx *f = *state;
    struct message_rec r = {
        .conversation_id = "c9", .channel = "api", .question = "q durable",
        .question_len = 9, .answer = "a", .path = "extractive",
    };
    long long id = messages_record_wait(f->m, &r);
    assert_true(id > 0);
    char sql[96];
    /* Already in the file, seen by another connection, without a flush. */
    snprintf(sql, sizeof sql, "SELECT question FROM messages WHERE id = %lld", id);
    expect(f->path, sql, "q durable");
    struct told t = {0};
    long long id2 = messages_record_then(f->m, &r, on_done, &t);
    messages_flush(f->m);
    assert_int_equal(t.calls, 1);
    assert_int_equal(t.id, id2);
    assert_true(t.written);
    /* A commit that fails: told so, and the id is not handed out. */
    messages_fail_commits(f->m, true);
    struct told u = {0};
    assert_true(messages_record_then(f->m, &r, on_done, &u) > 0);
    assert_int_equal(messages_record_wait(f->m, &r), 0);
    messages_flush(f->m);
    messages_fail_commits(f->m, false);
    assert_int_equal(u.calls, 1);
    assert_false(u.written);
}

static void test_feedback(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    long long id = record(f->m, "c1", "carte d'identité");
    /* At once: the writer writes the exchange before the feedback (one queue). */
    assert_int_equal(messages_feedback(f->m, id, true, "", &e), GC_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT useful || '|' || comment FROM feedback WHERE message_id = %lld", id);
    expect(f->path, sql, "1|");
    /* A second opinion replaces the first. */
    assert_int_equal(messages_feedback(f->m, id, false, "Il manque les délais.", &e), GC_OK);
    expect(f->path, sql, "0|Il manque les délais.");
    expect(f->path, "SELECT COUNT(*) FROM feedback", "1");
    /* Unknown ids. */
    assert_int_equal(messages_feedback(f->m, id + 1000, true, NULL, &e), GC_ERR_NOTFOUND);
    assert_int_equal(messages_feedback(f->m, 0, true, NULL, &e), GC_ERR_NOTFOUND);
    assert_int_equal(messages_feedback(f->m, -5, true, NULL, &e), GC_ERR_NOTFOUND);
    /* A comment is cut at GC_FEEDBACK_COMMENT_MAX characters (code points). */
    size_t n = (GC_FEEDBACK_COMMENT_MAX + 50) * 2;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(big + i, "é", 2);
    big[n] = '\0';
    assert_int_equal(messages_feedback(f->m, id, true, big, &e), GC_OK);
    free(big);
    expect(f->path, "SELECT length(comment) FROM feedback", "1000");
    assert_int_equal(messages_feedback(NULL, id, true, NULL, &e), GC_ERR_BUSY);
}

static void test_retention_and_ids(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    long long a = record(f->m, "old", "question ancienne");
    long long b = record(f->m, "new", "question récente");
    assert_int_equal(messages_feedback(f->m, a, true, "ok", &e), GC_OK);
    messages_close(f->m);
    f->m = NULL;
    /* Age the first exchange by 100 days. */
    struct db *db = NULL;
    assert_int_equal(exchanges_open(&db, f->path, NULL, DB_READWRITE, &e), GC_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE messages SET created_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', "
             "'-100 days') WHERE id = %lld;", a);
    assert_int_equal(db_exec(db, sql, &e), GC_OK);
    db_close(db);
    /* Reopening purges what is older than 90 days, feedback included. */
    assert_int_equal(messages_open(&f->m, f->path, 90, &e), GC_OK);
    expect(f->path, "SELECT COUNT(*) FROM messages", "1");
    expect(f->path, "SELECT COUNT(*) FROM feedback", "0");
    expect(f->path, "SELECT COUNT(*) FROM messages WHERE conversation_id = 'old'", "0");
    expect(f->path, "SELECT COUNT(*) FROM messages WHERE conversation_id = 'new'", "1");
    struct messages_counts n;
    messages_counts(f->m, &n);
    assert_int_equal(n.purged, 1);
    assert_int_equal(messages_feedback(f->m, a, true, "", &e), GC_ERR_NOTFOUND);
    /* Ids continue after the largest ever given, even when it was deleted. */
    long long c = record(f->m, "new", "encore une");
    assert_true(c > b);
    /* A purge on demand, with a shorter retention than the rows' age: none. */
    assert_int_equal(messages_purge(f->m), 0);
    /* Every row old (no recent row bounds the ids): all go. */
    messages_flush(f->m);
    assert_int_equal(exchanges_open(&db, f->path, NULL, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_exec(db, "UPDATE messages SET created_at = '2000-01-01T00:00:00Z'", &e),
                     GC_OK);
    db_close(db);
    assert_int_equal(messages_purge(f->m), 2);
    expect(f->path, "SELECT COUNT(*) FROM messages", "0");
    assert_int_equal(messages_purge(f->m), 0);
    /* With the table empty, a new process still gives ids past the largest
     * ever given (the mark the purge left in meta). */
    messages_close(f->m);
    f->m = NULL;
    assert_int_equal(messages_open(&f->m, f->path, 90, &e), GC_OK);
    long long d = record(f->m, "later", "après la purge");
    assert_true(d > c);
    /* So does any other delete of the newest rows (a number that asks to
     * be forgotten: channels/sms_session.c). */
    long long g = record(f->m, "oubli", "effacez-moi");
    messages_close(f->m);
    f->m = NULL;
    assert_int_equal(exchanges_open(&db, f->path, NULL, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_exec(db, "DELETE FROM messages WHERE conversation_id = 'oubli'", &e),
                     GC_OK);
    db_close(db);
    assert_int_equal(messages_open(&f->m, f->path, 90, &e), GC_OK);
    assert_true(record(f->m, "later", "encore") > g);
    assert_int_equal(messages_retention_days(f->m), 90);
    struct messages *m2 = NULL;
    assert_int_equal(messages_open(&m2, f->path, 0, &e), GC_ERR_INVALID);
    assert_int_equal(messages_open(&m2, f->path, 3651, &e), GC_ERR_INVALID);
}

static long long record_reply(struct messages *m, const char *answer, const char *source,
                              const char *path)
{
    struct message_rec r = {
        .conversation_id = "c1", .channel = "api", .question = "q", .question_len = 1,
        .answer = answer, .source_ids = {source}, .nsources = source ? 1 : 0, .path = path,
    };
    return messages_record(m, &r);
}

/* Replies (schema step 7): one row for the same text with the same
 * sources, whoever asked; a language model's never shared; the exchanges
 * read back whole through the view; replies nobody refers to go with the
 * purge, and the writer never names one it deleted. */
static void test_replies_shared(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    const char *a = "La mairie ouvre à 8 h 30.", *s1 = "/mairie", *s2 = "/horaires";
    long long first = record_reply(f->m, a, s1, "extractive");
    record_reply(f->m, a, s1, "extractive");
    record_reply(f->m, a, s1, "computed");
    record_reply(f->m, a, s2, "extractive");         /* other sources: another reply */
    record_reply(f->m, a, NULL, NULL);               /* none */
    record_reply(f->m, a, s1, "llm-local");          /* generated: its own, twice */
    long long last = record_reply(f->m, a, s1, "llm-local");
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM messages", "7");
    expect(f->path, "SELECT COUNT(*) FROM replies", "5");
    expect(f->path, "SELECT COUNT(*) FROM replies WHERE shared = 0", "2");
    expect(f->path, "SELECT COUNT(DISTINCT reply_id) FROM messages WHERE path <> 'llm-local'", "3");
    expect(f->path, "SELECT COUNT(*) FROM exchanges WHERE answer = 'La mairie ouvre à 8 h 30.'",
           "7");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT sources || path FROM exchanges WHERE id = %lld", first);
    expect(f->path, sql, "[\"/mairie\"]extractive");
    snprintf(sql, sizeof sql, "SELECT sources || path FROM exchanges WHERE id = %lld", last);
    expect(f->path, sql, "[\"/mairie\"]llm-local");
    expect(f->path, "SELECT sources FROM exchanges WHERE id = (SELECT MIN(id) FROM messages "
                    "WHERE reply_id NOT IN (SELECT reply_id FROM messages WHERE id = 1))",
           "[\"/horaires\"]");

    /* Replies are found in the writer's memory only: another process
     * writes its own row for a reply given before (the exchange reads the
     * same). */
    messages_close(f->m);
    f->m = NULL;
    assert_int_equal(messages_open(&f->m, f->path, 90, &e), GC_OK);
    record_reply(f->m, a, s1, "extractive");
    record_reply(f->m, a, s1, "extractive");
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM replies", "6");

    /* All but the newest exchange aged: the purge takes their replies,
     * the one still referred to stays. */
    long long keep = record_reply(f->m, a, s2, "extractive");
    messages_flush(f->m);
    struct db *db = NULL;
    assert_int_equal(exchanges_open(&db, f->path, NULL, DB_READWRITE, &e), GC_OK);
    snprintf(sql, sizeof sql, "UPDATE messages SET created_at = '2000-01-01T00:00:00Z' "
             "WHERE id < %lld", keep);
    assert_int_equal(db_exec(db, sql, &e), GC_OK);
    db_close(db);
    assert_int_equal(messages_purge(f->m), 9);
    expect(f->path, "SELECT COUNT(*) FROM replies", "1");
    expect(f->path, "SELECT sources FROM replies", "[\"/horaires\"]");
    /* The writer had the deleted ones in memory: given again, they are
     * written again, not named by a dangling id. */
    record_reply(f->m, a, s1, "extractive");
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM replies", "2");
    expect(f->path, "SELECT COUNT(*) FROM exchanges WHERE answer IS NULL", "0");
}

static void record_text(struct messages *m, int i)
{
    char text[32];
    snprintf(text, sizeof text, "réponse %d", i);
    struct message_rec r = {.conversation_id = "c", .channel = "api", .question = text,
                            .question_len = strlen(text), .answer = text, .path = "extractive"};
    assert_true(messages_record(m, &r) > 0);
}

/* More distinct replies than the writer remembers, twice over: every
 * exchange still reads its own reply; the writer starts again when full
 * and shares what it remembers since. */
static void test_replies_many(void **state)
{
    struct fx *f = *state;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 2100; i++)
            record_text(f->m, i);
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM exchanges WHERE answer = question", "4200");
    char *before = query1(f->path, "SELECT COUNT(*) FROM replies");
    long nreplies = strtol(before, NULL, 10);
    assert_true(nreplies >= 2100 && nreplies <= 4200);
    for (int i = 2090; i < 2100; i++)   /* the last given: remembered */
        record_text(f->m, i);
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM replies", before);
    expect(f->path, "SELECT COUNT(*) FROM exchanges WHERE answer = question", "4210");
    free(before);
}

/* The disk fills in the middle of a batch: SQLite rolls the whole
 * transaction back by itself, replies the writer had just written with
 * it.  Nothing after that in the batch is written outside a transaction,
 * and no exchange ever names a reply that is not there. */
static void test_full_disk(void **state)
{
    struct fx *f = *state;
    char *big = malloc(6000);
    assert_non_null(big);
    record_reply(f->m, "Réponse d'avant.", "/a", "extractive");
    messages_flush(f->m);
    messages_limit_growth(f->m, 3);
    for (int round = 0; round < 3; round++) {
        record_reply(f->m, "Réponse nouvelle.", "/b", "extractive");
        for (int i = 0; i < 12; i++) {
            snprintf(big, 6000, "%d %d ", round, i);
            memset(big + strlen(big), 'x', 5000);
            big[5000] = '\0';
            record_reply(f->m, big, "/c", "extractive");
        }
        record_reply(f->m, "Réponse nouvelle.", "/b", "extractive");
        record_reply(f->m, "Réponse d'avant.", "/a", "extractive");
    }
    messages_flush(f->m);
    struct messages_counts c;
    messages_counts(f->m, &c);
    assert_true(c.dropped > 0);
    messages_limit_growth(f->m, -1);
    record_reply(f->m, "Réponse nouvelle.", "/b", "extractive");
    record_reply(f->m, "Réponse d'avant.", "/a", "extractive");
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM messages WHERE reply_id NOT IN (SELECT id FROM replies)",
           "0");
    expect(f->path, "SELECT COUNT(*) FROM exchanges WHERE answer = 'Réponse nouvelle.'", "1");
    free(big);
}

/* The commit of a batch with a purge fails: the purge is reported failed,
 * counts nothing, and the rows are all there for the next one. */
static void test_purge_commit_fails(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    for (int i = 0; i < 3; i++)
        record_reply(f->m, "Réponse.", "/a", "extractive");
    messages_flush(f->m);
    struct db *db = NULL;
    assert_int_equal(exchanges_open(&db, f->path, NULL, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_exec(db, "UPDATE messages SET created_at = '2000-01-01T00:00:00Z'", &e),
                     GC_OK);
    db_close(db);
    messages_fail_commits(f->m, true);
    assert_int_equal(messages_purge(f->m), -1);
    struct messages_counts c;
    messages_counts(f->m, &c);
    assert_int_equal(c.purged, 0);
    expect(f->path, "SELECT COUNT(*) FROM messages", "3");
    expect(f->path, "SELECT COUNT(*) FROM replies", "1");
    messages_fail_commits(f->m, false);
    assert_int_equal(messages_purge(f->m), 3);
    messages_counts(f->m, &c);
    assert_int_equal(c.purged, 3);
    expect(f->path, "SELECT COUNT(*) FROM messages", "0");
    expect(f->path, "SELECT COUNT(*) FROM replies", "0");
}

struct producer {
    struct messages *m;
    int k;
    long long last;
    int ok;
};

static void *produce(void *arg)
{
    struct producer *p = arg;
    char cid[32];
    snprintf(cid, sizeof cid, "thread-%d", p->k);
    for (int i = 0; i < 2000; i++) {
        long long id = record(p->m, cid, "horaires de la piscine");
        if (id <= p->last)
            return (void *)1;   /* ids grow in each thread */
        p->last = id;
        p->ok++;
    }
    return NULL;
}

static void test_many_producers(void **state)
{
    struct fx *f = *state;
    pthread_t t[4];
    struct producer p[4];
    for (int k = 0; k < 4; k++) {
        p[k] = (struct producer){f->m, k, 0, 0};
        assert_int_equal(pthread_create(&t[k], NULL, produce, &p[k]), 0);
    }
    for (int k = 0; k < 4; k++) {
        void *r;
        pthread_join(t[k], &r);
        assert_null(r);
    }
    messages_flush(f->m);
    expect(f->path, "SELECT COUNT(*) FROM messages", "8000");
    expect(f->path, "SELECT COUNT(DISTINCT id) FROM messages", "8000");
    expect(f->path, "SELECT COUNT(DISTINCT conversation_id) FROM messages", "4");
}

/* A worker helps once an answer is sent: it writes GC_MESSAGES_HELP_BATCH
 * records itself when that many wait, nothing when fewer do, and never
 * waits for another connection's lock (the writer thread does). */
static void test_help(void **state)
{
    struct fx *f = *state;
    struct messages_counts c;
    messages_help(NULL);
    /* The writer thread sleeps WRITE_EVERY_MS after a first record: what is
     * written right after messages_help() is what it wrote. */
    for (int i = 0; i < GC_MESSAGES_HELP_BATCH - 1; i++)
        record(f->m, "c1", "horaires de la piscine");
    messages_counts(f->m, &c);
    uint64_t before = c.written;
    messages_help(f->m);   /* too few: nothing */
    messages_counts(f->m, &c);
    assert_true(c.written == before || c.written == GC_MESSAGES_HELP_BATCH - 1);
    messages_flush(f->m);
    messages_counts(f->m, &c);
    assert_int_equal(c.written, GC_MESSAGES_HELP_BATCH - 1);

    /* Another connection holds the write lock: help returns at once, the
     * records wait; the lock gone, they are all written. */
    struct db *lock = NULL;
    struct gc_err e = {0};
    if (exchanges_open(&lock, f->path, NULL, DB_READWRITE, &e) || db_exec(lock, "BEGIN IMMEDIATE;", &e))
        fail_msg("%s", e.msg);
    for (int i = 0; i < 2 * GC_MESSAGES_HELP_BATCH; i++)
        record(f->m, "c2", "et le dimanche ?");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    messages_help(f->m);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    assert_true(ms < DB_BUSY_TIMEOUT_MS / 2);
    messages_counts(f->m, &c);
    assert_int_equal(c.dropped, 0);
    assert_int_equal(db_exec(lock, "COMMIT;", &e), GC_OK);
    db_close(lock);

    /* Many waiting, the writer thread busy with nothing: help writes one
     * batch, in this thread, in order with a feedback queued behind. */
    messages_flush(f->m);
    long long first = 0;
    for (int i = 0; i < 3 * GC_MESSAGES_HELP_BATCH; i++) {
        long long id = record(f->m, "c3", "horaires de la mairie");
        if (!first)
            first = id;
    }
    messages_help(f->m);
    messages_help(f->m);
    assert_int_equal(messages_feedback(f->m, first, true, "", &e), GC_OK);
    messages_flush(f->m);
    messages_counts(f->m, &c);
    assert_int_equal(c.written, GC_MESSAGES_HELP_BATCH - 1 + 5 * GC_MESSAGES_HELP_BATCH);
    assert_int_equal(c.dropped, 0);
    char want[16];
    snprintf(want, sizeof want, "%d", 3 * GC_MESSAGES_HELP_BATCH);
    expect(f->path, "SELECT COUNT(*) FROM messages WHERE conversation_id = 'c3'", want);
    expect(f->path, "SELECT COUNT(*) FROM feedback", "1");
}

/* A writer that cannot write (another connection holds the write lock):
 * the queue takes records up to GC_MESSAGES_QUEUE_BYTES, then drops and
 * counts them; every record is either queued or counted as dropped. */
static void test_queue_bytes_cap(void **state)
{
    struct fx *f = *state;
    struct db *lock = NULL;
    struct gc_err e = {0};
    if (exchanges_open(&lock, f->path, NULL, DB_READWRITE, &e) || db_exec(lock, "BEGIN IMMEDIATE;", &e))
        fail_msg("%s", e.msg);
    static char answer[1001];
    memset(answer, 'a', sizeof answer - 1);
    struct message_rec r = {
        .conversation_id = "c1", .channel = "web", .question = "q", .question_len = 1,
        .answer = answer, .path = "extractive",
    };
    /* Twice the cap in records of more than 1,000 bytes each. */
    int n = 2 * GC_MESSAGES_QUEUE_BYTES / 1000, queued = 0;
    for (int i = 0; i < n; i++)
        queued += messages_record(f->m, &r) > 0;
    struct messages_counts c;
    messages_counts(f->m, &c);
    assert_true(queued < n);
    assert_int_equal(c.recorded, queued);
    assert_true(c.dropped >= (uint64_t)(n - queued));   /* (+ a batch, were the lock to time out) */
    /* What was queued: at most the cap, plus the batch the writer holds. */
    assert_true((size_t)queued * 1000 <=
                GC_MESSAGES_QUEUE_BYTES + (size_t)GC_MESSAGES_BATCH_MAX * 1200);
    db_exec(lock, "ROLLBACK;", &e);
    db_close(lock);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_record_and_read_back),
        T(test_durable_ack),
        T(test_feedback),
        T(test_retention_and_ids),
        T(test_replies_shared),
        T(test_replies_many),
        T(test_full_disk),
        T(test_purge_commit_fails),
        T(test_many_producers),
        T(test_queue_bytes_cap),
        T(test_help),
    };
    return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}
