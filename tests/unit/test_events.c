/* test_events.c — reading an iCalendar agenda (checks, error messages) and
 * expanding recurrences: weekly RRULE with UNTIL, monthly with COUNT,
 * EXDATE, RDATE in a zone, a changed occurrence, cancellations, all-day
 * events, daylight-saving changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import/ics.h"
#include "knowledge/events.h"
#include "util/buf.h"
#include "util/clock.h"

#define TZ_PARIS                                                                            \
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"                                              \
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"           \
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" \
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"            \
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" \
    "END:VTIMEZONE\r\n"

#define CAL(events) \
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nX-WR-CALNAME:Agenda test\r\n" TZ_PARIS events "END:VCALENDAR\r\n"

static const char agenda[] = CAL(
    /* Wednesdays and Saturdays 07:30-13:00 until the end of August, not on
     * 1 May, but on Friday 30 April instead. */
    "BEGIN:VEVENT\r\nUID:marche\r\nDTSTAMP:20261116T090000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20261128T073000\r\nDTEND;TZID=Europe/Paris:20261128T130000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=WE,SA;UNTIL=20270831T215959Z\r\n"
    "EXDATE;TZID=Europe/Paris:20270501T073000\r\nRDATE;TZID=Europe/Paris:20270430T073000\r\n"
    "SUMMARY:Marché du centre-ville\r\nLOCATION:Place du Marché\\, Halle\r\n"
    "CATEGORIES:Marché\r\nURL:https://x.example/agenda/marche\r\nEND:VEVENT\r\n"
    /* The second Sunday of the month, seven times. */
    "BEGIN:VEVENT\r\nUID:cine\r\nDTSTAMP:20261116T090000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20261213T150000\r\nDURATION:PT2H\r\n"
    "RRULE:FREQ=MONTHLY;BYDAY=2SU;COUNT=7\r\nSUMMARY:Ciné-goûter\r\nCATEGORIES:Jeunesse\r\n"
    "END:VEVENT\r\n"
    /* A weekly workshop whose 16 December session moves to 18:00, and whose
     * 30 December session is cancelled. */
    "BEGIN:VEVENT\r\nUID:atelier\r\nDTSTAMP:20261116T090000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20261202T140000\r\nDTEND;TZID=Europe/Paris:20261202T160000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=6\r\nSUMMARY:Atelier numérique\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:atelier\r\nDTSTAMP:20261116T090000Z\r\n"
    "RECURRENCE-ID;TZID=Europe/Paris:20261216T140000\r\n"
    "DTSTART;TZID=Europe/Paris:20261216T180000\r\nDTEND;TZID=Europe/Paris:20261216T200000\r\n"
    "SUMMARY:Atelier numérique (en soirée)\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:atelier\r\nDTSTAMP:20261116T090000Z\r\n"
    "RECURRENCE-ID;TZID=Europe/Paris:20261230T140000\r\n"
    "DTSTART;TZID=Europe/Paris:20261230T140000\r\nSTATUS:CANCELLED\r\n"
    "SUMMARY:Atelier numérique\r\nEND:VEVENT\r\n"
    /* All day, three days; a UTC time; a floating time; a cancelled event. */
    "BEGIN:VEVENT\r\nUID:fete\r\nDTSTART;VALUE=DATE:20270612\r\nDTEND;VALUE=DATE:20270615\r\n"
    "SUMMARY:Fête de la ville\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20270701T180000Z\r\nSUMMARY:Concert en plein air\r\n"
    "CATEGORIES:Concert,Musique\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:float\r\nDTSTART:20270110T100000\r\nSUMMARY:Vœux\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:annule\r\nDTSTART:20270110T100000\r\nSTATUS:CANCELLED\r\n"
    "SUMMARY:Annulé\r\nEND:VEVENT\r\n"
    /* Daily across the change to summer time (28 March 2027). */
    "BEGIN:VEVENT\r\nUID:daily\r\nDTSTART;TZID=Europe/Paris:20270326T090000\r\n"
    "RRULE:FREQ=DAILY;UNTIL=20270329T235959Z\r\nSUMMARY:Stage de printemps\r\nEND:VEVENT\r\n");

static void test_parse(void **state)
{
    (void)state;
    struct ics_calendar cal;
    struct gc_err e = {0};
    if (ics_parse("dir/agenda.ics", agenda, strlen(agenda), &cal, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(cal.name, "Agenda test");
    assert_int_equal(cal.nevents, 10);
    struct event_rec *m = &cal.events[0];
    assert_string_equal(m->uid, "marche");
    assert_string_equal(m->recurrence_id, "");
    assert_string_equal(m->summary, "Marché du centre-ville");
    assert_string_equal(m->location, "Place du Marché, Halle");
    assert_string_equal(m->categories, "Marché");
    assert_string_equal(m->url, "https://x.example/agenda/marche");
    assert_string_equal(m->stamp, "2026-11-16");
    assert_string_equal(m->source, "agenda.ics");
    assert_string_equal(m->calendar, "Agenda test");
    assert_string_equal(m->dtstart, "20261128T073000;TZID=Europe/Paris");
    assert_non_null(strstr(m->rrule, "FREQ=WEEKLY"));
    assert_non_null(strstr(m->raw, "BEGIN:VEVENT"));
    assert_non_null(strstr(m->timezones, "TZID:Europe/Paris"));
    assert_int_equal(m->line, 22);   /* after the calendar's 4 lines and the VTIMEZONE's 17 */
    assert_string_equal(cal.events[3].recurrence_id, "20261216T140000;TZID=Europe/Paris");
    assert_string_equal(cal.events[7].timezones, "");
    assert_string_equal(cal.events[7].categories, "");
    ics_calendar_free(&cal);
    ics_calendar_free(NULL);
}

static void check_bad(const char *ics, const char *want1, const char *want2)
{
    struct ics_calendar cal;
    struct gc_err e = {0};
    if (ics_parse("bad.ics", ics, strlen(ics), &cal, &e) == GC_OK)
        fail_msg("accepted: %s", ics);
    assert_int_equal(cal.nevents, 0);
    assert_null(cal.events);
    if (!strstr(e.msg, want1) || (want2 && !strstr(e.msg, want2)))
        fail_msg("message '%s' lacks '%s' / '%s'", e.msg, want1, want2 ? want2 : "");
    assert_non_null(strstr(e.msg, "bad.ics"));
}

#define EV(body) CAL("BEGIN:VEVENT\r\n" body "END:VEVENT\r\n")
#define OK_EV "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20270101T100000\r\nSUMMARY:ok\r\nEND:VEVENT\r\n"

static void test_errors(void **state)
{
    (void)state;
    check_bad(EV("DTSTART:20270101T100000\r\nSUMMARY:x\r\n"), "line 22", "no UID");
    check_bad(EV("UID:a\r\nSUMMARY:x\r\n"), "event 'a' (line 22)", "no DTSTART");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\n"), "event 'a'", "no SUMMARY");
    check_bad(EV("UID:a\r\nDTSTART:2027XX01T100000\r\nSUMMARY:x\r\n"), "event 'a'",
              "DTSTART");
    check_bad(EV("UID:a\r\nDTSTART:20270132T100000\r\nSUMMARY:x\r\n"), "event 'a'",
              "DTSTART: '20270132T100000' is not a date");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nEXDATE:20270230T100000\r\nSUMMARY:x\r\n"),
              "event 'a'", "EXDATE");
    check_bad(EV("UID:a\r\nDTSTART:18000101T100000\r\nSUMMARY:x\r\n"), "event 'a'",
              "between 1900 and 9999");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:x\r\n"),
              "event 'a'", "RRULE");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nRRULE:FREQ=HOURLY\r\nSUMMARY:x\r\n"),
              "event 'a'", "more frequent than daily");
    check_bad(EV("UID:a\r\nDTSTART;TZID=Mars/Olympus:20270101T100000\r\nSUMMARY:x\r\n"),
              "event 'a'", "unknown time zone 'Mars/Olympus'");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nDTEND:20261231T100000\r\nSUMMARY:x\r\n"),
              "event 'a'", "DTEND is before DTSTART");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nSUMMARY:x\r\nURL:javascript:alert(1)\r\n"),
              "event 'a'", "URL");
    check_bad(EV("UID:a\r\nDTSTART:20270101T100000\r\nSUMMARY:x\r\nBOGUS\r\n"), "event 'a'",
              "BOGUS");
    check_bad(CAL(OK_EV OK_EV), "event 'ok' (line 27)", "already used at line 22");
    check_bad(CAL("BEGIN:VEVENT\r\nUID:a\r\n"), "bad.ics:24", "END:VCALENDAR does not close BEGIN:VEVENT");
    check_bad("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n", "bad.ics:2",
              "BEGIN:VEVENT is never closed");
    check_bad("Bonjour\r\n", "bad.ics:1", "not an iCalendar file");
    check_bad("", "bad.ics", "empty");
    check_bad(CAL(OK_EV) CAL(""), "a second VCALENDAR", NULL);
    check_bad(CAL(OK_EV) "hello\r\n", "text after END:VCALENDAR", NULL);
    check_bad("BEGIN:VCALENDAR\r\nEND:VEVENT\r\n", "bad.ics:2", "does not close");
    check_bad("BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\nEND:VCALENDAR\r\n", "not UTF-8", NULL);
    /* Nesting is capped. */
    struct buf b;
    buf_init(&b, 4096);
    for (int i = 0; i < ICS_DEPTH_MAX + 1; i++)
        buf_adds(&b, i ? "BEGIN:X-DEEP\r\n" : "BEGIN:VCALENDAR\r\n");
    check_bad(buf_str(&b), "nested deeper", NULL);
    buf_free(&b);
}

/* libical unescapes "\é" into half a character: what is stored stays UTF-8
 * (found by tests/fuzz/fuzz_ics.c). */
static void test_text_stays_utf8(void **state)
{
    (void)state;
    const char *ics = EV("UID:caf\\\xc3\xa9\r\nDTSTART:20270101T100000\r\nSUMMARY:Caf\\\xc3\xa9 "
                         "concert\r\nCATEGORIES:F\\\xc3\xaate\r\n");
    struct ics_calendar cal;
    struct gc_err e = {0};
    if (ics_parse("a.ics", ics, strlen(ics), &cal, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(cal.nevents, 1);
    const char *f[] = {cal.events[0].uid, cal.events[0].summary, cal.events[0].categories};
    for (size_t i = 0; i < 3; i++)
        for (const unsigned char *p = (const unsigned char *)f[i]; *p; p++)
            if (*p >= 0x80) {
                /* every byte >= 0x80 belongs to a whole two-byte character here */
                assert_true((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80);
                p++;
            }
    ics_calendar_free(&cal);
}

/* Occurrences of one summary, as "YYYY-MM-DD HH:MM-HH:MM" lines. */
static char *occurrences_of(const struct events *ev, const char *summary)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    const struct occurrence *o = events_occurrences(ev);
    for (size_t i = 0; i < events_noccurrences(ev); i++) {
        const struct event *e = events_get(ev, o[i].event);
        if (strcmp(e->summary, summary))
            continue;
        struct gc_time s, t;
        clock_from_minutes(o[i].start, &s);
        clock_from_minutes(o[i].end, &t);
        buf_printf(&b, "%04d-%02d-%02d %02d:%02d-%02d:%02d%s\n", s.year, s.month, s.day, s.hour,
                   s.minute, t.hour, t.minute, o[i].all_day ? " all-day" : "");
    }
    return buf_steal(&b);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static struct events *expand(int64_t from, int64_t to)
{
    struct ics_calendar cal;
    struct gc_err e = {0};
    assert_int_equal(ics_parse("agenda.ics", agenda, strlen(agenda), &cal, &e), GC_OK);
    struct events *ev = events_new(from, to);
    for (int i = 0; i < cal.nevents; i++)
        if (events_add(ev, &cal.events[i], &e))
            fail_msg("%s", e.msg);
    events_finish(ev);
    ics_calendar_free(&cal);
    return ev;
}

static int64_t at(int y, int m, int d)
{
    struct gc_time t = {y, m, d, 0, 0};
    return clock_minutes(&t);
}

static void test_expand(void **state)
{
    (void)state;
    struct gc_err e = {0};
    assert_int_equal(clock_zone_init("Europe/Paris", &e), GC_OK);
    struct events *ev = expand(at(2026, 11, 1), at(2027, 12, 31));
    assert_int_equal(events_count(ev), 10);

    char *m = occurrences_of(ev, "Marché du centre-ville");
    /* 28 Nov 2026 .. 28 Aug 2027: Wednesdays and Saturdays, one EXDATE, one RDATE. */
    assert_non_null(strstr(m, "2026-11-28 07:30-13:00\n2026-12-02 07:30-13:00\n"));
    assert_non_null(strstr(m, "2027-04-28 07:30-13:00\n2027-04-30 07:30-13:00\n2027-05-05"));
    assert_null(strstr(m, "2027-05-01"));
    /* After the change to summer time, still 07:30 local. */
    assert_non_null(strstr(m, "2027-03-31 07:30-13:00\n"));
    /* UNTIL 2027-08-31 21:59:59Z: the last one is Saturday 28 August. */
    assert_non_null(strstr(m, "2027-08-28 07:30-13:00\n"));
    assert_null(strstr(m, "2027-09-01"));
    assert_int_equal(count_lines(m), 79);
    free(m);

    char *c = occurrences_of(ev, "Ciné-goûter");
    assert_string_equal(c, "2026-12-13 15:00-17:00\n2027-01-10 15:00-17:00\n2027-02-14 15:00-17:00\n"
                           "2027-03-14 15:00-17:00\n2027-04-11 15:00-17:00\n2027-05-09 15:00-17:00\n"
                           "2027-06-13 15:00-17:00\n");
    free(c);

    char *a = occurrences_of(ev, "Atelier numérique");
    assert_string_equal(a, "2026-12-02 14:00-16:00\n2026-12-09 14:00-16:00\n2026-12-23 14:00-16:00\n"
                           "2027-01-06 14:00-16:00\n");
    free(a);
    char *a2 = occurrences_of(ev, "Atelier numérique (en soirée)");
    assert_string_equal(a2, "2026-12-16 18:00-20:00\n");
    free(a2);

    char *f = occurrences_of(ev, "Fête de la ville");
    assert_string_equal(f, "2027-06-12 00:00-00:00 all-day\n");
    free(f);
    const struct occurrence *o = events_occurrences(ev);
    for (size_t i = 0; i < events_noccurrences(ev); i++)
        if (!strcmp(events_get(ev, o[i].event)->summary, "Fête de la ville"))
            assert_true(o[i].end - o[i].start == 3 * 1440);

    char *u = occurrences_of(ev, "Concert en plein air");
    assert_string_equal(u, "2027-07-01 20:00-20:00\n");   /* 18:00Z is 20:00 in Paris */
    free(u);
    char *fl = occurrences_of(ev, "Vœux");
    assert_string_equal(fl, "2027-01-10 10:00-10:00\n");  /* floating: as written */
    free(fl);
    char *an = occurrences_of(ev, "Annulé");
    assert_string_equal(an, "");
    free(an);
    char *d = occurrences_of(ev, "Stage de printemps");
    assert_string_equal(d, "2027-03-26 09:00-09:00\n2027-03-27 09:00-09:00\n"
                           "2027-03-28 09:00-09:00\n2027-03-29 09:00-09:00\n");
    free(d);

    /* Sorted by start. */
    for (size_t i = 1; i < events_noccurrences(ev); i++)
        assert_true(o[i - 1].start <= o[i].start);
    events_free(ev);
}

static void test_window(void **state)
{
    (void)state;
    /* Only what overlaps the window is kept. */
    struct events *ev = expand(at(2027, 1, 1), at(2027, 2, 1));
    char *m = occurrences_of(ev, "Marché du centre-ville");
    assert_int_equal(count_lines(m), 9);   /* Jan 2027: 4 Wed + 5 Sat */
    free(m);
    char *c = occurrences_of(ev, "Ciné-goûter");
    assert_string_equal(c, "2027-01-10 15:00-17:00\n");
    free(c);
    events_free(ev);
}

static void test_words(void **state)
{
    (void)state;
    struct events *ev = expand(at(2026, 11, 1), at(2027, 12, 31));
    const struct event *m = NULL, *u = NULL;
    for (uint32_t i = 0; i < events_count(ev); i++) {
        if (!strcmp(events_get(ev, i)->uid, "marche"))
            m = events_get(ev, i);
        if (!strcmp(events_get(ev, i)->uid, "utc"))
            u = events_get(ev, i);
    }
    assert_non_null(m);
    assert_true(event_has_word(m, "marche", "march", false));
    assert_true(event_has_word(m, "marches", "march", false));
    assert_true(event_has_word(m, "centre", "centr", false));
    assert_false(event_has_word(m, "halle", "hall", false));   /* only in the place */
    assert_true(event_has_word(m, "halle", "hall", true));
    assert_false(event_has_word(m, "concert", "concert", true));
    assert_true(event_has_word(u, "concert", "concert", false));
    assert_true(event_has_word(u, "musique", "musiqu", false));   /* a category */
    assert_true(event_has_word(u, "conert", "conert", false));    /* a typo */
    assert_string_equal(m->location_folded, "place du marche halle");
    events_free(ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_text_stays_utf8),
        cmocka_unit_test(test_expand), cmocka_unit_test(test_window),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests_name("events", tests, NULL, NULL);
}
