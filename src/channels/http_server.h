/* http_server.h — Guichet's HTTP/1.1 front door (RFC 9110, RFC 9112), on
 * libmicrohttpd.
 *
 * The server owns the protocol: listening socket, worker threads, keep-alive,
 * connection limits and timeouts, request body accumulation under
 * GC_HTTP_BODY_MAX, routing (method + exact path), per-address rate limiting,
 * security headers on every response, CORS for routes that ask for it (for
 * the origins configured), the access log, and a graceful stop.  Handlers (channels/api.c, the web page,
 * SMS gateways) only see a finished request and fill a response: they never
 * touch a socket, so they can be unit-tested as plain functions.
 *
 * Connections are accepted by a thread of ours, which refuses them past
 * the caps (channels/connlimit.h) before libmicrohttpd sees them, and
 * closes those whose request does not come whole within request_timeout_s
 * (a slow-header client holds a connection at most that long).
 *
 * Error responses the server produces itself (400, 404, 405, 413, 414, 415, 429) have
 * a JSON body {"error": "..."} like the API's own errors; on routes flagged
 * HTTP_ROUTE_HTML (the web page's forms), and for an unknown path asked by a
 * browser (Accept: text/html), they are HTML pages made by the hook given to
 * http_server_error_page(). */
#ifndef GC_CHANNELS_HTTP_SERVER_H
#define GC_CHANNELS_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "channels/assets.h"
#include "util/err.h"

/* One request header, for requests built by hand (tests). */
struct http_header {
    const char *name;
    const char *value;
};

/* A complete request as a handler sees it.  Everything is owned by the
 * server and valid only during the handler call. */
struct http_request {
    const char *method;        /* "GET", "POST", ... (HEAD is routed as GET) */
    const char *path;          /* decoded path, without the query string */
    const char *content_type;  /* Content-Type header, NULL when absent */
    const char *body;          /* NUL-terminated, body_len bytes ("" when none) */
    size_t body_len;
    /* The query string exactly as sent (after '?', not decoded; "" when
     * none), at most GC_HTTP_HEADER_MAX bytes (longer: 414).  Never logged:
     * it may hold a phone number or a secret. */
    const char *query;
    size_t query_len;
    /* Other headers: ask http_request_header().  A request built by hand
     * lists them here; the server leaves them empty and sets conn_. */
    const struct http_header *headers;
    size_t nheaders;
    /* The connection's peer address (what the kernel says, never a
     * forwarded header); NULL in a request built by hand. */
    const struct sockaddr *peer;
    /* The client's address as the rate limiter keys it (IPv4 mapped into
     * ::ffff:0:0/96, IPv6 cut to its /64): what "the same address" means
     * for throttling; behind a trusted proxy (trusted-proxies), the client
     * it forwards.  All zero in a request built by hand. */
    unsigned char client[16];
    void *conn_;               /* private: the libmicrohttpd connection */
    void *k_;                  /* private: the server's state of the connection */
};

/* What a handler answers.  The server zeroes it before the call; status 0
 * after the call is an internal error (500). */
struct http_response {
    int status;
    const char *body;          /* body_len bytes */
    size_t body_len;
    bool body_owned;           /* body was malloc()ed: the server frees it */
    const char *content_type;  /* static string; NULL = JSON */
    const char *allow;         /* static: Allow header (405) */
    unsigned retry_after;      /* seconds: Retry-After header when non-zero */
    const char *extra_name;    /* static: one more header (e.g. X-Kannel-Coding), or NULL */
    const char *extra_value;   /* static */
    char set_cookie[256];      /* Set-Cookie value, "" = none (the back office's session) */
    char location[512];        /* Location header (a redirect), "" = none */
};

typedef void (*http_handler_fn)(void *ctx, const struct http_request *rq,
                                struct http_response *rs);

/* Route flags. */
enum {
    HTTP_ROUTE_LIMITED = 1u << 0,  /* counts against the per-address rate limit */
    HTTP_ROUTE_JSON    = 1u << 1,  /* body must be Content-Type: application/json (else 415) */
    HTTP_ROUTE_CORS    = 1u << 2,  /* callable from the allowed origins (the widget), OPTIONS preflight */
    HTTP_ROUTE_CACHE   = 1u << 3,  /* static content: cacheable for an hour (else no-store) */
    HTTP_ROUTE_FORM    = 1u << 4,  /* body must be application/x-www-form-urlencoded (else 415) */
    HTTP_ROUTE_HTML    = 1u << 5,  /* a page: errors the server makes are HTML (error page hook) */
    HTTP_ROUTE_BIG     = 1u << 6,  /* body up to GC_HTTP_BODY_BIG_MAX, not GC_HTTP_BODY_MAX */
};

struct http_server_opts {
    const char *listen;        /* "127.0.0.1:8080", "[::1]:8080", "*:8080"; port 0 = any */
    unsigned threads;          /* worker threads; 0 = one per core */
    long rate_per_minute;      /* requests to HTTP_ROUTE_LIMITED routes per address; 0 = off */
    /* Connections (0 = the default of util/limits.h): in all, per client
     * address (channels/connlimit.h), the time a request's headers and body
     * may take to come (from the request line, or from the connection's
     * opening for its first request), and the time a kept-alive connection
     * may wait idle for its next request line. */
    unsigned max_connections;
    unsigned max_per_address;
    unsigned request_timeout_s;
    unsigned idle_timeout_s;
    /* Reverse proxies whose Forwarded / X-Forwarded-For is believed
     * (channels/proxies.h); NULL or "" = none. */
    const char *trusted_proxies;
    bool access_log;           /* one info line per request (never the body) */
    /* Origins allowed on HTTP_ROUTE_CORS routes: comma-separated
     * "https://host[:port]" (at most GC_WIDGET_ORIGINS_MAX), or "*" for any.
     * NULL or "" = none: same-origin requests only.  An allowed Origin is
     * echoed in Access-Control-Allow-Origin (with Vary: Origin). */
    const char *cors_origins;
};

struct http_server;

/* Bind and listen on opts->listen (so that a taken port is reported here,
 * with the system's reason), without serving yet.  Errors: GC_ERR_INVALID
 * (bad listen address), GC_ERR_IO (socket, bind, listen). */
enum gc_rc http_server_new(struct http_server **out, const struct http_server_opts *opts,
                           struct gc_err *e);

/* Add a route: method ("GET", "POST") and exact path.  ctx is passed to fn
 * and must outlive the server.  Call before http_server_start().  Errors:
 * GC_ERR_TOOBIG past GC_HTTP_ROUTES_MAX. */
enum gc_rc http_server_route(struct http_server *s, const char *method, const char *path,
                             unsigned flags, http_handler_fn fn, void *ctx);

/* Serve every embedded asset (see assets.h) at its path with GET; "/" serves
 * "/index.html" when there is one; "/widget.*" are CORS routes (the town's
 * pages load them).  `list` is terminated by a NULL path and
 * must outlive the server. */
enum gc_rc http_server_assets(struct http_server *s, const struct asset *list);

/* Error pages for HTML routes: fn fills rs (status, HTML body) for a status
 * the server decided (404, 405, 413, 415, 429, 431) with a message in
 * French for residents; retry_after is the delay of a 429, else 0.  ctx must
 * outlive the server.  Call before http_server_start(). */
typedef void (*http_error_page_fn)(void *ctx, int status, unsigned retry_after,
                                   struct http_response *rs);
void http_server_error_page(struct http_server *s, http_error_page_fn fn, void *ctx);

/* Deferred work: fn(ctx) runs in the worker thread after each request is
 * finished (its response sent), so it never delays an answer (the exchange
 * recorder's writes: messages_help).  It must not block for long.  Call
 * before http_server_start(). */
typedef void (*http_after_fn)(void *ctx);
void http_server_after(struct http_server *s, http_after_fn fn, void *ctx);

/* A response that must wait: a handler whose answer names something not
 * yet durable (an exchange's id, given before its row is committed) takes
 * a hold; the response it fills is kept, the connection is suspended (no
 * thread waits), and the response is sent once http_hold_done(h, true) is
 * called, from any thread.  http_hold_done(h, false) sends instead a 503
 * {"error"} with Retry-After (or the HTML error page on HTML routes): the
 * thing could not be made durable (a failing disk).  Call http_hold_done
 * exactly once per hold, even before the handler returns.  Returns NULL
 * for a request made by hand (tests): the handler then waits itself. */
struct http_hold;
struct http_hold *http_request_hold(const struct http_request *rq);
void http_hold_done(struct http_hold *h, bool ok);

/* A request answered later, from another thread: work that takes a core
 * for a good fraction of a second (hashing a password with Argon2id) must
 * not hold the worker that reads the request, whose other connections
 * would wait.  A hold (above) whose response comes from the other thread:
 * in a handler, http_defer() takes the request out of its worker
 * (libmicrohttpd suspends the connection once the handler returns;
 * whatever the handler put in its response is then ignored); the other
 * thread calls http_deferred_finish() exactly once with the response,
 * which is sent from the worker when the connection resumes.  The
 * response's body is taken over as for a handler's.  A deferred request
 * counts as in flight: http_server_stop() waits for it (at most
 * GC_HTTP_SHUTDOWN_MS), so whoever finishes them must do so within that
 * time and before the server is stopped for good.  http_defer() returns
 * NULL for a request built by hand (no connection: tests), the caller
 * then answers in the handler. */
struct http_hold *http_defer(const struct http_request *rq);
void http_deferred_finish(struct http_hold *h, struct http_response *rs);

/* Start the worker threads.  Signals should be blocked in the calling thread
 * first (the workers inherit its mask). */
enum gc_rc http_server_start(struct http_server *s, struct gc_err *e);

/* "http://127.0.0.1:8080" with the port actually bound. */
const char *http_server_url(const struct http_server *s);
unsigned http_server_threads(const struct http_server *s);

/* Stop gracefully: stop accepting, let requests in flight finish (at most
 * GC_HTTP_SHUTDOWN_MS, answering them with Connection: close; held ones
 * still waiting then get a 503), then close every connection and join the
 * workers.  Safe to call twice. */
void http_server_stop(struct http_server *s);
void http_server_free(struct http_server *s);   /* stops if needed; accepts NULL */

/* --- helpers, pure (exposed for handlers and tests) --- */

/* Value of request header `name` (ASCII case-insensitive), NULL when absent.
 * Valid during the handler call. */
const char *http_request_header(const struct http_request *rq, const char *name);

/* Fill rs with status and the JSON body {"error": msg} (msg is UTF-8). */
void http_error(struct http_response *rs, int status, const char *msg);

/* Does a Content-Type header value name the media type `type` (ASCII case
 * insensitive, parameters such as "; charset=utf-8" ignored)? */
bool http_media_type_is(const char *header, const char *type);

/* Parse a widget-origins value into *n origins (pointers into a copy the
 * caller frees with free(*copy)); "*" sets *any.  GC_ERR_INVALID with a
 * message for an origin that is not scheme://host[:port] (scheme http or
 * https, no path), GC_ERR_TOOBIG past GC_WIDGET_ORIGINS_MAX. */
enum gc_rc http_parse_origins(const char *list, char **copy, const char **origins, size_t *n,
                              bool *any, struct gc_err *e);

/* Parse "HOST:PORT" (HOST: IPv4 literal, [IPv6] literal, "localhost", or "*"
 * / empty for every IPv4 interface) into a socket address. */
enum gc_rc http_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len,
                             struct gc_err *e);

#endif
