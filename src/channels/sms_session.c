/* sms_session.c — one SMS conversation: pseudonym, keywords, limits,
 * composition, SUITE, storage (see sms_session.h for the rules). */
#include "channels/sms_session.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "channels/api.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "store/messages.h"
#include "text/analyze.h"
#include "util/limits.h"
#include "util/keyfile.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/metrics.h"

#define PSEUDO_BYTES (SMS_PSEUDONYM_HEX / 2)
#define DAILY_KEY "sms.daily"     /* meta: "YYYYMMDD COUNT" */

/* What the service says, besides answers.  Plain apostrophes and no
 * typographic characters: sms_prepare() would replace them anyway. */
#define MSG_DISCLOSURE "Assistant automatique de %s : réponses tirées des pages validées de la commune."
/* With the disclosure, fits 2 parts for a town name of up to ~27 characters. */
#define MSG_HELP                                                                              \
    "Posez vos questions sur les démarches et services de %s, je réponds avec ses pages "    \
    "validées. SUITE : suite d'une réponse. OUBLIER : effacer vos données. STOP : arrêter "    \
    "les SMS."
#define MSG_STOP "Vous ne recevrez plus de SMS de ce service. Pour le réactiver, envoyez START."
#define MSG_START "Le service est réactivé. Posez votre question (AIDE pour l'aide, STOP pour arrêter)."
#define MSG_ACTIVE "Le service est actif. Posez votre question (AIDE pour l'aide, STOP pour arrêter)."
#define MSG_FORGOTTEN                                                                        \
    "C'est fait : tout ce que ce service gardait sur votre numéro (questions, réponses, "     \
    "réglages) a été effacé."
#define MSG_NO_SUITE "Il n'y a pas de suite en attente. Posez votre question."
#define MSG_EMPTY "Votre message est vide : écrivez votre question (AIDE pour l'aide)."
#define MSG_TOOLONG "Votre message est trop long (%d caractères au plus). Pouvez-vous le raccourcir ?"
#define MSG_BINARY "Ce service ne lit que les SMS texte. Écrivez votre question."
#define MSG_UNREADABLE "Votre message n'a pas pu être lu. Pouvez-vous le renvoyer en texte simple ?"
#define MSG_RATE                                                                             \
    "Vous avez envoyé beaucoup de messages cette heure-ci : je vous répondrai de nouveau à "  \
    "partir de %02dh00."
#define MSG_CAP                                                                              \
    "Le service SMS de %s a atteint sa limite de messages pour aujourd'hui. Réessayez "       \
    "demain, ou contactez %s."

/* Recent activity of one number (in memory only: see the header). */
struct track {
    unsigned char key[PSEUDO_BYTES];
    bool used;
    long hour;          /* time / 3600 of the window counted */
    long count;         /* messages received in that hour */
    bool rate_told;     /* the rate notice was sent in that hour */
    long cap_told_day;  /* YYYYMMDD the daily-cap notice was sent */
};

struct sms_session {
    pthread_mutex_t mu;
    struct api *api;      /* the pipeline, and the recorder of exchanges */
    struct db *db;        /* sms_numbers and the daily count */
    unsigned char key[SMS_KEY_LEN];
    char *town;
    char *contact;
    long rate_per_hour;   /* 0 = no limit */
    long daily_cap;       /* 0 = no limit */
    int max_parts;
    long day;             /* YYYYMMDD of day_count */
    long day_count;       /* messages answered that day */
    struct track *tracks;
};

/* ------------------------------------------------------------- replies */

void sms_reply_init(struct sms_reply *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->text, SMS_REPLY_MAX_BYTES);
}

void sms_reply_free(struct sms_reply *r)
{
    if (r)
        buf_free(&r->text);
}

/* ------------------------------------------------------------ keywords */

enum sms_keyword sms_keyword_parse(const char *text, size_t len)
{
    static const struct {
        const char *word;   /* folded: lower case, no accents, one space between words */
        enum sms_keyword kw;
    } words[] = {
        {"aide", SMS_KW_AIDE},     {"help", SMS_KW_AIDE},     {"info", SMS_KW_AIDE},
        {"stop", SMS_KW_STOP},     {"arret", SMS_KW_STOP},    {"stop sms", SMS_KW_STOP},
        {"start", SMS_KW_START},   {"oublier", SMS_KW_OUBLIER},
        {"oubliez moi", SMS_KW_OUBLIER},                      {"suite", SMS_KW_SUITE},
        {"la suite", SMS_KW_SUITE}, {"suite svp", SMS_KW_SUITE}, {"suite stp", SMS_KW_SUITE},
    };
    if (len == 0 || len > 64)   /* a keyword is a word or two: do not fold a question */
        return SMS_KW_NONE;
    char *f = analyze_fold(text, len);
    enum sms_keyword kw = SMS_KW_NONE;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(f, words[i].word)) {
            kw = words[i].kw;
            break;
        }
    free(f);
    return kw;
}

/* -------------------------------------------------------- pseudonymity */

enum gc_rc sms_number_normalize(const char *in, size_t len, char out[SMS_NUMBER_MAX])
{
    char d[SMS_NUMBER_MAX];
    size_t n = 0;
    bool plus = false;
    out[0] = '\0';
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '\t')
            continue;
        if (c == '+' && n == 0 && !plus) {
            plus = true;
            continue;
        }
        if (c < '0' || c > '9' || n >= 20)
            return GC_ERR_INVALID;
        d[n++] = c;
    }
    d[n] = '\0';
    if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {   /* 0033... → +33... */
        plus = true;
        memmove(d, d + 2, n - 1);
        n -= 2;
    }
    if (n < 3)
        return GC_ERR_INVALID;
    /* n <= 20, so "+33" and 9 digits or "+" and 20 digits fit in 24 bytes. */
    size_t w = 0;
    if (!plus && n == 10 && d[0] == '0') {                 /* 06... → +336... */
        memcpy(out, "+33", 3);
        memcpy(out + 3, d + 1, 9);
        w = 12;
    } else {
        if (plus)
            out[w++] = '+';
        memcpy(out + w, d, n);
        w += n;
    }
    out[w] = '\0';
    return GC_OK;
}

static void pseudonym_raw(const unsigned char key[SMS_KEY_LEN], const char *number,
                          unsigned char out[PSEUDO_BYTES])
{
    crypto_generichash(out, PSEUDO_BYTES, (const unsigned char *)number, strlen(number), key,
                       SMS_KEY_LEN);
}

void sms_pseudonym(const unsigned char key[SMS_KEY_LEN], const char *number,
                   char out[SMS_PSEUDONYM_HEX + 1])
{
    unsigned char raw[PSEUDO_BYTES];
    pseudonym_raw(key, number, raw);
    sodium_bin2hex(out, SMS_PSEUDONYM_HEX + 1, raw, sizeof raw);
}

enum gc_rc sms_key_load(const char *path, unsigned char key[SMS_KEY_LEN], struct gc_err *e)
{
    return keyfile_load(path, "SMS key", NULL, key, SMS_KEY_LEN, e);
}

/* ---------------------------------------------------------- composition */

enum gc_rc sms_compose(const char *prefix, const char *text, size_t len, const char *url,
                       int max_parts, struct buf *msg, struct buf *rest,
                       struct sms_count *count, bool *mid_sentence, struct gc_err *e)
{
    enum gc_rc rc;
    struct buf raw, prepared, suffix;
    size_t msg0 = msg->len, rest0 = rest->len;
    bool has_url = url && *url;
    buf_init(&raw, GC_SMS_TEXT_MAX_BYTES);
    buf_init(&prepared, GC_SMS_TEXT_MAX_BYTES);
    buf_init(&suffix, GC_URL_MAX + 64);

    /* Whole: prefix, text, url — sent as is when it fits. */
    rc = GC_OK;
    if (prefix && *prefix) {
        rc = buf_adds(&raw, prefix);
        if (!rc)
            rc = buf_addc(&raw, '\n');
    }
    if (!rc)
        rc = buf_add(&raw, text, len);
    if (rc)
        goto toobig;
    size_t text_end = raw.len;
    if (has_url) {
        rc = buf_addc(&raw, '\n');
        if (!rc)
            rc = buf_adds(&raw, url);
        if (rc)
            goto toobig;
    }
    rc = sms_prepare(buf_str(&raw), raw.len, &prepared);
    if (rc) {
        gc_err_set(e, rc, "the text to send is not valid UTF-8");
        goto out;
    }
    struct sms_count c;
    rc = sms_count(buf_str(&prepared), prepared.len, &c);
    if (rc) {
        gc_err_set(e, rc, "the text to send cannot be counted");
        goto out;
    }
    if (c.parts <= max_parts) {
        rc = buf_add(msg, buf_str(&prepared), prepared.len);
        if (rc)
            goto toobig;
        *count = c;
        if (mid_sentence)
            *mid_sentence = false;
        goto out;
    }

    /* Cut: the text without the url, fitted with "SUITE..." and the url as
     * its suffix, so that the page address is in the first message. */
    buf_reset(&prepared);
    rc = sms_prepare(buf_str(&raw), text_end, &prepared);
    if (rc) {
        gc_err_set(e, rc, "the text to send is not valid UTF-8");
        goto out;
    }
    rc = buf_adds(&suffix, SMS_MORE_SUFFIX);
    if (!rc && has_url) {
        rc = buf_addc(&suffix, ' ');
        if (!rc)
            rc = buf_adds(&suffix, url);
    }
    if (rc)
        goto toobig;
    /* The suffix is ASCII unless the url is not; make it GSM-7 when it can be. */
    struct buf sfx;
    buf_init(&sfx, GC_URL_MAX + 64);
    rc = sms_prepare(buf_str(&suffix), suffix.len, &sfx);
    struct sms_cut cut;
    if (!rc)
        /* Cut even when prefix and text fit without the address: it must
         * be in the message (sms_fit would send them alone). */
        rc = sms_fit_cut(buf_str(&prepared), prepared.len, max_parts, buf_str(&sfx), msg, &cut,
                         e);
    buf_free(&sfx);
    if (rc)
        goto out;
    if (cut.next < prepared.len) {
        rc = buf_add(rest, prepared.data + cut.next, prepared.len - cut.next);
        if (rc) {
            buf_truncate(msg, msg0);
            goto toobig;
        }
    }
    *count = cut.count;
    if (mid_sentence)
        *mid_sentence = cut.mid_sentence;
    goto out;
toobig:
    gc_err_set(e, GC_ERR_TOOBIG, "the message to send is too long");
    rc = GC_ERR_TOOBIG;
out:
    if (rc) {
        if (msg->len > msg0)
            buf_truncate(msg, msg0);
        if (rest->len > rest0)
            buf_truncate(rest, rest0);
    }
    buf_free(&raw);
    buf_free(&prepared);
    buf_free(&suffix);
    return rc;
}

/* Append the units of a marked in `take`, in reading order, one blank
 * between two. */
static enum gc_rc add_units(const struct gc_answer *a, const bool *take, struct buf *out)
{
    enum gc_rc rc = GC_OK;
    size_t start = out->len;
    for (int i = 0; i < a->nunits && !rc; i++) {
        if (!take[i])
            continue;
        if (out->len > start)
            rc = buf_addc(out, ' ');
        if (!rc)
            rc = buf_add(out, a->text + a->units[i].start, a->units[i].len);
    }
    return rc;
}

/* Does prefix + text + url fit whole in max_parts, as sms_compose() sends it? */
static enum gc_rc fits_whole(const char *prefix, const struct buf *text, const char *url,
                             int max_parts, bool *fits, struct gc_err *e)
{
    struct buf msg, rest;
    struct sms_count c;
    buf_init(&msg, SMS_REPLY_MAX_BYTES);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);
    enum gc_rc rc = sms_compose(prefix, buf_str(text), text->len, url, max_parts, &msg, &rest,
                                &c, NULL, e);
    *fits = !rc && rest.len == 0;
    buf_free(&msg);
    buf_free(&rest);
    return rc;
}

enum gc_rc sms_answer_pick(const char *prefix, const struct gc_answer *a, int max_parts,
                           struct buf *out, struct sms_pick *pick, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    bool take[GC_ANSWER_SENTENCES_MAX] = {false}, fits = true;
    size_t out0 = out->len;
    int best = -1;
    struct buf t;
    buf_init(&t, GC_SMS_TEXT_MAX_BYTES);
    for (int i = 0; i < a->nunits; i++)
        if (best < 0 || a->units[i].rank < a->units[best].rank)
            best = i;
    if (best < 0) {
        rc = buf_adds(out, a->text ? a->text : "");
        if (!rc)
            *pick = (struct sms_pick){a->nsources > 0 ? 0 : -1, 0};
        goto out;
    }
    int src = a->units[best].source < a->nsources ? a->units[best].source : -1;
    const char *url = src >= 0 ? a->sources[src].url : NULL;
    take[best] = true;
    /* The next units in order of choice, while the message stays whole
     * (if the best unit alone does not fit, no pair does). */
    for (int r = a->units[best].rank; fits;) {
        int k = -1;
        for (int i = 0; i < a->nunits; i++)
            if (a->units[i].rank > r && (k < 0 || a->units[i].rank < a->units[k].rank))
                k = i;
        if (k < 0 || a->units[k].source != src)
            break;
        r = a->units[k].rank;
        take[k] = true;
        buf_reset(&t);
        rc = add_units(a, take, &t);
        if (!rc)
            rc = fits_whole(prefix, &t, url, max_parts, &fits, e);
        if (rc)
            goto out;
        take[k] = fits;
    }
    rc = add_units(a, take, out);
    if (!rc) {
        *pick = (struct sms_pick){src, 0};
        for (int i = 0; i < a->nunits; i++)
            pick->units += take[i];
    }
out:
    if (rc && e && !e->msg[0])
        gc_err_set(e, rc, "the answer is too long for an SMS");
    if (rc)
        buf_truncate(out, out0);
    buf_free(&t);
    return rc;
}

enum gc_rc sms_disclosure(const char *town, struct buf *out)
{
    return buf_printf(out, MSG_DISCLOSURE, town);
}

/* ------------------------------------------------------------- session */

static long today(time_t now)
{
    struct tm tm;
    localtime_r(&now, &tm);
    return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static enum gc_rc daily_load(struct sms_session *s, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(s->db, "SELECT value FROM meta WHERE key = '" DAILY_KEY "'",
                               &st, e);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = db_col_text(st, 0);
        char *end = NULL;
        long day = strtol(v, &end, 10);
        long n = end && *end == ' ' ? strtol(end + 1, NULL, 10) : 0;
        if (day == s->day && n > 0)
            s->day_count = n;
    }
    sqlite3_finalize(st);
    return GC_OK;
}

static enum gc_rc daily_save(struct sms_session *s, struct gc_err *e)
{
    sqlite3_stmt *st;
    char v[48];
    snprintf(v, sizeof v, "%ld %ld", s->day, s->day_count);
    enum gc_rc rc = db_prepare(s->db,
                               "INSERT INTO meta(key, value) VALUES ('" DAILY_KEY "', ?1) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "sms: %s", sqlite3_errmsg(s->db->h));
    sqlite3_finalize(st);
    return rc;
}

static bool positive_setting(const struct config *cfg, const char *name, long max, long *out,
                             struct gc_err *e)
{
    const char *v = config_get(cfg, name);
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > max) {
        gc_err_set(e, GC_ERR_INVALID, "%s must be a whole number from 0 to %ld (got '%s')",
                   name, max, v);
        return false;
    }
    *out = n;
    return true;
}

enum gc_rc sms_session_open(struct sms_session **out, struct api *api,
                            const struct config *cfg, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    struct sms_session *s = xcalloc(1, sizeof *s);
    long parts = 0;
    char keypath[4096];
    *out = NULL;
    pthread_mutex_init(&s->mu, NULL);
    s->api = api;
    s->town = xstrdup(config_get(cfg, "town-name"));
    s->contact = xstrdup(config_get(cfg, "contact"));
    s->tracks = xcalloc(GC_SMS_TRACKED_MAX, sizeof *s->tracks);
    if (!positive_setting(cfg, "sms-rate-per-hour", 1000000, &s->rate_per_hour, e) ||
        !positive_setting(cfg, "sms-daily-cap", 100000000, &s->daily_cap, e) ||
        !positive_setting(cfg, "sms-max-parts", GC_SMS_PARTS_MAX, &parts, e))
        goto out;
    if (parts < 1) {
        gc_err_set(e, GC_ERR_INVALID, "sms-max-parts must be from 1 to %d", GC_SMS_PARTS_MAX);
        goto out;
    }
    s->max_parts = (int)parts;
    const char *db = config_get(cfg, "db");
    char xpath[EXCHANGES_PATH_MAX];
    rc = store_key_path(cfg, "sms-key-file", ".sms-key", keypath, sizeof keypath, e);
    if (!rc)
        rc = keyfile_load(keypath, "SMS key", db, s->key, SMS_KEY_LEN, e);
    if (!rc)
        rc = exchanges_path(cfg, xpath, sizeof xpath, e);
    if (rc)
        goto out;
    rc = exchanges_open(&s->db, xpath, db, DB_READWRITE, e);
    if (rc)
        goto out;
    s->day = today(time(NULL));
    rc = daily_load(s, e);
    if (rc)
        goto out;
    *out = s;
    s = NULL;
    rc = GC_OK;
out:
    sms_session_close(s);
    return rc;
}

void sms_session_close(struct sms_session *s)
{
    if (!s)
        return;
    db_close(s->db);
    sodium_memzero(s->key, sizeof s->key);
    free(s->town);
    free(s->contact);
    free(s->tracks);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* The track of a number for this hour, or NULL when the table is full of
 * numbers seen this hour (then the caller stays silent). */
static struct track *track_get(struct sms_session *s, const unsigned char key[PSEUDO_BYTES],
                               long hour, long day)
{
    size_t n = GC_SMS_TRACKED_MAX, h = 0, free_at = n;
    memcpy(&h, key, sizeof h < PSEUDO_BYTES ? sizeof h : PSEUDO_BYTES);
    for (size_t k = 0; k < n; k++) {
        struct track *t = &s->tracks[(h + k) % n];
        if (!t->used) {
            if (free_at == n)
                free_at = (h + k) % n;
            break;   /* never used: the number is not further on */
        }
        if (!memcmp(t->key, key, PSEUDO_BYTES)) {
            if (t->hour != hour) {
                t->hour = hour;
                t->count = 0;
                t->rate_told = false;
            }
            return t;
        }
        /* Stale (another hour, no notice to remember today): reusable. */
        if (free_at == n && t->hour != hour && t->cap_told_day != day)
            free_at = (h + k) % n;
    }
    if (free_at == n)
        return NULL;
    struct track *t = &s->tracks[free_at];
    memset(t, 0, sizeof *t);
    memcpy(t->key, key, PSEUDO_BYTES);
    t->used = true;
    t->hour = hour;
    return t;
}

struct row {
    bool found;
    bool stopped;
    bool disclosed;
    char *pending;   /* owned, never NULL after row_load */
};

static enum gc_rc row_load(struct sms_session *s, const char *pseudo, struct row *r,
                           struct gc_err *e)
{
    sqlite3_stmt *st;
    memset(r, 0, sizeof *r);
    enum gc_rc rc = db_prepare(
        s->db, "SELECT stopped, disclosed, pending FROM sms_numbers WHERE pseudonym = ?1", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, pseudo, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        r->found = true;
        r->stopped = sqlite3_column_int(st, 0) != 0;
        r->disclosed = sqlite3_column_int(st, 1) != 0;
        r->pending = xstrdup(db_col_text(st, 2));
    } else if (step != SQLITE_DONE) {
        rc = gc_err_set(e, GC_ERR_DB, "sms: %s", sqlite3_errmsg(s->db->h));
    }
    sqlite3_finalize(st);
    if (!r->pending)
        r->pending = xstrdup("");
    return rc;
}

static enum gc_rc row_save(struct sms_session *s, const char *pseudo, const struct row *r,
                           struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(
        s->db,
        "INSERT INTO sms_numbers(pseudonym, stopped, disclosed, pending) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(pseudonym) DO UPDATE SET stopped = excluded.stopped, "
        "disclosed = excluded.disclosed, pending = excluded.pending, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, pseudo, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, r->stopped);
    sqlite3_bind_int(st, 3, r->disclosed);
    sqlite3_bind_text(st, 4, r->pending, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "sms: %s", sqlite3_errmsg(s->db->h));
    sqlite3_finalize(st);
    return rc;
}

/* OUBLIER: the number's row, its conversation's messages and (by
 * cascade) their feedback, and the replies that were theirs alone (those
 * never shared, shared = 0: store/messages.c; a shared reply is the town's
 * text, said to others too, and goes with the purge once nobody's).  The
 * caller has flushed the recorder, so that no exchange of the number is
 * still waiting to be written. */
static enum gc_rc forget(struct sms_session *s, const char *pseudo, const char *conv,
                         struct gc_err *e)
{
    static const char *const sql[] = {
        "DELETE FROM replies WHERE shared = 0 AND id IN "
        "(SELECT reply_id FROM messages WHERE conversation_id = ?1)",
        "DELETE FROM messages WHERE conversation_id = ?1",
        "DELETE FROM sms_numbers WHERE pseudonym = ?1",
    };
    enum gc_rc rc = GC_OK;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !rc; i++) {
        sqlite3_stmt *st;
        rc = db_prepare(s->db, sql[i], &st, e);
        if (rc)
            break;
        sqlite3_bind_text(st, 1, i < 2 ? conv : pseudo, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = gc_err_set(e, GC_ERR_DB, "sms: %s", sqlite3_errmsg(s->db->h));
        sqlite3_finalize(st);
    }
    return rc;
}

/* Remember (gateway, id) as handled; *seen when it already was. */
static enum gc_rc handled_mark(struct sms_session *s, const char *gateway, const char *id,
                               bool *seen, struct gc_err *e)
{
    sqlite3_stmt *st;
    enum gc_rc rc = db_prepare(s->db, "INSERT OR IGNORE INTO sms_handled(gateway, message_id) "
                                      "VALUES (?1, ?2)", &st, e);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, gateway, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gc_err_set(e, GC_ERR_DB, "sms: %s", sqlite3_errmsg(s->db->h));
    else
        *seen = sqlite3_changes(s->db->h) == 0;
    sqlite3_finalize(st);
    return rc;
}

/* Record one exchange as every channel does (channels/api.h), with the
 * answer as the SMS said it (`said`, whole before any SUITE), the source
 * it cited (`cited`, an index in a->sources, -1 for none) and the parts of
 * the reply sent (reports count them). */
static void record(struct sms_session *s, const struct gc_question *q, const struct gc_answer *a,
                   const char *said, int cited, int parts)
{
    struct messages *m = api_messages(s->api);
    if (!m)
        return;
    struct message_rec r = api_message_rec(q, a);
    r.answer = said;
    r.sms_parts = parts;
    r.nsources = 0;
    if (cited >= 0 && cited < a->nsources)
        r.source_ids[r.nsources++] = a->sources[cited].id;
    messages_record(m, &r);
}

/* What the handler decided to do with a message. */
enum action {
    ACT_SILENT,     /* send nothing */
    ACT_FIXED,      /* send a fixed message (fixed[]) */
    ACT_SUITE,      /* send the next part of the pending answer */
    ACT_ANSWER,     /* ask the pipeline */
};

enum gc_rc sms_session_handle(struct sms_session *s, const struct sms_inbound *in,
                              struct sms_reply *reply, struct gc_err *e)
{
    char number[SMS_NUMBER_MAX], pseudo[SMS_PSEUDONYM_HEX + 1];
    char conv[8 + SMS_PSEUDONYM_HEX];   /* the number's conversation: "sms-" pseudo */
    unsigned char raw[PSEUDO_BYTES];
    char fixed[1024];
    const char *kind = "silent";
    struct row row = {0};
    struct gc_answer ans;
    struct buf rest, said;   /* said: what of the answer the SMS says (sms_answer_pick) */
    struct sms_pick pick = {-1, 0};
    bool dirty = false, erased = false, notice = false, in_txn = false;
    enum gc_rc rc;

    memset(&ans, 0, sizeof ans);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);
    buf_init(&said, GC_SMS_TEXT_MAX_BYTES);
    if (sms_number_normalize(in->from, in->from_len, number))
        return gc_err_set(e, GC_ERR_INVALID, "the sender is not a phone number");
    pseudonym_raw(s->key, number, raw);
    sodium_memzero(number, sizeof number);
    sodium_bin2hex(pseudo, sizeof pseudo, raw, sizeof raw);
    snprintf(conv, sizeof conv, "sms-%s", pseudo);
    struct gc_question q = {in->text, in->text_len, "sms", conv};

    pthread_mutex_lock(&s->mu);
    enum sms_keyword kw =
        in->problem == SMS_IN_OK ? sms_keyword_parse(in->text, in->text_len) : SMS_KW_NONE;
    enum action act = ACT_SILENT;

    /* OUBLIER erases the number's exchanges: those still queued first
     * (before our transaction: the recorder writes the same file). */
    if (kw == SMS_KW_OUBLIER)
        messages_flush(api_messages(s->api));
    rc = db_begin(s->db, e);
    if (rc)
        goto out;
    in_txn = true;
    /* A message the gateway gave us before (a captured request replayed,
     * or a retry after we answered): nothing sent, nothing counted.  Its id
     * is committed with the rest of this message's work, so a retry after
     * a crash is answered. */
    if (in->message_id && *in->message_id) {
        bool seen = false;
        rc = handled_mark(s, in->gateway, in->message_id, &seen, e);
        if (rc)
            goto out;
        if (seen) {
            kind = "replay";
            db_rollback(s->db);
            in_txn = false;
            goto out;
        }
    }
    time_t now = time(NULL);
    long hour = (long)(now / 3600), day = today(now);
    if (day != s->day) {
        s->day = day;
        s->day_count = 0;
        rc = db_exec(s->db, "DELETE FROM sms_handled WHERE handled_at < "
                            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')", e);
        if (rc)
            goto out;
    }
    struct track *t = track_get(s, raw, hour, day);
    bool over_rate = !t || (s->rate_per_hour && ++t->count > s->rate_per_hour);
    bool over_cap = s->daily_cap && s->day_count >= s->daily_cap;
    bool limited = over_rate || over_cap;
    rc = row_load(s, pseudo, &row, e);
    if (rc)
        goto out;

    if (kw == SMS_KW_OUBLIER) {
        /* Carried out even when stopped or past a limit, silently then. */
        rc = forget(s, pseudo, conv, e);
        erased = true;
        kind = "oublier";
        if (!row.stopped && !limited) {
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, "%s", MSG_FORGOTTEN);
        }
    } else if (row.stopped) {
        /* Silence until START. */
        kind = "stopped";
        if (kw == SMS_KW_START) {
            row.stopped = false;
            dirty = true;
            kind = "start";
            if (!limited) {
                act = ACT_FIXED;
                snprintf(fixed, sizeof fixed, "%s", MSG_START);
            }
        }
    } else if (kw == SMS_KW_STOP) {
        row.stopped = true;
        row.pending[0] = '\0';
        dirty = true;
        kind = "stop";
        if (!limited) {
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, "%s", MSG_STOP);
        }
    } else if (over_rate) {
        kind = "rate-limited";
        if (t && !t->rate_told) {
            t->rate_told = true;
            notice = true;
            struct tm tm;
            time_t next = (time_t)(hour + 1) * 3600;
            localtime_r(&next, &tm);
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, MSG_RATE, tm.tm_hour);
        }
    } else if (over_cap) {
        kind = "capped";
        if (t && t->cap_told_day != day) {
            t->cap_told_day = day;
            notice = true;
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, MSG_CAP, s->town, s->contact);
        }
    } else {
        act = ACT_FIXED;
        enum gc_rc qc =
            in->problem == SMS_IN_OK ? api_question_check(in->text, in->text_len, NULL) : GC_OK;
        if (in->problem == SMS_IN_BINARY) {
            kind = "binary";
            snprintf(fixed, sizeof fixed, "%s", MSG_BINARY);
        } else if (in->problem == SMS_IN_TOOLONG || qc == GC_ERR_TOOBIG) {
            kind = "too-long";
            snprintf(fixed, sizeof fixed, MSG_TOOLONG, GC_QUESTION_MAX_CHARS);
        } else if (in->problem != SMS_IN_OK || qc == GC_ERR_PARSE) {
            kind = "unreadable";
            snprintf(fixed, sizeof fixed, "%s", MSG_UNREADABLE);
        } else if (qc == GC_ERR_INVALID) {
            kind = "empty";
            snprintf(fixed, sizeof fixed, "%s", MSG_EMPTY);
        } else if (kw == SMS_KW_AIDE) {
            kind = "aide";
            snprintf(fixed, sizeof fixed, MSG_HELP, s->town);
        } else if (kw == SMS_KW_START) {
            kind = "start";
            snprintf(fixed, sizeof fixed, "%s", MSG_ACTIVE);
        } else if (kw == SMS_KW_SUITE && !row.pending[0]) {
            kind = "suite";
            snprintf(fixed, sizeof fixed, "%s", MSG_NO_SUITE);
        } else if (kw == SMS_KW_SUITE) {
            kind = "suite";
            act = ACT_SUITE;
        } else {
            act = ACT_ANSWER;
        }
    }
    if (rc)
        goto out;

    if (act == ACT_ANSWER) {
        struct gc_err pe;
        gc_err_clear(&pe);
        enum gc_rc prc = pipeline_ask(api_pipeline(s->api), &q, &ans, &pe);
        if (prc == GC_ERR_TOOBIG) {
            kind = "too-long";
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, MSG_TOOLONG, GC_QUESTION_MAX_CHARS);
        } else if (prc == GC_ERR_INVALID) {
            kind = "unreadable";
            act = ACT_FIXED;
            snprintf(fixed, sizeof fixed, "%s", MSG_UNREADABLE);
        } else if (prc) {
            rc = gc_err_set(e, prc, "sms: the pipeline failed: %s", gc_strerror(prc));
            goto out;
        } else {
            kind = ans.refused ? "refusal" : "answer";
        }
    }

    /* The first reply to a number says who answers, or there is no reply:
     * a number is marked as told only with the disclosure in hand.  The
     * town's name is capped by the settings (GC_TOWN_NAME_MAX). */
    char prefix[sizeof MSG_DISCLOSURE + GC_TOWN_NAME_MAX] = "";
    if (act != ACT_SILENT && !erased && !row.disclosed) {
        struct buf d;
        buf_init(&d, sizeof prefix - 1);
        rc = sms_disclosure(s->town, &d);
        if (!rc)
            memcpy(prefix, buf_str(&d), d.len + 1);
        buf_free(&d);
        if (rc) {
            gc_err_set(e, rc, "sms: the disclosure does not fit: town-name over %d bytes",
                       GC_TOWN_NAME_MAX);
            goto out;
        }
        row.disclosed = true;
        dirty = true;
    }
    switch (act) {
    case ACT_SILENT:
        break;
    case ACT_FIXED:
        rc = sms_compose(prefix, fixed, strlen(fixed), NULL, s->max_parts, &reply->text, &rest,
                         &reply->count, NULL, e);
        break;
    case ACT_SUITE:
        rc = sms_compose(prefix, row.pending, strlen(row.pending), NULL, s->max_parts,
                         &reply->text, &rest, &reply->count, NULL, e);
        break;
    case ACT_ANSWER:
        rc = sms_answer_pick(prefix, &ans, s->max_parts, &said, &pick, e);
        if (!rc)
            rc = sms_compose(prefix, buf_str(&said), said.len,
                             pick.source >= 0 ? ans.sources[pick.source].url : NULL, s->max_parts,
                             &reply->text, &rest, &reply->count, NULL, e);
        break;
    }
    if (rc)
        goto out;
    if (act == ACT_SUITE || act == ACT_ANSWER) {
        /* A new answer replaces what was left of the previous one. */
        free(row.pending);
        row.pending = buf_steal(&rest);
        if (!row.pending)
            row.pending = xstrdup("");
        dirty = true;
    }
    if (dirty && !erased) {
        rc = row_save(s, pseudo, &row, e);
        if (rc)
            goto out;
    }
    if (reply->text.len && !notice) {
        s->day_count++;
        rc = daily_save(s, e);
        if (rc)
            goto out;
    }
    rc = db_commit(s->db, e);
    if (rc)
        goto out;
    in_txn = false;
    if (act == ACT_ANSWER)
        record(s, &q, &ans, buf_str(&said), pick.source, reply->count.parts);
out:
    if (in_txn)
        db_rollback(s->db);
    if (rc) {
        buf_reset(&reply->text);
        log_error("sms %s %.6s: %s", in->gateway, pseudo, e && e->msg[0] ? e->msg : gc_strerror(rc));
    } else {
        if (reply->text.len) {
            log_info("sms %s %.6s %s, %d part%s", in->gateway, pseudo, kind, reply->count.parts,
                     reply->count.parts > 1 ? "s" : "");
            metrics_inc(M_SMS_REPLIES, in->gateway, NULL);
            metrics_add(M_SMS_PARTS, in->gateway, NULL, (uint64_t)reply->count.parts);
        }
        else
            log_info("sms %s %.6s %s, no reply", in->gateway, pseudo, kind);
    }
    pthread_mutex_unlock(&s->mu);
    answer_free(&ans);
    free(row.pending);
    buf_free(&rest);
    buf_free(&said);
    return rc;
}
