/* events.h — the town's agenda in memory: every occurrence of every event
 * over a window of time, sorted by start.
 *
 * Built once when the server starts (events_load from the database, or
 * events_new / events_add / events_finish), then read-only: any number of
 * threads may query at once.  Recurrences (RRULE with COUNT, UNTIL,
 * INTERVAL, BYDAY...; RDATE; EXDATE) are expanded with libical's
 * icalrecur_iterator in each event's own time zone, then converted to the
 * town's local time (util/clock.h): a weekly market at 07:30 Europe/Paris
 * stays at 07:30 across daylight-saving changes.  A changed occurrence
 * (RECURRENCE-ID) replaces the one it names; CANCELLED events and
 * occurrences are left out.
 *
 * (icalcomponent_foreach_recurrence is not used: libical 3.0 reads an
 * RDATE;TZID=... as UTC there, two hours off in summer.)
 *
 * Each event also carries the folded words (and their stems) of its
 * summary, categories and location, for matching a question's words. */
#ifndef GC_KNOWLEDGE_EVENTS_H
#define GC_KNOWLEDGE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/events.h"
#include "util/clock.h"
#include "util/err.h"

/* Caps. */
#define EVENTS_OCCURRENCES_MAX  200000   /* occurrences in all */
#define EVENT_OCCURRENCES_MAX   2000     /* occurrences of one event in the window */
#define EVENT_ITERATIONS_MAX    100000   /* recurrence steps to reach the window's end */
#define EVENT_WORDS_MAX         48       /* words of an event kept for matching */
#define EVENTS_WINDOW_BEFORE    31       /* days before now expanded by events_load */
#define EVENTS_WINDOW_AFTER     400      /* days after now */

struct event_word {
    char *surface;   /* folded ("concert") */
    char *stem;      /* stemmed ("concert") */
    bool place;      /* from the location only */
};

struct event {
    char *uid, *summary, *location, *description, *categories, *url, *calendar, *stamp;
    struct event_word *words;   /* of summary, categories and location */
    int nwords;
    char *location_folded;
};

/* One occurrence, in local wall-clock minutes (clock_minutes). */
struct occurrence {
    uint32_t event;
    int64_t start, end;   /* end > start, or == start for an instant */
    bool all_day;         /* end is then midnight after the last day */
};

struct events;

/* An empty agenda that will keep the occurrences overlapping [from, to)
 * (local minutes). */
struct events *events_new(int64_t from, int64_t to);
void events_free(struct events *ev);   /* accepts NULL */

/* Add an event record (its iCalendar text is parsed here).  GC_ERR_PARSE
 * when it cannot be read (then nothing is added). */
enum gc_rc events_add(struct events *ev, const struct event_rec *r, struct gc_err *e);

/* Expand every event added (changed occurrences replace the ones they
 * name) and sort the occurrences.  Call once, after the last events_add. */
void events_finish(struct events *ev);

/* Every stored event, expanded over [now - EVENTS_WINDOW_BEFORE days,
 * now + EVENTS_WINDOW_AFTER days].  An event that cannot be read is
 * skipped with a warning in the log. */
enum gc_rc events_load(struct db *db, const struct gc_time *now, struct events **out,
                       struct gc_err *e);

uint32_t events_count(const struct events *ev);
const struct event *events_get(const struct events *ev, uint32_t i);
size_t events_noccurrences(const struct events *ev);
/* Occurrences sorted by start (then end, then event). */
const struct occurrence *events_occurrences(const struct events *ev);

/* Does a word of the event's summary or categories (and of its location
 * when with_place) match?  surface is a folded word, stem its stem
 * (text/analyze.h); typos are tolerated as in text/fuzzy.h. */
bool event_has_word(const struct event *e, const char *surface, const char *stem,
                    bool with_place);

#endif
