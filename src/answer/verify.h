/* verify.h — check a generated answer against the excerpts it was given,
 * before anything is sent to a resident.
 *
 * Checks, in this order (the first failure is the reason):
 *   empty            no letters once citations are removed
 *   prompt_leak      repeats the rules (two or more word 5-grams of them, or
 *                    one of the prompt's delimiters)
 *   no_answer        the rules' "not in the excerpts" sentence
 *   off_language     more English than French function words, too few French
 *                    ones, or mostly non-Latin letters
 *   bad_citation: [n]  a citation to an excerpt that was not given
 *   no_citation      nothing cited
 *   invented_figure: X  a number, time, date, price, phone number, e-mail
 *                    or URL that is not in the cited excerpts
 *   ungrounded: k/n  under half of the answer's content words occur in the
 *                    cited excerpts (content from elsewhere)
 *
 * Figures are compared in a canonical form, so "8h30", "8 h 30" and "08:30"
 * are one time; "12,50 €", "12.50 euros" one price; "02 38 00 10 00",
 * "02.38.00.10.00" and "+33 2 38 00 10 00" one phone number; "14 juillet",
 * "14/07" and "2026-07-14" one date (the year is a number of its own). A
 * bare number in the answer may match a price of the excerpts ("12,50").
 *
 * Figures written in French words are read by the same rules and compared
 * by value (text/numbers_fr.h): "quinze heures" is 15:00 = "15h",
 * "vingt euros" is 20 € = "20 €", "le premier mars" is 01/03, "deux cents"
 * is 200, "midi"/"minuit" after a preposition of time ("à midi") are 12:00
 * and 00:00 (= 24:00), "une demi-heure" and "trois quarts d'heure" are 30 and
 * 45 (minutes).  Not figures, so never checked: "un"/"une" alone (an
 * article: "un justificatif"; but "une heure" and "un euro" are), "premier"
 * outside a date (a rank: "le premier étage"), "neuf" as the adjective
 * ("un logement neuf"; the number when a plural noun follows: "neuf
 * places"), a number word in a compound noun ("deux-roues", "Trois-Ponts").
 * docs/models.md lists the rules for operators. */
#ifndef GC_ANSWER_VERIFY_H
#define GC_ANSWER_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#define VERIFY_REASON_MAX 96
#define VERIFY_EXCERPTS_MAX 32

struct verify_input {
    const char *answer;
    const char *const *excerpts;  /* as given to the model, numbered from 1 */
    int nex;
    const char *leak_reference;   /* the rules: never to be repeated (NULL = no check) */
    const char *no_answer;        /* the rules' "no answer" sentence (NULL = none) */
};

struct verify_result {
    bool ok;
    char reason[VERIFY_REASON_MAX];   /* "" when ok */
    unsigned cited;                   /* bit n-1: excerpt n was cited */
};

void verify_answer(const struct verify_input *in, struct verify_result *out);

/* Copy of answer (caller frees) where each citation [k] reads [map[k-1]]
 * (k in 1..nmap; numbers repeated inside one bracket are merged), so that
 * citations follow the sources as listed to the resident. */
char *verify_renumber(const char *answer, const int *map, int nmap);

/* The figures of a text, in canonical form ("t:08:30", "m:12.5", "p:0238001000",
 * "d:14/07", "n:2026", "e:x@y.fr", "u:villebrune.example/a"), for tests:
 * cb gets each fact and the bytes [start, end) it was read from.  Citations
 * ([1], [1, 2]) are not figures. */
typedef void (*verify_fact_cb)(void *ctx, const char *canon, size_t start, size_t end);
void verify_facts(const char *text, size_t len, verify_fact_cb cb, void *ctx);

#endif
