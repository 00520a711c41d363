/* computed_int.h — private to answer/computed*.c: the loaded knowledge and
 * the helpers the three files share.  Everybody else goes through
 * answer/computed.h.
 *
 *   computed.c         loading, dispatch (which kind of question), sources
 *   computed_hours.c   answers about opening hours, naming facilities in French
 *   computed_events.c  answers about the agenda */
#ifndef GC_ANSWER_COMPUTED_INT_H
#define GC_ANSWER_COMPUTED_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "answer/computed.h"
#include "knowledge/dates_fr.h"
#include "knowledge/events.h"
#include "knowledge/facilities.h"
#include "search/index.h"
#include "util/buf.h"
#include "util/clock.h"

#define ANSWER_MAX  (8 * 1024)   /* bytes of a computed answer */
#define PIECES_MAX  96           /* pieces of one day we look at */
#define TOPIC_MAX   8            /* words of a question matched against events */
#define COMPUTED_LATER_MAX 3     /* later dates of one event named in a list */
#define BROWSE_DAYS 14           /* "agenda", "que faire ?" without a date: this far ahead */

struct computed {
    struct clock clock;
    struct facilities *fac;
    const struct ix_page **page;   /* per facility: the validated page about it, or NULL */
    struct events *ev;
    char *town_folded;
    /* The agenda page, cited when no event matches. */
    bool have_agenda;
    char *agenda_title, *agenda_url, *agenda_service, *agenda_by, *agenda_on;
};

/* The phrase lists of computed answers (computed.c): what asks for opening
 * hours, for the agenda, for a date or time, for the week's hours. */
enum computed_list { CP_HOURS, CP_EVENTS, CP_WHEN, CP_GENERAL_HOURS };

/* Is any phrase of list l in the folded text f, on word boundaries? */
bool computed_has_any(const char *f, enum computed_list l);

/* Add a source to a (at most GC_SOURCES_MAX, no URL twice), and its URL to
 * the ranked pages (evaluation). */
void computed_add_source(struct gc_answer *a, const char *id, const char *title,
                         const char *url, const char *service, const char *by, const char *on);

/* The answer's text from b; confidence 1, path "computed". */
void computed_done(struct gc_answer *a, struct buf *b);

/* Answer a question about the hours of the facility fm names (w: the date
 * asked, or NULL); false when this is not for us after all. */
bool computed_hours_answer(const struct computed *c, const char *f, const struct fr_span *w,
                           const struct facility_match *fm, const struct gc_time *now,
                           struct gc_answer *a);

/* How many words of the folded question f say what it is about, besides
 * the date w and the facility fm (either NULL) and the words any question
 * has; -1 for too many to count. */
int computed_topic_words(const struct computed *c, const char *f, const struct fr_span *w,
                         const struct facility_match *fm);

/* Answer about events; asked: the question is an agenda question (then
 * "nothing found" is an answer). */
bool computed_events_answer(const struct computed *c, const char *f, const struct fr_span *w,
                            const struct facility_match *fm, bool asked,
                            const struct gc_time *now, struct gc_answer *a);

#endif
