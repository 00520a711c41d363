/* strmap.h — string → uint32 map, open addressing, keys copied into an
 * arena.  Built once, then read-only (so safe to read from many threads). */
#ifndef GC_UTIL_STRMAP_H
#define GC_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
    uint32_t *slots;   /* index+1 into keys (bits of idx_mask), 0 = empty; hash tag above */
    uint32_t idx_mask; /* 2^24 - 1, or all ones past 2^24 - 2 keys (no tags) */
    size_t nslots;     /* power of two */
    uint32_t n;        /* number of keys */
    char **keys;       /* keys[i] for i < n */
    uint32_t *vals;
    size_t cap;
    char **blocks;     /* the arena: keys are packed in blocks of STRMAP_BLOCK */
    size_t nblocks;
    size_t used;       /* bytes used in the last block */
};

#define STRMAP_BLOCK (64 * 1024)

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Give back the spare room of a map that is built (puts still work). */
void strmap_compact(struct strmap *m);
/* Value of key, or UINT32_MAX when absent. */
uint32_t strmap_get(const struct strmap *m, const char *key, size_t len);
/* Insert key → val unless present; returns the value now stored. */
uint32_t strmap_put(struct strmap *m, const char *key, size_t len, uint32_t val);
uint64_t strmap_hash(const char *s, size_t len);   /* FNV-1a 64 */

#endif
