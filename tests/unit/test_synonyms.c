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
    const char *const *g = synonyms_group(NULL, w, strlen(w));
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
        assert_true(holds(synonyms_group(NULL, words[i], strlen(words[i])), words[i]));
    assert_string_equal(first_of("tarif"), "prix");
    assert_string_equal(first_of("bibliotheque"), "bibliotheque");
    /* A word of several groups gets the first one written. */
    assert_string_equal(first_of("enfant"), "gamin");
    assert_string_equal(first_of("encombrants"), "jeter");
    assert_string_equal(first_of("animal"), "chien");
    assert_string_equal(first_of("collecte"), "poubelle");
    /* Length counts: a prefix or a longer word is another word. */
    assert_null(synonyms_group(NULL, "tarif", 4));
    assert_null(synonyms_group(NULL, "tarifss", 7));
    assert_non_null(synonyms_group(NULL, "tarifs", 6));
    assert_null(synonyms_group(NULL, "", 0));
    assert_null(synonyms_group(NULL, "mairie", 6));
    assert_null(synonyms_group(NULL, "Prix", 4));   /* folded words only */
    /* An adult is "majeur" in the pages; "vieux" is said of a sofa more
     * than of a person ("un vieux canapé" is not for the seniors). */
    assert_true(holds(synonyms_group(NULL, "adulte", 6), "majeure"));
    assert_true(holds(synonyms_group(NULL, "numero", 6), "telephone"));
    assert_null(synonyms_group(NULL, "vieux", 5));
    /* A town's own groups are not anyone else's. */
    assert_null(synonyms_group(NULL, "frigo", 5));
}

/* A town's groups come after the general ones. */
static void test_town_groups(void **state)
{
    (void)state;
    static const char town[] = "frigo frigidaire electromenager encombrants\ninternet ligne\n";
    struct ld_list *l = NULL;
    struct gc_err e = {0};
    assert_int_equal(langdata_parse("synonyms.txt", town, strlen(town), langdata_format(LD_SYNONYMS),
                                    &l, &e), GC_OK);
    struct synonyms *s = synonyms_new(l);
    assert_true(holds(synonyms_group(s, "frigo", 5), "electromenager"));
    assert_true(holds(synonyms_group(s, "ligne", 5), "internet"));
    /* A word of a general group and a town's searches the general one. */
    assert_string_equal(synonyms_group(s, "encombrants", 11)[0], "jeter");
    assert_true(holds(synonyms_group(s, "tarif", 5), "prix"));
    assert_null(synonyms_group(s, "mairie", 6));
    synonyms_free(s);
    langdata_list_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_town_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
