/* events.c — agenda events in SQLite (schema step 3). */
#include "store/events.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* The stored columns, in the order of the statements below. */
#define FIELDS(ev)                                                                          \
    {&(ev)->uid, &(ev)->recurrence_id, &(ev)->summary, &(ev)->dtstart, &(ev)->dtend,        \
     &(ev)->rrule, &(ev)->location, &(ev)->description, &(ev)->categories, &(ev)->url,      \
     &(ev)->status, &(ev)->stamp, &(ev)->calendar, &(ev)->source, &(ev)->raw,               \
     &(ev)->timezones}
#define NFIELDS 16
#define COLUMNS                                                                             \
    "uid, recurrence_id, summary, dtstart, dtend, rrule, location, description, "           \
    "categories, url, status, stamp, calendar, source, raw, timezones"

void event_rec_free(struct event_rec *ev)
{
    if (!ev)
        return;
    char **f[NFIELDS] = FIELDS(ev);
    for (int i = 0; i < NFIELDS; i++)
        free(*f[i]);
    free(ev->origin);
    memset(ev, 0, sizeof *ev);
}

/* events.origin = ev->origin (when given). */
static enum gc_rc set_origin(struct db *db, const struct event_rec *ev, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (!ev->origin)
        return GC_OK;
    enum gc_rc rc = db_prepare(db,
                               "UPDATE events SET origin = ?1 WHERE uid = ?2 AND recurrence_id = ?3 "
                               "AND origin <> ?1",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, ev->origin);
    db_bind_text(st, 2, ev->uid);
    db_bind_text(st, 3, ev->recurrence_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: event '%s': %s", db->path, db_text(ev->uid),
                        sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_event_put(struct db *db, const struct event_rec *ev, enum store_put *res,
                           struct gc_err *e)
{
    sqlite3_stmt *st = NULL;
    enum gc_rc rc;
    struct event_rec *m = (struct event_rec *)ev;   /* only read through FIELDS */
    char **f[NFIELDS] = FIELDS(m);
    bool exists = false;

    rc = db_prepare(db, "SELECT " COLUMNS " FROM events WHERE uid = ? AND recurrence_id = ?",
                    &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, ev->uid);
    db_bind_text(st, 2, ev->recurrence_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        exists = true;
        bool same = true;
        for (int i = 0; i < NFIELDS && same; i++)
            same = !strcmp(db_col_text(st, i), db_text(*f[i]));
        if (same) {
            *res = STORE_UNCHANGED;
            sqlite3_finalize(st);
            st = NULL;
            rc = set_origin(db, ev, e);
            if (!rc)
                rc = store_withdrawal_on_import(db, "event", ev->uid, false, e);
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    *res = exists ? STORE_UPDATED : STORE_ADDED;
    rc = db_prepare(db,
                    "INSERT OR REPLACE INTO events (" COLUMNS ") "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    &st, e);
    if (rc)
        goto out;
    for (int i = 0; i < NFIELDS; i++)
        db_bind_text(st, i + 1, *f[i]);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = gc_err_set(e, GC_ERR_DB, "%s: event '%s': %s", db->path, db_text(ev->uid),
                        sqlite3_errmsg(db->h));
        goto out;
    }
    rc = set_origin(db, ev, e);
    if (!rc)
        rc = store_content_bump(db, e);
    if (!rc)
        rc = store_withdrawal_on_import(db, "event", ev->uid, true, e);
out:
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_events_prune(struct db *db, const char *source, int *removed, struct gc_err *e)
{
    return store_content_delete(db,
                                "DELETE FROM events WHERE source = ? AND NOT EXISTS "
                                "(SELECT 1 FROM temp.seen_events s "
                                " WHERE s.uid = events.uid AND s.rid = events.recurrence_id)",
                                source, removed, e);
}

enum gc_rc store_events_prune_missing(struct db *db, const char *path, int *removed,
                                      struct gc_err *e)
{
    return store_content_delete(db,
                                "DELETE FROM events WHERE (origin = ?1 OR "
                                "substr(origin, 1, length(?1) + 1) = ?1 || '/') AND NOT EXISTS "
                                "(SELECT 1 FROM temp.seen_events s "
                                " WHERE s.uid = events.uid AND s.rid = events.recurrence_id)",
                                path, removed, e);
}

enum gc_rc store_load_events(struct db *db, int (*fn)(void *ctx, const struct event_rec *ev),
                             void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "SELECT " COLUMNS " FROM events WHERE NOT EXISTS (SELECT 1 FROM "
                               "withdrawals w WHERE w.kind = 'event' AND w.ext_id = events.uid) "
                               "ORDER BY uid, recurrence_id",
                               &st, e);
    if (rc)
        return rc;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        struct event_rec ev = {0};
        char **f[NFIELDS] = FIELDS(&ev);
        for (int i = 0; i < NFIELDS; i++)
            *f[i] = xstrdup(db_col_text(st, i));
        int stop = fn(ctx, &ev);
        event_rec_free(&ev);
        if (stop)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}
