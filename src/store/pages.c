/* pages.c — page versions and passages. */
#include "store/pages.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/altq.h"

void page_rec_free(struct page_rec *p)
{
    if (!p)
        return;
    free(p->ext_id);
    free(p->title);
    free(p->url);
    free(p->service);
    free(p->status);
    free(p->validated_by);
    free(p->validated_on);
    free(p->review_by);
    free(p->tags);
    free(p->questions);
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
    crypto_generichash_init(&h, NULL, 0, sizeof out);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        const char *s = db_text(f[i]);
        crypto_generichash_update(&h, (const unsigned char *)s, strlen(s) + 1);
    }
    /* Alternate questions count only when there are some: the pages that
     * have none keep the hash they were stored with. */
    if (p->questions && *p->questions)
        crypto_generichash_update(&h, (const unsigned char *)p->questions,
                                  strlen(p->questions) + 1);
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

enum gc_rc store_page_put(struct db *db, const struct page_rec *p, enum store_put *res,
                          struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_DB;
    sqlite3_stmt *st = NULL;
    char hash[65];
    int64_t page_id = 0, version_id;
    int version = 0;
    page_hash(p, hash);

    rc = db_prepare(db,
                    "SELECT p.id, v.version, v.hash, v.id FROM pages p "
                    "LEFT JOIN page_versions v ON v.id = p.latest_version WHERE p.ext_id = ?",
                    &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, p->ext_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        page_id = sqlite3_column_int64(st, 0);
        version = sqlite3_column_int(st, 1);
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
                    "validated_by, validated_on, review_by, tags, body, source, hash) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    version_id = sqlite3_last_insert_rowid(db->h);
    sqlite3_finalize(st);
    st = NULL;

    rc = put_passages(db, version_id, p, false, e);
    if (!rc)
        rc = altq_put_version(db, page_id, version_id, p->questions, e);
    if (rc)
        goto out;

    bool validated = p->status && !strcmp(p->status, "validated");
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
    rc = GC_OK;
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
                    "v.validated_on, v.tags, s.heading, s.text "
                    "FROM pages p JOIN page_versions v ON v.id = p.published_version "
                    "JOIN passages s ON s.version_id = v.id "
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
                .tags = db_col_text(st, 7),
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
