/* timebound.h — sentences of a page bound to a time: dates and years in
 * French text, and whether a sentence presents as upcoming what is past.
 *
 * A page validated in September says "Les prochaines élections municipales
 * auront lieu en mars 2026"; in December 2026 that sentence is false, and an
 * answer must never give it.  The method is general (no list of events):
 *
 *   - a *date reference* is a written date with its year: "12 mars 2026",
 *     "samedi 3 octobre 2026", "1er janvier 2027", "mars 2026", "en 2025",
 *     "12/03/2026", "2026-03-12", a season "2026-2027" (taken to end on 31
 *     August of its second year: school and cultural seasons); it ends on the
 *     last day of what it names.  A day and a month without a year ("le 14
 *     juillet") is a habit or an annual date, never past.  A four-digit
 *     number is a year only when it stands alone between 1900 and 2099, not
 *     followed by a unit ("2000 €", "1950 m").
 *   - a sentence is *prospective* when it says something is to come: a form
 *     of "prochain" or "à venir", "bientôt", or a verb in the future tense
 *     (a word ending in -ra, -ras, -rai, -rons, -rez, -ront of at least four
 *     letters, but for a few nouns that end so: "opéra", "caméra", "front"...);
 *     a list item is prospective when the line that introduces its list is
 *     ("Prochaines séances du conseil municipal :").
 *   - a sentence is *past prospective* on a day when it is prospective and
 *     every date reference it holds (at least one) ends before that day.
 *
 * The grammar lists (cues, nouns ending like a future) are French grammar,
 * not any town's words.  Pure functions, thread-safe. */
#ifndef GC_KNOWLEDGE_TIMEBOUND_H
#define GC_KNOWLEDGE_TIMEBOUND_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct tb_ref {
    size_t start, end;   /* bytes of the reference in the text */
    long last_day;       /* day number (util/clock.h) of its last day */
};

/* The date references of text[0..len), in order; at most max stored, the
 * count found returned. */
size_t timebound_refs(const char *text, size_t len, struct tb_ref *out, size_t max);

/* Is text[0..len) prospective (see above)? */
bool timebound_prospective(const char *text, size_t len);

/* What a sentence is on `today` (a day number). */
enum tb_kind {
    TB_NONE,              /* no date reference, or one not over yet */
    TB_PAST,              /* every reference ends before today: a candidate for review */
    TB_PAST_PROSPECTIVE,  /* ... and it presents it as to come: never served */
};
enum tb_kind timebound_judge(const char *text, size_t len, long today, bool prospective_context);

/* Append text[0..len) (a passage: one paragraph or list item a line, "- "
 * marking items) to out without its past prospective sentences and list
 * items (the line introducing a list goes too when all its items went).
 * Returns how many sentences or items were left out. */
size_t timebound_drop_past(const char *text, size_t len, long today, struct buf *out);

/* Call fn for each sentence or list item of a passage that is TB_PAST or
 * TB_PAST_PROSPECTIVE on today (its bytes and kind); a non-zero return
 * stops.  For `guichet pages --stale`. */
void timebound_scan(const char *text, size_t len, long today,
                    int (*fn)(void *ctx, const char *s, size_t n, enum tb_kind k), void *ctx);

#endif
