/* db.c — SQLite connection handling. */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"

enum gc_rc db_exec(struct db *db, const char *sql, struct gc_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return GC_ERR_DB;
    }
    return GC_OK;
}

enum gc_rc db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct gc_err *e)
{
    if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
        return gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    return GC_OK;
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

const char *db_text(const char *s)
{
    return s ? s : "";
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, db_text(s), -1, SQLITE_STATIC);
}

enum gc_rc db_attach(struct db *db, const char *path, const char *as, struct gc_err *e)
{
    char sql[96];
    for (const char *p = as; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
            return gc_err_set(e, GC_ERR_INVALID, "attach: bad schema name '%s'", as);
    if (!*as || (size_t)snprintf(sql, sizeof sql, "ATTACH DATABASE ?1 AS %s", as) >= sizeof sql)
        return gc_err_set(e, GC_ERR_INVALID, "attach: bad schema name '%s'", as);
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, sql, &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "attach %s: %s", path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

void db_library_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum gc_rc db_open(struct db **out, const char *path, enum db_mode mode, struct gc_err *e)
{
    return db_open_schema(out, path, mode, &db_content_schema, e);
}

enum gc_rc db_open_schema(struct db **out, const char *path, enum db_mode mode,
                          const struct db_schema *schema, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_DB;
    struct db *db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    *out = NULL;
    if (mode == DB_READONLY && access(path, R_OK) != 0) {
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "%s: no such database (create it with 'guichet import')",
                        path);
        goto out;
    }
    int flags = (mode == DB_WRITER ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX) |
                (mode == DB_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        goto out;
    }
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 1);
    if (mode != DB_READONLY) {
        rc = db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", e);
        if (rc)
            goto out;
    }
    rc = db_exec(db, "PRAGMA foreign_keys=ON;", e);
    if (rc)
        goto out;
    if (mode != DB_READONLY) {
        rc = db_migrate_schema(db, schema, schema->nsteps, e);
        if (rc)
            goto out;
    } else {
        sqlite3_stmt *st;
        int v = 0;
        rc = db_prepare(db, "PRAGMA user_version", &st, e);
        if (rc)
            goto out;
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (v < schema->nsteps && v > 0 && access(path, W_OK) == 0) {
            /* An older schema: migrate it (transactional), then go on read-only. */
            struct db *rw;
            rc = db_open_schema(&rw, path, DB_READWRITE, schema, e);
            if (rc)
                goto out;
            db_close(rw);
            v = schema->nsteps;
        }
        if (v != schema->nsteps) {
            rc = gc_err_set(e, GC_ERR_DB,
                            "%s: %s schema version %d, this guichet expects %d (run 'guichet "
                            "import' to migrate it)",
                            path, schema->name, v, schema->nsteps);
            goto out;
        }
    }
    *out = db;
    rc = GC_OK;
out:
    if (rc)
        db_close(db);
    return rc;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}

enum gc_rc db_begin(struct db *db, struct gc_err *e)
{
    return db_exec(db, "BEGIN IMMEDIATE", e);
}

enum gc_rc db_commit(struct db *db, struct gc_err *e)
{
    return db_exec(db, "COMMIT", e);
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}
