/* rights.c — residents' access and erasure (see rights.h). */
#include "admin/rights.h"

#include <cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "answer/conversation.h"
#include "channels/sms_session.h"
#include "store/audit.h"
#include "store/exchanges.h"
#include "store/insights.h"
#include "util/jsonw.h"

bool rights_cid_valid(const char *cid)
{
    return cid && conversation_id_valid(cid);
}

enum gc_rc rights_sms_conversation(const struct config *cfg, const char *phone,
                                   char out[RIGHTS_CID_MAX], struct gc_err *e)
{
    char number[SMS_NUMBER_MAX], path[4096];
    unsigned char key[SMS_KEY_LEN];
    if (!phone || sms_number_normalize(phone, strlen(phone), number) != GC_OK)
        return gc_err_set(e, GC_ERR_INVALID, "Ce n’est pas un numéro de téléphone.");
    struct gc_err pe = {0};
    if (store_key_path(cfg, "sms-key-file", ".sms-key", path, sizeof path, &pe))
        return gc_err_set(e, GC_ERR_INVALID, "Le chemin de la clé SMS est trop long.");
    /* Never create the key here: without it, no SMS was ever answered. */
    if (access(path, F_OK) != 0)
        return gc_err_set(e, GC_ERR_NOTFOUND, "Aucun SMS n’a jamais été reçu (pas de clé SMS).");
    struct gc_err ke = {0};
    if (sms_key_load(path, key, &ke) != GC_OK)
        return gc_err_set(e, GC_ERR_IO, "La clé SMS ne peut pas être lue.");
    char pseudo[SMS_PSEUDONYM_HEX + 1];
    sms_pseudonym(key, number, pseudo);
    sodium_memzero(key, sizeof key);
    sodium_memzero(number, sizeof number);
    snprintf(out, RIGHTS_CID_MAX, "sms-%s", pseudo);
    return GC_OK;
}

static int on_first_last(void *ctx, const struct insight_exchange *x)
{
    struct rights_summary *s = ctx;
    if (!s->first_at[0])
        snprintf(s->first_at, sizeof s->first_at, "%s", x->created_at);
    snprintf(s->last_at, sizeof s->last_at, "%s", x->created_at);
    return 0;
}

enum gc_rc rights_find(struct db *db, const char *cid, const char *by,
                       struct rights_summary *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    enum gc_rc rc = insights_conversation(db, cid, on_first_last, out, &out->exchanges, e);
    if (!rc && !strncmp(cid, "sms-", 4)) {
        struct insight_sms sms;
        rc = insights_sms_number(db, cid + 4, &sms, e);
        out->sms_known = sms.found;
        out->sms_stopped = sms.stopped;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "%lld exchange(s)", (long long)out->exchanges);
    if (!rc)
        rc = audit_write(db, by, "rights.find", cid, detail, e);
    return rc;
}

static int on_export(void *ctx, const struct insight_exchange *x)
{
    struct jsonw *w = ctx;
    jsonw_open(w, '{');
    jsonw_field_num(w, "id", (double)x->id);
    jsonw_field_str(w, "date", x->created_at);
    jsonw_field_str(w, "channel", x->channel);
    jsonw_field_str(w, "question", x->question);
    jsonw_field_str(w, "answer", x->answer);
    jsonw_key(w, "sources");
    jsonw_open(w, '[');
    cJSON *src = cJSON_Parse(x->sources);   /* the page identifiers, as the recorder wrote them */
    const cJSON *id;
    cJSON_ArrayForEach(id, src)
        if (cJSON_IsString(id))
            jsonw_str(w, id->valuestring);
    cJSON_Delete(src);
    jsonw_close(w, ']');
    jsonw_field_num(w, "confidence", x->confidence);
    jsonw_field_bool(w, "refused", x->refused);
    if (x->feedback >= 0) {
        jsonw_key(w, "feedback");
        jsonw_open(w, '{');
        jsonw_field_bool(w, "useful", x->feedback == 1);
        jsonw_field_str(w, "comment", x->comment);
        jsonw_close(w, '}');
    }
    jsonw_close(w, '}');
    return 0;
}

enum gc_rc rights_export(struct db *db, const char *cid, const char *by, struct buf *out,
                         struct gc_err *e)
{
    struct jsonw w;
    char now[24];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    jsonw_init(&w, out);
    jsonw_open(&w, '{');
    jsonw_field_str(&w, "conversation_id", cid);
    jsonw_field_str(&w, "exported_at", now);
    jsonw_key(&w, "exchanges");
    jsonw_open(&w, '[');
    int64_t n = 0;
    enum gc_rc rc = insights_conversation(db, cid, on_export, &w, &n, e);
    jsonw_close(&w, ']');
    if (!rc && !strncmp(cid, "sms-", 4)) {
        struct insight_sms sms;
        rc = insights_sms_number(db, cid + 4, &sms, e);
        if (!rc && sms.found) {
            jsonw_key(&w, "sms_number");
            jsonw_open(&w, '{');
            jsonw_field_bool(&w, "stopped", sms.stopped);
            jsonw_field_str(&w, "first_seen", sms.created_at);
            jsonw_field_str(&w, "updated", sms.updated_at);
            jsonw_close(&w, '}');
        }
    }
    jsonw_close(&w, '}');
    if (!rc && w.rc)
        rc = gc_err_set(e, w.rc, "the export is too large");
    char detail[64];
    snprintf(detail, sizeof detail, "%lld exchange(s)", (long long)n);
    if (!rc)
        rc = audit_write(db, by, "rights.export", cid, detail, e);
    return rc;
}

enum gc_rc rights_erase(struct db *db, const char *cid, const char *by, int64_t *n,
                        struct gc_err *e)
{
    /* The erasure in the exchanges file, then its audit row in the content
     * file: two transactions (no transaction is atomic across the two
     * files).  A crash between them leaves the exchanges erased and the
     * audit without its line, never the reverse. */
    enum gc_rc rc = db_begin(db, e);
    if (rc)
        return rc;
    rc = insights_erase(db, cid, n, e);
    if (!rc)
        rc = db_commit(db, e);
    if (rc) {
        db_rollback(db);
        *n = 0;
        return rc;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "%lld exchange(s) erased", (long long)*n);
    return audit_write(db, by, "rights.erase", cid, detail, e);
}
