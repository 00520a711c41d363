/* understand.h — what kind of message is this?
 *
 * Works on the folded question (analyze_fold: lower case, no accents, words
 * separated by one space).  Out-of-scope topics (weather, politics, jokes,
 * general knowledge, other towns...) are recognised from a list of phrases;
 * everything else is a question for retrieval, whose confidence decides
 * the rest. */
#ifndef GC_ANSWER_UNDERSTAND_H
#define GC_ANSWER_UNDERSTAND_H

enum intent {
    INTENT_QUESTION,
    INTENT_OUT_OF_SCOPE,
    INTENT_SMALL_TALK,   /* greetings and thanks with nothing else */
};

/* town_folded: the folded name of the town (its mentions are in scope). */
enum intent understand(const char *folded, const char *town_folded);

#endif
