/* numbers_fr.c — French numbers written in words (see numbers_fr.h).
 *
 * Two steps: the words are read into tokens (each a kind and a value), then
 * a small grammar of the French numeral consumes the longest well-formed
 * sequence:
 *
 *   number   := "zéro" | below1e6 [ "million(s)" [ below1e6 ] ]
 *   below1e6 := "mille" [ below1e3 ] | below1e3 [ "mille" [ below1e3 ] ]
 *   below1e3 := [ 2..9 ] "cent(s)" [ below100 ] | below100
 *   below100 := 1..9 | "dix" [ "sept" | "huit" | "neuf" ] | 11..16
 *             | "quatre" "vingt(s)" [ 1..9 | 10..19 ]
 *             | ten [ "et" ("un" | "une") | 1..9 ]        (ten: vingt..cinquante, septante..nonante)
 *             | "soixante" [ "et" ("un" | "une" | "onze") | 1..9 | 10..19 ]
 *
 * "deux trois" is therefore 2, then another number 3: words are never added
 * up unless the grammar joins them. */
#include "text/numbers_fr.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#define TOK_MAX 16   /* words of one number ("sept cent quatre-vingt-dix-neuf mille..." has 12) */

enum kind { K_ZERO, K_UNIT, K_DIX, K_TEEN, K_TEN, K_SOIXANTE, K_CENT, K_MILLE, K_MILLION, K_ET, K_PREMIER };

struct word {
    const char *w;
    enum kind k;
    int v;
    const char *ord;   /* stem of the ordinal ("cinqu" + "ième"), or NULL */
};

static const struct word words[] = {
    {"z\xc3\xa9ro", K_ZERO, 0, NULL}, {"zero", K_ZERO, 0, NULL},
    {"un", K_UNIT, 1, "un"}, {"une", K_UNIT, 1, NULL},
    {"deux", K_UNIT, 2, "deux"}, {"trois", K_UNIT, 3, "trois"}, {"quatre", K_UNIT, 4, "quatr"},
    {"cinq", K_UNIT, 5, "cinqu"}, {"six", K_UNIT, 6, "six"}, {"sept", K_UNIT, 7, "sept"},
    {"huit", K_UNIT, 8, "huit"}, {"neuf", K_UNIT, 9, "neuv"},
    {"dix", K_DIX, 10, "dix"},
    {"onze", K_TEEN, 11, "onz"}, {"douze", K_TEEN, 12, "douz"}, {"treize", K_TEEN, 13, "treiz"},
    {"quatorze", K_TEEN, 14, "quatorz"}, {"quinze", K_TEEN, 15, "quinz"}, {"seize", K_TEEN, 16, "seiz"},
    {"vingt", K_TEN, 20, "vingt"}, {"vingts", K_TEN, 20, NULL},
    {"trente", K_TEN, 30, "trent"}, {"quarante", K_TEN, 40, "quarant"},
    {"cinquante", K_TEN, 50, "cinquant"}, {"soixante", K_SOIXANTE, 60, "soixant"},
    {"septante", K_TEN, 70, "septant"}, {"huitante", K_TEN, 80, "huitant"},
    {"octante", K_TEN, 80, "octant"}, {"nonante", K_TEN, 90, "nonant"},
    {"cent", K_CENT, 100, "cent"}, {"cents", K_CENT, 100, NULL},
    {"mille", K_MILLE, 1000, "mill"},
    {"million", K_MILLION, 1000000, "million"}, {"millions", K_MILLION, 1000000, NULL},
    {"et", K_ET, 0, NULL},
    {"premier", K_PREMIER, 1, NULL}, {"premi\xc3\xa8re", K_PREMIER, 1, NULL},
    {"premiere", K_PREMIER, 1, NULL},
};

struct tok {
    enum kind k;
    int v;
    bool ord;
    bool neuf;
    size_t end;
};

bool numfr_letter_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return false;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Length of w at s[i], ignoring ASCII case, or 0. */
static size_t match_ci(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (tolower((unsigned char)s[i + j]) != (unsigned char)w[j])
            return 0;
    return k;
}

size_t numfr_space_len(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == ' ')
        return 1;
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* The number word at s[i] (a whole word), cardinal or ordinal. */
static bool read_word(const char *s, size_t n, size_t i, struct tok *t)
{
    if (i >= n)
        return false;
    int c = tolower((unsigned char)s[i]);
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        const struct word *d = &words[w];
        if (c != (unsigned char)d->w[0])
            continue;   /* most words of the list are not at s[i]; a word and
                         * its ordinal stem share their first letter */
        size_t k = match_ci(s, n, i, d->w);
        if (k && !numfr_letter_at(s, n, i + k)) {
            *t = (struct tok){d->k, d->v, d->k == K_PREMIER, d->k == K_UNIT && d->v == 9, i + k};
            return true;
        }
        if (!d->ord)
            continue;
        k = match_ci(s, n, i, d->ord);
        if (!k)
            continue;
        size_t e = i + k;
        size_t sfx = match_ci(s, n, e, "i\xc3\xa8me");
        if (!sfx)
            sfx = match_ci(s, n, e, "ieme");
        if (!sfx)
            continue;
        e += sfx;
        if (e < n && (s[e] == 's' || s[e] == 'S'))
            e++;
        if (numfr_letter_at(s, n, e))
            continue;
        *t = (struct tok){d->k, d->v, true, false, e};
        return true;
    }
    return false;
}

struct parser {
    const struct tok *t;
    int nt, p;
    bool stop;   /* an ordinal was read: it ends the number */
};

static const struct tok *peek(const struct parser *ps, int ahead, enum kind k, int vmin, int vmax)
{
    int q = ps->p + ahead;
    if (ps->stop || q >= ps->nt)   /* the tokens end at the first ordinal */
        return NULL;
    const struct tok *t = &ps->t[q];
    return t->k == k && t->v >= vmin && t->v <= vmax ? t : NULL;
}

/* Consume the next token if it is k with a value in [vmin, vmax]; its value, or -1. */
static int take(struct parser *ps, enum kind k, int vmin, int vmax)
{
    const struct tok *t = peek(ps, 0, k, vmin, vmax);
    if (!t)
        return -1;
    ps->p++;
    if (t->ord)
        ps->stop = true;
    return t->v;
}

/* 10..19 after "soixante" or "quatre-vingt": "dix", "dix-sept", "onze".."seize". */
static int teens(struct parser *ps)
{
    if (take(ps, K_DIX, 10, 10) >= 0) {
        int u = take(ps, K_UNIT, 7, 9);
        return 10 + (u > 0 ? u : 0);
    }
    return take(ps, K_TEEN, 11, 16);
}

static int below100(struct parser *ps)
{
    int v;
    if (peek(ps, 0, K_UNIT, 4, 4) && peek(ps, 1, K_TEN, 20, 20)) {
        take(ps, K_UNIT, 4, 4);
        take(ps, K_TEN, 20, 20);
        int u = take(ps, K_UNIT, 1, 9);
        if (u < 0)
            u = teens(ps);
        return 80 + (u > 0 ? u : 0);
    }
    v = take(ps, K_UNIT, 1, 9);
    if (v < 0)
        v = teens(ps);
    if (v >= 0)
        return v;
    bool sixty = peek(ps, 0, K_SOIXANTE, 60, 60) != NULL;
    v = take(ps, K_TEN, 20, 90);
    if (v < 0)
        v = take(ps, K_SOIXANTE, 60, 60);
    if (v < 0)
        return -1;
    if (peek(ps, 0, K_ET, 0, 0) && (peek(ps, 1, K_UNIT, 1, 1) || (sixty && peek(ps, 1, K_TEEN, 11, 11)))) {
        take(ps, K_ET, 0, 0);
        int u = take(ps, K_UNIT, 1, 1);
        return v + (u > 0 ? u : take(ps, K_TEEN, 11, 11));
    }
    int u = take(ps, K_UNIT, 1, 9);
    if (u < 0 && sixty)
        u = teens(ps);
    return v + (u > 0 ? u : 0);
}

static int below1000(struct parser *ps)
{
    int v;
    if (peek(ps, 0, K_UNIT, 2, 9) && peek(ps, 1, K_CENT, 100, 100)) {
        v = 100 * take(ps, K_UNIT, 2, 9);
        take(ps, K_CENT, 100, 100);
    } else if (take(ps, K_CENT, 100, 100) >= 0) {
        v = 100;
    } else {
        return below100(ps);
    }
    int r = below100(ps);
    return v + (r > 0 ? r : 0);
}

static long below1e6(struct parser *ps)
{
    long v;
    if (take(ps, K_MILLE, 1000, 1000) >= 0) {
        v = 1000;
    } else {
        v = below1000(ps);
        if (v < 2 || take(ps, K_MILLE, 1000, 1000) < 0)
            return v;   /* "un mille" is not French: 1, then "mille" */
        v *= 1000;
    }
    int r = below1000(ps);
    return v + (r > 0 ? r : 0);
}

bool numfr_read(const char *s, size_t n, size_t i, struct numfr *out)
{
    struct tok t[TOK_MAX];
    int nt = 0;
    size_t p = i;
    while (nt < TOK_MAX && read_word(s, n, p, &t[nt])) {
        size_t q = t[nt].end;
        bool ord = t[nt].ord;
        nt++;
        if (ord)
            break;
        size_t sp = numfr_space_len(s, n, q);
        if (q < n && s[q] == '-')
            p = q + 1;
        else if (sp)
            p = q + sp;
        else
            break;
    }
    if (!nt)
        return false;
    memset(out, 0, sizeof *out);
    struct parser ps = {t, nt, 0, false};
    long v;
    if (t[0].k == K_PREMIER) {
        ps.p = 1;
        v = 1;
    } else if (t[0].k == K_ZERO) {
        ps.p = 1;
        v = 0;
    } else {
        v = below1e6(&ps);
        if (v < 0)
            return false;
        if (v >= 1 && v <= 999 && take(&ps, K_MILLION, 1000000, 1000000) >= 0) {
            long r = below1e6(&ps);
            v = v * 1000000 + (r > 0 ? r : 0);
        }
    }
    out->value = v;
    out->end = t[ps.p - 1].end;
    out->words = ps.p;
    out->ordinal = t[ps.p - 1].ord;
    out->lone_one = ps.p == 1 && (t[0].k == K_PREMIER || (t[0].k == K_UNIT && t[0].v == 1));
    out->lone_neuf = ps.p == 1 && t[0].neuf;
    return true;
}
