/* test_http_server.c — the pure helpers of channels/http_server.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <cJSON.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_media_type),
        cmocka_unit_test(test_parse_listen),
        cmocka_unit_test(test_error_body),
        cmocka_unit_test(test_origins),
    };
    return cmocka_run_group_tests_name("http_server", tests, NULL, NULL);
}
