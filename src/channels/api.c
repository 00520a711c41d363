/* api.c — the JSON API (RFC 8259 JSON, UTF-8 only as RFC 8259 §8.1 asks).
 *
 * The body is checked (UTF-8, control bytes, nesting depth) in one pass
 * before cJSON sees it, so that a hostile body costs one linear scan and
 * never reaches cJSON's own recursion limit (1,000 levels). */
#include "channels/api.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer/conversation.h"
#include "channels/fbtoken.h"
#include "channels/assets.h"
#include "store/messages.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "version.h"


struct api {
    struct pipeline *p;
    struct messages *m;
    struct timespec started;
    bool has_key;                       /* feedback tokens are given and checked */
    unsigned char fbkey[FBTOKEN_KEY_LEN];
};

/* ------------------------------------------------------------ validation */

enum gc_rc api_json_precheck(const char *s, size_t len, int max_depth, struct gc_err *e)
{
    const unsigned char *p = (const unsigned char *)s;
    int depth = 0;
    bool in_str = false, esc = false;
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t k = utf8_seq_len(s + i, len - i, NULL);
            if (!k)
                return gc_err_set(e, GC_ERR_PARSE,
                                  "invalid UTF-8 in the request body (byte %zu)", i);
            i += k;
            esc = false;
            continue;
        }
        i++;
        if (c < 0x20) {
            if (in_str || (c != '\t' && c != '\n' && c != '\r'))
                return gc_err_set(e, GC_ERR_PARSE,
                                  "invalid JSON: control character at byte %zu "
                                  "(escape it as \\u%04x)", i - 1, c);
            continue;
        }
        if (in_str) {
            /* \u0000 would end the string early for every C reader after
             * cJSON (a question cut short, a comment emptied): refused. */
            if (esc && c == 'u' && i + 4 <= len && !memcmp(s + i, "0000", 4))
                return gc_err_set(e, GC_ERR_PARSE,
                                  "invalid JSON: \\u0000 (a NUL character) at byte %zu", i - 2);
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return gc_err_set(e, GC_ERR_PARSE, "invalid JSON: nested deeper than %d levels",
                                  max_depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return GC_OK;
}

/* Parse a JSON body into a cJSON object (*out, the caller deletes it), with
 * the prechecks of every API body; `example` names what to send. */
static enum gc_rc parse_object(const char *body, size_t len, const char *example, cJSON **out,
                               struct gc_err *e)
{
    *out = NULL;
    if (len == 0)
        return gc_err_set(e, GC_ERR_PARSE, "empty body: send a JSON object such as %s", example);
    enum gc_rc rc = api_json_precheck(body, len, GC_JSON_DEPTH_MAX, e);
    if (rc)
        return rc;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, false);
    if (!root) {
        size_t at = end && end >= body ? (size_t)(end - body) : 0;
        return gc_err_set(e, GC_ERR_PARSE, "invalid JSON near byte %zu", at);
    }
    for (; end && (size_t)(end - body) < len; end++)
        if (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\r') {
            cJSON_Delete(root);
            return gc_err_set(e, GC_ERR_PARSE, "invalid JSON: unexpected data after the object "
                              "(byte %zu)", (size_t)(end - body));
        }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return gc_err_set(e, GC_ERR_INVALID, "the body must be a JSON object such as %s",
                          example);
    }
    *out = root;
    return GC_OK;
}

/* api_question_check, giving the code points it counted in *nchars (on
 * success) so that api_parse_ask does not count them again. */
static enum gc_rc question_check(const char *text, size_t len, size_t *nchars,
                                 struct gc_err *e)
{
    long chars = utf8_count(text, len);
    if (chars < 0)
        return gc_err_set(e, GC_ERR_PARSE, "invalid UTF-8 in the question");
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i == len)
        return gc_err_set(e, GC_ERR_INVALID, "La question est vide : écrivez votre question.");
    if (chars > GC_QUESTION_MAX_CHARS)
        return gc_err_set(e, GC_ERR_TOOBIG,
                          "La question est trop longue (%d caractères au plus, elle en a %ld). "
                          "Pouvez-vous la raccourcir ?", GC_QUESTION_MAX_CHARS, chars);
    *nchars = (size_t)chars;
    return GC_OK;
}

enum gc_rc api_question_check(const char *text, size_t len, struct gc_err *e)
{
    size_t chars;
    return question_check(text, len, &chars, e);
}

enum gc_rc api_parse_ask(const char *body, size_t len, struct api_ask *out, struct gc_err *e)
{
    cJSON *root = NULL;
    memset(out, 0, sizeof *out);
    enum gc_rc rc = parse_object(body, len, "{\"question\": \"...\"}", &root, e);
    if (rc)
        goto out;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(root, "question");
    if (!q || cJSON_IsNull(q)) {
        rc = gc_err_set(e, GC_ERR_INVALID,
                        "missing \"question\": send {\"question\": \"...\"}");
        goto out;
    }
    if (!cJSON_IsString(q) || !q->valuestring) {
        rc = gc_err_set(e, GC_ERR_INVALID, "\"question\" must be a string");
        goto out;
    }
    const char *text = q->valuestring;
    size_t qlen = strlen(text);
    size_t chars;
    rc = question_check(text, qlen, &chars, e);
    if (rc)
        goto out;
    const cJSON *cid = cJSON_GetObjectItemCaseSensitive(root, "conversation_id");
    if (cid && !cJSON_IsNull(cid)) {
        if (!cJSON_IsString(cid) || !cid->valuestring || !conversation_id_valid(cid->valuestring)) {
            rc = gc_err_set(e, GC_ERR_INVALID,
                            "\"conversation_id\" must be a string of 1 to %d letters, digits, "
                            "'-', '_' or '.'", GC_CONVERSATION_ID_MAX);
            goto out;
        }
        snprintf(out->conversation_id, sizeof out->conversation_id, "%s", cid->valuestring);
    }
    out->question = text;
    out->question_len = qlen;
    out->question_chars = chars;
    out->json_ = root;
    root = NULL;
out:
    cJSON_Delete(root);
    return rc;
}

void api_ask_free(struct api_ask *a)
{
    if (!a)
        return;
    cJSON_Delete(a->json_);
    memset(a, 0, sizeof *a);
}

enum gc_rc api_parse_feedback(const char *body, size_t len, struct api_feedback *out,
                              struct gc_err *e)
{
    cJSON *root = NULL;
    memset(out, 0, sizeof *out);
    enum gc_rc rc = parse_object(body, len, "{\"message_id\": 42, \"useful\": true}", &root, e);
    if (rc)
        return rc;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "message_id");
    double v = cJSON_IsNumber(id) ? id->valuedouble : -1;
    if (!cJSON_IsNumber(id) || v < 1 || v > 9007199254740991.0 || v != floor(v)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "\"message_id\" must be a positive integer (the "
                        "message_id of an answer)");
        goto out;
    }
    out->message_id = (long long)v;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "feedback_token");
    if (t && !cJSON_IsNull(t)) {
        if (!cJSON_IsString(t) || !t->valuestring) {
            rc = gc_err_set(e, GC_ERR_INVALID, "\"feedback_token\" must be a string (the "
                            "feedback_token of the answer)");
            goto out;
        }
        /* A wrong length is a wrong token: the handler says 403. */
        snprintf(out->feedback_token, sizeof out->feedback_token, "%s", t->valuestring);
        out->has_token = strlen(t->valuestring) < sizeof out->feedback_token;
    }
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(root, "useful");
    if (!cJSON_IsBool(u)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "\"useful\" must be true or false");
        goto out;
    }
    out->useful = cJSON_IsTrue(u);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "comment");
    if (c && !cJSON_IsNull(c)) {
        if (!cJSON_IsString(c) || !c->valuestring) {
            rc = gc_err_set(e, GC_ERR_INVALID, "\"comment\" must be a string");
            goto out;
        }
        long chars = utf8_count(c->valuestring, strlen(c->valuestring));
        if (chars < 0 || strlen(c->valuestring) >= sizeof out->comment) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "Le commentaire est trop long (%d caractères au "
                            "plus).", GC_FEEDBACK_COMMENT_MAX);
            goto out;
        }
        if (chars > GC_FEEDBACK_COMMENT_MAX) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "Le commentaire est trop long (%d caractères au "
                            "plus, il en a %ld).", GC_FEEDBACK_COMMENT_MAX, chars);
            goto out;
        }
        snprintf(out->comment, sizeof out->comment, "%s", c->valuestring);
    }
    rc = GC_OK;
out:
    cJSON_Delete(root);
    return rc;
}

int api_http_status(enum gc_rc rc)
{
    switch (rc) {
    case GC_OK: return 200;
    case GC_ERR_PARSE:
    case GC_ERR_INVALID: return 400;
    case GC_ERR_TOOBIG: return 413;
    case GC_ERR_NOTFOUND: return 404;
    case GC_ERR_BUSY: return 503;
    default: return 500;
    }
}

/* ---------------------------------------------------------------- output */

/* The answer's JSON is written directly (util/jsonw.h: as cJSON prints it):
 * building a cJSON tree and printing it was a tenth of an answer's
 * instructions. */
#define ANSWER_JSON_MAX (1024 * 1024)

static enum gc_rc answer_json(struct buf *b, const struct gc_answer *a)
{
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_open(&w, '{');
    jsonw_field_str(&w, "answer", a->text ? a->text : "");
    jsonw_key(&w, "sources");
    jsonw_open(&w, '[');
    int n = a->nsources < 0 ? 0 : a->nsources > GC_SOURCES_MAX ? GC_SOURCES_MAX : a->nsources;
    for (int i = 0; i < n; i++) {
        const struct gc_source *src = &a->sources[i];
        jsonw_open(&w, '{');
        jsonw_field_str(&w, "title", src->title);
        jsonw_field_str(&w, "url", src->url);
        jsonw_field_str(&w, "service", src->service);
        jsonw_field_str(&w, "validated_by", src->validated_by);
        jsonw_field_str(&w, "validated_on", src->validated_on);
        jsonw_close(&w, '}');
    }
    jsonw_close(&w, ']');
    double c = a->confidence;
    c = isnan(c) || c < 0 ? 0 : c > 1 ? 1 : c;
    jsonw_field_num(&w, "confidence", round(c * 1000) / 1000);
    jsonw_field_bool(&w, "refused", a->refused);
    jsonw_field_str(&w, "path", a->path);
    if (a->refused)
        jsonw_field_str(&w, "refusal_reason", a->refusal_reason);
    /* Transparency (docs/models.md): which model was asked, what it cost,
     * and why its answer was not sent when it was not. */
    if (a->backend[0]) {
        jsonw_key(&w, "generation");
        jsonw_open(&w, '{');
        jsonw_field_str(&w, "backend", a->backend);
        jsonw_field_str(&w, "model", a->model);
        jsonw_field_num(&w, "temperature", a->temperature);
        jsonw_field_bool(&w, "verified", a->verified);
        if (a->fallback_reason[0])
            jsonw_field_str(&w, "fallback_reason", a->fallback_reason);
        jsonw_field_num(&w, "prompt_tokens", a->prompt_tokens);
        jsonw_field_num(&w, "completion_tokens", a->completion_tokens);
        jsonw_field_bool(&w, "tokens_estimated", a->tokens_estimated);
        jsonw_field_num(&w, "model_ms", round(a->model_ms * 10) / 10);
        jsonw_close(&w, '}');
    }
    jsonw_field_num(&w, "elapsed_ms", round(a->elapsed_ms * 10) / 10);
    jsonw_field_num(&w, "energy_wh", round(a->energy_wh * 1e9) / 1e9);   /* to the nWh */
    if (a->conversation_id[0]) {
        jsonw_field_str(&w, "conversation_id", a->conversation_id);
        jsonw_field_bool(&w, "followup", a->followup);
    }
    if (a->message_id > 0) {
        jsonw_field_num(&w, "message_id", (double)a->message_id);
        if (a->feedback_token[0])
            jsonw_field_str(&w, "feedback_token", a->feedback_token);
    }
    jsonw_close(&w, '}');
    return w.rc;
}

char *api_answer_json(const struct gc_answer *a)
{
    /* One allocation: room for the fixed parts, the strings and a few
     * escapes (more only grows the buffer). */
    size_t guess = 512 + (a->text ? strlen(a->text) * 9 / 8 : 0);
    for (int i = 0; i < a->nsources && i < GC_SOURCES_MAX; i++)
        guess += 96 + (a->sources[i].title ? strlen(a->sources[i].title) : 0) +
                 (a->sources[i].url ? strlen(a->sources[i].url) : 0);
    struct buf b;
    buf_init(&b, ANSWER_JSON_MAX);
    if (buf_reserve(&b, guess < ANSWER_JSON_MAX ? guess : ANSWER_JSON_MAX) || answer_json(&b, a)) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

char *api_answer_sse(const char *text, const char *json)
{
    struct buf b;
    buf_init(&b, 4 * strlen(text) + strlen(json) + 256);
    /* "delta" events of a few words each, split at spaces (never inside a
     * UTF-8 sequence), then the whole answer. */
    size_t n = strlen(text), i = 0;
    while (i < n) {
        size_t j = i, words = 0;
        while (j < n && words < 4) {
            while (j < n && text[j] != ' ')
                j++;
            while (j < n && text[j] == ' ')
                j++;
            words++;
        }
        cJSON *d = cJSON_CreateObject();
        char *piece = xstrndup(text + i, j - i);
        cJSON_AddStringToObject(d, "text", piece);
        free(piece);
        char *dj = cJSON_PrintUnformatted(d);
        cJSON_Delete(d);
        if (!dj)
            abort();
        buf_printf(&b, "event: delta\ndata: %s\n\n", dj);
        free(dj);
        i = j;
    }
    buf_printf(&b, "event: answer\ndata: %s\n\n", json);
    return buf_steal(&b);
}

/* -------------------------------------------------------------- handlers */

struct api *api_new(struct pipeline *p)
{
    struct api *a = xcalloc(1, sizeof *a);
    a->p = p;
    clock_gettime(CLOCK_MONOTONIC, &a->started);
    return a;
}

void api_free(struct api *a)
{
    free(a);
}

void api_set_messages(struct api *a, struct messages *m)
{
    a->m = m;
}

void api_set_feedback_key(struct api *a, const unsigned char key[32])
{
    memcpy(a->fbkey, key, sizeof a->fbkey);
    a->has_key = true;
}

bool api_feedback_token_ok(const struct api *a, long long id, const char *token)
{
    return a->has_key && fbtoken_check(a->fbkey, id, token);
}

/* The recorder committed (or lost) the exchange an answer waits for. */
static void recorded(void *ctx, long long id, bool written)
{
    (void)id;
    http_hold_done(ctx, written);
}

struct pipeline *api_pipeline(const struct api *a)
{
    return a->p;
}

struct messages *api_messages(const struct api *a)
{
    return a->m;
}

enum gc_rc api_exchange(struct api *a, const struct http_request *rq, const char *channel,
                        const char *text, size_t len, const char *conversation_id,
                        struct gc_answer *ans, struct gc_err *e)
{
    char fresh[CONVERSATION_ID_LEN + 1];
    if (!conversation_id || !*conversation_id) {
        conversation_new_id(fresh);
        conversation_id = fresh;
    }
    struct gc_question q = {
        .text = text,
        .len = len,
        .channel = channel,
        .conversation_id = conversation_id,
    };
    enum gc_rc rc = pipeline_ask(a->p, &q, ans, e);
    if (rc || !a->m)
        return rc;
    struct message_rec r = api_message_rec(&q, ans);
    /* The answer names the exchange: it is sent once the exchange is
     * committed (group commit, store/messages.h), never before, so that an
     * id handed out survives a crash and is never handed out again.  Over
     * HTTP the connection waits, not the thread. */
    struct http_hold *h = rq ? http_request_hold(rq) : NULL;
    if (h) {
        ans->message_id = messages_record_then(a->m, &r, recorded, h);
        if (!ans->message_id)
            http_hold_done(h, true);   /* not recorded: the answer goes without an id */
    } else {
        ans->message_id = messages_record_wait(a->m, &r);
    }
    if (ans->message_id > 0 && a->has_key)
        fbtoken_make(a->fbkey, ans->message_id, ans->feedback_token);
    return GC_OK;
}

struct message_rec api_message_rec(const struct gc_question *q, const struct gc_answer *ans)
{
    struct message_rec r = {
        .conversation_id = q->conversation_id,
        .channel = q->channel,
        .question = q->text,
        .question_len = q->len,
        .answer = ans->text,
        .nsources = ans->nsources < GC_SOURCES_MAX ? ans->nsources : GC_SOURCES_MAX,
        .confidence = ans->confidence,
        .refused = ans->refused,
        .refusal_reason = ans->refusal_reason,
        .path = ans->path,
        .elapsed_ms = ans->elapsed_ms,
        .followup = ans->followup,
        .energy_wh = ans->energy_wh,
    };
    for (int i = 0; i < r.nsources; i++)
        r.source_ids[i] = ans->sources[i].id;
    return r;
}

void api_handle_ask(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct api *a = ctx;
    struct gc_err e;
    struct api_ask req;
    struct gc_answer ans;
    gc_err_clear(&e);
    memset(&ans, 0, sizeof ans);

    enum gc_rc rc = api_parse_ask(rq->body, rq->body_len, &req, &e);
    if (rc) {
        http_error(rs, api_http_status(rc), e.msg);
        return;
    }
    rc = api_exchange(a, rq, "api", req.question, req.question_len, req.conversation_id, &ans,
                      &e);
    if (rc) {
        int status = api_http_status(rc);
        if (status >= 500) {
            /* The detail may quote the question: log only the error class. */
            log_error("api: pipeline failed: %s", gc_strerror(rc));
            http_error(rs, status, status == 503 ? "busy, please retry" : "internal error");
        } else {
            http_error(rs, status, e.msg[0] ? e.msg : gc_strerror(rc));
        }
        goto out;
    }
    char *json = api_answer_json(&ans);
    if (!json) {
        http_error(rs, 500, "internal error");
        goto out;
    }
    const char *accept = http_request_header(rq, "Accept");
    if (ans.verified && accept && strstr(accept, "text/event-stream")) {
        /* A model's answer, already verified whole (docs/models.md): sent as
         * an event stream the page shows as it comes. */
        char *sse = api_answer_sse(ans.text ? ans.text : "", json);
        free(json);
        rs->status = 200;
        rs->body = sse;
        rs->body_len = strlen(sse);
        rs->body_owned = true;
        rs->content_type = "text/event-stream; charset=utf-8";
        goto out;
    }
    rs->status = 200;
    rs->body = json;
    rs->body_len = strlen(json);
    rs->body_owned = true;
out:
    answer_free(&ans);
    api_ask_free(&req);
}

void api_handle_health(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct api *a = ctx;
    struct timespec now;
    (void)rq;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct messages_counts mc;
    messages_counts(a->m, &mc);
    struct gc_energy en = {0};
    struct pipeline_content pc = {0};
    if (a->p) {
        pipeline_energy(a->p, &en);
        pipeline_content(a->p, &pc);
    }
    /* The content served: its version (meta content_version, bumped by
     * every import or withdrawal) and when it was loaded (docs/content.md). */
    char loaded[32] = "";
    struct tm tm;
    if (pc.loaded_at && gmtime_r(&pc.loaded_at, &tm))
        strftime(loaded, sizeof loaded, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char body[768];
    int n = snprintf(body, sizeof body,
                     "{\"status\":\"ok\",\"version\":\"%s\",\"pages\":%zu,\"passages\":%zu,"
                     "\"uptime_s\":%lld,\"exchanges\":{\"recorded\":%llu,\"written\":%llu,"
                     "\"dropped\":%llu},\"answers\":{\"total\":%llu,\"by_model\":%llu,"
                     "\"energy_wh\":%.9g},\"content\":{\"version\":%lld,\"loaded_at\":\"%s\","
                     "\"day\":\"%s\",\"overdue\":%zu,\"expired\":%zu,\"withheld\":%zu,"
                     "\"past_sentences\":%zu,\"reloads\":%llu,\"reload_failures\":%llu}}",
                     GC_VERSION, pc.pages, pc.passages,
                     (long long)(now.tv_sec - a->started.tv_sec),
                     (unsigned long long)mc.recorded, (unsigned long long)mc.written,
                     (unsigned long long)mc.dropped, en.answers, en.model_answers, en.wh,
                     (long long)pc.version, loaded, pc.today, pc.overdue, pc.expired, pc.withheld,
                     pc.past_sentences, pc.reloads, pc.reload_failures);
    if (n < 0 || (size_t)n >= sizeof body) {
        http_error(rs, 500, "internal error");
        return;
    }
    rs->status = 200;
    rs->body = xstrndup(body, (size_t)n);
    rs->body_len = (size_t)n;
    rs->body_owned = true;
}

void api_handle_feedback(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct api *a = ctx;
    struct gc_err e;
    struct api_feedback fb;
    gc_err_clear(&e);
    enum gc_rc rc = api_parse_feedback(rq->body, rq->body_len, &fb, &e);
    if (rc) {
        http_error(rs, api_http_status(rc), e.msg);
        return;
    }
    if (!a->m) {
        http_error(rs, 503, "feedback is not recorded on this server");
        return;
    }
    /* The token first: without it nothing tells whether the exchange
     * exists (ids are sequential). */
    if (!fb.has_token || !api_feedback_token_ok(a, fb.message_id, fb.feedback_token)) {
        http_error(rs, 403, fb.has_token ? "wrong feedback_token for this message_id"
                                         : "missing \"feedback_token\": send the "
                                           "feedback_token of the answer with its message_id");
        return;
    }
    rc = messages_feedback(a->m, fb.message_id, fb.useful, fb.comment, &e);
    if (rc == GC_ERR_NOTFOUND) {
        http_error(rs, 404, "no such message_id (unknown, or deleted after the retention period)");
        return;
    }
    if (rc) {
        log_error("api: feedback: %s", e.msg);
        http_error(rs, 503, "Votre avis n'a pas pu être enregistré : réessayez dans un instant.");
        return;
    }
    static const char ok[] = "{\"status\":\"recorded\"}";
    rs->status = 201;
    rs->body = ok;
    rs->body_len = sizeof ok - 1;
}

/* GET /api/v1/openapi.json: docs/openapi.json, embedded at build time. */
static void handle_openapi(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    (void)ctx;
    (void)rq;
    rs->status = 200;
    rs->body = (const char *)api_docs[0].data;
    rs->body_len = api_docs[0].len;
    rs->content_type = "application/json; charset=utf-8";
}

enum gc_rc api_routes(struct api *a, struct http_server *s)
{
    enum gc_rc rc;
    rc = http_server_route(s, "POST", "/api/v1/feedback",
                           HTTP_ROUTE_LIMITED | HTTP_ROUTE_JSON | HTTP_ROUTE_CORS,
                           api_handle_feedback, a);
    if (rc)
        return rc;
    rc = http_server_route(s, "POST", "/api/v1/ask",
                           HTTP_ROUTE_LIMITED | HTTP_ROUTE_JSON | HTTP_ROUTE_CORS,
                           api_handle_ask, a);
    if (rc)
        return rc;
    rc = http_server_route(s, "GET", "/api/v1/openapi.json", HTTP_ROUTE_CORS | HTTP_ROUTE_CACHE,
                           handle_openapi, NULL);
    if (rc)
        return rc;
    return http_server_route(s, "GET", "/api/v1/health", HTTP_ROUTE_CORS, api_handle_health, a);
}
