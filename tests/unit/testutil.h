/* testutil.h — helpers shared by the unit tests: temporary files.
 *
 * Header-only (static inline) so that every test stays one .c file built by
 * the Makefile's test_%.c rule. */
#ifndef GC_TESTS_TESTUTIL_H
#define GC_TESTS_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Create an empty temporary file; its name lands in path (>= 64 bytes).
 * Returns 0, or -1 when mkstemp failed. */
static inline int tmp_file(char *path, size_t n, const char *tag)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/guichet-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

/* Create a temporary file holding text. */
static inline int tmp_file_with(char *path, size_t n, const char *tag, const char *text)
{
    if (tmp_file(path, n, tag))
        return -1;
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) ? -1 : 0;
}

/* Remove a SQLite database and its WAL companions. */
static inline void tmp_db_remove(const char *path)
{
    char p[512];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

#endif
