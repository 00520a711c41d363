/* ics.h — read an iCalendar agenda (RFC 5545) into event records, with
 * libical.
 *
 * One VCALENDAR a file.  Every VEVENT needs UID, DTSTART and SUMMARY; a
 * VEVENT with RECURRENCE-ID is a changed occurrence of a recurring event.
 * Kept for answering: SUMMARY, DTSTART/DTEND (or DURATION), RRULE, RDATE,
 * EXDATE, LOCATION, DESCRIPTION, CATEGORIES, URL, STATUS, and the VEVENT's
 * text itself so that recurrences are expanded when the server starts.
 *
 * A broken file is refused as a whole, the error naming the file, the event
 * (its UID and the line of its BEGIN:VEVENT) and the reason: components that
 * do not nest (BEGIN/END), a property libical cannot read (a malformed date,
 * RRULE or line — its X-LIC-ERROR message is given), a missing required
 * property, a time zone that is neither in the file nor known, a recurrence
 * more frequent than daily, an end before the start, a UID given twice.
 *
 * Input is untrusted: bytes capped by GC_IMPORT_FILE_MAX, UTF-8 checked,
 * nesting and event count capped (tests/fuzz/fuzz_ics.c). */
#ifndef GC_IMPORT_ICS_H
#define GC_IMPORT_ICS_H

#include <stddef.h>

#include "store/events.h"
#include "util/err.h"

#define ICS_EVENTS_MAX 20000     /* VEVENTs in one file */
#define ICS_DEPTH_MAX  8         /* nesting of components */
#define ICS_FIELD_MAX  (64 * 1024)   /* bytes of one text property kept */

struct ics_calendar {
    char *name;                  /* X-WR-CALNAME, or the file's base name */
    struct event_rec *events;
    int nevents;
};

/* Parse text[0..len) (need not be NUL-terminated).  name is the file, used
 * in errors; the events' source is its base name.  On failure *out is
 * empty and e says where and why. */
enum gc_rc ics_parse(const char *name, const char *text, size_t len, struct ics_calendar *out,
                     struct gc_err *e);

void ics_calendar_free(struct ics_calendar *c);   /* frees the content, accepts NULL */

#endif
