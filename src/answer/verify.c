/* verify.c — figures, citations, language and leaks of a generated answer
 * (see verify.h).  Everything here is deterministic and allocation-light:
 * it runs on every generated answer before it may be sent. */
#include "answer/verify.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/analyze.h"
#include "util/buf.h"
#include "util/mem.h"

#define CANON_MAX 160          /* bytes of a canonical figure (longer URLs are cut) */
#define FACTS_MAX 4096         /* figures read from one text */
#define LEAK_NGRAM 5
#define LEAK_MIN_SHARED 2
#define GROUNDED_MIN 0.5       /* share of content words found in the cited excerpts */
#define GROUNDED_MIN_WORDS 4   /* fewer content words: no grounding check */
#define STEM_PREFIX 5          /* words compared on their first 5 letters */

/* ---- bytes ---------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }


/* Is there a letter (Unicode category L*) at s[i]? */
static bool letter_at(const char *s, size_t n, size_t i)
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

/* Length of a space at s[i] (' ', tab, no-break space, narrow no-break space), or 0. */
static size_t space_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == ' ' || s[i] == '\t')
        return 1;
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xAF)
        return 3;
    return 0;
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
            return letter_at(s, n, j);
    }
    return false;
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
            if (letter_at(s, n, e))
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

/* Numbers, times, dates, prices and phone numbers of m (masked text). */
static void scan_numbers(const char *m, size_t n, struct scan *sc)
{
    char c[CANON_MAX];
    size_t i = 0;
    while (i < n) {
        bool start = (is_digit(m[i]) || (m[i] == '+' && i + 1 < n && is_digit(m[i + 1]))) &&
                     (i == 0 || !is_digit(m[i - 1]));
        if (!start) {
            i++;
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
            if (hl && !letter_at(m, n, q + hl)) {
                int h = num_of(m + i, k), mi = 0;
                size_t r = q + hl;
                size_t r2 = r + space_at(m, n, r);
                if (digits_at(m, n, r2, 2) == 2) {
                    mi = num_of(m + r2, 2);
                    r = r2 + 2;
                }
                if (h <= 24 && mi < 60) {
                    snprintf(c, sizeof c, "t:%02d:%02d", h, mi);
                    emit(sc, c, i, r);
                    i = r;
                    continue;
                }
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
        if (prefix_ci(m, n, r, "\xe2\x82\xac") || prefix_ci(m, n, r, "euro") || prefix_ci(m, n, r, "eur")) {
            canon_number(c, sizeof c, "m:", ip, il, fp, fl);
            size_t e2 = r + (prefix_ci(m, n, r, "\xe2\x82\xac") ? 3 : prefix_ci(m, n, r, "euros") ? 5 : prefix_ci(m, n, r, "euro") ? 4 : 3);
            emit(sc, c, i, e2);
            i = e2;
            continue;
        }
        /* 14 juillet, 1er juillet [2026] */
        if (k <= 2 && !fl && il == k) {
            size_t s2 = q;
            if (prefix_ci(m, n, s2, "er") && !letter_at(m, n, s2 + 2))
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

/* URLs (http://, https://, www.) and e-mail addresses: emitted, then blanked
 * in m so their digits are not read as numbers. */
static void scan_links(char *m, size_t n, struct scan *sc)
{
    char c[CANON_MAX];
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
        size_t o = 2;
        memcpy(c, "u:", 2);
        for (size_t j = a; j < b && o + 1 < sizeof c; j++)
            c[o++] = (char)tolower((unsigned char)m[j]);
        c[o] = '\0';
        emit(sc, c, i, e);
        memset(m + i, ' ', e - i);
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
        size_t o = 2;
        memcpy(c, "e:", 2);
        for (size_t j = l; j < r && o + 1 < sizeof c; j++)
            c[o++] = (char)tolower((unsigned char)m[j]);
        c[o] = '\0';
        emit(sc, c, l, r);
        memset(m + l, ' ', r - l);
        i = r;
    }
}

/* Citations: "[1]", "[1, 2]", "[1][3]", "[2 ; 3]".  cb(ctx, n) per number;
 * every citation is blanked in m when m is not NULL. */
static void scan_citations(char *m, size_t n, void (*cb)(void *, int), void *ctx)
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

struct renum {
    int nums[16];
    int n;
};

static void on_renum(void *ctx, int k)
{
    struct renum *r = ctx;
    if (r->n < 16)
        r->nums[r->n++] = k;
}

char *verify_renumber(const char *answer, const int *map, int nmap)
{
    size_t n = strlen(answer);
    struct buf b;
    buf_init(&b, 2 * n + 64);
    char *m = xmalloc(n + 1);
    size_t i = 0;
    while (i < n) {
        if (answer[i] != '[') {
            buf_addc(&b, answer[i++]);
            continue;
        }
        /* One bracket at a time: find its end, parse it alone. */
        const char *close = memchr(answer + i, ']', n - i);
        size_t len = close ? (size_t)(close - (answer + i)) + 1 : 0;
        struct renum r = {{0}, 0};
        if (len && len < 64) {
            memcpy(m, answer + i, len);
            m[len] = '\0';
            scan_citations(m, len, on_renum, &r);
        }
        if (!r.n) {
            buf_addc(&b, answer[i++]);
            continue;
        }
        int out[16], no = 0;
        for (int t = 0; t < r.n; t++) {
            int v = r.nums[t] >= 1 && r.nums[t] <= nmap ? map[r.nums[t] - 1] : r.nums[t];
            bool dup = false;
            for (int u = 0; u < no; u++)
                dup |= out[u] == v;
            if (!dup)
                out[no++] = v;
        }
        buf_addc(&b, '[');
        for (int t = 0; t < no; t++)
            buf_printf(&b, "%s%d", t ? ", " : "", out[t]);
        buf_addc(&b, ']');
        i += len;
    }
    free(m);
    char *s = buf_steal(&b);
    return s ? s : xstrdup("");
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
    scan_citations(m, len, nop_cite, NULL);
    scan_links(m, len, &sc);
    scan_numbers(m, len, &sc);
    free(m);
}

/* ---- fact sets ---------------------------------------------------------------- */

struct factset {
    char **canon;
    int n, cap;
    /* For the answer: where each fact came from, to name it in the reason. */
    size_t *start, *end;
};

static void factset_add(void *ctx, const char *canon, size_t start, size_t end)
{
    struct factset *f = ctx;
    if (f->n >= FACTS_MAX)
        return;
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 32;
        f->canon = xreallocarray(f->canon, (size_t)f->cap, sizeof *f->canon);
        f->start = xreallocarray(f->start, (size_t)f->cap, sizeof *f->start);
        f->end = xreallocarray(f->end, (size_t)f->cap, sizeof *f->end);
    }
    f->canon[f->n] = xstrdup(canon);
    f->start[f->n] = start;
    f->end[f->n] = end;
    f->n++;
}

static void factset_free(struct factset *f)
{
    for (int i = 0; i < f->n; i++)
        free(f->canon[i]);
    free(f->canon);
    free(f->start);
    free(f->end);
}

static bool factset_has(const struct factset *f, const char *canon)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->canon[i], canon))
            return true;
    /* A bare number may be the amount of a price ("12,50" for "12,50 €"). */
    if (!strncmp(canon, "n:", 2))
        for (int i = 0; i < f->n; i++)
            if (!strncmp(f->canon[i], "m:", 2) && !strcmp(f->canon[i] + 2, canon + 2))
                return true;
    return false;
}

/* ---- words ---------------------------------------------------------------- */

struct words {
    char **w;
    int n;
    char *store;
};

/* Split the folded form of text (lower case, no accents, single spaces). */
static void words_of(const char *text, struct words *out)
{
    out->store = analyze_fold(text, strlen(text));
    out->w = NULL;
    out->n = 0;
    int cap = 0;
    char *p = out->store;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (out->n == cap) {
            cap = cap ? 2 * cap : 64;
            out->w = xreallocarray(out->w, (size_t)cap, sizeof *out->w);
        }
        out->w[out->n++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
    }
}

static void words_free(struct words *w)
{
    free(w->w);
    free(w->store);
}

static bool in_list(const char *w, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* Function words that tell French from English ("a", "on" are both). */
static const char *const fr_words[] = {
    "le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "et", "est", "au", "aux", "en",
    "pour", "dans", "sur", "par", "ce", "cette", "ces", "qui", "que", "qu", "vous", "votre", "vos",
    "il", "elle", "ne", "pas", "se", "sont", "etre", "avec", "ou", "plus", "son", "sa", "ses",
    "leur", "nous", "y", "s", "n", "peut", "pouvez", "doit", "devez", "faut", "sans", "chez",
    NULL};
static const char *const en_words[] = {
    "the", "and", "is", "are", "of", "to", "in", "for", "you", "your", "with", "at", "this",
    "that", "it", "be", "from", "by", "or", "not", "can", "will", "have", "has", "an", "as",
    "was", "were", "please", "what", "which", "my", "i", NULL};

static bool off_language(const char *answer, const struct words *w)
{
    int fr = 0, en = 0, words = 0;
    for (int i = 0; i < w->n; i++) {
        if (is_digit(w->w[i][0]))
            continue;
        words++;
        fr += in_list(w->w[i], fr_words);
        en += in_list(w->w[i], en_words);
    }
    if (words >= 3 && en > fr)
        return true;
    if (words >= 8 && fr * 10 < words)
        return true;
    /* Letters outside the Latin script (Cyrillic, CJK, Arabic...). */
    size_t n = strlen(answer), i = 0;
    int latin = 0, other = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)answer + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
            continue;
        if (cp <= 0x24F || (cp >= 0x1E00 && cp <= 0x1EFF))
            latin++;
        else
            other++;
    }
    return other > latin;
}

/* Two or more distinct word 5-grams of the rules in the answer. */
static bool leaks(const struct words *a, const char *reference)
{
    if (!reference)
        return false;
    struct words r;
    words_of(reference, &r);
    int shared = 0;
    for (int i = 0; i + LEAK_NGRAM <= a->n && shared < LEAK_MIN_SHARED; i++) {
        bool seen_before = false;
        for (int j = 0; j + LEAK_NGRAM <= r.n; j++) {
            int k = 0;
            while (k < LEAK_NGRAM && !strcmp(a->w[i + k], r.w[j + k]))
                k++;
            if (k == LEAK_NGRAM) {
                seen_before = true;
                break;
            }
        }
        if (seen_before) {
            shared++;
            i += LEAK_NGRAM - 1;   /* count distinct, non-overlapping 5-grams */
        }
    }
    words_free(&r);
    return shared >= LEAK_MIN_SHARED;
}

static bool prefix_eq(const char *a, const char *b)
{
    return !strncmp(a, b, STEM_PREFIX) &&
           (strlen(a) >= STEM_PREFIX || strlen(b) >= STEM_PREFIX ? true : !strcmp(a, b));
}

/* Words that say how, not what: allowed in any answer. */
static const char *const glue_words[] = {
    "vous", "pouvez", "peuvent", "devez", "doivent", "possible", "faut", "selon", "extrait",
    "extraits", "indique", "indiquent", "precise", "precisent", "notamment", "egalement",
    "aussi", "alors", "ainsi", "merci", "bonjour", "cette", "votre", "leurs", "celle", "celui",
    "suffit", "auprès", "aupres", "faire", "effectuer", NULL};

/* Share of the answer's content words found in the cited excerpts. */
static bool grounded(const struct words *a, const struct words *cited, char *why, size_t whysz)
{
    int total = 0, found = 0;
    for (int i = 0; i < a->n; i++) {
        const char *w = a->w[i];
        if (strlen(w) < 4 || is_digit(w[0]) || analyze_is_stopword(w, strlen(w)) || in_list(w, glue_words))
            continue;
        total++;
        for (int j = 0; j < cited->n; j++)
            if (prefix_eq(w, cited->w[j])) {
                found++;
                break;
            }
    }
    if (total < GROUNDED_MIN_WORDS || found >= GROUNDED_MIN * total)
        return true;
    snprintf(why, whysz, "ungrounded: %d/%d", found, total);
    return false;
}

/* ---- the check -------------------------------------------------------------- */

struct cites {
    unsigned mask;
    int bad;      /* first citation out of range, 0 = none */
    int count;
    int nex;
};

static void on_cite(void *ctx, int k)
{
    struct cites *c = ctx;
    c->count++;
    if (k < 1 || k > c->nex) {
        if (!c->bad)
            c->bad = k ? k : -1;
    } else if (k <= 32) {
        c->mask |= 1u << (k - 1);
    }
}

static bool has_letters(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (letter_at(s, n, i))
            return true;
    return false;
}

void verify_answer(const struct verify_input *in, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    const char *ans = in->answer ? in->answer : "";
    size_t n = strlen(ans);
    int nex = in->nex < VERIFY_EXCERPTS_MAX ? in->nex : VERIFY_EXCERPTS_MAX;
    char *m = xmalloc(n + 1);
    memcpy(m, ans, n + 1);
    struct cites ct = {0, 0, 0, nex};
    scan_citations(m, n, on_cite, &ct);
    out->cited = ct.mask;

    struct words aw = {0}, cw = {0};
    struct factset af = {0}, ef = {0};
    struct buf cited;
    buf_init(&cited, (size_t)64 * 1024 * VERIFY_EXCERPTS_MAX);
    words_of(ans, &aw);

    if (!has_letters(m)) {
        snprintf(out->reason, sizeof out->reason, "empty");
        goto out;
    }
    if (strstr(ans, "<question") || strstr(ans, "</question") || strstr(ans, "<extrait") ||
        strstr(ans, "</extrait") || leaks(&aw, in->leak_reference)) {
        snprintf(out->reason, sizeof out->reason, "prompt_leak");
        goto out;
    }
    if (in->no_answer) {
        char *fa = analyze_fold(ans, n), *fn = analyze_fold(in->no_answer, strlen(in->no_answer));
        bool said = *fn && strstr(fa, fn);
        free(fa);
        free(fn);
        if (said) {
            snprintf(out->reason, sizeof out->reason, "no_answer");
            goto out;
        }
    }
    if (off_language(ans, &aw)) {
        snprintf(out->reason, sizeof out->reason, "off_language");
        goto out;
    }
    if (ct.bad) {
        snprintf(out->reason, sizeof out->reason, "bad_citation: [%d]", ct.bad < 0 ? 0 : ct.bad);
        goto out;
    }
    if (!ct.mask) {
        snprintf(out->reason, sizeof out->reason, "no_citation");
        goto out;
    }
    for (int i = 0; i < nex; i++)
        if (ct.mask & (1u << i)) {
            buf_adds(&cited, in->excerpts[i] ? in->excerpts[i] : "");
            buf_adds(&cited, "\n");
        }
    verify_facts(buf_str(&cited), cited.len, factset_add, &ef);
    verify_facts(ans, n, factset_add, &af);
    for (int i = 0; i < af.n; i++)
        if (!factset_has(&ef, af.canon[i])) {
            size_t len = af.end[i] - af.start[i];
            if (len > 40)
                len = 40;
            snprintf(out->reason, sizeof out->reason, "invented_figure: %.*s", (int)len, ans + af.start[i]);
            goto out;
        }
    words_of(buf_str(&cited), &cw);
    if (!grounded(&aw, &cw, out->reason, sizeof out->reason))
        goto out;
    out->ok = true;
out:
    free(m);
    words_free(&aw);
    words_free(&cw);
    factset_free(&af);
    factset_free(&ef);
    buf_free(&cited);
}
