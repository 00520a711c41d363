/* synonyms.h — words residents use for the same thing as the town's pages.
 *
 * Small, hand-written groups of folded words (no accents) from the life of a
 * town hall: "prix" / "tarif" / "coût", "papiers" / "documents"
 * (data/fr/synonyms.txt)... A word of
 * the question that belongs to a group also searches the other words of the
 * group, with a lower weight (search/index.c). */
#ifndef GC_TEXT_SYNONYMS_H
#define GC_TEXT_SYNONYMS_H

#include <stddef.h>

/* The first group holding surface (NULL-terminated, surface included), or
 * NULL when none. */
const char *const *synonyms_group(const char *surface, size_t len);

#endif
