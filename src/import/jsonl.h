/* jsonl.h — a corpus of pages, one JSON object a line:
 *   {"id": "F34355", "text": "...", "title": "...", "url": "...", "questions": ["..."]}
 * (title, url and questions optional; questions are the page's alternate
 * questions, as the `question:` lines of a Markdown page's front matter).  Every entry is imported as a validated page
 * whose identifier is "id" — the form the evaluation corpora come in. */
#ifndef GC_IMPORT_JSONL_H
#define GC_IMPORT_JSONL_H

#include <stdio.h>

#include "store/pages.h"
#include "util/err.h"

/* Read the next entry of f into p (zeroed first).  Returns GC_OK with *eof
 * set at the end; errors name the file and line (*line is advanced). */
enum gc_rc jsonl_next_page(FILE *f, const char *name, int *line, struct page_rec *p, int *eof,
                           struct gc_err *e);

#endif
