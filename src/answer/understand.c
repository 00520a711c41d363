/* understand.c — out-of-scope and small-talk detection by phrase lists. */
#include "answer/understand.h"

#include <stdbool.h>
#include <string.h>

/* Phrases (folded) that put a question outside what a town's pages answer.
 * Kept narrow: a town page may well speak of "neige" (snow clearing) or
 * "elections" (registration), so only unambiguous phrasings are listed. */
static const char *const off_topic[] = {
    /* weather */
    "meteo", "quel temps", "va t il pleuvoir", "il va pleuvoir", "va pleuvoir", "previsions",
    "temperature exterieure", "fait il beau", "fera beau", "quel temps fait il",
    /* jokes, creative writing, chit-chat */
    "blague", "raconte moi", "histoire drole", "devinette", "poeme", "ecris une chanson", "ecris moi",
    "ecris un", "redige un", "compose un", "tu es qui", "es tu humain", "tu m aimes",
    "ton prenom", "quel age as tu", "es tu intelligent", "sens de la vie",
    /* politics and opinions */
    "pour qui voter", "qui voter", "ton avis", "votre avis", "que penses tu", "que pensez vous",
    "ton opinion", "votre opinion", "president de la republique", "macron", "le pen",
    "melenchon", "parti politique", "gauche ou droite", "premier ministre",
    "meilleur maire", "est il un bon", "est elle une bonne", "assemblee nationale",
    "vous pensez", "tu penses", "penses tu", "pensez vous", "devrais voter", "devrais je voter",
    "dois je voter", "quel parti", "competent", "competente", "bon travail", "mauvais maire",
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
    /* English */
    "what is", "what s", "how do i", "can you", "weather", "tell me", "who is",
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

static bool has_phrase(const char *hay, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(hay, phrase); p; p = strstr(p + 1, phrase)) {
        bool left = p == hay || p[-1] == ' ';
        bool right = p[n] == '\0' || p[n] == ' ';
        if (left && right)
            return true;
    }
    return false;
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

enum intent understand(const char *f, const char *town)
{
    for (size_t i = 0; i < sizeof greetings / sizeof greetings[0]; i++)
        if (!strcmp(f, greetings[i]))
            return INTENT_SMALL_TALK;
    for (size_t i = 0; i < sizeof off_topic / sizeof off_topic[0]; i++)
        if (has_phrase(f, off_topic[i]))
            return INTENT_OUT_OF_SCOPE;
    for (size_t i = 0; i < sizeof other_towns / sizeof other_towns[0]; i++) {
        const char *c = other_towns[i];
        /* Whole words only: the town of "Ars" must not make Marseille local. */
        if (town && *town && (has_phrase(town, c) || has_phrase(c, town)))
            continue;
        if (has_town_phrase(f, c) || !strcmp(f, c))
            return INTENT_OUT_OF_SCOPE;
    }
    return INTENT_QUESTION;
}
