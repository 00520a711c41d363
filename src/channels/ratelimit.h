/* ratelimit.h — how many questions one client address may ask per minute.
 *
 * A token bucket per address, written as GCRA (the "generic cell rate
 * algorithm" of ATM, RFC 2697's single-rate meter in time units): each
 * address holds one number, the theoretical arrival time (TAT) of its next
 * request.  A bucket holds `per_minute` tokens and refills at per_minute/60
 * tokens a second, so a client may ask per_minute questions at once and then
 * one every 60/per_minute seconds.
 *
 * Addresses are keyed by IPv4 address or by IPv6 /64 prefix (one subscriber
 * line gets at least a /64, so keying by full IPv6 address would give one
 * household 2^64 buckets).  The table is sharded (one mutex per shard, padded
 * to its own cache line) and set-associative with a fixed size: memory never
 * grows, and when a set is full the entry with the smallest TAT is replaced —
 * if its TAT is in the past its bucket is full anyway, so nothing is lost.
 * The hash is SipHash keyed at random, so nobody can aim addresses at a set.
 *
 * Thread-safe.  The clock is passed in (monotonic nanoseconds) so that tests
 * can drive time. */
#ifndef GC_CHANNELS_RATELIMIT_H
#define GC_CHANNELS_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* The identity of a client for rate limiting: 16 bytes (IPv4 is mapped into
 * ::ffff:0:0/96, IPv6 is cut to its /64) and its keyed hash. */
struct rl_key {
    unsigned char addr[16];
    uint64_t hash;   /* filled by ratelimit_key() */
};

struct ratelimit;

/* A limiter allowing per_minute requests a minute per address; NULL when
 * per_minute <= 0 (no limit: ratelimit_take() on NULL always allows). */
struct ratelimit *ratelimit_new(long per_minute);
void ratelimit_free(struct ratelimit *rl);   /* accepts NULL */

/* Fill key from a socket address (AF_INET or AF_INET6); false for any other
 * family (such clients share one bucket: the all-zero key). */
bool ratelimit_key(const struct ratelimit *rl, const struct sockaddr *sa, struct rl_key *key);

/* Spend one token of key's bucket at time now_ns (CLOCK_MONOTONIC).  Returns
 * true if the request may go on; otherwise false, with *retry_after_s (may be
 * NULL) set to the whole seconds until a token is available (at least 1). */
bool ratelimit_take(struct ratelimit *rl, const struct rl_key *key, uint64_t now_ns,
                    unsigned *retry_after_s);

#endif
