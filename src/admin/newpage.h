/* newpage.h — a new page written in the back office (docs/admin.md,
 * "Créer une page"), from the form at /admin/new or from a group of the
 * questions loop (`guichet questions draft`).
 *
 * The page is built as a file would hold it (front matter, then the
 * Markdown body) and read by the import's own parser (import/markdown.h),
 * so that it is cut into passages and checked exactly as a file is; then it
 * is stored as a draft whose origin is "admin" and whose author is the
 * account: the back office owns it (an import never overwrites it:
 * store/pages.h), and whoever wrote it may not validate it (four eyes).
 *
 * Its address: a full URL (https://..., http://...) is kept as typed;
 * anything else is a short name (a slug, or a path "/a/b") made of words
 * folded to lower case without accents and joined by '-', put under
 * `base` (the setting public-url; "" gives a path "/slug" of the town's
 * site); an empty address is the slug of the title.
 *
 * Messages are French: they are shown to the town's staff. */
#ifndef GC_ADMIN_NEWPAGE_H
#define GC_ADMIN_NEWPAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "admin/questions.h"
#include "store/db.h"
#include "store/pages.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/err.h"

/* What the form (or the command line) gives; NULL fields are empty. */
struct newpage {
    const char *title;
    const char *address;     /* URL, slug or path; "" = the slug of the title */
    const char *service;
    const char *tags;        /* comma list */
    const char *review_by;   /* YYYY-MM-DD or "" */
    const char *body;        /* Markdown */
    const char *questions;   /* alternate questions, one a line (front matter `question:`) */
};

/* The page's address from what was typed (see above) into out (n bytes).
 * false, with a French message in *err, when none can be made (nothing
 * but punctuation, too long, a URL with spaces or control characters).
 * Pure. */
bool newpage_url(const char *typed, const char *title, const char *base, char *out, size_t n,
                 const char **err);

/* The body a page started from group g begins with: the group's wordings
 * as Markdown comments (link reference definitions `[//]: # "..."`, which
 * no reader of the page ever sees), so that the staff write the answer
 * under them.  Appended to out.  Pure. */
void newpage_outline(const struct qgroup *g, struct buf *out);

/* Check np and build the page: its Markdown (front matter then body) into
 * text (a buffer of at least GC_ADMIN_PAGE_BODY_MAX + 16 KiB), read into p
 * (status draft, origin "admin", author `by`, ext_id its URL).  u: the
 * account (NULL: the command line, every service).  Errors, with a French
 * message in e: GC_ERR_INVALID (a field missing or malformed, a body that
 * says nothing to residents, what the import's parser refuses, e.g. an
 * unknown placeholder), GC_ERR_TOOBIG (a body over GC_ADMIN_PAGE_BODY_MAX
 * bytes), GC_ERR_DENIED (a service that is not u's).  p is filled only on
 * success (page_rec_free it then). */
enum gc_rc newpage_build(const struct newpage *np, const struct user *u, const char *base,
                         const char *by, struct buf *text, struct page_rec *p, struct gc_err *e);

/* Store p (from newpage_build) as a new page, in one transaction with its
 * audit row (`page.create`, detail: `detail`) and, when g is not NULL,
 * the mark of the questions loop's group g as attached to the new page and
 * its audit row (`question.draft`).  Errors: GC_ERR_INVALID (French
 * message) when its address or identifier is another page's already;
 * GC_ERR_DB. */
enum gc_rc newpage_save(struct db *db, const struct page_rec *p, const char *by,
                        const struct qgroup *g, const char *detail, struct gc_err *e);

/* The import's warnings (import/consistency.h) about a page whose body is
 * `body`: fn gets each, with its line in the body (1-based).  Returns how
 * many; -1 when the facilities could not be read (message in e). */
int newpage_warnings(struct db *db, const struct page_rec *p, const char *body,
                     void (*fn)(void *ctx, int line, const char *msg), void *ctx,
                     struct gc_err *e);

#endif
