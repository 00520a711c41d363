/* analyze.h — French text analysis, the same at index time and at query time.
 *
 * A word goes through: Unicode case folding (utf8proc), ligatures œ/æ → oe/ae,
 * elision (l', d', qu', j'... are split off and dropped as stop words),
 * Snowball French stemming on the accented form, then accent stripping.
 * So "École", "écoles" and "ecole" all meet, and digits are kept as they are.
 *
 * A number is one term, its value in digits, however it is written: "3",
 * "trois", "troisième", "3e", "3ème", "IIIe" → "3"; "dix-huit" → "18";
 * "20 000", "vingt mille" → "20000".  A number of several words or groups
 * ("vingt et un", "20 000", "1 er") is one token spanning them all, at one
 * position, its surface their folded forms joined ("vingt-et-un", "20000",
 * "1er").  "un", "une", "premier", "première", "neuf" alone stay words;
 * "1er", "1re", "Ier" take the term of "premier", which they abbreviate.
 *
 * Each word yields two forms:
 *   surface — folded, accents stripped ("universite"): the key that lets a
 *             question typed without accents find the stem of the accented
 *             word (see search/index.c), and the unit of typo tolerance;
 *   term    — stemmed, then accents stripped ("univers").
 *
 * An analyzer holds a Snowball stemmer, which is not thread-safe: use one
 * analyzer per thread (analyze_thread() gives a lazily created one). */
#ifndef GC_TEXT_ANALYZE_H
#define GC_TEXT_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#define ANALYZE_WORD_MAX 64   /* bytes of a word; longer words are cut */

struct analyzer;

struct token {
    const char *surface;  /* NUL-terminated, valid during the callback */
    size_t surface_len;
    const char *term;     /* NUL-terminated, valid during the callback */
    size_t term_len;
    const char *accented; /* folded but accented form ("université") */
    size_t start, end;    /* byte offsets of the word (or number) in the input */
    int pos;              /* word position, stop words included (a number of
                           * several words takes one) */
    bool stop;            /* a French stop word */
};

/* Return non-zero to stop the walk. */
typedef int (*analyze_cb)(void *ctx, const struct token *t);

struct analyzer *analyzer_new(void);
void analyzer_free(struct analyzer *a);      /* accepts NULL */
/* The calling thread's analyzer, created on first use, freed at thread exit. */
struct analyzer *analyze_thread(void);

/* Walk the words of text (UTF-8; invalid bytes are treated as separators).
 * Stop words are reported with stop=true; the callback decides. */
void analyze_text(struct analyzer *a, const char *text, size_t len, analyze_cb cb, void *ctx);

/* Stem one folded, accented word (as in token.accented) into out (accents
 * stripped).  Returns the length written. */
size_t analyze_stem(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz);

/* Fold a whole string for accent- and case-insensitive comparison: the
 * surfaces of its words (stop words included) joined by one space.  No
 * stemming: any thread may call it without an analyzer.  Caller frees. */
char *analyze_fold(const char *text, size_t len);

/* Does folded text hold phrase (folded) as whole words? */
bool analyze_has_words(const char *folded, const char *phrase);

/* The surface of word[0..len) when it is exactly one word (nothing before or
 * after it), NUL-terminated in out; returns its length, or 0 when it is not
 * one word or its surface does not fit in outsz. */
size_t analyze_fold_word(const char *word, size_t len, char *out, size_t outsz);

bool analyze_is_stopword(const char *surface, size_t len);

#endif
