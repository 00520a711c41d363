/* ratelimit.c — sharded, fixed-size GCRA token buckets per client address.
 * See ratelimit.h for the algorithm and its trade-offs. */
#include "channels/ratelimit.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/mem.h"

#define WAYS 8                              /* entries per set */
#define SETS (GC_RATE_SLOTS / WAYS)         /* sets per shard */
#define NS_PER_S 1000000000ull

_Static_assert(GC_RATE_SLOTS % WAYS == 0, "GC_RATE_SLOTS must be a multiple of the ways");

struct entry {
    unsigned char addr[16];
    uint64_t tat;   /* theoretical arrival time, ns; 0 = empty slot */
};

/* One lock per cache line: threads working on different shards never
 * bounce each other's line. */
union lock {
    pthread_mutex_t m;
    char pad[64];
};

struct ratelimit {
    uint64_t interval_ns;   /* T: one token every T */
    uint64_t tolerance_ns;  /* tau = T * (burst - 1): how far ahead TAT may run */
    unsigned char secret[crypto_shorthash_KEYBYTES];
    union lock *locks;      /* GC_RATE_SHARDS, 64-byte aligned */
    struct entry *slots;    /* GC_RATE_SHARDS * GC_RATE_SLOTS */
};

struct ratelimit *ratelimit_new(long per_minute)
{
    if (per_minute <= 0)
        return NULL;
    if (sodium_init() < 0) {
        fprintf(stderr, "guichet: libsodium failed to initialise\n");
        abort();
    }
    struct ratelimit *rl = xcalloc(1, sizeof *rl);
    rl->interval_ns = 60 * NS_PER_S / (uint64_t)per_minute;
    if (rl->interval_ns == 0)
        rl->interval_ns = 1;
    rl->tolerance_ns = rl->interval_ns * (uint64_t)(per_minute - 1);
    randombytes_buf(rl->secret, sizeof rl->secret);
    void *p = NULL;
    if (posix_memalign(&p, 64, GC_RATE_SHARDS * sizeof(union lock)) != 0) {
        fprintf(stderr, "guichet: out of memory (rate limiter)\n");
        abort();
    }
    rl->locks = p;
    for (int i = 0; i < GC_RATE_SHARDS; i++)
        pthread_mutex_init(&rl->locks[i].m, NULL);
    /* calloc of a large block maps zero pages: untouched shards cost nothing. */
    rl->slots = xcalloc((size_t)GC_RATE_SHARDS * GC_RATE_SLOTS, sizeof(struct entry));
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    for (int i = 0; i < GC_RATE_SHARDS; i++)
        pthread_mutex_destroy(&rl->locks[i].m);
    free(rl->locks);
    free(rl->slots);
    free(rl);
}

bool ratelimit_key(const struct ratelimit *rl, const struct sockaddr *sa, struct rl_key *key)
{
    static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    bool ok = true;
    memset(key, 0, sizeof *key);
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        memcpy(key->addr, v4mapped, 12);
        memcpy(key->addr + 12, &in->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        const unsigned char *a = in6->sin6_addr.s6_addr;
        if (!memcmp(a, v4mapped, 12))
            memcpy(key->addr, a, 16);     /* an IPv4 client on a dual-stack socket */
        else
            memcpy(key->addr, a, 8);      /* the /64 of an IPv6 client */
    } else {
        ok = false;
    }
    if (rl) {
        unsigned char h[crypto_shorthash_BYTES];
        crypto_shorthash(h, key->addr, sizeof key->addr, rl->secret);
        memcpy(&key->hash, h, sizeof key->hash);
    }
    return ok;
}

bool ratelimit_take(struct ratelimit *rl, const struct rl_key *key, uint64_t now_ns,
                    unsigned *retry_after_s)
{
    if (!rl)
        return true;
    if (now_ns == 0)
        now_ns = 1;                       /* 0 marks an empty slot */
    unsigned shard = (unsigned)(key->hash % GC_RATE_SHARDS);
    unsigned set = (unsigned)((key->hash / GC_RATE_SHARDS) % SETS);
    struct entry *e = rl->slots + (size_t)shard * GC_RATE_SLOTS + (size_t)set * WAYS;
    struct entry *hit = NULL, *victim = e;
    bool ok;

    pthread_mutex_lock(&rl->locks[shard].m);
    for (int i = 0; i < WAYS; i++) {
        if (e[i].tat && !memcmp(e[i].addr, key->addr, 16)) {
            hit = &e[i];
            break;
        }
        if (e[i].tat < victim->tat)
            victim = &e[i];
    }
    if (!hit) {
        hit = victim;
        memcpy(hit->addr, key->addr, 16);
        hit->tat = now_ns;                /* a fresh, full bucket */
    }
    uint64_t tat = hit->tat > now_ns ? hit->tat : now_ns;
    if (tat - now_ns > rl->tolerance_ns) {
        ok = false;
        if (retry_after_s) {
            uint64_t wait = tat - rl->tolerance_ns - now_ns;
            *retry_after_s = (unsigned)((wait + NS_PER_S - 1) / NS_PER_S);
            if (*retry_after_s == 0)
                *retry_after_s = 1;
        }
    } else {
        ok = true;
        hit->tat = tat + rl->interval_ns;
    }
    pthread_mutex_unlock(&rl->locks[shard].m);
    return ok;
}
