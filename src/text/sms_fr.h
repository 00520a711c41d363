/* sms_fr.h — French texting spelling ("slt kel oraire pr la pisine stp") to
 * plain French ("salut quel horaire pour la piscine s'il te plaît"), before
 * a question is analysed and searched.
 *
 * sms_fr_normalize() works token by token.  A token is a run of letters,
 * digits and marks, with inner apostrophes and hyphens ("aujourd'hui",
 * "j've", "rendez-vous", "2m1").  In order:
 *   - emoji (and their joiners, variation selectors, skin tones, keycaps) are
 *     removed; they separate words like a space.  Format characters (soft
 *     hyphen, zero width space) are removed;
 *   - runs of three or more times the same letter are shortened: a vowel to
 *     one ("ouiii" → "oui"), a consonant to two ("passsseport" → "passeport";
 *     the abbreviation table is then also tried with one, "sltttt" → "slt").
 *     Roman numerals ("XIIIe") and "www" are left alone;
 *   - a whole token found in the abbreviation table (case-insensitive, see
 *     sms_fr_table()) is replaced by its expansion, which takes the case of
 *     the token: "bjr" → "bonjour", "Bjr" → "Bonjour", "BJR" → "BONJOUR".  An
 *     elided token is looked up without its elision: "l'oraire" →
 *     "l'horaire".  Some entries are dropped ("mdr", "lol"), some apply only
 *     in context (SMS_FR_BEFORE_WORD, SMS_FR_NOT_AFTER_DET).  A token glued
 *     to "@", "/" or a dotted name ("rdv@ville.fr", "ville.fr/pr") is left
 *     alone;
 *   - a token of three letters or more written in lower case (a capital J
 *     opening the message allowed), beginning with "j" and a consonant,
 *     whose word opens like a French syllable (the consonant then a vowel,
 *     or then r, l or h and a vowel) and that follows no determiner, is "je"
 *     glued to that word: "jdois" → "je dois", "jme" → "je me" (no French
 *     word begins with j and a consonant; "JPO", "Jlassi", "en jpeg",
 *     "jrnée" are left alone);
 *   - every other token is kept as typed, accents and case included; digits
 *     are kept; punctuation is kept; blanks (spaces, tabs, line breaks,
 *     no-break spaces) become one space; leading and trailing blanks go.
 *
 * The table only holds forms that are not French words, and the glued "je"
 * begins no French word, so a correctly written question comes out
 * unchanged (apart from blanks and emoji).
 * Thread-safe; the table is read-only once built. */
#ifndef GC_TEXT_SMS_FR_H
#define GC_TEXT_SMS_FR_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* The entry applies only when a word follows and no number comes just
 * before: "c ouvert" → "c'est ouvert", but "vitamine c", "5 g de sel". */
#define SMS_FR_BEFORE_WORD 1u
/* The entry does not apply after a determiner or "par"/"en"/"carte":
 * "cb ça coûte" → "combien ça coûte", but "payer par cb" stays. */
#define SMS_FR_NOT_AFTER_DET 2u

struct sms_fr_abbrev {
    const char *from;   /* lower case, ASCII apostrophe; the table is sorted by strcmp() */
    const char *to;     /* expansion; "" removes the token (laughter: "mdr") */
    unsigned flags;     /* SMS_FR_* */
};

/* The abbreviation table (data/fr/texting.tsv, read once; sorted by `from`);
 * *n receives its size. */
const struct sms_fr_abbrev *sms_fr_table(size_t *n);

/* Append the normalised text of in[0..len) to out.  Errors: GC_ERR_TOOBIG
 * when len > GC_SMS_MAX_BYTES or out's cap is reached, GC_ERR_INVALID for
 * invalid UTF-8.  out is left as it was on error. */
enum gc_rc sms_fr_normalize(const char *in, size_t len, struct buf *out);

#endif
