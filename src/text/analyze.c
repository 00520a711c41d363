/* analyze.c — French analysis: fold, elide, stem, strip accents.
 *
 * Per-code-point work is table driven for U+0000..U+024F (Latin, which is
 * nearly all French text); other code points go through utf8proc.  No
 * allocation per word: words are built in fixed buffers of the analyzer. */
#include "text/analyze.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/langdata.h"
#include "text/numbers_fr.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/utf8.h"

#define TABLE_MAX 0x250

struct fold {
    char lower[4];  /* UTF-8 of the lower-case form ("" = use code point) */
    char base[3];   /* lower case, accents stripped, ligatures expanded */
    unsigned char lower_len, base_len;   /* their lengths (next_word reads them per letter) */
};

static struct fold table[TABLE_MAX];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* Lower case and accent-stripped base of one code point, through utf8proc. */
static void fold_slow(int32_t cp, char lower[4], char base[3], size_t *baselen)
{
    int32_t lc = utf8proc_tolower(cp);
    size_t n = utf8_encode(lc, lower);
    if (n < 4)
        lower[n] = '\0';
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(lc, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
                                                 &last);
    *baselen = 0;
    if (k == 1 && dec[0] < 0x80) {
        base[0] = (char)dec[0];
        *baselen = 1;
    }
}

static void irregular_init(void);

/* French stop words (data/fr/stopwords.txt), folded, sorted by langdata. */
static const struct ld_list *stopwords;

/* The folding table, and the irregular forms (both read-only afterwards). */
static void table_init(void)
{
    stopwords = langdata_list(LD_STOPWORDS);
    irregular_init();
    for (int32_t cp = 0; cp < TABLE_MAX; cp++) {
        struct fold *f = &table[cp];
        size_t bl = 0;
        fold_slow(cp, f->lower, f->base, &bl);
        if (cp == 0x153 || cp == 0x152) /* œ Œ */
            memcpy(f->base, "oe", 3);
        else if (cp == 0xE6 || cp == 0xC6) /* æ Æ */
            memcpy(f->base, "ae", 3);
        else if (cp == 0xDF) /* ß */
            memcpy(f->base, "ss", 3);
        else if (bl == 1)
            f->base[1] = '\0';
        else
            f->base[0] = '\0';
        f->lower_len = (unsigned char)(f->lower[0] ? strnlen(f->lower, 4) : 0);
        f->base_len = (unsigned char)strlen(f->base);
    }
}

/* Stemming is most of the cost of analysis, and words repeat: a small
 * direct-mapped cache of the last stems, per analyzer (so per thread). */
#define STEM_CACHE 2048
#define STEM_CACHE_WORD 31

struct stem_entry {
    unsigned char len, stemlen;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
};

struct analyzer {
    struct sb_stemmer *stem;
    struct stem_entry *cache;
};

struct analyzer *analyzer_new(void)
{
    pthread_once(&table_once, table_init);
    struct analyzer *a = xcalloc(1, sizeof *a);
    a->stem = sb_stemmer_new("french", "UTF_8");
    if (!a->stem)
        abort();
    a->cache = xcalloc(STEM_CACHE, sizeof *a->cache);
    return a;
}

void analyzer_free(struct analyzer *a)
{
    if (!a)
        return;
    sb_stemmer_delete(a->stem);
    free(a->cache);
    free(a);
}

static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void key_free(void *p)
{
    analyzer_free(p);
}

static void key_init(void)
{
    pthread_key_create(&thread_key, key_free);
}

struct analyzer *analyze_thread(void)
{
    pthread_once(&key_once, key_init);
    struct analyzer *a = pthread_getspecific(thread_key);
    if (!a) {
        a = analyzer_new();
        pthread_setspecific(thread_key, a);
    }
    return a;
}

static int cmp_stop(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

bool analyze_has_words(const char *text, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(text, phrase); n && p; p = strstr(p + 1, phrase))
        if ((p == text || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

bool analyze_is_stopword(const char *surface, size_t len)
{
    char w[32];
    if (len == 0 || len >= sizeof w)
        return false;
    memcpy(w, surface, len);
    w[len] = '\0';
    pthread_once(&table_once, table_init);
    return bsearch(w, stopwords->first, stopwords->n, sizeof *stopwords->first, cmp_stop) != NULL;
}

static bool is_ascii_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

/* Strip accents of a folded UTF-8 string into out. */
static size_t strip(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t k = utf8_next(s + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        i += k;
        char tmp[4];
        const char *b;
        size_t bl;
        if (cp < TABLE_MAX && table[cp].base[0]) {
            b = table[cp].base;
            bl = table[cp].base_len;
        } else if (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) {
            continue; /* a lone combining mark */
        } else {
            bl = utf8_encode(cp, tmp);
            b = tmp;
        }
        if (o + bl >= outsz)
            break;
        memcpy(out + o, b, bl);
        o += bl;
    }
    out[o] = '\0';
    return o;
}

static size_t stem_uncached(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz);

size_t analyze_stem(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz)
{
    if (len == 0 || len >= STEM_CACHE_WORD)
        return stem_uncached(a, word, len, out, outsz);
    struct stem_entry *e = &a->cache[strmap_hash(word, len) % STEM_CACHE];
    if (e->len != len || memcmp(e->word, word, len)) {
        size_t n = stem_uncached(a, word, len, e->stem, sizeof e->stem);
        e->len = (unsigned char)len;
        memcpy(e->word, word, len);
        e->stemlen = (unsigned char)n;
    }
    size_t n = e->stemlen < outsz ? e->stemlen : outsz - 1;
    memcpy(out, e->stem, n);
    out[n] = '\0';
    return n;
}

/* Irregular verbs (and the adjectives nouveau/beau/vieux): the forms the stemmer leaves
 * apart ("meurt", "mourut", "mort"; "né", "naquit", "naissance"; "prit",
 * "pris", "prend") share one term, so that a question in the passé composé
 * ("est-il mort ?") meets a text in the passé simple or the present ("il
 * meurt en 1850").  The families are data/fr/verb-families.txt (a form in
 * one family only: langdata checks it); table_init() turns them into
 * `irregular`, sorted by form. */
static struct irregular {
    const char *form, *term;
} *irregular;
static size_t nirregular;

static int cmp_irregular(const void *k, const void *e)
{
    return strcmp(k, ((const struct irregular *)e)->form);
}

static int cmp_irregular_forms(const void *a, const void *b)
{
    return cmp_irregular(((const struct irregular *)a)->form, b);
}

/* The forms of every family, sorted for bsearch (read-only afterwards). */
static void irregular_init(void)
{
    const struct ld_list *fam = langdata_list(LD_VERB_FAMILIES);
    size_t n = 0;
    for (size_t i = 0; i < fam->n; i++)
        n += fam->e[i].nfield - 1;
    irregular = xcalloc(n ? n : 1, sizeof *irregular);
    for (size_t i = 0; i < fam->n; i++)
        for (uint32_t j = 1; j < fam->e[i].nfield; j++)
            irregular[nirregular++] = (struct irregular){fam->e[i].field[j], fam->e[i].field[0]};
    qsort(irregular, nirregular, sizeof irregular[0], cmp_irregular_forms);
}

/* A number in words, as one word ("trois", "troisième", "vingt", "mille"):
 * its value in digits into out, so that it meets "3" and "3e"; 0 when word is
 * something else.  "un", "une" (articles), "premier", "première" (a rank
 * more than a number) and "neuf" (also "new") are left as words. */
static size_t number_word(const char *word, size_t len, char *out, size_t outsz)
{
    struct numfr nf;
    /* Number words begin with one of these letters; the longest is "cinquantièmes". */
    if (len > 14 || !memchr("cdhmnopqstuvz", word[0], 13) || !numfr_read(word, len, 0, &nf) ||
        nf.end != len || nf.lone_one || nf.lone_neuf)
        return 0;
    int n = snprintf(out, outsz, "%ld", nf.value);
    return n > 0 && (size_t)n < outsz ? (size_t)n : 0;
}

static size_t stem_uncached(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz)
{
    size_t nn = number_word(word, len, out, outsz);
    if (nn)
        return nn;
    char plain[ANALYZE_WORD_MAX + 8];
    strip(word, len, plain, sizeof plain);
    const struct irregular *v = bsearch(plain, irregular, nirregular, sizeof irregular[0],
                                        cmp_irregular);
    if (v) {
        size_t n = strlen(v->term);
        if (n >= outsz)
            n = outsz - 1;
        memcpy(out, v->term, n);
        out[n] = '\0';
        return n;
    }
    const sb_symbol *r = sb_stemmer_stem(a->stem, (const sb_symbol *)word, (int)len);
    if (!r)
        return strip(word, len, out, outsz);
    size_t rn = (size_t)sb_stemmer_length(a->stem);
    /* Snowball keeps the "-ent" of the third person plural ("portent",
     * "jouent", "bénéficient"), as in "parent", "différent": a stem ending
     * in "-ent" is taken as the stem of its "-e" form ("porte", "parente",
     * "différente"), the same for the whole family ("parents", "différentes"
     * stem to "parent", "different" first). */
    char sing[ANALYZE_WORD_MAX + 8];
    if (rn >= 6 && rn < ANALYZE_WORD_MAX && !memcmp(r + rn - 3, "ent", 3)) {
        memcpy(sing, r, rn - 3);
        sing[rn - 3] = 'e';
        const sb_symbol *r2 = sb_stemmer_stem(a->stem, (const sb_symbol *)sing, (int)(rn - 2));
        if (r2) {
            r = r2;
            rn = (size_t)sb_stemmer_length(a->stem);
        }
    }
    size_t n = strip((const char *)r, rn, out, outsz);
    /* Names of inhabitants meet their place: "italien" → "ital" like
     * "Italie", "algérien" like "Algérie", "gaulois" like "Gaule",
     * "villageois" like "village".  Snowball leaves "-ien" and "-ois". */
    if (n >= 7 && (!memcmp(out + n - 3, "ien", 3) || !memcmp(out + n - 3, "ois", 3))) {
        bool ois = out[n - 3] == 'o';
        n -= 3;
        if (ois && out[n - 1] == 'e')
            n--; /* "villageois" → "villag", as Snowball cuts "village" */
        out[n] = '\0';
    }
    return n;
}

/* A word of a text, folded: accented (lower case, œ/æ → oe/ae) and
 * stripped (accents removed too), each at most ANALYZE_WORD_MAX bytes (an
 * over-long word keeps its head). */
struct word {
    char acc[ANALYZE_WORD_MAX + 8], surf[ANALYZE_WORD_MAX + 8];
    size_t al, sl;
    size_t start, end;   /* byte offsets in the text */
    bool has_alpha;      /* not only digits */
};

/* Read the next word of text[*i..len) into w and move *i past it; false at
 * the end.  Invalid bytes separate words; a word that folds to nothing (lone
 * combining marks) is skipped. */
static bool next_word(const char *text, size_t len, size_t *i, struct word *w)
{
    pthread_once(&table_once, table_init);
    while (*i < len) {
        int32_t cp;
        size_t k = utf8_next(text + *i, len - *i, &cp);
        if (!k) {
            (*i)++;
            continue;
        }
        if (!is_word_cp(cp)) {
            *i += k;
            continue;
        }
        w->start = *i;
        w->al = w->sl = 0;
        w->has_alpha = false;
        while (*i < len) {
            k = utf8_next(text + *i, len - *i, &cp);
            if (!k || !is_word_cp(cp))
                break;
            *i += k;
            if (w->al >= ANALYZE_WORD_MAX)
                continue; /* over-long word: keep its head */
            char lo[4];
            size_t ll;
            const char *base;
            size_t bl;
            char tmp[4];
            if (cp < TABLE_MAX) {
                ll = table[cp].lower_len;
                memcpy(lo, table[cp].lower, ll);
                base = table[cp].base;
                bl = table[cp].base_len;
                if (!bl && cp >= 0x80 && utf8proc_category(cp) != UTF8PROC_CATEGORY_MN) {
                    base = lo;
                    bl = ll;
                }
            } else {
                fold_slow(cp, lo, tmp, &bl);
                ll = strnlen(lo, 4);
                if (bl) {
                    base = tmp;
                } else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) {
                    base = "";
                } else {
                    base = lo;
                    bl = ll;
                }
            }
            if (cp == 0x153 || cp == 0x152 || cp == 0xE6 || cp == 0xC6) {
                memcpy(lo, base, 2); /* œ → oe in the accented form too */
                ll = 2;
            }
            if (w->al + ll > ANALYZE_WORD_MAX || w->sl + bl > ANALYZE_WORD_MAX)
                continue;
            memcpy(w->acc + w->al, lo, ll);
            w->al += ll;
            memcpy(w->surf + w->sl, base, bl);
            w->sl += bl;
            if (!(cp >= '0' && cp <= '9'))
                w->has_alpha = true;
        }
        w->acc[w->al] = '\0';
        w->surf[w->sl] = '\0';
        w->end = *i;
        if (w->sl)
            return true;
    }
    return false;
}

/* Ordinal suffixes after digits, as the surface spells them (folded, accents
 * stripped): "2e", "2ème", "2ieme", "1er", "1re", "1ère", "2nd", "2nde", their
 * plurals, and the superscripts of careful typography ("2ᵉ", "1ᵉʳ").  `only`:
 * the one number the suffix goes with ("1er", "2nd"), or 0 for any; after 1,
 * "er", "re", "ère" spell "premier", "première". */
static const struct digit_suffix {
    const char *s;
    char only;
} digit_suffixes[] = {
    {"e", 0}, {"es", 0}, {"eme", 0}, {"emes", 0}, {"ieme", 0}, {"iemes", 0},
    {"\xe1\xb5\x89", 0},                                     /* ᵉ */
    {"er", '1'}, {"ers", '1'}, {"re", '1'}, {"res", '1'}, {"ere", '1'}, {"eres", '1'},
    {"\xe1\xb5\x89\xca\xb3", '1'}, {"\xca\xb3\xe1\xb5\x89", '1'}, /* ᵉʳ, ʳᵉ */
    {"nd", '2'}, {"nds", '2'}, {"nde", '2'}, {"ndes", '2'},
};

/* An ordinal written with digits ("2e", "1er", "20ème"): the number of its
 * digits in the surface s[0..n), or 0 when s is something else ("8h30",
 * "2m", "1e10", "3er"); *premier tells "1er", "1re", "1ère". */
static size_t digit_ordinal(const char *s, size_t n, bool *premier)
{
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    if (!d || d == n)
        return 0;
    for (size_t i = 0; i < sizeof digit_suffixes / sizeof digit_suffixes[0]; i++) {
        const struct digit_suffix *x = &digit_suffixes[i];
        if (strlen(x->s) == n - d && !memcmp(s + d, x->s, n - d)) {
            if (x->only && (d > 1 || s[0] != x->only))
                return 0;
            *premier = x->only == '1';
            return d;
        }
    }
    return 0;
}

/* A century, a king or a republic in roman numerals: "XIXe", "IIIe", "Ve",
 * "Ier", "Ière", "XXème".  The value (1..39) of the ordinal that starts the
 * word s[0..n) of the original text, or 0.  The numeral must be upper case,
 * well formed and of I, V, X only, and the suffix lower case: "De", "Le",
 * "vie", "VIE", "CV" or "Louis XIV" (no suffix) are words.  "Ire" is left
 * alone: it is also a word ("ire", anger).  *premier tells "Ier", "Ière". */
static int roman_ordinal(const char *s, size_t n, bool *premier)
{
    static const char *const units[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    size_t k = 0;
    while (k < n && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X'))
        k++;
    if (!k)
        return 0;
    size_t p = 0;
    while (p < k && p < 3 && s[p] == 'X')
        p++;
    int v = -1;
    for (int u = 0; u < 10; u++)
        if (strlen(units[u]) == k - p && !memcmp(s + p, units[u], k - p))
            v = 10 * (int)p + u;
    if (v <= 0)
        return 0;
    static const char *const any[] = {"e", "\xc3\xa8me", "eme", "\xe1\xb5\x89"};   /* e ème eme ᵉ */
    static const char *const first[] = {"er", "\xc3\xa8re", "\xe1\xb5\x89\xca\xb3"}; /* er ère ᵉʳ */
    for (size_t i = 0; i < sizeof any / sizeof any[0]; i++)
        if (strlen(any[i]) == n - k && !memcmp(s + k, any[i], n - k))
            return v;
    for (size_t i = 0; v == 1 && i < sizeof first / sizeof first[0]; i++)
        if (strlen(first[i]) == n - k && !memcmp(s + k, first[i], n - k)) {
            *premier = true;
            return v;
        }
    return 0;
}

/* A number of several words ("dix-huit", "vingt et un", "deux cents") that
 * starts with the word w of text, whose term (or surface, for "un", "une",
 * "neuf", which are not numbers alone) says it may: w grows to span them all,
 * its folded forms joined by "-" ("vingt-et-un", so the exact form still
 * tells the spelling), *i moves past them, and the value replaces term
 * (termsz bytes).  Returns the value's length, or 0 when the number is w
 * alone. */
static size_t number_words(const char *text, size_t len, size_t *i, struct word *w, char *term,
                           size_t termsz)
{
    if (!w->has_alpha)
        return 0;
    size_t sp = w->end < len && text[w->end] == '-' ? 1 : numfr_space_len(text, len, w->end);
    if (!sp || w->end + sp >= len)
        return 0;
    char next = (char)(text[w->end + sp] | 0x20);   /* ASCII lower case */
    if (term[0] >= '0' && term[0] <= '9') {
        if (strspn(term, "0123456789") != strlen(term))
            return 0;
    } else if (!strcmp(w->surf, "un") || !strcmp(w->surf, "une")) {
        if (next != 'm')
            return 0;   /* "un million": "un mille", "un cent" are not French */
    } else if (!strcmp(w->surf, "neuf")) {
        if (next != 'c' && next != 'm')
            return 0;   /* "neuf cents", "neuf mille" */
    } else {
        return 0;
    }
    struct numfr nf;
    if (!numfr_read(text, len, w->start, &nf) || nf.words < 2)
        return 0;
    int n = snprintf(term, termsz, "%ld", nf.value);
    if (n <= 0 || (size_t)n >= termsz)
        return 0;
    struct word x;
    while (next_word(text, nf.end, i, &x)) {
        if (w->sl + 1 + x.sl <= ANALYZE_WORD_MAX) {
            w->surf[w->sl++] = '-';
            memcpy(w->surf + w->sl, x.surf, x.sl + 1);
            w->sl += x.sl;
        }
        if (w->al + 1 + x.al <= ANALYZE_WORD_MAX) {
            w->acc[w->al++] = '-';
            memcpy(w->acc + w->al, x.acc, x.al + 1);
            w->al += x.al;
        }
    }
    w->end = nf.end;
    return (size_t)n;
}

/* A number whose thousands are set apart, as French writes them ("20 000",
 * "1 500 000", with a space or a no-break space): the digits w, of 1 to 3
 * digits, grow to span the groups of exactly 3 digits that follow, one space
 * apart, their surface joined ("20000", as "20000" and "vingt mille"); *i
 * moves past them.  False when no group follows. */
static bool digit_groups(const char *text, size_t len, size_t *i, struct word *w)
{
    if (w->has_alpha || w->sl > 3)
        return false;
    bool grew = false;
    for (;;) {
        size_t sp = numfr_space_len(text, len, w->end);
        size_t g = w->end + sp;
        if (!sp || g + 3 > len || w->sl + 3 > ANALYZE_WORD_MAX)
            break;
        size_t k = 0;
        while (k < 3 && text[g + k] >= '0' && text[g + k] <= '9')
            k++;
        if (k < 3 || (g + 3 < len && (is_ascii_word(text[g + 3]) || text[g + 3] == '-')))
            break;   /* not a group of 3 digits alone: "20 0001", "20 000e", "12 345-6" */
        memcpy(w->surf + w->sl, text + g, 3);
        memcpy(w->acc + w->al, text + g, 3);
        w->sl += 3;
        w->al += 3;
        w->surf[w->sl] = w->acc[w->al] = '\0';
        w->end = g + 3;
        grew = true;
    }
    if (grew)
        *i = w->end;
    return grew;
}

/* The suffix of an ordinal in digits set apart from it ("1 er janvier", "la
 * 2 e année": superscripts lost when a page was turned into text), after
 * the digits w: w grows to span it, its surface the two joined ("1er"), and
 * *i moves past it.  False when the next word is something else. */
static bool digit_suffix_apart(const char *text, size_t len, size_t *i, struct word *w)
{
    if (w->has_alpha)
        return false;
    size_t sp = numfr_space_len(text, len, w->end);
    if (!sp)
        return false;
    size_t j = w->end;
    struct word x;
    if (!next_word(text, len, &j, &x) || x.start != w->end + sp || w->sl + x.sl > ANALYZE_WORD_MAX ||
        (x.end < len && text[x.end] == '-'))   /* "2 e-mails" */
        return false;
    char joined[2 * ANALYZE_WORD_MAX + 16];
    memcpy(joined, w->surf, w->sl);
    memcpy(joined + w->sl, x.surf, x.sl);
    bool premier;
    if (digit_ordinal(joined, w->sl + x.sl, &premier) != w->sl)
        return false;
    memcpy(w->surf + w->sl, x.surf, x.sl + 1);
    w->sl += x.sl;
    memcpy(w->acc + w->al, x.acc, x.al + 1);
    w->al += x.al;
    w->end = x.end;
    *i = j;
    return true;
}

void analyze_text(struct analyzer *a, const char *text, size_t len, analyze_cb cb, void *ctx)
{
    struct word w;
    char term[ANALYZE_WORD_MAX + 8];
    size_t i = 0;
    int pos = 0;
    while (next_word(text, len, &i, &w)) {
        struct token t = {
            .surface = w.surf, .surface_len = w.sl, .accented = w.acc, .start = w.start,
            .end = w.end, .pos = pos++,
        };
        /* "né" (born) is not the negation "ne". */
        t.stop = analyze_is_stopword(w.surf, w.sl) && strcmp(w.acc, "né");
        if (digit_groups(text, len, &i, &w) || digit_suffix_apart(text, len, &i, &w)) {
            t.surface_len = w.sl;
            t.end = w.end;
        }
        bool premier = false;
        size_t nd = t.stop ? 0 : digit_ordinal(w.surf, w.sl, &premier);
        int roman = t.stop || nd ? 0 : roman_ordinal(text + w.start, w.end - w.start, &premier);
        if (nd) {
            /* "2e", "2ème", "2nde" are the number 2: they meet "deuxième"
             * and "2"; the surface keeps the suffix, for the exact form. */
            memcpy(term, w.surf, nd);
            term[nd] = '\0';
            t.term_len = nd;
        } else if (roman) {
            t.term_len = (size_t)snprintf(term, sizeof term, "%d", roman);
        } else if (t.stop || !w.has_alpha || (w.sl <= 2 && strcmp(w.acc, "né"))) {
            memcpy(term, w.surf, w.sl + 1);
            t.term_len = w.sl;
        } else {
            t.term_len = analyze_stem(a, w.acc, w.al, term, sizeof term);
        }
        /* "1er", "1re", "Ier" are "premier", "première" written short: they
         * take its term, not 1 ("premier" alone is not the number). */
        if (premier)
            t.term_len = analyze_stem(a, "premier", strlen("premier"), term, sizeof term);
        size_t nw = number_words(text, len, &i, &w, term, sizeof term);
        if (nw) {
            t.stop = false;   /* "un million" */
            t.term_len = nw;
            t.surface_len = w.sl;
            t.end = w.end;
        }
        t.term = term;
        if (cb(ctx, &t))
            return;
    }
}

char *analyze_fold(const char *text, size_t len)
{
    /* Each input byte yields at most 2 output bytes (œ → oe, ß → ss), plus spaces. */
    char *out = xmalloc(2 * len + 2);
    size_t n = 0, i = 0;
    struct word w;
    while (next_word(text, len, &i, &w)) {
        if (n)
            out[n++] = ' ';
        memcpy(out + n, w.surf, w.sl);
        n += w.sl;
    }
    out[n] = '\0';
    return out;
}

size_t analyze_fold_word(const char *word, size_t len, char *out, size_t outsz)
{
    struct word w;
    size_t i = 0;
    if (!next_word(word, len, &i, &w) || w.start || w.end != len || w.sl >= outsz)
        return 0;
    memcpy(out, w.surf, w.sl + 1);
    return w.sl;
}
