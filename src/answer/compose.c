/* compose.c — pick and order sentences, measure how well they cover the question. */
#include "answer/compose.h"

#include <stdbool.h>
#include <string.h>

#include "text/analyze.h"
#include "text/sentences.h"

#define CAND_PASSAGES 4       /* passages whose sentences compete */
#define SENT_PER_PASSAGE 48
#define SECOND_PAGE_RATIO 0.7f  /* a second page competes when this close */

struct cand {
    uint32_t passage;
    int prank;                /* rank of the passage among candidates */
    struct span sp;
    float score;
    uint64_t terms;           /* bit i: query term i present */
    bool chosen;
};

struct sent_ctx {
    const struct index *ix;
    const struct query *q;
    uint64_t bits;
};

/* Which query terms does a sentence hold?  Matching by term id, so the
 * sentence is analysed exactly as the index analysed it. */
static int sent_token(void *vctx, const struct token *t)
{
    struct sent_ctx *c = vctx;
    if (t->stop)
        return 0;
    uint32_t id = index_term_id(c->ix, t->term, t->term_len);
    if (id == UINT32_MAX)
        return 0;
    for (int i = 0; i < c->q->n && i < 64; i++)
        if (c->q->t[i].kind == QT_WORD && c->q->t[i].term == id)
            c->bits |= 1ULL << i;
    return 0;
}

static float bits_weight(const struct query *q, uint64_t bits)
{
    float s = 0;
    for (int i = 0; i < q->n && i < 64; i++)
        if (bits & (1ULL << i))
            s += q->t[i].idf * q->t[i].weight;
    return s;
}

static float query_weight(const struct query *q)
{
    float s = 0;
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD)
            s += q->t[i].idf;
    return s;
}

/* Append one sentence, made readable: list items lose their dash and get a
 * final full stop. */
static void add_sentence(struct buf *b, const char *s, size_t n)
{
    bool item = n > 2 && s[0] == '-' && s[1] == ' ';
    if (item) {
        s += 2;
        n -= 2;
    }
    char last = n ? s[n - 1] : '.';
    /* "- mardi : de 10 h à 18 h ;" reads "mardi : de 10 h à 18 h." */
    bool swap = item && (last == ';' || last == ',');
    if (swap) {
        n--;
        while (n && s[n - 1] == ' ')
            n--;
    }
    if (b->len)
        buf_addc(b, ' ');
    if (buf_add(b, s, n) != GC_OK)
        return; /* over the cap: nothing was added */
    if (swap || (item && !strchr(".!?:", last)))
        buf_addc(b, '.');
}

void compose_answer(const struct index *ix, const struct query *q, const struct ix_hit *pages,
                    int npages, int max_sentences, struct composed *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text, GC_ANSWER_MAX_BYTES + 256);
    if (npages == 0 || q->n == 0)
        return;
    if (max_sentences < 1)
        max_sentences = 1;
    if (max_sentences > GC_ANSWER_SENTENCES_MAX)
        max_sentences = GC_ANSWER_SENTENCES_MAX;

    /* Candidate passages: the best ones of the top page, and the best one of
     * the next page when it scores nearly as well. */
    struct ix_hit ph[CAND_PASSAGES];
    int np = index_search_page_passages(ix, q, pages[0].id, ph, CAND_PASSAGES - 1);
    if (npages > 1 && pages[1].score >= SECOND_PAGE_RATIO * pages[0].score)
        ph[np++] = (struct ix_hit){pages[1].best, 0, pages[1].best};
    float top = np ? ph[0].score : 0;

    struct cand cands[CAND_PASSAGES * SENT_PER_PASSAGE];
    int nc = 0;
    struct analyzer *a = analyze_thread();
    for (int r = 0; r < np; r++) {
        const struct ix_passage *p = index_passage(ix, ph[r].id);
        struct span sp[SENT_PER_PASSAGE];
        size_t ns = sentences_split(p->text, strlen(p->text), sp, SENT_PER_PASSAGE);
        if (ns > SENT_PER_PASSAGE)
            ns = SENT_PER_PASSAGE;
        float prior = top > 0 && ph[r].score > 0 ? ph[r].score / top : 0.5f;
        for (size_t i = 0; i < ns; i++) {
            struct sent_ctx c = {ix, q, 0};
            analyze_text(a, p->text + sp[i].start, sp[i].end - sp[i].start, sent_token, &c);
            float w = bits_weight(q, c.bits);
            struct cand *cd = &cands[nc++];
            *cd = (struct cand){ph[r].id, r, sp[i], w * (1.0f + 0.5f * prior), c.bits, false};
            if (i == 0)
                cd->score *= 1.05f;
        }
    }
    /* Greedy choice: best sentence first, then those that add most. */
    uint64_t covered = 0;
    size_t bytes = 0;
    int chosen = 0;
    for (int k = 0; k < max_sentences; k++) {
        int best = -1;
        float bs = 0;
        for (int i = 0; i < nc; i++) {
            if (cands[i].chosen)
                continue;
            size_t n = cands[i].sp.end - cands[i].sp.start;
            if (chosen && bytes + n > GC_ANSWER_MAX_BYTES)
                continue;
            float s = cands[i].score;
            /* Later sentences: reward new query words, keep to the first passage. */
            if (chosen) {
                s = 0.5f * s + bits_weight(q, cands[i].terms & ~covered);
                if (cands[i].prank != cands[0].prank && cands[i].passage != cands[best < 0 ? 0 : best].passage)
                    s *= 0.9f;
            }
            if (s > bs) {
                bs = s;
                best = i;
            }
        }
        if (best < 0 || bs <= 0)
            break;
        if (chosen && k > 0 && bs < 0.25f * cands[best].score)
            break;
        cands[best].chosen = true;
        covered |= cands[best].terms;
        bytes += cands[best].sp.end - cands[best].sp.start;
        chosen++;
    }
    if (!chosen)
        return;
    /* Reading order: by passage rank, then position. */
    for (int r = 0; r < np; r++)
        for (int i = 0; i < nc; i++) {
            if (!cands[i].chosen || cands[i].prank != r)
                continue;
            const struct ix_passage *p = index_passage(ix, cands[i].passage);
            add_sentence(&out->text, p->text + cands[i].sp.start, cands[i].sp.end - cands[i].sp.start);
            uint32_t pg = p->page;
            bool dup = false;
            for (int j = 0; j < out->npages; j++)
                dup |= out->pages[j] == pg;
            if (!dup && out->npages < GC_SOURCES_MAX)
                out->pages[out->npages++] = pg;
        }
    /* Confidence: share of the question's weight found in the top page, and
     * in the answer itself. */
    float total = query_weight(q);
    uint64_t in_page = 0;
    const struct ix_page *pg = index_page(ix, pages[0].id);
    for (int i = 0; i < q->n && i < 64; i++)
        for (uint32_t d = pg->first_passage; q->t[i].kind == QT_WORD && d < pg->first_passage + pg->npassages; d++)
            if (index_passage_has(ix, d, q->t[i].term)) {
                in_page |= 1ULL << i;
                break;
            }
    float cp = total > 0 ? bits_weight(q, in_page) / total : 0;
    float ca = total > 0 ? bits_weight(q, covered) / total : 0;
    out->confidence = 0.6f * cp + 0.4f * ca;
}

void composed_free(struct composed *c)
{
    if (c)
        buf_free(&c->text);
}
