/* test_town.c — a town's own words: town.ini read with its errors (file and
 * line), the word lists of a content folder, their storage (an import
 * replaces the 'file' rows; the back office's 'admin' rows stay and win),
 * and the pipeline answering with them (town.ini over the settings, the
 * town's synonyms searched, its messages said). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answer/pipeline.h"
#include "cli/cli.h"
#include "import/town.h"
#include "store/db.h"
#include "store/town.h"
#include "testutil.h"

static const char *ini_err(const char *text, enum gc_rc rc)
{
    static struct gc_err e;
    struct town_rec t = {0};
    memset(&e, 0, sizeof e);
    assert_int_equal(town_ini_parse("town.ini", text, strlen(text), &t, &e), rc);
    town_rec_free(&t);
    return e.msg;
}

static void test_ini(void **state)
{
    (void)state;
    struct town_rec t = {0};
    struct gc_err e = {0};
    const char *text = "# Villebrune\n; another comment\n\nname = Villebrune\r\n"
                       "contact = \"l'accueil au 02 38 00 10 00\"\n"
                       "greeting = Bonjour #1, posez votre question à {town}.\n";
    assert_int_equal(town_ini_parse("town.ini", text, strlen(text), &t, &e), GC_OK);
    assert_string_equal(t.value[TOWN_NAME], "Villebrune");
    assert_string_equal(t.value[TOWN_CONTACT], "l'accueil au 02 38 00 10 00");
    assert_string_equal(t.value[TOWN_GREETING], "Bonjour #1, posez votre question à {town}.");
    assert_int_equal(t.line[TOWN_CONTACT], 5);
    assert_null(t.value[TOWN_REFUSAL_NOT_FOUND]);
    town_rec_free(&t);
    assert_non_null(strstr(ini_err("name = A\ntown = B\n", GC_ERR_PARSE),
                           "town.ini:2: unknown key \"town\" (known: name, contact,"));
    assert_string_equal(ini_err("name = A\nname = B\n", GC_ERR_PARSE),
                        "town.ini:2: name is already set on line 1");
    assert_string_equal(ini_err("\nname Villebrune\n", GC_ERR_PARSE),
                        "town.ini:2: expected key = value");
    assert_string_equal(ini_err("contact =\n", GC_ERR_PARSE), "town.ini:1: contact is empty");
    assert_string_equal(ini_err("name = \xff\n", GC_ERR_PARSE), "town.ini:1: invalid UTF-8");
    assert_non_null(strstr(ini_err("name = Saint-Rémy-de-la-Vallée-des-Très-Longs-Noms-de-Communes-"
                                   "de-France\n", GC_ERR_TOOBIG), "town.ini:1: name longer than"));
}

/* A content folder with the given files (NULL text: left out). */
static void folder(char *dir, size_t n, const char *ini, const char *syn, const char *cat)
{
    snprintf(dir, n, "/tmp/guichet-town-XXXXXX");
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"town.ini", "synonyms.txt", "categories.tsv"};
    const char *texts[] = {ini, syn, cat};
    for (int i = 0; i < 3; i++) {
        if (!texts[i])
            continue;
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(texts[i], f);
        assert_int_equal(fclose(f), 0);
    }
}

static void remove_dir(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_read_folder(void **state)
{
    (void)state;
    char dir[64];
    struct town_rec t;
    bool any;
    struct gc_err e = {0};
    folder(dir, sizeof dir, "name = Bourg\n", "# jargon\nsalle salle des fetes polyvalente\n",
           NULL);
    assert_int_equal(town_read(dir, &t, &any, &e), GC_OK);
    assert_true(any);
    assert_string_equal(t.value[TOWN_NAME], "Bourg");
    assert_non_null(t.list[TOWN_SYNONYMS]);
    assert_int_equal(t.list[TOWN_SYNONYMS]->e[0].nfield, 5);
    assert_null(t.list[TOWN_CATEGORIES]);
    assert_null(t.list_path[TOWN_CATEGORIES]);
    town_rec_free(&t);
    remove_dir(dir);
    /* A malformed list: its file and line. */
    folder(dir, sizeof dir, NULL, NULL, "expo\texposition\nfoot\n");
    assert_int_equal(town_read(dir, &t, &any, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "/categories.tsv:2: 1 field, at least 2 expected"));
    remove_dir(dir);
    folder(dir, sizeof dir, NULL, "Frigo electromenager\n", NULL);
    assert_int_equal(town_read(dir, &t, &any, &e), GC_ERR_PARSE);
    assert_non_null(strstr(e.msg, "/synonyms.txt:1: \"Frigo\" is not folded"));
    remove_dir(dir);
    /* Nothing there. */
    folder(dir, sizeof dir, NULL, NULL, NULL);
    assert_int_equal(town_read(dir, &t, &any, &e), GC_OK);
    assert_false(any);
    remove_dir(dir);
}

static struct db *open_db(const char *path)
{
    struct db *db = NULL;
    struct gc_err e = {0};
    if (db_open(&db, path, DB_READWRITE, &e))
        fail_msg("%s", e.msg);
    return db;
}

static void put(struct db *db, const char *ini, const char *syn, const char *cat)
{
    char dir[64];
    struct town_rec t;
    bool any;
    struct gc_err e = {0};
    folder(dir, sizeof dir, ini, syn, cat);
    assert_int_equal(town_read(dir, &t, &any, &e), GC_OK);
    assert_int_equal(db_begin(db, &e), GC_OK);
    if (store_town_put(db, &t, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(db_commit(db, &e), GC_OK);
    town_rec_free(&t);
    remove_dir(dir);
}

static void test_store(void **state)
{
    (void)state;
    char path[128];
    assert_int_equal(tmp_file(path, sizeof path, "town"), 0);
    struct db *db = open_db(path);
    struct town_rec t;
    struct gc_err e = {0};
    put(db, "name = Bourg\ncontact = la mairie\n", "salle polyvalente\n", "expo\texposition\n");
    assert_int_equal(store_town_load(db, &t, &e), GC_OK);
    assert_string_equal(t.value[TOWN_NAME], "Bourg");
    assert_string_equal(t.list[TOWN_CATEGORIES]->e[0].field[1], "exposition");
    town_rec_free(&t);
    /* The back office sets the contact and a group: they win, and stay. */
    assert_int_equal(db_exec(db, "INSERT INTO town_settings (key, source, value) VALUES "
                                 "('contact', 'admin', 'le secrétariat');"
                                 "INSERT INTO town_lists (kind, source, ord, entry) VALUES "
                                 "('synonyms', 'admin', 0, 'salle gymnase')", &e), GC_OK);
    /* A new import: town.ini and synonyms.txt replace theirs; categories.tsv
     * is not in this folder, so the categories stay. */
    put(db, "name = Bourg-le-Neuf\ncontact = l'accueil\n", "maire elus\n", NULL);
    assert_int_equal(store_town_load(db, &t, &e), GC_OK);
    assert_string_equal(t.value[TOWN_NAME], "Bourg-le-Neuf");
    assert_string_equal(t.value[TOWN_CONTACT], "le secrétariat");
    assert_int_equal(t.list[TOWN_SYNONYMS]->n, 2);
    assert_string_equal(t.list[TOWN_SYNONYMS]->e[0].field[1], "gymnase");   /* admin first */
    assert_string_equal(t.list[TOWN_SYNONYMS]->e[1].field[0], "maire");
    assert_int_equal(t.list[TOWN_CATEGORIES]->n, 1);
    town_rec_free(&t);
    db_close(db);
    tmp_db_remove(path);
}

/* `guichet import FOLDER` stores the town's words with the pages, and the
 * pipeline answers with them. */
static void test_import_and_answer(void **state)
{
    (void)state;
    char path[128], dir[64], page[128];
    assert_int_equal(tmp_file(path, sizeof path, "town"), 0);
    struct gc_err e = {0};
    folder(dir, sizeof dir, "name = Bourg\ngreeting = Salut de {town} ! Écrivez à {contact}.\n",
           "frigo encombrants\n", NULL);
    snprintf(page, sizeof page, "%s/encombrants.md", dir);
    FILE *f = fopen(page, "w");
    assert_non_null(f);
    fputs("---\ntitle: Encombrants\nurl: https://bourg.example/encombrants\nstatus: validated\n"
          "validated_by: A. Martin\nvalidated_on: 2026-10-05\n---\n"
          "La collecte des encombrants a lieu le premier lundi du mois, sur rendez-vous.\n", f);
    assert_int_equal(fclose(f), 0);
    char *argv[] = {"import", "--quiet", "--db", path, dir, NULL};
    assert_int_equal(cmd_import(5, argv), 0);
    remove_dir(dir);
    struct config *cfg = config_new();
    assert_int_equal(config_set(cfg, "db", path, &e), GC_OK);
    assert_int_equal(config_set(cfg, "town-name", "Ailleurs", &e), GC_OK);
    assert_int_equal(config_set(cfg, "contact", "la mairie", &e), GC_OK);
    struct pipeline *p = NULL;
    if (pipeline_open(&p, cfg, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(pipeline_town(p), "Bourg");           /* town.ini wins */
    assert_string_equal(pipeline_contact(p), "la mairie");    /* the setting, as a fallback */
    assert_string_equal(config_get(pipeline_config(p), "town-name"), "Bourg");
    struct gc_answer a;
    struct gc_question q = {"bonjour", 7, "cli", NULL};
    assert_int_equal(pipeline_ask(p, &q, &a, &e), GC_OK);
    assert_string_equal(a.text, "Salut de Bourg ! Écrivez à la mairie.");
    answer_free(&a);
    /* "frigo" is only in the town's synonyms: with them it finds the page. */
    q = (struct gc_question){"frigo", 5, "cli", NULL};
    assert_int_equal(pipeline_ask(p, &q, &a, &e), GC_OK);
    assert_true(a.nranked > 0);
    assert_string_equal(a.ranked[0], "https://bourg.example/encombrants");
    answer_free(&a);
    /* The town's words are the content's: imported again, they are served
     * by the next generation, without a restart (answer/generation.c). */
    folder(dir, sizeof dir, "name = Bourg-Neuf\ngreeting = Bienvenue à {town}.\n",
           "frigo encombrants\n", NULL);
    char *again[] = {"import", "--quiet", "--keep-missing", "--db", path, dir, NULL};
    assert_int_equal(cmd_import(6, again), 0);
    remove_dir(dir);
    if (pipeline_reload(p, &e))
        fail_msg("%s", e.msg);
    q = (struct gc_question){"bonjour", 7, "cli", NULL};
    assert_int_equal(pipeline_ask(p, &q, &a, &e), GC_OK);
    assert_string_equal(a.text, "Bienvenue à Bourg-Neuf.");
    answer_free(&a);
    pipeline_close(p);
    config_free(cfg);
    tmp_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ini),
        cmocka_unit_test(test_read_folder),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_import_and_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
