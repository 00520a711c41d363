/* test_api.c — validation and rendering of the JSON API (channels/api.c),
 * without a socket: request bodies in, status codes and JSON out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/api.h"
#include "util/limits.h"

/* Run api_parse_ask on a NUL-terminated body of explicit length. */
static enum gc_rc parse_n(const char *body, size_t len, struct api_ask *out, struct gc_err *e)
{
    gc_err_clear(e);
    return api_parse_ask(body, len, out, e);
}

static enum gc_rc parse(const char *body, struct api_ask *out, struct gc_err *e)
{
    return parse_n(body, strlen(body), out, e);
}

/* A string of n copies of the UTF-8 character ch, as {"question": "..."}. */
static char *question_of(const char *ch, int n)
{
    size_t cl = strlen(ch);
    char *s = malloc(32 + cl * (size_t)n);
    size_t at = 0;
    memcpy(s, "{\"question\":\"", 13);
    at = 13;
    for (int i = 0; i < n; i++, at += cl)
        memcpy(s + at, ch, cl);
    memcpy(s + at, "\"}", 3);
    return s;
}

static void test_parse_table(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        enum gc_rc rc;
    } cases[] = {
        {"{\"question\":\"Comment refaire ma carte d'identité ?\"}", GC_OK},
        {" \n{\"question\" : \"carte\" , \"extra\": [1, {\"a\": null}]}\r\n ", GC_OK},
        {"{\"question\":\"carte\",\"conversation_id\":\"abc-123_x.y\"}", GC_OK},
        {"{\"question\":\"carte\",\"conversation_id\":null}", GC_OK},
        {"{\"question\":\"\\u00e9tat civil \\ud83d\\ude00\"}", GC_OK},
        {"", GC_ERR_PARSE},
        {"   ", GC_ERR_PARSE},
        {"{\"question\": \"carte", GC_ERR_PARSE},
        {"{\"question\": \"carte\"} {}", GC_ERR_PARSE},
        {"{\"question\": \"carte\"} x", GC_ERR_PARSE},
        {"{\"question\": 'carte'}", GC_ERR_PARSE},
        {"{\"question\": \"a\tb\"}", GC_ERR_PARSE},          /* raw tab inside a string */
        {"{\"question\": \"\\ud800\"}", GC_ERR_PARSE},       /* lone surrogate */
        {"{\"question\": \"\\udc00\\ud800\"}", GC_ERR_PARSE},
        {"[\"carte\"]", GC_ERR_INVALID},
        {"\"carte\"", GC_ERR_INVALID},
        {"null", GC_ERR_INVALID},
        {"{}", GC_ERR_INVALID},
        {"{\"Question\":\"carte\"}", GC_ERR_INVALID},
        {"{\"question\":null}", GC_ERR_INVALID},
        {"{\"question\":42}", GC_ERR_INVALID},
        {"{\"question\":[\"carte\"]}", GC_ERR_INVALID},
        {"{\"question\":true}", GC_ERR_INVALID},
        {"{\"question\":\"\"}", GC_ERR_INVALID},
        {"{\"question\":\" \\n\\t \"}", GC_ERR_INVALID},
        {"{\"question\":\"carte\",\"conversation_id\":\"\"}", GC_ERR_INVALID},
        {"{\"question\":\"carte\",\"conversation_id\":\"a b\"}", GC_ERR_INVALID},
        {"{\"question\":\"carte\",\"conversation_id\":12}", GC_ERR_INVALID},
        {"{\"question\":\"carte\",\"conversation_id\":"
         "\"0123456789012345678901234567890123456789012345678901234567890123456789\"}",
         GC_ERR_INVALID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_ask a;
        struct gc_err e;
        enum gc_rc rc = parse(cases[i].body, &a, &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu <%s>: got %d (%s), want %d", i, cases[i].body, rc, e.msg,
                     cases[i].rc);
        if (rc == GC_OK) {
            assert_non_null(a.question);
            assert_int_equal(a.question_len, strlen(a.question));
        } else {
            assert_true(e.msg[0] != '\0');      /* every error says why */
        }
        api_ask_free(&a);
    }
}

static void test_parse_fields(void **state)
{
    (void)state;
    struct api_ask a;
    struct gc_err e;
    assert_int_equal(parse("{\"conversation_id\":\"c-1\",\"question\":\"Où est la mairie ?\"}",
                           &a, &e), GC_OK);
    assert_string_equal(a.question, "Où est la mairie ?");
    assert_int_equal(a.question_len, strlen("Où est la mairie ?"));
    assert_int_equal(a.question_chars, 18);
    assert_string_equal(a.conversation_id, "c-1");
    api_ask_free(&a);
    api_ask_free(&a);   /* twice is harmless */

    assert_int_equal(parse("{\"question\":\"\\u00e9\\ud83d\\ude00\"}", &a, &e), GC_OK);
    assert_string_equal(a.question, "é\xf0\x9f\x98\x80");
    assert_int_equal(a.question_chars, 2);
    assert_string_equal(a.conversation_id, "");
    api_ask_free(&a);
}

static void test_question_cap_counts_code_points(void **state)
{
    (void)state;
    struct api_ask a;
    struct gc_err e;
    static const char *const chars[] = {"a", "é", "€", "\xf0\x9f\x98\x80"};
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        char *ok = question_of(chars[i], GC_QUESTION_MAX_CHARS);
        char *big = question_of(chars[i], GC_QUESTION_MAX_CHARS + 1);
        assert_int_equal(parse(ok, &a, &e), GC_OK);
        assert_int_equal(a.question_chars, GC_QUESTION_MAX_CHARS);
        api_ask_free(&a);
        assert_int_equal(parse(big, &a, &e), GC_ERR_TOOBIG);
        assert_non_null(strstr(e.msg, "500"));
        free(ok);
        free(big);
    }
}

/* The check every channel makes of a question (the page, the API, SMS). */
static void test_question_check(void **state)
{
    (void)state;
    struct gc_err e;
    static const struct {
        const char *text;
        enum gc_rc rc;
    } cases[] = {
        {"horaires de la piscine", GC_OK}, {" x ", GC_OK}, {"", GC_ERR_INVALID},
        {" \t\r\n ", GC_ERR_INVALID}, {"\xc3", GC_ERR_PARSE}, {"\xed\xa0\x80", GC_ERR_PARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gc_err_clear(&e);
        if (api_question_check(cases[i].text, strlen(cases[i].text), &e) != cases[i].rc)
            fail_msg("case %zu: %s", i, e.msg);
    }
    assert_int_equal(api_question_check("", 0, &e), GC_ERR_INVALID);
    assert_string_equal(e.msg, "La question est vide : écrivez votre question.");
    char big[GC_QUESTION_MAX_CHARS * 2 + 3];
    for (size_t i = 0; i < sizeof big - 1; i += 2)
        memcpy(big + i, "\xc3\xa9", 2);   /* é */
    assert_int_equal(api_question_check(big, GC_QUESTION_MAX_CHARS * 2, &e), GC_OK);
    assert_int_equal(api_question_check(big, GC_QUESTION_MAX_CHARS * 2 + 2, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, "La question est trop longue (500 caractères au plus, elle en "
                                  "a 501)"));
    assert_int_equal(api_question_check(big, 3, NULL), GC_ERR_PARSE);   /* a cut é; e may be NULL */
}

static void test_parse_feedback(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        enum gc_rc rc;
    } cases[] = {
        {"{\"message_id\": 42, \"useful\": true}", GC_OK},
        {"{\"message_id\": 42, \"useful\": false, \"comment\": null}", GC_OK},
        {"{\"message_id\": 9007199254740991, \"useful\": true}", GC_OK},
        {"{\"message_id\": 9007199254740992, \"useful\": true}", GC_ERR_INVALID},
        {"{\"message_id\": 0, \"useful\": true}", GC_ERR_INVALID},
        {"{\"message_id\": -3, \"useful\": true}", GC_ERR_INVALID},
        {"{\"message_id\": 1.5, \"useful\": true}", GC_ERR_INVALID},
        {"{\"message_id\": \"42\", \"useful\": true}", GC_ERR_INVALID},
        {"{\"useful\": true}", GC_ERR_INVALID},
        {"{\"message_id\": 42}", GC_ERR_INVALID},
        {"{\"message_id\": 42, \"useful\": 1}", GC_ERR_INVALID},
        {"{\"message_id\": 42, \"useful\": true, \"comment\": 3}", GC_ERR_INVALID},
        {"[42, true]", GC_ERR_INVALID},
        {"", GC_ERR_PARSE},
        {"{\"message_id\": 42, \"useful\": true", GC_ERR_PARSE},
    };
    struct api_feedback fb;
    struct gc_err e;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gc_err_clear(&e);
        enum gc_rc rc = api_parse_feedback(cases[i].body, strlen(cases[i].body), &fb, &e);
        if (rc != cases[i].rc)
            fail_msg("'%s' -> %d (%s), expected %d", cases[i].body, rc, e.msg, cases[i].rc);
        if (rc)
            assert_true(e.msg[0] != '\0');
    }
    const char *ok = "{\"message_id\": 7, \"useful\": false, \"comment\": \"Il manque le samedi.\"}";
    assert_int_equal(api_parse_feedback(ok, strlen(ok), &fb, &e), GC_OK);
    assert_int_equal(fb.message_id, 7);
    assert_false(fb.useful);
    assert_string_equal(fb.comment, "Il manque le samedi.");

    /* The comment is counted in characters: 1,000 é pass, 1,001 do not. */
    size_t n = 64 + (GC_FEEDBACK_COMMENT_MAX + 1) * 2;
    char *body = malloc(n);
    for (int extra = 0; extra <= 1; extra++) {
        size_t k = (size_t)snprintf(body, n, "{\"message_id\": 1, \"useful\": true, \"comment\": \"");
        for (int i = 0; i < GC_FEEDBACK_COMMENT_MAX + extra; i++, k += 2)
            memcpy(body + k, "\xc3\xa9", 2);
        k += (size_t)snprintf(body + k, n - k, "\"}");
        assert_int_equal(api_parse_feedback(body, k, &fb, &e), extra ? GC_ERR_TOOBIG : GC_OK);
    }
    assert_non_null(strstr(e.msg, "Le commentaire est trop long"));
    free(body);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\x80",                 /* lone continuation byte */
        "\xc3",                 /* truncated */
        "\xc3\x28",             /* bad continuation */
        "\xc0\xaf",             /* overlong '/' */
        "\xe0\x80\xaf",         /* overlong, 3 bytes */
        "\xed\xa0\x80",         /* UTF-16 surrogate */
        "\xf4\x90\x80\x80",     /* past U+10FFFF */
        "\xf5\x80\x80\x80",
        "\xff",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[64];
        int n = snprintf(body, sizeof body, "{\"question\":\"carte %s\"}", bad[i]);
        struct api_ask a;
        struct gc_err e;
        assert_int_equal(parse_n(body, (size_t)n, &a, &e), GC_ERR_PARSE);
        assert_non_null(strstr(e.msg, "UTF-8"));
    }
}

static void test_nul_byte_in_body(void **state)
{
    (void)state;
    static const char body[] = "{\"question\":\"carte\"}\0{\"x\":1}";
    struct api_ask a;
    struct gc_err e;
    assert_int_equal(parse_n(body, sizeof body - 1, &a, &e), GC_ERR_PARSE);
}

static void test_depth(void **state)
{
    (void)state;
    struct gc_err e;
    char s[256];
    /* GC_JSON_DEPTH_MAX levels pass, one more fails. */
    for (int depth = 1; depth <= GC_JSON_DEPTH_MAX + 1; depth++) {
        int n = 0;
        for (int i = 0; i < depth; i++)
            s[n++] = i % 2 ? '[' : '{';
        s[n] = '\0';
        gc_err_clear(&e);
        enum gc_rc rc = api_json_precheck(s, (size_t)n, GC_JSON_DEPTH_MAX, &e);
        assert_int_equal(rc, depth <= GC_JSON_DEPTH_MAX ? GC_OK : GC_ERR_PARSE);
    }
    /* Brackets inside strings do not count, escaped quotes do not end strings. */
    const char *str = "{\"q\":\"[[[[[[[[[[[[[[[[[[[[[[[[ \\\" {{{{{{{{{{{{{{{{{{{{{{{\"}";
    assert_int_equal(api_json_precheck(str, strlen(str), 2, &e), GC_OK);
    /* Depth is nesting, not count: many siblings are fine. */
    const char *wide = "[[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[]]";
    assert_int_equal(api_json_precheck(wide, strlen(wide), 2, &e), GC_OK);
    /* A deep document is refused before cJSON recurses into it. */
    size_t big = 100000;
    char *deep = malloc(big + 1);
    memset(deep, '[', big);
    deep[big] = '\0';
    struct api_ask a;
    assert_int_equal(parse_n(deep, big, &a, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "nested"));
    free(deep);
}

static void test_status_mapping(void **state)
{
    (void)state;
    assert_int_equal(api_http_status(GC_OK), 200);
    assert_int_equal(api_http_status(GC_ERR_PARSE), 400);
    assert_int_equal(api_http_status(GC_ERR_INVALID), 400);
    assert_int_equal(api_http_status(GC_ERR_TOOBIG), 413);
    assert_int_equal(api_http_status(GC_ERR_BUSY), 503);
    assert_int_equal(api_http_status(GC_ERR_DB), 500);
    assert_int_equal(api_http_status(GC_ERR_IO), 500);
    assert_int_equal(api_http_status(GC_ERR_NOMEM), 500);
}

static void test_answer_json(void **state)
{
    (void)state;
    struct gc_answer a;
    memset(&a, 0, sizeof a);
    a.text = "La carte est \"gratuite\".\nPrenez rendez-vous.";
    a.nsources = 2;
    a.sources[0].title = "Carte nationale d'identité";
    a.sources[0].url = "https://www.villebrune.example/demarches/carte-identite";
    a.sources[0].service = "État civil";
    a.sources[0].validated_by = "Claire Martin";
    a.sources[0].validated_on = "2026-09-14";
    a.sources[1].title = "Passeport";
    a.sources[1].url = "https://www.villebrune.example/demarches/passeport";
    a.confidence = 0.81234;
    a.path = "extractive";

    char *s = api_answer_json(&a);
    assert_non_null(s);
    cJSON *o = cJSON_Parse(s);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "answer")->valuestring, a.text);
    cJSON *src = cJSON_GetObjectItem(o, "sources");
    assert_int_equal(cJSON_GetArraySize(src), 2);
    cJSON *s0 = cJSON_GetArrayItem(src, 0), *s1 = cJSON_GetArrayItem(src, 1);
    assert_string_equal(cJSON_GetObjectItem(s0, "service")->valuestring, "État civil");
    assert_string_equal(cJSON_GetObjectItem(s0, "validated_on")->valuestring, "2026-09-14");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s1, "service")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s1, "validated_by")));
    assert_null(cJSON_GetObjectItem(s0, "id"));
    assert_true(cJSON_GetObjectItem(o, "confidence")->valuedouble == 0.812);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "refused")));
    assert_string_equal(cJSON_GetObjectItem(o, "path")->valuestring, "extractive");
    assert_null(cJSON_GetObjectItem(o, "refusal_reason"));
    cJSON_Delete(o);
    free(s);

    memset(&a, 0, sizeof a);
    a.text = "Je ne sais pas répondre : demandez à l'accueil de la mairie.";
    a.refused = true;
    a.refusal_reason = "out_of_scope";
    a.path = "extractive";
    a.confidence = 7;   /* clamped */
    s = api_answer_json(&a);
    o = cJSON_Parse(s);
    assert_non_null(o);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "refused")));
    assert_string_equal(cJSON_GetObjectItem(o, "refusal_reason")->valuestring, "out_of_scope");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "sources")), 0);
    assert_true(cJSON_GetObjectItem(o, "confidence")->valuedouble == 1.0);
    cJSON_Delete(o);
    free(s);
}

/* The ask handler's refusals happen before the pipeline is touched, so they
 * run here with no pipeline at all. */
static void test_handler_errors(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        int status;
    } cases[] = {
        {"not json", 400},
        {"{\"question\":\"\"}", 400},
        {"{\"question\":[]}", 400},
        {"{\"question\":\"\xc3\x28\"}", 400},
    };
    struct api *api = api_new(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_request rq = {.method = "POST", .path = "/api/v1/ask",
                                  .content_type = "application/json", .body = cases[i].body,
                                  .body_len = strlen(cases[i].body), .query = ""};
        struct http_response rs;
        memset(&rs, 0, sizeof rs);
        api_handle_ask(api, &rq, &rs);
        assert_int_equal(rs.status, cases[i].status);
        cJSON *o = cJSON_ParseWithLength(rs.body, rs.body_len);
        assert_non_null(o);
        assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "error")));
        cJSON_Delete(o);
        if (rs.body_owned)
            free((void *)rs.body);
    }
    char *big = question_of("é", GC_QUESTION_MAX_CHARS + 1);
    struct http_request rq = {.method = "POST", .path = "/api/v1/ask",
                              .content_type = "application/json", .body = big,
                              .body_len = strlen(big), .query = ""};
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    api_handle_ask(api, &rq, &rs);
    assert_int_equal(rs.status, 413);
    if (rs.body_owned)
        free((void *)rs.body);
    free(big);
    api_free(api);
}

static void test_answer_sse(void **state)
{
    (void)state;
    char *s = api_answer_sse("La piscine ouvre à 9h00 le samedi matin.", "{\"answer\":\"x\"}");
    /* Deltas of a few words each, then the whole answer. */
    assert_non_null(strstr(s, "event: delta\ndata: {\"text\":\"La piscine ouvre à \"}\n\n"));
    assert_non_null(strstr(s, "event: delta\ndata: {\"text\":\"9h00 le samedi matin.\"}\n\n"));
    const char *last = strstr(s, "event: answer\ndata: {\"answer\":\"x\"}\n\n");
    assert_non_null(last);
    assert_string_equal(last + strlen(last) - 2, "\n\n");
    free(s);
    s = api_answer_sse("", "{}");
    assert_string_equal(s, "event: answer\ndata: {}\n\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_fields),
        cmocka_unit_test(test_question_cap_counts_code_points),
        cmocka_unit_test(test_question_check),
        cmocka_unit_test(test_parse_feedback),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_byte_in_body),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_answer_json),
        cmocka_unit_test(test_answer_sse),
        cmocka_unit_test(test_handler_errors),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
