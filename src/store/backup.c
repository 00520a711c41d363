/* backup.c — instance backups with SQLite's online backup API, and their
 * restoration.  See backup.h for the layout and the guarantees. */
#define _XOPEN_SOURCE 700   /* nftw */
#include "store/backup.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "util/file.h"
#include "util/mem.h"
#include "version.h"

#define MANIFEST "MANIFEST.json"
#define PATH_LEN 4096

enum gc_rc backup_set_add(struct backup_set *s, enum backup_kind kind, const char *what,
                          const char *path, bool optional, struct gc_err *e)
{
    if (s->n >= GC_BACKUP_FILES_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "more than %d files in one instance",
                          GC_BACKUP_FILES_MAX);
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->items[i].what, what))
            return gc_err_set(e, GC_ERR_INVALID, "two files named '%s' in one instance", what);
    struct backup_item *it = &s->items[s->n];
    if (strlen(what) >= sizeof it->what || strlen(path) >= sizeof it->path || !*path)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: bad or too long path '%s'", what, path);
    it->kind = kind;
    snprintf(it->what, sizeof it->what, "%s", what);
    snprintf(it->path, sizeof it->path, "%s", path);
    it->optional = optional;
    s->n++;
    return GC_OK;
}

/* ---------------------------------------------------------------- files */

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The folder holding path, into out. */
static void dir_of(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    if (!b)
        snprintf(out, n, ".");
    else if (b == path)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(b - path), path);
}

static enum gc_rc join(char *out, size_t n, const char *dir, const char *name, struct gc_err *e)
{
    if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n)
        return gc_err_set(e, GC_ERR_TOOBIG, "path too long: %s/%s", dir, name);
    return GC_OK;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Run as root, a file made in a folder takes that folder's owner: a backup
 * made by root in /var/lib/guichet/backups stays readable (and prunable) by
 * the service's user, a restored database stays writable by it.  Not root:
 * nothing to do (the files are ours). */
static void own_like_parent(const char *path)
{
    if (geteuid() != 0)
        return;
    char dir[PATH_LEN];
    struct stat st;
    dir_of(path, dir, sizeof dir);
    if (stat(dir, &st) == 0 && lchown(path, st.st_uid, st.st_gid) != 0) {
        /* not worth failing the backup for: the file is there, root's */
    }
}

static enum gc_rc sha256_file(const char *path, char hex[65], long long *bytes, struct gc_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
    long long total = 0;
    enum gc_rc rc = GC_OK;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
            break;
        }
        if (r == 0)
            break;
        crypto_hash_sha256_update(&st, buf, (unsigned long long)r);
        total += r;
    }
    close(fd);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
    *bytes = total;
    return rc;
}

/* Copy src to dst (which must not exist) with the given mode, fsync'd. */
static enum gc_rc copy_file(const char *src, const char *dst, mode_t mode, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_IO;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", src, strerror(errno));
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (out < 0) {
        gc_err_set(e, GC_ERR_IO, "%s: %s", dst, strerror(errno));
        close(in);
        return GC_ERR_IO;
    }
    char buf[65536];
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gc_err_set(e, GC_ERR_IO, "%s: %s", src, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(out, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                gc_err_set(e, GC_ERR_IO, "%s: %s", dst, strerror(errno));
                goto out;
            }
            off += w;
        }
    }
    if (fsync(out) != 0) {
        gc_err_set(e, GC_ERR_IO, "%s: %s", dst, strerror(errno));
        goto out;
    }
    rc = GC_OK;
out:
    close(in);
    if (close(out) != 0 && rc == GC_OK)
        rc = gc_err_set(e, GC_ERR_IO, "%s: %s", dst, strerror(errno));
    if (rc)
        unlink(dst);
    return rc;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int rm_tree(const char *path)
{
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------ databases */

static void close_db(sqlite3 *h)
{
    sqlite3_close_v2(h);
}

/* A consistent copy of the database src into dst (which must not exist),
 * as one file in rollback-journal mode. */
static enum gc_rc db_copy(const char *src, const char *dst, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_DB;
    sqlite3 *from = NULL, *to = NULL;
    if (access(src, R_OK) != 0)
        return gc_err_set(e, GC_ERR_NOTFOUND, "%s: %s", src, strerror(errno));
    if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", src, from ? sqlite3_errmsg(from) : "cannot open");
        goto out;
    }
    sqlite3_busy_timeout(from, DB_BUSY_TIMEOUT_MS);
    if (sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE,
                        NULL) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", dst, to ? sqlite3_errmsg(to) : "cannot create");
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", dst, sqlite3_errmsg(to));
        goto out;
    }
    /* All pages in one step: one read transaction on src, so the copy is
     * the database at one instant.  A writer that holds src's lock for
     * more than the busy timeout makes it fail (retried by the caller's
     * next run), never a torn copy. */
    int r = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (r != SQLITE_DONE) {
        gc_err_set(e, GC_ERR_DB, "copy of %s: %s", src, sqlite3_errstr(r));
        goto out;
    }
    char *msg = NULL;
    if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", dst, msg ? msg : sqlite3_errmsg(to));
        sqlite3_free(msg);
        goto out;
    }
    rc = GC_OK;
out:
    close_db(from);
    if (to && sqlite3_close(to) != SQLITE_OK && rc == GC_OK)
        rc = gc_err_set(e, GC_ERR_DB, "%s: close failed", dst);
    if (rc)
        unlink(dst);
    return rc;
}

/* integrity_check, schema version and the rows of every table of the
 * database at path, into item (a JSON object of the manifest).  Returns
 * GC_ERR_INVALID when the database is damaged. */
static enum gc_rc db_inspect(const char *path, cJSON *item, int *version, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_DB;
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        gc_err_set(e, GC_ERR_DB, "%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
        goto out;
    }
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    int r = sqlite3_step(st);
    const char *verdict = r == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!verdict || strcmp(verdict, "ok")) {
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: integrity check failed: %s", path,
                        verdict ? verdict : sqlite3_errmsg(h));
        goto out;
    }
    cJSON_AddStringToObject(item, "integrity", "ok");
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto sqlerr;
    *version = sqlite3_column_int(st, 0);
    cJSON_AddNumberToObject(item, "schema_version", *version);
    sqlite3_finalize(st);
    st = NULL;
    /* Row counts: what a restore can be compared with, table by table. */
    cJSON *tables = cJSON_AddObjectToObject(item, "tables");
    if (sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                              "NOT LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    int ntables = 0;
    while (sqlite3_step(st) == SQLITE_ROW && ntables++ < GC_BACKUP_TABLES_MAX) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
        sqlite3_stmt *c = NULL;
        long long n = -1;
        if (sql && sqlite3_prepare_v2(h, sql, -1, &c, NULL) == SQLITE_OK &&
            sqlite3_step(c) == SQLITE_ROW)
            n = sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
        sqlite3_free(sql);
        cJSON_AddNumberToObject(tables, name, (double)n);
    }
    rc = GC_OK;
    goto out;
sqlerr:
    rc = gc_err_set(e, GC_ERR_DB, "%s: %s", path, sqlite3_errmsg(h));
out:
    sqlite3_finalize(st);
    close_db(h);
    return rc;
}

enum gc_rc backup_db_idle(const char *path, struct gc_err *e)
{
    if (access(path, F_OK) != 0)
        return GC_OK;
    sqlite3 *h = NULL;
    enum gc_rc rc = GC_OK;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        close_db(h);
        return GC_OK;   /* not a database we can open: nobody serves from it */
    }
    /* Leaving WAL mode needs every other connection closed: SQLite refuses
     * (busy) while a server has it open, even read-only. */
    sqlite3_stmt *st = NULL;
    int r = sqlite3_prepare_v2(h, "PRAGMA journal_mode=DELETE", -1, &st, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(st);
    const char *mode = r == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
    if ((r & 0xff) == SQLITE_BUSY || (r & 0xff) == SQLITE_LOCKED ||
        (r == SQLITE_ROW && mode && strcmp(mode, "delete")))
        rc = gc_err_set(e, GC_ERR_BUSY,
                        "%s is in use (is guichet serve running? stop it first: systemctl stop "
                        "guichet)", path);
    sqlite3_finalize(st);
    close_db(h);
    return rc;
}

/* ---------------------------------------------------------------- take */

/* "2026-01-31T12:00:00Z" and "20260131T120000Z". */
static void utc_now(char iso[32], char compact[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(iso, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(compact, 32, "%Y%m%dT%H%M%SZ", &tm);
}

/* The main database's file name without its extension: "guichet". */
static void stem_of(const char *path, char *out, size_t n)
{
    const char *b = base_name(path);
    const char *dot = strrchr(b, '.');
    size_t len = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    snprintf(out, n, "%.*s", (int)len, b);
}

/* Is name "STEM-YYYYMMDDTHHMMSSZ"? */
static bool is_backup_name(const char *name, const char *stem)
{
    size_t sl = strlen(stem);
    if (strncmp(name, stem, sl) || name[sl] != '-')
        return false;
    const char *t = name + sl + 1;
    if (strlen(t) != 16 || t[8] != 'T' || t[15] != 'Z')
        return false;
    for (int i = 0; i < 15; i++)
        if (i != 8 && (t[i] < '0' || t[i] > '9'))
            return false;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the `keep` newest complete backups of stem in dir; returns how many
 * were removed (-1 when dir cannot be read). */
static int prune(const char *dir, const char *stem, int keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0;
    for (;;) {
        struct dirent *de = readdir(d);
        if (!de)
            break;
        char m[PATH_LEN];
        if (!is_backup_name(de->d_name, stem) ||
            (size_t)snprintf(m, sizeof m, "%s/%s/" MANIFEST, dir, de->d_name) >= sizeof m ||
            access(m, F_OK) != 0)
            continue;
        names = xreallocarray(names, n + 1, sizeof *names);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);   /* the time in the name sorts them */
    int removed = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + (size_t)keep < n) {
            char p[PATH_LEN];
            snprintf(p, sizeof p, "%s/%s", dir, names[i]);
            if (rm_tree(p) == 0)
                removed++;
        }
        free(names[i]);
    }
    free(names);
    return removed;
}

static enum gc_rc write_manifest(const char *folder, cJSON *m, struct gc_err *e)
{
    char path[PATH_LEN];
    enum gc_rc rc = join(path, sizeof path, folder, MANIFEST, e);
    if (rc)
        return rc;
    char *text = cJSON_Print(m);
    if (!text)
        return gc_err_set(e, GC_ERR_NOMEM, "manifest: out of memory");
    size_t len = strlen(text);
    char *withnl = xmalloc(len + 2);
    memcpy(withnl, text, len);
    withnl[len] = '\n';
    free(text);
    rc = file_write_atomic_mode(path, withnl, len + 1, 0600, e);
    free(withnl);
    if (!rc)
        own_like_parent(path);
    return rc;
}

enum gc_rc backup_take(const struct backup_set *s, const char *dest, int keep,
                       struct backup_result *out, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    char iso[32], compact[32], stem[256], partial[PATH_LEN];
    cJSON *man = NULL;
    bool into_folder = false;
    memset(out, 0, sizeof *out);
    partial[0] = '\0';
    if (s->n == 0 || s->items[0].kind != BACKUP_DATABASE)
        return gc_err_set(e, GC_ERR_INVALID, "an instance starts with its database");
    if (sodium_init() < 0)
        return gc_err_set(e, GC_ERR_IO, "libsodium could not be initialised");
    utc_now(iso, compact);
    stem_of(s->items[0].path, stem, sizeof stem);
    struct stat st;
    if (stat(dest, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return gc_err_set(e, GC_ERR_INVALID, "%s exists and is not a folder", dest);
        into_folder = true;
        if ((size_t)snprintf(out->folder, sizeof out->folder, "%s/%s-%s", dest, stem, compact) >=
            sizeof out->folder)
            return gc_err_set(e, GC_ERR_TOOBIG, "%s: path too long", dest);
        if (access(out->folder, F_OK) == 0)
            return gc_err_set(e, GC_ERR_IO, "%s already exists (two backups in one second?)",
                              out->folder);
    } else {
        if (keep > 0)
            return gc_err_set(e, GC_ERR_INVALID,
                              "--keep needs DEST to be an existing folder of backups");
        snprintf(out->folder, sizeof out->folder, "%s", dest);
    }
    if ((size_t)snprintf(partial, sizeof partial, "%s.partial", out->folder) >= sizeof partial)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: path too long", out->folder);
    rm_tree(partial);   /* what a backup that died left */
    if (mkdir(partial, 0700) != 0) {
        rc = gc_err_set(e, GC_ERR_IO, "cannot create %s: %s", partial, strerror(errno));
        partial[0] = '\0';
        goto out;
    }
    own_like_parent(partial);
    man = cJSON_CreateObject();
    cJSON_AddNumberToObject(man, "format", 1);
    cJSON_AddStringToObject(man, "guichet", GC_VERSION);
    cJSON_AddStringToObject(man, "created", iso);
    cJSON *files = cJSON_AddArrayToObject(man, "files");
    for (int i = 0; i < s->n; i++) {
        const struct backup_item *it = &s->items[i];
        char dst[PATH_LEN];
        const char *name = base_name(it->path);
        rc = join(dst, sizeof dst, partial, name, e);
        if (rc)
            goto out;
        if (access(dst, F_OK) == 0) {
            rc = gc_err_set(e, GC_ERR_INVALID, "two files of the instance are named %s", name);
            goto out;
        }
        if (access(it->path, F_OK) != 0) {
            if (it->optional)
                continue;
            rc = gc_err_set(e, GC_ERR_NOTFOUND, "%s %s: %s", it->what, it->path,
                            strerror(errno));
            goto out;
        }
        cJSON *f = cJSON_CreateObject();
        cJSON_AddItemToArray(files, f);
        cJSON_AddStringToObject(f, "name", name);
        cJSON_AddStringToObject(f, "what", it->what);
        cJSON_AddStringToObject(f, "source", it->path);
        int version = 0;
        if (it->kind == BACKUP_DATABASE) {
            rc = db_copy(it->path, dst, e);
            if (!rc && chmod(dst, 0600) != 0)   /* exchanges are personal data */
                rc = gc_err_set(e, GC_ERR_IO, "%s: %s", dst, strerror(errno));
            if (!rc)
                rc = db_inspect(dst, f, &version, e);
            if (rc)
                goto out;
            if (i == 0)
                out->schema_version = version;
        } else {
            rc = copy_file(it->path, dst, 0600, e);
            if (rc)
                goto out;
        }
        own_like_parent(dst);
        char hex[65];
        long long bytes = 0;
        rc = sha256_file(dst, hex, &bytes, e);
        if (rc)
            goto out;
        cJSON_AddNumberToObject(f, "bytes", (double)bytes);
        cJSON_AddStringToObject(f, "sha256", hex);
        out->files++;
    }
    rc = write_manifest(partial, man, e);
    if (rc)
        goto out;
    fsync_dir(partial);
    if (rename(partial, out->folder) != 0) {
        rc = gc_err_set(e, GC_ERR_IO, "%s: %s", out->folder, strerror(errno));
        goto out;
    }
    partial[0] = '\0';
    char parent[PATH_LEN];
    dir_of(out->folder, parent, sizeof parent);
    fsync_dir(parent);
    snprintf(out->created, sizeof out->created, "%s", iso);
    if (into_folder && keep > 0) {
        int removed = prune(dest, stem, keep);
        out->removed = removed > 0 ? removed : 0;
    }
    rc = GC_OK;
out:
    if (partial[0])
        rm_tree(partial);
    cJSON_Delete(man);
    return rc;
}

/* -------------------------------------------------------------- restore */

/* One file of the backup, checked and matched with the instance. */
struct staged {
    const struct backup_item *to;   /* where it goes */
    char from[PATH_LEN];            /* in the backup */
    char tmp[PATH_LEN];             /* copied beside its destination, not yet renamed */
};

static enum gc_rc read_manifest(const char *src, cJSON **out, struct gc_err *e)
{
    char path[PATH_LEN], *text = NULL;
    size_t len = 0;
    *out = NULL;
    enum gc_rc rc = join(path, sizeof path, src, MANIFEST, e);
    if (rc)
        return rc;
    if (access(path, F_OK) != 0)
        return gc_err_set(e, GC_ERR_PARSE, "%s: no %s: not a backup made by guichet backup", src,
                          MANIFEST);
    rc = file_read(path, GC_BACKUP_MANIFEST_MAX, &text, &len, e);
    if (rc)
        return rc;
    cJSON *m = cJSON_ParseWithLength(text, len);
    free(text);
    cJSON *fmt = m ? cJSON_GetObjectItemCaseSensitive(m, "format") : NULL;
    if (!m || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(m, "files")) ||
        !cJSON_IsNumber(fmt) || fmt->valuedouble != 1) {
        cJSON_Delete(m);
        return gc_err_set(e, GC_ERR_PARSE, "%s: not a manifest of format 1", path);
    }
    *out = m;
    return GC_OK;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

enum gc_rc backup_restore(const struct backup_set *s, const char *src, struct backup_result *out,
                          struct gc_err *e)
{
    enum gc_rc rc;
    cJSON *man = NULL;
    struct staged st[GC_BACKUP_FILES_MAX];
    int n = 0;
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return gc_err_set(e, GC_ERR_IO, "libsodium could not be initialised");
    rc = read_manifest(src, &man, e);
    if (rc)
        return rc;
    snprintf(out->folder, sizeof out->folder, "%s", src);
    const char *created = jstr(man, "created");
    snprintf(out->created, sizeof out->created, "%s", created ? created : "?");

    /* 1. Everything is checked before anything is touched. */
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(man, "files"))
    {
        const char *name = jstr(f, "name"), *what = jstr(f, "what"), *sum = jstr(f, "sha256");
        if (!name || !what || !sum || strchr(name, '/') || !strcmp(name, "..") || n >= GC_BACKUP_FILES_MAX) {
            rc = gc_err_set(e, GC_ERR_PARSE, "%s/%s: a file entry without name, role or "
                            "checksum", src, MANIFEST);
            goto out;
        }
        const struct backup_item *to = NULL;
        for (int i = 0; i < s->n; i++)
            if (!strcmp(s->items[i].what, what))
                to = &s->items[i];
        if (!to) {
            rc = gc_err_set(e, GC_ERR_INVALID, "%s: the backup holds a '%s' (%s) that this "
                            "guichet does not know", src, what, name);
            goto out;
        }
        struct staged *g = &st[n];
        memset(g, 0, sizeof *g);
        g->to = to;
        rc = join(g->from, sizeof g->from, src, name, e);
        if (rc)
            goto out;
        char hex[65];
        long long bytes = 0;
        rc = sha256_file(g->from, hex, &bytes, e);
        if (rc)
            goto out;
        if (strcmp(hex, sum)) {
            rc = gc_err_set(e, GC_ERR_INVALID, "%s: checksum differs from the manifest's: the "
                            "backup is damaged", g->from);
            goto out;
        }
        if (to->kind == BACKUP_DATABASE) {
            cJSON *probe = cJSON_CreateObject();
            int version = 0;
            rc = db_inspect(g->from, probe, &version, e);
            cJSON_Delete(probe);
            if (rc)
                goto out;
            if (version > db_schema_version()) {
                rc = gc_err_set(e, GC_ERR_INVALID, "%s: schema version %d is newer than this "
                                "guichet's (%d): restore it with the guichet that made it",
                                g->from, version, db_schema_version());
                goto out;
            }
            if (to == &s->items[0]) {
                out->schema_version = version;
                out->migrated = version < db_schema_version();
            }
        }
        n++;
    }
    if (n == 0 || st[0].to != &s->items[0]) {
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: the backup does not begin with the %s", src,
                        s->items[0].what);
        goto out;
    }
    /* 2. No server may have a database open. */
    for (int i = 0; i < n; i++)
        if (st[i].to->kind == BACKUP_DATABASE) {
            rc = backup_db_idle(st[i].to->path, e);
            if (rc)
                goto out;
        }
    /* 3. Copies beside their destinations (same file system: rename is
     * atomic), then renamed: keys first, databases last. */
    for (int i = 0; i < n; i++) {
        char dir[PATH_LEN];
        dir_of(st[i].to->path, dir, sizeof dir);
        if ((size_t)snprintf(st[i].tmp, sizeof st[i].tmp, "%s/.%s.restoring", dir,
                             base_name(st[i].to->path)) >= sizeof st[i].tmp) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: path too long", st[i].to->path);
            goto out;
        }
        unlink(st[i].tmp);
        rc = copy_file(st[i].from, st[i].tmp, 0600, e);
        if (rc)
            goto out;
        own_like_parent(st[i].tmp);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const struct backup_item *to = st[i].to;
            if ((to->kind == BACKUP_DATABASE) != (pass == 1))
                continue;
            if (to->kind == BACKUP_DATABASE) {
                /* The old database's WAL was checkpointed by backup_db_idle;
                 * a stale one would be replayed over the restored file. */
                char side[PATH_LEN];
                snprintf(side, sizeof side, "%s-wal", to->path);
                unlink(side);
                snprintf(side, sizeof side, "%s-shm", to->path);
                unlink(side);
                snprintf(side, sizeof side, "%s-journal", to->path);
                unlink(side);
            }
            if (rename(st[i].tmp, to->path) != 0) {
                rc = gc_err_set(e, GC_ERR_IO, "%s: %s", to->path, strerror(errno));
                goto out;
            }
            st[i].tmp[0] = '\0';
            char dir[PATH_LEN];
            dir_of(to->path, dir, sizeof dir);
            fsync_dir(dir);
            out->files++;
        }
    rc = GC_OK;
out:
    for (int i = 0; i < n; i++)
        if (st[i].tmp[0])
            unlink(st[i].tmp);
    cJSON_Delete(man);
    return rc;
}
