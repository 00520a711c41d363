/* test_index.c — search/index: ranking, accents, typo tolerance, edge cases,
 * on a small index built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/index.h"

static const struct {
    const char *id, *title, *tags;
    const char *passages[3][2]; /* heading, text */
} pages[] = {
    {"/piscine", "Piscine municipale", "natation, baignade",
     {{"Horaires", "La piscine est ouverte du lundi au samedi de 9 h à 20 h."},
      {"Tarifs", "Entrée adulte 4 €, enfant 2 €. Carte de dix entrées 35 €."}}},
    {"/ecole", "Inscription à l'École", "",
     {{"", "Pour inscrire votre enfant à l'École Jean Moulin, présentez-vous en mairie."},
      {"Pièces à fournir", "Livret de famille et justificatif de domicile."}}},
    {"/universite", "Cours du soir", "",
     {{"", "L'université populaire propose des cours du soir pour adultes."}}},
    {"/bibliotheque", "Bibliothèque", "",
     {{"", "Ouverte le mardi et le jeudi, prêt gratuit."}}},
    {"/horaires-ete", "Horaires d'été", "",
     {{"", "En juillet la bibliothèque ouverte le mardi uniquement."}}},
    {"/urbanisme", "Urbanisme", "",
     {{"Code postal", "Le dossier est à déposer au 45000, cadastre section AB."}}},
    {"F999", "F999", "", /* a corpus page without a title carries its id */
     {{"", "Le marché a lieu le dimanche matin place de la République."}}},
    {"/histoire", "Histoire", "",
     {{"", "Au XIXe siècle, la ville compte 20 000 habitants ; le musée est au 2e étage. Il a soixante-dix ans."}}},
};
#define NPAGES (sizeof pages / sizeof pages[0])

static struct index *build(void)
{
    struct index *ix = index_new();
    index_add_passage(ix, "", "ignored: no page yet");
    for (size_t i = 0; i < NPAGES; i++) {
        struct stored_page sp = {
            .ext_id = pages[i].id, .title = pages[i].title, .url = pages[i].id,
            .service = "Service", .validated_by = "C. Martin", .validated_on = "2026-09-14",
            .tags = pages[i].tags,
        };
        index_add_page(ix, &sp);
        for (int k = 0; k < 3 && pages[i].passages[k][1]; k++)
            index_add_passage(ix, pages[i].passages[k][0], pages[i].passages[k][1]);
    }
    index_finish(ix);
    return ix;
}

static int setup(void **state)
{
    *state = build();
    return 0;
}

static int teardown(void **state)
{
    index_free(*state);
    index_free(NULL);
    return 0;
}

static int search(const struct index *ix, const char *question, struct query *q,
                  struct ix_hit *hits)
{
    index_query(ix, question, strlen(question), q);
    return index_search_pages(ix, q, hits, 10);
}

static const char *top(const struct index *ix, const char *question)
{
    struct query q;
    struct ix_hit hits[10];
    return search(ix, question, &q, hits) ? index_page(ix, hits[0].id)->ext_id : "(none)";
}

static void test_structure(void **state)
{
    const struct index *ix = *state;
    assert_int_equal(index_npages(ix), NPAGES);
    assert_int_equal(index_npassages(ix), 10);
    const struct ix_page *p = index_page(ix, 1);
    assert_string_equal(p->ext_id, "/ecole");
    assert_string_equal(p->validated_by, "C. Martin");
    assert_int_equal(p->first_passage, 2);
    assert_int_equal(p->npassages, 2);
    assert_string_equal(index_passage(ix, 3)->heading, "Pièces à fournir");
    assert_int_equal(index_passage(ix, 3)->page, 1);
}

/* Questions and the page that must come first. */
static void test_right_page_first(void **state)
{
    const struct index *ix = *state;
    static const struct {
        const char *q, *want;
    } cases[] = {
        {"horaires de la piscine", "/piscine"},
        {"tarif piscine enfant", "/piscine"},
        {"Où faire de la natation ?", "/piscine"},         /* tags */
        {"ecole", "/ecole"},                                 /* accents */
        {"ÉCOLE", "/ecole"},                                 /* case */
        {"écoles", "/ecole"},                                /* plural */
        {"inscrire mon enfant", "/ecole"},
        {"livret de famille", "/ecole"},
        {"universite", "/universite"},
        {"UNIVERSITÉ populaire", "/universite"},
        {"bibliotheque", "/bibliotheque"},                  /* title beats body */
        {"quand a lieu le marché", "F999"},
        {"pisine", "/piscine"},                             /* typo: missing letter */
        {"inscriptoin ecole", "/ecole"},                    /* typo: swapped letters */
        {"piscinne", "/piscine"},                           /* typo: extra letter */
        {"45000", "/urbanisme"},
        {"au dix-neuvième siècle", "/histoire"},            /* numbers however spelt */
        {"19e siècle", "/histoire"},
        {"vingt mille habitants", "/histoire"},
        {"deuxième étage", "/histoire"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = top(ix, cases[i].q);
        if (strcmp(got, cases[i].want)) {
            print_error("\"%s\" -> %s, want %s\n", cases[i].q, got, cases[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static const struct qterm *word(const struct query *q, const char *surface)
{
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD && !strcmp(q->t[i].surface, surface))
            return &q->t[i];
    fail_msg("no query word \"%s\"", surface);
    return NULL;
}

static void test_typo_correction(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    static const char *const typos[] = {"pisine", "inscriptoin", "bibliotheqe", "baignde"};
    for (size_t i = 0; i < sizeof typos / sizeof typos[0]; i++) {
        assert_true(search(ix, typos[i], &q, hits) > 0);
        const struct qterm *t = word(&q, typos[i]);
        if (!t->corrected || t->term == UINT32_MAX)
            fail_msg("\"%s\" not corrected", typos[i]);
    }
    /* Typed by ear, two edits away but written alike (fuzzy_skeleton):
     * "famil" is "famille", "popullair" is "populaire", "bibliotek" is
     * "bibliotheque"; the corrected word brings that word's exact form. */
    static const struct {
        const char *typed, *page;
    } ear[] = {{"famil", "/ecole"}, {"popullair", "/universite"},
               /* four edits, but the same sounds: long enough to risk it */
               {"bibliotek", "/bibliotheque"}};
    for (size_t i = 0; i < sizeof ear / sizeof ear[0]; i++) {
        int n = search(ix, ear[i].typed, &q, hits);
        const struct qterm *t = word(&q, ear[i].typed);
        if (!t->corrected || n < 1 || strcmp(index_page(ix, hits[0].id)->ext_id, ear[i].page))
            fail_msg("\"%s\" not corrected to a word of %s", ear[i].typed, ear[i].page);
        bool exact = false;
        for (int j = 0; j < q.n; j++)
            exact |= q.t[j].kind == QT_EXACT;
        assert_true(exact || t->weight > 1.0f);
    }
    /* Not when the skeletons differ, nor past two edits. */
    search(ix, "populr", &q, hits);
    assert_false(word(&q, "populr")->corrected);
    search(ix, "fmil", &q, hits);
    assert_false(word(&q, "fmil")->corrected);
    /* Written like "ecole" but three edits away: under 8 letters, two at most. */
    search(ix, "ekkolle", &q, hits);
    assert_false(word(&q, "ekkolle")->corrected);
    /* A known word is not "corrected". */
    search(ix, "piscine", &q, hits);
    assert_false(word(&q, "piscine")->corrected);
    assert_true(word(&q, "piscine")->weight == 1.0f);
    /* Words of 4 letters get one edit ("prat" -> "pret"); shorter ones none. */
    search(ix, "prat", &q, hits);
    assert_true(word(&q, "prat")->corrected);
    search(ix, "prt", &q, hits);
    assert_false(word(&q, "prt")->corrected);
}

static void test_numbers_not_corrected(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    static const char *const nums[] = {"45001", "45100", "2026", "4500"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        search(ix, nums[i], &q, hits);
        const struct qterm *t = word(&q, nums[i]);
        if (t->corrected || t->term != UINT32_MAX)
            fail_msg("number %s was matched to a term", nums[i]);
    }
    /* Nor codes mixing digits and letters. */
    search(ix, "45000b", &q, hits);
    assert_false(word(&q, "45000b")->corrected);
    /* Nor numbers in words: "soixante-six" is not "soixante-dix". */
    search(ix, "soixante-six", &q, hits);
    assert_int_equal(word(&q, "soixante-six")->term, UINT32_MAX);
    assert_false(word(&q, "soixante-six")->corrected);
}

static void test_unknown_word(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    assert_int_equal(search(ix, "xylophone", &q, hits), 0);
    const struct qterm *t = word(&q, "xylophone");
    assert_int_equal(t->term, UINT32_MAX);
    assert_false(t->corrected);
    assert_true(t->idf == index_unseen_idf(ix));
    /* The unseen idf is above any seen term's. */
    uint32_t id = index_term_of_surface(ix, "piscine", 7);
    assert_int_not_equal(id, UINT32_MAX);
    assert_true(index_unseen_idf(ix) > index_idf(ix, id));
    assert_true(index_idf(ix, UINT32_MAX) == index_unseen_idf(ix));
    assert_int_equal(index_term_of_surface(ix, "xylophone", 9), UINT32_MAX);
}

/* A word the pages never use brings the words of its family they use
 * (data/fr/derivations.tsv) as its synonyms, rather than a typo's
 * correction: "se baigner" finds the pool's "baignade". */
static void test_relatives(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    assert_true(search(ix, "où se baigner ?", &q, hits) > 0);
    assert_string_equal(index_page(ix, hits[0].id)->ext_id, "/piscine");
    const struct qterm *t = word(&q, "baigner");
    assert_false(t->corrected);
    int parent = (int)(t - q.t), rel = 0;
    for (int i = 0; i < q.n; i++)
        if (q.t[i].kind == QT_SYN && !strcmp(q.t[i].surface, "baignade")) {
            assert_int_equal(q.t[i].parent, parent);
            assert_int_not_equal(q.t[i].term, UINT32_MAX);
            rel++;
        }
    assert_int_equal(rel, 1);
    /* A plural's family is its singular's: "inscrits" is not in the pages,
     * "inscrire" is. */
    search(ix, "enfants inscrits", &q, hits);
    bool found = false;
    for (int i = 0; i < q.n; i++)
        found |= q.t[i].kind == QT_SYN && !strcmp(q.t[i].surface, "inscrire");
    assert_true(found);
    /* A word the pages use does not search its family, but the family is
     * there to tell what a page is about ("Inscription à l'École" for
     * "inscrire"). */
    search(ix, "comment inscrire mon fils", &q, hits);
    uint32_t insc = index_term_of_surface(ix, "inscription", 11), fam[4];
    assert_int_not_equal(insc, UINT32_MAX);
    for (int i = 0; i < q.n; i++)
        assert_int_not_equal(q.t[i].term, insc);
    int nf = index_family(ix, "inscrire", fam, 4);
    found = false;
    for (int i = 0; i < nf; i++)
        found |= fam[i] == insc;
    assert_true(found);
    /* A word cut short ("biblio") stands for the pages' longer word, when
     * only one or two begin with it. */
    assert_string_equal(top(ix, "le prêt à la biblio"), "/bibliotheque");
    search(ix, "biblio", &q, hits);
    assert_int_equal(q.n, 2);
    assert_int_equal(q.t[1].kind, QT_SYN);
    assert_string_equal(q.t[1].surface, "bibliotheque");
}

static void test_title_outranks_body(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    int n = search(ix, "bibliothèque", &q, hits);
    assert_true(n >= 2);
    assert_string_equal(index_page(ix, hits[0].id)->ext_id, "/bibliotheque");
    assert_string_equal(index_page(ix, hits[1].id)->ext_id, "/horaires-ete");
    assert_true(hits[0].score > hits[1].score);
    /* Scores are sorted; best passage belongs to its page. */
    n = search(ix, "horaires piscine bibliothèque mardi", &q, hits);
    for (int i = 0; i < n; i++) {
        const struct ix_page *p = index_page(ix, hits[i].id);
        assert_true(hits[i].best >= p->first_passage &&
                    hits[i].best < p->first_passage + p->npassages);
        if (i)
            assert_true(hits[i - 1].score >= hits[i].score);
    }
}

static void test_query_shape(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[10];
    /* Stop words only: nothing to search. */
    assert_int_equal(search(ix, "le la les de du des", &q, hits), 0);
    assert_int_equal(q.n, 0);
    assert_int_equal(search(ix, "", &q, hits), 0);
    /* Repeated words are merged. */
    search(ix, "piscine Piscine PISCINE piscines", &q, hits);
    int words = 0;
    for (int i = 0; i < q.n; i++)
        words += q.t[i].kind == QT_WORD;
    assert_int_equal(words, 1);
    /* A long question is capped. */
    char big[4096];
    size_t len = 0;
    for (int i = 0; i < 200; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, "mot%d ", i);
    index_query(ix, big, strlen(big), &q);
    assert_true(q.n <= GC_QUERY_TERMS_MAX);
    /* max limits the hits. */
    index_query(ix, "le mardi la piscine", strlen("le mardi la piscine"), &q);
    assert_int_equal(index_search_pages(ix, &q, hits, 1), 1);
    assert_int_equal(index_search_pages(ix, &q, hits, 0), 0);
}

/* The weight of the question's word w (folded surface), or -1. */
static float word_weight(const struct query *q, const char *w)
{
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD && !strcmp(q->t[i].surface, w))
            return q->t[i].weight;
    return -1;
}

/* A word written with a capital inside the question names what it is
 * about and weighs more; not the question's first word, nor every word of
 * a question in capitals or in title case. */
static void test_named_words(void **state)
{
    const struct index *ix = *state;
    struct query q;
    static const char *const q1 = "Quand ouvre la piscine Marcel Cerdan ?";
    index_query(ix, q1, strlen(q1), &q);
    assert_true(word_weight(&q, "marcel") > 1.5f);
    assert_true(word_weight(&q, "cerdan") > 1.5f);
    assert_true(word_weight(&q, "piscine") == 1.0f);
    static const char *const q2 = "Piscine le samedi ?";
    index_query(ix, q2, strlen(q2), &q);
    assert_true(word_weight(&q, "piscine") == 1.0f);
    static const char *const q3 = "QUAND OUVRE LA PISCINE MARCEL CERDAN";
    index_query(ix, q3, strlen(q3), &q);
    assert_true(word_weight(&q, "cerdan") == 1.0f);
    assert_true(word_weight(&q, "piscine") == 1.0f);
    static const char *const q4 = "Horaires De La Piscine Marcel Cerdan";
    index_query(ix, q4, strlen(q4), &q);
    assert_true(word_weight(&q, "cerdan") == 1.0f);
    static const char *const q5 = "Où conclure un PACS à l'État civil ?";
    index_query(ix, q5, strlen(q5), &q);
    assert_true(word_weight(&q, "pacs") > 1.5f);
    assert_true(word_weight(&q, "etat") > 1.5f);
}

/* The weight of the question's word w with its exact form, or -1. */
static float word_and_exact_weight(const struct query *q, const char *w)
{
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD && !strcmp(q->t[i].surface, w)) {
            float sum = 0;
            for (int j = 0; j < q->n; j++)
                if (q->t[j].parent == i && (q->t[j].kind == QT_WORD || q->t[j].kind == QT_EXACT))
                    sum += q->t[j].weight;
            return sum;
        }
    return -1;
}

/* In question q, each word of light (NULL-terminated) weighs less than
 * the word subject, and with its exact form at most half as much as the
 * subject with its own. */
static void assert_lighter(const struct index *ix, const char *q, const char *subject,
                           const char *const *light)
{
    struct query qu;
    index_query(ix, q, strlen(q), &qu);
    float w = word_weight(&qu, subject), we = word_and_exact_weight(&qu, subject);
    assert_true(w > 0);
    for (int i = 0; light[i]; i++) {
        float l = word_weight(&qu, light[i]);
        assert_true(l > 0 && l < w);
        assert_true(word_and_exact_weight(&qu, light[i]) <= 0.5f * we + 1e-6f);
    }
}

/* A day, a season or a time of day sets when, not what: "le cimetière en
 * hiver" is about the cimetière, whichever page says "hiver". */
static void test_context_words(void **state)
{
    static const char *const light[] = {"jeudi", "hiver", NULL};
    assert_lighter(*state, "les cours du jeudi en hiver ?", "cours", light);
    static const char *const plural[] = {"samedis", "week", "end", NULL};
    assert_lighter(*state, "les cours des samedis et du week-end", "cours", plural);
    /* Where the resident lives or was born is context, not the subject. */
    static const char *const lived[] = {"quimper", NULL};
    assert_lighter(*state, "J'habite à Quimper, les cours du soir sont ouverts ?", "cours", lived);
}

/* The town's own name, named whole, says where every page is: it weighs
 * less than the subject, and is not the subject.  Its words alone are
 * words like the others ("la forêt" in Saint-Aubin-la-Forêt). */
static void test_town_words(void **state)
{
    struct index *ix = *state;
    /* a town named by words the pages use (the name's terms are found once) */
    index_set_town(ix, "moulin la republique");
    static const char *const light[] = {"moulin", "republique", NULL};
    assert_lighter(ix, "les cours de Moulin-la-République ?", "cours", light);
    struct query q;
    const char *t = "les cours de Moulin-la-République ?";
    index_query(ix, t, strlen(t), &q);
    for (int i = 0; i < q.n; i++)
        if (q.t[i].kind == QT_WORD && !strcmp(q.t[i].surface, "moulin"))
            assert_false(q.t[i].own);
    assert_true(index_is_town_term(ix, index_term_of_surface(ix, "moulin", 6)));
    assert_false(index_is_town_term(ix, index_term_of_surface(ix, "cours", 5)));
    assert_false(index_is_town_term(NULL, 0));
    /* one of its words alone weighs what it weighs without a town */
    const char *f = "les cours du moulin ?";
    index_query(ix, f, strlen(f), &q);
    float with = word_weight(&q, "moulin");
    index_set_town(ix, NULL);
    index_query(ix, f, strlen(f), &q);
    assert_true(with > 0 && with == word_weight(&q, "moulin"));
    /* and the whole name weighs less with the town set than without */
    index_query(ix, t, strlen(t), &q);
    float plain = word_weight(&q, "moulin");
    index_set_town(ix, "moulin la republique");
    index_query(ix, t, strlen(t), &q);
    assert_true(word_weight(&q, "moulin") < plain);
    index_set_town(ix, NULL);
}

/* "Quel est le numéro de ..." asks for a number: the subject is what follows. */
static void test_frame_words(void **state)
{
    static const char *const light[] = {"numero", NULL};
    assert_lighter(*state, "quel est le numero de la piscine ?", "piscine", light);
}

static void test_passages_of_page(void **state)
{
    const struct index *ix = *state;
    struct query q;
    struct ix_hit hits[4];
    index_query(ix, "tarif enfant", strlen("tarif enfant"), &q);
    int n = index_search_page_passages(ix, &q, 0, hits, 4);
    assert_int_equal(n, 2);
    assert_int_equal(hits[0].id, 1); /* "Tarifs" */
    assert_true(hits[0].score > hits[1].score);
    uint32_t t = index_term_of_surface(ix, "enfant", 6);
    assert_true(index_passage_has(ix, 1, t));
    assert_false(index_passage_has(ix, 0, t));
    assert_false(index_passage_has(ix, 1, UINT32_MAX));
    /* No room: no hit, and nothing written outside hits. */
    hits[0] = (struct ix_hit){77, -1.0f, 77};
    assert_int_equal(index_search_page_passages(ix, &q, 0, hits + 1, 0), 0);
    assert_int_equal(hits[0].id, 77);
}

static void test_empty_index(void **state)
{
    (void)state;
    struct index *ix = index_new();
    index_finish(ix);
    struct query q;
    struct ix_hit hits[10];
    assert_int_equal(index_npages(ix), 0);
    assert_int_equal(search(ix, "piscine", &q, hits), 0);
    assert_int_equal(q.n, 1);
    assert_int_equal(q.t[0].term, UINT32_MAX);
    index_free(ix);
    /* Pages without passages are as good as empty. */
    ix = index_new();
    struct stored_page sp = {"/a", "A", "/a", "", "", "", NULL, NULL, NULL, NULL};
    index_add_page(ix, &sp);
    index_finish(ix);
    assert_int_equal(search(ix, "piscine", &q, hits), 0);
    index_free(ix);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_structure),
        T(test_right_page_first),
        T(test_typo_correction),
        T(test_numbers_not_corrected),
        T(test_unknown_word),
        T(test_relatives),
        T(test_title_outranks_body),
        T(test_query_shape),
        T(test_named_words),
        T(test_context_words),
        T(test_town_words),
        T(test_frame_words),
        T(test_passages_of_page),
        cmocka_unit_test(test_empty_index),
    };
    return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
