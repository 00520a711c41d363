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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/computed_int.h"
#include "answer/understand.h"
#include "text/analyze.h"

/* Words a contact question may hold besides the facility's name. */
static const char *const contact_words[] = {
    "a", "accueil", "actuel", "actuelle", "adresse", "adresses", "ai", "aller", "appeler", "au",
    "aux", "avoir", "besoin", "bonjour", "c", "ce", "comment", "connaitre", "contact",
    "contacter", "contacts", "coordonnee", "coordonnees", "courriel", "courriels", "d", "de",
    "des", "dire", "donner", "donnez", "du", "e", "ecrire", "electronique", "email", "emails",
    "en", "est", "et", "faut", "il", "j", "je", "joindre", "l", "la", "le", "les", "mail",
    "mails", "mel", "merci", "moi", "num", "numero", "numeros", "on", "ou", "par", "peut",
    "peux", "plait", "postale", "pour", "pourriez", "pouvez", "puis", "qu", "quel", "quelle",
    "quelles", "quels", "rendre", "s", "savoir", "se", "sil", "situe", "situee", "sont",
    "souhaite", "standard", "stp", "svp", "t", "tel", "telephone", "telephoner", "trouve",
    "trouvent", "trouver", "un", "une", "veux", "voudrais", "vous", "y",
};

static int cmp_word(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

struct other {
    size_t skip1_start, skip1_end, skip2_start, skip2_end;   /* date and facility spans */
    const char *town;
    int n;   /* words about something else */
};

static int other_cb(void *ctx, const struct token *t)
{
    struct other *o = ctx;
    if ((t->start >= o->skip1_start && t->end <= o->skip1_end) ||
        (t->start >= o->skip2_start && t->end <= o->skip2_end) || t->stop)
        return 0;
    if (bsearch(t->surface, contact_words, sizeof contact_words / sizeof contact_words[0],
                sizeof contact_words[0], cmp_word))
        return 0;
    if (o->town && *o->town && understand_mentions(o->town, t->surface))
        return 0;
    o->n++;
    return 1;
}

/* Does "adresse" stand for a street address in f: not "adresse mail",
 * "adresse électronique"? */
static bool asks_street(const char *f)
{
    static const char *const mail[] = {"mail", "email", "e", "electronique", "mel", "courriel",
                                       "mails", "emails", NULL};
    for (const char *p = f; (p = strstr(p, "adresse")) != NULL; p += 7) {
        if (p > f && p[-1] != ' ')
            continue;
        const char *q = p + 7;
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

/* "la piscine (...)" → "de la piscine (...)", "le centre" → "du centre". */
static void put_of(struct buf *b, const char *subject)
{
    if (!strncmp(subject, "Le ", 3)) {
        buf_printf(b, "du %s", subject + 3);
    } else if (!strncmp(subject, "La ", 3)) {
        buf_printf(b, "de la %s", subject + 3);
    } else if (!strncmp(subject, "L'", 2)) {
        buf_printf(b, "de l'%s", subject + 2);
    } else {
        buf_printf(b, "de %s", subject);
    }
}

enum { ASK_PHONE = 1, ASK_MAIL = 2, ASK_ADDRESS = 4 };

bool computed_contact_answer(const struct computed *c, const char *f, const struct fr_span *w,
                             const struct facility_match *fm, struct gc_answer *a)
{
    const struct facility *fac = facilities_get(c->fac, fm->facility);
    if (!fac)
        return false;
    int asks = 0;
    if (computed_has_any(f, CP_PHONE))
        asks |= ASK_PHONE;
    if (computed_has_any(f, CP_MAIL))
        asks |= ASK_MAIL;
    if (computed_has_any(f, CP_ADDRESS) || asks_street(f))
        asks |= ASK_ADDRESS;
    if (computed_has_any(f, CP_CONTACT))
        asks |= ASK_PHONE | ASK_MAIL | ASK_ADDRESS;
    if (!asks)
        return false;
    struct other o = {(size_t)-1, (size_t)-1, fm->start, fm->end, c->town_folded, 0};
    if (w) {
        o.skip1_start = w->start;
        o.skip1_end = w->end;
    }
    analyze_text(analyze_thread(), f, strlen(f), other_cb, &o);
    if (o.n)
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
    struct buf b;
    buf_init(&b, ANSWER_MAX);
    /* The subject without its capital: it follows "de" or "joindre". */
    char lowered[sizeof s.text];
    snprintf(lowered, sizeof lowered, "%s", s.text);
    if (!strncmp(lowered, "Le ", 3) || !strncmp(lowered, "La ", 3) || !strncmp(lowered, "L'", 2))
        lowered[0] = 'l';
    if (n == 1) {
        /* "Téléphone de la piscine (...) : 02 38 00 13 00." */
        buf_printf(&b, "%s ", labels[which[0]][0]);
        put_of(&b, s.text);
        buf_printf(&b, " : %s.", values[which[0]]);
    } else {
        /* "Pour joindre la piscine (...) : téléphone ... ; courriel ... ;
         * adresse ...." */
        buf_printf(&b, "Pour joindre %s : ", lowered);
        for (int i = 0; i < n; i++)
            buf_printf(&b, "%s%s %s", i ? " ; " : "", labels[which[i]][1], values[which[i]]);
        buf_addc(&b, '.');
    }
    char id[600];
    snprintf(id, sizeof id, "%s", *fac->url ? fac->url : fac->id);
    computed_add_source(a, id, fac->name, fac->url, fac->service, fac->validated_by,
                        fac->validated_on);
    const struct ix_page *pg = c->page ? c->page[fm->facility] : NULL;
    if (pg)
        computed_add_source(a, pg->ext_id, pg->title, pg->url, pg->service, pg->validated_by,
                            pg->validated_on);
    computed_done(a, &b);
    return true;
}
