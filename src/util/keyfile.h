/* keyfile.h — a secret key in a file of its own, outside the database
 * (the SMS pseudonym key, the feedback token key): read it, or create it
 * from the system's random generator when it is missing.
 *
 * A key is kept apart from the database so that a stolen copy of the
 * database alone does not give it away.  Created with mode file_mode()
 * (0600) whatever the umask, and, when running as root, with the owner of
 * the database beside it (util/file.h). */
#ifndef GC_UTIL_KEYFILE_H
#define GC_UTIL_KEYFILE_H

#include <stddef.h>

#include "util/err.h"

/* Read the len-byte key at path, or create the file (random bytes, fsync)
 * when it does not exist.  `what` names it in messages ("SMS key").  `like`
 * is the database beside it (owner when root; may be NULL).  A key file
 * readable by others is accepted with a warning in the log.  Errors:
 * GC_ERR_IO (unreadable, wrong size, cannot be created; path and reason in
 * e). */
enum gc_rc keyfile_load(const char *path, const char *what, const char *like,
                        unsigned char *key, size_t len, struct gc_err *e);

#endif
