/* fuzz-sources: src/knowledge/hours.c src/knowledge/hours_parse.c src/knowledge/hours_parse_date.c src/knowledge/holidays_fr.c */
/* fuzz_hours.c — libFuzzer target for the opening_hours parser and evaluator.
 *
 * Parses the input; when it parses, evaluates it on a few days derived from
 * the input and checks invariants (the day's pieces tile 00:00-24:00, the
 * state at a minute is the state of its piece, the next change is later
 * than its start).  A broken invariant traps, so the fuzzer reports it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/hours.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

static struct hours_interval iv[HOURS_DAY_INTERVALS_MAX];

static long minutes_of(const struct hours_datetime *d)
{
    /* an order-preserving key, enough to compare two datetimes */
    return (((long)d->year * 13 + d->month) * 32 + d->day) * 1440L + d->hour * 60 + d->minute;
}

static void check_day(struct hours *h, struct hours_date d, int minute)
{
    size_t n = 0;
    if (hours_day_intervals(h, d, iv, HOURS_DAY_INTERVALS_MAX, &n, NULL) != GC_OK)
        return;
    CHECK(n >= 1);
    CHECK(iv[0].start == 0 && iv[n - 1].end == 1440);
    for (size_t i = 0; i < n; i++) {
        CHECK(iv[i].start < iv[i].end);
        if (i)
            CHECK(iv[i].start == iv[i - 1].end);
    }
    struct hours_datetime at = {d.year, d.month, d.day, minute / 60, minute % 60};
    const char *comment = NULL;
    enum hours_state s = hours_state_at(h, &at, &comment);
    for (size_t i = 0; i < n; i++)
        if (iv[i].start <= minute && minute < iv[i].end)
            CHECK(iv[i].state == s && iv[i].comment == comment);
    struct hours_datetime next;
    if (hours_next_change(h, &at, &next, NULL) == GC_OK)
        CHECK(minutes_of(&next) > minutes_of(&at));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct hours *h = NULL;
    size_t pos = 0;
    if (hours_parse_pos(s, &h, &pos, NULL) == GC_OK) {
        unsigned seed = 0;
        for (size_t i = 0; i < size; i++)
            seed = seed * 31 + data[i];
        struct hours_date d1 = {2020 + (int)(seed % 10), 1 + (int)(seed / 10 % 12),
                                1 + (int)(seed / 120 % 28)};
        struct hours_date d2 = {2026, 12, 31};
        check_day(h, d1, (int)(seed % 1440));
        check_day(h, d2, 1439);
        struct hours_date c1 = d1, c2 = d1;
        c2.day = c1.day < 28 ? c1.day + 1 : c1.day;
        if (hours_add_closure(h, c1, c2, "fuzz", NULL) == GC_OK)
            check_day(h, c2, 0);
    } else {
        CHECK(h == NULL);
        CHECK(pos <= size);
    }
    hours_free(h);
    free(s);
    return 0;
}
