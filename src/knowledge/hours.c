/* hours.c — evaluation of a parsed opening_hours value (see hours.h).
 *
 * The model, for one calendar day D:
 *   1. Each rule whose day selectors (years, dates, weeks, weekdays/PH) all
 *      match D produces pieces over [00:00, 48:00) of D: its time spans, or
 *      the whole day, with its state and comment.
 *   2. The rules are combined left to right as the specification says:
 *      - ';' (normal): a matching rule replaces what earlier rules said about
 *        D; except a closed rule, which only closes its own times
 *        ("Mo-Fr 10:00-18:00; We 12:00-14:00 off" keeps We 10-12 and 14-18),
 *        and a closed rule without times also cancels D's own hours past
 *        midnight ("Fr-Sa 22:00-02:00; Sa off": nothing Sunday 00:00-02:00);
 *      - ',' (additional): a matching rule is laid over the earlier ones;
 *      - '||' (fallback): used only when no earlier rule matched D or when
 *        what they gave is closed all along.
 *      This is "the own schedule" of D.
 *   3. The timeline of D is its own schedule over [00:00, 24:00), with the
 *      part of D-1's own schedule past 24:00 laid on top (22:00-02:00 on a
 *      Friday is open on Saturday 00:00-02:00 even if Saturday has rules of
 *      its own, or is a public holiday).
 *   4. An exceptional closure (hours_add_closure) closes the whole day and
 *      keeps its own overnight end from spilling into the next day.
 *
 * Pieces are kept as sorted, disjoint lists of [a, b) minutes with a packed
 * value (state, open-end flag, comment index).  Pieces are whole minutes, so
 * a list over [0, 2880) never holds more than 2880 of them.
 *
 * Dates are day numbers (days since 1970-01-01, proleptic Gregorian). */
#include "knowledge/hours.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/holidays_fr.h"
#include "knowledge/hours_int.h"
#include "util/clock.h"
#include "util/mem.h"

#define DAY_MIN (24 * 60)
#define SCHED_MAX (2 * DAY_MIN)
#define NODAY LONG_MIN

struct seg {
    int16_t a, b;
    int32_t v;   /* state | open_end << 2 | (comment + 1) << 3; 0 = closed, no comment */
};

struct sched {
    int n;
    struct seg s[SCHED_MAX];
};

/* A calendar day, with its civil fields computed once. */
struct day {
    long dn;
    int y, m, d;
};

struct ctx {
    const struct hours *h;
    long own_dn[2];
    bool own_ok[2];
    struct sched own[2];
    struct sched tl;
    struct sched part;  /* tl as a partition of the day */
};

/* ---- calendar ---- */

/* Day numbers (days since 1970-01-01), weekdays (0 = Monday) and month
 * lengths come from util/clock. */

static long day_start(void)
{
    return clock_days(1900, 1, 1);
}

static long day_end(void)
{
    return clock_days(10000, 1, 1);
}

static int iso_week(long dn)
{
    long thu = dn - clock_weekday(dn) + 3;
    int y, m, d;
    clock_civil(thu, &y, &m, &d);
    return (int)((thu - clock_days(y, 1, 1)) / 7 + 1);
}

static struct day day_of(long dn)
{
    struct day dd;
    dd.dn = dn;
    clock_civil(dn, &dd.y, &dd.m, &dd.d);
    return dd;
}

static long lmin(long a, long b)
{
    return a < b ? a : b;
}

/* ---- selectors ---- */

static bool year_match(const struct hrule *r, int y)
{
    if (r->nyears == 0)
        return true;
    for (int i = 0; i < r->nyears; i++) {
        const struct hyear *yr = &r->years[i];
        if (y >= yr->start && y <= yr->end && (y - yr->start) % yr->step == 0)
            return true;
    }
    return false;
}

static bool week_match(const struct hrule *r, long dn)
{
    if (r->nweeks == 0)
        return true;
    int w = iso_week(dn);
    for (int i = 0; i < r->nweeks; i++) {
        const struct hweek *wk = &r->weeks[i];
        bool in = wk->start <= wk->end ? w >= wk->start && w <= wk->end
                                       : w >= wk->start || w <= wk->end;
        if (in && ((w - wk->start + 53) % 53) % wk->step == 0)
            return true;
    }
    return false;
}

/* The day a date of a monthday range falls on in year y.  A day past the
 * month's end (Feb 30) becomes the next valid day for a start, the last valid
 * day for an end.  NODAY when it does not exist (Mo[5] of a month with four
 * Mondays). */
static long resolve(const struct hdate *d, int y, bool is_end)
{
    long dn;
    int md, first_wd, day;
    switch (d->kind) {
    case HDATE_FIXED:
        md = clock_month_days(y, d->month);
        if (d->day > md)
            dn = clock_days(y, d->month, md) + (is_end ? 0 : 1);
        else
            dn = clock_days(y, d->month, d->day);
        break;
    case HDATE_NTH:
        md = clock_month_days(y, d->month);
        if (d->nth > 0) {
            first_wd = clock_weekday(clock_days(y, d->month, 1));
            day = 1 + (d->wday - first_wd + 7) % 7 + 7 * (d->nth - 1);
        } else {
            int last_wd = clock_weekday(clock_days(y, d->month, md));
            day = md - (last_wd - d->wday + 7) % 7 - 7 * (-d->nth - 1);
        }
        if (day < 1 || day > md)
            return NODAY;
        dn = clock_days(y, d->month, day);
        break;
    default: {
        int em, ed;
        holidays_fr_easter(y, &em, &ed);
        dn = clock_days(y, em, ed);
        break;
    }
    }
    dn += d->off_days;
    if (d->off_wday >= 0) {
        int wd = clock_weekday(dn);
        if (d->off_dir > 0)
            dn += (d->off_wday - wd + 7) % 7;
        else
            dn -= (wd - d->off_wday + 7) % 7;
    }
    return dn;
}

static bool date_literal(const struct hdate *d)
{
    return d->kind == HDATE_FIXED && d->off_days == 0 && d->off_wday < 0;
}

static bool md_explicit_year(const struct hmonthday *md)
{
    return md->kind == HMD_MONTHS ? md->year != 0 : md->from.year != 0 || md->to.year != 0;
}

/* First and last day of the occurrence of a monthday range that starts in
 * year ys (ys ignored when the range names its years).  False when that
 * occurrence is empty or does not exist. */
static bool md_bounds(const struct hmonthday *md, int ys, long *S, long *E)
{
    if (md->kind == HMD_MONTHS) {
        int y = md->year ? md->year : ys;
        *S = clock_days(y, md->m1, 1);
        int ye = md->m2 >= md->m1 ? y : y + 1;
        *E = clock_days(ye, md->m2, clock_month_days(ye, md->m2));
        return true;
    }
    const struct hdate *f = &md->from, *t = &md->to;
    bool literal = date_literal(f) && date_literal(t);
    bool lit_wrap = literal && (t->month < f->month || (t->month == f->month && t->day < f->day));
    if (md->plus) {
        int fy = f->year ? f->year : ys;
        *S = resolve(f, fy, false);
        *E = f->year ? day_end() : clock_days(fy, 12, 31);
    } else if (f->year && t->year) {
        *S = resolve(f, f->year, false);
        *E = resolve(t, t->year, true);
    } else if (f->year) {
        *S = resolve(f, f->year, false);
        bool wrap = literal ? lit_wrap : resolve(t, f->year, true) < *S;
        *E = resolve(t, wrap ? f->year + 1 : f->year, true);
    } else if (t->year) {
        *E = resolve(t, t->year, true);
        *S = resolve(f, t->year, false);
        bool wrap = literal ? lit_wrap : *S > *E;
        if (wrap)
            *S = resolve(f, t->year - 1, false);
    } else {
        *S = resolve(f, ys, false);
        bool wrap = literal ? lit_wrap : resolve(t, ys, true) < *S;
        *E = resolve(t, wrap ? ys + 1 : ys, true);
    }
    return *S != NODAY && *E != NODAY && *S <= *E;
}

static bool md_item_match(const struct hmonthday *md, const struct day *dd)
{
    long S, E;
    if (md->kind == HMD_MONTHS && !md->year)
        return md->m1 <= md->m2 ? dd->m >= md->m1 && dd->m <= md->m2
                                : dd->m >= md->m1 || dd->m <= md->m2;
    if (md_explicit_year(md))
        return md_bounds(md, 0, &S, &E) && dd->dn >= S && dd->dn <= E;
    /* Day offsets are capped at 366 days, so an occurrence containing D
     * starts at most two years before it. */
    for (int ys = dd->y - 2; ys <= dd->y + 1; ys++)
        if (md_bounds(md, ys, &S, &E) && dd->dn >= S && dd->dn <= E)
            return true;
    return false;
}

static bool md_match(const struct hrule *r, const struct day *dd)
{
    if (r->nmds == 0)
        return true;
    for (int i = 0; i < r->nmds; i++)
        if (md_item_match(&r->mds[i], dd))
            return true;
    return false;
}

static bool wd_item_match(const struct hweekday *w, long dn)
{
    long x = dn - w->offset;
    int y, m, d;
    switch (w->kind) {
    case HWD_DAYS: {
        int wd = clock_weekday(x);
        bool in = w->d1 <= w->d2 ? wd >= w->d1 && wd <= w->d2 : wd >= w->d1 || wd <= w->d2;
        if (!in)
            return false;
        if (!w->nth_start && !w->nth_end)
            return true;
        clock_civil(x, &y, &m, &d);
        int from_start = (d - 1) / 7;
        int from_end = (clock_month_days(y, m) - d) / 7;
        return ((w->nth_start >> from_start) & 1u) || ((w->nth_end >> from_end) & 1u);
    }
    case HWD_PH:
        clock_civil(x, &y, &m, &d);
        return holidays_fr_is_holiday(y, m, d, NULL);
    default:
        return false;  /* SH: school holidays are not known here */
    }
}

static bool wd_match(const struct hrule *r, long dn)
{
    if (r->nwds == 0)
        return true;
    bool first = false, second = false;
    for (int i = 0; i < r->nwds; i++) {
        if (wd_item_match(&r->wds[i], dn)) {
            if (r->wds[i].second)
                second = true;
            else
                first = true;
        }
    }
    return r->wd_intersect ? first && second : first || second;
}

static bool rule_match(const struct hrule *r, const struct day *dd)
{
    return year_match(r, dd->y) && md_match(r, dd) && week_match(r, dd->dn) &&
           wd_match(r, dd->dn);
}

/* ---- next-change hints: a lower bound on the first day after D where a
 * selector's answer may differ from its answer on D ---- */

static long year_next(const struct hrule *r, int y)
{
    long best = day_end();
    for (int i = 0; i < r->nyears; i++) {
        const struct hyear *yr = &r->years[i];
        int cand = 0;
        if (yr->start > y)
            cand = yr->start;
        else if (y <= yr->end)
            cand = yr->step > 1 && y + 1 <= yr->end ? y + 1 : yr->end + 1;
        if (cand)
            best = lmin(best, clock_days(cand, 1, 1));
    }
    return best;
}

static long md_next(const struct hrule *r, const struct day *dd)
{
    long best = day_end();
    bool periodic = false;
    for (int i = 0; i < r->nmds; i++) {
        const struct hmonthday *md = &r->mds[i];
        long S, E;
        if (md_explicit_year(md)) {
            if (md_bounds(md, 0, &S, &E)) {
                if (S > dd->dn)
                    best = lmin(best, S);
                if (E + 1 > dd->dn)
                    best = lmin(best, E + 1);
            }
            continue;
        }
        periodic = true;
        for (int ys = dd->y - 2; ys <= dd->y + 10; ys++) {
            if (!md_bounds(md, ys, &S, &E))
                continue;
            if (S > dd->dn)
                best = lmin(best, S);
            if (E + 1 > dd->dn)
                best = lmin(best, E + 1);
        }
    }
    /* Occurrences starting after y+10 cannot begin before y+8 (offsets are
     * capped at 366 days): everything earlier was enumerated. */
    if (periodic)
        best = lmin(best, clock_days(dd->y + 8, 1, 1));
    return best;
}

/* The scans below spend *work (selector evaluations): when it runs out they
 * stop where they are, which is still a valid lower bound. */
static long week_next(const struct hrule *r, long dn, long limit, long *work)
{
    bool now = week_match(r, dn);
    long m = dn + 7 - clock_weekday(dn);
    for (int k = 0; k < 371 && m < limit && *work > 0; k++, m += 7, (*work)--)
        if (week_match(r, m) != now)
            return m;
    return m;
}

static long wd_next(const struct hrule *r, long dn, long limit, long *work)
{
    bool now = wd_match(r, dn);
    long x = dn + 1;
    for (; x < limit && x <= dn + 370 && *work > 0; x++, (*work)--)
        if (wd_match(r, x) != now)
            return x;
    return x;
}

static long rule_next(const struct hrule *r, const struct day *dd, long limit, long *work)
{
    long best = limit;
    if (r->nyears)
        best = lmin(best, year_next(r, dd->y));
    if (r->nmds && best > dd->dn + 1)
        best = lmin(best, md_next(r, dd));
    if (r->nweeks && best > dd->dn + 1)
        best = lmin(best, week_next(r, dd->dn, best, work));
    if (r->nwds && best > dd->dn + 1)
        best = lmin(best, wd_next(r, dd->dn, best, work));
    return best;
}

/* ---- closures ---- */

static int closure_at(const struct hours *h, long dn)
{
    for (int i = h->nclosures - 1; i >= 0; i--)
        if (dn >= h->closures[i].from && dn <= h->closures[i].to)
            return i;
    return -1;
}

static long closure_next(const struct hours *h, long dn)
{
    long best = day_end();
    for (int i = 0; i < h->nclosures; i++) {
        if (h->closures[i].from > dn)
            best = lmin(best, h->closures[i].from);
        if (h->closures[i].to + 1 > dn)
            best = lmin(best, h->closures[i].to + 1);
    }
    return best;
}

/* ---- schedules ---- */

static int32_t pack(enum hours_state st, bool open_end, int comment)
{
    return (int32_t)st | (open_end ? 4 : 0) | (int32_t)((comment + 1) << 3);
}

static enum hours_state v_state(int32_t v)
{
    return (enum hours_state)(v & 3);
}

static const char *v_comment(const struct hours *h, int32_t v)
{
    int c = (int)(v >> 3) - 1;
    return c >= 0 && c < h->ncomments ? h->comments[c] : NULL;
}

/* Merge touching pieces of equal value. */
static void sched_compact(struct sched *s)
{
    int k = 0;
    for (int i = 0; i < s->n; i++) {
        if (k > 0 && s->s[k - 1].b == s->s[i].a && s->s[k - 1].v == s->s[i].v)
            s->s[k - 1].b = s->s[i].b;
        else
            s->s[k++] = s->s[i];
    }
    s->n = k;
}

/* Lay [a, b) with value v over s.  0 <= a < b <= SCHED_MAX.  Pieces stay
 * disjoint whole minutes, so s never holds more than SCHED_MAX of them. */
static void sched_put(struct sched *s, int a, int b, int32_t v)
{
    int i = 0;
    while (i < s->n && s->s[i].b <= a)
        i++;
    int j = i;
    while (j < s->n && s->s[j].a < b)
        j++;
    struct seg left = {0, 0, 0}, right = {0, 0, 0};
    bool hl = false, hr = false;
    if (i < j && s->s[i].a < a) {
        left = s->s[i];
        left.b = (int16_t)a;
        hl = true;
    }
    if (i < j && s->s[j - 1].b > b) {
        right = s->s[j - 1];
        right.a = (int16_t)b;
        hr = true;
    }
    int nnew = (hl ? 1 : 0) + 1 + (hr ? 1 : 0);
    int nold = j - i;
    memmove(&s->s[i + nnew], &s->s[j], (size_t)(s->n - j) * sizeof s->s[0]);
    s->n += nnew - nold;
    int k = i;
    if (hl)
        s->s[k++] = left;
    s->s[k].a = (int16_t)a;
    s->s[k].b = (int16_t)b;
    s->s[k].v = v;
    k++;
    if (hr)
        s->s[k] = right;
    sched_compact(s);
}

/* Remove every piece from [a, b). */
static void sched_erase(struct sched *s, int a, int b)
{
    sched_put(s, a, b, -1);
    int k = 0;
    for (int i = 0; i < s->n; i++)
        if (s->s[i].v != -1)
            s->s[k++] = s->s[i];
    s->n = k;
}

static void rule_put(struct sched *s, const struct hrule *r)
{
    if (r->nspans == 0) {
        sched_put(s, 0, DAY_MIN, pack(r->state, false, r->comment));
        /* A day off also cancels that day's own night past midnight
         * ("Fr-Sa 22:00-02:00; Sa off": nothing on Sunday 00:00-02:00); the
         * night coming from the day before is not its to cancel. */
        if (r->state == HOURS_CLOSED)
            sched_erase(s, DAY_MIN, SCHED_MAX);
        return;
    }
    for (int i = 0; i < r->nspans; i++)
        sched_put(s, r->spans[i].start, r->spans[i].end,
                  pack(r->state, r->spans[i].open_end, r->comment));
}

static bool sched_all_closed(const struct sched *s)
{
    for (int i = 0; i < s->n; i++)
        if (v_state(s->s[i].v) != HOURS_CLOSED)
            return false;
    return true;
}

/* The own schedule of day dn over [0, 48:00): steps 1 and 2 of the model. */
static void own_day(const struct hours *h, long dn, struct sched *out)
{
    struct day dd = day_of(dn);
    bool matched = false;
    out->n = 0;
    for (int i = 0; i < h->nrules; i++) {
        const struct hrule *r = &h->rules[i];
        bool m = rule_match(r, &dd);
        if (r->op == OP_FALLBACK) {
            if (matched && !sched_all_closed(out))
                continue;
            matched = m;
            out->n = 0;
            if (m)
                rule_put(out, r);
        } else if (r->op == OP_NORMAL && r->state != HOURS_CLOSED) {
            if (m) {
                out->n = 0;
                rule_put(out, r);
                matched = true;
            }
        } else if (m) {
            rule_put(out, r);
            matched = true;
        }
    }
}

static const struct sched *get_own(struct ctx *c, long dn, long keep)
{
    for (int i = 0; i < 2; i++)
        if (c->own_ok[i] && c->own_dn[i] == dn)
            return &c->own[i];
    int slot = c->own_ok[0] && c->own_dn[0] == keep ? 1 : 0;
    own_day(c->h, dn, &c->own[slot]);
    c->own_ok[slot] = true;
    c->own_dn[slot] = dn;
    return &c->own[slot];
}

/* Turn c->tl into a partition of [0, 24:00) in c->part: holes become closed
 * pieces without comment, touching pieces of equal value merge. */
static void partition(struct ctx *c)
{
    const struct sched *tl = &c->tl;
    struct sched *pt = &c->part;
    int t = 0;
    pt->n = 0;
    for (int i = 0; i < tl->n; i++) {
        if (tl->s[i].a > t)
            pt->s[pt->n++] = (struct seg){(int16_t)t, tl->s[i].a, 0};
        pt->s[pt->n++] = tl->s[i];
        t = tl->s[i].b;
    }
    if (t < DAY_MIN)
        pt->s[pt->n++] = (struct seg){(int16_t)t, DAY_MIN, 0};
    sched_compact(pt);
}

/* The piece of the partition containing minute t. */
static const struct seg *piece_at(const struct ctx *c, int t)
{
    for (int i = 0; i < c->part.n; i++)
        if (c->part.s[i].a <= t && t < c->part.s[i].b)
            return &c->part.s[i];
    return &c->part.s[c->part.n - 1];  /* not reached: the partition covers the day */
}

/* The timeline of day dn over [0, 24:00) into c->tl and c->part: steps 3
 * and 4 of the model. */
static void timeline(struct ctx *c, long dn)
{
    const struct hours *h = c->h;
    struct sched *tl = &c->tl;
    tl->n = 0;
    if (dn < day_start() || dn >= day_end())
        goto out;
    int ci = closure_at(h, dn);
    if (ci >= 0) {
        sched_put(tl, 0, DAY_MIN, pack(HOURS_CLOSED, false, h->closures[ci].comment));
        goto out;
    }
    const struct sched *own = get_own(c, dn, dn - 1);
    for (int i = 0; i < own->n && own->s[i].a < DAY_MIN; i++) {
        struct seg sg = own->s[i];
        if (sg.b > DAY_MIN)
            sg.b = DAY_MIN;
        tl->s[tl->n++] = sg;
    }
    if (dn - 1 >= day_start() && closure_at(h, dn - 1) < 0) {
        const struct sched *prev = get_own(c, dn - 1, dn);
        for (int i = 0; i < prev->n; i++)
            if (prev->s[i].b > DAY_MIN)
                sched_put(tl, prev->s[i].a > DAY_MIN ? prev->s[i].a - DAY_MIN : 0,
                          prev->s[i].b - DAY_MIN, prev->s[i].v);
    }
out:
    partition(c);
}

static struct ctx *ctx_new(const struct hours *h)
{
    struct ctx *c = xmalloc(sizeof *c);
    c->h = h;
    c->own_ok[0] = c->own_ok[1] = false;
    c->own_dn[0] = c->own_dn[1] = 0;
    c->tl.n = 0;
    c->part.n = 0;
    return c;
}

/* ---- public API ---- */

const char *hours_state_name(enum hours_state s)
{
    switch (s) {
    case HOURS_OPEN:
        return "open";
    case HOURS_UNKNOWN:
        return "unknown";
    default:
        return "closed";
    }
}

bool hours_date_valid(const struct hours_date *d)
{
    return d && d->year >= 1 && d->year <= 99999 && d->month >= 1 && d->month <= 12 &&
           d->day >= 1 && d->day <= clock_month_days(d->year, d->month);
}

bool hours_datetime_valid(const struct hours_datetime *dt)
{
    if (!dt)
        return false;
    struct hours_date d = {dt->year, dt->month, dt->day};
    return hours_date_valid(&d) && dt->hour >= 0 && dt->hour <= 23 && dt->minute >= 0 &&
           dt->minute <= 59;
}

void hours_free(struct hours *h)
{
    if (!h)
        return;
    for (int i = 0; i < h->nrules; i++)
        free(h->rules[i].spans);
    free(h->rules);
    for (int i = 0; i < h->ncomments; i++)
        free(h->comments[i]);
    free(h->comments);
    free(h->closures);
    free(h);
}

enum gc_rc hours_add_closure(struct hours *h, struct hours_date from, struct hours_date to,
                             const char *comment, struct gc_err *e)
{
    if (!h || !hours_date_valid(&from) || !hours_date_valid(&to))
        return gc_err_set(e, GC_ERR_INVALID, "closure: invalid date");
    long a = clock_days(from.year, from.month, from.day);
    long b = clock_days(to.year, to.month, to.day);
    if (a > b)
        return gc_err_set(e, GC_ERR_INVALID, "closure: the first day is after the last one");
    if (h->nclosures >= GC_HOURS_CLOSURES_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "more than %d closures", GC_HOURS_CLOSURES_MAX);
    if (comment && strlen(comment) > GC_HOURS_EXPR_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "closure comment longer than %d bytes",
                          GC_HOURS_EXPR_MAX);
    h->closures = xreallocarray(h->closures, (size_t)h->nclosures + 1, sizeof *h->closures);
    struct hclosure *c = &h->closures[h->nclosures++];
    c->from = a;
    c->to = b;
    c->comment = comment && *comment ? hours_comment_add(h, comment, strlen(comment)) : -1;
    return GC_OK;
}

enum hours_state hours_state_at(const struct hours *h, const struct hours_datetime *at,
                                const char **comment)
{
    if (comment)
        *comment = NULL;
    if (!h || !hours_datetime_valid(at))
        return HOURS_UNKNOWN;
    struct ctx *c = ctx_new(h);
    long dn = clock_days(at->year, at->month, at->day);
    timeline(c, dn);
    int32_t v = piece_at(c, at->hour * 60 + at->minute)->v;
    if (comment)
        *comment = v_comment(h, v);
    free(c);
    return v_state(v);
}

enum gc_rc hours_day_intervals(const struct hours *h, struct hours_date d,
                               struct hours_interval *out, size_t max, size_t *n,
                               struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    struct ctx *c = NULL;
    *n = 0;
    if (!h || !hours_date_valid(&d)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "invalid date");
        goto out;
    }
    c = ctx_new(h);
    timeline(c, clock_days(d.year, d.month, d.day));
    if ((size_t)c->part.n > max) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "%d pieces in the day, more than %zu", c->part.n, max);
        goto out;
    }
    for (int i = 0; i < c->part.n; i++) {
        int32_t v = c->part.s[i].v;
        out[i].start = c->part.s[i].a;
        out[i].end = c->part.s[i].b;
        out[i].state = v_state(v);
        out[i].comment = v_comment(h, v);
        out[i].open_end = (v & 4) != 0;
    }
    *n = (size_t)c->part.n;
    rc = GC_OK;
out:
    free(c);
    return rc;
}

enum gc_rc hours_day_format(const struct hours_interval *iv, size_t n, struct buf *b)
{
    enum gc_rc rc = GC_OK;
    int last_end = -1;
    for (size_t i = 0; i < n && !rc; i++) {
        if (iv[i].state == HOURS_CLOSED && !iv[i].comment)
            continue;
        if (iv[i].start != last_end)
            rc = buf_printf(b, "%s%02d:%02d", last_end >= 0 ? " | " : "", iv[i].start / 60,
                            iv[i].start % 60);
        if (!rc)
            rc = buf_printf(b, " %s", hours_state_name(iv[i].state));
        if (!rc && iv[i].comment)
            rc = buf_printf(b, "[%s]", iv[i].comment);
        if (!rc)
            rc = buf_printf(b, " %02d:%02d", iv[i].end / 60, iv[i].end % 60);
        last_end = iv[i].end;
    }
    return rc;
}

/* Can days after D be skipped?  Yes when D and D-1 have the same selector
 * answers and closure: then every day up to the returned hint (excluded)
 * has D's timeline. */
static long skip_hint(const struct hours *h, long dn, long *work)
{
    struct day today = day_of(dn), yesterday = day_of(dn - 1);
    if (closure_at(h, dn) != closure_at(h, dn - 1))
        return dn + 1;
    for (int i = 0; i < h->nrules; i++)
        if (rule_match(&h->rules[i], &today) != rule_match(&h->rules[i], &yesterday))
            return dn + 1;
    long best = lmin(day_end(), closure_next(h, dn));
    for (int i = 0; i < h->nrules && best > dn + 1; i++)
        best = lmin(best, rule_next(&h->rules[i], &today, best, work));
    return best > dn ? best : dn + 1;
}

enum gc_rc hours_next_change(const struct hours *h, const struct hours_datetime *from,
                             struct hours_datetime *out, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    struct ctx *c = NULL;
    if (!h || !out || !hours_datetime_valid(from)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "invalid date or time");
        goto out;
    }
    long dn = clock_days(from->year, from->month, from->day);
    if (dn >= day_end()) {
        rc = gc_err_set(e, GC_ERR_NOTFOUND, "dates after 9999 are not evaluated");
        goto out;
    }
    c = ctx_new(h);
    timeline(c, dn);
    const struct seg *pc = piece_at(c, from->hour * 60 + from->minute);
    int32_t v0 = pc->v;
    int end = pc->b;
    int budget = GC_HOURS_NEXT_DAYS_MAX;
    long work = GC_HOURS_NEXT_WORK_MAX;
    bool whole = false;  /* dn is one piece of value v0 from 00:00 to 24:00 */
    while (end >= DAY_MIN) {
        long next = dn + 1;
        if (dn < day_start())
            next = day_start();
        else if (whole && dn - 1 >= day_start())
            next = skip_hint(h, dn, &work);
        dn = next;
        if (dn >= day_end()) {
            rc = gc_err_set(e, GC_ERR_NOTFOUND, "the state does not change before year 10000");
            goto out;
        }
        if (budget-- <= 0) {
            int y, m, d;
            clock_civil(dn, &y, &m, &d);
            rc = gc_err_set(e, GC_ERR_NOTFOUND,
                            "no change found before %04d-%02d-%02d (search bound of %d days)", y,
                            m, d, GC_HOURS_NEXT_DAYS_MAX);
            goto out;
        }
        timeline(c, dn);
        int32_t v = c->part.s[0].v;
        end = c->part.s[0].b;
        if (v != v0) {
            end = 0;
            break;
        }
        whole = true;
    }
    clock_civil(dn, &out->year, &out->month, &out->day);
    out->hour = end / 60;
    out->minute = end % 60;
    rc = GC_OK;
out:
    free(c);
    return rc;
}
