/* test_linediff.c — util/linediff: edge cases, and a property check on
 * thousands of random pairs: the kept and removed lines give the old text
 * back, the kept and added ones the new, line numbers follow, and the
 * kept lines are as many as a longest common subsequence computed
 * independently (so the difference is a shortest one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/limits.h"
#include "util/linediff.h"

/* The text the diff gives back for one side ("old" or "new"), lines joined with '\n'. */
static char *side(const struct diff *d, bool old)
{
    struct buf b;
    buf_init(&b, 1 << 26);
    int k = 0;
    for (int i = 0; i < d->n; i++) {
        const struct diff_line *l = &d->l[i];
        if (l->op == (old ? DIFF_ADD : DIFF_DEL))
            continue;
        assert_int_equal(old ? l->old_no : l->new_no, ++k);   /* numbers follow */
        assert_int_equal(old ? l->new_no == 0 : l->old_no == 0, l->op != DIFF_SAME);
        assert_int_equal(buf_add(&b, l->s, l->len), GC_OK);
        assert_int_equal(buf_addc(&b, '\n'), GC_OK);
    }
    return buf_steal(&b);
}

/* text with a '\n' after each line, as side() writes it */
static char *norm(const char *t)
{
    t = t ? t : "";
    size_t n = strlen(t);
    char *s = malloc(n + 2);
    memcpy(s, t, n + 1);
    if (n && t[n - 1] != '\n') {
        s[n] = '\n';
        s[n + 1] = '\0';
    }
    return s;
}

static void check_pair(const char *a, const char *b, int expect_same)
{
    struct diff d;
    struct gc_err e = {0};
    assert_int_equal(diff_lines(a, b, &d, &e), GC_OK);
    char *ga = side(&d, true), *gb = side(&d, false), *na = norm(a), *nb = norm(b);
    assert_string_equal(ga, na);
    assert_string_equal(gb, nb);
    int same = 0, del = 0, add = 0;
    for (int i = 0; i < d.n; i++)
        same += d.l[i].op == DIFF_SAME, del += d.l[i].op == DIFF_DEL, add += d.l[i].op == DIFF_ADD;
    assert_int_equal(del, d.removed);
    assert_int_equal(add, d.added);
    if (expect_same >= 0)
        assert_int_equal(same, expect_same);
    free(ga), free(gb), free(na), free(nb);
    diff_free(&d);
}

static void test_edges(void **s)
{
    (void)s;
    check_pair("", "", 0);
    check_pair(NULL, "a\nb\n", 0);
    check_pair("a\nb\n", "", 0);
    check_pair("a\nb\n", "a\nb", 2);          /* a final '\n' makes no empty line */
    check_pair("a\r\nb\n", "a\nb\n", 1);      /* '\r' belongs to the line */
    check_pair("\n\n", "\n", 1);              /* empty lines are lines */
    check_pair("a\nb\nc\n", "a\nx\nc\n", 2);
    check_pair("a\nb\nc\n", "c\nb\na\n", 1);
    check_pair("titre\n\npara 1\npara 2\n", "titre\n\npara 1\nnouveau\npara 2\n", 4);

    struct diff d;
    struct gc_err e = {0};
    assert_int_equal(diff_lines("a\nb\nc\nd\n", "a\nc\nX\nd\n", &d, &e), GC_OK);
    /* a, -b, c, +X, d */
    assert_int_equal(d.n, 5);
    assert_int_equal(d.l[1].op, DIFF_DEL);
    assert_int_equal(d.l[1].old_no, 2);
    assert_memory_equal(d.l[1].s, "b", 1);
    assert_int_equal(d.l[3].op, DIFF_ADD);
    assert_int_equal(d.l[3].new_no, 3);
    assert_int_equal(d.removed, 1);
    assert_int_equal(d.added, 1);
    assert_true(d.shortest);
    diff_free(&d);
    /* a line changed: removal shown before addition */
    assert_int_equal(diff_lines("x\n", "y\n", &d, &e), GC_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.l[0].op, DIFF_DEL);
    assert_int_equal(d.l[1].op, DIFF_ADD);
    diff_free(&d);
    diff_free(&d);   /* twice is harmless */
    diff_free(NULL);
}

/* LCS length, computed another way (row by row, forward). */
static int lcs(char **a, int m, char **b, int n)
{
    int *prev = calloc((size_t)n + 1, sizeof *prev), *cur = calloc((size_t)n + 1, sizeof *cur);
    for (int i = 1; i <= m; i++) {
        for (int j = 1; j <= n; j++)
            cur[j] = !strcmp(a[i - 1], b[j - 1]) ? prev[j - 1] + 1
                     : prev[j] > cur[j - 1]      ? prev[j]
                                                 : cur[j - 1];
        int *t = prev;
        prev = cur;
        cur = t;
    }
    int r = prev[n];
    free(prev), free(cur);
    return r;
}

static void test_random_pairs_are_shortest(void **s)
{
    (void)s;
    static const char *words[] = {"a", "b", "c", "", "d e"};
    srand(1234);
    for (int round = 0; round < 3000; round++) {
        char *la[40], *lb[40];
        int m = rand() % 30, n = rand() % 30;
        char ta[400] = "", tb[400] = "";
        size_t pa = 0, pb = 0;
        for (int i = 0; i < m; i++) {
            la[i] = (char *)words[rand() % 5];
            pa += (size_t)snprintf(ta + pa, sizeof ta - pa, "%s\n", la[i]);
        }
        for (int j = 0; j < n; j++) {
            /* often a copy of the old text with small changes */
            lb[j] = (round % 2 && j < m && rand() % 4) ? la[j] : (char *)words[rand() % 5];
            pb += (size_t)snprintf(tb + pb, sizeof tb - pb, "%s\n", lb[j]);
        }
        check_pair(ta, tb, lcs(la, m, lb, n));
    }
}

static void test_caps(void **s)
{
    (void)s;
    struct gc_err e = {0};
    struct diff d;
    /* too many lines: refused */
    size_t big = (size_t)GC_DIFF_LINES_MAX + 1;
    char *t = malloc(big * 2 + 1);
    for (size_t i = 0; i < big; i++)
        t[2 * i] = 'x', t[2 * i + 1] = '\n';
    t[big * 2] = '\0';
    assert_int_equal(diff_lines(t, "x\n", &d, &e), GC_ERR_TOOBIG);
    assert_null(d.l);
    assert_int_equal(diff_lines("x\n", t, &d, &e), GC_ERR_TOOBIG);
    free(t);
    /* a middle too big for the table: still a true difference */
    int n = 3000;
    char *a = malloc((size_t)n * 12 + 16), *b = malloc((size_t)n * 12 + 16);
    size_t pa = 0, pb = 0;
    pa += (size_t)snprintf(a, 16, "debut\n");
    pb += (size_t)snprintf(b, 16, "debut\n");
    for (int i = 0; i < n; i++) {
        pa += (size_t)snprintf(a + pa, 12, "a%d\n", i);
        pb += (size_t)snprintf(b + pb, 12, "b%d\n", i);
    }
    snprintf(a + pa, 8, "fin\n");
    snprintf(b + pb, 8, "fin\n");
    assert_int_equal(diff_lines(a, b, &d, &e), GC_OK);
    assert_false(d.shortest);
    assert_int_equal(d.removed, n);
    assert_int_equal(d.added, n);
    diff_free(&d);
    check_pair(a, b, 2);
    free(a), free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_random_pairs_are_shortest),
        cmocka_unit_test(test_caps),
    };
    return cmocka_run_group_tests_name("linediff", tests, NULL, NULL);
}
