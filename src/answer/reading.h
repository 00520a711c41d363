/* reading.h — one reading of a question.
 *
 * A resident's message is analysed once, here, into what every later step
 * reads: the text with texting spelled out, its folded form, what kind of
 * message it is (understand.h), whether it leans on the previous message
 * ("et le samedi ?"), what it asks for (a price, a time, a place, the
 * steps...), the date or time it names, the facility it names, its words
 * as the index understands them (stems, synonyms, word families, typos:
 * search/index.h) and its subject (the content words a follow-up keeps).
 *
 * pipeline.c reads each question once and hands the reading to
 * computed.c (hours, contacts, agenda), to the index and to compose.c; a
 * follow-up asked with the conversation's topic is a second reading of the
 * combined text. */
#ifndef GC_ANSWER_READING_H
#define GC_ANSWER_READING_H

#include <stdbool.h>
#include <stddef.h>

#include "answer/understand.h"
#include "knowledge/dates_fr.h"
#include "knowledge/facilities.h"
#include "search/index.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/limits.h"

struct computed;

struct reading {
    const char *text;          /* the question, texting spelled out (norm, or as given) */
    size_t len;
    char *folded;              /* text through analyze_fold: lower case, no accents */
    enum intent intent;        /* question, out of scope, unlikely topic, small talk */
    bool leans;                /* opens or closes like a follow-up (conversation.h) */
    enum answer_type asks;     /* what it asks for (answer_type) */
    struct gc_time now;        /* the town's local time it was read at */
    bool has_when;             /* it names a day, a date or a part of the day */
    struct fr_span when;
    bool has_facility;         /* it names a facility (or one of its aliases) */
    struct facility_match facility;
    bool has_query;            /* query holds its words (an index was given) */
    struct query query;
    char subject[GC_TOPIC_MAX_BYTES];   /* its content words, space separated */
    int nsubject;              /* how many */
    struct buf norm;           /* owns text when texting was spelled out */
};

/* Flags of reading_init. */
enum {
    READING_SPELLED = 1,   /* text is already spelled out: do not normalise it again */
};

/* Read text[0..len) (the caller checked its length; text that is not
 * UTF-8 is read as given, without spelling out texting).
 * town_folded: the folded town name (its mentions are in scope), or NULL.
 * know: the facilities and the clock (computed.h), or NULL (no facility).
 * at: the local time to read dates at, or NULL for know's clock now (no
 * date is read when both are NULL).  ix: the index whose words the query is made
 * of, or NULL (no query, no subject).  Never fails: a part that cannot be
 * read is left empty.  reading_free() releases it. */
void reading_init(struct reading *r, const char *text, size_t len, int flags,
                  const char *town_folded, const struct computed *know,
                  const struct gc_time *at, const struct index *ix);
void reading_free(struct reading *r);   /* accepts a zeroed reading */

#endif
