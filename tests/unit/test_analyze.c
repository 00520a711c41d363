/* test_analyze.c — French analysis: folding, elision, stemming, accents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"

struct collect {
    char terms[512];
    char surfaces[512];
};

static int cb(void *ctx, const struct token *t)
{
    struct collect *c = ctx;
    if (t->stop)
        return 0;
    size_t n = strlen(c->terms);
    snprintf(c->terms + n, sizeof c->terms - n, "%s%s", n ? " " : "", t->term);
    n = strlen(c->surfaces);
    snprintf(c->surfaces + n, sizeof c->surfaces - n, "%s%s", n ? " " : "", t->surface);
    return 0;
}

static void terms_of(const char *s, char *out, size_t n)
{
    struct collect c = {{0}, {0}};
    analyze_text(analyze_thread(), s, strlen(s), cb, &c);
    snprintf(out, n, "%s", c.terms);
}

static void check(const char *in, const char *want)
{
    char got[512];
    terms_of(in, got, sizeof got);
    if (strcmp(got, want))
        fail_msg("analyze(\"%s\") = \"%s\", want \"%s\"", in, got, want);
}

static void same_terms(const char *a, const char *b)
{
    char x[512], y[512];
    terms_of(a, x, sizeof x);
    terms_of(b, y, sizeof y);
    if (strcmp(x, y))
        fail_msg("\"%s\" -> \"%s\" but \"%s\" -> \"%s\"", a, x, b, y);
}

static void test_accents_and_case_meet(void **s)
{
    (void)s;
    same_terms("École", "école");
    same_terms("écoles", "école");
    same_terms("ÉCOLES", "Écoles");
    same_terms("Bibliothèques", "bibliothèque");
}

static void test_elision(void **s)
{
    (void)s;
    check("l'école", "ecol");
    check("l’école d'été", "ecol ete");
    check("qu'il s'inscrive", "inscriv");
    check("jusqu'au lundi", "lund");
}

static void test_ligatures(void **s)
{
    (void)s;
    same_terms("œuvre", "oeuvre");
    same_terms("Cœur", "coeur");
}

static void test_stopwords_and_digits(void **s)
{
    (void)s;
    check("le la les des du de", "");
    check("ouvert le 14 juillet 2026", "ouvr 14 juillet 2026");
    check("8h30", "8h30");
}

/* Irregular verbs: the forms of one verb share a term. */
static void test_irregular_verbs(void **s)
{
    (void)s;
    same_terms("il mourut", "est mort");
    same_terms("meurt", "mourir");
    same_terms("naquit", "né");
    /* who runs a place: "qui dirige la crèche ?" and "la directrice" */
    same_terms("dirige", "directrice");
    same_terms("dirigent", "directeur");
    same_terms("sa naissance", "elle est née");
    same_terms("prit", "pris");
    same_terms("la piscine est ouverte", "la piscine ouvre");
    same_terms("devint", "devenue");
    /* Third person plural (Snowball keeps "-ent"), and "-ent" families. */
    same_terms("ils portent", "il porte");
    same_terms("elles bénéficient", "elle bénéficie");
    same_terms("parents", "parent");
    same_terms("différentes", "différent");
    same_terms("présidente", "président");
    /* Inhabitants and their place. */
    same_terms("les Italiens", "l'Italie");
    same_terms("algérienne", "Algérie");
    same_terms("gaulois", "la Gaule");
    same_terms("villageois", "village");
    check("ancien", "ancien"); /* too short to cut */
    /* "né" is a word, the negation "ne" a stop word. */
    check("il ne sait pas", "sait");
    check("Où est-il né ?", "naitr");
}

static void surfaces_of(const char *s, char *out, size_t n)
{
    struct collect c = {{0}, {0}};
    analyze_text(analyze_thread(), s, strlen(s), cb, &c);
    snprintf(out, n, "%s", c.surfaces);
}

/* An ordinal in digits is its number; the surface keeps the suffix. */
static void test_digit_ordinals(void **s)
{
    (void)s;
    check("2e 2ème 2eme 2ieme 2nd 2nde 2ᵉ 2es", "2 2 2 2 2 2 2 2");
    /* "1er", "1re" are "premier", "première" written short, not the number 1. */
    same_terms("le 1er janvier, la 1re fois, 1ère, 1ᵉʳ, les 1ers",
               "le premier janvier, la première fois, première, premier, les premiers");
    check("1er 1e 1", "premi 1 1");
    check("au 20ème siècle", "20 siecl");
    same_terms("2e étage", "2ème étage");
    /* Not ordinals: times, units, numbers in other notations, "er" after 3. */
    check("8h30 2m 1e10 3er 2nd3 e2", "8h30 2m 1e10 3er 2nd3 e2");
    char surf[512];
    surfaces_of("le 2ème étage", surf, sizeof surf);
    assert_string_equal(surf, "2eme etage");
    /* The suffix set apart, a superscript lost on the way to plain text. */
    same_terms("le 1 er janvier, la 2 e année", "le 1er janvier, la 2e année");
    surfaces_of("le 1 er janvier", surf, sizeof surf);
    assert_string_equal(surf, "1er janvier");
    check("3 er, 2 e-mails, 4 ere", "3 er 2 e mail 4 ere");
}

/* An ordinal in upper-case roman numerals is its number; other words stay. */
static void test_roman_ordinals(void **s)
{
    (void)s;
    check("XIXe XXème IIIe IVe XXXIXe VIIIᵉ", "19 20 3 4 39 8");
    same_terms("François Ier, Ière", "François premier, première");
    check("la Ve République", "5 republ");
    same_terms("au XXe siècle", "au 20ème siècle");
    same_terms("Guillaume Ier", "Guillaume 1er");
    /* Not I, V, X; lower case; not well formed; no suffix; "er" after 1 only. */
    check("De Le Ce Me", "");
    check("vie Vie VIE xixe CV", "vi vi vi xix cv");
    check("IIIIe XXXXe IXer Ire", "iiii xxxxe ixer ire");
    check("Louis XIV", "lou xiv");
}

/* Thousands set apart by a space are one number. */
static void test_digit_groups(void **s)
{
    (void)s;
    same_terms("20 000 hommes", "20000 hommes");
    same_terms("vingt mille hommes", "20 000 hommes");
    same_terms("1\xc2\xa0" "500\xe2\x80\xaf" "000 €", "1500000 €");
    char surf[512];
    surfaces_of("9 785 747 habitants", surf, sizeof surf);
    assert_string_equal(surf, "9785747 habitants");
    /* Not groups of 3 digits alone; no group after 4 digits or more. */
    check("20 0001, 20 000e, 2019 200, 1 2 3, 01 23 45", "20 0001 20 000 2019 200 1 2 3 01 23 45");
}

/* A number in words is its number, in one token when it takes several words. */
static void test_number_words(void **s)
{
    (void)s;
    same_terms("trois mois", "3 mois");
    same_terms("troisième étage", "3e étage");
    same_terms("TROISIÈME", "troisieme");
    same_terms("dix-huit ans", "18 ans");
    same_terms("au dix-neuvième siècle", "au XIXe siècle");
    check("vingt et un, vingt-et-un, deux cents, quatre-vingts, mille", "21 21 200 80 1000");
    check("un million d'habitants", "1000000 habit");
    check("mille neuf cent quatre-vingt-dix-neuf", "1999");
    /* Words, not numbers: articles, "new", a rank, a magnitude alone. */
    check("un chat et une souris", "chat sour");
    check("un vélo neuf", "velo neuf");
    check("neuf ans", "neuf an");
    check("dix-neuf, neuf cents", "19 900");
    check("premier première", "premi premi");
    check("des millions", "million");
    /* Two numbers the grammar does not join stay two; so do the words after. */
    check("deux trois", "2 3");
    check("Deux-Sèvres", "2 sevr");
}

struct spans {
    char out[512];
};

static int span_cb(void *ctx, const struct token *t)
{
    struct spans *c = ctx;
    size_t n = strlen(c->out);
    snprintf(c->out + n, sizeof c->out - n, "%s%s/%s@%zu-%zu:%d", n ? " " : "", t->surface, t->term,
             t->start, t->end, t->pos);
    return 0;
}

/* The token of a number in several words spans their bytes, at one position. */
static void test_number_words_span(void **s)
{
    (void)s;
    struct spans c = {{0}};
    const char *t = "à dix-huit ans, vingt et un jours";
    analyze_text(analyze_thread(), t, strlen(t), span_cb, &c);
    assert_string_equal(c.out, "a/a@0-2:0 dix-huit/18@3-11:1 ans/an@12-15:2 vingt-et-un/21@17-28:3 "
                               "jours/jour@29-34:4");
}

static void test_surface_strips_accents(void **s)
{
    (void)s;
    struct collect c = {{0}, {0}};
    const char *t = "Université déchetterie Noël";
    analyze_text(analyze_thread(), t, strlen(t), cb, &c);
    assert_string_equal(c.surfaces, "universite dechetterie noel");
}

static void test_invalid_utf8_is_separator(void **s)
{
    (void)s;
    check("piscine\xff\xfe" "municipale", "piscin municipal");
    check("", "");
    check("\xc3", "");
}

static void test_fold(void **s)
{
    (void)s;
    char *f = analyze_fold("  L’Œuvre, À PARIS !  ", strlen("  L’Œuvre, À PARIS !  "));
    assert_string_equal(f, "l oeuvre a paris");
    free(f);
    /* whole words only */
    assert_true(analyze_has_words("la mairie de saint aubin", "saint aubin"));
    assert_true(analyze_has_words("saint aubin", "saint aubin"));
    assert_false(analyze_has_words("la mairie de saint aubinet", "saint aubin"));
    assert_false(analyze_has_words("toussaint aubin", "saint aubin"));
    assert_false(analyze_has_words("la mairie", ""));
}

static void test_long_word_is_cut(void **s)
{
    (void)s;
    char w[400];
    memset(w, 'a', sizeof w - 1);
    w[sizeof w - 1] = '\0';
    char got[512];
    terms_of(w, got, sizeof got);
    assert_true(strlen(got) <= ANALYZE_WORD_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accents_and_case_meet),
        cmocka_unit_test(test_elision),
        cmocka_unit_test(test_ligatures),
        cmocka_unit_test(test_stopwords_and_digits),
        cmocka_unit_test(test_irregular_verbs),
        cmocka_unit_test(test_digit_ordinals),
        cmocka_unit_test(test_roman_ordinals),
        cmocka_unit_test(test_digit_groups),
        cmocka_unit_test(test_number_words),
        cmocka_unit_test(test_number_words_span),
        cmocka_unit_test(test_surface_strips_accents),
        cmocka_unit_test(test_invalid_utf8_is_separator),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_long_word_is_cut),
    };
    return cmocka_run_group_tests_name("analyze", tests, NULL, NULL);
}
