/* jsonnum.c — see jsonnum.h. */
#include "util/jsonnum.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The slow way: what cJSON's print_number does. */
static size_t slow(double d, char *out)
{
    int n = snprintf(out, JSONNUM_MAX, "%1.15g", d);
    double back = strtod(out, NULL);
    double big = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
    if (!(fabs(back - d) <= big * DBL_EPSILON))
        n = snprintf(out, JSONNUM_MAX, "%1.17g", d);
    return n > 0 ? (size_t)n : 0;
}

size_t jsonnum_format(double d, char out[JSONNUM_MAX])
{
    if (isnan(d) || isinf(d)) {
        memcpy(out, "null", 5);
        return 4;
    }
    /* When d is the double nearest to v / 10^dec for an integer v below
     * 10^15 (division by an exact power of ten is correctly rounded), the 15
     * significant digits of "%.15g" are those of v: a decimal of 15 digits
     * or fewer survives the trip through a double (DBL_DIG).  It reads back
     * as d, so cJSON would keep it.  "%g" turns to an exponent below 1e-4
     * and from 1e15: both are left to the slow way. */
    static const double p10[] = {1, 10, 100, 1000};
    if (d == 0 && !signbit(d)) {
        memcpy(out, "0", 2);
        return 1;
    }
    double a = fabs(d);
    if (a < 1e-4 || a >= 1e12)
        return slow(d, out);
    for (int dec = 0; dec < 4; dec++) {
        double x = a * p10[dec];
        if (x >= 1e15)
            break;
        unsigned long long v = (unsigned long long)llround(x);
        if ((double)v / p10[dec] != a)
            continue;
        /* Digits of v, the last dec of them after a point; then the zeros
         * that end the decimals dropped, as %g does. */
        char dig[24];
        int nd = 0;
        do {
            dig[nd++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (nd <= dec)
            dig[nd++] = '0';              /* 0.05: the leading zeros */
        int lo = 0, keep = dec;           /* dig[0] is the last digit */
        while (keep > 0 && dig[lo] == '0') {
            lo++;
            keep--;
        }
        size_t n = 0;
        if (d < 0)
            out[n++] = '-';
        for (int i = nd - 1; i >= dec; i--)
            out[n++] = dig[i];
        if (keep) {
            out[n++] = '.';
            for (int i = dec - 1; i >= lo; i--)
                out[n++] = dig[i];
        }
        out[n] = '\0';
        return n;
    }
    return slow(d, out);
}
