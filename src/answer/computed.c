/* computed.c — answers computed from the facilities and the agenda:
 * loading, and which kind of question this is (computed_int.h). */
#include "answer/computed.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/computed_int.h"
#include "answer/understand.h"
#include "text/analyze.h"
#include "text/langdata.h"
#include "util/limits.h"
#include "util/mem.h"

/* ---- phrases ---- */

/* What the question is about: opening hours, the agenda, a date/time asked
 * for something that may be an event, the week's hours, how to reach a
 * facility (a phone number is asked as compose.c knows it:
 * understand_asks_for(AT_PHONE)).  Phrase lists of data/fr/, one per kind. */
static const enum ld_res list_files[CP_COUNT] = {
    [CP_HOURS] = LD_HOURS_PHRASES, [CP_EVENTS] = LD_EVENTS_PHRASES, [CP_WHEN] = LD_WHEN_PHRASES,
    [CP_DAY] = LD_DAY_PHRASES,
    [CP_GENERAL_HOURS] = LD_HOURS_GENERAL_PHRASES, [CP_OPENING] = LD_OPENING_PHRASES,
    [CP_MAIL] = LD_MAIL_PHRASES,
    [CP_ADDRESS] = LD_ADDRESS_PHRASES, [CP_CONTACT] = LD_CONTACT_PHRASES,
};

static struct understand_phrases lists[CP_COUNT];
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void lists_init(void)
{
    _Static_assert(UNDERSTAND_PHRASES_MAX >= GC_LANGDATA_PHRASES_MAX,
                   "a phrase list of data/fr/ may hold more than UNDERSTAND_PHRASES_MAX");
    for (int i = 0; i < CP_COUNT; i++)
        understand_phrases_init(&lists[i], langdata_list(list_files[i])->first);
}

bool computed_has_any(const char *f, enum computed_list l)
{
    pthread_once(&lists_once, lists_init);
    return understand_phrases_any(&lists[l], f);
}

/* ---- opening and closing ---- */

void computed_set_categories(struct computed *c, const struct ld_list *categories)
{
    c->categories = categories;
}

void computed_close(struct computed *c)
{
    if (!c)
        return;
    facilities_free(c->fac);
    free(c->page);
    events_free(c->ev);
    free(c->town_folded);
    free(c->agenda_title);
    free(c->agenda_url);
    free(c->agenda_service);
    free(c->agenda_by);
    free(c->agenda_on);
    free(c);
}

/* The validated page about each facility, cited after the facility: the
 * page at the facility's URL, or else the first whose title holds the
 * facility's name ("Centre aquatique des Tilleuls : horaires et tarifs"). */
static void related_pages(struct computed *c, const struct index *ix)
{
    int n = facilities_count(c->fac);
    c->page = xcalloc((size_t)n + 1, sizeof *c->page);
    for (int i = 0; ix && i < n; i++) {
        const struct facility *f = facilities_get(c->fac, i);
        char *name = analyze_fold(f->name, strlen(f->name));
        for (uint32_t k = 0; k < index_npages(ix) && !c->page[i]; k++)
            if (*f->url && !strcmp(index_page(ix, k)->url, f->url))
                c->page[i] = index_page(ix, k);
        /* Best: the title starts with the name (after an article); then
         * the shortest title holding it. */
        size_t best = (size_t)-1;
        bool by_url = c->page[i] != NULL;
        for (uint32_t k = 0; k < index_npages(ix) && !by_url && *name; k++) {
            const struct ix_page *pg = index_page(ix, k);
            char *t = analyze_fold(pg->title, strlen(pg->title));
            const char *u = t;
            if (!strncmp(u, "la ", 3) || !strncmp(u, "le ", 3))
                u += 3;
            else if (!strncmp(u, "les ", 4))
                u += 4;
            else if (!strncmp(u, "l ", 2))
                u += 2;
            size_t nl = strlen(name), score = strlen(t);
            if (!strncmp(u, name, nl) && (u[nl] == ' ' || !u[nl]))
                score = 0;
            if (understand_mentions(t, name) && score < best) {
                best = score;
                c->page[i] = pg;
            }
            free(t);
        }
        free(name);
    }
}

static bool word_of_pages(const void *ctx, const char *w, size_t n)
{
    return index_term_of_surface(ctx, w, n) != UINT32_MAX;
}

enum gc_rc computed_open(struct computed **out, const struct config *cfg, struct db *db,
                         const struct index *ix, struct gc_err *e)
{
    struct computed *c = xcalloc(1, sizeof *c);
    enum gc_rc rc;
    *out = NULL;
    rc = clock_from_config(&c->clock, cfg, e);
    if (rc)
        goto out;
    struct gc_time now;
    clock_now(&c->clock, &now);
    rc = facilities_load(db, &c->fac, e);
    if (!rc)
        rc = events_load(db, &now, &c->ev, e);
    if (rc)
        goto out;
    related_pages(c, ix);
    if (ix)
        facilities_set_known(c->fac, word_of_pages, ix);
    const char *town = config_get(cfg, "town-name");
    c->town_folded = analyze_fold(town, strlen(town));
    const char *url = config_get(cfg, "agenda-url");
    c->have_agenda = *url != '\0';
    c->agenda_url = xstrdup(url);
    c->agenda_title = xstrdup("Agenda");
    c->agenda_service = xstrdup("");
    c->agenda_by = xstrdup("");
    c->agenda_on = xstrdup("");
    for (uint32_t i = 0; *url && ix && i < index_npages(ix); i++) {
        const struct ix_page *pg = index_page(ix, i);
        if (strcmp(pg->url, url))
            continue;
        free(c->agenda_title);
        free(c->agenda_service);
        free(c->agenda_by);
        free(c->agenda_on);
        c->agenda_title = xstrdup(pg->title);
        c->agenda_service = xstrdup(pg->service);
        c->agenda_by = xstrdup(pg->validated_by);
        c->agenda_on = xstrdup(pg->validated_on);
        break;
    }
    *out = c;
    c = NULL;
    rc = GC_OK;
out:
    computed_close(c);
    return rc;
}

int computed_facility_count(const struct computed *c)
{
    return c ? facilities_count(c->fac) : 0;
}

unsigned computed_event_count(const struct computed *c)
{
    return c ? events_count(c->ev) : 0;
}

void computed_add_source(struct gc_answer *a, const char *id, const char *title, const char *url,
                       const char *service, const char *by, const char *on)
{
    if (a->nsources >= GC_SOURCES_MAX)
        return;
    for (int i = 0; i < a->nsources; i++)
        if (!strcmp(a->sources[i].url, url))
            return;
    answer_add_source(a, id, title, url, service, by, on);
    /* Evaluation ranks pages by id: the facility's or event's page. */
    if (a->nranked < (int)(sizeof a->ranked / sizeof a->ranked[0]) && *url)
        a->ranked[a->nranked++] = xstrdup(url);
}

void computed_facility_sources(const struct computed *c, int i, struct gc_answer *a)
{
    const struct facility *fac = facilities_get(c->fac, i);
    if (!fac)
        return;
    computed_add_source(a, *fac->url ? fac->url : fac->id, fac->name, fac->url, fac->service,
                        fac->validated_by, fac->validated_on);
    const struct ix_page *pg = c->page ? c->page[i] : NULL;
    if (pg)
        computed_add_source(a, pg->ext_id, pg->title, pg->url, pg->service, pg->validated_by,
                            pg->validated_on);
}

void computed_done(struct gc_answer *a, struct buf *b)
{
    a->text = buf_steal(b);
    a->confidence = 1.0;
    a->refused = false;
    a->refusal_reason = NULL;
    a->path = "computed";
}

/* ---- dispatch ---- */

/* "Piscine samedi": a facility and a day, nothing else said.  Its hours
 * that day first (what most who ask this want), then what the agenda has
 * there that day, if anything. */
static bool hours_and_agenda(const struct computed *c, const char *f, const struct fr_span *w,
                             const struct facility_match *m, const struct gc_time *now,
                             struct gc_answer *a)
{
    if (!computed_hours_answer(c, f, w, m, now, a))
        return computed_events_answer(c, f, w, m, EV_MAYBE, now, a);
    struct gc_answer ev;
    memset(&ev, 0, sizeof ev);
    if (computed_events_answer(c, f, w, m, EV_MAYBE, now, &ev)) {
        struct buf b;
        buf_init(&b, 2 * ANSWER_MAX);
        if (!buf_printf(&b, "%s %s", a->text, ev.text)) {
            free(a->text);
            a->text = buf_steal(&b);
            for (int i = 0; i < ev.nsources; i++) {
                const struct gc_source *s = &ev.sources[i];
                computed_add_source(a, s->id, s->title, s->url, s->service, s->validated_by,
                                    s->validated_on);
            }
        }
        buf_free(&b);
    }
    answer_free(&ev);
    return true;
}

const char *const *computed_hours_words(void)
{
    return langdata_list(LD_HOURS_WORDS)->first;
}

void computed_read(const struct computed *c, struct reading *r, const struct gc_time *at)
{
    if (!at)
        clock_now(&c->clock, &r->now);
    r->has_facility = facilities_find(c->fac, r->folded, &r->facility);
}

/* The question whose topic counts: a message of several sentences, one of
 * them a question ("?") that names the facility at [from, to) of f, the
 * others statements ("La médiathèque est ouverte samedi ? Je dois rendre mes
 * livres."), is about what its question asks; the statements say why.
 * text[0..len): the message (f is its folded form, without punctuation: a
 * sentence's place in f is the length of its folded beginning).  A copy of
 * f with the statements blanked (the offsets of f hold in it), or NULL when
 * there is nothing to blank.  A sentence ends at '?', '!' or '.' before a
 * blank or the end, capital or not after it (sentences_split, made for
 * pages, wants one; residents seldom type it). */
#define SENTENCES_MAX 8

static bool sentence_end(const char *text, size_t len, size_t i)
{
    return (text[i] == '?' || text[i] == '!' || text[i] == '.') &&
           (i + 1 == len || text[i + 1] == ' ' || text[i + 1] == '\n');
}

/* One sentence whose question is its last clause, after a comma, and
 * names no facility ("Je voulais passer à la mairie vendredi pour un
 * papier, elle sera ouverte ?"): what comes before says where and when,
 * and why (not what is asked).  The folded text with the words before the
 * comma blanked but the facility's name (f[from..to)), or NULL. */
static char *clause_only(const char *text, size_t len, const char *f, size_t from, size_t to)
{
    size_t end = len;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '?'))
        end--;
    if (end == len || text[len - 1] != '?')
        return NULL;   /* not a question */
    size_t comma = end;
    while (comma > 0 && text[comma - 1] != ',')
        comma--;
    if (!comma)
        return NULL;
    /* "..., c'est jusqu'à quand ?" asks when the thing named before ends
     * (an exhibition), not the facility's hours: a date or a deadline cue
     * of question-cues.tsv. */
    char *tail = analyze_fold(text + comma, len - comma);
    bool when = tail && (understand_asks_for(tail, AT_DATE) ||
                         understand_asks_for(tail, AT_DEADLINE));
    free(tail);
    if (when)
        return NULL;
    char *pre = analyze_fold(text, comma);
    size_t c = pre ? strlen(pre) : 0;
    free(pre);
    size_t fn = strlen(f);
    if (c > fn || to > c)
        return NULL;   /* the facility is named in the question's clause */
    char *g = xstrdup(f);
    memset(g, ' ', from);
    memset(g + to, ' ', c - to);
    return g;
}

static char *question_only(const char *text, size_t len, const char *f, size_t from, size_t to)
{
    /* One sentence, or one and a final mark (nearly every question):
     * nothing to blank, nothing to fold. */
    size_t first = 0;
    while (first < len && !sentence_end(text, len, first))
        first++;
    if (first + 1 >= len)
        return clause_only(text, len, f, from, to);
    size_t fn = strlen(f), s = 0;   /* s: where the sentence starts in f */
    size_t blank[SENTENCES_MAX][2];
    int nb = 0, ns = 0;
    bool asked = false;
    /* The end of the message ends its last sentence, a statement when it
     * has no mark ("... ? je dois rendre mes livres"). */
    for (size_t i = first; i <= len && ns < SENTENCES_MAX; i++) {
        char ch = i < len ? text[i] : '.';
        if (i < len && !sentence_end(text, len, i))
            continue;
        size_t e = fn;
        if (i < len) {
            char *pre = analyze_fold(text, i + 1);
            e = pre ? strlen(pre) : 0;
            free(pre);
        }
        if (e > fn)
            e = fn;
        if (e <= s)
            continue;
        ns++;
        bool holds = from >= s && to <= e;
        if (ch == '?' && holds)
            asked = true;
        else if (ch != '?' && !holds)
            blank[nb][0] = s, blank[nb++][1] = e;
        s = e;
    }
    if (!asked || !nb)
        return NULL;
    char *g = xstrdup(f);
    for (int k = 0; k < nb; k++)
        memset(g + blank[k][0], ' ', blank[k][1] - blank[k][0]);
    return g;
}

/* The dispatch, on the question read. */
static bool answer_read(const struct computed *c, const struct reading *r, struct gc_answer *a)
{
    const char *const *const hours_or_contact[] = {computed_hours_words(),
                                                   computed_contact_words(), NULL};
    const char *f = r->folded;
    const struct gc_time *now = &r->now;
    bool has_when = r->has_when, has_fac = r->has_facility;
    const struct fr_span *w = has_when ? &r->when : NULL;
    const struct facility_match *m = has_fac ? &r->facility : NULL;
    char *qf = has_fac ? question_only(r->text, r->len, f, m->start, m->end) : NULL;
    const char *tf = qf ? qf : f;   /* the words of its topic */
    bool ok = false;
    if (computed_has_any(f, CP_EVENTS))
        ok = computed_events_answer(c, f, w, m, EV_ASKED, now, a);
    /* Hours of the facility, when the question says nothing else: "à quelle
     * heure commence la cérémonie de mariage à la mairie ?" is about the
     * ceremony, "jusqu'à quelle heure la musique dans une salle louée à la
     * mairie ?" about the hall. */
    else if (has_fac && computed_has_any(f, CP_HOURS) &&
             computed_topic_words(c, tf, w, m, hours_or_contact, false) == 0) {
        ok = computed_hours_answer(c, f, w, m, now, a);
        if (ok)
            computed_contact_add(c, f, w, m, a);
    } else if (has_fac && computed_contact_answer(c, f, w, m, a))
        ok = true;
    else if (has_fac && has_when && w->kind == FR_SPAN_DAY && !computed_has_any(f, CP_WHEN) &&
             computed_topic_words(c, tf, w, m, NULL, false) == 0)
        ok = hours_and_agenda(c, f, w, m, now, a);
    else if (has_when || computed_has_any(f, CP_WHEN))
        ok = computed_events_answer(c, f, w, m, EV_MAYBE, now, a);
    else if (computed_has_any(f, CP_DAY))
        ok = computed_events_answer(c, f, w, m, EV_ONEOFF, now, a);
    free(qf);
    return ok;
}

bool computed_named_event(const struct computed *c, const struct reading *r, struct gc_answer *a)
{
    if (!c || !r || !r->folded)
        return false;
    return computed_events_answer(c, r->folded, r->has_when ? &r->when : NULL,
                                  r->has_facility ? &r->facility : NULL, EV_NAMED, &r->now, a);
}

bool computed_answer_at(const struct computed *c, const char *text, size_t len,
                        const struct gc_time *now, struct gc_answer *a)
{
    if (!c || !text || !len)
        return false;
    struct reading r;
    reading_init(&r, text, len, READING_SPELLED, c->town_folded, c, now, NULL);
    bool ok = answer_read(c, &r, a);
    reading_free(&r);
    return ok;
}

bool computed_answer(const struct computed *c, const struct reading *r, struct gc_answer *a)
{
    if (!c || !r || !r->folded)
        return false;
    return answer_read(c, r, a);
}
