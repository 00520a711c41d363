/* computed_events.c — answers about the agenda: which events the question
 * means, over which dates, listed in French.  Every date said comes from
 * an occurrence (knowledge/events). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/computed_int.h"
#include "answer/understand.h"
#include "text/analyze.h"
#include "text/langdata.h"
#include "util/mem.h"

/* The words of event questions that say nothing about which event are
 * data/fr/event-fillers.txt; event-complements.txt, those of them that name
 * a place when a noun and "de" come before them (the "centre de loisirs" is
 * no event of the "centre-ville"). */


/* ---- events ---- */

struct topic {
    char surface[TOPIC_MAX][ANALYZE_WORD_MAX + 8];
    char stem[TOPIC_MAX][ANALYZE_WORD_MAX + 8];
    int n;
    bool too_many;
    const char *const *const *also;   /* lists of more fillers (computed_topic_words) */
    bool strict;                      /* the stop words of topic-changers.txt count */
    size_t skip1_start, skip1_end, skip2_start, skip2_end;   /* date and facility spans */
    const char *town;
    const struct ld_list *categories;   /* a question's word, the agenda's (the town's) */
    int kept_then_de;   /* 1: the last word was kept; 2: then came "de" (or "d'", "du") */
};

static bool in_list(const char *w, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* Stop words that change what is asked, for a strict count: "un autre
 * numéro", "n'est pas à cette adresse", "pourquoi appeler"
 * (data/fr/topic-changers.txt). */

static bool in_lists(const char *w, const char *const *const *lists)
{
    for (int i = 0; lists && lists[i]; i++)
        if (in_list(w, lists[i]))
            return true;
    return false;
}

static int topic_cb(void *ctx, const struct token *t)
{
    struct topic *tp = ctx;
    bool inside = (t->start >= tp->skip1_start && t->end <= tp->skip1_end) ||
                  (t->start >= tp->skip2_start && t->end <= tp->skip2_end);
    const char *w = t->surface;
    int after = tp->kept_then_de;
    tp->kept_then_de = 0;
    /* Not "des": it is as often an article after a comma the folded text
     * has lost ("le marché de Noël, des animations ?"). */
    if (after == 1 && (!strcmp(w, "de") || !strcmp(w, "d") || !strcmp(w, "du")))
        tp->kept_then_de = 2;
    if (inside || in_lists(w, tp->also))
        return 0;
    if (!(tp->strict && in_list(w, langdata_list(LD_TOPIC_CHANGERS)->first))) {
        if (t->stop)
            return 0;
        bool digits = true;
        for (const char *p = w; *p && digits; p++)
            digits = *p >= '0' && *p <= '9';
        if (digits)
            return 0;
        if (in_list(w, langdata_list(LD_EVENT_FILLERS)->first) &&
            !(after == 2 && in_list(w, langdata_list(LD_EVENT_COMPLEMENTS)->first)))
            return 0;
        if (tp->town && *tp->town && understand_mentions(tp->town, w))
            return 0;
    }
    if (tp->n == TOPIC_MAX) {
        tp->too_many = true;
        return 1;
    }
    /* A question word that stands for an agenda word (the town's
     * categories.tsv: "expo" for "exposition"). */
    const char *word = w;
    for (size_t i = 0; tp->categories && i < tp->categories->n; i++)
        if (!strcmp(w, tp->categories->e[i].field[0])) {
            word = tp->categories->e[i].field[1];
            break;
        }
    snprintf(tp->surface[tp->n], sizeof tp->surface[0], "%s", word);
    if (word == w)
        snprintf(tp->stem[tp->n], sizeof tp->stem[0], "%s", t->term);
    else
        analyze_stem(analyze_thread(), word, strlen(word), tp->stem[tp->n], sizeof tp->stem[0]);
    tp->n++;
    tp->kept_then_de = 1;
    return 0;
}

static bool event_matches(const struct event *e, const struct topic *tp, const char *place,
                          const char *place2, bool with_place)
{
    for (int i = 0; i < tp->n; i++)
        if (!event_has_word(e, tp->surface[i], tp->stem[i], with_place))
            return false;
    if (place && !strstr(e->location_folded, place) && !(place2 && strstr(e->location_folded, place2)))
        return false;
    return true;
}

/* The place of an event, short: what comes before the first comma. */
static void put_place(struct buf *b, const char *loc)
{
    size_t n = strcspn(loc, ",");
    while (n && loc[n - 1] == ' ')
        n--;
    if (n)
        buf_printf(b, ", %.*s", (int)n, loc);
}

static void put_occurrence(struct buf *b, const struct occurrence *o, const struct gc_time *now)
{
    struct gc_time s, e;
    clock_from_minutes(o->start, &s);
    clock_from_minutes(o->all_day ? o->end - 1 : o->end, &e);
    long sd = clock_days(s.year, s.month, s.day), ed = clock_days(e.year, e.month, e.day);
    /* Past three days (an exhibition), the hours of the first and last day
     * would mislead: the days only. */
    if (o->all_day || ed - sd >= 3) {
        if (ed == sd) {
            dates_fr_put_day(b, sd, now, false);
            buf_adds(b, " (toute la journée)");
        } else {
            dates_fr_put_range(b, sd, ed, now);
        }
    } else if (ed > sd && !(ed == sd + 1 && e.hour == 0 && e.minute == 0)) {
        buf_adds(b, "du ");
        dates_fr_put_day(b, sd, now, false);
        buf_adds(b, " à ");
        dates_fr_put_time(b, s.hour * 60 + s.minute);
        buf_adds(b, " au ");
        dates_fr_put_day(b, ed, now, false);
        buf_adds(b, " à ");
        dates_fr_put_time(b, e.hour * 60 + e.minute);
    } else {
        dates_fr_put_day(b, sd, now, false);
        buf_adds(b, " à ");
        dates_fr_put_time(b, s.hour * 60 + s.minute);
    }
}

/* "le samedi 5 décembre", "du samedi 5 au dimanche 6 décembre", "en juin" */
static void put_span(struct buf *b, const struct fr_span *w, const struct gc_time *now)
{
    long today = clock_days(now->year, now->month, now->day);
    if (w->kind == FR_SPAN_DAY) {
        if (w->first == today && w->from_min >= 18 * 60)
            buf_adds(b, "ce soir");
        else if (w->first >= today - 1 && w->first <= today + 1)
            dates_fr_put_day(b, w->first, now, true);
        else {
            buf_adds(b, "le ");
            dates_fr_put_day(b, w->first, now, false);
        }
        return;
    }
    if (w->kind == FR_SPAN_MONTH) {
        int y, m, d;
        clock_civil(w->last, &y, &m, &d);
        buf_printf(b, "en %s", dates_fr_month(m));
        if (y != now->year)
            buf_printf(b, " %d", y);
        return;
    }
    dates_fr_put_range(b, w->first, w->last, now);
}

static void event_source(const struct computed *c, const struct event *e, struct gc_answer *a)
{
    const char *url = *e->url ? e->url : c->agenda_url;
    if (!*url)
        return;
    computed_add_source(a, url, e->summary, url, *c->agenda_service ? c->agenda_service : "Agenda",
               e->calendar, *e->stamp ? e->stamp : c->agenda_on);
}

/* "LEAD samedi 6 février à 20h30, SUMMARY, PLACE." for occurrence oc, its
 * event cited in a. */
static void put_dated(const struct computed *c, struct buf *b, const char *lead,
                      const struct occurrence *oc, const struct gc_time *now, struct gc_answer *a)
{
    const struct event *e = events_get(c->ev, oc->event);
    buf_adds(b, lead);
    put_occurrence(b, oc, now);
    buf_printf(b, ", %s", e->summary);
    put_place(b, e->location);
    buf_adds(b, ".");
    event_source(c, e, a);
}

/* The question's topic: its words but the date (w), the facility (fm),
 * the town's name, fillers and stop words. */
static void topic_of(const struct computed *c, const char *f, const struct fr_span *w,
                     const struct facility_match *fm, const char *const *const *also,
                     bool strict, struct topic *tp)
{
    memset(tp, 0, sizeof *tp);
    tp->town = c->town_folded;
    tp->categories = c->categories;
    tp->also = also;
    tp->strict = strict;
    tp->skip1_start = tp->skip1_end = tp->skip2_start = tp->skip2_end = (size_t)-1;
    if (w) {
        tp->skip1_start = w->start;
        tp->skip1_end = w->end;
    }
    if (fm) {
        tp->skip2_start = fm->start;
        tp->skip2_end = fm->end;
    }
    analyze_text(analyze_thread(), f, strlen(f), topic_cb, tp);
}

int computed_topic_words(const struct computed *c, const char *f, const struct fr_span *w,
                         const struct facility_match *fm, const char *const *const *also,
                         bool strict)
{
    struct topic tp;
    topic_of(c, f, w, fm, also, strict, &tp);
    return tp.too_many ? -1 : tp.n;
}

bool computed_events_answer(const struct computed *c, const char *f, const struct fr_span *w,
                          const struct facility_match *fm, enum ev_mode mode,
                          const struct gc_time *now, struct gc_answer *a)
{
    bool asked = mode == EV_ASKED, by_name = mode == EV_ONEOFF || mode == EV_NAMED;
    if (!c->ev)
        return false;
    /* A facility named is a place: "à la médiathèque" -- unless its words
     * are those of an event's name ("la fête du port", the port being the
     * harbour office's alias). */
    char *place = NULL, *place2 = NULL;
    const struct facility *fac = fm ? facilities_get(c->fac, fm->facility) : NULL;
    if (!fac)
        fm = NULL;
    struct topic tp;
    topic_of(c, f, w, fm, NULL, false, &tp);
    if (fac && tp.n && !tp.too_many) {
        /* Something besides the facility is asked: is the whole an event's
         * name?  ("events at the library" alone asks for a place.) */
        struct topic named;
        topic_of(c, f, w, NULL, NULL, false, &named);
        for (uint32_t i = 0; !named.too_many && i < events_count(c->ev); i++)
            if (event_matches(events_get(c->ev, i), &named, NULL, NULL, false)) {
                fac = NULL;
                fm = NULL;
                tp = named;
                break;
            }
    }
    if (fac) {
        place = analyze_fold(fac->name, strlen(fac->name));
        place2 = analyze_fold(fm->name, strlen(fm->name));
    }
    bool ok = false;
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    if (tp.too_many || (!asked && !tp.n && !fac) || (by_name && !tp.n))
        goto out;

    int64_t nowm = clock_minutes(now);
    int64_t from = nowm, to = nowm + (tp.n || fac ? 366LL : BROWSE_DAYS) * 1440;
    if (w) {
        from = (int64_t)w->first * 1440 + w->from_min;
        to = (int64_t)w->last * 1440 + w->to_min;
        if (from < nowm && to > nowm)
            from = nowm;
    }
    /* Group the occurrences by event, in the order of their first one. */
    uint32_t groups[COMPUTED_EVENTS_MAX];
    size_t first_occ[COMPUTED_EVENTS_MAX];
    int ngroups = 0, more = 0;
    bool topic_known = false;
    const struct occurrence *o = events_occurrences(c->ev);
    size_t no = events_noccurrences(c->ev);
    /* The question's words are looked for in the events' names first
     * ("marché de Noël" is not every event on the place du Marché), then
     * in their places too ("concerts à la Halle"). */
    uint32_t nev = events_count(c->ev);
    bool with_place = true;
    for (uint32_t i = 0; i < nev && tp.n && with_place; i++)
        if (event_matches(events_get(c->ev, i), &tp, place, place2, false))
            with_place = false;
    if (by_name)
        with_place = false;
    /* Per event (not per occurrence: a weekly market has dozens). */
    bool *match = xcalloc((size_t)nev + 1, sizeof *match);
    uint32_t *counted = xcalloc((size_t)nev + 1, sizeof *counted);
    for (uint32_t i = 0; i < nev; i++)
        match[i] = event_matches(events_get(c->ev, i), &tp, place, place2, with_place);
    if (mode == EV_ONEOFF) {
        /* "Which day" of a habit (a weekly market, even if a Christmas
         * market shares its name) is the pages'. */
        for (size_t i = 0; i < no; i++)
            counted[o[i].event]++;
        bool habit = false;
        for (uint32_t i = 0; i < nev; i++)
            habit |= match[i] && counted[i] > EVENTS_ONEOFF_MAX;
        if (habit)
            memset(match, 0, ((size_t)nev + 1) * sizeof *match);
        memset(counted, 0, ((size_t)nev + 1) * sizeof *counted);
    }
    size_t next_after = no;   /* the first matching occurrence after the range */
    size_t last_before = no;  /* the last matching occurrence over before now */
    for (size_t i = 0; i < no; i++) {
        if (!match[o[i].event])
            continue;
        topic_known = true;
        if (o[i].start >= to && o[i].start >= nowm && next_after == no)
            next_after = i;
        if (o[i].end <= nowm && (last_before == no || o[i].start > o[last_before].start))
            last_before = i;
        if (o[i].end <= from || o[i].start >= to || (o[i].end == o[i].start && o[i].start < from))
            continue;
        if (counted[o[i].event]++)
            continue;
        if (ngroups < COMPUTED_EVENTS_MAX) {
            groups[ngroups] = o[i].event;
            first_occ[ngroups++] = i;
        } else {
            more++;
        }
    }
    free(counted);
    free(match);
    if (!ngroups && tp.n && next_after == no && last_before < no) {
        /* What was asked took place: say when, rather than nothing or a
         * page that names it. */
        put_dated(c, &b, "Date passée : ", &o[last_before], now, a);
        buf_adds(&b, " Aucune autre date n'est prévue dans l'agenda.");
        ok = true;
        goto out;
    }
    if (!ngroups) {
        /* Say "nothing" only to an agenda question about things the agenda
         * has (or about anything): otherwise the pages may know better. */
        if (!asked || (tp.n && !topic_known) || !c->have_agenda)
            goto out;
        buf_adds(&b, "Je n'ai trouvé aucun événement correspondant");
        if (w) {
            buf_adds(&b, " ");
            put_span(&b, w, now);
        }
        buf_adds(&b, " dans l'agenda.");
        if (next_after < no && (tp.n || fac))
            put_dated(c, &b, " Prochaine date : ", &o[next_after], now, a);
        buf_printf(&b, " Consultez l'agenda complet : %s", c->agenda_url);
        computed_add_source(a, c->agenda_url, c->agenda_title, c->agenda_url, c->agenda_service,
                   c->agenda_by, c->agenda_on);
        ok = true;
        goto out;
    }
    if (w) {
        buf_adds(&b, "Au programme ");
        put_span(&b, w, now);
        buf_adds(&b, " : ");
    } else {
        buf_adds(&b, tp.n || fac ? "Prochaines dates : " : "Prochains événements : ");
    }
    /* Several events and no topic asked ("qu'est-ce qu'il y a ce
     * week-end ?"): the agenda, which holds them all, is cited first, then
     * each event's own page.  Events of the topic asked ("le prochain
     * fest-noz") cite their own page first. */
    if (ngroups > 1 && !tp.n && *c->agenda_url)
        computed_add_source(a, c->agenda_url, c->agenda_title, c->agenda_url, c->agenda_service,
                            c->agenda_by, c->agenda_on);
    for (int g = 0; g < ngroups; g++) {
        const struct occurrence *oc = &o[first_occ[g]];
        const struct event *e = events_get(c->ev, groups[g]);
        if (g)
            buf_adds(&b, " ; ");
        put_occurrence(&b, oc, now);
        buf_printf(&b, ", %s", e->summary);
        put_place(&b, e->location);
        /* Later dates of the same event within the range. */
        long later[COMPUTED_LATER_MAX];
        int nlater = 0, total = 0;
        for (size_t i = first_occ[g] + 1; i < no; i++) {
            if (o[i].event != groups[g] || o[i].start >= to)
                continue;
            if (nlater < COMPUTED_LATER_MAX)
                later[nlater++] = (long)(o[i].start / 1440);
            total++;
        }
        if (nlater) {
            buf_adds(&b, " (aussi ");
            dates_fr_put_days(&b, later, nlater, now);
            if (total == nlater + 1)
                buf_adds(&b, ", et une autre date");
            else if (total > nlater)
                buf_printf(&b, ", et %d autres dates", total - nlater);
            buf_adds(&b, ")");
        }
        event_source(c, e, a);
    }
    buf_adds(&b, ".");
    if (more) {
        buf_printf(&b, " Et %d autre%s événement%s", more, more > 1 ? "s" : "", more > 1 ? "s" : "");
        if (*c->agenda_url)
            buf_printf(&b, " : voir l'agenda, %s", c->agenda_url);
        buf_adds(&b, ".");
    }
    ok = true;
out:
    if (ok)
        computed_done(a, &b);
    buf_free(&b);
    free(place);
    free(place2);
    return ok;
}
