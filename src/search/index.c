/* index.c — in-memory BM25F index over passages and pages, with typo
 * tolerance.  See index.h for the contract and docs/search.md for why. */
#include "search/index.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/fuzzy.h"
#include "text/lexicon.h"
#include "text/sentences.h"
#include "text/langdata.h"
#include "text/synonyms.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* Ranking parameters, chosen on the evaluation sets (docs/search.md).  Not
 * const only so that GUICHET_TUNE can vary them for measurement (tune()). */
static float K1 = 1.2f;
static float W_TITLE = 2.0f;       /* field weights */
static float W_HEAD = 1.5f;
static float W_BODY = 1.0f;
static float B_TITLE = 0.5f;       /* field length normalisation */
static float B_HEAD = 0.5f;
static float B_BODY = 0.75f;
/* Alternate questions of a page (store/altq.h): questions residents asked,
 * worded as they word them, that staff attached to the page (or its front
 * matter lists).  A field of their own, read like the title (counted once
 * for the page, present in each of its passages); its length is normalised
 * against the pages that have questions (most have none).  Chosen on PIAF
 * and SPF (bench/altq.sh, docs/search.md). */
static float W_QUEST = 1.0f;
static float B_QUEST = 0.5f;
static float DELTA = 0.2f;         /* BM25+: floor of a matched term's saturated weight */
static float PAGE_MIX = 1.0f;      /* weight of the whole-page score */
static float PASSAGE_MIX = 0.6f;   /* weight of the best passage's score */
/* A corrected word's weight.  0.8 while corrected words had neither their
 * exact form nor their synonyms; with them (sixth session), 1.0 ranks the
 * demo's questions with typos best (mrr@10 0.9447 -> 0.9465 on set a) and
 * leaves SPF unchanged, PIAF a hair better. */
static float TYPO_WEIGHT = 1.0f;
static float EXACT_W = 0.5f;       /* query weight of exact word forms */
static float BIGRAM_W = 0.25f;     /* query weight of word pairs */
static float SYN_W = 0.4f;         /* query weight of synonyms */
static float DERIV_W = 0.8f;       /* query weight of an unseen word's relatives (derivations.tsv) */
static float FRAME_W = 0.5f;       /* query weight of the words that frame a question */
static float PROX = 0.15f;         /* weight of the proximity bonus */
static float NAME_W = 0.6f;        /* extra query weight of a word written with a capital */
static float CTX_W = 0.5f;         /* query weight of the words that set a question's when */
static float TOWN_W = 0.1f;        /* ... and of the words of the town's own name */
#define TOWN_TERMS_MAX 8           /* words of a town's name that count (more: the rest ignored) */
#define RERANK 30                  /* pages re-ranked with proximity */

enum { F_TITLE, F_HEAD, F_BODY, F_QUEST, NF };

struct posting {
    uint32_t doc;
    float w;   /* saturated, length-normalised term frequency */
};

/* While building, each passage leaves one record per distinct term it holds:
 * the term and its frequency in each field.  Records are kept in blocks (no
 * copying as they grow, at most one block of slack) and turned into the
 * posting lists by index_finish(), which frees them. */
#define REC_BLOCK 65536
struct recblock {
    uint32_t term[REC_BLOCK];
    uint16_t tf[REC_BLOCK][NF];
};

/* A deletion variant of a vocabulary word: 32 bits of its hash (collisions
 * only add candidates, which the edit distance then checks). */
struct del {
    uint32_t h;
    uint32_t surface;
};

static uint32_t del_hash(const char *s, size_t n)
{
    return (uint32_t)(strmap_hash(s, n) >> 32);
}

struct index {
    struct ix_page *pages;
    uint32_t npages, cap_pages;
    struct ix_passage *pass;
    uint32_t npass, cap_pass;
    uint16_t (*plen)[NF];        /* field lengths of passages */

    struct strmap terms;          /* term → id */
    struct strmap surfaces;       /* folded word → term id */
    const char **sorted;          /* the surfaces' keys in byte order (prefix search) */

    /* Posting lists of term t: post[poff[t] .. poff[t+1]) (passages) and
     * gpost[goff[t] .. goff[t+1]) (pages), sorted by document.  A term's idf
     * is computed from the length of its list (term_idf, page_idf). */
    uint32_t *poff, *goff;        /* nterms + 1 entries each */
    struct posting *post;
    struct posting *gpost;
    uint32_t N, G;                /* passages and pages, at least 1: for idf */

    /* Building only (NULL once finished): the records, per-term counts. */
    struct recblock **rec;
    uint32_t nrec, nrecblocks;
    uint32_t *rec_start;          /* per passage: its first record (npass+1 entries) */
    uint32_t *last;               /* per term: 1 + its newest record, 0 = none yet */
    uint32_t cap_terms;           /* entries of last and poff */

    struct del *dels;
    size_t ndels;
    struct del *skels;            /* surfaces by the hash of their skeleton (fuzzy_skeleton) */
    size_t nskels;
    uint32_t *tterms;             /* word terms of each page's title and tags (first_tterm) */
    size_t ntterms, cap_tterms;
    uint32_t *seq;                /* term ids of heading+body words, passage after passage */
    size_t nseq, cap_seq;
    uint32_t *seq_off;            /* per passage: start in seq (npass+1 entries) */
    uint32_t *seq_at;             /* byte offset of each seq word in its passage's text,
                                     SEQ_HEADING for words of the heading */
    uint32_t (*sent)[2];          /* sentences of the texts (start, end), passage after passage */
    size_t nsent, cap_sent;
    uint32_t *sent_off;           /* per passage: its first in sent (npass+1 entries) */
    float unseen_idf;
    const struct lexicon *lex;    /* real words: not typos */
    const struct synonyms *syn;   /* NULL: the general groups alone */
    uint32_t town_term[TOWN_TERMS_MAX];   /* the terms of the town's name (index_set_town) */
    int ntown;
    bool title_indexed;           /* current page's title is worth indexing */
};

/* The developers' knob for measuring other values with `guichet eval`:
 * GUICHET_TUNE="K1=1.0,PROX=0.2".  Read once per process, before the first
 * index is built.  An unknown name or a value that is not a number is
 * reported and ignored; the values taken are reported too, so that a
 * forgotten GUICHET_TUNE cannot change a server's ranking unnoticed. */
static const struct {
    const char *name;
    float *v;
} knobs[] = {
#define KNOB(n) {#n, &n}
    KNOB(K1), KNOB(W_TITLE), KNOB(W_HEAD), KNOB(W_BODY), KNOB(B_TITLE), KNOB(B_HEAD),
    KNOB(B_BODY), KNOB(DELTA), KNOB(PAGE_MIX), KNOB(PASSAGE_MIX), KNOB(TYPO_WEIGHT),
    KNOB(EXACT_W), KNOB(BIGRAM_W), KNOB(SYN_W), KNOB(DERIV_W), KNOB(FRAME_W), KNOB(PROX), KNOB(NAME_W), KNOB(CTX_W), KNOB(TOWN_W),
    KNOB(W_QUEST), KNOB(B_QUEST),
#undef KNOB
};

static void tune_one(const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    size_t k = eq ? (size_t)(eq - s) : n;
    for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
        if (strlen(knobs[i].name) != k || memcmp(knobs[i].name, s, k))
            continue;
        char num[32], *end;
        size_t vn = n - k - 1;
        if (eq && vn && vn < sizeof num) {
            memcpy(num, eq + 1, vn);
            num[vn] = '\0';
            float v = strtof(num, &end);
            if (*end == '\0') {
                *knobs[i].v = v;
                log_warn("GUICHET_TUNE: %s = %g", knobs[i].name, (double)v);
                return;
            }
        }
        break;
    }
    char names[256];
    size_t o = 0;
    for (size_t i = 0; i < sizeof knobs / sizeof knobs[0] && o < sizeof names; i++)
        o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", i ? " " : "", knobs[i].name);
    log_warn("GUICHET_TUNE: '%.*s' ignored (expected NAME=NUMBER, NAME one of %s)", (int)n, s,
             names);
}

static void tune(void)
{
    const char *e = getenv("GUICHET_TUNE");
    while (e && *e) {
        size_t n = strcspn(e, ",");
        if (n)
            tune_one(e, n);
        e += n + (e[n] == ',');
    }
}

static pthread_once_t tune_once = PTHREAD_ONCE_INIT;

struct index *index_new(void)
{
    pthread_once(&tune_once, tune);
    struct index *ix = xcalloc(1, sizeof *ix);
    strmap_init(&ix->terms);
    strmap_init(&ix->surfaces);
    return ix;
}

void index_free(struct index *ix)
{
    if (!ix)
        return;
    for (uint32_t i = 0; i < ix->npages; i++) {
        struct ix_page *p = &ix->pages[i];
        free(p->ext_id);
        free(p->title);
        free(p->url);
        free(p->service);
        free(p->validated_by);
        free(p->validated_on);
        free(p->tags);
        free(p->questions);
    }
    for (uint32_t i = 0; i < ix->npass; i++) {
        free(ix->pass[i].heading);
        free(ix->pass[i].text);
    }
    for (uint32_t i = 0; i < ix->nrecblocks; i++)
        free(ix->rec[i]);
    free(ix->rec);
    free(ix->rec_start);
    free(ix->last);
    free(ix->pages);
    free(ix->pass);
    free(ix->plen);
    free(ix->poff);
    free(ix->post);
    free(ix->goff);
    free(ix->gpost);
    free(ix->sorted);
    free(ix->dels);
    free(ix->skels);
    free(ix->tterms);
    free(ix->seq);
    free(ix->seq_off);
    free(ix->seq_at);
    free(ix->sent);
    free(ix->sent_off);
    strmap_free(&ix->terms);
    strmap_free(&ix->surfaces);
    free(ix);
}

uint32_t index_npages(const struct index *ix) { return ix->npages; }
uint32_t index_npassages(const struct index *ix) { return ix->npass; }
const struct ix_page *index_page(const struct index *ix, uint32_t i) { return &ix->pages[i]; }
const struct ix_passage *index_passage(const struct index *ix, uint32_t i) { return &ix->pass[i]; }

void index_add_page(struct index *ix, const struct stored_page *sp)
{
    if (ix->npages == ix->cap_pages) {
        ix->cap_pages = ix->cap_pages ? ix->cap_pages * 2 : 256;
        ix->pages = xreallocarray(ix->pages, ix->cap_pages, sizeof *ix->pages);
    }
    struct ix_page *p = &ix->pages[ix->npages++];
    p->ext_id = xstrdup(sp->ext_id);
    p->title = xstrdup(sp->title);
    p->url = xstrdup(sp->url);
    p->service = xstrdup(sp->service);
    p->validated_by = xstrdup(sp->validated_by);
    p->validated_on = xstrdup(sp->validated_on);
    p->tags = xstrdup(sp->tags ? sp->tags : "");
    p->questions = NULL;
    p->first_passage = ix->npass;
    p->npassages = 0;
    p->first_tterm = (uint32_t)ix->ntterms;
    p->ntterms = 0;
    /* A corpus page without a title carries its identifier as title: no words there. */
    ix->title_indexed = strcmp(sp->title, sp->ext_id) != 0;
}

void index_add_questions(struct index *ix, const char *questions)
{
    if (!ix->npages || !questions || !*questions)
        return;
    struct ix_page *p = &ix->pages[ix->npages - 1];
    if (p->npassages)
        return;   /* too late: its passages are indexed */
    free(p->questions);
    p->questions = xstrdup(questions);
}

struct add_ctx {
    struct index *ix;
    uint32_t doc;
    int field;
    char prev[ANALYZE_WORD_MAX + 8];   /* previous word's term in this field, for bigrams */
    size_t prevlen;
    uint32_t at;                       /* byte offset of the current word */
    bool first;                        /* the page's first passage: its title words are kept */
};

/* Count one occurrence of key in the current passage and field.  Only words
 * (not their exact forms nor bigrams) count for field lengths and proximity. */
static uint32_t add_term(struct add_ctx *c, const char *key, size_t len, bool word)
{
    struct index *ix = c->ix;
    uint32_t id = strmap_put(&ix->terms, key, len, ix->terms.n);
    if (id + 1 >= ix->cap_terms) {
        uint32_t n = ix->cap_terms ? ix->cap_terms * 2 : 1024;
        ix->last = xreallocarray(ix->last, n, sizeof *ix->last);
        ix->poff = xreallocarray(ix->poff, n, sizeof *ix->poff);
        memset(ix->last + ix->cap_terms, 0, (n - ix->cap_terms) * sizeof *ix->last);
        memset(ix->poff + ix->cap_terms, 0, (n - ix->cap_terms) * sizeof *ix->poff);
        ix->cap_terms = n;
    }
    uint32_t r = ix->last[id];
    if (r <= ix->rec_start[c->doc]) {   /* first time in this passage: a new record */
        r = ix->nrec++;
        if (r / REC_BLOCK == ix->nrecblocks) {
            ix->rec = xreallocarray(ix->rec, ix->nrecblocks + 1, sizeof *ix->rec);
            ix->rec[ix->nrecblocks++] = xmalloc(sizeof **ix->rec);
        }
        struct recblock *b = ix->rec[r / REC_BLOCK];
        b->term[r % REC_BLOCK] = id;
        memset(b->tf[r % REC_BLOCK], 0, sizeof b->tf[0]);
        ix->poff[id]++;                 /* the count of passages, for now */
        ix->last[id] = ++r;
    }
    r--;
    uint16_t *tf = &ix->rec[r / REC_BLOCK]->tf[r % REC_BLOCK][c->field];
    if (*tf < UINT16_MAX)
        (*tf)++;
    if (!word)
        return id;
    if ((c->field == F_TITLE || c->field == F_QUEST) && c->first) {
        struct ix_page *pg = &ix->pages[ix->npages - 1];
        bool dup = false;
        for (uint32_t k = 0; k < pg->ntterms && !dup; k++)
            dup = ix->tterms[pg->first_tterm + k] == id;
        if (!dup) {
            if (ix->ntterms == ix->cap_tterms) {
                ix->cap_tterms = ix->cap_tterms ? ix->cap_tterms * 2 : 4096;
                ix->tterms = xreallocarray(ix->tterms, ix->cap_tterms, sizeof *ix->tterms);
            }
            ix->tterms[ix->ntterms++] = id;
            pg->ntterms++;
        }
    }
    if (c->field == F_HEAD || c->field == F_BODY) {
        if (ix->nseq == ix->cap_seq) {
            ix->cap_seq = ix->cap_seq ? ix->cap_seq * 2 : 65536;
            ix->seq = xreallocarray(ix->seq, ix->cap_seq, sizeof *ix->seq);
            ix->seq_at = xreallocarray(ix->seq_at, ix->cap_seq, sizeof *ix->seq_at);
        }
        ix->seq_at[ix->nseq] = c->field == F_HEAD ? SEQ_HEADING : c->at;
        ix->seq[ix->nseq++] = id;
    }
    if (ix->plen[c->doc][c->field] < UINT16_MAX)
        ix->plen[c->doc][c->field]++;
    return id;
}

/* Keys of the two extra kinds of terms: the exact (folded) form of a word,
 * and two consecutive words (stop words skipped). */
#define EXACT_MARK '\x01'
#define BIGRAM_MARK '\x02'

static size_t exact_key(char *k, const char *surface, size_t n)
{
    k[0] = EXACT_MARK;
    memcpy(k + 1, surface, n);
    return n + 1;
}

static size_t bigram_key(char *k, const char *a, size_t an, const char *b, size_t bn)
{
    memcpy(k, a, an);
    k[an] = BIGRAM_MARK;
    memcpy(k + an + 1, b, bn);
    return an + 1 + bn;
}

static int add_token(void *vctx, const struct token *t)
{
    struct add_ctx *c = vctx;
    struct index *ix = c->ix;
    if (t->stop)
        return 0;
    c->at = (uint32_t)t->start;
    uint32_t id = add_term(c, t->term, t->term_len, true);
    strmap_put(&ix->surfaces, t->surface, t->surface_len, id);
    char k[2 * ANALYZE_WORD_MAX + 16];
    /* The exact form only where stemming changed the word: otherwise the
     * word's own term already is the exact form. */
    if (t->surface_len != t->term_len || memcmp(t->surface, t->term, t->term_len))
        add_term(c, k, exact_key(k, t->surface, t->surface_len), false);
    if (c->prevlen)
        add_term(c, k, bigram_key(k, c->prev, c->prevlen, t->term, t->term_len), false);
    memcpy(c->prev, t->term, t->term_len);
    c->prevlen = t->term_len;
    return 0;
}

/* The sentences of passage doc's text, split once here: every answer reads
 * those of several passages (compose.c), and splitting them again each
 * time was a twentieth of an answer's instructions. */
static void add_sentences(struct index *ix, uint32_t doc)
{
    struct span sp[GC_PASSAGE_SENTENCES_MAX];
    size_t n = sentences_split(ix->pass[doc].text, ix->pass[doc].text_len, sp,
                               GC_PASSAGE_SENTENCES_MAX);
    if (n > GC_PASSAGE_SENTENCES_MAX)
        n = GC_PASSAGE_SENTENCES_MAX;
    if (ix->nsent + n > ix->cap_sent) {
        ix->cap_sent = ix->cap_sent ? ix->cap_sent * 2 : 4096;
        if (ix->cap_sent < ix->nsent + n)
            ix->cap_sent = ix->nsent + n;
        ix->sent = xreallocarray(ix->sent, ix->cap_sent, sizeof *ix->sent);
    }
    ix->sent_off[doc] = (uint32_t)ix->nsent;
    for (size_t i = 0; i < n; i++) {
        ix->sent[ix->nsent][0] = (uint32_t)sp[i].start;
        ix->sent[ix->nsent++][1] = (uint32_t)sp[i].end;
    }
    ix->sent_off[doc + 1] = (uint32_t)ix->nsent;
}

void index_add_passage(struct index *ix, const char *heading, const char *text)
{
    if (!ix->npages)
        return;
    if (ix->npass == ix->cap_pass) {
        ix->cap_pass = ix->cap_pass ? ix->cap_pass * 2 : 1024;
        ix->pass = xreallocarray(ix->pass, ix->cap_pass, sizeof *ix->pass);
        ix->plen = xreallocarray(ix->plen, ix->cap_pass, sizeof *ix->plen);
        ix->seq_off = xreallocarray(ix->seq_off, ix->cap_pass + 1, sizeof *ix->seq_off);
        ix->sent_off = xreallocarray(ix->sent_off, ix->cap_pass + 1, sizeof *ix->sent_off);
        ix->rec_start = xreallocarray(ix->rec_start, ix->cap_pass + 1, sizeof *ix->rec_start);
    }
    uint32_t doc = ix->npass++;
    struct ix_page *pg = &ix->pages[ix->npages - 1];
    ix->pass[doc].page = ix->npages - 1;
    ix->pass[doc].heading = xstrdup(heading);
    ix->pass[doc].text = xstrdup(text);
    ix->pass[doc].text_len = (uint32_t)strlen(text);
    memset(ix->plen[doc], 0, sizeof ix->plen[doc]);
    ix->rec_start[doc] = ix->nrec;
    pg->npassages++;
    struct analyzer *a = analyze_thread();
    struct add_ctx c = {.ix = ix, .doc = doc, .field = F_TITLE, .first = pg->npassages == 1};
    if (ix->title_indexed) {
        analyze_text(a, pg->title, strlen(pg->title), add_token, &c);
        c.prevlen = 0;
        if (*pg->tags)
            analyze_text(a, pg->tags, strlen(pg->tags), add_token, &c);
    }
    /* Each alternate question on its own: no bigram across two. */
    c.field = F_QUEST;
    for (const char *qs = pg->questions; qs && *qs;) {
        const char *nl = strchr(qs, '\n');
        size_t n = nl ? (size_t)(nl - qs) : strlen(qs);
        c.prevlen = 0;
        analyze_text(a, qs, n, add_token, &c);
        qs += n + (nl != NULL);
    }
    ix->seq_off[doc] = (uint32_t)ix->nseq;
    c.field = F_HEAD;
    c.prevlen = 0;
    analyze_text(a, heading, strlen(heading), add_token, &c);
    c.field = F_BODY;
    c.prevlen = 0;
    analyze_text(a, text, strlen(text), add_token, &c);
    ix->seq_off[doc + 1] = (uint32_t)ix->nseq;
    ix->rec_start[doc + 1] = ix->nrec;
    add_sentences(ix, doc);
}

static float idf(uint32_t n, uint32_t df)
{
    return logf(1.0f + ((float)n - (float)df + 0.5f) / ((float)df + 0.5f));
}

static float sat(const float tf[NF], const float len[NF], const float avg[NF])
{
    const float w[NF] = {W_TITLE, W_HEAD, W_BODY, W_QUEST};
    const float b[NF] = {B_TITLE, B_HEAD, B_BODY, B_QUEST};
    float t = 0;
    for (int f = 0; f < NF; f++)
        if (tf[f] > 0 && avg[f] > 0)
            t += w[f] * tf[f] / (1.0f - b[f] + b[f] * len[f] / avg[f]);
    return t > 0 ? t * (K1 + 1.0f) / (K1 + t) + DELTA : 0;
}

static int cmp_del(const void *a, const void *b)
{
    const struct del *x = a, *y = b;
    return x->h < y->h ? -1 : x->h > y->h;
}

/* Lengths (bytes) of the words typo tolerance corrects, and of the words
 * it may correct them to. */
#define TYPO_MIN 4
#define TYPO_MAXLEN 24
/* Words typed by ear ("pasport", "poubel"): two edits or more away, but
 * written the same once doubled letters and silent letters are set aside
 * (fuzzy_skeleton); tried when no word is one edit away, for words of
 * SKEL_MIN letters or more, and still within SKEL_MAX_EDITS (SKEL_LONG_EDITS
 * from SKEL_LONG letters). */
#define SKEL_MIN 5
#define SKEL_MAX_EDITS 2
/* Longer words may be further, when they sound the same: "mediatek" is
 * "mediatheque" four edits away. */
#define SKEL_LONG 8
#define SKEL_LONG_EDITS 4
_Static_assert(TYPO_MIN >= LEXICON_MIN && TYPO_MAXLEN <= LEXICON_MAX,
               "the lexicon must hold every real word of a length typo tolerance corrects");

static void build_typo(struct index *ix)
{
    size_t cap = 0;
    for (uint32_t s = 0; s < ix->surfaces.n; s++) {
        const char *w = ix->surfaces.keys[s];
        size_t n = strlen(w);
        if (n < TYPO_MIN || n > TYPO_MAXLEN)
            continue;
        if (ix->ndels + n + 1 > cap) {
            cap = (cap ? cap * 2 : 4096) + n + 1;
            ix->dels = xreallocarray(ix->dels, cap, sizeof *ix->dels);
        }
        ix->dels[ix->ndels++] = (struct del){del_hash(w, n), s};
        char d[TYPO_MAXLEN];
        for (size_t i = 0; i < n; i++) {
            memcpy(d, w, i);
            memcpy(d + i, w + i + 1, n - i - 1);
            ix->dels[ix->ndels++] = (struct del){del_hash(d, n - 1), s};
        }
    }
    if (ix->ndels) { /* dels is NULL for an empty vocabulary: qsort(NULL) is undefined */
        qsort(ix->dels, ix->ndels, sizeof *ix->dels, cmp_del);
        ix->dels = xreallocarray(ix->dels, ix->ndels, sizeof *ix->dels);
    }
    /* Skeletons: one entry per surface of SKEL_MIN letters or more. */
    ix->skels = xreallocarray(NULL, ix->surfaces.n + 1, sizeof *ix->skels);
    for (uint32_t s = 0; s < ix->surfaces.n; s++) {
        const char *w = ix->surfaces.keys[s];
        size_t n = strlen(w);
        if (n < SKEL_MIN || n > TYPO_MAXLEN)
            continue;
        char k[TYPO_MAXLEN];
        ix->skels[ix->nskels++] = (struct del){del_hash(k, fuzzy_skeleton(w, n, k)), s};
    }
    if (ix->nskels)
        qsort(ix->skels, ix->nskels, sizeof *ix->skels, cmp_del);
    ix->skels = xreallocarray(ix->skels, ix->nskels + 1, sizeof *ix->skels);
}

/* Exclusive prefix sums of counts c[0..n) into c[0..n]. */
static size_t prefix_sums(uint32_t *c, uint32_t n)
{
    size_t total = 0;
    for (uint32_t t = 0; t < n; t++) {
        uint32_t k = c[t];
        c[t] = (uint32_t)total;
        total += k;
    }
    c[n] = (uint32_t)total;
    return total;
}

/* After filling list t at off[t]++ for every t, off[t] is where list t+1
 * starts: shift the offsets back into place. */
static void unshift(uint32_t *off, uint32_t n)
{
    memmove(off + 1, off, n * sizeof *off);
    off[0] = 0;
}

/* A term of the page being turned into page postings (index_finish). */
struct pageterm {
    uint32_t term;
    uint16_t title, quest;   /* in the page's first passage that holds the term */
    uint32_t head, body;     /* summed over the page's passages */
};

/* Turn the records into the posting lists, in two sweeps: count the pages of
 * each term, then write every posting at its place (the lists come out
 * sorted by document because passages, and pages, are swept in order).
 * Record blocks are freed as soon as they are read, so the peak is the
 * records plus the final lists, never two copies of either. */
static int cmp_word_ptrs(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void index_finish(struct index *ix)
{
    uint32_t nt = ix->terms.n, N = ix->npass ? ix->npass : 1, G = ix->npages ? ix->npages : 1;
    ix->N = N;
    ix->G = G;
    /* The sequences of words are complete: give back their slack first. */
    ix->seq = xreallocarray(ix->seq, ix->nseq ? ix->nseq : 1, sizeof *ix->seq);
    ix->seq_at = xreallocarray(ix->seq_at, ix->nseq ? ix->nseq : 1, sizeof *ix->seq_at);
    ix->cap_seq = ix->nseq;
    if (ix->cap_terms < nt + 1) {   /* no passage at all */
        ix->poff = xreallocarray(ix->poff, nt + 1, sizeof *ix->poff);
        ix->last = xreallocarray(ix->last, nt + 1, sizeof *ix->last);
        ix->cap_terms = nt + 1;
    }
    float avg[NF] = {0}, gavg[NF] = {0};
    float (*glen)[NF] = xcalloc(G, sizeof *glen);
    uint32_t qdocs = 0, qpages = 0;   /* passages and pages that have questions */
    for (uint32_t d = 0; d < ix->npass; d++)
        for (int f = 0; f < NF; f++) {
            avg[f] += ix->plen[d][f];
            uint32_t g = ix->pass[d].page;
            /* A page's title and questions count once, its headings and
             * body add up. */
            if (f == F_TITLE || f == F_QUEST)
                glen[g][f] = ix->plen[d][f];
            else
                glen[g][f] += ix->plen[d][f];
            qdocs += f == F_QUEST && ix->plen[d][f] > 0;
        }
    for (uint32_t g = 0; g < ix->npages; g++) {
        for (int f = 0; f < NF; f++)
            gavg[f] += glen[g][f];
        qpages += glen[g][F_QUEST] > 0;
    }
    for (int f = 0; f < NF; f++) {
        avg[f] /= (float)N;
        gavg[f] /= (float)G;
    }
    /* Questions: the average over the pages that have some (a page with
     * questions among many without is not a long one). */
    avg[F_QUEST] = qdocs ? avg[F_QUEST] * (float)N / (float)qdocs : 0;
    gavg[F_QUEST] = qpages ? gavg[F_QUEST] * (float)G / (float)qpages : 0;

    /* Sweep 1: pages per term (last[t] = 1 + the last page seen). */
    ix->goff = xcalloc(nt + 1, sizeof *ix->goff);
    memset(ix->last, 0, (size_t)(nt + 1) * sizeof *ix->last);
    for (uint32_t d = 0; d < ix->npass; d++) {
        uint32_t g = ix->pass[d].page;
        for (uint32_t r = ix->rec_start[d]; r < ix->rec_start[d + 1]; r++) {
            uint32_t t = ix->rec[r / REC_BLOCK]->term[r % REC_BLOCK];
            if (ix->last[t] != g + 1) {
                ix->last[t] = g + 1;
                ix->goff[t]++;
            }
        }
    }
    size_t total = prefix_sums(ix->poff, nt), gtotal = prefix_sums(ix->goff, nt);
    ix->post = xmalloc((total ? total : 1) * sizeof *ix->post);
    ix->gpost = xmalloc((gtotal ? gtotal : 1) * sizeof *ix->gpost);

    /* Sweep 2, page by page: passage postings at once, page postings summed
     * over the page's terms (loc; last[t] = t's entry there, checked). */
    uint32_t cap_loc = 1024, nloc = 0;
    struct pageterm *loc = xmalloc(cap_loc * sizeof *loc);
    uint32_t freed = 0;   /* record blocks freed so far */
    for (uint32_t g = 0; g < ix->npages; g++) {
        const struct ix_page *pg = &ix->pages[g];
        nloc = 0;
        for (uint32_t d = pg->first_passage; d < pg->first_passage + pg->npassages; d++) {
            float len[NF];
            for (int f = 0; f < NF; f++)
                len[f] = ix->plen[d][f];
            for (uint32_t r = ix->rec_start[d]; r < ix->rec_start[d + 1]; r++) {
                const struct recblock *b = ix->rec[r / REC_BLOCK];
                uint32_t t = b->term[r % REC_BLOCK];
                const uint16_t *rtf = b->tf[r % REC_BLOCK];
                float tf[NF];
                for (int f = 0; f < NF; f++)
                    tf[f] = rtf[f];
                ix->post[ix->poff[t]++] = (struct posting){d, sat(tf, len, avg)};
                uint32_t k = ix->last[t];
                if (k >= nloc || loc[k].term != t) {
                    if (nloc == cap_loc) {
                        cap_loc *= 2;
                        loc = xreallocarray(loc, cap_loc, sizeof *loc);
                    }
                    k = ix->last[t] = nloc++;
                    loc[k] = (struct pageterm){t, rtf[F_TITLE], rtf[F_QUEST], 0, 0};
                }
                loc[k].head += rtf[F_HEAD];
                loc[k].body += rtf[F_BODY];
            }
            /* Blocks wholly behind this passage are read for good. */
            for (; freed < ix->rec_start[d + 1] / REC_BLOCK; freed++) {
                free(ix->rec[freed]);
                ix->rec[freed] = NULL;
            }
        }
        for (uint32_t k = 0; k < nloc; k++) {
            /* The sums of integer counts are exact in float, as when they
             * were added up in float one passage at a time. */
            float tf[NF] = {loc[k].title, (float)loc[k].head, (float)loc[k].body, loc[k].quest};
            ix->gpost[ix->goff[loc[k].term]++] = (struct posting){g, sat(tf, glen[g], gavg)};
        }
    }
    unshift(ix->poff, nt);
    unshift(ix->goff, nt);
    free(loc);
    free(glen);
    for (uint32_t i = 0; i < ix->nrecblocks; i++)
        free(ix->rec[i]);
    free(ix->rec);
    ix->rec = NULL;
    ix->nrecblocks = ix->nrec = 0;
    free(ix->rec_start);
    ix->rec_start = NULL;
    free(ix->last);
    ix->last = NULL;
    ix->poff = xreallocarray(ix->poff, nt + 1, sizeof *ix->poff);
    ix->cap_terms = 0;
    ix->unseen_idf = idf(N, 0);
    strmap_compact(&ix->terms);
    strmap_compact(&ix->surfaces);
    build_typo(ix);
    free(ix->sorted);
    ix->sorted = xreallocarray(NULL, ix->surfaces.n ? ix->surfaces.n : 1, sizeof *ix->sorted);
    for (uint32_t i = 0; i < ix->surfaces.n; i++)
        ix->sorted[i] = ix->surfaces.keys[i];
    qsort(ix->sorted, ix->surfaces.n, sizeof *ix->sorted, cmp_word_ptrs);
}

/* idf of term t among passages, among pages. */
static float term_idf(const struct index *ix, uint32_t t)
{
    return idf(ix->N, ix->poff[t + 1] - ix->poff[t]);
}

static float page_idf(const struct index *ix, uint32_t t)
{
    return idf(ix->G, ix->goff[t + 1] - ix->goff[t]);
}

void index_set_lexicon(struct index *ix, const struct lexicon *lex)
{
    ix->lex = lex;
}

void index_set_synonyms(struct index *ix, const struct synonyms *syn)
{
    ix->syn = syn;
}

void index_set_town(struct index *ix, const char *town_folded)
{
    ix->ntown = 0;
    for (const char *p = town_folded ? town_folded : ""; *p && ix->ntown < TOWN_TERMS_MAX;) {
        size_t l = strcspn(p, " ");
        uint32_t id = analyze_is_stopword(p, l) ? UINT32_MAX : strmap_get(&ix->surfaces, p, l);
        if (id != UINT32_MAX)
            ix->town_term[ix->ntown++] = id;
        p += l;
        while (*p == ' ')
            p++;
    }
}

/* Which word of the town's name term is (its bit), or 0. */
static unsigned town_bit(const struct index *ix, uint32_t term)
{
    for (int i = 0; term != UINT32_MAX && i < ix->ntown; i++)
        if (ix->town_term[i] == term)
            return 1u << i;
    return 0;
}

bool index_is_town_term(const struct index *ix, uint32_t term)
{
    return ix && town_bit(ix, term) != 0;
}

uint32_t index_term_of_surface(const struct index *ix, const char *s, size_t len)
{
    return strmap_get(&ix->surfaces, s, len);
}

uint32_t index_term_id(const struct index *ix, const char *term, size_t len)
{
    return strmap_get(&ix->terms, term, len);
}

float index_idf(const struct index *ix, uint32_t term)
{
    return term < ix->terms.n ? term_idf(ix, term) : ix->unseen_idf;
}

float index_unseen_idf(const struct index *ix)
{
    return ix->unseen_idf;
}

/* Candidates of hash h in dels (sorted): the nearest to w within max edits
 * (skel: whose skeleton is w's too), the most used among the nearest. */
static void typo_probe(const struct index *ix, const struct del *dels, size_t ndels,
                       uint32_t h, const char *w, size_t n, int max, const char *skel,
                       size_t skel_len, uint32_t *best, int *bestd, uint32_t *bestdf)
{
    size_t lo = 0, hi = ndels;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dels[mid].h < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ndels && dels[i].h == h; i++) {
        uint32_t s = dels[i].surface;
        const char *cand = ix->surfaces.keys[s];
        size_t cl = strlen(cand);
        int d = fuzzy_distance(w, n, cand, cl, max);
        if (d > max)
            continue;
        char k[TYPO_MAXLEN];
        if (skel && (cl > TYPO_MAXLEN || fuzzy_skeleton(cand, cl, k) != skel_len ||
                     memcmp(k, skel, skel_len)))
            continue;
        uint32_t term = ix->surfaces.vals[s];
        uint32_t df = ix->poff[term + 1] - ix->poff[term];
        if (d < *bestd || (d == *bestd && df > *bestdf)) {
            *best = s;
            *bestd = d;
            *bestdf = df;
        }
    }
}

/* The vocabulary surface closest to an unknown folded word, or UINT32_MAX. */
static uint32_t typo_correct(const struct index *ix, const char *w, size_t n)
{
    if (n < TYPO_MIN || n > TYPO_MAXLEN || !ix->ndels)
        return UINT32_MAX;
    for (size_t i = 0; i < n; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return UINT32_MAX; /* numbers are never "corrected" */
    int max = n >= 8 ? 2 : 1, bestd = max + 1;
    uint32_t best = UINT32_MAX, bestdf = 0;
    typo_probe(ix, ix->dels, ix->ndels, del_hash(w, n), w, n, max, NULL, 0, &best, &bestd,
               &bestdf);
    char d[TYPO_MAXLEN];
    for (size_t i = 0; i < n; i++) {
        memcpy(d, w, i);
        memcpy(d + i, w + i + 1, n - i - 1);
        typo_probe(ix, ix->dels, ix->ndels, del_hash(d, n - 1), w, n, max, NULL, 0, &best,
                   &bestd, &bestdf);
    }
    if (best == UINT32_MAX && n >= SKEL_MIN) {
        size_t kl = fuzzy_skeleton(w, n, d);
        int smax = n >= SKEL_LONG ? SKEL_LONG_EDITS : SKEL_MAX_EDITS;
        bestd = smax + 1;
        typo_probe(ix, ix->skels, ix->nskels, del_hash(d, kl), w, n, smax, d, kl,
                   &best, &bestd, &bestdf);
    }
    return best;
}

struct qctx {
    const struct index *ix;
    struct analyzer *a;
    struct query *q;
    uint32_t prev;   /* previous word's term, for bigrams */
    const char *text;
    size_t len;
    int words;       /* words of the question */
    uint64_t named;  /* bit i: term i is a word written with a capital (NAME_W) */
    int lived_pos;   /* position of the word after "j'habite à", "né à"... (-1: none) */
    int verb_pos;    /* position of the last residence verb seen (-9: none) */
    unsigned town_seen;  /* bit i: the question says the town's i-th word */
    uint64_t town_words; /* bit i: query term i is a word of the town's name */
    bool neg;        /* the last stop word was a negation word: the next word is negated */
};
_Static_assert(GC_QUERY_TERMS_MAX <= 64, "qctx.named has a bit per query term");

/* The term added, or NULL when the query is full. */
static struct qterm *query_add(struct query *q, uint32_t id, float idf, float weight, int kind,
                               bool corrected, const char *surface)
{
    if (q->n >= GC_QUERY_TERMS_MAX)
        return NULL;
    struct qterm *qt = &q->t[q->n++];
    qt->term = id;
    qt->idf = idf;
    qt->weight = weight;
    qt->kind = kind;
    qt->parent = kind == QT_WORD ? q->n - 1 : q->word;
    qt->corrected = corrected;
    qt->own = false;
    qt->negated = false;
    /* (snprintf "%s" cost more than the rest of the function) */
    size_t n = utf8_cut(surface, strlen(surface), sizeof qt->surface - 1);
    memcpy(qt->surface, surface, n);
    qt->surface[n] = '\0';
    return qt;
}

/* Words that frame a question rather than say its subject ("quel est le nom
 * de...", "en quelle année...", "pour quelle raison..."): the text that
 * answers seldom repeats them, so they count FRAME_W.  Folded surfaces,
 * sorted by langdata (data/fr/frame-words.txt). */

/* Words that set when rather than what ("le cimetière en hiver", "le centre
 * de loisirs le mercredi"): a page that has them is not the more likely for
 * it, so they count CTX_W.  Folded surfaces, sorted by langdata
 * (data/fr/context-words.txt). */
static bool in_words(const char *surface, enum ld_res r)
{
    return langdata_has_word(r, surface);
}

/* A context word, or its plural ("les samedis"); "week-end" is two words. */
static bool is_context_word(const char *surface)
{
    char one[32];
    size_t n = strlen(surface);
    if (n > 1 && n < sizeof one && surface[n - 1] == 's') {
        memcpy(one, surface, n - 1);
        one[n - 1] = '\0';
        surface = one;
    }
    return in_words(surface, LD_CONTEXT_WORDS);
}

static bool is_frame_word(const char *surface)
{
    return in_words(surface, LD_FRAME_WORDS);
}

#define DERIV_ROOT_MIN 3   /* letters a derivation leaves of the word */
#define RELATIVES_MAX 4    /* relatives of one word searched */
#define CLIP_MIN 4         /* letters of a word cut short ("expo") */
#define CLIP_MORE 3        /* letters the whole word has at least beyond it */
#define CLIP_TERMS_MAX 2   /* terms a cut word may stand for */

struct relatives {
    uint32_t id[RELATIVES_MAX];
    char surface[RELATIVES_MAX][ANALYZE_WORD_MAX + 8];
    int n;
};

static void relatives_clipped(const struct index *ix, const char *w, size_t n,
                              struct relatives *r);

/* The words of w[0..n)'s family (data/fr/derivations.tsv) that the pages
 * use, into r: "tondre" -> "tonte", "tondeuse".  A plural's family is its
 * singular's. */
static void relatives_derived(const struct index *ix, const char *w, size_t n, struct relatives *r)
{
    r->n = 0;
    if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'x'))
        n--;
    const struct ld_list *l = langdata_list(LD_DERIVATIONS);
    for (size_t i = 0; i < l->n && r->n < RELATIVES_MAX; i++)
        for (int way = 0; way < 2 && r->n < RELATIVES_MAX; way++) {
            const char *from = l->e[i].field[way], *to = l->e[i].field[1 - way];
            size_t fl = strlen(from), tl = strlen(to);
            char *cand = r->surface[r->n];
            if (n < fl + DERIV_ROOT_MIN || memcmp(w + n - fl, from, fl) ||
                n - fl + tl >= sizeof r->surface[0])
                continue;
            memcpy(cand, w, n - fl);
            memcpy(cand + n - fl, to, tl);
            cand[n - fl + tl] = '\0';
            uint32_t sid = strmap_get(&ix->surfaces, cand, n - fl + tl);
            bool dup = sid == UINT32_MAX;
            for (int j = 0; j < r->n && !dup; j++)
                dup = r->id[j] == sid;
            if (!dup)
                r->id[r->n++] = sid;
        }
}

int index_family(const struct index *ix, const char *surface, uint32_t *terms, int max)
{
    struct relatives r;
    relatives_derived(ix, surface, strlen(surface), &r);
    int n = 0;
    for (int i = 0; i < r.n && n < max; i++)
        terms[n++] = r.id[i];
    return n;
}

/* Its family; without any, the words it may be cut from ("foot" ->
 * "football"). */
static void relatives_find(const struct index *ix, const char *w, size_t n, struct relatives *r)
{
    relatives_derived(ix, w, n, r);
    if (!r->n)
        relatives_clipped(ix, w, n, r);
}

/* The pages' longer words that w[0..n) may be cut from, into r (none when
 * they are of more than CLIP_TERMS_MAX terms). */
static void relatives_clipped(const struct index *ix, const char *w, size_t n, struct relatives *r)
{
    r->n = 0;
    if (n < CLIP_MIN || !ix->sorted)
        return;
    /* A word cut short ("foot", "appart", "expo"): the pages' longer words
     * that begin with it, when they are of one or two terms only. */
    size_t lo = 0, hi = ix->surfaces.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(ix->sorted[mid], w, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    struct relatives c = {.n = 0};
    for (size_t i = lo; i < ix->surfaces.n && !strncmp(ix->sorted[i], w, n); i++) {
        size_t len = strlen(ix->sorted[i]);
        if (len < n + CLIP_MORE || len >= sizeof c.surface[0])
            continue;
        uint32_t sid = strmap_get(&ix->surfaces, ix->sorted[i], len);
        bool dup = false;
        for (int j = 0; j < c.n && !dup; j++)
            dup = c.id[j] == sid;
        if (dup)
            continue;
        if (c.n == CLIP_TERMS_MAX)
            return;   /* a beginning of many words says none */
        c.id[c.n] = sid;
        memcpy(c.surface[c.n], ix->sorted[i], len + 1);
        c.n++;
    }
    *r = c;
}

/* Where the resident lives or comes from ("j'habite à Quimper", "né à
 * Brest"): the word after a residence verb (data/fr/residence-verbs.txt)
 * and a preposition of place (place-prepositions.txt) may be a place that is context, not the
 * question's subject.  (Any stop word in the preposition's stead was
 * measured: PIAF recall@1 −0.0006, "ne" being the negation too.) */
static void residence_track(struct qctx *c, const struct token *t)
{
    if (in_words(t->surface, LD_RESIDENCE_VERBS))
        c->verb_pos = t->pos;
    else if (t->pos == c->verb_pos + 1 && in_words(t->surface, LD_PLACE_PREPOSITIONS))
        c->lived_pos = t->pos + 1;
}

static int query_token(void *vctx, const struct token *t)
{
    struct qctx *c = vctx;
    const struct index *ix = c->ix;
    struct query *q = c->q;
    residence_track(c, t);
    if (t->stop) {
        if (in_words(t->surface, LD_NEGATION_WORDS))
            c->neg = true;
        return 0;
    }
    bool negated = c->neg;
    c->neg = false;
    if (q->n >= GC_QUERY_TERMS_MAX)
        return 0;
    /* A number ("19" of "XIXe", "2" of "2e") is found by its term: its
     * surface may also be a word ("IVe", "ive"), and it is never a typo. */
    bool number = t->term_len && strspn(t->term, "0123456789") == t->term_len;
    uint32_t id = number ? strmap_get(&ix->terms, t->term, t->term_len)
                         : strmap_get(&ix->surfaces, t->surface, t->surface_len);
    bool corrected = false;
    const char *surf = t->surface;   /* the word, or the one it was corrected to */
    size_t surf_len = t->surface_len;
    if (id == UINT32_MAX)
        id = strmap_get(&ix->terms, t->term, t->term_len);
    if (id == UINT32_MAX) {
        /* An unaccented word whose accented form stems differently. */
        char st[ANALYZE_WORD_MAX + 8];
        size_t n = analyze_stem(c->a, t->surface, t->surface_len, st, sizeof st);
        id = strmap_get(&ix->terms, st, n);
    }
    /* A word the pages do not use may be of the family of one they use
     * ("tondre": "tonte"); else it is a typo, unless it is a French word
     * ("ventre" is not "centre"). */
    struct relatives rel = {.n = 0};
    if (id == UINT32_MAX && !number)
        relatives_find(ix, t->surface, t->surface_len, &rel);
    if (id == UINT32_MAX && !number && !rel.n &&
        !lexicon_has(ix->lex, t->surface, t->surface_len)) {
        uint32_t s = typo_correct(ix, t->surface, t->surface_len);
        if (s != UINT32_MAX) {
            id = ix->surfaces.vals[s];
            surf = ix->surfaces.keys[s];
            surf_len = strlen(surf);
            corrected = true;
        }
    }
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD &&
            ((id != UINT32_MAX && q->t[i].term == id) || !strcmp(q->t[i].surface, t->surface)))
            return 0;
    /* A word the resident writes with a capital, not at the start, names
     * what the question is about: "l'Écosse", "Mia Farrow", "le PACS". */
    bool named = t->start > 0 && sentences_capital_at(c->text + t->start, c->len - t->start);
    c->words++;
    /* Framing and context words count less, their exact form too. */
    /* The place where the resident lives: a name (a capital, or no French
     * word), not "je viens de perdre". */
    bool lived = t->pos == c->lived_pos &&
                 (named || !lexicon_has(ix->lex, t->surface, t->surface_len));
    bool framing = is_frame_word(surf), when = !framing && (is_context_word(surf) || lived);
    float light = framing ? FRAME_W : when ? CTX_W : 1.0f;
    query_add(q, id, id == UINT32_MAX ? ix->unseen_idf : term_idf(ix, id),
              (corrected ? TYPO_WEIGHT : 1.0f) * light,
              QT_WORD, corrected, t->surface);
    q->word = q->n - 1;
    q->t[q->word].own = !framing && !when;
    q->t[q->word].negated = negated;
    unsigned tb = town_bit(ix, id);
    if (tb) {
        c->town_seen |= tb;
        c->town_words |= 1ULL << q->word;
    }
    if (named && !lived)
        c->named |= 1ULL << q->word;
    const char *const *syn = synonyms_group(ix->syn, surf, surf_len);
    for (int i = 0; syn && syn[i]; i++) {
        uint32_t sid = strmap_get(&ix->surfaces, syn[i], strlen(syn[i]));
        bool dup = sid == UINT32_MAX || sid == id;
        for (int j = 0; j < q->n && !dup; j++)
            dup = q->t[j].term == sid;
        if (!dup)
            query_add(q, sid, term_idf(ix, sid), SYN_W, QT_SYN, false, syn[i]);
    }
    for (int i = 0; i < rel.n; i++) {
        bool dup = false;
        for (int j = 0; j < q->n && !dup; j++)
            dup = q->t[j].term == rel.id[i];
        if (!dup) {
            struct qterm *r = query_add(q, rel.id[i], term_idf(ix, rel.id[i]), DERIV_W, QT_SYN,
                                        false, rel.surface[i]);
            if (r)
                r->own = true;   /* "pacs" for "pacser": the same subject */
        }
    }
    if (id == UINT32_MAX) {
        c->prev = UINT32_MAX;
        return 0;
    }
    char k[2 * ANALYZE_WORD_MAX + 16];
    /* A corrected word stands for the word it was corrected to: its exact
     * form and its synonyms (above) are that word's. */
    uint32_t x = strmap_get(&ix->terms, k, exact_key(k, surf, surf_len));
    if (x != UINT32_MAX)
        query_add(q, x, term_idf(ix, x), EXACT_W * light, QT_EXACT, false, surf);
    else if (!strcmp(ix->terms.keys[id], surf))
        q->t[q->word].weight += EXACT_W * light; /* the word is its own exact form */
    if (c->prev != UINT32_MAX) {
        const char *a = ix->terms.keys[c->prev], *b = ix->terms.keys[id];
        uint32_t bg = strmap_get(&ix->terms, k, bigram_key(k, a, strlen(a), b, strlen(b)));
        if (bg != UINT32_MAX)
            query_add(q, bg, term_idf(ix, bg), BIGRAM_W, QT_BIGRAM, false, t->surface);
    }
    c->prev = id;
    return 0;
}

void index_query(const struct index *ix, const char *text, size_t len, struct query *q)
{
    q->n = 0;
    q->nnums = ranges_numbers_units(text, len, q->nums, q->units, RANGES_NUMBERS_MAX);
    struct qctx c = {ix, analyze_thread(), q, UINT32_MAX, text, len, 0, 0, -1, -9, 0, 0, false};
    analyze_text(c.a, text, len, query_token, &c);
    /* The town's own name, said whole, says where every page is: context,
     * not the subject ("qui est le maire de Castelvielh-sur-Lot ?" is not
     * about the sentences that give the town's address).  Its words, and
     * their exact forms, weigh TOWN_W as much; they name nothing in
     * particular. */
    if (ix->ntown && c.town_seen == (1u << ix->ntown) - 1) {
        for (int i = 0; i < q->n; i++) {
            if (!(c.town_words >> q->t[i].parent & 1))
                continue;
            if (q->t[i].kind == QT_WORD || q->t[i].kind == QT_EXACT)
                q->t[i].weight *= TOWN_W;
            q->t[i].own = false;
        }
        c.named &= ~c.town_words;
    }
    /* Capitals on most words ("OÙ DÉPOSER MES ENCOMBRANTS", "Carte D'Identité")
     * name nothing in particular. */
    if (2 * __builtin_popcountll(c.named) > c.words)
        return;
    for (int i = 0; i < q->n; i++)
        if (c.named & (1ULL << i))
            q->t[i].weight *= 1.0f + NAME_W;
}

static void topk_insert(struct ix_hit *hits, int *n, int max, struct ix_hit h)
{
    if (max <= 0)
        return; /* no room: hits[max - 1] would be outside */
    if (*n == max && h.score <= hits[max - 1].score)
        return;
    /* Kept: hits[0 .. end), by score descending; h goes before the first
     * lower score (after the equal ones), found by halving, and the rest
     * moves down one (the last falls off when full). */
    int end = *n < max ? (*n)++ : max - 1;
    int lo = 0, hi = end;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (hits[mid].score < h.score)
            hi = mid;
        else
            lo = mid + 1;
    }
    memmove(hits + lo + 1, hits + lo, (size_t)(end - lo) * sizeof *hits);
    hits[lo] = h;
}

/* The question's words (QT_WORD terms) as a short array, for proximity(),
 * and a table from the low bits of a term id to its place in that array
 * (plus one; 0: no question word there, QW_SHARED: several, look them up):
 * most words of a passage are no question word, and one load says so. */
#define QW_SLOTS 1024
#define QW_SHARED 255
_Static_assert(GC_QUERY_TERMS_MAX < QW_SHARED, "a slot holds a word's place plus one");
struct qwords {
    uint32_t term[GC_QUERY_TERMS_MAX];
    int qi[GC_QUERY_TERMS_MAX];    /* its index in the query */
    int n;
    uint8_t slot[QW_SLOTS];
};

static void query_words(const struct query *q, struct qwords *w)
{
    w->n = 0;
    memset(w->slot, 0, sizeof w->slot);
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD) {
            uint8_t *s = &w->slot[q->t[i].term % QW_SLOTS];
            *s = *s ? QW_SHARED : (uint8_t)(w->n + 1);
            w->term[w->n] = q->t[i].term;
            w->qi[w->n++] = i;
        }
}

/* Proximity of the question's words in a run of term ids: every two
 * neighbouring occurrences of different query words add the mean of their
 * idf divided by their distance (in words, stop words not counted). */
static float proximity(const struct index *ix, const struct query *q, const struct qwords *w,
                       uint32_t from, uint32_t to)
{
    float bonus = 0;
    int last = -1;
    uint32_t lastpos = 0;
    for (uint32_t k = ix->seq_off[from]; k < ix->seq_off[to]; k++) {
        uint32_t t = ix->seq[k];
        unsigned s = w->slot[t % QW_SLOTS];
        if (!s)
            continue;
        int qi = -1;
        if (s != QW_SHARED) {
            if (w->term[s - 1] == t)
                qi = w->qi[s - 1];
        } else {
            for (int j = 0; j < w->n; j++)
                if (w->term[j] == t) {
                    qi = w->qi[j];
                    break;
                }
        }
        if (qi < 0)
            continue;
        if (last >= 0 && last != qi) {
            uint32_t d = k - lastpos;
            if (d <= 5)
                bonus += 0.5f * (q->t[qi].idf * q->t[qi].weight + q->t[last].idf * q->t[last].weight) /
                         (float)d;
        }
        last = qi;
        lastpos = k;
    }
    return bonus;
}

/* The score accumulators of index_search_pages, one array per thread kept
 * from call to call: allocating 30 KB per question made glibc consolidate
 * its free lists every time (a large request after small frees). */
struct scratch {
    float *acc;
    size_t cap;
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p)
{
    struct scratch *s = p;
    free(s->acc);
    free(s);
}

static void scratch_key_init(void)
{
    if (pthread_key_create(&scratch_key, scratch_free))
        abort();
}

/* n zeroed floats, this thread's until its next call. */
static float *scratch_zeroed(size_t n)
{
    pthread_once(&scratch_once, scratch_key_init);
    struct scratch *s = pthread_getspecific(scratch_key);
    if (!s) {
        s = xcalloc(1, sizeof *s);
        pthread_setspecific(scratch_key, s);
    }
    if (s->cap < n) {
        free(s->acc);
        s->acc = xmalloc(n * sizeof *s->acc);
        s->cap = n;
    }
    memset(s->acc, 0, n * sizeof *s->acc);
    return s->acc;
}

/* The highest score of passages [first, end) (end > first).  Four at a
 * time (SSE2, every x86-64), the last four overlapping the others when the
 * count is not a multiple of four: the scan over every page of a corpus was
 * a quarter of the search, since a question reaches most pages. */
static float passage_max(const float *acc, uint32_t first, uint32_t end)
{
#ifdef __SSE2__
    if (end - first >= 4) {
        __m128 m = _mm_loadu_ps(acc + end - 4);
        for (uint32_t d = first; d + 4 < end; d += 4)
            m = _mm_max_ps(m, _mm_loadu_ps(acc + d));
        m = _mm_max_ps(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(1, 0, 3, 2)));
        m = _mm_max_ps(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(2, 3, 0, 1)));
        return _mm_cvtss_f32(m);
    }
#endif
    float top = acc[first];
    for (uint32_t d = first + 1; d < end; d++)
        if (acc[d] > top)
            top = acc[d];
    return top;
}

/* The first of passages [first, end) that scores top (their maximum): what
 * a scan keeping the first strictly higher score finds (scores are never
 * NaN).  Asked only for the pages kept as candidates. */
static uint32_t passage_at(const float *acc, uint32_t first, uint32_t end, float top)
{
    for (uint32_t d = first; d < end; d++)
        if (acc[d] == top)
            return d;
    return first;
}

/* The candidate pages of index_search_pages: a heap, the weakest at its
 * root, so that a page that enters costs a few comparisons (keeping them
 * sorted moved half of them for each: ~120 entries a question).  Weaker: a
 * lower score, or the same score and a later page.  heap_sort leaves them
 * strongest first, the order the sorted list had. */
static bool weaker(const struct ix_hit *a, const struct ix_hit *b)
{
    return a->score < b->score || (a->score == b->score && a->id > b->id);
}

static void swap_hits(struct ix_hit *h, int a, int b)
{
    struct ix_hit t = h[a];
    h[a] = h[b];
    h[b] = t;
}

static void heap_up(struct ix_hit *h, int i)
{
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (!weaker(&h[i], &h[parent]))
            break;
        swap_hits(h, i, parent);
        i = parent;
    }
}

static void heap_down(struct ix_hit *h, int n, int i)
{
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && weaker(&h[c + 1], &h[c]))
            c++;
        if (!weaker(&h[c], &h[i]))
            break;
        swap_hits(h, i, c);
        i = c;
    }
}

static void heap_sort(struct ix_hit *h, int n)
{
    for (int k = n - 1; k > 0; k--) {
        swap_hits(h, 0, k);
        heap_down(h, k, 0);
    }
}

int index_search_pages(const struct index *ix, const struct query *q, struct ix_hit *hits, int max)
{
    if (!ix->npass || max <= 0)
        return 0;
    float *pacc = scratch_zeroed((size_t)ix->npass + ix->npages);
    float *gacc = pacc + ix->npass;
    struct ix_hit cand[RERANK];
    for (int i = 0; i < q->n; i++) {
        uint32_t t = q->t[i].term;
        if (t == UINT32_MAX)
            continue;
        float w = q->t[i].weight;
        float wi = w * term_idf(ix, t);
        for (const struct posting *p = ix->post + ix->poff[t], *e = ix->post + ix->poff[t + 1];
             p < e; p++)
            pacc[p->doc] += wi * p->w;
        float gi = w * page_idf(ix, t);
        for (const struct posting *p = ix->gpost + ix->goff[t], *e = ix->gpost + ix->goff[t + 1];
             p < e; p++)
            gacc[p->doc] += gi * p->w;
    }
    int n = 0;
    for (uint32_t g = 0; g < ix->npages; g++) {
        if (gacc[g] <= 0)
            continue;
        const struct ix_page *pg = &ix->pages[g];
        uint32_t first = pg->first_passage, end = first + pg->npassages;
        float top = passage_max(pacc, first, end);
        float score = PAGE_MIX * gacc[g] + PASSAGE_MIX * top;
        /* Pages come in order: a later one is weaker at an equal score. */
        if (n == RERANK && score <= cand[0].score)
            continue;
        struct ix_hit h = {g, score, 0};   /* its best passage: once it is kept */
        if (n < RERANK) {
            cand[n++] = h;
            heap_up(cand, n - 1);
        } else {
            cand[0] = h;
            heap_down(cand, n, 0);
        }
    }
    heap_sort(cand, n);
    for (int i = 0; i < n; i++) {
        const struct ix_page *pg = &ix->pages[cand[i].id];
        uint32_t first = pg->first_passage, end = first + pg->npassages;
        cand[i].best = passage_at(pacc, first, end, passage_max(pacc, first, end));
    }
    /* Re-rank the best pages with the proximity of the question's words in
     * their best passage. */
    int m = 0;
    struct qwords words;
    query_words(q, &words);
    for (int i = 0; i < n; i++) {
        struct ix_hit h = cand[i];
        if (q->n > 1 && PROX > 0)
            h.score += PROX * proximity(ix, q, &words, h.best, h.best + 1);
        topk_insert(hits, &m, max, h);
    }
    return m;
}

/* The first posting of term t for passage d or after (lists are sorted by
 * passage: binary search); the end of t's list when there is none. */
static const struct posting *lower_bound(const struct index *ix, uint32_t t, uint32_t d)
{
    uint32_t lo = ix->poff[t], hi = ix->poff[t + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->post[mid].doc < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return ix->post + lo;
}

int index_search_page_passages(const struct index *ix, const struct query *q, uint32_t page,
                               struct ix_hit *hits, int max)
{
    const struct ix_page *pg = &ix->pages[page];
    uint32_t first = pg->first_passage, end = first + pg->npassages;
    float small[256];
    float *sc = pg->npassages <= 256 ? small : xmalloc(pg->npassages * sizeof *sc);
    for (uint32_t k = 0; k < pg->npassages; k++)
        sc[k] = 0;
    /* Term after term, the postings that fall in the page (a run of each
     * list, passages being numbered page after page): each passage's score
     * adds up its terms in the query's order. */
    for (int i = 0; i < q->n; i++) {
        uint32_t t = q->t[i].term;
        if (t == UINT32_MAX)
            continue;
        float wi = q->t[i].weight * term_idf(ix, t);
        const struct posting *p = lower_bound(ix, t, first), *e = ix->post + ix->poff[t + 1];
        for (; p < e && p->doc < end; p++)
            sc[p->doc - first] += wi * p->w;
    }
    int n = 0;
    for (uint32_t d = first; d < end; d++)
        topk_insert(hits, &n, max, (struct ix_hit){d, sc[d - first], d});
    if (sc != small)
        free(sc);
    return n;
}

size_t index_passage_words(const struct index *ix, uint32_t passage, const uint32_t **terms,
                           const uint32_t **at)
{
    *terms = ix->seq + ix->seq_off[passage];
    *at = ix->seq_at + ix->seq_off[passage];
    return ix->seq_off[passage + 1] - ix->seq_off[passage];
}

size_t index_passage_sentences(const struct index *ix, uint32_t passage, struct span *out, size_t max)
{
    size_t n = ix->sent_off[passage + 1] - ix->sent_off[passage];
    if (n > max)
        n = max;
    const uint32_t(*s)[2] = ix->sent + ix->sent_off[passage];
    for (size_t i = 0; i < n; i++)
        out[i] = (struct span){s[i][0], s[i][1]};
    return n;
}

bool index_page_title_has(const struct index *ix, uint32_t page, uint32_t term)
{
    const struct ix_page *pg = &ix->pages[page];
    for (uint32_t k = 0; k < pg->ntterms; k++)
        if (ix->tterms[pg->first_tterm + k] == term)
            return true;
    return false;
}

bool index_passage_has(const struct index *ix, uint32_t passage, uint32_t term)
{
    if (term >= ix->terms.n)
        return false;
    const struct posting *p = lower_bound(ix, term, passage);
    return p < ix->post + ix->poff[term + 1] && p->doc == passage;
}
