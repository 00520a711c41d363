/* test_hours.c — the opening_hours parser and evaluator (knowledge/hours.h).
 *
 * Data-driven parts read tests/data/hours/ (run from the repository root, as
 * `make unit` does; GUICHET_TEST_DATA overrides the folder):
 *   schedule.tsv, state.tsv, next_change.tsv  vector cases (date, value,
 *       expected), must pass at 95% or more;
 *   patterns.txt  values that must parse, or ("!" lines) be rejected with a
 *       positioned message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "knowledge/hours.h"
#include "util/buf.h"
#include "util/limits.h"

/* ---- helpers ---- */

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* "YYYY-MM-DD[ HH:MM]" with an optional '+' and a 4- or 5-digit year. */
static bool parse_dt(const char *s, struct hours_datetime *dt)
{
    if (*s == '+')
        s++;
    const char *dash = strchr(s, '-');
    if (!dash)
        return false;
    dt->year = num(s, (size_t)(dash - s));
    dt->month = num(dash + 1, 2);
    dt->day = num(dash + 4, 2);
    dt->hour = dt->minute = 0;
    if (dash[6] == ' ') {
        dt->hour = num(dash + 7, 2);
        dt->minute = num(dash + 10, 2);
    }
    return true;
}

static struct hours *must_parse(const char *expr)
{
    struct hours *h = NULL;
    struct gc_err e;
    gc_err_clear(&e);
    enum gc_rc rc = hours_parse(expr, &h, &e);
    if (rc != GC_OK)
        fail_msg("'%s' did not parse: %s", expr, e.msg);
    return h;
}

/* The --date line of a value on a day, into out (caller-sized). */
static void day_line(struct hours *h, const char *date, char *out, size_t cap)
{
    static struct hours_interval iv[HOURS_DAY_INTERVALS_MAX];
    struct hours_datetime dt;
    struct buf b;
    size_t n = 0;
    assert_true(parse_dt(date, &dt));
    struct hours_date d = {dt.year, dt.month, dt.day};
    assert_int_equal(hours_day_intervals(h, d, iv, HOURS_DAY_INTERVALS_MAX, &n, NULL), GC_OK);
    buf_init(&b, 64 * 1024);
    assert_int_equal(hours_day_format(iv, n, &b), GC_OK);
    snprintf(out, cap, "%s", buf_str(&b));
    buf_free(&b);
}

static void check_day(const char *expr, const char *date, const char *expected)
{
    char line[4096];
    struct hours *h = must_parse(expr);
    day_line(h, date, line, sizeof line);
    if (strcmp(line, expected) != 0)
        fail_msg("%s on %s: got '%s', expected '%s'", expr, date, line, expected);
    hours_free(h);
}

static const char *state_of(const char *expr, const char *when)
{
    struct hours_datetime dt;
    struct hours *h = must_parse(expr);
    assert_true(parse_dt(when, &dt));
    enum hours_state s = hours_state_at(h, &dt, NULL);
    hours_free(h);
    return hours_state_name(s);
}

static void check_next(const char *expr, const char *when, const char *expected)
{
    struct hours_datetime dt, next;
    struct gc_err e;
    char got[64];
    struct hours *h = must_parse(expr);
    assert_true(parse_dt(when, &dt));
    gc_err_clear(&e);
    enum gc_rc rc = hours_next_change(h, &dt, &next, &e);
    if (rc == GC_OK)
        snprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d", next.year, next.month, next.day,
                 next.hour, next.minute);
    else
        snprintf(got, sizeof got, "none");
    if (strcmp(got, expected) != 0)
        fail_msg("%s from %s: got '%s' (%s), expected '%s'", expr, when, got, e.msg, expected);
    hours_free(h);
}

static const char *data_dir(void)
{
    const char *d = getenv("GUICHET_TEST_DATA");
    return d && *d ? d : "tests/data/hours";
}

static FILE *open_data(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", data_dir(), name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    return f;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* ---- vector cases ---- */

enum vkind { V_SCHEDULE, V_STATE, V_NEXT };

/* Run one TSV of vector cases; returns passed and total in *pass, *total. */
static void run_vectors(const char *file, enum vkind kind, int *pass, int *total)
{
    char line[4096];
    FILE *f = open_data(file);
    *pass = *total = 0;
    if (!fgets(line, sizeof line, f))  /* header */
        fail_msg("%s is empty", file);
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        if (!*line)
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            fail_msg("%s: bad line '%s'", file, line);
        *t1 = *t2 = '\0';
        const char *when = line, *expr = t1 + 1, *expected = t2 + 1;
        char got[4096] = "(parse error)";
        struct hours *h = NULL;
        struct gc_err e;
        struct hours_datetime dt;
        (*total)++;
        gc_err_clear(&e);
        if (hours_parse(expr, &h, &e) == GC_OK && parse_dt(when, &dt)) {
            if (kind == V_SCHEDULE) {
                day_line(h, when, got, sizeof got);
            } else if (kind == V_STATE) {
                snprintf(got, sizeof got, "%s", hours_state_name(hours_state_at(h, &dt, NULL)));
            } else {
                struct hours_datetime next;
                if (hours_next_change(h, &dt, &next, &e) == GC_OK)
                    snprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d", next.year, next.month,
                             next.day, next.hour, next.minute);
                else
                    snprintf(got, sizeof got, "none (%s)", e.msg);
            }
        } else if (e.rc) {
            snprintf(got, sizeof got, "(parse error: %s)", e.msg);
        }
        if (!strcmp(got, expected))
            (*pass)++;
        else
            print_message("  FAIL %s: %s | %s | expected '%s', got '%s'\n", file, when, expr,
                          expected, got);
        hours_free(h);
    }
    fclose(f);
    print_message("  %s: %d/%d passed\n", file, *pass, *total);
}

static void test_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        enum vkind kind;
    } sets[] = {
        {"schedule.tsv", V_SCHEDULE},
        {"state.tsv", V_STATE},
        {"next_change.tsv", V_NEXT},
    };
    int all_pass = 0, all_total = 0;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        int pass, total;
        run_vectors(sets[i].file, sets[i].kind, &pass, &total);
        assert_true(total > 0);
        if (pass * 100 < total * 95)
            fail_msg("%s: %d/%d is under 95%%", sets[i].file, pass, total);
        all_pass += pass;
        all_total += total;
    }
    assert_true(all_pass * 100 >= all_total * 95);
}

/* ---- patterns: parse or a clear, positioned refusal ---- */

static void test_patterns(void **state)
{
    (void)state;
    char line[4096];
    FILE *f = open_data("patterns.txt");
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        if (!*line || *line == '#')
            continue;
        bool reject = *line == '!';
        const char *expr = reject ? line + 1 : line;
        struct hours *h = NULL;
        struct gc_err e;
        size_t pos = 0;
        gc_err_clear(&e);
        enum gc_rc rc = hours_parse_pos(expr, &h, &pos, &e);
        if (reject) {
            if (rc == GC_OK)
                fail_msg("'%s' should have been rejected", expr);
            assert_non_null(strstr(e.msg, "at "));
            assert_true(pos <= strlen(expr));
        } else if (rc != GC_OK) {
            fail_msg("'%s' should parse: %s", expr, e.msg);
        } else {
            /* evaluate a little: must not crash or loop */
            struct hours_datetime dt = {2026, 7, 14, 12, 0}, next;
            hours_state_at(h, &dt, NULL);
            hours_next_change(h, &dt, &next, NULL);
        }
        hours_free(h);
        n++;
    }
    fclose(f);
    assert_true(n > 50);
}

/* ---- parse errors ---- */

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        size_t pos;
        const char *says;
    } cases[] = {
        {"Mo-Fr 10:00-1x:00", 12, "expected a time"},
        {"Mo-Fr 10:00", 11, "'-' or '+'"},
        {"Mo-Fx 10:00-12:00", 3, "weekday"},
        {"Mo-Fr 10:00-12:00 blah", 18, "rule separator"},
        {"Mo-Fr 10:75-12:00", 6, "minutes"},
        {"Mo-Fr 24:00-26:00", 6, "before 24:00"},
        {"sunrise-sunset", 0, "not supported"},
        {"Mo 10:00-(sunset-01:00)", 9, "sunrise, sunset"},
        {"\"no end", 7, "close the comment"},
        {"Jun 32", 4, "1 to 31"},
        {"week 60", 5, "1 to 53"},
        {"2030-2020", 0, "backwards"},
        {"Mo 10:00-12:00/01:00", 14, "repeated"},
        {"", 0, "expected a rule"},
        {"Mo-Fr 10:00-12:00\n", 17, "control character"},
        {"Mo-Fr \xff", 6, "UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hours *h = NULL;
        struct gc_err e;
        size_t pos = 999;
        gc_err_clear(&e);
        assert_int_not_equal(hours_parse_pos(cases[i].expr, &h, &pos, &e), GC_OK);
        assert_null(h);
        if (pos != cases[i].pos || !strstr(e.msg, cases[i].says))
            fail_msg("'%s': got at %zu '%s', expected at %zu '%s'", cases[i].expr, pos, e.msg,
                     cases[i].pos, cases[i].says);
        char at[32];
        snprintf(at, sizeof at, "at %zu: ", cases[i].pos);
        assert_true(!strncmp(e.msg, at, strlen(at)));
    }
    struct gc_err e;
    assert_int_equal(hours_parse(NULL, NULL, &e), GC_ERR_INVALID);
}

static void test_caps(void **state)
{
    (void)state;
    static char big[GC_HOURS_EXPR_MAX + 64];
    struct hours *h = NULL;
    struct gc_err e;

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(hours_parse(big, &h, &e), GC_ERR_TOOBIG);

    /* 65 rules */
    size_t len = 0;
    for (int i = 0; i <= GC_HOURS_RULES_MAX; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, "%sMo", i ? ";" : "");
    assert_true(len <= GC_HOURS_EXPR_MAX);
    assert_int_equal(hours_parse(big, &h, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, "rules"));

    /* 65 time spans */
    len = (size_t)snprintf(big, sizeof big, "0:00-0:01");
    for (int i = 1; i <= GC_HOURS_SPANS_MAX; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, ",%d:%02d-%d:%02d", i / 60 % 24,
                                i % 60, i / 60 % 24, i % 60 + (i % 60 < 59));
    assert_true(len <= GC_HOURS_EXPR_MAX);
    assert_int_equal(hours_parse(big, &h, &e), GC_ERR_TOOBIG);

    /* 17 weekdays in one rule */
    snprintf(big, sizeof big, "Mo,Tu,We,Th,Fr,Sa,Su,Mo,Tu,We,Th,Fr,Sa,Su,Mo,Tu,We 10:00-12:00");
    assert_int_equal(hours_parse(big, &h, &e), GC_ERR_TOOBIG);
    assert_null(h);

    /* Every selector list is capped; the error points at the item past the
     * cap (the 17th, at 16 * the item's width + its separator). */
    static const struct {
        const char *item, *rest, *says;
        size_t width;
    } lists[] = {
        {"Mo", " 10:00-12:00", "weekday items", 3},
        {"2001", " 10:00-12:00", "years", 5},
        {"Dec 01", " 10:00-12:00", "dates", 7},
        {"week 01", "", "week ranges", 3},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        len = (size_t)snprintf(big, sizeof big, "%s", lists[i].item);
        for (int k = 1; k <= GC_HOURS_LIST_MAX; k++)
            len += (size_t)snprintf(big + len, sizeof big - len, ",%s",
                                    i == 3 ? "01" : lists[i].item);
        snprintf(big + len, sizeof big - len, "%s", lists[i].rest);
        size_t pos = 0;
        assert_int_equal(hours_parse_pos(big, &h, &pos, &e), GC_ERR_TOOBIG);
        assert_non_null(strstr(e.msg, lists[i].says));
        size_t first = i == 3 ? strlen("week ") : 0;
        assert_int_equal(pos, first + (size_t)GC_HOURS_LIST_MAX * lists[i].width);
    }
}

/* ---- evaluation ---- */

static void test_basic_days(void **state)
{
    (void)state;
    check_day("Mo-Fr 10:00-12:00,14:00-16:00", "2020-06-01", "10:00 open 12:00 | 14:00 open 16:00");
    check_day("Mo-Fr 10:00-12:00,14:00-16:00", "2020-06-06", "");
    check_day("24/7", "2026-01-01", "00:00 open 24:00");
    check_day("Mo-Fr 08:00-18:00; We 12:00-14:00 off", "2026-01-07",
              "08:00 open 12:00 | 14:00 open 18:00");
    check_day("Mo-Fr 08:00-18:00; We 14:00-16:00", "2026-01-07", "14:00 open 16:00");
    check_day("Mo-Fr 10:00-12:00 \"sur rendez-vous\"", "2026-01-05",
              "10:00 open[sur rendez-vous] 12:00");
    check_day("\"sur rendez-vous\"", "2026-01-05", "00:00 unknown[sur rendez-vous] 24:00");
    check_day("Sa, Su 10:00-12:00", "2026-01-04", "10:00 open 12:00");
    check_day("Sa, Su 10:00-12:00", "2026-01-05", "");
}

static void test_overnight(void **state)
{
    (void)state;
    /* Friday 2026-01-09 22:00 to Saturday 02:00 */
    check_day("Fr 22:00-02:00", "2026-01-09", "22:00 open 24:00");
    check_day("Fr 22:00-02:00", "2026-01-10", "00:00 open 02:00");
    /* Saturday's own rule does not cut Friday night short */
    check_day("Fr 22:00-02:00; Sa 10:00-12:00", "2026-01-10", "00:00 open 02:00 | 10:00 open 12:00");
    /* nor does a day off on Saturday */
    check_day("Fr-Sa 22:00-02:00; Sa off", "2026-01-10", "00:00 open 02:00");
    check_day("Fr-Sa 22:00-02:00; Sa off", "2026-01-11", "");
    /* extended hours */
    check_day("Su 14:00-25:30", "2026-01-12", "00:00 open 01:30");
    assert_string_equal(state_of("Fr 22:00-02:00", "2026-01-10 01:59"), "open");
    assert_string_equal(state_of("Fr 22:00-02:00", "2026-01-10 02:00"), "closed");
    check_next("Fr 22:00-02:00", "2026-01-09 23:00", "2026-01-10 02:00");
    check_next("Fr 22:00-02:00", "2026-01-10 03:00", "2026-01-16 22:00");
}

static void test_public_holidays(void **state)
{
    (void)state;
    /* 14 July 2026 is a Tuesday */
    check_day("Mo-Fr 09:00-17:00; PH off", "2026-07-14", "");
    check_day("Mo-Fr 09:00-17:00; PH off", "2026-07-15", "09:00 open 17:00");
    check_day("Mo-Fr 09:00-17:00; PH 10:00-12:00", "2026-07-14", "10:00 open 12:00");
    /* Easter Monday 2026-04-06, Ascension 2026-05-14, Whit Monday 2026-05-25 */
    check_day("Mo-Su 10:00-12:00; PH off", "2026-04-06", "");
    check_day("Mo-Su 10:00-12:00; PH off", "2026-05-14", "");
    check_day("Mo-Su 10:00-12:00; PH off", "2026-05-25", "");
    check_day("Mo-Su 10:00-12:00; PH off", "2026-05-24", "10:00 open 12:00");
    /* the day after a holiday */
    check_day("PH +1 day 10:00-12:00", "2026-07-15", "10:00 open 12:00");
    /* PH Su: a holiday that falls on a Sunday (1 Nov 2026) */
    check_day("Mo-Su 10:00-12:00; PH Su off", "2026-11-01", "");
    check_day("Mo-Su 10:00-12:00; PH Su off", "2026-11-11", "10:00 open 12:00");
    /* SH never matches */
    check_day("SH 10:00-12:00", "2026-08-03", "");
}

static void test_dates(void **state)
{
    (void)state;
    check_day("Jun-Aug 10:00-12:00", "2026-07-01", "10:00 open 12:00");
    check_day("Jun-Aug 10:00-12:00", "2026-09-01", "");
    check_day("Nov-Feb 10:00-12:00", "2026-01-15", "10:00 open 12:00");
    check_day("Mo-Su 10:00-18:00; Dec 24 10:00-12:00", "2026-12-24", "10:00 open 12:00");
    check_day("Mo-Su 10:00-18:00; Dec 24-26 off", "2026-12-26", "");
    check_day("Mo-Su 10:00-18:00; Dec 24-26 off", "2026-12-27", "10:00 open 18:00");
    check_day("Mo-Su 10:00-18:00; 2026 Dec 25 off", "2026-12-25", "");
    check_day("Mo-Su 10:00-18:00; 2026 Dec 25 off", "2027-12-25", "10:00 open 18:00");
    check_day("Dec 20-Jan 05 10:00-12:00", "2027-01-03", "10:00 open 12:00");
    check_day("week 01-53/2 10:00-12:00", "2026-01-01", "10:00 open 12:00");
    check_day("week 01-53/2 10:00-12:00", "2026-01-08", "");
    check_day("easter 10:00-12:00", "2026-04-05", "10:00 open 12:00");
    check_day("Dec 25 +Su 10:00-12:00", "2026-12-27", "10:00 open 12:00");
    check_day("Jan Mo[1] 10:00-12:00", "2026-01-05", "10:00 open 12:00");
}

static void test_rule_separators(void **state)
{
    (void)state;
    check_day("10:00-20:00 open, 12:00-14:00 closed", "2020-06-01",
              "10:00 open 12:00 | 14:00 open 20:00");
    check_day("Mo-Fr 09:00-12:00 || unknown \"appeler\"", "2026-01-10",
              "00:00 unknown[appeler] 24:00");
    check_day("Mo-Fr 09:00-12:00 || unknown \"appeler\"", "2026-01-09", "09:00 open 12:00");
    check_day("Mo-Fr closed || 10:00-11:00", "2026-01-09", "10:00 open 11:00");
    check_day("10:00-18:00 \"a\" ; 12:00-13:00 closed \"b\"", "2024-01-01",
              "10:00 open[a] 12:00 closed[b] 13:00 open[a] 18:00");
}

static void test_open_end(void **state)
{
    (void)state;
    struct hours_interval iv[HOURS_DAY_INTERVALS_MAX];
    size_t n = 0;
    struct hours *h = must_parse("Fr 22:00+");
    struct hours_date d = {2026, 1, 9};
    assert_int_equal(hours_day_intervals(h, d, iv, HOURS_DAY_INTERVALS_MAX, &n, NULL), GC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(iv[1].start, 22 * 60);
    assert_int_equal(iv[1].end, 24 * 60);
    assert_int_equal(iv[1].state, HOURS_OPEN);
    assert_true(iv[1].open_end);
    assert_false(iv[0].open_end);
    /* a too small output array */
    assert_int_equal(hours_day_intervals(h, d, iv, 1, &n, NULL), GC_ERR_TOOBIG);
    hours_free(h);
}

static void test_closures(void **state)
{
    (void)state;
    struct hours *h = must_parse("Mo-Sa 22:00-02:00");
    struct gc_err e;
    char line[256];
    struct hours_date from = {2026, 1, 9}, to = {2026, 1, 9};  /* a Friday */
    assert_int_equal(hours_add_closure(h, from, to, "grève", &e), GC_OK);
    day_line(h, "2026-01-09", line, sizeof line);
    assert_string_equal(line, "00:00 closed[grève] 24:00");
    /* Friday night does not spill into Saturday */
    day_line(h, "2026-01-10", line, sizeof line);
    assert_string_equal(line, "22:00 open 24:00");
    struct hours_datetime at = {2026, 1, 9, 23, 0};
    const char *c = NULL;
    assert_int_equal(hours_state_at(h, &at, &c), HOURS_CLOSED);
    assert_string_equal(c, "grève");
    /* bad closures */
    struct hours_date bad = {2026, 2, 30};
    assert_int_equal(hours_add_closure(h, bad, to, NULL, &e), GC_ERR_INVALID);
    assert_int_equal(hours_add_closure(h, to, from, NULL, &e), GC_OK);
    struct hours_date later = {2026, 1, 1};
    assert_int_equal(hours_add_closure(h, from, later, NULL, &e), GC_ERR_INVALID);
    for (int i = 1; i < GC_HOURS_CLOSURES_MAX - 1; i++)
        assert_int_equal(hours_add_closure(h, from, to, NULL, &e), GC_OK);
    assert_int_equal(hours_add_closure(h, from, to, NULL, &e), GC_ERR_TOOBIG);
    hours_free(h);

    /* next change across a closure */
    h = must_parse("Mo-Su 09:00-17:00");
    struct hours_date c1 = {2026, 3, 2}, c2 = {2026, 3, 4};
    assert_int_equal(hours_add_closure(h, c1, c2, NULL, &e), GC_OK);
    struct hours_datetime from2 = {2026, 3, 1, 18, 0}, next;
    assert_int_equal(hours_next_change(h, &from2, &next, &e), GC_OK);
    assert_int_equal(next.day, 5);
    assert_int_equal(next.hour, 9);
    hours_free(h);
}

static void test_next_change(void **state)
{
    (void)state;
    check_next("Mo-Fr 10:00-12:00", "2026-01-09 11:00", "2026-01-09 12:00");
    check_next("Mo-Fr 10:00-12:00", "2026-01-09 12:00", "2026-01-12 10:00");
    check_next("24/7", "2026-01-09 11:00", "none");
    check_next("Mo-Fr open; Sa-Su open", "2026-01-09 11:00", "none");
    check_next("2030 Jan 01 10:00-12:00", "2026-01-09 11:00", "2030-01-01 10:00");
    check_next("PH Su off", "2026-01-09 11:00", "none");  /* never opens: bounded search */
    check_next("Feb 29 10:00-12:00", "2025-03-01 00:00", "2028-02-29 10:00");
    check_next("Mo-Su 09:00-17:00; PH off", "2026-07-13 18:00", "2026-07-15 09:00");
    /* the bound: an expression that changes every day is examined day by day
     * and finds its change at once */
    check_next("Mo 10:00-12:00", "2026-01-13 11:00", "2026-01-19 10:00");
    struct hours *h = must_parse("Mo-Fr 10:00-12:00");
    struct hours_datetime bad = {2026, 13, 1, 0, 0}, out;
    struct gc_err e;
    assert_int_equal(hours_next_change(h, &bad, &out, &e), GC_ERR_INVALID);
    assert_int_equal(hours_state_at(h, &bad, NULL), HOURS_UNKNOWN);
    struct hours_date bad_day = {2026, 2, 29};
    struct hours_interval iv[4];
    size_t n;
    assert_int_equal(hours_day_intervals(h, bad_day, iv, 4, &n, &e), GC_ERR_INVALID);
    hours_free(h);
}

static void test_out_of_range_years(void **state)
{
    (void)state;
    assert_string_equal(state_of("24/7", "1789-07-14 12:00"), "closed");
    assert_string_equal(state_of("24/7", "+10000-01-01 12:00"), "closed");
    check_next("24/7", "1789-07-14 12:00", "1900-01-01 00:00");
    check_next("Mo-Fr 10:00-12:00", "9999-12-31 13:00", "none");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_caps),
        cmocka_unit_test(test_basic_days),     cmocka_unit_test(test_overnight),
        cmocka_unit_test(test_public_holidays), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_rule_separators), cmocka_unit_test(test_open_end),
        cmocka_unit_test(test_closures),       cmocka_unit_test(test_next_change),
        cmocka_unit_test(test_out_of_range_years),
    };
    return cmocka_run_group_tests_name("hours", tests, NULL, NULL);
}
