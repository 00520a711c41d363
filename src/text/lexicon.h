/* lexicon.h — the words of the French language, to tell a typo from a word.
 *
 * Typo tolerance (search/index.c) corrects a question's word that is not in
 * the town's pages to the nearest word that is.  A real French word the pages
 * happen not to use ("ventre") must not become another ("centre"): it stays
 * unknown, which lowers the answer's confidence as it should.  The list is a
 * plain word list, one word a line (Debian's wfrench: /usr/share/dict/french),
 * folded like the index's surfaces (lower case, no accents); only words of
 * LEXICON_MIN..LEXICON_MAX bytes are kept (shorter ones are never corrected).
 * Read-only once loaded: any thread may look words up. */
#ifndef GC_TEXT_LEXICON_H
#define GC_TEXT_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define LEXICON_MIN 4
#define LEXICON_MAX 24

struct lexicon;

/* Load path.  A missing file is GC_ERR_NOTFOUND (the caller may go on
 * without a lexicon); a line longer than 256 bytes is skipped. */
enum gc_rc lexicon_load(struct lexicon **out, const char *path, struct gc_err *e);
void lexicon_free(struct lexicon *l);    /* accepts NULL */

/* Is the folded word w[0..n) a word of the list?  NULL lexicon: false. */
bool lexicon_has(const struct lexicon *l, const char *w, size_t n);
size_t lexicon_size(const struct lexicon *l);

#endif
