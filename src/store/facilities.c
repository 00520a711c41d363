/* facilities.c — facilities and their closures in SQLite (schema step 3). */
#include "store/facilities.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static void free_strv(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void facility_rec_free(struct facility_rec *f)
{
    if (!f)
        return;
    char **s[] = {&f->ext_id, &f->name, &f->address, &f->phone, &f->email, &f->url,
                  &f->service, &f->opening_hours, &f->status, &f->validated_by,
                  &f->validated_on, &f->source, &f->article, &f->origin};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    free_strv(f->aliases, f->naliases);
    free_strv(f->services, f->nservices);
    for (int i = 0; i < f->nclosures; i++) {
        free(f->closures[i].from);
        free(f->closures[i].to);
        free(f->closures[i].reason);
    }
    free(f->closures);
    memset(f, 0, sizeof *f);
}

static cJSON *strv_json(char *const *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static char *print_free(cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        abort();   /* cJSON failed to allocate: out of memory is fatal (util/mem.h) */
    char *r = xstrdup(s);
    cJSON_free(s);
    return r;
}

/* The record as canonical JSON: equal strings mean an unchanged facility. */
static char *rec_json(const struct facility_rec *f)
{
    cJSON *o = cJSON_CreateObject();
    const char *k[] = {"id", "name", "address", "phone", "email", "url", "service",
                       "opening_hours", "status", "validated_by", "validated_on"};
    const char *v[] = {f->ext_id, f->name, f->address, f->phone, f->email, f->url, f->service,
                       f->opening_hours, f->status, f->validated_by, f->validated_on};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        cJSON_AddStringToObject(o, k[i], db_text(v[i]));
    if (f->article && *f->article)   /* only when given: older records stay unchanged */
        cJSON_AddStringToObject(o, "article", f->article);
    cJSON_AddItemToObject(o, "aliases", strv_json(f->aliases, f->naliases));
    cJSON_AddItemToObject(o, "services", strv_json(f->services, f->nservices));
    cJSON *cl = cJSON_AddArrayToObject(o, "closures");
    for (int i = 0; i < f->nclosures; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "from", db_text(f->closures[i].from));
        cJSON_AddStringToObject(c, "to", db_text(f->closures[i].to));
        cJSON_AddStringToObject(c, "reason", db_text(f->closures[i].reason));
        cJSON_AddItemToArray(cl, c);
    }
    return print_free(o);
}

/* facilities.origin = f->origin (when given). */
static enum gc_rc set_origin(struct db *db, const struct facility_rec *f, struct gc_err *e)
{
    sqlite3_stmt *st;
    if (!f->origin)
        return GC_OK;
    enum gc_rc rc = db_prepare(db, "UPDATE facilities SET origin = ?1 WHERE ext_id = ?2 AND origin <> ?1",
                               &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, f->origin);
    db_bind_text(st, 2, f->ext_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: facility '%s': %s", db->path, f->ext_id,
                        sqlite3_errmsg(db->h));
    sqlite3_finalize(st);
    return rc;
}

enum gc_rc store_facility_put(struct db *db, const struct facility_rec *f, enum store_put *res,
                              struct gc_err *e)
{
    enum gc_rc rc;
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    char *json = rec_json(f);
    char *aliases = print_free(strv_json(f->aliases, f->naliases));
    char *services = print_free(strv_json(f->services, f->nservices));

    rc = db_prepare(db, "SELECT id, json, source FROM facilities WHERE ext_id = ?", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, f->ext_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (!strcmp(db_col_text(st, 1), json) && !strcmp(db_col_text(st, 2), db_text(f->source))) {
            *res = STORE_UNCHANGED;
            sqlite3_finalize(st);
            st = NULL;
            rc = set_origin(db, f, e);
            if (!rc)
                rc = store_withdrawal_on_import(db, "facility", f->ext_id, false, e);
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    *res = id ? STORE_UPDATED : STORE_ADDED;
    rc = db_prepare(db,
                    "INSERT INTO facilities (ext_id, name, aliases, address, phone, email, url, "
                    "service, services, opening_hours, status, validated_by, validated_on, "
                    "source, json, article) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(ext_id) DO UPDATE SET name = excluded.name, "
                    "aliases = excluded.aliases, address = excluded.address, "
                    "phone = excluded.phone, email = excluded.email, url = excluded.url, "
                    "service = excluded.service, services = excluded.services, "
                    "opening_hours = excluded.opening_hours, status = excluded.status, "
                    "validated_by = excluded.validated_by, "
                    "validated_on = excluded.validated_on, source = excluded.source, "
                    "json = excluded.json, imported_at = excluded.imported_at, "
                    "article = excluded.article",
                    &st, e);
    if (rc)
        goto out;
    const char *v[] = {f->ext_id, f->name, aliases, f->address, f->phone, f->email, f->url,
                       f->service, services, f->opening_hours, f->status, f->validated_by,
                       f->validated_on, f->source, json, f->article};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        db_bind_text(st, (int)i + 1, v[i]);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    rc = db_prepare(db, "SELECT id FROM facilities WHERE ext_id = ?", &st, e);
    if (rc)
        goto out;
    db_bind_text(st, 1, f->ext_id);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    rc = db_prepare(db, "DELETE FROM facility_closures WHERE facility_id = ?", &st, e);
    if (rc)
        goto out;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    rc = db_prepare(db,
                    "INSERT INTO facility_closures (facility_id, ord, date_from, date_to, "
                    "reason) VALUES (?,?,?,?,?)",
                    &st, e);
    if (rc)
        goto out;
    for (int i = 0; i < f->nclosures; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, i);
        db_bind_text(st, 3, f->closures[i].from);
        db_bind_text(st, 4, f->closures[i].to);
        db_bind_text(st, 5, f->closures[i].reason);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
    }
    rc = set_origin(db, f, e);
    if (!rc)
        rc = store_content_bump(db, e);
    if (!rc)
        rc = store_withdrawal_on_import(db, "facility", f->ext_id, true, e);
    goto out;
fail:
    rc = gc_err_set(e, GC_ERR_DB, "%s: facility '%s': %s", db->path, db_text(f->ext_id),
                    sqlite3_errmsg(db->h));
out:
    sqlite3_finalize(st);
    free(json);
    free(aliases);
    free(services);
    return rc;
}

enum gc_rc store_facilities_prune(struct db *db, const char *source, int *removed,
                                  struct gc_err *e)
{
    return store_content_delete(db,
                                "DELETE FROM facilities WHERE source = ? AND ext_id NOT IN "
                                "(SELECT id FROM temp.seen_facilities)",
                                source, removed, e);
}

enum gc_rc store_facilities_prune_missing(struct db *db, const char *path, int *removed,
                                          struct gc_err *e)
{
    return store_content_delete(db,
                                "DELETE FROM facilities WHERE (origin = ?1 OR "
                                "substr(origin, 1, length(?1) + 1) = ?1 || '/') AND ext_id NOT IN "
                                "(SELECT id FROM temp.seen_facilities)",
                                path, removed, e);
}

/* A JSON array of strings into a vector (non-strings skipped). */
static char **strv_parse(const char *json, int *n)
{
    cJSON *a = cJSON_Parse(json);
    char **v = NULL;
    *n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        if (!cJSON_IsString(it))
            continue;
        v = xreallocarray(v, (size_t)*n + 1, sizeof *v);
        v[(*n)++] = xstrdup(it->valuestring);
    }
    cJSON_Delete(a);
    return v;
}

enum gc_rc store_load_facilities(struct db *db, int (*fn)(void *ctx, const struct facility_rec *f),
                                 void *ctx, struct gc_err *e)
{
    sqlite3_stmt *st = NULL, *cl = NULL;
    enum gc_rc rc;
    rc = db_prepare(db,
                    "SELECT id, ext_id, name, aliases, address, phone, email, url, service, "
                    "services, opening_hours, status, validated_by, validated_on, source, article "
                    "FROM facilities WHERE status = 'validated' AND NOT EXISTS "
                    "(SELECT 1 FROM withdrawals w WHERE w.kind = 'facility' "
                    " AND w.ext_id = facilities.ext_id) ORDER BY ext_id",
                    &st, e);
    if (!rc)
        rc = db_prepare(db,
                        "SELECT date_from, date_to, reason FROM facility_closures "
                        "WHERE facility_id = ? ORDER BY ord",
                        &cl, e);
    if (rc)
        goto out;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        struct facility_rec f = {0};
        char **s[] = {&f.ext_id, &f.name, NULL, &f.address, &f.phone, &f.email, &f.url,
                      &f.service, NULL, &f.opening_hours, &f.status, &f.validated_by,
                      &f.validated_on, &f.source, &f.article};
        for (int i = 0; i < (int)(sizeof s / sizeof s[0]); i++)
            if (s[i])
                *s[i] = xstrdup(db_col_text(st, i + 1));
        f.aliases = strv_parse(db_col_text(st, 3), &f.naliases);
        f.services = strv_parse(db_col_text(st, 9), &f.nservices);
        sqlite3_reset(cl);
        sqlite3_bind_int64(cl, 1, sqlite3_column_int64(st, 0));
        while (sqlite3_step(cl) == SQLITE_ROW) {
            f.closures = xreallocarray(f.closures, (size_t)f.nclosures + 1, sizeof *f.closures);
            struct facility_closure *c = &f.closures[f.nclosures++];
            c->from = xstrdup(db_col_text(cl, 0));
            c->to = xstrdup(db_col_text(cl, 1));
            c->reason = xstrdup(db_col_text(cl, 2));
        }
        int stop = fn(ctx, &f);
        facility_rec_free(&f);
        if (stop)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "%s: %s", db->path, sqlite3_errmsg(db->h));
out:
    sqlite3_finalize(st);
    sqlite3_finalize(cl);
    return rc;
}
