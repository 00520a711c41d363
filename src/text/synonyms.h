/* synonyms.h — words residents use for the same thing as the town's pages.
 *
 * Small, hand-written groups of folded words (no accents) from the life of a
 * town hall: "prix" / "tarif" / "coût", "papiers" / "documents"
 * (data/fr/synonyms.txt), then the town's own (synonyms.txt of its content
 * folder, store/town.h).  A word of the question that belongs to a group
 * also searches the other words of the group, with a lower weight
 * (search/index.c). */
#ifndef GC_TEXT_SYNONYMS_H
#define GC_TEXT_SYNONYMS_H

#include <stddef.h>

#include "text/langdata.h"

struct synonyms;

/* The general groups, then town's (NULL: none), which must outlive the
 * result.  Read-only afterwards: any thread may look words up. */
struct synonyms *synonyms_new(const struct ld_list *town);
void synonyms_free(struct synonyms *s);   /* accepts NULL */

/* The first group holding surface (NULL-terminated, surface included), or
 * NULL when none; s NULL: the general groups alone. */
const char *const *synonyms_group(const struct synonyms *s, const char *surface, size_t len);

#endif
