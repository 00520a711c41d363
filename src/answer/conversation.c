/* conversation.c — sharded LRU of conversation topics (see conversation.h).
 *
 * Each shard is a chained hash table over a fixed pool of entries, plus a
 * doubly-linked recency list (head = most recent).  All memory of a shard is
 * allocated once, at creation: a put never allocates. */
#include "answer/conversation.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "text/langdata.h"
#include "util/mem.h"

#define SHARDS 16
#define NIL UINT32_MAX

struct entry {
    char id[GC_CONVERSATION_ID_MAX + 1];
    char topic[GC_TOPIC_MAX_BYTES];
    uint64_t touched;
    uint32_t hnext;          /* next in the hash chain */
    uint32_t prev, next;     /* recency list */
    uint32_t bucket;
};

struct shard {
    pthread_mutex_t mu;
    struct entry *e;
    uint32_t cap, n;
    uint32_t *buckets;       /* nbuckets heads */
    uint32_t nbuckets;       /* power of two */
    uint32_t head, tail;     /* recency list */
    uint32_t free_head;      /* unused entries, chained by hnext */
};

struct conversations {
    struct shard s[SHARDS];
    unsigned ttl;
};

static uint64_t hash_id(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;   /* FNV-1a */
    for (; *id; id++) {
        h ^= (unsigned char)*id;
        h *= 0x100000001b3ull;
    }
    return h;
}

struct conversations *conversations_new(size_t max, unsigned ttl_s)
{
    struct conversations *c = xcalloc(1, sizeof *c);
    size_t per = (max + SHARDS - 1) / SHARDS;
    if (per < 1)
        per = 1;
    c->ttl = ttl_s;
    for (int i = 0; i < SHARDS; i++) {
        struct shard *s = &c->s[i];
        pthread_mutex_init(&s->mu, NULL);
        s->cap = (uint32_t)per;
        s->e = xcalloc(per, sizeof *s->e);
        s->nbuckets = 1;
        while (s->nbuckets < per * 2)
            s->nbuckets <<= 1;
        s->buckets = xmalloc(s->nbuckets * sizeof *s->buckets);
        for (uint32_t b = 0; b < s->nbuckets; b++)
            s->buckets[b] = NIL;
        s->head = s->tail = NIL;
        for (uint32_t k = 0; k < s->cap; k++)
            s->e[k].hnext = k + 1 < s->cap ? k + 1 : NIL;
        s->free_head = 0;
    }
    return c;
}

void conversations_free(struct conversations *c)
{
    if (!c)
        return;
    for (int i = 0; i < SHARDS; i++) {
        pthread_mutex_destroy(&c->s[i].mu);
        free(c->s[i].e);
        free(c->s[i].buckets);
    }
    free(c);
}

static void list_unlink(struct shard *s, uint32_t k)
{
    struct entry *x = &s->e[k];
    if (x->prev != NIL)
        s->e[x->prev].next = x->next;
    else
        s->head = x->next;
    if (x->next != NIL)
        s->e[x->next].prev = x->prev;
    else
        s->tail = x->prev;
    x->prev = x->next = NIL;
}

static void list_push_front(struct shard *s, uint32_t k)
{
    struct entry *x = &s->e[k];
    x->prev = NIL;
    x->next = s->head;
    if (s->head != NIL)
        s->e[s->head].prev = k;
    s->head = k;
    if (s->tail == NIL)
        s->tail = k;
}

/* Remove entry k from its chain and the list, and give it back. */
static void drop(struct shard *s, uint32_t k)
{
    struct entry *x = &s->e[k];
    uint32_t *pp = &s->buckets[x->bucket];
    while (*pp != k)
        pp = &s->e[*pp].hnext;
    *pp = x->hnext;
    list_unlink(s, k);
    x->hnext = s->free_head;
    s->free_head = k;
    s->n--;
}

static uint32_t find(struct shard *s, const char *id, uint32_t bucket)
{
    for (uint32_t k = s->buckets[bucket]; k != NIL; k = s->e[k].hnext)
        if (!strcmp(s->e[k].id, id))
            return k;
    return NIL;
}

bool conversations_get(struct conversations *c, const char *id, uint64_t now, char *out,
                       size_t n)
{
    if (!c || !id || !*id || n == 0)
        return false;
    uint64_t h = hash_id(id);
    struct shard *s = &c->s[h % SHARDS];
    bool found = false;
    pthread_mutex_lock(&s->mu);
    uint32_t k = find(s, id, (uint32_t)(h / SHARDS) & (s->nbuckets - 1));
    if (k != NIL) {
        struct entry *x = &s->e[k];
        if (now > x->touched && now - x->touched > c->ttl) {
            drop(s, k);
        } else {
            snprintf(out, n, "%s", x->topic);
            x->touched = now;
            list_unlink(s, k);
            list_push_front(s, k);
            found = true;
        }
    }
    pthread_mutex_unlock(&s->mu);
    return found;
}

/* Copy topic into dst (cap bytes), cutting at the last space that fits. */
static void copy_topic(char *dst, size_t cap, const char *topic)
{
    size_t n = strlen(topic);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && topic[n] != ' ')
            n--;
    }
    memcpy(dst, topic, n);
    dst[n] = '\0';
}

void conversations_put(struct conversations *c, const char *id, const char *topic, uint64_t now)
{
    if (!c || !id || !*id || strlen(id) > GC_CONVERSATION_ID_MAX)
        return;
    uint64_t h = hash_id(id);
    struct shard *s = &c->s[h % SHARDS];
    uint32_t bucket = (uint32_t)(h / SHARDS) & (s->nbuckets - 1);
    pthread_mutex_lock(&s->mu);
    uint32_t k = find(s, id, bucket);
    if (!topic || !*topic) {
        if (k != NIL)
            drop(s, k);
        goto out;
    }
    if (k == NIL) {
        if (s->free_head == NIL) {
            /* Full: expired or not, the least recently used goes. */
            drop(s, s->tail);
        }
        k = s->free_head;
        struct entry *x = &s->e[k];
        s->free_head = x->hnext;
        snprintf(x->id, sizeof x->id, "%s", id);
        x->bucket = bucket;
        x->hnext = s->buckets[bucket];
        s->buckets[bucket] = k;
        x->prev = x->next = NIL;
        list_push_front(s, k);
        s->n++;
    } else {
        list_unlink(s, k);
        list_push_front(s, k);
    }
    copy_topic(s->e[k].topic, sizeof s->e[k].topic, topic);
    s->e[k].touched = now;
out:
    pthread_mutex_unlock(&s->mu);
}

size_t conversations_count(struct conversations *c)
{
    size_t n = 0;
    for (int i = 0; c && i < SHARDS; i++) {
        pthread_mutex_lock(&c->s[i].mu);
        n += c->s[i].n;
        pthread_mutex_unlock(&c->s[i].mu);
    }
    return n;
}

void conversation_new_id(char out[CONVERSATION_ID_LEN + 1])
{
    /* The time in milliseconds first (48 bits, as in UUIDv7, RFC 9562), so
     * that the ids of new conversations sort after the older ones: recording
     * them then appends to the database's indexes instead of touching a
     * random page of each (3 times cheaper once the tables are large, see
     * docs/web.md).  The other 80 bits are random: ids stay unguessable. */
    unsigned char r[CONVERSATION_ID_LEN / 2];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t ms = (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
    for (int i = 0; i < 6; i++)
        r[i] = (unsigned char)(ms >> (40 - 8 * i));
    size_t got = 6;
    while (got < sizeof r) {
        ssize_t k = getrandom(r + got, sizeof r - got, 0);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            /* No system randomness at all: unlikely on Linux >= 3.17; the id
             * then only has to be unique, not secret (it guards no data). */
            uint64_t x = (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 30) ^ (uint64_t)getpid();
            for (; got < sizeof r; got++, x = x * 6364136223846793005ull + 1442695040888963407ull)
                r[got] = (unsigned char)(x >> 56);
            break;
        }
        got += (size_t)k;
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof r; i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    out[CONVERSATION_ID_LEN] = '\0';
}

bool conversation_id_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n == 0 || n > GC_CONVERSATION_ID_MAX)
        return false;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.'))
            return false;
    }
    return true;
}

/* Does s start with the words of w (followed by a space or the end)? */
static bool starts_with_words(const char *s, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(s, w, n) && (s[n] == ' ' || s[n] == '\0');
}

static bool ends_with_word(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    while (n && s[n - 1] == ' ')
        n--;
    return n >= k && !strncmp(s + n - k, w, k) && (n == k || s[n - k - 1] == ' ');
}

bool conversation_is_followup(const char *folded)
{
    /* data/fr/followup-openers.txt, followup-closers.txt */
    const struct ld_list *openers = langdata_list(LD_FOLLOWUP_OPENERS);
    const struct ld_list *closers = langdata_list(LD_FOLLOWUP_CLOSERS);
    if (!folded)
        return false;
    while (*folded == ' ')
        folded++;
    for (size_t i = 0; i < openers->n; i++)
        if (starts_with_words(folded, openers->first[i]))
            return true;
    for (size_t i = 0; i < closers->n; i++)
        if (ends_with_word(folded, closers->first[i]))
            return true;
    return false;
}
