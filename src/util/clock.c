/* clock.c — local time in the town's zone, a stoppable clock, civil dates. */
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ZONE "Europe/Paris"
/* Europe/Paris as a POSIX rule, for systems without a zone database. */
#define PARIS_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

/* "" until clock_zone_init: then clock_from_config sets it itself (tests and
 * library users that never went through main.c). */
static char zone_in_use[128];

/* A zone name as found in the database: letters, digits, '_', '-', '+',
 * and '/' between parts; no "..", no leading '/'. */
static bool zone_name_ok(const char *z)
{
    size_t n = strlen(z);
    if (n == 0 || n >= sizeof zone_in_use || z[0] == '/' || strstr(z, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '+' || c == '/'))
            return false;
    }
    return true;
}

static bool zone_file_exists(const char *z)
{
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", z);
    return access(path, R_OK) == 0;
}

enum gc_rc clock_zone_init(const char *zone, struct gc_err *e)
{
    if (!zone || !*zone)
        zone = DEFAULT_ZONE;
    if (!zone_name_ok(zone))
        return gc_err_set(e, GC_ERR_INVALID, "timezone '%s' is not a zone name like Europe/Paris",
                          zone);
    const char *tz = zone;
    if (!zone_file_exists(zone)) {
        if (strcmp(zone, DEFAULT_ZONE))
            return gc_err_set(e, GC_ERR_INVALID,
                              "timezone '%s' is not in the time zone database", zone);
        tz = PARIS_RULE;
    }
    setenv("TZ", tz, 1);
    tzset();
    snprintf(zone_in_use, sizeof zone_in_use, "%s", zone);
    return GC_OK;
}

const char *clock_zone(void)
{
    return zone_in_use[0] ? zone_in_use : DEFAULT_ZONE;
}

const char *clock_zone_from_args(int argc, char **argv)
{
    static char from_file[128];
    const char *zone = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (!strcmp(a, "--timezone") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(a, "--timezone=", 11))
            return a + 11;
        const char *file = NULL;
        if (!strcmp(a, "--config") && i + 1 < argc)
            file = argv[i + 1];
        else if (!strncmp(a, "--config=", 9))
            file = a + 9;
        if (file) {
            /* Read through the settings parser, so that the file means here
             * what it means to the subcommand; errors are its to report. */
            struct config *c = config_new();
            if (config_load_file(c, file, NULL) == GC_OK) {
                snprintf(from_file, sizeof from_file, "%s", config_get(c, "timezone"));
                zone = from_file;
            }
            config_free(c);
        }
    }
    return zone ? zone : DEFAULT_ZONE;
}

static bool take2(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

enum gc_rc clock_parse(const char *s, struct gc_time *t, struct gc_err *e)
{
    int c1, c2;
    struct gc_time x;
    if (!s || strlen(s) != 16 || !take2(s, &c1) || !take2(s + 2, &c2) || s[4] != '-' ||
        !take2(s + 5, &x.month) || s[7] != '-' || !take2(s + 8, &x.day) ||
        (s[10] != ' ' && s[10] != 'T') || !take2(s + 11, &x.hour) || s[13] != ':' ||
        !take2(s + 14, &x.minute))
        return gc_err_set(e, GC_ERR_INVALID, "'%s' is not a time YYYY-MM-DD HH:MM", s ? s : "");
    x.year = c1 * 100 + c2;
    if (!clock_date_valid(x.year, x.month, x.day) || x.hour > 23 || x.minute > 59)
        return gc_err_set(e, GC_ERR_INVALID, "'%s' is not a real date and time", s);
    *t = x;
    return GC_OK;
}

enum gc_rc clock_from_config(struct clock *c, const struct config *cfg, struct gc_err *e)
{
    const char *zone = config_get(cfg, "timezone");
    memset(c, 0, sizeof *c);
    if (!zone_in_use[0]) {
        enum gc_rc rc = clock_zone_init(zone, e);
        if (rc)
            return rc;
    } else if (strcmp(zone, zone_in_use))
        return gc_err_set(e, GC_ERR_INVALID,
                          "timezone '%s' was not set at start-up (the process runs on %s)", zone,
                          zone_in_use);
    const char *now = config_get(cfg, "now");
    if (*now) {
        struct gc_err e2 = {0};
        if (clock_parse(now, &c->at, &e2))
            return gc_err_set(e, GC_ERR_INVALID, "setting now: %s", e2.msg);
        c->fixed = true;
    }
    return GC_OK;
}

void clock_now(const struct clock *c, struct gc_time *out)
{
    if (c && c->fixed) {
        *out = c->at;
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    out->day = tm.tm_mday;
    out->hour = tm.tm_hour;
    out->minute = tm.tm_min;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long clock_days(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void clock_civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

int clock_weekday(long days)
{
    /* 1970-01-01 was a Thursday (3). */
    long w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int clock_month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return md[m - 1];
}

bool clock_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= clock_month_days(y, m);
}

int64_t clock_minutes(const struct gc_time *t)
{
    return (int64_t)clock_days(t->year, t->month, t->day) * 1440 + t->hour * 60 + t->minute;
}

void clock_from_minutes(int64_t m, struct gc_time *t)
{
    int64_t d = m >= 0 ? m / 1440 : -((-m + 1439) / 1440);
    int64_t r = m - d * 1440;
    clock_civil((long)d, &t->year, &t->month, &t->day);
    t->hour = (int)(r / 60);
    t->minute = (int)(r % 60);
}
