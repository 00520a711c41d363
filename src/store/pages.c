/* pages.c — page versions and passages, page states, withdrawals and the
 * content version. */
#include "store/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/altq.h"
#include "util/clock.h"
#include "util/limits.h"
#include "util/mem.h"

void page_rec_free(struct page_rec *p)
{
    if (!p)
        return;
    free(p->ext_id);
    free(p->title);
    free(p->author);
    free(p->url);
    free(p->service);
    free(p->status);
    free(p->validated_by);
    free(p->validated_on);
    free(p->review_by);
    free(p->tags);
    free(p->questions);
    free(p->expires);
    free(p->facility);
    free(p->scopes);
    free(p->origin);
    free(p->body);
    free(p->source);
    for (int i = 0; i < p->npassages; i++) {
        free(p->passages[i].heading);
        free(p->passages[i].text);
    }
    free(p->passages);
    memset(p, 0, sizeof *p);
}

/* BLAKE2b of every field that matters, with separators, as hex. */
static void page_hash(const struct page_rec *p, char hex[65])
{
    crypto_generichash_state h;
    unsigned char out[32];
    const char *f[] = {p->title, p->url, p->service, p->status, p->validated_by,
                       p->validated_on, p->review_by, p->tags, p->body};
    /* Fields added later count only when set: a page imported before they
     * existed keeps its hash (and is not taken for a changed version).  The
     * alternate questions (front matter `question:`) are one of them. */
    const char *later[] = {p->expires, p->facility, p->scopes, p->questions};
    crypto_generichash_init(&h, NULL, 0, sizeof out);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        const char *s = db_text(f[i]);
        crypto_generichash_update(&h, (const unsigned char *)s, strlen(s) + 1);
    }
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++) {
        const char *s = db_text(later[i]);
        if (*s) {
            char tag[8];
            snprintf(tag, sizeof tag, "#%zu", i);
            crypto_generichash_update(&h, (const unsigned char *)tag, strlen(tag) + 1);
            crypto_generichash_update(&h, (const unsigned char *)s, strlen(s) + 1);
        }
    }
    crypto_generichash_final(&h, out, sizeof out);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

/* Store p's passages for version_id (replacing the stored ones). */
static enum gc_rc put_passages(struct db *db, int64_t version_id, const struct page_rec *p,
                               bool replace, struct gc_err *e)
{
    sqlite3_stmt *st = NULL;
    enum gc_rc rc;
    if (replace) {
        rc = db_prepare(db, "DELETE FROM passages WHERE version_id = ?", &st, e);
        if (rc)
            return rc;
        sqlite3_bind_int64(st, 1, version_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
        sqlite3_finalize(st);
        st = NULL;
    }
    rc = db_prepare(db, "INSERT INTO passages (version_id, ord, heading, text) VALUES (?,?,?,?)",
                    &st, e);
    if (rc)
        return rc;
    for (int i = 0; i < p->npassages; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, version_id);
        sqlite3_bind_int(st, 2, i);
        db_bind_text(st, 3, p->passages[i].heading);
        db_bind_text(st, 4, p->passages[i].text);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
    }
    sqlite3_finalize(st);
    return GC_OK;
fail:
    rc = gc_err_set(e, GC_ERR_DB, "%s: storing the passages of %s: %s", db->path,
                    db_text(p->ext_id), sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

/* *same: are the stored passages of version_id p's? */
static enum gc_rc same_passages(struct db *db, int64_t version_id, const struct page_rec *p,
                                bool *same, struct gc_err *e)
{
    sqlite3_stmt *st = NULL;
    enum gc_rc rc = db_prepare(db, "SELECT heading, text FROM passages WHERE version_id = ? ORDER BY ord",
                               &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, version_id);
    int i = 0, r;
    *same = true;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        *same = i < p->npassages && !strcmp(db_col_text(st, 0), db_text(p->passages[i].heading)) &&
                !strcmp(db_col_text(st, 1), db_text(p->passages[i].text));
        i++;
        if (!*same)
            break;
    }
    *same = *same && i == p->npassages;
    if (*same && r != SQLITE_DONE)   /* a failed read is not "the same passages" */
        rc = gc_err_set(e, GC_ERR_DB, "%s: reading the passages of %s: %s", db->path,
                        db_text(p->ext_id), sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

/* Run a prepared one-shot statement to its end; GC_ERR_DB (message) when
 * it fails.  st is finalized. */
static enum gc_rc run(struct db *db, sqlite3_stmt *st, const char *what, struct gc_err *e)
{
    int r = sqlite3_step(st);
    enum gc_rc rc = GC_OK;
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_content_bump(struct db *db, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "INSERT INTO meta(key, value) VALUES ('content_version', '2') "
                               "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                               &st, e);
    return rc ? rc : run(db, st, "content version", e);
}

enum gc_rc store_content_delete(struct db *db, const char *sql, const char *param, int *removed,
                                struct gc_err *e)
{
    sqlite3_stmt *st;
    *removed = 0;
    enum gc_rc rc = db_prepare(db, sql, &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, param);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    else
        *removed = sqlite3_changes(db->h);
    sqlite3_finalize(st);
    if (!rc && *removed)
        rc = store_content_bump(db, e);
    return rc;
}

enum gc_rc store_content_version(struct db *db, int64_t *out, struct gc_err *e)
{
    sqlite3_stmt *st;
    *out = 0;
    enum gc_rc rc = db_prepare(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'content_version'",
                               &st, e);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_log(struct db *db, const char *kind, const char *ext_id, const char *action,
                     int version, const char *by, const char *reason, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "INSERT INTO content_log (kind, ext_id, action, version, actor, reason) "
                               "VALUES (?,?,?,?,?,?)",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, ext_id);
    db_bind_text(st, 3, action);
    if (version > 0)
        sqlite3_bind_int(st, 4, version);
    db_bind_text(st, 5, by);
    db_bind_text(st, 6, reason);
    return run(db, st, "history", e);
}

/* The withdrawal of (kind, ext_id): *found, and whether a person made it. */
static enum gc_rc withdrawal_get(struct db *db, const char *kind, const char *ext_id, bool *found,
                                 bool *person, struct gc_err *e)
{
    sqlite3_stmt *st;
    *found = *person = false;
    enum gc_rc rc = db_prepare(db, "SELECT person FROM withdrawals WHERE kind = ? AND ext_id = ?",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, ext_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *found = true;
        *person = sqlite3_column_int(st, 0) != 0;
    } else if (r != SQLITE_DONE) {
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    }
    sqlite3_finalize(st);
    return rc;
}

/* Delete the withdrawal and write why in the history. */
static enum gc_rc withdrawal_lift(struct db *db, const char *kind, const char *ext_id, int version,
                                  const char *by, const char *reason, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "DELETE FROM withdrawals WHERE kind = ? AND ext_id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, ext_id);
    rc = run(db, st, "withdrawal", e);
    if (!rc)
        rc = store_log(db, kind, ext_id, "restored", version, by, reason, e);
    if (!rc)
        rc = store_content_bump(db, e);
    return rc;
}

enum gc_rc store_withdrawal_on_import(struct db *db, const char *kind, const char *ext_id,
                                      bool changed, struct gc_err *e)
{
    bool found, person;
    enum gc_rc rc = withdrawal_get(db, kind, ext_id, &found, &person, e);
    if (rc || !found)
        return rc;
    if (!person)
        return withdrawal_lift(db, kind, ext_id, 0, "import", "its file is back", e);
    if (changed)
        return withdrawal_lift(db, kind, ext_id, 0, "import", "a changed version was imported", e);
    return GC_OK;
}

/* Insert the withdrawal of (kind, ext_id) unless there is one; *added. */
static enum gc_rc withdrawal_add(struct db *db, const char *kind, const char *ext_id, int version,
                                 const struct store_actor *who, const char *reason, bool *added,
                                 struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "INSERT OR IGNORE INTO withdrawals (kind, ext_id, actor, reason, person) "
                               "VALUES (?,?,?,?,?)",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, ext_id);
    db_bind_text(st, 3, who->name);
    db_bind_text(st, 4, reason);
    sqlite3_bind_int(st, 5, who->person ? 1 : 0);
    rc = run(db, st, "withdrawal", e);
    *added = !rc && sqlite3_changes(db->h) > 0;
    if (*added)
        rc = store_log(db, kind, ext_id, "withdrawn", version, who->name, reason, e);
    if (*added && !rc)
        rc = store_content_bump(db, e);
    return rc;
}

/* The scopes of a version, from a comma list (blank ones skipped). */
static enum gc_rc put_scopes(struct db *db, int64_t version_id, const char *list, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (!list || !*list)
        return GC_OK;
    enum gc_rc rc = db_prepare(db, "INSERT OR IGNORE INTO page_scopes (version_id, scope) VALUES (?,?)",
                               &st, e);
    if (rc)
        return rc;
    const char *s = list;
    while (*s && !rc) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        size_t a = 0;
        while (a < n && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n > a) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, version_id);
            sqlite3_bind_text(st, 2, s + a, (int)(n - a), SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = gc_err_set(e, GC_ERR_DB, "%s: scopes: %s", db->path, sqlite3_errmsg(db->h));
        }
        s = end ? end + 1 : s + strlen(s);
    }
    sqlite3_finalize(st);
    return rc;
}

/* pages.origin = origin when it differs; *changed. */
static enum gc_rc put_origin(struct db *db, int64_t page_id, const char *origin, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (!origin)
        return GC_OK;
    enum gc_rc rc = db_prepare(db, "UPDATE pages SET origin = ?1 WHERE id = ?2 AND origin <> ?1", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, origin);
    sqlite3_bind_int64(st, 2, page_id);
    return run(db, st, "origin", e);
}

enum gc_rc store_page_put(struct db *db, const struct page_rec *p, enum store_put *res,
                          struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_DB;
    sqlite3_stmt *st = NULL;
    char hash[65];
    int64_t page_id = 0, version_id;
    int version = 0;
    bool validated = p->status && !strcmp(p->status, "validated");
    page_hash(p, hash);

    rc = db_prepare(db,
                    "SELECT p.id, v.version, v.hash, v.id, p.origin = 'admin', "
                    "EXISTS (SELECT 1 FROM page_versions o WHERE o.page_id = p.id AND "
                    "        o.hash = ?2), "
                    "(SELECT a.author FROM page_versions a WHERE a.page_id = p.id AND "
                    " a.author <> '' ORDER BY a.version DESC LIMIT 1) FROM pages p "
                    "LEFT JOIN page_versions v ON v.id = p.latest_version WHERE p.ext_id = ?1",
                    &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, p->ext_id);
    db_bind_text(st, 2, hash);
    if (sqlite3_step(st) == SQLITE_ROW) {
        page_id = sqlite3_column_int64(st, 0);
        version = sqlite3_column_int(st, 1);
        bool admin = sqlite3_column_int(st, 4) != 0, had = sqlite3_column_int(st, 5) != 0;
        bool import = p->origin && strcmp(p->origin, "admin");
        if (admin && import && !p->force) {
            if (had) {   /* the file as it was: the back office's text stays */
                *res = STORE_UNCHANGED;
                rc = GC_OK;
                goto out;
            }
            rc = gc_err_set(e, GC_ERR_INVALID,
                            "page '%s' (%s) was edited in the back office (by %s; its version "
                            "%d): the import does not overwrite it with %s. Edit it in the back "
                            "office, or import again with --force to replace it with the file "
                            "(a new version; the file manages the page again)",
                            db_text(p->ext_id), db_text(p->title),
                            sqlite3_column_type(st, 6) == SQLITE_NULL ? "?" : db_col_text(st, 6),
                            version, db_text(p->source));
            goto out;
        }
        if (!strcmp(db_col_text(st, 2), hash)) {
            *res = STORE_UNCHANGED;
            version_id = sqlite3_column_int64(st, 3);
            sqlite3_finalize(st);
            st = NULL;
            /* Same content; but a newer Guichet may cut it into passages
             * differently: the stored passages follow. */
            bool same;
            rc = same_passages(db, version_id, p, &same, e);
            if (!rc && !same)
                rc = put_passages(db, version_id, p, true, e);
            if (!rc && !same)
                rc = store_content_bump(db, e);
            if (!rc)
                rc = put_origin(db, page_id, p->origin, e);
            if (!rc)
                rc = store_withdrawal_on_import(db, "page", p->ext_id, false, e);
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    *res = page_id ? STORE_UPDATED : STORE_ADDED;
    if (!page_id) {
        rc = db_prepare(db, "INSERT INTO pages (ext_id) VALUES (?)", &st, e);
        if (rc)
            goto out;
        db_bind_text(st, 1, p->ext_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
        page_id = sqlite3_last_insert_rowid(db->h);
        sqlite3_finalize(st);
        st = NULL;
    }
    rc = db_prepare(db,
                    "INSERT INTO page_versions (page_id, version, title, url, service, status, "
                    "validated_by, validated_on, review_by, tags, body, source, hash, expires, "
                    "facility, author) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    &st, e);
    if (rc)
        goto out;
    sqlite3_bind_int64(st, 1, page_id);
    sqlite3_bind_int(st, 2, version + 1);
    db_bind_text(st, 3, p->title);
    db_bind_text(st, 4, p->url);
    db_bind_text(st, 5, p->service);
    db_bind_text(st, 6, p->status);
    db_bind_text(st, 7, p->validated_by);
    db_bind_text(st, 8, p->validated_on);
    db_bind_text(st, 9, p->review_by);
    db_bind_text(st, 10, p->tags);
    db_bind_text(st, 11, p->body);
    db_bind_text(st, 12, p->source);
    db_bind_text(st, 13, hash);
    db_bind_text(st, 14, p->expires);
    db_bind_text(st, 15, p->facility);
    db_bind_text(st, 16, p->author ? p->author : "");
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    version_id = sqlite3_last_insert_rowid(db->h);
    sqlite3_finalize(st);
    st = NULL;

    rc = put_passages(db, version_id, p, false, e);
    if (!rc)
        rc = put_scopes(db, version_id, p->scopes, e);
    if (!rc)
        rc = altq_put_version(db, page_id, version_id, p->questions, e);
    if (rc)
        goto out;

    rc = db_prepare(db,
                    validated ? "UPDATE pages SET latest_version = ?1, published_version = ?1 "
                                "WHERE id = ?2"
                              : "UPDATE pages SET latest_version = ?1 WHERE id = ?2",
                    &st, e);
    if (rc)
        goto out;
    sqlite3_bind_int64(st, 1, version_id);
    sqlite3_bind_int64(st, 2, page_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    rc = put_origin(db, page_id, p->origin, e);
    if (!rc)
        rc = store_log(db, "page", p->ext_id, "imported", version + 1,
                       validated ? db_text(p->validated_by) : "", db_text(p->source), e);
    if (!rc)
        rc = store_content_bump(db, e);
    /* A person's withdrawal stands unless this version is a changed one
     * that is validated (it is published: served from now on). */
    if (!rc)
        rc = store_withdrawal_on_import(db, "page", p->ext_id, validated, e);
    goto out;
fail:
    rc = gc_err_set(e, GC_ERR_DB, "%s: storing %s: %s", db->path, db_text(p->ext_id), sqlite3_errmsg(db->h));
out:
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_load_published(struct db *db, const struct store_visitor *v, struct gc_err *e)
{
    enum gc_rc rc;
    sqlite3_stmt *st = NULL;
    rc = db_prepare(db,
                    "SELECT v.id, p.ext_id, v.title, v.url, v.service, v.validated_by, "
                    "v.validated_on, v.tags, s.heading, s.text, v.review_by, v.expires, "
                    "v.facility "
                    "FROM pages p JOIN page_versions v ON v.id = p.published_version "
                    "JOIN passages s ON s.version_id = v.id "
                    "WHERE NOT EXISTS (SELECT 1 FROM withdrawals w "
                    "                  WHERE w.kind = 'page' AND w.ext_id = p.ext_id) "
                    "ORDER BY p.id, s.ord",
                    &st, e);
    if (rc)
        return rc;
    int64_t last = -1;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        int64_t vid = sqlite3_column_int64(st, 0);
        if (vid != last) {
            struct stored_page p = {
                .ext_id = db_col_text(st, 1), .title = db_col_text(st, 2),
                .url = db_col_text(st, 3), .service = db_col_text(st, 4),
                .validated_by = db_col_text(st, 5), .validated_on = db_col_text(st, 6),
                .tags = db_col_text(st, 7), .review_by = db_col_text(st, 10),
                .expires = db_col_text(st, 11), .facility = db_col_text(st, 12),
            };
            last = vid;
            if (v->page(v->ctx, &p))
                break;
        }
        if (v->passage(v->ctx, db_col_text(st, 8), db_col_text(st, 9)))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_counts(struct db *db, struct store_counts *c, struct gc_err *e)
{
    enum gc_rc rc;
    sqlite3_stmt *st;
    memset(c, 0, sizeof *c);
    rc = db_prepare(db,
                    "SELECT (SELECT count(*) FROM pages),"
                    " (SELECT count(*) FROM pages WHERE published_version IS NOT NULL),"
                    " (SELECT count(*) FROM pages WHERE published_version IS NULL),"
                    " (SELECT count(*) FROM page_versions),"
                    " (SELECT count(*) FROM passages s JOIN pages p"
                    "    ON s.version_id = p.published_version)",
                    &st, e);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        c->pages = sqlite3_column_int64(st, 0);
        c->published = sqlite3_column_int64(st, 1);
        c->drafts_only = sqlite3_column_int64(st, 2);
        c->versions = sqlite3_column_int64(st, 3);
        c->passages = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return GC_OK;
}

/* ---- states ---- */

static const char *const state_names[] = {"draft", "submitted", "validated", "withdrawn", "expired"};

const char *page_state_name(enum page_state s)
{
    return (unsigned)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "?";
}

bool page_state_parse(const char *s, enum page_state *out)
{
    for (size_t i = 0; s && i < sizeof state_names / sizeof state_names[0]; i++)
        if (!strcmp(s, state_names[i])) {
            *out = (enum page_state)i;
            return true;
        }
    return false;
}

/* Day number of "YYYY-MM-DD", or -1 when it is not one. */
static long day_of(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
        int v = s[i] - '0';
        if (i < 4)
            y = y * 10 + v;
        else if (i < 7)
            m = m * 10 + v;
        else
            d = d * 10 + v;
    }
    return clock_date_valid(y, m, d) ? clock_days(y, m, d) : -1;
}

enum page_timing page_timing(const char *expires, const char *review_by, const char *today,
                             long grace_days)
{
    long t = day_of(today), x = day_of(expires), r = day_of(review_by);
    if (t < 0)
        return PAGE_CURRENT;
    if (x >= 0 && t > x)
        return PAGE_EXPIRED_DAY;
    if (r >= 0 && t > r)
        return grace_days >= 0 && t > r + grace_days ? PAGE_WITHHELD : PAGE_OVERDUE;
    return PAGE_CURRENT;
}

bool page_timing_served(enum page_timing t)
{
    return t == PAGE_CURRENT || t == PAGE_OVERDUE;
}

enum page_state page_info_state(const struct page_info *p, const char *today)
{
    if (p->withdrawn)
        return PAGE_WITHDRAWN;
    if (p->published_version > 0) {
        if (page_timing(p->expires, NULL, today, -1) == PAGE_EXPIRED_DAY)
            return PAGE_EXPIRED;
        return PAGE_VALIDATED;
    }
    return !strcmp(p->latest_status, "submitted") ? PAGE_SUBMITTED : PAGE_DRAFT;
}

/* What a transition needs to know of a page. */
struct cur {
    int64_t id, latest, published;
    int latest_number, published_number;
    char latest_status[16];
    char author[GC_LOGIN_MAX + 1];   /* the newest version's, "" for a file */
    bool withdrawn;
};

static enum gc_rc page_get(struct db *db, const char *ext_id, struct cur *c, struct gc_err *e)
{
    sqlite3_stmt *st;
    memset(c, 0, sizeof *c);
    enum gc_rc rc = db_prepare(db,
                               "SELECT p.id, p.latest_version, coalesce(p.published_version, 0), "
                               "l.version, coalesce(v.version, 0), l.status, "
                               "EXISTS (SELECT 1 FROM withdrawals w WHERE w.kind = 'page' "
                               "        AND w.ext_id = p.ext_id), l.author "
                               "FROM pages p JOIN page_versions l ON l.id = p.latest_version "
                               "LEFT JOIN page_versions v ON v.id = p.published_version "
                               "WHERE p.ext_id = ?",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, ext_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        c->latest = sqlite3_column_int64(st, 1);
        c->published = sqlite3_column_int64(st, 2);
        c->latest_number = sqlite3_column_int(st, 3);
        c->published_number = sqlite3_column_int(st, 4);
        snprintf(c->latest_status, sizeof c->latest_status, "%s", db_col_text(st, 5));
        c->withdrawn = sqlite3_column_int(st, 6) != 0;
        snprintf(c->author, sizeof c->author, "%s", db_col_text(st, 7));
    } else if (r == SQLITE_DONE) {
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no page '%s'", ext_id);
    } else {
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    }
    sqlite3_finalize(st);
    return rc;
}

static enum gc_rc need_actor(const struct store_actor *who, struct gc_err *e)
{
    if (!who || !who->name || !*who->name)
        return gc_err_set(e, GC_ERR_INVALID, "who makes the change must be named");
    return GC_OK;
}

enum gc_rc store_page_withdraw(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *reason, struct gc_err *e)
{
    struct cur c;
    enum gc_rc rc = need_actor(who, e);
    if (!rc)
        rc = page_get(db, ext_id, &c, e);
    if (rc)
        return rc;
    if (c.withdrawn)
        return gc_err_set(e, GC_ERR_INVALID, "page '%s' is withdrawn already", ext_id);
    bool added;
    return withdrawal_add(db, "page", ext_id, c.published_number, who, reason, &added, e);
}

enum gc_rc store_page_republish(struct db *db, const char *ext_id, const struct store_actor *who,
                                const char *reason, struct gc_err *e)
{
    struct cur c;
    enum gc_rc rc = need_actor(who, e);
    if (!rc)
        rc = page_get(db, ext_id, &c, e);
    if (rc)
        return rc;
    if (!c.withdrawn)
        return gc_err_set(e, GC_ERR_INVALID, "page '%s' is not withdrawn", ext_id);
    if (!c.published)
        return gc_err_set(e, GC_ERR_INVALID,
                          "page '%s' has no validated version to publish (validate it)", ext_id);
    return withdrawal_lift(db, "page", ext_id, c.published_number, who->name, reason, e);
}

/* Set the newest version's status (from one of `from`, a space list). */
static enum gc_rc latest_status(struct db *db, const char *ext_id, const char *from, const char *to,
                                const struct store_actor *who, const char *reason, struct gc_err *e)
{
    struct cur c;
    enum gc_rc rc = need_actor(who, e);
    if (!rc)
        rc = page_get(db, ext_id, &c, e);
    if (rc)
        return rc;
    char pad[40];
    snprintf(pad, sizeof pad, " %s ", c.latest_status);
    char list[64];
    snprintf(list, sizeof list, " %s ", from);
    if (!strstr(list, pad))
        return gc_err_set(e, GC_ERR_INVALID, "page '%s': its newest version is %s, not %s", ext_id,
                          c.latest_status, from);
    sqlite3_stmt *st;
    rc = db_prepare(db, "UPDATE page_versions SET status = ? WHERE id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, to);
    sqlite3_bind_int64(st, 2, c.latest);
    rc = run(db, st, "status", e);
    if (!rc)
        rc = store_log(db, "page", ext_id, !strcmp(to, "submitted") ? "submitted" : "returned",
                       c.latest_number, who->name, reason, e);
    if (!rc)
        rc = store_content_bump(db, e);
    return rc;
}

enum gc_rc store_page_submit(struct db *db, const char *ext_id, const struct store_actor *who,
                             struct gc_err *e)
{
    return latest_status(db, ext_id, "draft", "submitted", who, "", e);
}

enum gc_rc store_page_giveback(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *reason, struct gc_err *e)
{
    return latest_status(db, ext_id, "submitted", "draft", who, reason, e);
}

enum gc_rc store_page_validate(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *today, struct gc_err *e)
{
    struct cur c;
    enum gc_rc rc = need_actor(who, e);
    if (!rc)
        rc = page_get(db, ext_id, &c, e);
    if (rc)
        return rc;
    if (day_of(today) < 0)
        return gc_err_set(e, GC_ERR_INVALID, "'%s' is not a date YYYY-MM-DD", today ? today : "");
    if (strcmp(c.latest_status, "draft") && strcmp(c.latest_status, "submitted"))
        return gc_err_set(e, GC_ERR_INVALID, "page '%s': its newest version is validated already",
                          ext_id);
    if (c.author[0] && !strcmp(c.author, who->name))
        return gc_err_set(e, GC_ERR_DENIED,
                          "page '%s': version %d was written by %s, who may not validate it: "
                          "another person must (four eyes)", ext_id, c.latest_number, c.author);
    /* The version's hash stays that of the file imported: importing that
     * file again is "unchanged" and does not undo the validation. */
    sqlite3_stmt *st;
    rc = db_prepare(db,
                    "UPDATE page_versions SET status = 'validated', validated_by = ?, "
                    "validated_on = ? WHERE id = ?",
                    &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, who->name);
    db_bind_text(st, 2, today);
    sqlite3_bind_int64(st, 3, c.latest);
    rc = run(db, st, "validation", e);
    if (rc)
        return rc;
    rc = db_prepare(db, "UPDATE pages SET published_version = latest_version WHERE id = ?", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, c.id);
    rc = run(db, st, "validation", e);
    if (!rc)
        rc = store_log(db, "page", ext_id, "validated", c.latest_number, who->name, "", e);
    if (!rc)
        rc = store_content_bump(db, e);
    if (!rc && c.withdrawn)
        rc = withdrawal_lift(db, "page", ext_id, c.latest_number, who->name, "validated again", e);
    return rc;
}

enum gc_rc store_pages_withdraw_missing(struct db *db, const char *path, int *n, struct gc_err *e)
{
    sqlite3_stmt *st;
    *n = 0;
    enum gc_rc rc = db_prepare(db,
                               "SELECT p.ext_id, coalesce(v.version, 0) FROM pages p "
                               "LEFT JOIN page_versions v ON v.id = p.published_version "
                               "WHERE (p.origin = ?1 OR substr(p.origin, 1, length(?1) + 1) = ?1 || '/') "
                               "AND p.ext_id NOT IN (SELECT id FROM temp.seen) "
                               "AND NOT EXISTS (SELECT 1 FROM withdrawals w "
                               "                WHERE w.kind = 'page' AND w.ext_id = p.ext_id)",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, path);
    /* Collect first: the inserts below must not run under this read. */
    char **ids = NULL;
    int *vers = NULL, k = 0, r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        ids = xreallocarray(ids, (size_t)k + 1, sizeof *ids);
        vers = xreallocarray(vers, (size_t)k + 1, sizeof *vers);
        ids[k] = xstrdup(db_col_text(st, 0));
        vers[k++] = sqlite3_column_int(st, 1);
    }
    if (r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    struct store_actor imp = {"import", false};
    char reason[600];
    snprintf(reason, sizeof reason, "its file is no longer in %.500s", path);
    for (int i = 0; i < k && !rc; i++) {
        bool added;
        rc = withdrawal_add(db, "page", ids[i], vers[i], &imp, reason, &added, e);
        *n += added;
    }
    for (int i = 0; i < k; i++)
        free(ids[i]);
    free(ids);
    free(vers);
    return rc;
}

enum gc_rc store_pages_list(struct db *db, int (*fn)(void *ctx, const struct page_info *p),
                            void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "SELECT p.ext_id, v.title, v.url, v.service, v.validated_by, "
                               "v.validated_on, v.review_by, v.expires, v.facility, v.source, "
                               "l.status, l.version, coalesce(pv.version, 0), w.at, w.actor, "
                               "w.reason, w.ext_id IS NOT NULL "
                               "FROM pages p JOIN page_versions l ON l.id = p.latest_version "
                               "LEFT JOIN page_versions pv ON pv.id = p.published_version "
                               "JOIN page_versions v ON v.id = coalesce(p.published_version, "
                               "                                         p.latest_version) "
                               "LEFT JOIN withdrawals w ON w.kind = 'page' AND w.ext_id = p.ext_id "
                               "ORDER BY v.service, p.ext_id",
                               &st, e);
    if (rc)
        return rc;
    int r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct page_info pi = {
            .ext_id = db_col_text(st, 0), .title = db_col_text(st, 1), .url = db_col_text(st, 2),
            .service = db_col_text(st, 3), .validated_by = db_col_text(st, 4),
            .validated_on = db_col_text(st, 5), .review_by = db_col_text(st, 6),
            .expires = db_col_text(st, 7), .facility = db_col_text(st, 8),
            .source = db_col_text(st, 9), .latest_status = db_col_text(st, 10),
            .version = sqlite3_column_int(st, 11), .published_version = sqlite3_column_int(st, 12),
            .withdrawn_at = db_col_text(st, 13), .withdrawn_by = db_col_text(st, 14),
            .withdrawn_reason = db_col_text(st, 15), .withdrawn = sqlite3_column_int(st, 16) != 0,
        };
        if (fn(ctx, &pi))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_withdraw(struct db *db, const char *kind, const char *ext_id,
                          const struct store_actor *who, const char *reason, struct gc_err *e)
{
    enum gc_rc rc = need_actor(who, e);
    if (rc)
        return rc;
    if (!strcmp(kind, "page"))
        return store_page_withdraw(db, ext_id, who, reason, e);
    const char *sql = !strcmp(kind, "facility") ? "SELECT count(*) FROM facilities WHERE ext_id = ?"
                      : !strcmp(kind, "event")  ? "SELECT count(*) FROM events WHERE uid = ?"
                                                : NULL;
    if (!sql)
        return gc_err_set(e, GC_ERR_INVALID, "nothing of kind '%s' can be withdrawn", kind);
    sqlite3_stmt *st;
    rc = db_prepare(db, sql, &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, ext_id);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (n == 0)
        return gc_err_set(e, GC_ERR_NOTFOUND, "no %s '%s'", kind, ext_id);
    bool added;
    rc = withdrawal_add(db, kind, ext_id, 0, who, reason, &added, e);
    if (!rc && !added)
        rc = gc_err_set(e, GC_ERR_INVALID, "%s '%s' is withdrawn already", kind, ext_id);
    return rc;
}

enum gc_rc store_page_resolve(struct db *db, const char *key, char **ext_id, struct gc_err *e)
{
    sqlite3_stmt *st;
    *ext_id = NULL;
    enum gc_rc rc = db_prepare(db,
                               "SELECT ext_id FROM pages WHERE ext_id = ?1 UNION "
                               "SELECT p.ext_id FROM pages p JOIN page_versions v "
                               "ON v.id IN (p.latest_version, p.published_version) WHERE v.url = ?1",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    int n = 0, r;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        if (n++ == 0)
            *ext_id = xstrdup(db_col_text(st, 0));
    }
    if (r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    else if (n == 0)
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no page with the address or id '%s'", key);
    else if (n > 1)
        rc = gc_err_set(e, GC_ERR_INVALID, "'%s' is the address of %d pages: give their ids", key, n);
    sqlite3_finalize(st);
    if (rc) {
        free(*ext_id);
        *ext_id = NULL;
    }
    return rc;
}

enum gc_rc store_page_versions(struct db *db, const char *ext_id,
                               int (*fn)(void *ctx, const struct page_version *v), void *ctx,
                               struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db,
                               "SELECT v.version, v.status, v.title, v.url, v.service, "
                               "v.validated_by, v.validated_on, v.review_by, v.expires, v.source, "
                               "v.imported_at, v.body, v.tags, v.facility, v.author, "
                               "(SELECT group_concat(scope, ',') FROM page_scopes s "
                               " WHERE s.version_id = v.id), "
                               "(SELECT group_concat(question, char(10)) FROM page_questions q "
                               " WHERE q.version_id = v.id) FROM pages p "
                               "JOIN page_versions v ON v.page_id = p.id "
                               "WHERE p.ext_id = ?1 ORDER BY v.version DESC",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, ext_id);
    int r, n = 0;
    for (r = sqlite3_step(st); r == SQLITE_ROW; r = sqlite3_step(st)) {
        struct page_version v = {
            .version = sqlite3_column_int(st, 0), .status = db_col_text(st, 1),
            .title = db_col_text(st, 2), .url = db_col_text(st, 3), .service = db_col_text(st, 4),
            .validated_by = db_col_text(st, 5), .validated_on = db_col_text(st, 6),
            .review_by = db_col_text(st, 7), .expires = db_col_text(st, 8),
            .source = db_col_text(st, 9), .imported_at = db_col_text(st, 10),
            .body = db_col_text(st, 11), .tags = db_col_text(st, 12),
            .facility = db_col_text(st, 13), .author = db_col_text(st, 14),
            .scopes = db_col_text(st, 15), .questions = db_col_text(st, 16),
        };
        n++;
        if (fn(ctx, &v))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
    else if (n == 0)
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "no page '%s'", ext_id);
    sqlite3_finalize(st);
    return rc;
}
