/* dates_fr.h — French date expressions in a question, and dates in French.
 *
 * Reading works on a folded question (text/analyze.h analyze_fold: lower
 * case, no accents, words separated by one space) relative to the current
 * local time:
 *
 *   aujourd'hui, maintenant, en ce moment   today ("now" set for the last two)
 *   ce matin, cet après-midi, ce soir       today, until 12:00 / 12:00-18:00 / from 18:00
 *   demain, après-demain, hier              +1, +2, -1 day (a part of the day may follow:
 *                                           "demain soir")
 *   samedi, ce samedi, samedi prochain      the next Saturday, today included; "prochain":
 *                                           strictly after today
 *   ce week-end, le week-end prochain       Saturday and Sunday (today only on a Sunday;
 *                                           "prochain" on a weekend: the next one)
 *   cette semaine, la semaine prochaine     today to Sunday; next Monday to Sunday
 *   ce mois-ci, le mois prochain            today to the end of the month; next month
 *   le 19 mai, le 1er janvier, 14 juillet   that date, the next one to come (today
 *   (samedi 19 mai, 19 mai 2027)            included) unless a year is given
 *   en juin, au mois de juin, juin 2027     the month (from today when it is this month;
 *                                           next year's when it is over)
 *   à Noël, jour de l'an, Toussaint, Pâques, lundi de Pâques, Ascension,
 *   Pentecôte, lundi de Pentecôte, 15 août  the day (the next to come)
 *
 * "Noël" alone is not a date ("le marché de Noël" is an event's name): only
 * "à Noël", "pour Noël", "jour de Noël", "le 25 décembre".
 *
 * Writing gives the forms answers use: "samedi 5 décembre", "1er janvier
 * 2028", "9h00", "17h30", "9h–12h". */
#ifndef GC_KNOWLEDGE_DATES_FR_H
#define GC_KNOWLEDGE_DATES_FR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/clock.h"

enum fr_span_kind {
    FR_SPAN_DAY,     /* one day */
    FR_SPAN_DAYS,    /* several days (week-end, week, Pentecôte) */
    FR_SPAN_MONTH,   /* a month, or what is left of it */
};

/* A stretch of local time: from (first, from_min) to (last, to_min). */
struct fr_span {
    long first, last;       /* day numbers (util/clock.h), first <= last */
    int from_min, to_min;   /* minutes in the first / last day: 0 and 1440 unless a part
                             * of the day was named ("ce soir": 1080 .. 1440) */
    enum fr_span_kind kind;
    bool now;               /* "maintenant", "en ce moment" */
    bool weekday;           /* the day was named by its weekday ("le samedi", "samedi
                             * prochain"), not "aujourd'hui" or a date */
    size_t start, end;      /* bytes of the expression in the folded text */
};

/* Find the first date expression of folded (the longest one at its place).
 * Returns false when there is none; *out is then untouched. */
bool dates_fr_find(const char *folded, const struct gc_time *now, struct fr_span *out);

/* Words that point to a time of year this module does not turn into dates
 * ("hiver", "été", "vacances"...): callers should not guess. */
bool dates_fr_has_season(const char *folded);

/* French names: weekday 0 = "lundi" .. 6 = "dimanche"; month 1..12. */
const char *dates_fr_weekday(int wd);
const char *dates_fr_month(int m);

/* Append a day as "samedi 5 décembre" ("1er" for the first), with the year
 * when it is not the year of now.  relative: "aujourd'hui", "demain" and
 * "hier" instead when they apply. */
void dates_fr_put_day(struct buf *b, long day, const struct gc_time *now, bool relative);

/* Append "du samedi 5 au dimanche 6 décembre" (month and year said once
 * when they are shared; the year only when it is not now's). */
void dates_fr_put_range(struct buf *b, long first, long last, const struct gc_time *now);

/* Append a list of days, sorted: "le 9 juin", "les 9, 16 et 23 juin",
 * "les 23, 30 juin et 7 juillet". */
void dates_fr_put_days(struct buf *b, const long *days, int n, const struct gc_time *now);

/* Append a time of day (minutes 0..1440): "9h00", "17h30"; 0 and 1440 are
 * "minuit".  Short form: "9h", "8h30" (for lists of hours). */
void dates_fr_put_time(struct buf *b, int minute);
void dates_fr_put_time_short(struct buf *b, int minute);

#endif
