/* town.c — the town's settings and word lists in SQLite (contract in town.h). */
#include "store/town.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/limits.h"
#include "util/mem.h"

static const char *const key_names[TOWN__KEYS] = {
    [TOWN_NAME] = "name",
    [TOWN_CONTACT] = "contact",
    [TOWN_AGENDA_URL] = "agenda-url",
    [TOWN_GREETING] = "greeting",
    [TOWN_REFUSAL_OUT_OF_SCOPE] = "refusal-out-of-scope",
    [TOWN_REFUSAL_NOT_FOUND] = "refusal-not-found",
    [TOWN_REFUSAL_DISMISSED] = "refusal-dismissed",
    [TOWN_REFUSAL_DISMISSED_POINTER] = "refusal-dismissed-pointer",
};

static const struct {
    const char *file, *kind;
    struct ld_format fmt;
} lists[TOWN__LISTS] = {
    [TOWN_SYNONYMS] = {"synonyms.txt", "synonyms", {LD_SPLIT_BLANK, 2, 32, LDF_FOLDED, 4096, NULL, 0}},
    [TOWN_CATEGORIES] = {"categories.tsv", "categories",
                         {LD_SPLIT_TAB, 2, 2, LDF_FOLDED, 4096, NULL, 0}},
    [TOWN_OUT_OF_SCOPE] = {"out-of-scope.tsv", "out-of-scope",
                           {LD_SPLIT_TAB, 2, 2, 0, GC_LANGDATA_PHRASES_MAX, NULL, 0}},
};

const char *town_key_name(enum town_key k)
{
    return (unsigned)k < TOWN__KEYS ? key_names[k] : "";
}

const char *town_list_file(enum town_list l)
{
    return (unsigned)l < TOWN__LISTS ? lists[l].file : "";
}

const struct ld_format *town_list_format(enum town_list l)
{
    return (unsigned)l < TOWN__LISTS ? &lists[l].fmt : NULL;
}

void town_rec_free(struct town_rec *t)
{
    if (!t)
        return;
    for (int k = 0; k < TOWN__KEYS; k++)
        free(t->value[k]);
    for (int l = 0; l < TOWN__LISTS; l++) {
        langdata_list_free(t->list[l]);
        free(t->list_path[l]);
    }
    free(t->ini);
    memset(t, 0, sizeof *t);
}

static enum gc_rc step_done(struct db *db, sqlite3_stmt *st, struct gc_err *e)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        return gc_err_set(e, GC_ERR_DB, "%s: town: %s", db->path, sqlite3_errmsg(db->h));
    return GC_OK;
}

enum gc_rc store_town_put(struct db *db, const struct town_rec *t, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    sqlite3_stmt *st = NULL;
    if (t->ini) {
        rc = db_exec(db, "DELETE FROM town_settings WHERE source = 'file'", e);
        if (!rc)
            rc = db_prepare(db, "INSERT INTO town_settings (key, source, value, src, line) "
                                "VALUES (?, 'file', ?, ?, ?)", &st, e);
        for (int k = 0; k < TOWN__KEYS && !rc; k++) {
            if (!t->value[k])
                continue;
            sqlite3_reset(st);
            db_bind_text(st, 1, key_names[k]);
            db_bind_text(st, 2, t->value[k]);
            db_bind_text(st, 3, t->ini);
            sqlite3_bind_int(st, 4, t->line[k]);
            rc = step_done(db, st, e);
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    for (int l = 0; l < TOWN__LISTS && !rc; l++) {
        const struct ld_list *li = t->list[l];
        if (!li)
            continue;
        rc = db_prepare(db, "DELETE FROM town_lists WHERE kind = ? AND source = 'file'", &st, e);
        if (!rc) {
            db_bind_text(st, 1, lists[l].kind);
            rc = step_done(db, st, e);
        }
        sqlite3_finalize(st);
        st = NULL;
        if (!rc)
            rc = db_prepare(db, "INSERT INTO town_lists (kind, source, ord, entry, src, line) "
                                "VALUES (?, 'file', ?, ?, ?, ?)", &st, e);
        for (size_t i = 0; i < li->n && !rc; i++) {
            struct buf b;
            int bad = 0;
            buf_init(&b, 2 * GC_LANGDATA_LINE_MAX);
            /* As in the file: tabs between fields, "" for an empty one. */
            for (uint32_t f = 0; f < li->e[i].nfield; f++) {
                const char *v = li->e[i].field[f];
                if (f)
                    bad |= buf_addc(&b, lists[l].fmt.split == LD_SPLIT_TAB ? '\t' : ' ');
                bad |= buf_adds(&b, *v ? v : "\"\"");
            }
            if (bad) {
                rc = gc_err_set(e, GC_ERR_TOOBIG, "%s:%u: entry too long", t->list_path[l],
                                li->e[i].line);
                buf_free(&b);
                break;
            }
            sqlite3_reset(st);
            db_bind_text(st, 1, lists[l].kind);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            db_bind_text(st, 3, buf_str(&b));
            db_bind_text(st, 4, t->list_path[l]);
            sqlite3_bind_int(st, 5, (int)li->e[i].line);
            rc = step_done(db, st, e);
            buf_free(&b);
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    return rc;
}

/* Does the database have the town's tables (schema step 8)? */
static bool has_tables(struct db *db)
{
    sqlite3_stmt *st;
    struct gc_err e;
    if (db_prepare(db, "SELECT 1 FROM sqlite_master WHERE name = 'town_lists'", &st, &e))
        return false;
    bool yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

enum gc_rc store_town_load(struct db *db, struct town_rec *out, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    if (!has_tables(db))
        return GC_OK;
    /* 'admin' sorts before 'file': the first row of a key wins. */
    rc = db_prepare(db, "SELECT key, value, src, line FROM town_settings ORDER BY key, source",
                    &st, e);
    if (rc)
        return rc;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *key = db_col_text(st, 0);
        for (int k = 0; k < TOWN__KEYS; k++)
            if (!strcmp(key, key_names[k]) && !out->value[k]) {
                out->value[k] = xstrdup(db_col_text(st, 1));
                out->line[k] = sqlite3_column_int(st, 3);
                if (!out->ini && *db_col_text(st, 2))
                    out->ini = xstrdup(db_col_text(st, 2));
            }
    }
    sqlite3_finalize(st);
    st = NULL;
    for (int l = 0; l < TOWN__LISTS && !rc; l++) {
        rc = db_prepare(db, "SELECT entry, src FROM town_lists WHERE kind = ? "
                            "ORDER BY source, ord", &st, e);
        if (rc)
            break;
        db_bind_text(st, 1, lists[l].kind);
        struct buf b;
        buf_init(&b, GC_LANGDATA_FILE_MAX);
        int rows = 0, bad = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            bad |= buf_adds(&b, db_col_text(st, 0));
            bad |= buf_addc(&b, '\n');
            if (!out->list_path[l] && *db_col_text(st, 1))
                out->list_path[l] = xstrdup(db_col_text(st, 1));
            rows++;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (bad) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: town %s: more than %d bytes", db->path,
                            lists[l].kind, GC_LANGDATA_FILE_MAX);
        } else if (rows) {
            char name[128];
            snprintf(name, sizeof name, "town %s (database)", lists[l].kind);
            rc = langdata_parse(name, buf_str(&b), b.len, &lists[l].fmt, &out->list[l], e);
        }
        buf_free(&b);
    }
    if (rc)
        town_rec_free(out);
    return rc;
}
