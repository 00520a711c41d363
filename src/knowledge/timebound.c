/* timebound.c — date references and past prospective sentences
 * (timebound.h). */
#include "knowledge/timebound.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/dates_fr.h"
#include "text/analyze.h"
#include "text/sentences.h"
#include "util/clock.h"
#include "util/limits.h"

#define TOKENS_MAX 512   /* words of one sentence looked at */

/* ---- words ---- */

struct tok {
    size_t start, end;
    bool digits;      /* all ASCII digits */
    long value;       /* when digits (capped) */
    int month;        /* 1..12 when a month's name, else 0 */
    int day;          /* 1..31 for "1", "1er", "31", else 0 */
};

static char month_folded[13][16];
static pthread_once_t months_once = PTHREAD_ONCE_INIT;

static void months_init(void)
{
    for (int m = 1; m <= 12; m++) {
        const char *n = dates_fr_month(m);
        if (!analyze_fold_word(n, strlen(n), month_folded[m], sizeof month_folded[m]))
            month_folded[m][0] = '\0';
    }
}

static bool is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Is the UTF-8 sequence at s a right single quotation mark (a separator)? */
static bool is_rsquo(const char *s, size_t n)
{
    return n >= 3 && !memcmp(s, "\xE2\x80\x99", 3);
}

static size_t tokenize(const char *t, size_t len, struct tok *out, size_t max)
{
    pthread_once(&months_once, months_init);
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && (!is_word_byte((unsigned char)t[i]) || is_rsquo(t + i, len - i)))
            i += is_rsquo(t + i, len - i) ? 3 : 1;
        if (i >= len)
            break;
        size_t j = i;
        while (j < len && is_word_byte((unsigned char)t[j]) && !is_rsquo(t + j, len - j))
            j++;
        struct tok k = {i, j, true, 0, 0, 0};
        size_t d = 0;
        for (size_t x = i; x < j; x++) {
            if (t[x] < '0' || t[x] > '9') {
                k.digits = false;
                break;
            }
            if (k.value < 100000)
                k.value = k.value * 10 + (t[x] - '0');
            d++;
        }
        if (k.digits && d <= 2 && k.value >= 1 && k.value <= 31)
            k.day = (int)k.value;
        else if (j - i == 3 && t[i] == '1' && t[i + 1] == 'e' && t[i + 2] == 'r')
            k.day = 1;   /* 1er */
        if (!k.digits && j - i < 16) {
            char f[32];
            if (analyze_fold_word(t + i, j - i, f, sizeof f))
                for (int m = 1; m <= 12; m++)
                    if (!strcmp(f, month_folded[m]))
                        k.month = m;
        }
        out[n++] = k;
        i = j;
    }
    return n;
}

/* ---- date references ---- */

static bool is_year(const struct tok *k)
{
    return k->digits && k->end - k->start == 4 && k->value >= 1900 && k->value <= 2099;
}

/* A unit right after a number ("2000 €", "1950 m", "2026 habitants" is not
 * one: only symbols and abbreviations that make it a quantity). */
static bool unit_after(const char *t, size_t len, size_t at)
{
    size_t i = at;
    while (i < len && t[i] == ' ')
        i++;
    if (i >= len)
        return false;
    if ((i + 3 <= len && !memcmp(t + i, "\xE2\x82\xAC", 3)) || t[i] == '%' || t[i] == '$')
        return true;   /* €, %, $ */
    static const char *const units[] = {"euro", "m", "km", "kg", "g", "l", "cm", "m2", "m²", "h",
                                        "min", "places", NULL};
    size_t j = i;
    while (j < len && is_word_byte((unsigned char)t[j]))
        j++;
    for (int u = 0; units[u]; u++) {
        size_t ul = strlen(units[u]);
        if ((j - i == ul || (j - i == ul + 1 && t[j - 1] == 's')) && !strncmp(t + i, units[u], ul))
            return true;
    }
    return false;
}

static bool digit_at(const char *t, size_t len, size_t i)
{
    return i < len && t[i] >= '0' && t[i] <= '9';
}

static long num_at(const char *t, size_t i, size_t n)
{
    long v = 0;
    for (size_t k = 0; k < n; k++)
        v = v * 10 + (t[i + k] - '0');
    return v;
}

static long last_of_month(long y, int m)
{
    return clock_days((int)y, m, clock_month_days((int)y, m));
}

size_t timebound_refs(const char *t, size_t len, struct tb_ref *out, size_t max)
{
    struct tok toks[TOKENS_MAX];
    size_t nt = tokenize(t, len, toks, TOKENS_MAX), nr = 0;
    for (size_t i = 0; i < nt; i++) {
        const struct tok *k = &toks[i];
        long last = -1;
        size_t end = k->end;
        /* 2026-03-12 and 12/03/2026 (the tokens are cut at - and /). */
        if (is_year(k) && k->end + 6 <= len && t[k->end] == '-' && digit_at(t, len, k->end + 1) &&
            digit_at(t, len, k->end + 2) && t[k->end + 3] == '-' && digit_at(t, len, k->end + 4) &&
            digit_at(t, len, k->end + 5)) {
            int m = (int)num_at(t, k->end + 1, 2), d = (int)num_at(t, k->end + 4, 2);
            if (clock_date_valid((int)k->value, m, d)) {
                last = clock_days((int)k->value, m, d);
                end = k->end + 6;
                while (i + 1 < nt && toks[i + 1].start < end)
                    i++;
            }
        } else if (k->digits && k->end - k->start <= 2 && k->end + 1 < len && t[k->end] == '/' &&
                   i + 2 < nt && toks[i + 1].digits && toks[i + 1].start == k->end + 1 &&
                   toks[i + 1].end - toks[i + 1].start <= 2 && t[toks[i + 1].end] == '/' &&
                   is_year(&toks[i + 2]) && toks[i + 2].start == toks[i + 1].end + 1) {
            int d = (int)k->value, m = (int)toks[i + 1].value;
            if (clock_date_valid((int)toks[i + 2].value, m, d)) {
                last = clock_days((int)toks[i + 2].value, m, d);
                end = toks[i + 2].end;
                i += 2;
            }
        } else if (k->day && i + 2 < nt && toks[i + 1].month && is_year(&toks[i + 2])) {
            /* 12 mars 2026, 1er janvier 2027 */
            if (clock_date_valid((int)toks[i + 2].value, toks[i + 1].month, k->day)) {
                last = clock_days((int)toks[i + 2].value, toks[i + 1].month, k->day);
                end = toks[i + 2].end;
                i += 2;
            }
        } else if (k->month && i + 1 < nt && is_year(&toks[i + 1])) {
            /* mars 2026 */
            last = last_of_month(toks[i + 1].value, k->month);
            end = toks[i + 1].end;
            i += 1;
        } else if (is_year(k)) {
            /* 2026-2027, 2026/2027: a season; else a year alone. */
            if (i + 1 < nt && is_year(&toks[i + 1]) && toks[i + 1].value == k->value + 1 &&
                toks[i + 1].start == k->end + 1 && (t[k->end] == '-' || t[k->end] == '/')) {
                last = clock_days((int)k->value + 1, 8, 31);
                end = toks[i + 1].end;
                i += 1;
            } else if (!unit_after(t, len, k->end) &&
                       !(i > 0 && toks[i - 1].digits && toks[i - 1].end + 1 == k->start)) {
                last = clock_days((int)k->value, 12, 31);
            }
        }
        if (last < 0)
            continue;
        if (nr < max)
            out[nr] = (struct tb_ref){k->start, end, last};
        nr++;
    }
    return nr;
}

/* ---- prospective ---- */

/* French grammar: what announces something to come, and nouns that end like
 * a verb in the future tense. */
static const char *const cues[] = {"prochain", "prochaine", "prochains", "prochaines", "bientot",
                                   NULL};
static const char *const not_future[] = {
    "agora", "camera", "cobra", "extra", "flora", "hydra", "mantra", "opera", "sierra",
    "tantra", "tiara", "tundra", "ultra", "vera", "zebra", "cameras", "operas", "extras",
    "cobras", "bras", "vrai", "front", "affront", "fronts", "affronts", NULL,
};

static bool ends_with(const char *w, size_t n, const char *suf)
{
    size_t s = strlen(suf);
    return n >= s && !memcmp(w + n - s, suf, s);
}

static bool in_list(const char *w, size_t n, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !memcmp(list[i], w, n))
            return true;
    return false;
}

static bool future_form(const char *w, size_t n)
{
    if (n < 4 || in_list(w, n, not_future))
        return false;
    return ends_with(w, n, "ra") || ends_with(w, n, "ras") || ends_with(w, n, "rai") ||
           ends_with(w, n, "ront");
}

bool timebound_prospective(const char *text, size_t len)
{
    char *f = analyze_fold(text, len);
    bool yes = false;
    const char *prev = NULL;
    size_t prevn = 0;
    for (const char *w = f; *w && !yes;) {
        const char *e = strchr(w, ' ');
        size_t n = e ? (size_t)(e - w) : strlen(w);
        yes = in_list(w, n, cues) || future_form(w, n) ||
              (prev && prevn == 1 && *prev == 'a' && n == 5 && !memcmp(w, "venir", 5));
        prev = w;
        prevn = n;
        w = e ? e + 1 : w + n;
    }
    free(f);
    return yes;
}

enum tb_kind timebound_judge(const char *text, size_t len, long today, bool prospective_context)
{
    struct tb_ref refs[32];
    size_t n = timebound_refs(text, len, refs, 32);
    if (n == 0)
        return TB_NONE;
    for (size_t i = 0; i < n && i < 32; i++)
        if (refs[i].last_day >= today)
            return TB_NONE;
    return prospective_context || timebound_prospective(text, len) ? TB_PAST_PROSPECTIVE : TB_PAST;
}

/* ---- passages ---- */

static bool is_item(const char *s, size_t n)
{
    return n >= 2 && s[0] == '-' && s[1] == ' ';
}

/* Does the line end with ':' (trailing blanks aside)? */
static bool ends_colon(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n && s[n - 1] == ':';
}

/* Walk the units (sentences of a line; list items whole) of a passage.
 * fn(ctx, unit, n, kind, item, lead_prospective) returns what to do. */
struct walk {
    long today;
    /* drop mode */
    struct buf *out;
    size_t dropped;
    const char *lead;      /* a line introducing a list, not written yet */
    size_t lead_len;
    bool lead_prospective;
    int items, kept;
    /* scan mode */
    int (*fn)(void *ctx, const char *s, size_t n, enum tb_kind k);
    void *ctx;
    bool stop;
};

static void put_line(struct walk *w, const char *s, size_t n)
{
    if (w->out->len && w->out->data[w->out->len - 1] != '\n')
        buf_addc(w->out, '\n');
    buf_add(w->out, s, n);
}

/* The pending lead goes out before its first item kept, or is dropped
 * when none was. */
static void flush_lead(struct walk *w, bool keep)
{
    if (!w->lead)
        return;
    if (keep)
        put_line(w, w->lead, w->lead_len);
    else
        w->dropped++;
    w->lead = NULL;
}

/* A paragraph line: its sentences, the past prospective ones left out. */
static void do_line(struct walk *w, const char *s, size_t n)
{
    struct span sp[GC_PASSAGE_SENTENCES_MAX];
    size_t ns = sentences_split(s, n, sp, GC_PASSAGE_SENTENCES_MAX);
    if (ns > GC_PASSAGE_SENTENCES_MAX || ns == 0) {
        if (w->out)
            put_line(w, s, n);   /* too long to judge: kept as it is */
        return;
    }
    struct buf kept;
    buf_init(&kept, n + 1);
    for (size_t i = 0; i < ns; i++) {
        const char *u = s + sp[i].start;
        size_t un = sp[i].end - sp[i].start;
        enum tb_kind k = timebound_judge(u, un, w->today, false);
        if (w->fn && k != TB_NONE && !w->stop)
            w->stop = w->fn(w->ctx, u, un, k) != 0;
        if (k == TB_PAST_PROSPECTIVE) {
            w->dropped++;
            continue;
        }
        if (kept.len)
            buf_addc(&kept, ' ');
        buf_add(&kept, u, un);
    }
    if (w->out && kept.len)
        put_line(w, kept.data, kept.len);
    buf_free(&kept);
}

static void walk_passage(struct walk *w, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && !w->stop) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + i;
        size_t n = end - i;
        if (is_item(s, n)) {
            enum tb_kind k = timebound_judge(s + 2, n - 2, w->today, w->lead_prospective);
            if (w->fn && k != TB_NONE && !w->stop)
                w->stop = w->fn(w->ctx, s + 2, n - 2, k) != 0;
            w->items++;
            if (k == TB_PAST_PROSPECTIVE) {
                w->dropped++;
            } else if (w->out) {
                flush_lead(w, true);
                put_line(w, s, n);
            }
        } else {
            if (w->out)
                flush_lead(w, w->items == 0);
            w->lead = NULL;
            w->lead_prospective = false;
            w->items = 0;
            if (ends_colon(s, n)) {
                /* A lead-in: held until its items are known. */
                w->lead_prospective = timebound_prospective(s, n);
                enum tb_kind k = timebound_judge(s, n, w->today, false);
                if (w->fn && k != TB_NONE && !w->stop)
                    w->stop = w->fn(w->ctx, s, n, k) != 0;
                if (k == TB_PAST_PROSPECTIVE)
                    w->dropped++;
                else if (w->out) {
                    w->lead = s;
                    w->lead_len = n;
                }
            } else {
                do_line(w, s, n);
            }
        }
        i = nl ? end + 1 : len;
    }
    if (w->out)
        flush_lead(w, w->items == 0);
}

size_t timebound_drop_past(const char *text, size_t len, long today, struct buf *out)
{
    struct walk w = {.today = today, .out = out};
    walk_passage(&w, text, len);
    return w.dropped;
}

void timebound_scan(const char *text, size_t len, long today,
                    int (*fn)(void *ctx, const char *s, size_t n, enum tb_kind k), void *ctx)
{
    struct walk w = {.today = today, .fn = fn, .ctx = ctx};
    walk_passage(&w, text, len);
}
