/* cmd_serve.c — `guichet serve`: the web page, the JSON API and the SMS
 * gateways (when configured) over HTTP until SIGINT or SIGTERM.
 *
 * Order of start-up: settings, database present, socket bound (so a taken
 * port fails in milliseconds, not after the index is built), pipeline
 * opened, workers started.  Signals are blocked before the workers exist, so
 * they all inherit the mask and only the main thread, in sigwait(), ever
 * sees SIGINT/SIGTERM: no async-signal-safety puzzles. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "answer/pipeline.h"
#include "channels/api.h"
#include "channels/assets.h"
#include "channels/http_server.h"
#include "channels/sms_kannel.h"
#include "channels/sms_session.h"
#include "channels/sms_twilio.h"
#include "channels/web.h"
#include "cli/cli.h"
#include "store/messages.h"
#include "util/config.h"
#include "util/log.h"


/* --help prints this, then every setting (config_print_doc); a usage error
 * prints the message and this. */
static const char usage[] =
    "usage: guichet serve --db FILE [--listen ADDR:PORT] [--threads N] [--config FILE]\n"
    "\n"
    "Serve the web page, the JSON API (docs/api.md), the back office at /admin/\n"
    "(docs/admin.md) and, when --kannel-secret or --twilio-token is set, the SMS\n"
    "gateways (docs/sms.md) until SIGINT or SIGTERM.\n"
    "ADDR is an IPv4 address, [IPv6], localhost or * (every interface); port 0\n"
    "picks a free port (the log line 'listening on ...' tells which).\n"
    "\n"
    "  --help          this text and every setting\n"
    "  --help-config   print every setting as Markdown (docs/configuration.md)\n";

static void help_settings(void)
{
    printf("\n"
           "Every setting below is also an option (--NAME VALUE or --NAME=VALUE) and may\n"
           "be set in the file given with --config FILE (the command line wins):\n\n");
    config_print_doc();
}

static enum log_level level_of(const char *s)
{
    if (!strcmp(s, "error"))
        return LOG_ERROR;
    if (!strcmp(s, "warn"))
        return LOG_WARN;
    if (!strcmp(s, "debug"))
        return LOG_DEBUG;
    return LOG_INFO;
}

/* The routes of every channel that is on (kannel and twilio may be NULL).
 * The server's table has a fixed size: a failure means it is too small, a
 * mistake in this program, not in the settings.  Returns 0 or -1 (said). */
static int add_routes(struct http_server *srv, struct api *api, struct web *web,
                      struct admin *admin, struct sms_kannel *kannel, struct sms_twilio *twilio)
{
    if (api_routes(api, srv) || web_routes(web, srv) || admin_routes(admin, srv) ||
        http_server_assets(srv, assets) ||
        (kannel && sms_kannel_routes(kannel, srv)) || (twilio && sms_twilio_routes(twilio, srv))) {
        fprintf(stderr, "guichet serve: too many routes\n");
        return -1;
    }
    return 0;
}

/* After each request, its worker writes queued exchanges when many wait
 * (store/messages.h). */
static void help_messages(void *ctx)
{
    messages_help(ctx);
}

int cmd_serve(int argc, char **argv)
{
    static const char *const local[] = {"help-config", NULL};
    const char *local_val[1] = {NULL};
    const char *pos[1];
    int npos = 0, status = 1;
    struct gc_err e;
    struct config *cfg = config_new();
    struct http_server *srv = NULL;
    struct pipeline *p = NULL;
    struct api *api = NULL;
    struct web *web = NULL;
    struct admin *admin = NULL;
    struct messages *msgs = NULL;
    struct sms_session *sms = NULL;
    struct sms_kannel *kannel = NULL;
    struct sms_twilio *twilio = NULL;
    gc_err_clear(&e);

    status = cli_args(cfg, "serve", usage, argc, argv, local, local_val, pos, 0, &npos);
    if (status >= 0) {
        if (status == 0)
            help_settings();
        goto out;
    }
    status = 1;
    if (local_val[0]) {
        config_print_doc();
        status = 0;
        goto out;
    }
    enum log_level level = level_of(config_get(cfg, "log-level"));
    log_set_level(level);

    const char *db = config_get(cfg, "db");
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "guichet serve: database '%s' not found: create it with "
                        "'guichet import --db %s DIR' (or give --db FILE)\n", db, db);
        goto out;
    }
    long threads = config_int(cfg, "threads");
    long rate = config_int(cfg, "rate-limit");
    long retention = config_int(cfg, "retention-days");
    if (threads < 0 || threads > 1024 || rate < 0 || retention < 1 || retention > 3650) {
        fprintf(stderr, "guichet serve: --threads must be 0..1024, --rate-limit >= 0 and "
                        "--retention-days 1..3650\n");
        status = 2;
        goto out;
    }
    struct http_server_opts opts = {
        .listen = config_get(cfg, "listen"),
        .threads = (unsigned)threads,
        .rate_per_minute = rate,
        .access_log = level >= LOG_INFO,
        .cors_origins = config_get(cfg, "widget-origins"),
    };
    if (http_server_new(&srv, &opts, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }
    if (pipeline_open(&p, cfg, &e)) {
        fprintf(stderr, "guichet serve: %s: %s\n", db, e.msg);
        goto out;
    }
    if (messages_open(&msgs, db, (int)retention, &e)) {
        fprintf(stderr, "guichet serve: cannot record exchanges: %s\n", e.msg);
        goto out;
    }
    api = api_new(p);
    api_set_messages(api, msgs);
    http_server_after(srv, help_messages, msgs);
    web = web_new(api, cfg);
    if (admin_open(&admin, cfg, &e)) {
        fprintf(stderr, "guichet serve: back office: %s\n", e.msg);
        status = e.rc == GC_ERR_INVALID ? 2 : 1;
        goto out;
    }
    admin_set_messages(admin, msgs);
    const char *ksecret = config_get(cfg, "kannel-secret");
    const char *ttoken = config_get(cfg, "twilio-token");
    const char *public_url = config_get(cfg, "public-url");
    if (*ttoken && !*public_url) {
        fprintf(stderr, "guichet serve: --twilio-token needs --public-url, the address Twilio "
                        "calls without the path (e.g. https://guichet.ville.fr): the "
                        "signature covers it\n");
        status = 2;
        goto out;
    }
    if (*ksecret || *ttoken) {
        if (sms_session_open(&sms, api, cfg, &e)) {
            fprintf(stderr, "guichet serve: SMS: %s\n", e.msg);
            goto out;
        }
        if (*ksecret)
            kannel = sms_kannel_new(sms, ksecret);
        if (*ttoken)
            twilio = sms_twilio_new(sms, ttoken, public_url);
    }
    if (add_routes(srv, api, web, admin, kannel, twilio))
        goto out;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a client that hangs up is not our death */

    if (http_server_start(srv, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }
    /* On stdout whatever the log level: scripts and people wait for it. */
    char limit[64];
    if (rate > 0)
        snprintf(limit, sizeof limit, "%ld questions/min per address", rate);
    else
        snprintf(limit, sizeof limit, "off");
    printf("guichet: listening on %s (%u threads, %zu pages, rate limit %s)\n",
           http_server_url(srv), http_server_threads(srv), pipeline_page_count(p), limit);
    fflush(stdout);
    if (sms)
        log_info("SMS gateways:%s%s", kannel ? " /sms/kannel" : "", twilio ? " /sms/twilio" : "");

    int sig = 0;
    sigwait(&set, &sig);
    log_info("%s received: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
    admin_stop(admin);   /* its requests answered before the server stops */
    http_server_stop(srv);
    messages_flush(msgs);   /* writes what is still queued */
    struct messages_counts mc;
    messages_counts(msgs, &mc);
    messages_close(msgs);
    msgs = NULL;
    if (mc.dropped)
        log_warn("%llu exchange(s) could not be recorded (queue full, or see the warnings "
                 "above)", (unsigned long long)mc.dropped);
    log_info("stopped (%llu exchange(s) recorded)", (unsigned long long)mc.written);
    status = 0;
out:
    admin_stop(admin);
    http_server_free(srv);
    admin_close(admin);
    sms_kannel_free(kannel);
    sms_twilio_free(twilio);
    sms_session_close(sms);
    messages_close(msgs);
    web_free(web);
    api_free(api);
    pipeline_close(p);
    config_free(cfg);
    return status;
}
