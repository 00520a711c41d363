/* test_metrics.c — util/metrics (series, histograms, the text format, the
 * overflow series, counts exact under threads), util/addrlist (lists of
 * addresses and blocks) and channels/monitor's verdict on who may read
 * /metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/monitor.h"
#include "util/addrlist.h"
#include "util/metrics.h"

static char *render(void)
{
    struct buf b;
    buf_init(&b, 1 << 22);
    metrics_render(&b);
    return buf_steal(&b);
}

static void test_counters(void **state)
{
    (void)state;
    metrics_reset();
    metrics_inc(M_ANSWERS, "web", "extractive");
    metrics_inc(M_ANSWERS, "web", "extractive");
    metrics_add(M_ANSWERS, "sms", "local/mistral", 5);
    metrics_touch(M_RELOADS, "ok", NULL);
    metrics_inc(M_REFUSALS, "api", "a \"quoted\\ reason\nwith a newline");
    char *t = render();
    assert_non_null(strstr(t, "# TYPE guichet_answers_total counter\n"));
    assert_non_null(strstr(t, "guichet_answers_total{channel=\"web\",path=\"extractive\"} 2\n"));
    assert_non_null(strstr(t, "guichet_answers_total{channel=\"sms\",path=\"local/mistral\"} 5\n"));
    assert_non_null(strstr(t, "guichet_reloads_total{result=\"ok\"} 0\n"));
    assert_non_null(strstr(t, "reason=\"a \\\"quoted\\\\ reason\\nwith a newline\"} 1\n"));
    free(t);
}

static void test_histogram(void **state)
{
    (void)state;
    metrics_reset();
    metrics_observe_ns(M_ANSWER_DURATION, "web", 50000);        /* 0.05 ms */
    metrics_observe_ns(M_ANSWER_DURATION, "web", 3000000);      /* 3 ms */
    metrics_observe_ns(M_ANSWER_DURATION, "web", 60000000000);  /* 60 s: past the last bound */
    metrics_inc(M_ANSWER_DURATION, "web", NULL);                /* not how a histogram counts */
    char *t = render();
    assert_non_null(strstr(t, "# TYPE guichet_answer_duration_seconds histogram\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_bucket{channel=\"web\",le=\"0.0001\"} 1\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_bucket{channel=\"web\",le=\"0.0025\"} 1\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_bucket{channel=\"web\",le=\"0.005\"} 2\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_bucket{channel=\"web\",le=\"10\"} 2\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_bucket{channel=\"web\",le=\"+Inf\"} 3\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_count{channel=\"web\"} 3\n"));
    assert_non_null(strstr(t, "guichet_answer_duration_seconds_sum{channel=\"web\"} 60.003050000\n"));
    free(t);
}

static void test_overflow(void **state)
{
    (void)state;
    metrics_reset();
    for (int i = 0; i < METRICS_SERIES_MAX + 40; i++) {
        char route[32];
        snprintf(route, sizeof route, "/r%d", i);
        metrics_inc(M_HTTP_REQUESTS, route, "200");
    }
    char *t = render();
    size_t lines = 0;
    for (char *p = strstr(t, "guichet_http_requests_total{"); p;
         p = strstr(p + 1, "guichet_http_requests_total{"))
        lines++;
    assert_int_equal(lines, METRICS_SERIES_MAX);
    assert_non_null(strstr(t, "guichet_http_requests_total{route=\"other\",code=\"other\"} 41\n"));
    free(t);
    /* A long value is cut, and two values equal up to the cut are one series. */
    metrics_reset();
    char a[200], b[200];
    memset(a, 'x', 150);
    a[150] = '\0';
    memcpy(b, a, 151);
    b[149] = 'y';
    metrics_inc(M_MODEL_CALLS, a, NULL);
    metrics_inc(M_MODEL_CALLS, b, NULL);
    t = render();
    char want[128];
    snprintf(want, sizeof want, "{backend=\"%.*s\"} 2\n", METRICS_LABEL_MAX - 1, a);
    assert_non_null(strstr(t, want));
    free(t);
}

static void *hammer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++) {
        metrics_inc(M_HTTP_REQUESTS, i % 2 ? "/a" : "/b", "200");
        metrics_observe_ns(M_HTTP_DURATION, "/a", 1000);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    metrics_reset();
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, hammer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    char *t = render();
    assert_non_null(strstr(t, "guichet_http_requests_total{route=\"/a\",code=\"200\"} 200000\n"));
    assert_non_null(strstr(t, "guichet_http_requests_total{route=\"/b\",code=\"200\"} 200000\n"));
    assert_non_null(strstr(t, "guichet_http_request_duration_seconds_count{route=\"/a\"} 400000\n"));
    free(t);
}

static struct sockaddr_storage v4(const char *s)
{
    struct sockaddr_storage ss = {0};
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;
    in->sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, s, &in->sin_addr), 1);
    return ss;
}

static struct sockaddr_storage v6(const char *s)
{
    struct sockaddr_storage ss = {0};
    struct sockaddr_in6 *in = (struct sockaddr_in6 *)&ss;
    in->sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, s, &in->sin6_addr), 1);
    return ss;
}

#define SA(x) ((const struct sockaddr *)&(x))

static void test_addrlist(void **state)
{
    (void)state;
    struct addrlist l;
    struct gc_err e = {0};
    assert_int_equal(addrlist_parse("192.0.2.0/24, 198.51.100.7 2001:db8::/32,::1", &l, &e), GC_OK);
    assert_int_equal(l.n, 4);
    struct sockaddr_storage a = v4("192.0.2.200"), b = v4("192.0.3.1"), c = v4("198.51.100.7"),
                            d = v4("198.51.100.8"), f = v6("2001:db8:1::5"),
                            g = v6("2001:db9::1"), h = v6("::ffff:192.0.2.9");
    assert_true(addrlist_match(&l, SA(a)));
    assert_false(addrlist_match(&l, SA(b)));
    assert_true(addrlist_match(&l, SA(c)));
    assert_false(addrlist_match(&l, SA(d)));
    assert_true(addrlist_match(&l, SA(f)));
    assert_false(addrlist_match(&l, SA(g)));
    assert_true(addrlist_match(&l, SA(h)));   /* IPv4-mapped: judged as IPv4 */
    assert_false(addrlist_match(&l, NULL));
    assert_int_equal(addrlist_parse("10.0.0.0/12", &l, &e), GC_OK);   /* a /12: half a byte */
    struct sockaddr_storage in12 = v4("10.15.255.255"), out12 = v4("10.16.0.0");
    assert_true(addrlist_match(&l, SA(in12)));
    assert_false(addrlist_match(&l, SA(out12)));
    assert_int_equal(addrlist_parse("", &l, &e), GC_OK);
    assert_int_equal(l.n, 0);
    assert_false(addrlist_match(&l, SA(a)));
    static const char *const bad[] = {"192.0.2.0/33", "::/129", "example.org", "192.0.2.1/",
                                      "192.0.2.1/x", "300.1.1.1", "1.2.3.4/-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gc_err_clear(&e);
        assert_int_equal(addrlist_parse(bad[i], &l, &e), GC_ERR_INVALID);
        assert_true(e.msg[0] != '\0');
    }
    struct sockaddr_storage lo = v4("127.3.4.5"), lo6 = v6("::1"), lom = v6("::ffff:127.0.0.1"),
                            not6 = v6("::2");
    assert_true(addrlist_is_loopback(SA(lo)));
    assert_true(addrlist_is_loopback(SA(lo6)));
    assert_true(addrlist_is_loopback(SA(lom)));
    assert_false(addrlist_is_loopback(SA(not6)));
    assert_false(addrlist_is_loopback(SA(a)));
}

static void test_monitor_allowed(void **state)
{
    (void)state;
    struct monitor *m;
    struct gc_err e = {0};
    assert_int_equal(monitor_new(&m, NULL, "bad address", &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "metrics-allow"));
    assert_int_equal(monitor_new(&m, NULL, "192.0.2.0/24", &e), GC_OK);
    struct sockaddr_storage lo = v4("127.0.0.1"), in = v4("192.0.2.5"), out = v4("203.0.113.9");
    struct http_request rq = {.method = "GET", .path = "/metrics", .peer = SA(lo)};
    assert_true(monitor_allowed(m, &rq));
    rq.peer = SA(in);
    assert_true(monitor_allowed(m, &rq));
    rq.peer = SA(out);
    assert_false(monitor_allowed(m, &rq));
    rq.peer = NULL;
    assert_false(monitor_allowed(m, &rq));
    /* Through a proxy (its address is loopback): refused, whatever the
     * header claims. */
    static const struct http_header fwd[][1] = {{{"X-Forwarded-For", "127.0.0.1"}},
                                                {{"x-real-ip", "192.0.2.5"}},
                                                {{"Forwarded", "for=127.0.0.1"}}};
    for (int i = 0; i < 3; i++) {
        struct http_request p = {.method = "GET", .path = "/metrics", .peer = SA(lo),
                                 .headers = fwd[i], .nheaders = 1};
        assert_false(monitor_allowed(m, &p));
    }
    struct http_response rs = {0};
    rq.peer = SA(out);
    monitor_handle(m, &rq, &rs);
    assert_int_equal(rs.status, 403);
    assert_non_null(strstr(rs.body, "\"error\""));
    if (rs.body_owned)
        free((void *)rs.body);
    memset(&rs, 0, sizeof rs);
    rq.peer = SA(lo);
    monitor_handle(m, &rq, &rs);
    assert_int_equal(rs.status, 200);
    assert_string_equal(rs.content_type, "text/plain; version=0.0.4; charset=utf-8");
    assert_non_null(strstr(rs.body, "guichet_build_info{version="));
    free((void *)rs.body);
    monitor_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters),     cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_overflow),     cmocka_unit_test(test_threads),
        cmocka_unit_test(test_addrlist),     cmocka_unit_test(test_monitor_allowed),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
