/* holidays_fr.h — French public holidays ("jours fériés"), computed.
 *
 * The eleven national public holidays of metropolitan France (Code du
 * travail, art. L3133-1): 1 January, Easter Monday, 1 May, 8 May, Ascension
 * (Easter + 39 days), Whit Monday (Easter + 50 days), 14 July, 15 August,
 * 1 November, 11 November, 25 December.  Easter Sunday follows the Gregorian
 * computus (anonymous algorithm, Meeus/Jones/Butcher), valid for every year
 * of the Gregorian calendar.
 *
 * Not handled: the extra days of Alsace-Moselle (Good Friday, 26 December)
 * and of the overseas departments (abolition of slavery), and the "journée de
 * solidarité" (a working day chosen by each employer).
 *
 * Pure functions, no state, no allocation. */
#ifndef GC_KNOWLEDGE_HOLIDAYS_FR_H
#define GC_KNOWLEDGE_HOLIDAYS_FR_H

#include <stdbool.h>

/* Easter Sunday of year y (Gregorian, y >= 1583): *m in 3..4, *d in 1..31. */
void holidays_fr_easter(int y, int *m, int *d);

/* Is y-m-d (m 1..12, d 1..31) a French public holiday?  When it is and name
 * is not NULL, *name is set to the holiday's French name (a static string,
 * e.g. "Lundi de Pâques", "Fête nationale").  Invalid dates are never
 * holidays. */
bool holidays_fr_is_holiday(int y, int m, int d, const char **name);

#endif
