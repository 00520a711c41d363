/* monitor.c — GET /metrics (monitor.h). */
#include "channels/monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/messages.h"
#include "util/addrlist.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/metrics.h"
#include "version.h"

#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define METRICS_BODY_MAX (4 * 1024 * 1024)   /* far more than 1,536 series can need */

struct monitor {
    struct api *api;
    struct addrlist allow;
    time_t started;
};

enum gc_rc monitor_new(struct monitor **out, struct api *api, const char *allow,
                       struct gc_err *e)
{
    struct gc_err pe = {0};
    struct monitor *m = xcalloc(1, sizeof *m);
    *out = NULL;
    enum gc_rc rc = addrlist_parse(allow, &m->allow, &pe);
    if (rc) {
        free(m);
        return gc_err_set(e, rc, "metrics-allow: %s", pe.msg);
    }
    m->api = api;
    m->started = time(NULL);
    /* Series that alerts and rates start from, exported at 0. */
    metrics_touch(M_RELOADS, "ok", NULL);
    metrics_touch(M_RELOADS, "failed", NULL);
    metrics_touch(M_HTTP_DROPPED, "connection_limit", NULL);
    *out = m;
    return GC_OK;
}

void monitor_free(struct monitor *m)
{
    free(m);
}

bool monitor_allowed(const struct monitor *m, const struct http_request *rq)
{
    static const char *const forwarded[] = {"X-Forwarded-For", "X-Real-IP", "Forwarded"};
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        if (http_request_header(rq, forwarded[i]))
            return false;
    return addrlist_is_loopback(rq->peer) || addrlist_match(&m->allow, rq->peer);
}

void monitor_handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct monitor *m = ctx;
    if (!monitor_allowed(m, rq)) {
        http_error(rs, 403, "metrics are served to loopback and the addresses of "
                            "metrics-allow only, never through a proxy");
        return;
    }
    struct buf b;
    buf_init(&b, METRICS_BODY_MAX);
    buf_printf(&b, "# HELP guichet_build_info The version of guichet serving.\n"
                   "# TYPE guichet_build_info gauge\nguichet_build_info{version=\"%s\"} 1\n",
               GC_VERSION);
    metrics_render_value(&b, "guichet_start_time_seconds", "gauge",
                         "When the server started, in seconds since the Unix epoch.",
                         (double)m->started);
    struct pipeline *p = m->api ? api_pipeline(m->api) : NULL;
    if (p) {
        metrics_render_value(&b, "guichet_pages", "gauge", "Validated pages answering.",
                             (double)pipeline_page_count(p));
        metrics_render_value(&b, "guichet_passages", "gauge", "Passages of those pages indexed.",
                             (double)pipeline_passage_count(p));
        struct gc_energy en = {0};
        pipeline_energy(p, &en);
        metrics_render_value(&b, "guichet_energy_wh_total", "counter",
                             "Estimated energy of the answers given, in watt-hours.", en.wh);
    }
    struct messages *msgs = m->api ? api_messages(m->api) : NULL;
    if (msgs) {
        struct messages_counts mc;
        messages_counts(msgs, &mc);
        uint64_t done = mc.written + mc.dropped;
        metrics_render_value(&b, "guichet_recorder_queue_length", "gauge",
                             "Exchanges waiting to be written to the database.",
                             (double)(mc.recorded > done ? mc.recorded - done : 0));
        metrics_render_value(&b, "guichet_exchanges_recorded_total", "counter",
                             "Exchanges queued for the database.", (double)mc.recorded);
        metrics_render_value(&b, "guichet_exchanges_written_total", "counter",
                             "Exchanges written to the database.", (double)mc.written);
        metrics_render_value(&b, "guichet_exchanges_dropped_total", "counter",
                             "Exchanges dropped (queue full, or a failed write).",
                             (double)mc.dropped);
        metrics_render_value(&b, "guichet_exchanges_purged_total", "counter",
                             "Exchanges deleted by the retention period.", (double)mc.purged);
    }
    metrics_render(&b);
    if (!b.len) {
        buf_free(&b);
        http_error(rs, 500, "metrics too large");
        return;
    }
    rs->status = 200;
    rs->body_len = b.len;
    rs->body = buf_steal(&b);
    rs->body_owned = true;
    rs->content_type = METRICS_TYPE;
}

enum gc_rc monitor_routes(struct monitor *m, struct http_server *s)
{
    return http_server_route(s, "GET", "/metrics", 0, monitor_handle, m);
}
