/* exchanges.h — the residents' exchanges live in a database file of their
 * own, beside the content's.
 *
 * Two SQLite files per instance:
 *   - the content (setting "db", e.g. town.db): pages, facilities, events,
 *     written by imports and the back office, read by the answering index;
 *   - the exchanges (setting "exchanges-db", default: the db path with its
 *     ".db" replaced by "-exchanges.db", e.g. town-exchanges.db): messages,
 *     replies, feedback, sms_numbers, sms_handled (SMS message ids already
 *     answered) and the meta keys of the recorder and the SMS session,
 *     written by `guichet serve` only (store/messages.c,
 *     channels/sms_session.c).
 * So an import or a back-office edit never waits for the recorder's write
 * lock, nor the recorder for theirs (SQLite has one writer per file), and
 * residents' personal data are kept, retained, backed up and erased apart
 * from the public content.  A query that needs both ATTACHes one to the
 * other (db_attach: the back office reports per service by joining the
 * pages an exchange cited with pages).
 *
 * The exchanges file has its own append-only schema (exchanges.c), its own
 * PRAGMA user_version.  Databases made before the split held the exchanges
 * in the content file (content schema steps 2 to 7): exchanges_migrate()
 * moves them, one transaction per file, and is idempotent if interrupted.
 *
 * One `guichet serve` per exchanges file: exchanges_lock() takes an
 * advisory lock (flock) that a second server finds taken, and refuses to
 * start (ids are given in memory by the one writer: two writers would give
 * the same ids). */
#ifndef GC_STORE_EXCHANGES_H
#define GC_STORE_EXCHANGES_H

#include <stddef.h>

#include "store/db.h"
#include "util/config.h"
#include "util/err.h"

#define EXCHANGES_PATH_MAX 4096

extern const struct db_schema exchanges_schema;

/* The exchanges file of content database `db` when the setting is "":
 * "town.db" → "town-exchanges.db", "data/town" → "data/town-exchanges.db".
 * GC_ERR_INVALID when it does not fit in n bytes. */
enum gc_rc exchanges_path_of(const char *db, char *out, size_t n);

/* The exchanges file of an instance: the "exchanges-db" setting, else
 * exchanges_path_of("db").  Errors: GC_ERR_INVALID (path too long, or the
 * same file as "db"). */
enum gc_rc exchanges_path(const struct config *cfg, char *out, size_t n, struct gc_err *e);

/* Open (creating it, mode file_mode(), owned like `content` when root) and
 * migrate the exchanges file at path.  `content` is the content database
 * beside it (may be NULL).  Errors: db_open_schema()'s, GC_ERR_IO. */
enum gc_rc exchanges_open(struct db **out, const char *path, const char *content,
                          enum db_mode mode, struct gc_err *e);

/* The schema name the exchanges file is attached as (exchanges_attach):
 * queries that read both files name its tables x.messages, x.replies,
 * x.feedback, x.sms_numbers (the content file may still hold empty tables
 * of those names until the first `guichet serve` drops them). */
#define EXCHANGES_SCHEMA "x"

/* Attach the exchanges file at path to the content connection `content`
 * as EXCHANGES_SCHEMA, for the back office's reading of the exchanges
 * (reports, the questions loop, residents' rights).  The file is created
 * with its schema (like exchanges_open) when missing, its schema brought
 * up to date.  A transaction on `content` that writes both files is not
 * atomic across them (WAL): write one file per transaction.  Errors:
 * exchanges_open()'s, GC_ERR_DB. */
enum gc_rc exchanges_attach(struct db *content, const char *path, struct gc_err *e);

/* Move the exchanges a content database made before the split still holds
 * (its tables messages, replies, feedback, sms_numbers and their meta keys)
 * into the exchanges file at path (created if need be), then drop them from
 * the content file.  Copy in one transaction on the exchanges file (rows
 * already there are kept: it may run again after an interruption), then the
 * drop in one on the content file.  A content file without those tables is
 * left alone.  *moved (may be NULL) receives the number of exchanges moved.
 * Errors: GC_ERR_DB, GC_ERR_IO. */
enum gc_rc exchanges_migrate(const char *content, const char *path, long long *moved,
                             struct gc_err *e);

/* Take the advisory lock of the exchanges file at path (creating the file
 * if need be), held until exchanges_unlock(*fd).  Errors: GC_ERR_BUSY when
 * another process holds it (another `guichet serve` on the same database),
 * GC_ERR_IO. */
enum gc_rc exchanges_lock(const char *path, const char *content, int *fd, struct gc_err *e);
void exchanges_unlock(int fd);   /* accepts -1 */

/* Every file an instance keeps its data in, for a backup: the databases
 * (role "content", "exchanges") and the keys beside them ("sms-key",
 * "feedback-key": without them the pseudonyms and feedback tokens of a
 * restored database mean nothing).  The -wal and -shm files are not listed:
 * copy a database with SQLite's backup API (or VACUUM INTO), not by
 * copying files.  A key file that does not exist yet is listed all the
 * same. */
#define STORE_FILES_MAX 4
struct store_file {
    const char *role;
    char path[EXCHANGES_PATH_MAX];
};
struct store_files {
    size_t n;
    struct store_file f[STORE_FILES_MAX];
};
enum gc_rc store_files(const struct config *cfg, struct store_files *out, struct gc_err *e);

/* A key file's path: the setting `name` ("sms-key-file",
 * "feedback-key-file"), else the "db" path followed by `suffix`
 * (".sms-key", ".feedback-key").  GC_ERR_INVALID when too long. */
enum gc_rc store_key_path(const struct config *cfg, const char *name, const char *suffix,
                          char *out, size_t n, struct gc_err *e);

#endif
