/* verify_int.h — what verify.c (the checks) and verify_figures.c (reading
 * figures and citations) share.  Private to src/answer/verify*.c. */
#ifndef GC_ANSWER_VERIFY_INT_H
#define GC_ANSWER_VERIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Citations: "[1]", "[1, 2]", "[1][3]", "[2 ; 3]".  cb(ctx, n) per number;
 * every citation is blanked in m. */
void verify_citations(char *m, size_t n, void (*cb)(void *, int), void *ctx);

/* Is w (a folded word: lower case, no accents) part of a figure written in
 * words ("quinze", "heures", "euros", "midi")?  Such words are checked as
 * figures, by value, not as content words. */
bool verify_figure_word(const char *w);

#endif
