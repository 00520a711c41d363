/* computed.c — answers about opening hours and events, computed in French. */
#include "answer/computed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/dates_fr.h"
#include "knowledge/events.h"
#include "knowledge/facilities.h"
#include "knowledge/holidays_fr.h"
#include "text/analyze.h"
#include "util/buf.h"
#include "util/mem.h"

#define ANSWER_MAX  (8 * 1024)   /* bytes of a computed answer */
#define PIECES_MAX  96           /* pieces of one day we look at */
#define TOPIC_MAX   8            /* words of a question matched against events */
#define COMPUTED_LATER_MAX 3     /* later dates of one event named in a list */
#define BROWSE_DAYS 14           /* "agenda", "que faire ?" without a date: this far ahead */

struct computed {
    struct clock clock;
    struct facilities *fac;
    const struct ix_page **page;   /* per facility: the validated page about it, or NULL */
    struct events *ev;
    char *town_folded;
    /* The agenda page, cited when no event matches. */
    bool have_agenda;
    char *agenda_title, *agenda_url, *agenda_service, *agenda_by, *agenda_on;
};

/* ---- phrases ---- */

/* Is phrase in the folded text f, on word boundaries? */
static bool has(const char *f, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(f, phrase); p; p = strstr(p + 1, phrase))
        if ((p == f || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

static bool has_any(const char *f, const char *const *phrases)
{
    for (int i = 0; phrases[i]; i++)
        if (has(f, phrases[i]))
            return true;
    return false;
}

static const char *const hours_phrases[] = {
    "horaire", "horaires", "ouvert", "ouverte", "ouverts", "ouvertes", "ouvre", "ouvrent",
    "ferme", "fermee", "fermes", "fermees", "ferment", "fermeture", "fermetures", "ouverture",
    "a quelle heure", "quelle heure", "quand ouvre", "jusqu a quelle heure", "jusqu a quand",
    "heures d ouverture", "jours d ouverture", NULL,
};
static const char *const general_phrases[] = {
    "horaire", "horaires", "heures d ouverture", "jours d ouverture", NULL,
};
static const char *const events_phrases[] = {
    "que faire", "quoi faire", "qu est ce qu on peut faire", "que peut on faire", "agenda",
    "evenement", "evenements", "manifestation", "manifestations", "animation", "animations",
    "ou sortir", "sortir ce", "sortie ce", "sorties ce", "idee de sortie", "idees de sortie",
    "idees de sorties", "que se passe t il", "qu est ce qui se passe", "quoi de prevu",
    "au programme", "spectacle", "spectacles", "concert", "concerts", "qu est ce qu il y a",
    "qu y a t il", "y a t il quelque chose", "il y a quoi", "quoi de neuf", "se passe t il",
    NULL,
};
static const char *const when_phrases[] = {
    /* Not "quels jours": "quels jours a lieu le marché ?" asks for a habit,
     * which the pages say better than a list of dates. */
    "quand", "quelle date", "quelles dates", "a quelle heure", "quelle heure", "prochain", "prochaine", "prochains", "prochaines", "y a t il", "il y a",
    NULL,
};
/* Words of event questions that say nothing about which event. */
static const char *const filler[] = {
    "que", "quoi", "faire", "quel", "quels", "quelle", "quelles", "evenement", "evenements",
    "manifestation", "manifestations", "animation", "animations", "agenda", "sortir",
    "sortie", "sorties", "idee", "idees", "quand", "date", "dates", "heure", "heures", "jour",
    "jours", "lieu", "ont", "avoir", "y", "il", "ils", "est", "sont", "c", "qu", "se", "passe",
    "passer", "prevu", "prevus", "prevue", "prevues", "programme", "programmes", "prochain",
    "prochaine", "prochains", "prochaines", "bientot", "venir", "ville", "commune", "organise",
    "organises", "organisee", "organisees", "propose", "proposes", "ce", "cet", "cette", "ces",
    "ou", "aller", "voir", "peut", "peux", "on", "nous", "je", "j", "tu", "vous", "t",
    "dans", "chez", "pour", "avec", "moi", "commence", "commencent", "debut", "termine",
    "fin", "ouvert", "ouverte", "ferme", "fermee", "horaire", "horaires", "liste", "tous",
    "toutes", "aura", "sera", "auront", "seront", "activite", "activites", "loisirs", "bonjour",
    "merci", "s", "plait", "svp", "quelque", "chose", "rien", "interessant", "a", "au", "aux",
    "en", "de", "du", "des", "la", "le", "les", "l", "d", "un", "une", "et", "ou", "faut",
    "connaitre", "savoir", "dire", "pourriez", "pouvez", "possible", NULL,
};
/* A question word that stands for an agenda word. */
static const struct {
    const char *asked, *means;
} synonyms[] = {
    {"enfant", "jeunesse"}, {"enfants", "jeunesse"}, {"famille", "jeunesse"},
    {"musique", "concert"}, {"musical", "concert"}, {"musicale", "concert"},
    {"expo", "exposition"}, {"expos", "exposition"}, {"brocante", "vide"},
    {"brocantes", "vide"}, {"foot", "football"}, {"cine", "cinema"}, {"film", "cinema"},
    {"films", "cinema"}, {"sportif", "sport"}, {"sportive", "sport"}, {"sportives", "sport"},
    {"conferences", "conference"}, {"marches", "marche"}, {"fetes", "fete"},
};

/* ---- opening and closing ---- */

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
            if (has(t, name) && score < best) {
                best = score;
                c->page[i] = pg;
            }
            free(t);
        }
        free(name);
    }
}

enum gc_rc computed_open(struct computed **out, const struct config *cfg, struct db *db,
                         const struct index *ix, struct gc_err *e)
{
    struct computed *c = xcalloc(1, sizeof *c);
    enum gc_rc rc;
    *out = NULL;
    if ((rc = clock_from_config(&c->clock, cfg, e)))
        goto out;
    struct gc_time now;
    clock_now(&c->clock, &now);
    if ((rc = facilities_load(db, &c->fac, e)) || (rc = events_load(db, &now, &c->ev, e)))
        goto out;
    related_pages(c, ix);
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

static void add_source(struct gc_answer *a, const char *id, const char *title, const char *url,
                       const char *service, const char *by, const char *on)
{
    if (a->nsources >= GC_SOURCES_MAX)
        return;
    for (int i = 0; i < a->nsources; i++)
        if (!strcmp(a->sources[i].url, url))
            return;
    struct gc_source *s = &a->sources[a->nsources++];
    s->id = xstrdup(id);
    s->title = xstrdup(title);
    s->url = xstrdup(url);
    s->service = xstrdup(service);
    s->validated_by = xstrdup(by);
    s->validated_on = xstrdup(on);
    /* Evaluation ranks pages by id: the facility's or event's page. */
    if (a->nranked < (int)(sizeof a->ranked / sizeof a->ranked[0]) && *url)
        a->ranked[a->nranked++] = xstrdup(url);
}

static void finish(struct gc_answer *a, struct buf *b)
{
    a->text = buf_steal(b);
    a->confidence = 1.0;
    a->refused = false;
    a->refusal_reason = NULL;
    a->path = "computed";
}

/* ---- naming a facility ---- */

/* Gender of the head noun of a name (its first folded word): 'f', 'm', or
 * 0 when unknown. */
static char gender_of(const char *name)
{
    static const char *const fem[] = {"piscine", "mairie", "mediatheque", "bibliotheque",
                                      "dechetterie", "decheterie", "creche", "annexe", "maison",
                                      "halte", "salle", "ecole", "fourriere", "police",
                                      "decharge", "ludotheque", "cantine", "residence",
                                      "permanence", "caserne", "gendarmerie", "patinoire",
                                      "piste", "aire", "base", "capitainerie", "agence", NULL};
    static const char *const masc[] = {"hotel", "centre", "cimetiere", "gymnase",
                                       "conservatoire", "office", "espace", "multi", "refuge",
                                       "columbarium", "jardin", "ccas", "service", "syndicat",
                                       "point", "accueil", "stade", "complexe", "musee",
                                       "theatre", "cinema", "parc", "marche", "relais", "pole",
                                       "guichet", "bureau", "local", "dojo", "skatepark",
                                       "square", "camping", "poste", "foyer", "club", "lieu",
                                       "pavillon", "chateau", "port", "terrain", "boulodrome",
                                       NULL};
    char *f = analyze_fold(name, strlen(name));
    char first[32] = "";
    size_t n = strcspn(f, " ");
    if (n < sizeof first) {
        memcpy(first, f, n);
        first[n] = '\0';
    }
    free(f);
    for (int i = 0; fem[i]; i++)
        if (!strcmp(first, fem[i]))
            return 'f';
    for (int i = 0; masc[i]; i++)
        if (!strcmp(first, masc[i]))
            return 'm';
    return 0;
}

/* Append name with a lower-case first letter, unless it is an acronym. */
static void add_lowered(struct buf *b, const char *s)
{
    unsigned char c0 = (unsigned char)s[0], c1 = (unsigned char)s[1];
    if (c0 >= 'A' && c0 <= 'Z' && !(c1 >= 'A' && c1 <= 'Z')) {
        buf_addc(b, (char)(c0 - 'A' + 'a'));
        buf_adds(b, s + 1);
    } else if (c0 == 0xC3 && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) {
        /* É, È, Ê, À, Â, Î, Ô... */
        buf_addc(b, (char)c0);
        buf_addc(b, (char)(c1 + 0x20));
        buf_adds(b, s + 2);
    } else {
        buf_adds(b, s);
    }
}

struct subject {
    char text[512];
    bool fem;
};

/* "La piscine (Centre aquatique des Tilleuls)", "L'hôtel de ville de ...". */
static void subject_of(const struct facility *f, const char *alias, struct subject *s)
{
    char g = alias ? gender_of(alias) : 0;
    const char *head = alias;
    if (!g) {
        g = gender_of(f->name);
        head = f->name;
    }
    struct buf b;
    buf_init(&b, sizeof s->text - 1);
    if (g) {
        char *fh = analyze_fold(head, strlen(head));
        bool vowel = strchr("aeiouy", fh[0]) != NULL ||
                     (fh[0] == 'h' && strncmp(fh, "halte", 5) && strncmp(fh, "hall", 4));
        free(fh);
        buf_adds(&b, vowel ? "L'" : g == 'f' ? "La " : "Le ");
        add_lowered(&b, head);
    } else {
        buf_adds(&b, f->name);
        g = 'm';
    }
    if (head != f->name) {
        char *a1 = analyze_fold(head, strlen(head)), *a2 = analyze_fold(f->name, strlen(f->name));
        if (strcmp(a1, a2))
            buf_printf(&b, " (%s)", f->name);
        free(a1);
        free(a2);
    }
    snprintf(s->text, sizeof s->text, "%s", buf_str(&b));
    buf_free(&b);
    s->fem = g == 'f';
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

/* The state now: "... est ouverte aujourd'hui jusqu'à 17h30, puis de ..." */
static void say_now(struct buf *b, const struct facility *f, const struct subject *s,
                    const struct gc_time *now)
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
        if (cd == today) {
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
    put_reopening(b, f, now, now);
    buf_adds(b, ".");
}

/* One day, or part of it: "... est ouverte le samedi 12 décembre de 10h00
 * à 18h00." / "... est fermée le mercredi 14 juillet (jour férié : Fête
 * nationale) ; réouverture le jeudi 15 juillet à 10h00." */
static void say_day(struct buf *b, const struct facility *f, const struct subject *s,
                    const struct fr_span *w, const struct gc_time *now)
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
        struct gc_time from_t;
        clock_from_minutes((int64_t)day * 1440 + (part ? w->to_min : 1440) - 1, &from_t);
        if (clock_minutes(&from_t) < clock_minutes(now))
            from_t = *now;
        put_reopening(b, f, &from_t, now);
        buf_adds(b, ".");
    }
    buf_free(&label);
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
}

static bool answer_hours(const struct computed *c, const char *f, const struct fr_span *w,
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
    subject_of(fac, fm->name, &s);
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    long today = clock_days(now->year, now->month, now->day);
    bool general = has_any(f, general_phrases);
    if (!w || w->now || (w->kind == FR_SPAN_DAY && w->first == today && w->from_min == 0 &&
                         w->to_min == 1440 && !general)) {
        say_now(&b, fac, &s, now);
        if (!w && general)
            say_days(&b, fac, &s, today, today + COMPUTED_DAYS_MAX - 1, now, true);
    } else if (w->kind == FR_SPAN_DAY) {
        say_day(&b, fac, &s, w, now);
    } else {
        long first = w->first < today && w->last >= today ? today : w->first;
        say_days(&b, fac, &s, first, w->last, now, false);
    }
    char id[600];
    snprintf(id, sizeof id, "%s", *fac->url ? fac->url : fac->id);
    add_source(a, id, fac->name, fac->url, fac->service, fac->validated_by, fac->validated_on);
    const struct ix_page *pg = c->page ? c->page[fm->facility] : NULL;
    if (pg)
        add_source(a, pg->ext_id, pg->title, pg->url, pg->service, pg->validated_by,
                   pg->validated_on);
    finish(a, &b);
    return true;
}

/* ---- events ---- */

struct topic {
    char surface[TOPIC_MAX][ANALYZE_WORD_MAX + 8];
    char stem[TOPIC_MAX][ANALYZE_WORD_MAX + 8];
    int n;
    bool too_many;
    const char *folded;
    size_t skip1_start, skip1_end, skip2_start, skip2_end;   /* date and facility spans */
    const char *town;
};

static int topic_cb(void *ctx, const struct token *t)
{
    struct topic *tp = ctx;
    bool inside = (t->start >= tp->skip1_start && t->end <= tp->skip1_end) ||
                  (t->start >= tp->skip2_start && t->end <= tp->skip2_end);
    if (inside || t->stop)
        return 0;
    const char *w = t->surface;
    bool digits = true;
    for (const char *p = w; *p && digits; p++)
        digits = *p >= '0' && *p <= '9';
    if (digits)
        return 0;
    for (int i = 0; filler[i]; i++)
        if (!strcmp(w, filler[i]))
            return 0;
    if (tp->town && *tp->town && has(tp->town, w))
        return 0;
    if (tp->n == TOPIC_MAX) {
        tp->too_many = true;
        return 1;
    }
    const char *word = w;
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (!strcmp(w, synonyms[i].asked))
            word = synonyms[i].means;
    snprintf(tp->surface[tp->n], sizeof tp->surface[0], "%s", word);
    if (word == w)
        snprintf(tp->stem[tp->n], sizeof tp->stem[0], "%s", t->term);
    else
        analyze_stem(analyze_thread(), word, strlen(word), tp->stem[tp->n], sizeof tp->stem[0]);
    tp->n++;
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
    add_source(a, url, e->summary, url, *c->agenda_service ? c->agenda_service : "Agenda",
               e->calendar, *e->stamp ? e->stamp : c->agenda_on);
}

static bool answer_events(const struct computed *c, const char *f, const struct fr_span *w,
                          const struct facility_match *fm, bool asked, const struct gc_time *now,
                          struct gc_answer *a)
{
    if (!c->ev)
        return false;
    struct topic tp;
    memset(&tp, 0, sizeof tp);
    tp.folded = f;
    tp.town = c->town_folded;
    tp.skip1_start = tp.skip1_end = tp.skip2_start = tp.skip2_end = (size_t)-1;
    if (w) {
        tp.skip1_start = w->start;
        tp.skip1_end = w->end;
    }
    /* A facility named is a place: "à la médiathèque". */
    char *place = NULL, *place2 = NULL;
    const struct facility *fac = fm ? facilities_get(c->fac, fm->facility) : NULL;
    if (fac) {
        tp.skip2_start = fm->start;
        tp.skip2_end = fm->end;
        place = analyze_fold(fac->name, strlen(fac->name));
        place2 = analyze_fold(fm->name, strlen(fm->name));
    }
    analyze_text(analyze_thread(), f, strlen(f), topic_cb, &tp);
    bool ok = false;
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    if (tp.too_many || (!asked && !tp.n && !fac))
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
    bool with_place = true;
    for (uint32_t i = 0; i < events_count(c->ev) && tp.n && with_place; i++)
        if (event_matches(events_get(c->ev, i), &tp, place, place2, false))
            with_place = false;
    uint32_t *counted = xcalloc((size_t)events_count(c->ev) + 1, sizeof *counted);
    size_t next_after = no;   /* the first matching occurrence after the range */
    for (size_t i = 0; i < no; i++) {
        const struct event *e = events_get(c->ev, o[i].event);
        if (!event_matches(e, &tp, place, place2, with_place))
            continue;
        topic_known = true;
        if (o[i].start >= to && o[i].start >= nowm && next_after == no)
            next_after = i;
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
        if (next_after < no && (tp.n || fac)) {
            const struct event *e = events_get(c->ev, o[next_after].event);
            buf_adds(&b, " Prochaine date : ");
            put_occurrence(&b, &o[next_after], now);
            buf_printf(&b, ", %s", e->summary);
            put_place(&b, e->location);
            buf_adds(&b, ".");
            event_source(c, e, a);
        }
        buf_printf(&b, " Consultez l'agenda complet : %s", c->agenda_url);
        add_source(a, c->agenda_url, c->agenda_title, c->agenda_url, c->agenda_service,
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
        finish(a, &b);
    buf_free(&b);
    free(place);
    free(place2);
    return ok;
}

/* ---- dispatch ---- */

bool computed_answer_at(const struct computed *c, const char *text, size_t len,
                        const struct gc_time *now, struct gc_answer *a)
{
    if (!c || !text || !len)
        return false;
    char *f = analyze_fold(text, len);
    struct fr_span when;
    bool has_when = dates_fr_find(f, now, &when);
    struct facility_match fm;
    bool has_fac = facilities_find(c->fac, f, &fm);
    const struct fr_span *w = has_when ? &when : NULL;
    const struct facility_match *m = has_fac ? &fm : NULL;
    bool ok = false;
    if (has_any(f, events_phrases))
        ok = answer_events(c, f, w, m, true, now, a);
    else if (has_fac && has_any(f, hours_phrases))
        ok = answer_hours(c, f, w, m, now, a);
    else if (has_when || has_any(f, when_phrases))
        ok = answer_events(c, f, w, m, false, now, a);
    free(f);
    return ok;
}

bool computed_answer(const struct computed *c, const char *text, size_t len, struct gc_answer *a)
{
    if (!c)
        return false;
    struct gc_time now;
    clock_now(&c->clock, &now);
    return computed_answer_at(c, text, len, &now, a);
}
