/* report.c — figures of the exchanges, CSV and SVG charts (see report.h). */
#define _GNU_SOURCE   /* timegm */
#include "admin/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channels/html.h"
#include "store/insights.h"
#include "text/analyze.h"
#include "util/limits.h"
#include "util/mem.h"

#define NO_SERVICE "aucun"

bool report_date_valid(const char *s)
{
    struct tm tm = {0};
    if (!s || strlen(s) != 10)
        return false;
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end || tm.tm_year < 0)
        return false;
    struct tm back = tm;
    time_t t = timegm(&back);   /* normalises: 2026-02-30 becomes March */
    struct tm n;
    gmtime_r(&t, &n);
    return n.tm_mday == tm.tm_mday && n.tm_mon == tm.tm_mon && n.tm_year == tm.tm_year;
}

static time_t day_time(const char *s)
{
    struct tm tm = {0};
    strptime(s, "%Y-%m-%d", &tm);
    return timegm(&tm);
}

/* The label of the period holding day d. */
static void period_of(enum report_period p, const char *d, char out[48])
{
    if (p == REPORT_MONTH) {
        snprintf(out, 48, "%.7s", d);
        return;
    }
    if (p == REPORT_DAY) {
        snprintf(out, 48, "%.10s", d);
        return;
    }
    time_t t = day_time(d);
    struct tm tm;
    gmtime_r(&t, &tm);
    t -= (time_t)((tm.tm_wday + 6) % 7) * 86400;   /* back to Monday */
    gmtime_r(&t, &tm);
    strftime(out, 48, "semaine du %Y-%m-%d", &tm);
}

/* A slug of a service's name: folded, words joined by '-'. */
static void slug(const char *name, char out[48])
{
    char *f = analyze_fold(name, strlen(name));
    size_t o = 0;
    for (const char *p = f; *p && o < 47; p++) {
        char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep)
            out[o++] = c;
        else if (o && out[o - 1] != '-')
            out[o++] = '-';
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    free(f);
    if (!o)
        snprintf(out, 48, "service");
}

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

enum gc_rc report_service_code(const char *service_codes, const char *name, char out[48],
                               struct gc_err *e)
{
    if (!name || !*name) {
        snprintf(out, 48, NO_SERVICE);
        return GC_OK;
    }
    char *copy = xstrdup(service_codes ? service_codes : "");
    enum gc_rc rc = GC_OK;
    bool found = false;
    for (char *p = copy; *p && !rc;) {
        char *end = strchr(p, ';');
        if (end)
            *end = '\0';
        char *eq = strchr(p, '=');
        if (eq) {
            *eq = '\0';
            const char *k = trim(p), *v = trim(eq + 1);
            if (!*k || !*v || strlen(v) >= 48) {
                rc = gc_err_set(e, GC_ERR_INVALID, "service-codes: '%.60s' is not 'Name=CODE' "
                                "(a code of 1 to 47 bytes)", k);
            } else if (!found && !strcmp(k, name)) {
                snprintf(out, 48, "%s", v);
                found = true;
            }
        } else if (*trim(p)) {
            rc = gc_err_set(e, GC_ERR_INVALID, "service-codes: '%.60s' is not 'Name=CODE'", p);
        }
        if (!end)
            break;
        p = end + 1;
    }
    free(copy);
    if (!rc && !found)
        slug(name, out);
    return rc;
}

static void figs_add(struct report_figs *a, const struct insight_day *d)
{
    a->questions += d->questions;
    a->answered += d->answered;
    a->refused += d->refused;
    a->followups += d->followups;
    a->useful += d->useful;
    a->not_useful += d->not_useful;
    a->sms_parts += d->sms_parts;
    a->model += d->model;
    a->energy_wh += d->energy_wh;
}

/* The line (key, key2) of list l, added at the end when missing (lists stay
 * small: days x channels). */
static struct report_line *line(struct report_list *l, const char *key, const char *key2)
{
    for (int i = l->n - 1; i >= 0; i--)
        if (!strcmp(l->v[i].key, key) && !strcmp(l->v[i].key2, key2))
            return &l->v[i];
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = xreallocarray(l->v, (size_t)l->cap, sizeof *l->v);
    }
    struct report_line *x = &l->v[l->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->key, sizeof x->key, "%s", key);
    snprintf(x->key2, sizeof x->key2, "%s", key2);
    return x;
}

struct build {
    struct report *r;
    const char *codes;
    enum gc_rc rc;
    struct gc_err *e;
};

static int on_day(void *ctx, const struct insight_day *d)
{
    struct build *b = ctx;
    struct report *r = b->r;
    char code[48], per[48];
    b->rc = report_service_code(b->codes, d->service, code, b->e);
    if (b->rc)
        return 1;
    period_of(r->period, d->day, per);
    figs_add(&r->total, d);
    figs_add(&line(&r->periods, per, "")->f, d);
    figs_add(&line(&r->channels, d->channel, "")->f, d);
    struct report_line *s = NULL;
    for (int i = 0; i < r->services.n && !s; i++)
        if (!strcmp(r->services.v[i].key, code))
            s = &r->services.v[i];
    if (!s)
        s = line(&r->services, code, *d->service ? d->service : "sans page citée");
    figs_add(&s->f, d);
    figs_add(&line(&r->day_channel, d->day, d->channel)->f, d);
    figs_add(&line(&r->day_service, d->day, code)->f, d);
    return 0;
}

static int on_top(void *ctx, const char *title, int64_t n)
{
    struct report *r = ctx;
    if (r->ntop < (int)(sizeof r->top / sizeof r->top[0])) {
        snprintf(r->top[r->ntop].title, sizeof r->top[0].title, "%s", title);
        r->top[r->ntop++].n = n;
    }
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const struct report_line *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->key2, y->key2);
}

enum gc_rc report_build(struct db *db, const char *from, const char *to,
                        enum report_period period, const char *service_codes, double part_cost,
                        struct report *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    if (!report_date_valid(from) || !report_date_valid(to))
        return gc_err_set(e, GC_ERR_INVALID, "dates must be YYYY-MM-DD (got '%.12s' and '%.12s')",
                          from ? from : "", to ? to : "");
    if (strcmp(from, to) > 0)
        return gc_err_set(e, GC_ERR_INVALID, "the end (%s) is before the start (%s)", to, from);
    double days = difftime(day_time(to), day_time(from)) / 86400 + 1;
    if (days > GC_REPORT_DAYS_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "a report covers %d days at most", GC_REPORT_DAYS_MAX);
    char code[48];
    enum gc_rc rc = report_service_code(service_codes, "-", code, e);   /* check the setting */
    if (rc)
        return rc;
    snprintf(out->from, sizeof out->from, "%s", from);
    snprintf(out->to, sizeof out->to, "%s", to);
    out->period = period;
    out->part_cost = part_cost;
    struct build b = {out, service_codes, GC_OK, e};
    rc = insights_days(db, from, to, on_day, &b, e);
    if (!rc)
        rc = b.rc;
    if (!rc)
        rc = insights_top_pages(db, from, to, (int)(sizeof out->top / sizeof out->top[0]), on_top,
                                out, e);
    if (rc) {
        report_free(out);
        return rc;
    }
    struct report_list *sorted[] = {&out->periods, &out->channels, &out->services,
                                    &out->day_channel, &out->day_service};
    for (size_t i = 0; i < sizeof sorted / sizeof sorted[0]; i++)
        if (sorted[i]->n)
            qsort(sorted[i]->v, (size_t)sorted[i]->n, sizeof *sorted[i]->v, cmp_key);
    return GC_OK;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    free(r->periods.v);
    free(r->channels.v);
    free(r->services.v);
    free(r->day_channel.v);
    free(r->day_service.v);
    memset(r, 0, sizeof *r);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_field(struct buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(b, s);
        return;
    }
    buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_addc(b, '"');
}

enum gc_rc report_csv(const struct report *r, bool by_service, struct buf *out)
{
    size_t mark = out->len;
    buf_printf(out, "date,%s,questions,answered,refused,followups,useful,not_useful,sms_parts,"
                    "sms_cost_eur,model_answers,extractive_answers,energy_wh\r\n",
               by_service ? "service" : "channel");
    const struct report_list *l = by_service ? &r->day_service : &r->day_channel;
    enum gc_rc rc = GC_OK;
    for (int i = 0; i < l->n && !rc; i++) {
        const struct report_line *x = &l->v[i];
        const struct report_figs *f = &x->f;
        csv_field(out, x->key);
        buf_addc(out, ',');
        csv_field(out, x->key2);
        rc = buf_printf(out, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%.2f,%lld,%lld,%.6f\r\n",
                        (long long)f->questions, (long long)f->answered, (long long)f->refused,
                        (long long)f->followups, (long long)f->useful, (long long)f->not_useful,
                        (long long)f->sms_parts, (double)f->sms_parts * r->part_cost,
                        (long long)f->model, (long long)(f->questions - f->model), f->energy_wh);
    }
    if (rc)
        buf_truncate(out, mark);
    return rc;
}

/* ------------------------------------------------------------------- SVG */

/* Colours of the series: dark enough against white for graphics (WCAG
 * 1.4.11, 3:1 and more), told apart by more than their hue (the legend and
 * the table name them). */
static const char *const colours[REPORT_SERIES_MAX] = {"#1d4f91", "#a4262c", "#5c4a00"};

#define SVG_W 640
#define LABEL_W 170
#define BAR_H 10
#define ROW_GAP 8
#define TOP 34

enum gc_rc report_svg(const struct report_chart *c, struct buf *out)
{
    double max = 0;
    for (int i = 0; i < c->n; i++)
        for (int s = 0; s < c->nseries; s++)
            if (c->values[i][s] > max)
                max = c->values[i][s];
    int row = c->nseries * BAR_H + ROW_GAP;
    int h = TOP + (c->n ? c->n : 1) * row + 10;
    size_t mark = out->len;
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
                    "role=\"img\" aria-labelledby=\"%s-t %s-d\" focusable=\"false\">\n<title id=\"%s-t\">",
               SVG_W, h, c->id, c->id, c->id);
    html_esc(out, c->title);
    buf_printf(out, "</title>\n<desc id=\"%s-d\">", c->id);
    html_esc(out, c->desc);
    buf_adds(out, "</desc>\n");
    /* legend */
    int x = 0;
    for (int s = 0; s < c->nseries; s++) {
        buf_printf(out, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"16\" font-size=\"13\" fill=\"#1a1a1a\">",
                   x, colours[s], x + 17);
        html_esc(out, c->series[s]);
        buf_adds(out, "</text>\n");
        x += 17 + 9 * (int)strlen(c->series[s]) + 24;
    }
    if (!c->n)
        buf_printf(out, "<text x=\"0\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">Aucune donnée"
                        "</text>\n", TOP + 12);
    for (int i = 0; i < c->n; i++) {
        int y = TOP + i * row;
        buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
                        "fill=\"#1a1a1a\">", LABEL_W - 6, y + c->nseries * BAR_H / 2 + 4);
        html_esc(out, c->labels[i]);
        buf_adds(out, "</text>\n");
        for (int s = 0; s < c->nseries; s++) {
            double v = c->values[i][s];
            int w = max > 0 ? (int)(v / max * (SVG_W - LABEL_W - 60) + 0.5) : 0;
            buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                            "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#1a1a1a\">%g</text>\n",
                       LABEL_W, y + s * BAR_H, w, BAR_H - 1, colours[s], LABEL_W + w + 4,
                       y + s * BAR_H + BAR_H - 1, v);
        }
    }
    enum gc_rc rc = buf_adds(out, "</svg>\n");
    if (rc)
        buf_truncate(out, mark);
    return rc;
}
