/* test_config.c — util/config: defaults, the INI reader, the command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "util/config.h"
#include "util/limits.h"

static void test_defaults(void **s)
{
    (void)s;
    struct config *c = config_new();
    assert_string_equal(config_get(c, "db"), "guichet.db");
    assert_string_equal(config_get(c, "listen"), "127.0.0.1:8080");
    assert_int_equal(config_int(c, "max-sentences"), 3);
    assert_int_equal(config_int(c, "threads"), 0);
    assert_true(config_double(c, "min-confidence") > 0.299 &&
                config_double(c, "min-confidence") < 0.301);
    assert_false(config_bool(c, "llm-url"));
    assert_true(config_known("town-name"));
    assert_false(config_known("no-such-setting"));
    assert_string_equal(config_get(c, "no-such-setting"), "");
    assert_null(config_backend_name(c, 0));
    assert_null(config_backend_name(c, -1));
    config_free(c);
    config_free(NULL);
}

static void test_set_and_bool(void **s)
{
    (void)s;
    static const struct {
        const char *v;
        bool want;
    } cases[] = {{"1", true}, {"true", true}, {"yes", true}, {"on", true},
                 {"0", false}, {"false", false}, {"", false}, {"no", false}};
    struct config *c = config_new();
    struct gc_err e = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(config_set(c, "llm-url", cases[i].v, &e), GC_OK);
        if (config_bool(c, "llm-url") != cases[i].want)
            fail_msg("config_bool(\"%s\") != %d", cases[i].v, cases[i].want);
    }
    assert_int_equal(config_set(c, "nope", "1", &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "nope"));
    config_free(c);
}

/* Load text as a config file; returns rc, message in e. */
static enum gc_rc load(struct config *c, const char *text, struct gc_err *e)
{
    char path[256];
    assert_int_equal(tmp_file_with(path, sizeof path, "cfg", text), 0);
    enum gc_rc rc = config_load_file(c, path, e);
    unlink(path);
    return rc;
}

static void test_ini_file(void **s)
{
    (void)s;
    const char *ini = "# a comment\n"
                      "; another comment\n"
                      "\n"
                      "town-name = Villebrune\n"
                      "  contact   =   \"l'accueil, 02 38 00 10 00\"  \r\n"
                      "[server]\n"
                      "listen=0.0.0.0:9000\n"
                      "public-url = https://a.example/?x=1\n"
                      "[backend mistral]\n"
                      "url = http://127.0.0.1:8081/v1\n"
                      "model = \"ministral\"\n"
                      "[ backend  small ]\n"
                      "url = http://127.0.0.1:8082/v1\n"
                      "[answers]\n"
                      "max-sentences = 2\n"
                      "min-confidence =\n";
    struct config *c = config_new();
    struct gc_err e = {0};
    assert_int_equal(load(c, ini, &e), GC_OK);
    assert_string_equal(config_get(c, "town-name"), "Villebrune");
    assert_string_equal(config_get(c, "contact"), "l'accueil, 02 38 00 10 00");
    assert_string_equal(config_get(c, "listen"), "0.0.0.0:9000");
    assert_string_equal(config_get(c, "public-url"), "https://a.example/?x=1");
    assert_int_equal(config_int(c, "max-sentences"), 2);
    assert_string_equal(config_get(c, "min-confidence"), "");
    assert_string_equal(config_backend_name(c, 0), "mistral");
    assert_string_equal(config_backend_name(c, 1), "small");
    assert_null(config_backend_name(c, 2));
    assert_string_equal(config_backend_get(c, "mistral", "url"), "http://127.0.0.1:8081/v1");
    assert_string_equal(config_backend_get(c, "mistral", "model"), "ministral");
    assert_string_equal(config_backend_get(c, "small", "url"), "http://127.0.0.1:8082/v1");
    assert_null(config_backend_get(c, "small", "model"));
    assert_null(config_backend_get(c, "other", "url"));
    /* Backend keys do not leak into the settings table. */
    assert_string_equal(config_get(c, "db"), "guichet.db");
    config_free(c);
}

/* Every bad file is an error that names the file and the right line. */
static void test_ini_errors(void **s)
{
    (void)s;
    static const struct {
        const char *text;
        enum gc_rc rc;
        const char *where, *what;
    } cases[] = {
        {"db = a.db\n\n# x\nmax_sentences = 2\n", GC_ERR_INVALID, ":4:", "max_sentences"},
        {"[backend x]\nurl = u\n[server]\nurl = u\n", GC_ERR_INVALID, ":4:", "'url'"},
        {"db = a.db\njust words\n", GC_ERR_PARSE, ":2:", "key = value"},
        {"[backend x\n", GC_ERR_PARSE, ":1:", "section"},
        {"db = a\n[backend]\nurl = u\n", GC_ERR_PARSE, ":2:", "needs a name"},
        {"[backend ]\ndb = b\n", GC_ERR_PARSE, ":1:", "needs a name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config *c = config_new();
        struct gc_err e = {0};
        enum gc_rc rc = load(c, cases[i].text, &e);
        if (rc != cases[i].rc || !strstr(e.msg, cases[i].where) || !strstr(e.msg, cases[i].what) ||
            !strstr(e.msg, "guichet-cfg-"))
            fail_msg("case %zu: rc %d \"%s\"", i, rc, e.msg);
        config_free(c);
    }
    /* A line longer than the reader's buffer is an error, not two lines. */
    static char longline[6000];
    size_t k = (size_t)snprintf(longline, sizeof longline, "db = a.db\ncontact = ");
    memset(longline + k, 'x', 5000);
    memcpy(longline + k + 5000, "\nlisten = 1.2.3.4:5\n", sizeof "\nlisten = 1.2.3.4:5\n");
    struct config *c = config_new();
    struct gc_err e = {0};
    assert_int_equal(load(c, longline, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, ":2: line longer than"));
    config_free(c);
    /* ...while one just under the limit is read whole. */
    memcpy(longline + k + 4000, "\n", 2);
    c = config_new();
    assert_int_equal(load(c, longline, &e), GC_OK);
    assert_int_equal(strlen(config_get(c, "contact")), 4000);
    config_free(c);

    c = config_new();
    assert_int_equal(config_load_file(c, "/nonexistent/guichet.ini", &e), GC_ERR_IO);
    assert_non_null(strstr(e.msg, "/nonexistent/guichet.ini"));
    config_free(c);
}

struct parsed {
    struct config *c;
    const char *lv[4];
    const char *pos[4];
    int npos;
    bool help;
    struct gc_err e;
    enum gc_rc rc;
};

static const char *const local[] = {"json", "jsonl=", "quiet", NULL};

static void parse(struct parsed *p, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->c = config_new();
    p->rc = config_parse_args(p->c, argc, argv, local, p->lv, p->pos, 4, &p->npos, &p->help, &p->e);
}

/* The town's name is capped (the first SMS names it), with a clear error
 * wherever it is set. */
static void test_town_name_cap(void **s)
{
    (void)s;
    char name[GC_TOWN_NAME_MAX + 2];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';   /* one byte over */
    struct config *c = config_new();
    struct gc_err e = {0};
    assert_int_equal(config_set(c, "town-name", name, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, "'town-name' is longer than 64 bytes"));
    assert_string_equal(config_get(c, "town-name"), "la commune");   /* unchanged */
    name[GC_TOWN_NAME_MAX] = '\0';                                    /* at the cap */
    assert_int_equal(config_set(c, "town-name", name, &e), GC_OK);
    assert_int_equal(strlen(config_get(c, "town-name")), GC_TOWN_NAME_MAX);
    config_free(c);

    name[GC_TOWN_NAME_MAX] = 'x';
    char text[256];
    snprintf(text, sizeof text, "db = a.db\ntown-name = %s\n", name);
    c = config_new();
    assert_int_equal(load(c, text, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, ":2: setting 'town-name' is longer than 64 bytes"));
    config_free(c);

    char opt[128];
    snprintf(opt, sizeof opt, "--town-name=%s", name);
    char *argv[] = {"ask", opt, NULL};
    struct parsed p;
    parse(&p, 2, argv);
    assert_int_equal(p.rc, GC_ERR_TOOBIG);
    assert_non_null(strstr(p.e.msg, "'--town-name'"));
    assert_non_null(strstr(p.e.msg, "longer than 64 bytes"));
    config_free(p.c);
}

/* The command line wins over the file, wherever --config stands. */
static void test_command_line_overrides_file(void **s)
{
    (void)s;
    char path[256];
    assert_int_equal(tmp_file_with(path, sizeof path, "cfg",
                                   "db = file.db\ntown-name = Fichier\nlisten = 1.2.3.4:1\n"),
                     0);
    char eq[300];
    snprintf(eq, sizeof eq, "--config=%s", path);
    char *before[] = {"ask", "--config", path, "--db", "cli.db", "--town-name=Ligne", NULL};
    char *after[] = {"ask", "--db", "cli.db", "--town-name=Ligne", "--config", path, NULL};
    char *with_eq[] = {"ask", "--db=cli.db", "--town-name", "Ligne", eq, NULL};
    char **argvs[] = {before, after, with_eq};
    for (size_t i = 0; i < 3; i++) {
        struct parsed p;
        parse(&p, 6 - (i == 2), argvs[i]);
        if (p.rc != GC_OK)
            fail_msg("argv %zu: %s", i, p.e.msg);
        assert_string_equal(config_get(p.c, "db"), "cli.db");
        assert_string_equal(config_get(p.c, "town-name"), "Ligne");
        assert_string_equal(config_get(p.c, "listen"), "1.2.3.4:1"); /* from the file */
        assert_int_equal(p.npos, 0);
        config_free(p.c);
    }
    unlink(path);
}

static void test_local_options_and_positionals(void **s)
{
    (void)s;
    char *argv[] = {"import", "--quiet", "a.md", "--jsonl", "c.jsonl", "--db=x.db",
                    "b", "--", "--json", NULL};
    struct parsed p;
    parse(&p, 9, argv);
    assert_int_equal(p.rc, GC_OK);
    assert_null(p.lv[0]);                       /* --json came after "--" */
    assert_string_equal(p.lv[1], "c.jsonl");
    assert_string_equal(p.lv[2], "1");          /* a flag */
    assert_string_equal(config_get(p.c, "db"), "x.db");
    assert_int_equal(p.npos, 3);
    assert_string_equal(p.pos[0], "a.md");
    assert_string_equal(p.pos[1], "b");
    assert_string_equal(p.pos[2], "--json");
    assert_false(p.help);
    config_free(p.c);

    char *argv2[] = {"ask", "-h", "--jsonl=x", "-", NULL};
    parse(&p, 4, argv2);
    assert_int_equal(p.rc, GC_OK);
    assert_true(p.help);
    assert_string_equal(p.lv[1], "x");
    assert_int_equal(p.npos, 1);
    assert_string_equal(p.pos[0], "-"); /* stdin, by convention */
    config_free(p.c);
}

static void test_argument_errors(void **s)
{
    (void)s;
    static const struct {
        int argc;
        const char *argv[4];
        const char *want;
    } cases[] = {
        {2, {"x", "--db"}, "'--db' needs a value"},
        {2, {"x", "--jsonl"}, "'--jsonl' needs a value"},
        {2, {"x", "--quiet=1"}, "takes no value"},
        {3, {"x", "--colour", "red"}, "unknown option '--colour'"},
        {2, {"x", "--colour"}, "unknown option '--colour'"},
        {2, {"x", "-q"}, "unknown option '-q'"},
        {2, {"x", "--config"}, "--config needs a file"},
        {2, {"x", "--config=/nonexistent/g.ini"}, "/nonexistent/g.ini"},
        {2, {"x", "--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1"},
         "unknown option"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct parsed p;
        parse(&p, cases[i].argc, (char **)cases[i].argv);
        if (p.rc == GC_OK || !strstr(p.e.msg, cases[i].want))
            fail_msg("case %zu: rc %d \"%s\", want \"%s\"", i, p.rc, p.e.msg, cases[i].want);
        config_free(p.c);
    }
    /* Too many positional arguments. */
    char *argv[] = {"x", "1", "2", "3", "4", "5", NULL};
    struct parsed p;
    parse(&p, 6, argv);
    assert_int_equal(p.rc, GC_ERR_INVALID);
    assert_non_null(strstr(p.e.msg, "'5'"));
    config_free(p.c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_set_and_bool),
        cmocka_unit_test(test_ini_file),
        cmocka_unit_test(test_ini_errors),
        cmocka_unit_test(test_command_line_overrides_file),
        cmocka_unit_test(test_local_options_and_positionals),
        cmocka_unit_test(test_argument_errors),
        cmocka_unit_test(test_town_name_cap),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
