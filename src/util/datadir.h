/* datadir.h — where the language data files are (general French: data/fr/
 * in the source tree, /usr/share/guichet/fr once installed).
 *
 * One answer for every module that reads a data file: the `data-dir`
 * setting when it is set; else, for a binary run from a source tree (its
 * folder, or that folder's parent, lies in a tree holding `data/` and a
 * `Makefile`: build/guichet, build/tests/test_x), that tree's data/, so
 * that `make run` and the tests read the files being edited; else
 * GC_DATADIR, fixed at build time (Makefile: DATADIR, default
 * /usr/share/guichet; the Debian package installs data/ there). */
#ifndef GC_UTIL_DATADIR_H
#define GC_UTIL_DATADIR_H

#include <stddef.h>

#include "util/err.h"

#ifndef GC_DATADIR
#define GC_DATADIR "/usr/share/guichet"
#endif

/* The data folder into out (n bytes), for the setting value `setting` (NULL
 * or "" = not set).  Errors: GC_ERR_TOOBIG (path longer than n). */
enum gc_rc datadir_get(const char *setting, char *out, size_t n, struct gc_err *e);

/* The same rule for a binary at exe_path (an absolute path; NULL = not
 * known): pure but for the two stat() calls per folder looked at.  For
 * tests. */
enum gc_rc datadir_resolve(const char *setting, const char *exe_path, char *out, size_t n,
                           struct gc_err *e);

#endif
