/* accounts.c — password hashing off the workers, password rules, and the
 * throttling of wrong passwords (see accounts.h). */
#include "admin/accounts.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"

_Static_assert(USER_HASH_MAX >= crypto_pwhash_STRBYTES, "USER_HASH_MAX holds a pwhash string");

enum gc_rc accounts_hash(const char *password, char out[USER_HASH_MAX], struct gc_err *e)
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return gc_err_set(e, GC_ERR_NOMEM, "the password could not be hashed (out of memory)");
    return GC_OK;
}

bool accounts_verify(const char *hash, const char *password)
{
    if (!hash || !*hash || !password || strlen(hash) >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy[USER_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    unsigned char r[32];
    char pw[65];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (accounts_hash(pw, dummy, NULL) != GC_OK)
        dummy[0] = '\0';   /* then unknown logins are refused faster: logged */
    sodium_memzero(pw, sizeof pw);
}

const char *accounts_dummy_hash(void)
{
    pthread_once(&dummy_once, dummy_init);
    if (!dummy[0])
        log_warn("admin: no dummy hash: unknown logins are refused without hashing");
    return dummy;
}

bool accounts_password_ok(const char *password, const char *login, struct gc_err *e)
{
    size_t n = password ? strlen(password) : 0;
    if (n > GC_PASSWORD_MAX_BYTES) {
        gc_err_set(e, GC_ERR_TOOBIG, "Le mot de passe est trop long (%d octets au plus).",
                   GC_PASSWORD_MAX_BYTES);
        return false;
    }
    if (!utf8_valid(password ? password : "", n)) {
        gc_err_set(e, GC_ERR_INVALID, "Le mot de passe n’est pas un texte valide.");
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f) {
            gc_err_set(e, GC_ERR_INVALID,
                       "Le mot de passe ne peut pas contenir de caractère de contrôle.");
            return false;
        }
    if (utf8_count(password ? password : "", n) < GC_PASSWORD_MIN_CHARS) {
        gc_err_set(e, GC_ERR_INVALID, "Le mot de passe doit avoir au moins %d caractères.",
                   GC_PASSWORD_MIN_CHARS);
        return false;
    }
    if (login && !strcmp(password, login)) {
        gc_err_set(e, GC_ERR_INVALID, "Le mot de passe ne peut pas être l’identifiant.");
        return false;
    }
    return true;
}

/* ---------------------------------------------------------- the throttle */

#define WAYS 8
_Static_assert(GC_ADMIN_THROTTLE_SLOTS % WAYS == 0, "whole sets");

struct slot {
    uint64_t key;        /* 0 = empty */
    uint32_t failures;
    int64_t last;        /* time of the last failure */
};

struct throttle {
    pthread_mutex_t mu;
    unsigned char k[crypto_shorthash_KEYBYTES];
    struct slot s[GC_ADMIN_THROTTLE_SLOTS];
};

struct throttle *throttle_new(void)
{
    struct throttle *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    randombytes_buf(t->k, sizeof t->k);
    return t;
}

void throttle_free(struct throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static uint64_t key_of(const struct throttle *t, const char *login, const unsigned char client[16])
{
    unsigned char in[GC_LOGIN_MAX + 1 + 16], out[crypto_shorthash_BYTES];
    size_t n = strnlen(login ? login : "", GC_LOGIN_MAX);
    memcpy(in, login ? login : "", n);
    in[n] = '\0';
    memcpy(in + n + 1, client, 16);
    crypto_shorthash(out, in, n + 1 + 16, t->k);
    uint64_t k;
    memcpy(&k, out, sizeof k);
    return k ? k : 1;
}

/* The slot of key (mu held): its own, or NULL when absent and !create; a
 * new one replaces an empty slot or the one that failed longest ago. */
static struct slot *find(struct throttle *t, uint64_t key, bool create)
{
    struct slot *set = &t->s[(key % (GC_ADMIN_THROTTLE_SLOTS / WAYS)) * WAYS], *victim = NULL;
    for (int i = 0; i < WAYS; i++) {
        if (set[i].key == key)
            return &set[i];
        if (!victim || (victim->key && (!set[i].key || set[i].last < victim->last)))
            victim = &set[i];
    }
    if (!create)
        return NULL;
    *victim = (struct slot){key, 0, 0};
    return victim;
}

bool throttle_blocked(struct throttle *t, const char *login, const unsigned char client[16],
                      int64_t now, unsigned *retry_s)
{
    uint64_t key = key_of(t, login, client);
    bool blocked = false;
    pthread_mutex_lock(&t->mu);
    struct slot *s = find(t, key, false);
    if (s && s->failures >= GC_ADMIN_FAILURES_MAX && now - s->last < GC_ADMIN_LOCKOUT_S) {
        blocked = true;
        int64_t left = GC_ADMIN_LOCKOUT_S - (now - s->last);
        *retry_s = left < 1 ? 1 : (unsigned)left;
    }
    pthread_mutex_unlock(&t->mu);
    return blocked;
}

void throttle_fail(struct throttle *t, const char *login, const unsigned char client[16],
                   int64_t now)
{
    uint64_t key = key_of(t, login, client);
    pthread_mutex_lock(&t->mu);
    struct slot *s = find(t, key, true);
    if (now - s->last >= GC_ADMIN_LOCKOUT_S)
        s->failures = 0;   /* the earlier ones are old */
    s->failures++;
    s->last = now;
    pthread_mutex_unlock(&t->mu);
}

void throttle_clear(struct throttle *t, const char *login, const unsigned char client[16])
{
    uint64_t key = key_of(t, login, client);
    pthread_mutex_lock(&t->mu);
    struct slot *s = find(t, key, false);
    if (s)
        *s = (struct slot){0};
    pthread_mutex_unlock(&t->mu);
}
