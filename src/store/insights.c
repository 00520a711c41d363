/* insights.c — the back office's reading of the exchanges (see insights.h). */
#include "store/insights.h"

#include <stdio.h>
#include <string.h>

static const char *const reason_names[INSIGHT_REASONS] = {"refused", "low_confidence",
                                                          "not_useful"};

const char *insight_reason_name(enum insight_reason r)
{
    return (unsigned)r < INSIGHT_REASONS ? reason_names[r] : "refused";
}

bool insight_reason_parse(const char *s, enum insight_reason *out)
{
    for (int i = 0; i < INSIGHT_REASONS; i++)
        if (s && !strcmp(s, reason_names[i])) {
            *out = (enum insight_reason)i;
            return true;
        }
    return false;
}

static enum gc_rc fail(struct db *db, struct gc_err *e)
{
    return gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
}

/* The page an exchange is about: the first it cited, its current text. */
#define FIRST_PAGE_JOIN                                                            \
    "LEFT JOIN x.replies r ON r.id = m.reply_id "                                    \
    "LEFT JOIN pages p ON p.ext_id = json_extract(r.sources, '$[0]') "             \
    "LEFT JOIN page_versions v ON v.id = COALESCE(p.published_version, p.latest_version) "

enum gc_rc insights_bad_questions(struct db *db, const char *since, double low_conf,
                                  int64_t max,
                                  int (*fn)(void *ctx, const struct insight_row *r),
                                  void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(
        db,
        "SELECT m.id, m.created_at, m.channel, m.question, m.refused, f.useful, "
        "COALESCE(f.comment, ''), COALESCE(v.service, '') FROM x.messages m "
        FIRST_PAGE_JOIN
        "LEFT JOIN x.feedback f ON f.message_id = m.id "
        "WHERE m.created_at >= ?1 AND ((m.refused = 1 AND m.refusal_reason <> 'small_talk') "
        "OR (m.refused = 0 AND m.confidence < ?2) OR f.useful = 0) "
        "ORDER BY m.id DESC LIMIT ?3",
        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, since);
    sqlite3_bind_double(st, 2, low_conf);
    sqlite3_bind_int64(st, 3, max);
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        bool not_useful = sqlite3_column_type(st, 5) != SQLITE_NULL &&
                          sqlite3_column_int(st, 5) == 0;
        struct insight_row row = {
            .id = sqlite3_column_int64(st, 0),
            .created_at = db_col_text(st, 1),
            .channel = db_col_text(st, 2),
            .question = db_col_text(st, 3),
            .reason = not_useful ? INSIGHT_NOT_USEFUL
                      : sqlite3_column_int(st, 4) ? INSIGHT_REFUSED
                                                  : INSIGHT_LOW_CONFIDENCE,
            .comment = db_col_text(st, 6),
            .service = db_col_text(st, 7),
        };
        if (fn(ctx, &row))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc insights_days(struct db *db, const char *from, const char *to,
                         int (*fn)(void *ctx, const struct insight_day *d), void *ctx,
                         struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(
        db,
        "SELECT date(m.created_at, 'localtime') AS d, m.channel, COALESCE(v.service, '') AS s, "
        "count(*), sum(m.refused = 0), sum(m.refused), sum(m.followup), "
        "sum(COALESCE(f.useful = 1, 0)), sum(COALESCE(f.useful = 0, 0)), sum(m.sms_parts), "
        "sum(m.path <> 'extractive'), total(m.energy_wh) FROM x.messages m "
        FIRST_PAGE_JOIN
        "LEFT JOIN x.feedback f ON f.message_id = m.id "
        "WHERE m.created_at >= datetime(?1, 'utc', '-1 day') "
        "AND m.created_at < datetime(?2, '+2 days') "
        "AND date(m.created_at, 'localtime') BETWEEN ?1 AND ?2 "
        "GROUP BY d, m.channel, s ORDER BY d, m.channel, s",
        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, to);
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct insight_day d = {
            .day = db_col_text(st, 0), .channel = db_col_text(st, 1), .service = db_col_text(st, 2),
            .questions = sqlite3_column_int64(st, 3), .answered = sqlite3_column_int64(st, 4),
            .refused = sqlite3_column_int64(st, 5), .followups = sqlite3_column_int64(st, 6),
            .useful = sqlite3_column_int64(st, 7), .not_useful = sqlite3_column_int64(st, 8),
            .sms_parts = sqlite3_column_int64(st, 9), .model = sqlite3_column_int64(st, 10),
            .energy_wh = sqlite3_column_double(st, 11),
        };
        if (fn(ctx, &d))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc insights_top_pages(struct db *db, const char *from, const char *to, int max,
                              int (*fn)(void *ctx, const char *title, int64_t n), void *ctx,
                              struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(
        db,
        "SELECT v.title, count(*) AS n FROM x.messages m " FIRST_PAGE_JOIN
        "WHERE v.id IS NOT NULL AND m.created_at >= datetime(?1, 'utc', '-1 day') "
        "AND m.created_at < datetime(?2, '+2 days') "
        "AND date(m.created_at, 'localtime') BETWEEN ?1 AND ?2 "
        "GROUP BY p.id ORDER BY n DESC, v.title LIMIT ?3",
        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, to);
    sqlite3_bind_int(st, 3, max);
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st))
        if (fn(ctx, db_col_text(st, 0), sqlite3_column_int64(st, 1)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc insights_conversation(struct db *db, const char *cid,
                                 int (*fn)(void *ctx, const struct insight_exchange *x),
                                 void *ctx, int64_t *n, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (n)
        *n = 0;
    enum gc_rc rc = db_prepare(
        db,
        "SELECT m.id, m.created_at, m.channel, m.question, COALESCE(r.answer, ''), "
        "COALESCE(r.sources, '[]'), m.confidence, m.refused, f.useful, COALESCE(f.comment, '') "
        "FROM x.messages m LEFT JOIN x.replies r ON r.id = m.reply_id "
        "LEFT JOIN x.feedback f ON f.message_id = m.id "
        "WHERE m.conversation_id = ?1 ORDER BY m.id",
        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, cid);
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct insight_exchange x = {
            .id = sqlite3_column_int64(st, 0), .created_at = db_col_text(st, 1),
            .channel = db_col_text(st, 2), .question = db_col_text(st, 3),
            .answer = db_col_text(st, 4), .sources = db_col_text(st, 5),
            .confidence = sqlite3_column_double(st, 6), .refused = sqlite3_column_int(st, 7) != 0,
            .feedback = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8),
            .comment = db_col_text(st, 9),
        };
        if (n)
            (*n)++;
        if (fn && fn(ctx, &x))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = fail(db, e);
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc insights_sms_number(struct db *db, const char *pseudonym, struct insight_sms *out,
                               struct gc_err *e)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    enum gc_rc rc = db_prepare(db, "SELECT stopped, created_at, updated_at FROM x.sms_numbers "
                                   "WHERE pseudonym = ?1", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, pseudonym);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->found = true;
        out->stopped = sqlite3_column_int(st, 0) != 0;
        snprintf(out->created_at, sizeof out->created_at, "%s", db_col_text(st, 1));
        snprintf(out->updated_at, sizeof out->updated_at, "%s", db_col_text(st, 2));
    } else if (r != SQLITE_DONE) {
        rc = fail(db, e);
    }
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc insights_erase(struct db *db, const char *cid, int64_t *n, struct gc_err *e)
{
    static const char *const sql[] = {
        "DELETE FROM x.feedback WHERE message_id IN "
        "(SELECT id FROM x.messages WHERE conversation_id = ?1)",
        "DELETE FROM x.replies WHERE shared = 0 AND id IN "
        "(SELECT reply_id FROM x.messages WHERE conversation_id = ?1)",
        "DELETE FROM x.messages WHERE conversation_id = ?1",
        "DELETE FROM x.sms_numbers WHERE 'sms-' || pseudonym = ?1",
    };
    *n = 0;
    enum gc_rc rc = GC_OK;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !rc; i++) {
        sqlite3_stmt *st;
        rc = db_prepare(db, sql[i], &st, e);
        if (rc)
            break;
        db_bind_text(st, 1, cid);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = fail(db, e);
        else if (i == 2)
            *n = sqlite3_changes(db->h);
        sqlite3_finalize(st);
    }
    if (rc)
        *n = 0;
    return rc;
}
