/* test_understand.c — answer/understand: off-topic, other towns, small talk,
 * and the town's own questions that must stay questions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/understand.h"
#include "text/analyze.h"

struct tcase {
    const char *q;
    enum intent want;
};

static const char *name(enum intent i)
{
    return i == INTENT_QUESTION ? "question" : i == INTENT_OUT_OF_SCOPE ? "out_of_scope" : "small_talk";
}

/* Fold q as the pipeline does, then ask understand(); count mismatches. */
static int run(const struct tcase *c, size_t n, const char *town)
{
    char *tf = analyze_fold(town, strlen(town));
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char *f = analyze_fold(c[i].q, strlen(c[i].q));
        enum intent got = understand(f, tf);
        if (got != c[i].want) {
            print_error("[%s] \"%s\" (\"%s\") -> %s, want %s\n", town, c[i].q, f, name(got),
                        name(c[i].want));
            bad++;
        }
        free(f);
    }
    free(tf);
    return bad;
}

#define RUN(cases, town) assert_int_equal(run(cases, sizeof cases / sizeof cases[0], town), 0)

static void test_off_topic(void **s)
{
    (void)s;
    static const struct tcase cases[] = {
        {"Quel temps fera-t-il demain à Villebrune ?", INTENT_OUT_OF_SCOPE},
        {"Météo du week-end", INTENT_OUT_OF_SCOPE},
        {"Va-t-il pleuvoir samedi ?", INTENT_OUT_OF_SCOPE},
        {"Raconte-moi une blague", INTENT_OUT_OF_SCOPE},
        {"Écris-moi un poème sur l'automne", INTENT_OUT_OF_SCOPE},
        {"Pour qui je devrais voter aux présidentielles ?", INTENT_OUT_OF_SCOPE},
        {"Que pensez-vous du maire ?", INTENT_OUT_OF_SCOPE},
        {"Qui est le Premier ministre ?", INTENT_OUT_OF_SCOPE},
        {"Faut-il investir dans le Bitcoin ?", INTENT_OUT_OF_SCOPE},
        {"Qui a gagné le match du PSG hier ?", INTENT_OUT_OF_SCOPE},
        {"J'ai mal à la tête, quel médicament prendre ?", INTENT_OUT_OF_SCOPE},
        {"Quelle est la capitale de l'Australie ?", INTENT_OUT_OF_SCOPE},
        {"Donne-moi une recette de tarte aux pommes", INTENT_OUT_OF_SCOPE},
        {"Écris du code Python pour trier une liste", INTENT_OUT_OF_SCOPE},
        {"What is the opening time?", INTENT_OUT_OF_SCOPE},
        {"Can you help me?", INTENT_OUT_OF_SCOPE},
        {"Mon horoscope du jour", INTENT_OUT_OF_SCOPE},
    };
    RUN(cases, "Villebrune");
}

static void test_other_towns(void **s)
{
    (void)s;
    static const struct tcase cases[] = {
        {"Horaires de la piscine de Lyon", INTENT_OUT_OF_SCOPE},
        {"Je veux m'inscrire à Marseille", INTENT_OUT_OF_SCOPE},
        {"Carte d'identité à Paris", INTENT_OUT_OF_SCOPE},
        {"Paris", INTENT_OUT_OF_SCOPE},
        {"La mairie de Clermont-Ferrand est-elle ouverte ?", INTENT_OUT_OF_SCOPE},
        {"Déchetterie de La Rochelle", INTENT_OUT_OF_SCOPE},
        {"Stationnement sur Bordeaux", INTENT_OUT_OF_SCOPE},
        {"Horaires de la mairie de Villebrune", INTENT_QUESTION},
        {"Je viens de Paris, comment m'inscrire sur les listes ?", INTENT_OUT_OF_SCOPE},
        /* Town names inside other words are not towns. */
        {"Déposer un dossier de parisienne ?", INTENT_QUESTION},
        {"Les tours de garde des pharmacies", INTENT_QUESTION},
        {"Le service des sports est-il ouvert ?", INTENT_QUESTION},
    };
    RUN(cases, "Villebrune");
}

/* The configured town is never "another town", however it is written. */
static void test_configured_town(void **s)
{
    (void)s;
    static const struct tcase orleans[] = {
        {"Horaires de la mairie d'Orléans", INTENT_QUESTION},
        {"La piscine de Orléans", INTENT_QUESTION},
        {"Vivre à ORLEANS", INTENT_QUESTION},
        {"La piscine de Tours", INTENT_OUT_OF_SCOPE},
    };
    RUN(orleans, "Orléans");
    static const struct tcase tours[] = {
        {"Horaires de la mairie de Tours", INTENT_QUESTION},
        {"La piscine de Orléans", INTENT_OUT_OF_SCOPE},
    };
    RUN(tours, "Tours");
    static const struct tcase stetienne[] = {
        {"Mairie de Saint-Étienne", INTENT_QUESTION},
        {"Mairie de Lyon", INTENT_OUT_OF_SCOPE},
    };
    RUN(stetienne, "Saint-Étienne");
    /* A town whose name holds another's letters (or the reverse) keeps the
     * other town out of scope. */
    static const struct tcase ars[] = {
        {"La piscine de Marseille", INTENT_OUT_OF_SCOPE},
        {"La piscine de Ars", INTENT_QUESTION},
    };
    RUN(ars, "Ars");
    static const struct tcase lyons[] = {
        {"La mairie de Lyon", INTENT_OUT_OF_SCOPE},
        {"La mairie de Lyons-la-Forêt", INTENT_QUESTION},
    };
    RUN(lyons, "Lyons-la-Forêt");
    static const struct tcase none[] = {
        {"La piscine de Nantes", INTENT_OUT_OF_SCOPE},
        {"Horaires de la piscine", INTENT_QUESTION},
    };
    RUN(none, "");
}

static void test_small_talk(void **s)
{
    (void)s;
    static const struct tcase cases[] = {
        {"Bonjour", INTENT_SMALL_TALK},
        {"bonjour !", INTENT_SMALL_TALK},
        {"  BONSOIR  ", INTENT_SMALL_TALK},
        {"Merci beaucoup !", INTENT_SMALL_TALK},
        {"Bonjour, ça va ?", INTENT_SMALL_TALK},
        {"Au revoir", INTENT_SMALL_TALK},
        {"d'accord", INTENT_SMALL_TALK},
        {"Salut", INTENT_SMALL_TALK},
        /* A greeting followed by a question is a question. */
        {"Bonjour, je voudrais refaire ma carte d'identité", INTENT_QUESTION},
        {"Merci, et pour le passeport ?", INTENT_QUESTION},
    };
    RUN(cases, "Villebrune");
}

static void test_town_questions_stay_questions(void **s)
{
    (void)s;
    static const struct tcase cases[] = {
        {"Inscription sur les listes électorales", INTENT_QUESTION},
        {"Comment voter par procuration ?", INTENT_QUESTION},
        {"Où se trouve mon bureau de vote ?", INTENT_QUESTION},
        {"Déneigement des trottoirs", INTENT_QUESTION},
        {"Qui doit déneiger devant chez moi quand il neige ?", INTENT_QUESTION},
        {"Horaires de la piscine", INTENT_QUESTION},
        {"Quels sont les horaires de la piscine municipale le dimanche ?", INTENT_QUESTION},
        {"Comment renouveler ma carte d'identité ?", INTENT_QUESTION},
        {"Prendre rendez-vous pour un passeport", INTENT_QUESTION},
        {"Quand passe le ramassage des encombrants ?", INTENT_QUESTION},
        {"Inscrire mon enfant à la cantine", INTENT_QUESTION},
        {"Que faire si je trouve un chien perdu ?", INTENT_QUESTION},
        {"Permis de construire pour une véranda", INTENT_QUESTION},
        {"Tarifs de la médiathèque", INTENT_QUESTION},
        {"Louer la salle des fêtes pour un mariage", INTENT_QUESTION},
        {"Comment contacter la police municipale ?", INTENT_QUESTION},
        {"Le marché de Noël a lieu quand ?", INTENT_QUESTION},
        {"Aide pour passer le BAFA", INTENT_QUESTION},
        {"Signaler un nid-de-poule dans ma rue", INTENT_QUESTION},
    };
    RUN(cases, "Villebrune");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_topic),
        cmocka_unit_test(test_other_towns),
        cmocka_unit_test(test_configured_town),
        cmocka_unit_test(test_small_talk),
        cmocka_unit_test(test_town_questions_stay_questions),
    };
    return cmocka_run_group_tests_name("understand", tests, NULL, NULL);
}
