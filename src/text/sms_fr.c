/* sms_fr.c — French texting spelling to plain French (contract in sms_fr.h).
 *
 * Two passes over code points: the first removes emoji and format
 * characters and turns every blank into one kind of space; the second cuts
 * tokens, shortens repeated letters, looks tokens up in the abbreviation
 * table (binary search) and writes the result. */
#include "text/sms_fr.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/langdata.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

/* Texting forms and frequent misspellings seen in residents' messages:
 * data/fr/texting.tsv (its header says the rules for adding one), sorted by
 * strcmp() by langdata, turned into this table once. */
static struct sms_fr_abbrev *table;
static size_t ntable;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_init(void)
{
    const struct ld_list *l = langdata_list(LD_TEXTING);
    table = xcalloc(l->n ? l->n : 1, sizeof *table);
    for (size_t i = 0; i < l->n; i++) {
        const struct ld_entry *en = &l->e[i];
        const char *flags = en->nfield > 2 ? en->field[2] : "";
        table[i].from = en->field[0];
        table[i].to = en->field[1];
        table[i].flags = (strstr(flags, "before-word") ? SMS_FR_BEFORE_WORD : 0u) |
                         (strstr(flags, "not-after-det") ? SMS_FR_NOT_AFTER_DET : 0u);
    }
    ntable = l->n;
}

/* After these, an SMS_FR_NOT_AFTER_DET entry is a noun ("par cb"). */
static const char *const determiners[] = {
    "carte", "de", "des", "en", "la", "le", "les", "ma", "mon", "notre", "par", "sa", "ta",
    "un", "une", "votre",
};

/* Elisions looked through: "l'oraire" is "l'" + "oraire". */
static const char *const elisions[] = {"c", "d", "j", "l", "m", "n", "qu", "s", "t"};

#define KEY_MAX 64   /* bytes of a lower-cased token we look up; longer ones match nothing */

const struct sms_fr_abbrev *sms_fr_table(size_t *n)
{
    pthread_once(&table_once, table_init);
    *n = ntable;
    return table;
}

static int cmp_abbrev(const void *key, const void *elem)
{
    return strcmp(key, ((const struct sms_fr_abbrev *)elem)->from);
}

static const struct sms_fr_abbrev *lookup(const char *key)
{
    pthread_once(&table_once, table_init);
    return bsearch(key, table, ntable, sizeof table[0], cmp_abbrev);
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

/* ---- Character classes -------------------------------------------------- */

/* Emoji and pictographs, with what glues them together (variation
 * selectors, keycap, tags; ZWJ is a format character, removed anyway). */
static bool is_emoji(int32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
           (cp >= 0x25AA && cp <= 0x25FE) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xE0000 && cp <= 0xE007F) || cp == 0x20E3 || cp == 0x203C || cp == 0x2049 ||
           cp == 0x2122 || cp == 0x2139 || cp == 0x24C2 || cp == 0x2934 || cp == 0x2935 ||
           cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299 || cp == 0x00A9 ||
           cp == 0x00AE;
}

/* ASCII first: every question goes through here (not only texts), and
 * asking utf8proc about each letter was most of the cost.  Among ASCII
 * characters the only letters are A-Z a-z, the only numbers 0-9, and there
 * are no marks: the same answers as utf8proc's. */
static bool ascii_alpha(int32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

static bool ascii_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int32_t lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    return utf8proc_tolower(cp);
}

static bool is_letter(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return ascii_alpha(cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Letters, marks and numbers make tokens. */
static bool is_word(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return ascii_alpha(cp) || ascii_digit(cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static bool is_digit(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return ascii_digit(cp);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

/* Inside a token between two word characters. */
static bool is_joiner(int32_t cp)
{
    return is_apostrophe(cp) || cp == '-';
}

static bool is_vowel(int32_t lc)
{
    int32_t d[4];
    int bc = 0;
    if (lc == 0x0153 || lc == 0x00E6)   /* œ æ */
        return true;
    if (lc >= 0x80) {
        utf8proc_ssize_t n = utf8proc_decompose_char(lc, d, 4, UTF8PROC_DECOMPOSE, &bc);
        if (n < 1 || n > 4)
            return false;
        lc = d[0];
    }
    return lc == 'a' || lc == 'e' || lc == 'i' || lc == 'o' || lc == 'u' || lc == 'y';
}

static bool is_roman(int32_t cp)
{
    return cp == 'I' || cp == 'V' || cp == 'X' || cp == 'L' || cp == 'C' || cp == 'D' ||
           cp == 'M';
}

/* ---- Tokens ------------------------------------------------------------- */

/* "XIII", "XIIIe": capitals that are all Roman digits, then only lower case. */
static bool token_is_roman(const int32_t *t, size_t n)
{
    size_t p = 0;
    while (p < n && is_roman(t[p]))
        p++;
    if (p == 0)
        return false;
    for (; p < n; p++)
        if (!utf8proc_islower(t[p]))
            return false;
    return true;
}

/* Shorten runs of 3+ times the same letter into dst (room for n): to one
 * (vowels, or every letter when all_to_one), else to two.  Returns the new
 * length. */
static size_t collapse(const int32_t *t, size_t n, bool all_to_one, int32_t *dst)
{
    bool roman = token_is_roman(t, n);
    size_t k = 0, p = 0;
    while (p < n) {
        int32_t lc = lower(t[p]);
        size_t q = p + 1, keep;
        if (is_letter(t[p]))
            while (q < n && lower(t[q]) == lc)
                q++;
        keep = q - p;
        if (keep >= 3 && lc != 'w' && !(roman && is_roman(t[p])))
            keep = (all_to_one || is_vowel(lc)) ? 1 : 2;
        for (size_t i = 0; i < keep; i++)
            dst[k++] = t[p + i];
        p = q;
    }
    return k;
}

/* Lower-cased UTF-8 of t[0..n), ASCII apostrophes; false if over KEY_MAX. */
static bool make_key(const int32_t *t, size_t n, char key[KEY_MAX])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = is_apostrophe(t[i]) ? '\'' : lower(t[i]);
        char u[4];
        size_t m = utf8_encode(c, u);
        if (k + m >= KEY_MAX)
            return false;
        key[k] = u[0];   /* most letters are ASCII: no memcpy call for them */
        if (m > 1)
            memcpy(key + k + 1, u + 1, m - 1);
        k += m;
    }
    key[k] = '\0';
    return true;
}

/* ---- Writing ------------------------------------------------------------ */

struct norm {
    struct buf *out;
    size_t start;          /* out->len before the call */
    const int32_t *cp;     /* filtered text: blanks are ' ' */
    size_t n;
    int32_t *a, *b;        /* token work space, n code points each */
    bool pending;          /* a blank was seen since the last thing written */
    bool after_drop;       /* the last token was removed */
    char prev[KEY_MAX];    /* key of the previous token; "" after punctuation */
    bool prev_number;      /* the previous token starts with a digit */
};

/* Code points t[0..n) as UTF-8, a few hundred bytes per append. */
static enum gc_rc put_cps(struct buf *b, const int32_t *t, size_t n)
{
    enum gc_rc rc = GC_OK;
    char tmp[256];
    size_t k = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        k += utf8_encode(t[i], tmp + k);
        if (k > sizeof tmp - 4) {
            rc = buf_add(b, tmp, k);
            k = 0;
        }
    }
    if (!rc && k)
        rc = buf_add(b, tmp, k);
    return rc;
}

/* Write the pending space, if any.  None at the start, and none between a
 * removed token and the punctuation after it ("top mdr, merci"). */
static enum gc_rc separate(struct norm *s, bool punct)
{
    enum gc_rc rc = GC_OK;
    if (punct && s->after_drop)
        s->pending = false;
    if (s->pending && s->out->len > s->start)
        rc = buf_addc(s->out, ' ');
    s->pending = false;
    s->after_drop = false;
    return rc;
}

enum case_style { CASE_LOWER, CASE_CAPITAL, CASE_UPPER };

static enum case_style case_of(const int32_t *t, size_t n)
{
    size_t letters = 0, upper = 0;
    bool first_upper = false;
    for (size_t i = 0; i < n; i++) {
        if (!is_letter(t[i]))
            continue;
        if (utf8proc_isupper(t[i])) {
            upper++;
            first_upper = first_upper || letters == 0;
        }
        letters++;
    }
    if (letters >= 2 && upper == letters)
        return CASE_UPPER;
    return first_upper ? CASE_CAPITAL : CASE_LOWER;
}

static enum gc_rc put_expansion(struct buf *b, const char *to, enum case_style cs)
{
    enum gc_rc rc = GC_OK;
    size_t pos = 0, len = strlen(to);
    bool first = true;
    while (pos < len && !rc) {
        int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)to + pos,
                                              (utf8proc_ssize_t)(len - pos), &c);
        if (m <= 0)
            return GC_ERR_INVALID;   /* the table is ours: cannot happen */
        pos += (size_t)m;
        if (cs == CASE_UPPER || (cs == CASE_CAPITAL && first && is_letter(c)))
            c = utf8proc_toupper(c);
        if (is_letter(c))
            first = false;
        rc = utf8_buf_add(b, c);
    }
    return rc;
}

/* Tokens glued to an address or a path are names, not words. */
static bool standalone(const struct norm *s, size_t i, size_t j)
{
    if (i > 0 && (s->cp[i - 1] == '@' || s->cp[i - 1] == '.' || s->cp[i - 1] == '/'))
        return false;
    if (j < s->n && (s->cp[j] == '@' || s->cp[j] == '/'))
        return false;
    if (j + 1 < s->n && s->cp[j] == '.' && is_word(s->cp[j + 1]))
        return false;
    return true;
}

static bool word_follows(const struct norm *s, size_t j)
{
    while (j < s->n && s->cp[j] == ' ')
        j++;
    return j < s->n && is_letter(s->cp[j]);
}

/* Does a word starting with a capital follow position j?  ("G League",
 * "C Cadoudal": a capital initial before a name is not texting.) */
static bool name_follows(const struct norm *s, size_t j)
{
    while (j < s->n && s->cp[j] == ' ')
        j++;
    return j < s->n && utf8proc_isupper(s->cp[j]);
}

/* The entry for the token a[0..na) (b[0..nb): all runs to one), or NULL;
 * *skip receives the number of code points kept before the expansion (an
 * elision). */
static const struct sms_fr_abbrev *find(const struct norm *s, size_t na, size_t nb, size_t j,
                                        size_t *skip)
{
    const struct sms_fr_abbrev *e = NULL;
    char key[KEY_MAX];
    *skip = 0;
    if (make_key(s->a, na, key))
        e = lookup(key);
    if (!e && nb != na && make_key(s->b, nb, key))
        e = lookup(key);
    if (!e) {
        size_t k = 0;
        while (k < na && !is_apostrophe(s->a[k]))
            k++;
        if (k > 0 && k + 1 < na && make_key(s->a, k, key) &&
            in_list(elisions, sizeof elisions / sizeof elisions[0], key) &&
            make_key(s->a + k + 1, na - k - 1, key)) {
            e = lookup(key);
            if (e && (e->flags || !*e->to))
                e = NULL;   /* "l'c", "l'mdr": not what the rule is for */
            if (e)
                *skip = k + 1;
        }
    }
    if (e && (e->flags & SMS_FR_BEFORE_WORD) &&
        (s->prev_number || !word_follows(s, j) ||
         (na == 1 && utf8proc_isupper(s->cp[j - 1]) && name_follows(s, j))))
        e = NULL;
    if (e && (e->flags & SMS_FR_NOT_AFTER_DET) &&
        in_list(determiners, sizeof determiners / sizeof determiners[0], s->prev))
        e = NULL;
    return e;
}

static enum gc_rc put_token(struct norm *s, size_t i, size_t j)
{
    enum gc_rc rc;
    const struct sms_fr_abbrev *e = NULL;
    size_t na = collapse(s->cp + i, j - i, false, s->a);
    /* b shortens the same runs as a, further: when a kept every letter, b
     * is a (and find() does not read it). */
    size_t nb = na == j - i ? na : collapse(s->cp + i, j - i, true, s->b);
    size_t skip = 0;
    if (standalone(s, i, j))
        e = find(s, na, nb, j, &skip);
    /* "jdois", "jme débarrasse": no French word begins with a j and a
     * consonant; it is "je" glued to the word after it when it is written
     * in lower case (not an acronym, "JPO", nor a name, "Jlassi"; a capital
     * J opening the message is allowed), comes
     * after no determiner ("en jpeg") and its word opens like a French
     * syllable: a consonant then a vowel, or then r, l or h and a vowel
     * ("jprends", "jcherche"; not "jrnée"). */
    bool glued_je = !e && na >= 3 && standalone(s, i, j) &&
                    (s->a[0] == 'j' || (s->a[0] == 'J' && s->out->len == s->start)) &&
                    ascii_alpha(s->a[1]) && !is_vowel(s->a[1]) && s->a[1] != 'h' &&
                    !in_list(determiners, sizeof determiners / sizeof determiners[0], s->prev);
    for (size_t k = 1; glued_je && k < na; k++)
        glued_je = !utf8proc_isupper(s->a[k]);
    if (glued_je) {
        size_t v = 2;
        if (v < na && (s->a[v] == 'r' || s->a[v] == 'l' || s->a[v] == 'h'))
            v++;
        glued_je = v < na && is_vowel(s->a[v]);
    }
    if (e && !*e->to) {
        s->after_drop = true;
        s->prev[0] = '\0';
        s->prev_number = false;
        return GC_OK;
    }
    rc = separate(s, false);
    if (!rc && glued_je) {
        rc = put_expansion(s->out, "je ", case_of(s->a, 1));
        if (!rc)
            rc = put_cps(s->out, s->a + 1, na - 1);
    } else if (!rc)
        rc = put_cps(s->out, s->a, e ? skip : na);
    if (!rc && e)
        rc = put_expansion(s->out, e->to, case_of(s->a + skip, na - skip));
    if (!make_key(s->a, na, s->prev))
        s->prev[0] = '\0';
    s->prev_number = is_digit(s->a[0]);
    return rc;
}

/* ---- Entry point -------------------------------------------------------- */

enum gc_rc sms_fr_normalize(const char *in, size_t len, struct buf *out)
{
    enum gc_rc rc = GC_ERR_INVALID;
    struct norm s = {.out = out, .start = out->len};
    int32_t *cps = NULL;
    size_t pos = 0, n = 0, i = 0;

    if (len > GC_SMS_MAX_BYTES) {
        rc = GC_ERR_TOOBIG;
        goto out;
    }
    cps = xreallocarray(NULL, 3 * (len + 1), sizeof *cps);
    while (pos < len) {
        int32_t c;
        size_t m = utf8_next(in + pos, len - pos, &c);
        if (!m)
            goto out;   /* GC_ERR_INVALID */
        pos += m;
        if (c < 0x80) {   /* ASCII: controls are blanks, the rest is kept */
            cps[n++] = c < 0x20 || c == 0x7F ? ' ' : c;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_CF && c != 0x200B)
            continue;   /* soft hyphen, joiners, BOM */
        if (is_emoji(c) || c == 0x200B /* zero width space */ || cat == UTF8PROC_CATEGORY_CC ||
            (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP))
            c = ' ';
        cps[n++] = c;
    }
    s.cp = cps;
    s.n = n;
    s.a = cps + (len + 1);
    s.b = cps + 2 * (len + 1);
    rc = buf_add(out, "", 0);   /* an empty result is still a valid string */
    while (i < n && !rc) {
        int32_t c = cps[i];
        if (c == ' ') {
            s.pending = true;
            i++;
        } else if (is_word(c)) {
            size_t j = i + 1;
            while (j < n) {
                if (is_word(cps[j]))
                    j++;
                else if (is_joiner(cps[j]) && j + 1 < n && is_word(cps[j + 1]))
                    j += 2;
                else
                    break;
            }
            rc = put_token(&s, i, j);
            i = j;
        } else {
            rc = separate(&s, true);
            if (!rc)
                rc = utf8_buf_add(out, c);
            s.prev[0] = '\0';
            s.prev_number = false;
            i++;
        }
    }
out:
    if (rc)
        buf_truncate(out, s.start);
    free(cps);
    return rc;
}
