/* fbtoken.c — feedback tokens (see fbtoken.h). */
#include "channels/fbtoken.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAC_BYTES 16

void fbtoken_make(const unsigned char key[FBTOKEN_KEY_LEN], long long id,
                  char out[GC_FEEDBACK_TOKEN_LEN + 1])
{
    char msg[48];
    unsigned char mac[MAC_BYTES];
    int n = snprintf(msg, sizeof msg, "guichet-feedback:%lld", id);
    crypto_generichash(mac, sizeof mac, (const unsigned char *)msg, (size_t)n, key,
                       FBTOKEN_KEY_LEN);
    sodium_bin2base64(out, GC_FEEDBACK_TOKEN_LEN + 1, mac, sizeof mac,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool fbtoken_check(const unsigned char key[FBTOKEN_KEY_LEN], long long id, const char *token)
{
    char want[GC_FEEDBACK_TOKEN_LEN + 1];
    if (!token || strlen(token) != GC_FEEDBACK_TOKEN_LEN || id <= 0)
        return false;
    fbtoken_make(key, id, want);
    return sodium_memcmp(want, token, GC_FEEDBACK_TOKEN_LEN) == 0;
}
