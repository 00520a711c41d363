/* altq.h — alternate questions of pages, and what staff did with the
 * groups of the questions loop (content schema step 11).
 *
 * An alternate question is a question a page answers, worded as residents
 * word it ("combien coûte la cantine ?" for the page "Restauration
 * scolaire").  It is indexed with the page, as a field of its own
 * (search/index.h), so that it and its paraphrases find the page.  It comes
 * either from the page's front matter (`question:` lines: version_id names
 * the version that brought it, and it is served while that version is) or
 * from the back office's questions loop (attached by a member of staff:
 * served with whatever version of the page is published).
 *
 * A mark records what staff did with a group of the questions loop (its id
 * and its analysed words, text/qkey.h): attached to a page, or dismissed as
 * out of scope, with an optional pointer (where to go instead) that the
 * refusal of a question of that group then gives (answer/pointers.h).
 *
 * Functions that write do not open a transaction: the caller wraps the
 * change and its audit row in one (db_begin).  altq_attach and altq_mark
 * bump the content version (store/pages.h): a running server serves the
 * change at its next poll (setting reload-poll-ms). */
#ifndef GC_STORE_ALTQ_H
#define GC_STORE_ALTQ_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* The alternate questions a version brought (one a line in `questions`;
 * empty lines skipped).  Inside store_page_put's transaction. */
enum gc_rc altq_put_version(struct db *db, int64_t page_id, int64_t version_id,
                            const char *questions, struct gc_err *e);

/* A page found by its address or identifier. */
struct altq_page {
    int64_t id;
    bool published;   /* it has a validated version and is not withdrawn (store/pages.h) */
    char ext_id[2048 + 1];
    char title[300 + 1];
    char service[128 + 1];
};

/* The page whose identifier (pages.ext_id) or published address is
 * `address`.  GC_ERR_NOTFOUND when none. */
enum gc_rc altq_page_find(struct db *db, const char *address, struct altq_page *out,
                          struct gc_err *e);

/* Attach question to page_id, from group group_id ("" for none), by `by`.
 * A question the page has already (same text) is not added twice. */
enum gc_rc altq_attach(struct db *db, int64_t page_id, const char *question,
                       const char *group_id, const char *by, struct gc_err *e);

enum altq_action { ALTQ_LINKED, ALTQ_DISMISSED };

/* Record (or replace) the mark of a group.  page_id: the page (linked; 0
 * otherwise); pointer: where to go (dismissed; may be NULL). */
enum gc_rc altq_mark(struct db *db, const char *group_id, enum altq_action action,
                     const char *words, int64_t page_id, const char *pointer, const char *by,
                     struct gc_err *e);

struct altq_mark_row {
    const char *group_id, *words, *pointer, *by, *at;   /* at: "YYYY-MM-DDTHH:MM:SSZ" */
    enum altq_action action;
    const char *page;   /* the linked page's identifier, "" otherwise */
};

/* Every mark; fn returns non-zero to stop. */
enum gc_rc altq_marks(struct db *db, int (*fn)(void *ctx, const struct altq_mark_row *m),
                      void *ctx, struct gc_err *e);

/* The alternate questions served: those of published pages (their
 * version's, and those attached in the back office), page by page.  fn
 * gets the page's identifier and the question; non-zero stops. */
enum gc_rc altq_load_published(struct db *db,
                               int (*fn)(void *ctx, const char *ext_id, const char *question),
                               void *ctx, struct gc_err *e);

/* The published pages questions may be attached to (not withdrawn):
 * identifier, title and service, by service then title; fn returns
 * non-zero to stop. */
enum gc_rc altq_pages(struct db *db,
                      int (*fn)(void *ctx, const char *ext_id, const char *title,
                                const char *service),
                      void *ctx, struct gc_err *e);

#endif
