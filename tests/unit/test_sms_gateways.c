/* test_sms_gateways.c — the Kannel and Twilio handlers as plain functions:
 * Kannel's text decoding (UTF-8, UTF-16BE with what %a does to it,
 * Latin-1, binary, unknown codings), the secret, GET and POST forms; the
 * Twilio signature check on real requests, TwiML and its escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/pipeline.h"
#include "channels/api.h"
#include "channels/form.h"
#include "channels/sms_kannel.h"
#include "channels/sms_session.h"
#include "channels/sms_twilio.h"
#include "store/db.h"
#include "store/pages.h"
#include "testutil.h"
#include "util/limits.h"

#define PISCINE_URL "https://www.villebrune.example/sports/piscine"
#define PUBLIC "https://guichet.villebrune.example"
#define TOKEN "0123456789abcdef0123456789abcdef"

/* ------------------------------------------------------ Kannel decoding */

static enum sms_problem decode(const char *raw, size_t len, const char *coding,
                               const char *charset, char *out, size_t n)
{
    struct buf b;
    buf_init(&b, GC_SMS_MAX_BYTES);
    enum sms_problem pb = sms_kannel_decode(raw, len, coding, charset, &b);
    snprintf(out, n, "%s", buf_str(&b));
    if (pb)
        assert_int_equal(b.len, 0);
    buf_free(&b);
    return pb;
}

static void test_kannel_decode(void **state)
{
    (void)state;
    char out[8192];
    /* 7-bit: Kannel hands UTF-8 over (checked with Kannel 1.4.5). */
    assert_int_equal(decode("Où est la mairie", 17, "0", NULL, out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "Où est la mairie");
    assert_int_equal(decode("abc", 3, NULL, "", out, sizeof out), SMS_IN_OK);
    assert_int_equal(decode("abc", 3, "", NULL, out, sizeof out), SMS_IN_OK);
    assert_int_equal(decode("a\xff", 2, "0", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    assert_int_equal(decode("\xc3\xa9", 2, "0", "UTF-8", out, sizeof out), SMS_IN_OK);
    /* UCS-2: "Où’€" in UTF-16BE; with a BOM; a surrogate pair (😀). */
    assert_int_equal(decode("\x00O\x00\xF9\x20\x19\x20\xAC", 8, "2", NULL, out, sizeof out),
                     SMS_IN_OK);
    assert_string_equal(out, "Où’€");
    assert_int_equal(decode("\xFE\xFF\x00h\x00i", 6, "2", NULL, out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "hi");
    assert_int_equal(decode("\xD8\x3D\xDE\x00", 4, "2", NULL, out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "😀");
    assert_int_equal(decode("\xD8\x3D\x00\x41", 4, "2", NULL, out, sizeof out),
                     SMS_IN_UNREADABLE);                     /* lone high surrogate */
    assert_int_equal(decode("\xDE\x00", 2, "2", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    assert_int_equal(decode("\xD8\x3D", 2, "2", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    /* %a drops a trailing space (00 20 → 00): given back; other odd lengths
     * are unreadable. */
    assert_int_equal(decode("\x00o\x00k\x00", 5, "2", NULL, out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "ok ");
    assert_int_equal(decode("\x00o\x00k\x01", 5, "2", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    /* Charset wins over coding. */
    assert_int_equal(decode("\x00h", 2, "0", "UTF-16BE", out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "h");
    assert_int_equal(decode("\x00h", 2, "0", "ucs-2", out, sizeof out), SMS_IN_OK);
    assert_int_equal(decode("caf\xe9", 4, "0", "ISO-8859-1", out, sizeof out), SMS_IN_OK);
    assert_string_equal(out, "café");
    assert_int_equal(decode("x", 1, "0", "KOI8-R", out, sizeof out), SMS_IN_UNREADABLE);
    /* 8-bit data and unknown codings. */
    assert_int_equal(decode("\x01\x02", 2, "1", NULL, out, sizeof out), SMS_IN_BINARY);
    assert_int_equal(decode("x", 1, "0", "binary", out, sizeof out), SMS_IN_BINARY);
    assert_int_equal(decode("x", 1, "3", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    assert_int_equal(decode("x", 1, "zero", NULL, out, sizeof out), SMS_IN_UNREADABLE);
    /* Size caps: the decoded text, and the raw input before decoding. */
    static char big[3 * GC_SMS_MAX_BYTES];
    memset(big, 'a', sizeof big);
    assert_int_equal(decode(big, GC_SMS_MAX_BYTES, "0", NULL, out, sizeof out), SMS_IN_OK);
    assert_int_equal(decode(big, GC_SMS_MAX_BYTES + 1, "0", NULL, out, sizeof out),
                     SMS_IN_TOOLONG);
    assert_int_equal(decode(big, sizeof big, "2", NULL, out, sizeof out), SMS_IN_TOOLONG);
    assert_int_equal(decode("", 0, "0", NULL, out, sizeof out), SMS_IN_OK);
}

/* --------------------------------------------------- handlers, for real */

struct fx {
    char path[256];
    char key[300];
    struct config *cfg;
    struct pipeline *p;
    struct api *api;   /* without a recorder: the gateways are tested here */
    struct sms_session *s;
    struct sms_kannel *k;
    struct sms_twilio *t;
};

static struct fx fx;

static int setup(void **state)
{
    struct gc_err e = {0};
    struct db *db = NULL;
    (void)state;
    if (tmp_file(fx.path, sizeof fx.path, "smsgw"))
        return -1;
    if (db_open(&db, fx.path, DB_READWRITE, &e) || db_begin(db, &e))
        return -1;
    struct passage_rec ps[] = {{"Horaires", "La piscine municipale est ouverte du lundi au "
                                            "vendredi de 12 h à 14 h et de 17 h à 20 h."}};
    struct page_rec pg = {
        .ext_id = PISCINE_URL, .title = "Piscine municipale", .url = PISCINE_URL,
        .service = "Sports", .status = "validated", .validated_by = "Claire Martin",
        .validated_on = "2026-09-14", .body = ps[0].text, .source = "test", .passages = ps,
        .npassages = 1,
    };
    enum store_put res;
    if (store_page_put(db, &pg, &res, &e) || db_commit(db, &e))
        return -1;
    db_close(db);
    snprintf(fx.key, sizeof fx.key, "%s.key", fx.path);
    fx.cfg = config_new();
    config_set(fx.cfg, "db", fx.path, NULL);
    config_set(fx.cfg, "town-name", "Villebrune", NULL);
    config_set(fx.cfg, "sms-key-file", fx.key, NULL);
    if (pipeline_open(&fx.p, fx.cfg, &e))
        goto fail;
    fx.api = api_new(fx.p);
    if (sms_session_open(&fx.s, fx.api, fx.cfg, &e))
        goto fail;
    fx.k = sms_kannel_new(fx.s, "s3cret");
    fx.t = sms_twilio_new(fx.s, TOKEN, PUBLIC "/");
    return 0;
fail:
    fprintf(stderr, "setup: %s\n", e.msg);
    return -1;
}

static int teardown(void **state)
{
    (void)state;
    sms_kannel_free(fx.k);
    sms_twilio_free(fx.t);
    sms_kannel_free(NULL);
    sms_twilio_free(NULL);
    sms_session_close(fx.s);
    api_free(fx.api);
    pipeline_close(fx.p);
    config_free(fx.cfg);
    tmp_db_remove(fx.path);
    unlink(fx.key);
    return 0;
}

/* One response, with its body copied as a string (static). */
struct res {
    int status;
    char body[16384];
    const char *type;
    const char *extra_name, *extra_value;
};

static struct res call(http_handler_fn fn, void *ctx, const struct http_request *rq)
{
    static struct res r;
    struct http_response rs = {0};
    fn(ctx, rq, &rs);
    memset(&r, 0, sizeof r);
    r.status = rs.status;
    snprintf(r.body, sizeof r.body, "%.*s", (int)rs.body_len, rs.body ? rs.body : "");
    r.type = rs.content_type;
    r.extra_name = rs.extra_name;
    r.extra_value = rs.extra_value;
    if (rs.body_owned)
        free((void *)rs.body);
    return r;
}

static struct res kannel_get(const char *query)
{
    struct http_request rq = {.method = "GET", .path = "/sms/kannel", .body = "",
                              .query = query, .query_len = strlen(query)};
    return call(sms_kannel_handle, fx.k, &rq);
}

static void test_kannel_get(void **state)
{
    (void)state;
    struct res r;
    r = kannel_get("from=%2B33611111111&to=1234&text=horaires+piscine");
    assert_int_equal(r.status, 403);
    r = kannel_get("secret=s3cre&from=%2B33611111111&text=horaires+piscine");
    assert_int_equal(r.status, 403);
    r = kannel_get("secret=s3cret2&from=%2B33611111111&text=horaires+piscine");
    assert_int_equal(r.status, 403);
    r = kannel_get("secret=s3cret&text=horaires+piscine");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "missing sender"));
    r = kannel_get("secret=s3cret&from=ORANGE&text=horaires+piscine");
    assert_int_equal(r.status, 400);
    r = kannel_get("secret=s3cret&from=%2B336&text=%zz");
    assert_int_equal(r.status, 400);

    /* %a form: words joined by '+'; the reply is the SMS, as text/plain. */
    r = kannel_get("secret=s3cret&from=%2B33611111111&to=1234&text=horaires+piscine&smsc=fake"
                   "&coding=0");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.type, "text/plain; charset=utf-8");
    assert_non_null(strstr(r.body, "Assistant automatique de Villebrune"));
    assert_non_null(strstr(r.body, "La piscine municipale est ouverte"));
    assert_non_null(strstr(r.body, PISCINE_URL));
    assert_null(r.extra_name);                          /* GSM-7: no coding header */
    /* UCS-2 (coding=2): "piscine ?" with a curly apostrophe elsewhere. */
    r = kannel_get("secret=s3cret&from=%2B33611111111&coding=2&text="
                   "%00h%00o%00r%00a%00i%00r%00e%00s%00+%00l%20%19%00a%00+"
                   "%00p%00i%00s%00c%00i%00n%00e");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "La piscine municipale est ouverte"));
    /* Unreadable, binary, unknown coding, empty, missing text: polite SMS. */
    r = kannel_get("secret=s3cret&from=%2B33611111111&text=%FF%FE");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "n'a pas pu etre lu"));
    r = kannel_get("secret=s3cret&from=%2B33611111111&coding=1&text=%01%02");
    assert_non_null(strstr(r.body, "ne lit que les SMS texte"));
    r = kannel_get("secret=s3cret&from=%2B33611111111&coding=9&text=abc");
    assert_non_null(strstr(r.body, "n'a pas pu etre lu"));
    r = kannel_get("secret=s3cret&from=%2B33611111111&text=");
    assert_non_null(strstr(r.body, "Votre message est vide"));
    r = kannel_get("secret=s3cret&from=%2B33611111111");
    assert_non_null(strstr(r.body, "Votre message est vide"));
    /* STOP: confirmed, then an empty 200 (Kannel with omit-empty sends nothing). */
    r = kannel_get("secret=s3cret&from=%2B33611111111&text=STOP");
    assert_non_null(strstr(r.body, "Vous ne recevrez plus"));
    r = kannel_get("secret=s3cret&from=%2B33611111111&text=horaires+piscine");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "");
    r = kannel_get("secret=s3cret&from=%2B33611111111&text=START");
    assert_non_null(strstr(r.body, "réactivé"));
}

static void test_kannel_post(void **state)
{
    (void)state;
    struct http_header h[] = {
        {"X-Kannel-From", "+33622222222"}, {"X-Kannel-To", "1234"},
        {"X-Kannel-SMSC", "fake"}, {"X-Kannel-Coding", "0"},
    };
    const char *body = "Horaires piscine ?";
    struct http_request rq = {.method = "POST", .path = "/sms/kannel",
                              .content_type = "text/plain; charset=\"UTF-8\"", .body = body,
                              .body_len = strlen(body), .query = "secret=s3cret",
                              .query_len = 13, .headers = h, .nheaders = 4};
    struct res r = call(sms_kannel_handle, fx.k, &rq);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "La piscine municipale est ouverte"));
    /* UTF-16BE body, as Kannel posts UCS-2 messages. */
    h[3].value = "2";
    rq.content_type = "text/plain; charset=\"UTF-16BE\"";
    rq.body = "\x00S\x00U\x00I\x00T\x00" "E";
    rq.body_len = 10;
    r = call(sms_kannel_handle, fx.k, &rq);
    assert_non_null(strstr(r.body, "pas de suite en attente"));
    /* 8-bit data: application/octet-stream. */
    h[3].value = "1";
    rq.content_type = "application/octet-stream";
    rq.body = "\x01\x02\x03";
    rq.body_len = 3;
    r = call(sms_kannel_handle, fx.k, &rq);
    assert_non_null(strstr(r.body, "ne lit que les SMS texte"));
    /* No sender header and none in the query. */
    rq.nheaders = 0;
    r = call(sms_kannel_handle, fx.k, &rq);
    assert_int_equal(r.status, 400);
    /* A wrong secret in a POST. */
    rq.nheaders = 4;
    rq.query = "secret=nope";
    rq.query_len = 11;
    r = call(sms_kannel_handle, fx.k, &rq);
    assert_int_equal(r.status, 403);
}

/* A reply that cannot be GSM-7 is flagged for Kannel as UCS-2. */
static void test_kannel_ucs2_reply(void **state)
{
    (void)state;
    /* The help text is GSM-7 once transliterated: no header. */
    struct res r = kannel_get("secret=s3cret&from=%2B33633333333&text=AIDE");
    assert_null(r.extra_name);
    assert_non_null(strstr(r.body, "STOP : arreter les SMS."));   /* whole, with the disclosure */
    assert_null(strstr(r.body, "SUITE pour la suite"));
}

/* ------------------------------------------------------------- Twilio */

static struct res twilio_post(const char *body, const char *query, const char *sig)
{
    struct http_header h[] = {{"X-Twilio-Signature", sig}};
    struct http_request rq = {.method = "POST", .path = "/sms/twilio",
                              .content_type = "application/x-www-form-urlencoded",
                              .body = body, .body_len = strlen(body),
                              .query = query, .query_len = strlen(query),
                              .headers = h, .nheaders = sig ? 1 : 0};
    return call(sms_twilio_handle, fx.t, &rq);
}

/* Sign body for PUBLIC/sms/twilio[?query]. */
static const char *sign(const char *body, const char *query)
{
    static char sig[SMS_TWILIO_SIG_LEN + 1];
    char url[512];
    struct form f;
    snprintf(url, sizeof url, PUBLIC "/sms/twilio%s%s", *query ? "?" : "", query);
    assert_int_equal(form_parse(body, strlen(body), &f, NULL), GC_OK);
    assert_int_equal(sms_twilio_signature(TOKEN, url, &f, sig), GC_OK);
    form_free(&f);
    return sig;
}

static void test_twilio(void **state)
{
    (void)state;
    const char *body = "ToCountry=FR&SmsMessageSid=SM1&NumMedia=0&MessageSid=SM1&"
                       "From=%2B33644444444&To=%2B33755555555&Body=Horaires+piscine+%3F&"
                       "ApiVersion=2010-04-01&Unknown_Field=%C3%A9";
    struct res r = twilio_post(body, "", sign(body, ""));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.type, "text/xml; charset=utf-8");
    assert_true(!strncmp(r.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>",
                         56));
    assert_non_null(strstr(r.body, "La piscine municipale est ouverte"));
    assert_non_null(strstr(r.body, "Assistant automatique de Villebrune"));
    assert_non_null(strstr(r.body, "</Message></Response>"));
    /* A query string is part of what is signed. */
    r = twilio_post(body, "town=vb", sign(body, "town=vb"));
    assert_int_equal(r.status, 200);
    r = twilio_post(body, "town=vb", sign(body, ""));
    assert_int_equal(r.status, 403);
    /* Wrong, missing, truncated signature; body changed after signing. */
    r = twilio_post(body, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    assert_int_equal(r.status, 403);
    r = twilio_post(body, "", NULL);
    assert_int_equal(r.status, 403);
    char sig[SMS_TWILIO_SIG_LEN + 1];
    snprintf(sig, sizeof sig, "%s", sign(body, ""));
    sig[10] = '\0';
    r = twilio_post(body, "", sig);
    assert_int_equal(r.status, 403);
    const char *other = "From=%2B33644444444&Body=AIDE";
    r = twilio_post(other, "", sign(body, ""));
    assert_int_equal(r.status, 403);
    /* Signed but no From: 400; malformed: 400.  (Not a form: the server's
     * 415, tests/e2e/sms_twilio_checks.py.) */
    const char *nofrom = "Body=AIDE";
    r = twilio_post(nofrom, "", sign(nofrom, ""));
    assert_int_equal(r.status, 400);
    r = twilio_post("Body=%G1", "", "x");
    assert_int_equal(r.status, 400);
    /* STOP: confirmed, then <Response/>. */
    const char *stop = "From=%2B33644444444&Body=stop";
    r = twilio_post(stop, "", sign(stop, ""));
    assert_non_null(strstr(r.body, "Vous ne recevrez plus"));
    const char *q = "From=%2B33644444444&Body=horaires+piscine";
    r = twilio_post(q, "", sign(q, ""));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    /* Invalid UTF-8 in Body: a polite SMS. */
    const char *bad = "From=%2B33666666666&Body=%FF";
    r = twilio_post(bad, "", sign(bad, ""));
    assert_non_null(strstr(r.body, "n&apos;a pas pu etre lu"));
}

static void test_twiml(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    const char *t = "a<b & \"c\" 'd' >\x01\x7f\tok\xef\xbf\xbe!";
    assert_int_equal(sms_twilio_twiml(t, strlen(t), &b), GC_OK);
    assert_string_equal(buf_str(&b), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
                                     "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;\x7f\tok!"
                                     "</Message></Response>");
    buf_reset(&b);
    assert_int_equal(sms_twilio_twiml("", 0, &b), GC_OK);
    assert_string_equal(buf_str(&b), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_kannel_decode),
        cmocka_unit_test(test_twiml),
    };
    const struct CMUnitTest live[] = {
        cmocka_unit_test(test_kannel_get),
        cmocka_unit_test(test_kannel_post),
        cmocka_unit_test(test_kannel_ucs2_reply),
        cmocka_unit_test(test_twilio),
    };
    int failed = cmocka_run_group_tests_name("sms gateways", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("sms gateway handlers", live, setup, teardown);
    return failed;
}
