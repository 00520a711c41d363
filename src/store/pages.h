/* pages.h — pages, their versions and passages in the database, and the
 * states a page goes through (docs/content.md).
 *
 * Each import of a page that changed adds a version.  `published_version` is
 * the newest *validated* version: a draft revision of a validated page is
 * stored, but residents keep getting the validated text until the revision
 * is validated.  Only published versions are ever loaded for answering, and
 * only when the page is neither withdrawn nor expired.
 *
 * One set of page states, shared by the command line and the back office:
 *
 *   draft ──submit──> submitted ──validate──> validated ──withdraw──> withdrawn
 *     └──────────────validate──────────────────┘  ^    <──republish──┘
 *                     <──return── (submitted back to draft)
 *   expired: a validated page past its `expires` day (derived, never stored)
 *
 * Every change made here is written in `content_log` (who, why) and bumps
 * the content version (meta `content_version`) that a running server polls
 * to reload.  The functions that change something must be called inside a
 * transaction (db_begin), so that a caller may group several. */
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
    char *expires;   /* YYYY-MM-DD: the last day it is served; NULL or "" = no end */
    char *facility;  /* id of the facility the page belongs to ({{phone}}...), or NULL */
    char *scopes;    /* comma list of the scopes (assistants) it belongs to; NULL = all */
    char *origin;    /* absolute path of its file (not hashed); NULL = keep the stored one */
    char *questions; /* alternate questions (front matter `question:`), one a line; may be NULL */
    char *author;    /* the back-office account that wrote it; NULL = a file imported */
    bool force;      /* an import may replace a page edited in the back office */
    char *body;      /* the source text, kept for the record */
    char *source;    /* file name (and line for JSONL) */
    struct passage_rec *passages;
    int npassages;
};

void page_rec_free(struct page_rec *p);   /* frees the content, accepts NULL */

enum store_put { STORE_UNCHANGED, STORE_ADDED, STORE_UPDATED };

/* Store p as a new version unless the newest version is identical.  Must be
 * called inside a transaction (db_begin).
 *
 * A withdrawal of the page is lifted when the import brings it back: always
 * when the import itself had withdrawn it (its file had gone), and when a
 * person had, only if p is a *changed* version that is validated — the same
 * file imported again does not undo a person's decision (the page stays
 * withdrawn, *res is STORE_UNCHANGED).
 *
 * A page edited in the back office (its origin is "admin": p->origin
 * "admin") is no longer managed by its file: an import (p->origin a path)
 * of a text that one of its versions already had leaves it alone
 * (STORE_UNCHANGED, origin kept); a changed text is refused with
 * GC_ERR_INVALID (a message naming the page and who edited it) unless
 * p->force — then it is stored as a new version and the file manages the
 * page again. */
enum gc_rc store_page_put(struct db *db, const struct page_rec *p, enum store_put *res,
                          struct gc_err *e);

/* A published page and its passages, as loaded for answering. */
struct stored_page {
    const char *ext_id, *title, *url, *service, *validated_by, *validated_on, *tags;
    const char *review_by, *expires;   /* "" when none */
    const char *facility;              /* "" when none */
};

/* Called once per published page, then once per passage of it, in order. */
struct store_visitor {
    void *ctx;
    int (*page)(void *ctx, const struct stored_page *p);
    int (*passage)(void *ctx, const char *heading, const char *text);
};

/* Every published page that is not withdrawn (expired ones too: the caller
 * knows the date, page_timing()), with its passages, in page order. */
enum gc_rc store_load_published(struct db *db, const struct store_visitor *v, struct gc_err *e);

/* Counts for reports and /transparence. */
struct store_counts {
    int64_t pages, published, drafts_only, versions, passages;
};
enum gc_rc store_counts(struct db *db, struct store_counts *c, struct gc_err *e);

/* ---- states ---- */

enum page_state { PAGE_DRAFT, PAGE_SUBMITTED, PAGE_VALIDATED, PAGE_WITHDRAWN, PAGE_EXPIRED };

/* "draft", "submitted", "validated", "withdrawn", "expired". */
const char *page_state_name(enum page_state s);
/* The state named s; false when none. */
bool page_state_parse(const char *s, enum page_state *out);

/* Where a validated page stands on `today` (YYYY-MM-DD, the town's local
 * date): current; overdue (past review_by, still served); expired (past
 * expires: never served); withheld (overdue for more than grace_days: not
 * served; grace_days < 0 = an overdue page is always served).  Empty dates
 * bound nothing.  Pure. */
enum page_timing { PAGE_CURRENT, PAGE_OVERDUE, PAGE_EXPIRED_DAY, PAGE_WITHHELD };
enum page_timing page_timing(const char *expires, const char *review_by, const char *today,
                             long grace_days);
/* Is a page with this timing served?  (Current and overdue ones are.) */
bool page_timing_served(enum page_timing t);

/* Who makes a change: a person's name (or "import"), and whether it is a
 * person (a person's withdrawal outlives re-imports of the same file). */
struct store_actor {
    const char *name;
    bool person;
};

/* The transitions (docs/content.md says who may make each).  Each is
 * GC_ERR_NOTFOUND for an unknown page and GC_ERR_INVALID (message in e)
 * when the page is not in a state the transition starts from; inside a
 * transaction.
 *   withdraw   a page not withdrawn yet -> withdrawn (history kept; its
 *              versions stay, none is served)
 *   republish  withdrawn -> validated (a person puts the published version
 *              back; a page never validated cannot be republished)
 *   submit     newest version draft -> submitted
 *   giveback   newest version submitted -> draft
 *   validate   newest version draft or submitted -> validated by who on
 *              `today`; it becomes the published version (a withdrawal is
 *              lifted: a person published it).  Never by the version's
 *              author (four eyes): GC_ERR_DENIED, message in e. */
enum gc_rc store_page_withdraw(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *reason, struct gc_err *e);
enum gc_rc store_page_republish(struct db *db, const char *ext_id, const struct store_actor *who,
                                const char *reason, struct gc_err *e);
enum gc_rc store_page_submit(struct db *db, const char *ext_id, const struct store_actor *who,
                             struct gc_err *e);
enum gc_rc store_page_giveback(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *reason, struct gc_err *e);
enum gc_rc store_page_validate(struct db *db, const char *ext_id, const struct store_actor *who,
                               const char *today, struct gc_err *e);

/* The ext_id of the page whose ext_id or URL (of its newest or published
 * version) is key, into a string the caller frees; GC_ERR_NOTFOUND when
 * none, GC_ERR_INVALID when the URL names several pages. */
enum gc_rc store_page_resolve(struct db *db, const char *key, char **ext_id, struct gc_err *e);

/* Withdraw the pages whose `origin` is path or lies under it (path + "/")
 * and that the import running did not see (temp.seen(id)): their file has
 * gone from the folder (or the page from its corpus file).  *n gets how
 * many were withdrawn now.  Inside the import's transaction. */
enum gc_rc store_pages_withdraw_missing(struct db *db, const char *path, int *n,
                                        struct gc_err *e);

/* A page as listed (guichet pages, the back office).  Fields come from the
 * published version when there is one, else from the newest; valid during
 * the callback only.  Strings are never NULL. */
struct page_info {
    const char *ext_id, *title, *url, *service, *validated_by, *validated_on, *review_by,
        *expires, *facility, *source, *latest_status;
    int version, published_version;   /* numbers; published_version 0 = none */
    bool withdrawn;
    const char *withdrawn_at, *withdrawn_by, *withdrawn_reason;   /* "" when not withdrawn */
};
/* The page's state on `today` (withdrawn, expired, validated, submitted or
 * draft, in that order of precedence). */
enum page_state page_info_state(const struct page_info *p, const char *today);
enum gc_rc store_pages_list(struct db *db, int (*fn)(void *ctx, const struct page_info *p),
                            void *ctx, struct gc_err *e);

/* A version of a page (the back office's history and differences); valid
 * during the callback only, strings never NULL. */
struct page_version {
    int version;
    const char *status, *title, *url, *service, *validated_by, *validated_on, *review_by,
        *expires, *source, *imported_at, *body;
    const char *tags, *facility, *author;   /* author: "" for a file imported */
    const char *scopes;      /* comma list, "" = every scope */
    const char *questions;   /* the version's own alternate questions, one a line */
};
/* The versions of page ext_id, newest first (fn returns non-zero to stop).
 * GC_ERR_NOTFOUND for an unknown page. */
enum gc_rc store_page_versions(struct db *db, const char *ext_id,
                               int (*fn)(void *ctx, const struct page_version *v), void *ctx,
                               struct gc_err *e);

/* ---- withdrawals of facilities and events, the content version ---- */

/* Withdraw facility `id` / every occurrence of the event `uid`: not loaded
 * again until a changed record of it is imported (or, for the import's
 * own withdrawals, the record comes back).  Inside a transaction. */
enum gc_rc store_withdraw(struct db *db, const char *kind, const char *ext_id,
                          const struct store_actor *who, const char *reason, struct gc_err *e);
/* Lift the withdrawal of (kind, ext_id) after an import stored it:
 * `changed` says whether the record imported differs from the stored one.
 * Inside a transaction; nothing when it was not withdrawn. */
enum gc_rc store_withdrawal_on_import(struct db *db, const char *kind, const char *ext_id,
                                      bool changed, struct gc_err *e);

/* Bump the content version (meta content_version), inside the writer's
 * transaction; every function of the store that changes content does. */
enum gc_rc store_content_bump(struct db *db, struct gc_err *e);
/* Run sql, a DELETE of content with one text parameter (?1 = param),
 * inside the writer's transaction: *removed = the rows it deleted, and the
 * content version is bumped when there were any. */
enum gc_rc store_content_delete(struct db *db, const char *sql, const char *param, int *removed,
                                struct gc_err *e);
/* The content version; 0 for a database without one. */
enum gc_rc store_content_version(struct db *db, int64_t *out, struct gc_err *e);
/* Write a line of history (kind 'page', 'facility' or 'event'). */
enum gc_rc store_log(struct db *db, const char *kind, const char *ext_id, const char *action,
                     int version, const char *by, const char *reason, struct gc_err *e);

#endif
