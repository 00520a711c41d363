/* backup.h — a consistent copy of an instance while it serves, and putting
 * one back.
 *
 * An instance is a set of files that only make sense together: its SQLite
 * databases and the keys beside them (the key that pseudonymises phone
 * numbers: without it, the SMS conversations of the database can no longer
 * be found, nor erased on request).  The caller lists them (struct
 * backup_set: cli/instance.c); this module copies and restores the list as
 * one, whatever it holds.
 *
 * A backup is a folder:
 *     MANIFEST.json   {"format": 1, "guichet": VERSION, "created": UTC time,
 *                      "files": [{"name", "what", "source", "bytes", "sha256",
 *                      and for a database "schema_version", "integrity",
 *                      "tables": {TABLE: rows}}]}
 *     NAME ...        each file, a database as one self-contained SQLite file
 *                     (rollback journal, no -wal beside it)
 * written as FOLDER.partial and renamed when complete: a folder without the
 * suffix is a whole backup.
 *
 * Databases are copied with SQLite's online backup API in one step: a read
 * transaction, so the copy is the database as it was at one instant, while
 * the server goes on writing (WAL: writers are not blocked).  The copy is
 * then checked (PRAGMA integrity_check) and counted.
 *
 * Restoring checks everything first (manifest, checksums, integrity,
 * schema version not newer than this guichet), refuses while a database is
 * open by another process (a running server), then puts each file back by
 * rename over the old one (atomic per file), databases last. */
#ifndef GC_STORE_BACKUP_H
#define GC_STORE_BACKUP_H

#include <stdbool.h>

#include "util/err.h"
#include "util/limits.h"

enum backup_kind { BACKUP_DATABASE, BACKUP_KEY };

struct backup_item {
    enum backup_kind kind;
    char what[32];      /* its role, the same in every instance: "database", "sms-key", ... */
    char path[3072];    /* where it lives in this instance */
    bool optional;      /* may be missing (a key made only when SMS is on) */
};

struct backup_set {
    struct backup_item items[GC_BACKUP_FILES_MAX];
    int n;
};

/* Add a file to the set.  GC_ERR_TOOBIG past GC_BACKUP_FILES_MAX or for a
 * path too long; GC_ERR_INVALID for a role already in the set. */
enum gc_rc backup_set_add(struct backup_set *s, enum backup_kind kind, const char *what,
                          const char *path, bool optional, struct gc_err *e);

struct backup_result {
    char folder[3072];  /* the backup made, or the one restored */
    char created[32];   /* its UTC time, "2026-01-31T12:00:00Z" */
    int files;          /* files copied */
    int removed;        /* older backups removed (--keep) */
    int schema_version; /* of the main database (the first of the set) */
    bool migrated;      /* restore: the copy is older than this guichet's schema */
};

/* Copy the set into dest.  dest that does not exist becomes the backup
 * folder (its parent must exist); dest that is a folder receives a new one,
 * STEM-YYYYMMDDTHHMMSSZ, STEM the main database's file name without its
 * extension; then, when keep > 0, only the `keep` newest such backups of
 * dest are kept (older ones are deleted).  Run as root, new files take the
 * owner of the folder they are made in.  Errors: GC_ERR_NOTFOUND (a file
 * of the set that is not optional is missing), GC_ERR_IO, GC_ERR_DB (the
 * copy failed, or is not intact), GC_ERR_INVALID (dest exists and is not a
 * folder). */
enum gc_rc backup_take(const struct backup_set *s, const char *dest, int keep,
                       struct backup_result *out, struct gc_err *e);

/* Put the backup in folder src back in place of the set's files.  Errors:
 * GC_ERR_PARSE (no or bad manifest), GC_ERR_INVALID (a checksum or
 * integrity check fails, a schema newer than this guichet, a file whose
 * role the set lacks), GC_ERR_BUSY (a database is in use: stop the
 * service first), GC_ERR_IO. */
enum gc_rc backup_restore(const struct backup_set *s, const char *src, struct backup_result *out,
                          struct gc_err *e);

/* Is the database at path open by no other connection?  GC_OK (or when it
 * does not exist), GC_ERR_BUSY when it is.  Leaves it in rollback-journal
 * mode (a server sets WAL again when it opens it). */
enum gc_rc backup_db_idle(const char *path, struct gc_err *e);

#endif
