/* fuzz-sources: src/import/ics.c src/import/url.c src/store/events.c src/store/pages.c src/store/altq.c src/store/db.c src/store/migrations.c src/knowledge/events.c src/text/analyze.c src/text/numbers_fr.c src/text/fuzzy.c src/text/langdata.c */
/* fuzz-libs: libical libutf8proc sqlite3 -lstemmer */
/* fuzz-seeds: demo/agenda.ics tests/data/ics */
/* fuzz-max-len: 16384 */
/* fuzz_ics.c — libFuzzer target for the iCalendar import path: the reader
 * and checks of import/ics, then what the server does with what import
 * accepted (knowledge/events: parse each stored VEVENT again, expand its
 * recurrences).
 *
 * Checks: ics_parse returns only GC_OK, GC_ERR_PARSE, GC_ERR_INVALID or
 * GC_ERR_TOOBIG, with a message, and leaves nothing behind on error; every
 * event accepted has a UID, a SUMMARY and a DTSTART, and valid UTF-8
 * fields; every event accepted can be loaded (events_add never refuses what
 * import stored); occurrences are sorted, end no earlier than they start,
 * and stay within the caps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "import/ics.h"
#include "knowledge/events.h"
#include "util/clock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static bool utf8_ok(const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool zone;
    if (!zone) {
        zone = clock_zone_init("Europe/Paris", NULL) == GC_OK;
        CHECK(zone);
    }
    struct ics_calendar cal;
    struct gc_err e = {0};
    enum gc_rc rc = ics_parse("fuzz.ics", (const char *)data, size, &cal, &e);
    if (rc != GC_OK) {
        CHECK(rc == GC_ERR_PARSE || rc == GC_ERR_INVALID || rc == GC_ERR_TOOBIG);
        CHECK(e.msg[0] != '\0');
        CHECK(cal.nevents == 0 && cal.events == NULL && cal.name == NULL);
        return 0;
    }
    CHECK(cal.name && utf8_ok(cal.name));
    /* 2026-2027: the window a server started now would expand. */
    struct gc_time from = {2026, 1, 1, 0, 0}, to = {2028, 1, 1, 0, 0};
    struct events *ev = events_new(clock_minutes(&from), clock_minutes(&to));
    for (int i = 0; i < cal.nevents; i++) {
        const struct event_rec *r = &cal.events[i];
        CHECK(*r->uid && *r->summary && *r->dtstart && *r->raw);
        CHECK(utf8_ok(r->uid) && utf8_ok(r->summary) && utf8_ok(r->location) &&
              utf8_ok(r->description) && utf8_ok(r->categories) && utf8_ok(r->url) &&
              utf8_ok(r->calendar));
        CHECK(events_add(ev, r, &e) == GC_OK);
    }
    events_finish(ev);
    CHECK(events_count(ev) == (uint32_t)cal.nevents);
    CHECK(events_noccurrences(ev) <= EVENTS_OCCURRENCES_MAX);
    const struct occurrence *o = events_occurrences(ev);
    for (size_t i = 0; i < events_noccurrences(ev); i++) {
        CHECK(o[i].end >= o[i].start);
        CHECK(o[i].event < events_count(ev));
        if (i)
            CHECK(o[i - 1].start <= o[i].start);
    }
    events_free(ev);
    ics_calendar_free(&cal);
    return 0;
}
