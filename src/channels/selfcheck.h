/* selfcheck.h — does the server still answer?  The watchdog's question.
 *
 * `guichet serve` under systemd (WatchdogSec=) pings the watchdog only
 * after GET /api/v1/health, asked of its own listening address over
 * loopback, came back 200: a server whose workers are all stuck (a
 * deadlock, a lock held across a hung call) then stops pinging and systemd
 * restarts it, which a ping from the idle main thread alone would never
 * tell.  The probe is an ordinary request: it shows in the access log and
 * in the metrics, one every half watchdog period. */
#ifndef GC_CHANNELS_SELFCHECK_H
#define GC_CHANNELS_SELFCHECK_H

#include <stdbool.h>

/* GET base_url + "/api/v1/health" (base_url as http_server_url() gives it,
 * "http://0.0.0.0:PORT" or "http://[::]:PORT" asked on loopback instead),
 * within timeout_ms.  True when the answer is 200. */
bool selfcheck_health(const char *base_url, long timeout_ms);

#endif
