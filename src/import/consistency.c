/* consistency.c — warnings when a page and a facility's record disagree, or
 * repeat each other (consistency.h). */
#include "import/consistency.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "knowledge/holidays_fr.h"
#include "knowledge/hours.h"
#include "knowledge/hours_fr.h"
#include "knowledge/placeholders.h"
#include "store/facilities.h"
#include "text/analyze.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/limits.h"
#include "util/mem.h"

#define SCHEDS_MAX 8      /* distinct schedules of one weekday over a year */
#define PIECES_MAX 8      /* open pieces of one day compared */
#define NUMBERS_MAX 32    /* other numbers of one page kept for the end */

struct sched {
    int n;
    int start[PIECES_MAX], end[PIECES_MAX];
};

struct fac {
    char *id, *url, *phone, *phone_digits, *email, *hours_expr;
    struct sched week[7][SCHEDS_MAX];   /* the schedules each weekday has over a year */
    int nweek[7];
    bool has_hours;
};

struct consistency {
    struct fac *v;
    int n;
};

/* "02 38 00 12 00", "+33 2 38 00 12 00" -> "0238001200". */
static void digits_of(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (*s >= '0' && *s <= '9')
            out[k++] = *s;
    out[k] = '\0';
    if (k == 11 && !strncmp(out, "33", 2)) {
        memmove(out + 1, out + 2, 10);
        out[0] = '0';
    }
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static void sched_of(const struct hours *h, long day, struct hours_interval *iv, struct sched *s)
{
    int y, m, d;
    size_t n = 0;
    struct gc_err e = {0};
    s->n = 0;
    clock_civil(day, &y, &m, &d);
    if (hours_day_intervals(h, (struct hours_date){y, m, d}, iv, HOURS_DAY_INTERVALS_MAX, &n, &e))
        return;
    for (size_t i = 0; i < n && s->n < PIECES_MAX; i++)
        if (iv[i].state != HOURS_CLOSED) {
            s->start[s->n] = iv[i].start;
            s->end[s->n] = iv[i].end;
            s->n++;
        }
}

static bool sched_eq(const struct sched *a, const struct sched *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->start[i] != b->start[i] || a->end[i] != b->end[i])
            return false;
    return true;
}

static long today_number(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return clock_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int on_fac(void *ctx, const struct facility_rec *r)
{
    struct consistency *c = ctx;
    c->v = xreallocarray(c->v, (size_t)c->n + 1, sizeof *c->v);
    struct fac *f = &c->v[c->n++];
    memset(f, 0, sizeof *f);
    f->id = xstrdup(r->ext_id);
    f->url = xstrdup(r->url ? r->url : "");
    f->phone = xstrdup(r->phone ? r->phone : "");
    char d[32];
    digits_of(f->phone, d, sizeof d);
    f->phone_digits = xstrdup(d);
    f->email = xstrdup(r->email ? r->email : "");
    lower(f->email);
    f->hours_expr = xstrdup(r->opening_hours ? r->opening_hours : "");
    struct hours *h = NULL;
    struct gc_err e = {0};
    if (*f->hours_expr && hours_parse(f->hours_expr, &h, &e) == GC_OK) {
        /* Every schedule of each weekday over the year to come, public
         * holidays aside (exceptional closures are not in h). */
        struct hours_interval *iv = xcalloc(HOURS_DAY_INTERVALS_MAX, sizeof *iv);
        long t0 = today_number();
        for (long day = t0; day < t0 + 366; day++) {
            int y, m, dd;
            clock_civil(day, &y, &m, &dd);
            if (holidays_fr_is_holiday(y, m, dd, NULL))
                continue;
            int w = clock_weekday(day);
            struct sched s;
            sched_of(h, day, iv, &s);
            bool seen = false;
            for (int k = 0; k < f->nweek[w] && !seen; k++)
                seen = sched_eq(&f->week[w][k], &s);
            if (!seen && f->nweek[w] < SCHEDS_MAX)
                f->week[w][f->nweek[w]++] = s;
        }
        free(iv);
        hours_free(h);
        f->has_hours = true;
    }
    return 0;
}

enum gc_rc consistency_open(struct consistency **out, struct db *db, struct gc_err *e)
{
    struct consistency *c = xcalloc(1, sizeof *c);
    enum gc_rc rc = store_load_facilities(db, on_fac, c, e);
    if (rc) {
        consistency_close(c);
        c = NULL;
    }
    *out = c;
    return rc;
}

void consistency_close(struct consistency *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        free(c->v[i].id);
        free(c->v[i].url);
        free(c->v[i].phone);
        free(c->v[i].phone_digits);
        free(c->v[i].email);
        free(c->v[i].hours_expr);
    }
    free(c->v);
    free(c);
}

static const struct fac *by_id(const struct consistency *c, const char *id)
{
    for (int i = 0; id && *id && i < c->n; i++)
        if (!strcmp(c->v[i].id, id))
            return &c->v[i];
    return NULL;
}

/* The facility a page belongs to: its front matter's, or the one facility
 * at its URL. */
static const struct fac *owner(const struct consistency *c, const struct page_rec *p)
{
    if (p->facility && *p->facility)
        return by_id(c, p->facility);
    const struct fac *found = NULL;
    int n = 0;
    for (int i = 0; p->url && *p->url && i < c->n; i++)
        if (!strcmp(c->v[i].url, p->url)) {
            found = &c->v[i];
            n++;
        }
    return n == 1 ? found : NULL;
}

/* ---- reading a line ---- */

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_alnum(char ch)
{
    return is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* A separator between digit groups of a phone number: space, dot, hyphen,
 * no-break spaces; its length, or 0. */
static size_t sep_len(const char *s, size_t n)
{
    if (n >= 1 && (*s == ' ' || *s == '.' || *s == '-'))
        return 1;
    if (n >= 2 && !memcmp(s, "\xC2\xA0", 2))
        return 2;
    if (n >= 3 && !memcmp(s, "\xE2\x80\xAF", 3))
        return 3;
    return 0;
}

/* A French phone number at s[i..n): its end and its digits ("0XXXXXXXXX"). */
static bool phone_at(const char *s, size_t n, size_t i, size_t *end, char digits[16])
{
    if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+'))
        return false;
    size_t j = i;
    int k = 0;
    if (s[j] == '+') {
        if (j + 3 > n || s[j + 1] != '3' || s[j + 2] != '3')
            return false;
        j += 3;
        j += sep_len(s + j, n - j);
        digits[k++] = '0';
        if (j >= n || !is_digit(s[j]) || s[j] == '0')
            return false;
    } else if (s[j] != '0' || j + 1 >= n || !is_digit(s[j + 1]) || s[j + 1] == '0') {
        return false;
    }
    while (j < n && k < 10) {
        if (is_digit(s[j])) {
            digits[k++] = s[j++];
            continue;
        }
        size_t sl = sep_len(s + j, n - j);
        if (!sl || j + sl >= n || !is_digit(s[j + sl]))
            break;
        j += sl;
    }
    digits[k] = '\0';
    if (k != 10 || (j < n && is_digit(s[j])))
        return false;
    *end = j;
    return true;
}

static bool email_char(char ch)
{
    return is_alnum(ch) || ch == '.' || ch == '_' || ch == '%' || ch == '+' || ch == '-';
}

/* An e-mail address around the '@' at s[at]: its bounds, lower-cased into out. */
static bool email_at(const char *s, size_t n, size_t at, size_t *a, size_t *b, char *out, size_t outn)
{
    size_t i = at, j = at + 1;
    while (i > 0 && email_char(s[i - 1]))
        i--;
    while (j < n && (is_alnum(s[j]) || s[j] == '.' || s[j] == '-'))
        j++;
    while (j > at + 1 && s[j - 1] == '.')
        j--;
    if (i == at || j == at + 1 || !memchr(s + at + 1, '.', j - at - 1) || j - i >= outn)
        return false;
    memcpy(out, s + i, j - i);
    out[j - i] = '\0';
    lower(out);
    *a = i;
    *b = j;
    return true;
}

static bool says_hours(const char *folded)
{
    static const char *const cues[] = {"horaire", "ouvert", "ouvre", "ouverture", NULL};
    for (int i = 0; cues[i]; i++)
        if (strstr(folded, cues[i]))
            return true;
    return false;
}

/* The hours a line writes, as a schedule per weekday (an empty one: a day
 * it does not open); false when the line does not read as hours. */
static bool line_week(const char *line, struct sched week[7])
{
    struct buf osm;
    struct gc_err e = {0};
    buf_init(&osm, GC_HOURS_EXPR_MAX);
    bool ok = strlen(line) <= GC_HOURS_FR_TEXT_MAX && hours_fr_to_osm(line, &osm, &e) == GC_OK;
    struct hours *h = NULL;
    if (ok)
        ok = hours_parse(buf_str(&osm), &h, &e) == GC_OK;
    if (ok) {
        /* A week without public holidays: 3 to 9 March 2025. */
        struct hours_interval *iv = xcalloc(HOURS_DAY_INTERVALS_MAX, sizeof *iv);
        long monday = clock_days(2025, 3, 3);
        for (int w = 0; w < 7; w++)
            sched_of(h, monday + w, iv, &week[w]);
        free(iv);
    }
    hours_free(h);
    buf_free(&osm);
    return ok;
}

static void put_sched(struct buf *b, int w, const struct sched *s)
{
    static const char *const wd[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    buf_printf(b, "%s%s ", b->len ? "; " : "", wd[w]);
    for (int i = 0; i < s->n; i++)
        buf_printf(b, "%s%02d:%02d-%02d:%02d", i ? "," : "", s->start[i] / 60, s->start[i] % 60,
                   s->end[i] / 60, s->end[i] % 60);
}

struct other {
    int line;
    char text[256];
    bool email;
};

int consistency_check(const struct consistency *c, const struct page_rec *p, const char *text,
                      size_t len, consistency_warn warn, void *ctx)
{
    const char *file = p->source ? p->source : "";
    const struct fac *own = owner(c, p);
    int warnings = 0, line = 1;
    bool own_phone = false, own_email = false, hours_heading = false;
    struct other others[NUMBERS_MAX];
    int nothers = 0;
    char msg[1024];
    size_t i = 0;
    /* Skip the front matter: from the first line to the second "---". */
    int dashes = 0;
    while (i < len && dashes < 2) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t a = i;
        if (line == 1 && end - a >= 3 && !memcmp(text + a, "\xEF\xBB\xBF", 3))
            a += 3;
        size_t n = end - a;
        while (n && text[a + n - 1] == '\r')
            n--;
        if (n == 3 && !memcmp(text + a, "---", 3))
            dashes++;
        i = nl ? end + 1 : len;
        line++;
    }
    struct buf lb;
    buf_init(&lb, GC_PAGE_TEXT_MAX);
    for (; i < len; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        buf_reset(&lb);
        buf_add(&lb, text + i, end - i);
        char *s = lb.data ? lb.data : (char *)"";
        size_t n = lb.len;
        i = nl ? end + 1 : len;
        /* Placeholders: what they state, and blanks in their place. */
        size_t pos = 0;
        struct ph_ref ref;
        while (placeholders_next(s, n, &pos, &ref)) {
            const struct fac *f = *ref.id ? by_id(c, ref.id) : own;
            if (*ref.id && !f) {
                snprintf(msg, sizeof msg, "{{%s:%s}}: no facility '%s' in the database (the "
                                          "sentence is left out until there is one)",
                         ref.name, ref.id, ref.id);
                warn(ctx, file, line, msg);
                warnings++;
            }
            if (f && f == own && ref.field == PH_PHONE)
                own_phone = true;
            if (f && f == own && ref.field == PH_EMAIL)
                own_email = true;
            memset(s + ref.start, ' ', ref.end - ref.start);
        }
        if (n && s[0] == '#') {
            char *fh = analyze_fold(s, n);
            hours_heading = strstr(fh, "horaire") != NULL;
            free(fh);
            continue;
        }
        /* Phone numbers and e-mail addresses written by hand. */
        for (size_t k = 0; k < n; k++) {
            size_t e1, a, b;
            char d[16], em[256];
            const struct fac *f = NULL;
            bool is_mail = false;
            const char *what = NULL;
            if ((s[k] == '0' || s[k] == '+') && phone_at(s, n, k, &e1, d)) {
                for (int x = 0; x < c->n && !f; x++)
                    if (*c->v[x].phone_digits && !strcmp(c->v[x].phone_digits, d))
                        f = &c->v[x];
                what = f ? f->phone : NULL;
                if (!f && own && nothers < NUMBERS_MAX) {
                    others[nothers] = (struct other){line, "", false};
                    snprintf(others[nothers++].text, sizeof others[0].text, "%.*s", (int)(e1 - k), s + k);
                }
                k = e1 - 1;
            } else if (s[k] == '@' && email_at(s, n, k, &a, &b, em, sizeof em)) {
                is_mail = true;
                for (int x = 0; x < c->n && !f; x++)
                    if (*c->v[x].email && !strcmp(c->v[x].email, em))
                        f = &c->v[x];
                what = f ? f->email : NULL;
                if (!f && own && nothers < NUMBERS_MAX) {
                    others[nothers] = (struct other){line, "", true};
                    snprintf(others[nothers++].text, sizeof others[0].text, "%.200s", em);
                }
                k = b - 1;
            } else {
                continue;
            }
            if (!f)
                continue;
            if (f == own)
                *(is_mail ? &own_email : &own_phone) = true;
            snprintf(msg, sizeof msg,
                     "%s %s is written by hand: it is the record of facility '%s'; write "
                     "{{%s%s%s}} so that the page follows the record",
                     is_mail ? "the e-mail" : "the phone number", what, f->id,
                     is_mail ? "email" : "phone", f == own ? "" : ":", f == own ? "" : f->id);
            warn(ctx, file, line, msg);
            warnings++;
        }
        /* Opening hours written by hand, in the page of a facility. */
        if (!own || !own->has_hours)
            continue;
        char *fl = analyze_fold(s, n);
        bool about_hours = hours_heading || says_hours(fl);
        free(fl);
        if (!about_hours)
            continue;
        /* Markdown list marks and emphasis do not carry hours. */
        struct buf plain;
        buf_init(&plain, n + 1);
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '*'))
            k++;
        for (; k < n; k++)
            if (s[k] != '*' && s[k] != '_')
                buf_addc(&plain, s[k]);
        struct sched wk[7];
        if (plain.len && line_week(buf_str(&plain), wk)) {
            struct buf bad;
            buf_init(&bad, 1024);
            for (int w = 0; w < 7; w++) {
                if (wk[w].n == 0)
                    continue;
                bool known = false;
                for (int x = 0; x < own->nweek[w] && !known; x++)
                    known = sched_eq(&own->week[w][x], &wk[w]);
                if (!known)
                    put_sched(&bad, w, &wk[w]);
            }
            if (bad.len) {
                snprintf(msg, sizeof msg,
                         "the hours written here (%s) differ from the record of facility '%s' "
                         "(%s): write {{hours}} so that the page follows the record",
                         buf_str(&bad), own->id, own->hours_expr);
            } else {
                snprintf(msg, sizeof msg,
                         "opening hours are written by hand: they are the record of facility "
                         "'%s'; write {{hours}} so that the page follows the record",
                         own->id);
            }
            warn(ctx, file, line, msg);
            warnings++;
            buf_free(&bad);
        }
        buf_free(&plain);
    }
    buf_free(&lb);
    /* Other numbers in the page of a facility that never gives its own: the
     * page and the record disagree. */
    for (int k = 0; own && k < nothers; k++) {
        const struct other *o = &others[k];
        if ((o->email && own_email) || (!o->email && own_phone) ||
            !*(o->email ? own->email : own->phone))
            continue;
        snprintf(msg, sizeof msg,
                 "%s %s differs from the record of facility '%s' (%s), and the page never gives "
                 "the record's: which one is right? write {{%s}} to say the record's",
                 o->email ? "the e-mail" : "the phone number", o->text, own->id,
                 o->email ? own->email : own->phone, o->email ? "email" : "phone");
        warn(ctx, file, o->line, msg);
        warnings++;
    }
    return warnings;
}
