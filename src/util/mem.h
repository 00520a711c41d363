/* mem.h — allocation wrappers.  Out of memory is decided once: we abort with a
 * message.  A citizen assistant that half-answers is worse than one that
 * restarts (systemd brings it back). */
#ifndef GC_UTIL_MEM_H
#define GC_UTIL_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array: returns p resized to hold n elements of size sz. */
void *xreallocarray(void *p, size_t n, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
