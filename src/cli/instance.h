/* instance.h — the files that make one instance of Guichet, as the
 * settings name them: what `guichet backup` copies and `guichet restore`
 * puts back, together. */
#ifndef GC_CLI_INSTANCE_H
#define GC_CLI_INSTANCE_H

#include "store/backup.h"
#include "util/config.h"

/* The instance's files in cfg: the database first ("database", setting
 * db), then the key that pseudonymises phone numbers ("sms-key",
 * sms-key-file or the database path + ".sms-key"; optional: made only when
 * SMS is on).  When the exchanges get a database of their own, it joins
 * the list here, and backups and restores carry it without other change.
 * Errors: backup_set_add()'s. */
enum gc_rc instance_files(const struct config *cfg, struct backup_set *out, struct gc_err *e);

#endif
