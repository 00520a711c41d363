/* clock.h — the town's local time, and a clock tests and demos can stop.
 *
 * Guichet answers "is the pool open now?" in the town's time zone (setting
 * `timezone`, default Europe/Paris), whatever zone the server runs in.  The
 * zone is put in TZ once, at start-up in main.c before any thread exists
 * (clock_zone_init): localtime_r() then gives the town's civil time and no
 * code ever changes TZ again.
 *
 * The setting `now` ("YYYY-MM-DD HH:MM", local time) stops the clock at a
 * fixed instant: tests and demos ask "what if it were Christmas Day at
 * 10:00?".  Empty means the real time.
 *
 * Also here, because every layer needs them and they need nothing: civil
 * date arithmetic on day numbers (days since 1970-01-01, proleptic
 * Gregorian), weekdays with 0 = Monday as in French calendars. */
#ifndef GC_UTIL_CLOCK_H
#define GC_UTIL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "util/config.h"
#include "util/err.h"

/* A local civil date and time, to the minute. */
struct gc_time {
    int year, month, day;   /* month 1..12, day 1..31 */
    int hour, minute;       /* 0..23, 0..59 */
};

struct clock {
    bool fixed;             /* true: `at` is the time, always */
    struct gc_time at;
};

/* Put the zone in TZ and call tzset().  zone NULL means the default of the
 * `timezone` setting.  Call once, before any thread is started.  Returns
 * GC_ERR_INVALID (TZ left as it was) for a name that is not a zone of the
 * system's time zone database (a name like "Europe/Paris"; absolute paths
 * and POSIX rule strings are refused).  When the database is missing,
 * Europe/Paris still works through its POSIX rule. */
enum gc_rc clock_zone_init(const char *zone, struct gc_err *e);

/* The zone main.c should use: `--timezone` on the command line, else
 * `timezone` in the --config file, else the default.  Never fails (a bad
 * command line is reported later by the subcommand); returns a static
 * string or a pointer into argv. */
const char *clock_zone_from_args(int argc, char **argv);

/* The zone currently in use (as given to clock_zone_init). */
const char *clock_zone(void);

/* A clock from the settings `now` and `timezone` of cfg.  GC_ERR_INVALID
 * when `now` is not "YYYY-MM-DD HH:MM", or when `timezone` differs from the
 * zone in use (clock_zone_init was not given the same settings). */
enum gc_rc clock_from_config(struct clock *c, const struct config *cfg, struct gc_err *e);

/* The current local time (the fixed instant when the clock is stopped). */
void clock_now(const struct clock *c, struct gc_time *out);

/* "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM") into *t; GC_ERR_INVALID when
 * malformed or not a real date and time. */
enum gc_rc clock_parse(const char *s, struct gc_time *t, struct gc_err *e);

/* Days since 1970-01-01 of a civil date (any year), and back. */
long clock_days(int year, int month, int day);
void clock_civil(long days, int *year, int *month, int *day);
/* Weekday of a day number: 0 = Monday .. 6 = Sunday. */
int clock_weekday(long days);
/* Days in a month (1..12) of a year. */
int clock_month_days(int year, int month);
bool clock_date_valid(int year, int month, int day);

/* Minutes since 1970-01-01 00:00 of a local time (local "wall" minutes:
 * no zone arithmetic, so that days are always 1440 minutes). */
int64_t clock_minutes(const struct gc_time *t);
void clock_from_minutes(int64_t m, struct gc_time *t);

#endif
