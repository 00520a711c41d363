/* fbtoken.h — the feedback token: what ties a feedback to the resident who
 * got the answer.
 *
 * Every answer that names a stored exchange (message_id) carries a
 * feedback_token, a keyed BLAKE2b MAC (libsodium crypto_generichash, 128
 * bits, base64url without padding: 22 characters) of the id, with a
 * 32-byte key kept in a file beside the SMS key (setting feedback-key-file,
 * default: the database path + ".feedback-key", created mode 0600 when
 * missing: util/keyfile.h).  Only the page or program that received the
 * answer knows it: feedback without it (or with another) is refused (403),
 * so ids, which are sequential, can be neither guessed into feedback nor
 * probed, and a feedback form posted from another site carries no valid
 * token.  Deterministic, so nothing is stored: the same id always gives the
 * same token (ids are never given twice: store/messages.h). */
#ifndef GC_CHANNELS_FBTOKEN_H
#define GC_CHANNELS_FBTOKEN_H

#include <stdbool.h>

#include "util/limits.h"

#define FBTOKEN_KEY_LEN 32

/* The token of exchange id: GC_FEEDBACK_TOKEN_LEN characters and a NUL. */
void fbtoken_make(const unsigned char key[FBTOKEN_KEY_LEN], long long id,
                  char out[GC_FEEDBACK_TOKEN_LEN + 1]);

/* Is token the one of id?  (Compared in constant time; NULL is not.) */
bool fbtoken_check(const unsigned char key[FBTOKEN_KEY_LEN], long long id, const char *token);

#endif
