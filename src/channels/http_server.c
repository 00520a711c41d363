/* http_server.c — HTTP/1.1 server on libmicrohttpd (RFC 9110, RFC 9112).
 *
 * Threading: libmicrohttpd's internal thread pool, each worker running its
 * own epoll loop over the connections it was given.  Connections are given
 * by one thread of ours that accepts them (acceptor_main) and hands each to
 * MHD_add_connection, which picks the worker from the descriptor's number:
 * about as many connections on each worker.  When the workers accepted for
 * themselves, the first to wake took what was waiting, and 64 connections
 * opened at once could end 56 on one worker and 9 on the other: the
 * residents on the first waited twice as long (bench/run.sh, p99).
 * A request is answered on the worker that read it: the answer pipeline
 * takes ~0.1 ms, so handing requests to another pool would cost more (two
 * context switches, a queue lock) than it could ever save.
 *
 * Per request, in the common case (POST /api/v1/ask on a kept-alive
 * connection) the server itself does no allocation for the body (the
 * connection's capped buffer is reused), no system call beyond the
 * socket read and write (the clock is read through the vDSO), and takes
 * one uncontended lock (one rate-limiter shard out of GC_RATE_SHARDS).
 *
 * libmicrohttpd calls on_request() several times per request: once when
 * the headers are in (*req_cls is NULL), once per piece of body, and once
 * more with no data when the body is complete.  Everything decidable from
 * the headers (404, 405, 415, 413 by Content-Length, 429) is answered on the
 * first call, before any body is read. */
#define _GNU_SOURCE   /* accept4 */
#include "channels/http_server.h"

#include <arpa/inet.h>
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "channels/access_log.h"
#include "channels/ratelimit.h"
#include "util/buf.h"
#include "util/jsonnum.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* Sent with every response.  The widget is a <script> that runs inside the
 * town's own pages and calls the API with fetch() (hence CORS on the API
 * routes); nothing of ours is meant to be framed by another site, so framing
 * is limited to our own origin, the same rule as CSP frame-ancestors (which
 * modern browsers apply; X-Frame-Options is for the older ones). */
static const struct {
    const char *name, *value;
} security_headers[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "SAMEORIGIN"},
    {"Permissions-Policy",
     "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
     "microphone=(), payment=(), usb=()"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

struct route {
    char method[8];
    char *path;
    unsigned flags;
    http_handler_fn fn;
    void *ctx;
    char allow[48];      /* every method of this path, for Allow (computed at start) */
};

struct http_server {
    struct http_server_opts opts;
    int listen_fd;                 /* ours: accepted from by the acceptor thread */
    pthread_t acceptor;            /* runs while d is not NULL */
    int family;
    struct MHD_Daemon *d;
    unsigned threads;
    char url[80];
    struct ratelimit *rl;
    struct access_log *alog;       /* NULL when opts.access_log is off */
    struct route routes[GC_HTTP_ROUTES_MAX];
    int nroutes;
    atomic_int inflight;           /* requests between first call and completion */
    atomic_bool draining;          /* stopping: answer with Connection: close */
    http_error_page_fn error_page; /* HTML errors, NULL = JSON everywhere */
    void *error_page_ctx;
    http_after_fn after;           /* deferred work after each request, NULL = none */
    void *after_ctx;
    bool cors_any;                 /* widget-origins = * */
    char *origins_copy;
    const char *origins[GC_WIDGET_ORIGINS_MAX];
    size_t norigins;
};

/* One per TCP connection, reused by every request it carries. */
struct conn {
    struct buf body;
    struct rl_key key;
    char ip[INET6_ADDRSTRLEN];     /* truncated address, for the access log */
    /* the request in progress */
    const struct route *route;
    uint64_t t0;                   /* ns, CLOCK_MONOTONIC */
    int fail;                      /* error status decided before the handler runs */
    unsigned retry;                /* seconds, with fail == 429 */
    bool queued;                   /* a response is queued: ignore further calls */
    int status;
    size_t bytes;
    char method[8];
    char path[128];
    /* The raw query string of the request in progress, kept by on_uri()
     * before libmicrohttpd splits it (only when there is one). */
    struct buf query;
    bool query_toobig;
    struct http_deferred *deferred;   /* the request in progress waits for another thread */
};

/* A deferred request (http_defer): shared by its worker and the thread
 * that finishes it, under mu.  The worker frees it once it has taken the
 * response (or when the connection goes). */
struct http_deferred {
    pthread_mutex_t mu;
    struct MHD_Connection *c;
    bool suspended;       /* the worker suspended the connection */
    bool done;            /* rs holds the answer */
    struct http_response rs;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------------ helpers */

void http_error(struct http_response *rs, int status, const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    char *s = NULL;
    if (o && cJSON_AddStringToObject(o, "error", msg))
        s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    rs->status = status;
    if (s) {
        rs->body = s;
        rs->body_len = strlen(s);
        rs->body_owned = true;
    } else {   /* cJSON could not allocate or msg was not printable */
        rs->body = "{\"error\":\"internal error\"}";
        rs->body_len = strlen(rs->body);
        rs->body_owned = false;
    }
    rs->content_type = NULL;
}

const char *http_request_header(const struct http_request *rq, const char *name)
{
    for (size_t i = 0; i < rq->nheaders; i++)
        if (!strcasecmp(rq->headers[i].name, name))
            return rq->headers[i].value;
    if (rq->conn_)
        return MHD_lookup_connection_value(rq->conn_, MHD_HEADER_KIND, name);
    return NULL;
}

bool http_media_type_is(const char *header, const char *type)
{
    if (!header)
        return false;
    while (*header == ' ' || *header == '\t')
        header++;
    size_t n = strlen(type);
    if (strncasecmp(header, type, n))
        return false;
    char c = header[n];
    return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

/* Is o "http(s)://host[:port]" with no path, query or user part? */
static bool origin_ok(const char *o)
{
    const char *h = !strncmp(o, "https://", 8) ? o + 8 : !strncmp(o, "http://", 7) ? o + 7 : NULL;
    if (!h || !*h || strlen(o) >= GC_ORIGIN_MAX)
        return false;
    for (const char *q = h; *q; q++) {
        char c = *q;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            return false;
    }
    return true;
}

enum gc_rc http_parse_origins(const char *list, char **copy, const char **origins, size_t *n,
                              bool *any, struct gc_err *e)
{
    *copy = NULL;
    *n = 0;
    *any = false;
    if (!list || !*list)
        return GC_OK;
    char *c = xstrdup(list);
    char *p = c;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
        size_t len = strlen(start);
        while (len > 1 && start[len - 1] == '/')   /* "https://x.fr/" is the origin https://x.fr */
            start[--len] = '\0';
        if (!strcmp(start, "*")) {
            *any = true;
            continue;
        }
        if (!origin_ok(start)) {
            enum gc_rc rc = gc_err_set(e, GC_ERR_INVALID,
                                       "widget-origins: '%s' is not an origin such as "
                                       "https://www.example.fr (scheme, host, optional port)",
                                       start);
            free(c);
            *n = 0;
            return rc;
        }
        if (*n >= GC_WIDGET_ORIGINS_MAX) {
            free(c);
            *n = 0;
            return gc_err_set(e, GC_ERR_TOOBIG, "widget-origins: more than %d origins",
                              GC_WIDGET_ORIGINS_MAX);
        }
        origins[(*n)++] = start;
    }
    *copy = c;
    return GC_OK;
}

static enum gc_rc parse_port(const char *p, unsigned *port, struct gc_err *e)
{
    if (!*p)
        return gc_err_set(e, GC_ERR_INVALID, "listen address: missing port");
    unsigned long v = 0;
    for (const char *q = p; *q; q++) {
        if (*q < '0' || *q > '9' || v > 65535)
            return gc_err_set(e, GC_ERR_INVALID, "listen address: bad port '%s'", p);
        v = v * 10 + (unsigned long)(*q - '0');
    }
    if (v > 65535)
        return gc_err_set(e, GC_ERR_INVALID, "listen address: bad port '%s'", p);
    *port = (unsigned)v;
    return GC_OK;
}

enum gc_rc http_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len,
                             struct gc_err *e)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *port;
    unsigned pn = 0;
    enum gc_rc rc;

    memset(ss, 0, sizeof *ss);
    if (!s)
        return gc_err_set(e, GC_ERR_INVALID, "listen address: empty");
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof host)
            return gc_err_set(e, GC_ERR_INVALID, "listen address '%s': expected [IPv6]:PORT", s);
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        port = end + 2;
        rc = parse_port(port, &pn, e);
        if (rc)
            return rc;
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)pn);
        if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
            return gc_err_set(e, GC_ERR_INVALID, "listen address '%s': bad IPv6 address", s);
        *len = sizeof *in6;
        return GC_OK;
    }
    const char *colon = strrchr(s, ':');
    if (!colon)
        return gc_err_set(e, GC_ERR_INVALID, "listen address '%s': expected HOST:PORT", s);
    if ((size_t)(colon - s) >= sizeof host)
        return gc_err_set(e, GC_ERR_INVALID, "listen address '%s': host too long", s);
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    rc = parse_port(colon + 1, &pn, e);
    if (rc)
        return rc;
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)pn);
    if (!host[0] || !strcmp(host, "*"))
        in->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (!strcmp(host, "localhost"))
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
        return gc_err_set(e, GC_ERR_INVALID,
                          "listen address '%s': host must be an IP address, [IPv6], "
                          "localhost or *", s);
    *len = sizeof *in;
    return GC_OK;
}

/* ------------------------------------------------------------- life cycle */

enum gc_rc http_server_new(struct http_server **out, const struct http_server_opts *opts,
                           struct gc_err *e)
{
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    enum gc_rc rc = http_parse_listen(opts->listen, &ss, &sl, e);
    *out = NULL;
    if (rc)
        return rc;

    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return gc_err_set(e, GC_ERR_IO, "socket: %s", strerror(errno));
    int one = 1;
    /* SO_REUSEADDR only skips TIME_WAIT on restart: Linux still refuses to
     * bind a port another socket is listening on. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
        int err = errno;
        close(fd);
        return gc_err_set(e, GC_ERR_IO, "cannot listen on %s: %s%s", opts->listen, strerror(err),
                          err == EADDRINUSE ? " (is another server running on this port?)" : "");
    }
    if (listen(fd, GC_HTTP_BACKLOG) < 0) {
        int err = errno;
        close(fd);
        return gc_err_set(e, GC_ERR_IO, "cannot listen on %s: %s", opts->listen, strerror(err));
    }
    /* The port actually bound (the caller may have asked for port 0). */
    struct sockaddr_storage got;
    socklen_t gl = sizeof got;
    getsockname(fd, (struct sockaddr *)&got, &gl);

    struct http_server *s = xcalloc(1, sizeof *s);
    rc = http_parse_origins(opts->cors_origins, &s->origins_copy, s->origins, &s->norigins,
                            &s->cors_any, e);
    if (rc) {
        close(fd);
        free(s);
        return rc;
    }
    s->opts = *opts;
    s->opts.listen = NULL;        /* not kept: the caller's string */
    s->opts.cors_origins = NULL;
    s->listen_fd = fd;
    s->family = ss.ss_family;
    char host[INET6_ADDRSTRLEN];
    if (got.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&got;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        snprintf(s->url, sizeof s->url, "http://[%s]:%u", host, ntohs(in6->sin6_port));
    } else {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&got;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        snprintf(s->url, sizeof s->url, "http://%s:%u", host, ntohs(in->sin_port));
    }
    long n = opts->threads ? (long)opts->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > GC_HTTP_THREADS_MAX)
        n = GC_HTTP_THREADS_MAX;
    s->threads = (unsigned)n;
    s->rl = ratelimit_new(opts->rate_per_minute);
    atomic_init(&s->inflight, 0);
    atomic_init(&s->draining, false);
    *out = s;
    return GC_OK;
}

enum gc_rc http_server_route(struct http_server *s, const char *method, const char *path,
                             unsigned flags, http_handler_fn fn, void *ctx)
{
    if (s->nroutes >= GC_HTTP_ROUTES_MAX || strlen(method) >= sizeof s->routes[0].method)
        return GC_ERR_TOOBIG;
    struct route *r = &s->routes[s->nroutes++];
    snprintf(r->method, sizeof r->method, "%s", method);
    r->path = xstrdup(path);
    r->flags = flags;
    r->fn = fn;
    r->ctx = ctx;
    return GC_OK;
}

static const char *mime_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/vnd.microsoft.icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcasecmp(dot, types[i].ext))
                return types[i].type;
    return "application/octet-stream";
}

static void serve_asset(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    const struct asset *a = ctx;
    (void)rq;
    rs->status = 200;
    rs->body = (const char *)a->data;
    rs->body_len = a->len;
    rs->content_type = mime_of(a->path);
}

enum gc_rc http_server_assets(struct http_server *s, const struct asset *list)
{
    for (const struct asset *a = list; a && a->path; a++) {
        /* The widget's files are fetched by the town's pages: its stylesheet
         * is read by tools (and browsers' CSSOM) across origins too. */
        unsigned flags = HTTP_ROUTE_CACHE;
        if (!strncmp(a->path, "/widget.", 8))
            flags |= HTTP_ROUTE_CORS;
        enum gc_rc rc = http_server_route(s, "GET", a->path, flags, serve_asset, (void *)a);
        if (rc)
            return rc;
        if (!strcmp(a->path, "/index.html")) {
            rc = http_server_route(s, "GET", "/", HTTP_ROUTE_CACHE, serve_asset, (void *)a);
            if (rc)
                return rc;
        }
    }
    return GC_OK;
}

void http_server_after(struct http_server *s, http_after_fn fn, void *ctx)
{
    s->after = fn;
    s->after_ctx = ctx;
}

void http_server_error_page(struct http_server *s, http_error_page_fn fn, void *ctx)
{
    s->error_page = fn;
    s->error_page_ctx = ctx;
}

const char *http_server_url(const struct http_server *s)
{
    return s->url;
}

unsigned http_server_threads(const struct http_server *s)
{
    return s->threads;
}

/* ------------------------------------------------------------ responding */

/* CORS headers (Fetch standard, "CORS protocol") for an allowed Origin:
 * "*" when any origin is allowed, else the request's Origin echoed when it is
 * in the list, and Vary: Origin so that caches keep the answers apart.  A
 * request from another origin gets no Access-Control-Allow-Origin: the
 * browser then withholds the answer from the calling page. */
static void add_cors(struct http_server *s, struct MHD_Connection *c, struct MHD_Response *m,
                     bool preflight, const char *allow)
{
    const char *allowed = NULL;
    if (s->cors_any) {
        allowed = "*";
    } else {
        const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
        for (size_t i = 0; origin && i < s->norigins; i++)
            if (!strcasecmp(origin, s->origins[i]))
                allowed = origin;
        MHD_add_response_header(m, MHD_HTTP_HEADER_VARY, "Origin");
    }
    if (!allowed)
        return;
    MHD_add_response_header(m, "Access-Control-Allow-Origin", allowed);
    if (preflight) {
        MHD_add_response_header(m, "Access-Control-Allow-Methods", allow);
        MHD_add_response_header(m, "Access-Control-Allow-Headers", "Content-Type");
        MHD_add_response_header(m, "Access-Control-Max-Age", "86400");
    }
}

/* Queue rs on c, with the headers every response carries. */
static enum MHD_Result reply(struct http_server *s, struct MHD_Connection *c, struct conn *k,
                             const struct route *r, struct http_response *rs)
{
    if (rs->status == 0) {
        if (rs->body_owned)
            free((void *)rs->body);
        memset(rs, 0, sizeof *rs);
        http_error(rs, 500, "internal error");
    }
    struct MHD_Response *m = MHD_create_response_from_buffer(
        rs->body_len, (void *)rs->body,
        rs->body_owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!m) {
        if (rs->body_owned)
            free((void *)rs->body);
        return MHD_NO;
    }
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(m, security_headers[i].name, security_headers[i].value);
    if (rs->body_len || rs->status != 204)
        MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE,
                                rs->content_type ? rs->content_type : JSON_TYPE);
    MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r && (r->flags & HTTP_ROUTE_CACHE) && rs->status == 200
                                ? "public, max-age=3600" : "no-store");
    if (r && (r->flags & HTTP_ROUTE_CORS))
        add_cors(s, c, m, false, NULL);
    if (rs->allow)
        MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->retry_after) {
        char v[16];
        snprintf(v, sizeof v, "%u", rs->retry_after);
        MHD_add_response_header(m, MHD_HTTP_HEADER_RETRY_AFTER, v);
    }
    if (rs->extra_name && rs->extra_value)
        MHD_add_response_header(m, rs->extra_name, rs->extra_value);
    if (rs->set_cookie[0])
        MHD_add_response_header(m, MHD_HTTP_HEADER_SET_COOKIE, rs->set_cookie);
    if (rs->location[0])
        MHD_add_response_header(m, MHD_HTTP_HEADER_LOCATION, rs->location);
    /* Close after a refused oversize request: the rest of its body is not
     * worth reading. */
    if (atomic_load_explicit(&s->draining, memory_order_relaxed) || k->fail == 413 ||
        k->fail == 431)
        MHD_add_response_header(m, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, m);
    MHD_destroy_response(m);
    if (ok == MHD_YES) {
        k->queued = true;
        k->status = rs->status;
        k->bytes = rs->body_len;
    }
    return ok;
}

/* Should a server-made error be an HTML page?  On HTML routes, and for an
 * unknown path (r NULL) that a browser asked for. */
static bool wants_html(struct http_server *s, struct MHD_Connection *c, const struct route *r)
{
    if (!s->error_page)
        return false;
    if (r)
        return (r->flags & HTTP_ROUTE_HTML) != 0;
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    return accept && strstr(accept, "text/html");
}

static enum MHD_Result reply_html_error(struct http_server *s, struct MHD_Connection *c,
                                        struct conn *k, const struct route *r, int status,
                                        unsigned retry)
{
    struct http_response rs = {0};
    s->error_page(s->error_page_ctx, status, retry, &rs);
    if (!rs.status)
        rs.status = status;
    rs.retry_after = retry;
    return reply(s, c, k, r, &rs);
}

static enum MHD_Result reply_error(struct http_server *s, struct MHD_Connection *c,
                                   struct conn *k, const struct route *r, int status,
                                   const char *msg)
{
    if (wants_html(s, c, r))
        return reply_html_error(s, c, k, r, status, 0);
    struct http_response rs = {0};
    http_error(&rs, status, msg);
    return reply(s, c, k, r, &rs);
}

/* 429 with a polite message for the resident and the delay for programs. */
static enum MHD_Result reply_limited(struct http_server *s, struct MHD_Connection *c,
                                     struct conn *k, const struct route *r, unsigned retry)
{
    if (wants_html(s, c, r))
        return reply_html_error(s, c, k, r, 429, retry);
    struct http_response rs = {0};
    char msg[256];
    snprintf(msg, sizeof msg,
             "Vous avez posé beaucoup de questions en peu de temps. Merci de patienter %u "
             "seconde%s avant de poser la suivante.", retry, retry > 1 ? "s" : "");
    cJSON *o = cJSON_CreateObject();
    char *body = NULL;
    if (o && cJSON_AddStringToObject(o, "error", msg) &&
        cJSON_AddNumberToObject(o, "retry_after", retry))
        body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!body)
        return reply_error(s, c, k, r, 429, "Trop de questions : merci de patienter.");
    rs.status = 429;
    rs.body = body;
    rs.body_len = strlen(body);
    rs.body_owned = true;
    rs.retry_after = retry;
    return reply(s, c, k, r, &rs);
}

/* Send the answer of a finished deferred request and forget it. */
static enum MHD_Result reply_deferred(struct http_server *s, struct MHD_Connection *c,
                                      struct conn *k)
{
    struct http_deferred *d = k->deferred;
    k->deferred = NULL;
    struct http_response rs = d->rs;
    pthread_mutex_destroy(&d->mu);
    free(d);
    return reply(s, c, k, k->route, &rs);
}

struct http_deferred *http_defer(const struct http_request *rq)
{
    struct MHD_Connection *c = rq->conn_;
    if (!c)
        return NULL;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = ci ? ci->socket_context : NULL;
    if (!k || k->deferred)
        return NULL;
    struct http_deferred *d = xcalloc(1, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    d->c = c;
    k->deferred = d;
    return d;
}

void http_deferred_finish(struct http_deferred *d, struct http_response *rs)
{
    pthread_mutex_lock(&d->mu);
    d->rs = *rs;
    d->done = true;
    if (d->suspended)
        MHD_resume_connection(d->c);   /* the worker calls on_request again */
    pthread_mutex_unlock(&d->mu);      /* and may free d from then on */
}

/* A deferred request whose connection ends without its answer sent. */
static void drop_deferred(struct conn *k)
{
    struct http_deferred *d = k->deferred;
    if (!d)
        return;
    k->deferred = NULL;
    if (d->done && d->rs.body_owned)
        free((void *)d->rs.body);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

/* Call the route's handler on the complete request. */
static enum MHD_Result dispatch(struct http_server *s, struct MHD_Connection *c, struct conn *k,
                                const char *url, const char *method)
{
    const struct route *r = k->route;
    struct http_request rq = {
        .method = method,
        .path = url,
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE),
        .body = buf_str(&k->body),
        .body_len = k->body.len,
        .query = buf_str(&k->query),
        .query_len = k->query.len,
        .conn_ = c,
    };
    memcpy(rq.client, k->key.addr, sizeof rq.client);
    struct http_response rs = {0};
    r->fn(r->ctx, &rq, &rs);
    struct http_deferred *d = k->deferred;
    if (!d)
        return reply(s, c, k, r, &rs);
    if (rs.body_owned)   /* the handler's own answer does not count */
        free((void *)rs.body);
    pthread_mutex_lock(&d->mu);
    if (!d->done) {       /* suspended now, resumed by http_deferred_finish */
        d->suspended = true;
        MHD_suspend_connection(c);
        pthread_mutex_unlock(&d->mu);
        return MHD_YES;
    }
    pthread_mutex_unlock(&d->mu);   /* already finished: answer at once */
    return reply_deferred(s, c, k);
}

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    size_t *n = cls;
    (void)kind;
    *n += strlen(key) + (value ? strlen(value) : 0) + 4;   /* ": " and CRLF */
    return MHD_YES;
}

/* Answer a request whose fate was sealed by its headers (k->fail). */
static enum MHD_Result reply_fail(struct http_server *s, struct MHD_Connection *c, struct conn *k)
{
    const struct route *r = k->route;
    char msg[96];
    switch (k->fail) {
    case 404:
        return reply_error(s, c, k, NULL, 404, "not found: no such page or API route");
    case 405: {
        if (wants_html(s, c, r))
            return reply_html_error(s, c, k, r, 405, 0);
        struct http_response rs = {0};
        http_error(&rs, 405, "method not allowed on this path (see the Allow header)");
        rs.allow = r->allow;
        return reply(s, c, k, r, &rs);
    }
    case 415:
        return reply_error(s, c, k, r, 415,
                           r->flags & HTTP_ROUTE_JSON
                               ? "unsupported media type: send the body as Content-Type: "
                                 "application/json"
                               : "unsupported media type: send the body as Content-Type: "
                                 "application/x-www-form-urlencoded");
    case 429:
        return reply_limited(s, c, k, r, k->retry);
    case 431:
        snprintf(msg, sizeof msg, "request headers too large (%d KiB at most)",
                 GC_HTTP_HEADER_MAX / 1024);
        return reply_error(s, c, k, r, 431, msg);
    case 414:
        snprintf(msg, sizeof msg, "query string too long (%d KiB at most)",
                 GC_HTTP_HEADER_MAX / 1024);
        return reply_error(s, c, k, r, 414, msg);
    default:
        snprintf(msg, sizeof msg, "request body too large (%d KiB at most)",
                 GC_HTTP_BODY_MAX / 1024);
        return reply_error(s, c, k, r, 413, msg);
    }
}

/* 204 to OPTIONS on a known path: Allow, and the CORS preflight answer. */
static enum MHD_Result reply_options(struct http_server *s, struct MHD_Connection *c,
                                     struct conn *k, const struct route *r)
{
    struct MHD_Response *p = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!p)
        return MHD_NO;
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(p, security_headers[i].name, security_headers[i].value);
    MHD_add_response_header(p, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->flags & HTTP_ROUTE_CORS)
        add_cors(s, c, p, true, r->allow);
    if (atomic_load_explicit(&s->draining, memory_order_relaxed))
        MHD_add_response_header(p, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, p);
    MHD_destroy_response(p);
    if (ok == MHD_YES) {
        k->queued = true;
        k->status = 204;
    }
    return ok;
}

/* First call of a request (headers in, body not read): route it and judge
 * what the headers allow.  Only a body announced past the cap is answered at
 * once — libmicrohttpd then closes the connection instead of reading the
 * body.  Other verdicts (404, 405, 415, 429) wait for the end of the (small)
 * body, which is skipped unread, so the connection stays alive. */
static enum MHD_Result begin(struct http_server *s, struct MHD_Connection *c, struct conn *k,
                             const char *url, const char *method)
{
    const char *m = strcmp(method, "HEAD") ? method : "GET";
    const struct route *r = NULL, *same_path = NULL;
    for (int i = 0; i < s->nroutes; i++) {
        if (strcmp(s->routes[i].path, url))
            continue;
        same_path = &s->routes[i];
        if (!strcmp(s->routes[i].method, m)) {
            r = &s->routes[i];
            break;
        }
    }
    /* Headers that do not fit the connection's pool get libmicrohttpd's own
     * 431; this makes the cap exactly GC_HTTP_HEADER_MAX. */
    size_t hbytes = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_size, &hbytes);
    if (hbytes > GC_HTTP_HEADER_MAX) {
        k->route = r;
        k->fail = 431;
        return reply_fail(s, c, k);
    }
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end = NULL;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno == ERANGE || n > GC_HTTP_BODY_MAX) {
            k->route = r ? r : same_path;
            k->fail = 413;
            return reply_fail(s, c, k);
        }
    }
    if (!same_path) {
        k->fail = 404;
        return MHD_YES;
    }
    if (k->query_toobig) {
        k->route = r ? r : same_path;
        k->fail = 414;
        return MHD_YES;
    }
    if (!r) {
        k->route = same_path;
        k->fail = strcmp(method, "OPTIONS") ? 405 : 204;
        return MHD_YES;
    }
    k->route = r;
    if ((r->flags & HTTP_ROUTE_LIMITED) && !ratelimit_take(s->rl, &k->key, k->t0, &k->retry)) {
        k->fail = 429;
        return MHD_YES;
    }
    if (r->flags & (HTTP_ROUTE_JSON | HTTP_ROUTE_FORM)) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!http_media_type_is(ct, r->flags & HTTP_ROUTE_JSON
                                        ? "application/json"
                                        : "application/x-www-form-urlencoded"))
            k->fail = 415;
    }
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_cls)
{
    struct http_server *s = cls;
    struct conn *k = *req_cls;
    (void)version;

    if (!k) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        k = ci ? ci->socket_context : NULL;
        if (!k)
            return MHD_NO;
        *req_cls = k;
        k->t0 = now_ns();
        k->route = NULL;
        k->fail = 0;
        k->retry = 0;
        k->queued = false;
        k->status = 0;
        k->bytes = 0;
        buf_reset(&k->body);
        if (s->opts.access_log) {
            snprintf(k->method, sizeof k->method, "%s", method);
            snprintf(k->path, sizeof k->path, "%s", url);
        }
        atomic_fetch_add_explicit(&s->inflight, 1, memory_order_relaxed);
        return begin(s, c, k, url, method);
    }
    if (k->queued) {              /* answered early: drop whatever still comes */
        *upload_size = 0;
        return MHD_YES;
    }
    if (k->deferred) {            /* resumed: the other thread has answered */
        struct http_deferred *d = k->deferred;
        pthread_mutex_lock(&d->mu);
        bool done = d->done;
        pthread_mutex_unlock(&d->mu);
        return done ? reply_deferred(s, c, k) : MHD_YES;
    }
    if (*upload_size) {
        /* A chunked body past the cap, or one we will refuse anyway: stop
         * keeping it.  (Bodies announced too big were refused unread.) */
        if (!k->fail && buf_add(&k->body, upload, *upload_size) != GC_OK) {
            k->fail = 413;
            *upload_size = 0;
            reply_fail(s, c, k);  /* at once if the library lets us, else at the end */
            return MHD_YES;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (k->fail == 204)
        return reply_options(s, c, k, k->route);
    if (k->fail)
        return reply_fail(s, c, k);
    return dispatch(s, c, k, url, method);
}

/* Append s (NUL-terminated) at p; returns the end. */
static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* Append v in decimal at p (at most 20 digits, and a NUL after them that
 * the next append overwrites); returns the end. */
static char *put_u64(char *p, uint64_t v)
{
    return p + jsonnum_u64(v, p);
}

/* Access log line: no body, no query string, address cut to its network. */
static void access_log_line(struct http_server *s, const struct conn *k)
{
    char path[sizeof k->path];
    size_t i = 0;
    for (; k->path[i] && i < sizeof path - 1; i++) {
        unsigned char ch = (unsigned char)k->path[i];
        path[i] = ch < 0x20 || ch == 0x7f || ch == ' ' ? '?' : (char)ch;   /* no log injection */
    }
    path[i] = '\0';
    /* "guichet: info: http POST /api/v1/ask 200 683 0.091ms 127.0.0.0": put
     * together by hand, a line per request (snprintf, with a float, cost 3%
     * of an answer). */
    uint64_t us = (now_ns() - k->t0 + 500) / 1000;
    /* Room for every piece at its longest: the fixed words, the method, the
     * path, three numbers of up to 20 digits (and put_u64's NUL), the
     * decimals and the address. */
    char line[64 + sizeof k->method + sizeof k->path + 3 * JSONNUM_MAX + sizeof k->ip], *p = line;
    p = put_str(p, "guichet: info: http ");
    p = put_str(p, k->method);
    *p++ = ' ';
    p = put_str(p, path);
    *p++ = ' ';
    p = put_u64(p, (uint64_t)(k->status < 0 ? 0 : k->status));
    *p++ = ' ';
    p = put_u64(p, k->bytes);
    *p++ = ' ';
    p = put_u64(p, us / 1000);
    *p++ = '.';
    *p++ = (char)('0' + us % 1000 / 100);
    *p++ = (char)('0' + us % 100 / 10);
    *p++ = (char)('0' + us % 10);
    p = put_str(p, "ms ");
    p = put_str(p, k->ip);
    *p++ = '\n';
    access_log_write(s->alog, line, (size_t)(p - line));
}

/* Called once per request with the request target as sent, before
 * libmicrohttpd splits off and decodes the query string: keep the raw query
 * (a Twilio signature covers it byte for byte; Kannel's UCS-2 text is binary
 * once decoded).  Returns NULL so that on_request() still sees its first
 * call as *req_cls == NULL. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = ci ? ci->socket_context : NULL;
    if (!k)
        return NULL;
    buf_reset(&k->query);
    k->query_toobig = false;
    const char *q = uri ? strchr(uri, '?') : NULL;
    if (q && q[1] && buf_add(&k->query, q + 1, strlen(q + 1)) != GC_OK)
        k->query_toobig = true;
    return NULL;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct conn *k = *req_cls;
    (void)c;
    if (!k)
        return;
    if (s->opts.access_log) {
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !k->queued)
            k->status = 0;        /* the client went away before an answer */
        access_log_line(s, k);
    }
    drop_deferred(k);
    /* Keep small buffers for the next request; give big ones back. */
    if (k->body.cap > GC_HTTP_BODY_KEEP)
        buf_free(&k->body);

    *req_cls = NULL;
    atomic_fetch_sub_explicit(&s->inflight, 1, memory_order_relaxed);
    if (s->after)
        s->after(s->after_ctx);
}

/* Truncate an address for logs (IPv4 to /24, IPv6 to /48): enough to spot
 * abuse, not enough to identify a resident. */
static void truncated_ip(const struct sockaddr *sa, char *out, size_t n)
{
    snprintf(out, n, "-");
    if (!sa)
        return;
    if (sa->sa_family == AF_INET) {
        struct in_addr a = ((const struct sockaddr_in *)(const void *)sa)->sin_addr;
        a.s_addr &= htonl(0xffffff00u);
        inet_ntop(AF_INET, &a, out, (socklen_t)n);
    } else if (sa->sa_family == AF_INET6) {
        struct in6_addr a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (!memcmp(a.s6_addr, v4mapped, 12))
            a.s6_addr[15] = 0;
        else
            memset(a.s6_addr + 6, 0, 10);
        inet_ntop(AF_INET6, &a, out, (socklen_t)n);
    }
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct conn *k = xcalloc(1, sizeof *k);
        buf_init(&k->body, GC_HTTP_BODY_MAX);
        buf_init(&k->query, GC_HTTP_HEADER_MAX);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = ci ? ci->client_addr : NULL;
        ratelimit_key(s->rl, sa, &k->key);
        if (s->opts.access_log)
            truncated_ip(sa, k->ip, sizeof k->ip);
        *socket_context = k;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct conn *k = *socket_context;
        if (k) {
            drop_deferred(k);
            buf_free(&k->body);
            buf_free(&k->query);
            free(k);
        }
        *socket_context = NULL;
    }
}

__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_warn("http: %s", line);
}

/* Allow header of each route: every method registered on its path. */
static void compute_allow(struct http_server *s)
{
    for (int i = 0; i < s->nroutes; i++) {
        struct route *r = &s->routes[i];
        struct buf b;
        buf_init(&b, sizeof r->allow - 1);
        bool get = false;
        for (int j = 0; j < s->nroutes; j++) {
            if (strcmp(s->routes[j].path, r->path))
                continue;
            bool dup = false;
            for (int k = 0; k < j; k++)
                if (!strcmp(s->routes[k].path, r->path) &&
                    !strcmp(s->routes[k].method, s->routes[j].method))
                    dup = true;
            if (dup)
                continue;
            buf_printf(&b, "%s%s", b.len ? ", " : "", s->routes[j].method);
            get = get || !strcmp(s->routes[j].method, "GET");
        }
        if (get)
            buf_adds(&b, ", HEAD");
        buf_adds(&b, ", OPTIONS");
        snprintf(r->allow, sizeof r->allow, "%s", buf_str(&b));
        buf_free(&b);
    }
}

/* Connections we can really hold: each is a file descriptor, and the
 * default soft limit (often 1024) is below GC_HTTP_CONN_MAX.  Raise the soft
 * limit towards the hard one, keep some descriptors for the database and
 * logs, and never promise more than that. */
static unsigned connection_limit(void)
{
    struct rlimit rl;
    rlim_t want = GC_HTTP_CONN_MAX + 128;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return GC_HTTP_CONN_MAX;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = old;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
        return GC_HTTP_CONN_MAX;
    unsigned n = rl.rlim_cur > 128 ? (unsigned)(rl.rlim_cur - 64) : 64;
    log_warn("http: only %u connections at once (open file limit %llu)", n,
             (unsigned long long)rl.rlim_cur);
    return n;
}

/* The acceptor thread: blocks in accept() and gives each connection to
 * libmicrohttpd, which closes it when it cannot take it (connection limits:
 * it logs why).  http_server_stop wakes it with shutdown(). */
static void *acceptor_main(void *arg)
{
    struct http_server *s = arg;
    bool warned = false;
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (atomic_load(&s->draining)) {
            if (fd >= 0)
                close(fd);
            break;
        }
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN ||
                errno == EPROTO)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors or memory: the connection waits in the
                 * backlog; try again shortly rather than spin. */
                if (!warned)
                    log_warn("http: accept: %s (connections wait)", strerror(errno));
                warned = true;
                struct timespec ts = {0, 10 * 1000 * 1000};
                nanosleep(&ts, NULL);
                continue;
            }
            log_error("http: accept: %s: no more connections accepted", strerror(errno));
            break;
        }
        warned = false;
        (void)MHD_add_connection(s->d, fd, (struct sockaddr *)&ss, sl);
    }
    return NULL;
}

enum gc_rc http_server_start(struct http_server *s, struct gc_err *e)
{
    compute_allow(s);
    unsigned conn_max = connection_limit();
    /* Before the workers exist: they log from their first request on. */
    if (s->opts.access_log)
        s->alog = access_log_new(STDERR_FILENO, GC_ACCESS_LOG_FLUSH_MS);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
                     MHD_USE_TURBO | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET |
                     MHD_ALLOW_SUSPEND_RESUME;   /* http_defer */
    if (s->family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,   /* first, to catch the others' messages */
        MHD_OPTION_THREAD_POOL_SIZE, s->threads > 1 ? s->threads : 0u,
        MHD_OPTION_CONNECTION_LIMIT, conn_max,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)GC_HTTP_CONN_PER_IP_MAX,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)GC_HTTP_IDLE_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)GC_HTTP_CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_END);
    if (!s->d) {
        access_log_free(s->alog);
        s->alog = NULL;
        return gc_err_set(e, GC_ERR_IO, "could not start the HTTP server on %s (see above)",
                          s->url);
    }
    /* The acceptor blocks in accept(). */
    int fl = fcntl(s->listen_fd, F_GETFL);
    int err = fl < 0 || fcntl(s->listen_fd, F_SETFL, fl & ~O_NONBLOCK) < 0
                  ? errno
                  : pthread_create(&s->acceptor, NULL, acceptor_main, s);
    if (err) {
        MHD_stop_daemon(s->d);
        s->d = NULL;
        access_log_free(s->alog);
        s->alog = NULL;
        return gc_err_set(e, GC_ERR_IO, "could not start the HTTP server on %s: %s", s->url,
                          strerror(err));
    }
    return GC_OK;
}

void http_server_stop(struct http_server *s)
{
    if (!s || !s->d)
        return;
    atomic_store(&s->draining, true);
    /* No new connections: wake the acceptor out of accept(). */
    shutdown(s->listen_fd, SHUT_RDWR);
    pthread_join(s->acceptor, NULL);
    close(s->listen_fd);
    s->listen_fd = -1;
    uint64_t deadline = now_ns() + (uint64_t)GC_HTTP_SHUTDOWN_MS * 1000000ull;
    while (atomic_load(&s->inflight) > 0 && now_ns() < deadline) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    int left = atomic_load(&s->inflight);
    if (left > 0)
        log_warn("http: %d request(s) still running after %d ms, closing them", left,
                 GC_HTTP_SHUTDOWN_MS);
    MHD_stop_daemon(s->d);   /* closes idle keep-alive connections, joins workers */
    s->d = NULL;
    access_log_free(s->alog);
    s->alog = NULL;
}

void http_server_free(struct http_server *s)
{
    if (!s)
        return;
    http_server_stop(s);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    for (int i = 0; i < s->nroutes; i++)
        free(s->routes[i].path);
    free(s->origins_copy);
    ratelimit_free(s->rl);
    free(s);
}
