/* sha1.h — SHA-1 (RFC 3174, FIPS 180-4) and HMAC-SHA1 (RFC 2104).
 *
 * Here for one reason: Twilio signs its webhooks with HMAC-SHA1
 * (X-Twilio-Signature), and none of the libraries Guichet links offers SHA-1
 * (libsodium deliberately does not).  SHA-1 is broken for collision
 * resistance, but HMAC-SHA1 as a MAC is not affected (RFC 6194 §3.2); do not
 * use it for anything else.  Pure functions, thread-safe, no allocation. */
#ifndef GC_UTIL_SHA1_H
#define GC_UTIL_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN 20          /* bytes of a digest */
#define SHA1_BLOCK 64        /* bytes of a block */

struct sha1 {
    uint32_t h[5];
    uint64_t bytes;                     /* message length so far */
    unsigned char block[SHA1_BLOCK];    /* pending bytes */
    size_t fill;                        /* bytes in block */
};

void sha1_init(struct sha1 *c);
void sha1_update(struct sha1 *c, const void *data, size_t len);
void sha1_final(struct sha1 *c, unsigned char out[SHA1_LEN]);   /* c must be re-initialised after */

/* One-shot digest of data[0..len). */
void sha1(const void *data, size_t len, unsigned char out[SHA1_LEN]);

/* HMAC-SHA1 of msg under key (any length: keys longer than a block are
 * hashed first, as RFC 2104 §2 says). */
void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t msg_len,
               unsigned char out[SHA1_LEN]);

#endif
