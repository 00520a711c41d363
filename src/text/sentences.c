/* sentences.c — sentence boundaries for French. */
#include "text/sentences.h"

#include <stdbool.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* With their lengths: is_abbrev runs at most full stops of every passage
 * composed from. */
#define A(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t n;
} abbrev[] = {
    A("M"), A("MM"), A("Mme"), A("Mmes"), A("Mlle"), A("Dr"), A("Pr"), A("Me"), A("St"), A("Ste"),
    A("art"), A("Art"), A("av"), A("bd"), A("ch"), A("chap"), A("cf"), A("env"), A("etc"), A("ex"),
    A("fig"), A("hab"), A("max"), A("min"), A("n"), A("no"), A("N"), A("p"), A("pp"), A("réf"),
    A("ref"), A("tél"), A("tel"), A("vol"), A("vs"), A("apr"), A("av. J.-C"), A("J.-C"), A("sq"),
    A("c.-à-d"), A("éd"),
};
#undef A

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_abbrev(const char *text, size_t dot)
{
    size_t s = dot;
    /* The word before the dot, without an elided article ("l'art.", "d’art."). */
    while (s > 0 && text[s - 1] != ' ' && text[s - 1] != '(' && text[s - 1] != '\n' &&
           text[s - 1] != '\'' && !(s >= 3 && !memcmp(text + s - 3, "\xE2\x80\x99", 3)))
        s--;
    size_t n = dot - s;
    if (n == 0)
        return false;
    /* An initial: "J. Dupont", and the last one of "J.-P. Morel". */
    if (is_upper(text[dot - 1]) && (n == 1 || text[dot - 2] == '-' || text[dot - 2] == '.'))
        return true;
    for (size_t i = 0; i < sizeof abbrev / sizeof abbrev[0]; i++) {
        const char *a = abbrev[i].s;
        if (abbrev[i].n != n || memcmp(a + 1, text + s + 1, n - 1))
            continue;
        /* Capitalised at the start of a sentence: "Tél. 02 38 00 10 00". */
        if (a[0] == text[s] || (a[0] >= 'a' && a[0] <= 'z' && text[s] == a[0] - 'a' + 'A'))
            return true;
    }
    return false;
}

bool sentences_capital_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && u[0] >= 'A' && u[0] <= 'Z')
        return true;
    return n >= 2 && u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97;
}

/* Does a new sentence start at text[i] (after spaces)? */
static bool starts_sentence(const char *t, size_t i, size_t len)
{
    if (i >= len)
        return true;
    unsigned char c = (unsigned char)t[i];
    if (sentences_capital_at(t + i, len - i) || (c >= '0' && c <= '9') || c == '"' || c == '(' ||
        c == '-')
        return true;
    return c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xAB; /* « */
}

static void push(const char *t, size_t a, size_t b, struct span *out, size_t max, size_t *n)
{
    while (a < b && (t[a] == ' ' || t[a] == '\t'))
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r'))
        b--;
    if (a == b)
        return;
    if (*n < max)
        out[*n] = (struct span){a, b};
    (*n)++;
}

/* The bytes the loop below looks at: everything else is skipped at once. */
static const bool special[256] = {['\n'] = true, ['.'] = true, ['!'] = true, ['?'] = true,
                                  [0xE2] = true};

/* The first special byte of t[i, len), or len.  Sixteen bytes at a time
 * where SSE2 is there (every x86-64): the byte-by-byte scan was most of the
 * splitting, which runs on every passage an answer is composed from. */
static size_t next_special(const char *t, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                  ask = _mm_set1_epi8('?'), e2 = _mm_set1_epi8((char)0xE2);
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dot)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, ask)));
        int bits = _mm_movemask_epi8(_mm_or_si128(m, _mm_cmpeq_epi8(v, e2)));
        if (bits)
            return i + (size_t)__builtin_ctz((unsigned)bits);
    }
#endif
    while (i < len && !special[(unsigned char)t[i]])
        i++;
    return i;
}

size_t sentences_split(const char *t, size_t len, struct span *out, size_t max)
{
    size_t n = 0, start = 0, i = 0;
    while (i < len) {
        i = next_special(t, i, len);
        if (i == len)
            break;
        char c = t[i];
        if (c == '\n') {
            push(t, start, i, out, max, &n);
            start = ++i;
            continue;
        }
        size_t endp = 0; /* byte after the terminator */
        if (c == '.' || c == '!' || c == '?')
            endp = i + 1;
        else if ((unsigned char)c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
                 (unsigned char)t[i + 2] == 0xA6) /* … */
            endp = i + 3;
        if (!endp) {
            i++;
            continue;
        }
        /* Runs of terminators and closing quotes/brackets stay with the sentence. */
        while (endp < len && (t[endp] == '.' || t[endp] == '!' || t[endp] == '?' || t[endp] == ')' ||
                              t[endp] == '"'))
            endp++;
        /* A closing », after the (no-break) space French typography puts before it. */
        size_t q = endp;
        while (q < len && (t[q] == ' ' || (q + 1 < len && !memcmp(t + q, "\xC2\xA0", 2)) ||
                           (q + 2 < len && !memcmp(t + q, "\xE2\x80\xAF", 3))))
            q += t[q] == ' ' ? 1 : (unsigned char)t[q] == 0xC2 ? 2 : 3;
        if (q + 1 < len && (unsigned char)t[q] == 0xC2 && (unsigned char)t[q + 1] == 0xBB)
            endp = q + 2; /* » */
        size_t j = endp;
        bool space = false;
        while (j < len && (t[j] == ' ' || (unsigned char)t[j] == 0xC2)) {
            if ((unsigned char)t[j] == 0xC2) {
                if (j + 1 < len && (unsigned char)t[j + 1] == 0xA0) { /* no-break space */
                    j += 2;
                    space = true;
                    continue;
                }
                break;
            }
            j++;
            space = true;
        }
        if (j >= len || t[j] == '\n' ||
            (space && starts_sentence(t, j, len) && !(c == '.' && is_abbrev(t, i)))) {
            push(t, start, endp, out, max, &n);
            start = j;
            i = j;
            continue;
        }
        i = endp;
    }
    push(t, start, len, out, max, &n);
    return n;
}
