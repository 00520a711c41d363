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

/* The decimal digits of v, last first, into dig; their count (1 to 20). */
static int digits_rev(unsigned long long v, char dig[20])
{
    int nd = 0;
    do {
        dig[nd++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return nd;
}

size_t jsonnum_u64(uint64_t v, char out[JSONNUM_MAX])
{
    char dig[20];
    int nd = digits_rev(v, dig);
    for (int i = 0; i < nd; i++)
        out[i] = dig[nd - 1 - i];
    out[nd] = '\0';
    return (size_t)nd;
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
     * as d, so cJSON would keep it.  "%g" writes an exponent below 1e-4
     * ("9.1e-07") and from 1e15 (left to the slow way). */
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (d == 0 && !signbit(d)) {
        memcpy(out, "0", 2);
        return 1;
    }
    double a = fabs(d);
    if (!(a >= 1e-9 && a < 1e12))
        return slow(d, out);
    for (int dec = 0; dec < (int)(sizeof p10 / sizeof p10[0]); dec++) {
        double x = a * p10[dec];
        if (x >= 1e15)
            break;
        unsigned long long v = (unsigned long long)llround(x);
        if (v == 0 || (double)v / p10[dec] != a)
            continue;
        /* dig[]: the digits of v, last first, with zeros up to the point. */
        char dig[24];
        int nd = digits_rev(v, dig);
        int lo = 0;                       /* dig[lo]: the last digit that is not 0 */
        while (dig[lo] == '0')
            lo++;
        size_t n = 0;
        if (d < 0)
            out[n++] = '-';
        int exp10 = nd - 1 - dec;         /* of the first digit */
        if (exp10 < -4) {
            /* d.ddde-XX */
            out[n++] = dig[nd - 1];
            if (nd - 1 > lo) {
                out[n++] = '.';
                for (int i = nd - 2; i >= lo; i--)
                    out[n++] = dig[i];
            }
            int e = -exp10;
            out[n++] = 'e';
            out[n++] = '-';
            if (e >= 100)
                out[n++] = (char)('0' + e / 100);
            out[n++] = (char)('0' + e / 10 % 10);
            out[n++] = (char)('0' + e % 10);
            out[n] = '\0';
            return n;
        }
        while (nd <= dec)
            dig[nd++] = '0';              /* 0.05: the leading zeros */
        int keep = dec - lo > 0 ? dec - lo : 0;   /* decimals written */
        for (int i = nd - 1; i >= dec; i--)
            out[n++] = dig[i];
        if (keep) {
            out[n++] = '.';
            for (int i = dec - 1; i >= dec - keep; i--)
                out[n++] = dig[i];
        }
        out[n] = '\0';
        return n;
    }
    return slow(d, out);
}
