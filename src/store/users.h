/* users.h — the back office's accounts and sessions (schema step 8).
 *
 * An account is a login, a role and, for editors and validators, the
 * services whose pages it acts on (none: every service).  Its password is
 * stored as libsodium's crypto_pwhash_str() string (Argon2id, salt and
 * limits inside); this module never sees a password, only that string: the
 * hashing is the caller's (admin/accounts.h), off the HTTP workers.
 *
 * A session is keyed by the hash of the random value its cookie carries
 * (the caller hashes it), so a copy of the database opens no session; it
 * holds its CSRF token and its creation and last-use times (Unix seconds).
 *
 * Every function runs on the caller's connection; writes are one statement
 * or one transaction each. */
#ifndef GC_STORE_USERS_H
#define GC_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"
#include "util/limits.h"

enum user_role { ROLE_EDITOR, ROLE_VALIDATOR, ROLE_ADMIN };

#define USER_HASH_MAX 128   /* bytes of a crypto_pwhash_str string (crypto_pwhash_STRBYTES) */
#define SESSION_KEY_HEX 64  /* hex characters of a session's key (a 256-bit hash) */
#define SESSION_CSRF_HEX 64 /* hex characters of its CSRF token (256 random bits) */

struct user {
    int64_t id;
    char login[GC_LOGIN_MAX + 1];
    enum user_role role;
    bool disabled;
    char created_at[24];
    char services[GC_USER_SERVICES_MAX][GC_SERVICE_NAME_MAX + 1];
    int nservices;            /* 0: every service */
};

/* "admin", "validator", "editor". */
const char *user_role_name(enum user_role r);
/* The role a name says; false when it is none of the three. */
bool user_role_parse(const char *s, enum user_role *out);

/* Is s an acceptable login: 1..GC_LOGIN_MAX bytes of letters, digits and
 * . _ - @ (ASCII), starting with a letter or a digit? */
bool user_login_valid(const char *s);

/* Does the account act on pages of service `service`?  (Admins, and
 * accounts without services, act on all.) */
bool user_has_service(const struct user *u, const char *service);

/* Add an account.  Errors: GC_ERR_INVALID (bad login, too many services, a
 * service name too long or empty; message in e), GC_ERR_DB (a login taken:
 * message says so). */
enum gc_rc users_add(struct db *db, const char *login, enum user_role role,
                     const char *const *services, int nservices, const char *hash,
                     struct gc_err *e);

/* The account named login, and its password hash (hash may be NULL: at
 * least USER_HASH_MAX bytes).  GC_ERR_NOTFOUND when there is none. */
enum gc_rc users_get(struct db *db, const char *login, struct user *out, char *hash,
                     struct gc_err *e);
enum gc_rc users_get_id(struct db *db, int64_t id, struct user *out, struct gc_err *e);

/* Every account, by login; fn returns non-zero to stop. */
enum gc_rc users_list(struct db *db, int (*fn)(void *ctx, const struct user *u), void *ctx,
                      struct gc_err *e);

/* Disable an account and end its sessions.  GC_ERR_NOTFOUND when none. */
enum gc_rc users_disable(struct db *db, const char *login, struct gc_err *e);

/* Replace an account's password hash; its other sessions end (keep_session:
 * the key of the one to keep, or NULL). */
enum gc_rc users_set_password(struct db *db, int64_t id, const char *hash,
                              const char *keep_session, struct gc_err *e);

/* How many enabled admins there are (the last one may not be disabled). */
enum gc_rc users_count_admins(struct db *db, int *n, struct gc_err *e);

/* A session of user_id with key `key` (SESSION_KEY_HEX hex) and CSRF token
 * csrf, started at now. */
enum gc_rc sessions_add(struct db *db, const char *key, int64_t user_id, const char *csrf,
                        int64_t now, struct gc_err *e);

/* The live session `key` at time now: its account (enabled) and its CSRF
 * token (SESSION_CSRF_HEX + 1 bytes).  A session idle for more than idle_s
 * or older than max_s is deleted and GC_ERR_NOTFOUND returned, as for an
 * unknown key.  The last-use time is written at most once a minute. */
enum gc_rc sessions_get(struct db *db, const char *key, int64_t now, int64_t idle_s,
                        int64_t max_s, struct user *u, char *csrf, struct gc_err *e);

/* End the session `key` (nothing when there is none). */
enum gc_rc sessions_delete(struct db *db, const char *key, struct gc_err *e);

/* Delete every session past its time (a login does it). */
enum gc_rc sessions_purge(struct db *db, int64_t now, int64_t idle_s, int64_t max_s,
                          struct gc_err *e);

#endif
