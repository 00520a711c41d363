/* http_server.c — HTTP/1.1 server on libmicrohttpd (RFC 9110, RFC 9112).
 *
 * Connections: the acceptor thread admits each connection under the caps
 * (connlimit.h) before handing it to libmicrohttpd, whose own limit is set
 * far above ours: 0.9.75 wedges a worker for good when a connection handed
 * to it finds the library's limit reached (see connlimit.h).  The same
 * thread enforces the request deadline every GC_HTTP_REAP_MS: a connection
 * whose request is not whole by its deadline (or whose idle time ran out)
 * is shut down — shutdown(2) on its socket, which the worker then sees as
 * the client's end.  The library's own idle timeout restarts at every byte,
 * so a client sending a header line every few seconds would otherwise hold
 * a connection for ever.  Connections are registered (reg_mu) from the
 * library's "started" to its "closed" notice, which comes before it closes
 * the socket: a registered descriptor is never another connection's.
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
#include <poll.h>
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
#include "channels/connlimit.h"
#include "channels/proxies.h"
#include "channels/ratelimit.h"
#include "util/buf.h"
#include "util/jsonnum.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/metrics.h"

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

enum phase { PH_FRESH, PH_REQUEST, PH_IDLE };

/* A response waiting for something durable (http_request_hold). */
enum hold_state { HOLD_PENDING, HOLD_SUSPENDED, HOLD_OK, HOLD_FAIL };
struct http_hold {
    atomic_int state;
    atomic_int refs;               /* the connection's, and the promise of http_hold_done */
    struct MHD_Connection *c;
    /* http_defer: the response comes from the thread that settles the hold
     * (http_deferred_finish writes it before settling); the handler's own
     * is ignored.  Its body is freed with the hold unless it was sent. */
    bool deferred;
    struct http_response later;
};

struct conn;

struct http_server {
    struct http_server_opts opts;
    struct connlimit *cl;
    struct proxies proxies;
    uint64_t request_ns, idle_ns;  /* deadlines */
    pthread_mutex_t reg_mu;        /* the registry of connections */
    struct conn *reg;              /* list of every open connection */
    atomic_uint_fast64_t refused, reaped;
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
    atomic_int suspended;          /* connections suspended by a hold */
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
    struct conn *prev, *next;      /* the registry, under reg_mu */
    int fd;
    unsigned char addr[16];        /* the peer, for connlimit */
    bool trusted;                  /* the peer is a trusted proxy */
    bool counted;                  /* connlimit_take()n: give it back at close */
    enum phase phase;
    _Atomic uint64_t deadline;     /* ns (CLOCK_MONOTONIC); 0 = none (held) */
    struct http_hold *hold;        /* the request's hold, NULL = none */
    struct MHD_Response *held;     /* its response, sent once the hold is done */
    int held_status;
    bool suspended_now;            /* counted in s->suspended */
    struct buf body;
    struct rl_key key;             /* the peer's */
    struct rl_key fkey;            /* the forwarded client's (trusted peers only) */
    bool forwarded;                /* fkey is set for the request in progress */
    char ip[INET6_ADDRSTRLEN];     /* truncated address, for the access log */
    char peer_ip[INET6_ADDRSTRLEN];   /* the peer's (ip is the forwarded client's) */
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
    bool query_many;               /* more than GC_HTTP_QUERY_PARAMS_MAX parameters */
};

static void truncated_ip(const struct sockaddr *sa, char *out, size_t n);

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
    rc = proxies_parse(opts->trusted_proxies, &s->proxies, e);
    if (rc) {
        close(fd);
        ratelimit_free(s->rl);
        free(s->origins_copy);
        free(s);
        return rc;
    }
    s->opts.trusted_proxies = NULL;
    if (!s->opts.max_connections)
        s->opts.max_connections = GC_HTTP_CONN_MAX;
    if (!s->opts.max_per_address)
        s->opts.max_per_address = GC_HTTP_CONN_PER_IP_MAX;
    if (!s->opts.request_timeout_s)
        s->opts.request_timeout_s = GC_HTTP_REQUEST_TIMEOUT_S;
    if (!s->opts.idle_timeout_s)
        s->opts.idle_timeout_s = GC_HTTP_IDLE_TIMEOUT_S;
    s->request_ns = (uint64_t)s->opts.request_timeout_s * 1000000000ull;
    s->idle_ns = (uint64_t)s->opts.idle_timeout_s * 1000000000ull;
    pthread_mutex_init(&s->reg_mu, NULL);
    atomic_init(&s->suspended, 0);
    atomic_init(&s->refused, 0);
    atomic_init(&s->reaped, 0);
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

/* The response rs with the headers every response carries (NULL when the
 * library cannot make one); takes the body. */
static struct MHD_Response *make_response(struct http_server *s, struct MHD_Connection *c,
                                          struct conn *k, const struct route *r,
                                          struct http_response *rs)
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
        return NULL;
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
        k->fail == 431 || k->fail == 400)
        MHD_add_response_header(m, MHD_HTTP_HEADER_CONNECTION, "close");
    return m;
}

/* Queue m (status, body_len bytes) on c; it is destroyed. */
static enum MHD_Result queue(struct http_server *s, struct MHD_Connection *c, struct conn *k,
                             int status, size_t body_len, struct MHD_Response *m)
{
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, m);
    MHD_destroy_response(m);
    if (ok == MHD_YES) {
        k->queued = true;
        k->status = status;
        k->bytes = body_len;
        /* The response has request_timeout to be read by the client. */
        atomic_store_explicit(&k->deadline, now_ns() + s->request_ns, memory_order_relaxed);
    }
    return ok;
}

/* Queue rs on c, with the headers every response carries. */
static enum MHD_Result reply(struct http_server *s, struct MHD_Connection *c, struct conn *k,
                             const struct route *r, struct http_response *rs)
{
    struct MHD_Response *m = make_response(s, c, k, r, rs);
    if (!m)
        return MHD_NO;
    return queue(s, c, k, rs->status, rs->body_len, m);
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

/* ------------------------------------------------------------------ holds */

struct http_hold *http_request_hold(const struct http_request *rq)
{
    struct conn *k = rq->k_;
    if (!k || !rq->conn_ || k->hold)
        return NULL;
    struct http_hold *h = xcalloc(1, sizeof *h);
    atomic_init(&h->state, HOLD_PENDING);
    atomic_init(&h->refs, 2);
    h->c = rq->conn_;
    k->hold = h;
    return h;
}

static void hold_unref(struct http_hold *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1) {
        if (h->later.body_owned)   /* a deferred answer never sent */
            free((void *)h->later.body);
        free(h);
    }
}

/* Settle h (ok or not) unless it is settled already; resume its connection
 * when it was suspended.  Returns whether this call settled it. */
static bool hold_settle(struct http_hold *h, bool ok)
{
    int st = atomic_load(&h->state);
    for (;;) {
        if (st == HOLD_OK || st == HOLD_FAIL)
            return false;
        if (atomic_compare_exchange_weak(&h->state, &st, ok ? HOLD_OK : HOLD_FAIL))
            break;
    }
    if (st == HOLD_SUSPENDED)
        MHD_resume_connection(h->c);   /* the library calls on_request() again */
    return true;
}

void http_hold_done(struct http_hold *h, bool ok)
{
    if (!h)
        return;
    hold_settle(h, ok);
    hold_unref(h);
}

/* Forget the hold of a request that ends without its answer (the client
 * left while it waited). */
static void hold_drop(struct http_server *s, struct conn *k)
{
    if (k->suspended_now) {
        k->suspended_now = false;
        atomic_fetch_sub(&s->suspended, 1);
    }
    if (k->held) {
        MHD_destroy_response(k->held);
        k->held = NULL;
    }
    if (k->hold) {
        hold_unref(k->hold);
        k->hold = NULL;
    }
}

/* The hold of the request in progress is settled: send the response kept,
 * or, when what it waited for failed, a 503 to try again. */
static enum MHD_Result hold_finish(struct http_server *s, struct MHD_Connection *c,
                                   struct conn *k)
{
    struct http_hold *h = k->hold;
    struct MHD_Response *m = k->held;
    bool ok = atomic_load(&h->state) == HOLD_OK;
    if (k->suspended_now) {
        k->suspended_now = false;
        atomic_fetch_sub(&s->suspended, 1);
    }
    k->hold = NULL;
    k->held = NULL;
    if (h->deferred && ok) {         /* the other thread's answer */
        struct http_response rs = h->later;
        h->later.body_owned = false;   /* reply() takes the body */
        hold_unref(h);
        return reply(s, c, k, k->route, &rs);
    }
    hold_unref(h);
    if (ok)
        return queue(s, c, k, k->held_status, k->bytes, m);
    if (m)   /* NULL for a deferred request */
        MHD_destroy_response(m);
    if (wants_html(s, c, k->route))
        return reply_html_error(s, c, k, k->route, 503, 5);
    struct http_response rs = {0};
    http_error(&rs, 503, "the exchange could not be recorded: retry in a few seconds");
    rs.retry_after = 5;
    return reply(s, c, k, k->route, &rs);
}

/* After the handler: send its response now, or keep it and suspend the
 * connection until the hold is settled. */
static enum MHD_Result hold_or_reply(struct http_server *s, struct MHD_Connection *c,
                                     struct conn *k, const struct route *r,
                                     struct http_response *rs)
{
    struct MHD_Response *m = NULL;
    if (k->hold->deferred) {   /* the handler's own answer does not count */
        if (rs->body_owned)
            free((void *)rs->body);
        memset(rs, 0, sizeof *rs);
    } else {
        m = make_response(s, c, k, r, rs);
    }
    if (!m && !k->hold->deferred) {
        struct http_hold *h = k->hold;
        k->hold = NULL;
        hold_settle(h, false);   /* nobody is suspended: only marks it */
        hold_unref(h);
        return MHD_NO;
    }
    k->held = m;
    k->held_status = rs->status;
    k->bytes = rs->body_len;
    int st = atomic_load(&k->hold->state);
    if (st == HOLD_PENDING) {
        atomic_store(&k->deadline, 0);   /* waiting on us, not on the client */
        MHD_suspend_connection(c);
        atomic_fetch_add(&s->suspended, 1);
        if (atomic_compare_exchange_strong(&k->hold->state, &st, HOLD_SUSPENDED)) {
            k->suspended_now = true;
            return MHD_YES;
        }
        atomic_fetch_sub(&s->suspended, 1);
        MHD_resume_connection(c);        /* settled meanwhile: on_request() comes again */
        return MHD_YES;
    }
    return hold_finish(s, c, k);
}

/* http_defer: a hold whose response another thread gives. */
struct http_hold *http_defer(const struct http_request *rq)
{
    struct http_hold *h = http_request_hold(rq);
    if (h)
        h->deferred = true;
    return h;
}

void http_deferred_finish(struct http_hold *h, struct http_response *rs)
{
    h->later = *rs;                /* published by hold_settle's atomic exchange */
    http_hold_done(h, true);
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
        .k_ = k,
    };
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    rq.peer = ci ? ci->client_addr : NULL;
    /* The client as the rate limiter sees it: the forwarded one behind a
     * trusted proxy (channels/proxies.h), else the peer. */
    memcpy(rq.client, (k->forwarded ? &k->fkey : &k->key)->addr, sizeof rq.client);
    struct http_response rs = {0};
    r->fn(r->ctx, &rq, &rs);
    if (k->hold)
        return hold_or_reply(s, c, k, r, &rs);
    return reply(s, c, k, r, &rs);
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
        if (k->query_many)
            snprintf(msg, sizeof msg, "too many query parameters (%d at most)",
                     GC_HTTP_QUERY_PARAMS_MAX);
        else
            snprintf(msg, sizeof msg, "query string too long (%d KiB at most)",
                     GC_HTTP_HEADER_MAX / 1024);
        return reply_error(s, c, k, r, 414, msg);
    case 400:
        /* Both framings: a proxy before us may have read another body
         * (request smuggling, RFC 9112 §6.3): refused, and the connection
         * closed. */
        return reply_error(s, c, k, r, 400,
                           "bad request: Content-Length and Transfer-Encoding together");
    default:
        snprintf(msg, sizeof msg, "request body too large (%d KiB at most)",
                 (r && (r->flags & HTTP_ROUTE_BIG) ? GC_HTTP_BODY_BIG_MAX : GC_HTTP_BODY_MAX) /
                     1024);
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
    if (cl && MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                          MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
        k->route = r ? r : same_path;
        k->fail = 400;
        return reply_fail(s, c, k);   /* at once: the body is not read */
    }
    if (k->trusted) {
        /* A request through a trusted proxy counts against the address it
         * forwarded (channels/proxies.h). */
        struct sockaddr_storage fa;
        k->forwarded = proxies_client(
            &s->proxies, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Forwarded"),
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"), &fa);
        if (k->forwarded) {
            ratelimit_key(s->rl, (const struct sockaddr *)&fa, &k->fkey);
            if (s->opts.access_log)
                truncated_ip((const struct sockaddr *)&fa, k->ip, sizeof k->ip);
        }
    }
    /* The body's cap is the route's (HTTP_ROUTE_BIG: the back office's editor). */
    k->body.max = r && (r->flags & HTTP_ROUTE_BIG) ? GC_HTTP_BODY_BIG_MAX : GC_HTTP_BODY_MAX;
    if (cl) {
        char *end = NULL;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno == ERANGE || n > k->body.max) {
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
    if ((r->flags & HTTP_ROUTE_LIMITED) &&
        !ratelimit_take(s->rl, k->forwarded ? &k->fkey : &k->key, k->t0, &k->retry)) {
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
        if (k->forwarded)
            memcpy(k->ip, k->peer_ip, sizeof k->ip);   /* begin() may forward it again */
        k->forwarded = false;
        buf_reset(&k->body);
        if (s->opts.access_log) {
            snprintf(k->method, sizeof k->method, "%s", method);
            snprintf(k->path, sizeof k->path, "%s", url);
        }
        atomic_fetch_add_explicit(&s->inflight, 1, memory_order_relaxed);
        return begin(s, c, k, url, method);
    }
    if (k->hold)                  /* resumed: the hold is settled */
        return hold_finish(s, c, k);
    if (k->queued) {              /* answered early: drop whatever still comes */
        *upload_size = 0;
        return MHD_YES;
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
/* Copy src into dst (n bytes) with every control byte, space, DEL and
 * non-ASCII byte as '?': a log line is one line of plain text whatever the
 * client sent (no log injection, no terminal escapes). */
static void log_safe(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i < n - 1; i++) {
        unsigned char ch = (unsigned char)src[i];
        dst[i] = ch <= 0x20 || ch >= 0x7f ? '?' : (char)ch;
    }
    dst[i] = '\0';
}

static void access_log_line(struct http_server *s, const struct conn *k)
{
    char path[sizeof k->path], method[sizeof k->method];
    log_safe(path, sizeof path, k->path);
    log_safe(method, sizeof method, k->method);
    /* "guichet: info: http POST /api/v1/ask 200 683 0.091ms 127.0.0.0": put
     * together by hand, a line per request (snprintf, with a float, cost 3%
     * of an answer). */
    uint64_t us = (now_ns() - k->t0 + 500) / 1000;
    /* Room for every piece at its longest: the fixed words, the method, the
     * path, three numbers of up to 20 digits (and put_u64's NUL), the
     * decimals and the address. */
    char line[64 + sizeof k->method + sizeof k->path + 3 * JSONNUM_MAX + sizeof k->ip], *p = line;
    p = put_str(p, log_prefix(LOG_INFO));   /* "<6>" when stderr is the journal */
    p = put_str(p, "http ");
    p = put_str(p, method);
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
    struct http_server *s = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = ci ? ci->socket_context : NULL;
    if (!k)
        return NULL;
    /* A request line: the rest of the request has request_timeout to come
     * (a new connection's first request has it from the opening). */
    if (k->phase != PH_FRESH)
        atomic_store_explicit(&k->deadline, now_ns() + s->request_ns, memory_order_relaxed);
    k->phase = PH_REQUEST;
    buf_reset(&k->query);
    k->query_toobig = false;
    k->query_many = false;
    char *q = uri ? strchr(uri, '?') : NULL;
    if (q && q[1]) {
        if (buf_add(&k->query, q + 1, strlen(q + 1)) != GC_OK)
            k->query_toobig = true;
        size_t params = 1;
        for (const char *p = q + 1; *p; p++)
            params += *p == '&' || *p == ';';
        k->query_many = params > GC_HTTP_QUERY_PARAMS_MAX;
        k->query_toobig = k->query_toobig || k->query_many;
        /* The handlers read the raw query (k->query); libmicrohttpd would
         * split it again into records of the connection's memory pool,
         * and 0.9.75 stalls a request whose parameters do not fit there
         * (no answer until the idle timeout).  Its copy is emptied: uri
         * points into the connection's own, writable, read buffer. */
        q[1] = '\0';
    }
    return NULL;
}

/* The request's counters (util/metrics.h): by route, the registered path
 * (never the path asked: a 404 is "unmatched"), and status code. */
static void count_request(const struct conn *k)
{
    char code[JSONNUM_MAX + 1] = "none";   /* the client went away before an answer */
    if (k->status > 0)
        code[jsonnum_u64((uint64_t)k->status, code)] = '\0';
    const char *route = k->route ? k->route->path : "unmatched";
    metrics_inc(M_HTTP_REQUESTS, route, code);
    metrics_observe_ns(M_HTTP_DURATION, route, now_ns() - k->t0);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct conn *k = *req_cls;
    (void)c;
    if (!k)
        return;
    hold_drop(s, k);              /* the client left while its answer waited */
    k->phase = PH_IDLE;
    atomic_store_explicit(&k->deadline, now_ns() + s->idle_ns, memory_order_relaxed);
    if (s->opts.access_log) {
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !k->queued)
            k->status = 0;        /* the client went away before an answer */
        access_log_line(s, k);
    }
    count_request(k);
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
        proxies_addr16(sa, k->addr);
        k->trusted = proxies_trusted(&s->proxies, k->addr);
        k->counted = true;   /* every connection came through the acceptor's count */
        if (s->opts.access_log) {
            truncated_ip(sa, k->peer_ip, sizeof k->peer_ip);
            memcpy(k->ip, k->peer_ip, sizeof k->ip);
        }
        ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k->fd = ci ? ci->connect_fd : -1;
        k->phase = PH_FRESH;
        atomic_init(&k->deadline, now_ns() + s->request_ns);
        pthread_mutex_lock(&s->reg_mu);
        k->next = s->reg;
        if (s->reg)
            s->reg->prev = k;
        s->reg = k;
        pthread_mutex_unlock(&s->reg_mu);
        *socket_context = k;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct conn *k = *socket_context;
        if (k) {
            /* Before the library closes the socket: once out of the
             * registry, the reaper never touches this descriptor again. */
            pthread_mutex_lock(&s->reg_mu);
            if (k->prev)
                k->prev->next = k->next;
            else
                s->reg = k->next;
            if (k->next)
                k->next->prev = k->prev;
            pthread_mutex_unlock(&s->reg_mu);
            if (k->counted)
                connlimit_give(s->cl, k->addr, k->trusted);
            hold_drop(s, k);
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
 * default soft limit (often 1024) may be below what is asked.  Raise the
 * soft limit towards the hard one, keep some descriptors for the databases
 * and logs, and never promise more than that. */
static unsigned connection_limit(unsigned asked)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)asked + 128;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return asked;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = old;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
        return asked;
    unsigned n = rl.rlim_cur > 128 ? (unsigned)(rl.rlim_cur - 64) : 64;
    log_warn("http: only %u connections at once (open file limit %llu)", n,
             (unsigned long long)rl.rlim_cur);
    return n;
}

/* A connection refused at the door gets a short 503 when its socket takes
 * it at once (never waited for), then is closed. */
static void refuse(int fd)
{
    static const char msg[] =
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Retry-After: 5\r\nConnection: close\r\nContent-Length: 70\r\n\r\n"
        "{\"error\":\"too many connections from your address: retry in a moment\"}";
    (void)send(fd, msg, sizeof msg - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    close(fd);
}

/* Shut down the connections past their deadline (the registry's lock
 * held: their descriptors are still theirs). */
static void reap(struct http_server *s, uint64_t now)
{
    unsigned n = 0;
    pthread_mutex_lock(&s->reg_mu);
    for (struct conn *k = s->reg; k; k = k->next) {
        uint64_t d = atomic_load_explicit(&k->deadline, memory_order_relaxed);
        if (d && d < now && k->fd >= 0) {
            shutdown(k->fd, SHUT_RDWR);
            atomic_store_explicit(&k->deadline, 0, memory_order_relaxed);   /* once */
            n++;
        }
    }
    pthread_mutex_unlock(&s->reg_mu);
    if (n)
        atomic_fetch_add(&s->reaped, n);
}

/* Say, at most every 10 s, what the door refused and closed. */
static void door_log(struct http_server *s, uint64_t now, uint64_t *last, uint64_t *seen_refused,
                     uint64_t *seen_reaped)
{
    if (now - *last < 10000000000ull)
        return;
    *last = now;
    uint64_t r = atomic_load(&s->refused), d = atomic_load(&s->reaped);
    if (r != *seen_refused)
        log_warn("http: %llu connection(s) refused (more than %u open, or %u from one address)",
                 (unsigned long long)(r - *seen_refused), s->opts.max_connections,
                 s->opts.max_per_address);
    if (d != *seen_reaped)
        log_warn("http: %llu connection(s) closed: request not complete within %u s, or idle "
                 "%u s", (unsigned long long)(d - *seen_reaped), s->opts.request_timeout_s,
                 s->opts.idle_timeout_s);
    *seen_refused = r;
    *seen_reaped = d;
}

/* The acceptor thread: waits for connections, admits each under the caps
 * (connlimit.h) and gives it to libmicrohttpd; every GC_HTTP_REAP_MS it
 * closes the connections past their deadline.  http_server_stop wakes it
 * with shutdown() of the listening socket. */
static void *acceptor_main(void *arg)
{
    struct http_server *s = arg;
    bool warned = false;
    uint64_t next_reap = now_ns(), last_log = 0, seen_refused = 0, seen_reaped = 0;
    for (;;) {
        struct pollfd pfd = {.fd = s->listen_fd, .events = POLLIN};
        int pr = poll(&pfd, 1, GC_HTTP_REAP_MS);
        if (atomic_load(&s->draining))
            break;
        uint64_t now = now_ns();
        if (now >= next_reap) {
            reap(s, now);
            door_log(s, now, &last_log, &seen_refused, &seen_reaped);
            next_reap = now + (uint64_t)GC_HTTP_REAP_MS * 1000000ull;
        }
        if (pr <= 0 || !(pfd.revents & (POLLIN | POLLERR | POLLHUP)))
            continue;
        for (int burst = 0; burst < 64; burst++) {
            struct sockaddr_storage ss;
            socklen_t sl = sizeof ss;
            int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &sl,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                    continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    /* Out of descriptors or memory: the connection waits
                     * in the backlog; try again shortly rather than spin. */
                    if (!warned)
                        log_warn("http: accept: %s (connections wait)", strerror(errno));
                    warned = true;
                    struct timespec ts = {0, 10 * 1000 * 1000};
                    nanosleep(&ts, NULL);
                }
                break;   /* EAGAIN: none left; else the next poll tells */
            }
            warned = false;
            if (atomic_load(&s->draining)) {
                close(fd);
                break;
            }
            unsigned char a[16];
            proxies_addr16((struct sockaddr *)&ss, a);
            bool exempt = proxies_trusted(&s->proxies, a);
            if (!connlimit_take(s->cl, a, exempt)) {
                atomic_fetch_add(&s->refused, 1);
                metrics_inc(M_HTTP_DROPPED, "connection_limit", NULL);
                refuse(fd);
                continue;
            }
            /* On failure the library has closed fd itself. */
            if (MHD_add_connection(s->d, fd, (struct sockaddr *)&ss, sl) != MHD_YES) {
                connlimit_give(s->cl, a, exempt);
                metrics_inc(M_HTTP_DROPPED, "library_limit", NULL);
            }
        }
    }
    return NULL;
}

enum gc_rc http_server_start(struct http_server *s, struct gc_err *e)
{
    compute_allow(s);
    unsigned conn_max = connection_limit(s->opts.max_connections);
    s->opts.max_connections = conn_max;
    s->cl = connlimit_new(conn_max, s->opts.max_per_address);
    /* Before the workers exist: they log from their first request on. */
    if (s->opts.access_log)
        s->alog = access_log_new(STDERR_FILENO, GC_ACCESS_LOG_FLUSH_MS);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
                     MHD_USE_TURBO | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET |
                     MHD_ALLOW_SUSPEND_RESUME;   /* holds, http_defer */
    /* The library's limit, per worker, above all we may ever admit (see
     * connlimit.h: reaching it wedges 0.9.75).  Its per-address limit is
     * ours (connlimit), which knows the trusted proxies. */
    unsigned lib_max = (conn_max + 64) * 2 * (s->threads > 1 ? s->threads : 1);
    if (s->family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,   /* first, to catch the others' messages */
        MHD_OPTION_THREAD_POOL_SIZE, s->threads > 1 ? s->threads : 0u,
        MHD_OPTION_CONNECTION_LIMIT, lib_max,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
        MHD_OPTION_CONNECTION_TIMEOUT, s->opts.idle_timeout_s + s->opts.request_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)GC_HTTP_CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_END);
    if (!s->d) {
        access_log_free(s->alog);
        s->alog = NULL;
        connlimit_free(s->cl);
        s->cl = NULL;
        return gc_err_set(e, GC_ERR_IO, "could not start the HTTP server on %s (see above)",
                          s->url);
    }
    /* The acceptor polls the (non-blocking) listening socket. */
    int err = pthread_create(&s->acceptor, NULL, acceptor_main, s);
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
    /* An answer held for its exchange's commit must be sent (or the commit
     * fail) before the library stops: it aborts when a connection is still
     * suspended.  The recorder settles them in milliseconds; if the disk
     * hangs, serve's watchdog ends the process (GC_STOP_MAX_MS). */
    for (int said = 0; atomic_load(&s->suspended) > 0;) {
        if (!said++)
            log_warn("http: waiting for %d answer(s) held for the database",
                     atomic_load(&s->suspended));
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
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
    connlimit_free(s->cl);
    pthread_mutex_destroy(&s->reg_mu);
    free(s);
}
