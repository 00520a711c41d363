/* accounts.h — passwords of the back office's accounts: hashing them off
 * the HTTP workers, the rules a password follows, and the throttling of
 * wrong ones.
 *
 * Hashing.  Passwords are hashed with libsodium's crypto_pwhash_str()
 * (Argon2id, the INTERACTIVE limits: 64 MiB and about a tenth of a second
 * of a core each time) and checked with crypto_pwhash_str_verify().  That is
 * far too long for an HTTP worker, whose other connections would wait: the
 * back office runs on a thread of its own (admin/runner.h), one job at a
 * time, so memory stays at one hash's 64 MiB and a flood of logins costs
 * one core, never the workers.
 *
 * Throttling.  Wrong passwords are counted per (login, client address):
 * after GC_ADMIN_FAILURES_MAX within GC_ADMIN_LOCKOUT_S, that pair is
 * refused (429) until GC_ADMIN_LOCKOUT_S after the last failure; other
 * addresses and other logins are not affected.  A success clears the count.
 * The table has a fixed size (GC_ADMIN_THROTTLE_SLOTS, keyed by a SipHash
 * with a random key): memory never grows; when full, the entry failed
 * longest ago is forgotten. */
#ifndef GC_ADMIN_ACCOUNTS_H
#define GC_ADMIN_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/users.h"
#include "util/err.h"

/* Hash password into out (USER_HASH_MAX bytes).  Slow: call it on the
 * back office's thread, or from the command line.  GC_ERR_NOMEM when libsodium
 * could not get its memory. */
enum gc_rc accounts_hash(const char *password, char out[USER_HASH_MAX], struct gc_err *e);

/* Does password match hash (crypto_pwhash_str_verify)?  Slow, as above.
 * A NULL or malformed hash never matches. */
bool accounts_verify(const char *hash, const char *password);

/* A hash that matches no password, for logins that do not exist (so that
 * they take as long to refuse as a wrong password). */
const char *accounts_dummy_hash(void);

/* Does the password follow the rules: GC_PASSWORD_MIN_CHARS characters or
 * more, at most GC_PASSWORD_MAX_BYTES bytes, valid UTF-8 without control
 * characters, not the login itself?  False with a message in French in e. */
bool accounts_password_ok(const char *password, const char *login, struct gc_err *e);

/* ---- throttling wrong passwords ---- */

struct throttle;

struct throttle *throttle_new(void);
void throttle_free(struct throttle *t);   /* accepts NULL */

/* Is (login, client) refused at time now (seconds, monotonic)?  When it is,
 * *retry_s gets the seconds left (at least 1). */
bool throttle_blocked(struct throttle *t, const char *login, const unsigned char client[16],
                      int64_t now, unsigned *retry_s);
/* Count a wrong password / forget the failures after a success. */
void throttle_fail(struct throttle *t, const char *login, const unsigned char client[16],
                   int64_t now);
void throttle_clear(struct throttle *t, const char *login, const unsigned char client[16]);

#endif
