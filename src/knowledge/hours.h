/* hours.h — OpenStreetMap `opening_hours` values: parse once, evaluate often.
 *
 * Follows https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification
 * (version 0.7.x), with the relaxations of the usual evaluators (single-digit
 * hours, case-insensitive keywords, spaces around '-').  docs/opening-hours.md
 * lists what is supported and what is not; in short:
 *   - supported: 24/7; weekdays, ranges and lists (Mo-Fr,Su), nth weekday of
 *     the month (Su[-1], Mo[2-4]) with day offsets (+2 days); time spans with
 *     overnight ends (22:00-02:00, 14:00-25:30) and open ends (10:00+);
 *     months and dates (Jun-Aug, Dec 24, Dec 24-26, 2026 Dec 25, easter,
 *     Jan Mo[1]-Jan Su[-1], date offsets +Su / -2 days); ISO week numbers
 *     with steps (week 01-53/2); years (2020, 2010-2019/3, 2025+); PH with the
 *     French public holidays (knowledge/holidays_fr.h); open / closed / off /
 *     unknown; comments; the rule separators ';', ',' and '||'.
 *   - not supported (parse error naming them): sunrise, sunset, dawn, dusk
 *     and their offsets; repeated points in time (10:00-16:00/01:30); a bare
 *     point in time (10:00).  SH (school holidays) parses but never matches.
 *
 * Evaluation works on local civil time (Europe/Paris for Guichet) given as
 * plain year/month/day/hour/minute numbers: no time zone, no daylight-saving
 * arithmetic here.  Dates before 1900 or after 9999 are always closed (as in
 * the reference evaluators).
 *
 * Ownership: hours_parse() returns a struct the caller frees with
 * hours_free().  Comments handed out (interval and state comments) point into
 * that struct and stay valid until hours_free().  A parsed value is read-only
 * during evaluation, so one struct may be evaluated from several threads as
 * long as nobody calls hours_add_closure() at the same time. */
#ifndef GC_KNOWLEDGE_HOURS_H
#define GC_KNOWLEDGE_HOURS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

enum hours_state {
    HOURS_CLOSED = 0,
    HOURS_OPEN = 1,
    HOURS_UNKNOWN = 2,
};

struct hours_date {
    int year;    /* 1..99999 */
    int month;   /* 1..12 */
    int day;     /* 1..31, valid for the month */
};

struct hours_datetime {
    int year, month, day;
    int hour;    /* 0..23 */
    int minute;  /* 0..59 */
};

/* One piece of a day: [start, end) in minutes from 00:00 (end may be 1440). */
struct hours_interval {
    int start;
    int end;
    enum hours_state state;
    const char *comment;  /* NULL, or owned by the struct hours */
    bool open_end;        /* from an open end (10:00+): closing time not given */
};

/* Most pieces one day can be cut into: pieces are whole minutes. */
#define HOURS_DAY_INTERVALS_MAX 1440

struct hours;

/* Parse an opening_hours value.  On success *out owns the compiled value.
 * On failure *out is NULL and e says where and why, e.g.
 * "at 14: expected a time" (byte offset from 0).  Returns GC_ERR_PARSE for
 * a malformed or unsupported value, GC_ERR_TOOBIG past a cap of
 * util/limits.h (GC_HOURS_*), GC_ERR_INVALID for a NULL expr. */
enum gc_rc hours_parse(const char *expr, struct hours **out, struct gc_err *e);

/* Same, and *err_pos receives the byte offset of the fault (0 on success). */
enum gc_rc hours_parse_pos(const char *expr, struct hours **out, size_t *err_pos,
                           struct gc_err *e);

void hours_free(struct hours *h);  /* accepts NULL */

/* Exceptional closure decided outside the value (a town hall closed for a
 * strike, a library closed for inventory): every day from `from` to `to`
 * (inclusive) is closed all day, whatever the value says, and the overnight
 * end of such a day (Fr 22:00-02:00) does not spill into the next day.
 * `comment` (may be NULL) is copied and shown as the comment of the closed
 * days.  GC_ERR_INVALID for bad dates or from > to, GC_ERR_TOOBIG past
 * GC_HOURS_CLOSURES_MAX closures. */
enum gc_rc hours_add_closure(struct hours *h, struct hours_date from, struct hours_date to,
                             const char *comment, struct gc_err *e);

/* State at a local date and time, and its comment (NULL when none) if
 * comment is not NULL.  An invalid datetime gives HOURS_UNKNOWN. */
enum hours_state hours_state_at(const struct hours *h, const struct hours_datetime *at,
                                const char **comment);

/* The whole day `d` cut into consecutive pieces of constant state, comment
 * and open-end flag, from 00:00 to 24:00 (closed pieces included: callers
 * that only want openings skip them).  Writes at most max pieces to out and
 * their count to *n.  GC_ERR_INVALID for a bad date, GC_ERR_TOOBIG when max
 * is too small (HOURS_DAY_INTERVALS_MAX is always enough). */
enum gc_rc hours_day_intervals(const struct hours *h, struct hours_date d,
                               struct hours_interval *out, size_t max, size_t *n,
                               struct gc_err *e);

/* The first minute after `from` where the state, the comment or the open-end
 * flag changes, in *out.
 *
 * The search is bounded: it examines at most GC_HOURS_NEXT_DAYS_MAX day
 * schedules (about two years when every day must be looked at), but it jumps
 * over stretches of days where no selector of the value can change (e.g.
 * from 2021 to 8000-01-01 for "2020,8000-9000 10:00-22:00"), never past
 * 9999-12-31; the look-ahead itself is capped at GC_HOURS_NEXT_WORK_MAX
 * selector tests, so no value can make a call cost more than a few
 * milliseconds.  GC_ERR_NOTFOUND when no change was found within these bounds
 * (e.g. "24/7"), with the reason in e; GC_ERR_INVALID for a bad datetime. */
enum gc_rc hours_next_change(const struct hours *h, const struct hours_datetime *from,
                             struct hours_datetime *out, struct gc_err *e);

/* Append a day's pieces to b in the one-line form used by `guichet hours
 * --date` and the test vectors: each piece that is not closed-without-comment
 * as "HH:MM state[comment] HH:MM", touching pieces chained
 * ("10:00 open 12:00 closed[bell] 13:00"), others separated by " | "; the end
 * of the day prints as 24:00; an empty string when closed all day. */
enum gc_rc hours_day_format(const struct hours_interval *iv, size_t n, struct buf *b);

/* "open", "closed" or "unknown". */
const char *hours_state_name(enum hours_state s);

/* Is this a real calendar date / datetime (year 1..99999)? */
bool hours_date_valid(const struct hours_date *d);
bool hours_datetime_valid(const struct hours_datetime *dt);

#endif
