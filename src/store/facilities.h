/* facilities.h — the town's places (town hall, library, pool...) in the
 * database: who they are, how to reach them, when they are open.
 *
 * A facility is identified by its `id` (ext_id) and belongs to the file it
 * was imported from: importing that file again updates its facilities and
 * removes those it no longer lists (store_facilities_prune).  Drafts are
 * stored, never loaded for answering.  The schema is step 3 of
 * store/migrations.c; the file format is docs/facilities.md. */
#ifndef GC_STORE_FACILITIES_H
#define GC_STORE_FACILITIES_H

#include "store/db.h"
#include "store/pages.h"
#include "util/err.h"

struct facility_closure {
    char *from, *to;   /* YYYY-MM-DD, inclusive */
    char *reason;      /* "" when none */
};

/* A facility as an importer read it, or as loaded; the holder owns every
 * string (facility_rec_free). */
struct facility_rec {
    char *ext_id, *name, *address, *phone, *email, *url, *service;
    char *opening_hours;   /* OpenStreetMap syntax, "" when not given */
    char *status, *validated_by, *validated_on;
    char *source;          /* file base name */
    char *article;         /* how an answer names it: "le", "la", "l'", or "" (from its first noun) */
    char *origin;          /* absolute path of the file (NULL: keep the stored one) */
    char **aliases;
    int naliases;
    char **services;
    int nservices;
    struct facility_closure *closures;
    int nclosures;
};

void facility_rec_free(struct facility_rec *f);   /* frees the content, accepts NULL */

/* Store f (insert, or update when its content changed).  Must be called
 * inside a transaction.  *res says what happened.  A person's withdrawal of
 * the facility (store_withdraw) is lifted when its record changed. */
enum gc_rc store_facility_put(struct db *db, const struct facility_rec *f, enum store_put *res,
                              struct gc_err *e);

/* Delete the facilities of `source` whose ext_id is not in the temporary
 * table temp.seen_facilities(id); *removed gets how many. */
enum gc_rc store_facilities_prune(struct db *db, const char *source, int *removed,
                                  struct gc_err *e);

/* Delete the facilities whose file (origin) is path or lies under it and
 * that the import running did not see (temp.seen_facilities): their file
 * has gone from the folder imported.  *removed gets how many. */
enum gc_rc store_facilities_prune_missing(struct db *db, const char *path, int *removed,
                                          struct gc_err *e);

/* Call fn for every validated facility that is not withdrawn, ordered by
 * ext_id; f is valid during the call only.  A non-zero return from fn stops
 * the walk. */
enum gc_rc store_load_facilities(struct db *db, int (*fn)(void *ctx, const struct facility_rec *f),
                                 void *ctx, struct gc_err *e);

#endif
