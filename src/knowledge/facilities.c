/* facilities.c — facilities in memory: name matching, compiled hours. */
#include "knowledge/facilities.h"

#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/fuzzy.h"
#include "util/log.h"
#include "util/mem.h"

#define NAME_WORDS_MAX 12   /* significant words of one name; longer names are cut */
#define Q_WORDS_MAX 128     /* words of a question looked at */

/* One name or alias, cut into significant folded words. */
struct fname {
    int facility;
    const char *text;            /* points into the facility (name or alias) */
    char *folded;                /* owns the words below */
    const char *w[NAME_WORDS_MAX];
    size_t wl[NAME_WORDS_MAX];
    int nw;
};

struct facilities {
    struct facility *v;
    int n;
    struct fname *names;
    int nnames;
    facility_known_fn known;   /* facilities_set_known */
    const void *known_ctx;
};

void facilities_set_known(struct facilities *fs, facility_known_fn known, const void *ctx)
{
    fs->known = known;
    fs->known_ctx = ctx;
}

/* Words that do not make a name (articles, prepositions, elisions). */
static bool small_word(const char *s, size_t n)
{
    static const char *const small[] = {"de", "du", "des", "la", "le", "les", "l", "d", "a",
                                        "au", "aux", "et", "en", "sur", "n", "un", "une"};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (strlen(small[i]) == n && !memcmp(small[i], s, n))
            return true;
    return false;
}

struct facilities *facilities_new(void)
{
    return xcalloc(1, sizeof(struct facilities));
}

static void facility_free(struct facility *f)
{
    char **s[] = {&f->id, &f->name, &f->address, &f->phone, &f->email, &f->url, &f->service,
                  &f->validated_by, &f->validated_on, &f->opening_hours, &f->article};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(*s[i]);
    for (int i = 0; i < f->naliases; i++)
        free(f->aliases[i]);
    free(f->aliases);
    hours_free(f->hours);
}

void facilities_free(struct facilities *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < fs->n; i++)
        facility_free(&fs->v[i]);
    free(fs->v);
    for (int i = 0; i < fs->nnames; i++)
        free(fs->names[i].folded);
    free(fs->names);
    free(fs);
}

int facilities_count(const struct facilities *fs)
{
    return fs ? fs->n : 0;
}

const struct facility *facilities_get(const struct facilities *fs, int i)
{
    return fs && i >= 0 && i < fs->n ? &fs->v[i] : NULL;
}

static struct hours_date date_of(const char *s)
{
    struct hours_date d = {0, 0, 0};
    d.year = (int)strtol(s, NULL, 10);
    if (strlen(s) >= 10) {
        d.month = (int)strtol(s + 5, NULL, 10);
        d.day = (int)strtol(s + 8, NULL, 10);
    }
    return d;
}

static void add_name(struct facilities *fs, int facility, const char *text)
{
    struct fname n = {facility, text, analyze_fold(text, strlen(text)), {0}, {0}, 0};
    char *p = n.folded;
    while (*p && n.nw < NAME_WORDS_MAX) {
        while (*p == ' ')
            p++;
        char *q = p;
        while (*q && *q != ' ')
            q++;
        if (q > p && !small_word(p, (size_t)(q - p))) {
            n.w[n.nw] = p;
            n.wl[n.nw++] = (size_t)(q - p);
        }
        p = q;
    }
    if (!n.nw) {
        free(n.folded);
        return;
    }
    fs->names = xreallocarray(fs->names, (size_t)fs->nnames + 1, sizeof *fs->names);
    fs->names[fs->nnames++] = n;
}

enum gc_rc facilities_add(struct facilities *fs, const struct facility_rec *r, struct gc_err *e)
{
    if (!r->status || strcmp(r->status, "validated"))
        return gc_err_set(e, GC_ERR_INVALID, "facility '%s' is not validated",
                          r->ext_id ? r->ext_id : "");
    struct hours *h = NULL;
    if (r->opening_hours && *r->opening_hours) {
        struct gc_err he = {0};
        if (hours_parse(r->opening_hours, &h, &he))
            return gc_err_set(e, GC_ERR_PARSE, "facility '%s': opening_hours: %s", r->ext_id,
                              he.msg);
        for (int i = 0; i < r->nclosures; i++) {
            const struct facility_closure *c = &r->closures[i];
            if (hours_add_closure(h, date_of(c->from), date_of(c->to),
                                  c->reason && *c->reason ? c->reason : NULL, &he)) {
                hours_free(h);
                return gc_err_set(e, GC_ERR_PARSE, "facility '%s': closure %d: %s", r->ext_id,
                                  i + 1, he.msg);
            }
        }
    }
    fs->v = xreallocarray(fs->v, (size_t)fs->n + 1, sizeof *fs->v);
    struct facility *f = &fs->v[fs->n];
    memset(f, 0, sizeof *f);
    const char *src[] = {r->ext_id, r->name, r->address, r->phone, r->email, r->url,
                         r->service, r->validated_by, r->validated_on, r->opening_hours,
                         r->article};
    char **dst[] = {&f->id, &f->name, &f->address, &f->phone, &f->email, &f->url,
                    &f->service, &f->validated_by, &f->validated_on, &f->opening_hours,
                    &f->article};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        *dst[i] = xstrdup(src[i] ? src[i] : "");
    f->hours = h;
    f->aliases = xcalloc((size_t)r->naliases + 1, sizeof *f->aliases);
    for (int i = 0; i < r->naliases; i++)
        f->aliases[f->naliases++] = xstrdup(r->aliases[i]);
    fs->n++;
    return GC_OK;
}

/* Names are indexed once every facility is in: fs->v no longer moves, so
 * fname.text may point into it. */
void facilities_finish(struct facilities *fs)
{
    for (int i = 0; i < fs->nnames; i++)
        free(fs->names[i].folded);
    free(fs->names);
    fs->names = NULL;
    fs->nnames = 0;
    for (int i = 0; i < fs->n; i++) {
        add_name(fs, i, fs->v[i].name);
        for (int k = 0; k < fs->v[i].naliases; k++)
            add_name(fs, i, fs->v[i].aliases[k]);
    }
}

static int on_facility(void *fs, const struct facility_rec *r)
{
    struct gc_err e = {0};
    if (facilities_add(fs, r, &e))
        log_warn("%s (skipped: import the facilities file again)", e.msg);
    return 0;
}

enum gc_rc facilities_load(struct db *db, struct facilities **out, struct gc_err *e)
{
    struct facilities *fs = facilities_new();
    enum gc_rc rc = store_load_facilities(db, on_facility, fs, e);
    if (rc) {
        facilities_free(fs);
        *out = NULL;
        return rc;
    }
    facilities_finish(fs);
    *out = fs;
    return GC_OK;
}

/* ---- matching ---- */

struct qwords {
    const char *s[Q_WORDS_MAX];
    size_t len[Q_WORDS_MAX], off[Q_WORDS_MAX];
    int n;
};

/* Are a[0..an) and b[0..bn) the same once every letter written twice in a
 * row is written once? */
static bool same_undoubled(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        if (a[i] != b[j])
            return false;
        char ch = a[i];
        while (i < an && a[i] == ch)
            i++;
        while (j < bn && b[j] == ch)
            j++;
    }
    return i == an && j == bn;
}

/* Try name nm at question word i: each name word in order, small words of
 * the question skipped between them.  Returns the index after the match,
 * or -1; *typos counts words matched through a typo. */
static int match_at(const struct facilities *fs, const struct fname *nm, const struct qwords *q,
                    int i, int *typos)
{
    *typos = 0;
    int j = i;
    for (int k = 0; k < nm->nw; k++) {
        if (k > 0)
            while (j < q->n && small_word(q->s[j], q->len[j]))
                j++;
        if (j >= q->n)
            return -1;
        /* A plural is not a typo ("piscines"). */
        size_t ql = q->len[j];
        if (ql == nm->wl[k] + 1 && q->s[j][ql - 1] == 's')
            ql--;
        bool exact = ql == nm->wl[k] && !memcmp(q->s[j], nm->w[k], nm->wl[k]);
        if (!exact && !fuzzy_word_match(q->s[j], q->len[j], nm->w[k], nm->wl[k]))
            return -1;
        /* A word of the town's own pages is not a typo ("annee" is no
         * "annexe"), unless it only doubles a letter: a spelling of the
         * same word ("dechetterie", "decheterie"). */
        if (!exact && fs->known && fs->known(fs->known_ctx, q->s[j], q->len[j]) &&
            !same_undoubled(q->s[j], q->len[j], nm->w[k], nm->wl[k]))
            return -1;
        *typos += !exact;
        j++;
    }
    return j;
}

/* An article or "de" between two names of a facility (folded word). */
static bool is_article(const char *w, size_t n)
{
    static const char *const arts[] = {"le", "la", "les", "l", "de", "du", "des", "d"};
    for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++)
        if (strlen(arts[i]) == n && !memcmp(arts[i], w, n))
            return true;
    return false;
}

/* Is w[0..n) (a folded word of the question, maybe a plural) a word of one
 * of facility f's names? */
static bool name_word(const struct facilities *fs, int f, const char *w, size_t n)
{
    for (int k = 0; k < fs->nnames; k++) {
        const struct fname *nm = &fs->names[k];
        for (int i = 0; nm->facility == f && i < nm->nw; i++)
            if ((nm->wl[i] == n || (nm->wl[i] + 1 == n && (w[n - 1] == 's' || w[n - 1] == 'x'))) &&
                !memcmp(nm->w[i], w, nm->wl[i]))
                return true;
    }
    return false;
}

bool facilities_find(const struct facilities *fs, const char *folded, struct facility_match *m)
{
    struct qwords q = {0};
    const char *p = folded;
    while (*p && q.n < Q_WORDS_MAX) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p) {
            q.s[q.n] = p;
            q.len[q.n] = (size_t)(e - p);
            q.off[q.n++] = (size_t)(p - folded);
        }
        p = e;
    }
    struct facility_match best = {-1, NULL, 0, 0, 0, 0};
    bool tie = false;
    int bi = 0, be = 0;   /* the match's words: q.s[bi .. be) */
    for (int k = 0; fs && k < fs->nnames; k++) {
        const struct fname *nm = &fs->names[k];
        for (int i = 0; i < q.n; i++) {
            int typos, end = match_at(fs, nm, &q, i, &typos);
            if (end < 0)
                continue;
            /* More words first, then fewer typos. */
            bool better = nm->nw > best.words || (nm->nw == best.words && typos < best.typos);
            bool same = nm->nw == best.words && typos == best.typos;
            if (better || best.facility < 0) {
                best = (struct facility_match){nm->facility, nm->text, nm->nw, typos, q.off[i],
                                               q.off[end - 1] + q.len[end - 1]};
                bi = i;
                be = end;
                tie = false;
            } else if (same && nm->facility != best.facility) {
                tie = true;
            }
            break;
        }
    }
    if (best.facility < 0 || tie)
        return false;
    /* The words of its names next to the one found, with at most an
     * article between, are the same mention, no other topic of the
     * question: "la crèche Les Flocons" (aliases "crèche" and "les
     * flocons"), "la déchetterie de Montmarsac" (the "Déchèterie
     * intercommunale de Montmarsac"). */
    for (;;) {
        int at = be < q.n && is_article(q.s[be], q.len[be]) ? be + 1 : be;
        if (at >= q.n || !name_word(fs, best.facility, q.s[at], q.len[at]))
            break;
        be = at + 1;
    }
    for (;;) {
        int at = bi > 0 && is_article(q.s[bi - 1], q.len[bi - 1]) ? bi - 2 : bi - 1;
        if (at < 0 || !name_word(fs, best.facility, q.s[at], q.len[at]))
            break;
        bi = at;
    }
    best.start = q.off[bi];
    best.end = q.off[be - 1] + q.len[be - 1];
    *m = best;
    return true;
}

/* ---- hours ---- */

static struct hours_datetime hdt(const struct gc_time *t)
{
    struct hours_datetime d = {t->year, t->month, t->day, t->hour, t->minute};
    return d;
}

enum hours_state facility_state(const struct facility *f, const struct gc_time *t,
                                const char **comment)
{
    if (comment)
        *comment = NULL;
    if (!f->hours)
        return HOURS_UNKNOWN;
    struct hours_datetime d = hdt(t);
    return hours_state_at(f->hours, &d, comment);
}

bool facility_next(const struct facility *f, const struct gc_time *t, bool want_open,
                   struct gc_time *out)
{
    if (!f->hours)
        return false;
    struct hours_datetime at = hdt(t), nx;
    int64_t limit = clock_minutes(t) + 400LL * 1440;
    /* A change may be a change of comment only: go on until the state is
     * the one wanted (bounded: a year of changes at most). */
    for (int i = 0; i < 2000; i++) {
        if (hours_next_change(f->hours, &at, &nx, NULL) != GC_OK)
            return false;
        struct gc_time g = {nx.year, nx.month, nx.day, nx.hour, nx.minute};
        if (clock_minutes(&g) > limit)
            return false;
        enum hours_state s = hours_state_at(f->hours, &nx, NULL);
        if ((s == HOURS_OPEN) == want_open) {
            *out = g;
            return true;
        }
        at = nx;
    }
    return false;
}

enum gc_rc facility_day(const struct facility *f, long day, struct hours_interval *iv, size_t max,
                        size_t *n)
{
    if (!f->hours)
        return GC_ERR_NOTFOUND;
    struct hours_date d;
    clock_civil(day, &d.year, &d.month, &d.day);
    return hours_day_intervals(f->hours, d, iv, max, n, NULL);
}
