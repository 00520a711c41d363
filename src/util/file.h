/* file.h — whole-file reads with a cap, atomic writes (temp file + rename). */
#ifndef GC_UTIL_FILE_H
#define GC_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* Read path into a NUL-terminated buffer (caller frees); over max bytes is
 * GC_ERR_TOOBIG. */
enum gc_rc file_read(const char *path, size_t max, char **data, size_t *len, struct gc_err *e);

/* Write data to path atomically: path.tmp, fsync, rename. */
enum gc_rc file_write_atomic(const char *path, const void *data, size_t len, struct gc_err *e);
/* The same, the file created with `mode` (0600 for a key; umask applies). */
enum gc_rc file_write_atomic_mode(const char *path, const void *data, size_t len, unsigned mode,
                                  struct gc_err *e);

/* The mode of every file Guichet creates (databases, keys, exports): 0600,
 * or 0640 with the setting file-mode = 640 (a group that backs them up).
 * main.c sets the umask to match, so that SQLite's own files (-wal, -shm,
 * a new database) are created so too, whatever the caller's umask. */
void file_set_mode(unsigned mode);
unsigned file_mode(void);

/* Create path when it does not exist (O_EXCL; GC_OK when it does), mode
 * file_mode() whatever the umask.  When running as root and `like` names an
 * existing file (the database beside it), the new file gets like's owner
 * and group, so that the service's user can still open it after a command
 * run by root.  *created (may be NULL) tells whether it was created.
 * Errors: GC_ERR_IO with the path and the reason. */
enum gc_rc file_create_like(const char *path, const char *like, bool *created,
                            struct gc_err *e);

/* Give fd the owner and group of `like` when running as root (see above);
 * a failure is logged, not returned (the file is usable by root anyway). */
void file_chown_like(int fd, const char *path, const char *like);

#endif
