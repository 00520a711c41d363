/* verify_figures.c — the figures of a text (numbers, times, dates, prices,
 * phone numbers, e-mails, URLs; in digits or in French words) in canonical
 * form, and its citations.  Used by verify.c on the answer and on the cited
 * excerpts alike, so that both sides are read by the same rules (see
 * verify.h and docs/models.md). */
#include "answer/verify.h"
#include "answer/verify_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/numbers_fr.h"
#include "util/mem.h"

#define CANON_MAX 160          /* bytes of a canonical figure (longer URLs are cut) */

/* ---- bytes ---------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }


/* Length of a space at s[i] (' ', tab, no-break space, narrow no-break space), or 0. */
static size_t space_at(const char *s, size_t n, size_t i)
{
    return i < n && s[i] == '\t' ? 1 : numfr_space_len(s, n, i);
}

static bool prefix_ci(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n)
        return false;
    for (size_t j = 0; j < k; j++)
        if (tolower((unsigned char)s[i + j]) != (unsigned char)w[j])
            return false;
    return true;
}

/* Is the character ending just before s[i] a letter? */
static bool letter_before(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j > 0 && i - j < 4) {
        j--;
        if (((unsigned char)s[j] & 0xC0) != 0x80)
            return numfr_letter_at(s, n, j);
    }
    return false;
}

/* Length of the whole word w at s[i] (ASCII case ignored), or 0. */
static size_t word_at(const char *s, size_t n, size_t i, const char *w)
{
    return prefix_ci(s, n, i, w) && !numfr_letter_at(s, n, i + strlen(w)) ? strlen(w) : 0;
}

/* Length of word a at s[i], else of word b, or 0. */
static size_t word_any(const char *s, size_t n, size_t i, const char *a, const char *b)
{
    size_t k = word_at(s, n, i, a);
    return k ? k : word_at(s, n, i, b);
}

/* A currency after an amount: "€", "euro", "euros", "EUR"; its length or 0. */
static size_t euro_at(const char *s, size_t n, size_t i)
{
    if (prefix_ci(s, n, i, "\xe2\x82\xac"))
        return 3;
    size_t k = word_at(s, n, i, "euros");
    if (!k)
        k = word_at(s, n, i, "euro");
    if (!k)
        k = word_at(s, n, i, "eur");
    return k;
}

/* An apostrophe at s[i] (' or U+2019); its length or 0. */
static size_t apostrophe_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '\'')
        return 1;
    return prefix_ci(s, n, i, "\xe2\x80\x99") ? 3 : 0;
}

/* "heure" after "d'" at s[i] ("quart d'heure"); the end or 0. */
static size_t dheure_at(const char *s, size_t n, size_t i)
{
    if (!prefix_ci(s, n, i, "d"))
        return 0;
    size_t a = apostrophe_at(s, n, i + 1);
    size_t k = a ? word_at(s, n, i + 1 + a, "heure") : 0;
    return k ? i + 1 + a + k : 0;
}

/* ---- figures ---------------------------------------------------------------- */

/* Canonical decimal: no leading zeros, '.' as the point, no trailing zeros. */
static void canon_number(char *out, size_t outsz, const char *prefix, const char *ip, size_t il,
                         const char *fp, size_t fl)
{
    while (il > 1 && *ip == '0')
        ip++, il--;
    while (fl && fp[fl - 1] == '0')
        fl--;
    if (fl)
        snprintf(out, outsz, "%s%.*s.%.*s", prefix, (int)il, ip, (int)fl, fp);
    else
        snprintf(out, outsz, "%s%.*s", prefix, (int)il, ip);
}

static int month_at(const char *s, size_t n, size_t i, size_t *end)
{
    static const char *const names[][2] = {
        {"janvier", NULL}, {"février", "fevrier"}, {"mars", NULL}, {"avril", NULL}, {"mai", NULL},
        {"juin", NULL}, {"juillet", NULL}, {"août", "aout"}, {"septembre", NULL},
        {"octobre", NULL}, {"novembre", NULL}, {"décembre", "decembre"},
    };
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 2; k++) {
            const char *w = names[m][k];
            if (!w || !prefix_ci(s, n, i, w))
                continue;
            size_t e = i + strlen(w);
            if (numfr_letter_at(s, n, e))
                continue;
            *end = e;
            return m + 1;
        }
    return 0;
}

/* Digits from i: returns how many (stops at max+1 so callers see "too many"). */
static size_t digits_at(const char *s, size_t n, size_t i, size_t max)
{
    size_t k = 0;
    while (i + k < n && is_digit(s[i + k]) && k <= max)
        k++;
    return k;
}

static int num_of(const char *s, size_t k)
{
    int v = 0;
    for (size_t i = 0; i < k; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* A French phone number at i: 0X XX XX XX XX (spaces, dots or hyphens, or
 * none) or +33 X XX XX XX XX, +33 (0)X...  Writes 10 digits, returns the end or 0. */
static size_t phone_at(const char *s, size_t n, size_t i, char dig[11])
{
    size_t p = i, nd = 0;
    bool intl = false;
    if (s[p] == '+') {
        if (!prefix_ci(s, n, p, "+33"))
            return 0;
        intl = true;
        p += 3;
        size_t sp = space_at(s, n, p);
        p += sp;
        if (prefix_ci(s, n, p, "(0)"))
            p += 3 + space_at(s, n, p + 3);
        dig[nd++] = '0';
    }
    if (p >= n || !is_digit(s[p]))
        return 0;
    if (intl && s[p] == '0')
        return 0;
    while (p < n) {
        if (is_digit(s[p])) {
            if (nd == 10)
                return 0;   /* more digits: not a phone number */
            dig[nd++] = s[p++];
            continue;
        }
        size_t sp = space_at(s, n, p);
        if (!sp && (s[p] == '.' || s[p] == '-'))
            sp = 1;
        if (sp && p + sp < n && is_digit(s[p + sp]) && nd < 10) {
            p += sp;
            continue;
        }
        break;
    }
    if (nd != 10 || dig[0] != '0' || dig[1] == '0')
        return 0;
    dig[10] = '\0';
    return p;
}

struct scan {
    verify_fact_cb cb;
    void *ctx;
};

static void emit(struct scan *sc, const char *canon, size_t a, size_t b)
{
    sc->cb(sc->ctx, canon, a, b);
}

/* ---- numbers in words ------------------------------------------------------- */

/* A number in words at s[i] that is not the first half of a compound noun
 * ("deux-roues", "mille-pattes", "rue des Trois-Ponts"). */
static bool numfr_at(const char *s, size_t n, size_t i, struct numfr *nf)
{
    return numfr_read(s, n, i, nf) && !(nf->end + 1 < n && s[nf->end] == '-' && numfr_letter_at(s, n, nf->end + 1));
}

/* Minutes of a time in words ("quinze heures trente"): 1 to 59, not an
 * article or a rank, and a multiple of 5 or followed by "minute(s)" — so that
 * "à quinze heures trois fois par semaine" is 15:00, then 3. */
static bool minutes_word(const char *s, size_t n, size_t i, struct numfr *nf)
{
    if (!numfr_at(s, n, i, nf) || nf->value < 1 || nf->value > 59 || nf->ordinal || nf->lone_one)
        return false;
    size_t r = nf->end + space_at(s, n, nf->end);
    return nf->value % 5 == 0 || word_at(s, n, r, "minutes") || word_at(s, n, r, "minute");
}

/* The minutes after an hour and its "h"/"heures" ending at r: "30" (the
 * space is optional), "trente", "et quart", "et demie", "moins le quart",
 * "moins dix" (which also move *h back).  Sets *mi (0 when none) and returns
 * the end of the time; 0 when two digits follow that are no minutes ("8h75"). */
static size_t minutes_after(const char *m, size_t n, size_t r, int *h, int *mi)
{
    size_t r2 = r + space_at(m, n, r), w;
    struct numfr nf;
    *mi = 0;
    if (digits_at(m, n, r2, 2) == 2) {
        *mi = num_of(m + r2, 2);
        return *mi < 60 ? r2 + 2 : 0;
    }
    if (r2 == r)
        return r;
    w = word_at(m, n, r2, "et");
    if (w) {
        size_t r3 = r2 + w + space_at(m, n, r2 + w);
        if (r3 == r2 + w)
            return r;
        w = word_any(m, n, r3, "demie", "demi");
        if (w) {
            *mi = 30;
        } else {
            w = word_at(m, n, r3, "quart");
            if (w)
                *mi = 15;
        }
        return *mi ? r3 + w : r;
    }
    w = word_at(m, n, r2, "moins");
    if (w) {
        size_t r3 = r2 + w + space_at(m, n, r2 + w), e = 0;
        int back = 0;
        if (r3 == r2 + w)
            return r;
        w = word_at(m, n, r3, "le");
        if (w) {
            size_t r4 = r3 + w + space_at(m, n, r3 + w);
            size_t q = r4 > r3 + w ? word_at(m, n, r4, "quart") : 0;
            if (q)
                back = 15, e = r4 + q;
        } else if (minutes_word(m, n, r3, &nf)) {
            back = (int)nf.value, e = nf.end;
        }
        if (!back)
            return r;
        *h = (*h + 23) % 24;
        *mi = 60 - back;
        return e;
    }
    if (minutes_word(m, n, r2, &nf)) {
        *mi = (int)nf.value;
        return nf.end;
    }
    return r;
}

/* The word before s[i] (one space back), lower-cased into w. */
static void word_before(const char *s, size_t i, char *w, size_t wsz)
{
    size_t e = i;
    if (e > 0 && s[e - 1] == ' ')
        e--;
    else if (e > 1 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)
        e -= 2;
    size_t b = e;
    while (b > 0 && e - b < wsz - 1 && (isalpha((unsigned char)s[b - 1]) || (unsigned char)s[b - 1] >= 0x80)) {
        if (b >= 3 && !memcmp(s + b - 3, "\xe2\x80\x99", 3))
            break;   /* jusqu’à */
        b--;
    }
    size_t k = 0;
    for (size_t j = b; j < e && k + 1 < wsz; j++)
        w[k++] = (char)tolower((unsigned char)s[j]);
    w[k] = '\0';
}

/* "midi" and "minuit" are times after a preposition of time ("à midi", "de
 * midi à 14 h", "jusqu'à minuit", "entre 11 h et midi"), not in "le midi"
 * (lunchtime), "l'après-midi" or "le Midi".  *h gets 12 or 0. */
static size_t noon_at(const char *m, size_t n, size_t i, int *h)
{
    static const char *const before[] = {"\xc3\xa0", "a", "de", "d\xc3\xa8s", "des", "vers", "avant",
                                          "entre", "et", "ou", "jusqu", NULL};
    size_t k = word_at(m, n, i, "midi");
    *h = 12;
    if (!k) {
        k = word_at(m, n, i, "minuit");
        *h = 0;
    }
    if (!k || (i + k + 1 < n && m[i + k] == '-' && numfr_letter_at(m, n, i + k + 1)))
        return 0;
    char w[16];
    word_before(m, i, w, sizeof w);
    for (int j = 0; before[j]; j++)
        if (!strcmp(w, before[j]))
            return i + k;
    return 0;
}

/* Is the word after s[i] (one space) a plural noun, as after the number
 * "neuf" ("neuf places") and not the adjective ("un logement neuf dans...")? */
static bool plural_noun_after(const char *s, size_t n, size_t i)
{
    size_t a = i + space_at(s, n, i), e = a;
    if (a == i)
        return false;
    char w[ANALYZE_WORD_MAX];
    size_t k = 0;
    while (e < n && isalpha((unsigned char)s[e]) && k + 1 < sizeof w)
        w[k++] = (char)tolower((unsigned char)s[e++]);
    w[k] = '\0';
    if (k < 2 || numfr_letter_at(s, n, e) || (w[k - 1] != 's' && w[k - 1] != 'x'))
        return false;
    static const char *const invariable[] = {"dans", "sans", "plus", "mais", "alors", "depuis", "vers",
                                             "sous", "puis", "toujours", "jamais", "moins", "pas", "ans",
                                             "fois", "jours", "mois", NULL};
    for (int j = 0; invariable[j]; j++)
        if (!strcmp(w, invariable[j]))
            return j >= 13;   /* "neuf ans", "neuf fois", "neuf jours", "neuf mois": the number */
    return !analyze_is_stopword(w, k);
}

/* A figure written in words at s[i], at the start of a word: emits it and
 * returns its end; returns the end of the words read without emitting when
 * they are no figure (an article "un", "premier" outside a date, a compound
 * noun); 0 when no number starts there.  The unit decides the kind, as for
 * digits: "quinze heures" is 15:00, "vingt euros" 20 €, "le premier mars"
 * 01/03, "trois quarts d'heure" and "une demi-heure" minutes (45, 30). */
static size_t word_figure(const char *m, size_t n, size_t i, struct scan *sc)
{
    char c[CANON_MAX];
    size_t e, w;
    int h, mi;
    if (!numfr_letter_at(m, n, i) || letter_before(m, n, i) || (i > 0 && is_digit(m[i - 1])) ||
        (i > 1 && m[i - 1] == '-' && letter_before(m, n, i - 1)))
        return 0;
    e = noon_at(m, n, i, &h);
    if (e) {
        size_t r = minutes_after(m, n, e, &h, &mi);
        if (!r)
            r = e, mi = 0;
        snprintf(c, sizeof c, "t:%02d:%02d", h, mi);
        emit(sc, c, i, r);
        return r;
    }
    w = word_any(m, n, i, "demi-heure", "demi-heures");
    if (w) {
        emit(sc, "n:30", i, i + w);
        return i + w;
    }
    w = word_at(m, n, i, "quart");
    if (w) {
        size_t r = dheure_at(m, n, i + w + space_at(m, n, i + w));
        if (r && space_at(m, n, i + w)) {
            emit(sc, "n:15", i, r);
            return r;
        }
        return i + w;
    }
    struct numfr nf;
    if (!numfr_read(m, n, i, &nf))
        return 0;
    e = nf.end;
    if (e + 1 < n && m[e] == '-' && numfr_letter_at(m, n, e + 1))
        return e;   /* "deux-roues", "Trois-Ponts": a name, not a figure */
    size_t r = e + space_at(m, n, e);
    bool spaced = r > e, cardinal = !nf.ordinal;
    /* une heure, quinze heures trente, dix-huit heures et demie */
    w = spaced && cardinal && nf.value <= 24 ? word_any(m, n, r, "heures", "heure") : 0;
    if (w) {
        h = (int)nf.value;
        size_t t = minutes_after(m, n, r + w, &h, &mi);
        if (!t)
            t = r + w, mi = 0;
        snprintf(c, sizeof c, "t:%02d:%02d", h, mi);
        emit(sc, c, i, t);
        return t;
    }
    /* un euro, vingt euros, trois euros cinquante, deux millions d'euros */
    if (spaced && cardinal) {
        size_t el = euro_at(m, n, r);
        if (!el && nf.value >= 1000000 && prefix_ci(m, n, r, "d")) {
            size_t a = apostrophe_at(m, n, r + 1);
            el = a && word_at(m, n, r + 1 + a, "euros") ? 1 + a + 5 : 0;
        }
        if (el) {
            size_t t = r + el;
            char ip[24], fp[4] = "";
            struct numfr ct;
            size_t r2 = t + space_at(m, n, t);
            if (r2 > t && numfr_at(m, n, r2, &ct) && ct.value >= 1 && ct.value <= 99 && !ct.ordinal &&
                !ct.lone_one) {
                snprintf(fp, sizeof fp, "%02ld", ct.value);
                t = ct.end;
            }
            snprintf(ip, sizeof ip, "%ld", nf.value);
            canon_number(c, sizeof c, "m:", ip, strlen(ip), fp, strlen(fp));
            emit(sc, c, i, t);
            return t;
        }
    }
    /* un quart d'heure, trois quarts d'heure */
    w = 0;
    if (spaced && cardinal && nf.value >= 1 && nf.value <= 3)
        w = word_any(m, n, r, "quarts", "quart");
    if (w) {
        size_t t = space_at(m, n, r + w) ? dheure_at(m, n, r + w + space_at(m, n, r + w)) : 0;
        if (t) {
            snprintf(c, sizeof c, "n:%ld", 15 * nf.value);
            emit(sc, c, i, t);
            return t;
        }
    }
    /* le premier mars, le quinze juillet, le trente et un décembre */
    if (spaced && nf.value >= 1 && nf.value <= 31 && (nf.ordinal ? nf.value == 1 : !nf.lone_one)) {
        size_t me;
        int mo = month_at(m, n, r, &me);
        if (mo) {
            snprintf(c, sizeof c, "d:%02ld/%02d", nf.value, mo);
            emit(sc, c, i, me);
            return me;
        }
    }
    if (nf.lone_one)
        return e;   /* "un", "une": an article; "premier": a rank (see verify.h) */
    if (nf.lone_neuf && !plural_noun_after(m, n, e))
        return e;   /* "un logement neuf" */
    /* vingt pour cent */
    w = spaced ? word_at(m, n, r, "pour") : 0;
    if (w) {
        size_t r2 = r + w + space_at(m, n, r + w);
        size_t cent = r2 > r + w ? word_at(m, n, r2, "cent") : 0;
        if (cent)
            e = r2 + cent;
    }
    snprintf(c, sizeof c, "n:%ld", nf.value);
    emit(sc, c, i, e);
    return e;
}

/* Numbers, times, dates, prices and phone numbers of m (masked text). */
static void scan_numbers(const char *m, size_t n, struct scan *sc)
{
    char c[CANON_MAX];
    size_t i = 0;
    while (i < n) {
        bool start = (is_digit(m[i]) || (m[i] == '+' && i + 1 < n && is_digit(m[i + 1]))) &&
                     (i == 0 || !is_digit(m[i - 1]));
        if (!start) {
            size_t e = word_figure(m, n, i, sc);
            i = e ? e : i + 1;
            continue;
        }
        char dig[11];
        size_t e = phone_at(m, n, i, dig);
        if (e) {
            snprintf(c, sizeof c, "p:%s", dig);
            emit(sc, c, i, e);
            i = e;
            continue;
        }
        if (m[i] == '+') {
            i++;
            continue;
        }
        size_t k = digits_at(m, n, i, 64);
        size_t p = i + k;
        /* 2026-07-14 */
        if (k == 4 && p + 5 < n && m[p] == '-' && digits_at(m, n, p + 1, 2) == 2 && m[p + 3] == '-' &&
            digits_at(m, n, p + 4, 2) == 2) {
            int mo = num_of(m + p + 1, 2), d = num_of(m + p + 4, 2);
            if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
                snprintf(c, sizeof c, "d:%02d/%02d", d, mo);
                emit(sc, c, i, p + 6);
                snprintf(c, sizeof c, "n:%.4s", m + i);
                emit(sc, c, i, i + 4);
                i = p + 6;
                continue;
            }
        }
        /* 14/07, 14/07/2026, 14/07/26 */
        if (k <= 2 && p < n && m[p] == '/') {
            size_t k2 = digits_at(m, n, p + 1, 2);
            int d = num_of(m + i, k), mo = k2 && k2 <= 2 ? num_of(m + p + 1, k2) : 0;
            if (k2 && k2 <= 2 && d >= 1 && d <= 31 && mo >= 1 && mo <= 12) {
                size_t q = p + 1 + k2;
                snprintf(c, sizeof c, "d:%02d/%02d", d, mo);
                emit(sc, c, i, q);
                if (q < n && m[q] == '/') {
                    size_t k3 = digits_at(m, n, q + 1, 4);
                    if (k3 == 4 || k3 == 2) {
                        snprintf(c, sizeof c, "n:%s%.*s", k3 == 2 ? "20" : "", (int)k3, m + q + 1);
                        emit(sc, c, q + 1, q + 1 + k3);
                        q += 1 + k3;
                    }
                }
                i = q;
                continue;
            }
        }
        /* 08:30 */
        if (k <= 2 && p < n && m[p] == ':' && digits_at(m, n, p + 1, 2) == 2) {
            int h = num_of(m + i, k), mi = num_of(m + p + 1, 2);
            if (h <= 24 && mi < 60) {
                snprintf(c, sizeof c, "t:%02d:%02d", h, mi);
                emit(sc, c, i, p + 3);
                i = p + 3;
                continue;
            }
        }
        /* 8h30, 8 h 30, 8h, 8 heures 30 */
        if (k <= 2) {
            size_t q = p + space_at(m, n, p);
            size_t hl = 0;
            if (q < n && (m[q] == 'h' || m[q] == 'H')) {
                hl = 1;
                if (prefix_ci(m, n, q, "heures"))
                    hl = 6;
                else if (prefix_ci(m, n, q, "heure"))
                    hl = 5;
            }
            int h = num_of(m + i, k), mi = 0;
            size_t r = hl && !numfr_letter_at(m, n, q + hl) && h <= 24 ? minutes_after(m, n, q + hl, &h, &mi) : 0;
            if (r) {
                snprintf(c, sizeof c, "t:%02d:%02d", h, mi);
                emit(sc, c, i, r);
                i = r;
                continue;
            }
        }
        /* A number: thousands grouped by spaces (1 200), a decimal part. */
        char ip[80];
        size_t il = 0;
        memcpy(ip, m + i, k < 64 ? k : 64);
        il = k < 64 ? k : 64;
        size_t q = p;
        if (k <= 3) {
            for (;;) {
                size_t sp = space_at(m, n, q);
                if (sp && digits_at(m, n, q + sp, 3) == 3 && il + 3 < sizeof ip) {
                    memcpy(ip + il, m + q + sp, 3);
                    il += 3;
                    q += sp + 3;
                } else {
                    break;
                }
            }
        }
        const char *fp = "";
        size_t fl = 0;
        if (q + 1 < n && (m[q] == ',' || m[q] == '.') && is_digit(m[q + 1])) {
            fp = m + q + 1;
            fl = digits_at(m, n, q + 1, 16);
            if (fl > 16)
                fl = 16;
            q += 1 + fl;
        }
        size_t r = q + space_at(m, n, q);
        size_t el = euro_at(m, n, r);
        if (el) {
            canon_number(c, sizeof c, "m:", ip, il, fp, fl);
            size_t e2 = r + el;
            emit(sc, c, i, e2);
            i = e2;
            continue;
        }
        /* 14 juillet, 1er juillet [2026] */
        if (k <= 2 && !fl && il == k) {
            size_t s2 = q;
            if (prefix_ci(m, n, s2, "er") && !numfr_letter_at(m, n, s2 + 2))
                s2 += 2;
            size_t sp = space_at(m, n, s2);
            size_t me = s2;
            int mo = sp ? month_at(m, n, s2 + sp, &me) : 0;
            int d = num_of(m + i, k);
            if (mo && d >= 1 && d <= 31) {
                snprintf(c, sizeof c, "d:%02d/%02d", d, mo);
                emit(sc, c, i, me);
                size_t sp2 = space_at(m, n, me);
                if (sp2 && digits_at(m, n, me + sp2, 4) == 4) {
                    snprintf(c, sizeof c, "n:%.4s", m + me + sp2);
                    emit(sc, c, me + sp2, me + sp2 + 4);
                    me += sp2 + 4;
                }
                i = me;
                continue;
            }
        }
        canon_number(c, sizeof c, "n:", ip, il, fp, fl);
        emit(sc, c, i, q);
        i = q;
    }
}

static bool url_char(char c)
{
    return (unsigned char)c > 0x20 && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7f &&
           (unsigned char)c < 0x80;
}

/* Emit m[a, b) lower-cased after kind ("u:", "e:") as the link read from
 * m[from, to), then blank m[from, to) so its digits are not read as numbers. */
static void emit_link(struct scan *sc, char *m, const char *kind, size_t a, size_t b, size_t from,
                      size_t to)
{
    char c[CANON_MAX];
    size_t o = strlen(kind);
    memcpy(c, kind, o);
    for (size_t j = a; j < b && o + 1 < sizeof c; j++)
        c[o++] = (char)tolower((unsigned char)m[j]);
    c[o] = '\0';
    emit(sc, c, from, to);
    memset(m + from, ' ', to - from);
}

/* URLs (http://, https://, www.) and e-mail addresses: emitted, then blanked
 * in m so their digits are not read as numbers. */
static void scan_links(char *m, size_t n, struct scan *sc)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (letter_before(m, n, i) || is_digit(m[i - 1]) || m[i - 1] == '/' || m[i - 1] == '.'))
            continue;
        size_t skip = prefix_ci(m, n, i, "https://") ? 8 : prefix_ci(m, n, i, "http://") ? 7 : 0;
        if (!skip && !prefix_ci(m, n, i, "www."))
            continue;
        size_t e = i + skip;
        while (e < n && url_char(m[e]))
            e++;
        while (e > i + skip && strchr(".,;:!?)]", m[e - 1]))
            e--;
        if (e <= i + skip + 1)
            continue;
        size_t a = i + skip;
        if (prefix_ci(m, n, a, "www."))
            a += 4;
        size_t b = e;
        while (b > a && m[b - 1] == '/')
            b--;
        emit_link(sc, m, "u:", a, b, i, e);
        i = e;
    }
    for (size_t i = 0; i < n; i++) {
        if (m[i] != '@')
            continue;
        size_t l = i, r = i + 1;
        while (l > 0 && (isalnum((unsigned char)m[l - 1]) || strchr("._%+-", m[l - 1])))
            l--;
        while (r < n && (isalnum((unsigned char)m[r]) || m[r] == '.' || m[r] == '-'))
            r++;
        while (r > i + 1 && (m[r - 1] == '.' || m[r - 1] == '-'))
            r--;
        const char *dot = memchr(m + i + 1, '.', r - i - 1);
        if (l == i || !dot || dot == m + i + 1 || dot == m + r - 1)
            continue;
        emit_link(sc, m, "e:", l, r, l, r);
        i = r;
    }
}

/* Citations (verify_int.h). */
void verify_citations(char *m, size_t n, void (*cb)(void *, int), void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i] != '[')
            continue;
        size_t j = i + 1;
        int nums[16], nn = 0;
        bool ok = true;
        for (;;) {
            while (j < n && m[j] == ' ')
                j++;
            size_t k = digits_at(m, n, j, 3);
            if (k == 0 || k > 3 || nn == 16) {
                ok = false;
                break;
            }
            nums[nn++] = num_of(m + j, k);
            j += k;
            while (j < n && m[j] == ' ')
                j++;
            if (j < n && (m[j] == ',' || m[j] == ';')) {
                j++;
                continue;
            }
            break;
        }
        if (!ok || j >= n || m[j] != ']')
            continue;
        for (int t = 0; t < nn; t++)
            cb(ctx, nums[t]);
        memset(m + i, ' ', j + 1 - i);
        i = j;
    }
}

static void nop_cite(void *ctx, int k)
{
    (void)ctx;
    (void)k;
}

void verify_facts(const char *text, size_t len, verify_fact_cb cb, void *ctx)
{
    char *m = xmalloc(len + 1);
    memcpy(m, text, len);
    m[len] = '\0';
    struct scan sc = {cb, ctx};
    verify_citations(m, len, nop_cite, NULL);
    scan_links(m, len, &sc);
    scan_numbers(m, len, &sc);
    free(m);
}

/* A word of a figure ("quinze", "heures", "euros"): figures are checked by
 * value (invented_figure), so "quinze heures" is grounded by "15 h". */
bool verify_figure_word(const char *w)
{
    static const char *const units[] = {"heure", "heures", "euro", "euros", "minute", "minutes", "midi",
                                        "minuit", "demi", "demie", "quart", "quarts", NULL};
    struct numfr nf;
    size_t len = strlen(w);
    for (int i = 0; units[i]; i++)
        if (!strcmp(w, units[i]))
            return true;
    return numfr_read(w, len, 0, &nf) && nf.end == len;
}
