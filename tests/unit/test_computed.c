/* test_computed.c — answers computed from facilities and the agenda, with a
 * fixed clock: the sentences themselves (data-driven: instant, question →
 * answer), their sources, and the questions left to the extractive path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer/computed.h"
#include "import/facilities.h"
#include "import/ics.h"
#include "store/db.h"
#include "store/events.h"
#include "store/facilities.h"
#include "testutil.h"

static const char facilities_json[] =
    "[{\"id\": \"piscine\", \"name\": \"Centre aquatique des Tilleuls\",\n"
    "  \"phone\": \"02 38 00 13 00\", \"email\": \"piscine@x.example\",\n"
    "  \"address\": \"40 avenue des Tilleuls, 45990 Villebrune\",\n"
    "  \"aliases\": [\"piscine\", \"centre aquatique\"], \"url\": \"https://x.example/piscine\",\n"
    "  \"service\": \"Sports\", \"opening_hours\": \"Sep-Jun Mo,Tu,Th 12:00-13:45,17:00-20:00; "
    "Sep-Jun We 10:00-19:00; Sep-Jun Fr 12:00-13:45,17:00-22:00; Sep-Jun Sa 10:00-18:00; "
    "Sep-Jun Su 09:00-13:00; Jul-Aug Mo-Su 10:00-19:30; PH off\",\n"
    "  \"closures\": [{\"from\": \"2027-01-04\", \"to\": \"2027-01-17\", \"reason\": "
    "\"vidange annuelle\"}],\n"
    "  \"status\": \"validated\", \"validated_by\": \"Olivier Lambert\", \"validated_on\": "
    "\"2026-10-02\"},\n"
    " {\"id\": \"mediatheque\", \"name\": \"Médiathèque Louise-Michel\", \"aliases\": "
    "[\"médiathèque\", \"bibliothèque\"],\n"
    "  \"url\": \"https://x.example/mediatheque\", \"service\": \"Culture\",\n"
    "  \"opening_hours\": \"Sep-Jun Tu,Th,Fr 14:00-19:00; Sep-Jun We,Sa 10:00-18:00; Jul-Aug "
    "Tu-Sa 10:00-13:00; PH off\",\n"
    "  \"status\": \"validated\", \"validated_by\": \"Hélène Caron\", \"validated_on\": "
    "\"2026-09-28\"},\n"
    " {\"id\": \"dechetterie\", \"name\": \"Déchetterie des Sablons\", \"aliases\": "
    "[\"déchetterie\"],\n"
    "  \"url\": \"https://x.example/dechetterie\", \"service\": \"Déchets\",\n"
    "  \"opening_hours\": \"Nov-Mar Mo,We-Sa 09:00-12:00,14:00-17:00; PH off\",\n"
    "  \"status\": \"validated\", \"validated_by\": \"Romain Vidal\", \"validated_on\": "
    "\"2026-09-30\"},\n"
    " {\"id\": \"mairie\", \"name\": \"Hôtel de ville de Villebrune\", \"aliases\": "
    "[\"mairie\", \"hôtel de ville\"],\n"
    "  \"phone\": \"02 38 00 10 00\", \"address\": \"1 place de la République\",\n"
    "  \"url\": \"https://x.example/mairie\", \"service\": \"Accueil\",\n"
    "  \"opening_hours\": \"Mo-We,Fr 08:30-12:00,13:30-17:30; Th 08:30-12:00,13:30-19:00; Sa "
    "09:00-12:00; PH off\",\n"
    "  \"closures\": [{\"from\": \"2026-12-26\", \"reason\": \"fermeture exceptionnelle\"}],\n"
    "  \"status\": \"validated\", \"validated_by\": \"Sandrine Morel\", \"validated_on\": "
    "\"2026-09-21\"},\n"
    " {\"id\": \"eglise\", \"name\": \"Église Saint-Roch\", \"aliases\": [\"église\"],\n"
    "  \"opening_hours\": \"Apr-Oct Mo-Su 09:00-18:00; Nov-Mar off\", \"status\": \"validated\",\n"
    "  \"validated_by\": \"A\", \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"arena\", \"name\": \"Arena Villebrune\", \"aliases\": [\"arena\"],\n"
    "  \"address\": \"1 allée du Stade\", \"status\": \"validated\", \"validated_by\": \"A\",\n"
    "  \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"restos\", \"name\": \"Les Restos du Cœur\", \"aliases\": [\"restos du cœur\"],\n"
    "  \"phone\": \"02 38 00 19 00\", \"address\": \"2 rue Neuve\", \"status\": \"validated\",\n"
    "  \"validated_by\": \"A\", \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"trampo\", \"name\": \"Trampoline Parc\", \"article\": \"le\",\n"
    "  \"address\": \"3 rue du Parc\", \"status\": \"validated\", \"validated_by\": \"A\",\n"
    "  \"validated_on\": \"2026-09-21\"},\n"
    " {\"id\": \"nuit\", \"name\": \"Salle des fêtes\", \"aliases\": [\"salle des fêtes\"],\n"
    "  \"opening_hours\": \"Fr,Sa 20:00-02:00\", \"status\": \"validated\", \"validated_by\": "
    "\"A\", \"validated_on\": \"2026-09-21\"}]\n";

#define TZ_PARIS                                                                            \
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"                                              \
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"           \
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" \
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"            \
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" \
    "END:VTIMEZONE\r\n"
#define EVT(uid, start, end, extra, summary, loc, cat)                                     \
    "BEGIN:VEVENT\r\nUID:" uid "\r\nDTSTAMP:20261116T090000Z\r\nDTSTART;TZID=Europe/Paris:" \
    start "\r\nDTEND;TZID=Europe/Paris:" end "\r\n" extra "SUMMARY:" summary                \
    "\r\nLOCATION:" loc "\r\nCATEGORIES:" cat "\r\nURL:https://x.example/agenda/" uid       \
    "\r\nEND:VEVENT\r\n"

static const char agenda_ics[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nX-WR-CALNAME:Agenda de Villebrune\r\n" TZ_PARIS
    EVT("marche", "20261128T073000", "20261128T130000", "RRULE:FREQ=WEEKLY;BYDAY=WE,SA;UNTIL=20270831T215959Z\r\n",
        "Marché du centre-ville", "Place du Marché\\, Halle", "Marché")
    EVT("conte", "20261202T103000", "20261202T111500", "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T215959Z\r\n",
        "L'heure du conte", "Médiathèque Louise-Michel\\, 5 rue des Écoles", "Jeunesse")
    EVT("noel", "20261211T170000", "20261213T190000", "", "Marché de Noël",
        "Place de la République", "Marché")
    EVT("concert-noel", "20261215T190000", "20261215T203000", "", "Concert de Noël du conservatoire",
        "Théâtre de la Halle\\, 15 place du Marché", "Concert")
    EVT("jazz", "20270306T203000", "20270306T223000", "", "Concert jazz : Brune Big Band",
        "Théâtre de la Halle\\, 15 place du Marché", "Concert")
    EVT("expo", "20270504T140000", "20270605T170000", "", "Exposition « Les métiers d'autrefois »",
        "Médiathèque Louise-Michel\\, 5 rue des Écoles", "Exposition")
    EVT("telethon", "20261205T100000", "20261205T180000", "", "Téléthon : nage solidaire",
        "Centre aquatique des Tilleuls\\, 40 avenue des Tilleuls", "Sport")
    EVT("fete-media", "20270918T140000", "20270918T180000", "", "Fête de la médiathèque",
        "Parc de la Brune", "Fête")
    "END:VCALENDAR\r\n";

static char dbpath[128];
static struct computed *cc;
static struct config *cfg;

static int setup(void **state)
{
    (void)state;
    struct gc_err e = {0};
    struct db *db;
    if (tmp_file(dbpath, sizeof dbpath, "computed"))
        return -1;
    if (db_open(&db, dbpath, DB_READWRITE, &e) || db_begin(db, &e))
        fail_msg("%s", e.msg);
    struct facility_rec *v;
    int n;
    if (facilities_parse("f.json", facilities_json, strlen(facilities_json), &v, &n, &e))
        fail_msg("%s", e.msg);
    for (int i = 0; i < n; i++) {
        enum store_put res;
        if (store_facility_put(db, &v[i], &res, &e))
            fail_msg("%s", e.msg);
    }
    facility_recs_free(v, n);
    struct ics_calendar cal;
    if (ics_parse("agenda.ics", agenda_ics, strlen(agenda_ics), &cal, &e))
        fail_msg("%s", e.msg);
    for (int i = 0; i < cal.nevents; i++) {
        enum store_put res;
        if (store_event_put(db, &cal.events[i], &res, &e))
            fail_msg("%s", e.msg);
    }
    ics_calendar_free(&cal);
    if (db_commit(db, &e))
        fail_msg("%s", e.msg);
    db_close(db);
    cfg = config_new();
    config_set(cfg, "town-name", "Villebrune", NULL);
    config_set(cfg, "now", "2026-11-21 10:00", NULL);
    config_set(cfg, "agenda-url", "https://x.example/agenda", NULL);
    if (db_open(&db, dbpath, DB_READONLY, &e) || computed_open(&cc, cfg, db, NULL, &e))
        fail_msg("%s", e.msg);
    db_close(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    computed_close(cc);
    config_free(cfg);
    tmp_db_remove(dbpath);
    return 0;
}

/* instant, question, the answer expected (NULL: left to the extractive path) */
static const struct {
    const char *now, *q, *want;
} cases[] = {
    /* Monday 7 December 2026 */
    {"2026-12-07 12:30", "La piscine est-elle ouverte ?",
     "La piscine (Centre aquatique des Tilleuls) est ouverte aujourd'hui jusqu'à 13h45, puis de "
     "17h00 à 20h00."},
    /* The time it opens, asked while it is open: from when to when. */
    {"2026-12-07 12:30", "À quelle heure ouvre la piscine ?",
     "La piscine (Centre aquatique des Tilleuls) est ouverte aujourd'hui de 12h00 à 13h45, puis "
     "de 17h00 à 20h00."},
    {"2026-12-07 15:00", "la pisine est ouverte ?",
     "La piscine (Centre aquatique des Tilleuls) est fermée en ce moment ; réouverture "
     "aujourd'hui de 17h00 à 20h00."},
    /* Closed for lunch: until when it opens again ("ouverte auj ?" wants
     * the time it closes too). */
    {"2026-12-02 12:30", "la déchetterie est ouverte aujourd'hui ?",
     "La déchetterie (Déchetterie des Sablons) est fermée en ce moment ; réouverture "
     "aujourd'hui de 14h00 à 17h00."},
    /* The hours asked "en ce moment": the state now, then the days. */
    {"2026-12-02 12:30", "Quels sont les horaires de la déchetterie en ce moment ?",
     "La déchetterie (Déchetterie des Sablons) est fermée en ce moment ; réouverture "
     "aujourd'hui de 14h00 à 17h00. Les sept prochains jours : du mercredi 2 au samedi 5 "
     "décembre : 9h–12h, 14h–17h ; dimanche 6 "
     "décembre : fermée ; lundi 7 décembre : 9h–12h, 14h–17h ; mardi 8 décembre : fermée."},
    /* Closed in the part of the day asked, open in another: when. */
    {"2026-12-01 10:00", "la mairie est ouverte le samedi après-midi ?",
     "La mairie (Hôtel de ville de Villebrune) est fermée le samedi 5 décembre dans "
     "l'après-midi (ouverte ce jour-là de 9h00 à 12h00) ; réouverture le lundi 7 décembre à "
     "8h30."},
    {"2026-12-07 21:00", "à quelle heure ouvre le centre aquatique ?",
     "Le centre aquatique (Centre aquatique des Tilleuls) est fermé pour aujourd'hui ; "
     "réouverture demain à 12h00."},
    {"2026-12-07 08:00", "la mediatheque est ouverte aujourd'hui ?",
     "La médiathèque (Médiathèque Louise-Michel) est fermée aujourd'hui ; réouverture demain à "
     "14h00."},
    /* Typed by ear (SMS): the same skeleton as "médiathèque". */
    {"2026-12-02 10:00", "la mediatek est ouverte samedi ?",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00."},
    /* A statement beside the question says why it is asked, not what. */
    {"2026-12-02 10:00", "La médiathèque est ouverte samedi ? Je dois rendre mes livres.",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00."},
    {"2026-12-02 10:00", "Je dois rendre mes livres. La médiathèque est ouverte samedi ?",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00."},
    {"2026-12-02 10:00", "la mediatheque est ouverte samedi ? je dois rendre mes livres",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00."},
    /* a question of one sentence keeps all its words: a topic of its own */
    {"2026-12-02 10:00", "La médiathèque est ouverte samedi pour rendre mes livres ?", NULL},
    /* ... unless its question is a last clause that names no facility: the
     * clause before says where, when and why */
    {"2026-12-02 10:00", "Je voulais passer à la mairie samedi pour un papier, elle sera ouverte ?",
     "La mairie (Hôtel de ville de Villebrune) est ouverte le samedi 5 décembre de 9h00 à "
     "12h00."},
    /* ... and does not ask when the thing named before ends */
    {"2026-12-02 10:00", "L'exposition de photos à la médiathèque, c'est jusqu'à quand ?", NULL},
    /* Going there is no other topic; a name's first noun gives its article. */
    {"2026-12-02 10:00", "Je voulais passer à la médiathèque samedi, elle sera ouverte ?",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00."},
    {"2026-12-02 10:00", "L'église Saint-Roch est ouverte aujourd'hui ?",
     "L'église Saint-Roch est fermée aujourd'hui ; réouverture le jeudi 1er avril 2027 à 9h00."},
    /* Public holidays, and a closure with its reason. */
    {"2026-12-20 10:00", "la piscine est ouverte à Noël ?",
     "La piscine (Centre aquatique des Tilleuls) est fermée le vendredi 25 décembre (jour férié "
     ": Noël) ; réouverture le samedi 26 décembre à 10h00."},
    {"2027-07-10 10:00", "la médiathèque est ouverte le 14 juillet ?",
     "La médiathèque (Médiathèque Louise-Michel) est fermée le mercredi 14 juillet (jour férié "
     ": Fête nationale) ; réouverture le jeudi 15 juillet à 10h00."},
    {"2027-05-06 11:00", "la mairie est-elle ouverte ?",
     "La mairie (Hôtel de ville de Villebrune) est fermée aujourd'hui (jour férié : Ascension) "
     "; réouverture demain à 8h30."},
    {"2027-01-08 10:00", "la piscine est ouverte ce week-end ?",
     "Horaires de la piscine (Centre aquatique des Tilleuls) : du samedi 9 au dimanche 10 "
     "janvier : fermée (vidange annuelle)."},
    {"2026-12-24 16:00", "la mairie est ouverte samedi ?",
     "La mairie (Hôtel de ville de Villebrune) est fermée le samedi 26 décembre (fermeture "
     "exceptionnelle) ; réouverture le lundi 28 décembre à 8h30."},
    /* Late evening, overnight. */
    {"2026-12-04 21:00", "jusqu'à quelle heure la piscine est ouverte ce soir ?",
     "La piscine (Centre aquatique des Tilleuls) est ouverte ce soir jusqu'à 22h00."},
    {"2026-12-04 23:30", "la salle des fêtes est ouverte ?",
     "La salle des fêtes est ouverte jusqu'à demain 2h00."},
    {"2026-12-05 01:00", "la salle des fêtes est ouverte ?",
     "La salle des fêtes est ouverte aujourd'hui jusqu'à 2h00, puis de 20h00 à 2h00 le "
     "lendemain."},
    {"2026-12-04 12:00", "la salle des fêtes est ouverte samedi ?",
     "La salle des fêtes est ouverte demain samedi 5 décembre de minuit à 2h00 et de 20h00 à "
     "2h00 le lendemain."},
    /* A weekday asked on that very day: the day's hours, named. */
    {"2026-12-05 11:00", "la médiathèque est ouverte le samedi ?",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte aujourd'hui samedi 5 décembre de "
     "10h00 à 18h00."},
    {"2026-12-03 10:00", "la mairie est ouverte le jeudi soir ?",
     "La mairie (Hôtel de ville de Villebrune) est ouverte ce soir jusqu'à 19h00."},
    /* Words of the facility's office or its reception, and the part of
     * the day, name no other topic. */
    {"2026-12-03 10:00", "le guichet de la mairie ferme à quelle heure le soir ?",
     "La mairie (Hôtel de ville de Villebrune) est ouverte aujourd'hui jusqu'à 12h00, puis de "
     "13h30 à 19h00."},
    {"2026-12-05 11:00", "la médiathèque reçoit-elle le samedi ?",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte aujourd'hui samedi 5 décembre de "
     "10h00 à 18h00."},
    /* The week's hours. */
    {"2026-11-21 10:00", "horaires de la déchetterie",
     "La déchetterie (Déchetterie des Sablons) est ouverte aujourd'hui jusqu'à 12h00, puis de "
     "14h00 à 17h00. Les sept prochains jours : samedi 21 novembre : 9h–12h, 14h–17h ; dimanche "
     "22 novembre : fermée ; lundi 23 novembre : 9h–12h, 14h–17h ; mardi 24 novembre : fermée ; "
     "du mercredi 25 au vendredi 27 novembre : 9h–12h, 14h–17h."},
    {"2026-11-21 10:00", "horaires de la piscine en juillet",
     "Horaires de la piscine (Centre aquatique des Tilleuls), les sept premiers jours : du jeudi "
     "1er au mercredi 7 juillet 2027 : 10h–19h30. Fermée aussi : le mercredi 14 juillet 2027 "
     "(jour férié : Fête nationale)."},
    /* A month: its first seven days, then the closures for a reason after them. */
    {"2026-11-21 10:00", "la piscine est ouverte en janvier ?",
     "Horaires de la piscine (Centre aquatique des Tilleuls), les sept premiers jours : vendredi "
     "1er janvier 2027 : fermée (jour férié : Jour de l'an) ; samedi 2 janvier 2027 : 10h–18h ; "
     "dimanche 3 janvier 2027 : 9h–13h ; du lundi 4 au jeudi 7 janvier 2027 : fermée (vidange "
     "annuelle). Fermée aussi : du vendredi 8 au dimanche 17 janvier 2027 (vidange annuelle)."},
    /* Events. */
    {"2026-12-02 10:00", "que faire ce week-end ?",
     "Au programme du samedi 5 au dimanche 6 décembre : samedi 5 décembre à 7h30, Marché du "
     "centre-ville, Place du Marché ; samedi 5 décembre à 10h00, Téléthon : nage solidaire, "
     "Centre aquatique des Tilleuls."},
    {"2026-12-08 10:00", "concerts samedi prochain",
     "Je n'ai trouvé aucun événement correspondant le samedi 12 décembre dans l'agenda. "
     "Prochaine date : mardi 15 décembre à 19h00, Concert de Noël du conservatoire, Théâtre de "
     "la Halle. Consultez l'agenda complet : https://x.example/agenda"},
    {"2026-12-08 10:00", "y a-t-il des concerts la semaine prochaine ?",
     "Au programme du lundi 14 au dimanche 20 décembre : mardi 15 décembre à 19h00, Concert de "
     "Noël du conservatoire, Théâtre de la Halle."},
    {"2026-11-21 10:00", "c'est quand le marché de Noël ?",
     "Prochaines dates : du vendredi 11 décembre à 17h00 au dimanche 13 décembre à 19h00, Marché "
     "de Noël, Place de la République."},
    {"2026-11-21 10:00", "quels événements à la médiathèque en juin ?",
     "Au programme en juin 2027 : du mardi 4 mai au samedi 5 juin 2027, Exposition « Les métiers "
     "d'autrefois », Médiathèque Louise-Michel ; mercredi 2 juin 2027 à 10h30, L'heure du conte, "
     "Médiathèque Louise-Michel (aussi les 9, 16 et 23 juin 2027, et une autre date)."},
    {"2026-12-02 10:00", "quels événements à la piscine ?",
     "Prochaines dates : samedi 5 décembre à 10h00, Téléthon : nage solidaire, Centre aquatique "
     "des Tilleuls."},
    {"2026-12-02 10:00", "un concert de jazz bientôt ?",
     "Prochaines dates : samedi 6 mars 2027 à 20h30, Concert jazz : Brune Big Band, Théâtre de "
     "la Halle."},
    {"2026-12-02 10:00", "quelles activités de loisirs ce week-end ?",
     "Au programme du samedi 5 au dimanche 6 décembre : samedi 5 décembre à 7h30, Marché du "
     "centre-ville, Place du Marché ; samedi 5 décembre à 10h00, Téléthon : nage solidaire, "
     "Centre aquatique des Tilleuls."},
    /* "des" after a comma is an article, not a place's "de". */
    {"2026-11-21 10:00", "le marché de Noël, des animations prévues ?",
     "Prochaines dates : du vendredi 11 décembre à 17h00 au dimanche 13 décembre à 19h00, Marché "
     "de Noël, Place de la République."},
    {"2026-12-02 10:00", "agenda de la semaine prochaine",
     "Au programme du lundi 7 au dimanche 13 décembre : mercredi 9 décembre à 7h30, Marché du "
     "centre-ville, Place du Marché (aussi le 12 décembre) ; mercredi 9 décembre à 10h30, "
     "L'heure du conte, Médiathèque Louise-Michel ; du vendredi 11 décembre à 17h00 au dimanche "
     "13 décembre à 19h00, Marché de Noël, Place de la République."},
    /* A facility and a day, nothing else: its hours that day, then the
     * agenda there that day when it has something. */
    {"2026-12-02 10:00", "piscine samedi",
     "La piscine (Centre aquatique des Tilleuls) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00. Au programme le samedi 5 décembre : samedi 5 décembre à 10h00, Téléthon : nage "
     "solidaire, Centre aquatique des Tilleuls."},
    {"2026-12-02 10:00", "médiathèque vendredi",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte le vendredi 4 décembre de 14h00 à "
     "19h00."},
    {"2026-12-08 10:00", "la médiathèque mercredi",
     "La médiathèque (Médiathèque Louise-Michel) est ouverte demain mercredi 9 décembre de 10h00 "
     "à 18h00. Au programme demain : mercredi 9 décembre à 10h30, L'heure du conte, Médiathèque "
     "Louise-Michel."},
    /* How to reach a facility: what is asked, from its record. */
    {"2026-12-02 10:00", "Quel est le numéro de téléphone de la mairie ?",
     "Téléphone de la mairie (Hôtel de ville de Villebrune) : 02 38 00 10 00."},
    {"2026-12-02 10:00", "num piscine svp",
     "Téléphone de la piscine (Centre aquatique des Tilleuls) : 02 38 00 13 00."},
    {"2026-12-02 10:00", "où se trouve le centre aquatique ?",
     "Adresse du centre aquatique (Centre aquatique des Tilleuls) : 40 avenue des Tilleuls, "
     "45990 Villebrune."},
    {"2026-12-02 10:00", "adresse mail de la piscine",
     "Courriel de la piscine (Centre aquatique des Tilleuls) : piscine@x.example."},
    {"2026-12-02 10:00", "comment joindre la piscine ?",
     "Pour joindre la piscine (Centre aquatique des Tilleuls) : téléphone 02 38 00 13 00 ; "
     "courriel piscine@x.example ; adresse 40 avenue des Tilleuls, 45990 Villebrune."},
    {"2026-12-02 10:00", "l'adresse et le téléphone de l'hôtel de ville",
     "Pour joindre l'hôtel de ville (Hôtel de ville de Villebrune) : téléphone 02 38 00 10 00 ; "
     "adresse 1 place de la République."},
    {"2026-12-02 10:00", "comment joindre la mairie par téléphone ?",
     "Téléphone de la mairie (Hôtel de ville de Villebrune) : 02 38 00 10 00."},
    {"2026-12-02 10:00", "la piscine c'est où ?",
     "Adresse de la piscine (Centre aquatique des Tilleuls) : 40 avenue des Tilleuls, 45990 "
     "Villebrune."},
    {"2026-12-02 10:00", "téléphone des restos du coeur",
     "Téléphone des Restos du Cœur : 02 38 00 19 00."},
    {"2026-12-02 10:00", "coordonnées des Restos du Cœur",
     "Pour joindre les Restos du Cœur : téléphone 02 38 00 19 00 ; adresse 2 rue Neuve."},
    {"2026-12-02 10:00", "adresse de l'arena",
     "Adresse d'Arena Villebrune : 1 allée du Stade."},
    /* The town's article for a name whose first word is no common noun. */
    {"2026-12-07 10:00", "adresse du trampoline parc",
     "Adresse du trampoline Parc : 3 rue du Parc."},
    /* The hours, and how to reach it when that is asked too. */
    {"2026-12-02 10:00", "horaires et numéro de la piscine samedi",
     "La piscine (Centre aquatique des Tilleuls) est ouverte le samedi 5 décembre de 10h00 à "
     "18h00. Téléphone de la piscine (Centre aquatique des Tilleuls) : 02 38 00 13 00."},
    /* Not known, about something more, when, through a typo ("le maire"
     * is not the mairie), or not how to reach it. */
    {"2026-12-02 10:00", "numéro du maire", NULL},
    {"2026-12-02 10:00", "numéro de la mairie samedi", NULL},
    {"2026-12-02 10:00", "quand appeler la mairie ?", NULL},
    {"2026-12-02 10:00", "un autre numéro pour la mairie ?", NULL},
    {"2026-12-02 10:00", "la piscine n'est pas à cette adresse", NULL},
    {"2026-12-02 10:00", "que faut-il joindre à la mairie ?", NULL},
    {"2026-12-02 10:00", "courriel de la mairie", NULL},
    {"2026-12-02 10:00", "téléphone de la médiathèque", NULL},
    {"2026-12-02 10:00", "numéro de la mairie pour un acte de naissance", NULL},
    {"2026-12-02 10:00", "Quel est le numéro de téléphone de la mairie de Bordeaux ?", NULL},
    {"2026-12-02 10:00", "comment s'appelle la piscine ?", NULL},
    {"2026-12-02 10:00", "la piscine", NULL},
    /* Left to the extractive path. */
    {"2026-12-02 10:00", "combien coûte l'entrée à la piscine ?", NULL},
    {"2026-12-02 10:00", "à quelle heure ferme le cimetière en hiver ?", NULL},
    {"2026-12-02 10:00", "à quelle heure ferme la piscine en hiver ?", NULL},
    {"2026-12-02 10:00", "quels jours a lieu le marché ?", NULL},
    /* "Which day" of a habit is the pages', even when a one-off event shares
     * its name (the Christmas market); of a one-off event, the agenda's. */
    {"2026-12-02 10:00", "le marché c'est quel jour ?", NULL},
    {"2026-12-02 10:00", "le téléthon, c'est quel jour ?",
     "Prochaines dates : samedi 5 décembre à 10h00, Téléthon : nage solidaire, Centre aquatique "
     "des Tilleuls."},
    /* An event whose dates are past says so. */
    {"2026-12-14 10:00", "c'est quand le marché de Noël ?",
     "Date passée : du vendredi 11 décembre à 17h00 au dimanche 13 décembre à 19h00, Marché de "
     "Noël, Place de la République. Aucune autre date n'est prévue dans l'agenda."},
    /* "cette année", "prochainement" say nothing of which event. */
    {"2026-12-02 10:00", "quand a lieu le concert de jazz cette année ?",
     "Prochaines dates : samedi 6 mars 2027 à 20h30, Concert jazz : Brune Big Band, Théâtre de "
     "la Halle."},
    /* A facility's name inside an event's is that event, not a place. */
    {"2026-12-02 10:00", "quand a lieu la fête de la médiathèque ?",
     "Prochaines dates : samedi 18 septembre 2027 à 14h00, Fête de la médiathèque, Parc de la "
     "Brune."},
    {"2026-12-02 10:00", "comment m'inscrire sur les listes électorales ?", NULL},
    {"2026-12-02 10:00", "quand a lieu le recensement ?", NULL},
    {"2026-12-02 10:00", "je peux récupérer mon passeport le samedi matin ?", NULL},
    {"2026-12-02 10:00", "la crèche est-elle ouverte ?", NULL},
    /* An hours phrase about something else than the facility's hours. */
    {"2026-12-02 10:00", "à quelle heure commence la cérémonie de mariage à la mairie ?", NULL},
    {"2026-12-02 10:00", "jusqu'à quelle heure la musique dans une salle louée à la mairie ?",
     NULL},
    /* "de loisirs" after a noun names a place, not any leisure: the
     * centre-ville's market is no answer. */
    {"2026-12-08 10:00", "le centre de loisirs est ouvert à quelle heure le mercredi ?", NULL},
};

/* The pipeline's way: the question read once (reading.h), at the clock's
 * now, then answered (named: as an event named after the pages found
 * nothing). */
static bool read_and_ask(const struct computed *c, const char *q, bool named, struct gc_answer *a)
{
    struct reading r;
    reading_init(&r, q, strlen(q), 0, NULL, c, NULL, NULL);
    bool ok = named ? computed_named_event(c, &r, a) : computed_answer(c, &r, a);
    reading_free(&r);
    return ok;
}
#define read_and_answer(c, q, a) read_and_ask((c), (q), false, (a))
#define read_named_event(c, q, a) read_and_ask((c), (q), true, (a))

static void test_answers(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_time now;
        assert_int_equal(clock_parse(cases[i].now, &now, NULL), GC_OK);
        struct gc_answer a;
        memset(&a, 0, sizeof a);
        bool ok = computed_answer_at(cc, cases[i].q, strlen(cases[i].q), &now, &a);
        const char *want = cases[i].want;
        bool good = want ? ok && !strcmp(a.text, want) : !ok;
        if (!good) {
            print_message("FAIL %s [%s]\n  got:  %s\n  want: %s\n", cases[i].q, cases[i].now,
                          ok ? a.text : "(not computed)", want ? want : "(not computed)");
            bad++;
        }
        if (ok) {
            assert_string_equal(a.path, "computed");
            assert_true(a.confidence == 1.0);
            assert_false(a.refused);
            assert_true(a.nsources >= 1);
        }
        answer_free(&a);
    }
    assert_int_equal(bad, 0);
}

static void test_sources(void **state)
{
    (void)state;
    struct gc_time now = {2026, 12, 7, 12, 30};
    struct gc_answer a;
    memset(&a, 0, sizeof a);
    const char *q = "horaires de la piscine";
    assert_true(computed_answer_at(cc, q, strlen(q), &now, &a));
    assert_int_equal(a.nsources, 1);
    assert_string_equal(a.sources[0].title, "Centre aquatique des Tilleuls");
    assert_string_equal(a.sources[0].url, "https://x.example/piscine");
    assert_string_equal(a.sources[0].service, "Sports");
    assert_string_equal(a.sources[0].validated_by, "Olivier Lambert");
    assert_string_equal(a.sources[0].validated_on, "2026-10-02");
    answer_free(&a);
    q = "c'est quand le concert de jazz ?";
    assert_true(computed_answer_at(cc, q, strlen(q), &now, &a));
    assert_int_equal(a.nsources, 1);
    assert_string_equal(a.sources[0].title, "Concert jazz : Brune Big Band");
    assert_string_equal(a.sources[0].url, "https://x.example/agenda/jazz");
    assert_string_equal(a.sources[0].validated_by, "Agenda de Villebrune");
    assert_string_equal(a.sources[0].validated_on, "2026-11-16");
    answer_free(&a);
    /* Hours and the agenda: both cited, the facility first. */
    struct gc_time wed = {2026, 12, 2, 10, 0};
    q = "piscine samedi";
    assert_true(computed_answer_at(cc, q, strlen(q), &wed, &a));
    assert_int_equal(a.nsources, 2);
    assert_string_equal(a.sources[0].url, "https://x.example/piscine");
    assert_string_equal(a.sources[1].url, "https://x.example/agenda/telethon");
    assert_string_equal(a.path, "computed");
    answer_free(&a);
    /* Several events, no topic: the agenda first, then each event's page;
     * several dates of one topic: the event's page first. */
    q = "que faire ce week-end ?";
    assert_true(computed_answer_at(cc, q, strlen(q), &wed, &a));
    assert_int_equal(a.nsources, 3);
    assert_string_equal(a.sources[0].url, "https://x.example/agenda");
    assert_string_equal(a.sources[1].url, "https://x.example/agenda/marche");
    answer_free(&a);
    q = "c'est quand le marché ?";
    assert_true(computed_answer_at(cc, q, strlen(q), &wed, &a));
    assert_string_equal(a.sources[0].url, "https://x.example/agenda/marche");
    answer_free(&a);
    /* The real clock, on the question read: same code path. */
    assert_true(read_and_answer(cc, "horaires de la piscine", &a));
    answer_free(&a);
    assert_false(computed_answer(NULL, NULL, &a));
    /* When no page answered: an event named by its name, no cue needed;
     * never a question whose words are not all the event's. */
    assert_false(read_and_answer(cc, "la nage solidaire du telethon", &a));
    assert_true(read_named_event(cc, "la nage solidaire du telethon", &a));
    assert_string_equal(a.sources[0].url, "https://x.example/agenda/telethon");
    answer_free(&a);
    assert_false(read_named_event(cc, "la nage libre a la piscine", &a));
    assert_false(read_named_event(cc, "tarif de la piscine", &a));
    assert_false(computed_named_event(NULL, NULL, &a));
    assert_int_equal(computed_facility_count(cc), 9);
    assert_int_equal(computed_event_count(cc), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_sources),
    };
    return cmocka_run_group_tests_name("computed", tests, setup, teardown);
}
