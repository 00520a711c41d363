/* ics.c — iCalendar agenda reader (libical) and its checks. */
#include "import/ics.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/url.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

void ics_calendar_free(struct ics_calendar *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->nevents; i++)
        event_rec_free(&c->events[i]);
    free(c->events);
    free(c->name);
    memset(c, 0, sizeof *c);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* ---- structure, before libical: BEGIN/END nesting, with line numbers ---- */

struct scan {
    int *event_lines;   /* line of each top-level VEVENT's BEGIN, in order */
    int nevents;
};

static bool line_is(const char *s, size_t n, const char *word, const char **rest, size_t *rn)
{
    size_t w = strlen(word);
    if (n < w || strncasecmp(s, word, w))
        return false;
    *rest = s + w;
    *rn = n - w;
    return true;
}

/* Check that components nest, that the file is one VCALENDAR, and note
 * where each VEVENT starts.  Folded lines (starting with a space or a tab)
 * are continuations and never open or close a component. */
static enum gc_rc scan_structure(const char *name, const char *t, size_t len, struct scan *sc,
                                 struct gc_err *e)
{
    char stack[ICS_DEPTH_MAX][32];
    int stack_line[ICS_DEPTH_MAX];
    int depth = 0, line = 0, calendars = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && t[j] != '\n')
            j++;
        line++;
        size_t n = j - i;
        if (n && t[i + n - 1] == '\r')
            n--;
        const char *s = t + i, *rest;
        size_t rn;
        i = j + 1;
        if (n == 0 || s[0] == ' ' || s[0] == '\t')
            continue;
        if (line_is(s, n, "BEGIN:", &rest, &rn)) {
            if (depth == 0 && calendars++)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: a second VCALENDAR (one a file)", name,
                                  line);
            if (depth == 0 && (rn != 9 || strncasecmp(rest, "VCALENDAR", 9)))
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: expected BEGIN:VCALENDAR", name, line);
            if (depth == ICS_DEPTH_MAX)
                return gc_err_set(e, GC_ERR_TOOBIG, "%s:%d: components nested deeper than %d",
                                  name, line, ICS_DEPTH_MAX);
            if (rn == 0 || rn >= sizeof stack[0])
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: bad component name", name, line);
            if (depth == 1 && rn == 6 && !strncasecmp(rest, "VEVENT", 6)) {
                if (sc->nevents == ICS_EVENTS_MAX)
                    return gc_err_set(e, GC_ERR_TOOBIG, "%s: more than %d events", name,
                                      ICS_EVENTS_MAX);
                sc->event_lines = xreallocarray(sc->event_lines, (size_t)sc->nevents + 1,
                                                sizeof(int));
                sc->event_lines[sc->nevents++] = line;
            }
            memcpy(stack[depth], rest, rn);
            stack[depth][rn] = '\0';
            stack_line[depth++] = line;
        } else if (line_is(s, n, "END:", &rest, &rn)) {
            if (depth == 0)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: END:%.*s without a BEGIN", name, line,
                                  (int)(rn > 40 ? 40 : rn), rest);
            if (rn != strlen(stack[depth - 1]) || strncasecmp(rest, stack[depth - 1], rn))
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: END:%.*s does not close BEGIN:%s (line %d)",
                                  name, line, (int)(rn > 40 ? 40 : rn), rest, stack[depth - 1],
                                  stack_line[depth - 1]);
            depth--;
        } else if (depth == 0) {
            return gc_err_set(e, GC_ERR_PARSE, "%s:%d: %s", name, line,
                              calendars ? "text after END:VCALENDAR"
                                        : "not an iCalendar file (expected BEGIN:VCALENDAR)");
        }
    }
    if (depth)
        return gc_err_set(e, GC_ERR_PARSE, "%s:%d: BEGIN:%s is never closed", name,
                          stack_line[depth - 1], stack[depth - 1]);
    if (!calendars)
        return gc_err_set(e, GC_ERR_PARSE, "%s: empty file (expected BEGIN:VCALENDAR)", name);
    return GC_OK;
}

/* ---- one event ---- */

struct ctx {
    const char *file;
    icalcomponent *cal;
    char what[400];      /* "event 'uid' (line N)" */
};

static icaltimezone *find_zone(icalcomponent *cal, const char *tzid)
{
    icaltimezone *z = icalcomponent_get_timezone(cal, tzid);
    if (!z)
        z = icaltimezone_get_builtin_timezone(tzid);
    if (!z)
        z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
    return z;
}

static const char *tzid_of(icalproperty *p)
{
    icalparameter *par = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    return par ? icalparameter_get_tzid(par) : NULL;
}

/* The first X-LIC-ERROR libical left in c or in a component inside it. */
static const char *first_error(icalcomponent *c)
{
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
    if (p)
        return icalproperty_get_xlicerror(p);
    for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
         k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        const char *m = first_error(k);
        if (m)
            return m;
    }
    return NULL;
}

static enum gc_rc fail(const struct ctx *x, struct gc_err *e, const char *why)
{
    return gc_err_set(e, GC_ERR_INVALID, "%s: %s: %s", x->file, x->what, why);
}

/* A copy of s[0..n) without the bytes that are not UTF-8: libical unescapes
 * "\\é" into half a character. */
static char *utf8_clean(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t i = 0, o = 0;
    while (i < n) {
        size_t k = utf8_seq_len(s + i, n - i, NULL);
        if (!k) {
            i++;
            continue;
        }
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    return out;
}

static char *text_prop(icalcomponent *c, icalproperty_kind k)
{
    icalproperty *p = icalcomponent_get_first_property(c, k);
    const char *v = NULL;
    /* The typed getters give the text unescaped ("\\," becomes ","). */
    if (p && k == ICAL_SUMMARY_PROPERTY)
        v = icalproperty_get_summary(p);
    else if (p && k == ICAL_LOCATION_PROPERTY)
        v = icalproperty_get_location(p);
    else if (p && k == ICAL_DESCRIPTION_PROPERTY)
        v = icalproperty_get_description(p);
    else if (p && k == ICAL_URL_PROPERTY)
        v = icalproperty_get_url(p);
    size_t n = v ? strlen(v) : 0;
    if (n > ICS_FIELD_MAX)
        n = ICS_FIELD_MAX;
    /* Trim white space (continuation lines often leave some). */
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\r' || v[n - 1] == '\t'))
        n--;
    while (n && (*v == ' ' || *v == '\n' || *v == '\t')) {
        v++;
        n--;
    }
    return utf8_clean(v ? v : "", n);
}

/* A date-time as written: "20261128T073000;TZID=Europe/Paris". */
static char *time_text(icalproperty *p, struct icaltimetype t)
{
    char out[160];
    const char *tz = tzid_of(p);
    snprintf(out, sizeof out, "%s%s%.100s", icaltime_as_ical_string(t), tz ? ";TZID=" : "",
             tz ? tz : "");
    return xstrdup(out);
}

/* A real date (libical reads 20270132 without a word), 1900..9999. */
static bool time_ok(struct icaltimetype t)
{
    if (icaltime_is_null_time(t) || t.year < 1900 || t.year > 9999 ||
        !clock_date_valid(t.year, t.month, t.day))
        return false;
    return t.is_date || (t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 &&
                         t.second >= 0 && t.second <= 60);
}

static struct icaltimetype time_of(icalproperty *p, icalproperty_kind k)
{
    switch (k) {
    case ICAL_DTSTART_PROPERTY: return icalproperty_get_dtstart(p);
    case ICAL_DTEND_PROPERTY: return icalproperty_get_dtend(p);
    case ICAL_EXDATE_PROPERTY: return icalproperty_get_exdate(p);
    case ICAL_RECURRENCEID_PROPERTY: return icalproperty_get_recurrenceid(p);
    case ICAL_RDATE_PROPERTY: {
        struct icaldatetimeperiodtype r = icalproperty_get_rdate(p);
        return icaltime_is_null_time(r.time) ? r.period.start : r.time;
    }
    default: return icaltime_null_time();
    }
}

/* Check the date-time properties of kind k: a real date and a zone we
 * know; returns the reason or NULL. */
static const char *check_times(const struct ctx *x, icalcomponent *ev, icalproperty_kind k,
                               char *why, size_t whylen)
{
    for (icalproperty *p = icalcomponent_get_first_property(ev, k); p;
         p = icalcomponent_get_next_property(ev, k)) {
        if (!time_ok(time_of(p, k))) {
            char *v = icalproperty_get_value_as_string_r(p);
            snprintf(why, whylen, "%s: '%.60s' is not a date between 1900 and 9999",
                     icalproperty_kind_to_string(k), v ? v : "");
            icalmemory_free_buffer(v);
            return why;
        }
        const char *tz = tzid_of(p);
        if (tz && !find_zone(x->cal, tz)) {
            snprintf(why, whylen, "%s: unknown time zone '%.80s' (not in the file, not a known zone)",
                     icalproperty_kind_to_string(k), tz);
            return why;
        }
    }
    return NULL;
}

static void add_timezones(icalcomponent *cal, icalcomponent *ev, struct buf *out)
{
    const char *seen[16];
    int nseen = 0;
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
        const char *tz = tzid_of(p);
        bool dup = false;
        for (int i = 0; tz && i < nseen && !dup; i++)
            dup = !strcmp(seen[i], tz);
        if (!tz || dup || nseen == 16)
            continue;
        seen[nseen++] = tz;
        for (icalcomponent *z = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); z;
             z = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
            icalproperty *id = icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY);
            if (id && icalproperty_get_tzid(id) && !strcmp(icalproperty_get_tzid(id), tz)) {
                char *s = icalcomponent_as_ical_string_r(z);
                buf_adds(out, s);
                icalmemory_free_buffer(s);
                break;
            }
        }
    }
}

static void stamp_of(icalcomponent *ev, char out[11])
{
    icalproperty *p = icalcomponent_get_first_property(ev, ICAL_LASTMODIFIED_PROPERTY);
    struct icaltimetype t = icaltime_null_time();
    if (p) {
        t = icalproperty_get_lastmodified(p);
    } else {
        p = icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY);
        if (p)
            t = icalproperty_get_dtstamp(p);
    }
    out[0] = '\0';
    if (!icaltime_is_null_time(t) && t.year > 0 && t.year < 10000)
        snprintf(out, 11, "%04d-%02d-%02d", t.year, t.month, t.day);
}

static enum gc_rc take_event(struct ctx *x, icalcomponent *ev, int line, struct event_rec *r,
                             struct gc_err *e)
{
    char why[300];
    const char *uid = icalcomponent_get_uid(ev);
    if (uid && *uid)
        snprintf(x->what, sizeof x->what, "event '%.200s' (line %d)", uid, line);
    else
        snprintf(x->what, sizeof x->what, "event at line %d", line);
    const char *err = first_error(ev);
    if (err)
        return fail(x, e, err);
    if (!uid || !*uid)
        return fail(x, e, "no UID");
    if (strlen(uid) > GC_TITLE_MAX)
        return fail(x, e, "UID too long");
    icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!ps)
        return fail(x, e, "no DTSTART");
    icalproperty *pm = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY);
    const char *summary = pm ? icalproperty_get_summary(pm) : NULL;
    if (!summary || !*summary)
        return fail(x, e, "no SUMMARY");
    icalproperty_kind timed[] = {ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY,
                                 ICAL_EXDATE_PROPERTY, ICAL_RDATE_PROPERTY,
                                 ICAL_RECURRENCEID_PROPERTY};
    for (size_t i = 0; i < sizeof timed / sizeof timed[0]; i++)
        if (check_times(x, ev, timed[i], why, sizeof why))
            return fail(x, e, why);
    struct icaltimetype start = icalproperty_get_dtstart(ps);
    icalproperty *pe = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    if (pe && pd)
        return fail(x, e, "both DTEND and DURATION");
    if (pe) {
        struct icaltimetype end = icalproperty_get_dtend(pe);
        icaltimezone *zs = tzid_of(ps) ? find_zone(x->cal, tzid_of(ps)) : NULL;
        icaltimezone *ze = tzid_of(pe) ? find_zone(x->cal, tzid_of(pe)) : NULL;
        if (icaltime_is_null_time(end) || end.is_date != start.is_date)
            return fail(x, e, "DTEND is not of the same kind as DTSTART (date or date-time)");
        if (icaltime_as_timet_with_zone(end, ze) < icaltime_as_timet_with_zone(start, zs))
            return fail(x, e, "DTEND is before DTSTART");
    }
    if (pd && icaldurationtype_as_int(icalproperty_get_duration(pd)) < 0)
        return fail(x, e, "negative DURATION");
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype rr = icalproperty_get_rrule(p);
        if (rr.freq == ICAL_NO_RECURRENCE)
            return fail(x, e, "RRULE without a valid FREQ");
        if (rr.freq < ICAL_DAILY_RECURRENCE) {
            snprintf(why, sizeof why, "RRULE FREQ=%s: recurrences more frequent than daily are "
                     "not supported", icalrecur_freq_to_string(rr.freq));
            return fail(x, e, why);
        }
        if (rr.interval < 1)
            return fail(x, e, "RRULE INTERVAL must be 1 or more");
    }

    memset(r, 0, sizeof *r);
    r->line = line;
    r->uid = utf8_clean(uid, strlen(uid));
    icalproperty *prid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    r->recurrence_id = prid ? time_text(prid, icalproperty_get_recurrenceid(prid)) : xstrdup("");
    r->summary = text_prop(ev, ICAL_SUMMARY_PROPERTY);
    r->location = text_prop(ev, ICAL_LOCATION_PROPERTY);
    r->description = text_prop(ev, ICAL_DESCRIPTION_PROPERTY);
    r->url = text_prop(ev, ICAL_URL_PROPERTY);
    if (*r->url && !url_is_valid(r->url, false))
        return fail(x, e, "URL must start with https:// or http://");
    struct buf b;
    buf_init(&b, ICS_FIELD_MAX);
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *c = icalproperty_get_categories(p);
        if (c && *c) {
            char *cc = utf8_clean(c, strlen(c));
            buf_printf(&b, "%s%s", b.len ? ", " : "", cc);
            free(cc);
        }
    }
    r->categories = buf_steal(&b);
    icalproperty *pst = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    r->status = xstrdup(pst ? icalproperty_status_to_string(icalproperty_get_status(pst)) : "");
    r->dtstart = time_text(ps, start);
    r->dtend = pe ? time_text(pe, icalproperty_get_dtend(pe)) : xstrdup("");
    icalproperty *prr = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (prr) {
        struct icalrecurrencetype rr = icalproperty_get_rrule(prr);
        char *s = icalrecurrencetype_as_string_r(&rr);
        r->rrule = xstrdup(s ? s : "");
        icalmemory_free_buffer(s);
    } else {
        r->rrule = xstrdup("");
    }
    char stamp[11];
    stamp_of(ev, stamp);
    r->stamp = xstrdup(stamp);
    char *raw = icalcomponent_as_ical_string_r(ev);
    r->raw = xstrdup(raw ? raw : "");
    icalmemory_free_buffer(raw);
    buf_init(&b, GC_IMPORT_FILE_MAX);
    add_timezones(x->cal, ev, &b);
    r->timezones = buf_steal(&b);
    return GC_OK;
}

enum gc_rc ics_parse(const char *name, const char *text, size_t len, struct ics_calendar *out,
                     struct gc_err *e)
{
    enum gc_rc rc;
    struct scan sc = {0};
    struct ctx x = {name, NULL, ""};
    char *copy = NULL;
    icalcomponent **evs = NULL;
    int nev = 0;
    memset(out, 0, sizeof *out);
    if (len > GC_IMPORT_FILE_MAX) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %d bytes", name, GC_IMPORT_FILE_MAX);
        goto out;
    }
    if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
        rc = gc_err_set(e, GC_ERR_PARSE, "%s: not UTF-8 text", name);
        goto out;
    }
    rc = scan_structure(name, text, len, &sc, e);
    if (rc)
        goto out;
    copy = xstrndup(text, len);
    icalerror_set_errors_are_fatal(0);
    x.cal = icalparser_parse_string(copy);
    if (!x.cal || icalcomponent_isa(x.cal) != ICAL_VCALENDAR_COMPONENT) {
        rc = gc_err_set(e, GC_ERR_PARSE, "%s: not a valid iCalendar file", name);
        goto out;
    }
    /* Errors outside events (in the calendar's own properties, in a
     * VTIMEZONE) break the file too. */
    icalproperty *perr = icalcomponent_get_first_property(x.cal, ICAL_XLICERROR_PROPERTY);
    for (icalcomponent *z = icalcomponent_get_first_component(x.cal, ICAL_VTIMEZONE_COMPONENT);
         z && !perr; z = icalcomponent_get_next_component(x.cal, ICAL_VTIMEZONE_COMPONENT))
        perr = icalcomponent_get_first_property(z, ICAL_XLICERROR_PROPERTY);
    if (perr) {
        rc = gc_err_set(e, GC_ERR_PARSE, "%s: %s", name, icalproperty_get_xlicerror(perr));
        goto out;
    }
    icalproperty *pn = icalcomponent_get_first_property(x.cal, ICAL_X_PROPERTY);
    for (; pn; pn = icalcomponent_get_next_property(x.cal, ICAL_X_PROPERTY))
        if (icalproperty_get_x_name(pn) && !strcmp(icalproperty_get_x_name(pn), "X-WR-CALNAME"))
            break;
    const char *calname = pn ? icalproperty_get_x(pn) : NULL;
    const char *cn = calname && *calname ? calname : base_name(name);
    size_t cl = utf8_cut(cn, strnlen(cn, GC_TITLE_MAX + 1), GC_TITLE_MAX);
    out->name = utf8_clean(cn, cl);

    /* The events first: libical keeps one iterator per component, and
     * take_event walks the calendar's VTIMEZONEs. */
    for (icalcomponent *ev = icalcomponent_get_first_component(x.cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(x.cal, ICAL_VEVENT_COMPONENT)) {
        if (nev == ICS_EVENTS_MAX) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: more than %d events", name, ICS_EVENTS_MAX);
            goto out;
        }
        evs = xreallocarray(evs, (size_t)nev + 1, sizeof *evs);
        evs[nev++] = ev;
    }
    for (int k = 0; k < nev; k++) {
        icalcomponent *ev = evs[k];
        int line = k < sc.nevents ? sc.event_lines[k] : 0;
        out->events = xreallocarray(out->events, (size_t)out->nevents + 1, sizeof *out->events);
        struct event_rec *r = &out->events[out->nevents];
        memset(r, 0, sizeof *r);
        out->nevents++;
        rc = take_event(&x, ev, line, r, e);
        if (rc)
            goto out;
        r->calendar = xstrdup(out->name);
        r->source = xstrdup(base_name(name));
        for (int j = 0; j + 1 < out->nevents; j++) {
            struct event_rec *o = &out->events[j];
            if (!strcmp(o->uid, r->uid) && !strcmp(o->recurrence_id, r->recurrence_id)) {
                rc = gc_err_set(e, GC_ERR_INVALID, "%s: %s: the UID is already used at line %d",
                                name, x.what, o->line);
                goto out;
            }
        }
    }
    rc = GC_OK;
out:
    if (rc)
        ics_calendar_free(out);
    if (x.cal)
        icalcomponent_free(x.cal);
    free(copy);
    free(evs);
    free(sc.event_lines);
    return rc;
}
