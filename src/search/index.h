/* index.h — the in-memory search index of validated passages.
 *
 * Built at start-up from the database (store_load_published), then
 * read-only: any number of threads may search it at once.  Ranking is BM25F
 * over four fields of a passage (page title, section heading, body, and the
 * page's alternate questions), with
 * the French analysis of text/analyze.h.  Words of a question that are not
 * in the vocabulary are corrected to the most frequent vocabulary word within
 * one edit (two for long words), through a symmetric-deletion table.
 * docs/search.md explains the choices and the measurements behind them. */
#ifndef GC_SEARCH_INDEX_H
#define GC_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/pages.h"
#include "text/analyze.h"
#include "text/ranges_fr.h"
#include "text/sentences.h"
#include "util/limits.h"

struct index;

struct ix_page {
    char *ext_id, *title, *url, *service, *validated_by, *validated_on, *tags;
    char *questions;    /* alternate questions, one a line (index_add_questions), or NULL */
    uint32_t first_passage, npassages;
    uint32_t first_tterm, ntterms;   /* its title's, tags' and alternate questions' words
                                        (index_page_title_has) */
};

struct ix_passage {
    uint32_t page;
    uint32_t text_len;  /* strlen(text) */
    char *heading;
    char *text;
};

enum qterm_kind {
    QT_WORD,     /* a word (its stem) */
    QT_EXACT,    /* the exact folded form of a word: rewards exact matches */
    QT_BIGRAM,   /* two consecutive words: rewards phrases */
    QT_SYN,      /* a synonym of a word of the question (text/synonyms.h) */
};

/* A term of the question as the index understood it. */
struct qterm {
    int kind;           /* enum qterm_kind */
    int parent;         /* the QT_WORD this term stands for (itself for words) */
    uint32_t term;      /* UINT32_MAX = not in the vocabulary */
    float idf;          /* of the term, or of an unseen word */
    float weight;       /* 1; less for corrected and framing words, more for a
                           word written with a capital inside the question */
    bool corrected;     /* found through typo tolerance */
    bool negated;       /* after a negation word ("sans abonnement") */
    bool own;           /* a word of the question's subject: not one that frames
                           the question or sets its when, not a synonym, not an
                           exact form or a pair (a word of its family is) */
    char surface[ANALYZE_WORD_MAX + 8];
};

struct query {
    struct qterm t[GC_QUERY_TERMS_MAX];
    int n;
    int word;           /* while analysing: index of the last QT_WORD */
    /* Numbers the question gives in digits (text/ranges_fr.h): a row of a
     * table whose range holds one of them is the row asked for. */
    double nums[RANGES_NUMBERS_MAX];
    char units[RANGES_NUMBERS_MAX][RANGES_UNIT_MAX];   /* what each counts, or "" */
    int nnums;
};

struct ix_hit {
    uint32_t id;        /* passage or page index */
    float score;
    uint32_t best;      /* for pages: the best passage */
};

struct lexicon;

struct index *index_new(void);
void index_free(struct index *ix);    /* accepts NULL */

/* Building (single thread): pages then their passages, in order. */
void index_add_page(struct index *ix, const struct stored_page *p);
/* The alternate questions of the page just added (one a line; store/altq.h),
 * before its passages: a field of their own, weighted W_QUEST, in every
 * passage of the page (as its title is). */
void index_add_questions(struct index *ix, const char *questions);
void index_add_passage(struct index *ix, const char *heading, const char *text);
void index_finish(struct index *ix);
/* Words of this list (text/lexicon.h) are real words, never "corrected" to
 * another: NULL (the default) corrects every unknown word.  The lexicon must
 * outlive the index. */
void index_set_lexicon(struct index *ix, const struct lexicon *lex);

/* The synonym groups a question's words search (text/synonyms.h: the
 * general ones and the town's); NULL (the default) is the general ones.
 * They must outlive the index. */
struct synonyms;
void index_set_synonyms(struct index *ix, const struct synonyms *syn);

/* The name of the town the pages are of, folded (analyze_fold), or NULL,
 * after index_finish (its words the pages use count, at most 8): a question
 * that names it whole ("le maire de Castelvielh-sur-Lot") takes its words as
 * context (TOWN_W), not as its subject. */
void index_set_town(struct index *ix, const char *town_folded);
/* Is term one of the town's name's?  (Its words name no person nor place
 * an answer gives.)  NULL ix: no. */
bool index_is_town_term(const struct index *ix, uint32_t term);

uint32_t index_npages(const struct index *ix);
uint32_t index_npassages(const struct index *ix);
const struct ix_page *index_page(const struct index *ix, uint32_t i);
const struct ix_passage *index_passage(const struct index *ix, uint32_t i);

/* Analyse a question into q (stop words dropped, duplicates merged). */
void index_query(const struct index *ix, const char *text, size_t len, struct query *q);

/* Rank pages for q: at most max hits, best first; returns how many. */
int index_search_pages(const struct index *ix, const struct query *q, struct ix_hit *hits, int max);

/* Rank the passages of one page for q, best first. */
int index_search_page_passages(const struct index *ix, const struct query *q, uint32_t page,
                               struct ix_hit *hits, int max);

/* The words (stop words left out) of a passage's heading, then of its text,
 * as term ids, with the byte offset of each in the text (SEQ_HEADING for
 * words of the heading), in order.  Lets callers find the question's words in
 * a sentence without analysing the text again.  Returns the count. */
#define SEQ_HEADING UINT32_MAX
size_t index_passage_words(const struct index *ix, uint32_t passage, const uint32_t **terms,
                           const uint32_t **at);

/* The sentences of a passage's text (text/sentences.h, split when it was
 * added: at most GC_PASSAGE_SENTENCES_MAX) into out, at most max; returns
 * how many. */
size_t index_passage_sentences(const struct index *ix, uint32_t passage, struct span *out, size_t max);

/* Is term t (a term id) a word of the page's title, tags or alternate
 * questions?  What a page is about: a sentence under it speaks of it. */
bool index_page_title_has(const struct index *ix, uint32_t page, uint32_t term);

/* Is term t (a term id) in passage p?  (Used for answer confidence.) */
bool index_passage_has(const struct index *ix, uint32_t passage, uint32_t term);

/* The terms of the words of the folded word's family that the pages use
 * (data/fr/derivations.tsv: "brulage" for "bruler"), at most max; their
 * number.  The query searches a word's family only when the pages do not
 * use the word itself; this tells what a page is about all the same. */
int index_family(const struct index *ix, const char *surface, uint32_t *terms, int max);

/* Term id of a folded surface word / of an analysed term, or UINT32_MAX. */
uint32_t index_term_of_surface(const struct index *ix, const char *s, size_t len);
uint32_t index_term_id(const struct index *ix, const char *term, size_t len);
float index_idf(const struct index *ix, uint32_t term);
float index_unseen_idf(const struct index *ix);

#endif
