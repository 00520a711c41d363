/* markdown.h — a validated page written in Markdown with a front matter.
 *
 *   ---
 *   title: Carte nationale d'identité
 *   url: https://www.villebrune.example/demarches/carte-identite
 *   service: État civil
 *   status: validated            (draft | submitted | validated)
 *   validated_by: Claire Martin
 *   validated_on: 2026-09-14     (YYYY-MM-DD; required when validated)
 *   review_by: 2027-09-14        (optional: to be read again by then)
 *   expires: 2027-06-30          (optional: the last day it is served)
 *   facility: mediatheque        (optional: the facility it belongs to, whose
 *                                 record {{phone}}, {{hours}}... expand)
 *   scopes: culture, jeunesse    (optional: the assistants it belongs to)
 *   tags: CNI, identité          (optional)
 *   question: Comment refaire ma carte d'identité ?   (optional, repeated: one
 *                                 alternate question a line, indexed with the page)
 *   ---
 *   Markdown body (CommonMark, parsed with md4c); headings start passages.
 *
 * Errors name the file and the line. */
#ifndef GC_IMPORT_MARKDOWN_H
#define GC_IMPORT_MARKDOWN_H

#include <stddef.h>

#include "store/pages.h"
#include "util/err.h"

/* Parse a whole file's content into p (zeroed first); name is used in errors
 * and stored as the page's source. */
enum gc_rc markdown_parse_page(const char *name, const char *text, size_t len, struct page_rec *p,
                               struct gc_err *e);

/* Shared checks of a page record (also used by the JSONL importer):
 * required fields, status, dates, sizes. */
enum gc_rc page_rec_validate(const struct page_rec *p, const char *where, struct gc_err *e);

/* Add one alternate question (text[0..n), blanks at both ends dropped) to
 * p->questions.  Errors naming `where`: GC_ERR_INVALID (empty, control
 * characters, invalid UTF-8), GC_ERR_TOOBIG (longer than
 * GC_ALT_QUESTION_MAX_BYTES, or more than GC_ALT_QUESTIONS_MAX questions). */
enum gc_rc page_rec_add_question(struct page_rec *p, const char *text, size_t n,
                                 const char *where, struct gc_err *e);

/* Is s a valid calendar date YYYY-MM-DD? */
int date_is_valid(const char *s);

#endif
