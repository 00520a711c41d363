/* compose.h — the extractive answer: the most relevant sentences of the best
 * passages, cleaned for reading, with the pages they come from.
 *
 * Deterministic: the same index and question always give the same answer.
 * Every sentence is copied from a validated passage; nothing is generated. */
#ifndef GC_ANSWER_COMPOSE_H
#define GC_ANSWER_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "search/index.h"
#include "util/buf.h"

/* One unit of the answer (a sentence, or a list read as one sentence):
 * text[start, start + len) of struct composed. */
struct composed_unit {
    size_t start, len;
    int rank;                 /* 0: the best unit, chosen first; then the order of choice */
    int page;                 /* index in pages[] of the page it comes from */
};

struct composed {
    struct buf text;          /* the answer, "" when nothing matched */
    /* Its units in reading order, separated by one blank.  When the answer
     * is capped (GC_ANSWER_MAX_BYTES), a unit cut ends with the ellipsis
     * and the units past the cap are left out. */
    struct composed_unit units[GC_ANSWER_SENTENCES_MAX];
    int nunits;
    uint32_t pages[GC_SOURCES_MAX];  /* cited pages, most relevant first */
    int npages;
    /* Passages the chosen sentences come from, in reading order (the
     * excerpts a model is given, answer/prompt.h). */
    uint32_t passages[GC_ANSWER_SENTENCES_MAX];
    int npassages;
    float confidence;         /* 0..1 */
    float page_coverage;      /* share of the question's weight found in the top page */
};

/* Compose from ranked pages (best first).  max_sentences is 1..3.  atype is
 * what the question asks for (enum answer_type of answer/understand.h):
 * sentences holding such a thing are preferred. */
void compose_answer(const struct index *ix, const struct query *q, const struct ix_hit *pages,
                    int npages, int max_sentences, int atype, struct composed *out);
void composed_free(struct composed *c);

#endif
