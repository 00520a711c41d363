/* computed_contact.c — how to reach a facility, from its validated record:
 *
 *   "quel est le numéro de la piscine ?" → "Téléphone de la piscine (Centre
 *       aquatique des Tilleuls) : 02 38 00 13 00."
 *   "adresse mail de la médiathèque"     → "Courriel de la médiathèque (...) : ..."
 *   "comment joindre le CCAS ?"          → phone, e-mail and address
 *
 * Only when the question asks for nothing but that: a word besides the
 * facility, the contact words and the words any question has ("le numéro
 * de la mairie pour un acte de naissance") leaves it to the pages, which say
 * which service to call for what. */
#include <stdlib.h>
#include <string.h>

#include "answer/computed_int.h"
#include "answer/understand.h"
#include "text/langdata.h"

/* Words a contact question may hold besides the facility's name (the small
 * words of any question are computed_topic_words'). */
const char *const *computed_contact_words(void)
{
    return langdata_list(LD_CONTACT_WORDS)->first;
}

/* Does "adresse" stand for a street address in f: not "adresse mail",
 * "adresse électronique"? */
static bool asks_street(const char *f)
{
    static const char *const mail[] = {"mail", "email", "e", "electronique", "mel", "courriel",
                                       "mails", "emails", NULL};
    static const char word[] = "adresse";
    const size_t wl = sizeof word - 1;
    for (const char *p = f; (p = strstr(p, word)) != NULL; p += wl) {
        if (p > f && p[-1] != ' ')
            continue;
        const char *q = p + wl;
        if (*q == 's')
            q++;
        if (*q && *q != ' ')
            continue;
        if (*q == ' ')
            q++;
        size_t n = strcspn(q, " ");
        bool is_mail = false;
        for (int i = 0; mail[i] && !is_mail; i++)
            is_mail = strlen(mail[i]) == n && !strncmp(q, mail[i], n);
        if (!is_mail)
            return true;
    }
    return false;
}

/* The subject after "de": "la piscine (...)" → "de la piscine (...)",
 * "le centre" → "du centre", "Les Restos" → "des Restos", "Arena" →
 * "d'Arena"; a name without article keeps its capital. */
static enum gc_rc put_of(struct buf *b, const struct subject *s)
{
    static const struct {
        const char *article, *of;
    } art[] = {{"Le ", "du "}, {"La ", "de la "}, {"Les ", "des "}, {"Au ", "du "},
               {"Aux ", "des "}, {"L'", "de l'"}, {"L\u2019", "de l\u2019"}};
    for (size_t i = 0; i < sizeof art / sizeof art[0]; i++) {
        size_t n = strlen(art[i].article);
        if (!strncmp(s->text, art[i].article, n))
            return buf_printf(b, "%s%s", art[i].of, s->text + n);
    }
    return buf_printf(b, "%s%s", s->vowel ? "d'" : "de ", s->text);
}

/* The subject after "joindre": its article in lower case. */
static enum gc_rc put_lowered(struct buf *b, const char *subject)
{
    static const char *const art[] = {"Le ", "La ", "Les ", "L'", "L\u2019"};
    for (size_t i = 0; i < sizeof art / sizeof art[0]; i++)
        if (!strncmp(subject, art[i], strlen(art[i])))
            return buf_addc(b, 'l') ? GC_ERR_TOOBIG : buf_adds(b, subject + 1);
    return buf_adds(b, subject);
}

enum { ASK_PHONE = 1, ASK_MAIL = 2, ASK_ADDRESS = 4 };

/* Put how to reach the facility fm names into b, as asked by the folded
 * question f; false (b untouched) when this is not such a question. */
static bool contact_put(const struct computed *c, const char *f, const struct fr_span *w,
                        const struct facility_match *fm, bool with_hours, struct buf *b)
{
    const struct facility *fac = facilities_get(c->fac, fm->facility);
    /* A name found through a typo may be another word ("le maire", not
     * the mairie, has its own number); a date or "quand" asks when. */
    if (!fac || fm->typos || (!with_hours && (w || computed_has_any(f, CP_WHEN))))
        return false;
    int asks = 0;
    if (understand_asks_for(f, AT_PHONE))
        asks |= ASK_PHONE;
    if (computed_has_any(f, CP_MAIL))
        asks |= ASK_MAIL;
    if (computed_has_any(f, CP_ADDRESS) || asks_street(f))
        asks |= ASK_ADDRESS;
    /* "joindre la mairie par téléphone": the phone only. */
    if (!asks && computed_has_any(f, CP_CONTACT))
        asks = ASK_PHONE | ASK_MAIL | ASK_ADDRESS;
    if (!asks)
        return false;
    const char *const *const contact[] = {computed_contact_words(), NULL};
    const char *const *const contact_and_hours[] = {computed_contact_words(),
                                                    computed_hours_words(), NULL};
    if (computed_topic_words(c, f, w, fm, with_hours ? contact_and_hours : contact, true))
        return false;
    /* What is asked and known, in this order. */
    static const char *const labels[][2] = {
        {"Téléphone", "téléphone"}, {"Courriel", "courriel"}, {"Adresse", "adresse"}};
    const char *const values[] = {fac->phone, fac->email, fac->address};
    int which[3], n = 0;
    for (int i = 0; i < 3; i++)
        if ((asks & (1 << i)) && *values[i])
            which[n++] = i;
    if (!n)
        return false;
    struct subject s;
    computed_subject(fac, fm->name, &s);
    size_t start = b->len;
    int bad = 0;
    if (n == 1) {
        /* "Téléphone de la piscine (...) : 02 38 00 13 00." */
        bad |= buf_printf(b, "%s ", labels[which[0]][0]);
        bad |= put_of(b, &s);
        bad |= buf_printf(b, " : %s.", values[which[0]]);
    } else {
        /* "Pour joindre la piscine (...) : téléphone ... ; courriel ... ;
         * adresse ...." */
        bad |= buf_adds(b, "Pour joindre ");
        bad |= put_lowered(b, s.text);
        bad |= buf_adds(b, " : ");
        for (int i = 0; i < n; i++)
            bad |= buf_printf(b, "%s%s %s", i ? " ; " : "", labels[which[i]][1],
                              values[which[i]]);
        bad |= buf_addc(b, '.');
    }
    if (bad)   /* past the answer's cap: say nothing rather than half */
        buf_truncate(b, start);
    return !bad;
}

bool computed_contact_answer(const struct computed *c, const char *f, const struct fr_span *w,
                             const struct facility_match *fm, struct gc_answer *a)
{
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    if (!contact_put(c, f, w, fm, false, &b)) {
        buf_free(&b);
        return false;
    }
    computed_facility_sources(c, fm->facility, a);
    computed_done(a, &b);
    return true;
}

void computed_contact_add(const struct computed *c, const char *f, const struct fr_span *w,
                          const struct facility_match *fm, struct gc_answer *a)
{
    struct buf b;
    buf_init(&b, 2 * ANSWER_MAX);
    if (!buf_adds(&b, a->text) && !buf_addc(&b, ' ') && contact_put(c, f, w, fm, true, &b)) {
        free(a->text);
        a->text = buf_steal(&b);
    }
    buf_free(&b);
}
