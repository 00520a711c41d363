/* test_synonyms.c — text/synonyms: the group of a word. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/synonyms.h"

static const char *first_of(const char *w)
{
    const char *const *g = synonyms_group(w, strlen(w));
    return g ? g[0] : NULL;
}

static bool holds(const char *const *g, const char *w)
{
    for (int i = 0; g && g[i]; i++)
        if (!strcmp(g[i], w))
            return true;
    return false;
}

static void test_groups(void **state)
{
    (void)state;
    /* A word's group holds it. */
    const char *words[] = {"prix", "tarif", "coutent", "rdv", "rendez", "mediatheque", "louer", "ne"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        assert_true(holds(synonyms_group(words[i], strlen(words[i])), words[i]));
    assert_string_equal(first_of("tarif"), "prix");
    assert_string_equal(first_of("bibliotheque"), "bibliotheque");
    /* A word of several groups gets the first one written. */
    assert_string_equal(first_of("enfant"), "gamin");
    assert_string_equal(first_of("encombrants"), "jeter");
    assert_string_equal(first_of("animal"), "chien");
    assert_string_equal(first_of("collecte"), "poubelle");
    /* Length counts: a prefix or a longer word is another word. */
    assert_null(synonyms_group("tarif", 4));
    assert_null(synonyms_group("tarifss", 7));
    assert_non_null(synonyms_group("tarifs", 6));
    assert_null(synonyms_group("", 0));
    assert_null(synonyms_group("mairie", 6));
    assert_null(synonyms_group("Prix", 4));   /* folded words only */
    /* An adult is "majeur" in the pages; "vieux" is said of a sofa more
     * than of a person ("un vieux canapé" is not for the seniors). */
    assert_true(holds(synonyms_group("adulte", 6), "majeure"));
    assert_true(holds(synonyms_group("frigo", 5), "electromenager"));
    assert_true(holds(synonyms_group("attendre", 8), "delai"));
    assert_true(holds(synonyms_group("internet", 8), "ligne"));
    assert_true(holds(synonyms_group("numero", 6), "telephone"));
    assert_null(synonyms_group("vieux", 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
