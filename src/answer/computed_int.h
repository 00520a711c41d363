/* computed_int.h — private to answer/computed*.c: the loaded knowledge and
 * the helpers the three files share.  Everybody else goes through
 * answer/computed.h.
 *
 *   computed.c         loading, dispatch (which kind of question), sources
 *   computed_hours.c   answers about opening hours, naming facilities in French
 *   computed_contact.c how to reach a facility: phone, e-mail, address
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
#define EVENTS_ONEOFF_MAX 2     /* occurrences of an event asked "which day" (EV_ONEOFF) */
#define BROWSE_DAYS 14           /* "agenda", "que faire ?" without a date: this far ahead */

struct computed {
    struct clock clock;
    struct facilities *fac;
    const struct ix_page **page;   /* per facility: the validated page about it, or NULL */
    struct events *ev;
    char *town_folded;
    /* The town's agenda categories (categories.tsv of its content folder:
     * a question's word, the agenda's word), or NULL. */
    const struct ld_list *categories;
    /* The agenda page, cited when no event matches. */
    bool have_agenda;
    char *agenda_title, *agenda_url, *agenda_service, *agenda_by, *agenda_on;
};

/* The phrase lists of computed answers (computed.c): what asks for opening
 * hours, for the agenda, for a date or time, for the week's hours. */
enum computed_list {
    CP_HOURS, CP_EVENTS, CP_WHEN, CP_DAY, CP_GENERAL_HOURS, CP_OPENING,
    CP_MAIL, CP_ADDRESS, CP_CONTACT,   /* computed_contact.c; a phone: understand_asks_for */
    CP_COUNT
};

/* Is any phrase of list l in the folded text f, on word boundaries? */
bool computed_has_any(const char *f, enum computed_list l);

/* Add a source to a (at most GC_SOURCES_MAX, no URL twice), and its URL to
 * the ranked pages (evaluation). */
void computed_add_source(struct gc_answer *a, const char *id, const char *title,
                         const char *url, const char *service, const char *by, const char *on);

/* Cite facility i: its record (title = its name), then the validated page
 * about it when there is one. */
void computed_facility_sources(const struct computed *c, int i, struct gc_answer *a);

/* The answer's text from b; confidence 1, path "computed". */
void computed_done(struct gc_answer *a, struct buf *b);

/* A facility as answers name it: "La piscine (Centre aquatique des
 * Tilleuls)" from the alias the question used, "L'hôtel de ville de ...";
 * fem: the head noun is feminine; vowel: it begins with a vowel sound (an
 * article or "de" before it elides: "L'hôtel", "d'Arena"). */
struct subject {
    char text[512];
    bool fem, vowel;
};
void computed_subject(const struct facility *f, const char *alias, struct subject *s);

/* Answer a question about the hours of the facility fm names (w: the date
 * asked, or NULL); false when this is not for us after all. */
bool computed_hours_answer(const struct computed *c, const char *f, const struct fr_span *w,
                           const struct facility_match *fm, const struct gc_time *now,
                           struct gc_answer *a);

/* Answer "how do I reach" the facility fm names (its phone number, e-mail
 * or street address, whichever the question asks, from the facility's
 * validated record); false when the question asks none of these, asks
 * about something more than the facility (a date w or "quand" included),
 * names it through a typo, or the record lacks what is asked. */
bool computed_contact_answer(const struct computed *c, const char *f, const struct fr_span *w,
                             const struct facility_match *fm, struct gc_answer *a);

/* After an hours answer a about fm: add how to reach it when the question
 * asks that too ("adresse et horaires de la piscine"). */
void computed_contact_add(const struct computed *c, const char *f, const struct fr_span *w,
                          const struct facility_match *fm, struct gc_answer *a);

/* How many words of the folded question f say what it is about, besides
 * the date w and the facility fm (either NULL), the words any agenda
 * question has (and stop words, numbers, the town's name) and the words of
 * the lists of also (a NULL-terminated array, or NULL); strict: the stop
 * words that change a question ("autre", "pas", "pourquoi", "quand"...)
 * count.  -1 for too many to count. */
int computed_topic_words(const struct computed *c, const char *f, const struct fr_span *w,
                         const struct facility_match *fm, const char *const *const *also,
                         bool strict);

/* Words of questions about a facility's hours (computed.c) and about how to
 * reach it (computed_contact.c) that say nothing of another topic, besides
 * those of any agenda question (NULL-terminated). */
const char *const *computed_hours_words(void);     /* data/fr/hours-words.txt */
const char *const *computed_contact_words(void);   /* data/fr/contact-words.txt */

/* How a question came to the agenda. */
enum ev_mode {
    EV_MAYBE,    /* it asks when: an event it names, if any, answers it */
    EV_ASKED,    /* an agenda question: "nothing found" is an answer too */
    EV_ONEOFF,   /* it asks which day: an event named by its name (not its
                    place) that happens at most twice answers it; a habit
                    (a weekly market) is the pages' */
    EV_NAMED,    /* the pages had no answer: an event named by its name */
};

/* Answer about events (see enum ev_mode).  An event named whose dates are
 * all past (within EVENTS_WINDOW_BEFORE days) is said to have taken place. */
bool computed_events_answer(const struct computed *c, const char *f, const struct fr_span *w,
                            const struct facility_match *fm, enum ev_mode mode,
                            const struct gc_time *now, struct gc_answer *a);

#endif
