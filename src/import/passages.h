/* passages.h — cut a page into passages, the unit of retrieval.
 *
 * A passage is one section (a heading and the paragraphs and list items under
 * it, one per line).  A section longer than PASSAGE_SOFT_MAX bytes is cut at
 * line boundaries into several passages that keep the heading. */
#ifndef GC_IMPORT_PASSAGES_H
#define GC_IMPORT_PASSAGES_H

#include <stddef.h>

#include "store/pages.h"
#include "util/buf.h"

#define PASSAGE_SOFT_MAX 1200

struct passage_builder {
    struct page_rec *page;  /* passages are appended to page->passages */
    char *heading;
    struct buf text;
};

void pb_init(struct passage_builder *pb, struct page_rec *page);
/* Start a new section: the current one is flushed. */
void pb_heading(struct passage_builder *pb, const char *h, size_t n);
/* Add a line (paragraph or list item) to the current section. */
void pb_line(struct passage_builder *pb, const char *s, size_t n);
/* Flush and release the builder (the passages stay in page). */
void pb_finish(struct passage_builder *pb);

/* Plain text (JSONL corpora): lines that look like headings — short, no final
 * punctuation, followed by text — start sections. */
void passages_from_plain(struct page_rec *page, const char *text, size_t len);

#endif
