/* test_scrub.c — text/scrub: what is masked before a question is stored,
 * and what is kept (dates, hours, prices, postal codes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/scrub.h"

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* phone numbers */
        {"appelez-moi au 06 12 34 56 78 merci", "appelez-moi au [téléphone] merci"},
        {"0612345678", "[téléphone]"},
        {"06.12.34.56.78", "[téléphone]"},
        {"06-12-34-56-78", "[téléphone]"},
        {"+33 6 12 34 56 78", "[téléphone]"},
        {"+33612345678.", "[téléphone]."},
        {"tél : 02 38 00 10 00, ou", "tél : [téléphone], ou"},
        /* e-mails */
        {"écrivez à jean.dupont@example.fr svp", "écrivez à [courriel] svp"},
        {"jean+tag@mail.example.org.", "[courriel]."},
        {"a@b.fr et c@d.com", "[courriel] et [courriel]"},
        {"un @ seul", "un @ seul"},
        {"pas@undomaine", "pas@undomaine"},
        {"x@y.z", "x@y.z"},
        /* long numbers */
        {"mon numéro fiscal 1234567890123", "mon numéro fiscal [numéro]"},
        {"dossier 1234567", "dossier [numéro]"},
        {"sécu 1 85 05 78 006 084 36", "sécu [numéro]"},
        {"FR76 3000 6000 0112 3456 7890 189", "FR76 [numéro]"},
        /* kept */
        {"horaires du 24/12/2026", "horaires du 24/12/2026"},
        {"ouvert de 9 h 30 à 12 h", "ouvert de 9 h 30 à 12 h"},
        {"tarif 2026-2027", "tarif 2026-2027"},
        {"code postal 45000", "code postal 45000"},
        {"100000 € de travaux", "100000 € de travaux"},
        {"de 2026 à 2027", "de 2026 à 2027"},
        {"T2 et T3, 1,80 €", "T2 et T3, 1,80 €"},
        {"le 12h15 ou 3e étage", "le 12h15 ou 3e étage"},
        {"format A4, bus L12", "format A4, bus L12"},
        /* glued to letters: a reference */
        {"ref1234567 svp", "ref[numéro] svp"},
        {"z211221211", "z[numéro]"},
        {"dossier n°12345678x", "dossier n°[numéro]x"},
        {"1 23456789abc", "1 [numéro]abc"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, 4096);
        assert_int_equal(scrub_text(cases[i].in, strlen(cases[i].in), &b), GC_OK);
        if (strcmp(buf_str(&b), cases[i].out))
            fail_msg("scrub(\"%s\") = \"%s\", expected \"%s\"", cases[i].in, buf_str(&b),
                     cases[i].out);
        buf_free(&b);
    }
}

static void test_cap(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(scrub_text("bonjour le monde", 16, &b), GC_ERR_TOOBIG);
    buf_free(&b);
    /* Only len bytes are read. */
    buf_init(&b, 64);
    assert_int_equal(scrub_text("0612345678", 4, &b), GC_OK);
    assert_string_equal(buf_str(&b), "0612");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests_name("scrub", tests, NULL, NULL);
}
