/* placeholders.h — a facility's hours and contacts written once: pages refer
 * to them, and they are expanded from the facility's record when the page is
 * indexed (each generation: answer/generation.h), never frozen into the page
 * stored.  A record changed changes every page that refers to it, without
 * importing the pages again; the web page, the API and the SMS all say what
 * the record says.
 *
 *   {{phone}}  {{email}}  {{address}}  {{name}}  {{hours}}
 *        the facility the page belongs to (front matter `facility: ID`)
 *   {{phone:ID}} ...  the facility ID (any page)
 *
 * {{hours}} is the facility's regular weeks over the year to come, the
 * season in force first ("De septembre à juin : le mardi, le jeudi et le
 * vendredi de 14 h à 19 h ; le mercredi et le samedi de 10 h à 18 h. En juillet
 * et en août : du mardi au samedi de 10 h à 13 h. Fermeture le lundi, le
 * dimanche et les jours fériés."; the seasons are the runs of months with the
 * same typical week), then its exceptional closures of the next 60 days
 * ("Fermeture exceptionnelle du jeudi 24 au samedi 26 décembre (fermeture de
 * fin d'année).").
 *
 * A placeholder that cannot be expanded (its facility is gone, withdrawn, or
 * has no such field) takes the sentence around it away: never a wrong or a
 * half sentence.  The import checks the names of the fields (an unknown one
 * is an error naming the file and line). */
#ifndef GC_KNOWLEDGE_PLACEHOLDERS_H
#define GC_KNOWLEDGE_PLACEHOLDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "store/facilities.h"
#include "util/buf.h"
#include "util/err.h"

#define PLACEHOLDER_ID_MAX 128   /* bytes of a facility id in a placeholder */

enum ph_field { PH_PHONE, PH_EMAIL, PH_ADDRESS, PH_NAME, PH_HOURS, PH_UNKNOWN };

/* One placeholder found in a text. */
struct ph_ref {
    size_t start, end;               /* bytes of "{{...}}" */
    enum ph_field field;             /* PH_UNKNOWN: not a field we know */
    char id[PLACEHOLDER_ID_MAX];     /* "" = the page's own facility */
    char name[32];                   /* the field as written (messages) */
};

/* The next placeholder of text[*pos..len): true and *pos past it, or false. */
bool placeholders_next(const char *text, size_t len, size_t *pos, struct ph_ref *out);

/* The facilities' records, as placeholders read them. */
struct placeholders;

struct placeholders *placeholders_new(void);
void placeholders_free(struct placeholders *ph);   /* accepts NULL */
/* Add a facility's record (copied); GC_ERR_PARSE when its opening_hours do
 * not compile (it is then kept without hours). */
enum gc_rc placeholders_add(struct placeholders *ph, const struct facility_rec *r, struct gc_err *e);
/* Every validated facility of db not withdrawn. */
enum gc_rc placeholders_load(struct db *db, struct placeholders **out, struct gc_err *e);

/* Append text[0..len) (a passage: one paragraph or list item a line) to out
 * with its placeholders expanded for a page of facility `facility` ("" or
 * NULL: none) on the day `today` (a day number, util/clock.h); the
 * sentences holding a placeholder that cannot be expanded are left out.
 * Returns how many placeholders could not be expanded. */
size_t placeholders_expand(const struct placeholders *ph, const char *text, size_t len,
                           const char *facility, long today, struct buf *out);

/* The regular week of the facility id from `today`, in French (what
 * {{hours}} says); false when unknown or without hours. */
bool placeholders_hours_fr(const struct placeholders *ph, const char *id, long today,
                           struct buf *out);

#endif
