/* qkey.h — the analysed words of a question, as one comparable key.
 *
 * Residents ask the same thing in many wordings: "horaires de la piscine ?",
 * "la piscine, c'est ouvert à quelle heure" and "kel oraire piscine" are one
 * need.  The key of a question is what is left of it once analysed the way
 * the search analyses it (text/analyze.h): texting spelling normalised
 * (text/sms_fr.h), stop words dropped, each word reduced to its stem, a word
 * of a general synonym group (text/synonyms.h; not the town's own, which
 * change with its content) to the group's first word, then the
 * distinct results sorted and joined by one space ("horair piscin").  Word
 * order, plural, accents, case and the small words do not change it.
 *
 * The back office's questions loop groups the exchanges that went badly by
 * this key (admin/questions.h), and a refusal finds the out-of-scope
 * pointer of a dismissed group by comparing keys (qkey_match): both must
 * read a question the same way, hence one function for both.
 *
 * Thread-safe (each thread has its own analyzer). */
#ifndef GC_TEXT_QKEY_H
#define GC_TEXT_QKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define QKEY_WORDS_MAX 24   /* distinct words kept in a key (the first ones, sorted) */

/* Append the key of text[0..len) (UTF-8) to out: "" when the question has
 * no content word.  Errors: GC_ERR_TOOBIG when out's cap is reached (out is
 * then as it was). */
enum gc_rc qkey_make(const char *text, size_t len, struct buf *out);

/* How well a question's key q covers a group's key g (both made by
 * qkey_make): the shared words over g's words and over q's words.  A
 * question matches a group when it holds most of the group's words and is
 * mostly about them: shared/|g| >= QKEY_MATCH_GROUP and shared/|q| >=
 * QKEY_MATCH_QUESTION.  *score (may be NULL) gets the Jaccard index, to
 * prefer the closest of several matching groups.  Empty keys never match. */
#define QKEY_MATCH_GROUP 0.75
#define QKEY_MATCH_QUESTION 0.5
bool qkey_match(const char *q, const char *g, double *score);

#endif
