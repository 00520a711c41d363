/* test_dates_fr.c — French date expressions read relative to a fixed clock,
 * and dates written in French. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "knowledge/dates_fr.h"
#include "text/analyze.h"

/* question, now, expected first day, last day (YYYY-MM-DD), from, to (minutes), now flag */
static const struct {
    const char *q, *now, *first, *last;
    int from, to;
    bool is_now;
} cases[] = {
    /* Wednesday 2 December 2026, 10:00 */
    {"la piscine est ouverte aujourd'hui ?", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 1440, false},
    {"et maintenant ?", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 1440, true},
    {"ouvert en ce moment", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 1440, true},
    {"que faire ce soir", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 1080, 1440, false},
    {"ce matin", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 720, false},
    {"cet après-midi", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 720, 1080, false},
    {"demain", "2026-12-02 10:00", "2026-12-03", "2026-12-03", 0, 1440, false},
    {"demain soir", "2026-12-02 10:00", "2026-12-03", "2026-12-03", 1080, 1440, false},
    {"après-demain", "2026-12-02 10:00", "2026-12-04", "2026-12-04", 0, 1440, false},
    {"apres demain matin", "2026-12-02 10:00", "2026-12-04", "2026-12-04", 0, 720, false},
    {"hier", "2026-12-02 10:00", "2026-12-01", "2026-12-01", 0, 1440, false},
    {"que faire ce week-end ?", "2026-12-02 10:00", "2026-12-05", "2026-12-06", 0, 1440, false},
    {"ce weekend", "2026-12-02 10:00", "2026-12-05", "2026-12-06", 0, 1440, false},
    {"le week-end prochain", "2026-12-02 10:00", "2026-12-05", "2026-12-06", 0, 1440, false},
    {"samedi", "2026-12-02 10:00", "2026-12-05", "2026-12-05", 0, 1440, false},
    {"concerts samedi prochain", "2026-12-02 10:00", "2026-12-05", "2026-12-05", 0, 1440, false},
    {"ouvert mercredi ?", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 1440, false},
    {"mercredi prochain", "2026-12-02 10:00", "2026-12-09", "2026-12-09", 0, 1440, false},
    {"la mairie est ouverte le jeudi soir ?", "2026-12-02 10:00", "2026-12-03", "2026-12-03", 1080, 1440, false},
    {"lundi dernier", "2026-12-02 10:00", "2026-11-30", "2026-11-30", 0, 1440, false},
    {"cette semaine", "2026-12-02 10:00", "2026-12-02", "2026-12-06", 0, 1440, false},
    {"la semaine prochaine", "2026-12-02 10:00", "2026-12-07", "2026-12-13", 0, 1440, false},
    {"ce mois-ci", "2026-12-02 10:00", "2026-12-02", "2026-12-31", 0, 1440, false},
    {"le mois prochain", "2026-12-02 10:00", "2027-01-01", "2027-01-31", 0, 1440, false},
    {"le 19 mai", "2026-12-02 10:00", "2027-05-19", "2027-05-19", 0, 1440, false},
    /* The date after "le" and a weekday, not the next such weekday. */
    {"ouvert le mardi 23 février ?", "2026-12-02 10:00", "2027-02-23", "2027-02-23", 0, 1440, false},
    {"le vendredi 1er janvier", "2026-12-02 10:00", "2027-01-01", "2027-01-01", 0, 1440, false},
    {"le 14 juillet", "2026-12-02 10:00", "2027-07-14", "2027-07-14", 0, 1440, false},
    {"le 1er janvier", "2026-12-02 10:00", "2027-01-01", "2027-01-01", 0, 1440, false},
    {"le premier janvier", "2026-12-02 10:00", "2027-01-01", "2027-01-01", 0, 1440, false},
    {"le 25 décembre", "2026-12-02 10:00", "2026-12-25", "2026-12-25", 0, 1440, false},
    {"samedi 19 décembre au soir", "2026-12-02 10:00", "2026-12-19", "2026-12-19", 1080, 1440, false},
    {"le 3 mars 2026", "2026-12-02 10:00", "2026-03-03", "2026-03-03", 0, 1440, false},
    {"le 2 décembre", "2026-12-02 10:00", "2026-12-02", "2026-12-02", 0, 1440, false},
    {"en juin", "2026-12-02 10:00", "2027-06-01", "2027-06-30", 0, 1440, false},
    {"quels événements à la médiathèque en juin ?", "2026-12-02 10:00", "2027-06-01", "2027-06-30", 0, 1440, false},
    {"au mois de décembre", "2026-12-02 10:00", "2026-12-02", "2026-12-31", 0, 1440, false},
    {"juin 2027", "2026-12-02 10:00", "2027-06-01", "2027-06-30", 0, 1440, false},
    {"à Noël", "2026-12-02 10:00", "2026-12-25", "2026-12-25", 0, 1440, false},
    {"pour noel", "2026-12-26 10:00", "2027-12-25", "2027-12-25", 0, 1440, false},
    {"le jour de l'an", "2026-12-02 10:00", "2027-01-01", "2027-01-01", 0, 1440, false},
    {"à la Toussaint", "2026-12-02 10:00", "2027-11-01", "2027-11-01", 0, 1440, false},
    {"à l'Ascension", "2026-12-02 10:00", "2027-05-06", "2027-05-06", 0, 1440, false},
    {"le lundi de Pâques", "2026-12-02 10:00", "2027-03-29", "2027-03-29", 0, 1440, false},
    {"le lundi de Pentecôte", "2026-12-02 10:00", "2027-05-17", "2027-05-17", 0, 1440, false},
    {"le pont de l'Ascension", "2026-12-02 10:00", "2027-05-06", "2027-05-09", 0, 1440, false},
    /* Saturday 5 December 2026: this week-end starts today. */
    {"ce week-end", "2026-12-05 09:00", "2026-12-05", "2026-12-06", 0, 1440, false},
    {"le week-end prochain", "2026-12-05 09:00", "2026-12-12", "2026-12-13", 0, 1440, false},
    {"samedi", "2026-12-05 09:00", "2026-12-05", "2026-12-05", 0, 1440, false},
    {"samedi prochain", "2026-12-05 09:00", "2026-12-12", "2026-12-12", 0, 1440, false},
    /* Sunday: what is left of the week-end is today. */
    {"ce week-end", "2026-12-06 09:00", "2026-12-06", "2026-12-06", 0, 1440, false},
    {"cette semaine", "2026-12-06 09:00", "2026-12-06", "2026-12-06", 0, 1440, false},
    {"la semaine prochaine", "2026-12-06 09:00", "2026-12-07", "2026-12-13", 0, 1440, false},
    /* Across the year. */
    {"demain", "2026-12-31 22:00", "2027-01-01", "2027-01-01", 0, 1440, false},
    {"la semaine prochaine", "2026-12-30 12:00", "2027-01-04", "2027-01-10", 0, 1440, false},
    {"le 29 février", "2027-03-01 12:00", "2028-02-29", "2028-02-29", 0, 1440, false},
};

/* Words that are not dates. */
static const char *const none[] = {
    "c'est quand le marché de Noël ?", "horaires de la piscine", "la fête de la musique",
    "le marché de Pâques", "quels jours a lieu le marché", "sept jours sur sept", "",
    "la semaine", "ouvert le week", "le feu d'artifice",
};

static long day_of(const char *ymd)
{
    return clock_days((int)strtol(ymd, NULL, 10), (int)strtol(ymd + 5, NULL, 10),
                      (int)strtol(ymd + 8, NULL, 10));
}

static void test_expressions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_time now;
        assert_int_equal(clock_parse(cases[i].now, &now, NULL), GC_OK);
        char *f = analyze_fold(cases[i].q, strlen(cases[i].q));
        struct fr_span s;
        if (!dates_fr_find(f, &now, &s))
            fail_msg("%s: no date found", cases[i].q);
        if (s.first != day_of(cases[i].first) || s.last != day_of(cases[i].last) ||
            s.from_min != cases[i].from || s.to_min != cases[i].to || s.now != cases[i].is_now)
            fail_msg("%s (at %s): got %ld..%ld %d-%d now=%d", cases[i].q, cases[i].now,
                     s.first - day_of(cases[i].first), s.last - day_of(cases[i].last),
                     s.from_min, s.to_min, s.now);
        assert_true(s.start < s.end && s.end <= strlen(f));
        free(f);
    }
}

static void test_none(void **state)
{
    (void)state;
    struct gc_time now = {2026, 12, 2, 10, 0};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        char *f = analyze_fold(none[i], strlen(none[i]));
        struct fr_span s;
        if (dates_fr_find(f, &now, &s))
            fail_msg("'%s' is not a date (found %zu..%zu)", none[i], s.start, s.end);
        free(f);
    }
}

/* dates_fr_find skips the matchers when no word of a date is in the text
 * (dates_fr.c, anchors[]): one phrase per rule of every matcher, each
 * found, so that a phrase added without its word fails here. */
static void test_every_phrase_found(void **state)
{
    (void)state;
    static const char *const phrases[] = {
        "aujourd hui", "aujourdhui", "maintenant", "en ce moment", "actuellement",
        "a present", "ce soir", "cette nuit", "en fin de journee", "ce matin",
        "cet apres midi", "apres demain", "avant hier", "demain", "hier", "lundi", "mardi",
        "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "ce week end",
        "prochain weekend", "ce we", "cette semaine", "semaine prochaine", "ce mois ci",
        "mois prochain", "le 3 janv", "le 3 fev", "le 3 fevr", "en mars", "en avr",
        "en aout", "en oct", "en nov", "en dec", "a noel", "jour de l an", "nouvel an",
        "la toussaint", "l assomption", "armistice", "fete nationale", "fete du travail",
        "lundi de paques", "a paques", "ascension", "pentecote",
    };
    struct gc_time now = {2026, 12, 2, 10, 0};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        char buf[96];
        snprintf(buf, sizeof buf, "ouvert %s ?", phrases[i]);
        struct fr_span s;
        if (!dates_fr_find(buf, &now, &s))
            fail_msg("'%s': no date found", buf);
    }
}

static void test_span_position(void **state)
{
    (void)state;
    struct gc_time now = {2026, 12, 2, 10, 0};
    const char *f = "quels concerts samedi prochain a la halle";
    struct fr_span s;
    assert_true(dates_fr_find(f, &now, &s));
    assert_int_equal(s.start, strlen("quels concerts "));
    assert_int_equal(s.end, strlen("quels concerts samedi prochain"));
    /* The first expression wins. */
    assert_true(dates_fr_find("demain ou samedi", &now, &s));
    assert_int_equal(s.first, clock_days(2026, 12, 3));
}

/* A day named by its weekday says so (computed_hours.c names it back). */
static void test_weekday_flag(void **state)
{
    (void)state;
    struct gc_time now = {2026, 12, 5, 10, 0};   /* a Saturday */
    static const struct {
        const char *f;
        bool weekday;
    } c[] = {
        {"et le samedi", true},         {"samedi", true},
        {"mercredi prochain", true},    {"le jeudi soir", true},
        {"aujourd hui", false},         {"demain", false},
        {"le 5 decembre", false},       {"samedi 19 decembre au soir", false},
        {"ce week end", false},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fr_span s;
        if (!dates_fr_find(c[i].f, &now, &s) || s.weekday != c[i].weekday)
            fail_msg("%s: weekday should be %d", c[i].f, c[i].weekday);
    }
}

static void test_seasons(void **state)
{
    (void)state;
    assert_true(dates_fr_has_season("a quelle heure ferme le cimetiere en hiver"));
    assert_true(dates_fr_has_season("horaires pendant les vacances"));
    assert_true(dates_fr_has_season("horaires d ete"));
    assert_false(dates_fr_has_season("horaires de la piscine"));
    assert_false(dates_fr_has_season("la piscine est elle ouverte"));
}

static void check_day(long day, bool rel, const char *want)
{
    struct gc_time now = {2026, 12, 2, 10, 0};
    struct buf b;
    buf_init(&b, 256);
    dates_fr_put_day(&b, day, &now, rel);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_writing(void **state)
{
    (void)state;
    check_day(clock_days(2026, 12, 5), false, "samedi 5 décembre");
    check_day(clock_days(2026, 12, 5), true, "samedi 5 décembre");
    check_day(clock_days(2026, 12, 2), true, "aujourd'hui");
    check_day(clock_days(2026, 12, 3), true, "demain");
    check_day(clock_days(2026, 12, 1), true, "hier");
    check_day(clock_days(2026, 12, 2), false, "mercredi 2 décembre");
    check_day(clock_days(2027, 1, 1), false, "vendredi 1er janvier 2027");
    check_day(clock_days(2027, 8, 15), false, "dimanche 15 août 2027");

    struct gc_time now = {2026, 12, 2, 10, 0};
    struct buf b;
    buf_init(&b, 1024);
    static const struct {
        int m;
        const char *full, *shrt;
    } times[] = {
        {0, "minuit", "minuit"}, {540, "9h00", "9h"}, {1050, "17h30", "17h30"},
        {1440, "minuit", "minuit"}, {5, "0h05", "0h05"},
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        buf_reset(&b);
        dates_fr_put_time(&b, times[i].m);
        assert_string_equal(buf_str(&b), times[i].full);
        buf_reset(&b);
        dates_fr_put_time_short(&b, times[i].m);
        assert_string_equal(buf_str(&b), times[i].shrt);
    }
    buf_reset(&b);
    dates_fr_put_range(&b, clock_days(2026, 12, 5), clock_days(2026, 12, 6), &now);
    assert_string_equal(buf_str(&b), "du samedi 5 au dimanche 6 décembre");
    buf_reset(&b);
    dates_fr_put_range(&b, clock_days(2026, 12, 1), clock_days(2027, 1, 30), &now);
    assert_string_equal(buf_str(&b), "du mardi 1er décembre 2026 au samedi 30 janvier 2027");
    buf_reset(&b);
    dates_fr_put_range(&b, clock_days(2027, 5, 4), clock_days(2027, 6, 5), &now);
    assert_string_equal(buf_str(&b), "du mardi 4 mai au samedi 5 juin 2027");
    buf_reset(&b);
    long d1[] = {clock_days(2026, 12, 9)};
    dates_fr_put_days(&b, d1, 1, &now);
    assert_string_equal(buf_str(&b), "le 9 décembre");
    buf_reset(&b);
    long d3[] = {clock_days(2026, 12, 23), clock_days(2026, 12, 30), clock_days(2027, 1, 6)};
    dates_fr_put_days(&b, d3, 3, &now);
    assert_string_equal(buf_str(&b), "les 23, 30 décembre et 6 janvier 2027");
    buf_reset(&b);
    long d4[] = {clock_days(2027, 6, 9), clock_days(2027, 6, 16), clock_days(2027, 6, 23)};
    dates_fr_put_days(&b, d4, 3, &now);
    assert_string_equal(buf_str(&b), "les 9, 16 et 23 juin 2027");
    buf_free(&b);
    assert_string_equal(dates_fr_weekday(0), "lundi");
    assert_string_equal(dates_fr_weekday(6), "dimanche");
    assert_string_equal(dates_fr_month(8), "août");
    assert_string_equal(dates_fr_month(13), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expressions), cmocka_unit_test(test_none),
        cmocka_unit_test(test_every_phrase_found),
        cmocka_unit_test(test_span_position), cmocka_unit_test(test_weekday_flag),
        cmocka_unit_test(test_seasons),
        cmocka_unit_test(test_writing),
    };
    return cmocka_run_group_tests_name("dates_fr", tests, NULL, NULL);
}
