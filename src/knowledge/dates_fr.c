/* dates_fr.c — French date expressions, read and written. */
#include "knowledge/dates_fr.h"

#include <stdlib.h>
#include <string.h>

#include "knowledge/holidays_fr.h"

static const char *const weekdays[] = {"lundi", "mardi", "mercredi", "jeudi",
                                       "vendredi", "samedi", "dimanche"};
static const char *const months[] = {"janvier", "février", "mars", "avril", "mai", "juin",
                                     "juillet", "août", "septembre", "octobre", "novembre",
                                     "décembre"};
/* Folded month names and the abbreviations people type. */
static const struct {
    const char *w;
    int m;
} month_words[] = {
    {"janvier", 1}, {"janv", 1}, {"fevrier", 2}, {"fev", 2}, {"fevr", 2}, {"mars", 3},
    {"avril", 4}, {"avr", 4}, {"mai", 5}, {"juin", 6}, {"juillet", 7}, {"juil", 7},
    {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"oct", 10},
    {"novembre", 11}, {"nov", 11}, {"decembre", 12}, {"dec", 12},
};

const char *dates_fr_weekday(int wd)
{
    return wd >= 0 && wd < 7 ? weekdays[wd] : "";
}

const char *dates_fr_month(int m)
{
    return m >= 1 && m <= 12 ? months[m - 1] : "";
}

/* ---- words of the folded text ---- */

#define WORDS_MAX 128

struct words {
    const char *s[WORDS_MAX];
    size_t len[WORDS_MAX];
    size_t off[WORDS_MAX];
    int n;
};

static void split(const char *f, struct words *w)
{
    w->n = 0;
    size_t i = 0;
    while (f[i] && w->n < WORDS_MAX) {
        while (f[i] == ' ')
            i++;
        if (!f[i])
            break;
        size_t j = i;
        while (f[j] && f[j] != ' ')
            j++;
        w->s[w->n] = f + i;
        w->len[w->n] = j - i;
        w->off[w->n] = i;
        w->n++;
        i = j;
    }
}

/* Words are never empty: comparing first letters first spares most of the
 * lengths and comparisons (every matcher tries every word of a question). */
static bool is(const struct words *w, int i, const char *word)
{
    return i >= 0 && i < w->n && w->s[i][0] == word[0] && w->len[i] == strlen(word) &&
           !memcmp(w->s[i], word, w->len[i]);
}

/* Consecutive words from i ("apres midi"); returns how many, or 0. */
static int seq(const struct words *w, int i, const char *phrase)
{
    int k = 0;
    const char *p = phrase;
    if (i < 0 || i >= w->n || w->s[i][0] != *p)
        return 0;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (i + k >= w->n || w->len[i + k] != n || memcmp(w->s[i + k], p, n))
            return 0;
        k++;
        p += n;
        while (*p == ' ')
            p++;
    }
    return k;
}

/* Words of the first of phrases (NULL-terminated) found at word i, 0 for
 * none. */
static int seq_any(const struct words *w, int i, const char *const *phrases)
{
    for (; *phrases; phrases++) {
        int k = seq(w, i, *phrases);
        if (k)
            return k;
    }
    return 0;
}

#define PHRASES(...) ((const char *const[]){__VA_ARGS__, NULL})

static int weekday_at(const struct words *w, int i)
{
    for (int d = 0; d < 7; d++)
        if (is(w, i, weekdays[d]))
            return d;
    return -1;
}

static int month_at(const struct words *w, int i)
{
    for (size_t k = 0; k < sizeof month_words / sizeof month_words[0]; k++)
        if (is(w, i, month_words[k].w))
            return month_words[k].m;
    return 0;
}

/* A number of at most 4 digits ("1er" and "premier" are 1). */
static int number_at(const struct words *w, int i)
{
    if (i >= w->n)
        return -1;
    if (is(w, i, "1er") || is(w, i, "premier"))
        return 1;
    if (w->len[i] > 4)
        return -1;
    int v = 0;
    for (size_t k = 0; k < w->len[i]; k++) {
        char c = w->s[i][k];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* ---- building spans ---- */

struct ctx {
    const struct words *w;
    const struct gc_time *now;
    long today;
    int wd;   /* today's weekday */
};

static void day_span(struct fr_span *s, long d)
{
    s->first = s->last = d;
    s->from_min = 0;
    s->to_min = 1440;
    s->kind = FR_SPAN_DAY;
    s->now = false;
    s->weekday = false;
}

/* Optional part of the day after a day: "matin", "apres midi", "soir". */
static int part_of_day(const struct words *w, int i, struct fr_span *s)
{
    int k = seq_any(w, i, PHRASES("en fin de journee", "en soiree", "soir", "soiree", "au soir"));
    if (k) {
        s->from_min = 18 * 60;
        return k;
    }
    k = seq_any(w, i, PHRASES("apres midi", "dans l apres midi"));
    if (k) {
        s->from_min = 12 * 60;
        s->to_min = 18 * 60;
        return k;
    }
    k = seq_any(w, i, PHRASES("matin", "au matin", "dans la matinee", "en matinee"));
    if (k) {
        s->to_min = 12 * 60;
        return k;
    }
    return 0;
}

/* The next date m/d to come, today included (this year or the next). */
static long next_date(const struct ctx *c, int m, int d)
{
    for (int y = c->now->year; y <= c->now->year + 4; y++)
        if (clock_date_valid(y, m, d) && clock_days(y, m, d) >= c->today)
            return clock_days(y, m, d);
    return -1;   /* Feb 29 with no leap year soon: not a date */
}

/* Easter + off days, the next to come. */
static long next_easter(const struct ctx *c, int off)
{
    for (int y = c->now->year; y <= c->now->year + 1; y++) {
        int m, d;
        holidays_fr_easter(y, &m, &d);
        long day = clock_days(y, m, d) + off;
        if (day >= c->today)
            return day;
    }
    return -1;
}

/* "[le] [weekday] [le] 19 mai [2027]" ("le mardi 16 février": the date, not
 * the next Tuesday) */
static int m_date(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k = i;
    if (is(w, k, "le") && weekday_at(w, k + 1) >= 0)
        k++;
    if (weekday_at(w, k) >= 0)
        k++;
    if (is(w, k, "le"))
        k++;
    int d = number_at(w, k);
    int m = month_at(w, k + 1);
    if (d < 1 || d > 31 || !m)
        return 0;
    k += 2;
    int y = number_at(w, k);
    long day;
    if (y >= 1900 && y <= 2200) {
        if (!clock_date_valid(y, m, d))
            return 0;
        day = clock_days(y, m, d);
        k++;
    } else {
        day = next_date(c, m, d);
        if (day < 0)
            return 0;
    }
    day_span(s, day);
    return k - i + part_of_day(w, k, s);
}

static int m_relative(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k = seq_any(w, i, PHRASES("aujourd hui", "aujourdhui"));
    if (k) {
        day_span(s, c->today);
        return k + part_of_day(w, i + k, s);
    }
    k = seq_any(w, i, PHRASES("maintenant", "en ce moment", "actuellement", "a present"));
    if (k) {
        day_span(s, c->today);
        s->now = true;
        return k;
    }
    k = seq_any(w, i, PHRASES("ce soir", "cette nuit", "en fin de journee"));
    if (k) {
        day_span(s, c->today);
        s->from_min = 18 * 60;
        return k;
    }
    k = seq(w, i, "ce matin");
    if (k) {
        day_span(s, c->today);
        s->to_min = 12 * 60;
        return k;
    }
    k = seq(w, i, "cet apres midi");
    if (k) {
        day_span(s, c->today);
        s->from_min = 12 * 60;
        s->to_min = 18 * 60;
        return k;
    }
    struct {
        const char *p;
        int off;
    } rel[] = {{"apres demain", 2}, {"avant hier", -2}, {"demain", 1}, {"hier", -1}};
    for (size_t r = 0; r < sizeof rel / sizeof rel[0]; r++) {
        k = seq(w, i, rel[r].p);
        if (k) {
            day_span(s, c->today + rel[r].off);
            return k + part_of_day(w, i + k, s);
        }
    }
    return 0;
}

static int m_weekday(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k = i;
    if (is(w, k, "ce") || is(w, k, "le") || is(w, k, "des"))
        k++;
    int d = weekday_at(w, k);
    if (d < 0)
        return 0;
    k++;
    int ahead = (d - c->wd + 7) % 7;
    int n = seq_any(w, k, PHRASES("prochain", "qui vient"));
    if (n) {
        if (ahead == 0)
            ahead = 7;
        k += n;
    } else if (is(w, k, "dernier")) {
        ahead = ahead == 0 ? -7 : ahead - 7;
        k++;
    }
    day_span(s, c->today + ahead);
    s->weekday = true;
    return k - i + part_of_day(w, k, s);
}

static int m_weekend(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k = i;
    bool next = false;
    int n = seq_any(w, i, PHRASES("prochain week end", "prochain weekend"));
    if (n) {
        next = true;
        k += n;
    } else {
        bool det = is(w, k, "ce") || is(w, k, "le") || is(w, k, "du") || is(w, k, "au");
        if (det)
            k++;
        n = seq_any(w, k, PHRASES("week end", "weekend"));
        if (!n && det && is(w, k - 1, "ce"))
            n = seq(w, k, "we");
        if (!n)
            return 0;
        k += n;
        if (is(w, k, "prochain")) {
            next = true;
            k++;
        }
    }
    /* Saturday of this weekend: today on a Saturday, yesterday on a Sunday. */
    long sat = c->today + (5 - c->wd);
    if (c->wd == 6)
        sat = c->today - 1;
    if (next && c->wd >= 5)
        sat += 7;
    day_span(s, sat < c->today ? c->today : sat);
    s->last = sat + 1;
    s->kind = s->first == s->last ? FR_SPAN_DAY : FR_SPAN_DAYS;
    return k - i;
}

static int m_week_month(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k;
    k = seq(w, i, "cette semaine");
    if (k) {
        day_span(s, c->today);
        s->last = c->today + (6 - c->wd);
        s->kind = FR_SPAN_DAYS;
        return k;
    }
    k = seq_any(w, i, PHRASES("la semaine prochaine", "semaine prochaine", "la semaine qui vient"));
    if (k) {
        day_span(s, c->today + (7 - c->wd));
        s->last = s->first + 6;
        s->kind = FR_SPAN_DAYS;
        return k;
    }
    int y = c->now->year, m = c->now->month;
    k = seq_any(w, i, PHRASES("ce mois ci", "ce mois"));
    if (k) {
        day_span(s, c->today);
        s->last = clock_days(y, m, clock_month_days(y, m));
        s->kind = FR_SPAN_MONTH;
        return k;
    }
    k = seq_any(w, i, PHRASES("le mois prochain", "mois prochain"));
    if (k) {
        if (++m == 13) {
            m = 1;
            y++;
        }
        day_span(s, clock_days(y, m, 1));
        s->last = clock_days(y, m, clock_month_days(y, m));
        s->kind = FR_SPAN_MONTH;
        return k;
    }
    return 0;
}

/* "en juin", "au mois de juin", "juin 2027" */
static int m_month(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    int k = i;
    k += seq_any(w, k, PHRASES("au mois de", "le mois de", "mois de", "en", "debut", "fin"));
    int m = month_at(w, k);
    if (!m)
        return 0;
    k++;
    int y = number_at(w, k);
    if (y >= 1900 && y <= 2200) {
        k++;
    } else {
        y = c->now->year;
        if (m < c->now->month)
            y++;
    }
    long first = clock_days(y, m, 1);
    day_span(s, first < c->today ? c->today : first);
    s->last = clock_days(y, m, clock_month_days(y, m));
    if (s->last < s->first)
        s->first = first;   /* a month of the past, given with its year */
    s->kind = FR_SPAN_MONTH;
    return k - i;
}

static int m_holiday(const struct ctx *c, int i, struct fr_span *s)
{
    const struct words *w = c->w;
    static const struct {
        const char *p;
        int month, day;     /* fixed date, or month 0: Easter + day .. + day + extra */
        int extra;
    } h[] = {
        {"a noel", 12, 25, 0}, {"pour noel", 12, 25, 0}, {"jour de noel", 12, 25, 0},
        {"le jour de noel", 12, 25, 0}, {"a la noel", 12, 25, 0},
        {"le jour de l an", 1, 1, 0}, {"jour de l an", 1, 1, 0}, {"nouvel an", 1, 1, 0},
        {"la toussaint", 11, 1, 0}, {"a la toussaint", 11, 1, 0}, {"toussaint", 11, 1, 0},
        {"l assomption", 8, 15, 0}, {"assomption", 8, 15, 0},
        {"l armistice", 11, 11, 0}, {"armistice", 11, 11, 0},
        {"la fete nationale", 7, 14, 0}, {"fete nationale", 7, 14, 0},
        {"la fete du travail", 5, 1, 0}, {"fete du travail", 5, 1, 0},
        {"lundi de paques", 0, 1, 0}, {"dimanche de paques", 0, 0, 0},
        {"week end de paques", 0, -1, 2}, {"a paques", 0, 0, 0}, {"pour paques", 0, 0, 0},
        {"jeudi de l ascension", 0, 39, 0}, {"pont de l ascension", 0, 39, 3},
        {"a l ascension", 0, 39, 0}, {"l ascension", 0, 39, 0}, {"ascension", 0, 39, 0},
        {"lundi de pentecote", 0, 50, 0}, {"a la pentecote", 0, 49, 1},
        {"la pentecote", 0, 49, 1}, {"pentecote", 0, 49, 1},
    };
    /* "le lundi de Pâques", "du pont de l'Ascension": a word before. */
    int lead = is(w, i, "le") || is(w, i, "du") || is(w, i, "au") || is(w, i, "ce") ? 1 : 0;
    for (size_t k = 0; k < sizeof h / sizeof h[0]; k++) {
        int n = seq(w, i, h[k].p);
        if (!n && lead) {
            n = seq(w, i + 1, h[k].p);
            if (n)
                n += lead;
        }
        if (!n)
            continue;
        long d = h[k].month ? next_date(c, h[k].month, h[k].day)
                            : next_easter(c, h[k].day + h[k].extra) - h[k].extra;
        if (d < 0)
            return 0;
        day_span(s, d);
        s->last = d + h[k].extra;
        s->kind = h[k].extra ? FR_SPAN_DAYS : FR_SPAN_DAY;
        return n;
    }
    return 0;
}

/* Every expression the matchers above read holds one of these words (a
 * month, a weekday, "demain", "semaine", "noel"...): a text without any of
 * them holds no date, and the seven matchers, tried at each of its words, are
 * spared (they cost some 40,000 instructions a question, 8% of an answer).
 * A phrase added to a matcher must bring one of its words here when none
 * is (tests/unit/test_dates_fr.c tries one phrase of each rule).  Sorted in
 * strcmp order. */
static const char *const anchors[] = {
    "actuellement", "an", "aout", "armistice", "ascension", "assomption", "aujourd",
    "aujourdhui", "avr", "avril", "dec", "decembre", "demain", "dimanche", "fev", "fevr",
    "fevrier", "hier", "janv", "janvier", "jeudi", "journee", "juil", "juillet", "juin",
    "lundi", "mai", "maintenant", "mardi", "mars", "matin", "mercredi", "midi", "mois",
    "moment", "nationale", "noel", "nov", "novembre", "nuit", "oct", "octobre", "paques",
    "pentecote", "present", "samedi", "semaine", "septembre", "soir", "toussaint", "travail",
    "vendredi", "we", "week", "weekend",
};

struct slice {
    const char *s;
    size_t len;
};

static int cmp_anchor(const void *k, const void *e)
{
    const struct slice *w = k;
    const char *a = *(const char *const *)e;
    int c = strncmp(w->s, a, w->len);
    return c ? c : -(a[w->len] != '\0');
}

static bool any_anchor(const struct words *w)
{
    for (int i = 0; i < w->n; i++) {
        struct slice k = {w->s[i], w->len[i]};
        if (bsearch(&k, anchors, sizeof anchors / sizeof anchors[0], sizeof anchors[0], cmp_anchor))
            return true;
    }
    return false;
}

bool dates_fr_find(const char *folded, const struct gc_time *now, struct fr_span *out)
{
    struct words w;
    split(folded, &w);
    if (!any_anchor(&w))
        return false;
    struct ctx c = {&w, now, clock_days(now->year, now->month, now->day), 0};
    c.wd = clock_weekday(c.today);
    int (*const matchers[])(const struct ctx *, int, struct fr_span *) = {
        m_date, m_relative, m_weekend, m_week_month, m_holiday, m_weekday, m_month,
    };
    for (int i = 0; i < w.n; i++) {
        int best = 0;
        struct fr_span bs = {0};
        for (size_t m = 0; m < sizeof matchers / sizeof matchers[0]; m++) {
            struct fr_span s = {0};
            int n = matchers[m](&c, i, &s);
            if (n > best) {
                best = n;
                bs = s;
            }
        }
        if (best) {
            bs.start = w.off[i];
            bs.end = w.off[i + best - 1] + w.len[i + best - 1];
            *out = bs;
            return true;
        }
    }
    return false;
}

bool dates_fr_has_season(const char *folded)
{
    static const char *const season[] = {"hiver", "ete", "printemps", "automne", "vacances",
                                         "saison", "estival", "estivale", "estivales",
                                         "hivernal", "hivernale", "hivernaux", "ferie",
                                         "feries", "periode"};
    struct words w;
    split(folded, &w);
    for (int i = 0; i < w.n; i++)
        for (size_t k = 0; k < sizeof season / sizeof season[0]; k++)
            if (is(&w, i, season[k]))
                return true;
    return false;
}

/* ---- writing ---- */

void dates_fr_put_day(struct buf *b, long day, const struct gc_time *now, bool relative)
{
    long today = clock_days(now->year, now->month, now->day);
    if (relative && day == today) {
        buf_adds(b, "aujourd'hui");
        return;
    }
    if (relative && day == today + 1) {
        buf_adds(b, "demain");
        return;
    }
    if (relative && day == today - 1) {
        buf_adds(b, "hier");
        return;
    }
    int y, m, d;
    clock_civil(day, &y, &m, &d);
    buf_printf(b, "%s %d%s %s", weekdays[clock_weekday(day)], d, d == 1 ? "er" : "",
               months[m - 1]);
    if (y != now->year)
        buf_printf(b, " %d", y);
}

void dates_fr_put_time(struct buf *b, int minute)
{
    if (minute <= 0 || minute >= 1440)
        buf_adds(b, "minuit");
    else
        buf_printf(b, "%dh%02d", minute / 60, minute % 60);
}

void dates_fr_put_time_short(struct buf *b, int minute)
{
    if (minute <= 0 || minute >= 1440)
        buf_adds(b, "minuit");
    else if (minute % 60)
        buf_printf(b, "%dh%02d", minute / 60, minute % 60);
    else
        buf_printf(b, "%dh", minute / 60);
}

static void put_dm(struct buf *b, int d, int m, int y, bool month, bool year)
{
    buf_printf(b, "%d%s", d, d == 1 ? "er" : "");
    if (month)
        buf_printf(b, " %s", months[m - 1]);
    if (year)
        buf_printf(b, " %d", y);
}

void dates_fr_put_range(struct buf *b, long first, long last, const struct gc_time *now)
{
    int y1, m1, d1, y2, m2, d2;
    clock_civil(first, &y1, &m1, &d1);
    clock_civil(last, &y2, &m2, &d2);
    /* Month and year said once when both days share them. */
    buf_printf(b, "du %s ", weekdays[clock_weekday(first)]);
    put_dm(b, d1, m1, y1, m1 != m2 || y1 != y2, y1 != y2);
    buf_printf(b, " au %s ", weekdays[clock_weekday(last)]);
    put_dm(b, d2, m2, y2, true, y2 != now->year || y1 != y2);
}

void dates_fr_put_days(struct buf *b, const long *days, int n, const struct gc_time *now)
{
    buf_adds(b, n > 1 ? "les " : "le ");
    for (int i = 0; i < n; i++) {
        int y, m, d, y2 = 0, m2 = 0, d2;
        clock_civil(days[i], &y, &m, &d);
        bool last = i + 1 == n;
        if (!last)
            clock_civil(days[i + 1], &y2, &m2, &d2);
        if (i)
            buf_adds(b, last ? " et " : ", ");
        put_dm(b, d, m, y, last || m2 != m || y2 != y, y != now->year && (last || y2 != y));
    }
}
