/* town.h — read a town's own words from its content folder: town.ini (its
 * name, contact, the messages residents read) and the word lists beside its
 * pages (synonyms.txt, categories.tsv, out-of-scope.tsv).  docs/adapting.md.
 *
 * town.ini is `key = value` lines (`#` or `;` comments, blank lines; a value
 * may be in double quotes); its keys are those of store/town.h, an unknown or
 * repeated key is an error.  The lists are langdata files (text/langdata.h)
 * in the formats of town_list_format().  Every error names the file and the
 * line. */
#ifndef GC_IMPORT_TOWN_H
#define GC_IMPORT_TOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "store/town.h"
#include "util/err.h"

#define TOWN_VALUE_MAX 2000   /* bytes of a town.ini value (a message) */

/* Parse town.ini's content; name is used in messages. */
enum gc_rc town_ini_parse(const char *name, const char *text, size_t len, struct town_rec *out,
                          struct gc_err *e) __attribute__((warn_unused_result));

/* Read the town files of folder dir into out (zeroed first); a file that is
 * not there is left NULL.  *any: at least one was there. */
enum gc_rc town_read(const char *dir, struct town_rec *out, bool *any, struct gc_err *e)
    __attribute__((warn_unused_result));

#endif
