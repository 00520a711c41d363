/* fuzz-sources: src/search/ src/text/ src/util/ */
/* fuzz-libs: libcjson libutf8proc libsodium -lstemmer -lpthread -lm */
/* fuzz-seeds: tests/fuzz/seeds/query */
/* fuzz-max-len: 1024 */
/* fuzz_query.c — a question of any bytes read against a small index
 * (search/index.c): its words, their typo corrections, synonyms, word
 * families (data/fr/derivations.tsv) and words cut short ("foot" of
 * "football"), then the search.  Checks: the query holds at most
 * GC_QUERY_TERMS_MAX terms, each synonym's word is a word of the query
 * before it, every surface is a string within its buffer, and the pages
 * found are pages of the index, best first. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/index.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static struct index *ix;

static void build(void)
{
    static const char *const pages[][3] = {
        {"/bruit", "Bruit et voisinage", "La tonte et la tondeuse : le dimanche de 10 h à 12 h."},
        {"/clubs", "Associations", "FC Montbrion : football, footballeurs de 5 ans et plus."},
        {"/piscine", "Piscine", "La baignade est surveillée. Inscription aux cours de natation."},
        {"/pacs", "Conclure un PACS", "Le PACS s'enregistre à la mairie, gratuitement."},
    };
    ix = index_new();
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        struct stored_page sp = {.ext_id = pages[i][0], .title = pages[i][1], .url = pages[i][0],
                                 .service = "S", .validated_by = "V", .validated_on = "2026-01-01",
                                 .tags = ""};
        index_add_page(ix, &sp);
        index_add_passage(ix, "", pages[i][2]);
    }
    index_finish(ix);
    index_set_town(ix, "bruit sur piscine");   /* words of its pages: said all, they are context */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix)
        build();
    struct query q;
    index_query(ix, (const char *)data, size, &q);
    CHECK(q.n >= 0 && q.n <= GC_QUERY_TERMS_MAX);
    CHECK(q.nnums >= 0 && q.nnums <= RANGES_NUMBERS_MAX);
    for (int i = 0; i < q.nnums; i++)
        CHECK(memchr(q.units[i], '\0', sizeof q.units[i]) != NULL);
    for (int i = 0; i < q.n; i++) {
        CHECK(memchr(q.t[i].surface, '\0', sizeof q.t[i].surface) != NULL);
        CHECK(q.t[i].parent >= 0 && q.t[i].parent <= i);
    }
    struct ix_hit hits[8];
    int n = index_search_pages(ix, &q, hits, 8);
    CHECK(n >= 0 && n <= 8);
    for (int i = 0; i < n; i++) {
        CHECK(hits[i].id < index_npages(ix));
        CHECK(i == 0 || hits[i].score <= hits[i - 1].score);
    }
    return 0;
}
