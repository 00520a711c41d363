/* openai_client.c — chat completions over libcurl (see openai_client.h). */
#include "models/openai_client.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"

struct llm_client {
    char *name, *url, *model;
    char *auth;              /* "Authorization: Bearer KEY" or NULL; never logged */
    double temperature;
    int max_tokens;
    long timeout_ms;
    bool stream;
    struct breaker br;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum gc_rc llm_client_new(struct llm_client **out, const struct llm_settings *s, struct gc_err *e)
{
    *out = NULL;
    if (!s->url || (strncmp(s->url, "http://", 7) && strncmp(s->url, "https://", 8)))
        return gc_err_set(e, GC_ERR_INVALID, "backend '%s': the URL must start with http:// or https://",
                          s->name ? s->name : "default");
    if (strlen(s->url) > GC_URL_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "backend '%s': URL too long", s->name);
    char *auth = NULL;
    char *key = NULL;
    size_t klen = 0;
    const char *from = NULL;   /* where the key came from, for messages */
    if (s->key_file && *s->key_file) {
        enum gc_rc rc = file_read(s->key_file, GC_LLM_KEY_MAX, &key, &klen, NULL);
        if (rc)
            /* Name the file, never a byte of its content. */
            return gc_err_set(e, rc, "backend '%s': cannot read the key file %s (%s)", s->name,
                              s->key_file, gc_strerror(rc));
        from = s->key_file;
    } else if (s->key_env && *s->key_env) {
        const char *v = getenv(s->key_env);
        if (!v || !*v)
            return gc_err_set(e, GC_ERR_INVALID,
                              "backend '%s': the environment variable %s holding the key is not set",
                              s->name, s->key_env);
        klen = strlen(v);
        if (klen > GC_LLM_KEY_MAX)
            return gc_err_set(e, GC_ERR_TOOBIG, "backend '%s': the key in %s is too long", s->name,
                              s->key_env);
        key = xstrndup(v, klen);
        from = s->key_env;
    }
    if (key) {
        while (klen && (key[klen - 1] == '\n' || key[klen - 1] == '\r' || key[klen - 1] == ' '))
            key[--klen] = '\0';
        for (size_t i = 0; i < klen; i++)
            if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e) {
                memset(key, 0, klen);
                free(key);
                return gc_err_set(e, GC_ERR_INVALID,
                                  "backend '%s': the key in %s holds more than one printable word",
                                  s->name, from);
            }
        struct buf b;
        buf_init(&b, GC_LLM_KEY_MAX + 64);
        buf_printf(&b, "Authorization: Bearer %s", key);
        memset(key, 0, klen);
        free(key);
        auth = buf_steal(&b);
    }
    pthread_once(&curl_once, curl_init_once);
    struct llm_client *c = xcalloc(1, sizeof *c);
    c->name = xstrdup(s->name ? s->name : "default");
    c->url = xstrdup(s->url);
    size_t ul = strlen(c->url);
    while (ul && c->url[ul - 1] == '/')
        c->url[--ul] = '\0';
    c->model = xstrdup(s->model ? s->model : "");
    c->auth = auth;
    c->temperature = s->temperature;
    c->max_tokens = s->max_tokens > 0 ? s->max_tokens : 300;
    c->timeout_ms = s->timeout_ms > 0 ? s->timeout_ms : 8000;
    c->stream = s->stream;
    breaker_init(&c->br);
    *out = c;
    return GC_OK;
}

void llm_client_free(struct llm_client *c)
{
    if (!c)
        return;
    if (c->auth) {
        memset(c->auth, 0, strlen(c->auth));
        free(c->auth);
    }
    free(c->name);
    free(c->url);
    free(c->model);
    breaker_destroy(&c->br);
    free(c);
}

const char *llm_client_name(const struct llm_client *c) { return c->name; }
const char *llm_client_model(const struct llm_client *c) { return c->model; }
double llm_client_temperature(const struct llm_client *c) { return c->temperature; }
long llm_client_timeout_ms(const struct llm_client *c) { return c->timeout_ms; }
const char *llm_client_url(const struct llm_client *c) { return c->url; }
int llm_client_max_tokens(const struct llm_client *c) { return c->max_tokens; }
bool llm_client_stream(const struct llm_client *c) { return c->stream; }

void llm_result_free(struct llm_result *r)
{
    if (!r)
        return;
    free(r->text);
    memset(r, 0, sizeof *r);
}

/* One token per 4 bytes, rounded up (openai_client.h). */
static int tokens_of(size_t bytes)
{
    return (int)((bytes + 3) / 4);
}

int llm_estimate_tokens(const char *text)
{
    return tokens_of(text ? strlen(text) : 0);
}

/* usage: {"prompt_tokens": N, "completion_tokens": M} */
static void read_usage(const cJSON *o, int *ptok, int *ctok)
{
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "usage");
    if (!cJSON_IsObject(u))
        return;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(u, "prompt_tokens");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(u, "completion_tokens");
    if (cJSON_IsNumber(p) && p->valuedouble >= 0 && p->valuedouble < 1e9)
        *ptok = (int)p->valuedouble;
    if (cJSON_IsNumber(c) && c->valuedouble >= 0 && c->valuedouble < 1e9)
        *ctok = (int)c->valuedouble;
}

enum gc_rc llm_sse_line(const char *line, size_t len, struct buf *acc, bool *done, int *ptok,
                        int *ctok, struct gc_err *e)
{
    if (len == 0 || line[0] == ':')
        return GC_OK;   /* event boundary, or a comment (keep-alive) */
    /* Fields other than data carry nothing we use.  Anything that is not a
     * field at all is a broken stream: stricter than the SSE spec (which
     * ignores such lines), because a model server never sends them and a
     * proxy's error page must not pass for an empty answer. */
    static const char *const ignored[] = {"event:", "id:", "retry:"};
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        if (len >= strlen(ignored[i]) && !memcmp(line, ignored[i], strlen(ignored[i])))
            return GC_OK;
    if (len < 5 || memcmp(line, "data:", 5))
        return gc_err_set(e, GC_ERR_REMOTE, "malformed event stream: a line is not an SSE field");
    const char *v = line + 5;
    size_t vl = len - 5;
    if (vl && *v == ' ')
        v++, vl--;
    if (*done)
        return gc_err_set(e, GC_ERR_REMOTE, "malformed event stream: data after [DONE]");
    if (vl == 6 && !memcmp(v, "[DONE]", 6)) {
        *done = true;
        return GC_OK;
    }
    cJSON *o = cJSON_ParseWithLength(v, vl);
    if (!o)
        return gc_err_set(e, GC_ERR_REMOTE, "malformed event stream: an event is not JSON");
    enum gc_rc rc = GC_OK;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
    if (err && !cJSON_IsNull(err)) {
        rc = gc_err_set(e, GC_ERR_REMOTE, "the model server reported an error in its stream");
        goto out;
    }
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "choices");
    if (!cJSON_IsArray(ch)) {
        rc = gc_err_set(e, GC_ERR_REMOTE, "malformed event stream: no choices");
        goto out;
    }
    const cJSON *c0 = cJSON_GetArrayItem(ch, 0);
    if (c0) {   /* the last chunk with usage may have choices: [] */
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(c0, "delta");
        const cJSON *t = cJSON_IsObject(d) ? cJSON_GetObjectItemCaseSensitive(d, "content") : NULL;
        if (cJSON_IsString(t) && buf_adds(acc, t->valuestring)) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "the generated text is longer than %d bytes",
                            GC_LLM_ANSWER_MAX);
            goto out;
        }
    }
    read_usage(o, ptok, ctok);
out:
    cJSON_Delete(o);
    return rc;
}

/* State of one transfer, fed by curl's write callback. */
struct xfer {
    CURL *h;
    bool stream;
    bool checked;            /* status looked at */
    long status;
    struct buf body;         /* non-streaming body, or an error body */
    struct buf line;         /* current SSE line */
    struct buf text;         /* streamed text */
    bool sse;                /* parsing the body as SSE */
    bool done;
    int ptok, ctok;
    enum gc_rc rc;           /* first failure inside the callback */
    struct gc_err err;
};

static size_t on_data(char *p, size_t sz, size_t nm, void *ud)
{
    struct xfer *x = ud;
    size_t n = sz * nm;
    if (!x->checked) {
        x->checked = true;
        curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &x->status);
        x->sse = x->stream && x->status >= 200 && x->status < 300;
    }
    if (!x->sse) {
        if (buf_add(&x->body, p, n)) {
            x->rc = gc_err_set(&x->err, GC_ERR_TOOBIG, "the model server's response passed %d bytes",
                               GC_LLM_RESPONSE_MAX);
            return 0;   /* abort the transfer */
        }
        return n;
    }
    if (x->body.len + n > GC_LLM_RESPONSE_MAX) {
        x->rc = gc_err_set(&x->err, GC_ERR_TOOBIG, "the model server's stream passed %d bytes",
                           GC_LLM_RESPONSE_MAX);
        return 0;
    }
    x->body.len += n;   /* only counted: the stream is consumed line by line */
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n') {
            if (buf_addc(&x->line, p[i])) {
                x->rc = gc_err_set(&x->err, GC_ERR_REMOTE,
                                   "malformed event stream: a line passed %d bytes", GC_LLM_SSE_LINE_MAX);
                return 0;
            }
            continue;
        }
        size_t ll = x->line.len;
        if (ll && x->line.data[ll - 1] == '\r')
            ll--;
        enum gc_rc rc = llm_sse_line(x->line.data ? x->line.data : "", ll, &x->text, &x->done,
                                     &x->ptok, &x->ctok, &x->err);
        buf_reset(&x->line);
        if (rc) {
            x->rc = rc;
            return 0;
        }
    }
    return n;
}

static char *request_body(const struct llm_client *c, const struct llm_message *m, int n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", c->model);
    cJSON *arr = cJSON_AddArrayToObject(o, "messages");
    for (int i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "role", m[i].role);
        cJSON_AddStringToObject(x, "content", m[i].content);
        cJSON_AddItemToArray(arr, x);
    }
    cJSON_AddNumberToObject(o, "temperature", c->temperature);
    cJSON_AddNumberToObject(o, "max_tokens", c->max_tokens);
    cJSON_AddBoolToObject(o, "stream", c->stream);
    if (c->stream) {
        cJSON *so = cJSON_AddObjectToObject(o, "stream_options");
        cJSON_AddBoolToObject(so, "include_usage", 1);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        abort();   /* cJSON fails only when out of memory */
    return s;
}

/* choices[0].message.content and usage of a non-streaming answer. */
static enum gc_rc parse_completion(struct xfer *x, struct gc_err *e)
{
    cJSON *o = cJSON_ParseWithLength(buf_str(&x->body), x->body.len);
    if (!o)
        return gc_err_set(e, GC_ERR_REMOTE, "the model server's answer is not JSON");
    enum gc_rc rc = GC_OK;
    const cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "choices"), 0);
    const cJSON *msg = c0 ? cJSON_GetObjectItemCaseSensitive(c0, "message") : NULL;
    const cJSON *t = msg ? cJSON_GetObjectItemCaseSensitive(msg, "content") : NULL;
    if (!cJSON_IsString(t) && !cJSON_IsNull(t)) {
        rc = gc_err_set(e, GC_ERR_REMOTE, "the model server's answer has no choices[0].message.content");
        goto out;
    }
    if (cJSON_IsString(t) && buf_adds(&x->text, t->valuestring)) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "the generated text is longer than %d bytes", GC_LLM_ANSWER_MAX);
        goto out;
    }
    read_usage(o, &x->ptok, &x->ctok);
out:
    cJSON_Delete(o);
    return rc;
}

enum gc_rc llm_chat(struct llm_client *c, const struct llm_message *msgs, int n, long timeout_ms,
                    struct llm_result *r, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_REMOTE;
    double t0 = breaker_now_ms();
    memset(r, 0, sizeof *r);
    if (timeout_ms <= 0 || timeout_ms > c->timeout_ms)
        timeout_ms = c->timeout_ms;
    if (!breaker_allow(&c->br, t0))
        return gc_err_set(e, GC_ERR_BUSY, "backend '%s': circuit open after repeated failures", c->name);

    struct xfer x = {0};
    struct curl_slist *hd = NULL;
    char *body = request_body(c, msgs, n);
    char url[GC_URL_MAX + 32];
    snprintf(url, sizeof url, "%s/chat/completions", c->url);
    buf_init(&x.body, GC_LLM_RESPONSE_MAX);
    buf_init(&x.line, GC_LLM_SSE_LINE_MAX);
    buf_init(&x.text, GC_LLM_ANSWER_MAX);
    x.stream = c->stream;
    x.ptok = x.ctok = -1;
    x.h = curl_easy_init();
    if (!x.h)
        abort();   /* curl fails here only when out of memory */
    hd = curl_slist_append(hd, "Content-Type: application/json");
    hd = curl_slist_append(hd, c->stream ? "Accept: text/event-stream" : "Accept: application/json");
    if (c->auth)
        hd = curl_slist_append(hd, c->auth);
    curl_easy_setopt(x.h, CURLOPT_URL, url);
    curl_easy_setopt(x.h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(x.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(x.h, CURLOPT_NOSIGNAL, 1L);    /* threads: no SIGALRM for timeouts */
    curl_easy_setopt(x.h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(x.h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(x.h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(x.h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(x.h, CURLOPT_CONNECTTIMEOUT_MS,
                     timeout_ms < GC_LLM_CONNECT_MS ? timeout_ms : (long)GC_LLM_CONNECT_MS);
    curl_easy_setopt(x.h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(x.h, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(x.h, CURLOPT_USERAGENT, "guichet");
    CURLcode cc = curl_easy_perform(x.h);
    r->latency_ms = breaker_now_ms() - t0;
    curl_easy_getinfo(x.h, CURLINFO_RESPONSE_CODE, &r->http_status);

    if (x.rc) {
        rc = x.rc;
        gc_err_set(e, rc, "backend '%s': %s", c->name, x.err.msg);
        goto out;
    }
    if (cc == CURLE_OPERATION_TIMEDOUT) {
        rc = gc_err_set(e, GC_ERR_TIMEOUT, "backend '%s': no complete answer within %ld ms", c->name, timeout_ms);
        goto out;
    }
    if (cc != CURLE_OK) {
        rc = gc_err_set(e, cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ? GC_ERR_IO : GC_ERR_REMOTE,
                        "backend '%s': %s", c->name, curl_easy_strerror(cc));
        goto out;
    }
    if (r->http_status >= 500 || r->http_status < 200 || (r->http_status >= 300 && r->http_status < 400)) {
        rc = gc_err_set(e, GC_ERR_REMOTE, "backend '%s': HTTP %ld", c->name, r->http_status);
        goto out;
    }
    if (r->http_status == 401 || r->http_status == 403) {
        rc = gc_err_set(e, GC_ERR_DENIED, "backend '%s': HTTP %ld (check the key file)", c->name, r->http_status);
        goto out;
    }
    if (r->http_status >= 400) {
        rc = gc_err_set(e, GC_ERR_INVALID, "backend '%s': HTTP %ld", c->name, r->http_status);
        goto out;
    }
    if (c->stream) {
        if (x.line.len) {   /* the stream must end with a complete line */
            rc = gc_err_set(e, GC_ERR_REMOTE, "backend '%s': malformed event stream: truncated line", c->name);
            goto out;
        }
        if (!x.done) {
            rc = gc_err_set(e, GC_ERR_REMOTE, "backend '%s': malformed event stream: no [DONE]", c->name);
            goto out;
        }
    } else {
        rc = parse_completion(&x, e);
        if (rc)
            goto out;
    }
    r->text = buf_steal(&x.text);
    size_t plen = 0;
    for (int i = 0; i < n; i++)
        plen += strlen(msgs[i].content);
    r->tokens_estimated = x.ptok < 0 || x.ctok < 0;
    r->prompt_tokens = x.ptok >= 0 ? x.ptok : tokens_of(plen);
    r->completion_tokens = x.ctok >= 0 ? x.ctok : llm_estimate_tokens(r->text);
    rc = GC_OK;
out:
    /* A 4xx is our request's fault, not the server's health. */
    if (rc != GC_ERR_INVALID)
        breaker_record(&c->br, rc == GC_OK, breaker_now_ms());
    curl_slist_free_all(hd);
    curl_easy_cleanup(x.h);
    free(body);
    buf_free(&x.body);
    buf_free(&x.line);
    buf_free(&x.text);
    return rc;
}
