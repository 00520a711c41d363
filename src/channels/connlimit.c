/* connlimit.c — connections in all and per address (see connlimit.h).
 *
 * Per-address counts live in an open-addressing table of twice the total
 * cap (so never full: at most max_total addresses hold a connection),
 * keyed by the address, hashed with a random SipHash key so that nobody
 * can aim addresses at one chain.  A count that falls to 0 is removed by
 * backward shifting (no tombstones). */
#include "channels/connlimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct slot {
    unsigned char addr[16];
    unsigned n;              /* 0: empty */
};

struct connlimit {
    pthread_mutex_t mu;
    unsigned max_total, max_per;
    unsigned total;
    size_t cap;              /* slots, a power of 2 */
    struct slot *slots;
    unsigned char key[crypto_shorthash_KEYBYTES];
};

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

struct connlimit *connlimit_new(unsigned max_total, unsigned max_per_address)
{
    struct connlimit *cl = xcalloc(1, sizeof *cl);
    pthread_mutex_init(&cl->mu, NULL);
    cl->max_total = max_total ? max_total : 1;
    cl->max_per = max_per_address ? max_per_address : cl->max_total;
    cl->cap = 64;
    while (cl->cap < 2 * (size_t)cl->max_total)
        cl->cap *= 2;
    cl->slots = xcalloc(cl->cap, sizeof *cl->slots);
    if (sodium_init() < 0)
        abort();
    randombytes_buf(cl->key, sizeof cl->key);
    return cl;
}

void connlimit_free(struct connlimit *cl)
{
    if (!cl)
        return;
    pthread_mutex_destroy(&cl->mu);
    free(cl->slots);
    free(cl);
}

static void key_of(const unsigned char addr[16], unsigned char k[16])
{
    memcpy(k, addr, 16);
    if (memcmp(addr, v4mapped, 12))
        memset(k + 8, 0, 8);   /* an IPv6 client counts by its /64 */
}

static size_t home(const struct connlimit *cl, const unsigned char k[16])
{
    unsigned char h[crypto_shorthash_BYTES];
    uint64_t v;
    crypto_shorthash(h, k, 16, cl->key);
    memcpy(&v, h, sizeof v);
    return (size_t)v & (cl->cap - 1);
}

/* The slot of k, or the empty slot where it would go. */
static size_t find(const struct connlimit *cl, const unsigned char k[16])
{
    size_t i = home(cl, k);
    while (cl->slots[i].n && memcmp(cl->slots[i].addr, k, 16))
        i = (i + 1) & (cl->cap - 1);
    return i;
}

bool connlimit_take(struct connlimit *cl, const unsigned char addr[16], bool exempt)
{
    unsigned char k[16];
    key_of(addr, k);
    bool ok = false;
    pthread_mutex_lock(&cl->mu);
    if (cl->total < cl->max_total) {
        if (exempt) {
            ok = true;
        } else {
            size_t i = find(cl, k);
            if (cl->slots[i].n < cl->max_per) {
                if (!cl->slots[i].n)
                    memcpy(cl->slots[i].addr, k, 16);
                cl->slots[i].n++;
                ok = true;
            }
        }
        if (ok)
            cl->total++;
    }
    pthread_mutex_unlock(&cl->mu);
    return ok;
}

void connlimit_give(struct connlimit *cl, const unsigned char addr[16], bool exempt)
{
    unsigned char k[16];
    key_of(addr, k);
    pthread_mutex_lock(&cl->mu);
    if (cl->total)
        cl->total--;
    if (!exempt) {
        size_t i = find(cl, k);
        if (cl->slots[i].n && --cl->slots[i].n == 0) {
            /* Backward-shift deletion: move up the entries after the hole
             * that would not be found past it. */
            size_t hole = i, j = i;
            for (;;) {
                j = (j + 1) & (cl->cap - 1);
                if (!cl->slots[j].n)
                    break;
                size_t h = home(cl, cl->slots[j].addr);
                /* j's entry may move to hole unless its home lies in (hole, j]. */
                bool between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
                if (!between) {
                    cl->slots[hole] = cl->slots[j];
                    cl->slots[j].n = 0;
                    hole = j;
                }
            }
        }
    }
    pthread_mutex_unlock(&cl->mu);
}

unsigned connlimit_total(struct connlimit *cl)
{
    pthread_mutex_lock(&cl->mu);
    unsigned n = cl->total;
    pthread_mutex_unlock(&cl->mu);
    return n;
}
