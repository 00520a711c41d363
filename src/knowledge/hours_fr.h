/* hours_fr.h — read opening hours written in French by a town's editors into
 * an OpenStreetMap opening_hours value (knowledge/hours.h).
 *
 *   "du lundi au vendredi de 8h30 à 12h et de 13h30 à 17h30, le samedi de 9h à 12h"
 *   -> "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00"
 *
 * What is read: weekdays (lundi, lun., lu au ve, "tous les jours", week-end),
 * lists and ranges of them (du lundi au vendredi, lundi-vendredi, mardi à
 * jeudi, lundi, mardi et jeudi); times (9h, 9h30, 9 h 30, 09:30, midi,
 * minuit, bare hours next to other hours as in "14-18"); any number of
 * ranges a day, paired in order ("08:30 - 12:30 - 13:30 - 17:30"); times
 * before or after the days; groups separated by anything ("/", "-", ".",
 * new lines); "fermé" days; "jours fériés" (PH); "sauf le mercredi ..."
 * exceptions; "sur rendez-vous" as a comment.  When a later group names a
 * day again, its hours replace the earlier ones if they overlap them (an
 * exception: "lundi au jeudi 8h-12h. le mercredi 10h-12h") and are added
 * otherwise ("8h-12h du lundi au samedi et 13h30-17h30 le mercredi").
 *
 * What is refused, with a message naming the word: parts of the day (matin,
 * après-midi), weeks and months ("1er mardi du mois", dates, vacances
 * scolaires), one-letter day names, phone numbers, hours that close before
 * they open (except a night that ends by 06:00), hours without days, days
 * without hours.  Words that carry no schedule ("Ouvert", "Horaires", "en
 * autonomie") are skipped when they stand between groups, never inside one.
 *
 * The result is always a value hours_parse() accepts.  Pure function, no
 * state; the text is capped at GC_HOURS_FR_TEXT_MAX bytes. */
#ifndef GC_KNOWLEDGE_HOURS_FR_H
#define GC_KNOWLEDGE_HOURS_FR_H

#include "util/buf.h"
#include "util/err.h"

/* Append the OSM value read from text to out.  GC_ERR_PARSE with a message
 * saying what could not be read (out unchanged), GC_ERR_TOOBIG past the cap,
 * GC_ERR_INVALID for a NULL text. */
enum gc_rc hours_fr_to_osm(const char *text, struct buf *out, struct gc_err *e);

#endif
