/* jsonnum.h — a double written as JSON, as cJSON 1.7.15 writes it.
 *
 * cJSON's print_number writes "%1.15g", or "%1.17g" when that does not read
 * back as the same double; snprintf and the read-back cost a few thousand
 * instructions a number, more than the rest of an answer's JSON.  The
 * numbers of an answer are mostly integers or rounded to a few decimals
 * (confidence to 3, milliseconds to 1): those are written here from an
 * integer, digit by digit, to the same text; any other double goes the slow
 * way. */
#ifndef GC_UTIL_JSONNUM_H
#define GC_UTIL_JSONNUM_H

#include <stddef.h>
#include <stdint.h>

#define JSONNUM_MAX 32   /* bytes of the longest text, with its NUL */

/* Write d into out (NUL-terminated); returns its length.  NaN and the
 * infinities, which JSON lacks, are written "null". */
size_t jsonnum_format(double d, char out[JSONNUM_MAX]);

/* Write v in decimal into out (NUL-terminated, at most 20 digits); returns
 * its length.  (An integer as JSON writes it; the access log's numbers.) */
size_t jsonnum_u64(uint64_t v, char out[JSONNUM_MAX]);

#endif
