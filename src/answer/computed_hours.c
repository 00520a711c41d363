/* computed_hours.c — answers about the opening hours of a facility, in
 * French: its state now and until when, a given day, several days; and
 * how a facility is named in them (computed_subject).  Every
 * time said comes from the facility's compiled hours (knowledge/hours). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/computed_int.h"
#include "knowledge/holidays_fr.h"
#include "text/analyze.h"
#include "text/langdata.h"
#include "text/sentences.h"

/* ---- naming a facility ---- */

/* Gender of the head noun of a folded name (its first word): 'f', 'm', or
 * 0 when unknown (data/fr/facility-nouns.tsv, sorted by langdata). */
static int cmp_noun(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

static char gender_of(const char *f)
{
    const struct ld_list *nouns = langdata_list(LD_FACILITY_NOUNS);
    char first[32] = "";
    size_t n = strcspn(f, " ");
    if (n < sizeof first) {
        memcpy(first, f, n);
        first[n] = '\0';
    }
    const char *const *at = bsearch(first, nouns->first, nouns->n, sizeof *nouns->first, cmp_noun);
    return at ? nouns->e[at - nouns->first].field[1][0] : 0;
}

/* Append name with a lower-case first letter, unless it is an acronym. */
static void add_lowered(struct buf *b, const char *s)
{
    size_t n = strnlen(s, 2);
    unsigned char c0 = (unsigned char)s[0];
    if (!sentences_capital_at(s, n) || (c0 < 0x80 && sentences_capital_at(s + 1, n - 1))) {
        buf_adds(b, s);
    } else if (c0 < 0x80) {
        buf_addc(b, (char)(c0 - 'A' + 'a'));
        buf_adds(b, s + 1);
    } else {
        /* É, È, Ê, À, Â, Î, Ô... */
        buf_addc(b, (char)c0);
        buf_addc(b, (char)(s[1] + 0x20));
        buf_adds(b, s + 2);
    }
}

void computed_subject(const struct facility *f, const char *alias, struct subject *s)
{
    /* Each name folded once: for its gender, its first letter, and to
     * compare the alias with the name. */
    char *fa = alias ? analyze_fold(alias, strlen(alias)) : NULL;
    char *fn = analyze_fold(f->name, strlen(f->name));
    char g = fa ? gender_of(fa) : 0;
    const char *head = alias, *fh = fa;
    bool elided = false;   /* the town says "l'" */
    if (!g) {
        /* The town's article for the name wins over its first noun's. */
        const char *art = f->article ? f->article : "";
        elided = art[0] == 'l' && art[1] != 'e' && art[1] != 'a' && art[1];
        g = !strcmp(art, "la") ? 'f' : !strcmp(art, "le") ? 'm' : gender_of(fn);
        if (elided && !g)
            g = 'm';
        head = f->name;
        fh = fn;
    }
    struct buf b;
    buf_init(&b, sizeof s->text - 1);
    bool vowel = elided || (fh[0] && strchr("aeiouy", fh[0])) ||
                 (fh[0] == 'h' && strncmp(fh, "halte", 5) && strncmp(fh, "hall", 4));
    if (g) {
        buf_adds(&b, vowel ? "L'" : g == 'f' ? "La " : "Le ");
        add_lowered(&b, head);
    } else {
        buf_adds(&b, f->name);
        g = 'm';
    }
    if (head != f->name && strcmp(fa, fn))
        buf_printf(&b, " (%s)", f->name);
    free(fa);
    free(fn);
    snprintf(s->text, sizeof s->text, "%s", buf_str(&b));
    buf_free(&b);
    s->fem = g == 'f';
    s->vowel = vowel;
}

static const char *adj(const struct subject *s, const char *masc, const char *fem)
{
    return s->fem ? fem : masc;
}

/* ---- hours ---- */

/* Why the facility is closed on that day: "jour férié : Noël", a closure's
 * reason, both, or "" when it is a regular closed day. */
static void day_reason(const struct facility *f, long day, char *out, size_t n)
{
    int y, m, d;
    clock_civil(day, &y, &m, &d);
    const char *hol = NULL;
    out[0] = '\0';
    if (holidays_fr_is_holiday(y, m, d, &hol))
        snprintf(out, n, "jour férié : %s", hol);
    struct hours_interval iv[PIECES_MAX];
    size_t k = 0;
    if (facility_day(f, day, iv, PIECES_MAX, &k) != GC_OK)
        return;
    for (size_t i = 0; i < k; i++)
        if (iv[i].state == HOURS_CLOSED && iv[i].comment && *iv[i].comment) {
            if (hol && !strcmp(hol, iv[i].comment))
                break;
            size_t l = strlen(out);
            snprintf(out + l, n - l, "%s%s", l ? " ; " : "", iv[i].comment);
            break;
        }
}

/* Open (or unknown) pieces of a day overlapping [from, to) minutes. */
static size_t open_pieces(const struct facility *f, long day, int from, int to,
                          struct hours_interval *out)
{
    struct hours_interval iv[PIECES_MAX];
    size_t k = 0, n = 0;
    if (facility_day(f, day, iv, PIECES_MAX, &k) != GC_OK)
        return 0;
    for (size_t i = 0; i < k; i++) {
        if (iv[i].state == HOURS_CLOSED || iv[i].end <= from || iv[i].start >= to)
            continue;
        /* Touching pieces that differ only by comment read as one. */
        if (n && out[n - 1].end == iv[i].start && out[n - 1].state == iv[i].state &&
            !out[n - 1].comment == !iv[i].comment &&
            (!iv[i].comment || !strcmp(out[n - 1].comment, iv[i].comment))) {
            out[n - 1].end = iv[i].end;
            continue;
        }
        out[n++] = iv[i];
    }
    return n;
}

static void put_piece_note(struct buf *b, const struct hours_interval *p)
{
    if (p->state == HOURS_UNKNOWN)
        buf_printf(b, " (%s)", p->comment && *p->comment ? p->comment : "à confirmer");
    else if (p->comment && *p->comment)
        buf_printf(b, " (%s)", p->comment);
}

/* "de 12h00 à 13h45 et de 17h00 à 20h00"; a piece that runs past
 * midnight of `day` ends "à 2h00 le lendemain". */
static void put_pieces(struct buf *b, const struct facility *f, long day,
                       const struct hours_interval *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf_adds(b, i == 0 ? "" : i + 1 == n ? " et " : ", ");
        if (p[i].open_end) {
            buf_adds(b, "à partir de ");
            dates_fr_put_time(b, p[i].start);
            put_piece_note(b, &p[i]);
            continue;
        }
        buf_adds(b, "de ");
        dates_fr_put_time(b, p[i].start);
        buf_adds(b, " à ");
        struct gc_time midnight, close;
        clock_from_minutes((int64_t)(day + 1) * 1440, &midnight);
        if (p[i].end == 1440 && p[i].state == HOURS_OPEN &&
            facility_state(f, &midnight, NULL) == HOURS_OPEN &&
            facility_next(f, &midnight, false, &close) &&
            clock_days(close.year, close.month, close.day) == day + 1 &&
            close.hour * 60 + close.minute > 0) {
            dates_fr_put_time(b, close.hour * 60 + close.minute);
            buf_adds(b, " le lendemain");
        } else {
            dates_fr_put_time(b, p[i].end);
        }
        put_piece_note(b, &p[i]);
    }
}

/* "[lundi 23 novembre : ]9h–12h, 14h–17h" */
static void put_day_line(struct buf *b, const struct facility *f, const struct subject *s,
                         long day, const struct gc_time *now, bool with_day)
{
    struct hours_interval p[PIECES_MAX];
    size_t n = open_pieces(f, day, 0, 1440, p);
    if (with_day) {
        dates_fr_put_day(b, day, now, false);
        buf_adds(b, " : ");
    }
    if (!n) {
        char why[300];
        day_reason(f, day, why, sizeof why);
        buf_adds(b, adj(s, "fermé", "fermée"));
        if (*why)
            buf_printf(b, " (%s)", why);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_adds(b, ", ");
        dates_fr_put_time_short(b, p[i].start);
        if (p[i].open_end) {
            buf_adds(b, "+");
        } else {
            buf_adds(b, "–");
            dates_fr_put_time_short(b, p[i].end);
        }
        put_piece_note(b, &p[i]);
    }
}

/* " ; réouverture le jeudi 15 juillet à 10h00" (nothing when none). */
static void put_reopening(struct buf *b, const struct facility *f, const struct gc_time *from,
                          const struct gc_time *now)
{
    struct gc_time o;
    if (!facility_next(f, from, true, &o)) {
        buf_adds(b, " ; aucune réouverture n'est indiquée dans ses horaires");
        return;
    }
    long od = clock_days(o.year, o.month, o.day);
    long today = clock_days(now->year, now->month, now->day);
    buf_adds(b, " ; réouverture ");
    if (od > today + 1)
        buf_adds(b, "le ");
    dates_fr_put_day(b, od, now, true);
    buf_adds(b, " à ");
    dates_fr_put_time(b, o.hour * 60 + o.minute);
}

/* The state now: "... est ouverte aujourd'hui jusqu'à 17h30, puis de ...";
 * when the time it opens is asked ("à quelle heure ouvre..."), "... est
 * ouverte aujourd'hui de 8h30 à 17h30". */
static void say_now(struct buf *b, const struct facility *f, const struct subject *s,
                    const struct gc_time *now, bool opening)
{
    const char *comment;
    long today = clock_days(now->year, now->month, now->day);
    int minute = now->hour * 60 + now->minute;
    enum hours_state st = facility_state(f, now, &comment);
    if (st == HOURS_UNKNOWN) {
        buf_printf(b, "Les horaires de %s ne sont pas précisés en ce moment", s->text);
        if (comment && *comment)
            buf_printf(b, " (%s)", comment);
        buf_adds(b, ".");
        return;
    }
    if (st == HOURS_OPEN) {
        struct gc_time cl;
        buf_printf(b, "%s est %s", s->text, adj(s, "ouvert", "ouverte"));
        if (!facility_next(f, now, false, &cl)) {
            buf_adds(b, " en permanence.");
            return;
        }
        long cd = clock_days(cl.year, cl.month, cl.day);
        int cm = cl.hour * 60 + cl.minute;
        struct hours_interval cur[PIECES_MAX];
        if (cd == today && opening && open_pieces(f, today, minute, minute + 1, cur) == 1 &&
            cur[0].start < minute) {
            buf_adds(b, " aujourd'hui de ");
            dates_fr_put_time(b, cur[0].start);
            buf_adds(b, " à ");
            dates_fr_put_time(b, cm);
        } else if (cd == today) {
            buf_adds(b, " aujourd'hui jusqu'à ");
            dates_fr_put_time(b, cm);
        } else if (cd == today + 1 && cm == 0) {
            buf_adds(b, " aujourd'hui jusqu'à minuit");
        } else if (cd == today + 1) {
            buf_adds(b, " jusqu'à demain ");
            dates_fr_put_time(b, cm);
        } else {
            buf_adds(b, " jusqu'au ");
            dates_fr_put_day(b, cd, now, false);
            buf_adds(b, " à ");
            dates_fr_put_time(b, cm);
        }
        if (comment && *comment)
            buf_printf(b, " (%s)", comment);
        if (cd == today) {
            struct hours_interval p[PIECES_MAX];
            size_t n = open_pieces(f, today, cm, 1440, p);
            if (n) {
                buf_adds(b, ", puis ");
                put_pieces(b, f, today, p, n);
            }
        }
        buf_adds(b, ".");
        return;
    }
    struct hours_interval p[PIECES_MAX];
    size_t before = open_pieces(f, today, 0, minute, p);
    size_t after = open_pieces(f, today, minute, 1440, p);
    char why[300] = "";
    if (!before && !after)
        day_reason(f, today, why, sizeof why);
    else if (comment && *comment)
        snprintf(why, sizeof why, "%s", comment);
    buf_printf(b, "%s est %s %s", s->text, adj(s, "fermé", "fermée"),
               after ? "en ce moment" : before ? "pour aujourd'hui" : "aujourd'hui");
    if (*why)
        buf_printf(b, " (%s)", why);
    if (after) {
        /* Closed for lunch: when it reopens and until when, "réouverture
         * aujourd'hui de 13h30 à 17h00" (the time it closes is asked too). */
        buf_adds(b, " ; réouverture aujourd'hui ");
        put_pieces(b, f, today, p, after);
    } else {
        put_reopening(b, f, now, now);
    }
    buf_adds(b, ".");
}

/* One day, or part of it: "... est ouverte le samedi 12 décembre de 10h00
 * à 18h00." / "... est fermée le mercredi 14 juillet (jour férié : Fête
 * nationale) ; réouverture le jeudi 15 juillet à 10h00." */
static void say_day(struct buf *b, const struct facility *f, const struct subject *s,
                    const struct fr_span *w, const struct gc_time *now, bool weekday)
{
    long today = clock_days(now->year, now->month, now->day);
    long day = w->first;
    struct buf label;
    buf_init(&label, 256);
    bool part = w->from_min > 0 || w->to_min < 1440;
    const char *part_name = w->from_min >= 18 * 60 ? "soir"
                            : w->to_min <= 12 * 60 ? "matin" : "après-midi";
    if (part && day == today)
        buf_printf(&label, "%s", w->from_min >= 18 * 60 ? "ce soir"
                                 : w->to_min <= 12 * 60 ? "ce matin" : "cet après-midi");
    else if (day == today || day == today + 1 || day == today - 1) {
        dates_fr_put_day(&label, day, now, true);
        if (part)
            buf_printf(&label, " %s", part_name);
    } else {
        buf_adds(&label, "le ");
        dates_fr_put_day(&label, day, now, false);
        if (part)
            buf_printf(&label, " %s%s", w->to_min <= 12 * 60 ? "au " : w->from_min >= 18 * 60 ? "au " : "dans l'", part_name);
    }
    /* "et le samedi ?" asked on a Saturday (or a Friday): the day asked is
     * said too, "aujourd'hui samedi 5 décembre". */
    if (weekday && !part && day >= today - 1 && day <= today + 1) {
        buf_adds(&label, " ");
        dates_fr_put_day(&label, day, now, false);
    }
    struct hours_interval p[PIECES_MAX];
    int from = w->from_min;
    if (day == today && now->hour * 60 + now->minute > from && part)
        from = now->hour * 60 + now->minute;
    size_t n = open_pieces(f, day, from, w->to_min, p);
    if (n) {
        buf_printf(b, "%s est %s %s ", s->text, adj(s, "ouvert", "ouverte"), buf_str(&label));
        /* Open since before the part of the day asked: "ce soir jusqu'à 19h00". */
        if (part && p[0].start < from && !p[0].open_end && p[0].end < 1440) {
            buf_adds(b, "jusqu'à ");
            dates_fr_put_time(b, p[0].end);
            put_piece_note(b, &p[0]);
            if (n > 1)
                buf_adds(b, ", puis ");
            put_pieces(b, f, day, p + 1, n - 1);
        } else {
            put_pieces(b, f, day, p, n);
        }
        buf_adds(b, ".");
    } else {
        char why[300] = "";
        if (!open_pieces(f, day, 0, 1440, p))
            day_reason(f, day, why, sizeof why);
        buf_printf(b, "%s est %s %s", s->text, adj(s, "fermé", "fermée"), buf_str(&label));
        if (*why)
            buf_printf(b, " (%s)", why);
        /* Closed in the part of the day asked, open in another: say when,
         * "fermée le vendredi 12 février dans l'après-midi (ouverte ce
         * jour-là de 8h30 à 12h00)". */
        size_t other = part ? open_pieces(f, day, 0, 1440, p) : 0;
        if (other) {
            buf_printf(b, " (%s %s ", adj(s, "ouvert", "ouverte"),
                       day == today ? "aujourd'hui" : "ce jour-là");
            put_pieces(b, f, day, p, other);
            buf_adds(b, ")");
        }
        struct gc_time from_t;
        clock_from_minutes((int64_t)day * 1440 + (part ? w->to_min : 1440) - 1, &from_t);
        if (clock_minutes(&from_t) < clock_minutes(now))
            from_t = *now;
        put_reopening(b, f, &from_t, now);
        buf_adds(b, ".");
    }
    buf_free(&label);
}

/* Is the facility closed all day on day, for a reason (a public holiday,
 * an exceptional closure)?  The reason into why. */
static bool closed_for(const struct facility *f, long day, char *why, size_t n)
{
    struct hours_interval p[PIECES_MAX];
    if (open_pieces(f, day, 0, 1440, p))
        return false;
    day_reason(f, day, why, n);
    return *why != '\0';
}

#define LATER_CLOSURES_MAX 4   /* closures named past the days listed */

/* After the first days of a longer period ("en janvier"): the closures for
 * a reason in the rest of it, so that a list cut after seven days does not
 * hide them: "Fermée aussi : du vendredi 8 au dimanche 17 janvier (vidange
 * annuelle)." */
static void say_later_closures(struct buf *b, const struct facility *f, const struct subject *s,
                               long from, long last, const struct gc_time *now)
{
    int said = 0;
    char why[300], next[300];
    for (long d = from; d <= last && said < LATER_CLOSURES_MAX; d++) {
        if (!closed_for(f, d, why, sizeof why))
            continue;
        long e = d;
        while (e < last && closed_for(f, e + 1, next, sizeof next) && !strcmp(next, why))
            e++;
        buf_adds(b, said ? " ; " : adj(s, " Fermé aussi : ", " Fermée aussi : "));
        if (e > d) {
            dates_fr_put_range(b, d, e, now);
        } else {
            buf_adds(b, "le ");
            dates_fr_put_day(b, d, now, false);
        }
        buf_printf(b, " (%s)", why);
        said++;
        d = e;
    }
    if (said)
        buf_adds(b, ".");
}

/* Several days: "Horaires de X du samedi 12 au dimanche 13 décembre :
 * samedi 12 décembre : 10h–18h ; dimanche 13 décembre : 9h–13h." */
static void say_days(struct buf *b, const struct facility *f, const struct subject *s,
                     long first, long last, const struct gc_time *now, bool next_days)
{
    long n = last - first + 1;
    if (n > COMPUTED_DAYS_MAX)
        n = COMPUTED_DAYS_MAX;
    if (next_days) {
        buf_adds(b, " Les sept prochains jours : ");
    } else {
        /* "Horaires de la piscine (...)", "du centre aquatique", "de l'hôtel" */
        const char *t = s->text;
        if (!strncmp(t, "Le ", 3))
            buf_printf(b, "Horaires du %s", t + 3);
        else if (!strncmp(t, "La ", 3))
            buf_printf(b, "Horaires de la %s", t + 3);
        else if (!strncmp(t, "L'", 2))
            buf_printf(b, "Horaires de l'%s", t + 2);
        else
            buf_printf(b, "Horaires de %s", t);
        if (n < last - first + 1)
            buf_adds(b, ", les sept premiers jours");
        buf_adds(b, " : ");
    }
    /* Days alike in a row are said once: "du lundi 4 au dimanche 10
     * janvier : fermée (vidange annuelle)". */
    char line[COMPUTED_DAYS_MAX][600];
    for (long d = first; d < first + n; d++) {
        struct buf one;
        buf_init(&one, sizeof line[0] - 1);
        put_day_line(&one, f, s, d, now, false);
        snprintf(line[d - first], sizeof line[0], "%s", buf_str(&one));
        buf_free(&one);
    }
    for (long d = first; d < first + n;) {
        long e = d;
        while (e + 1 < first + n && !strcmp(line[e + 1 - first], line[d - first]))
            e++;
        if (d > first)
            buf_adds(b, " ; ");
        if (e > d)
            dates_fr_put_range(b, d, e, now);
        else
            dates_fr_put_day(b, d, now, false);
        buf_printf(b, " : %s", line[d - first]);
        d = e + 1;
    }
    buf_adds(b, ".");
    if (first + n <= last)
        say_later_closures(b, f, s, first + n, last, now);
}

bool computed_hours_answer(const struct computed *c, const char *f, const struct fr_span *w,
                         const struct facility_match *fm, const struct gc_time *now,
                         struct gc_answer *a)
{
    const struct facility *fac = facilities_get(c->fac, fm->facility);
    if (!fac || !fac->hours)
        return false;
    /* "en hiver", "pendant les vacances": a time of year we cannot place. */
    if (!w && dates_fr_has_season(f))
        return false;
    struct subject s;
    computed_subject(fac, fm->name, &s);
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    long today = clock_days(now->year, now->month, now->day);
    bool general = computed_has_any(f, CP_GENERAL_HOURS);
    bool weekday = w && w->kind == FR_SPAN_DAY && w->weekday;
    if (!w || w->now || (w->kind == FR_SPAN_DAY && w->first == today && w->from_min == 0 &&
                         w->to_min == 1440 && !general && !weekday)) {
        say_now(&b, fac, &s, now, computed_has_any(f, CP_OPENING));
        /* "les horaires de la déchèterie en ce moment": the hours too. */
        if ((!w || w->now) && general)
            say_days(&b, fac, &s, today, today + COMPUTED_DAYS_MAX - 1, now, true);
    } else if (w->kind == FR_SPAN_DAY) {
        say_day(&b, fac, &s, w, now, weekday);
    } else {
        long first = w->first < today && w->last >= today ? today : w->first;
        say_days(&b, fac, &s, first, w->last, now, false);
    }
    computed_facility_sources(c, fm->facility, a);
    computed_done(a, &b);
    return true;
}
