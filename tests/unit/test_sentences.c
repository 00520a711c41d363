/* test_sentences.c — text/sentences: French sentence boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "text/sentences.h"

/* The sentences of in, joined with " | ". */
static size_t split(const char *in, char *out, size_t outsz)
{
    struct span sp[32];
    size_t n = sentences_split(in, strlen(in), sp, 32);
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 32; i++) {
        assert_true(sp[i].start < sp[i].end && sp[i].end <= strlen(in));
        k += (size_t)snprintf(out + k, outsz - k, "%s%.*s", i ? " | " : "",
                              (int)(sp[i].end - sp[i].start), in + sp[i].start);
        assert_true(k < outsz);
    }
    return n;
}

static const struct {
    const char *in, *want;
} cases[] = {
    /* plain */
    {"Une phrase. Une autre.", "Une phrase. | Une autre."},
    {"Vraiment ? Oui ! Bien.", "Vraiment ? | Oui ! | Bien."},
    {"Fin sans point", "Fin sans point"},
    {"  espaces autour.  ", "espaces autour."},
    {"minuscule. ensuite", "minuscule. ensuite"},
    {"Ouvert. 14 places.", "Ouvert. | 14 places."},
    {"Voir ici. École fermée.", "Voir ici. | École fermée."},
    {"Voir ici. Élections.", "Voir ici. | Élections."},
    {"Quoi?! Oui.", "Quoi?! | Oui."},
    /* abbreviations and initials */
    {"M. Martin reçoit le lundi.", "M. Martin reçoit le lundi."},
    {"Mme. Durand et Mme Roux. Ensuite", "Mme. Durand et Mme Roux. | Ensuite"},
    {"Écrire à MM. Leroy et Petit.", "Écrire à MM. Leroy et Petit."},
    {"Formulaire n° 12. Puis signer.", "Formulaire n° 12. | Puis signer."},
    {"Voir l'art. L2122 du code.", "Voir l'art. L2122 du code."},
    {"Signé J. Dupont le 3 mai.", "Signé J. Dupont le 3 mai."},
    {"Par J.-P. Morel. Fin.", "Par J.-P. Morel. | Fin."},
    {"(cf. Annexe) Puis.", "(cf. Annexe) Puis."},
    {"Tél. 02 38 00 10 00", "Tél. 02 38 00 10 00"},
    {"tél. 02 38 00 10 00", "tél. 02 38 00 10 00"},
    {"Appelez le Tél. 02 38 00 10 00. Merci.", "Appelez le Tél. 02 38 00 10 00. | Merci."},
    /* numbers */
    {"Il faut 1.5 litre. Ensuite", "Il faut 1.5 litre. | Ensuite"},
    {"Tarif 2,50 €. Gratuit ensuite.", "Tarif 2,50 €. | Gratuit ensuite."},
    {"Rendez-vous à 10 h 30. Venez tôt.", "Rendez-vous à 10 h 30. | Venez tôt."},
    {"Ouvert jusqu'à 10 h 30.", "Ouvert jusqu'à 10 h 30."},
    {"Version 2.0.1 disponible.", "Version 2.0.1 disponible."},
    /* ellipsis */
    {"Attendez… Puis entrez.", "Attendez… | Puis entrez."},
    {"Attendez... Puis entrez.", "Attendez... | Puis entrez."},
    {"Et… voilà.", "Et… voilà."},
    /* quotes and brackets */
    {"Il dit « Bonjour. » Puis part.", "Il dit « Bonjour. » | Puis part."},
    {"Il dit « Bonjour. » Puis part.", "Il dit « Bonjour. » | Puis part."},
    {"Il dit « Bonjour.» Puis part.", "Il dit « Bonjour.» | Puis part."},
    {"Fin. « Citation » ici.", "Fin. | « Citation » ici."},
    {"Fin. \"Citation\" ici.", "Fin. | \"Citation\" ici."},
    {"Voir (page 3.) Puis.", "Voir (page 3.) | Puis."},
    {"Fin.\u00a0Suite.", "Fin. | Suite."},
    /* line breaks always split */
    {"ligne un\nligne deux", "ligne un | ligne deux"},
    {"- item un\n- item deux\n", "- item un | - item deux"},
    {"M.\nDupont", "M. | Dupont"},
    {"a\r\nb\r\n", "a | b"},
    {"\n\n  \n", ""},
    {"", ""},
};

static void test_table(void **s)
{
    (void)s;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[1024];
        split(cases[i].in, got, sizeof got);
        if (strcmp(got, cases[i].want)) {
            print_error("case %zu: split(\"%s\") = \"%s\", want \"%s\"\n", i, cases[i].in,
                        got, cases[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_count_beyond_max(void **s)
{
    (void)s;
    const char *t = "Un. Deux. Trois. Quatre. Cinq.";
    struct span sp[2] = {{99, 99}, {99, 99}};
    assert_int_equal(sentences_split(t, strlen(t), sp, 2), 5);
    assert_int_equal(sp[0].start, 0);
    assert_int_equal(sp[0].end, 3);
    assert_int_equal(sp[1].start, 4);
    assert_int_equal(sp[1].end, 9);
    assert_int_equal(sentences_split(t, strlen(t), NULL, 0), 5);
    assert_int_equal(sentences_split("", 0, NULL, 0), 0);
}

/* Only len bytes are read: a terminator past len is not seen. */
static void test_respects_length(void **s)
{
    (void)s;
    const char *t = "Un deux. Trois";
    struct span sp[4];
    assert_int_equal(sentences_split(t, 7, sp, 4), 1);
    assert_int_equal(sp[0].end, 7);
    /* A truncated multi-byte ellipsis at the end. */
    assert_int_equal(sentences_split("Fin\xe2\x80", 5, sp, 4), 1);
}

/* The one capital-letter test (sentence starts, proper names in compose,
 * facility names in computed answers). */
static void test_capital_at(void **s)
{
    (void)s;
    static const struct {
        const char *t;
        size_t n;
        bool want;
    } caps[] = {
        {"Mairie", 6, true},      {"Z", 1, true},         {"mairie", 6, false},
        {"\xc3\x89" "cole", 6, true},  /* École */
        {"\xc3\x80 la", 5, true},    /* À */
        {"\xc3\x9e", 2, true},       /* Þ, the last */
        {"\xc3\x97 2", 4, false},    /* × is no letter */
        {"\xc3\x9f", 2, false},      /* ß */
        {"\xc3\xa9t\xc3\xa9", 5, false},  /* été */
        {"\xc3\x89", 1, false},      /* cut: only the lead byte is given */
        {"1er", 3, false},        {"\"Oui\"", 5, false},  {"", 0, false},
        {"A", 0, false},
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (sentences_capital_at(caps[i].t, caps[i].n) != caps[i].want)
            fail_msg("case %zu: want %d", i, caps[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_count_beyond_max),
        cmocka_unit_test(test_respects_length),
        cmocka_unit_test(test_capital_at),
    };
    return cmocka_run_group_tests_name("sentences", tests, NULL, NULL);
}
