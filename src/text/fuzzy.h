/* fuzzy.h — is a typed word close enough to a known one?
 *
 * For names residents type from memory ("la pisine", "mediateque"): the
 * optimal-string-alignment distance (Damerau: insertions, deletions,
 * substitutions, adjacent transpositions) on folded words (analyze_fold:
 * lower case, no accents).  Short words must match exactly, so that "pm" or
 * "ot" never become something else.  Pure functions, no allocation. */
#ifndef GC_TEXT_FUZZY_H
#define GC_TEXT_FUZZY_H

#include <stdbool.h>
#include <stddef.h>

#define FUZZY_WORD_MAX 64   /* longer words are compared exactly */
#define FUZZY_SKEL_LONG 8   /* known words this long also match by skeleton */

/* Distance between a and b, or max + 1 when it is larger than max. */
int fuzzy_distance(const char *a, size_t al, const char *b, size_t bl, int max);

/* How a folded French word is written when typed by ear: doubled letters
 * single, every 'e' and 'h' but a first letter dropped, and one letter for
 * one sound: "qu", "q" and a hard "c" are "k", a soft "c" (before e, i, y)
 * "s", "ph" "f" ("passeport" and "pasport" -> "pasport", "poubelle" and
 * "poubel" -> "poubl", "mediatheque" and "mediatek" -> "mdiatk").  Writes
 * at most n bytes to out (no NUL) and returns how many. */
size_t fuzzy_skeleton(const char *w, size_t n, char *out);

/* Same word, give or take a typo: equal; or a plural 's' more or less; or
 * within 1 edit when both have at least 5 letters, 2 edits when the known
 * word has at least 9; or, for a known word of FUZZY_SKEL_LONG letters or
 * more, the same skeleton ("mediatek", "mediatheque"). */
bool fuzzy_word_match(const char *typed, size_t tl, const char *known, size_t kl);

#endif
