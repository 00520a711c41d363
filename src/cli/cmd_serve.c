/* cmd_serve.c — `guichet serve`: the web page, the JSON API and the SMS
 * gateways (when configured) over HTTP until SIGINT or SIGTERM.
 *
 * Order of start-up: settings, database present, the exchanges file locked
 * (one server per database) and the exchanges of an older database moved
 * into it, socket bound (so a taken port fails in milliseconds, not after
 * the index is built), pipeline opened, workers started.  Signals are
 * blocked before the workers exist, so they all inherit the mask and only
 * the main thread, in sigwait(), ever sees SIGINT, SIGTERM or SIGHUP: no
 * async-signal-safety puzzles.  SIGHUP reloads the content and the live
 * settings (serve_reload, pipeline_reload: docs/content.md) and never stops
 * the server; SIGTERM lets requests in flight finish, and a watchdog ends
 * the process GC_STOP_MAX_MS after it whatever clients do. */
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "answer/pipeline.h"
#include "channels/api.h"
#include "channels/assets.h"
#include "channels/http_server.h"
#include "channels/monitor.h"
#include "channels/selfcheck.h"
#include "channels/sms_kannel.h"
#include "channels/sms_session.h"
#include "channels/sms_twilio.h"
#include "channels/fbtoken.h"
#include "channels/web.h"
#include "cli/cli.h"
#include "store/exchanges.h"
#include "store/messages.h"
#include "util/config.h"
#include "util/keyfile.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/systemd.h"


/* --help prints this, then every setting (config_print_doc); a usage error
 * prints the message and this. */
static const char usage[] =
    "usage: guichet serve --db FILE [--listen ADDR:PORT] [--threads N] [--config FILE]\n"
    "\n"
    "Serve the web page, the JSON API (docs/api.md), the back office at /admin/\n"
    "(docs/admin.md) and, when --kannel-secret or --twilio-token is set, the SMS\n"
    "gateways (docs/sms.md) until SIGINT or SIGTERM.\n"
    "What the database holds is served within a second of a change (guichet import,\n"
    "guichet withdraw, the back office), without a restart; SIGHUP reloads at once\n"
    "and reads the live settings again (docs/content.md), and never stops the\n"
    "server.  The residents' exchanges go to their own file (--exchanges-db, default\n"
    "DB-exchanges.db); one server per database (docs/security.md).\n"
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
                      struct monitor *mon, struct admin *admin, struct sms_kannel *kannel,
                      struct sms_twilio *twilio)
{
    if (api_routes(api, srv) || web_routes(web, srv) || admin_routes(admin, srv) ||
        http_server_assets(srv, assets) || monitor_routes(mon, srv) ||
        (kannel && sms_kannel_routes(kannel, srv)) || (twilio && sms_twilio_routes(twilio, srv))) {
        fprintf(stderr, "guichet serve: too many routes\n");
        return -1;
    }
    return 0;
}

/* The command line, kept to read the settings again on SIGHUP: the
 * --config file as it is now, then the command line over it. */
struct args {
    int argc;
    char **argv;
};

static struct config *reread_settings(void *ctx, struct gc_err *e)
{
    static const char *const local[] = {"help-config", NULL};
    const struct args *a = ctx;
    const char *lv[1] = {NULL};
    const char *pos[1];
    int npos = 0;
    bool help = false;
    struct config *c = config_new();
    if (config_parse_args(c, a->argc, a->argv, local, lv, pos, 0, &npos, &help, e)) {
        config_free(c);
        return NULL;
    }
    return c;
}

/* After each request, its worker writes queued exchanges when many wait
 * (store/messages.h). */
static void help_messages(void *ctx)
{
    messages_help(ctx);
}

/* What SIGHUP reloads. */
struct serve_live {
    struct pipeline *p;
    const struct config *cfg;
};

/* SIGHUP: reload what can change while serving: the content, the town's
 * words and the live settings (pipeline_reload: docs/content.md).  Never
 * stops the server; a failed reload keeps the generation served. */
static void serve_reload(struct serve_live *live)
{
    struct gc_err e = {0};
    log_info("SIGHUP received: reloading the content and the live settings");
    if (pipeline_reload(live->p, &e))
        log_error("reload: %s", e.msg);
}

/* SIGTERM's watchdog: the process is gone GC_STOP_MAX_MS after the signal,
 * whatever clients do (an exchange acknowledged is committed already: what
 * is lost is only what nobody was told about). */
static void *watchdog_main(void *arg)
{
    (void)arg;
    struct timespec ts = {GC_STOP_MAX_MS / 1000, (long)(GC_STOP_MAX_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    log_error("stopping took more than %d ms: exiting now", GC_STOP_MAX_MS);
    _exit(1);
    return NULL;
}

/* A setting that must be a whole number in [min, max]. */
static bool uint_setting(const struct config *cfg, const char *name, long min, long max,
                         unsigned *out)
{
    const char *v = config_get(cfg, name);
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max) {
        fprintf(stderr, "guichet serve: --%s must be a whole number from %ld to %ld (got '%s')\n",
                name, min, max, v);
        return false;
    }
    *out = (unsigned)n;
    return true;
}

/* Wait for SIGINT or SIGTERM and return it.  Meanwhile: under a systemd
 * watchdog, ping it every half period while the server answers its own
 * health check (channels/selfcheck.h); on SIGHUP (systemctl reload), reload
 * (serve_reload), tell systemd and go on serving. */
static int wait_signal(const sigset_t *set, struct http_server *srv, struct serve_live *live)
{
    long wd = systemd_watchdog_ms();
    for (;;) {
        int sig;
        if (wd > 0) {
            struct timespec ts = {wd / 1000, (wd % 1000) * 1000000L};
            sig = sigtimedwait(set, NULL, &ts);
            if (sig < 0) {   /* EAGAIN: the period is over (or EINTR) */
                if (selfcheck_health(http_server_url(srv), wd))
                    systemd_watchdog();
                else
                    log_warn("watchdog: the server did not answer its health check");
                continue;
            }
        } else if (sigwait(set, &sig) != 0) {
            continue;
        }
        if (sig != SIGHUP)
            return sig;
        systemd_reloading();
        serve_reload(live);
        systemd_ready("serving");
    }
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
    struct monitor *mon = NULL;
    struct sms_session *sms = NULL;
    struct sms_kannel *kannel = NULL;
    struct sms_twilio *twilio = NULL;
    int lock_fd = -1;
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
    /* Before any thread exists (the recorder's start with messages_open):
     * a thread that does not block them would take SIGTERM or SIGHUP while
     * the main thread is not in sigwait(), and die of it. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a client that hangs up is not our death */

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
        .trusted_proxies = config_get(cfg, "trusted-proxies"),
    };
    const char *sync = config_get(cfg, "exchanges-synchronous");
    if (!uint_setting(cfg, "max-connections", 16, 1000000, &opts.max_connections) ||
        !uint_setting(cfg, "max-connections-per-address", 1, 1000000, &opts.max_per_address) ||
        !uint_setting(cfg, "request-timeout", 1, 3600, &opts.request_timeout_s) ||
        !uint_setting(cfg, "idle-timeout", 1, 3600, &opts.idle_timeout_s) ||
        (strcmp(sync, "normal") && strcmp(sync, "full") &&
         fprintf(stderr, "guichet serve: --exchanges-synchronous must be normal or full\n"))) {
        status = 2;
        goto out;
    }
    /* One server per exchanges file, and the exchanges of a database made
     * before they had a file of their own moved into it, before anything
     * else opens it. */
    char xpath[EXCHANGES_PATH_MAX], fbpath[EXCHANGES_PATH_MAX];
    unsigned char fbkey[FBTOKEN_KEY_LEN];
    if (exchanges_path(cfg, xpath, sizeof xpath, &e) ||
        store_key_path(cfg, "feedback-key-file", ".feedback-key", fbpath, sizeof fbpath, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        status = 2;
        goto out;
    }
    if (http_server_new(&srv, &opts, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }
    if (exchanges_lock(xpath, db, &lock_fd, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }
    if (exchanges_migrate(db, xpath, NULL, &e)) {
        fprintf(stderr, "guichet serve: cannot move the exchanges to %s: %s\n", xpath, e.msg);
        goto out;
    }
    if (keyfile_load(fbpath, "feedback token key", db, fbkey, sizeof fbkey, &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }
    if (pipeline_open(&p, cfg, &e)) {
        fprintf(stderr, "guichet serve: %s: %s\n", db, e.msg);
        goto out;
    }
    struct args args = {argc, argv};
    pipeline_settings_source(p, reread_settings, &args);
    if (messages_open(&msgs, xpath, (int)retention, &e)) {
        fprintf(stderr, "guichet serve: cannot record exchanges: %s\n", e.msg);
        goto out;
    }
    messages_set_synchronous(msgs, !strcmp(sync, "full"));
    api = api_new(p);
    api_set_messages(api, msgs);
    api_set_feedback_key(api, fbkey);
    sodium_memzero(fbkey, sizeof fbkey);
    http_server_after(srv, help_messages, msgs);
    /* The settings with the town's words (town.ini) over them. */
    web = web_new(api, pipeline_config(p));
    if (monitor_new(&mon, api, config_get(cfg, "metrics-allow"), &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        status = 2;
        goto out;
    }
    if (admin_open(&admin, pipeline_config(p), xpath, &e)) {
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
        if (sms_session_open(&sms, api, pipeline_config(p), &e)) {
            fprintf(stderr, "guichet serve: SMS: %s\n", e.msg);
            goto out;
        }
        if (*ksecret)
            kannel = sms_kannel_new(sms, ksecret);
        if (*ttoken)
            twilio = sms_twilio_new(sms, ttoken, public_url);
    }
    if (add_routes(srv, api, web, mon, admin, kannel, twilio))
        goto out;

    /* After the mask: the watcher thread inherits it. */
    if (pipeline_watch(p, config_int(cfg, "reload-poll-ms"), &e)) {
        fprintf(stderr, "guichet serve: %s\n", e.msg);
        goto out;
    }

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

    char ready[160];
    snprintf(ready, sizeof ready, "serving %zu pages on %s", pipeline_page_count(p),
             http_server_url(srv));
    systemd_ready(ready);
    struct serve_live live = {p, cfg};
    int sig = wait_signal(&set, srv, &live);
    log_info("%s received: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
    systemd_stopping();
    pthread_t dog;
    if (pthread_create(&dog, NULL, watchdog_main, NULL) == 0)
        pthread_detach(dog);
    admin_stop(admin);   /* its deferred requests answered before the server stops */
    http_server_stop(srv);
    messages_flush(msgs);   /* writes what is still queued */
    struct messages_counts mc;
    messages_counts(msgs, &mc);
    messages_close(msgs);
    msgs = NULL;
    if (mc.dropped)
        log_warn("%llu exchange(s) could not be recorded (queue full, or see the warnings "
                 "above)", (unsigned long long)mc.dropped);
    log_info("stopped (%llu exchange(s) recorded in %llu commit(s))",
             (unsigned long long)mc.written, (unsigned long long)mc.commits);
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
    monitor_free(mon);
    api_free(api);
    pipeline_close(p);
    exchanges_unlock(lock_fd);
    config_free(cfg);
    return status;
}
