/* hours_fr.c — French opening-hours text -> OSM opening_hours (see hours_fr.h).
 *
 * Three stages:
 *   1. fold: lower-case, strip accents, map typographic punctuation, keeping
 *      the offset of every byte in the original text for messages;
 *   2. tokens: words, numbers, times (9h, 9h30, 9 h 30, 09:30), punctuation;
 *   3. groups: a small state machine cuts the tokens into groups of days and
 *      times (in either order); the groups are laid on a table of the seven
 *      weekdays (+ public holidays), which is then written out with weekdays
 *      of equal hours merged ("Mo-Fr 09:00-12:00; Sa 09:00-12:00" becomes
 *      "Mo-Sa 09:00-12:00").
 * Refusing is always preferred to guessing: a citizen told the wrong hours
 * makes a trip for nothing. */
#include "knowledge/hours_fr.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/hours.h"
#include "util/limits.h"
#include "util/mem.h"

#define FR_GROUPS_MAX 32
#define FR_TIMES_MAX 32   /* times in one group */
#define FR_SPANS_MAX 16   /* spans in one day */

/* ---- stage 1: folding ---- */

struct text {
    char *s;        /* folded, NUL-terminated */
    size_t n;
    size_t *orig;   /* orig[i]: offset in the original of s[i]; orig[n] = its length */
    const char *src;
};

/* ASCII for U+00C0..U+00FF (0 = no letter). */
static const char latin1[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   's',
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y',
};

static void fold(const char *src, struct text *t)
{
    size_t len = strlen(src);
    const unsigned char *u = (const unsigned char *)src;
    t->src = src;
    t->s = xmalloc(len + 1);
    t->orig = xmalloc((len + 1) * sizeof *t->orig);
    size_t k = 0, i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t step = 1;
        char out = 1;  /* 1 = a character we do not know */
        if (c < 0x80) {
            out = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (c == '\t' || c == '\r' || c == '\n')
                out = ' ';
        } else if (c == 0xc2 && i + 1 < len) {
            step = 2;
            if (u[i + 1] == 0xa0 || u[i + 1] == 0xab || u[i + 1] == 0xbb)
                out = ' ';  /* no-break space, guillemets */
        } else if (c == 0xc3 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0xbf) {
            step = 2;
            char l = latin1[u[i + 1] - 0x80];
            out = l ? l : 1;
        } else if (c == 0xc5 && i + 1 < len && (u[i + 1] == 0x92 || u[i + 1] == 0x93)) {
            step = 2;
            out = 'o';  /* œ: "oe" shortened; no schedule word needs it */
        } else if (c == 0xe2 && i + 2 < len && u[i + 1] == 0x80) {
            step = 3;
            unsigned d = u[i + 2];
            if (d == 0x99 || d == 0x98)
                out = '\'';
            else if (d == 0x93 || d == 0x94 || d == 0x90 || d == 0x91)
                out = '-';
            else if (d == 0xaf || d == 0x89 || d == 0x8a || d == 0xa2)
                out = ' ';
        } else {
            step = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        }
        if (i + step > len)
            step = len - i;
        t->s[k] = out;
        t->orig[k] = i;
        k++;
        i += step;
    }
    t->s[k] = '\0';
    t->orig[k] = len;
    t->n = k;
}

/* ---- stage 2: tokens ---- */

enum tkind { T_WORD, T_NUM, T_TIME, T_DASH, T_SLASH, T_SEP, T_BAD };

struct tok {
    enum tkind kind;
    int val;      /* T_NUM: the number; T_TIME: minutes */
    size_t off;   /* in the folded text */
    size_t len;
};

static bool is_letter(int c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_dig(int c)
{
    return c >= '0' && c <= '9';
}

static size_t count_digits(const char *s)
{
    size_t k = 0;
    while (is_dig(s[k]))
        k++;
    return k;
}

static int to_int(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && i < 6; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Read a number and what makes it a time: "9h", "9h30", "9 h 30", "9 heures",
 * "09:30"; a bare number otherwise. */
static size_t read_number(const char *s, struct tok *t)
{
    size_t nd = count_digits(s);
    size_t j = nd;
    int v = nd > 5 ? 99999 : to_int(s, nd);
    t->kind = T_NUM;
    t->val = v;
    if (s[j] == ':' && count_digits(s + j + 1) == 2) {
        t->kind = T_TIME;
        t->val = v * 60 + to_int(s + j + 1, 2);
        if (v > 24 || to_int(s + j + 1, 2) > 59 || t->val > 24 * 60)
            t->kind = T_BAD;
        return j + 3;
    }
    if (s[j] == '.' && is_dig(s[j + 1])) {  /* 03.21.89.04.66, 9.30 */
        while (is_dig(s[j]) || (s[j] == '.' && is_dig(s[j + 1])))
            j++;
        t->kind = T_BAD;
        return j;
    }
    if (v == 7 && nd == 1 && (!strncmp(s + 1, "j/7", 3) || !strncmp(s + 1, "/7", 2))) {
        t->kind = T_WORD;  /* 7j/7, 7/7: every day; classified as a word */
        return s[1] == 'j' ? (s[4] == 'j' ? 5 : 4) : 3;
    }
    size_t k = j;
    while (s[k] == ' ')
        k++;
    size_t hl = 0;
    if (!strncmp(s + k, "heures", 6))
        hl = 6;
    else if (!strncmp(s + k, "heure", 5))
        hl = 5;
    else if (s[k] == 'h')
        hl = 1;
    if (hl && (hl > 1 || k == j || !is_letter(s[k + 1]) || !strncmp(s + k + 1, "eure", 4))) {
        size_t m = k + hl;
        int mm = 0;
        size_t m2 = m;
        while (s[m2] == ' ')
            m2++;
        /* Minutes: glued to a glued 'h' ("9h30", but "14h18h" is two hours),
         * or spaced after a spaced 'h' ("13 h 30", "13 h 30 h"); never after
         * a space behind a glued 'h' ("12h 13h30" is two times). */
        bool glued = k == j && m2 == m;
        bool spaced = k > j && hl == 1;
        if (count_digits(s + m2) == 2 && (spaced || (glued && s[m2 + 2] != 'h'))) {
            mm = to_int(s + m2, 2);
            m = m2 + 2;
        }
        t->kind = v > 24 || mm > 59 || v * 60 + mm > 24 * 60 ? T_BAD : T_TIME;
        t->val = v * 60 + mm;
        return m;
    }
    if (is_letter(s[j])) {  /* 1er, 18bis, 2e */
        while (is_letter(s[j]))
            j++;
        t->kind = T_BAD;
    }
    return j;
}

/* Tokens of the folded text; returns their count, or -1 when over the cap. */
static int tokenize(const struct text *tx, struct tok *toks, int max)
{
    const char *s = tx->s;
    int n = 0;
    size_t i = 0;
    while (s[i]) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\'' || c == '"' || c == '(' || c == ')' || c == '*') {
            i++;
            continue;
        }
        if (n >= max)
            return -1;
        struct tok *t = &toks[n++];
        t->off = i;
        t->val = 0;
        if (c == '\\' && s[i + 1] == 'n') {  /* a literal "\n" from an export */
            t->kind = T_SEP;
            i += 2;
        } else if (is_dig(c)) {
            i += read_number(s + i, t);
        } else if (is_letter(c)) {
            t->kind = T_WORD;
            for (;;) {
                while (is_letter(s[i]))
                    i++;
                /* rendez-vous, après-midi, week-end are one word; lundi-vendredi is not */
                size_t wl = i - t->off;
                bool joined = s[i] == '-' && is_letter(s[i + 1]) &&
                              ((wl == 6 && !strncmp(s + t->off, "rendez", 6)) ||
                               (wl == 5 && !strncmp(s + t->off, "apres", 5)) ||
                               (wl == 4 && !strncmp(s + t->off, "week", 4)));
                if (!joined)
                    break;
                i++;
            }
        } else if (c == '-' || c == '~') {
            t->kind = T_DASH;
            i++;
        } else if (c == '/') {
            t->kind = T_SLASH;
            i++;
        } else if (strchr(",;.:|+>&!", c)) {
            t->kind = T_SEP;
            i++;
        } else {
            t->kind = T_BAD;
            i++;
        }
        t->len = i - t->off;
    }
    return n;
}

/* ---- word classes ---- */

enum wclass {
    W_UNKNOWN,
    W_DAY,       /* val: 0 Monday .. 6 Sunday */
    W_ABBR2,     /* lu ma me je ve sa di: days only inside a range */
    W_ALLDAYS,
    W_WEEKEND,
    W_PH,
    W_RANGE,     /* au, à, jusqu */
    W_FILLER,
    W_CLOSED,
    W_EXCEPT,
    W_TIMEWORD,  /* val: minutes */
    W_RDV_ON,    /* sur, avec */
    W_RDV_OFF,   /* sans */
    W_RDV,
    W_DANGER,    /* val: index in danger_msgs */
};

static const char *const danger_msgs[] = {
    "parts of the day are not read: give hours",
    "weeks, months and ranks in the month are not read",
    "dates are not read",
    "seasons and holidays other than public holidays are not read",
    "exceptional closures and start dates are not read",
    "one-letter day names are ambiguous",
    "negations and alternatives are not read",
};

static const struct {
    const char *w;
    enum wclass cls;
    int val;
} words[] = {
    {"lundi", W_DAY, 0},     {"lundis", W_DAY, 0},      {"lun", W_DAY, 0},
    {"mardi", W_DAY, 1},     {"mardis", W_DAY, 1},      {"mar", W_DAY, 1},
    {"mercredi", W_DAY, 2},  {"mercredis", W_DAY, 2},   {"mer", W_DAY, 2},
    {"jeudi", W_DAY, 3},     {"jeudis", W_DAY, 3},      {"jeu", W_DAY, 3},
    {"vendredi", W_DAY, 4},  {"vendredis", W_DAY, 4},   {"ven", W_DAY, 4},
    {"samedi", W_DAY, 5},    {"samedis", W_DAY, 5},     {"sam", W_DAY, 5},
    {"dimanche", W_DAY, 6},  {"dimanches", W_DAY, 6},   {"dim", W_DAY, 6},
    {"lu", W_ABBR2, 0},      {"ma", W_ABBR2, 1},        {"me", W_ABBR2, 2},
    {"je", W_ABBR2, 3},      {"ve", W_ABBR2, 4},        {"sa", W_ABBR2, 5},
    {"di", W_ABBR2, 6},      {"tlj", W_ALLDAYS, 0},     {"week-end", W_WEEKEND, 0},
    {"week-ends", W_WEEKEND, 0}, {"weekend", W_WEEKEND, 0}, {"feries", W_PH, 0},
    {"ferie", W_PH, 0},      {"ferier", W_PH, 0},       {"au", W_RANGE, 0},
    {"a", W_RANGE, 0},       {"jusqu", W_RANGE, 0},     {"jusque", W_RANGE, 0},
    {"et", W_FILLER, 0},     {"de", W_FILLER, 0},       {"du", W_FILLER, 0},
    {"des", W_FILLER, 0},    {"le", W_FILLER, 0},       {"les", W_FILLER, 0},
    {"la", W_FILLER, 0},     {"l", W_FILLER, 0},        {"d", W_FILLER, 0},
    {"entre", W_FILLER, 0},  {"h", W_FILLER, 0},        {"jours", W_FILLER, 0},
    {"jour", W_FILLER, 0},   {"ouvert", W_FILLER, 0},   {"ouverte", W_FILLER, 0},
    {"ouverts", W_FILLER, 0}, {"ouvertes", W_FILLER, 0}, {"horaires", W_FILLER, 0},
    {"horaire", W_FILLER, 0}, {"inclus", W_FILLER, 0},   {"ferme", W_CLOSED, 0},
    {"fermee", W_CLOSED, 0}, {"fermes", W_CLOSED, 0},   {"fermees", W_CLOSED, 0},
    {"sauf", W_EXCEPT, 0},   {"excepte", W_EXCEPT, 0},  {"hors", W_EXCEPT, 0},
    {"midi", W_TIMEWORD, 12 * 60}, {"minuit", W_TIMEWORD, 24 * 60},
    {"sur", W_RDV_ON, 0},    {"avec", W_RDV_ON, 0},     {"sans", W_RDV_OFF, 0},
    {"rendez-vous", W_RDV, 0}, {"rdv", W_RDV, 0},       {"rendez", W_RDV, 0},
    {"matin", W_DANGER, 0},  {"matins", W_DANGER, 0},   {"matinee", W_DANGER, 0},
    {"apres-midi", W_DANGER, 0}, {"apres", W_DANGER, 0}, {"soir", W_DANGER, 0},
    {"soiree", W_DANGER, 0}, {"soirs", W_DANGER, 0},    {"nuit", W_DANGER, 0},
    {"semaine", W_DANGER, 1}, {"semaines", W_DANGER, 1}, {"mois", W_DANGER, 1},
    {"trimestre", W_DANGER, 1}, {"annee", W_DANGER, 1}, {"fois", W_DANGER, 1},
    {"pair", W_DANGER, 1},   {"paire", W_DANGER, 1},    {"paires", W_DANGER, 1},
    {"pairs", W_DANGER, 1},  {"impair", W_DANGER, 1},   {"impaire", W_DANGER, 1},
    {"impaires", W_DANGER, 1}, {"impairs", W_DANGER, 1}, {"premier", W_DANGER, 1},
    {"premiere", W_DANGER, 1}, {"dernier", W_DANGER, 1}, {"derniere", W_DANGER, 1},
    {"deuxieme", W_DANGER, 1}, {"troisieme", W_DANGER, 1}, {"quatrieme", W_DANGER, 1},
    {"janvier", W_DANGER, 2}, {"fevrier", W_DANGER, 2}, {"mars", W_DANGER, 2},
    {"avril", W_DANGER, 2},  {"mai", W_DANGER, 2},      {"juin", W_DANGER, 2},
    {"juillet", W_DANGER, 2}, {"aout", W_DANGER, 2},    {"septembre", W_DANGER, 2},
    {"octobre", W_DANGER, 2}, {"novembre", W_DANGER, 2}, {"decembre", W_DANGER, 2},
    {"vacances", W_DANGER, 3}, {"scolaires", W_DANGER, 3}, {"ete", W_DANGER, 3},
    {"hiver", W_DANGER, 3},  {"printemps", W_DANGER, 3}, {"automne", W_DANGER, 3},
    {"saison", W_DANGER, 3}, {"periode", W_DANGER, 3},  {"pendant", W_DANGER, 3},
    {"partir", W_DANGER, 4}, {"compter", W_DANGER, 4},  {"exceptionnel", W_DANGER, 4},
    {"exceptionnelle", W_DANGER, 4}, {"exceptionnellement", W_DANGER, 4},
    {"fermeture", W_DANGER, 4}, {"fermetures", W_DANGER, 4}, {"travaux", W_DANGER, 4},
    {"ou", W_DANGER, 6},     {"pas", W_DANGER, 6},      {"non", W_DANGER, 6},
    {"aucun", W_DANGER, 6},  {"aucune", W_DANGER, 6},   {"ni", W_DANGER, 6},
};

static enum wclass classify(const struct text *tx, const struct tok *t, int *val)
{
    *val = 0;
    if (t->kind != T_WORD)
        return W_UNKNOWN;
    const char *w = tx->s + t->off;
    if (is_dig(w[0])) {
        *val = 0;
        return W_ALLDAYS;  /* 7j/7 */
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i].w) == t->len && !strncmp(words[i].w, w, t->len)) {
            *val = words[i].val;
            return words[i].cls;
        }
    }
    if (t->len == 1 && !strchr("ahyld", w[0])) {
        *val = 5;
        return W_DANGER;
    }
    return W_UNKNOWN;
}

/* ---- stage 3: groups ---- */

enum phase { P_EMPTY, P_DAYS, P_DAYS_TIMES, P_TIMES, P_TIMES_DAYS };

struct group {
    enum phase phase;
    unsigned days;   /* bit d: weekday d (0 = Monday) */
    bool ph;
    bool closed;
    bool except;
    bool rdv;
    int nt;
    int times[FR_TIMES_MAX];
    int times_tok[FR_TIMES_MAX];  /* token of each time, for messages */
    size_t first_tok;  /* for messages */
};

struct span {
    int s, e;
    bool rdv;
};

struct day {
    int n;
    struct span sp[FR_SPANS_MAX];
};

struct reader {
    struct text tx;
    struct tok *toks;
    int ntoks;
    struct group groups[FR_GROUPS_MAX];
    int ngroups;
    struct gc_err *e;
    bool failed;
};

/* Refuse, quoting token i of the original text. */
static bool refuse(struct reader *r, int i, const char *why)
{
    if (r->failed)
        return false;
    r->failed = true;
    if (i < 0 || i >= r->ntoks) {
        gc_err_set(r->e, GC_ERR_PARSE, "%s", why);
        return false;
    }
    const struct tok *t = &r->toks[i];
    size_t a = r->tx.orig[t->off], b = r->tx.orig[t->off + t->len];
    int len = (int)(b - a > 60 ? 60 : b - a);
    gc_err_set(r->e, GC_ERR_PARSE, "'%.*s' (at %zu): %s", len, r->tx.src + a, a, why);
    return false;
}

static struct group *group_new(struct reader *r, int tok)
{
    if (r->ngroups >= FR_GROUPS_MAX) {
        refuse(r, tok, "too many groups of days and hours");
        return NULL;
    }
    struct group *g = &r->groups[r->ngroups++];
    memset(g, 0, sizeof *g);
    g->first_tok = (size_t)tok;
    return g;
}

static bool group_complete(const struct group *g)
{
    return g->phase == P_DAYS_TIMES || g->phase == P_TIMES_DAYS;
}

static bool tok_is_day(const struct reader *r, int i, int *d)
{
    int v;
    if (i < 0 || i >= r->ntoks)
        return false;
    enum wclass c = classify(&r->tx, &r->toks[i], &v);
    *d = v;
    return c == W_DAY || c == W_ABBR2;
}

static bool tok_is_dot(const struct reader *r, int i)
{
    return i >= 0 && i < r->ntoks && r->toks[i].kind == T_SEP && r->toks[i].len == 1 &&
           r->tx.s[r->toks[i].off] == '.';
}

static bool tok_is_range(const struct reader *r, int i)
{
    int v;
    if (i < 0 || i >= r->ntoks)
        return false;
    return r->toks[i].kind == T_DASH || classify(&r->tx, &r->toks[i], &v) == W_RANGE;
}

/* Days starting at token *i (a day word): a single day, or a range "lundi
 * au vendredi", "lu-ve", "vendredi au lundi" (wrapping). */
static bool read_days(struct reader *r, int *i, unsigned *days)
{
    int d1, d2;
    int v;
    enum wclass c = classify(&r->tx, &r->toks[*i], &v);
    d1 = v;
    int j = *i + 1;
    if (tok_is_dot(r, j))  /* "lun. au ven." */
        j++;
    int k = j;
    while (tok_is_range(r, j))
        j++;
    if (j > k && tok_is_day(r, j, &d2)) {
        *days = 0;
        for (int d = d1;; d = (d + 1) % 7) {
            *days |= 1u << d;
            if (d == d2)
                break;
        }
        *i = j;
        return true;
    }
    if (c == W_ABBR2)
        return refuse(r, *i, "two-letter day names are read only in a range (lu au ve)");
    *days = 1u << d1;
    return true;
}

/* The group a day (time false) or a time at token i goes into, its phase
 * moved on: the current one, or a new one when the current one is complete
 * and the other kind came last (Mo 9h-12h Tu: Tu starts a new group). */
static struct group *group_for(struct reader *r, struct group **gp, int i, bool time)
{
    struct group *g = *gp;
    if (g->phase == (time ? P_TIMES_DAYS : P_DAYS_TIMES)) {
        g = group_new(r, i);
        if (!g)
            return NULL;
        *gp = g;
    }
    if (g->phase == P_EMPTY) {
        g->phase = time ? P_TIMES : P_DAYS;
        g->first_tok = (size_t)i;
    } else if (g->phase == (time ? P_DAYS : P_TIMES)) {
        g->phase = time ? P_DAYS_TIMES : P_TIMES_DAYS;
    }
    return g;
}

static bool add_days(struct reader *r, struct group **gp, int i, unsigned days, bool ph)
{
    struct group *g = group_for(r, gp, i, false);
    if (!g)
        return false;
    g->days |= days;
    g->ph |= ph;
    return true;
}

static bool add_time(struct reader *r, struct group **gp, int i, int minutes)
{
    struct group *g = group_for(r, gp, i, true);
    if (!g)
        return false;
    if (g->nt >= FR_TIMES_MAX)
        return refuse(r, i, "too many times in one group");
    g->times_tok[g->nt] = i;
    g->times[g->nt++] = minutes;
    return true;
}

static bool word_is(const struct reader *r, int i, const char *w)
{
    if (i < 0 || i >= r->ntoks || r->toks[i].kind != T_WORD)
        return false;
    return r->toks[i].len == strlen(w) && !strncmp(r->tx.s + r->toks[i].off, w, r->toks[i].len);
}

/* Next token that is not filler punctuation, or -1. */
static int next_meaningful(const struct reader *r, int i)
{
    for (int j = i + 1; j < r->ntoks; j++) {
        int v;
        const struct tok *t = &r->toks[j];
        if (t->kind == T_WORD && classify(&r->tx, t, &v) == W_FILLER)
            continue;
        return j;
    }
    return -1;
}

static bool is_time_tok(const struct reader *r, int i)
{
    int v;
    if (i < 0 || i >= r->ntoks)
        return false;
    const struct tok *t = &r->toks[i];
    return t->kind == T_TIME || (t->kind == T_WORD && classify(&r->tx, t, &v) == W_TIMEWORD);
}

/* Cut the tokens into groups. */
static bool read_groups(struct reader *r)
{
    struct group *g = group_new(r, 0);
    if (!g)
        return false;
    for (int i = 0; i < r->ntoks && !r->failed; i++) {
        const struct tok *t = &r->toks[i];
        int v;
        enum wclass c = classify(&r->tx, t, &v);
        unsigned days = 0;
        switch (t->kind) {
        case T_BAD:
            return refuse(r, i, "could not read this");
        case T_DASH:
        case T_SLASH:
        case T_SEP:
            continue;
        case T_TIME:
            if (!add_time(r, &g, i, t->val))
                return false;
            continue;
        case T_NUM:
            /* "9h 0 12h": on a French keyboard '0' and 'à' share a key */
            if (t->val == 0 && is_time_tok(r, i - 1) && is_time_tok(r, i + 1))
                continue;
            if (t->val > 24)
                return refuse(r, i, "could not read this number as an hour");
            if (g->phase == P_EMPTY && !is_time_tok(r, next_meaningful(r, i)) &&
                !(next_meaningful(r, i) >= 0 && r->toks[next_meaningful(r, i)].kind == T_NUM))
                return refuse(r, i, "could not read this number as an hour");
            if (!add_time(r, &g, i, t->val * 60))
                return false;
            continue;
        case T_WORD:
            break;
        }
        switch (c) {
        case W_DAY:
        case W_ABBR2:
            if (!read_days(r, &i, &days) || !add_days(r, &g, i, days, false))
                return false;
            break;
        case W_ALLDAYS:
            if (!add_days(r, &g, i, 0x7f, false))
                return false;
            break;
        case W_WEEKEND:
            if (!add_days(r, &g, i, 0x60, false))
                return false;
            break;
        case W_PH:
            if (!add_days(r, &g, i, 0, true))
                return false;
            break;
        case W_TIMEWORD:
            if (!add_time(r, &g, i, v))
                return false;
            break;
        case W_CLOSED:
            if (group_complete(g)) {
                g = group_new(r, i);
                if (!g)
                    return false;
            }
            g->closed = true;
            break;
        case W_EXCEPT:
            if (g->phase != P_EMPTY) {
                g = group_new(r, i);
                if (!g)
                    return false;
            }
            g->except = true;
            break;
        case W_RDV_OFF:
        case W_RDV_ON:
        case W_RDV: {
            int j = i;
            bool on = c != W_RDV_OFF;
            if (c != W_RDV) {
                j = i + 1;
                if (j >= r->ntoks || classify(&r->tx, &r->toks[j], &v) != W_RDV) {
                    if (c == W_RDV_ON)
                        return refuse(r, i, "could not read this");
                    break;  /* "sans" alone: nothing to say */
                }
            }
            /* "rendez vous": skip "vous" */
            if (j + 1 < r->ntoks && r->toks[j + 1].kind == T_WORD && r->toks[j + 1].len == 4 &&
                !strncmp(r->tx.s + r->toks[j + 1].off, "vous", 4))
                j++;
            i = j;
            if (!on)
                break;
            if (group_complete(g)) {
                /* after a complete group: its own qualifier if a separator or
                 * the end follows, else the next group's */
                int nx = next_meaningful(r, i);
                bool ends = nx < 0 || r->toks[nx].kind == T_SEP || r->toks[nx].kind == T_SLASH ||
                            r->toks[nx].kind == T_DASH;
                if (!ends) {
                    g = group_new(r, i);
                    if (!g)
                        return false;
                }
            }
            g->rdv = true;
            break;
        }
        case W_DANGER:
            return refuse(r, i, danger_msgs[v]);
        case W_RANGE:
        case W_FILLER:
            break;
        case W_UNKNOWN:
            if (word_is(r, i, "tous") && word_is(r, i + 1, "les") && word_is(r, i + 2, "jours")) {
                if (!add_days(r, &g, i, 0x7f, false))
                    return false;
                i += 2;
                break;
            }
            if (g->phase != P_EMPTY && !group_complete(g))
                return refuse(r, i, "could not read this word between days and hours");
            break;  /* words between groups carry no schedule: skipped */
        }
    }
    return !r->failed;
}

/* ---- the weekly table ---- */

static bool overlaps(const struct day *d, const struct span *sp, int n)
{
    for (int i = 0; i < d->n; i++)
        for (int k = 0; k < n; k++)
            if (d->sp[i].s < sp[k].e && sp[k].s < d->sp[i].e)
                return true;
    return false;
}

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->s != y->s ? (x->s < y->s ? -1 : 1) : (x->e < y->e ? -1 : x->e > y->e);
}

static void day_normalize(struct day *d)
{
    qsort(d->sp, (size_t)d->n, sizeof d->sp[0], span_cmp);
    int k = 0;
    for (int i = 0; i < d->n; i++) {
        if (k > 0 && d->sp[k - 1].rdv == d->sp[i].rdv && d->sp[i].s <= d->sp[k - 1].e) {
            if (d->sp[i].e > d->sp[k - 1].e)
                d->sp[k - 1].e = d->sp[i].e;
        } else {
            d->sp[k++] = d->sp[i];
        }
    }
    d->n = k;
}

static bool apply_group(struct reader *r, const struct group *g, struct day *d,
                        const struct span *sp, int n)
{
    if (g->closed || (g->except && n == 0)) {
        d->n = 0;
        return true;
    }
    if (g->except || overlaps(d, sp, n))
        d->n = 0;  /* an exception, or hours that replace earlier ones */
    if (d->n + n > FR_SPANS_MAX)
        return refuse(r, (int)g->first_tok, "too many hours in one day");
    for (int k = 0; k < n; k++)
        d->sp[d->n++] = sp[k];
    day_normalize(d);
    return true;
}

static bool build_table(struct reader *r, struct day week[8])
{
    memset(week, 0, 8 * sizeof week[0]);  /* week[7]: public holidays */
    bool ph_closed = false;
    for (int gi = 0; gi < r->ngroups; gi++) {
        const struct group *g = &r->groups[gi];
        int tok = (int)g->first_tok;
        if (g->phase == P_EMPTY && !g->closed && !g->except && !g->rdv)
            continue;
        if (!g->days && !g->ph) {
            if (g->nt)
                return refuse(r, g->times_tok[0], "hours without days: say which days");
            if (g->closed || g->except)
                return refuse(r, tok, "could not tell which days this is about");
            continue;
        }
        if (g->nt == 0 && !g->closed && !g->except)
            return refuse(r, tok, "days without hours");
        if (g->nt % 2)
            return refuse(r, g->times_tok[g->nt - 1],
                          "an odd number of times in this group: could not pair opening and "
                          "closing times");
        struct span sp[FR_TIMES_MAX / 2];
        int n = 0;
        for (int k = 0; k + 1 < g->nt; k += 2) {
            int s = g->times[k], e = g->times[k + 1];
            if (s == 24 * 60)
                s = 0;
            if (e == 0)
                e = 24 * 60;
            if (e <= s) {
                if (s >= 18 * 60 && e <= 6 * 60)
                    e += 24 * 60;  /* a night: 22h-2h */
                else
                    return refuse(r, g->times_tok[k + 1], "a closing time before its opening time");
            }
            sp[n].s = s;
            sp[n].e = e;
            sp[n].rdv = g->rdv;
            n++;
        }
        for (int d = 0; d < 7; d++)
            if ((g->days >> d) & 1u)
                if (!apply_group(r, g, &week[d], sp, n))
                    return false;
        if (g->ph) {
            if (!apply_group(r, g, &week[7], sp, n))
                return false;
            ph_closed = week[7].n == 0;
        }
    }
    week[7].n = ph_closed ? -1 : week[7].n;  /* -1: "PH off" */
    return true;
}

/* ---- writing the value ---- */

static bool day_equal(const struct day *a, const struct day *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->sp[i].s != b->sp[i].s || a->sp[i].e != b->sp[i].e || a->sp[i].rdv != b->sp[i].rdv)
            return false;
    return true;
}

static void put_days(struct buf *b, unsigned days)
{
    static const char *const names[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    bool first = true;
    for (int d = 0; d < 7;) {
        if (!((days >> d) & 1u)) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && ((days >> (e + 1)) & 1u))
            e++;
        if (!first)
            buf_addc(b, ',');
        first = false;
        if (e - d >= 2)
            buf_printf(b, "%s-%s", names[d], names[e]);
        else if (e == d + 1)
            buf_printf(b, "%s,%s", names[d], names[e]);
        else
            buf_adds(b, names[d]);
        d = e + 1;
    }
}

static void put_spans(struct buf *b, const struct day *d, bool rdv)
{
    bool first = true;
    for (int i = 0; i < d->n; i++) {
        if (d->sp[i].rdv != rdv)
            continue;
        int e = d->sp[i].e > 24 * 60 ? d->sp[i].e - 24 * 60 : d->sp[i].e;
        buf_printf(b, "%s%02d:%02d-%02d:%02d", first ? "" : ",", d->sp[i].s / 60,
                   d->sp[i].s % 60, e / 60, e % 60);
        first = false;
    }
}

static void put_rule(struct buf *b, unsigned days, bool ph, const struct day *d)
{
    bool plain = false, rdv = false;
    for (int i = 0; i < d->n; i++) {
        if (d->sp[i].rdv)
            rdv = true;
        else
            plain = true;
    }
    if (plain) {
        if (ph)
            buf_adds(b, "PH");
        else
            put_days(b, days);
        buf_addc(b, ' ');
        put_spans(b, d, false);
    }
    if (rdv) {
        if (plain)
            buf_adds(b, ", ");
        if (ph)
            buf_adds(b, "PH");
        else
            put_days(b, days);
        buf_addc(b, ' ');
        put_spans(b, d, true);
        buf_adds(b, " \"sur rendez-vous\"");
    }
}

static void write_value(const struct day week[8], struct buf *b)
{
    unsigned done = 0;
    bool first = true;
    for (int d = 0; d < 7; d++) {
        if (((done >> d) & 1u) || week[d].n <= 0)
            continue;
        unsigned days = 0;
        for (int k = d; k < 7; k++)
            if (!((done >> k) & 1u) && day_equal(&week[d], &week[k]))
                days |= 1u << k;
        done |= days;
        if (!first)
            buf_adds(b, "; ");
        first = false;
        put_rule(b, days, false, &week[d]);
    }
    if (week[7].n < 0) {
        buf_adds(b, first ? "PH off" : "; PH off");
    } else if (week[7].n > 0) {
        if (!first)
            buf_adds(b, "; ");
        put_rule(b, 0, true, &week[7]);
    }
}

/* ---- entry point ---- */

static bool is_osm_already(const char *text)
{
    struct hours *h = NULL;
    if (strlen(text) > GC_HOURS_EXPR_MAX || hours_parse(text, &h, NULL) != GC_OK)
        return false;
    hours_free(h);
    return true;
}

enum gc_rc hours_fr_to_osm(const char *text, struct buf *out, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_PARSE;
    struct reader r;
    struct buf val;
    struct day week[8];

    memset(&r, 0, sizeof r);
    buf_init(&val, GC_HOURS_EXPR_MAX);
    r.e = e;
    if (!text || !out) {
        rc = gc_err_set(e, GC_ERR_INVALID, "no text");
        goto out;
    }
    size_t len = strlen(text);
    if (len > GC_HOURS_FR_TEXT_MAX) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "text longer than %d bytes", GC_HOURS_FR_TEXT_MAX);
        goto out;
    }
    /* Already an opening_hours value ("Mo-Fr 09:00-12:00")? Keep it. */
    size_t a = 0, z = len;
    while (a < z && (text[a] == ' ' || text[a] == '\t'))
        a++;
    while (z > a && (text[z - 1] == ' ' || text[z - 1] == '\t' || text[z - 1] == '\n'))
        z--;
    char *trimmed = xstrndup(text + a, z - a);
    bool osm = *trimmed && is_osm_already(trimmed);
    if (osm)
        buf_adds(&val, trimmed);
    free(trimmed);

    if (!osm) {
        fold(text, &r.tx);
        r.toks = xcalloc(r.tx.n + 1, sizeof *r.toks);
        r.ntoks = tokenize(&r.tx, r.toks, (int)r.tx.n + 1);
        if (r.ntoks == 0) {
            rc = gc_err_set(e, GC_ERR_PARSE, "no days or hours found");
            goto out;
        }
        if (!read_groups(&r) || !build_table(&r, week))
            goto out;  /* message set by refuse() */
        write_value(week, &val);
        if (val.len == 0) {
            bool any = false;
            for (int gi = 0; gi < r.ngroups; gi++)
                any |= r.groups[gi].days || r.groups[gi].ph;
            rc = gc_err_set(e, GC_ERR_PARSE, any ? "no opening hours found, only closed days"
                                                 : "no days or hours found");
            goto out;
        }
        struct hours *h = NULL;
        struct gc_err e2;
        if (hours_parse(buf_str(&val), &h, &e2) != GC_OK) {
            rc = gc_err_set(e, GC_ERR_PARSE, "internal error: wrote '%s' (%s)", buf_str(&val),
                            e2.msg);
            goto out;
        }
        hours_free(h);
    }
    rc = buf_add(out, val.data, val.len);
    if (rc)
        gc_err_set(e, rc, "value too long");
out:
    buf_free(&val);
    free(r.toks);
    free(r.tx.s);
    free(r.tx.orig);
    return rc;
}
