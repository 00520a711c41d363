/* test_openai_client.c — the circuit breaker and the SSE line parser of the
 * model client (the HTTP side is tested live against tests/fixtures/fake_llm.py
 * in tests/e2e/t_llm.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/breaker.h"
#include "models/openai_client.h"
#include "util/buf.h"
#include "util/limits.h"

static void test_breaker(void **state)
{
    (void)state;
    struct breaker b;
    breaker_init(&b);
    double t = 1000;
    /* Two failures, then a success: still closed, count reset. */
    assert_true(breaker_allow(&b, t));
    breaker_record(&b, false, t);
    breaker_record(&b, false, t);
    assert_true(breaker_allow(&b, t));
    breaker_record(&b, true, t);
    breaker_record(&b, false, t);
    breaker_record(&b, false, t);
    assert_true(breaker_allow(&b, t));
    /* The third consecutive failure opens it for BREAKER_OPEN_MS. */
    breaker_record(&b, false, t);
    assert_false(breaker_allow(&b, t + 1));
    assert_false(breaker_allow(&b, t + BREAKER_OPEN_MS - 1));
    /* Half-open: one trial only. */
    assert_true(breaker_allow(&b, t + BREAKER_OPEN_MS));
    assert_false(breaker_allow(&b, t + BREAKER_OPEN_MS + 1));
    /* The trial fails: open again at once. */
    breaker_record(&b, false, t + BREAKER_OPEN_MS + 2);
    assert_false(breaker_allow(&b, t + BREAKER_OPEN_MS + 3));
    double t2 = t + 2 * BREAKER_OPEN_MS + 2;
    assert_true(breaker_allow(&b, t2));
    breaker_record(&b, true, t2);
    assert_true(breaker_allow(&b, t2));
    assert_true(breaker_allow(&b, t2));
    breaker_destroy(&b);
}

static enum gc_rc feed(const char *const *lines, struct buf *acc, bool *done, int *p, int *c)
{
    struct gc_err e = {0};
    *done = false;
    *p = *c = -1;
    for (int i = 0; lines[i]; i++) {
        enum gc_rc rc = llm_sse_line(lines[i], strlen(lines[i]), acc, done, p, c, &e);
        if (rc)
            return rc;
    }
    return GC_OK;
}

static void test_sse(void **state)
{
    (void)state;
    static const struct {
        const char *lines[8];
        enum gc_rc rc;
        const char *text;
        bool done;
        int ptok, ctok;
    } cases[] = {
        {{"data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}", "",
          "data: {\"choices\":[{\"delta\":{\"content\":\"Bon\"}}]}", "",
          "data:{\"choices\":[{\"delta\":{\"content\":\"jour\"},\"finish_reason\":null}]}",
          "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}",
          "data: [DONE]", NULL},
         GC_OK, "Bonjour", true, 12, 3},
        {{": keep-alive", "event: message", "id: 7", "retry: 100",
          "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}", NULL},
         GC_OK, "x", false, -1, -1},
        {{"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}", NULL}, GC_ERR_REMOTE, "", false, -1, -1},
        {{"<html>502 Bad Gateway</html>", NULL}, GC_ERR_REMOTE, "", false, -1, -1},
        {{"data: {\"error\":{\"message\":\"overloaded\"}}", NULL}, GC_ERR_REMOTE, "", false, -1, -1},
        {{"data: {\"object\":\"chat.completion.chunk\"}", NULL}, GC_ERR_REMOTE, "", false, -1, -1},
        {{"data: [DONE]", "data: {\"choices\":[]}", NULL}, GC_ERR_REMOTE, "", true, -1, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf acc;
        bool done;
        int p, c;
        buf_init(&acc, GC_LLM_ANSWER_MAX);
        enum gc_rc rc = feed(cases[i].lines, &acc, &done, &p, &c);
        if (rc != cases[i].rc || strcmp(buf_str(&acc), cases[i].text) || done != cases[i].done ||
            p != cases[i].ptok || c != cases[i].ctok)
            fail_msg("case %zu: rc %d text \"%s\" done %d tokens %d/%d", i, rc, buf_str(&acc), done, p, c);
        buf_free(&acc);
    }
}

static void test_sse_text_cap(void **state)
{
    (void)state;
    struct buf acc;
    struct gc_err e = {0};
    bool done = false;
    int p = -1, c = -1;
    buf_init(&acc, 16);
    const char *l = "data: {\"choices\":[{\"delta\":{\"content\":\"0123456789abcdefXYZ\"}}]}";
    assert_int_equal(llm_sse_line(l, strlen(l), &acc, &done, &p, &c, &e), GC_ERR_TOOBIG);
    buf_free(&acc);
}

static void test_client_settings(void **state)
{
    (void)state;
    struct llm_client *c = NULL;
    struct gc_err e = {0};
    struct llm_settings s = {.name = "t", .url = "ftp://x/v1", .model = "m", .max_tokens = 100,
                             .timeout_ms = 1000, .stream = true};
    assert_int_equal(llm_client_new(&c, &s, &e), GC_ERR_INVALID);
    s.url = "http://127.0.0.1:9/v1";
    s.key_file = "/nonexistent/key";
    assert_int_equal(llm_client_new(&c, &s, &e), GC_ERR_IO);
    assert_non_null(strstr(e.msg, "/nonexistent/key"));
    s.key_file = NULL;
    assert_int_equal(llm_client_new(&c, &s, &e), GC_OK);
    assert_string_equal(llm_client_name(c), "t");
    assert_string_equal(llm_client_model(c), "m");
    llm_client_free(c);
    assert_int_equal(llm_estimate_tokens("12345678"), 2);
    assert_int_equal(llm_estimate_tokens("123456789"), 3);
    assert_int_equal(llm_estimate_tokens(""), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaker),
        cmocka_unit_test(test_sse),
        cmocka_unit_test(test_sse_text_cap),
        cmocka_unit_test(test_client_settings),
    };
    return cmocka_run_group_tests_name("openai_client", tests, NULL, NULL);
}
