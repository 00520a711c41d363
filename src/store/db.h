/* db.h — the SQLite database: open, migrate, transactions.
 *
 * One file, WAL journal, foreign keys on, versioned migrations kept in
 * migrations.c (PRAGMA user_version is the schema version).  Writers wrap
 * their work in db_begin()/db_commit(), and db_rollback() on any error, so a
 * failed import or a crash leaves the database as it was. */
#ifndef GC_STORE_DB_H
#define GC_STORE_DB_H

#include <sqlite3.h>
#include <stdbool.h>

#include "util/err.h"

#define DB_BUSY_TIMEOUT_MS 5000   /* how long a statement waits for another's lock */

struct db {
    sqlite3 *h;
    char *path;
};

/* DB_WRITER: read-write, for a connection only one thread ever uses (the
 * exchange recorder's writer): SQLite takes no mutex on its calls. */
enum db_mode { DB_READONLY, DB_READWRITE, DB_WRITER };

/* Call once at start-up, before any other SQLite call: SQLite keeps no
 * memory statistics (they cost a global mutex per allocation). */
void db_library_init(void);

/* Open (creating it in the read-write modes) and bring the schema up to date. */
enum gc_rc db_open(struct db **out, const char *path, enum db_mode mode, struct gc_err *e);
void db_close(struct db *db);   /* accepts NULL */

enum gc_rc db_begin(struct db *db, struct gc_err *e);   /* BEGIN IMMEDIATE */
enum gc_rc db_commit(struct db *db, struct gc_err *e);
void db_rollback(struct db *db);

/* Run SQL without results; e gets SQLite's message. */
enum gc_rc db_exec(struct db *db, const char *sql, struct gc_err *e);
/* Prepare, or fill e with SQLite's message. */
enum gc_rc db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct gc_err *e);
/* Text of column i, never NULL. */
const char *db_col_text(sqlite3_stmt *st, int i);
/* The text stored for a field: "" for NULL (absent fields are stored empty). */
const char *db_text(const char *s);
/* Bind db_text(s) to parameter i, without a copy: s must outlive the step. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Schema version the code expects (migrations.c). */
int db_schema_version(void);
/* Apply the migrations the database lacks, in one transaction. */
enum gc_rc db_migrate(struct db *db, struct gc_err *e);
/* The same, up to schema version `version` only (tests build old databases
 * with it). */
enum gc_rc db_migrate_to(struct db *db, int version, struct gc_err *e);

#endif
