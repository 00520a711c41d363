/* sentences.h — split French text into sentences.
 *
 * A line break always ends a sentence (passages keep one paragraph or list
 * item per line).  Inside a line, '.', '!', '?' and '…' end a sentence when
 * followed by a space and a capital, a digit or an opening quote — except
 * after common abbreviations (M., Mme., art., n°, etc.) and initials. */
#ifndef GC_TEXT_SENTENCES_H
#define GC_TEXT_SENTENCES_H

#include <stddef.h>

struct span {
    size_t start, end;   /* byte offsets, end exclusive, trimmed */
};

/* Fill at most max spans; returns the number of sentences found (which may
 * be more than max: only the first max are stored). */
size_t sentences_split(const char *text, size_t len, struct span *out, size_t max);

#endif
