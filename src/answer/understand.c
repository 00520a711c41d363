/* understand.c — out-of-scope and small-talk detection by phrase lists. */
#include "answer/understand.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Phrases (folded) that put a question outside what a town's pages answer,
 * whatever the pages say: weather, jokes and chat about the assistant,
 * opinions and voting advice, requests in English.  Kept narrow: a town page
 * may well speak of "neige" (snow clearing) or "elections" (registration),
 * so only unambiguous phrasings are listed. */
static const char *const off_topic[] = {
    /* weather */
    "meteo", "va t il pleuvoir", "il va pleuvoir", "va pleuvoir", "previsions",
    "temperature exterieure", "fait il beau", "fera beau", "quel temps fait", "quel temps fera",
    "quel temps va", "quel temps il fait", "quel temps il fera", "quel temps demain",
    "quel temps aujourd hui", "quel temps ce", "quel temps cet", "quel temps cette", "le temps demain",
    "le temps qu il fait", "le temps qu il fera",
    /* jokes, creative writing, chit-chat */
    "blague", "raconte moi", "histoire drole", "devinette", "ecris un poeme", "ecris une chanson", "ecris moi",
    "ecris un", "redige un", "compose un", "tu es qui", "es tu humain", "tu m aimes",
    /* asked of the assistant itself; "qui peut m'aider à rédiger ma lettre ?"
     * asks for a service (an écrivain public, the youth information point) */
    "peux tu m ecrire", "pouvez vous m ecrire", "peux tu me rediger", "pouvez vous me rediger",
    "redige moi", "redigez moi", "ecrivez moi", "ecris une lettre",
    "ton prenom", "quel age as tu", "es tu intelligent", "sens de la vie",
    /* opinions and voting advice */
    "pour qui voter", "qui voter", "ton avis", "votre avis", "que penses tu", "que pensez vous",
    "ton opinion", "votre opinion", "gauche ou droite",
    "meilleur maire", "est il un bon", "est elle une bonne",
    "vous pensez", "tu penses", "penses tu", "pensez vous", "devrais voter", "devrais je voter",
    "dois je voter", "quel parti choisir", "competent", "competente", "bon travail", "mauvais maire",
    /* English */
    "what is", "what s", "how do i", "can you", "weather", "tell me", "who is",
};

/* Phrases of topics a town's pages rarely cover — national politics,
 * markets, sport results, personal health and legal cases, general
 * knowledge: such a question is answered only when the validated pages hold
 * every word of it (pipeline.c), and refused otherwise. */
static const char *const unlikely[] = {
    "president de la republique", "macron", "le pen", "melenchon", "parti politique", "quel parti",
    "premier ministre", "assemblee nationale",
    "poursuivre en justice", "faire un proces", "attaquer en justice", "rendre ma caution",
    "rendre la caution", "depot de garantie", "mon bail",
    /* money, markets */
    "cours de bourse", "la bourse de paris", "bitcoin", "crypto", "cac 40", "cours de l action", "investir",
    /* sport results */
    "resultat du match", "score du match", "qui a gagne", "ligue 1", "ligue des champions",
    "coupe du monde", "psg", "match de foot", "match de football",
    /* health and law advice */
    "symptome", "medicament", "ordonnance medicale", "mal a la tete",
    "mal au ventre", "avocat pour", "porter plainte contre mon voisin", "mon divorce",
    /* general knowledge, tech */
    "capitale de", "qui a invente", "qui a ecrit", "combien mesure", "distance entre la terre",
    "traduis", "traduire en anglais", "traduction en", "code python",
    "javascript", "recette", "cuisiner", "horoscope", "loto", "euromillions",
    "film ce soir", "serie netflix", "netflix",
};

/* Other towns: "mairie de lyon", "piscine de marseille", ... */
static const char *const other_towns[] = {
    "paris", "lyon", "marseille", "toulouse", "nice", "nantes", "strasbourg", "montpellier",
    "bordeaux", "lille", "rennes", "reims", "toulon", "grenoble", "dijon", "angers", "nimes",
    "orleans", "tours", "limoges", "brest", "amiens", "metz", "besancon", "perpignan", "caen",
    "rouen", "nancy", "clermont ferrand", "avignon", "poitiers", "la rochelle", "versailles",
    "issy les moulineaux", "boulogne billancourt", "saint etienne", "le havre", "le mans",
};

static const char *const greetings[] = {
    "bonjour", "bonsoir", "salut", "coucou", "hello", "merci", "merci beaucoup", "au revoir",
    "bonne journee", "bonne soiree", "ok", "d accord", "super", "merci bien", "ca va",
    "bonjour ca va", "allo", "test",
};

/* Does phrase stand in hay as whole words? */
static bool has_phrase(const char *hay, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(hay, phrase); p; p = strstr(p + 1, phrase))
        if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* ---- phrase lists searched in one pass ----
 *
 * Every question is checked against over 200 phrases.  A strstr per phrase
 * cost about 6% of an answer; instead each list is indexed once by the first
 * byte of its phrases, and the question's words are visited once: at each
 * word, only the phrases that begin with its first letter are compared.  A
 * phrase is found at the same places as by has_phrase (whole words), and
 * when several are, the first of the list wins, as when the list was tried
 * in order. */

static void phrase_index_build(struct understand_phrases *ix)
{
    uint16_t count[256] = {0};
    for (size_t i = 0; i < ix->n; i++) {
        ix->len[i] = (uint8_t)strlen(ix->phrase[i]);
        count[(unsigned char)ix->phrase[i][0]]++;
    }
    ix->start[0] = 0;
    for (int c = 0; c < 256; c++)
        ix->start[c + 1] = (uint16_t)(ix->start[c] + count[c]);
    uint16_t fill[256];
    memcpy(fill, ix->start, sizeof fill);
    for (size_t i = 0; i < ix->n; i++)
        ix->order[fill[(unsigned char)ix->phrase[i][0]]++] = (uint16_t)i;
}

/* The index in its list of the first phrase found in f as whole words, or
 * -1.  When ok is not NULL, it says whether phrase i found at `at` counts. */
static int phrase_index_first(const struct understand_phrases *ix, const char *f,
                              bool (*ok)(const char *f, const char *at, size_t i, const void *arg),
                              const void *arg)
{
    int best = -1;
    /* p: each word's start (the text's, and each place after a blank). */
    for (const char *p = f;; p++) {
        unsigned char c = (unsigned char)*p;
        for (unsigned k = ix->start[c]; k < ix->start[c + 1]; k++) {
            size_t i = ix->order[k];
            if (best >= 0 && i >= (size_t)best)
                break;
            /* The first byte is the bucket's; most phrases differ at the
             * next one (a strncmp call cost more than this loop). */
            const char *a = ix->phrase[i];
            size_t n = ix->len[i], j = 1;
            while (j < n && p[j] == a[j])
                j++;
            if (j == n && (p[n] == '\0' || p[n] == ' ') && (!ok || ok(f, p, i, arg))) {
                best = (int)i;
                break;
            }
        }
        if (best == 0)
            break;
        p = strchr(p, ' ');
        if (!p)
            break;
    }
    return best;
}

#define COUNT(a) (sizeof a / sizeof a[0])

static struct understand_phrases off_topic_ix, unlikely_ix, towns_ix, cues_ix;
static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;

static void phrase_index_init(struct understand_phrases *ix, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ix->phrase[i] = list[i];
    ix->n = n;
    phrase_index_build(ix);
}

void understand_phrases_init(struct understand_phrases *ps, const char *const *list)
{
    size_t n = 0;
    while (list[n] && n < UNDERSTAND_PHRASES_MAX)
        n++;
    phrase_index_init(ps, list, n);
}

bool understand_phrases_any(const struct understand_phrases *ps, const char *folded)
{
    return phrase_index_first(ps, folded, NULL, NULL) >= 0;
}

static void phrases_init(void);

/* Does the word before position q of f (q just after a space) end with
 * one of words?  "ne" of "je suis ne a lyon". */
static bool word_before_is(const char *f, const char *q, const char *const *words, size_t n)
{
    if (q - f < 2 || q[-1] != ' ')
        return false;
    const char *end = q - 1, *b = end;
    while (b > f && b[-1] != ' ')
        b--;
    for (size_t k = 0; k < n; k++)
        if ((size_t)(end - b) == strlen(words[k]) && !memcmp(b, words[k], (size_t)(end - b)))
            return true;
    return false;
}

/* "a TOWN", "de TOWN", "d'TOWN" or "sur TOWN", or the town alone, and not
 * the town the assistant serves (whole words: the town of "Ars" must not
 * make Marseille local).  Not where the resident says where they come from
 * or live ("je suis né à Lyon", "j'habite à Tours", "on arrive de Nantes"):
 * the question is still about this town's services. */
static bool town_ok(const char *f, const char *at, size_t i, const void *arg)
{
    static const char *const before[] = {"a ", "de ", "d ", "sur "};
    static const char *const from[] = {
        "ne", "nee", "nes", "nees", "habite", "habites", "habitons", "habitez", "habitent",
        "vis", "vit", "vivons", "vivez", "vivent", "domicilie", "domiciliee", "reside",
        "residons", "residez", "arrive", "arrivee", "arrives", "arrivons", "viens", "venons",
        "venant", "originaire", "originaires", "demenage", "travaille", "travaillons",
    };
    const char *town = arg, *c = towns_ix.phrase[i];
    if (town && *town && (has_phrase(town, c) || has_phrase(c, town)))
        return false;
    if (at == f && at[towns_ix.len[i]] == '\0')
        return true;
    for (size_t k = 0; k < COUNT(before); k++) {
        size_t n = strlen(before[k]);
        const char *q = at - n;
        if ((size_t)(at - f) >= n && !memcmp(q, before[k], n) && (q == f || q[-1] == ' '))
            return !word_before_is(f, q, from, COUNT(from));
    }
    return false;
}

const char *understand_other_town(const char *f, const char *town)
{
    pthread_once(&phrases_once, phrases_init);
    int i = phrase_index_first(&towns_ix, f, town_ok, town);
    return i < 0 ? NULL : towns_ix.phrase[i];
}

bool understand_mentions(const char *folded, const char *phrase)
{
    return has_phrase(folded, phrase);
}

enum intent understand(const char *f, const char *town)
{
    pthread_once(&phrases_once, phrases_init);
    for (size_t i = 0; i < sizeof greetings / sizeof greetings[0]; i++)
        if (!strcmp(f, greetings[i]))
            return INTENT_SMALL_TALK;
    if (phrase_index_first(&off_topic_ix, f, NULL, NULL) >= 0)
        return INTENT_OUT_OF_SCOPE;
    if (phrase_index_first(&unlikely_ix, f, NULL, NULL) >= 0 || understand_other_town(f, town))
        return INTENT_UNLIKELY;
    return INTENT_QUESTION;
}

/* Phrases (folded) that ask for a kind of answer.  A phrase counts anywhere
 * in the question ("le marché a lieu quand ?"), except "qui", which is also a
 * relative pronoun: it counts only first, or after a preposition. */
static const struct {
    const char *phrase;
    enum answer_type type;
} type_cues[] = {
    /* the more precise first: the first cue of the list found wins */
    {"combien coute", AT_PRICE}, {"combien coutent", AT_PRICE}, {"combien ca coute", AT_PRICE},
    {"combien cela coute", AT_PRICE}, {"combien faut il payer", AT_PRICE}, {"combien je paie", AT_PRICE},
    {"combien on paie", AT_PRICE}, {"combien ca fait", AT_PRICE}, {"c est combien", AT_PRICE},
    {"quel prix", AT_PRICE}, {"quel tarif", AT_PRICE}, {"quels tarifs", AT_PRICE},
    {"quel cout", AT_PRICE}, {"quel est le prix", AT_PRICE}, {"quel est le tarif", AT_PRICE},
    {"quels sont les tarifs", AT_PRICE}, {"quel est le cout", AT_PRICE}, {"prix", AT_PRICE},
    {"tarif", AT_PRICE}, {"tarifs", AT_PRICE}, {"cout", AT_PRICE}, {"coute", AT_PRICE},
    {"coutent", AT_PRICE}, {"payant", AT_PRICE}, {"payante", AT_PRICE}, {"gratuit", AT_PRICE},
    {"gratuite", AT_PRICE}, {"cher", AT_PRICE},
    {"a quelle heure", AT_TIME}, {"quelle heure", AT_TIME}, {"quelles heures", AT_TIME},
    {"quels horaires", AT_TIME}, {"quel horaire", AT_TIME}, {"horaires", AT_TIME},
    {"horaire", AT_TIME}, {"heures d ouverture", AT_TIME}, {"heure d ouverture", AT_TIME},
    {"combien", AT_NUMBER}, {"quel nombre", AT_NUMBER}, {"quel age", AT_NUMBER},
    {"quel pourcentage", AT_NUMBER}, {"quelle proportion", AT_NUMBER},
    {"quelle superficie", AT_NUMBER}, {"quelle taille", AT_NUMBER},
    {"quelle hauteur", AT_NUMBER}, {"quelle longueur", AT_NUMBER},
    {"quelle distance", AT_NUMBER}, {"quelle population", AT_NUMBER},
    {"quel montant", AT_NUMBER}, {"quelle somme", AT_NUMBER}, {"quelle duree", AT_NUMBER},
    {"quelle vitesse", AT_NUMBER}, {"quel poids", AT_NUMBER}, {"quel est le montant", AT_NUMBER},
    {"quelle est la duree", AT_NUMBER},
    {"quelle est la date", AT_DATE}, {"quel est le delai", AT_DATE},
    {"quand", AT_DATE}, {"quelle annee", AT_DATE}, {"quelle date", AT_DATE},
    {"quel siecle", AT_DATE}, {"quelle epoque", AT_DATE}, {"quel jour", AT_DATE},
    {"quels jours", AT_DATE}, {"quel mois", AT_DATE}, {"quelle periode", AT_DATE},
    {"quelle saison", AT_DATE}, {"quel delai", AT_DATE},
    {"qui", AT_PERSON}, {"quel est le nom", AT_PERSON}, {"quel auteur", AT_PERSON},
    {"quel roi", AT_PERSON}, {"quelle reine", AT_PERSON}, {"quel artiste", AT_PERSON},
    {"quel ecrivain", AT_PERSON}, {"quel joueur", AT_PERSON}, {"quel personnage", AT_PERSON},
    {"quelle ville", AT_PLACE}, {"quel pays", AT_PLACE}, {"quelle region", AT_PLACE},
    {"quel lieu", AT_PLACE}, {"quel endroit", AT_PLACE}, {"quelle rue", AT_PLACE},
    {"quelle adresse", AT_PLACE}, {"quelle commune", AT_PLACE}, {"quel continent", AT_PLACE},
    {"quel departement", AT_PLACE}, {"quel quartier", AT_PLACE},
    {"pourquoi", AT_REASON}, {"pour quelle raison", AT_REASON}, {"quelle est la raison", AT_REASON},
    {"quelles sont les raisons", AT_REASON}, {"quelle cause", AT_REASON}, {"quelles causes", AT_REASON},
    {"dans quel but", AT_REASON},
    {"numero", AT_PHONE}, {"numeros", AT_PHONE}, {"num", AT_PHONE}, {"telephone", AT_PHONE},
    {"telephoner", AT_PHONE}, {"tel", AT_PHONE}, {"appeler", AT_PHONE}, {"standard", AT_PHONE},
};

static bool after_preposition(const char *f, const char *p)
{
    static const char *const preps[] = {"a ", "de ", "par ", "pour ", "avec ", "chez ", "contre ",
                                        "envers ", "sur ", "selon ", "d "};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++) {
        size_t n = strlen(preps[i]);
        if (p - f == (ptrdiff_t)n && !strncmp(f, preps[i], n))
            return true;
    }
    return false;
}

/* "qui" counts only first, or after a preposition. */
static bool cue_ok(const char *f, const char *at, size_t i, const void *arg)
{
    (void)arg;
    return strcmp(type_cues[i].phrase, "qui") || at == f || after_preposition(f, at);
}

enum answer_type answer_type(const char *text, size_t len, const char *f)
{
    /* "où" (where) folds to "ou" (or): look at the typed form. */
    static const char *const where[] = {"où", "Où", "OÙ"};
    for (size_t at = 0; at + 3 <= len; at++)
        for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
            if (memcmp(text + at, where[i], 3))
                continue;
            bool left = at == 0 || text[at - 1] == ' ' || text[at - 1] == '\'' || text[at - 1] == '-';
            bool right = at + 3 == len || !((unsigned char)text[at + 3] & 0x80 ||
                                            (text[at + 3] >= 'a' && text[at + 3] <= 'z'));
            if (left && right)
                return AT_PLACE;
        }
    pthread_once(&phrases_once, phrases_init);
    int i = phrase_index_first(&cues_ix, f, cue_ok, NULL);
    return i < 0 ? AT_NONE : type_cues[i].type;
}

/* A cue of the kind *arg that counts where it is (cue_ok). */
static bool cue_of_type(const char *f, const char *at, size_t i, const void *arg)
{
    return type_cues[i].type == *(const enum answer_type *)arg && cue_ok(f, at, i, NULL);
}

bool understand_asks_for(const char *f, enum answer_type type)
{
    pthread_once(&phrases_once, phrases_init);
    return phrase_index_first(&cues_ix, f, cue_of_type, &type) >= 0;
}

static void phrases_init(void)
{
    _Static_assert(COUNT(off_topic) <= UNDERSTAND_PHRASES_MAX && COUNT(unlikely) <= UNDERSTAND_PHRASES_MAX &&
                       COUNT(other_towns) <= UNDERSTAND_PHRASES_MAX && COUNT(type_cues) <= UNDERSTAND_PHRASES_MAX,
                   "a phrase list grew past UNDERSTAND_PHRASES_MAX");
    phrase_index_init(&off_topic_ix, off_topic, COUNT(off_topic));
    phrase_index_init(&unlikely_ix, unlikely, COUNT(unlikely));
    phrase_index_init(&towns_ix, other_towns, COUNT(other_towns));
    const char *cues[COUNT(type_cues)];
    for (size_t i = 0; i < COUNT(type_cues); i++)
        cues[i] = type_cues[i].phrase;
    phrase_index_init(&cues_ix, cues, COUNT(cues));
}
