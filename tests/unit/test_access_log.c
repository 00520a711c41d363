/* test_access_log.c — channels/access_log.c: lines written by several
 * threads all reach the file, whole and in each thread's order; the flusher
 * writes them out without waiting for the end; a line larger than a
 * thread's buffer goes out directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "channels/access_log.h"
#include "testutil.h"
#include "util/file.h"
#include "util/limits.h"

#define THREADS 4
#define LINES 3000   /* per thread: several times a thread's buffer */

struct worker {
    struct access_log *log;
    int id;
};

static void *writer(void *arg)
{
    const struct worker *w = arg;
    for (int i = 0; i < LINES; i++) {
        char line[64];
        int n = snprintf(line, sizeof line, "http GET /t%d %d 200\n", w->id, i);
        access_log_write(w->log, line, (size_t)n);
    }
    return NULL;
}

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    assert_int_equal(file_read(path, 64 * 1024 * 1024, &data, len, NULL), GC_OK);
    return data;
}

/* Create an empty temporary log file (its name in path) and open it for
 * appending, as the server opens its access log. */
static int open_log_file(char *path, size_t n)
{
    assert_int_equal(tmp_file(path, n, "alog"), 0);
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    assert_true(fd >= 0);
    return fd;
}

static void test_threads(void **state)
{
    (void)state;
    char path[256];
    int fd = open_log_file(path, sizeof path);
    struct access_log *log = access_log_new(fd, 20);
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){log, i};
        assert_int_equal(pthread_create(&t[i], NULL, writer, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    /* A line longer than a thread's buffer is written as it is. */
    size_t big = GC_ACCESS_LOG_BUF + 100;
    char *line = malloc(big);
    memset(line, 'x', big - 1);
    line[big - 1] = '\n';
    access_log_write(log, line, big);
    free(line);
    access_log_free(log);
    access_log_free(NULL);
    close(fd);

    size_t len = 0;
    char *data = read_all(path, &len);
    int next[THREADS] = {0}, longs = 0;
    for (char *p = data, *nl; p < data + len; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(data + len - p));
        assert_non_null(nl);
        int id = -1, i = -1;
        if (*p == 'x') {
            assert_int_equal(nl - p, (long)big - 1);
            longs++;
            continue;
        }
        char *end;
        if (strncmp(p, "http GET /t", 11))
            fail_msg("mangled line: %.40s", p);
        id = (int)strtol(p + 11, &end, 10);
        i = (int)strtol(end + 1, NULL, 10);
        assert_true(id >= 0 && id < THREADS);
        if (i != next[id])
            fail_msg("thread %d: line %d after %d", id, i, next[id] - 1);
        next[id]++;
    }
    for (int k = 0; k < THREADS; k++)
        assert_int_equal(next[k], LINES);
    assert_int_equal(longs, 1);
    free(data);
    unlink(path);
}

/* The flusher writes a line out while the log is still open.  The test only
 * waits for it: how soon is not asserted (a loaded machine may delay the
 * flusher thread), only that it comes before a generous deadline. */
static void test_flusher(void **state)
{
    (void)state;
    char path[256];
    int fd = open_log_file(path, sizeof path);
    struct access_log *log = access_log_new(fd, 10);
    access_log_write(log, "one\n", 4);
    size_t len = 0;
    struct timespec now, deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 60;
    do {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        free(read_all(path, &len));
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (len == 0 && now.tv_sec < deadline.tv_sec);
    assert_int_equal(len, 4);
    access_log_free(log);
    close(fd);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_flusher),
    };
    return cmocka_run_group_tests_name("access_log", tests, NULL, NULL);
}
