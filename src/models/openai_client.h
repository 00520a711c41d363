/* openai_client.h — a client for OpenAI-compatible chat completion servers
 * (vLLM, llama.cpp's llama-server, Ollama, hosted providers).
 *
 * Protocol: POST {url}/chat/completions with a JSON body {model, messages,
 * temperature, max_tokens, stream}.  Non-streaming answers are one JSON
 * object (choices[0].message.content, usage); streaming answers are
 * text/event-stream (https://html.spec.whatwg.org/#server-sent-events):
 * `data: {json}` events carrying choices[0].delta.content, ended by
 * `data: [DONE]`.  docs/models.md describes the servers tested.
 *
 * Every byte from the network is capped (GC_LLM_RESPONSE_MAX for the body,
 * GC_LLM_SSE_LINE_MAX per event line, GC_LLM_ANSWER_MAX of text).  The API
 * key is read from a file when the client is made, sent only in the
 * Authorization header, and never logged nor put into an error message.
 *
 * A client is thread-safe: each call uses its own curl handle; the circuit
 * breaker (models/breaker.h) is shared by the calls of one backend. */
#ifndef GC_MODELS_OPENAI_CLIENT_H
#define GC_MODELS_OPENAI_CLIENT_H

#include <stdbool.h>

#include "models/breaker.h"
#include "util/err.h"

/* Settings of one backend; strings are copied by llm_client_new. */
struct llm_settings {
    const char *name;        /* "default" or the [backend NAME] */
    const char *url;         /* base URL, e.g. http://127.0.0.1:8081/v1 */
    const char *model;
    const char *key_file;    /* file holding the API key; "" or NULL = none */
    const char *key_env;     /* else: environment variable holding it; "" or NULL = none */
    double temperature;      /* default 0 */
    int max_tokens;
    long timeout_ms;         /* total time of one call */
    bool stream;             /* ask for text/event-stream */
};

struct llm_message {
    const char *role;        /* "system", "user", "assistant" */
    const char *content;
};

struct llm_result {
    char *text;              /* owned; the generated text */
    int prompt_tokens;
    int completion_tokens;
    bool tokens_estimated;   /* the server sent no usage: bytes / 4 */
    double latency_ms;
    long http_status;        /* 0 when no answer came */
};

struct llm_client;

/* Make a client; reads the key file (GC_ERR_IO / GC_ERR_TOOBIG; the message
 * names the file, never its content).  GC_ERR_INVALID on a URL that is not
 * http:// or https://. */
enum gc_rc llm_client_new(struct llm_client **out, const struct llm_settings *s, struct gc_err *e);
void llm_client_free(struct llm_client *c);   /* accepts NULL */

const char *llm_client_name(const struct llm_client *c);
const char *llm_client_model(const struct llm_client *c);
double llm_client_temperature(const struct llm_client *c);
long llm_client_timeout_ms(const struct llm_client *c);
const char *llm_client_url(const struct llm_client *c);
int llm_client_max_tokens(const struct llm_client *c);
bool llm_client_stream(const struct llm_client *c);

/* One chat completion.  timeout_ms caps the whole call (the smaller of it and
 * the backend's own timeout is used); the connect timeout is
 * GC_LLM_CONNECT_MS at most.  Errors:
 *   GC_ERR_BUSY     the circuit breaker is open (no request sent)
 *   GC_ERR_TIMEOUT  the server took too long (connect or total)
 *   GC_ERR_IO       the server could not be reached
 *   GC_ERR_REMOTE   HTTP 5xx, malformed JSON, malformed event stream
 *   GC_ERR_DENIED   HTTP 401/403
 *   GC_ERR_INVALID  other HTTP 4xx
 *   GC_ERR_TOOBIG   the response passed a cap
 * On failure r holds what is known (latency, status) and no text.  Failures
 * other than GC_ERR_BUSY/GC_ERR_INVALID count against the breaker. */
enum gc_rc llm_chat(struct llm_client *c, const struct llm_message *msgs, int n, long timeout_ms,
                    struct llm_result *r, struct gc_err *e);
void llm_result_free(struct llm_result *r);   /* accepts a zeroed result */

/* Estimated tokens of a text when a server gives no usage: one per 4 bytes,
 * rounded up (French text runs about 4–5 bytes per token in common
 * tokenisers; an estimate, said so in reports). */
int llm_estimate_tokens(const char *text);

/* Parse one complete SSE line (without its end of line) into acc.  Exposed
 * for tests and the fuzzer.  Returns GC_OK, GC_ERR_REMOTE on a malformed
 * event; *done is set on `data: [DONE]`.  Usage found in a chunk is stored
 * in *ptok / *ctok (left alone otherwise). */
struct buf;
enum gc_rc llm_sse_line(const char *line, size_t len, struct buf *acc, bool *done, int *ptok,
                        int *ctok, struct gc_err *e);

#endif
