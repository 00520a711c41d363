/* selfcheck.c — GET /api/v1/health of our own server, with libcurl.
 * See selfcheck.h. */
#include "channels/selfcheck.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The body is not read: only the status counts. */
static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p;
    (void)ctx;
    return size * n;
}

bool selfcheck_health(const char *base_url, long timeout_ms)
{
    char url[128];
    const char *host_end = NULL;
    /* Every interface: ask on loopback. */
    if (!strncmp(base_url, "http://0.0.0.0:", 15))
        host_end = base_url + 14;
    if (host_end)
        snprintf(url, sizeof url, "http://127.0.0.1%s/api/v1/health", host_end);
    else if (!strncmp(base_url, "http://[::]:", 12))
        snprintf(url, sizeof url, "http://[::1]%s/api/v1/health", base_url + 11);
    else
        snprintf(url, sizeof url, "%s/api/v1/health", base_url);
    pthread_once(&once, init_once);
    CURL *h = curl_easy_init();
    if (!h)
        return false;
    long status = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 1000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");   /* an http_proxy in the environment is not for us */
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "guichet-watchdog");
    bool ok = curl_easy_perform(h) == CURLE_OK &&
              curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200;
    curl_easy_cleanup(h);
    return ok;
}
