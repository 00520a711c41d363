/* cmd_import.c — `guichet import`: pages (Markdown), corpora (JSONL) in one
 * transaction.  Either everything of the run is stored, or nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/jsonl.h"
#include "import/markdown.h"
#include "store/db.h"
#include "store/pages.h"
#include "util/config.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"

static const char usage[] =
    "usage: guichet import --db FILE [--jsonl CORPUS.jsonl] [PATH...]\n"
    "\n"
    "Load a town's content into the database FILE (created if missing).  Each PATH\n"
    "is a file or a directory (searched recursively):\n"
    "  *.md              a page: front matter (title, url, service, status,\n"
    "                    validated_by, validated_on, review_by, tags) + Markdown\n"
    "  *.jsonl           a corpus, one {\"id\",\"text\"[,\"title\",\"url\"]} a line,\n"
    "                    imported as validated pages (also --jsonl FILE)\n"
    "\n"
    "The import is idempotent (unchanged pages are left alone, changed pages get a\n"
    "new version) and atomic: on the first error, nothing of this run is kept.\n"
    "Only validated pages are ever used to answer; drafts are stored, never shown.\n"
    "\n"
    "options:\n"
    "  --db FILE         database file\n"
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
    return !strcmp(x, "md") || !strcmp(x, "markdown") || !strcmp(x, "jsonl");
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
                              "%s: not a page (.md) or a corpus (.jsonl)", path);
        else if (strcmp(ext(path), "ini") && strcmp(ext(path), "txt"))
            fprintf(stderr, "import: skipping %s (not a page or a corpus)\n", path);
        return GC_OK;
    }
    if (!S_ISDIR(sb.st_mode))
        return gc_err_set(e, GC_ERR_IO, "%s: not a file or a directory", path);
    DIR *d = opendir(path);
    if (!d)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    struct files here = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
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

struct tally {
    int added, updated, unchanged, drafts, total;
    int progress;   /* show progress on a terminal */
    double t0;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum gc_rc put(struct db *db, struct page_rec *p, struct tally *t, struct gc_err *e)
{
    enum store_put res;
    enum gc_rc rc = store_page_put(db, p, &res, e);
    if (rc)
        return rc;
    t->total++;
    if (res == STORE_ADDED)
        t->added++;
    else if (res == STORE_UPDATED)
        t->updated++;
    else
        t->unchanged++;
    if (!strcmp(p->status, "draft"))
        t->drafts++;
    if (t->progress && t->total % 50 == 0)
        fprintf(stderr, "\rimport: %d pages...", t->total);
    return GC_OK;
}

/* Refuse two pages with the same identifier in one run. */
static enum gc_rc seen_check(struct db *db, const struct page_rec *p, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(db, "INSERT INTO seen (id, src) VALUES (?, ?)", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, p->ext_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->source, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_finalize(st);
        if (db_prepare(db, "SELECT src FROM seen WHERE id = ?", &st, NULL) == GC_OK) {
            sqlite3_bind_text(st, 1, p->ext_id, -1, SQLITE_STATIC);
            const char *other = sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "?";
            gc_err_set(e, GC_ERR_INVALID, "%s: page '%s' is already given by %s", p->source,
                       p->ext_id, other);
            sqlite3_finalize(st);
        }
        return GC_ERR_INVALID;
    }
    sqlite3_finalize(st);
    return GC_OK;
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
    if (!rc)
        rc = seen_check(db, &p, e);
    if (!rc)
        rc = put(db, &p, t, e);
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
    while (!rc) {
        struct page_rec p;
        rc = jsonl_next_page(f, path, &line, &p, &eof, e);
        if (!rc && !eof) {
            rc = seen_check(db, &p, e);
            if (!rc)
                rc = put(db, &p, t, e);
        }
        page_rec_free(&p);
        if (eof)
            break;
    }
    fclose(f);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    static const char *const local[] = {"jsonl=", "quiet", NULL};
    const char *lv[3] = {0};
    const char *pos[256];
    int npos = 0, status = 1;
    bool help;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct files files = {0};
    struct db *db = NULL;
    struct tally t = {0};

    if (config_parse_args(cfg, argc, argv, local, lv, pos, 256, &npos, &help, &e)) {
        fprintf(stderr, "guichet import: %s\n%s", e.msg, usage);
        status = 2;
        goto out;
    }
    if (help) {
        fputs(usage, stdout);
        status = 0;
        goto out;
    }
    if (!lv[0] && npos == 0) {
        fprintf(stderr, "guichet import: nothing to import\n%s", usage);
        status = 2;
        goto out;
    }
    if (lv[0])
        files_add(&files, lv[0]);
    for (int i = 0; i < npos; i++)
        if (walk(pos[i], &files, 1, &e))
            goto fail;
    t.progress = !lv[1] && isatty(2);
    t.t0 = now_s();
    if (db_open(&db, config_get(cfg, "db"), DB_READWRITE, &e))
        goto fail;
    if (db_begin(db, &e) ||
        db_exec(db, "CREATE TEMP TABLE seen (id TEXT PRIMARY KEY, src TEXT)", &e))
        goto fail;
    for (int i = 0; i < files.n; i++) {
        enum gc_rc rc = !strcmp(ext(files.v[i]), "jsonl") ? import_jsonl(db, files.v[i], &t, &e)
                                                         : import_markdown(db, files.v[i], &t, &e);
        if (rc)
            goto fail;
    }
    if (db_exec(db, "DROP TABLE temp.seen", &e) || db_commit(db, &e))
        goto fail;
    if (t.progress)
        fputs("\r", stderr);
    if (!lv[1])
        fprintf(stderr,
                "import: %d pages in %.2f s: %d added, %d updated, %d unchanged (%d drafts, never "
                "used to answer) into %s\n",
                t.total, now_s() - t.t0, t.added, t.updated, t.unchanged, t.drafts,
                config_get(cfg, "db"));
    status = 0;
    goto out;
fail:
    if (t.progress)
        fputs("\n", stderr);
    fprintf(stderr, "guichet import: %s\nguichet import: nothing was imported\n", e.msg);
    if (db)
        db_rollback(db);
out:
    db_close(db);
    for (int i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    config_free(cfg);
    return status;
}
