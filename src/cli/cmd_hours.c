/* cmd_hours.c — `guichet hours`: evaluate an OpenStreetMap opening_hours
 * value from the command line (knowledge/hours.h), or read opening hours
 * written in French into one (knowledge/hours_fr.h).
 *
 *   guichet hours --date 2020-06-01 "Mo-Fr 10:00-12:00,14:00-16:00"
 *       10:00 open 12:00 | 14:00 open 16:00
 *   guichet hours --at "2020-06-01 12:00" EXPR     open | closed | unknown
 *   guichet hours --next "2020-06-01 12:00" EXPR   2020-06-01 14:00
 *   guichet hours --from-french "du lundi au vendredi de 9h à 12h"
 *
 * Exit status: 0 done, 1 invalid value (message with its byte position) or
 * French text not read, 2 bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "knowledge/hours.h"
#include "knowledge/hours_fr.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"
#include "util/limits.h"

static const char usage[] =
    "usage: guichet hours --date YYYY-MM-DD EXPR\n"
    "       guichet hours --at \"YYYY-MM-DD HH:MM\" EXPR\n"
    "       guichet hours --next \"YYYY-MM-DD HH:MM\" EXPR\n"
    "       guichet hours --from-french \"TEXT\"\n\n"
    "Evaluate an OpenStreetMap opening_hours value EXPR (local time, French\n"
    "public holidays for PH; see docs/opening-hours.md):\n"
    "  --date D    the day's open intervals, e.g. '10:00 open 12:00 | 14:00 open 16:00'\n"
    "              (an empty line when closed all day; comments as open[comment])\n"
    "  --at T      the state at that minute: open, closed or unknown\n"
    "  --next T    the next change of state after T, as YYYY-MM-DD HH:MM\n"
    "              ('none' when there is none within the search bound)\n"
    "  --closed D1[/D2]  treat the days D1 to D2 as exceptionally closed\n"
    "  --from-french TEXT  read opening hours written in French into an\n"
    "              opening_hours value, or say what could not be read\n\n"
    "Exit status: 0 done, 1 invalid value or unreadable text, 2 bad usage.\n";

/* Digits s[0..n) into *v; false when not all digits or too long. */
static bool take_int(const char *s, size_t n, int *v)
{
    if (n == 0 || n > 5)
        return false;
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

/* "YYYY-MM-DD" (year 1 to 5 digits, an optional leading '+'); returns the
 * end of the date in s or NULL. */
static const char *parse_date(const char *s, struct hours_date *d)
{
    if (*s == '+')
        s++;
    const char *dash = strchr(s, '-');
    if (!dash || !take_int(s, (size_t)(dash - s), &d->year))
        return NULL;
    const char *p = dash + 1;
    if (!take_int(p, 2, &d->month) || p[2] != '-' || !take_int(p + 3, 2, &d->day))
        return NULL;
    if (!hours_date_valid(d))
        return NULL;
    return p + 5;
}

static bool parse_datetime(const char *s, struct hours_datetime *dt)
{
    struct hours_date d;
    const char *p = parse_date(s, &d);
    if (!p || (*p != ' ' && *p != 'T'))
        return false;
    p++;
    if (!take_int(p, 2, &dt->hour) || p[2] != ':' || !take_int(p + 3, 2, &dt->minute) || p[5])
        return false;
    dt->year = d.year;
    dt->month = d.month;
    dt->day = d.day;
    return hours_datetime_valid(dt);
}

/* The value, then a caret under the faulty byte (UTF-8 aware). */
static void show_fault(const char *expr, size_t pos)
{
    size_t n = strlen(expr);
    if (n > 120 || pos > n)
        return;
    fprintf(stderr, "  %s\n  ", expr);
    for (size_t i = 0; i < pos; i++)
        if (((unsigned char)expr[i] & 0xc0) != 0x80)
            fputc(expr[i] == '\t' ? '\t' : ' ', stderr);
    fputs("^\n", stderr);
}

static int from_french(const char *text)
{
    struct buf out;
    struct gc_err e;
    int status = 1;
    buf_init(&out, GC_HOURS_EXPR_MAX + 1);
    gc_err_clear(&e);
    if (hours_fr_to_osm(text, &out, &e) != GC_OK) {
        fprintf(stderr, "guichet hours: could not read these opening hours: %s\n", e.msg);
        goto out;
    }
    printf("%s\n", buf_str(&out));
    status = 0;
out:
    buf_free(&out);
    return status;
}

int cmd_hours(int argc, char **argv)
{
    static const char *const local[] = {"date=", "at=", "next=", "from-french=", "closed=", NULL};
    const char *val[5] = {NULL, NULL, NULL, NULL, NULL};
    const char *pos[2];
    int npos = 0, status = 2;
    struct gc_err e;
    struct config *cfg = config_new();
    struct hours *h = NULL;
    struct hours_interval *iv = NULL;
    struct buf line;

    buf_init(&line, 64 * 1024);
    gc_err_clear(&e);
    status = cli_args(cfg, "hours", usage, argc, argv, local, val, pos, 2, &npos);
    if (status >= 0)
        goto out;
    status = 2;
    int modes = (val[0] != NULL) + (val[1] != NULL) + (val[2] != NULL) + (val[3] != NULL);
    if (modes != 1) {
        status = cli_usage_error("hours", usage, "give exactly one of --date, --at, --next, --from-french");
        goto out;
    }
    if (val[3]) {
        if (npos != 0 || val[4]) {
            status = cli_usage_error("hours", usage, "--from-french takes the text as its only argument");
            goto out;
        }
        status = from_french(val[3]);
        goto out;
    }
    if (npos != 1) {
        status = cli_usage_error("hours", usage, "give one opening_hours value (quote it)");
        goto out;
    }

    struct hours_date day = {0, 0, 0};
    struct hours_datetime at = {0, 0, 0, 0, 0};
    const char *end = val[0] ? parse_date(val[0], &day) : NULL;
    if (val[0] && (!end || *end)) {
        fprintf(stderr, "guichet hours: --date wants YYYY-MM-DD, not '%s'\n", val[0]);
        goto out;
    }
    const char *when = val[1] ? val[1] : val[2];
    if (when && !parse_datetime(when, &at)) {
        fprintf(stderr, "guichet hours: --%s wants \"YYYY-MM-DD HH:MM\", not '%s'\n",
                val[1] ? "at" : "next", when);
        goto out;
    }
    struct hours_date c1, c2;
    if (val[4]) {
        const char *p = parse_date(val[4], &c1);
        c2 = c1;
        if (p && *p == '/')
            p = parse_date(p + 1, &c2);
        if (!p || *p) {
            fprintf(stderr, "guichet hours: --closed wants YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD\n");
            goto out;
        }
    }

    size_t errpos = 0;
    if (hours_parse_pos(pos[0], &h, &errpos, &e) != GC_OK) {
        fprintf(stderr, "guichet hours: invalid opening_hours value %s\n", e.msg);
        show_fault(pos[0], errpos);
        status = 1;
        goto out;
    }
    if (val[4] && hours_add_closure(h, c1, c2, NULL, &e) != GC_OK) {
        fprintf(stderr, "guichet hours: --closed: %s\n", e.msg);
        goto out;
    }

    if (val[0]) {
        size_t n = 0;
        iv = calloc(HOURS_DAY_INTERVALS_MAX, sizeof *iv);
        if (!iv || hours_day_intervals(h, day, iv, HOURS_DAY_INTERVALS_MAX, &n, &e) != GC_OK ||
            hours_day_format(iv, n, &line) != GC_OK) {
            fprintf(stderr, "guichet hours: %s\n", iv ? e.msg : "out of memory");
            status = 1;
            goto out;
        }
        printf("%s\n", buf_str(&line));
    } else if (val[1]) {
        printf("%s\n", hours_state_name(hours_state_at(h, &at, NULL)));
    } else {
        struct hours_datetime next;
        enum gc_rc rc = hours_next_change(h, &at, &next, &e);
        if (rc == GC_ERR_NOTFOUND) {
            printf("none\n");
            fprintf(stderr, "guichet hours: %s\n", e.msg);
        } else if (rc != GC_OK) {
            fprintf(stderr, "guichet hours: %s\n", e.msg);
            status = 1;
            goto out;
        } else {
            printf("%04d-%02d-%02d %02d:%02d\n", next.year, next.month, next.day, next.hour,
                   next.minute);
        }
    }
    status = 0;
out:
    buf_free(&line);
    free(iv);
    hours_free(h);
    config_free(cfg);
    return status;
}
