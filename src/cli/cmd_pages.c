/* cmd_pages.c — `guichet pages`: the pages of a database with their states
 * and dates (docs/content.md), the overdue ones, and the time-bound
 * sentences to review (--stale). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "knowledge/timebound.h"
#include "store/db.h"
#include "store/pages.h"
#include "text/analyze.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/mem.h"

static const char usage[] =
    "usage: guichet pages --db FILE [--json] [--overdue] [--service S] [--status S]\n"
    "       guichet pages --db FILE --stale [--json] [--service S]\n"
    "\n"
    "List the pages of FILE with their state (draft, submitted, validated,\n"
    "withdrawn, expired), who validated them and when, and the dates that bound\n"
    "them (review_by, expires), at the town's local date (setting timezone; --now\n"
    "for another day).\n"
    "\n"
    "options:\n"
    "  --db FILE      database file\n"
    "  --json         a JSON array of objects instead of lines\n"
    "  --overdue      the validated pages past their review_by date (served with a\n"
    "                 warning, or withheld after overdue-grace-days days)\n"
    "  --service S    the pages of the service S only (accents and case ignored)\n"
    "  --status S     the pages in state S only\n"
    "  --stale        the sentences of the pages served whose written dates are all\n"
    "                 past: candidates for review (\"upcoming\": they present the\n"
    "                 past as to come, and are left out of the answers)\n"
    "  --now \"YYYY-MM-DD HH:MM\"  as on that day\n"
    "\n"
    "The exit status is 0 whatever is found (1 on an error): scripts read the list.\n";

struct listing {
    const char *today;
    long grace;
    char *service;          /* folded filter, or NULL */
    bool has_state, overdue, json;
    enum page_state state;
    cJSON *out;             /* --json */
    int n;
};

static bool service_ok(const struct listing *l, const char *service)
{
    if (!l->service)
        return true;
    char *f = analyze_fold(service, strlen(service));
    bool ok = !strcmp(f, l->service);
    free(f);
    return ok;
}

static int on_info(void *ctx, const struct page_info *p)
{
    struct listing *l = ctx;
    enum page_state st = page_info_state(p, l->today);
    enum page_timing t = page_timing(p->expires, p->review_by, l->today, l->grace);
    bool overdue = st == PAGE_VALIDATED && (t == PAGE_OVERDUE || t == PAGE_WITHHELD);
    bool served = st == PAGE_VALIDATED && page_timing_served(t);
    if ((l->has_state && st != l->state) || (l->overdue && !overdue) || !service_ok(l, p->service))
        return 0;
    l->n++;
    if (l->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "url", p->url);
        if (strcmp(p->ext_id, p->url))
            cJSON_AddStringToObject(o, "id", p->ext_id);
        cJSON_AddStringToObject(o, "title", p->title);
        cJSON_AddStringToObject(o, "service", p->service);
        cJSON_AddStringToObject(o, "status", page_state_name(st));
        cJSON_AddBoolToObject(o, "served", served);
        cJSON_AddBoolToObject(o, "overdue", overdue);
        cJSON_AddStringToObject(o, "validated_by", p->validated_by);
        cJSON_AddStringToObject(o, "validated_on", p->validated_on);
        cJSON_AddStringToObject(o, "review_by", p->review_by);
        cJSON_AddStringToObject(o, "expires", p->expires);
        if (*p->facility)
            cJSON_AddStringToObject(o, "facility", p->facility);
        cJSON_AddNumberToObject(o, "version", p->version);
        if (p->published_version && p->published_version != p->version)
            cJSON_AddNumberToObject(o, "published_version", p->published_version);
        if (p->withdrawn) {
            cJSON *w = cJSON_AddObjectToObject(o, "withdrawn");
            cJSON_AddStringToObject(w, "at", p->withdrawn_at);
            cJSON_AddStringToObject(w, "by", p->withdrawn_by);
            cJSON_AddStringToObject(w, "reason", p->withdrawn_reason);
        }
        cJSON_AddStringToObject(o, "source", p->source);
        cJSON_AddItemToArray(l->out, o);
    } else {
        printf("%-9s %-10s %-10s %s  %s%s%s\n", page_state_name(st),
               *p->review_by ? p->review_by : "-", *p->expires ? p->expires : "-", p->url,
               p->title, overdue ? (served ? "  [overdue]" : "  [overdue: not served]") : "",
               p->withdrawn ? "" : "");
        if (p->withdrawn)
            printf("          withdrawn %s by %s%s%s\n", p->withdrawn_at, p->withdrawn_by,
                   *p->withdrawn_reason ? ": " : "", p->withdrawn_reason);
    }
    return 0;
}

/* ---- --stale ---- */

struct stale {
    struct listing *l;
    long day;
    bool page_ok;               /* the current page is served and wanted */
    char url[2048], title[512];
    const char *heading;
};

static int on_sentence(void *ctx, const char *s, size_t n, enum tb_kind k)
{
    struct stale *st = ctx;
    struct listing *l = st->l;
    const char *kind = k == TB_PAST_PROSPECTIVE ? "upcoming" : "past";
    l->n++;
    if (l->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "url", st->url);
        cJSON_AddStringToObject(o, "title", st->title);
        cJSON_AddStringToObject(o, "heading", st->heading);
        char *sent = xstrndup(s, n);
        cJSON_AddStringToObject(o, "sentence", sent);
        free(sent);
        cJSON_AddStringToObject(o, "kind", kind);
        cJSON_AddItemToArray(l->out, o);
    } else {
        printf("%-8s %s  %.*s\n", kind, st->url, (int)n, s);
    }
    return 0;
}

static int stale_page(void *ctx, const struct stored_page *p)
{
    struct stale *st = ctx;
    enum page_timing t = page_timing(p->expires, p->review_by, st->l->today, st->l->grace);
    st->page_ok = page_timing_served(t) && service_ok(st->l, p->service);
    snprintf(st->url, sizeof st->url, "%s", p->url);
    snprintf(st->title, sizeof st->title, "%s", p->title);
    return 0;
}

static int stale_passage(void *ctx, const char *heading, const char *text)
{
    struct stale *st = ctx;
    if (!st->page_ok)
        return 0;
    st->heading = heading;
    timebound_scan(text, strlen(text), st->day, on_sentence, st);
    return 0;
}

int cmd_pages(int argc, char **argv)
{
    static const char *const local[] = {"json", "overdue", "service=", "status=", "stale", NULL};
    const char *lv[5] = {0};
    const char *pos[1];
    int npos = 0, status = 1;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct db *db = NULL;
    struct listing l = {0};

    status = cli_args(cfg, "pages", usage, argc, argv, local, lv, pos, 0, &npos);
    if (status >= 0)
        goto out;
    l.json = lv[0] != NULL;
    l.overdue = lv[1] != NULL;
    l.service = lv[2] ? analyze_fold(lv[2], strlen(lv[2])) : NULL;
    bool stale = lv[4] != NULL;
    if (lv[3] && !page_state_parse(lv[3], &l.state)) {
        status = cli_usage_error("pages", usage,
                                 "--status is draft, submitted, validated, withdrawn or expired");
        goto out;
    }
    l.has_state = lv[3] != NULL;
    if (stale && (l.overdue || l.has_state)) {
        status = cli_usage_error("pages", usage, "--stale looks at the pages served: no --overdue "
                                                 "or --status with it");
        goto out;
    }
    status = 1;
    struct clock c;
    if (clock_from_config(&c, cfg, &e))
        goto fail;
    struct gc_time now;
    clock_now(&c, &now);
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", now.year % 10000, now.month % 100,
             now.day % 100);
    l.today = today;
    l.grace = config_int(cfg, "overdue-grace-days");
    const char *path = config_get(cfg, "db");
    if (db_open(&db, path, DB_READONLY, &e))
        goto fail;
    if (l.json)
        l.out = cJSON_CreateArray();
    if (stale) {
        struct stale st = {.l = &l, .day = clock_days(now.year, now.month, now.day)};
        struct store_visitor v = {&st, stale_page, stale_passage};
        if (store_load_published(db, &v, &e))
            goto fail;
    } else if (store_pages_list(db, on_info, &l, &e)) {
        goto fail;
    }
    if (l.json) {
        char *s = cJSON_Print(l.out);
        puts(s);
        free(s);
    } else if (!l.n) {
        fprintf(stderr, "pages: none%s\n", stale ? " with past dates" : "");
    }
    status = 0;
    goto out;
fail:
    fprintf(stderr, "guichet pages: %s\n", e.msg);
out:
    cJSON_Delete(l.out);
    free(l.service);
    db_close(db);
    config_free(cfg);
    return status;
}
