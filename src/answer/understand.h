/* understand.h — what kind of message is this?
 *
 * Works on the folded question (analyze_fold: lower case, no accents, words
 * separated by one space).  Out-of-scope topics (weather, opinions, jokes)
 * and unlikely ones (national politics, sport, general knowledge, other
 * towns...) are recognised from lists of phrases; everything else is a
 * question for retrieval, whose confidence decides the rest. */
#ifndef GC_ANSWER_UNDERSTAND_H
#define GC_ANSWER_UNDERSTAND_H

#include <stdbool.h>
#include <stddef.h>

enum intent {
    INTENT_QUESTION,
    INTENT_OUT_OF_SCOPE, /* never answered: weather, jokes, opinions, English */
    INTENT_UNLIKELY,     /* a topic towns rarely cover (national politics, sport,
                            general knowledge, another town): answered only when
                            the validated pages hold the whole question */
    INTENT_SMALL_TALK,   /* greetings and thanks with nothing else */
};

/* town_folded: the folded name of the town (its mentions are in scope). */
enum intent understand(const char *folded, const char *town_folded);

/* The other town a folded question names ("a lyon", "de marseille"...), as
 * a folded name, or NULL.  Such a question is answered only by an answer
 * that names that town too (pipeline.c). */
const char *understand_other_town(const char *folded, const char *town_folded);

/* Does folded text hold phrase (folded) as whole words? */
bool understand_mentions(const char *folded, const char *phrase);

/* What a question asks for, from its interrogative words: a number
 * ("combien", "quel âge"), a date or time ("quand", "en quelle année"), a
 * person ("qui", "par qui"), a place ("où", "dans quelle ville"), a reason
 * ("pourquoi", "pour quelle raison"), or nothing in particular.  compose.c
 * prefers sentences that hold such a thing (for a reason: a phrase that
 * gives one, "parce que", "afin de"). */
enum answer_type {
    AT_NONE,
    AT_NUMBER,
    AT_DATE,
    AT_PERSON,
    AT_PLACE,
    AT_REASON,
};

/* text: the question as typed (UTF-8, accents kept: "où" is not "ou");
 * folded: the same through analyze_fold (the pipeline has it already). */
enum answer_type answer_type(const char *text, size_t len, const char *folded);

#endif
