/* events.c — agenda occurrences, expanded with libical's recurrence iterator. */
#include "knowledge/events.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/analyze.h"
#include "text/fuzzy.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"

/* An event waiting for events_finish: its parsed calendar. */
struct pending {
    icalcomponent *cal;   /* owns ev */
    icalcomponent *ev;
    uint32_t event;
    bool is_override;     /* has a RECURRENCE-ID */
    bool cancelled;
};

struct events {
    struct event *v;
    uint32_t n;
    struct occurrence *occ;
    size_t nocc;
    int64_t from, to;
    struct pending *p;
    uint32_t np;
};

struct events *events_new(int64_t from, int64_t to)
{
    struct events *ev = xcalloc(1, sizeof *ev);
    ev->from = from;
    ev->to = to;
    return ev;
}

static void pending_free(struct events *ev)
{
    for (uint32_t i = 0; i < ev->np; i++)
        icalcomponent_free(ev->p[i].cal);
    free(ev->p);
    ev->p = NULL;
    ev->np = 0;
}

void events_free(struct events *ev)
{
    if (!ev)
        return;
    pending_free(ev);
    for (uint32_t i = 0; i < ev->n; i++) {
        struct event *e = &ev->v[i];
        char **s[] = {&e->uid, &e->summary, &e->location, &e->description, &e->categories,
                      &e->url, &e->calendar, &e->stamp, &e->location_folded};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            free(*s[k]);
        for (int k = 0; k < e->nwords; k++) {
            free(e->words[k].surface);
            free(e->words[k].stem);
        }
        free(e->words);
    }
    free(ev->v);
    free(ev->occ);
    free(ev);
}

uint32_t events_count(const struct events *ev)
{
    return ev ? ev->n : 0;
}

const struct event *events_get(const struct events *ev, uint32_t i)
{
    return ev && i < ev->n ? &ev->v[i] : NULL;
}

size_t events_noccurrences(const struct events *ev)
{
    return ev ? ev->nocc : 0;
}

const struct occurrence *events_occurrences(const struct events *ev)
{
    return ev->occ;
}

/* ---- words ---- */

struct word_ctx {
    struct event *e;
    bool place;
};

static int word_cb(void *ctx, const struct token *t)
{
    struct word_ctx *c = ctx;
    struct event *e = c->e;
    if (t->stop || e->nwords == EVENT_WORDS_MAX)
        return 0;
    for (int i = 0; i < e->nwords; i++)
        if (!strcmp(e->words[i].surface, t->surface))
            return 0;
    e->words = xreallocarray(e->words, (size_t)e->nwords + 1, sizeof *e->words);
    e->words[e->nwords].surface = xstrndup(t->surface, t->surface_len);
    e->words[e->nwords].stem = xstrndup(t->term, t->term_len);
    e->words[e->nwords].place = c->place;
    e->nwords++;
    return 0;
}

static void index_words(struct event *e)
{
    /* Folded first, so that a question typed without accents and the
     * agenda are analysed the same way. */
    const char *parts[] = {e->summary, e->categories, e->location};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char *f = analyze_fold(parts[i], strlen(parts[i]));
        struct word_ctx c = {e, parts[i] == e->location};
        analyze_text(analyze_thread(), f, strlen(f), word_cb, &c);
        free(f);
    }
    e->location_folded = analyze_fold(e->location, strlen(e->location));
}

bool event_has_word(const struct event *e, const char *surface, const char *stem,
                    bool with_place)
{
    size_t sl = strlen(surface);
    for (int i = 0; i < e->nwords; i++) {
        const struct event_word *w = &e->words[i];
        if (w->place && !with_place)
            continue;
        if (!strcmp(w->stem, stem) ||
            fuzzy_word_match(surface, sl, w->surface, strlen(w->surface)))
            return true;
    }
    return false;
}

/* ---- adding ---- */

enum gc_rc events_add(struct events *ev, const struct event_rec *r, struct gc_err *e)
{
    struct buf b;
    buf_init(&b, (size_t)1 << 30);
    buf_adds(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Guichet//FR\r\n");
    buf_adds(&b, r->timezones ? r->timezones : "");
    buf_adds(&b, r->raw ? r->raw : "");
    buf_adds(&b, "END:VCALENDAR\r\n");
    icalcomponent *cal = icalparser_parse_string(buf_str(&b));
    buf_free(&b);
    icalcomponent *c = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
    if (!c || !icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY)) {
        if (cal)
            icalcomponent_free(cal);
        return gc_err_set(e, GC_ERR_PARSE, "event '%s': its iCalendar text cannot be read",
                          r->uid ? r->uid : "");
    }
    ev->v = xreallocarray(ev->v, (size_t)ev->n + 1, sizeof *ev->v);
    struct event *x = &ev->v[ev->n];
    memset(x, 0, sizeof *x);
    const char *src[] = {r->uid, r->summary, r->location, r->description, r->categories,
                         r->url, r->calendar, r->stamp};
    char **dst[] = {&x->uid, &x->summary, &x->location, &x->description, &x->categories,
                    &x->url, &x->calendar, &x->stamp};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        *dst[i] = xstrdup(src[i] ? src[i] : "");
    index_words(x);
    ev->p = xreallocarray(ev->p, (size_t)ev->np + 1, sizeof *ev->p);
    struct pending *p = &ev->p[ev->np++];
    p->cal = cal;
    p->ev = c;
    p->event = ev->n++;
    p->is_override = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY) != NULL;
    p->cancelled = icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED;
    return GC_OK;
}

/* ---- expansion ---- */

static const icaltimezone *zone_of(icalcomponent *cal, icalproperty *p, struct icaltimetype t)
{
    icalparameter *par = p ? icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) : NULL;
    if (par) {
        const char *tzid = icalparameter_get_tzid(par);
        icaltimezone *z = tzid ? icalcomponent_get_timezone(cal, tzid) : NULL;
        if (!z && tzid)
            z = icaltimezone_get_builtin_timezone(tzid);
        if (!z && tzid)
            z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
        if (z)
            return z;
    }
    if (icaltime_is_utc(t))
        return icaltimezone_get_utc_timezone();
    return NULL;   /* floating: the town's own time */
}

/* Local minutes of t read in zone z (NULL = floating: as written). */
static int64_t local_minutes(struct icaltimetype t, const icaltimezone *z, int64_t plus_seconds)
{
    if (t.is_date || !z) {
        struct gc_time g = {t.year, t.month, t.day, t.is_date ? 0 : t.hour,
                            t.is_date ? 0 : t.minute};
        return clock_minutes(&g) + plus_seconds / 60;
    }
    t.zone = NULL;
    time_t tt = icaltime_as_timet_with_zone(t, z) + plus_seconds;
    struct tm tm;
    localtime_r(&tt, &tm);
    struct gc_time g = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min};
    return clock_minutes(&g);
}

/* A key that says which instance a start is, to compare EXDATE and
 * RECURRENCE-ID with: local minutes, or the day for dates. */
static int64_t instance_key(struct icaltimetype t, const icaltimezone *z, bool by_day)
{
    int64_t m = local_minutes(t, z, 0);
    return by_day ? m / 1440 * 1440 : m;
}

struct override {
    const char *uid;
    int64_t key;
};

static void push_occ(struct events *ev, uint32_t event, int64_t start, int64_t end, bool all_day)
{
    if (end < ev->from || start >= ev->to || ev->nocc >= EVENTS_OCCURRENCES_MAX)
        return;
    if (end == start && start < ev->from)
        return;
    ev->occ = xreallocarray(ev->occ, ev->nocc + 1, sizeof *ev->occ);
    ev->occ[ev->nocc++] = (struct occurrence){event, start, end, all_day};
}

static void expand(struct events *ev, const struct pending *p, const struct override *ov,
                   size_t nov)
{
    icalcomponent *c = p->ev;
    icalproperty *ps = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    struct icaltimetype ds = icalproperty_get_dtstart(ps);
    const icaltimezone *z = zone_of(p->cal, ps, ds);
    bool all_day = ds.is_date;
    int64_t dur = all_day ? 86400 : 0;
    icalproperty *pe = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY);
    if (pe) {
        struct icaltimetype de = icalproperty_get_dtend(pe);
        const icaltimezone *ze = zone_of(p->cal, pe, de);
        if (all_day)
            dur = (clock_days(de.year, de.month, de.day) - clock_days(ds.year, ds.month, ds.day)) *
                  86400LL;
        else
            dur = (local_minutes(de, ze, 0) - local_minutes(ds, z, 0)) * 60;
        if (!all_day && z && ze) {
            /* Across a daylight-saving change, count real seconds. */
            struct icaltimetype a = ds, b = de;
            a.zone = NULL;
            b.zone = NULL;
            dur = (int64_t)(icaltime_as_timet_with_zone(b, ze) - icaltime_as_timet_with_zone(a, z));
        }
    } else if (pd) {
        dur = icaldurationtype_as_int(icalproperty_get_duration(pd));
    }
    if (dur < 0)
        dur = 0;
    const char *uid = icalcomponent_get_uid(c);

    /* Starts: DTSTART, each RRULE's, each RDATE. */
    struct icaltimetype *starts = NULL;
    size_t n = 0;
    starts = xreallocarray(starts, 1, sizeof *starts);
    starts[n++] = ds;
    int64_t end_key = ev->to;
    for (icalproperty *pr = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY); pr;
         pr = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype rr = icalproperty_get_rrule(pr);
        if (rr.freq < ICAL_DAILY_RECURRENCE || rr.freq == ICAL_NO_RECURRENCE)
            continue;   /* refused at import; never loop on seconds */
        icalrecur_iterator *it = icalrecur_iterator_new(rr, ds);
        if (!it)
            continue;
        size_t kept = 0;
        for (int k = 0; k < EVENT_ITERATIONS_MAX && kept < EVENT_OCCURRENCES_MAX; k++) {
            struct icaltimetype t = icalrecur_iterator_next(it);
            if (icaltime_is_null_time(t))
                break;
            int64_t m = local_minutes(t, z, 0);
            if (m >= end_key)
                break;
            if (m + dur / 60 < ev->from)
                continue;
            starts = xreallocarray(starts, n + 1, sizeof *starts);
            starts[n++] = t;
            kept++;
        }
        icalrecur_iterator_free(it);
    }
    for (icalproperty *pr = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY); pr;
         pr = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rd = icalproperty_get_rdate(pr);
        struct icaltimetype t = icaltime_is_null_time(rd.time) ? rd.period.start : rd.time;
        if (icaltime_is_null_time(t) || n >= EVENT_OCCURRENCES_MAX)
            continue;
        /* Read in the RDATE's own zone, then written in the event's. */
        const icaltimezone *zr = zone_of(p->cal, pr, t);
        if (zr != z && !t.is_date) {
            t.zone = NULL;
            icaltimezone_convert_time(&t, (icaltimezone *)zr, (icaltimezone *)z);
        }
        starts = xreallocarray(starts, n + 1, sizeof *starts);
        starts[n++] = t;
    }

    /* Excluded instances: EXDATE, and those a changed occurrence replaces. */
    int64_t *ex = NULL;
    size_t nex = 0;
    for (icalproperty *px = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY); px;
         px = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY)) {
        struct icaltimetype t = icalproperty_get_exdate(px);
        if (icaltime_is_null_time(t))
            continue;
        ex = xreallocarray(ex, nex + 1, sizeof *ex);
        ex[nex++] = instance_key(t, t.is_date ? NULL : zone_of(p->cal, px, t), all_day || t.is_date);
    }
    for (size_t i = 0; i < nov; i++)
        if (uid && !strcmp(ov[i].uid, uid)) {
            ex = xreallocarray(ex, nex + 1, sizeof *ex);
            ex[nex++] = ov[i].key;
        }

    int64_t *seen = xcalloc(n + 1, sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t key = instance_key(starts[i], z, all_day);
        int64_t day_key = key / 1440 * 1440;
        bool skip = false;
        for (size_t k = 0; k < nex && !skip; k++)
            skip = ex[k] == key || ex[k] == day_key;
        for (size_t k = 0; k < nseen && !skip; k++)
            skip = seen[k] == key;
        if (skip)
            continue;
        seen[nseen++] = key;
        int64_t s = local_minutes(starts[i], z, 0);
        int64_t e = all_day ? s + dur / 60 : local_minutes(starts[i], z, dur);
        push_occ(ev, p->event, s, e < s ? s : e, all_day);
    }
    free(seen);
    free(ex);
    free(starts);
}

static int cmp_occ(const void *a, const void *b)
{
    const struct occurrence *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->event < y->event ? -1 : x->event > y->event;
}

void events_finish(struct events *ev)
{
    /* Changed occurrences first: which instance each one replaces. */
    struct override *ov = NULL;
    size_t nov = 0;
    for (uint32_t i = 0; i < ev->np; i++) {
        struct pending *p = &ev->p[i];
        if (!p->is_override)
            continue;
        icalproperty *pr = icalcomponent_get_first_property(p->ev, ICAL_RECURRENCEID_PROPERTY);
        struct icaltimetype t = icalproperty_get_recurrenceid(pr);
        ov = xreallocarray(ov, nov + 1, sizeof *ov);
        ov[nov].uid = ev->v[p->event].uid;
        ov[nov].key = instance_key(t, t.is_date ? NULL : zone_of(p->cal, pr, t), t.is_date);
        nov++;
    }
    for (uint32_t i = 0; i < ev->np; i++) {
        struct pending *p = &ev->p[i];
        if (p->cancelled)
            continue;
        /* A changed occurrence is one instance: expand it without the
         * exclusions meant for its series. */
        expand(ev, p, p->is_override ? NULL : ov, p->is_override ? 0 : nov);
    }
    free(ov);
    pending_free(ev);
    if (ev->nocc)
        qsort(ev->occ, ev->nocc, sizeof *ev->occ, cmp_occ);
}

static int on_event(void *ev, const struct event_rec *r)
{
    struct gc_err e = {0};
    if (events_add(ev, r, &e))
        log_warn("%s (skipped: import the agenda again)", e.msg);
    return 0;
}

enum gc_rc events_load(struct db *db, const struct gc_time *now, struct events **out,
                       struct gc_err *e)
{
    int64_t m = clock_minutes(now);
    struct events *ev = events_new(m - EVENTS_WINDOW_BEFORE * 1440LL,
                                   m + EVENTS_WINDOW_AFTER * 1440LL);
    enum gc_rc rc = store_load_events(db, on_event, ev, e);
    if (rc) {
        events_free(ev);
        *out = NULL;
        return rc;
    }
    events_finish(ev);
    *out = ev;
    return GC_OK;
}
