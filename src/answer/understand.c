/* understand.c — out-of-scope and small-talk detection by phrase lists. */
#include "answer/understand.h"

#include <stdbool.h>
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

/* The first place at or after from where phrase stands in hay as whole
 * words, or NULL. */
static inline const char *find_phrase(const char *hay, const char *from, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(from, phrase); p; p = strstr(p + 1, phrase))
        if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return p;
    return NULL;
}

static bool has_phrase(const char *hay, const char *phrase)
{
    return find_phrase(hay, hay, phrase) != NULL;
}

/* has_phrase(hay, "a TOWN") || has_phrase(hay, "de TOWN") ||
 * has_phrase(hay, "sur TOWN"), with one search for the town instead of
 * three for phrases printed first (this runs for every question). */
static bool has_town_phrase(const char *hay, const char *town)
{
    static const char *const before[] = {"a ", "de ", "sur "};
    size_t n = strlen(town);
    for (const char *p = strstr(hay, town); p; p = strstr(p + 1, town)) {
        if (p[n] != '\0' && p[n] != ' ')
            continue;
        for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
            size_t k = strlen(before[i]);
            const char *q = p - k;
            if ((size_t)(p - hay) >= k && !memcmp(q, before[i], k) && (q == hay || q[-1] == ' '))
                return true;
        }
    }
    return false;
}

static bool any_phrase(const char *f, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (has_phrase(f, list[i]))
            return true;
    return false;
}

const char *understand_other_town(const char *f, const char *town)
{
    for (size_t i = 0; i < sizeof other_towns / sizeof other_towns[0]; i++) {
        const char *c = other_towns[i];
        /* Whole words only: the town of "Ars" must not make Marseille local. */
        if (town && *town && (has_phrase(town, c) || has_phrase(c, town)))
            continue;
        if (has_town_phrase(f, c) || !strcmp(f, c))
            return c;
    }
    return NULL;
}

bool understand_mentions(const char *folded, const char *phrase)
{
    return has_phrase(folded, phrase);
}

enum intent understand(const char *f, const char *town)
{
    for (size_t i = 0; i < sizeof greetings / sizeof greetings[0]; i++)
        if (!strcmp(f, greetings[i]))
            return INTENT_SMALL_TALK;
    if (any_phrase(f, off_topic, sizeof off_topic / sizeof off_topic[0]))
        return INTENT_OUT_OF_SCOPE;
    if (any_phrase(f, unlikely, sizeof unlikely / sizeof unlikely[0]) || understand_other_town(f, town))
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
    {"combien", AT_NUMBER}, {"quel nombre", AT_NUMBER}, {"quel age", AT_NUMBER},
    {"quel pourcentage", AT_NUMBER}, {"quelle proportion", AT_NUMBER},
    {"quelle superficie", AT_NUMBER}, {"quelle taille", AT_NUMBER},
    {"quelle hauteur", AT_NUMBER}, {"quelle longueur", AT_NUMBER},
    {"quelle distance", AT_NUMBER}, {"quelle population", AT_NUMBER},
    {"quel montant", AT_NUMBER}, {"quel prix", AT_NUMBER}, {"quel tarif", AT_NUMBER},
    {"quel cout", AT_NUMBER}, {"quelle somme", AT_NUMBER}, {"quelle duree", AT_NUMBER},
    {"quelle vitesse", AT_NUMBER}, {"quel poids", AT_NUMBER}, {"quel est le prix", AT_NUMBER},
    {"quel est le tarif", AT_NUMBER}, {"quel est le montant", AT_NUMBER},
    {"quel est le cout", AT_NUMBER}, {"quelle est la duree", AT_NUMBER},
    {"quelle est la date", AT_DATE}, {"quel est le delai", AT_DATE},
    {"quand", AT_DATE}, {"quelle annee", AT_DATE}, {"quelle date", AT_DATE},
    {"quel siecle", AT_DATE}, {"quelle epoque", AT_DATE}, {"quel jour", AT_DATE},
    {"quels jours", AT_DATE}, {"quel mois", AT_DATE}, {"quelle periode", AT_DATE},
    {"quelle heure", AT_DATE}, {"quelles heures", AT_DATE}, {"quels horaires", AT_DATE},
    {"quel horaire", AT_DATE}, {"quelle saison", AT_DATE}, {"quel delai", AT_DATE},
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
    for (size_t i = 0; i < sizeof type_cues / sizeof type_cues[0]; i++) {
        const char *c = type_cues[i].phrase;
        for (const char *p = find_phrase(f, f, c); p; p = find_phrase(f, p + 1, c))
            if (strcmp(c, "qui") || p == f || after_preposition(f, p))
                return type_cues[i].type;
    }
    return AT_NONE;
}
