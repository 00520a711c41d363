/* ranges_fr.h — numbers in a question, and the ranges of numbers French
 * text states ("de 600 à 900", "moins de 600", "à partir de 6 ans",
 * "entre 3 et 11 ans", "1 201 et plus", "0-500").
 *
 * A price table by family quotient or by age lists ranges, and the resident
 * gives one number ("mon quotient est de 750", "pour mon fils de 16 ans"):
 * the row whose range holds the number is the one asked for.  Digits only
 * (numbers in words are numbers_fr.h's); thousands may be grouped by a space,
 * a no-break space or a dot ("1 200", "1.200"), decimals take a comma.  Pure
 * functions, no allocation. */
#ifndef GC_TEXT_RANGES_FR_H
#define GC_TEXT_RANGES_FR_H

#include <stdbool.h>
#include <stddef.h>

#define RANGES_NUMBERS_MAX 4   /* numbers read from one question */

/* The numbers written in digits in text[0..n), at most max, into out;
 * returns how many.  Times ("8h30"), dates with slashes and numbers glued
 * to letters ("2e", "A6") are left out: they are no quantity to place in a
 * range. */
int ranges_numbers(const char *text, size_t n, double *out, int max);

#define RANGES_UNIT_MAX 16     /* bytes of what a number counts, folded */

/* The same, with what each number counts: the word right after it when it
 * is no small word ("1 adulte" → "adulte", "12 ans" → "ans", "750 €" →
 * ""), folded, into units[k] (units may be NULL). */
int ranges_numbers_units(const char *text, size_t n, double *out, char (*units)[RANGES_UNIT_MAX],
                         int max);

/* Does text[0..n) state a range that holds v?  Bounded ranges ("de A à B",
 * "A à B", "entre A et B", "A-B", "A – B") hold A <= v <= B; open ones hold
 * v below ("moins de A", "jusqu'à A", "inférieur à A", "< A", "≤ A") or from
 * ("plus de A", "au-delà de A", "à partir de A", "dès A", "supérieur à A",
 * "A et plus", "> A", "≥ A").  A number alone is no range. */
bool ranges_hold(const char *text, size_t n, double v);

/* The same for a number the resident gave with what it counts ("1
 * adulte", "12 ans"): a range that says it counts something else ("2
 * adultes et jusqu'à 3 enfants") does not hold it.  unit NULL or "": any. */
bool ranges_hold_unit(const char *text, size_t n, double v, const char *unit);

#endif
