/* scrub.h — mask personal data in a resident's question before it is stored.
 *
 * Residents sometimes type their phone number, e-mail address or a file
 * number into the question box.  The town keeps the questions (for
 * retention-days) to improve its pages; it does not need those.  Masked:
 *   - e-mail addresses (local@domain.tld)                → "[courriel]"
 *   - phone numbers: digit groups joined by one space, dot or hyphen, with a
 *     leading + or 0, 9 to 15 digits in all               → "[téléphone]"
 *   - any other such run of 9+ digits, or 7+ digits in one group (tax,
 *     social security, customer numbers...)              → "[numéro]"
 * Dates, years, postal codes, hours and prices (fewer digits) are kept.
 * The rules are deliberately simple and err towards masking. */
#ifndef GC_TEXT_SCRUB_H
#define GC_TEXT_SCRUB_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define SCRUB_EMAIL "[courriel]"
#define SCRUB_PHONE "[téléphone]"
#define SCRUB_NUMBER "[numéro]"

/* Append the scrubbed text of s[0..len) to out.  The output is never longer
 * than the input plus a few bytes per mask; GC_ERR_TOOBIG when out's cap is
 * reached (out then holds a prefix). */
enum gc_rc scrub_text(const char *s, size_t len, struct buf *out);

#endif
