/* sentences.h — split French text into sentences.
 *
 * A line break always ends a sentence (passages keep one paragraph or list
 * item per line).  Inside a line, '.', '!', '?' and '…' end a sentence when
 * followed by a space and a capital, a digit or an opening quote — except
 * after common abbreviations (M., Mme., art., n°, etc.) and initials. */
#ifndef GC_TEXT_SENTENCES_H
#define GC_TEXT_SENTENCES_H

#include <stdbool.h>
#include <stddef.h>

struct span {
    size_t start, end;   /* byte offsets, end exclusive, trimmed */
};

/* Fill at most max spans; returns the number of sentences found (which may
 * be more than max: only the first max are stored). */
size_t sentences_split(const char *text, size_t len, struct span *out, size_t max);

/* Does s[0..n) start with a capital letter: A-Z, or one of À..Þ (U+00C0..
 * U+00DE, in UTF-8 C3 80..C3 9E) but × (U+00D7)?  The capitals of French
 * text, enough to tell a sentence's start or a proper name. */
bool sentences_capital_at(const char *s, size_t n);

#endif
