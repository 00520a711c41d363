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
#include <stdint.h>

enum intent {
    INTENT_QUESTION,
    INTENT_OUT_OF_SCOPE, /* reads as off-topic (weather, jokes, opinions,
                          * English): answered only when the pages hold it
                          * all, or for a facility's hours or contact */
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

/* A place (or a body) the question names that is not the town: a name
 * (written with a capital inside the sentence, and no French word of lex in
 * one of its parts) after a preposition of place (place-prepositions.txt),
 * not after a verb of residence nor a street's word: "l'hôpital de Lens",
 * "la piscine à Verdun", "une demande d'AAH" → "lens", "verdun", "aah"; not
 * "le marché de Noël", "j'habite à Lens", "la route du Mazeau", nor the
 * town's name (town_folded).  Folded into out[0..n); false when none (and
 * always without lex: every capital would then be a name). */
struct lexicon;
bool understand_named_place(const char *text, size_t len, const struct lexicon *lex,
                            const char *town_folded, char *out, size_t n);

/* A list of folded phrases, searched in one pass over a question: each
 * phrase is indexed by its first byte, and at each word of the question
 * only the phrases beginning with its first letter are compared (a strstr
 * per phrase cost several per cent of an answer). */
#define UNDERSTAND_PHRASES_MAX 256
struct understand_phrases {
    const char *phrase[UNDERSTAND_PHRASES_MAX];   /* not copied */
    uint8_t len[UNDERSTAND_PHRASES_MAX];
    size_t n;
    /* The phrases beginning with byte c: order[start[c] .. start[c + 1]),
     * in list order. */
    uint16_t start[257];
    uint16_t order[UNDERSTAND_PHRASES_MAX];
};

/* Index a NULL-terminated list (its first UNDERSTAND_PHRASES_MAX phrases,
 * each under 256 bytes), kept by the caller as long as ps is used. */
void understand_phrases_init(struct understand_phrases *ps, const char *const *list);

/* Does folded hold one of the phrases as whole words (understand_mentions)? */
bool understand_phrases_any(const struct understand_phrases *ps, const char *folded);

/* What a question asks for, from its interrogative words: a number
 * ("combien", "quel âge"), a date or time ("quand", "en quelle année"), a
 * person ("qui", "par qui"), a place ("où", "dans quelle ville"), a reason
 * ("pourquoi", "pour quelle raison"), a phone number ("numéro", "téléphone",
 * "appeler"), a price, a time, an address..., or nothing in particular.
 * compose.c prefers sentences that hold such a thing (for a reason: a
 * phrase that gives one, "parce que", "afin de").  After AT_NONE, the
 * kinds are in the order of those of question-cues.tsv (text/langdata.c,
 * cue_kinds): a kind added is added to both, AT_YESNO last (understand.c
 * checks the count). */
enum answer_type {
    AT_NONE,
    AT_NUMBER,
    AT_DATE,
    AT_PERSON,
    AT_PLACE,
    AT_REASON,
    AT_PHONE,
    AT_PRICE,   /* a price: "combien coûte", "quel tarif", "c'est payant ?" */
    AT_TIME,    /* a time of day: "à quelle heure", "horaires" */
    AT_DEADLINE, /* a date not to pass: "avant quelle date", "date limite" */
    AT_STEPS,   /* what to do: "comment faire pour", "quelles démarches" */
    AT_DOCS,    /* what to bring: "quels papiers", "quelles pièces fournir" */
    AT_DURATION, /* how long: "combien de temps", "quel délai" (a number and a unit of time) */
    AT_ADDRESS, /* an address: "quelle est l'adresse" (a number and a street word, a postcode, an e-mail) */
    AT_YESNO,   /* allowed or possible: "est-ce que je peux", "a-t-on le droit" (a verdict) */
};

/* text: the question as typed (UTF-8, accents kept: "où" is not "ou");
 * folded: the same through analyze_fold (the pipeline has it already). */
enum answer_type answer_type(const char *text, size_t len, const char *folded);

/* Does the folded question hold a cue of that kind, whichever kind comes
 * first ("combien ... le numéro" asks for a number and for a phone)? */
bool understand_asks_for(const char *folded, enum answer_type type);

#endif
