/* sms_kannel.c — Kannel's sms-service get-url / post-url (see sms_kannel.h). */
#include "channels/sms_kannel.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "channels/form.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"

#define TEXT_TYPE "text/plain; charset=utf-8"

struct sms_kannel {
    struct sms_session *s;
    unsigned char secret_hash[crypto_generichash_BYTES];
};

struct sms_kannel *sms_kannel_new(struct sms_session *s, const char *secret)
{
    struct sms_kannel *k = xcalloc(1, sizeof *k);
    k->s = s;
    /* Only a hash is kept: comparing two hashes of the same size is
     * constant-time whatever the length of the secret tried. */
    crypto_generichash(k->secret_hash, sizeof k->secret_hash, (const unsigned char *)secret,
                       strlen(secret), NULL, 0);
    return k;
}

void sms_kannel_free(struct sms_kannel *k)
{
    if (!k)
        return;
    sodium_memzero(k->secret_hash, sizeof k->secret_hash);
    free(k);
}

static bool secret_ok(const struct sms_kannel *k, const struct form_field *f)
{
    unsigned char h[crypto_generichash_BYTES];
    if (!f || !f->value_len)
        return false;
    crypto_generichash(h, sizeof h, (const unsigned char *)f->value, f->value_len, NULL, 0);
    return sodium_memcmp(h, k->secret_hash, sizeof h) == 0;
}

/* --------------------------------------------------------------- decoding */

enum charset { CS_UTF8, CS_UTF16BE, CS_LATIN1, CS_BINARY, CS_UNKNOWN };

static enum charset charset_of(const char *name)
{
    static const struct {
        const char *name;
        enum charset cs;
    } names[] = {
        {"utf-8", CS_UTF8},         {"utf8", CS_UTF8},         {"utf-16be", CS_UTF16BE},
        {"utf-16", CS_UTF16BE},     {"ucs-2", CS_UTF16BE},     {"ucs2", CS_UTF16BE},
        {"iso-8859-1", CS_LATIN1},  {"iso8859-1", CS_LATIN1},  {"latin1", CS_LATIN1},
        {"binary", CS_BINARY},      {"8-bit", CS_BINARY},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name))
            return names[i].cs;
    return CS_UNKNOWN;
}

/* UTF-16BE → UTF-8.  An odd length ending in 0x00 is the UTF-16 space
 * (00 20) whose 0x20 byte Kannel's %a dropped as trailing white space: it
 * is given back.  Any other odd length or a lone surrogate is unreadable. */
static enum sms_problem from_utf16be(const unsigned char *p, size_t len, struct buf *out)
{
    if (len % 2 && p[len - 1] != 0)
        return SMS_IN_UNREADABLE;
    size_t i = 0;
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)   /* byte order mark */
        i = 2;
    for (; i < len; i += 2) {
        unsigned u = (unsigned)p[i] << 8 | (i + 1 < len ? p[i + 1] : 0x20);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= len)
                return SMS_IN_UNREADABLE;
            unsigned lo = (unsigned)p[i + 2] << 8 | p[i + 3];
            if (lo < 0xDC00 || lo > 0xDFFF)
                return SMS_IN_UNREADABLE;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return SMS_IN_UNREADABLE;
        }
        if (utf8_buf_add(out, u))
            return SMS_IN_TOOLONG;
    }
    return SMS_IN_OK;
}

enum sms_problem sms_kannel_decode(const char *raw, size_t len, const char *coding,
                                   const char *charset, struct buf *out)
{
    size_t out0 = out->len;
    enum charset cs;
    if (charset && *charset) {
        cs = charset_of(charset);
    } else if (!coding || !*coding || !strcmp(coding, "0")) {
        cs = CS_UTF8;
    } else if (!strcmp(coding, "1")) {
        cs = CS_BINARY;
    } else if (!strcmp(coding, "2")) {
        cs = CS_UTF16BE;
    } else {
        cs = CS_UNKNOWN;
    }
    if (cs == CS_BINARY)
        return SMS_IN_BINARY;
    if (cs == CS_UNKNOWN)
        return SMS_IN_UNREADABLE;
    /* UTF-16 takes two bytes where UTF-8 often takes one: cap the input at
     * twice the text cap, then the text itself. */
    if (len > 2 * (size_t)GC_SMS_MAX_BYTES)
        return SMS_IN_TOOLONG;
    enum sms_problem pb = SMS_IN_OK;
    const unsigned char *p = (const unsigned char *)raw;
    if (cs == CS_UTF8) {
        if (utf8_count(raw, len) < 0)
            pb = SMS_IN_UNREADABLE;
        else if (buf_add(out, raw, len))
            pb = SMS_IN_TOOLONG;
    } else if (cs == CS_LATIN1) {
        for (size_t i = 0; i < len && !pb; i++)
            if (utf8_buf_add(out, p[i]))
                pb = SMS_IN_TOOLONG;
    } else {
        pb = from_utf16be(p, len, out);
    }
    if (!pb && out->len - out0 > GC_SMS_MAX_BYTES)
        pb = SMS_IN_TOOLONG;
    if (pb)
        buf_truncate(out, out0);
    return pb;
}

/* The charset parameter of a Content-Type value ("text/plain;
 * charset=\"UTF-8\""), copied into out (quotes removed); "" when none. */
static void content_charset(const char *ct, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = ct ? strchr(ct, ';') : NULL;
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncasecmp(p, "charset=", 8)) {
            p += 8;
            bool quoted = *p == '"';
            p += quoted;
            size_t i = 0;
            while (*p && *p != (quoted ? '"' : ';') && *p != ' ' && i + 1 < n)
                out[i++] = *p++;
            out[i] = '\0';
            return;
        }
        p = strchr(p, ';');
    }
}

/* ---------------------------------------------------------------- handler */

void sms_kannel_handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct sms_kannel *k = ctx;
    struct form q;
    struct gc_err e;
    struct buf text;
    struct sms_reply reply;
    gc_err_clear(&e);
    buf_init(&text, GC_SMS_MAX_BYTES);
    sms_reply_init(&reply);

    if (form_parse(rq->query, rq->query_len, &q, &e)) {
        http_error(rs, 400, "malformed query string");
        goto out;
    }
    if (!secret_ok(k, form_get(&q, "secret"))) {
        http_error(rs, 403, "forbidden: wrong or missing secret");
        goto out;
    }
    bool post = !strcmp(rq->method, "POST");
    const char *from = post ? http_request_header(rq, "X-Kannel-From") : NULL;
    const char *coding = post ? http_request_header(rq, "X-Kannel-Coding") : NULL;
    if (!from)
        from = form_value(&q, "from");
    if (!coding)
        coding = form_value(&q, "coding");
    char charset[32];
    if (post) {
        content_charset(rq->content_type, charset, sizeof charset);
    } else {
        const char *cs = form_value(&q, "charset");
        snprintf(charset, sizeof charset, "%s", cs ? cs : "");
    }
    if (post && !charset[0] && http_media_type_is(rq->content_type, "application/octet-stream"))
        snprintf(charset, sizeof charset, "binary");
    if (!from || !*from) {
        http_error(rs, 400, "missing sender: give from=%p (get-url) or send-sender = true "
                            "(post-url)");
        goto out;
    }
    const char *raw = "";
    size_t raw_len = 0;
    if (post) {
        raw = rq->body;
        raw_len = rq->body_len;
    } else {
        const struct form_field *t = form_get(&q, "text");
        if (t) {
            raw = t->value;
            raw_len = t->value_len;
        }
    }
    struct sms_inbound in = {
        .gateway = "kannel",
        .message_id = form_value(&q, "id"),   /* get-url ...&id=%I: Kannel's id of the message */
        .from = from,
        .from_len = strlen(from),
        .problem = sms_kannel_decode(raw, raw_len, coding, charset, &text),
    };
    in.text = buf_str(&text);
    in.text_len = text.len;
    enum gc_rc rc = sms_session_handle(k->s, &in, &reply, &e);
    if (rc == GC_ERR_INVALID) {
        http_error(rs, 400, e.msg);
        goto out;
    }
    if (rc) {
        http_error(rs, 500, "internal error");
        goto out;
    }
    rs->status = 200;
    rs->content_type = TEXT_TYPE;
    if (reply.text.len && reply.count.encoding == SMS_UCS2) {
        rs->extra_name = "X-Kannel-Coding";
        rs->extra_value = "2";
    }
    rs->body_len = reply.text.len;
    rs->body_owned = reply.text.len > 0;
    rs->body = reply.text.len ? buf_steal(&reply.text) : "";
out:
    form_free(&q);
    buf_free(&text);
    sms_reply_free(&reply);
}

enum gc_rc sms_kannel_routes(struct sms_kannel *k, struct http_server *srv)
{
    enum gc_rc rc = http_server_route(srv, "GET", "/sms/kannel", 0, sms_kannel_handle, k);
    if (!rc)
        rc = http_server_route(srv, "POST", "/sms/kannel", 0, sms_kannel_handle, k);
    return rc;
}
