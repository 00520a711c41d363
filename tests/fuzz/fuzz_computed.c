/* fuzz-sources: src/answer/ src/search/ src/store/ src/text/ src/import/ src/knowledge/ src/models/ */
/* fuzz-libs: libcjson libcurl libutf8proc libsodium sqlite3 md4c libical -lstemmer */
/* fuzz-seeds: tests/fuzz/seeds/computed */
/* fuzz-max-len: 1024 */
/* fuzz_computed.c — libFuzzer target for the answers computed from the
 * facilities and the agenda (answer/computed*.c): which kind of question a
 * text is (hours, contacts, events), the facility and dates found in it,
 * and the French built from them.
 *
 * Input: bytes 0–1 choose the local time (a day within about two years
 * of 2026-11-21, and a minute), the rest is the question.  Checks: an
 * answer computed is a non-empty text under the cap, at confidence 1, not
 * a refusal, with a source; the same for an event named after the pages
 * found nothing (computed_named_event). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/computed.h"
#include "answer/computed_int.h"   /* ANSWER_MAX */
#include "import/facilities.h"
#include "import/ics.h"
#include "store/db.h"
#include "store/events.h"
#include "store/facilities.h"
#include "text/analyze.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static const char facilities_json[] =
    "[{\"id\": \"piscine\", \"name\": \"Centre aquatique des Tilleuls\", \"aliases\": "
    "[\"piscine\", \"centre aquatique\"], \"url\": \"https://x.example/piscine\", "
    "\"phone\": \"02 38 00 13 00\", \"email\": \"piscine@x.example\", \"address\": \"40 avenue "
    "des Tilleuls\", \"service\": \"Sports\", \"opening_hours\": \"Sep-Jun Mo,Tu,Th "
    "12:00-13:45,17:00-20:00; Sep-Jun We 10:00-19:00; Jul-Aug Mo-Su 10:00-19:30; PH off\", "
    "\"closures\": [{\"from\": \"2027-01-04\", \"to\": \"2027-01-17\", \"reason\": \"vidange\"}], "
    "\"status\": \"validated\", \"validated_by\": \"A\", \"validated_on\": \"2026-10-02\"},"
    " {\"id\": \"mairie\", \"name\": \"Hôtel de ville\", \"aliases\": [\"mairie\"], \"phone\": "
    "\"02 38 00 10 00\", \"opening_hours\": \"Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00\", "
    "\"status\": \"validated\", \"validated_by\": \"B\", \"validated_on\": \"2026-09-21\"},"
    " {\"id\": \"nuit\", \"name\": \"Salle des fêtes\", \"aliases\": [\"salle des fêtes\"], "
    "\"address\": \"place du Marché\", \"opening_hours\": \"Fr,Sa 20:00-02:00\", \"status\": "
    "\"validated\", \"validated_by\": \"C\", \"validated_on\": \"2026-09-21\"}]";

static const char agenda_ics[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//\r\nX-WR-CALNAME:Agenda\r\n"
    "BEGIN:VEVENT\r\nUID:marche\r\nDTSTAMP:20261116T090000Z\r\nDTSTART:20261128T073000\r\n"
    "DTEND:20261128T130000\r\nRRULE:FREQ=WEEKLY;BYDAY=WE,SA;UNTIL=20270831T215959Z\r\n"
    "SUMMARY:Marché du centre-ville\r\nLOCATION:Place du Marché\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:noel\r\nDTSTAMP:20261116T090000Z\r\nDTSTART:20261211T170000\r\n"
    "DTEND:20261213T190000\r\nSUMMARY:Marché de Noël\r\nLOCATION:Place de la République\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:concert\r\nDTSTAMP:20261116T090000Z\r\nDTSTART;VALUE=DATE:20261215\r\n"
    "SUMMARY:Concert de Noël\r\nLOCATION:Centre aquatique des Tilleuls\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static struct computed *cc;
static struct config *cfg;

static void setup(void)
{
    char path[] = "/tmp/guichet-fuzz-computed-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    struct gc_err e;
    struct db *db;
    CHECK(db_open(&db, path, DB_READWRITE, &e) == GC_OK && db_begin(db, &e) == GC_OK);
    struct facility_rec *v;
    int n;
    CHECK(facilities_parse("f.json", facilities_json, strlen(facilities_json), &v, &n, &e) ==
          GC_OK);
    for (int i = 0; i < n; i++) {
        enum store_put res;
        CHECK(store_facility_put(db, &v[i], &res, &e) == GC_OK);
    }
    facility_recs_free(v, n);
    struct ics_calendar cal;
    CHECK(ics_parse("a.ics", agenda_ics, strlen(agenda_ics), &cal, &e) == GC_OK);
    for (int i = 0; i < cal.nevents; i++) {
        enum store_put res;
        CHECK(store_event_put(db, &cal.events[i], &res, &e) == GC_OK);
    }
    ics_calendar_free(&cal);
    CHECK(db_commit(db, &e) == GC_OK);
    db_close(db);
    cfg = config_new();
    config_set(cfg, "town-name", "Villebrune", NULL);
    config_set(cfg, "now", "2026-11-21 10:00", NULL);
    config_set(cfg, "agenda-url", "https://x.example/agenda", NULL);
    CHECK(db_open(&db, path, DB_READONLY, &e) == GC_OK);
    CHECK(computed_open(&cc, cfg, db, NULL, &e) == GC_OK);
    db_close(db);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cc)
        setup();
    if (size < 2 || size - 2 > GC_QUESTION_MAX_BYTES)
        return 0;
    struct gc_time base, now;
    CHECK(clock_parse("2026-11-21 00:00", &base, NULL) == GC_OK);
    clock_from_minutes(clock_minutes(&base) + (int64_t)data[0] * 3 * 1440 + data[1] * 6, &now);
    struct gc_answer a;
    memset(&a, 0, sizeof a);
    if (computed_answer_at(cc, (const char *)data + 2, size - 2, &now, &a)) {
        /* at most two answers in one: hours and agenda, or hours and contact */
        CHECK(a.text && *a.text && strlen(a.text) < 2 * ANSWER_MAX);
        CHECK(a.confidence == 1.0 && !a.refused && a.nsources >= 1);
    }
    answer_free(&a);
    /* The agenda after the pages found nothing: an event named. */
    struct reading r;
    reading_init(&r, (const char *)data + 2, size - 2, 0, NULL, cc, &now, NULL);
    memset(&a, 0, sizeof a);
    if (computed_named_event(cc, &r, &a)) {
        CHECK(a.text && *a.text && strlen(a.text) < ANSWER_MAX);
        CHECK(a.confidence == 1.0 && !a.refused && a.nsources >= 1);
    }
    answer_free(&a);
    reading_free(&r);
    return 0;
}
