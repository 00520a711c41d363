/* ranges_fr.c — numbers in digits, and the ranges French text states
 * around them.  The text is read once into a short list of tokens (numbers,
 * words folded to ASCII, the signs < > ≤ ≥ and dashes), and the range
 * patterns are matched on the tokens. */
#include "text/ranges_fr.h"
#include "text/analyze.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TOKENS_MAX 256
#define WORD_MAX 16

enum tok_kind { T_NUM, T_WORD, T_LT, T_LE, T_GT, T_GE, T_DASH, T_SKIP };

struct tok {
    enum tok_kind kind;
    double v;
    char w[WORD_MAX];   /* T_WORD: folded, lower case, NUL-terminated (cut) */
};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of a blank inside a number ("1 200"): space, U+00A0, U+202F. */
static size_t group_space(const char *s, size_t n, size_t i)
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

/* Three digits at s[i], then no digit. */
static bool three_digits(const char *s, size_t n, size_t i)
{
    return i + 3 <= n && is_digit((unsigned char)s[i]) && is_digit((unsigned char)s[i + 1]) &&
           is_digit((unsigned char)s[i + 2]) && (i + 3 == n || !is_digit((unsigned char)s[i + 3]));
}

/* A letter at s[i] (ASCII, or any multi-byte sequence but the spaces and
 * signs read elsewhere: accented letters are what French puts there). */
static bool letter_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return false;
    unsigned char c = (unsigned char)s[i];
    if (is_ascii_letter(c))
        return true;
    return c >= 0xC3 && c <= 0xC5 && i + 1 < n;
}

/* Read a number at s[i] (a digit): 1 200, 1.200, 3,40.  *end gets the byte
 * after it. */
static double read_number(const char *s, size_t n, size_t i, size_t *end)
{
    double v = 0;
    while (i < n && is_digit((unsigned char)s[i]))
        v = v * 10 + (s[i++] - '0');
    for (;;) {
        size_t g = group_space(s, n, i);
        if (!g && i < n && s[i] == '.')
            g = 1;
        if (g && three_digits(s, n, i + g)) {
            i += g;
            for (int k = 0; k < 3; k++)
                v = v * 10 + (s[i++] - '0');
            continue;
        }
        break;
    }
    if (i + 1 < n && s[i] == ',' && is_digit((unsigned char)s[i + 1])) {
        double f = 0.1;
        i++;
        while (i < n && is_digit((unsigned char)s[i])) {
            v += f * (s[i++] - '0');
            f /= 10;
        }
    }
    *end = i;
    return v;
}

/* Fold a Latin-1 letter written as C3 xx to its ASCII base, else 0. */
static char fold_c3(unsigned char b)
{
    static const char map[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    char c = map[b & 0x3F];
    return c == 'x' || c == '/' ? 0 : c;
}

static size_t tokenize(const char *s, size_t n, struct tok *t, size_t max)
{
    size_t nt = 0, i = 0;
    while (i < n && nt < max) {
        unsigned char c = (unsigned char)s[i];
        struct tok *k = &t[nt];
        if (is_digit(c)) {
            bool glued = i > 0 && (letter_at(s, n, i - 1) || is_digit((unsigned char)s[i - 1]) ||
                                   (i >= 2 && (unsigned char)s[i - 2] >= 0xC3 &&
                                    (unsigned char)s[i - 2] <= 0xC5));
            size_t e;
            double v = read_number(s, n, i, &e);
            /* "8h30", "2e", "A6", "12/03": no quantity. */
            bool after = e < n && (letter_at(s, n, e) || s[e] == '/' || s[e] == ':');
            bool before = i > 0 && (s[i - 1] == '/' || s[i - 1] == ':');
            if (e < n && (s[e] == 'h' || s[e] == 'H'))
                after = true;
            if (!glued && !after && !before) {
                k->kind = T_NUM;
                k->v = v;
                nt++;
            } else {
                k->kind = T_SKIP;
                nt++;
            }
            i = e;
            while (i < n && (is_digit((unsigned char)s[i]) || letter_at(s, n, i)))
                i += (unsigned char)s[i] >= 0x80 ? 2 : 1;
            continue;
        }
        if (letter_at(s, n, i)) {
            size_t w = 0;
            while (i < n && letter_at(s, n, i)) {
                char f = 0;
                if (is_ascii_letter((unsigned char)s[i])) {
                    f = (char)(s[i] | 0x20);
                    i++;
                } else {
                    if ((unsigned char)s[i] == 0xC3)
                        f = (char)(fold_c3((unsigned char)s[i + 1]) | 0x20);
                    i += 2;
                }
                if (f && w + 1 < WORD_MAX)
                    k->w[w++] = f;
            }
            k->w[w] = '\0';
            k->kind = T_WORD;
            nt++;
            continue;
        }
        if (c == '<' || c == '>') {
            bool eq = i + 1 < n && s[i + 1] == '=';
            k->kind = c == '<' ? (eq ? T_LE : T_LT) : (eq ? T_GE : T_GT);
            nt++;
            i += eq ? 2 : 1;
            continue;
        }
        if (c == '-') {
            k->kind = T_DASH;
            nt++;
            i++;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x89 &&
            ((unsigned char)s[i + 2] == 0xA4 || (unsigned char)s[i + 2] == 0xA5)) {
            k->kind = (unsigned char)s[i + 2] == 0xA4 ? T_LE : T_GE;   /* ≤ ≥ */
            nt++;
            i += 3;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
            k->kind = T_DASH;   /* – — */
            nt++;
            i += 3;
            continue;
        }
        /* Sentence ends and separators break a pattern; blanks, the euro
         * sign, apostrophes and the like do not. */
        if (c == '.' || c == ';' || c == ',' || c == ':' || c == '(' || c == ')' || c == '\n') {
            k->kind = T_SKIP;
            k->v = -1;   /* a break */
            nt++;
        }
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return nt;
}

static bool is_word(const struct tok *t, size_t nt, size_t i, const char *w)
{
    return i < nt && t[i].kind == T_WORD && !strcmp(t[i].w, w);
}

static bool is_num(const struct tok *t, size_t nt, size_t i)
{
    return i < nt && t[i].kind == T_NUM;
}

/* A unit after a number ("ans", "euros", "mois"): one short word that is
 * none of the words a pattern reads. */
static size_t unit_after(const struct tok *t, size_t nt, size_t i)
{
    if (i < nt && t[i].kind == T_WORD && strlen(t[i].w) <= 8 && strcmp(t[i].w, "a") &&
        strcmp(t[i].w, "au") && strcmp(t[i].w, "et") && strcmp(t[i].w, "ou"))
        return 1;
    return 0;
}

/* The token index after "à" (or "au") at i, or 0 when there is none. */
static size_t after_to(const struct tok *t, size_t nt, size_t i)
{
    if (is_word(t, nt, i, "a") || is_word(t, nt, i, "au"))
        return i + 1;
    if (i < nt && t[i].kind == T_DASH)
        return i + 1;
    return 0;
}

/* Do the word u (folded) and the unit unit (as a resident typed it) name
 * the same thing?  Equal once a final s or x is dropped, accents aside:
 * "adultes" and "adulte", "ans" and "an". */
static bool same_unit(const char *u, const char *unit)
{
    char a[WORD_MAX], b[WORD_MAX];
    struct tok t[2];
    if (tokenize(unit, strlen(unit), t, 1) != 1 || t[0].kind != T_WORD)
        return true;
    snprintf(a, sizeof a, "%s", u);
    snprintf(b, sizeof b, "%s", t[0].w);
    size_t la = strlen(a), lb = strlen(b);
    if (la > 1 && (a[la - 1] == 's' || a[la - 1] == 'x'))
        a[--la] = '\0';
    if (lb > 1 && (b[lb - 1] == 's' || b[lb - 1] == 'x'))
        b[--lb] = '\0';
    return !strcmp(a, b);
}

/* Does the range whose bounds' units are the tokens at i and j (either may
 * be no unit) count what unit counts?  A range says what it counts after
 * its last bound or its first: "jusqu'à 3 enfants", "de 3 ans à 6 ans". */
static bool is_unit(const struct tok *t, size_t nt, size_t i)
{
    return i < nt && unit_after(t, nt, i) && !analyze_is_stopword(t[i].w, strlen(t[i].w));
}

static bool unit_fits(const struct tok *t, size_t nt, size_t i, size_t j, const char *unit)
{
    if (!unit || !*unit)
        return true;
    if (is_unit(t, nt, j))
        return same_unit(t[j].w, unit);
    if (is_unit(t, nt, i))
        return same_unit(t[i].w, unit);
    return true;
}

bool ranges_hold(const char *s, size_t n, double v)
{
    return ranges_hold_unit(s, n, v, NULL);
}

bool ranges_hold_unit(const char *s, size_t n, double v, const char *unit)
{
    struct tok t[TOKENS_MAX];
    size_t nt = tokenize(s, n, t, TOKENS_MAX);
    for (size_t i = 0; i < nt; i++) {
        /* A à B, A-B, A ans à B ans ("de" before A changes nothing) */
        if (is_num(t, nt, i)) {
            size_t j = i + 1 + unit_after(t, nt, i + 1), k = after_to(t, nt, j);
            if (k && is_num(t, nt, k) && t[i].v <= t[k].v) {
                if (v >= t[i].v && v <= t[k].v && unit_fits(t, nt, i + 1, k + 1, unit))
                    return true;
                continue;
            }
            /* A et plus, A ans et plus, A et au-delà */
            if (is_word(t, nt, j, "et") && (is_word(t, nt, j + 1, "plus") || is_word(t, nt, j + 1, "au")) &&
                v >= t[i].v && unit_fits(t, nt, i + 1, nt, unit))
                return true;
            continue;
        }
        /* entre A et B */
        if (is_word(t, nt, i, "entre") && is_num(t, nt, i + 1)) {
            size_t j = i + 2 + unit_after(t, nt, i + 2);
            if (is_word(t, nt, j, "et") && is_num(t, nt, j + 1) && v >= t[i + 1].v && v <= t[j + 1].v &&
                unit_fits(t, nt, i + 2, j + 2, unit))
                return true;
            continue;
        }
        /* below: moins de A, jusqu'à A, inférieur(e) à A, < A, ≤ A */
        size_t a = 0;
        bool strict = false, below = false, above = false;
        if (is_word(t, nt, i, "moins") && is_word(t, nt, i + 1, "de")) {
            a = i + 2; strict = below = true;
        } else if (is_word(t, nt, i, "jusqu") && after_to(t, nt, i + 1)) {
            a = after_to(t, nt, i + 1); below = true;
        } else if ((is_word(t, nt, i, "inferieur") || is_word(t, nt, i, "inferieure") ||
                    is_word(t, nt, i, "inferieurs")) && is_word(t, nt, i + 1, "a")) {
            a = i + 2; strict = below = true;
        } else if (t[i].kind == T_LT || t[i].kind == T_LE) {
            a = i + 1; strict = t[i].kind == T_LT; below = true;
        } else if (is_word(t, nt, i, "plus") && is_word(t, nt, i + 1, "de")) {
            a = i + 2; strict = above = true;
        } else if (is_word(t, nt, i, "au") && i + 1 < nt && t[i + 1].kind == T_DASH &&
                   is_word(t, nt, i + 2, "dela") && is_word(t, nt, i + 3, "de")) {
            a = i + 4; strict = above = true;
        } else if (is_word(t, nt, i, "partir") && (is_word(t, nt, i + 1, "de") || is_word(t, nt, i + 1, "du"))) {
            a = i + 2; above = true;
        } else if (is_word(t, nt, i, "des")) {
            a = i + 1; above = true;
        } else if ((is_word(t, nt, i, "superieur") || is_word(t, nt, i, "superieure") ||
                    is_word(t, nt, i, "superieurs")) && is_word(t, nt, i + 1, "a")) {
            a = i + 2; strict = above = true;
        } else if (t[i].kind == T_GT || t[i].kind == T_GE) {
            a = i + 1; strict = t[i].kind == T_GT; above = true;
        }
        if (!a || !is_num(t, nt, a))
            continue;
        /* "de 600 à 900" read from "de": the bounded case above takes it. */
        size_t j = a + 1 + unit_after(t, nt, a + 1);
        if (after_to(t, nt, j) && is_num(t, nt, after_to(t, nt, j)))
            continue;
        double b = t[a].v;
        if (!unit_fits(t, nt, a + 1, nt, unit))
            continue;
        if (below && (strict ? v < b : v <= b))
            return true;
        if (above && (strict ? v > b : v >= b))
            return true;
    }
    return false;
}

int ranges_numbers(const char *s, size_t n, double *out, int max)
{
    return ranges_numbers_units(s, n, out, NULL, max);
}

int ranges_numbers_units(const char *s, size_t n, double *out, char (*units)[RANGES_UNIT_MAX],
                         int max)
{
    struct tok t[TOKENS_MAX];
    size_t nt = tokenize(s, n, t, TOKENS_MAX);
    int k = 0;
    for (size_t i = 0; i < nt && k < max; i++) {
        if (t[i].kind != T_NUM)
            continue;
        if (units)
            snprintf(units[k], RANGES_UNIT_MAX, "%s", is_unit(t, nt, i + 1) ? t[i + 1].w : "");
        out[k++] = t[i].v;
    }
    return k;
}
