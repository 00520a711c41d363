/* sha1.c — SHA-1 (RFC 3174 §6, the "method 1" of the standard: an 80-word
 * message schedule) and HMAC-SHA1 (RFC 2104).  Tested against the vectors of
 * RFC 3174 §7.3 and RFC 2202 §3 (tests/unit/test_sha1.c). */
#include "util/sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void compress(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 80; t++)
        w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t tmp = rol(a, 5) + f + e + w[t] + k;
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void sha1_init(struct sha1 *c)
{
    static const uint32_t iv[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
                                   0xC3D2E1F0u};
    memcpy(c->h, iv, sizeof iv);
    c->bytes = 0;
    c->fill = 0;
}

void sha1_update(struct sha1 *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->bytes += len;
    if (c->fill) {
        size_t n = SHA1_BLOCK - c->fill < len ? SHA1_BLOCK - c->fill : len;
        memcpy(c->block + c->fill, p, n);
        c->fill += n;
        p += n;
        len -= n;
        if (c->fill < SHA1_BLOCK)
            return;
        compress(c->h, c->block);
        c->fill = 0;
    }
    for (; len >= SHA1_BLOCK; p += SHA1_BLOCK, len -= SHA1_BLOCK)
        compress(c->h, p);
    memcpy(c->block, p, len);
    c->fill = len;
}

void sha1_final(struct sha1 *c, unsigned char out[SHA1_LEN])
{
    uint64_t bits = c->bytes * 8;
    /* Padding: 0x80, zeros up to 56 mod 64, then the length in bits, big endian. */
    c->block[c->fill++] = 0x80;
    if (c->fill > 56) {
        memset(c->block + c->fill, 0, SHA1_BLOCK - c->fill);
        compress(c->h, c->block);
        c->fill = 0;
    }
    memset(c->block + c->fill, 0, 56 - c->fill);
    for (int i = 0; i < 8; i++)
        c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(c->h, c->block);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(c->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->h[i];
    }
    memset(c->block, 0, sizeof c->block);   /* the tail of a keyed message */
}

void sha1(const void *data, size_t len, unsigned char out[SHA1_LEN])
{
    struct sha1 c;
    sha1_init(&c);
    sha1_update(&c, data, len);
    sha1_final(&c, out);
}

void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t msg_len,
               unsigned char out[SHA1_LEN])
{
    unsigned char k[SHA1_BLOCK] = {0}, pad[SHA1_BLOCK], inner[SHA1_LEN];
    struct sha1 c;
    if (key_len > SHA1_BLOCK)
        sha1(key, key_len, k);
    else if (key_len)
        memcpy(k, key, key_len);
    for (int i = 0; i < SHA1_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    sha1_init(&c);
    sha1_update(&c, pad, sizeof pad);
    sha1_update(&c, msg, msg_len);
    sha1_final(&c, inner);
    for (int i = 0; i < SHA1_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    sha1_init(&c);
    sha1_update(&c, pad, sizeof pad);
    sha1_update(&c, inner, sizeof inner);
    sha1_final(&c, out);
    memset(k, 0, sizeof k);
    memset(pad, 0, sizeof pad);
}
