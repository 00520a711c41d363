/* api.h — the JSON API: POST /api/v1/ask, POST /api/v1/feedback,
 * GET /api/v1/health, and GET /api/v1/openapi.json which describes them
 * (docs/openapi.json, embedded: the reference of every field).
 *
 * Request body of POST /api/v1/ask (Content-Type: application/json):
 *     {"question": "...", "conversation_id": "..."}   (conversation_id optional)
 * Answer (200):
 *     {"answer": "...", "sources": [{"title", "url", "service", "validated_by",
 *      "validated_on"}], "confidence": 0.82, "refused": false, "path": "extractive",
 *      "conversation_id": "...", "followup": false, "message_id": 42,
 *      "feedback_token": "..."}
 *     plus "refusal_reason" when refused.  conversation_id is the one sent, or
 *     a new one: send it back with the next question so that follow-ups
 *     ("et le samedi ?") keep the topic.  message_id names the stored
 *     exchange, for feedback (absent when exchanges are not recorded), and
 *     is sent only once the exchange is committed; feedback_token proves
 *     that the feedback comes from whoever got the answer (fbtoken.h).
 * POST /api/v1/feedback: {"message_id": 42, "feedback_token": "...",
 *     "useful": true, "comment": "..."} (comment optional, at most
 *     GC_FEEDBACK_COMMENT_MAX characters) → 201 {"status": "recorded"}; 403
 *     when the token is missing or wrong; 404 for an exchange deleted since
 *     (retention).  A second feedback replaces the first.
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
#include "store/messages.h"
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

/* Check a question as a resident typed it, in any channel: GC_ERR_INVALID
 * when it is blank, GC_ERR_TOOBIG past GC_QUESTION_MAX_CHARS code points,
 * each with a message in French for the resident in e; GC_ERR_PARSE when
 * text[0..len) is not valid UTF-8. */
enum gc_rc api_question_check(const char *text, size_t len, struct gc_err *e);

/* HTTP status for an error of api_parse_ask() or pipeline_ask():
 * PARSE, INVALID → 400; TOOBIG → 413 (the question is larger than we accept,
 * like a body over the cap); BUSY → 503; anything else → 500. */
int api_http_status(enum gc_rc rc);

/* Check before handing text to cJSON, in one pass: valid UTF-8 (no overlong
 * forms, surrogates or code points past U+10FFFF), no control byte outside
 * what JSON allows (tab, LF, CR between tokens), no \u0000 escape in a
 * string (C strings would end there), arrays and objects nested at most
 * max_depth deep.  GC_OK or GC_ERR_PARSE with a message. */
enum gc_rc api_json_precheck(const char *s, size_t len, int max_depth, struct gc_err *e);

/* A parsed POST /api/v1/feedback body. */
struct api_feedback {
    long long message_id;      /* > 0 */
    char feedback_token[GC_FEEDBACK_TOKEN_LEN + 1];
    bool has_token;            /* a string of at most GC_FEEDBACK_TOKEN_LEN was sent */
    bool useful;
    char comment[GC_FEEDBACK_COMMENT_MAX * 4 + 1];   /* UTF-8, "" = none */
};

/* Parse and validate a feedback body (same prechecks as api_parse_ask).
 * Errors: GC_ERR_PARSE (not JSON), GC_ERR_INVALID (message_id not a positive
 * integer, useful not a boolean, comment not a string), GC_ERR_TOOBIG
 * (comment over GC_FEEDBACK_COMMENT_MAX characters). */
enum gc_rc api_parse_feedback(const char *body, size_t len, struct api_feedback *out,
                              struct gc_err *e);

/* The answer as the API's JSON (see above); malloc()ed, the caller frees it.
 * `guichet ask --json` prints exactly this.  Missing source fields are null;
 * conversation_id, followup and message_id appear only when set. */
char *api_answer_json(const struct gc_answer *a);

/* A verified model answer as a text/event-stream body: "delta" events
 * ({"text": "..."}, a few words each) then an "answer" event carrying json
 * (what api_answer_json gave).  Caller frees. */
char *api_answer_sse(const char *text, const char *json);

/* The API bound to a pipeline (which must outlive it). */
struct api;
struct api *api_new(struct pipeline *p);
void api_free(struct api *a);   /* accepts NULL */

/* Record every exchange in m (store/messages.h), which must outlive the
 * API; without it nothing is stored and feedback answers 503. */
void api_set_messages(struct api *a, struct messages *m);
/* The key of the feedback tokens (fbtoken.h; 32 bytes, copied).  Without
 * it answers carry no token and every feedback is refused (403). */
void api_set_feedback_key(struct api *a, const unsigned char key[32]);
/* Is token the feedback token of exchange id? */
bool api_feedback_token_ok(const struct api *a, long long id, const char *token);
struct pipeline *api_pipeline(const struct api *a);
struct messages *api_messages(const struct api *a);

/* One exchange, as every channel makes it: the conversation id given (or a
 * new one when NULL or empty), the pipeline's answer into ans, the exchange
 * recorded (ans->message_id and ans->feedback_token; 0 and "" when not
 * recorded).  The exchange is durable before the answer leaves: with rq
 * (the HTTP request being answered) the response is held until the commit
 * (http_request_hold); with rq NULL this thread waits for it.  Errors are
 * pipeline_ask()'s. */
enum gc_rc api_exchange(struct api *a, const struct http_request *rq, const char *channel,
                        const char *text, size_t len, const char *conversation_id,
                        struct gc_answer *ans, struct gc_err *e);

/* The record of an exchange for store/messages.h, as every channel keeps
 * it: question q as asked (text, channel, conversation id) and the answer's
 * text, sources, confidence, refusal, path and time.  It points into q and
 * ans.  A channel that said less than the answer (SMS) replaces answer and
 * sources before messages_record(). */
struct message_rec api_message_rec(const struct gc_question *q, const struct gc_answer *ans);

/* Register the API's routes on s. */
enum gc_rc api_routes(struct api *a, struct http_server *s);

/* The handlers, exposed for tests. */
void api_handle_ask(void *api, const struct http_request *rq, struct http_response *rs);
void api_handle_health(void *api, const struct http_request *rq, struct http_response *rs);
void api_handle_feedback(void *api, const struct http_request *rq, struct http_response *rs);

#endif
