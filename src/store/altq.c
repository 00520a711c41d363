/* altq.c — alternate questions and question marks (see altq.h). */
#include "store/altq.h"

#include <stdio.h>
#include <string.h>

#include "store/pages.h"
#include "util/limits.h"

static enum gc_rc fail(struct db *db, struct gc_err *e)
{
    return gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
}

enum gc_rc altq_put_version(struct db *db, int64_t page_id, int64_t version_id,
                            const char *questions, struct gc_err *e)
{
    if (!questions || !*questions)
        return GC_OK;
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "INSERT INTO page_questions(page_id, version_id, question) "
                                   "VALUES (?1, ?2, ?3)", &st, e);
    if (rc)
        return rc;
    for (const char *p = questions; *p && !rc;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, page_id);
            sqlite3_bind_int64(st, 2, version_id);
            sqlite3_bind_text(st, 3, p, (int)n, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = fail(db, e);
        }
        p += n + (nl != NULL);
    }
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc altq_page_find(struct db *db, const char *address, struct altq_page *out,
                          struct gc_err *e)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    enum gc_rc rc = db_prepare(
        db,
        "SELECT p.id, p.published_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        "withdrawals w WHERE w.kind = 'page' AND w.ext_id = p.ext_id), p.ext_id, v.title, "
        "v.service "
        "FROM pages p JOIN page_versions v ON v.id = COALESCE(p.published_version, "
        "p.latest_version) WHERE p.ext_id = ?1 OR v.url = ?1 ORDER BY p.ext_id = ?1 DESC LIMIT 1",
        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, address);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->published = sqlite3_column_int(st, 1) != 0;
        snprintf(out->ext_id, sizeof out->ext_id, "%s", db_col_text(st, 2));
        snprintf(out->title, sizeof out->title, "%s", db_col_text(st, 3));
        snprintf(out->service, sizeof out->service, "%s", db_col_text(st, 4));
    } else if (r == SQLITE_DONE) {
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no page at '%.200s'", address);
    } else {
        rc = fail(db, e);
    }
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc altq_attach(struct db *db, int64_t page_id, const char *question,
                       const char *group_id, const char *by, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (!question || !*question || strlen(question) > GC_ALT_QUESTION_MAX_BYTES)
        return gc_err_set(e, GC_ERR_INVALID, "an alternate question has 1 to %d bytes",
                          GC_ALT_QUESTION_MAX_BYTES);
    enum gc_rc rc = db_prepare(db,
                               "INSERT INTO page_questions(page_id, question, group_id, added_by) "
                               "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM "
                               "page_questions WHERE page_id = ?1 AND version_id IS NULL AND "
                               "question = ?2)",
                               &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, page_id);
    db_bind_text(st, 2, question);
    db_bind_text(st, 3, group_id);
    db_bind_text(st, 4, by);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    if (!rc)
        rc = store_content_bump(db, e);   /* served live: the server reloads */
    return rc;
}

enum gc_rc altq_mark(struct db *db, const char *group_id, enum altq_action action,
                     const char *words, int64_t page_id, const char *pointer, const char *by,
                     struct gc_err *e)
{
    sqlite3_stmt *st;
    if (pointer && strlen(pointer) > GC_POINTER_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "the pointer is longer than %d bytes", GC_POINTER_MAX);
    enum gc_rc rc = db_prepare(db,
                               "INSERT OR REPLACE INTO question_marks(group_id, action, words, "
                               "page_id, pointer, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, group_id);
    db_bind_text(st, 2, action == ALTQ_LINKED ? "linked" : "dismissed");
    db_bind_text(st, 3, words);
    if (page_id > 0)
        sqlite3_bind_int64(st, 4, page_id);
    else
        sqlite3_bind_null(st, 4);
    db_bind_text(st, 5, pointer);
    db_bind_text(st, 6, by);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    if (!rc)
        rc = store_content_bump(db, e);   /* served live: the server reloads */
    return rc;
}

enum gc_rc altq_marks(struct db *db, int (*fn)(void *ctx, const struct altq_mark_row *m),
                      void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "SELECT m.group_id, m.action, m.words, m.pointer, m.by, m.at, "
                               "COALESCE(p.ext_id, '') FROM question_marks m "
                               "LEFT JOIN pages p ON p.id = m.page_id ORDER BY m.at, m.group_id",
                               &st, e);
    if (rc)
        return rc;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct altq_mark_row m = {
            .group_id = db_col_text(st, 0),
            .action = strcmp(db_col_text(st, 1), "linked") ? ALTQ_DISMISSED : ALTQ_LINKED,
            .words = db_col_text(st, 2), .pointer = db_col_text(st, 3), .by = db_col_text(st, 4),
            .at = db_col_text(st, 5), .page = db_col_text(st, 6),
        };
        if (fn(ctx, &m))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc altq_load_published(struct db *db,
                               int (*fn)(void *ctx, const char *ext_id, const char *question),
                               void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "SELECT p.ext_id, q.question FROM page_questions q "
                               "JOIN pages p ON p.id = q.page_id "
                               "WHERE p.published_version IS NOT NULL AND (q.version_id IS NULL "
                               "OR q.version_id = p.published_version) ORDER BY p.id, q.id",
                               &st, e);
    if (rc)
        return rc;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st))
        if (fn(ctx, db_col_text(st, 0), db_col_text(st, 1)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc altq_pages(struct db *db,
                      int (*fn)(void *ctx, const char *ext_id, const char *title,
                                const char *service),
                      void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "SELECT p.ext_id, v.title, v.service FROM pages p "
                               "JOIN page_versions v ON v.id = p.published_version "
                               "WHERE NOT EXISTS (SELECT 1 FROM withdrawals w "
                               "WHERE w.kind = 'page' AND w.ext_id = p.ext_id) "
                               "ORDER BY v.service, v.title, p.ext_id",
                               &st, e);
    if (rc)
        return rc;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st))
        if (fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}
