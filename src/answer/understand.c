/* understand.c — out-of-scope and small-talk detection by phrase lists. */
#include "answer/understand.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/langdata.h"
#include "text/lexicon.h"
#include "text/sentences.h"
#include "util/limits.h"
#include "util/mem.h"

/* The phrase lists are data/fr/ files (each says what it holds):
 * off-topic.txt, unlikely-topics.txt, other-towns.txt, greetings.txt,
 * residence-verbs.txt and question-cues.tsv. */


/* ---- phrase lists searched in one pass ----
 *
 * Every question is checked against over 200 phrases.  A strstr per phrase
 * cost about 6% of an answer; instead each list is indexed once by the first
 * byte of its phrases, and the question's words are visited once: at each
 * word, only the phrases that begin with its first letter are compared.  A
 * phrase is found at the same places as by has_phrase (whole words), and
 * when several are, the first of the list wins, as when the list was tried
 * in order. */

static void phrase_index_build(struct understand_phrases *ix)
{
    uint16_t count[256] = {0};
    for (size_t i = 0; i < ix->n; i++) {
        ix->len[i] = (uint8_t)strlen(ix->phrase[i]);
        count[(unsigned char)ix->phrase[i][0]]++;
    }
    ix->start[0] = 0;
    for (int c = 0; c < 256; c++)
        ix->start[c + 1] = (uint16_t)(ix->start[c] + count[c]);
    uint16_t fill[256];
    memcpy(fill, ix->start, sizeof fill);
    for (size_t i = 0; i < ix->n; i++)
        ix->order[fill[(unsigned char)ix->phrase[i][0]]++] = (uint16_t)i;
}

/* The index in its list of the first phrase found in f as whole words, or
 * -1.  When ok is not NULL, it says whether phrase i found at `at` counts. */
static int phrase_index_first(const struct understand_phrases *ix, const char *f,
                              bool (*ok)(const char *f, const char *at, size_t i, const void *arg),
                              const void *arg)
{
    int best = -1;
    /* p: each word's start (the text's, and each place after a blank). */
    for (const char *p = f;; p++) {
        unsigned char c = (unsigned char)*p;
        for (unsigned k = ix->start[c]; k < ix->start[c + 1]; k++) {
            size_t i = ix->order[k];
            if (best >= 0 && i >= (size_t)best)
                break;
            /* The first byte is the bucket's; most phrases differ at the
             * next one (a strncmp call cost more than this loop). */
            const char *a = ix->phrase[i];
            size_t n = ix->len[i], j = 1;
            while (j < n && p[j] == a[j])
                j++;
            if (j == n && (p[n] == '\0' || p[n] == ' ') && (!ok || ok(f, p, i, arg))) {
                best = (int)i;
                break;
            }
        }
        if (best == 0)
            break;
        p = strchr(p, ' ');
        if (!p)
            break;
    }
    return best;
}


static struct understand_phrases off_topic_ix, unlikely_ix, towns_ix, cues_ix;
static const struct ld_list *greetings, *from_words, *place_preps, *cues;
static enum answer_type *cue_type;   /* per line of question-cues.tsv */
static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;

static void phrase_index_init(struct understand_phrases *ix, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ix->phrase[i] = list[i];
    ix->n = n;
    phrase_index_build(ix);
}

void understand_phrases_init(struct understand_phrases *ps, const char *const *list)
{
    size_t n = 0;
    while (list[n] && n < UNDERSTAND_PHRASES_MAX)
        n++;
    phrase_index_init(ps, list, n);
}

bool understand_phrases_any(const struct understand_phrases *ps, const char *folded)
{
    return phrase_index_first(ps, folded, NULL, NULL) >= 0;
}

static void phrases_init(void);

/* Does the word before position q of f (q just after a space) end with
 * one of words?  "ne" of "je suis ne a lyon". */
static bool word_before_is(const char *f, const char *q, const char *const *words, size_t n)
{
    if (q - f < 2 || q[-1] != ' ')
        return false;
    const char *end = q - 1, *b = end;
    while (b > f && b[-1] != ' ')
        b--;
    for (size_t k = 0; k < n; k++)
        if ((size_t)(end - b) == strlen(words[k]) && !memcmp(b, words[k], (size_t)(end - b)))
            return true;
    return false;
}

/* A preposition of place (place-prepositions.txt) before TOWN: "a TOWN",
 * "de TOWN", "d'TOWN", "au TOWN"..., or the town alone, and not
 * the town the assistant serves (whole words: the town of "Ars" must not
 * make Marseille local).  Not where the resident says where they come from
 * or live ("je suis né à Lyon", "j'habite à Tours", "on arrive de Nantes"):
 * the question is still about this town's services. */
static bool town_ok(const char *f, const char *at, size_t i, const void *arg)
{
    const char *town = arg, *c = towns_ix.phrase[i];
    if (town && *town && (analyze_has_words(town, c) || analyze_has_words(c, town)))
        return false;
    if (at == f && at[towns_ix.len[i]] == '\0')
        return true;
    for (size_t k = 0; k < place_preps->n; k++) {
        const char *p = place_preps->first[k];
        size_t n = strlen(p);
        const char *q = at - n - 1;
        if ((size_t)(at - f) >= n + 1 && at[-1] == ' ' && !memcmp(q, p, n) && (q == f || q[-1] == ' '))
            return !word_before_is(f, q, from_words->first, from_words->n);
    }
    return false;
}

const char *understand_other_town(const char *f, const char *town)
{
    pthread_once(&phrases_once, phrases_init);
    int i = phrase_index_first(&towns_ix, f, town_ok, town);
    return i < 0 ? NULL : towns_ix.phrase[i];
}

bool understand_mentions(const char *folded, const char *phrase)
{
    return analyze_has_words(folded, phrase);
}

/* Is every hyphen-separated part of folded name a French word (or a word
 * of the town's name)?  "saint eloi de morin" is not: "eloi", "morin". */
static bool all_words(const char *name, const struct lexicon *lex, const char *town)
{
    for (const char *p = name; *p;) {
        size_t l = strcspn(p, " ");
        char w[64];
        if (l && l < sizeof w) {
            memcpy(w, p, l);
            w[l] = '\0';
            bool known = lexicon_has(lex, w, l) || analyze_is_stopword(w, l) ||
                         (town && analyze_has_words(town, w)) || l < 3;
            if (!known)
                return false;
        }
        p += l;
        while (*p == ' ')
            p++;
    }
    return true;
}

bool understand_named_place(const char *text, size_t len, const struct lexicon *lex,
                            const char *town, char *out, size_t n)
{
    pthread_once(&phrases_once, phrases_init);
    if (!lex)
        return false;   /* without the French words, every capital would be a name */
    char prev[2][64] = {"", ""};   /* the two folded words before */
    bool start = true;             /* at the start of a sentence */
    size_t i = 0;
    while (i < len) {
        /* a chunk: letters, digits, hyphens, and bytes of UTF-8 letters */
        size_t j = i;
        while (j < len && ((unsigned char)text[j] >= 0x80 || text[j] == '-' ||
                           (text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
                           (text[j] >= '0' && text[j] <= '9')))
            j++;
        /* a typographic apostrophe is 3 bytes of 0x80+: cut it off */
        for (size_t k = i; k + 2 < j; k++)
            if (!memcmp(text + k, "\xE2\x80\x99", 3)) {
                j = k;
                break;
            }
        if (j == i) {
            char c = text[i];
            if (c == '.' || c == '?' || c == '!' || c == '\n')
                start = true;
            i++;
            continue;
        }
        /* An acronym names a kind of thing as often as a place ("une
         * demande de HLM", "en EHPAD"): not a name here. */
        size_t upper = 0;
        for (size_t k = i; k < j; k++)
            upper += text[k] >= 'A' && text[k] <= 'Z';
        bool cap = sentences_capital_at(text + i, j - i) && !(upper >= 2 && upper == j - i);
        if (cap && !start && langdata_has_word(LD_PLACE_PREPOSITIONS, prev[0]) &&
            !langdata_has_word(LD_RESIDENCE_VERBS, prev[1]) &&
            !langdata_has_word(LD_STREET_WORDS, prev[1])) {
            char *f = analyze_fold(text + i, j - i);
            bool name = !all_words(f, lex, town) && strlen(f) < n &&
                        !(town && *town && analyze_has_words(town, f));
            if (name)
                snprintf(out, n, "%s", f);
            free(f);
            if (name)
                return true;
        }
        /* The words before, folded: small ones, one word each ("" else). */
        memcpy(prev[1], prev[0], sizeof prev[1]);
        if (!analyze_fold_word(text + i, j - i, prev[0], sizeof prev[0]))
            prev[0][0] = '\0';
        start = false;
        i = j;
        /* "l'", "d'": the elided word is a word of its own */
        if (i + 3 <= len && !memcmp(text + i, "\xE2\x80\x99", 3))
            i += 3;
    }
    return false;
}

enum intent understand(const char *f, const char *town)
{
    pthread_once(&phrases_once, phrases_init);
    for (size_t i = 0; i < greetings->n; i++)
        if (!strcmp(f, greetings->first[i]))
            return INTENT_SMALL_TALK;
    if (phrase_index_first(&off_topic_ix, f, NULL, NULL) >= 0)
        return INTENT_OUT_OF_SCOPE;
    if (phrase_index_first(&unlikely_ix, f, NULL, NULL) >= 0 || understand_other_town(f, town))
        return INTENT_UNLIKELY;
    return INTENT_QUESTION;
}

static bool after_preposition(const char *f, const char *p)
{
    static const char *const preps[] = {"a ", "de ", "par ", "pour ", "avec ", "chez ", "contre ",
                                        "envers ", "sur ", "selon ", "d "};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++) {
        size_t n = strlen(preps[i]);
        if (p - f == (ptrdiff_t)n && !strncmp(f, preps[i], n))
            return true;
    }
    return false;
}

/* "qui" counts only first, or after a preposition. */
static bool cue_ok(const char *f, const char *at, size_t i, const void *arg)
{
    (void)arg;
    return strcmp(cues->first[i], "qui") || at == f || after_preposition(f, at);
}

enum answer_type answer_type(const char *text, size_t len, const char *f)
{
    /* "où" (where) folds to "ou" (or): look at the typed form. */
    static const char *const where[] = {"où", "Où", "OÙ"};
    for (size_t at = 0; at + 3 <= len; at++)
        for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
            if (memcmp(text + at, where[i], 3))
                continue;
            bool left = at == 0 || text[at - 1] == ' ' || text[at - 1] == '\'' || text[at - 1] == '-';
            bool right = at + 3 == len || !((unsigned char)text[at + 3] & 0x80 ||
                                            (text[at + 3] >= 'a' && text[at + 3] <= 'z'));
            if (left && right)
                return AT_PLACE;
        }
    pthread_once(&phrases_once, phrases_init);
    int i = phrase_index_first(&cues_ix, f, cue_ok, NULL);
    return i < 0 ? AT_NONE : cue_type[i];
}

/* A cue of the kind *arg that counts where it is (cue_ok). */
static bool cue_of_type(const char *f, const char *at, size_t i, const void *arg)
{
    return cue_type[i] == *(const enum answer_type *)arg && cue_ok(f, at, i, NULL);
}

bool understand_asks_for(const char *f, enum answer_type type)
{
    pthread_once(&phrases_once, phrases_init);
    return phrase_index_first(&cues_ix, f, cue_of_type, &type) >= 0;
}

static void phrase_index_of(struct understand_phrases *ix, enum ld_res r)
{
    const struct ld_list *l = langdata_list(r);
    phrase_index_init(ix, l->first, l->n);
}

static void phrases_init(void)
{
    _Static_assert(UNDERSTAND_PHRASES_MAX >= GC_LANGDATA_PHRASES_MAX,
                   "a phrase list of data/fr/ may hold more than UNDERSTAND_PHRASES_MAX");
    phrase_index_of(&off_topic_ix, LD_OFF_TOPIC);
    phrase_index_of(&unlikely_ix, LD_UNLIKELY_TOPICS);
    phrase_index_of(&towns_ix, LD_OTHER_TOWNS);
    phrase_index_of(&cues_ix, LD_QUESTION_CUES);
    greetings = langdata_list(LD_GREETINGS);
    from_words = langdata_list(LD_RESIDENCE_VERBS);
    place_preps = langdata_list(LD_PLACE_PREPOSITIONS);
    cues = langdata_list(LD_QUESTION_CUES);
    /* The kinds of question-cues.tsv are the names langdata checks them
     * against, in the order of enum answer_type (the k-th is AT_NONE + 1 + k). */
    const char *const *kinds = langdata_format(LD_QUESTION_CUES)->values;
    int nkinds = 0;
    while (kinds[nkinds])
        nkinds++;
    if (nkinds != AT_YESNO) {
        fprintf(stderr, "understand: %d kinds of answer in langdata, %d in answer_type\n", nkinds,
                (int)AT_YESNO);
        abort();
    }
    cue_type = xcalloc(cues->n ? cues->n : 1, sizeof *cue_type);
    for (size_t i = 0; i < cues->n; i++)
        for (int k = 0; kinds[k]; k++)
            if (!strcmp(cues->e[i].field[1], kinds[k]))
                cue_type[i] = (enum answer_type)(AT_NONE + 1 + k);
}
