/* datadir.c — the language data folder (see datadir.h for the rule). */
#include "util/datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum gc_rc put(const char *path, char *out, size_t n, struct gc_err *e)
{
    if ((size_t)snprintf(out, n, "%s", path) >= n)
        return gc_err_set(e, GC_ERR_TOOBIG, "data folder path longer than %zu bytes", n - 1);
    return GC_OK;
}

/* Is dir (length len) the top of a source tree: data/ and a Makefile? */
static bool is_tree(const char *dir, size_t len)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%.*s/Makefile", (int)len, dir) >= (int)sizeof p ||
        stat(p, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    snprintf(p, sizeof p, "%.*s/data", (int)len, dir);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

enum gc_rc datadir_resolve(const char *setting, const char *exe_path, char *out, size_t n,
                           struct gc_err *e)
{
    if (setting && *setting)
        return put(setting, out, n, e);
    if (exe_path && exe_path[0] == '/') {
        /* The binary's folder, then up two levels: build/guichet's tree is
         * one up, build/tests/test_x's two. */
        size_t len = strlen(exe_path);
        for (int up = 0; up < 3; up++) {
            while (len > 0 && exe_path[len - 1] != '/')
                len--;
            while (len > 1 && exe_path[len - 1] == '/')
                len--;
            if (len <= 1)
                break;
            if (up > 0 && is_tree(exe_path, len)) {
                char p[PATH_MAX];
                if (snprintf(p, sizeof p, "%.*s/data", (int)len, exe_path) >= (int)sizeof p)
                    break;
                return put(p, out, n, e);
            }
        }
    }
    return put(GC_DATADIR, out, n, e);
}

enum gc_rc datadir_get(const char *setting, char *out, size_t n, struct gc_err *e)
{
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0)
        exe[k] = '\0';
    return datadir_resolve(setting, k > 0 ? exe : NULL, out, n, e);
}
