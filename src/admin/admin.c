/* admin.c — the back office: requests handed to its thread, sessions,
 * CSRF and origin checks, the page frame, signing in and out, one's
 * password, the dashboard (see admin.h).  The other pages are in
 * admin_pages.c.
 *
 * Accessibility (WCAG 2.1 AA / RGAA 4), as the residents' page: one <h1>,
 * landmarks, a skip link, labels on every field, errors tied to their field
 * and announced (role="alert"), tables in regions that scroll on their own
 * and take the keyboard's focus, nothing said by colour alone. */
#define _GNU_SOURCE   /* strptime, timegm */
#include "admin/admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/audit.h"
#include "store/exchanges.h"
#include "util/log.h"
#include "util/mem.h"
#include "version.h"

#define COOKIE "guichet_admin"
#define ESC(b, s) html_esc((b), (s))
#define ADD(b, s) buf_adds((b), (s))

static void page_home(struct areq *r);
static void page_login(struct areq *r);
static void post_login(struct areq *r);
static void post_logout(struct areq *r);
static void page_password(struct areq *r);
static void post_password(struct areq *r);
static void post_home(struct areq *r);

static const struct aroute routes[] = {
    {"GET", "/admin/login", ACC_PUBLIC, page_login, NULL},
    {"POST", "/admin/login", ACC_PUBLIC, post_login, NULL},
    {"POST", "/admin/logout", ACC_STAFF, post_logout, NULL},
    {"GET", "/admin/", ACC_STAFF, page_home, "/admin/"},
    {"POST", "/admin/", ACC_STAFF, post_home, NULL},
    {"GET", "/admin/pages", ACC_STAFF, page_pages, "/admin/pages"},
    {"GET", "/admin/page", ACC_STAFF, page_page, "/admin/pages"},
    {"GET", "/admin/edit", ACC_STAFF, page_edit, "/admin/pages"},
    {"POST", "/admin/edit", ACC_STAFF, post_edit, "/admin/pages"},
    {"GET", "/admin/new", ACC_STAFF, page_new, "/admin/pages"},
    {"POST", "/admin/new", ACC_STAFF, post_new, "/admin/pages"},
    {"POST", "/admin/page/submit", ACC_STAFF, post_page_submit, "/admin/pages"},
    {"POST", "/admin/page/validate", ACC_STAFF, post_page_validate, "/admin/pages"},
    {"POST", "/admin/page/withdraw", ACC_STAFF, post_page_withdraw, "/admin/pages"},
    {"POST", "/admin/page/giveback", ACC_STAFF, post_page_giveback, "/admin/pages"},
    {"POST", "/admin/page/republish", ACC_STAFF, post_page_republish, "/admin/pages"},
    {"GET", "/admin/questions", ACC_STAFF, page_questions, "/admin/questions"},
    {"POST", "/admin/questions/link", ACC_STAFF, post_question_link, NULL},
    {"POST", "/admin/questions/dismiss", ACC_STAFF, post_question_dismiss, NULL},
    {"GET", "/admin/reports", ACC_STAFF, page_reports, "/admin/reports"},
    {"GET", "/admin/reports.csv", ACC_STAFF, get_reports_csv, NULL},
    {"GET", "/admin/rights", ACC_ADMIN, page_rights, "/admin/rights"},
    {"POST", "/admin/rights/find", ACC_ADMIN, post_rights_find, "/admin/rights"},
    {"POST", "/admin/rights/export", ACC_ADMIN, post_rights_export, NULL},
    {"POST", "/admin/rights/erase", ACC_ADMIN, post_rights_erase, "/admin/rights"},
    {"GET", "/admin/users", ACC_ADMIN, page_users, "/admin/users"},
    {"POST", "/admin/users/add", ACC_ADMIN, post_user_add, "/admin/users"},
    {"POST", "/admin/users/disable", ACC_ADMIN, post_user_disable, "/admin/users"},
    {"GET", "/admin/audit", ACC_ADMIN, page_audit, "/admin/audit"},
    {"GET", "/admin/audit.csv", ACC_ADMIN, get_audit_csv, NULL},
    {"GET", "/admin/password", ACC_STAFF, page_password, "/admin/password"},
    {"POST", "/admin/password", ACC_STAFF, post_password, "/admin/password"},
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* The navigation: path, label, admins only. */
static const struct {
    const char *path, *label;
    bool admin;
} nav[] = {
    {"/admin/", "Accueil", false},
    {"/admin/pages", "Pages", false},
    {"/admin/questions", "Questions à traiter", false},
    {"/admin/reports", "Rapports", false},
    {"/admin/rights", "Droits des habitants", true},
    {"/admin/users", "Comptes", true},
    {"/admin/audit", "Journal", true},
    {"/admin/password", "Mot de passe", false},
};

/* ------------------------------------------------------------- lifetime */

enum gc_rc admin_open(struct admin **out, const struct config *cfg, const char *xpath,
                      struct gc_err *e)
{
    enum gc_rc rc;
    struct admin *a = xcalloc(1, sizeof *a);
    *out = NULL;
    a->cfg = cfg;
    long idle = config_int(cfg, "admin-idle-minutes"), hours = config_int(cfg, "admin-session-hours");
    a->low_conf = config_double(cfg, "low-confidence");
    a->part_cost = config_double(cfg, "sms-part-cost");
    if (idle < 5 || idle > 1440 || hours < 1 || hours > 168 || a->low_conf < 0 ||
        a->low_conf > 1 || a->part_cost < 0) {
        rc = gc_err_set(e, GC_ERR_INVALID, "--admin-idle-minutes must be 5..1440, "
                        "--admin-session-hours 1..168, --low-confidence 0..1 and "
                        "--sms-part-cost >= 0");
        goto out;
    }
    a->idle_s = idle * 60;
    a->max_s = hours * 3600;
    if (sodium_init() < 0) {
        rc = gc_err_set(e, GC_ERR_IO, "libsodium could not start");
        goto out;
    }
    rc = db_open(&a->db, config_get(cfg, "db"), DB_READWRITE, e);
    if (!rc)
        rc = exchanges_attach(a->db, xpath, e);
    if (rc)
        goto out;
    a->town = xstrdup(config_get(cfg, "town-name"));
    const char *pub = config_get(cfg, "public-url");
    if (*pub) {
        a->secure = !strncasecmp(pub, "https://", 8);
        const char *host = strstr(pub, "://");
        const char *end = host ? strchr(host + 3, '/') : NULL;
        a->origin = end ? xstrndup(pub, (size_t)(end - pub)) : xstrdup(pub);
    }
    a->throttle = throttle_new();
    a->runner = runner_new();
    if (!a->runner) {
        rc = gc_err_set(e, GC_ERR_IO, "the back office's thread could not start");
        goto out;
    }
    *out = a;
    a = NULL;
out:
    admin_close(a);
    return rc;
}

void admin_stop(struct admin *a)
{
    if (a)
        runner_stop(a->runner);
}

void admin_close(struct admin *a)
{
    if (!a)
        return;
    runner_free(a->runner);
    throttle_free(a->throttle);
    db_close(a->db);
    free(a->town);
    free(a->origin);
    free(a);
}

void admin_set_messages(struct admin *a, struct messages *m)
{
    a->msgs = m;
}

/* --------------------------------------------------------------- helpers */

const char *areq_query(const struct areq *r, const char *name)
{
    return form_value(&r->q, name);
}

const char *areq_form(const struct areq *r, const char *name)
{
    return form_value(&r->f, name);
}

void fr_int(struct buf *b, long long n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
    if (n < 0)
        buf_addc(b, '-');
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        buf_addc(b, digits[i]);
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            ADD(b, "\xe2\x80\xaf");   /* narrow no-break space */
    }
}

void fr_datetime(const char *iso, char *out, size_t n)
{
    struct tm tm = {0};
    const char *end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!end || *end) {
        snprintf(out, n, "%s", iso ? iso : "");
        return;
    }
    time_t t = timegm(&tm);
    struct tm lt;
    localtime_r(&t, &lt);
    char day[16], date[48];
    strftime(day, sizeof day, "%Y-%m-%d", &lt);
    if (!html_date_fr(day, date, sizeof date))
        snprintf(date, sizeof date, "%s", day);
    snprintf(out, n, "%s à %02d:%02d", date, lt.tm_hour, lt.tm_min);
}

void local_day(int days, char out[11])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void csrf_field(struct areq *r, struct buf *b)
{
    buf_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", r->csrf);
}

void table_open(struct buf *b, const char *id, const char *caption)
{
    buf_printf(b, "<div class=\"table\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">"
                  "<table>\n<caption id=\"%s\">", id, id);
    ESC(b, caption);
    ADD(b, "</caption>\n");
}

void table_close(struct buf *b)
{
    ADD(b, "</table></div>\n");
}

void audit(struct areq *r, const char *action, const char *object, const char *detail)
{
    struct gc_err e = {0};
    if (audit_write(r->a->db, r->u.login, action, object, detail, &e))
        log_error("admin: audit: %s", e.msg);
}

/* ----------------------------------------------------------- the frame */

void page_start(struct areq *r, struct buf *b, const char *title)
{
    buf_init(b, GC_ADMIN_PAGE_MAX);
    ADD(b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex\">\n<title>");
    ESC(b, title);
    ADD(b, " — Administration de l’assistant de ");
    ESC(b, r->a->town);
    ADD(b, "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
           "<link rel=\"stylesheet\" href=\"/admin.css\">\n</head>\n<body class=\"admin\">\n"
           "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n"
           "<header class=\"site\">\n<div class=\"wrap\">\n<p class=\"brand\"><a href=\"/admin/\">"
           "Administration de l’assistant de ");
    ESC(b, r->a->town);
    ADD(b, "</a></p>\n");
    if (r->logged) {
        ADD(b, "<nav aria-label=\"Administration\"><ul>");
        const char *cur = r->route ? r->route->nav : NULL;
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            if (nav[i].admin && r->u.role != ROLE_ADMIN)
                continue;
            buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>", nav[i].path,
                       cur && !strcmp(cur, nav[i].path) ? " aria-current=\"page\"" : "",
                       nav[i].label);
        }
        ADD(b, "</ul></nav>\n<form class=\"logout\" method=\"post\" action=\"/admin/logout\">\n");
        csrf_field(r, b);
        ADD(b, "<button type=\"submit\">Se déconnecter (");
        ESC(b, r->u.login);
        ADD(b, ")</button>\n</form>\n");
    }
    ADD(b, "</div>\n</header>\n<main id=\"contenu\" class=\"wrap\" tabindex=\"-1\">\n");
}

void page_end(struct areq *r, struct buf *b)
{
    (void)r;
    ADD(b, "</main>\n<footer class=\"site\">\n<div class=\"wrap\">\n<p><a href=\"/\">L’assistant "
           "des habitants</a> · <a href=\"/transparence\">Transparence</a> · Guichet " GC_VERSION
           "</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

void page_send(struct areq *r, struct buf *b, int status)
{
    struct http_response *rs = r->rs;
    if (b->len == 0 || b->len >= b->max - 1) {
        buf_free(b);
        http_error(rs, 500, "internal error");
        return;
    }
    rs->status = status;
    rs->body_len = b->len;
    rs->body = buf_steal(b);
    rs->body_owned = true;
    rs->content_type = HTML_TYPE;
}

void page_message(struct areq *r, int status, const char *title, const char *msg)
{
    struct buf b;
    page_start(r, &b, title);
    ADD(&b, "<h1>");
    ESC(&b, title);
    buf_printf(&b, "</h1>\n<p class=\"%s\" role=\"%s\">", status >= 400 ? "error" : "notice",
               status >= 400 ? "alert" : "status");
    ESC(&b, msg);
    ADD(&b, "</p>\n<p><a href=\"/admin/\">Revenir à l’accueil de l’administration</a></p>\n");
    page_end(r, &b);
    page_send(r, &b, status);
}

void redirect(struct areq *r, const char *location)
{
    r->rs->status = 303;
    snprintf(r->rs->location, sizeof r->rs->location, "%s", location);
    r->rs->content_type = HTML_TYPE;
    r->rs->body = "";
    r->rs->body_len = 0;
}

/* ------------------------------------------------------------- sessions */

static void hex_random(char *out, size_t bytes)
{
    unsigned char raw[64];
    randombytes_buf(raw, bytes);
    sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
    sodium_memzero(raw, sizeof raw);
}

/* The database's key of a cookie value: its BLAKE2b-256 in hex. */
static void session_key(const char *value, char key[SESSION_KEY_HEX + 1])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)value, strlen(value), NULL, 0);
    sodium_bin2hex(key, SESSION_KEY_HEX + 1, h, sizeof h);
}

/* Our cookie's value in a Cookie header: 64 hex digits, else "". */
static void cookie_value(const char *header, char out[SESSION_KEY_HEX + 1])
{
    out[0] = '\0';
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        size_t n = strcspn(p, ";");
        if (n == sizeof COOKIE + SESSION_KEY_HEX && !strncmp(p, COOKIE "=", sizeof COOKIE)) {
            const char *v = p + sizeof COOKIE;
            if (strspn(v, "0123456789abcdef") >= SESSION_KEY_HEX) {
                memcpy(out, v, SESSION_KEY_HEX);
                out[SESSION_KEY_HEX] = '\0';
            }
        }
        p += n;
    }
}

static void set_cookie(struct areq *r, const char *value, bool clear)
{
    snprintf(r->rs->set_cookie, sizeof r->rs->set_cookie,
             COOKIE "=%s; Path=/admin; HttpOnly; SameSite=Strict%s%s", value,
             r->a->secure ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

/* Is the session of the request's cookie alive?  Fills r's session. */
static void session_load(struct areq *r)
{
    if (!r->cookie[0])
        return;
    struct gc_err e = {0};
    session_key(r->cookie, r->key);
    enum gc_rc rc = sessions_get(r->a->db, r->key, (int64_t)time(NULL), r->a->idle_s,
                                 r->a->max_s, &r->u, r->csrf, &e);
    if (rc && rc != GC_ERR_NOTFOUND)
        log_error("admin: session: %s", e.msg);
    r->logged = rc == GC_OK;
}

/* Does a POST come from our own pages?  Browsers say where a request comes
 * from: Sec-Fetch-Site (same-origin, or none when typed), and Origin —
 * which is "null" for our own forms, since every page is sent with
 * Referrer-Policy: no-referrer (Fetch standard, "serializing a request
 * origin"); then Sec-Fetch-Site decides.  Another site's form is refused,
 * the login form's included.  Clients that say nothing (scripts) pass this
 * check; then the CSRF token decides (the login form has none: its
 * SameSite cookie and this check protect it). */
static bool same_origin(const struct areq *r)
{
    if (r->fetch_site[0] && strcmp(r->fetch_site, "same-origin") && strcmp(r->fetch_site, "none"))
        return false;
    if (!r->has_origin)
        return true;
    if (!strcmp(r->origin, "null"))
        return !strcmp(r->fetch_site, "same-origin");
    if (r->a->origin)
        return !strcasecmp(r->origin, r->a->origin);
    const char *o = r->origin;
    if (!strncasecmp(o, "http://", 7))
        o += 7;
    else if (!strncasecmp(o, "https://", 8))
        o += 8;
    else
        return false;
    return r->host[0] && !strcasecmp(o, r->host);
}

static bool csrf_ok(const struct areq *r)
{
    const struct form_field *f = form_get(&r->f, "csrf");
    return f && f->value_len == SESSION_CSRF_HEX && r->csrf[0] &&
           sodium_memcmp(f->value, r->csrf, SESSION_CSRF_HEX) == 0;
}

/* ------------------------------------------------------------ processing */

static const struct aroute *route_of(const char *method, const char *path)
{
    const char *m = strcmp(method, "HEAD") ? method : "GET";
    for (size_t i = 0; i < NROUTES; i++)
        if (!strcmp(routes[i].method, m) && !strcmp(routes[i].path, path))
            return &routes[i];
    return NULL;
}

/* Decide and answer one request, on the back office's thread. */
static void process(struct areq *r)
{
    struct gc_err e = {0};
    if (form_parse(r->query, r->query_len, &r->q, &e) != GC_OK) {
        form_free(&r->q);
        memset(&r->q, 0, sizeof r->q);
    }
    session_load(r);
    if (r->route->acc != ACC_PUBLIC && !r->logged) {
        if (!r->post) {
            redirect(r, "/admin/login");
            return;
        }
        page_message(r, 403, "Session absente ou expirée",
                     "Votre session a expiré ou vous n’êtes pas connecté : reconnectez-vous, "
                     "puis recommencez.");
        return;
    }
    if (r->post) {
        if (!same_origin(r)) {
            page_message(r, 403, "Demande refusée",
                         "Ce formulaire ne vient pas de l’administration de l’assistant.");
            return;
        }
        if (html_form_parse_max(r->body, r->body_len, GC_ADMIN_FORM_FIELDS_MAX, &r->f, &e) !=
            GC_OK) {
            memset(&r->f, 0, sizeof r->f);
            if (r->route->acc != ACC_PUBLIC) {   /* no token could be read */
                page_message(r, 403, "Demande refusée", e.msg);
                return;
            }
        }
        if (r->route->acc != ACC_PUBLIC && !csrf_ok(r)) {
            page_message(r, 403, "Demande refusée",
                         "Ce formulaire a expiré ou ne vient pas de l’administration : "
                         "rechargez la page, puis recommencez.");
            return;
        }
    }
    if (r->route->acc == ACC_ADMIN && r->u.role != ROLE_ADMIN) {
        page_message(r, 403, "Accès réservé",
                     "Cette page est réservée aux administrateurs de l’assistant.");
        return;
    }
    r->route->fn(r);
}

static void areq_free(struct areq *r)
{
    form_free(&r->q);
    form_free(&r->f);
    free(r->query);
    free(r->body);
    sodium_memzero(r, sizeof *r);
    free(r);
}

static void job(void *ctx)
{
    struct areq *r = ctx;
    struct http_response rs = {0};
    r->rs = &rs;
    process(r);
    struct http_hold *d = r->d;
    areq_free(r);
    http_deferred_finish(d, &rs);
}

static void copy_header(const struct http_request *rq, const char *name, char *out, size_t n,
                        bool *present)
{
    const char *v = http_request_header(rq, name);
    snprintf(out, n, "%s", v ? v : "");
    if (present)
        *present = v != NULL;
}

void admin_handle(struct admin *a, const struct http_request *rq, struct http_response *rs)
{
    const struct aroute *route = route_of(rq->method, rq->path);
    if (!route) {
        http_error(rs, 404, "not found");
        return;
    }
    struct areq *r = xcalloc(1, sizeof *r);
    r->a = a;
    r->route = route;
    r->post = !strcmp(route->method, "POST");
    r->query = xstrndup(rq->query ? rq->query : "", rq->query_len);
    r->query_len = rq->query_len;
    r->body = xstrndup(rq->body ? rq->body : "", rq->body_len);
    r->body_len = rq->body_len;
    cookie_value(http_request_header(rq, "Cookie"), r->cookie);
    copy_header(rq, "Origin", r->origin, sizeof r->origin, &r->has_origin);
    copy_header(rq, "Sec-Fetch-Site", r->fetch_site, sizeof r->fetch_site, NULL);
    copy_header(rq, "Host", r->host, sizeof r->host, NULL);
    memcpy(r->client, rq->client, sizeof r->client);
    r->d = http_defer(rq);
    if (!r->d) {   /* a request built by hand: answered here */
        r->rs = rs;
        process(r);
        areq_free(r);
        return;
    }
    if (!runner_run(a->runner, job, r)) {
        struct http_hold *d = r->d;
        areq_free(r);
        struct http_response busy = {0};
        busy.status = 503;
        busy.retry_after = 5;
        busy.content_type = HTML_TYPE;
        busy.body = "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                    "<title>Administration occupée</title></head><body><main><h1>Administration "
                    "occupée</h1><p>Trop de demandes en cours : réessayez dans quelques secondes."
                    "</p></main></body></html>\n";
        busy.body_len = strlen(busy.body);
        http_deferred_finish(d, &busy);
    }
}

static void handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    admin_handle(ctx, rq, rs);
}

enum gc_rc admin_routes(struct admin *a, struct http_server *s)
{
    for (size_t i = 0; i < NROUTES; i++) {
        bool post = !strcmp(routes[i].method, "POST");
        unsigned flags = HTTP_ROUTE_HTML | (post ? HTTP_ROUTE_FORM : 0);
        if (post && (!strcmp(routes[i].path, "/admin/edit") || !strcmp(routes[i].path, "/admin/new")))
            flags |= HTTP_ROUTE_BIG;   /* a page's text: GC_ADMIN_PAGE_BODY_MAX */
        enum gc_rc rc = http_server_route(s, routes[i].method, routes[i].path, flags, handle, a);
        if (rc)
            return rc;
    }
    return GC_OK;
}

/* ------------------------------------------------------------ the pages */

static void login_form(struct areq *r, int status, const char *error, const char *login)
{
    struct buf b;
    page_start(r, &b, "Connexion");
    ADD(&b, "<h1>Connexion à l’administration</h1>\n<p class=\"lead\">Réservée aux agents de la "
            "commune qui ont un compte.</p>\n");
    if (error) {
        ADD(&b, "<p id=\"login-erreur\" class=\"error\" role=\"alert\">");
        ESC(&b, error);
        ADD(&b, "</p>\n");
    }
    const char *inv = error ? " aria-invalid=\"true\" aria-describedby=\"login-erreur\"" : "";
    buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/admin/login\">\n"
                   "<label for=\"login\">Identifiant</label>\n"
                   "<input type=\"text\" id=\"login\" name=\"login\" autocomplete=\"username\" "
                   "maxlength=\"%d\" required%s value=\"", GC_LOGIN_MAX, inv);
    ESC(&b, login ? login : "");
    buf_printf(&b, "\">\n<label for=\"password\">Mot de passe</label>\n"
                   "<input type=\"password\" id=\"password\" name=\"password\" "
                   "autocomplete=\"current-password\" maxlength=\"%d\" required%s>\n"
                   "<button type=\"submit\">Se connecter</button>\n</form>\n",
               GC_PASSWORD_MAX_BYTES, inv);
    page_end(r, &b);
    page_send(r, &b, status);
}

static void page_login(struct areq *r)
{
    if (r->logged) {
        redirect(r, "/admin/");
        return;
    }
    login_form(r, 200, NULL, NULL);
}

/* The time the throttle counts in (seconds, never going back). */
static int64_t mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

static void post_login(struct areq *r)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    const char *login = areq_form(r, "login"), *pw = areq_form(r, "password");
    if (!login || !pw || !*login || !*pw) {
        login_form(r, 400, "Indiquez votre identifiant et votre mot de passe.", login);
        return;
    }
    unsigned retry = 0;
    if (throttle_blocked(a->throttle, login, r->client, mono_s(), &retry)) {
        struct buf b;
        char msg[200];
        snprintf(msg, sizeof msg, "Trop d’essais de mot de passe pour cet identifiant : "
                 "réessayez dans %u minute%s.", (retry + 59) / 60, (retry + 59) / 60 > 1 ? "s" : "");
        page_start(r, &b, "Trop d’essais");
        ADD(&b, "<h1>Trop d’essais</h1>\n<p class=\"error\" role=\"alert\">");
        ESC(&b, msg);
        ADD(&b, "</p>\n");
        page_end(r, &b);
        page_send(r, &b, 429);
        r->rs->retry_after = retry;
        return;
    }
    struct user u;
    char hash[USER_HASH_MAX] = "";
    enum gc_rc rc = user_login_valid(login) ? users_get(a->db, login, &u, hash, &e)
                                            : GC_ERR_NOTFOUND;
    if (rc && rc != GC_ERR_NOTFOUND)
        log_error("admin: login: %s", e.msg);
    bool known = rc == GC_OK && !u.disabled;
    /* An unknown login is checked against a hash too: it takes as long. */
    bool ok = accounts_verify(known ? hash : accounts_dummy_hash(), pw) && known;
    sodium_memzero(hash, sizeof hash);
    if (!ok) {
        throttle_fail(a->throttle, login, r->client, mono_s());
        if (audit_write(a->db, user_login_valid(login) ? login : "?", "login.failed",
                        user_login_valid(login) ? login : "", NULL, &e))
            log_error("admin: audit: %s", e.msg);
        login_form(r, 401, "Identifiant ou mot de passe incorrect.", login);
        return;
    }
    throttle_clear(a->throttle, login, r->client);
    char value[SESSION_KEY_HEX + 1];
    int64_t now = (int64_t)time(NULL);
    hex_random(value, 32);
    hex_random(r->csrf, 32);
    session_key(value, r->key);
    rc = sessions_purge(a->db, now, a->idle_s, a->max_s, &e);
    if (!rc)
        rc = sessions_add(a->db, r->key, u.id, r->csrf, now, &e);
    if (rc) {
        log_error("admin: session: %s", e.msg);
        page_message(r, 500, "Erreur", "La session n’a pas pu être ouverte : réessayez.");
        return;
    }
    r->u = u;
    audit(r, "login", u.login, user_role_name(u.role));
    set_cookie(r, value, false);
    sodium_memzero(value, sizeof value);
    redirect(r, "/admin/");
}

static void post_logout(struct areq *r)
{
    struct gc_err e = {0};
    if (sessions_delete(r->a->db, r->key, &e))
        log_error("admin: logout: %s", e.msg);
    audit(r, "logout", r->u.login, NULL);
    set_cookie(r, "", true);
    redirect(r, "/admin/login");
}

static void post_home(struct areq *r)
{
    redirect(r, "/admin/");
}

static const char *role_fr(enum user_role role)
{
    switch (role) {
    case ROLE_ADMIN: return "administrateur";
    case ROLE_VALIDATOR: return "validateur";
    default: return "rédacteur";
    }
}

static void page_home(struct areq *r)
{
    struct buf b;
    page_start(r, &b, "Accueil");
    ADD(&b, "<h1>Administration de l’assistant</h1>\n<p class=\"lead\">Bonjour ");
    ESC(&b, r->u.login);
    buf_printf(&b, " (%s", role_fr(r->u.role));
    if (r->u.role != ROLE_ADMIN && r->u.nservices) {
        ADD(&b, " : ");
        for (int i = 0; i < r->u.nservices; i++) {
            if (i)
                ADD(&b, ", ");
            ESC(&b, r->u.services[i]);
        }
    }
    ADD(&b, ").</p>\n");
    dashboard_figures(r, &b);
    page_end(r, &b);
    page_send(r, &b, 200);
}

static void password_form(struct areq *r, int status, const char *error, const char *notice)
{
    struct buf b;
    page_start(r, &b, "Mot de passe");
    ADD(&b, "<h1>Changer mon mot de passe</h1>\n");
    if (notice) {
        ADD(&b, "<p class=\"notice\" role=\"status\">");
        ESC(&b, notice);
        ADD(&b, "</p>\n");
    }
    if (error) {
        ADD(&b, "<p id=\"pw-erreur\" class=\"error\" role=\"alert\">");
        ESC(&b, error);
        ADD(&b, "</p>\n");
    }
    const char *inv = error ? " aria-invalid=\"true\"" : "";
    ADD(&b, "<form class=\"stack\" method=\"post\" action=\"/admin/password\">\n");
    csrf_field(r, &b);
    buf_printf(&b, "<label for=\"current\">Mot de passe actuel</label>\n"
                   "<input type=\"password\" id=\"current\" name=\"current\" "
                   "autocomplete=\"current-password\" required%s%s>\n"
                   "<label for=\"new\">Nouveau mot de passe</label>\n"
                   "<p id=\"new-aide\" class=\"hint\">%d caractères au moins ; une phrase que vous "
                   "retenez convient bien.</p>\n"
                   "<input type=\"password\" id=\"new\" name=\"new\" autocomplete=\"new-password\" "
                   "minlength=\"%d\" maxlength=\"%d\" required aria-describedby=\"new-aide\"%s>\n"
                   "<label for=\"confirm\">Le nouveau mot de passe, encore</label>\n"
                   "<input type=\"password\" id=\"confirm\" name=\"confirm\" "
                   "autocomplete=\"new-password\" maxlength=\"%d\" required%s>\n"
                   "<button type=\"submit\">Changer le mot de passe</button>\n</form>\n",
               inv, error ? " aria-describedby=\"pw-erreur\"" : "", GC_PASSWORD_MIN_CHARS,
               GC_PASSWORD_MIN_CHARS, GC_PASSWORD_MAX_BYTES, inv, GC_PASSWORD_MAX_BYTES, inv);
    page_end(r, &b);
    page_send(r, &b, status);
}

static void page_password(struct areq *r)
{
    password_form(r, 200, NULL, NULL);
}

static void post_password(struct areq *r)
{
    struct admin *a = r->a;
    struct gc_err e = {0};
    const char *cur = areq_form(r, "current"), *nw = areq_form(r, "new"),
               *conf = areq_form(r, "confirm");
    if (!cur || !nw || !conf) {
        password_form(r, 400, "Remplissez les trois champs.", NULL);
        return;
    }
    if (strcmp(nw, conf)) {
        password_form(r, 400, "Les deux nouveaux mots de passe diffèrent.", NULL);
        return;
    }
    if (!accounts_password_ok(nw, r->u.login, &e)) {
        password_form(r, 400, e.msg, NULL);
        return;
    }
    struct user u;
    char hash[USER_HASH_MAX] = "", fresh[USER_HASH_MAX];
    if (users_get(a->db, r->u.login, &u, hash, &e) || !accounts_verify(hash, cur)) {
        audit(r, "password.failed", r->u.login, NULL);
        password_form(r, 403, "Le mot de passe actuel est incorrect.", NULL);
        return;
    }
    if (accounts_hash(nw, fresh, &e) || users_set_password(a->db, u.id, fresh, r->key, &e)) {
        log_error("admin: password: %s", e.msg);
        password_form(r, 500, "Le mot de passe n’a pas pu être changé : réessayez.", NULL);
        return;
    }
    audit(r, "password.change", r->u.login, "other sessions ended");
    password_form(r, 200, NULL, "Votre mot de passe a été changé. Vos autres sessions sont "
                                "fermées.");
}
