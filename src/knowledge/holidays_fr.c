/* holidays_fr.c — French public holidays: fixed dates and Easter-based ones.
 * See holidays_fr.h for the list and what is left out. */
#include "knowledge/holidays_fr.h"

#include <stddef.h>

#include "util/clock.h"

void holidays_fr_easter(int y, int *m, int *d)
{
    /* Anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8). */
    int a = y % 19;
    int b = y / 100;
    int c = y % 100;
    int dd = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - dd - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int mm = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * mm + 114) / 31;
    int day = (h + l - 7 * mm + 114) % 31 + 1;
    *m = month;
    *d = day;
}

bool holidays_fr_is_holiday(int y, int m, int d, const char **name)
{
    static const struct {
        int m, d;
        const char *name;
    } fixed[] = {
        {1, 1, "Jour de l'an"},        {5, 1, "Fête du Travail"},
        {5, 8, "Victoire 1945"},       {7, 14, "Fête nationale"},
        {8, 15, "Assomption"},         {11, 1, "Toussaint"},
        {11, 11, "Armistice 1918"},    {12, 25, "Noël"},
    };
    static const struct {
        int offset;  /* days after Easter Sunday */
        const char *name;
    } moving[] = {
        {1, "Lundi de Pâques"},
        {39, "Ascension"},
        {50, "Lundi de Pentecôte"},
    };

    if (y < 1583 || m < 1 || m > 12 || d < 1 || d > clock_month_days(y, m))
        return false;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (fixed[i].m == m && fixed[i].d == d) {
            if (name)
                *name = fixed[i].name;
            return true;
        }
    }
    int em, ed;
    holidays_fr_easter(y, &em, &ed);
    long diff = clock_days(y, m, d) - clock_days(y, em, ed);
    for (size_t i = 0; i < sizeof moving / sizeof moving[0]; i++) {
        if (moving[i].offset == diff) {
            if (name)
                *name = moving[i].name;
            return true;
        }
    }
    return false;
}
