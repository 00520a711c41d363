/* test_datadir.c — where the language data is found: the setting, a source
 * tree around the binary, else the folder fixed at build time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/datadir.h"

static void test_setting_wins(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(datadir_resolve("/srv/mots", "/x/build/guichet", out, sizeof out, NULL),
                     GC_OK);
    assert_string_equal(out, "/srv/mots");
    struct gc_err e = {0};
    assert_int_equal(datadir_resolve("/a/very/long/path", NULL, out, 8, &e), GC_ERR_TOOBIG);
    assert_non_null(strstr(e.msg, "longer"));
}

static void test_installed(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(datadir_resolve("", "/usr/bin/guichet", out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);
    assert_int_equal(datadir_resolve(NULL, NULL, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);
    assert_int_equal(datadir_resolve(NULL, "guichet", out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);
}

/* A tree: T/Makefile, T/data/, T/build/guichet, T/build/tests/test_x. */
static void test_source_tree(void **state)
{
    (void)state;
    char t[128], p[256], out[256], want[256];
    const char *dir = getenv("TMPDIR");
    snprintf(t, sizeof t, "%s/guichet-datadir-XXXXXX", dir && *dir ? dir : "/tmp");
    assert_non_null(mkdtemp(t));
    snprintf(p, sizeof p, "%s/build", t);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/build/guichet", t);
    /* No Makefile and no data/ yet: not a tree. */
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);
    snprintf(p, sizeof p, "%s/Makefile", t);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(p, sizeof p, "%s/build/guichet", t);
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);   /* a Makefile without data/ */
    snprintf(p, sizeof p, "%s/data", t);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(want, sizeof want, "%s/data", t);
    snprintf(p, sizeof p, "%s/build/guichet", t);
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, want);
    snprintf(p, sizeof p, "%s/build/tests/test_x", t);
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, want);
    snprintf(p, sizeof p, "%s/build//guichet", t);
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, want);
    /* Three levels down is not the tree's binary. */
    snprintf(p, sizeof p, "%s/a/b/c/guichet", t);
    assert_int_equal(datadir_resolve(NULL, p, out, sizeof out, NULL), GC_OK);
    assert_string_equal(out, GC_DATADIR);
    snprintf(p, sizeof p, "rm -rf '%s'", t);
    assert_int_equal(system(p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setting_wins),
        cmocka_unit_test(test_installed),
        cmocka_unit_test(test_source_tree),
    };
    return cmocka_run_group_tests_name("datadir", tests, NULL, NULL);
}
