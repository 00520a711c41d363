/* hours_int.h — private structures of knowledge/hours (parser and evaluator).
 *
 * Only hours.c (evaluation, public API) and hours_parse.c (parser) include
 * this header; everybody else goes through knowledge/hours.h.  A compiled
 * value is a list of rules; each rule is a conjunction of selectors (years,
 * monthdays, weeks, weekdays) plus time spans and a state. */
#ifndef GC_KNOWLEDGE_HOURS_INT_H
#define GC_KNOWLEDGE_HOURS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/hours.h"
#include "util/limits.h"

enum hours_op { OP_NORMAL, OP_ADDITIONAL, OP_FALLBACK };

struct hyear {
    int start, end, step;  /* end is 9999 for "2025+" */
};

struct hweek {
    int start, end, step;  /* 1..53; start > end wraps over the new year */
};

enum hdate_kind { HDATE_FIXED, HDATE_NTH, HDATE_EASTER };

/* A date of a monthday range, resolved per year by the evaluator. */
struct hdate {
    enum hdate_kind kind;
    int year;        /* 0 = every year */
    int month;       /* 1..12 (FIXED, NTH) */
    int day;         /* 1..31 (FIXED); may pass the month's end (Feb 30) */
    int wday;        /* 0 = Monday .. 6 = Sunday (NTH) */
    int nth;         /* 1..5 or -1..-5 (NTH) */
    int off_days;    /* "+2 days" */
    int off_wday;    /* -1, or the weekday of "+Su" / "-Mo" */
    int off_dir;     /* +1 next (on or after), -1 previous (on or before) */
};

enum hmd_kind { HMD_MONTHS, HMD_DATES };

struct hmonthday {
    enum hmd_kind kind;
    int year;                /* HMD_MONTHS: 0 or the year of "2021 Jun-Aug" */
    int m1, m2;              /* HMD_MONTHS; m2 < m1 wraps */
    struct hdate from, to;   /* HMD_DATES */
    bool plus;               /* "Sep 01+": open-ended */
};

enum hwd_kind { HWD_DAYS, HWD_PH, HWD_SH };

struct hweekday {
    enum hwd_kind kind;
    int d1, d2;              /* 0 = Monday .. 6 = Sunday; d2 < d1 wraps */
    unsigned nth_start;      /* bit i: (i+1)th of the month; 0 with nth_end 0 = every */
    unsigned nth_end;        /* bit i: (i+1)th from the end */
    int offset;              /* "+1 day": matches the day after */
    bool second;             /* in the second group of "PH Su" (intersection) */
};

struct hspan {
    int start;               /* minutes, 0..1439 */
    int end;                 /* minutes, start < end <= start + 1440, <= 2880 */
    bool open_end;
};

struct hrule {
    enum hours_op op;
    enum hours_state state;
    int comment;             /* index in hours.comments, or -1 */
    int nyears, nmds, nweeks, nwds, nspans;
    bool wd_intersect;       /* "PH Su": both groups must match */
    struct hyear years[GC_HOURS_LIST_MAX];
    struct hmonthday mds[GC_HOURS_LIST_MAX];
    struct hweek weeks[GC_HOURS_LIST_MAX];
    struct hweekday wds[GC_HOURS_LIST_MAX];
    struct hspan *spans;     /* nspans, owned; none = the whole day */
};

struct hclosure {
    long from, to;           /* day numbers (days since 1970-01-01), inclusive */
    int comment;             /* index in hours.comments, or -1 */
};

struct hours {
    struct hrule *rules;
    int nrules;
    char **comments;
    int ncomments;
    int spans_total;
    struct hclosure *closures;
    int nclosures;
};

/* Add a copy of s[0..n) to h->comments; returns its index. */
int hours_comment_add(struct hours *h, const char *s, size_t n);

#endif
