/* audit.c — the audit log (see audit.h). */
#include "store/audit.h"

enum gc_rc audit_write(struct db *db, const char *who, const char *action, const char *object,
                       const char *detail, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "INSERT INTO audit(who, action, object, detail) "
                                   "VALUES (?1, ?2, ?3, ?4)", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, who);
    db_bind_text(st, 2, action);
    db_bind_text(st, 3, object);
    db_bind_text(st, 4, detail);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: audit: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc audit_list(struct db *db, int64_t offset, int64_t limit,
                      int (*fn)(void *ctx, const struct audit_row *r), void *ctx,
                      int64_t *total, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc;
    if (total) {
        rc = db_prepare(db, "SELECT count(*) FROM audit", &st, e);
        if (rc)
            return rc;
        *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
    }
    rc = db_prepare(db, "SELECT id, at, who, action, object, detail FROM audit "
                        "ORDER BY id DESC LIMIT ?1 OFFSET ?2", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, limit);
    sqlite3_bind_int64(st, 2, offset < 0 ? 0 : offset);
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct audit_row a = {sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                              db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5)};
        if (fn(ctx, &a))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}
