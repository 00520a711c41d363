/* verify.c — the checks of a generated answer (see verify.h): citations,
 * figures against the cited excerpts, language, leaks of the rules,
 * grounding.  The figures and citations are read by verify_figures.c.
 * Everything here is deterministic and allocation-light: it runs on every
 * generated answer before it may be sent. */
#include "answer/verify.h"
#include "answer/verify_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/analyze.h"
#include "text/numbers_fr.h"
#include "util/buf.h"
#include "util/mem.h"

#define FACTS_MAX 4096         /* figures read from one text */
#define LEAK_NGRAM 5
#define LEAK_MIN_SHARED 2
#define GROUNDED_MIN 0.5       /* share of content words found in the cited excerpts */
#define GROUNDED_MIN_WORDS 4   /* fewer content words: no grounding check */
#define STEM_PREFIX 5          /* words compared on their first 5 letters */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

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
            verify_citations(m, len, on_renum, &r);
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
    return buf_steal(&b);
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
    /* Midnight: "minuit", "0 h" and "24 h" are one time. */
    if (!strcmp(canon, "t:00:00") || !strcmp(canon, "t:24:00"))
        for (int i = 0; i < f->n; i++)
            if (!strcmp(f->canon[i], "t:00:00") || !strcmp(f->canon[i], "t:24:00"))
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
        if (strlen(w) < 4 || is_digit(w[0]) || analyze_is_stopword(w, strlen(w)) || in_list(w, glue_words) ||
            verify_figure_word(w))
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
        if (numfr_letter_at(s, n, i))
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
    verify_citations(m, n, on_cite, &ct);
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
