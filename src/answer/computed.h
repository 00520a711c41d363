/* computed.h — answers computed from data rather than extracted from
 * pages: opening hours of the town's facilities, and its agenda.
 *
 *   "la piscine est-elle ouverte ?"  → "La piscine (Centre aquatique des
 *       Tilleuls) est ouverte aujourd'hui jusqu'à 17h30."
 *   "la médiathèque est ouverte le 14 juillet ?" → "La médiathèque (...) est
 *       fermée le mercredi 14 juillet (jour férié : Fête nationale) ;
 *       réouverture le jeudi 15 juillet à 10h00."
 *   "horaires de la déchetterie" → its state now, then the next seven days
 *   "concerts samedi prochain", "c'est quand le marché de Noël ?" → the
 *       matching occurrences, soonest first, at most COMPUTED_EVENTS_MAX
 *
 * What is asked is read from phrases of the folded question: hours
 * ("horaires", "ouvert", "fermé", "à quelle heure"...) about a facility
 * named in it (knowledge/facilities.h); events ("que faire", "agenda",
 * "concerts"..., or "quand" with words of an event's name); dates by
 * knowledge/dates_fr.h.  Every time and date said comes from the facility's
 * opening hours or the agenda; when the question is not clearly one of
 * these (no facility named, a season word like "en hiver", words no event
 * has), computed_answer() returns false and the extractive path answers.
 *
 * Built once by pipeline_open, then read-only: thread-safe. */
#ifndef GC_ANSWER_COMPUTED_H
#define GC_ANSWER_COMPUTED_H

#include <stdbool.h>
#include <stddef.h>

#include "answer/pipeline.h"
#include "answer/reading.h"
#include "search/index.h"
#include "store/db.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/err.h"

#define COMPUTED_EVENTS_MAX 5   /* events listed in one answer */
#define COMPUTED_DAYS_MAX   7   /* days listed in one answer about hours */

struct computed;

/* Load the validated facilities and the agenda of db, the clock of cfg
 * (settings `now`, `timezone`) and the agenda page (setting `agenda-url`,
 * looked up among the validated pages of ix for its citation).  cfg and
 * ix must outlive the result.  Errors: an invalid `now` or `timezone`,
 * database errors. */
enum gc_rc computed_open(struct computed **out, const struct config *cfg, struct db *db,
                         const struct index *ix, struct gc_err *e);
void computed_close(struct computed *c);   /* accepts NULL */

/* The town's agenda categories (store/town.h: a question's word <TAB> the
 * agenda's word, "expo" -> "exposition"), or NULL; they must outlive c. */
struct ld_list;
void computed_set_categories(struct computed *c, const struct ld_list *categories);

/* The parts of a reading this module knows (reading.h calls it): the
 * town's local time now (when at is NULL), the facility the folded
 * question names. */
void computed_read(const struct computed *c, struct reading *r, const struct gc_time *at);

/* Answer the question read (reading_init with this c) into a (text,
 * sources, confidence 1, path "computed") when it is a question about hours
 * or events this module can compute; false (a untouched) otherwise.  c may
 * be NULL (false). */
bool computed_answer(const struct computed *c, const struct reading *r, struct gc_answer *a);

/* The same for text[0..len), read as given (no texting spelled out), at a
 * given local time (tests). */
bool computed_answer_at(const struct computed *c, const char *text, size_t len,
                        const struct gc_time *now, struct gc_answer *a);

/* After the pages found no answer: an event the question names by its name
 * (every word it asks about is in the event's name), from the agenda. */
bool computed_named_event(const struct computed *c, const struct reading *r, struct gc_answer *a);

int computed_facility_count(const struct computed *c);
unsigned computed_event_count(const struct computed *c);

#endif
