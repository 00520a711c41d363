/* synonyms.c — the groups, and a lookup by binary search in their words
 * (sorted once; every word of every question is looked up: the linear scan
 * it replaces was a seventh of the question's analysis). */
#include "text/synonyms.h"

#include <pthread.h>
#include <stdlib.h>
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
    G("ages", "seniors", "personnes"),
    G("salle", "salles", "location", "louer"),
    G("adulte", "adultes", "majeur", "majeure", "majeurs"),
    G("frigo", "frigidaire", "electromenager", "encombrants"),
    G("attendre", "attente", "delai"),
    G("internet", "ligne"),
    G("telephone", "tel", "numero", "appeler"),
};

#define NGROUPS (sizeof groups / sizeof groups[0])
#define NWORDS (NGROUPS * 7)

/* Every word of every group, by word then group. */
static struct entry {
    const char *w;
    size_t len;
    unsigned group;
} entries[NWORDS];
static size_t nentries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Words compare by length first: the order does not matter, only that it
 * is total, and lengths settle most comparisons. */
static int cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    return memcmp(a, b, an);
}

static int cmp_entry(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    int c = cmp(a->w, a->len, b->w, b->len);
    return c ? c : (a->group > b->group) - (a->group < b->group);
}

static void init(void)
{
    for (unsigned g = 0; g < NGROUPS; g++)
        for (int j = 0; groups[g][j]; j++)
            entries[nentries++] = (struct entry){groups[g][j], strlen(groups[g][j]), g};
    qsort(entries, nentries, sizeof entries[0], cmp_entry);
}

const char *const *synonyms_group(const char *surface, size_t len)
{
    if (!len)
        return NULL;   /* no group holds an empty word */
    pthread_once(&once, init);
    /* The first entry not below surface: its lowest group, if it is surface. */
    size_t lo = 0, hi = nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(entries[mid].w, entries[mid].len, surface, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < nentries && !cmp(entries[lo].w, entries[lo].len, surface, len))
        return groups[entries[lo].group];
    return NULL;
}
