/* pages.h — pages, their versions and passages in the database.
 *
 * Each import of a page that changed adds a version.  `published_version` is
 * the newest *validated* version: a draft revision of a validated page is
 * stored, but residents keep getting the validated text until the revision
 * is validated.  Only published versions are ever loaded for answering. */
#ifndef GC_STORE_PAGES_H
#define GC_STORE_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

struct passage_rec {
    char *heading;   /* "" when the passage is the page's lead */
    char *text;      /* paragraphs and list items, one per line */
};

/* A page as an importer read it; the caller owns every string. */
struct page_rec {
    char *ext_id;    /* JSONL id, or the page URL */
    char *title, *url, *service, *status, *validated_by, *validated_on, *review_by, *tags;
    char *questions; /* alternate questions (front matter `question:`), one a line; may be NULL */
    char *body;      /* the source text, kept for the record */
    char *source;    /* file name (and line for JSONL) */
    struct passage_rec *passages;
    int npassages;
};

void page_rec_free(struct page_rec *p);   /* frees the content, accepts NULL */

enum store_put { STORE_UNCHANGED, STORE_ADDED, STORE_UPDATED };

/* Store p as a new version unless the newest version is identical.  Must be
 * called inside a transaction (db_begin). */
enum gc_rc store_page_put(struct db *db, const struct page_rec *p, enum store_put *res,
                          struct gc_err *e);

/* A published page and its passages, as loaded for answering. */
struct stored_page {
    const char *ext_id, *title, *url, *service, *validated_by, *validated_on, *tags;
};

/* Called once per published page, then once per passage of it, in order. */
struct store_visitor {
    void *ctx;
    int (*page)(void *ctx, const struct stored_page *p);
    int (*passage)(void *ctx, const char *heading, const char *text);
};

enum gc_rc store_load_published(struct db *db, const struct store_visitor *v, struct gc_err *e);

/* Counts for reports and /transparence. */
struct store_counts {
    int64_t pages, published, drafts_only, versions, passages;
};
enum gc_rc store_counts(struct db *db, struct store_counts *c, struct gc_err *e);

#endif
