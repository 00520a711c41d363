/* synonyms.c — the groups, and a lookup by linear scan (a few hundred words;
 * only called for the words of one question). */
#include "text/synonyms.h"

#include <string.h>

#define G(...) {__VA_ARGS__, NULL}

static const char *const groups[][8] = {
    G("prix", "tarif", "tarifs", "cout", "coute", "coutent", "payer"),
    G("horaires", "horaire", "heures", "ouverture", "ouvert", "ouverte"),
    G("papiers", "documents", "pieces", "justificatifs"),
    G("rdv", "rendez"),
    G("cni", "identite"),
    G("jeter", "debarrasser", "encombrants"),
    G("canape", "meuble", "encombrants"),
    G("gamin", "enfant", "enfants"),
    G("fils", "enfant"),
    G("fille", "enfant"),
    G("gosse", "enfant"),
    G("bebe", "enfant", "creche"),
    G("garderie", "periscolaire"),
    G("cantine", "restauration", "repas"),
    G("poubelle", "poubelles", "bac", "bacs", "collecte"),
    G("ordures", "collecte", "dechets"),
    G("piscine", "aquatique", "natation"),
    G("bibliotheque", "mediatheque"),
    G("demenagement", "demenager", "nouvel", "arrivant"),
    G("perdu", "perte", "perdue"),
    G("vole", "vol", "volee"),
    G("mariage", "marier", "epouser"),
    G("deces", "mort", "decede", "obseques"),
    G("naissance", "naitre", "ne", "nee"),
    G("maire", "elus", "elu"),
    G("voter", "vote", "electorales", "electeur"),
    G("permis", "autorisation"),
    G("travaux", "chantier"),
    G("stationner", "stationnement", "garer", "parking"),
    G("chien", "chiens", "animal", "animaux"),
    G("chat", "chats", "animal", "animaux"),
    G("aide", "aides", "allocation"),
    G("vieux", "ages", "seniors", "personnes"),
    G("salle", "salles", "location", "louer"),
};

const char *const *synonyms_group(const char *surface, size_t len)
{
    if (!len)
        return NULL;   /* no group holds an empty word */
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        for (int j = 0; groups[i][j]; j++)
            if (groups[i][j][0] == surface[0] && strlen(groups[i][j]) == len &&
                !memcmp(groups[i][j], surface, len))
                return groups[i];
    return NULL;
}
