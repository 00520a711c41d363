/* compose.c — pick and order sentences, measure how well they cover the question. */
#include "answer/compose.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/understand.h"
#include "text/langdata.h"
#include "text/numbers_fr.h"
#include "text/ranges_fr.h"
#include "text/sentences.h"
#include "util/mem.h"
#include "util/utf8.h"

#define TOP_PASSAGES 5        /* passages of the best page whose units compete */
#define NEXT_PAGES 3          /* and the best passage of each of the next pages... */
#define SECOND_PAGE_RATIO 0.7f  /* ...when the second page scores this close to the first */
#define OTHER_PAGE_RATIO 0.8f   /* and the third and fourth this close, with the
                                 * question's rarest word (see the choice below) */
#define CAND_PASSAGES (TOP_PASSAGES + NEXT_PAGES)
#define SENT_PER_PASSAGE GC_PASSAGE_SENTENCES_MAX

/* A unit of answer: a sentence, or a whole list with its lead-in (the line
 * ending with ':' before it, or the section heading) — a list reads as one
 * sentence, "Tarifs : T1, 1,00 € ; T2, 1,80 €." */
struct cand {
    uint32_t passage;
    int prank;                /* rank of the passage among candidates */
    struct span sp;
    bool list;                /* lines of "- item", maybe after a lead line */
    bool heading_lead;        /* a list introduced by the section heading */
    float score;
    uint64_t terms;           /* bit i: query term i present */
    const uint32_t *words;    /* the unit's words (term ids), in the passage's */
    size_t nwords;
    bool chosen;
    int rank;                 /* order of choice, when chosen */
    /* A list: which of its items are said (bit k: the k-th item line of the
     * span), and the bytes of what is said (the lead and those items). */
    uint64_t keep;
    size_t bytes;
    bool typed;               /* holds the thing asked (unit_bits) */
    uint64_t ctx;             /* the question's words its heading, its page's title and tags say */
};


/* The question's words and synonyms, for term_bits: each term with the bit
 * of its parent word (the question's word it stands for), and the bit
 * (term % 64) of every term: a word of a passage without its bit here stands
 * for none of them, which spares the scan for most words. */
struct qterms {
    const struct index *ix;   /* the words of the town's name name no one (index_is_town_term) */
    uint64_t mask;
    int n;
    uint32_t term[GC_QUERY_TERMS_MAX];
    uint64_t bit[GC_QUERY_TERMS_MAX];
};

static void query_terms(const struct query *q, struct qterms *qt)
{
    qt->mask = 0;
    qt->n = 0;
    for (int i = 0; i < q->n; i++)
        if ((q->t[i].kind == QT_WORD || q->t[i].kind == QT_SYN) && q->t[i].parent < 64) {
            qt->mask |= 1ULL << (q->t[i].term % 64);
            qt->term[qt->n] = q->t[i].term;
            qt->bit[qt->n++] = 1ULL << q->t[i].parent;
        }
}

/* The bits of the question's words (by their parent word) that term stands for. */
static uint64_t term_bits(const struct qterms *qt, uint32_t term)
{
    if (!(qt->mask >> (term % 64) & 1))
        return 0;
    uint64_t bits = 0;
    for (int i = 0; i < qt->n; i++)
        if (qt->term[i] == term)
            bits |= qt->bit[i];
    return bits;
}

/* A passage's words (index_passage_words): the heading's nhead words come
 * first (at SEQ_HEADING), then the text's in increasing byte offsets. */
struct pwords {
    const char *text;
    const uint32_t *term, *at;   /* term id and byte offset in text of each word */
    size_t n, nhead;
};

static void passage_words(const struct index *ix, uint32_t passage, struct pwords *w)
{
    w->text = index_passage(ix, passage)->text;
    w->n = index_passage_words(ix, passage, &w->term, &w->at);
    w->nhead = 0;
    while (w->nhead < w->n && w->at[w->nhead] == SEQ_HEADING)
        w->nhead++;
}

/* The first word of the text at or after byte `from` (binary search). */
static size_t first_at(const struct pwords *w, uint32_t from)
{
    size_t lo = w->nhead, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->at[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The set bits only, in increasing order as a scan of every term would add
 * them (the same sum): the greedy choice calls this for every unit. */
static float bits_weight(const struct query *q, uint64_t bits)
{
    float s = 0;
    if (q->n < 64)
        bits &= (1ULL << q->n) - 1;
    for (; bits; bits &= bits - 1) {
        int i = __builtin_ctzll(bits);
        s += q->t[i].idf * (q->t[i].weight < 1.0f ? q->t[i].weight : 1.0f);
    }
    return s;
}

/* The whole question's weight: a corrected word counts whole here but less
 * when found (a correction lowers the confidence); a word that only frames
 * the question (search/index.c) counts as little on both sides. */
static float word_weight(const struct qterm *t)
{
    return t->idf * (t->corrected || t->weight >= 1.0f ? 1.0f : t->weight);
}

static float query_weight(const struct query *q)
{
    float s = 0;
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD)
            s += word_weight(&q->t[i]);
    return s;
}

/* A word or phrase of the lists below, with its length: these lists are
 * read for every word of every unit considered, so neither strlen nor a
 * comparison is spent on an entry whose first byte differs. */
struct lit {
    const char *s;
    size_t len;
};

/* A list of data/fr/, as lits. */
struct lits {
    struct lit *v;
    size_t n;
    size_t len_max;   /* bytes of the longest */
};

/* Counting words that are not numbers themselves (count-words.txt); phrases
 * that give a reason (reason-phrases.txt: most are stop words, absent from
 * the index's word sequence, so they are looked for in the unit's text);
 * date words (date-words.txt); words that start a sentence going on from the
 * one before (anaphors.txt); words that say a price is nothing (free-words.txt). */
static struct lits count_words, reason_phrases, date_words, anaphors, free_words, deadline_phrases,
    steps_phrases, docs_phrases, duration_units, street_words, short_phones, verdict_phrases;
static pthread_once_t lits_once = PTHREAD_ONCE_INIT;

static void lits_of(struct lits *out, enum ld_res r)
{
    const struct ld_list *l = langdata_list(r);
    out->v = xcalloc(l->n ? l->n : 1, sizeof *out->v);
    for (size_t i = 0; i < l->n; i++) {
        out->v[i] = (struct lit){l->first[i], strlen(l->first[i])};
        if (out->v[i].len > out->len_max)
            out->len_max = out->v[i].len;
    }
    out->n = l->n;
}

static void lits_init(void)
{
    lits_of(&count_words, LD_COUNT_WORDS);
    lits_of(&reason_phrases, LD_REASON_PHRASES);
    lits_of(&date_words, LD_DATE_WORDS);
    lits_of(&anaphors, LD_ANAPHORS);
    lits_of(&free_words, LD_FREE_WORDS);
    lits_of(&deadline_phrases, LD_DEADLINE_PHRASES);
    lits_of(&steps_phrases, LD_STEPS_PHRASES);
    lits_of(&docs_phrases, LD_DOCS_PHRASES);
    lits_of(&duration_units, LD_DURATION_UNITS);
    lits_of(&street_words, LD_STREET_WORDS);
    lits_of(&short_phones, LD_SHORT_PHONES);
    lits_of(&verdict_phrases, LD_VERDICT_PHRASES);
}

/* Does w start with one of the n words of list, as a whole word? */
static bool word_is(const char *w, const struct lit *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = list[i].len;
        if (w[0] == list[i].s[0] && !strncmp(w, list[i].s, l) &&
            !numfr_letter_at(w, strnlen(w, l + 4), l))
            return true;
    }
    return false;
}

/* Does t[0..n) hold one of the phrases of list? */
static bool holds_phrase(const struct lits *list, const char *t, size_t n)
{
    pthread_once(&lits_once, lits_init);
    for (size_t i = 0; i < list->n; i++) {
        const char *ph = list->v[i].s, *e = t + n;
        size_t l = list->v[i].len;
        for (const char *k = t; (size_t)(e - k) >= l; k++) {
            k = memchr(k, ph[0], (size_t)(e - k) - l + 1);
            if (!k)
                break;
            if (!memcmp(k, ph, l))
                return true;
        }
    }
    return false;
}

static bool gives_reason(const char *t, size_t n)
{
    return holds_phrase(&reason_phrases, t, n);
}

/* Does t[0..n) say how long: a number, in digits or words ("un", "six"
 * included: stop words are not in the index's word sequence, so the text
 * is read), then a unit of time ("15 jours", "d'un mois", "un an et un
 * jour")? */
static bool holds_duration(const char *t, size_t n)
{
    pthread_once(&lits_once, lits_init);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (numfr_letter_at(t, n, i - 1) || (t[i - 1] >= '0' && t[i - 1] <= '9')))
            continue;   /* not the start of a word */
        size_t at = i;
        if (t[i] >= '0' && t[i] <= '9') {
            while (at < n && ((t[at] >= '0' && t[at] <= '9') || t[at] == ','))
                at++;
        } else {
            struct numfr nf;
            if (!numfr_letter_at(t, n, i) || !numfr_read(t, n, i, &nf) || nf.ordinal)
                continue;
            at = nf.end;
        }
        size_t sp = numfr_space_len(t, n, at);
        if (sp && at + sp < n && word_is(t + at + sp, duration_units.v, duration_units.n))
            return true;
    }
    return false;
}

/* Does t[0..n) give an address: a number then a word of street-words.txt
 * ("5 rue de l'Église", "12 bis avenue..."), a postcode (five digits), or an
 * electronic address (a word with "@")? */
static bool holds_address(const char *t, size_t n)
{
    pthread_once(&lits_once, lits_init);
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '@' && i > 0 && i + 1 < n && t[i - 1] != ' ' && t[i + 1] != ' ')
            return true;
        if (t[i] < '0' || t[i] > '9' || (i > 0 && (numfr_letter_at(t, n, i - 1) ||
                                                  (t[i - 1] >= '0' && t[i - 1] <= '9'))))
            continue;   /* not the start of a number */
        size_t at = i;
        while (at < n && t[at] >= '0' && t[at] <= '9')
            at++;
        if (at - i == 5 && (at == n || !numfr_letter_at(t, n, at)))
            return true;
        if (at - i > 4 || at >= n || t[at] != ' ')
            continue;
        at++;
        if (at < n && word_is(t + at, street_words.v, street_words.n))
            return true;   /* "bis" and "ter" are in the list: "12 bis avenue" */
    }
    return false;
}

/* The kinds of answer read in a unit's text rather than word by word: does
 * t[0..n) hold one (1 or 0)?  -1: a kind read word by word (typed_word). */
static int typed_text(int atype, const char *t, size_t n)
{
    switch (atype) {
    case AT_NONE:
        return 0;
    case AT_REASON:
        return gives_reason(t, n);
    case AT_STEPS:
        return holds_phrase(&steps_phrases, t, n);
    case AT_DOCS:
        return holds_phrase(&docs_phrases, t, n);
    case AT_DURATION:
        return holds_duration(t, n);
    case AT_ADDRESS:
        return holds_address(t, n);
    case AT_YESNO:
        return holds_phrase(&verdict_phrases, t, n);
    default:
        return -1;
    }
}

/* The kinds of things an answer must give to answer at all: a price, a
 * phone number, a time, a person's name, an address.  (A sentence without
 * a date, a number or a reason may still answer "quand", "combien",
 * "pourquoi" in words.) */
static bool must_give(int atype)
{
    return atype == AT_PRICE || atype == AT_PHONE || atype == AT_TIME || atype == AT_PERSON ||
           atype == AT_ADDRESS;
}

/* Is w one of the short numbers of short-phones.txt, said alone: "le 15.",
 * "le 15 (SAMU)", "le 17 ou le 112" -- not "le 15 mai", "15 €", "150"? */
static bool short_phone(const char *w)
{
    size_t n = strspn(w, "0123456789");
    const char *e = w + n;
    bool alone = *e == '\0' || *e == '.' || *e == ';' || *e == ')' || *e == ':' ||
                 (*e == ',' && (e[1] < '0' || e[1] > '9')) ||
                 (*e == ' ' && (e[1] == '(' || !strncmp(e + 1, "ou ", 3) || !strncmp(e + 1, "et ", 3)));
    if (!alone)
        return false;
    for (size_t i = 0; i < short_phones.n; i++)
        if (short_phones.v[i].len == n && !memcmp(w, short_phones.v[i].s, n))
            return true;
    return false;
}

/* Does a price follow the digits at w: "3,40 €", "1 200 euros"? */
static bool price_at(const char *w)
{
    size_t i = 0;
    while (i < 24 && ((w[i] >= '0' && w[i] <= '9') || w[i] == ',' || w[i] == '.' || w[i] == ' '))
        i++;
    /* a no-break space (C2 A0) or a narrow one (E2 80 AF) between digits and sign */
    if ((unsigned char)w[i] == 0xC2 && (unsigned char)w[i + 1] == 0xA0)
        i += 2;
    else if ((unsigned char)w[i] == 0xE2 && (unsigned char)w[i + 1] == 0x80 && (unsigned char)w[i + 2] == 0xAF)
        i += 3;
    /* strncmp, not memcmp: the text may end right after the digits */
    return !strncmp(w + i, "\xe2\x82\xac", 3) || !strncmp(w + i, "euro", 4) ||
           !strncmp(w + i, "EUR", 3);
}

/* Does the word at w give the kind atype?  town: it is a word of the
 * town's name (which names no person nor place asked for). */
static bool typed_word(int atype, const char *w, bool sentence_start, bool town)
{
    const unsigned char *u = (const unsigned char *)w;
    bool digit = *u >= '0' && *u <= '9';
    pthread_once(&lits_once, lits_init);
    switch (atype) {
    case AT_PRICE:
        return digit ? price_at(w) : word_is(w, free_words.v, free_words.n);
    case AT_TIME:
        if (digit) {
            size_t n = 0;
            while (u[n] >= '0' && u[n] <= '9')
                n++;
            return n <= 2 && (u[n] == 'h' || u[n] == 'H' ||
                              (u[n] == ' ' && (u[n + 1] == 'h' || u[n + 1] == 'H') &&
                               (u[n + 2] == ' ' || u[n + 2] == '\0' || (u[n + 2] >= '0' && u[n + 2] <= '9'))) ||
                              (u[n] == ':' && u[n + 1] >= '0' && u[n + 1] <= '5'));
        }
        return !strncmp(w, "midi", 4) || !strncmp(w, "minuit", 6);
    case AT_NUMBER:
        if (digit || word_is(w, count_words.v, count_words.n))
            return true;
        struct numfr nf;
        return numfr_read(w, strnlen(w, 64), 0, &nf) && !nf.lone_one && !nf.lone_neuf && !nf.ordinal;
    case AT_DATE:
        if (digit) {
            size_t n = 0;
            while (u[n] >= '0' && u[n] <= '9')
                n++;
            return n == 4 || u[n] == 'h' || u[n] == 'e' || u[n] == 'H';
        }
        return word_is(w, date_words.v, date_words.n);
    case AT_PERSON:
    case AT_PLACE:
        /* a capital inside a sentence, not the town's own name */
        return !sentence_start && !town && sentences_capital_at(w, strnlen(w, 2));
    case AT_PHONE:
        /* "02 38 00 10 80", "0238001080": a French number starts with 0;
         * or one of the short numbers ("le 15", "le 3919") */
        if (u[0] == '0')
            return u[1] >= '1' && u[1] <= '9' &&
                   (u[2] < '0' || u[2] > '9' || strspn(w, "0123456789") == 10);
        return digit && short_phone(w);
    default:
        return false;
    }
}

/* The words of unit c (its span of passage w) into c->words, and the bits of
 * the question's words among them; *typed: the unit holds a word of the
 * kind atype that is not a word of the question (for AT_REASON: a phrase
 * that gives a reason). */
static uint64_t unit_bits(const struct qterms *qt, int atype, const struct pwords *w,
                          struct cand *c, bool *typed)
{
    uint32_t from = (uint32_t)c->sp.start, to = (uint32_t)c->sp.end;
    uint64_t bits = 0;
    size_t k0 = first_at(w, from), k = k0;
    int in_text = typed_text(atype, w->text + from, to - from);
    bool by_word = in_text < 0;
    *typed = in_text > 0;
    /* A deadline: a date, and a phrase that makes it one ("avant le"). */
    int wtype = atype == AT_DEADLINE ? AT_DATE : atype;
    for (; k < w->n && w->at[k] < to; k++) {
        uint64_t b = term_bits(qt, w->term[k]);
        bits |= b;
        if (!b && !*typed && by_word)
            *typed = typed_word(wtype, w->text + w->at[k], w->at[k] == from,
                                index_is_town_term(qt->ix, w->term[k]));
    }
    if (*typed && atype == AT_DEADLINE)
        *typed = holds_phrase(&deadline_phrases, w->text + from, to - from);
    c->words = w->term + k0;
    c->nwords = k - k0;
    return bits;
}

#define TYPED_PASSAGE 0.5f /* share of the first unit's score given to a unit of its passage with the thing asked */
#define TYPE_BONUS 0.5f   /* share of a unit's score added when it holds the asked thing */
#define TYPE_MISSING 0.3f /* confidence factor of an answer without the thing asked (must_give) */
#define RARE_MISSING 0.8f /* ... of one without the question's weightiest word */

#define QUESTION_UNIT 0.3f   /* factor of a unit that is itself a question */
#define NEIGHBOUR 0.1f       /* share of the first unit's score its neighbours get */
#define STEPS_NEXT 0.5f      /* ... and the unit after it when what to do is asked: a
                              * procedure goes on in the next sentence */
#define QANSWER 1.0f         /* share of the words of a page's question that its answer,
                              * the unit after it, is taken to hold */
#define ANAPHOR 0.3f         /* share of the question words of the unit before that a unit
                              * going on from it ("Il en met 97") is taken to hold */
#define LIST_MAX 700          /* bytes of one list unit */
#define LIST_ITEM_RATIO 0.6f  /* items kept: their own words weigh this share of the best item's */
#define LIST_ITEMS_MAX 6      /* at most this many items when some stand out */

static bool is_item(const char *t, const struct span *sp)
{
    return sp->end - sp->start > 2 && t[sp->start] == '-' && t[sp->start + 1] == ' ';
}

/* Append text[0..n) without the trailing separators French lists use. */
static void add_item(struct buf *b, const char *s, size_t n)
{
    while (n && (s[n - 1] == ';' || s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    buf_add(b, s, n);
}

static bool starts_anaphor(const char *t, size_t n)
{
    /* The first word ends at the first of these; it has an anaphor's length. */
    pthread_once(&lits_once, lits_init);
    size_t l = 0;
    while (l < n && l <= anaphors.len_max && t[l] != ' ' && t[l] != ',' && t[l] != '-' &&
           t[l] != '\'')
        l++;
    if (l == n || l > anaphors.len_max)
        return false;
    for (size_t i = 0; i < anaphors.n; i++)
        if (anaphors.v[i].len == l && !memcmp(t, anaphors.v[i].s, l))
            return true;
    return false;
}

/* Append one unit, made readable: a list becomes one sentence. */
static void add_unit(struct buf *b, const struct ix_passage *p, const struct cand *c)
{
    const char *t = p->text + c->sp.start;
    size_t n = c->sp.end - c->sp.start;
    if (b->len)
        buf_addc(b, ' ');
    if (!c->list) {
        buf_add(b, t, n);
        return;
    }
    if (c->heading_lead && *p->heading) {
        buf_adds(b, p->heading);
        buf_adds(b, " : ");
    }
    bool first_item = true;
    size_t i = 0;
    int item = -1;
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        const char *line = t + i;
        size_t ln = e - i;
        if (ln > 2 && line[0] == '-' && line[1] == ' ') {
            item++;
            if (item >= 64 || !(c->keep >> item & 1)) {
                i = e + 1;
                continue;
            }
            if (!first_item)
                buf_adds(b, " ; ");
            add_item(b, line + 2, ln - 2);
            first_item = false;
        } else if (ln) {
            buf_add(b, line, ln);   /* the lead, ending with ':' */
            buf_addc(b, ' ');
        }
        i = e + 1;
    }
    if (b->len && !strchr(".!?", b->data[b->len - 1]))
        buf_addc(b, '.');
}

/* An answer never passes GC_ANSWER_MAX_BYTES: a unit too long for it is cut
 * at a word and ends with an ellipsis.  Returns how many bytes of the text
 * are kept before the ellipsis (all of them when it fits). */
static size_t cap_answer(struct buf *b)
{
    if (b->len <= GC_ANSWER_MAX_BYTES)
        return b->len;
    size_t n = GC_ANSWER_MAX_BYTES - 4;
    while (n > 0 && b->data[n] != ' ')
        n--;
    b->len = n;
    b->data[n] = '\0';
    buf_adds(b, " …");
    return n;
}

/* Does unit c say the same words as a unit already chosen (picked[0 ..
 * npicked))?  (Pages repeat a sentence in two sections, maybe with another
 * capital: say it once.) */
static bool repeats(const struct cand *cands, const int *picked, int npicked, const struct cand *c)
{
    size_t n = c->nwords;
    if (n < 3)
        return false;
    for (int i = 0; i < npicked; i++) {
        const struct cand *p = &cands[picked[i]];
        if (p->nwords == n && !memcmp(p->words, c->words, n * sizeof *c->words))
            return true;
    }
    return false;
}

/* Does unit a come before unit b when read?  Units of the top page first. */
static bool unit_before(const struct index *ix, uint32_t top, const struct cand *a, const struct cand *b)
{
    bool at = index_passage(ix, a->passage)->page == top, bt = index_passage(ix, b->passage)->page == top;
    if (at != bt)
        return at;
    if (a->passage != b->passage)
        return a->passage < b->passage;
    return a->sp.start < b->sp.start;
}

/* The bits of the question's numbers (QT_WORD terms written in digits)
 * whose value a range of text[0..n) holds: "de 600 à 900" stands for the
 * resident's "750" (text/ranges_fr.h). */
static uint64_t range_bits(const struct query *q, const char *t, size_t n)
{
    uint64_t bits = 0;
    for (int i = 0; i < q->n && i < 64; i++) {
        const char *s = q->t[i].surface;
        if (q->t[i].kind != QT_WORD || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
            continue;
        double v = 0;
        for (; *s; s++)
            v = v * 10 + (*s - '0');
        /* What the number counts ("1 adulte") must be what the range
         * counts, when both say it: "2 adultes et jusqu'à 3 enfants". */
        const char *unit = NULL;
        for (int k = 0; k < q->nnums; k++) {
            if (q->nums[k] == v)
                unit = q->units[k];
            if (q->nums[k] >= v && ranges_hold_unit(t, n, q->nums[k], q->units[k]))
                bits |= 1ULL << i;   /* "1 200" is the terms "1", "200": its whole value */
        }
        if (ranges_hold_unit(t, n, v, unit))
            bits |= 1ULL << i;
    }
    return bits;
}

/* Bytes of one item as add_unit says it (with the " ; " before it). */
static size_t item_bytes(const struct span *sp)
{
    return sp->end - sp->start + 1;
}

/* Which items of a list (n item spans, at most 64) to say.  Every item when
 * none stands out, as many as fit in LIST_MAX; when some hold words of the
 * question that not every item holds (a row's own label, or a range holding
 * the resident's number: "quotient de 750"), those items only — the row
 * asked for, not the whole table.  Words the lead-in, the heading or the
 * page's title says (lead_bits) single no item out: "Pour louer la salle,
 * apportez : ..." is said whole, and so is a list of what to bring when that
 * is asked (AT_DOCS).  *bytes: what is said, with lead_bytes. */
static uint64_t list_items(const struct query *q, const struct qterms *qt, int atype,
                           const struct pwords *w, const struct span *sp, int n, size_t lead_bytes,
                           uint64_t lead_bits, size_t *bytes)
{
    uint64_t bits[64], common = ~0ULL;
    for (int k = 0; k < n; k++) {
        struct cand it = {0};
        it.sp = sp[k];
        bool typed;
        bits[k] = unit_bits(qt, atype, w, &it, &typed) |
                  range_bits(q, w->text + sp[k].start, sp[k].end - sp[k].start);
        common &= bits[k];
    }
    /* A word the question negates ("sans abonnement") singles out the rows
     * that do not say it ("Passager"), not those that do ("Abonné"). */
    for (int i = 0; i < q->n && i < 64; i++) {
        uint64_t bit = 1ULL << i;
        if (q->t[i].kind != QT_WORD || !q->t[i].negated)
            continue;
        bool any = false;
        for (int k = 0; k < n; k++)
            any |= (bits[k] & bit) != 0;
        if (!any)
            continue;
        common = ~0ULL;
        for (int k = 0; k < n; k++) {
            bits[k] ^= bit;
            common &= bits[k];
        }
    }
    /* What the lead or the heading says already singles no item out. */
    common |= lead_bits;
    float best = 0;
    float own[64];
    for (int k = 0; k < n; k++) {
        own[k] = bits_weight(q, bits[k] & ~common);
        if (own[k] > best)
            best = own[k];
    }
    /* What to bring is the whole list: "quels papiers pour le mariage ?"
     * is not answered by the one item that says "contrat de mariage". */
    if (atype == AT_DOCS)
        best = 0;
    uint64_t keep = 0;
    size_t b = lead_bytes;
    int kept = 0;
    for (int k = 0; k < n; k++) {
        bool want = best > 0 ? own[k] >= LIST_ITEM_RATIO * best && kept < LIST_ITEMS_MAX : true;
        if (!want || (kept && b + item_bytes(&sp[k]) > LIST_MAX))
            continue;
        keep |= 1ULL << k;
        b += item_bytes(&sp[k]);
        kept++;
    }
    *bytes = b;
    return keep;
}

/* The words of the question a list says (its kept items'), and whether one
 * of them holds the thing asked (unit_bits). */
static uint64_t list_bits(const struct query *q, const struct qterms *qt, int atype,
                          const struct pwords *w, const char *text, struct cand *c, bool *typed)
{
    uint64_t bits = 0;
    *typed = false;
    int item = -1;
    size_t i = c->sp.start;
    while (i < c->sp.end) {
        const char *nl = memchr(text + i, '\n', c->sp.end - i);
        size_t e = nl ? (size_t)(nl - text) : c->sp.end;
        if (e - i > 2 && text[i] == '-' && text[i + 1] == ' ') {
            item++;
            if (item < 64 && (c->keep >> item & 1)) {
                struct cand it = {0};
                it.sp = (struct span){i, e};
                bool ty;
                bits |= unit_bits(qt, atype, w, &it, &ty) | range_bits(q, text + i, e - i);
                *typed |= ty;
            }
        }
        i = e + 1;
    }
    /* repeats() compares the words of the whole span */
    struct cand all = *c;
    bool ty;
    unit_bits(qt, atype, w, &all, &ty);
    c->words = all.words;
    c->nwords = all.nwords;
    return bits;
}

#define OTHER_YEAR 0.5f   /* confidence factor of an answer that gives another year than the one asked */

/* Does text[0..n) hold the year y (four digits alone)?  *other: set when
 * it holds another year (1900 to 2100). */
static bool text_year(const char *t, size_t n, int y, bool *other)
{
    bool found = false;
    for (size_t i = 0; i + 4 <= n; i++) {
        if ((i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9') || t[i] < '1' || t[i] > '2')
            continue;
        int v = 0;
        size_t k = i;
        while (k < n && k < i + 5 && t[k] >= '0' && t[k] <= '9')
            v = v * 10 + (t[k++] - '0');
        if (k - i != 4 || v < 1900 || v > 2100)
            continue;
        if (v == y)
            found = true;
        else
            *other = true;
    }
    return found;
}

#define ABOUT_BONUS 0.05f  /* confidence added when the page is about one of them ... */
#define ABOUT_UNSEEN_MAX 0.6f /* ... while the words no page uses weigh less than this
                               * share of the question */
#define OFF_TOPIC 0.10f    /* ... and taken away when it is described as about none */
#define NOT_ABOUT_SURE 0.6f /* and under this, such an answer's confidence is halved */

/* Is the page about the question: do its title, tags, alternate questions
 * or one of its headings say one of the question's own words (a word that
 * frames the question or sets its when does not count, nor a mere synonym;
 * a word of its family does)?  What the town wrote to say what a page is
 * about, rather than a word its text uses in passing.  *described: the page
 * has more than a title to say it (tags, alternate questions, a heading). */
static bool page_about(const struct index *ix, const struct query *q, uint32_t page, bool *described)
{
    const struct ix_page *pg = index_page(ix, page);
    *described = (pg->tags && *pg->tags) || (pg->questions && *pg->questions);
    for (uint32_t d = pg->first_passage; !*described && d < pg->first_passage + pg->npassages; d++)
        *described = *index_passage(ix, d)->heading != '\0';
    struct qterms own = {0};
    for (int i = 0; i < q->n; i++) {
        const struct qterm *t = &q->t[i];
        if (!t->own || t->term == UINT32_MAX || t->parent >= 64)
            continue;
        if (index_page_title_has(ix, page, t->term))
            return true;
        own.mask |= 1ULL << (t->term % 64);
        own.term[own.n] = t->term;
        own.bit[own.n++] = 1ULL << t->parent;
    }
    /* Their families: "brûlage" in the title says the page is about
     * "brûler" (the query searches a family only for a word the pages do
     * not use). */
    for (int i = 0; i < q->n; i++) {
        const struct qterm *t = &q->t[i];
        if (t->kind != QT_WORD || !t->own || t->term == UINT32_MAX || t->parent >= 64)
            continue;
        uint32_t fam[4];
        int nf = index_family(ix, t->surface, fam, 4);
        for (int k = 0; k < nf; k++) {
            if (index_page_title_has(ix, page, fam[k]))
                return true;
            if (own.n < GC_QUERY_TERMS_MAX) {
                own.mask |= 1ULL << (fam[k] % 64);
                own.term[own.n] = fam[k];
                own.bit[own.n++] = 1ULL << t->parent;
            }
        }
    }
    for (uint32_t d = pg->first_passage; own.n && d < pg->first_passage + pg->npassages; d++) {
        struct pwords pw;
        passage_words(ix, d, &pw);
        for (size_t j = 0; j < pw.nhead; j++)
            if (term_bits(&own, pw.term[j]))
                return true;
    }
    return false;
}

void compose_answer(const struct index *ix, const struct query *q, const struct ix_hit *pages,
                    int npages, int max_sentences, int atype, struct composed *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text, 2 * GC_ANSWER_MAX_BYTES + 256);
    if (npages == 0 || q->n == 0)
        return;
    if (max_sentences < 1)
        max_sentences = 1;
    if (max_sentences > GC_ANSWER_SENTENCES_MAX)
        max_sentences = GC_ANSWER_SENTENCES_MAX;

    /* Candidate passages: the best ones of the top page, and the best one of
     * each next page that scores nearly as well (the ranking cannot tell them
     * apart: the answer may come from either).  Such a passage's prior is
     * its page's score relative to the first page's, squared, halved. */
    struct ix_hit ph[CAND_PASSAGES];
    int from_page[CAND_PASSAGES] = {0};   /* rank of the passage's page, 0 = the best */
    int np = index_search_page_passages(ix, q, pages[0].id, ph, TOP_PASSAGES);
    for (int k = 1; k <= NEXT_PAGES && k < npages && pages[0].score > 0; k++) {
        float ratio = pages[k].score / pages[0].score;
        if (ratio < (k == 1 ? SECOND_PAGE_RATIO : OTHER_PAGE_RATIO))
            break;
        from_page[np] = k;
        ph[np++] = (struct ix_hit){pages[k].best, 0, pages[k].best};
    }
    float top = np ? ph[0].score : 0;
    struct qterms qt;
    query_terms(q, &qt);
    qt.ix = ix;

    struct cand cands[CAND_PASSAGES * SENT_PER_PASSAGE];
    int nc = 0;
    for (int r = 0; r < np; r++) {
        const struct ix_passage *p = index_passage(ix, ph[r].id);
        struct span sp[SENT_PER_PASSAGE];
        size_t ns = index_passage_sentences(ix, ph[r].id, sp, SENT_PER_PASSAGE);
        float prior = top > 0 && ph[r].score > 0 ? ph[r].score / top : 0.5f;
        if (from_page[r]) {
            float ratio = pages[from_page[r]].score / pages[0].score;
            prior = 0.5f * ratio * ratio;
        }
        struct pwords pw;
        passage_words(ix, ph[r].id, &pw);
        uint64_t hbits = 0;
        for (size_t k = 0; k < pw.nhead; k++)
            hbits |= term_bits(&qt, pw.term[k]);
        float hw = bits_weight(q, hbits);
        uint64_t tbits = 0;
        for (int k = 0; k < q->n && k < 64; k++)
            if ((q->t[k].kind == QT_WORD || q->t[k].kind == QT_SYN) && q->t[k].parent < 64 &&
                index_page_title_has(ix, p->page, q->t[k].term))
                tbits |= 1ULL << q->t[k].parent;
        int first = nc;
        for (size_t i = 0; i < ns; i++) {
            struct cand cd = {ph[r].id, r, sp[i], false, false, 0, 0, NULL, 0, false, 0, 0, 0, false, 0};
            if (is_item(p->text, &sp[i])) {
                /* A list: merge it with its lead-in line, or with the heading. */
                struct cand *prev = nc > first ? &cands[nc - 1] : NULL;
                bool lead = prev && !prev->list && p->text[prev->sp.end - 1] == ':';
                cd.list = true;
                cd.heading_lead = !lead && i == 0;
                if (lead)
                    cd.sp.start = prev->sp.start;
                size_t j = i;
                while (j < ns && is_item(p->text, &sp[j]) && j - i < 64)
                    j++;
                cd.sp.end = sp[j - 1].end;
                size_t lead_bytes = lead ? prev->sp.end - prev->sp.start : 0;
                uint64_t lead_bits = lead ? prev->terms : 0;
                cd.keep = list_items(q, &qt, atype, &pw, sp + i, (int)(j - i), lead_bytes,
                                     lead_bits | hbits | tbits, &cd.bytes);
                while (j < ns && is_item(p->text, &sp[j]))
                    j++; /* items past 64 are left out */
                i = j - 1;
                if (lead)
                    nc--;
                cd.terms = lead_bits;
            }
            bool typed;
            uint64_t bits = (cd.heading_lead ? hbits : 0) | cd.terms |
                            (cd.list ? list_bits(q, &qt, atype, &pw, p->text, &cd, &typed)
                                     : unit_bits(&qt, atype, &pw, &cd, &typed));
            if (!cd.list)
                cd.bytes = cd.sp.end - cd.sp.start;
            int pos = nc - first;
            /* A unit under a heading that matches the question is relevant
             * even without the question's words: "Tarifs" → the price list. */
            float w = bits_weight(q, bits) + 0.5f * hw / (1.0f + 0.3f * (float)pos);
            /* What to bring is a list of documents: one on the page gives
             * them for what the page is about, as if it said the
             * question's words of the page's title ("qu'est-ce qu'il doit
             * apporter pour le recensement ?" and the list under "Documents
             * à présenter" of the page "Recensement citoyen"). */
            if (atype == AT_DOCS && cd.list && typed)
                w += bits_weight(q, tbits & ~bits);
            cd.score = w * (1.0f + 0.5f * prior) * (pos == 0 ? 1.05f : 1.0f);
            cd.typed = typed;
            cd.ctx = hbits | tbits;
            if (typed)
                cd.score *= 1.0f + TYPE_BONUS;
            /* A sentence that asks a question ("En quoi consiste la
             * médiation ?") repeats the question rather than answers it. */
            if (!cd.list && p->text[cd.sp.end - 1] == '?')
                cd.score *= QUESTION_UNIT;
            /* "Il en met 97." after "Le voyage devait durer dix jours.": the
             * unit speaks of what the one before names. */
            struct cand *before = nc > first ? &cands[nc - 1] : NULL;
            /* "Vous partez en vacances ? Inscrivez-vous 7 jours avant.": the
             * unit after a question the page asks is its answer, about
             * what the question names (a list too; not a second question). */
            if (before && !before->list && p->text[before->sp.end - 1] == '?' &&
                (cd.list || p->text[cd.sp.end - 1] != '?')) {
                cd.score += QANSWER * bits_weight(q, before->terms & ~bits) * (1.0f + 0.5f * prior) *
                            (typed ? 1.0f + TYPE_BONUS : 1.0f);
                cd.ctx |= before->terms;
            } else if (!cd.list && before && !before->list &&
                starts_anaphor(p->text + cd.sp.start, cd.sp.end - cd.sp.start))
                cd.score += ANAPHOR * bits_weight(q, before->terms & ~bits) * (1.0f + 0.5f * prior) *
                            (typed ? 1.0f + TYPE_BONUS : 1.0f);
            cd.terms = bits;
            cands[nc++] = cd;
        }
    }
    /* Greedy choice: the best unit first, then those that add the most: new
     * question words, or the units right around the first one (the answer
     * often follows the sentence that repeats the question). */
    uint64_t covered = 0;
    size_t bytes = 0;
    /* A unit of the third or fourth page must hold the question's rarest
     * word: "Un trimestre de 10 séances coûte 95 €" (swimming lessons) does
     * not answer "combien coûte un passeport pour un enfant de 10 ans". */
    uint64_t rarest = 0;
    float rw = 0;
    for (int i = 0; i < q->n && i < 64; i++)
        if (q->t[i].kind == QT_WORD && q->t[i].term != UINT32_MAX && q->t[i].idf * q->t[i].weight > rw) {
            rw = q->t[i].idf * q->t[i].weight;
            rarest = 1ULL << i;
        }
    int chosen = 0, first = -1;
    bool typed_in = false;   /* a unit chosen holds the thing asked */
    int picked[GC_ANSWER_SENTENCES_MAX];
    if (getenv("GUICHET_DEBUG"))
        for (int i = 0; i < nc; i++) {
            const char *u = index_passage(ix, cands[i].passage)->text + cands[i].sp.start;
            int n = (int)utf8_cut(u, cands[i].sp.end - cands[i].sp.start, 60);
            fprintf(stderr, "cand %d p%u score %.2f typed %d list %d: %.*s\n", i, cands[i].passage,
                    cands[i].score, cands[i].typed, cands[i].list, n, u);
        }
    for (int k = 0; k < max_sentences; k++) {
        int best = -1;
        float bs = 0;
        for (int i = 0; i < nc; i++) {
            if (cands[i].chosen)
                continue;
            size_t n = cands[i].bytes;
            if (chosen && (bytes + n > GC_ANSWER_MAX_BYTES || repeats(cands, picked, chosen, &cands[i])))
                continue;
            if (from_page[cands[i].prank] >= 2 && !(cands[i].terms & rarest))
                continue;
            float s = cands[i].score;
            if (chosen) {
                s = 0.5f * s + bits_weight(q, cands[i].terms & ~covered);
                if (cands[i].passage == cands[first].passage && (i == first + 1 || i == first - 1))
                    s += (atype == AT_STEPS && i == first + 1 ? STEPS_NEXT : NEIGHBOUR) *
                         cands[first].score;
                else if (cands[i].passage != cands[first].passage)
                    s *= 0.9f;
                /* The thing asked, when no unit chosen holds it yet: a unit
                 * of the first one's passage that does ("le dossier est à
                 * rendre avant le 31 janvier" after "les associations
                 * peuvent demander une subvention"). */
                if (!typed_in && cands[i].typed && cands[i].passage == cands[first].passage)
                    s += TYPED_PASSAGE * cands[first].score;
            }
            if (s > bs) {
                bs = s;
                best = i;
            }
        }
        if (best < 0 || bs <= 0)
            break;
        if (first < 0)
            first = best;
        cands[best].chosen = true;
        cands[best].rank = chosen;
        picked[chosen] = best;
        covered |= cands[best].terms;
        typed_in |= cands[best].typed;
        bytes += cands[best].bytes;
        chosen++;
    }
    /* The page matched by its title or tags only ("se pacser" among the
     * tags, "PACS" in the text): its best passage's first unit, which
     * usually says what the page is about. */
    if (!chosen && nc > 0 && pages[0].score > 0) {
        cands[0].chosen = true;
        chosen = 1;
    }
    if (!chosen)
        return;
    /* Reading order: the best page first, then the page's own order
     * (passages are numbered in page order). */
    int order[GC_ANSWER_SENTENCES_MAX], no = 0;
    for (int i = 0; i < nc; i++)
        if (cands[i].chosen)
            order[no++] = i;
    for (int i = 1; i < no; i++)
        for (int j = i; j > 0 && unit_before(ix, pages[0].id, &cands[order[j]], &cands[order[j - 1]]); j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int k = 0; k < no; k++) {
        const struct cand *cd = &cands[order[k]];
        const struct ix_passage *p = index_passage(ix, cd->passage);
        struct composed_unit *u = &out->units[out->nunits++];
        u->start = out->text.len ? out->text.len + 1 : 0;   /* after the blank add_unit puts */
        add_unit(&out->text, p, cd);
        u->len = out->text.len - u->start;
        u->rank = cd->rank;
        bool seen = false;
        for (int j = 0; j < out->npassages; j++)
            seen |= out->passages[j] == cd->passage;
        if (!seen && out->npassages < GC_ANSWER_SENTENCES_MAX)
            out->passages[out->npassages++] = cd->passage;
        uint32_t pg = p->page;
        bool dup = false;
        for (int j = 0; j < out->npages; j++)
            dup |= out->pages[j] == pg;
        if (!dup && out->npages < GC_SOURCES_MAX)
            out->pages[out->npages++] = pg;
        u->page = -1;
        for (int j = 0; j < out->npages; j++)
            if (out->pages[j] == pg)
                u->page = j;
    }
    size_t kept = cap_answer(&out->text);
    /* Units past the cap are gone; the one it cut ends with the ellipsis. */
    while (out->nunits > 1 && out->units[out->nunits - 1].start >= kept)
        out->nunits--;
    if (out->nunits) {
        struct composed_unit *u = &out->units[out->nunits - 1];
        u->len = out->text.len - u->start;
    }
    /* Confidence: share of the question's weight found in the top page, and
     * in the answer itself. */
    float total = query_weight(q);
    uint64_t in_page = 0;
    const struct ix_page *pg = index_page(ix, pages[0].id);
    for (int i = 0; i < q->n; i++) {
        int w = q->t[i].parent;
        if ((q->t[i].kind != QT_WORD && q->t[i].kind != QT_SYN) || w >= 64 || (in_page & (1ULL << w)))
            continue;
        for (uint32_t d = pg->first_passage; d < pg->first_passage + pg->npassages; d++)
            if (index_passage_has(ix, d, q->t[i].term)) {
                in_page |= 1ULL << w;
                break;
            }
    }
    float cp = total > 0 ? bits_weight(q, in_page) / total : 0;
    float ca = total > 0 ? bits_weight(q, covered) / total : 0;
    out->confidence = 0.6f * cp + 0.4f * ca;
    out->page_coverage = cp;
    /* What the units chosen say, read with their headings and pages'
     * titles, and whether one gives the kind of thing asked. */
    uint64_t all = 0;
    bool typed = false;
    for (int k = 0; k < no; k++) {
        all |= cands[order[k]].terms | cands[order[k]].ctx;
        typed |= cands[order[k]].typed;
    }
    /* Topical coverage: a question word counts whole when the unit's
     * heading or its page's title or tags say it (the passage is about it),
     * or when the unit says it with another word of the question; 0.8 when
     * its passage says it twice or more; half when it is only mentioned
     * once, alone, in passing ("... les médicaments : en pharmacie" does not
     * answer "la pharmacie de garde"). */
    float ctop = 0;
    for (int k = 0; k < no; k++) {
        const struct cand *cd = &cands[order[k]];
        struct pwords pw;
        passage_words(ix, cd->passage, &pw);
        int together = 0;
        for (int i = 0; i < q->n && i < 64; i++)
            if (q->t[i].kind == QT_WORD && q->t[i].weight > 0 && (cd->terms >> i & 1))
                together++;
        float s = 0;
        for (int i = 0; i < q->n && i < 64; i++) {
            if (q->t[i].kind != QT_WORD)
                continue;
            float w = word_weight(&q->t[i]);
            uint64_t bit = 1ULL << i;
            if ((cd->ctx & bit) || ((cd->terms & bit) && together >= 2)) {
                s += w;
                continue;
            }
            if (!(cd->terms & bit))
                continue;
            int seen = 0;
            for (size_t j = pw.nhead; j < pw.n && seen < 2; j++)
                if (term_bits(&qt, pw.term[j]) & bit)
                    seen++;
            s += w * (seen >= 2 ? 0.8f : 0.5f);
        }
        if (total > 0 && s / total > ctop)
            ctop = s / total;
    }
    /* The question's weightiest word, words no page uses included: is it
     * in none of the units? */
    float topw = 0;
    int ti = -1;
    for (int i = 0; i < q->n && i < 64; i++) {
        float w = q->t[i].idf * (q->t[i].weight < 1 ? q->t[i].weight : 1);
        if (q->t[i].kind == QT_WORD && w > topw) {
            topw = w;
            ti = i;
        }
    }
    bool rare_missing = ti >= 0 && !(all >> ti & 1);
    /* The confidence: the mean of how much of the question's weight the
     * page and the answer hold (0.6 cp + 0.4 ca) and of how much the best
     * unit is *about* it (ctop: a word mentioned once, alone, in passing
     * counts half); less when the question asks for a thing the answer must
     * give (must_give: a price, a phone, a time, a person's name, an
     * address) that no unit gives ("qui est le maire ?" answered by the
     * council's page that names no one), or when its weightiest word is in none
     * ("pharmacie de garde ce week-end" answered by a rental price that
     * says "le week-end"). */
    out->confidence = 0.5f * (0.6f * cp + 0.4f * ca + ctop);
    if (must_give(atype) && !typed)
        out->confidence *= TYPE_MISSING;
    if (rare_missing)
        out->confidence *= RARE_MISSING;
    /* A year asked that the answer does not give while it gives another:
     * "les tarifs du camping en 2028" answered by the tariffs of 2027. */
    for (int k = 0; k < q->nnums; k++) {
        double y = q->nums[k];
        bool other = false;
        if (y >= 1900 && y <= 2100 && y == (int)y &&
            !text_year(out->text.data, out->text.len, (int)y, &other) && other) {
            out->confidence *= OTHER_YEAR;
            break;
        }
    }
    /* Coverage before confidence: a page the town titled, tagged or
     * headed with one of the question's words answers with a little more
     * confidence; a page the town described (tags, headings, alternate
     * questions) with none of them must hold more of the question ("les
     * horaires de la piscine" in a town without a pool: the library's hours
     * page says "horaires", not "piscine").  A page with a title only (a
     * corpus of paragraphs) says too little of itself to be judged so.  A
     * question most of whose weight is words no page uses is about those:
     * a tag that names one of its minor words does not make the page about
     * it ("un essaim d'abeilles s'est posé dans mon jardin", the page on
     * building permits tagged "abri de jardin"). */
    bool described;
    bool about = page_about(ix, q, pages[0].id, &described);
    float unseen = 0;
    for (int i = 0; i < q->n; i++)
        if (q->t[i].kind == QT_WORD && q->t[i].term == UINT32_MAX)
            unseen += word_weight(&q->t[i]);
    about = about && unseen < ABOUT_UNSEEN_MAX * total;
    if (about)
        out->confidence += ABOUT_BONUS;
    else if (described)
        out->confidence -= OFF_TOPIC;
    if (out->confidence < 0)
        out->confidence = 0;
    if (out->confidence > 1)
        out->confidence = 1;
    /* An answer from a page the town described as about something else is
     * given only when it is sure: most of the not-covered questions of the
     * development towns were answered so, from a page that mentions their
     * subject in passing ("qui est le président de la communauté de
     * communes ?" from the recycling centre's page).  A page whose title is
     * its identifier (a corpus imported without titles) says nothing of
     * what it is about. */
    if (!about && described && strcmp(pg->title, pg->ext_id) && out->confidence < NOT_ABOUT_SURE)
        out->confidence *= 0.5f;
    if (getenv("GUICHET_DEBUG")) {
        fprintf(stderr, "compose: page %s cp %.2f ca %.2f about %d\n", pg->ext_id, cp, ca, about);
        for (int i = 0; i < q->n; i++)
            fprintf(stderr, "  %-6s %-16s id %-10u idf %.2f w %.2f%s%s%s%s\n",
                    q->t[i].kind == QT_WORD ? "word" : q->t[i].kind == QT_SYN ? "syn" : q->t[i].kind == QT_EXACT ? "exact" : "bigram",
                    q->t[i].surface, q->t[i].term, q->t[i].idf, q->t[i].weight,
                    q->t[i].corrected ? " corrected" : "", q->t[i].own ? " own" : "", i < 64 && (in_page >> i & 1) ? " in-page" : "",
                    i < 64 && (covered >> i & 1) ? " in-answer" : "");
    }
}

void composed_free(struct composed *c)
{
    if (c)
        buf_free(&c->text);
}
