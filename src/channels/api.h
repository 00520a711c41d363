/* api.h — the JSON API: POST /api/v1/ask and GET /api/v1/health.
 *
 * Request body of POST /api/v1/ask (Content-Type: application/json):
 *     {"question": "...", "conversation_id": "..."}   (conversation_id optional)
 * Answer (200):
 *     {"answer": "...", "sources": [{"title", "url", "service", "validated_by",
 *      "validated_on"}], "confidence": 0.82, "refused": false, "path": "extractive"}
 *     plus "refusal_reason" when refused.
 * Errors carry {"error": "..."}: see docs/api.md for every status.  Errors a
 * resident can cause by typing (empty or too long question, too many
 * questions) are worded in French, so that a page may show them as they are;
 * protocol errors only a developer can cause are in English.
 *
 * Validation is done by pure functions (api_parse_ask and the helpers below)
 * so that it is tested without a socket (tests/unit/test_api.c). */
#ifndef GC_CHANNELS_API_H
#define GC_CHANNELS_API_H

#include <stdbool.h>
#include <stddef.h>

#include "answer/pipeline.h"
#include "channels/http_server.h"
#include "util/err.h"
#include "util/limits.h"

/* A parsed and validated POST /api/v1/ask body. */
struct api_ask {
    const char *question;      /* UTF-8, NUL-terminated; owned by the struct */
    size_t question_len;       /* bytes */
    size_t question_chars;     /* code points, 1..GC_QUESTION_MAX_CHARS */
    char conversation_id[GC_CONVERSATION_ID_MAX + 1];   /* "" = none */
    void *json_;               /* private: the parsed document holding question */
};

/* Parse and validate a request body of len bytes (body[len] must be NUL, as
 * http_server guarantees).  On success out must be released with
 * api_ask_free().  Errors, with a message for the client in e->msg:
 *   GC_ERR_PARSE   invalid UTF-8, not JSON, nested deeper than GC_JSON_DEPTH_MAX
 *   GC_ERR_INVALID not an object, question missing / not a string / empty,
 *                  bad conversation_id
 *   GC_ERR_TOOBIG  question over GC_QUESTION_MAX_CHARS code points */
enum gc_rc api_parse_ask(const char *body, size_t len, struct api_ask *out, struct gc_err *e);
void api_ask_free(struct api_ask *a);   /* accepts a zeroed or freed struct */

/* HTTP status for an error of api_parse_ask() or pipeline_ask():
 * PARSE, INVALID → 400; TOOBIG → 413 (the question is larger than we accept,
 * like a body over the cap); BUSY → 503; anything else → 500. */
int api_http_status(enum gc_rc rc);

/* Check before handing text to cJSON, in one pass: valid UTF-8 (no overlong
 * forms, surrogates or code points past U+10FFFF), no control byte outside
 * what JSON allows (tab, LF, CR between tokens), arrays and objects nested at
 * most max_depth deep.  GC_OK or GC_ERR_PARSE with a message. */
enum gc_rc api_json_precheck(const char *s, size_t len, int max_depth, struct gc_err *e);

/* Code points in s[0..len), or -1 when s is not valid UTF-8. */
long api_utf8_chars(const char *s, size_t len);

/* The answer as the API's JSON (see above); malloc()ed, the caller frees it.
 * `guichet ask --json` prints exactly this.  Missing source fields are null. */
char *api_answer_json(const struct gc_answer *a);

/* The API bound to a pipeline (which must outlive it). */
struct api;
struct api *api_new(struct pipeline *p);
void api_free(struct api *a);   /* accepts NULL */

/* Register the API's routes on s. */
enum gc_rc api_routes(struct api *a, struct http_server *s);

/* The handlers, exposed for tests. */
void api_handle_ask(void *api, const struct http_request *rq, struct http_response *rs);
void api_handle_health(void *api, const struct http_request *rq, struct http_response *rs);

#endif
