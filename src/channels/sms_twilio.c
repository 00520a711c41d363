/* sms_twilio.c — Twilio's messaging webhook and its signature (see
 * sms_twilio.h). */
#include "channels/sms_twilio.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/sha1.h"
#include "util/utf8.h"

#define XML_TYPE "text/xml; charset=utf-8"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
#define SIGNED_MAX (GC_HTTP_BODY_MAX + GC_HTTP_HEADER_MAX + GC_URL_MAX)

struct sms_twilio {
    struct sms_session *s;
    char *token;
    char *base;      /* public-url without a trailing '/' */
};

struct sms_twilio *sms_twilio_new(struct sms_session *s, const char *token,
                                  const char *public_url)
{
    struct sms_twilio *t = xcalloc(1, sizeof *t);
    t->s = s;
    t->token = xstrdup(token);
    size_t n = strlen(public_url);
    while (n && public_url[n - 1] == '/')
        n--;
    t->base = xstrndup(public_url, n);
    return t;
}

void sms_twilio_free(struct sms_twilio *t)
{
    if (!t)
        return;
    sodium_memzero(t->token, strlen(t->token));
    free(t->token);
    free(t->base);
    free(t);
}

/* ------------------------------------------------------------- signature */

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

static int cmp_field(const void *x, const void *y)
{
    const struct form_field *a = *(const struct form_field *const *)x;
    const struct form_field *b = *(const struct form_field *const *)y;
    int c = cmp_bytes(a->name, a->name_len, b->name, b->name_len);
    return c ? c : cmp_bytes(a->value, a->value_len, b->value, b->value_len);
}

enum gc_rc sms_twilio_signature(const char *token, const char *url, const struct form *params,
                                char out[SMS_TWILIO_SIG_LEN + 1])
{
    enum gc_rc rc;
    struct buf b;
    const struct form_field **sorted = NULL;
    buf_init(&b, SIGNED_MAX);
    rc = buf_adds(&b, url);
    if (rc)
        goto out;
    if (params && params->n) {
        sorted = xcalloc(params->n, sizeof *sorted);
        for (size_t i = 0; i < params->n; i++)
            sorted[i] = &params->fields[i];
        qsort(sorted, params->n, sizeof *sorted, cmp_field);
        for (size_t i = 0; i < params->n && !rc; i++) {
            if (i && !cmp_field(&sorted[i - 1], &sorted[i]))
                continue;   /* the same pair twice counts once */
            rc = buf_add(&b, sorted[i]->name, sorted[i]->name_len);
            if (!rc)
                rc = buf_add(&b, sorted[i]->value, sorted[i]->value_len);
        }
        if (rc)
            goto out;
    }
    unsigned char mac[SHA1_LEN];
    hmac_sha1(token, strlen(token), buf_str(&b), b.len, mac);
    sodium_bin2base64(out, SMS_TWILIO_SIG_LEN + 1, mac, sizeof mac,
                      sodium_base64_VARIANT_ORIGINAL);
out:
    free(sorted);
    buf_free(&b);
    return rc;
}

bool sms_twilio_verify(const char *token, const char *url, const struct form *params,
                       const char *header)
{
    char want[SMS_TWILIO_SIG_LEN + 1];
    if (!header || strlen(header) != SMS_TWILIO_SIG_LEN)
        return false;
    if (sms_twilio_signature(token, url, params, want))
        return false;
    return sodium_memcmp(want, header, SMS_TWILIO_SIG_LEN) == 0;
}

/* ---------------------------------------------------------------- TwiML */

enum gc_rc sms_twilio_twiml(const char *text, size_t len, struct buf *out)
{
    size_t out0 = out->len;
    enum gc_rc rc = buf_adds(out, XML_HEAD);
    if (!rc && !len)
        return buf_adds(out, "<Response/>");
    if (!rc)
        rc = buf_adds(out, "<Response><Message>");
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len && !rc; i++) {
        unsigned char c = p[i];
        switch (c) {
        case '&': rc = buf_adds(out, "&amp;"); break;
        case '<': rc = buf_adds(out, "&lt;"); break;
        case '>': rc = buf_adds(out, "&gt;"); break;
        case '"': rc = buf_adds(out, "&quot;"); break;
        case '\'': rc = buf_adds(out, "&apos;"); break;
        default:
            /* XML 1.0 §2.2: no C0 control but tab, LF, CR; no U+FFFE/U+FFFF
             * (EF BF BE / EF BF BF). */
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            if (c == 0xEF && i + 2 < len && p[i + 1] == 0xBF && (p[i + 2] & 0xFE) == 0xBE) {
                i += 2;
                break;
            }
            rc = buf_addc(out, (char)c);
        }
    }
    if (!rc)
        rc = buf_adds(out, "</Message></Response>");
    if (rc)
        buf_truncate(out, out0);
    return rc;
}

/* --------------------------------------------------------------- handler */

void sms_twilio_handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct sms_twilio *t = ctx;
    struct form f = {0};
    struct gc_err e;
    struct sms_reply reply;
    struct buf url, xml;
    gc_err_clear(&e);
    sms_reply_init(&reply);
    buf_init(&url, GC_URL_MAX + GC_HTTP_HEADER_MAX + 256);
    buf_init(&xml, SMS_REPLY_MAX_BYTES * 2 + 128);

    if (form_parse(rq->body, rq->body_len, &f, &e)) {
        http_error(rs, 400, "malformed form body");
        goto out;
    }
    if (buf_adds(&url, t->base) || buf_adds(&url, rq->path) ||
        (rq->query_len && (buf_addc(&url, '?') || buf_add(&url, rq->query, rq->query_len)))) {
        http_error(rs, 414, "URL too long");
        goto out;
    }
    if (!sms_twilio_verify(t->token, buf_str(&url), &f,
                           http_request_header(rq, "X-Twilio-Signature"))) {
        log_warn("sms twilio: request refused: missing or wrong X-Twilio-Signature (check "
                 "twilio-token and public-url)");
        http_error(rs, 403, "forbidden: missing or wrong X-Twilio-Signature");
        goto out;
    }
    const struct form_field *from = form_get(&f, "From");
    if (!from || !from->value_len) {
        http_error(rs, 400, "missing From");
        goto out;
    }
    const struct form_field *body = form_get(&f, "Body");
    /* The message's id: a request replayed (signed, so captured whole) or
     * retried carries the same one (sms_session.h). */
    const char *sid = form_value(&f, "MessageSid");
    if (!sid || !*sid)
        sid = form_value(&f, "SmsMessageSid");
    struct sms_inbound in = {
        .gateway = "twilio",
        .message_id = sid,
        .from = from->value,
        .from_len = from->value_len,
        .text = body ? body->value : "",
        .text_len = body ? body->value_len : 0,
    };
    if (in.text_len > GC_SMS_MAX_BYTES)
        in.problem = SMS_IN_TOOLONG;
    else if (utf8_count(in.text, in.text_len) < 0)
        in.problem = SMS_IN_UNREADABLE;
    enum gc_rc rc = sms_session_handle(t->s, &in, &reply, &e);
    if (rc == GC_ERR_INVALID) {
        http_error(rs, 400, e.msg);
        goto out;
    }
    if (rc || sms_twilio_twiml(buf_str(&reply.text), reply.text.len, &xml)) {
        http_error(rs, 500, "internal error");
        goto out;
    }
    rs->status = 200;
    rs->content_type = XML_TYPE;
    rs->body_len = xml.len;
    rs->body = buf_steal(&xml);
    rs->body_owned = true;
out:
    form_free(&f);
    sms_reply_free(&reply);
    buf_free(&url);
    buf_free(&xml);
}

enum gc_rc sms_twilio_routes(struct sms_twilio *t, struct http_server *srv)
{
    /* A body that is not a form is refused by the server (415). */
    return http_server_route(srv, "POST", "/sms/twilio", HTTP_ROUTE_FORM, sms_twilio_handle, t);
}
