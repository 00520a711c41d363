/* hours_parse.c — the opening_hours parser: text -> struct hours.
 *
 * A hand-written recursive-descent parser over the grammar of the OSM wiki
 * (Key:opening_hours/specification), with PEG-style ordered alternatives and
 * backtracking.  Errors report the furthest position any alternative reached
 * and what was expected there ("at 14: expected a time (HH:MM)"), which is
 * where a person looks for the typo.  Semantic errors (minute 75, sunrise)
 * stop the parse at once with their own message.
 *
 * Every list is capped (util/limits.h: GC_HOURS_*) so a hostile value cannot
 * make us allocate or loop without bound. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/hours_parse.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char *const x_names[X__COUNT] = {
    [X_RULE] = "a rule (weekdays, times, dates, 24/7, open/closed)",
    [X_TIME] = "a time (HH:MM)",
    [X_DASH] = "'-' or '+' after the time (a lone time like 10:00 is not a range)",
    [X_WDAY] = "a weekday (Mo Tu We Th Fr Sa Su) or PH",
    [X_MONTH] = "a month (Jan..Dec)",
    [X_YEAR] = "a year (1900-9999)",
    [X_WEEKNUM] = "a week number (1-53)",
    [X_NTH] = "a rank in the month (1 to 5, or -1 to -5)",
    [X_BRACKET] = "']'",
    [X_QUOTE] = "'\"' to close the comment",
    [X_STATE] = "a state (open, closed, off, unknown)",
    [X_SEP] = "a rule separator (';', ',' or '||')",
    [X_NUMBER] = "a number",
    [X_COMMENT] = "a comment",
};

static const char *const wday_names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- low-level helpers ---- */






/* Record a failure at `at`; always returns false. */
bool hp_fail(struct parser *p, size_t at, int x)
{
    if (at > p->far) {
        p->far = at;
        p->expect = 0;
    }
    if (at == p->far)
        p->expect |= 1u << x;
    return false;
}

/* Record a semantic error (the first one wins); always returns false. */
bool hp_die(struct parser *p, size_t at, enum gc_rc rc, const char *fmt, ...)
{
    if (!p->fatal) {
        va_list ap;
        p->fatal = true;
        p->fatal_pos = at;
        va_start(ap, fmt);
        gc_err_vset(&p->fatal_err, rc, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool hp_list_full(struct parser *p, size_t at, int n, const char *what)
{
    if (n < GC_HOURS_LIST_MAX)
        return false;
    hp_die(p, at, GC_ERR_TOOBIG, "more than %d %s in a rule", GC_HOURS_LIST_MAX, what);
    return true;
}

bool hp_parse_list(struct parser *p, bool (*item)(struct parser *p),
                   bool (*more)(const struct parser *p, size_t i), bool spaces)
{
    if (!item(p))
        return false;
    while (cur(p) == ',') {
        size_t save = p->pos;
        p->pos++;
        if (spaces)
            hp_skip_sp(p);
        if ((more && !more(p, p->pos)) || !item(p)) {
            if (p->fatal)
                return false;
            p->pos = save;
            break;
        }
    }
    return true;
}

size_t hp_skip_sp(struct parser *p)
{
    size_t k = 0;
    while (cur(p) == ' ' || cur(p) == '\t') {
        p->pos++;
        k++;
    }
    return k;
}

/* Case-insensitive keyword w at i, not followed by a letter. */
bool hp_word_at(const struct parser *p, size_t i, const char *w)
{
    size_t k = 0;
    for (; w[k]; k++)
        if (lower(ch(p, i + k)) != lower((unsigned char)w[k]))
            return false;
    return !is_alpha(ch(p, i + k));
}

bool hp_take_word(struct parser *p, const char *w)
{
    if (!hp_word_at(p, p->pos, w))
        return false;
    p->pos += strlen(w);
    return true;
}



int hp_wday_at(const struct parser *p, size_t i)
{
    for (int k = 0; k < 7; k++)
        if (hp_word_at(p, i, wday_names[k]))
            return k;
    return -1;
}

int hp_month_at(const struct parser *p, size_t i)
{
    for (int k = 0; k < 12; k++)
        if (hp_word_at(p, i, month_names[k]))
            return k + 1;
    return -1;
}

static bool sun_event_at(const struct parser *p, size_t i)
{
    if (ch(p, i) == '(')
        i++;
    return hp_word_at(p, i, "sunrise") || hp_word_at(p, i, "sunset") || hp_word_at(p, i, "dawn") ||
           hp_word_at(p, i, "dusk");
}

/* ---- comments ---- */

int hours_comment_add(struct hours *h, const char *s, size_t n)
{
    h->comments = xreallocarray(h->comments, (size_t)h->ncomments + 1, sizeof *h->comments);
    h->comments[h->ncomments] = xstrndup(s, n);
    return h->ncomments++;
}

/* '"' text '"' -> index in h->comments. */
bool hp_parse_comment(struct parser *p, int *idx)
{
    size_t at = p->pos;
    if (cur(p) != '"')
        return false;
    const char *end = memchr(p->s + at + 1, '"', p->n - at - 1);
    if (!end)
        return hp_fail(p, p->n, X_QUOTE);
    size_t len = (size_t)(end - (p->s + at + 1));
    if (len == 0)
        return hp_die(p, at, GC_ERR_PARSE, "empty comment \"\"");
    *idx = hours_comment_add(p->h, p->s + at + 1, len);
    p->pos = at + len + 2;
    return true;
}

/* ---- times ---- */

/* H:MM or HH:MM.  extended: an end time, up to 48:00. */
static bool parse_time(struct parser *p, bool extended, int *minutes)
{
    size_t at = p->pos;
    if (sun_event_at(p, at))
        return hp_die(p, at, GC_ERR_PARSE,
                   "sunrise, sunset, dawn and dusk are not supported (they depend on the "
                   "place); write fixed times");
    size_t nd = digits_at(p, at);
    if (nd < 1 || nd > 2 || ch(p, at + nd) != ':' || digits_at(p, at + nd + 1) != 2)
        return hp_fail(p, at, X_TIME);
    int hh = number_at(p, at, nd);
    int mm = number_at(p, at + nd + 1, 2);
    if (mm > 59)
        return hp_die(p, at, GC_ERR_PARSE, "minutes must be 00 to 59");
    int t = hh * 60 + mm;
    if (extended ? t > 48 * 60 : t >= 24 * 60)
        return hp_die(p, at, GC_ERR_PARSE, extended ? "a closing time cannot pass 48:00"
                                                 : "an opening time must be before 24:00");
    *minutes = t;
    p->pos = at + nd + 3;
    return true;
}

static bool add_span(struct parser *p, size_t at, const struct hspan *sp)
{
    struct hrule *r = p->r;
    if (p->h->spans_total >= GC_HOURS_SPANS_MAX)
        return hp_die(p, at, GC_ERR_TOOBIG, "more than %d time spans", GC_HOURS_SPANS_MAX);
    r->spans = xreallocarray(r->spans, (size_t)r->nspans + 1, sizeof *r->spans);
    r->spans[r->nspans++] = *sp;
    p->h->spans_total++;
    return true;
}

/* time ( '-' ext_time ['+'] | '+' ) */
static bool parse_span(struct parser *p, struct hspan *sp)
{
    size_t at = p->pos;
    int a, b;
    if (!parse_time(p, false, &a))
        return false;
    size_t save = p->pos;
    hp_skip_sp(p);
    if (cur(p) == '+') {
        p->pos++;
        sp->start = a;
        sp->end = 24 * 60;
        sp->open_end = true;
        return true;
    }
    if (cur(p) != '-') {
        p->pos = save;
        return hp_fail(p, save, X_DASH);
    }
    p->pos++;
    hp_skip_sp(p);
    if (!parse_time(p, true, &b)) {
        p->pos = at;
        return false;
    }
    save = p->pos;
    hp_skip_sp(p);
    if (cur(p) == '/')
        return hp_die(p, p->pos, GC_ERR_PARSE,
                   "repeated points in time (10:00-16:00/01:30) are not supported");
    p->pos = save;
    sp->open_end = false;
    if (cur(p) == '+') {
        p->pos++;
        sp->open_end = true;
    }
    if (b <= a)
        b += 24 * 60;  /* 22:00-02:00 runs past midnight */
    sp->start = a;
    sp->end = b;
    return true;
}

static bool span_item(struct parser *p)
{
    struct hspan sp;
    size_t at = p->pos;
    return parse_span(p, &sp) && add_span(p, at, &sp);
}

/* span (',' [space] span)* ; a ',' not followed by a span is left alone. */
static bool parse_time_sel(struct parser *p)
{
    return hp_parse_list(p, span_item, NULL, true);
}

/* ---- weekdays and holidays ---- */

/* ' ' ('+'|'-') number ' ' "day"["s"] */
bool hp_parse_day_offset(struct parser *p, int *off)
{
    size_t save = p->pos;
    if (hp_skip_sp(p) == 0 || (cur(p) != '+' && cur(p) != '-'))
        goto no;
    int sign = cur(p) == '-' ? -1 : 1;
    p->pos++;
    size_t nd = digits_at(p, p->pos);
    if (nd < 1 || nd > 3)
        goto no;
    int v = number_at(p, p->pos, nd);
    p->pos += nd;
    if (hp_skip_sp(p) == 0 || !(hp_take_word(p, "days") || hp_take_word(p, "day")))
        goto no;
    if (v > 366)
        return hp_die(p, save, GC_ERR_PARSE, "day offsets are limited to 366 days");
    *off = sign * v;
    return true;
no:
    p->pos = save;
    return false;
}

static bool parse_nth(struct parser *p, struct hweekday *w)
{
    for (;;) {
        size_t at = p->pos;
        bool neg = false;
        if (cur(p) == '-') {
            neg = true;
            p->pos++;
        }
        int c = cur(p);
        if (c < '1' || c > '5' || is_digit(ch(p, p->pos + 1)))
            return hp_fail(p, at, X_NTH);
        int a = c - '0', b = a;
        p->pos++;
        if (!neg && cur(p) == '-' && ch(p, p->pos + 1) >= '1' && ch(p, p->pos + 1) <= '5') {
            b = ch(p, p->pos + 1) - '0';
            p->pos += 2;
            if (b < a)
                return hp_die(p, at, GC_ERR_PARSE, "rank range goes backwards");
        }
        for (int i = a; i <= b; i++) {
            if (neg)
                w->nth_end |= 1u << (i - 1);
            else
                w->nth_start |= 1u << (i - 1);
        }
        if (cur(p) != ',')
            break;
        p->pos++;
    }
    if (cur(p) != ']')
        return hp_fail(p, p->pos, X_BRACKET);
    p->pos++;
    return true;
}

static bool parse_wd_item(struct parser *p, struct hweekday *w)
{
    size_t at = p->pos;
    memset(w, 0, sizeof *w);
    if (hp_take_word(p, "PH")) {
        w->kind = HWD_PH;
        hp_parse_day_offset(p, &w->offset);
        return true;
    }
    if (hp_take_word(p, "SH")) {
        w->kind = HWD_SH;
        return true;
    }
    int d = hp_wday_at(p, at);
    if (d < 0)
        return hp_fail(p, at, X_WDAY);
    p->pos += 2;
    w->kind = HWD_DAYS;
    w->d1 = w->d2 = d;
    if (cur(p) == '[') {
        p->pos++;
        if (!parse_nth(p, w))
            return false;
        hp_parse_day_offset(p, &w->offset);
    } else if (cur(p) == '-' && hp_wday_at(p, p->pos + 1) >= 0) {
        w->d2 = hp_wday_at(p, p->pos + 1);
        p->pos += 3;
    } else if (cur(p) == '-' && is_alpha(ch(p, p->pos + 1))) {
        hp_fail(p, p->pos + 1, X_WDAY);  /* "Mo-Fx": point at the typo */
    }
    return true;
}

static bool wd_item(struct parser *p)
{
    struct hweekday w;
    size_t at = p->pos;
    if (!parse_wd_item(p, &w) || hp_list_full(p, at, p->r->nwds, "weekday items"))
        return false;
    p->r->wds[p->r->nwds++] = w;
    return true;
}

static bool wd_item_at(const struct parser *p, size_t i)
{
    return hp_wday_at(p, i) >= 0 || hp_word_at(p, i, "PH") || hp_word_at(p, i, "SH");
}

/* One ','-separated group.  Spaces after ',' are tolerated when another
 * weekday follows ("Sa, Su"): nobody means an extra all-day rule there. */
static bool parse_wd_group(struct parser *p, bool second)
{
    struct hrule *r = p->r;
    int first = r->nwds;
    if (!hp_parse_list(p, wd_item, wd_item_at, true))
        return false;
    for (int i = first; i < r->nwds; i++)
        r->wds[i].second = second;
    return true;
}

/* group [' ' group]: "PH Su" (holidays that fall on a Sunday) is an
 * intersection, as the specification says. */
static bool parse_weekday_sel(struct parser *p)
{
    struct hrule *r = p->r;
    if (!parse_wd_group(p, false))
        return false;
    bool holidays = true, days = true;
    for (int i = 0; i < r->nwds; i++) {
        if (r->wds[i].kind == HWD_DAYS)
            holidays = false;
        else
            days = false;
    }
    size_t save = p->pos;
    if (hp_skip_sp(p) > 0) {
        bool other = (holidays && hp_wday_at(p, p->pos) >= 0) ||
                     (days && (hp_word_at(p, p->pos, "PH") || hp_word_at(p, p->pos, "SH")));
        if (other) {
            if (!parse_wd_group(p, true))
                return false;
            r->wd_intersect = true;
            return true;
        }
    }
    p->pos = save;
    return true;
}

/* weekdays [' ' times] | times */
static bool parse_small(struct parser *p)
{
    struct hrule *r = p->r;
    size_t at = p->pos;
    if (parse_weekday_sel(p)) {
        size_t save = p->pos;
        if (hp_skip_sp(p) > 0) {
            int before = r->nspans;
            if (!parse_time_sel(p)) {
                if (p->fatal)
                    return false;
                p->h->spans_total -= r->nspans - before;
                r->nspans = before;
                p->pos = save;
            }
        } else {
            p->pos = save;
        }
        return true;
    }
    if (p->fatal)
        return false;
    p->pos = at;
    r->nwds = 0;
    r->wd_intersect = false;
    return parse_time_sel(p);
}

/* ---- rules ---- */

static bool take_state(struct parser *p, enum hours_state *st)
{
    static const struct {
        const char *word;
        enum hours_state state;
    } states[] = {
        {"open", HOURS_OPEN},
        {"closed", HOURS_CLOSED},
        {"off", HOURS_CLOSED},
        {"unknown", HOURS_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        if (hp_take_word(p, states[i].word)) {
            *st = states[i].state;
            return true;
        }
    }
    return false;
}

static bool parse_rule(struct parser *p, enum hours_op op)
{
    struct hours *h = p->h;
    if (h->nrules >= GC_HOURS_RULES_MAX)
        return hp_die(p, p->pos, GC_ERR_TOOBIG, "more than %d rules", GC_HOURS_RULES_MAX);
    h->rules = xreallocarray(h->rules, (size_t)h->nrules + 1, sizeof *h->rules);
    struct hrule *r = &h->rules[h->nrules++];
    memset(r, 0, sizeof *r);
    r->op = op;
    r->comment = -1;
    p->r = r;

    size_t at = p->pos;
    bool sel = false;
    int sel_comment = -1, mod_comment = -1;
    if (ch(p, at) == '2' && ch(p, at + 1) == '4' && ch(p, at + 2) == '/' && ch(p, at + 3) == '7') {
        p->pos += 4;
        sel = true;
    } else {
        if (hp_parse_wide(p, &sel_comment))
            sel = true;
        else if (p->fatal)
            return false;
        size_t s = p->pos;
        if (sel)
            hp_skip_sp(p);
        if (parse_small(p))
            sel = true;
        else if (p->fatal)
            return false;
        else
            p->pos = s;
    }

    size_t s = p->pos;
    size_t nsp = hp_skip_sp(p);
    bool explicit_state = false, mod = false;
    if (sel && nsp == 0 && is_alpha(cur(p))) {
        /* "Mo-Frclosed": keywords need a space after the selectors. */
        p->pos = s;
    } else if (take_state(p, &r->state)) {
        explicit_state = mod = true;
        size_t s2 = p->pos;
        if (hp_skip_sp(p) > 0 && cur(p) == '"') {
            if (!hp_parse_comment(p, &mod_comment))
                return false;
        } else {
            p->pos = s2;
        }
    } else if (cur(p) == '"') {
        if (!hp_parse_comment(p, &mod_comment))
            return false;
        mod = true;
    } else {
        hp_fail(p, p->pos, X_STATE);
        hp_fail(p, p->pos, X_COMMENT);
        p->pos = s;
    }
    if (!sel && !mod)
        return hp_fail(p, at, X_RULE);
    r->comment = mod_comment >= 0 ? mod_comment : sel_comment;
    if (!explicit_state)
        /* A lone comment ("on appointment") says nothing about the state:
         * unknown, as in the specification.  With selectors it is open. */
        r->state = !sel && sel_comment < 0 ? HOURS_UNKNOWN : HOURS_OPEN;
    return true;
}

static bool parse_value(struct parser *p)
{
    enum hours_op op = OP_NORMAL;
    hp_skip_sp(p);
    if (p->pos >= p->n)
        return hp_fail(p, p->pos, X_RULE);
    for (;;) {
        if (!parse_rule(p, op))
            return false;
        hp_skip_sp(p);
        if (p->pos >= p->n)
            return true;
        if (cur(p) == ';') {
            p->pos++;
            hp_skip_sp(p);
            if (p->pos >= p->n)
                return true;  /* a trailing ';' is harmless */
            op = OP_NORMAL;
        } else if (cur(p) == '|' && ch(p, p->pos + 1) == '|') {
            p->pos += 2;
            hp_skip_sp(p);
            op = OP_FALLBACK;
        } else if (cur(p) == ',') {
            p->pos++;
            hp_skip_sp(p);
            op = OP_ADDITIONAL;
        } else {
            return hp_fail(p, p->pos, X_SEP);
        }
    }
}

/* Position of the first byte that is not valid UTF-8 or is a control
 * character (tab allowed), or n when all is well. */
static size_t check_bytes(const unsigned char *s, size_t n, bool *utf8_bad)
{
    size_t i = 0;
    *utf8_bad = false;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return i;
            i++;
            continue;
        }
        size_t len = utf8_seq_len((const char *)s + i, n - i, NULL);
        if (!len) {
            *utf8_bad = true;
            return i;
        }
        i += len;
    }
    return n;
}

static void expect_message(const struct parser *p, char *out, size_t cap)
{
    size_t len = 0;
    int count = 0, total = 0;
    unsigned expect = p->expect;
    if (expect & (1u << X_RULE))  /* its phrase already names the alternatives */
        expect &= ~((1u << X_TIME) | (1u << X_WDAY) | (1u << X_MONTH) | (1u << X_YEAR) |
                    (1u << X_STATE) | (1u << X_COMMENT));
    for (int x = 0; x < X__COUNT; x++)
        if (expect & (1u << x))
            total++;
    len += (size_t)snprintf(out, cap, "expected ");
    for (int x = 0; x < X__COUNT && len < cap; x++) {
        if (!(expect & (1u << x)))
            continue;
        const char *joint = count == 0 ? "" : count == total - 1 ? " or " : ", ";
        len += (size_t)snprintf(out + len, cap - len, "%s%s", joint, x_names[x]);
        count++;
    }
    if (total == 0)
        snprintf(out, cap, "unexpected text");
}

enum gc_rc hours_parse_pos(const char *expr, struct hours **out, size_t *err_pos,
                           struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_PARSE;
    struct parser p;
    struct hours *h = NULL;
    size_t dummy;

    if (!err_pos)
        err_pos = &dummy;
    *err_pos = 0;
    if (out)
        *out = NULL;
    if (!expr || !out) {
        rc = gc_err_set(e, GC_ERR_INVALID, "no opening_hours value");
        goto out;
    }
    size_t n = strlen(expr);
    if (n > GC_HOURS_EXPR_MAX) {
        *err_pos = GC_HOURS_EXPR_MAX;
        rc = gc_err_set(e, GC_ERR_TOOBIG, "at %d: value longer than %d bytes", GC_HOURS_EXPR_MAX,
                        GC_HOURS_EXPR_MAX);
        goto out;
    }
    bool utf8_bad;
    size_t bad = check_bytes((const unsigned char *)expr, n, &utf8_bad);
    if (bad < n) {
        *err_pos = bad;
        rc = gc_err_set(e, GC_ERR_PARSE, "at %zu: %s", bad,
                        utf8_bad ? "invalid UTF-8" : "control character");
        goto out;
    }

    h = xcalloc(1, sizeof *h);
    memset(&p, 0, sizeof p);
    p.s = expr;
    p.n = n;
    p.h = h;
    if (!parse_value(&p)) {
        if (p.fatal) {
            *err_pos = p.fatal_pos;
            rc = gc_err_set(e, p.fatal_err.rc, "at %zu: %s", p.fatal_pos, p.fatal_err.msg);
        } else {
            char msg[400];
            expect_message(&p, msg, sizeof msg);
            *err_pos = p.far;
            rc = gc_err_set(e, GC_ERR_PARSE, "at %zu: %s", p.far, msg);
        }
        goto out;
    }
    *out = h;
    h = NULL;
    rc = GC_OK;
out:
    hours_free(h);
    return rc;
}

enum gc_rc hours_parse(const char *expr, struct hours **out, struct gc_err *e)
{
    return hours_parse_pos(expr, out, NULL, e);
}
