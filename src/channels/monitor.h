/* monitor.h — GET /metrics: the counters of util/metrics.h and the gauges
 * read at scrape time, in the Prometheus text format, for the town's
 * Prometheus only.
 *
 * Who may read them is judged on the connection's own address (what the
 * kernel says: http_request.peer), never on a header: loopback, and the
 * addresses and blocks of the setting metrics-allow.  A request that
 * carries X-Forwarded-For, X-Real-IP or Forwarded came through a proxy,
 * whose address is loopback too: it is refused whatever its address, so
 * that a proxy configured to pass /metrics along by mistake still does not
 * publish them (docs/deploy.md: nginx does not proxy /metrics).  Refusals
 * are 403 with a JSON error. */
#ifndef GC_CHANNELS_MONITOR_H
#define GC_CHANNELS_MONITOR_H

#include <stdbool.h>

#include "channels/api.h"
#include "channels/http_server.h"
#include "util/err.h"

struct monitor;

/* The monitor of api's pipeline and recorder (api must outlive it; NULL:
 * the counters only), for
 * the addresses of `allow` (metrics-allow: addrlist.h syntax) besides
 * loopback.  Errors: addrlist_parse()'s, prefixed with the setting's name. */
enum gc_rc monitor_new(struct monitor **out, struct api *api, const char *allow,
                       struct gc_err *e);
void monitor_free(struct monitor *m);   /* accepts NULL */

/* GET /metrics on s. */
enum gc_rc monitor_routes(struct monitor *m, struct http_server *s);

/* May this request read the metrics?  (Exposed for tests.) */
bool monitor_allowed(const struct monitor *m, const struct http_request *rq);
void monitor_handle(void *ctx, const struct http_request *rq, struct http_response *rs);

#endif
