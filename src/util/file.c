/* file.c — capped reads and atomic writes. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"
#include "util/mem.h"

static unsigned create_mode = 0600;

void file_set_mode(unsigned mode)
{
    create_mode = mode == 0640 ? 0640 : 0600;
}

unsigned file_mode(void)
{
    return create_mode;
}

void file_chown_like(int fd, const char *path, const char *like)
{
    struct stat sb;
    if (geteuid() != 0 || !like || stat(like, &sb) != 0)
        return;
    if (fchown(fd, sb.st_uid, sb.st_gid) != 0)
        log_warn("%s: cannot give it the owner of %s: %s", path, like, strerror(errno));
}

enum gc_rc file_create_like(const char *path, const char *like, bool *created,
                            struct gc_err *e)
{
    if (created)
        *created = false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)create_mode);
    if (fd < 0) {
        if (errno == EEXIST)
            return GC_OK;
        return gc_err_set(e, GC_ERR_IO, "cannot create %s: %s", path, strerror(errno));
    }
    /* The umask may have taken bits away: the mode is ours to say. */
    if (fchmod(fd, (mode_t)create_mode) != 0)
        log_warn("%s: chmod: %s", path, strerror(errno));
    file_chown_like(fd, path, like);
    close(fd);
    if (created)
        *created = true;
    return GC_OK;
}

enum gc_rc file_read(const char *path, size_t max, char **data, size_t *len, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_IO;
    char *buf = NULL;
    size_t n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *data = NULL;
    *len = 0;
    if (fd < 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        gc_err_set(e, GC_ERR_IO, "%s: not a regular file", path);
        goto out;
    }
    if ((size_t)sb.st_size > max) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %zu bytes", path, max);
        goto out;
    }
    buf = xmalloc((size_t)sb.st_size + 1);
    while (n < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    rc = GC_OK;
out:
    free(buf);
    close(fd);
    return rc;
}

enum gc_rc file_write_atomic(const char *path, const void *data, size_t len, struct gc_err *e)
{
    return file_write_atomic_mode(path, data, len, 0644, e);
}

enum gc_rc file_write_atomic_mode(const char *path, const void *data, size_t len, unsigned mode,
                                  struct gc_err *e)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return gc_err_set(e, GC_ERR_INVALID, "%s: path too long", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)(mode & create_mode));
    if (fd < 0)
        return gc_err_set(e, GC_ERR_IO, "%s: %s", tmp, strerror(errno));
    const char *p = data;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int err = errno;
            close(fd);
            unlink(tmp);
            return gc_err_set(e, GC_ERR_IO, "%s: %s", tmp, strerror(err));
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        return gc_err_set(e, GC_ERR_IO, "%s: %s", tmp, strerror(errno));
    }
    if (rename(tmp, path) != 0) {
        int err = errno;
        unlink(tmp);
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(err));
    }
    return GC_OK;
}
