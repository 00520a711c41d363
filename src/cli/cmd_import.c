/* cmd_import.c — `guichet import`: pages (Markdown), corpora (JSONL),
 * facilities (JSON) and agendas (iCalendar) in one transaction.  Either
 * everything of the run is stored, or nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/consistency.h"
#include "import/facilities.h"
#include "import/ics.h"
#include "import/jsonl.h"
#include "import/markdown.h"
#include "store/db.h"
#include "store/events.h"
#include "store/facilities.h"
#include "store/pages.h"
#include "store/town.h"
#include "import/town.h"
#include "util/config.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"

static const char usage[] =
    "usage: guichet import --db FILE [--keep-missing] [--force] [--jsonl CORPUS.jsonl] [PATH...]\n"
    "       guichet import --config FILE   (imports the folder of its content-dir)\n"
    "\n"
    "Load a town's content into the database FILE (created if missing).  Each PATH\n"
    "is a file or a directory (searched recursively):\n"
    "  *.md              a page: front matter (title, url, service, status,\n"
    "                    validated_by, validated_on, review_by, expires, facility,\n"
    "                    scopes, tags) + Markdown (docs/content.md)\n"
    "  *.jsonl           a corpus, one {\"id\",\"text\"[,\"title\",\"url\"]} a line,\n"
    "                    imported as validated pages (also --jsonl FILE)\n"
    "  *.json            facilities: a JSON array of places with their opening\n"
    "                    hours and closures (docs/facilities.md)\n"
    "  *.ics             an agenda in iCalendar format (docs/agenda.md)\n"
    "A directory given is a town's content folder: its town.ini (name, contact,\n"
    "messages), synonyms.txt, categories.tsv and out-of-scope.tsv, when there,\n"
    "are the town's own words (docs/adapting.md); each replaces what the same\n"
    "file gave before (what the back office set is kept, and wins).\n"
    "\n"
    "The import is idempotent (unchanged pages are left alone, changed pages get a\n"
    "new version; a facilities or agenda file replaces what it gave before) and\n"
    "atomic: on the first error (an invalid opening_hours value, a broken .ics...),\n"
    "nothing of this run is kept.  Only validated pages and facilities are ever\n"
    "used to answer; drafts are stored, never shown.\n"
    "\n"
    "A folder (or a corpus file) imported is that folder's truth: a page imported\n"
    "from it before whose file has gone (or whose id has gone from the corpus) is\n"
    "withdrawn (its history kept, never served again; it comes back with its file),\n"
    "and the facilities and events of a file gone from it are removed.  A page that\n"
    "a person withdrew (guichet withdraw) stays withdrawn until a changed, validated\n"
    "version of it is imported.  A page edited in the back office is no longer\n"
    "managed by its file: importing the file as it was leaves the page alone, a\n"
    "changed file is refused (the whole import, naming the page) unless --force.\n"
    "A running 'guichet serve' on the same database\n"
    "serves what changed within a few seconds, without a restart.\n"
    "\n"
    "options:\n"
    "  --db FILE         database file\n"
    "  --keep-missing    withdraw nothing: pages whose file has gone stay served\n"
    "  --force           replace pages edited in the back office with their changed\n"
    "                    files (docs/admin.md)\n"
    "  --jsonl FILE      a JSONL corpus to import\n"
    "  --quiet           no progress or summary\n"
    "  --config FILE     settings file (INI)\n";

struct files {
    char **v;
    int n;
};

static void files_add(struct files *f, const char *p)
{
    f->v = xreallocarray(f->v, (size_t)f->n + 1, sizeof(char *));
    f->v[f->n++] = xstrdup(p);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *ext(const char *p)
{
    const char *d = strrchr(p, '.');
    const char *s = strrchr(p, '/');
    return d && (!s || d > s) ? d + 1 : "";
}

static int wanted(const char *p)
{
    const char *x = ext(p);
    return !strcmp(x, "md") || !strcmp(x, "markdown") || !strcmp(x, "jsonl") ||
           !strcmp(x, "json") || !strcmp(x, "ics");
}

/* Collect the files under path (sorted, hidden entries skipped). */
static enum gc_rc walk(const char *path, struct files *out, int top, struct gc_err *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    if (S_ISREG(sb.st_mode)) {
        if (wanted(path))
            files_add(out, path);
        else if (top)
            return gc_err_set(e, GC_ERR_INVALID,
                              "%s: not a page (.md), a corpus (.jsonl), facilities (.json) "
                              "or an agenda (.ics)", path);
        else if (strcmp(ext(path), "ini") && strcmp(ext(path), "txt") && strcmp(ext(path), "tsv"))
            fprintf(stderr, "import: skipping %s (not a page, a corpus, facilities or an agenda)\n",
                    path);
        return GC_OK;
    }
    if (!S_ISDIR(sb.st_mode))
        return gc_err_set(e, GC_ERR_IO, "%s: not a file or a directory", path);
    DIR *d = opendir(path);
    if (!d)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    struct files here = {0};
    struct dirent *de;
    for (de = readdir(d); de; de = readdir(d)) {
        if (de->d_name[0] == '.')
            continue;
        char full[4096];
        size_t pl = strlen(path);
        while (pl > 1 && path[pl - 1] == '/')
            pl--;
        snprintf(full, sizeof full, "%.*s/%s", (int)pl, path, de->d_name);
        files_add(&here, full);
    }
    closedir(d);
    qsort(here.v, (size_t)here.n, sizeof(char *), cmp_str);
    enum gc_rc rc = GC_OK;
    for (int i = 0; i < here.n && !rc; i++)
        rc = walk(here.v[i], out, 0, e);
    for (int i = 0; i < here.n; i++)
        free(here.v[i]);
    free(here.v);
    return rc;
}

/* What a run did to one kind of record. */
struct count {
    int total, added, updated, unchanged, drafts, removed, withdrawn;
};

struct tally {
    struct count pages, fac, ev;
    int progress;   /* show progress on a terminal */
    double t0;
    struct consistency *check;   /* the facilities, read once after theirs are stored */
    int warnings;
    bool force;     /* --force: replace pages edited in the back office */
};

static void warn(void *ctx, const char *file, int line, const char *msg)
{
    struct tally *t = ctx;
    if (t->progress)
        fputs("\n", stderr);
    fprintf(stderr, "import: warning: %s:%d: %s\n", file, line, msg);
    t->warnings++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(const struct tally *t)
{
    fprintf(stderr, "\rimport: %d pages, %d facilities, %d events...", t->pages.total,
            t->fac.total, t->ev.total);
}

static void count_put(struct count *c, enum store_put res)
{
    c->total++;
    if (res == STORE_ADDED)
        c->added++;
    else if (res == STORE_UPDATED)
        c->updated++;
    else
        c->unchanged++;
}

/* Record (kind, id) as given by src in this run; a second time is an error
 * naming both sources.  The tables are temp.seen(id, src) for pages,
 * temp.seen_facilities(id, src) and temp.seen_events(uid, rid, src). */
static enum gc_rc seen_once(struct db *db, const char *insert, const char *select,
                            const char *id, const char *rid, const char *src, const char *what,
                            struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, insert, &st, e);
    if (rc)
        return rc;
    int k = 1;
    sqlite3_bind_text(st, k++, id, -1, SQLITE_STATIC);
    if (rid)
        sqlite3_bind_text(st, k++, rid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k, src, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return GC_OK;
    const char *other = "?";
    if (db_prepare(db, select, &st, NULL) == GC_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        if (rid)
            sqlite3_bind_text(st, 2, rid, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            other = db_col_text(st, 0);
        gc_err_set(e, GC_ERR_INVALID, "%s: %s is already given by %s", src, what, other);
        sqlite3_finalize(st);
    }
    return GC_ERR_INVALID;
}

/* Store a page of this run, counted; refused when another page of the run
 * has the same identifier. */
static enum gc_rc put(struct db *db, struct page_rec *p, struct tally *t, struct gc_err *e)
{
    char what[400];
    snprintf(what, sizeof what, "page '%.200s'", p->ext_id);
    enum gc_rc rc = seen_once(db, "INSERT INTO seen (id, src) VALUES (?, ?)",
                              "SELECT src FROM seen WHERE id = ?", p->ext_id, NULL, p->source,
                              what, e);
    enum store_put res;
    p->force = t->force;
    if (!rc)
        rc = store_page_put(db, p, &res, e);
    if (rc)
        return rc;
    count_put(&t->pages, res);
    t->pages.drafts += !strcmp(p->status, "draft");
    if (t->progress && t->pages.total % 50 == 0)
        progress(t);
    return GC_OK;
}

/* The absolute path of a file or folder, without symbolic links: what the
 * records remember of where they came from (NULL when it cannot be had). */
static char *absolute(const char *path)
{
    char *r = realpath(path, NULL);
    if (!r)
        return NULL;
    char *copy = xstrdup(r);
    free(r);
    return copy;
}

static enum gc_rc import_markdown(struct db *db, const char *path, struct tally *t, struct gc_err *e)
{
    char *data;
    size_t len;
    struct page_rec p;
    enum gc_rc rc = file_read(path, GC_IMPORT_FILE_MAX, &data, &len, e);
    if (rc)
        return rc;
    rc = markdown_parse_page(path, data, len, &p, e);
    if (!rc) {
        p.origin = absolute(path);
        rc = put(db, &p, t, e);
    }
    /* Facilities come first in a run: their records are stored already. */
    if (!rc && !t->check)
        rc = consistency_open(&t->check, db, e);
    if (!rc)
        consistency_check(t->check, &p, data, len, warn, t);
    page_rec_free(&p);
    free(data);
    return rc;
}

static enum gc_rc import_jsonl(struct db *db, const char *path, struct tally *t, struct gc_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    enum gc_rc rc = GC_OK;
    int line = 0, eof = 0;
    char *origin = absolute(path);
    while (!rc) {
        struct page_rec p;
        rc = jsonl_next_page(f, path, &line, &p, &eof, e);
        if (!rc && !eof) {
            p.origin = origin ? xstrdup(origin) : NULL;
            rc = put(db, &p, t, e);
        }
        page_rec_free(&p);
        if (eof)
            break;
    }
    free(origin);
    fclose(f);
    return rc;
}

/* Facilities and events belong to their file's base name (see store/events.h). */
static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static enum gc_rc import_facilities(struct db *db, const char *path, struct tally *t,
                                    struct gc_err *e)
{
    char *data;
    size_t len;
    struct facility_rec *v = NULL;
    int n = 0;
    enum gc_rc rc = file_read(path, GC_IMPORT_FILE_MAX, &data, &len, e);
    if (rc)
        return rc;
    rc = facilities_parse(path, data, len, &v, &n, e);
    if (rc)
        goto out;
    for (int i = 0; i < n; i++)
        v[i].origin = absolute(path);
    for (int i = 0; i < n && !rc; i++) {
        char what[400];
        snprintf(what, sizeof what, "facility '%.200s'", v[i].ext_id);
        enum store_put res;
        rc = seen_once(db, "INSERT INTO seen_facilities (id, src) VALUES (?, ?)",
                       "SELECT src FROM seen_facilities WHERE id = ?", v[i].ext_id, NULL, path,
                       what, e);
        if (!rc)
            rc = store_facility_put(db, &v[i], &res, e);
        if (!rc) {
            count_put(&t->fac, res);
            t->fac.drafts += !strcmp(v[i].status, "draft");
        }
    }
    int removed = 0;
    if (!rc)
        rc = store_facilities_prune(db, base_name(path), &removed, e);
    t->fac.removed += removed;
out:
    facility_recs_free(v, n);
    free(data);
    return rc;
}

static enum gc_rc import_ics(struct db *db, const char *path, struct tally *t, struct gc_err *e)
{
    char *data;
    size_t len;
    struct ics_calendar cal = {0};
    enum gc_rc rc = file_read(path, GC_IMPORT_FILE_MAX, &data, &len, e);
    if (rc)
        return rc;
    rc = ics_parse(path, data, len, &cal, e);
    if (rc)
        goto out;
    for (int i = 0; i < cal.nevents; i++)
        cal.events[i].origin = absolute(path);
    for (int i = 0; i < cal.nevents && !rc; i++) {
        struct event_rec *r = &cal.events[i];
        char what[400];
        snprintf(what, sizeof what, "event '%.200s'%s (line %d)", r->uid,
                 *r->recurrence_id ? " (a changed occurrence)" : "", r->line);
        enum store_put res;
        rc = seen_once(db, "INSERT INTO seen_events (uid, rid, src) VALUES (?, ?, ?)",
                       "SELECT src FROM seen_events WHERE uid = ? AND rid = ?", r->uid,
                       r->recurrence_id, path, what, e);
        if (!rc)
            rc = store_event_put(db, r, &res, e);
        if (!rc)
            count_put(&t->ev, res);
    }
    int removed = 0;
    if (!rc)
        rc = store_events_prune(db, base_name(path), &removed, e);
    t->ev.removed += removed;
out:
    ics_calendar_free(&cal);
    free(data);
    return rc;
}

/* The town's own words of a content folder (import/town.h), if any. */
static enum gc_rc import_town(struct db *db, const char *dir, int quiet, struct gc_err *e)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return GC_OK;
    struct town_rec t;
    bool any;
    enum gc_rc rc = town_read(dir, &t, &any, e);
    if (rc || !any)
        return rc;
    rc = store_town_put(db, &t, e);
    if (!rc && !quiet) {
        int keys = 0;
        for (int k = 0; k < TOWN__KEYS; k++)
            keys += t.value[k] != NULL;
        fprintf(stderr, "import: town words of %s:", dir);
        if (t.ini)
            fprintf(stderr, " town.ini (%d settings)", keys);
        for (int l = 0; l < TOWN__LISTS; l++)
            if (t.list[l])
                fprintf(stderr, " %s (%zu lines)", town_list_file((enum town_list)l), t.list[l]->n);
        fputc('\n', stderr);
    }
    town_rec_free(&t);
    return rc;
}

/* What is gone from each path imported (a folder, or a corpus or page
 * file): pages withdrawn, facilities and events removed. */
static enum gc_rc prune_missing(struct db *db, const char *path, struct tally *t, struct gc_err *e)
{
    char *abs = absolute(path);
    if (!abs)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    int n = 0, f = 0, ev = 0;
    enum gc_rc rc = store_pages_withdraw_missing(db, abs, &n, e);
    if (!rc)
        rc = store_facilities_prune_missing(db, abs, &f, e);
    if (!rc)
        rc = store_events_prune_missing(db, abs, &ev, e);
    t->pages.withdrawn += n;
    t->fac.removed += f;
    t->ev.removed += ev;
    free(abs);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    static const char *const local[] = {"jsonl=", "quiet", "keep-missing", "force", NULL};
    const char *lv[5] = {0};
    const char *pos[256];
    int npos = 0, status = 1;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct files files = {0};
    struct db *db = NULL;
    struct tally t = {0};
    int64_t before = 0, after = 0;

    status = cli_args(cfg, "import", usage, argc, argv, local, lv, pos, 256, &npos);
    if (status >= 0)
        goto out;
    status = 1;
    if (!lv[0] && npos == 0 && *config_get(cfg, "content-dir"))
        pos[npos++] = config_get(cfg, "content-dir");
    if (!lv[0] && npos == 0) {
        status = cli_usage_error("import", usage, "nothing to import");
        goto out;
    }
    if (lv[0])
        files_add(&files, lv[0]);
    for (int i = 0; i < npos; i++)
        if (walk(pos[i], &files, 1, &e))
            goto fail;
    t.progress = !lv[1] && isatty(2);
    t.force = lv[3] != NULL;
    t.t0 = now_s();
    if (db_open(&db, config_get(cfg, "db"), DB_READWRITE, &e))
        goto fail;
    if (db_begin(db, &e) || store_content_version(db, &before, &e) ||
        db_exec(db,
                "CREATE TEMP TABLE seen (id TEXT PRIMARY KEY, src TEXT);"
                "CREATE TEMP TABLE seen_facilities (id TEXT PRIMARY KEY, src TEXT);"
                "CREATE TEMP TABLE seen_events (uid TEXT, rid TEXT, src TEXT, "
                "PRIMARY KEY (uid, rid));",
                &e))
        goto fail;
    /* Facilities first, so that the pages are checked against the records
     * of this run (import/consistency.h); then agendas, then pages. */
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < files.n; i++) {
            const char *x = ext(files.v[i]);
            int kind = !strcmp(x, "json") ? 0 : !strcmp(x, "ics") ? 1 : 2;
            if (kind != pass)
                continue;
            enum gc_rc rc = !strcmp(x, "jsonl")  ? import_jsonl(db, files.v[i], &t, &e)
                            : !strcmp(x, "json") ? import_facilities(db, files.v[i], &t, &e)
                            : !strcmp(x, "ics")  ? import_ics(db, files.v[i], &t, &e)
                                                 : import_markdown(db, files.v[i], &t, &e);
            if (rc)
                goto fail;
            if (t.progress)
                progress(&t);
        }
    if (!lv[2]) {
        if (lv[0] && prune_missing(db, lv[0], &t, &e))
            goto fail;
        for (int i = 0; i < npos; i++)
            if (prune_missing(db, pos[i], &t, &e))
                goto fail;
    }
    for (int i = 0; i < npos; i++)
        if (import_town(db, pos[i], lv[1] != NULL, &e))
            goto fail;
    if (store_content_version(db, &after, &e) ||
        db_exec(db, "DROP TABLE temp.seen; DROP TABLE temp.seen_facilities; "
                    "DROP TABLE temp.seen_events;", &e) ||
        db_commit(db, &e))
        goto fail;
    if (t.progress)
        fputs("\r", stderr);
    if (!lv[1])
        fprintf(stderr,
                "import: %d pages in %.2f s: %d added, %d updated, %d unchanged, %d withdrawn "
                "(%d drafts, never used to answer) into %s\n",
                t.pages.total, now_s() - t.t0, t.pages.added, t.pages.updated,
                t.pages.unchanged, t.pages.withdrawn, t.pages.drafts, config_get(cfg, "db"));
    if (!lv[1] && (t.fac.total || t.ev.total || t.fac.removed || t.ev.removed))
        fprintf(stderr,
                "import: %d facilities: %d added, %d updated, %d unchanged, %d removed (%d "
                "drafts); %d events: %d added, %d updated, %d unchanged, %d removed\n",
                t.fac.total, t.fac.added, t.fac.updated, t.fac.unchanged, t.fac.removed,
                t.fac.drafts, t.ev.total, t.ev.added, t.ev.updated, t.ev.unchanged, t.ev.removed);
    if (t.warnings)
        fprintf(stderr, "import: %d warning%s (above): the pages and the facilities' records "
                        "disagree or repeat each other (docs/content.md)\n",
                t.warnings, t.warnings > 1 ? "s" : "");
    if (!lv[1])
        fprintf(stderr,
                after != before ? "import: content version %lld: a running guichet serve on this "
                                  "database serves it within seconds\n"
                                : "import: content version %lld (nothing changed)\n",
                (long long)after);
    status = 0;
    goto out;
fail:
    if (t.progress)
        fputs("\n", stderr);
    fprintf(stderr, "guichet import: %s\nguichet import: nothing was imported\n", e.msg);
    if (db)
        db_rollback(db);
out:
    consistency_close(t.check);
    db_close(db);
    for (int i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    config_free(cfg);
    return status;
}
