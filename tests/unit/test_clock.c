/* test_clock.c — the town's clock: parsing a fixed instant, settings, civil
 * date arithmetic, the zone from the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testutil.h"
#include "util/clock.h"
#include "util/config.h"

static void test_parse(void **state)
{
    (void)state;
    struct gc_time t;
    struct gc_err e = {0};
    assert_int_equal(clock_parse("2026-12-25 10:05", &t, &e), GC_OK);
    assert_int_equal(t.year, 2026);
    assert_int_equal(t.month, 12);
    assert_int_equal(t.day, 25);
    assert_int_equal(t.hour, 10);
    assert_int_equal(t.minute, 5);
    assert_int_equal(clock_parse("2027-05-13T23:59", &t, &e), GC_OK);
    assert_int_equal(t.hour, 23);
    static const char *const bad[] = {
        "", "2026-12-25", "2026-12-25 10:5", "2026-13-01 10:00", "2026-02-29 10:00",
        "2026-12-25 24:00", "2026-12-25 10:60", "26-12-25 10:00", "2026/12/25 10:00",
        "2026-12-25 10:00 ", "abcd-ef-gh ij:kl",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gc_err_clear(&e);
        assert_int_equal(clock_parse(bad[i], &t, &e), GC_ERR_INVALID);
        assert_true(e.msg[0] != '\0');
    }
    assert_int_equal(clock_parse("2028-02-29 00:00", &t, NULL), GC_OK);   /* leap year */
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(clock_days(1970, 1, 1), 0);
    assert_int_equal(clock_days(2000, 3, 1), 11017);
    assert_int_equal(clock_weekday(clock_days(1970, 1, 1)), 3);    /* Thursday */
    assert_int_equal(clock_weekday(clock_days(2026, 11, 21)), 5);  /* Saturday */
    assert_int_equal(clock_weekday(clock_days(2027, 5, 13)), 3);   /* Ascension, Thursday */
    assert_int_equal(clock_weekday(clock_days(1969, 12, 29)), 0);  /* before the epoch */
    for (long d = clock_days(1899, 12, 1); d < clock_days(2101, 1, 1); d += 13) {
        int y, m, dd;
        clock_civil(d, &y, &m, &dd);
        assert_true(clock_date_valid(y, m, dd));
        assert_int_equal(clock_days(y, m, dd), d);
    }
    assert_int_equal(clock_month_days(2026, 2), 28);
    assert_int_equal(clock_month_days(2028, 2), 29);
    assert_int_equal(clock_month_days(2100, 2), 28);
    assert_int_equal(clock_month_days(2000, 2), 29);
    assert_false(clock_date_valid(2026, 4, 31));
    struct gc_time t = {2026, 12, 31, 23, 59}, u;
    int64_t m = clock_minutes(&t);
    clock_from_minutes(m + 1, &u);
    assert_int_equal(u.year, 2027);
    assert_int_equal(u.month, 1);
    assert_int_equal(u.day, 1);
    assert_int_equal(u.hour, 0);
    assert_int_equal(u.minute, 0);
    clock_from_minutes(-1, &u);
    assert_int_equal(u.year, 1969);
    assert_int_equal(u.hour, 23);
    assert_int_equal(u.minute, 59);
}

static void test_config(void **state)
{
    (void)state;
    struct gc_err e = {0};
    struct clock c;
    struct config *cfg = config_new();
    assert_int_equal(clock_from_config(&c, cfg, &e), GC_OK);
    assert_false(c.fixed);
    assert_string_equal(clock_zone(), "Europe/Paris");
    assert_string_equal(getenv("TZ") ? "set" : "unset", "set");
    assert_int_equal(config_set(cfg, "now", "2027-05-13 10:00", &e), GC_OK);
    assert_int_equal(clock_from_config(&c, cfg, &e), GC_OK);
    assert_true(c.fixed);
    struct gc_time t;
    clock_now(&c, &t);
    assert_int_equal(t.year, 2027);
    assert_int_equal(t.day, 13);
    assert_int_equal(t.hour, 10);
    /* A stopped clock does not move. */
    struct gc_time t2;
    clock_now(&c, &t2);
    assert_memory_equal(&t, &t2, sizeof t);
    assert_int_equal(config_set(cfg, "now", "demain", &e), GC_OK);
    assert_int_equal(clock_from_config(&c, cfg, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "setting now"));
    /* The zone is decided at start-up: another one later is an error. */
    assert_int_equal(config_set(cfg, "now", "", &e), GC_OK);
    assert_int_equal(config_set(cfg, "timezone", "America/New_York", &e), GC_OK);
    assert_int_equal(clock_from_config(&c, cfg, &e), GC_ERR_INVALID);
    config_free(cfg);
}

static void test_zone(void **state)
{
    (void)state;
    struct gc_err e = {0};
    assert_int_equal(clock_zone_init("../../etc/passwd", &e), GC_ERR_INVALID);
    assert_int_equal(clock_zone_init("/etc/localtime", &e), GC_ERR_INVALID);
    assert_int_equal(clock_zone_init("CET-1CEST", &e), GC_ERR_INVALID);
    assert_int_equal(clock_zone_init("Mars/Olympus_Mons", &e), GC_ERR_INVALID);
    assert_string_equal(clock_zone(), "Europe/Paris");
    /* Real local time follows TZ: 2026-07-01 12:00 UTC is 14:00 in Paris. */
    assert_int_equal(clock_zone_init("Europe/Paris", &e), GC_OK);
    time_t t = (time_t)clock_days(2026, 7, 1) * 86400 + 12 * 3600;
    struct tm tm;
    localtime_r(&t, &tm);
    assert_int_equal(tm.tm_hour, 14);
    t = (time_t)clock_days(2026, 12, 1) * 86400 + 12 * 3600;
    localtime_r(&t, &tm);
    assert_int_equal(tm.tm_hour, 13);
}

static void test_zone_from_args(void **state)
{
    (void)state;
    char *a1[] = {"guichet", "ask", "--timezone", "Europe/Brussels", "q", NULL};
    assert_string_equal(clock_zone_from_args(5, a1), "Europe/Brussels");
    char *a2[] = {"guichet", "ask", "--timezone=Indian/Reunion", NULL};
    assert_string_equal(clock_zone_from_args(3, a2), "Indian/Reunion");
    char *a3[] = {"guichet", "ask", "q", NULL};
    assert_string_equal(clock_zone_from_args(3, a3), "Europe/Paris");
    char ini[128];
    assert_int_equal(tmp_file_with(ini, sizeof ini, "clock", "timezone = America/Cayenne\n"), 0);
    char *a4[] = {"guichet", "serve", "--config", ini, NULL};
    assert_string_equal(clock_zone_from_args(4, a4), "America/Cayenne");
    /* The command line wins over the file. */
    char *a5[] = {"guichet", "serve", "--config", ini, "--timezone", "Europe/Paris", NULL};
    assert_string_equal(clock_zone_from_args(6, a5), "Europe/Paris");
    unlink(ini);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),       cmocka_unit_test(test_days),
        cmocka_unit_test(test_config),      cmocka_unit_test(test_zone),
        cmocka_unit_test(test_zone_from_args),
    };
    return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
