/* hours_parse_date.c — the wide selectors of an opening_hours rule: years
 * (2020, 2010-2019/3, 2025+), ISO weeks (week 01-53/2), months and dates
 * (Jun-Aug, Dec 24-26, 2026 Dec 25, easter -2 days, Jan Mo[1]-Jan Su[-1]).
 * Part of the parser of hours_parse.c; see hours_parse.h. */
#include <string.h>

#include "knowledge/hours_parse.h"

/* ---- numbers ---- */

/* min_nd to max_nd digits at the current position into *v, which then moves
 * past them; false (x recorded as expected there) when there are fewer or more. */
static bool take_number(struct parser *p, size_t min_nd, size_t max_nd, int x, int *v)
{
    size_t at = p->pos;
    size_t nd = digits_at(p, at);
    if (nd < min_nd || nd > max_nd)
        return hp_fail(p, at, x);
    *v = number_at(p, at, nd);
    p->pos += nd;
    return true;
}

/* ---- years and weeks ---- */

static bool parse_year4(struct parser *p, int *y)
{
    size_t at = p->pos;
    if (!take_number(p, 4, 4, X_YEAR, y))
        return false;
    if (*y < 1900) {
        p->pos = at;
        return hp_fail(p, at, X_YEAR);
    }
    return true;
}

/* A positive step after '/', 1..9999. */
static bool parse_step(struct parser *p, int *step)
{
    size_t at = p->pos;
    if (!take_number(p, 1, 4, X_NUMBER, step))
        return false;
    if (*step < 1) {
        p->pos = at;
        return hp_die(p, at, GC_ERR_PARSE, "a step must be at least 1");
    }
    return true;
}

static bool parse_year_range(struct parser *p, struct hyear *y)
{
    size_t at = p->pos;
    if (!parse_year4(p, &y->start))
        return false;
    y->end = y->start;
    y->step = 1;
    if (cur(p) == '+') {
        p->pos++;
        y->end = 9999;
    } else if (cur(p) == '-' && digits_at(p, p->pos + 1) == 4) {
        p->pos++;
        if (!parse_year4(p, &y->end))
            return false;
        if (y->end < y->start)
            return hp_die(p, at, GC_ERR_PARSE, "year range goes backwards");
        if (cur(p) == '/') {
            p->pos++;
            if (!parse_step(p, &y->step))
                return false;
        }
    }
    return true;
}

static bool year_item(struct parser *p)
{
    struct hrule *r = p->r;
    struct hyear y;
    size_t at = p->pos;
    if (!parse_year_range(p, &y) || hp_list_full(p, at, r->nyears, "years"))
        return false;
    r->years[r->nyears++] = y;
    return true;
}

static bool year_next(const struct parser *p, size_t i)
{
    return digits_at(p, i) == 4;
}

static bool parse_year_sel(struct parser *p)
{
    return hp_parse_list(p, year_item, year_next, false);
}

static bool parse_weeknum(struct parser *p, int *w)
{
    size_t at = p->pos;
    if (!take_number(p, 1, 2, X_WEEKNUM, w))
        return false;
    if (*w < 1 || *w > 53) {
        p->pos = at;
        return hp_die(p, at, GC_ERR_PARSE, "week numbers go from 1 to 53");
    }
    return true;
}

/* [' '] "week" [' '] week (',' week)* */
static bool parse_week_sel(struct parser *p)
{
    struct hrule *r = p->r;
    size_t save = p->pos;
    hp_skip_sp(p);
    if (!hp_take_word(p, "week")) {
        p->pos = save;
        return false;
    }
    hp_skip_sp(p);
    for (;;) {
        struct hweek w = {0, 0, 1};
        size_t at = p->pos;
        if (!parse_weeknum(p, &w.start))
            return false;
        w.end = w.start;
        if (cur(p) == '-' && is_digit(ch(p, p->pos + 1))) {
            p->pos++;
            if (!parse_weeknum(p, &w.end))
                return false;
            if (cur(p) == '/') {
                p->pos++;
                if (!parse_step(p, &w.step))
                    return false;
            }
        }
        if (hp_list_full(p, at, r->nweeks, "week ranges"))
            return false;
        r->weeks[r->nweeks++] = w;
        if (cur(p) != ',' || !is_digit(ch(p, p->pos + 1)))
            break;
        p->pos++;
    }
    return true;
}

/* ---- months and dates ---- */

/* A day of the month, 1..31; refuses the hour of a following time
 * ("Jun 10:00") but accepts "Jan 01:10:00-12:00" (day, ':', time). */
static bool parse_daynum(struct parser *p, int *d)
{
    size_t at = p->pos;
    size_t nd = digits_at(p, at);
    if (nd < 1 || nd > 2)
        return false;
    size_t i = at + nd;
    if (ch(p, i) == ':' && digits_at(p, i + 1) == 2 &&
        !(ch(p, i + 3) == ':' && digits_at(p, i + 4) == 2))
        return false;
    int v = number_at(p, at, nd);
    if (v < 1 || v > 31)
        return hp_die(p, at, GC_ERR_PARSE, "day of the month must be 1 to 31");
    *d = v;
    p->pos = i;
    return true;
}

static void date_init(struct hdate *d)
{
    memset(d, 0, sizeof *d);
    d->off_wday = -1;
}

/* An optional year and its spaces, at the start of a date or of months
 * ("2026 Dec 25", "2026 Dec"); *year is left alone when there is none. */
static bool parse_opt_year(struct parser *p, int *year)
{
    if (digits_at(p, p->pos) != 4)
        return true;
    if (!parse_year4(p, year))
        return false;
    hp_skip_sp(p);
    return true;
}

/* A month name: its number (1..12), the position after it; or -1, X_MONTH
 * recorded as expected there and the position back at `at`. */
static int parse_month(struct parser *p, size_t at)
{
    int m = hp_month_at(p, p->pos);
    if (m < 0) {
        hp_fail(p, p->pos, X_MONTH);
        p->pos = at;
        return -1;
    }
    p->pos += 3;
    return m;
}

/* [year] easter | [year] month daynum | [year] month ' ' wday '[' nth ']' */
static bool parse_date_from(struct parser *p, struct hdate *d)
{
    size_t at = p->pos;
    date_init(d);
    if (!parse_opt_year(p, &d->year))
        return false;
    if (hp_take_word(p, "easter")) {
        d->kind = HDATE_EASTER;
        return true;
    }
    int m = parse_month(p, at);
    if (m < 0)
        return false;
    d->month = m;
    size_t save = p->pos;
    hp_skip_sp(p);
    if (parse_daynum(p, &d->day)) {
        d->kind = HDATE_FIXED;
        return true;
    }
    if (p->fatal)
        return false;
    p->pos = save;
    if (hp_skip_sp(p) > 0 && hp_wday_at(p, p->pos) >= 0 && ch(p, p->pos + 2) == '[') {
        d->wday = hp_wday_at(p, p->pos);
        p->pos += 3;
        bool neg = false;
        if (cur(p) == '-') {
            neg = true;
            p->pos++;
        }
        int c = cur(p);
        if (c < '1' || c > '5' || ch(p, p->pos + 1) != ']') {
            hp_fail(p, p->pos, X_NTH);
            p->pos = at;
            return false;
        }
        d->nth = neg ? -(c - '0') : c - '0';
        d->kind = HDATE_NTH;
        p->pos += 2;
        return true;
    }
    p->pos = at;
    return false;
}

/* ['+'|'-' wday] [day_offset] */
static bool parse_date_offset(struct parser *p, struct hdate *d)
{
    bool got = false;
    size_t save = p->pos;
    hp_skip_sp(p);  /* "Dec 25 +Su" as well as "Dec 25+Su" */
    if ((cur(p) == '+' || cur(p) == '-') && hp_wday_at(p, p->pos + 1) >= 0) {
        d->off_dir = cur(p) == '-' ? -1 : 1;
        d->off_wday = hp_wday_at(p, p->pos + 1);
        p->pos += 3;
        got = true;
    } else {
        p->pos = save;
    }
    if (hp_parse_day_offset(p, &d->off_days))
        got = true;
    return got;
}

static bool parse_md_range(struct parser *p, struct hmonthday *md)
{
    size_t at = p->pos;
    memset(md, 0, sizeof *md);
    if (parse_date_from(p, &md->from)) {
        bool offset = parse_date_offset(p, &md->from);
        size_t s2 = p->pos;
        hp_skip_sp(p);
        if (cur(p) == '-') {
            p->pos++;
            hp_skip_sp(p);
            size_t s3 = p->pos;
            int dn;
            if (parse_date_from(p, &md->to)) {
                parse_date_offset(p, &md->to);
                md->kind = HMD_DATES;
                return true;
            }
            if (p->fatal)
                return false;
            p->pos = s3;
            if (parse_daynum(p, &dn)) {
                const struct hdate *f = &md->from;
                if (f->kind == HDATE_EASTER)
                    return hp_die(p, s3, GC_ERR_PARSE, "a day number cannot follow easter");
                date_init(&md->to);
                md->to.kind = HDATE_FIXED;
                md->to.year = f->year;
                md->to.month = f->month;
                md->to.day = dn;
                if (f->kind == HDATE_FIXED && f->day > dn) {
                    md->to.month++;  /* May 15-01: to the 1st of June */
                    if (md->to.month > 12) {
                        md->to.month = 1;
                        if (md->to.year)
                            md->to.year++;
                    }
                }
                parse_date_offset(p, &md->to);
                md->kind = HMD_DATES;
                return true;
            }
            if (p->fatal)
                return false;
        }
        p->pos = s2;
        if (md->from.kind == HDATE_NTH && !offset) {
            /* "Apr Su[2]" reads better as the month Apr and the weekday Su[2]. */
            p->pos = at;
        } else {
            md->kind = HMD_DATES;
            md->to = md->from;
            if (cur(p) == '+') {
                p->pos++;
                md->plus = true;
            }
            return true;
        }
    }
    if (p->fatal)
        return false;
    p->pos = at;
    memset(md, 0, sizeof *md);
    md->kind = HMD_MONTHS;
    if (!parse_opt_year(p, &md->year))
        return false;
    int m = parse_month(p, at);
    if (m < 0)
        return false;
    md->m1 = md->m2 = m;
    if (cur(p) == '-' && hp_month_at(p, p->pos + 1) > 0) {
        md->m2 = hp_month_at(p, p->pos + 1);
        p->pos += 4;
    }
    return true;
}

static bool md_item(struct parser *p)
{
    struct hrule *r = p->r;
    struct hmonthday md;
    size_t at = p->pos;
    if (!parse_md_range(p, &md) || hp_list_full(p, at, r->nmds, "dates"))
        return false;
    r->mds[r->nmds++] = md;
    return true;
}

static bool parse_md_sel(struct parser *p)
{
    return hp_parse_list(p, md_item, NULL, false);
}

/* Years, months/dates and weeks, then an optional ':' for readability. */
bool hp_parse_wide(struct parser *p, int *sel_comment)
{
    struct hrule *r = p->r;
    size_t at = p->pos;
    if (cur(p) == '"') {
        int idx;
        if (hp_parse_comment(p, &idx) && cur(p) == ':') {
            p->pos++;
            *sel_comment = idx;
            return true;
        }
        p->pos = at;  /* the comment is the rule's modifier */
        return false;
    }
    bool got = false;
    if (parse_md_sel(p)) {
        got = true;
    } else {
        if (p->fatal)
            return false;
        p->pos = at;
        r->nmds = 0;
        if (parse_year_sel(p)) {
            got = true;
            size_t s = p->pos;
            hp_skip_sp(p);
            if (!parse_md_sel(p)) {
                if (p->fatal)
                    return false;
                p->pos = s;
                r->nmds = 0;
            }
        } else {
            if (p->fatal)
                return false;
            p->pos = at;
            r->nyears = 0;
        }
    }
    size_t s = p->pos;
    if (parse_week_sel(p)) {
        got = true;
    } else {
        if (p->fatal)
            return false;
        p->pos = s;
        r->nweeks = 0;
    }
    if (got && cur(p) == ':')
        p->pos++;
    return got;
}

