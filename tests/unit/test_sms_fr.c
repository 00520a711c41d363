/* test_sms_fr.c — texting spelling to plain French: input → expected output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/sms_fr.h"
#include "util/limits.h"

struct tcase {
    const char *in, *out;
};

static const struct tcase cases[] = {
    /* Abbreviations, whole tokens, with the case of the token. */
    {"slt", "salut"},
    {"Slt", "Salut"},
    {"BJR", "BONJOUR"},
    {"Bjr, kel sont les oraires de la mairi ?", "Bonjour, quel sont les horaires de la mairie ?"},
    {"bsr stp svp", "bonsoir s'il te plaît s'il vous plaît"},
    {"pk la pisine est fermée", "pourquoi la piscine est fermée"},
    {"pq pas ds 1 h", "pourquoi pas dans 1 h"},
    {"kel oraire pr la dechetri", "quel horaire pour la déchetterie"},
    {"kand ouvre la mairie ojd", "quand ouvre la mairie aujourd'hui"},
    {"jvoudrais savoir cmnt on fait", "je voudrais savoir comment on fait"},
    {"kelle heure, koi", "quelle heure, quoi"},
    {"qd c ouvert ? kan ?", "quand c'est ouvert ? quand ?"},
    /* elisions written without their apostrophe */
    {"cest qd la fete dla musique", "c'est quand la fete de la musique"},
    {"jvais a la mairie, jai rdv jusqua midi", "je vais a la mairie, j'ai rendez-vous jusqu'à midi"},
    /* "je" glued to the word after it: no French word begins with j and a
     * consonant; "jardin", "jhabite", an acronym are left alone */
    {"Jdois jpars jme debarasse jcherche jprends", "Je dois je pars je me debarasse je cherche je prends"},
    {"jardin jhabite jy jo jgs JGS", "jardin jhabite jy jo jgs JGS"},
    {"les JPO, photo en jpeg, fichier JSON, Mme Jlassi, bonne jrnée",
     "les JPO, photo en jpeg, fichier JSON, Mme Jlassi, bonne jrnée"},
    {"bcp de monde au rdv", "beaucoup de monde au rendez-vous"},
    {"la decheterie ou la dechetrie", "la déchetterie ou la déchetterie"},
    {"tt ki veut", "tout qui veut"},
    {"jsp mdr", "je ne sais pas"},
    {"cmb ça coûte", "combien ça coûte"},
    {"cb de temps", "combien de temps"},
    {"auj ou ajd ou dem1 ou dmn ou 2m1 ou dmain", "aujourd'hui ou aujourd'hui ou demain ou demain ou demain ou demain"},
    {"a2m1", "à demain"},
    {"le ptit pont", "le petit pont"},
    {"tjr ferme, tjrs", "toujours ferme, toujours"},
    {"j've un rdv", "je veux un rendez-vous"},
    {"jveu m'inscrire", "je veux m'inscrire"},
    {"chui devant, chuis là", "je suis devant, je suis là"},
    {"ya du monde", "il y a du monde"},
    {"y'a un bus ?", "il y a un bus ?"},
    {"yapa de bus", "il n'y a pas de bus"},
    {"ca va", "ça va"},
    {"CA VA", "ÇA VA"},
    {"renouvelement du passport", "renouvellement du passeport"},
    /* Context: "c" and "g" only before a word and not after a number. */
    {"c ouvert dem1 ?", "c'est ouvert demain ?"},
    {"C ouvert", "C'est ouvert"},
    {"g perdu mes papiers", "j'ai perdu mes papiers"},
    {"G", "G"},
    {"G perdu mes papiers", "J'ai perdu mes papiers"},
    /* ... and not a capital initial before a name. */
    {"la G League en 2005", "la G League en 2005"},
    {"le plan C Cadoudal", "le plan C Cadoudal"},
    {"c", "c"},
    {"c?", "c?"},
    {"c 12", "c 12"},
    {"vitamine c", "vitamine c"},
    {"5 g de sel", "5 g de sel"},
    /* "cb" is a bank card after "par", "la", "carte"... */
    {"payer par cb", "payer par cb"},
    {"la cb ou le chèque", "la cb ou le chèque"},
    {"cb ça coûte ?", "combien ça coûte ?"},
    /* Elisions are looked through, and kept as typed. */
    {"l'oraire de la pisine", "l'horaire de la piscine"},
    {"l\xe2\x80\x99oraire", "l\xe2\x80\x99horaire"},
    {"qu'ya", "qu'il y a"},
    {"l'c", "l'c"},
    /* Repeated letters. */
    {"ouiiiii", "oui"},
    {"NOOON", "NON"},
    {"merciiii bcp", "merci beaucoup"},
    {"passsseport", "passeport"},
    {"sltttt", "salut"},
    {"pisinnnne", "piscine"},
    {"Louis XIII", "Louis XIII"},
    {"le XIIIe siècle", "le XIIIe siècle"},
    {"www.ville.fr", "www.ville.fr"},
    {"appel au 1112", "appel au 1112"},
    {"mairie", "mairie"},
    /* Emoji go, and so do blanks around them and laughter. */
    {"merci \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd!", "merci !"},
    {"merci\xf0\x9f\x98\x80" "beaucoup", "merci beaucoup"},
    {"\xf0\x9f\x99\x82\xf0\x9f\x99\x82", ""},
    {"\xe2\x9d\xa4\xef\xb8\x8f la m\xc3\xa9" "diath\xc3\xa8que", "la médiathèque"},
    {"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 famille", "famille"},
    {"1\xef\xb8\x8f\xe2\x83\xa3 pisine", "1 piscine"},
    {"top mdr, merci", "top, merci"},
    {"lol c top", "c'est top"},
    {"mdr", ""},
    /* Names and addresses are not words. */
    {"rdv@ville.fr", "rdv@ville.fr"},
    {"ville.fr/pr", "ville.fr/pr"},
    /* Blanks and format characters. */
    {"  bonjour   la\tmairie\n", "bonjour la mairie"},
    {"ouvert\xc2\xa0?", "ouvert ?"},
    {"pi\xc2\xadsine", "piscine"},
    {"oraire\xe2\x80\x8bpisine", "horaire piscine"},
    {"", ""},
    {"   ", ""},
    /* Correct French comes out as it went in. */
    {"Bonjour, je voudrais connaître les horaires de la piscine municipale.",
     "Bonjour, je voudrais connaître les horaires de la piscine municipale."},
    {"Est-ce que la mairie est ouverte le samedi ? Merci d'avance.",
     "Est-ce que la mairie est ouverte le samedi ? Merci d'avance."},
    {"Où déposer un rendez-vous ? À 10h30, au 75001 Paris, 3e étage.",
     "Où déposer un rendez-vous ? À 10h30, au 75001 Paris, 3e étage."},
    {"Sa carte, ou la tienne : c'est ça, tel quel.", "Sa carte, ou la tienne : c'est ça, tel quel."},
    {"e\xcc\x81t\xc3\xa9", "e\xcc\x81t\xc3\xa9"},   /* decomposed accents kept */
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, 4096);
        enum gc_rc rc = sms_fr_normalize(cases[i].in, strlen(cases[i].in), &b);
        if (rc != GC_OK || strcmp(buf_str(&b), cases[i].out)) {
            print_error("case %zu: \"%s\" -> \"%s\" (rc %d), expected \"%s\"\n", i, cases[i].in,
                        buf_str(&b), (int)rc, cases[i].out);
            fail();
        }
        buf_free(&b);
    }
}

static void test_table(void **state)
{
    (void)state;
    size_t n;
    const struct sms_fr_abbrev *t = sms_fr_table(&n);
    /* Forms that are French words must never be in the table. */
    static const char *const words[] = {
        "a", "amande", "ce", "la", "marie", "ou", "sa", "se", "si", "ta", "tel", "tes", "va",
    };
    assert_true(n >= 80);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(t[i - 1].from, t[i].from) >= 0) {
            print_error("table not sorted at \"%s\"\n", t[i].from);
            fail();
        }
        for (const char *p = t[i].from; *p; p++)
            assert_false((*p >= 'A' && *p <= 'Z') || *p == ' ');
        assert_string_not_equal(t[i].from, t[i].to);
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            assert_string_not_equal(t[i].from, words[w]);
        /* An expansion is plain French: normalising it changes nothing. */
        struct buf b;
        buf_init(&b, 256);
        assert_int_equal(sms_fr_normalize(t[i].to, strlen(t[i].to), &b), GC_OK);
        assert_string_equal(buf_str(&b), t[i].to);
        buf_free(&b);
    }
}

static void test_errors(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    buf_adds(&b, "avant ");
    assert_int_equal(sms_fr_normalize("slt \xc3", 5, &b), GC_ERR_INVALID);
    assert_int_equal(sms_fr_normalize("\xed\xa0\x80", 3, &b), GC_ERR_INVALID);
    assert_string_equal(buf_str(&b), "avant ");
    /* It appends. */
    assert_int_equal(sms_fr_normalize("bjr", 3, &b), GC_OK);
    assert_string_equal(buf_str(&b), "avant bonjour");
    /* An embedded NUL is a control character, a blank, not the end. */
    buf_reset(&b);
    assert_int_equal(sms_fr_normalize("bjr\0slt", 7, &b), GC_OK);
    assert_string_equal(buf_str(&b), "bonjour salut");
    buf_free(&b);

    char *big = malloc(GC_SMS_MAX_BYTES + 1);
    assert_non_null(big);
    memset(big, 'a', GC_SMS_MAX_BYTES + 1);
    buf_init(&b, 64 * 1024);
    assert_int_equal(sms_fr_normalize(big, GC_SMS_MAX_BYTES + 1, &b), GC_ERR_TOOBIG);
    memset(big, ' ', GC_SMS_MAX_BYTES);
    for (size_t i = 0; i + 3 <= GC_SMS_MAX_BYTES; i += 4)
        memcpy(big + i, "stp", 3);
    assert_int_equal(sms_fr_normalize(big, GC_SMS_MAX_BYTES, &b), GC_OK);
    assert_int_equal(b.len, 512 * strlen("s'il te plaît ") - 1);
    buf_free(&b);
    /* Output over the buffer's cap: GC_ERR_TOOBIG, buffer untouched. */
    buf_init(&b, 10);
    assert_int_equal(sms_fr_normalize(big, 40, &b), GC_ERR_TOOBIG);
    assert_int_equal(b.len, 0);
    buf_free(&b);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("sms_fr", tests, NULL, NULL);
}
