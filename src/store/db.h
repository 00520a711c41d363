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

/* ATTACH the database file at path as schema `as` (letters and '_' only),
 * for a query across the content and exchanges files (store/exchanges.h).
 * Errors: GC_ERR_INVALID (name), GC_ERR_DB. */
enum gc_rc db_attach(struct db *db, const char *path, const char *as, struct gc_err *e);

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

/* A schema: an append-only list of steps, PRAGMA user_version = the number
 * applied.  Two files, two schemas: the content (migrations.c:
 * db_content_schema) and the residents' exchanges (exchanges.c). */
struct db_schema {
    const char *name;              /* "content", "exchanges": for messages */
    const char *const *steps;
    int nsteps;
};
extern const struct db_schema db_content_schema;

/* db_open for a file of another schema (db_open is the content's). */
enum gc_rc db_open_schema(struct db **out, const char *path, enum db_mode mode,
                          const struct db_schema *schema, struct gc_err *e);
/* Apply the steps of `schema` the database lacks up to `target`, in one
 * transaction. */
enum gc_rc db_migrate_schema(struct db *db, const struct db_schema *schema, int target,
                             struct gc_err *e);

/* Schema version the code expects (migrations.c). */
int db_schema_version(void);
/* Apply the migrations the database lacks, in one transaction. */
enum gc_rc db_migrate(struct db *db, struct gc_err *e);
/* The same, up to schema version `version` only (tests build old databases
 * with it). */
enum gc_rc db_migrate_to(struct db *db, int version, struct gc_err *e);

#endif
