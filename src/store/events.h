/* events.h — agenda events (iCalendar VEVENTs) in the database.
 *
 * An event is identified by its UID, and a changed occurrence of a
 * recurring event by its UID and RECURRENCE-ID.  It belongs to the file it
 * was imported from: importing that file again updates its events and
 * removes those it no longer holds.  The VEVENT's text is kept (`raw`, with
 * the VTIMEZONEs it refers to in `timezones`) so that recurrences are
 * expanded when the server starts (knowledge/events.h).  Schema: step 3 of
 * store/migrations.c; format: docs/agenda.md. */
#ifndef GC_STORE_EVENTS_H
#define GC_STORE_EVENTS_H

#include "store/db.h"
#include "store/pages.h"
#include "util/err.h"

/* An event as the iCalendar importer read it, or as loaded; the holder
 * owns every string (event_rec_free).  Missing fields are "". */
struct event_rec {
    char *uid;
    char *recurrence_id;   /* "" for the event itself */
    char *summary, *location, *description, *categories, *url, *status;
    char *dtstart, *dtend, *rrule;   /* as written (for people and reports) */
    char *stamp;           /* YYYY-MM-DD of LAST-MODIFIED or DTSTAMP */
    char *calendar;        /* name of its calendar (X-WR-CALNAME), or its file */
    char *source;          /* file base name */
    char *raw;             /* the VEVENT, iCalendar text */
    char *timezones;       /* the VTIMEZONE components it refers to */
    char *origin;          /* absolute path of the file (not compared; NULL: keep) */
    int line;              /* line of its BEGIN:VEVENT in the file (not stored) */
};

void event_rec_free(struct event_rec *ev);   /* frees the content, accepts NULL */

/* Store ev (insert, or update when it changed).  Inside a transaction.  A
 * person's withdrawal of the event (store_withdraw, by UID) is lifted when
 * it changed. */
enum gc_rc store_event_put(struct db *db, const struct event_rec *ev, enum store_put *res,
                           struct gc_err *e);

/* Delete the events of `source` that are not in the temporary table
 * temp.seen_events(uid, rid); *removed gets how many. */
enum gc_rc store_events_prune(struct db *db, const char *source, int *removed, struct gc_err *e);

/* Delete the events whose file (origin) is path or lies under it and that
 * the import running did not see (temp.seen_events): their file has gone
 * from the folder imported.  *removed gets how many. */
enum gc_rc store_events_prune_missing(struct db *db, const char *path, int *removed,
                                      struct gc_err *e);

/* Call fn for every stored event not withdrawn (uid, recurrence_id order).  ev is valid
 * during the call only; a non-zero return stops the walk. */
enum gc_rc store_load_events(struct db *db, int (*fn)(void *ctx, const struct event_rec *ev),
                             void *ctx, struct gc_err *e);

#endif
