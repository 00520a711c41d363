/* facilities.h — the town's validated facilities in memory: found by name
 * in a question, with their opening hours compiled.
 *
 * Built once when the server starts (facilities_load, from the database, or
 * facilities_add one by one then facilities_finish), then read-only: any number of threads may
 * match and evaluate at once.  Hours are compiled by knowledge/hours with
 * each exceptional closure added (its reason becomes the comment of the
 * closed days).
 *
 * Matching a question: every name and alias is cut into its significant
 * folded words ("Maison de l'Habitat" → maison, habitat).  A name is found
 * when all its words appear in the question in order, separated only by
 * small words (de, la, des...), each typed exactly or within a typo
 * (text/fuzzy.h: "pisine", "mediateque").  The name with the most words
 * wins ("mairie annexe des Coteaux" over "mairie"); two facilities tied
 * for first place are ambiguous: no match. */
#ifndef GC_KNOWLEDGE_FACILITIES_H
#define GC_KNOWLEDGE_FACILITIES_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/hours.h"
#include "store/db.h"
#include "store/facilities.h"
#include "util/clock.h"
#include "util/err.h"

struct facility {
    char *id, *name, *address, *phone, *email, *url, *service;
    char *validated_by, *validated_on;
    char *opening_hours;   /* "" when not given */
    char *article;         /* "le", "la", "l'" (the town's facilities file), or "" */
    struct hours *hours;   /* NULL when not given */
    char **aliases;
    int naliases;
};

struct facilities;

struct facilities *facilities_new(void);
void facilities_free(struct facilities *fs);   /* accepts NULL */

/* Add a validated facility (drafts are refused with GC_ERR_INVALID);
 * GC_ERR_PARSE when its hours or closures do not compile. */
enum gc_rc facilities_add(struct facilities *fs, const struct facility_rec *r, struct gc_err *e);

/* Index the names of the facilities added: call once after the last
 * facilities_add (facilities_load does), before any facilities_find. */
void facilities_finish(struct facilities *fs);

/* Every validated facility of the database.  A facility whose hours no
 * longer compile (imported by an older guichet) is skipped with a warning
 * in the log rather than failing the start. */
enum gc_rc facilities_load(struct db *db, struct facilities **out, struct gc_err *e);

int facilities_count(const struct facilities *fs);
const struct facility *facilities_get(const struct facilities *fs, int i);

struct facility_match {
    int facility;         /* index, -1 when none */
    const char *name;     /* the name or alias found, as written in the data */
    int words;            /* its significant words */
    int typos;            /* words matched through a typo */
    size_t start, end;    /* bytes of the match in the folded question */
};

/* A word the town writes (f.e. a word of its pages' vocabulary): such a word
 * of a question is taken as written, never as a typo of a facility's name.
 * known(ctx, w, n) is called with a folded word, not NUL-terminated. */
typedef bool (*facility_known_fn)(const void *ctx, const char *w, size_t n);
void facilities_set_known(struct facilities *fs, facility_known_fn known, const void *ctx);

/* Find the facility named in a folded question (see above). */
bool facilities_find(const struct facilities *fs, const char *folded, struct facility_match *m);

/* State of f at t, with its comment (NULL when none); HOURS_UNKNOWN when
 * f has no hours. */
enum hours_state facility_state(const struct facility *f, const struct gc_time *t,
                                const char **comment);

/* The first minute after t at which f is open (want_open) or stops being
 * open (!want_open), in *out.  Looks about a year ahead at most; false when
 * it found none (a facility closed for good, "24/7"). */
bool facility_next(const struct facility *f, const struct gc_time *t, bool want_open,
                   struct gc_time *out);

/* Pieces of the day `day` (a day number): at most max into iv; *n gets
 * their count.  GC_ERR_TOOBIG when max is too small, GC_ERR_NOTFOUND when f
 * has no hours. */
enum gc_rc facility_day(const struct facility *f, long day, struct hours_interval *iv, size_t max,
                        size_t *n);

#endif
