/* test_backup.c — store/backup: the set of an instance's files, a backup
 * into a new folder and into a folder of backups (--keep), and what a
 * restore refuses: no manifest, a changed file, a newer schema, a role the
 * instance lacks, a database in use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/db.h"
#include "testutil.h"

struct fx {
    char dir[128];
    char db[256];
    char key[256];
    struct backup_set set;
};

/* Run a shell command made with printf's format; it must succeed. */
#define SH(...)                                                                                  \
    do {                                                                                         \
        char cmd_[1024];                                                                         \
        snprintf(cmd_, sizeof cmd_, __VA_ARGS__);                                                \
        assert_int_equal(system(cmd_), 0);                                                       \
    } while (0)

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct gc_err e = {0};
    const char *t = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/guichet-backup-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->db, sizeof f->db, "%s/town.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/town.db.sms-key", f->dir);
    struct db *db;
    if (db_open(&db, f->db, DB_READWRITE, &e) ||
        db_exec(db, "INSERT INTO meta(key, value) VALUES ('a', '1'), ('b', '2')", &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    db_close(db);
    FILE *k = fopen(f->key, "w");
    fputs("0123456789abcdef0123456789abcdef", k);
    fclose(k);
    if (backup_set_add(&f->set, BACKUP_DATABASE, "database", f->db, false, &e) ||
        backup_set_add(&f->set, BACKUP_KEY, "sms-key", f->key, true, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    SH("rm -rf '%s'%s", f->dir, "");
    free(f);
    return 0;
}

static void test_set(void **state)
{
    (void)state;
    struct backup_set s = {0};
    struct gc_err e = {0};
    assert_int_equal(backup_set_add(&s, BACKUP_DATABASE, "database", "a.db", false, &e), GC_OK);
    assert_int_equal(backup_set_add(&s, BACKUP_KEY, "database", "b", true, &e), GC_ERR_INVALID);
    assert_int_equal(backup_set_add(&s, BACKUP_KEY, "k", "", true, &e), GC_ERR_TOOBIG);
    for (int i = 1; i < GC_BACKUP_FILES_MAX; i++) {
        char w[16];
        snprintf(w, sizeof w, "k%d", i);
        assert_int_equal(backup_set_add(&s, BACKUP_KEY, w, "x", true, &e), GC_OK);
    }
    assert_int_equal(backup_set_add(&s, BACKUP_KEY, "one-more", "x", true, &e), GC_ERR_TOOBIG);
}

static void test_take_and_restore(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct backup_result r;
    char dest[300], p[400];
    snprintf(dest, sizeof dest, "%s/b1", f->dir);
    assert_int_equal(backup_take(&f->set, dest, 0, &r, &e), GC_OK);
    assert_int_equal(r.files, 2);
    assert_int_equal(r.schema_version, db_schema_version());
    snprintf(p, sizeof p, "%s/town.db", dest);
    assert_int_equal(access(p, R_OK), 0);
    snprintf(p, sizeof p, "%s.partial", dest);
    assert_int_not_equal(access(p, F_OK), 0);
    /* --keep needs a folder of backups; an existing file is no folder. */
    char other[300];
    snprintf(other, sizeof other, "%s/b2", f->dir);
    assert_int_equal(backup_take(&f->set, other, 3, &r, &e), GC_ERR_INVALID);
    assert_int_equal(backup_take(&f->set, f->key, 0, &r, &e), GC_ERR_INVALID);
    /* The database changes, then the backup comes back. */
    struct db *db;
    assert_int_equal(db_open(&db, f->db, DB_READWRITE, &e), GC_OK);
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db, "SELECT count(*) FROM meta", &st, &e), GC_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int meta_rows = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    assert_true(meta_rows > 0);
    assert_int_equal(db_exec(db, "DELETE FROM meta", &e), GC_OK);
    /* ... refused while the database is open elsewhere. */
    assert_int_equal(backup_restore(&f->set, dest, &r, &e), GC_ERR_BUSY);
    assert_non_null(strstr(e.msg, "in use"));
    db_close(db);
    FILE *k = fopen(f->key, "w");
    fputs("another key, not the one saved", k);
    fclose(k);
    assert_int_equal(backup_restore(&f->set, dest, &r, &e), GC_OK);
    assert_int_equal(r.files, 2);
    assert_false(r.migrated);
    assert_int_equal(db_open(&db, f->db, DB_READONLY, &e), GC_OK);
    assert_int_equal(db_prepare(db, "SELECT count(*) FROM meta", &st, &e), GC_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), meta_rows);
    sqlite3_finalize(st);
    db_close(db);
    SH("cmp -s '%s' '%s/town.db.sms-key'", f->key, dest);
}

static void test_keep(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct backup_result r;
    char dest[300];
    snprintf(dest, sizeof dest, "%s/all", f->dir);
    assert_int_equal(mkdir(dest, 0700), 0);
    /* Older backups by name (the time is in it); a stray folder is kept. */
    SH("mkdir -p '%s/town-20200101T000000Z' '%s/town-20200102T000000Z'", dest, dest);
    SH("touch '%s/town-20200101T000000Z/MANIFEST.json' '%s/town-20200102T000000Z/MANIFEST.json'",
       dest, dest);
    SH("mkdir -p '%s/town-notes' && true%s", dest, "");
    assert_int_equal(backup_take(&f->set, dest, 2, &r, &e), GC_OK);
    assert_int_equal(r.removed, 1);
    assert_non_null(strstr(r.folder, "/all/town-2"));
    SH("test ! -e '%s/town-20200101T000000Z' && test -d '%s/town-20200102T000000Z'", dest, dest);
    SH("test -d '%s/town-notes'%s", dest, "");
}

static void test_restore_refusals(void **state)
{
    struct fx *f = *state;
    struct gc_err e = {0};
    struct backup_result r;
    char dest[300], p[400];
    assert_int_equal(backup_restore(&f->set, f->dir, &r, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "MANIFEST.json"));
    snprintf(dest, sizeof dest, "%s/b", f->dir);
    assert_int_equal(backup_take(&f->set, dest, 0, &r, &e), GC_OK);
    /* A key changed after the backup: its checksum fails. */
    snprintf(p, sizeof p, "%s/town.db.sms-key", dest);
    FILE *k = fopen(p, "a");
    fputs("!", k);
    fclose(k);
    assert_int_equal(backup_restore(&f->set, dest, &r, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "checksum"));
    /* A role this instance does not have. */
    struct backup_set only_db = f->set;
    only_db.n = 1;
    snprintf(dest, sizeof dest, "%s/c", f->dir);
    assert_int_equal(backup_take(&f->set, dest, 0, &r, &e), GC_OK);
    assert_int_equal(backup_restore(&only_db, dest, &r, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "sms-key"));
    /* A database of a newer guichet. */
    snprintf(dest, sizeof dest, "%s/d", f->dir);
    struct db *db;
    assert_int_equal(db_open(&db, f->db, DB_READWRITE, &e), GC_OK);
    assert_int_equal(db_exec(db, "PRAGMA user_version = 999", &e), GC_OK);
    db_close(db);
    assert_int_equal(backup_take(&only_db, dest, 0, &r, &e), GC_OK);
    assert_int_equal(backup_restore(&only_db, dest, &r, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "newer"));
    /* A missing database is an error; a missing optional key is not. */
    snprintf(dest, sizeof dest, "%s/e", f->dir);
    unlink(f->key);
    assert_int_equal(backup_take(&f->set, dest, 0, &r, &e), GC_OK);
    assert_int_equal(r.files, 1);
    tmp_db_remove(f->db);
    snprintf(dest, sizeof dest, "%s/f", f->dir);
    assert_int_equal(backup_take(&f->set, dest, 0, &r, &e), GC_ERR_NOTFOUND);
    snprintf(p, sizeof p, "%s/f.partial", f->dir);
    assert_int_not_equal(access(p, F_OK), 0);   /* nothing half made is left */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set),
        cmocka_unit_test_setup_teardown(test_take_and_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_refusals, setup, teardown),
    };
    return cmocka_run_group_tests_name("backup", tests, NULL, NULL);
}
