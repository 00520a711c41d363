/* linediff.h — what changed between two texts, line by line: the longest
 * common subsequence of their lines (the classic dynamic programme, after
 * the common first and last lines are set aside), as a list of kept,
 * removed and added lines.  Used by the back office to show what changed
 * between two versions of a page.
 *
 * Bounded: each text has at most GC_DIFF_LINES_MAX lines (else
 * GC_ERR_TOOBIG); when the middle that differs would need more than
 * GC_DIFF_CELLS_MAX cells, it is given as all its old lines removed then
 * all its new lines added — still a true difference, not the shortest. */
#ifndef GC_UTIL_LINEDIFF_H
#define GC_UTIL_LINEDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum diff_op { DIFF_SAME, DIFF_DEL, DIFF_ADD };

struct diff_line {
    enum diff_op op;
    const char *s;     /* into the text it comes from (old for SAME and DEL, new for ADD) */
    size_t len;        /* without its '\n' */
    int old_no, new_no;   /* 1-based line numbers; 0 where the line is not in that text */
};

struct diff {
    struct diff_line *l;
    int n;
    int removed, added;   /* counts of DEL and ADD lines */
    bool shortest;        /* false: the middle was too big for the LCS table */
};

/* Compare old and new (NUL-terminated; NULL reads as "").  A text is split
 * at '\n'; a final '\n' does not make an empty last line; a '\r' before a
 * '\n' is part of the line.  d->l points into both texts: keep them while
 * d is used.  Errors: GC_ERR_TOOBIG. */
enum gc_rc diff_lines(const char *old, const char *new_, struct diff *d, struct gc_err *e)
    __attribute__((warn_unused_result));
void diff_free(struct diff *d);   /* accepts NULL and a zeroed diff */

#endif
