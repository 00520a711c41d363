/* numbers_fr.h — French numbers written in words, read by value.
 *
 * Cardinals from "zéro" to 999 999 999: "dix-sept", "vingt et un",
 * "soixante-dix", "quatre-vingt-quinze", "deux cents", "mille", "deux cent
 * mille", "trois millions"; the spellings of 1990 too (hyphens everywhere:
 * "deux-cent-mille", "vingt-et-un"), and the Belgian and Swiss tens
 * "septante", "huitante", "octante", "nonante".  Ordinals end a number:
 * "troisième", "vingt et unième", "centième"; "premier"/"première" alone.
 *
 * Words are separated by one space (or no-break space) or one hyphen; case
 * is ignored, accents are optional ("zero", "troisieme").  Only the number
 * is read: what it counts (heures, euros, a month) is the caller's business
 * (answer/verify.c).  Pure functions, no allocation. */
#ifndef GC_TEXT_NUMBERS_FR_H
#define GC_TEXT_NUMBERS_FR_H

#include <stdbool.h>
#include <stddef.h>

struct numfr {
    long value;
    size_t end;       /* byte just after the last word read */
    int words;        /* words read ("vingt et un": 3) */
    bool ordinal;     /* the last word is an ordinal ("troisième", "premier") */
    bool lone_one;    /* "un", "une", "premier", "première" alone: usually an
                       * article or a rank, not a quantity */
    bool lone_neuf;   /* "neuf" alone: also the adjective "new" */
};

/* A number in words starting at s[i] (s[i] must begin a word: the caller
 * checks what precedes).  Returns false when no number starts there; the
 * longest well-formed number is read ("deux trois" is 2, then 3). */
bool numfr_read(const char *s, size_t n, size_t i, struct numfr *out);

/* Is there a letter (Unicode category L*) at s[i]? */
bool numfr_letter_at(const char *s, size_t n, size_t i);

/* Bytes of one space between words at s[i]: ' ', no-break space (U+00A0)
 * or narrow no-break space (U+202F); 0 when there is none. */
size_t numfr_space_len(const char *s, size_t n, size_t i);

#endif
