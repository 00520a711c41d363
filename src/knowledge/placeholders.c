/* placeholders.c — {{phone}}, {{hours}}... expanded from the facilities'
 * records (placeholders.h). */
#include "knowledge/placeholders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/dates_fr.h"
#include "knowledge/holidays_fr.h"
#include "knowledge/hours.h"
#include "text/sentences.h"
#include "util/clock.h"
#include "util/limits.h"
#include "util/mem.h"

#define CLOSURES_AHEAD_DAYS 60   /* exceptional closures {{hours}} announces */
#define WEEK_PIECES_MAX 8        /* opening pieces of one day kept */
#define UNRESOLVED '\x01'        /* stands for what could not be expanded, then goes */

static const char *const field_names[] = {"phone", "email", "address", "name", "hours"};

bool placeholders_next(const char *t, size_t len, size_t *pos, struct ph_ref *out)
{
    for (size_t i = *pos; i + 4 <= len; i++) {
        if (t[i] != '{' || t[i + 1] != '{')
            continue;
        size_t j = i + 2;
        while (j < len && t[j] == ' ')
            j++;
        size_t f0 = j;
        while (j < len && ((t[j] >= 'a' && t[j] <= 'z') || t[j] == '_'))
            j++;
        size_t f1 = j, i0 = j, i1 = j;
        if (j < len && t[j] == ':') {
            i0 = ++j;
            while (j < len && ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z') ||
                               (t[j] >= '0' && t[j] <= '9') || t[j] == '-' || t[j] == '_' ||
                               t[j] == '.'))
                j++;
            i1 = j;
            if (i1 == i0)
                continue;
        }
        while (j < len && t[j] == ' ')
            j++;
        if (f1 == f0 || j + 2 > len || t[j] != '}' || t[j + 1] != '}' ||
            f1 - f0 >= sizeof out->name || i1 - i0 >= sizeof out->id)
            continue;
        memset(out, 0, sizeof *out);
        out->start = i;
        out->end = j + 2;
        memcpy(out->name, t + f0, f1 - f0);
        memcpy(out->id, t + i0, i1 - i0);
        out->field = PH_UNKNOWN;
        for (int k = 0; k < PH_UNKNOWN; k++)
            if (!strcmp(out->name, field_names[k]))
                out->field = (enum ph_field)k;
        *pos = out->end;
        return true;
    }
    return false;
}

/* ---- the records ---- */

struct closure {
    long first, last;
    char *reason;
};

struct rec {
    char *id, *name, *phone, *email, *address;
    struct hours *hours;       /* regular hours, without closures; NULL = none */
    struct closure *closures;
    int nclosures;
};

struct placeholders {
    struct rec *v;
    int n;
};

struct placeholders *placeholders_new(void)
{
    return xcalloc(1, sizeof(struct placeholders));
}

void placeholders_free(struct placeholders *ph)
{
    if (!ph)
        return;
    for (int i = 0; i < ph->n; i++) {
        struct rec *r = &ph->v[i];
        free(r->id);
        free(r->name);
        free(r->phone);
        free(r->email);
        free(r->address);
        hours_free(r->hours);
        for (int k = 0; k < r->nclosures; k++)
            free(r->closures[k].reason);
        free(r->closures);
    }
    free(ph->v);
    free(ph);
}

static long day_of(const char *s)
{
    if (!s || strlen(s) != 10)
        return -1;
    int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10), d = (int)strtol(s + 8, NULL, 10);
    return clock_date_valid(y, m, d) ? clock_days(y, m, d) : -1;
}

static char *dup(const char *s)
{
    return xstrdup(s ? s : "");
}

enum gc_rc placeholders_add(struct placeholders *ph, const struct facility_rec *f, struct gc_err *e)
{
    ph->v = xreallocarray(ph->v, (size_t)ph->n + 1, sizeof *ph->v);
    struct rec *r = &ph->v[ph->n++];
    memset(r, 0, sizeof *r);
    r->id = dup(f->ext_id);
    r->name = dup(f->name);
    r->phone = dup(f->phone);
    r->email = dup(f->email);
    r->address = dup(f->address);
    for (int i = 0; i < f->nclosures; i++) {
        long a = day_of(f->closures[i].from), b = day_of(f->closures[i].to);
        if (a < 0 || b < a)
            continue;
        r->closures = xreallocarray(r->closures, (size_t)r->nclosures + 1, sizeof *r->closures);
        r->closures[r->nclosures++] = (struct closure){a, b, dup(f->closures[i].reason)};
    }
    if (f->opening_hours && *f->opening_hours)
        return hours_parse(f->opening_hours, &r->hours, e);
    return GC_OK;
}

static int on_rec(void *ctx, const struct facility_rec *f)
{
    struct gc_err e = {0};
    (void)placeholders_add(ctx, f, &e);   /* hours that no longer compile: none said */
    return 0;
}

enum gc_rc placeholders_load(struct db *db, struct placeholders **out, struct gc_err *e)
{
    struct placeholders *ph = placeholders_new();
    enum gc_rc rc = store_load_facilities(db, on_rec, ph, e);
    if (rc) {
        placeholders_free(ph);
        ph = NULL;
    }
    *out = ph;
    return rc;
}

static const struct rec *find(const struct placeholders *ph, const char *id)
{
    for (int i = 0; ph && id && *id && i < ph->n; i++)
        if (!strcmp(ph->v[i].id, id))
            return &ph->v[i];
    return NULL;
}

/* ---- {{hours}} ---- */

struct day_sched {
    int n;
    int start[WEEK_PIECES_MAX], end[WEEK_PIECES_MAX];
    const char *note[WEEK_PIECES_MAX];   /* comment of an "unknown" piece, or NULL */
};

static bool sched_equal(const struct day_sched *a, const struct day_sched *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->start[i] != b->start[i] || a->end[i] != b->end[i] ||
            (a->note[i] != NULL) != (b->note[i] != NULL) ||
            (a->note[i] && strcmp(a->note[i], b->note[i])))
            return false;
    return true;
}

static bool holiday(long day)
{
    int y, m, d;
    clock_civil(day, &y, &m, &d);
    return holidays_fr_is_holiday(y, m, d, NULL);
}

/* The open pieces of day in *s. */
static void day_pieces(const struct hours *h, long day, struct hours_interval *iv, struct day_sched *s)
{
    int y, m, d;
    size_t n = 0;
    clock_civil(day, &y, &m, &d);
    s->n = 0;
    struct gc_err e = {0};
    if (hours_day_intervals(h, (struct hours_date){y, m, d}, iv, HOURS_DAY_INTERVALS_MAX, &n, &e))
        return;
    for (size_t i = 0; i < n && s->n < WEEK_PIECES_MAX; i++) {
        if (iv[i].state == HOURS_CLOSED)
            continue;
        s->start[s->n] = iv[i].start;
        s->end[s->n] = iv[i].end;
        s->note[s->n] = iv[i].state == HOURS_UNKNOWN ? (iv[i].comment ? iv[i].comment : "")
                                                     : NULL;
        s->n++;
    }
}

/* A time as French pages write it: "14 h", "13 h 45", "minuit". */
static void put_time(struct buf *b, int minute)
{
    if (minute == 0 || minute == 1440)
        buf_adds(b, "minuit");
    else if (minute % 60)
        buf_printf(b, "%d h %02d", minute / 60, minute % 60);
    else
        buf_printf(b, "%d h", minute / 60);
}

static void put_pieces(struct buf *b, const struct day_sched *s)
{
    for (int i = 0; i < s->n; i++) {
        buf_adds(b, i == 0 ? "de " : i + 1 == s->n ? " et de " : ", de ");
        put_time(b, s->start[i]);
        buf_adds(b, " à ");
        put_time(b, s->end[i]);
        if (s->note[i])
            buf_printf(b, " (%s)", *s->note[i] ? s->note[i] : "à confirmer");
    }
}

/* "du mardi au samedi", "le mardi, le jeudi et le vendredi", "tous les jours". */
static void put_days(struct buf *b, const int *days, int n)
{
    bool run = n >= 3;
    for (int i = 1; i < n; i++)
        run = run && days[i] == days[i - 1] + 1;
    if (n == 7)
        buf_adds(b, "tous les jours");
    else if (run)
        buf_printf(b, "du %s au %s", dates_fr_weekday(days[0]), dates_fr_weekday(days[n - 1]));
    else
        for (int i = 0; i < n; i++)
            buf_printf(b, "%sle %s", i == 0 ? "" : i + 1 == n ? " et " : ", ",
                       dates_fr_weekday(days[i]));
}

static void capitalize_from(struct buf *b, size_t at)
{
    if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z')
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

/* The typical week of the month (y, m): each weekday on its first day of
 * the month that is not a public holiday. */
static void month_week(const struct hours *h, int y, int m, struct hours_interval *iv,
                       struct day_sched week[7])
{
    long first = clock_days(y, m, 1), last = clock_days(y, m, clock_month_days(y, m));
    for (int w = 0; w < 7; w++) {
        long d = first;
        while (d <= last && (clock_weekday(d) != w || holiday(d)))
            d++;
        if (d > last)   /* every such weekday a holiday: take the first one */
            for (d = first; clock_weekday(d) != w; d++)
                ;
        day_pieces(h, d, iv, &week[w]);
    }
}

static bool week_equal(const struct day_sched *a, const struct day_sched *b)
{
    for (int w = 0; w < 7; w++)
        if (!sched_equal(&a[w], &b[w]))
            return false;
    return true;
}

/* "le mardi, le jeudi et le vendredi de 14h00 à 19h00 ; le mercredi ...". */
static bool put_week(struct buf *out, const struct day_sched *week)
{
    bool done[7] = {false}, any = false;
    for (int w = 0; w < 7; w++) {
        if (done[w] || week[w].n == 0)
            continue;
        int days[7], n = 0;
        for (int k = w; k < 7; k++)
            if (!done[k] && week[k].n && sched_equal(&week[w], &week[k])) {
                days[n++] = k;
                done[k] = true;
            }
        if (any)
            buf_adds(out, " ; ");
        put_days(out, days, n);
        buf_adds(out, " ");
        put_pieces(out, &week[w]);
        any = true;
    }
    if (!any)
        buf_adds(out, "fermeture");
    return any;
}

/* "de septembre à juin", "en juillet et en août", "en août". */
static void put_months(struct buf *b, int first, int n)
{
    int last = (first + n - 2) % 12 + 1;
    if (n == 1)
        buf_printf(b, "en %s", dates_fr_month(first));
    else if (n == 2)
        buf_printf(b, "en %s et en %s", dates_fr_month(first), dates_fr_month(last));
    else
        buf_printf(b, "de %s à %s", dates_fr_month(first), dates_fr_month(last));
}

bool placeholders_hours_fr(const struct placeholders *ph, const char *id, long today,
                           struct buf *out)
{
    const struct rec *r = find(ph, id);
    if (!r || !r->hours)
        return false;
    struct hours_interval *iv = xcalloc(HOURS_DAY_INTERVALS_MAX, sizeof *iv);
    /* The typical week of each of the twelve months to come: the seasons
     * are the runs of months with the same week. */
    int y, m, d;
    clock_civil(today, &y, &m, &d);
    struct day_sched weeks[12][7];
    int month_of[12];
    for (int k = 0; k < 12; k++) {
        int mm = (m - 1 + k) % 12 + 1, yy = y + (m - 1 + k) / 12;
        month_of[k] = mm;
        month_week(r->hours, yy, mm, iv, weeks[k]);
    }
    /* The first month of the season in force: back while the same week. */
    int start = 0, nseasons = 0;
    bool all_same = true;
    for (int k = 1; k < 12; k++)
        all_same = all_same && week_equal(weeks[0], weeks[k]);
    if (!all_same)
        while (week_equal(weeks[(start + 11) % 12], weeks[start]))
            start = (start + 11) % 12;
    size_t at = out->len;
    int k = start;
    do {
        int n = 1;
        while (n < 12 && week_equal(weeks[(k + n) % 12], weeks[k]))
            n++;
        if (all_same) {
            put_week(out, weeks[k]);
            n = 12;
        } else {
            if (nseasons)
                buf_adds(out, ". ");
            size_t s0 = out->len;
            put_months(out, month_of[k], n);
            capitalize_from(out, s0);
            buf_adds(out, " : ");
            put_week(out, weeks[k]);
        }
        nseasons++;
        k = (k + n) % 12;
    } while (k != start && nseasons < 12);
    capitalize_from(out, at);
    /* The weekdays closed in every season, and the public holidays when one
     * of the year to come that falls on an open weekday is closed. */
    int closed[7], nc = 0;
    for (int w = 0; w < 7; w++) {
        bool shut = true;
        for (int x = 0; x < 12 && shut; x++)
            shut = weeks[x][w].n == 0;
        if (shut)
            closed[nc++] = w;
    }
    bool ph_closed = false;
    for (long day = today; day < today + 366 && nc < 7; day++) {
        if (!holiday(day))
            continue;
        int hy, hm, hd;
        clock_civil(day, &hy, &hm, &hd);
        int x = (hm - m + 12) % 12;
        if (weeks[x][clock_weekday(day)].n == 0)
            continue;
        struct day_sched hs;
        day_pieces(r->hours, day, iv, &hs);
        ph_closed = hs.n == 0;
        break;
    }
    int items = nc < 7 ? nc + (ph_closed ? 1 : 0) : 0;
    if (items)
        buf_adds(out, ". Fermeture ");
    for (int i = 0; i < items; i++) {
        buf_adds(out, i == 0 ? "" : i + 1 == items ? " et " : ", ");
        if (i < nc)
            buf_printf(out, "le %s", dates_fr_weekday(closed[i]));
        else
            buf_adds(out, "les jours fériés");
    }
    buf_adds(out, ".");
    /* Exceptional closures ahead. */
    struct gc_time now = {y, m, d, 12, 0};
    for (int i = 0; i < r->nclosures; i++) {
        const struct closure *c = &r->closures[i];
        if (c->last < today || c->first > today + CLOSURES_AHEAD_DAYS)
            continue;
        buf_adds(out, " Fermeture exceptionnelle ");
        if (c->first == c->last) {
            buf_adds(out, "le ");
            dates_fr_put_day(out, c->first, &now, false);
        } else {
            dates_fr_put_range(out, c->first, c->last, &now);
        }
        if (*c->reason)
            buf_printf(out, " (%s)", c->reason);
        buf_adds(out, ".");
    }
    free(iv);
    return true;
}

/* ---- expansion ---- */

/* What ref says for facility `own`; false when it cannot be said. */
static bool expand_one(const struct placeholders *ph, const struct ph_ref *ref, const char *own,
                       long today, struct buf *out)
{
    const struct rec *r = find(ph, *ref->id ? ref->id : own);
    if (!r)
        return false;
    const char *v = NULL;
    switch (ref->field) {
    case PH_PHONE: v = r->phone; break;
    case PH_EMAIL: v = r->email; break;
    case PH_ADDRESS: v = r->address; break;
    case PH_NAME: v = r->name; break;
    case PH_HOURS: return placeholders_hours_fr(ph, r->id, today, out);
    default: return false;
    }
    if (!v || !*v)
        return false;
    buf_adds(out, v);
    return true;
}

/* Does a sentence start at s[at] (the start of the line or of a list item,
 * or after the end of a sentence)? */
static bool sentence_start(const char *s, size_t at)
{
    size_t i = at;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (i == 0 || (i == 1 && s[0] == '-'))
        return true;
    return s[i - 1] == '.' || s[i - 1] == '!' || s[i - 1] == '?';
}

/* Append line s[0..n), its sentences holding UNRESOLVED left out (a list
 * item goes whole). */
static void put_clean_line(struct buf *out, const char *s, size_t n)
{
    if (!memchr(s, UNRESOLVED, n)) {
        buf_add(out, s, n);
        return;
    }
    if (n >= 2 && s[0] == '-' && s[1] == ' ')
        return;
    struct span sp[GC_PASSAGE_SENTENCES_MAX];
    size_t ns = sentences_split(s, n, sp, GC_PASSAGE_SENTENCES_MAX);
    bool first = true;
    for (size_t i = 0; i < ns && i < GC_PASSAGE_SENTENCES_MAX; i++) {
        const char *u = s + sp[i].start;
        size_t un = sp[i].end - sp[i].start;
        if (memchr(u, UNRESOLVED, un))
            continue;
        if (!first)
            buf_addc(out, ' ');
        buf_add(out, u, un);
        first = false;
    }
}

size_t placeholders_expand(const struct placeholders *ph, const char *text, size_t len,
                           const char *facility, long today, struct buf *out)
{
    size_t unresolved = 0, i = 0;
    struct buf line;
    buf_init(&line, (size_t)GC_PAGE_TEXT_MAX * 2);
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        buf_reset(&line);
        size_t pos = i, last = i;
        struct ph_ref ref;
        while (placeholders_next(text, end, &pos, &ref)) {
            buf_add(&line, text + last, ref.start - last);
            size_t at = line.len;
            if (!expand_one(ph, &ref, facility, today, &line)) {
                buf_addc(&line, UNRESOLVED);
                unresolved++;
            } else if (ref.field == PH_HOURS && !sentence_start(line.data, at)) {
                /* "..., ouverte : du lundi au vendredi ..." */
                char *c = line.data + at;
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
            }
            last = ref.end;
        }
        buf_add(&line, text + last, end - last);
        size_t before = out->len;
        if (before && out->data[before - 1] != '\n')
            buf_addc(out, '\n');
        size_t at = out->len;
        put_clean_line(out, line.data ? line.data : "", line.len);
        if (out->len == at && at > before)
            buf_truncate(out, before);   /* the whole line went: no empty line */
        i = nl ? end + 1 : len;
    }
    buf_free(&line);
    return unresolved;
}
