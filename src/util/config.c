/* config.c — settings table, INI reader and command-line parser. */
#include "util/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/mem.h"

struct setting {
    const char *name;
    const char *def;
    const char *help;
};

/* The one table of settings.  Keep docs/configuration.md in step: it is
 * produced by `guichet serve --help-config`. */
static const struct setting table[] = {
    {"db", "guichet.db", "SQLite database file"},
    {"listen", "127.0.0.1:8080", "address:port the HTTP server listens on"},
    {"threads", "0", "HTTP worker threads (0 = one per core)"},
    {"town-name", "la commune",
     "name of the town, used in answers, pages and the first SMS (at most 64 bytes)"},
    {"contact", "l'accueil de la mairie",
     "who to contact when the assistant cannot answer (shown in refusals)"},
    {"min-confidence", "0.30", "answers below this confidence (0..1) become refusals"},
    {"max-sentences", "3", "sentences in an extractive answer (1..3)"},
    {"lexicon", "/usr/share/dict/french",
     "French word list (package wfrench): its words are never taken for typos (empty = none)"},
    {"public-url", "",
     "public base URL of this server (behind a reverse proxy); the Twilio signature covers it"},
    {"rate-limit", "30", "questions per minute allowed from one IP address (0 = no limit)"},
    {"retention-days", "90", "days conversations are kept before being deleted (1..3650)"},
    {"widget-origins", "",
     "origins allowed to call the API from a browser (the widget): comma list of "
     "https://host[:port], or * for any (empty = same origin only)"},
    {"log-level", "info", "error, warn, info or debug"},
    {"kannel-secret", "",
     "shared secret Kannel sends as secret=... (empty = /sms/kannel off; docs/sms.md)"},
    {"twilio-token", "",
     "Twilio auth token used to verify X-Twilio-Signature (empty = /sms/twilio off; needs "
     "public-url)"},
    {"sms-key-file", "",
     "file holding the key that pseudonymises phone numbers, created (mode 600) if missing "
     "(empty = the database path + .sms-key)"},
    {"sms-rate-per-hour", "20", "SMS answered per number per clock hour (0 = no limit)"},
    {"sms-daily-cap", "2000", "SMS answered per day in all (0 = no limit)"},
    {"sms-max-parts", "2", "SMS parts a reply may use before SUITE (1..10)"},
    {"llm-url", "", "OpenAI-compatible base URL of the default model server (empty = extractive)"},
    {"llm-model", "", "model name sent to the model server"},
    {"llm-key-file", "", "file holding the API key of the model server"},
    {"llm-key-env", "", "else, environment variable holding that key (never stored in the database)"},
    {"llm-temperature", "0", "sampling temperature sent to the model server"},
    {"llm-max-tokens", "300", "maximum tokens of a generated answer"},
    {"llm-timeout-ms", "8000", "total time allowed to the model server per answer"},
    {"llm-stream", "1", "ask the model server for a stream (1) or one JSON answer (0)"},
    {"llm-backend", "", "name of a [backend NAME] section answering by default (empty = llm-url)"},
    {"wh-per-token", "0.0003", "estimated energy per generated token (Wh), for reports"},
    {"timezone", "Europe/Paris", "time zone of the town: opening hours and events are in its local time"},
    {"now", "", "fixed current time \"YYYY-MM-DD HH:MM\" (local) for tests and demos (empty = real time)"},
    {"agenda-url", "", "URL of the town's agenda page, cited when no event matches a question"},
    {"content-dir", "",
     "the town's content folder (pages, facilities, agenda, town.ini and its word lists): "
     "what 'guichet import --config FILE' imports when no folder is given"},
    {"data-dir", "",
     "folder of the language data (its fr/ holds the French word lists; empty = the folder "
     "fixed at build time: the source tree's data/, or /usr/share/guichet when packaged)"},
    {"overdue-grace-days", "-1",
     "a validated page past its review_by date: served with a warning (-1), or no longer "
     "served N days after that date (0 = from the next day; docs/content.md)"},
    {"reload-poll-ms", "1000",
     "guichet serve checks the database's content version and the date this often and "
     "serves what changed (0 = only on SIGHUP; docs/content.md)"},
    {"exchanges-db", "",
     "SQLite file of the residents' exchanges (empty = the db path with -exchanges.db "
     "for .db, e.g. town-exchanges.db; docs/security.md)"},
    {"feedback-key-file", "",
     "file holding the key of the feedback tokens, created (mode 600) if missing (empty = the "
     "database path + .feedback-key)"},
    {"file-mode", "600",
     "mode of every file guichet creates (databases, keys): 600, or 640 for a group"},
    {"exchanges-synchronous", "normal",
     "SQLite synchronous of the exchanges file: normal (an exchange survives a crash of the "
     "process) or full (also a power cut, one fsync per commit; docs/security.md)"},
    {"max-connections", "4096", "HTTP connections held at once, in all (more are refused)"},
    {"max-connections-per-address", "128",
     "HTTP connections held at once from one address (IPv6: one /64); trusted proxies are "
     "capped only in total"},
    {"request-timeout", "15",
     "seconds a request's headers and body may take to come (then the connection is closed)"},
    {"idle-timeout", "30", "seconds a kept-alive connection may wait for its next request"},
    {"trusted-proxies", "",
     "addresses or CIDR blocks of reverse proxies whose X-Forwarded-For / Forwarded is "
     "believed for rate limits (comma list; empty = none)"},
    {"metrics-allow", "",
     "addresses or CIDR blocks (comma list) allowed to read GET /metrics besides loopback, "
     "judged on the connection's address (empty = loopback only)"},
    {"low-confidence", "0.45",
     "answers given under this confidence (but over min-confidence) are listed as low confidence "
     "in the back office's questions loop"},
    {"admin-idle-minutes", "30", "a back-office session ends after this idle time (5..1440)"},
    {"admin-session-hours", "10", "a back-office session ends this long after login (1..168)"},
    {"service-codes", "",
     "short codes of the services in reports: 'Name=CODE; Name=CODE' (a service without one is "
     "given a slug of its name)"},
    {"sms-part-cost", "0.05", "estimated cost of one SMS part sent, in euros, for reports"},
};
#define NSET (sizeof table / sizeof table[0])

/* Settings whose value has a length cap of its own, in bytes. */
static const struct {
    const char *name;
    size_t max;
} caps[] = {
    {"town-name", GC_TOWN_NAME_MAX},   /* the SMS disclosure names the town */
};

struct kv {
    char *key;
    char *val;
};

struct config {
    char *val[NSET];   /* NULL = default */
    struct kv *extra;  /* backend.NAME.key */
    int nextra;
    char **backends;
    int nbackends;
};

static int find(const char *name)
{
    for (size_t i = 0; i < NSET; i++)
        if (!strcmp(table[i].name, name))
            return (int)i;
    return -1;
}

bool config_known(const char *name)
{
    return find(name) >= 0;
}

struct config *config_new(void)
{
    return xcalloc(1, sizeof(struct config));
}

void config_free(struct config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NSET; i++)
        free(c->val[i]);
    for (int i = 0; i < c->nextra; i++) {
        free(c->extra[i].key);
        free(c->extra[i].val);
    }
    free(c->extra);
    for (int i = 0; i < c->nbackends; i++)
        free(c->backends[i]);
    free(c->backends);
    free(c);
}

struct config *config_dup(const struct config *c)
{
    struct config *d = config_new();
    for (size_t i = 0; i < NSET; i++)
        d->val[i] = c->val[i] ? xstrdup(c->val[i]) : NULL;
    if (c->nextra) {
        d->extra = xcalloc((size_t)c->nextra, sizeof *d->extra);
        for (int i = 0; i < c->nextra; i++)
            d->extra[i] = (struct kv){xstrdup(c->extra[i].key), xstrdup(c->extra[i].val)};
        d->nextra = c->nextra;
    }
    if (c->nbackends) {
        d->backends = xcalloc((size_t)c->nbackends, sizeof *d->backends);
        for (int i = 0; i < c->nbackends; i++)
            d->backends[i] = xstrdup(c->backends[i]);
        d->nbackends = c->nbackends;
    }
    return d;
}

enum gc_rc config_set(struct config *c, const char *name, const char *value, struct gc_err *e)
{
    int i = find(name);
    if (i < 0)
        return gc_err_set(e, GC_ERR_INVALID, "unknown setting '%s'", name);
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++)
        if (!strcmp(caps[k].name, name) && strlen(value) > caps[k].max)
            return gc_err_set(e, GC_ERR_TOOBIG, "setting '%s' is longer than %zu bytes", name,
                              caps[k].max);
    free(c->val[i]);
    c->val[i] = xstrdup(value);
    return GC_OK;
}

const char *config_get(const struct config *c, const char *name)
{
    int i = find(name);
    if (i < 0)
        return "";
    return c && c->val[i] ? c->val[i] : table[i].def;
}

bool config_is_set(const struct config *c, const char *name)
{
    int i = find(name);
    return i >= 0 && c && c->val[i];
}

long config_int(const struct config *c, const char *name)
{
    return strtol(config_get(c, name), NULL, 10);
}

double config_double(const struct config *c, const char *name)
{
    return strtod(config_get(c, name), NULL);
}

bool config_bool(const struct config *c, const char *name)
{
    const char *v = config_get(c, name);
    return !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on");
}

static void add_backend(struct config *c, const char *name)
{
    for (int i = 0; i < c->nbackends; i++)
        if (!strcmp(c->backends[i], name))
            return;
    c->backends = xreallocarray(c->backends, (size_t)c->nbackends + 1, sizeof(char *));
    c->backends[c->nbackends++] = xstrdup(name);
}

static void set_extra(struct config *c, const char *key, const char *val)
{
    for (int i = 0; i < c->nextra; i++)
        if (!strcmp(c->extra[i].key, key)) {
            free(c->extra[i].val);
            c->extra[i].val = xstrdup(val);
            return;
        }
    c->extra = xreallocarray(c->extra, (size_t)c->nextra + 1, sizeof(struct kv));
    c->extra[c->nextra].key = xstrdup(key);
    c->extra[c->nextra].val = xstrdup(val);
    c->nextra++;
}

const char *config_backend_name(const struct config *c, int i)
{
    return i >= 0 && i < c->nbackends ? c->backends[i] : NULL;
}

const char *config_backend_get(const struct config *c, const char *backend, const char *key)
{
    char k[256];
    snprintf(k, sizeof k, "backend.%s.%s", backend, key);
    for (int i = 0; i < c->nextra; i++)
        if (!strcmp(c->extra[i].key, k))
            return c->extra[i].val;
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

enum gc_rc config_load_file(struct config *c, const char *path, struct gc_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    enum gc_rc rc = GC_OK;
    char line[4096], backend[128] = "";
    int lineno = 0;
    long total = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t ll = strlen(line);
        total += (long)ll;
        /* A line fgets had to cut would be read as two (value truncated). */
        if (ll == sizeof line - 1 && line[ll - 1] != '\n' && getc(f) != EOF) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s:%d: line longer than %zu bytes", path, lineno,
                            sizeof line - 2);
            break;
        }
        if (total > GC_CONFIG_FILE_MAX) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %d bytes", path, GC_CONFIG_FILE_MAX);
            break;
        }
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%d: unclosed section header", path, lineno);
                break;
            }
            *end = '\0';
            char *sec = trim(s + 1);
            backend[0] = '\0';
            /* "[backend]" without a name is an error too, not a plain section. */
            if (!strncmp(sec, "backend", 7) && (!sec[7] || sec[7] == ' ' || sec[7] == '.')) {
                char *name = sec[7] ? trim(sec + 8) : sec + 7;
                if (!*name || strlen(name) >= sizeof backend) {
                    rc = gc_err_set(e, GC_ERR_PARSE, "%s:%d: backend section needs a name", path, lineno);
                    break;
                }
                snprintf(backend, sizeof backend, "%s", name);
                add_backend(c, backend);
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = gc_err_set(e, GC_ERR_PARSE, "%s:%d: expected 'key = value'", path, lineno);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
            val[vl - 1] = '\0';
            val++;
        }
        if (backend[0]) {
            char k[300];
            snprintf(k, sizeof k, "backend.%s.%s", backend, key);
            set_extra(c, k, val);
        } else {
            struct gc_err se;
            rc = config_set(c, key, val, &se);
            if (rc) {
                gc_err_set(e, rc, "%s:%d: %s", path, lineno, se.msg);
                break;
            }
        }
    }
    fclose(f);
    return rc;
}

void config_print_doc(void)
{
    printf("| setting | default | meaning |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < NSET; i++)
        printf("| `%s` | `%s` | %s |\n", table[i].name, table[i].def, table[i].help);
}

/* Is `name` one of the local options?  Returns its index, and whether it
 * takes a value. */
static int find_local(const char *const *local, const char *name, size_t namelen, bool *takes)
{
    for (int i = 0; local && local[i]; i++) {
        size_t n = strlen(local[i]);
        bool t = n && local[i][n - 1] == '=';
        if (t)
            n--;
        if (n == namelen && !strncmp(local[i], name, n)) {
            *takes = t;
            return i;
        }
    }
    return -1;
}

enum gc_rc config_parse_args(struct config *c, int argc, char **argv, const char *const *local,
                             const char **local_val, const char **pos, int npos_max, int *npos,
                             bool *help, struct gc_err *e)
{
    *npos = 0;
    *help = false;
    /* --config first, so that the command line wins over the file. */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--config")) {
            if (i + 1 >= argc)
                return gc_err_set(e, GC_ERR_INVALID, "--config needs a file");
            enum gc_rc rc = config_load_file(c, argv[i + 1], e);
            if (rc)
                return rc;
            i++;
        } else if (!strncmp(argv[i], "--config=", 9)) {
            enum gc_rc rc = config_load_file(c, argv[i] + 9, e);
            if (rc)
                return rc;
        }
    }
    bool rest = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (rest || a[0] != '-' || !a[1]) {
            if (*npos >= npos_max)
                return gc_err_set(e, GC_ERR_INVALID, "too many arguments (at '%s')", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            rest = true;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            *help = true;
            continue;
        }
        if (a[1] != '-')
            return gc_err_set(e, GC_ERR_INVALID, "unknown option '%s'", a);
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        if (nl == 6 && !strncmp(name, "config", 6)) {
            if (!eq)
                i++;
            continue;
        }
        bool takes = false;
        int li = find_local(local, name, nl, &takes);
        const char *val = NULL;
        if (li >= 0 && !takes) {
            if (eq)
                return gc_err_set(e, GC_ERR_INVALID, "option '--%.*s' takes no value", (int)nl, name);
            local_val[li] = "1";
            continue;
        }
        char key[64];
        if (li < 0) {
            /* Unknown before missing: "--colour" alone is not a setting that needs a value. */
            if (nl >= sizeof key)
                return gc_err_set(e, GC_ERR_INVALID, "unknown option '%s'", a);
            memcpy(key, name, nl);
            key[nl] = '\0';
            if (!config_known(key))
                return gc_err_set(e, GC_ERR_INVALID, "unknown option '--%s' (see --help)", key);
        }
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return gc_err_set(e, GC_ERR_INVALID, "option '--%.*s' needs a value", (int)nl, name);
        if (li >= 0) {
            local_val[li] = val;
            continue;
        }
        struct gc_err se;
        enum gc_rc rc = config_set(c, key, val, &se);
        if (rc)
            return gc_err_set(e, rc, "option '--%s': %s", key, se.msg);
    }
    return GC_OK;
}
