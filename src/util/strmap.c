/* strmap.c — open-addressing string map with linear probing.
 *
 * A slot holds 1 + the key's index in its low 24 bits and 8 bits of the
 * key's hash above them: a probe that meets another key almost always sees
 * a different tag and moves on without reading that key (two cache misses
 * saved: the pointer, then the string).  Past 2^24 - 2 keys the tags are
 * dropped (idx_mask becomes all ones) and every probe compares keys. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

uint64_t strmap_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL; /* FNV-1a 64 offset basis */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define TAGGED_MASK ((1u << 24) - 1)

static uint32_t tag_of(const struct strmap *m, uint64_t h)
{
    return m->idx_mask == TAGGED_MASK ? (uint32_t)(h >> 56) << 24 : 0;
}

void strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof *m);
    m->idx_mask = TAGGED_MASK;
    m->nslots = 1024;
    m->slots = xcalloc(m->nslots, sizeof *m->slots);
}

void strmap_free(struct strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nblocks; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m->keys);
    free(m->vals);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void strmap_compact(struct strmap *m)
{
    if (!m->n || m->cap == m->n)
        return;
    m->keys = xreallocarray(m->keys, m->n, sizeof *m->keys);
    m->vals = xreallocarray(m->vals, m->n, sizeof *m->vals);
    m->cap = m->n;
}

static size_t find_slot(const struct strmap *m, const char *key, size_t len)
{
    size_t mask = m->nslots - 1;
    uint64_t h = strmap_hash(key, len);
    uint32_t tag = tag_of(m, h);
    size_t i = (size_t)h & mask;
    for (;;) {
        uint32_t s = m->slots[i];
        if (!s)
            return i;
        if ((s & ~m->idx_mask) == tag) {
            const char *k = m->keys[(s & m->idx_mask) - 1];
            if (!strncmp(k, key, len) && k[len] == '\0')
                return i;
        }
        i = (i + 1) & mask;
    }
}

uint32_t strmap_get(const struct strmap *m, const char *key, size_t len)
{
    uint32_t s = m->slots[find_slot(m, key, len)];
    return s ? m->vals[(s & m->idx_mask) - 1] : UINT32_MAX;
}

/* Put every key again into n slots (n a power of two). */
static void rebuild(struct strmap *m, size_t n)
{
    uint32_t *slots = xcalloc(n, sizeof *slots);
    for (uint32_t i = 0; i < m->n; i++) {
        uint64_t h = strmap_hash(m->keys[i], strlen(m->keys[i]));
        size_t j = (size_t)h & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = tag_of(m, h) | (i + 1);
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
}

/* Copy a key into the arena (a key longer than a block gets a block of its own). */
static char *arena_copy(struct strmap *m, const char *key, size_t len)
{
    if (!m->nblocks || m->used + len + 1 > STRMAP_BLOCK) {
        size_t sz = len + 1 > STRMAP_BLOCK ? len + 1 : STRMAP_BLOCK;
        m->blocks = xreallocarray(m->blocks, m->nblocks + 1, sizeof *m->blocks);
        m->blocks[m->nblocks++] = xmalloc(sz);
        m->used = 0;
    }
    char *k = m->blocks[m->nblocks - 1] + m->used;
    memcpy(k, key, len);
    k[len] = '\0';
    m->used += len + 1;
    return k;
}

uint32_t strmap_put(struct strmap *m, const char *key, size_t len, uint32_t val)
{
    size_t i = find_slot(m, key, len);
    if (m->slots[i])
        return m->vals[(m->slots[i] & m->idx_mask) - 1];
    if (m->n + 1 > TAGGED_MASK && m->idx_mask == TAGGED_MASK) {
        m->idx_mask = UINT32_MAX;   /* no room left for tags */
        rebuild(m, m->nslots);
        i = find_slot(m, key, len);
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->keys = xreallocarray(m->keys, m->cap, sizeof *m->keys);
        m->vals = xreallocarray(m->vals, m->cap, sizeof *m->vals);
    }
    m->keys[m->n] = arena_copy(m, key, len);
    m->vals[m->n] = val;
    m->n++;
    m->slots[i] = tag_of(m, strmap_hash(key, len)) | m->n;
    if ((size_t)m->n * 2 > m->nslots)
        rebuild(m, m->nslots * 2);
    return val;
}
