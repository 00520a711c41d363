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
#include "text/lexicon.h"
#include "util/err.h"
#include <unistd.h>

struct tcase {
    const char *q;
    enum intent want;
};

static const char *name(enum intent i)
{
    return i == INTENT_QUESTION       ? "question"
           : i == INTENT_OUT_OF_SCOPE ? "out_of_scope"
           : i == INTENT_UNLIKELY     ? "unlikely"
                                      : "small_talk";
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
        {"Peux-tu m'écrire une lettre de motivation ?", INTENT_OUT_OF_SCOPE},
        {"Qui peut m'aider à rédiger ma lettre de motivation ?", INTENT_QUESTION},
        {"Comment écrire une lettre à la maire ?", INTENT_QUESTION},
        {"Va-t-il pleuvoir samedi ?", INTENT_OUT_OF_SCOPE},
        {"Raconte-moi une blague", INTENT_OUT_OF_SCOPE},
        {"Écris-moi un poème sur l'automne", INTENT_OUT_OF_SCOPE},
        {"Pour qui je devrais voter aux présidentielles ?", INTENT_OUT_OF_SCOPE},
        {"Que pensez-vous du maire ?", INTENT_OUT_OF_SCOPE},
        {"Qui est le Premier ministre ?", INTENT_UNLIKELY},
        {"Faut-il investir dans le Bitcoin ?", INTENT_UNLIKELY},
        {"Qui a gagné le match du PSG hier ?", INTENT_UNLIKELY},
        {"J'ai mal à la tête, quel médicament prendre ?", INTENT_UNLIKELY},
        {"Quelle est la capitale de l'Australie ?", INTENT_UNLIKELY},
        {"Donne-moi une recette de tarte aux pommes", INTENT_UNLIKELY},
        {"Écris du code Python pour trier une liste", INTENT_UNLIKELY},
        {"What is the opening time?", INTENT_OUT_OF_SCOPE},
        {"Can you help me?", INTENT_OUT_OF_SCOPE},
        {"Mon horoscope du jour", INTENT_UNLIKELY},
        /* other bodies' services and private shops (session 15) */
        {"Comment renouveler mon titre de séjour ?", INTENT_UNLIKELY},
        {"Les horaires de visite à l'hôpital ?", INTENT_UNLIKELY},
        {"Une aide à domicile pour ma mère qui sort de l'hôpital ?", INTENT_QUESTION},
        {"La boulangerie est ouverte le lundi ?", INTENT_UNLIKELY},
        {"Quand la fibre optique arrive dans ma rue ?", INTENT_UNLIKELY},
        {"Les dates des vacances scolaires de printemps ?", INTENT_UNLIKELY},
        /* "quel temps" asks for a duration as often as for the weather */
        {"Quel temps faut-il pour obtenir une carte d'identité ?", INTENT_QUESTION},
        {"En quel temps le dossier est-il traité ?", INTENT_QUESTION},
        {"Quel temps fait-il à Villebrune ?", INTENT_OUT_OF_SCOPE},
        {"Quel temps demain ?", INTENT_OUT_OF_SCOPE},
        {"Quel temps va-t-il faire ce week-end ?", INTENT_OUT_OF_SCOPE},
    };
    RUN(cases, "Villebrune");
}

static void test_other_towns(void **s)
{
    (void)s;
    static const struct tcase cases[] = {
        {"Horaires de la piscine de Lyon", INTENT_UNLIKELY},
        {"Je veux m'inscrire à Marseille", INTENT_UNLIKELY},
        {"Carte d'identité à Paris", INTENT_UNLIKELY},
        {"Paris", INTENT_UNLIKELY},
        {"La mairie de Clermont-Ferrand est-elle ouverte ?", INTENT_UNLIKELY},
        {"Déchetterie de La Rochelle", INTENT_UNLIKELY},
        {"Stationnement sur Bordeaux", INTENT_UNLIKELY},
        {"Horaires de la mairie de Villebrune", INTENT_QUESTION},
        /* Where the resident comes from: the question is about this town. */
        {"Je viens de Paris, comment m'inscrire sur les listes ?", INTENT_QUESTION},
        {"Je suis née à Lyon, mon acte de naissance ?", INTENT_QUESTION},
        {"Quel est le numéro de la mairie d'Orléans ?", INTENT_UNLIKELY},
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
        {"La piscine de Tours", INTENT_UNLIKELY},
    };
    RUN(orleans, "Orléans");
    static const struct tcase tours[] = {
        {"Horaires de la mairie de Tours", INTENT_QUESTION},
        {"La piscine de Orléans", INTENT_UNLIKELY},
    };
    RUN(tours, "Tours");
    static const struct tcase stetienne[] = {
        {"Mairie de Saint-Étienne", INTENT_QUESTION},
        {"Mairie de Lyon", INTENT_UNLIKELY},
    };
    RUN(stetienne, "Saint-Étienne");
    /* A town whose name holds another's letters (or the reverse) keeps the
     * other town out of scope. */
    static const struct tcase ars[] = {
        {"La piscine de Marseille", INTENT_UNLIKELY},
        {"La piscine de Ars", INTENT_QUESTION},
    };
    RUN(ars, "Ars");
    static const struct tcase lyons[] = {
        {"La mairie de Lyon", INTENT_UNLIKELY},
        {"La mairie de Lyons-la-Forêt", INTENT_QUESTION},
    };
    RUN(lyons, "Lyons-la-Forêt");
    static const struct tcase none[] = {
        {"La piscine de Nantes", INTENT_UNLIKELY},
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
        /* what towns run, beside another body's words */
        {"La poste est ouverte le samedi ?", INTENT_QUESTION},
        {"On veut se pacser, à la mairie ou chez le notaire ?", INTENT_QUESTION},
        {"Je peux pas payer ma facture EDF, le CCAS peut m'aider ?", INTENT_QUESTION},
        {"Comment avoir un colis de la banque alimentaire ?", INTENT_QUESTION},
        {"L'accueil de loisirs est ouvert pendant les vacances scolaires ?", INTENT_QUESTION},
        {"L'accueil de loisirs ouvre pendant les vacances scolaires de février ?", INTENT_QUESTION},
        {"Quels sont les horaires de visite du château ?", INTENT_QUESTION},
    };
    RUN(cases, "Villebrune");
}

static void test_answer_type(void **s)
{
    (void)s;
    static const struct {
        const char *q;
        enum answer_type want;
    } cases[] = {
        {"Combien coûte la cantine ?", AT_PRICE},
        {"c'est payant le parking ?", AT_PRICE},
        {"tarifs de la piscine", AT_PRICE},
        /* whether it is allowed: a verdict; a price asked too is a price */
        {"Est-ce que je peux venir au marché en vélo ?", AT_YESNO},
        {"A-t-on le droit de brûler des feuilles ?", AT_YESNO},
        {"Est-ce que je peux savoir combien coûte la cantine ?", AT_PRICE},
        {"Quelle est l'adresse de la mairie ?", AT_ADDRESS},
        {"Combien de places a la crèche ?", AT_NUMBER},
        {"Quel âge faut-il avoir pour voter ?", AT_NUMBER},
        {"Quel est le prix d'une place de parking ?", AT_PRICE},
        {"Quand a lieu le marché de Noël ?", AT_DATE},
        {"Le marché a lieu quand ?", AT_DATE},
        {"En quelle année la mairie a-t-elle été construite ?", AT_DATE},
        {"À quelle heure ouvre la piscine ?", AT_TIME},
        {"horaires de la mairie le samedi", AT_TIME},
        {"Qui célèbre les mariages ?", AT_PERSON},
        {"Par qui est signé le permis ?", AT_PERSON},
        {"À qui s'adresser pour un PACS ?", AT_PERSON},
        {"Où se trouve la médiathèque ?", AT_PLACE},
        {"D'où part la navette ?", AT_PLACE},
        {"Dans quelle ville est né Victor Hugo ?", AT_PLACE},
        {"OÙ DÉPOSER MES ENCOMBRANTS", AT_PLACE},
        {"Pourquoi la piscine est-elle fermée ?", AT_REASON},
        {"Pour quelle raison mon dossier est-il refusé ?", AT_REASON},
        /* "ou" without its accent is "or"; "qui" inside is a relative pronoun */
        {"Carte d'identité ou passeport ?", AT_NONE},
        {"Les enfants qui mangent à la cantine", AT_NONE},
        {"Comment renouveler ma carte d'identité ?", AT_NONE},
        {"Pourquoi faut-il un justificatif ?", AT_REASON},
        {"numero du service urbanisme svp", AT_PHONE},
        {"Quel est le numéro de téléphone des écoles ?", AT_PHONE},
        /* what to bring, how long */
        {"Quels papiers pour se pacser ?", AT_DOCS},
        {"Ma fille a 16 ans, qu'est-ce qu'elle doit apporter pour le recensement ?", AT_DOCS},
        {"pour la liste électorale il faut quoi comme papier", AT_DOCS},
        {"Qu'est-ce qu'il faut pour inscrire ma fille à l'école ?", AT_DOCS},
        {"Combien de temps pour avoir un passeport ?", AT_DURATION},
        {"Quel est le délai pour une déclaration préalable ?", AT_DURATION},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = analyze_fold(cases[i].q, strlen(cases[i].q));
        enum answer_type got = answer_type(cases[i].q, strlen(cases[i].q), f);
        free(f);
        if (got != cases[i].want) {
            print_error("\"%s\" -> %d, want %d\n", cases[i].q, (int)got, (int)cases[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* Whichever kind of answer comes first, a question may ask for another too:
 * the contact answers ask whether it wants a phone number. */
static void test_asks_for(void **s)
{
    (void)s;
    assert_true(understand_asks_for("combien coute un appel au numero de la mairie", AT_PHONE));
    assert_true(understand_asks_for("num tel piscine", AT_PHONE));
    assert_false(understand_asks_for("adresse de la piscine", AT_PHONE));
    assert_true(understand_asks_for("combien coute un appel au numero de la mairie", AT_NUMBER));
    /* "qui" counts only first or after a preposition, as for answer_type */
    assert_false(understand_asks_for("le service qui delivre les cartes", AT_PERSON));
    assert_true(understand_asks_for("qui delivre les cartes", AT_PERSON));
}

static void test_other_town_named(void **s)
{
    (void)s;
    assert_string_equal(understand_other_town("horaires de la piscine de lyon", "villebrune"), "lyon");
    assert_string_equal(understand_other_town("carte d identite a paris", "villebrune"), "paris");
    assert_null(understand_other_town("carte d identite a villebrune", "villebrune"));
    assert_null(understand_other_town("la piscine de tours", "tours"));
    /* Elided: "d'Orléans". */
    assert_string_equal(understand_other_town("horaires de la piscine d orleans", "villebrune"),
                        "orleans");
    /* Where the resident comes from or lives is no other town's service. */
    assert_null(understand_other_town("je suis ne a lyon je veux mon acte de naissance",
                                      "villebrune"));
    assert_null(understand_other_town("j habite a tours combien coute la cantine", "villebrune"));
    assert_null(understand_other_town("on arrive de nantes inscrire les enfants", "villebrune"));
    assert_string_equal(understand_other_town("je suis ne a lyon la mairie de lyon ouvre quand",
                                              "villebrune"), "lyon");
    assert_true(understand_mentions("la mairie de lyon est ouverte", "lyon"));
    assert_false(understand_mentions("le lyonnais", "lyon"));
    /* Several towns: the first of the list wins, wherever it stands (the
     * lists are searched in one pass over the question). */
    assert_string_equal(understand_other_town("de lyon a paris", "villebrune"), "paris");
    assert_string_equal(understand_other_town("lyon", "villebrune"), "lyon");
    assert_null(understand_other_town("lyon est loin", "villebrune"));
    assert_null(understand_other_town("villebrune de lyon", "lyon"));
    /* Several cues: the first of the list ("combien") wins; "qui" counts
     * first or after a preposition only. */
    assert_int_equal(answer_type("quand et combien", strlen("quand et combien"), "quand et combien"),
                     AT_NUMBER);
    assert_int_equal(answer_type("celui qui vient", strlen("celui qui vient"), "celui qui vient"),
                     AT_NONE);
    assert_int_equal(answer_type("par qui", strlen("par qui"), "par qui"), AT_PERSON);
}

/* A place named that is not the town: a name after a preposition of place,
 * none of whose parts is a French word (the lexicon's). */
static void test_named_place(void **s)
{
    (void)s;
    char path[] = "/tmp/gc-understand-lex-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("noel\nhopital\npiscine\nmaire\nsaint\nmarche\nroute\nforet\n", f);
    fclose(f);
    struct lexicon *lex;
    struct gc_err e = {0};
    assert_int_equal(lexicon_load(&lex, path, &e), GC_OK);
    static const struct {
        const char *q, *want;   /* NULL: no place */
    } cases[] = {
        {"Quels sont les horaires de visite à l'hôpital de Lens ?", "lens"},
        {"La piscine de Verdun rouvre quand ?", "verdun"},
        {"Le refuge d'Orléans est ouvert ?", "orleans"},
        {"la fourrière de Saint-Éloi-de-Morin", "saint eloi de morin"},
        /* a French word, the town, residence, a street, an acronym, the start */
        {"C'est quand le marché de Noël ?", NULL},
        {"Qui est le maire de Saint-Aubin-la-Forêt ?", NULL},
        {"J'habite à Lens, la cantine coûte combien ?", NULL},
        {"Nous partons au Portugal cet été, comment faire surveiller la maison ?", NULL},
        {"On va à Lisbonne en juillet, quel délai pour un passeport ?", NULL},
        {"Un arbre est tombé sur la route du Mazeau", NULL},
        {"Comment faire une demande de HLM ?", NULL},
        {"Lens est loin ?", NULL},
        {"horaires de la piscine de lens", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64] = "";
        bool got = understand_named_place(cases[i].q, strlen(cases[i].q), lex,
                                          "saint aubin la foret", out, sizeof out);
        if (got != (cases[i].want != NULL) || (got && strcmp(out, cases[i].want)))
            fail_msg("\"%s\" -> %s (%s)", cases[i].q, got ? out : "none",
                     cases[i].want ? cases[i].want : "none");
    }
    /* without the French words, no name can be told from a word */
    char out[64];
    assert_false(understand_named_place("l'hôpital de Lens", strlen("l'hôpital de Lens"), NULL,
                                        "", out, sizeof out));
    lexicon_free(lex);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_topic),
        cmocka_unit_test(test_other_towns),
        cmocka_unit_test(test_configured_town),
        cmocka_unit_test(test_small_talk),
        cmocka_unit_test(test_town_questions_stay_questions),
        cmocka_unit_test(test_answer_type),
        cmocka_unit_test(test_asks_for),
        cmocka_unit_test(test_other_town_named),
        cmocka_unit_test(test_named_place),
    };
    return cmocka_run_group_tests_name("understand", tests, NULL, NULL);
}
