/* keyfile.c — secret keys in files of their own (see keyfile.h). */
#include "util/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/log.h"

static enum gc_rc key_read(const char *path, const char *what, unsigned char *key, size_t len,
                           struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_IO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gc_err_set(e, errno == ENOENT ? GC_ERR_NOTFOUND : GC_ERR_IO, "%s: %s", path,
                          strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size != (off_t)len) {
        gc_err_set(e, GC_ERR_IO, "%s: not an %s file (%zu bytes expected)", path, what, len);
        goto out;
    }
    if (sb.st_mode & 007)
        log_warn("%s file %s is readable by others: chmod 600 it", what, path);
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, key + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            gc_err_set(e, GC_ERR_IO, "%s: %s", path, r < 0 ? strerror(errno) : "short read");
            goto out;
        }
        got += (size_t)r;
    }
    rc = GC_OK;
out:
    close(fd);
    return rc;
}

enum gc_rc keyfile_load(const char *path, const char *what, const char *like,
                        unsigned char *key, size_t len, struct gc_err *e)
{
    if (sodium_init() < 0)
        return gc_err_set(e, GC_ERR_IO, "libsodium could not be initialised");
    enum gc_rc rc = key_read(path, what, key, len, e);
    if (rc != GC_ERR_NOTFOUND)
        return rc;
    /* Missing: create it.  O_EXCL settles a race with another process
     * creating it at the same time (then we read theirs). */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)file_mode());
    if (fd < 0) {
        if (errno == EEXIST)
            return key_read(path, what, key, len, e);
        return gc_err_set(e, GC_ERR_IO, "cannot create the %s file %s: %s", what, path,
                          strerror(errno));
    }
    (void)fchmod(fd, (mode_t)file_mode());   /* whatever the umask took */
    file_chown_like(fd, path, like);
    randombytes_buf(key, len);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, key + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (off != len || fsync(fd) != 0) {
        int err = errno;
        close(fd);
        unlink(path);
        return gc_err_set(e, GC_ERR_IO, "%s: %s", path, strerror(err));
    }
    close(fd);
    log_info("created the %s %s (keep it with the database backups)", what, path);
    return GC_OK;
}
