/* file.h — whole-file reads with a cap, atomic writes (temp file + rename). */
#ifndef GC_UTIL_FILE_H
#define GC_UTIL_FILE_H

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

#endif
