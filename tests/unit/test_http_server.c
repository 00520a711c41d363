/* test_http_server.c — the pure helpers of channels/http_server.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <time.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/http_server.h"
#include "util/limits.h"

static void test_media_type(void **state)
{
    (void)state;
    assert_true(http_media_type_is("application/json", "application/json"));
    assert_true(http_media_type_is("application/json; charset=utf-8", "application/json"));
    assert_true(http_media_type_is("Application/JSON;charset=UTF-8", "application/json"));
    assert_true(http_media_type_is("  application/json ", "application/json"));
    assert_false(http_media_type_is(NULL, "application/json"));
    assert_false(http_media_type_is("", "application/json"));
    assert_false(http_media_type_is("text/plain", "application/json"));
    assert_false(http_media_type_is("application/jsonp", "application/json"));
    assert_false(http_media_type_is("application/json-patch+json", "application/json"));
    assert_false(http_media_type_is("application/x-www-form-urlencoded", "application/json"));
}

static void test_parse_listen(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int family;      /* 0 = error */
        const char *addr;
        unsigned port;
    } cases[] = {
        {"127.0.0.1:8080", AF_INET, "127.0.0.1", 8080},
        {"0.0.0.0:80", AF_INET, "0.0.0.0", 80},
        {"*:8080", AF_INET, "0.0.0.0", 8080},
        {":8080", AF_INET, "0.0.0.0", 8080},
        {"localhost:0", AF_INET, "127.0.0.1", 0},
        {"[::1]:8080", AF_INET6, "::1", 8080},
        {"[::]:65535", AF_INET6, "::", 65535},
        {"127.0.0.1", 0, NULL, 0},
        {"127.0.0.1:", 0, NULL, 0},
        {"127.0.0.1:65536", 0, NULL, 0},
        {"127.0.0.1:99999999999999999999", 0, NULL, 0},
        {"127.0.0.1:-1", 0, NULL, 0},
        {"127.0.0.1:80x", 0, NULL, 0},
        {"1.2.3:80", 0, NULL, 0},
        {"example.org:80", 0, NULL, 0},
        {"[::1]8080", 0, NULL, 0},
        {"[::1:8080", 0, NULL, 0},
        {"[zz]:80", 0, NULL, 0},
        {"", 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sockaddr_storage ss;
        socklen_t len = 0;
        struct gc_err e;
        gc_err_clear(&e);
        enum gc_rc rc = http_parse_listen(cases[i].in, &ss, &len, &e);
        if (!cases[i].family) {
            if (rc != GC_ERR_INVALID)
                fail_msg("'%s' should be refused", cases[i].in);
            assert_true(e.msg[0] != '\0');
            continue;
        }
        if (rc != GC_OK)
            fail_msg("'%s': %s", cases[i].in, e.msg);
        assert_int_equal(ss.ss_family, cases[i].family);
        char buf[INET6_ADDRSTRLEN];
        if (cases[i].family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&ss;
            assert_int_equal(len, sizeof *in);
            inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
            assert_int_equal(ntohs(in->sin_port), cases[i].port);
        } else {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
            assert_int_equal(len, sizeof *in6);
            inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
            assert_int_equal(ntohs(in6->sin6_port), cases[i].port);
        }
        assert_string_equal(buf, cases[i].addr);
    }
}

static void test_error_body(void **state)
{
    (void)state;
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    http_error(&rs, 400, "bad \"thing\"\n\u00e9");
    assert_int_equal(rs.status, 400);
    assert_true(rs.body_owned);
    assert_null(rs.content_type);
    cJSON *o = cJSON_ParseWithLength(rs.body, rs.body_len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "error")->valuestring, "bad \"thing\"\n\u00e9");
    cJSON_Delete(o);
    free((void *)rs.body);
}

static void test_origins(void **state)
{
    (void)state;
    const char *o[GC_WIDGET_ORIGINS_MAX];
    char *copy;
    size_t n;
    bool any;
    struct gc_err e;
    assert_int_equal(http_parse_origins("https://www.ville.fr, http://localhost:8000/,"
                                        "https://[::1]:8443", &copy, o, &n, &any, &e), GC_OK);
    assert_int_equal(n, 3);
    assert_false(any);
    assert_string_equal(o[0], "https://www.ville.fr");
    assert_string_equal(o[1], "http://localhost:8000");   /* the trailing '/' dropped */
    assert_string_equal(o[2], "https://[::1]:8443");
    free(copy);
    assert_int_equal(http_parse_origins(" * ", &copy, o, &n, &any, &e), GC_OK);
    assert_true(any);
    assert_int_equal(n, 0);
    free(copy);
    assert_int_equal(http_parse_origins("", &copy, o, &n, &any, &e), GC_OK);
    assert_int_equal(n, 0);
    assert_false(any);
    assert_null(copy);
    static const char *const bad[] = {"www.ville.fr", "https://ville.fr/aide", "ftp://ville.fr",
                                      "https://", "https://user@ville.fr", "https://v.fr?x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gc_err_clear(&e);
        if (http_parse_origins(bad[i], &copy, o, &n, &any, &e) != GC_ERR_INVALID)
            fail_msg("'%s' should be refused", bad[i]);
        assert_non_null(strstr(e.msg, "widget-origins"));
        assert_null(copy);
        assert_int_equal(n, 0);
    }
    char many[GC_WIDGET_ORIGINS_MAX * 32] = "";
    size_t k = 0;
    for (int i = 0; i <= GC_WIDGET_ORIGINS_MAX; i++)
        k += (size_t)snprintf(many + k, sizeof many - k, "https://s%d.fr,", i);
    assert_int_equal(http_parse_origins(many, &copy, o, &n, &any, &e), GC_ERR_TOOBIG);
    assert_null(copy);
}

/* ---- a deferred request does not hold its worker (http_defer) ---- */

struct slow {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct http_hold *d;   /* the slow request, waiting */
    bool go;                   /* the test says: answer it */
    pthread_t th;
};

static void *finisher(void *arg)
{
    struct slow *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->go)
        pthread_cond_wait(&s->cv, &s->mu);
    struct http_hold *d = s->d;
    pthread_mutex_unlock(&s->mu);
    struct http_response rs = {0};
    rs.status = 200;
    rs.body = strdup("{\"slow\":true}");
    rs.body_len = strlen(rs.body);
    rs.body_owned = true;
    snprintf(rs.set_cookie, sizeof rs.set_cookie, "k=v; HttpOnly");
    http_deferred_finish(d, &rs);
    return NULL;
}

static void slow_handler(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct slow *s = ctx;
    rs->status = 500;   /* ignored once deferred */
    pthread_mutex_lock(&s->mu);
    s->d = http_defer(rq);
    assert_non_null(s->d);
    pthread_create(&s->th, NULL, finisher, s);
    pthread_mutex_unlock(&s->mu);
}

static void fast_handler(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    (void)ctx;
    (void)rq;
    rs->status = 303;
    rs->body = "{\"fast\":true}";
    rs->body_len = strlen(rs->body);
    snprintf(rs->location, sizeof rs->location, "/ailleurs");
}

static size_t keep(char *p, size_t sz, size_t n, void *ud)
{
    strncat(ud, p, sz * n < 200 ? sz * n : 200);
    return sz * n;
}

static void *get_slow(void *arg)
{
    char *url = arg;
    static char body[256];
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    return body;
}

static void test_deferred(void **state)
{
    (void)state;
    struct http_server *s = NULL;
    struct http_server_opts o = {.listen = "127.0.0.1:0", .threads = 1};
    struct gc_err e = {0};
    struct slow sl = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    assert_int_equal(http_server_new(&s, &o, &e), GC_OK);
    assert_int_equal(http_server_route(s, "GET", "/slow", 0, slow_handler, &sl), GC_OK);
    assert_int_equal(http_server_route(s, "GET", "/fast", 0, fast_handler, NULL), GC_OK);
    assert_int_equal(http_server_start(s, &e), GC_OK);
    char slow_url[128], fast_url[128];
    snprintf(slow_url, sizeof slow_url, "%s/slow", http_server_url(s));
    snprintf(fast_url, sizeof fast_url, "%s/fast", http_server_url(s));
    pthread_t client;
    pthread_create(&client, NULL, get_slow, slow_url);
    /* Wait until the slow request is taken out of the (only) worker. */
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&sl.mu);
        bool taken = sl.d != NULL;
        pthread_mutex_unlock(&sl.mu);
        if (taken)
            break;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* The worker answers another connection meanwhile. */
    char body[256] = "";
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, fast_url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    char *loc = NULL;
    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
    assert_non_null(loc);
    assert_non_null(strstr(loc, "/ailleurs"));
    curl_easy_cleanup(c);
    assert_string_equal(body, "{\"fast\":true}");
    /* Then the slow one gets its answer, from the other thread. */
    pthread_mutex_lock(&sl.mu);
    sl.go = true;
    pthread_cond_signal(&sl.cv);
    pthread_mutex_unlock(&sl.mu);
    char *slow_body = NULL;
    pthread_join(client, (void **)&slow_body);
    pthread_join(sl.th, NULL);
    assert_string_equal(slow_body, "{\"slow\":true}");
    http_server_free(s);
}

/* ---- the body's cap is the route's: GC_HTTP_BODY_MAX, or
 * GC_HTTP_BODY_BIG_MAX on an HTTP_ROUTE_BIG route (the back office's
 * editor) ---- */

static void len_handler(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    (void)ctx;
    char *out = malloc(32);
    snprintf(out, 32, "%zu", rq->body_len);
    rs->status = 200;
    rs->content_type = "text/plain";
    rs->body = out;
    rs->body_len = strlen(out);
    rs->body_owned = true;
}

static long post_len(const char *url, size_t n, bool chunked, char body[256])
{
    char *data = malloc(n + 1);   /* NUL-terminated: chunked, curl takes its strlen */
    memset(data, 'a', n);
    data[n] = '\0';
    body[0] = '\0';
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    if (chunked)
        h = curl_slist_append(h, "Transfer-Encoding: chunked");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
    if (!chunked)
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)n);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    long code = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(data);
    return code;
}

static void test_big_route(void **state)
{
    (void)state;
    struct http_server *s = NULL;
    struct http_server_opts o = {.listen = "127.0.0.1:0", .threads = 1};
    struct gc_err e = {0};
    assert_int_equal(http_server_new(&s, &o, &e), GC_OK);
    assert_int_equal(http_server_route(s, "POST", "/small", HTTP_ROUTE_FORM, len_handler, NULL),
                     GC_OK);
    assert_int_equal(http_server_route(s, "POST", "/big", HTTP_ROUTE_FORM | HTTP_ROUTE_BIG,
                                       len_handler, NULL), GC_OK);
    assert_int_equal(http_server_start(s, &e), GC_OK);
    char small[128], big[128], body[256];
    snprintf(small, sizeof small, "%s/small", http_server_url(s));
    snprintf(big, sizeof big, "%s/big", http_server_url(s));
    size_t n = 300 * 1024;
    assert_true(n > GC_HTTP_BODY_MAX && n < GC_HTTP_BODY_BIG_MAX);
    assert_int_equal(post_len(small, n, false, body), 413);
    assert_int_equal(post_len(big, n, false, body), 200);
    assert_int_equal(strtoul(body, NULL, 10), n);
    /* chunked: the cap is the buffer's, per request (small after big) */
    assert_int_equal(post_len(big, n, true, body), 200);
    assert_int_equal(post_len(small, n, true, body), 413);
    assert_int_equal(post_len(small, 1000, false, body), 200);
    assert_int_equal(post_len(big, GC_HTTP_BODY_BIG_MAX + 1, false, body), 413);
    http_server_free(s);
}

/* ---- the client's address key: the forwarded client behind a trusted
 * proxy (trusted-proxies), the peer otherwise (the back office throttles
 * logins by it) ---- */

static void client_handler(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    (void)ctx;
    static const unsigned char v4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char *out = malloc(INET_ADDRSTRLEN);
    if (!memcmp(rq->client, v4, sizeof v4))
        inet_ntop(AF_INET, rq->client + 12, out, INET_ADDRSTRLEN);
    else
        snprintf(out, INET_ADDRSTRLEN, "not v4");
    rs->status = 200;
    rs->content_type = "text/plain";
    rs->body = out;
    rs->body_len = strlen(out);
    rs->body_owned = true;
}

static void get_client(const char *url, const char *xff, char body[256])
{
    body[0] = '\0';
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    char line[128];
    snprintf(line, sizeof line, "X-Forwarded-For: %s", xff);
    h = curl_slist_append(h, line);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void test_client_key(void **state)
{
    (void)state;
    const char *trusted[] = {"", "127.0.0.1"};
    const char *want[] = {"127.0.0.1", "203.0.113.7"};
    for (int i = 0; i < 2; i++) {
        struct http_server *s = NULL;
        struct http_server_opts o = {.listen = "127.0.0.1:0", .threads = 1,
                                     .trusted_proxies = trusted[i]};
        struct gc_err e = {0};
        assert_int_equal(http_server_new(&s, &o, &e), GC_OK);
        assert_int_equal(http_server_route(s, "GET", "/who", 0, client_handler, NULL), GC_OK);
        assert_int_equal(http_server_start(s, &e), GC_OK);
        char url[128], body[256];
        snprintf(url, sizeof url, "%s/who", http_server_url(s));
        get_client(url, "203.0.113.7", body);
        assert_string_equal(body, want[i]);
        http_server_free(s);
    }
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_type),
        cmocka_unit_test(test_parse_listen),
        cmocka_unit_test(test_error_body),
        cmocka_unit_test(test_origins),
        cmocka_unit_test(test_deferred),
        cmocka_unit_test(test_big_route),
        cmocka_unit_test(test_client_key),
    };
    return cmocka_run_group_tests_name("http_server", tests, NULL, NULL);
}
