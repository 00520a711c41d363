/* exchanges.c — the exchanges' database file: its schema, its path, the
 * move out of the content file, the one-server lock (see exchanges.h). */
#include "store/exchanges.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util/file.h"
#include "util/log.h"

/* The exchanges file's own schema: append-only, never edit a step that has
 * shipped.  Step 1 is the shape the exchanges had in the content file at
 * its schema step 7 (see migrations.c for the reasons of each table), so
 * that rows move across column for column. */
static const char *const steps[] = {
    /* 1: exchanges, shared replies, feedback, SMS numbers, meta; ids never
     * given twice (the trigger keeps the largest id deleted); the view the
     * town reads. */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE replies ("
    "  id INTEGER PRIMARY KEY,"
    "  shared INTEGER NOT NULL DEFAULT 0,"
    "  answer TEXT NOT NULL,"
    "  sources TEXT NOT NULL DEFAULT '[]'"
    ");"
    "CREATE TABLE messages ("
    "  id INTEGER PRIMARY KEY,"
    "  conversation_id TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  channel TEXT NOT NULL,"
    "  question TEXT NOT NULL,"
    "  reply_id INTEGER NOT NULL,"
    "  confidence REAL NOT NULL DEFAULT 0,"
    "  refused INTEGER NOT NULL DEFAULT 0,"
    "  refusal_reason TEXT NOT NULL DEFAULT '',"
    "  path TEXT NOT NULL DEFAULT 'extractive',"
    "  elapsed_ms REAL NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id);"
    "CREATE TABLE feedback ("
    "  id INTEGER PRIMARY KEY,"
    "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    "  useful INTEGER NOT NULL CHECK (useful IN (0, 1)),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE INDEX feedback_by_message ON feedback(message_id);"
    "CREATE TABLE sms_numbers ("
    "  pseudonym TEXT PRIMARY KEY,"
    "  stopped INTEGER NOT NULL DEFAULT 0,"
    "  disclosed INTEGER NOT NULL DEFAULT 0,"
    "  pending TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    ");"
    "CREATE TRIGGER messages_last_id AFTER DELETE ON messages "
    "WHEN old.id > COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
    "WHERE key = 'messages_last_id'), 0) "
    "BEGIN INSERT OR REPLACE INTO meta(key, value) VALUES ('messages_last_id', old.id); END;"
    "CREATE VIEW exchanges AS SELECT m.id, m.conversation_id, m.created_at, m.channel,"
    "  m.question, r.answer, r.sources, m.confidence, m.refused, m.refusal_reason, m.path,"
    "  m.elapsed_ms, m.reply_id FROM messages m LEFT JOIN replies r ON r.id = m.reply_id;",

    /* 2: SMS messages already handled, by the gateway's own message id
     * (Twilio's MessageSid, Kannel's %I): a replayed request is answered
     * with nothing and counted nowhere (channels/sms_session.c).  Kept two
     * days (gateways retry within minutes). */
    "CREATE TABLE sms_handled ("
    "  gateway TEXT NOT NULL,"
    "  message_id TEXT NOT NULL,"
    "  handled_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  PRIMARY KEY (gateway, message_id)"
    ") WITHOUT ROWID;",

    /* 3: what the back office's reports count that an exchange did not
     * keep (docs/admin.md): whether it was a follow-up, its estimated
     * energy (Wh) and, for SMS, the parts of its reply.  The view shows
     * them too (appended: the columns before keep their places). */
    "ALTER TABLE messages ADD COLUMN followup INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE messages ADD COLUMN energy_wh REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE messages ADD COLUMN sms_parts INTEGER NOT NULL DEFAULT 0;"
    "DROP VIEW exchanges;"
    "CREATE VIEW exchanges AS SELECT m.id, m.conversation_id, m.created_at, m.channel,"
    "  m.question, r.answer, r.sources, m.confidence, m.refused, m.refusal_reason, m.path,"
    "  m.elapsed_ms, m.reply_id, m.followup, m.energy_wh, m.sms_parts"
    "  FROM messages m LEFT JOIN replies r ON r.id = m.reply_id;",
};

const struct db_schema exchanges_schema = {"exchanges", steps,
                                           (int)(sizeof steps / sizeof steps[0])};

enum gc_rc exchanges_path_of(const char *db, char *out, size_t n)
{
    size_t len = strlen(db);
    if (len >= 3 && !strcmp(db + len - 3, ".db"))
        len -= 3;
    int w = snprintf(out, n, "%.*s-exchanges.db", (int)len, db);
    return w < 0 || (size_t)w >= n ? GC_ERR_INVALID : GC_OK;
}

enum gc_rc exchanges_path(const struct config *cfg, char *out, size_t n, struct gc_err *e)
{
    const char *db = config_get(cfg, "db");
    const char *x = config_get(cfg, "exchanges-db");
    if (*x) {
        if ((size_t)snprintf(out, n, "%s", x) >= n)
            return gc_err_set(e, GC_ERR_INVALID, "exchanges-db: path too long");
    } else if (exchanges_path_of(db, out, n)) {
        return gc_err_set(e, GC_ERR_INVALID, "db: path too long");
    }
    if (!strcmp(out, db))
        return gc_err_set(e, GC_ERR_INVALID,
                          "exchanges-db must name another file than db (%s)", db);
    return GC_OK;
}

enum gc_rc exchanges_open(struct db **out, const char *path, const char *content,
                          enum db_mode mode, struct gc_err *e)
{
    *out = NULL;
    if (mode != DB_READONLY) {
        enum gc_rc rc = file_create_like(path, content, NULL, e);
        if (rc)
            return rc;
    }
    return db_open_schema(out, path, mode, &exchanges_schema, e);
}

enum gc_rc exchanges_attach(struct db *content, const char *path, struct gc_err *e)
{
    struct db *x = NULL;
    enum gc_rc rc = exchanges_open(&x, path, content->path, DB_READWRITE, e);
    db_close(x);
    if (!rc)
        rc = db_attach(content, path, EXCHANGES_SCHEMA, e);
    return rc;
}

/* Does the database have a table called name? */
static int has_table(struct db *db, const char *schema, const char *name, struct gc_err *e)
{
    char sql[128];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.sqlite_master WHERE type = 'table' "
                              "AND name = ?1", schema);
    if (db_prepare(db, sql, &st, e))
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0)
        gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    return n;
}

/* The copy: every statement reads the content file (main) and writes the
 * exchanges file (x), keeping what x already has. */
static const char copy_sql[] =
    "INSERT OR IGNORE INTO x.replies(id, shared, answer, sources)"
    "  SELECT id, shared, answer, sources FROM main.replies;"
    "INSERT OR IGNORE INTO x.messages(id, conversation_id, created_at, channel, question,"
    "  reply_id, confidence, refused, refusal_reason, path, elapsed_ms)"
    "  SELECT id, conversation_id, created_at, channel, question, reply_id, confidence,"
    "  refused, refusal_reason, path, elapsed_ms FROM main.messages;"
    "INSERT INTO x.feedback(message_id, useful, comment, created_at)"
    "  SELECT message_id, useful, comment, created_at FROM main.feedback"
    "  WHERE message_id IN (SELECT id FROM x.messages)"
    "  AND message_id NOT IN (SELECT message_id FROM x.feedback);"
    "INSERT OR IGNORE INTO x.sms_numbers(pseudonym, stopped, disclosed, pending, created_at,"
    "  updated_at) SELECT pseudonym, stopped, disclosed, pending, created_at, updated_at"
    "  FROM main.sms_numbers;"
    "INSERT OR IGNORE INTO x.meta(key, value)"
    "  SELECT key, value FROM main.meta WHERE key = 'sms.daily';"
    /* Ids are never given twice: the mark covers every id the content file
     * ever held (rows deleted there included). */
    "INSERT OR REPLACE INTO x.meta(key, value) SELECT 'messages_last_id', MAX("
    "  COALESCE((SELECT CAST(value AS INTEGER) FROM x.meta WHERE key = 'messages_last_id'), 0),"
    "  COALESCE((SELECT CAST(value AS INTEGER) FROM main.meta WHERE key = 'messages_last_id'), 0),"
    "  COALESCE((SELECT MAX(id) FROM main.messages), 0));";

static const char drop_sql[] =
    "DROP VIEW IF EXISTS main.exchanges;"
    "DROP TRIGGER IF EXISTS main.messages_last_id;"
    "DROP TABLE IF EXISTS main.feedback;"
    "DROP TABLE IF EXISTS main.messages;"
    "DROP TABLE IF EXISTS main.replies;"
    "DROP TABLE IF EXISTS main.sms_numbers;"
    "DELETE FROM main.meta WHERE key IN ('messages_last_id', 'sms.daily');";

enum gc_rc exchanges_migrate(const char *content, const char *path, long long *moved,
                             struct gc_err *e)
{
    enum gc_rc rc;
    struct db *c = NULL, *x = NULL;
    bool attached = false;
    if (moved)
        *moved = 0;
    if (access(content, F_OK) != 0)
        return GC_OK;   /* no content yet: nothing to move */
    /* The exchanges file exists with its schema before rows go in. */
    rc = exchanges_open(&x, path, content, DB_READWRITE, e);
    db_close(x);
    if (rc)
        return rc;
    rc = db_open(&c, content, DB_READWRITE, e);   /* brings the content schema up to date */
    if (rc)
        return rc;
    int has = has_table(c, "main", "messages", e);
    if (has <= 0) {
        rc = has < 0 ? GC_ERR_DB : GC_OK;
        goto out;
    }
    rc = db_attach(c, path, "x", e);
    if (rc)
        goto out;
    attached = true;
    sqlite3_stmt *st;
    long long n = 0;
    rc = db_prepare(c, "SELECT count(*) FROM main.messages WHERE id NOT IN "
                       "(SELECT id FROM x.messages)", &st, e);
    if (rc)
        goto out;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    /* One transaction writing the exchanges file only, then one writing
     * the content file only: no transaction spans both (in WAL mode SQLite
     * does not make one atomic across files). */
    rc = db_begin(c, e);
    if (!rc)
        rc = db_exec(c, copy_sql, e);
    if (!rc)
        rc = db_commit(c, e);
    if (rc) {
        db_rollback(c);
        goto out;
    }
    rc = db_begin(c, e);
    if (!rc)
        rc = db_exec(c, drop_sql, e);
    if (!rc)
        rc = db_commit(c, e);
    if (rc) {
        db_rollback(c);
        goto out;
    }
    if (moved)
        *moved = n;
    if (n > 0)
        log_info("moved %lld exchange(s) from %s to %s (the exchanges have a file of their "
                 "own)", n, content, path);
out:
    if (attached)
        sqlite3_exec(c->h, "DETACH DATABASE x", NULL, NULL, NULL);
    db_close(c);
    return rc;
}

enum gc_rc exchanges_lock(const char *path, const char *content, int *fd, struct gc_err *e)
{
    *fd = -1;
    enum gc_rc rc = file_create_like(path, content, NULL, e);
    if (rc)
        return rc;
    /* flock(2) locks are apart from the POSIX locks SQLite takes on the
     * same file (Linux): this one is only seen by another guichet.  The
     * descriptor stays open until exit: closing any descriptor of a file
     * drops the process's POSIX locks on it, SQLite's included. */
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        close(f);
        if (err == EWOULDBLOCK)
            return gc_err_set(e, GC_ERR_BUSY,
                              "%s is in use by another 'guichet serve' (one server per "
                              "database: stop the other one first)", path);
        return gc_err_set(e, GC_ERR_IO, "%s: lock: %s", path, strerror(err));
    }
    *fd = f;
    return GC_OK;
}

void exchanges_unlock(int fd)
{
    if (fd >= 0)
        close(fd);
}

enum gc_rc store_key_path(const struct config *cfg, const char *name, const char *suffix,
                          char *out, size_t n, struct gc_err *e)
{
    const char *v = config_get(cfg, name);
    int w = *v ? snprintf(out, n, "%s", v) : snprintf(out, n, "%s%s", config_get(cfg, "db"),
                                                       suffix);
    if (w < 0 || (size_t)w >= n)
        return gc_err_set(e, GC_ERR_INVALID, "%s: path too long", name);
    return GC_OK;
}

enum gc_rc store_files(const struct config *cfg, struct store_files *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    const char *db = config_get(cfg, "db");
    out->f[0].role = "content";
    if ((size_t)snprintf(out->f[0].path, sizeof out->f[0].path, "%s", db) >=
        sizeof out->f[0].path)
        return gc_err_set(e, GC_ERR_INVALID, "db: path too long");
    out->f[1].role = "exchanges";
    enum gc_rc rc = exchanges_path(cfg, out->f[1].path, sizeof out->f[1].path, e);
    if (rc)
        return rc;
    out->f[2].role = "sms-key";
    rc = store_key_path(cfg, "sms-key-file", ".sms-key", out->f[2].path,
                        sizeof out->f[2].path, e);
    if (rc)
        return rc;
    out->f[3].role = "feedback-key";
    rc = store_key_path(cfg, "feedback-key-file", ".feedback-key", out->f[3].path,
                        sizeof out->f[3].path, e);
    if (rc)
        return rc;
    out->n = 4;
    return GC_OK;
}
