/* fuzzy.c — bounded Damerau (optimal string alignment) distance. */
#include "text/fuzzy.h"

#include <string.h>

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int fuzzy_distance(const char *a, size_t al, const char *b, size_t bl, int max)
{
    if (al > FUZZY_WORD_MAX || bl > FUZZY_WORD_MAX)
        return al == bl && !memcmp(a, b, al) ? 0 : max + 1;
    if ((al > bl ? al - bl : bl - al) > (size_t)max)
        return max + 1;
    int rows[3][FUZZY_WORD_MAX + 1];
    int *pp = rows[0], *p = rows[1], *c = rows[2];
    for (size_t j = 0; j <= bl; j++)
        p[j] = (int)j;
    for (size_t i = 1; i <= al; i++) {
        c[0] = (int)i;
        int best = c[0];
        for (size_t j = 1; j <= bl; j++) {
            int cost = a[i - 1] != b[j - 1];
            c[j] = min3(p[j] + 1, c[j - 1] + 1, p[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < c[j])
                c[j] = pp[j - 2] + 1;
            if (c[j] < best)
                best = c[j];
        }
        if (best > max)
            return max + 1;
        int *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[bl] > max ? max + 1 : p[bl];
}

bool fuzzy_word_match(const char *t, size_t tl, const char *k, size_t kl)
{
    if (tl == kl && !memcmp(t, k, tl))
        return true;
    /* piscine / piscines */
    if (tl + 1 == kl && k[kl - 1] == 's' && !memcmp(t, k, tl))
        return true;
    if (kl + 1 == tl && t[tl - 1] == 's' && !memcmp(t, k, kl))
        return true;
    if (tl < 5 || kl < 5)
        return false;
    int max = kl >= 9 ? 2 : 1;
    if (fuzzy_distance(t, tl, k, kl, max) <= max)
        return true;
    /* Typed by ear, a long word: "mediatek" for "mediatheque", the same
     * skeleton. */
    if (kl < FUZZY_SKEL_LONG || tl < FUZZY_SKEL_LONG - 2 || tl > FUZZY_WORD_MAX ||
        kl > FUZZY_WORD_MAX)
        return false;
    char a[FUZZY_WORD_MAX], b[FUZZY_WORD_MAX];
    size_t al = fuzzy_skeleton(t, tl, a), bl = fuzzy_skeleton(k, kl, b);
    return al == bl && !memcmp(a, b, al);
}

size_t fuzzy_skeleton(const char *w, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i], next = i + 1 < n ? w[i + 1] : '\0';
        if (i && (c == 'e' || c == 'h'))
            continue;
        /* The same sound, however written: "qu", "q" and a hard "c" are
         * "k", a soft "c" is "s", "ph" is "f". */
        if (c == 'q') {
            c = 'k';
            if (next == 'u')
                i++;
        } else if (c == 'c' && next != 'h') {
            c = next == 'e' || next == 'i' || next == 'y' ? 's' : 'k';
        } else if (c == 'p' && next == 'h') {
            c = 'f';
            i++;
        }
        if (k && out[k - 1] == c)
            continue;
        out[k++] = c;
    }
    return k;
}
