/* instance.h — the files that make one instance of Guichet, as the
 * settings name them: what `guichet backup` copies and `guichet restore`
 * puts back, together. */
#ifndef GC_CLI_INSTANCE_H
#define GC_CLI_INSTANCE_H

#include "store/backup.h"
#include "util/config.h"

/* The instance's files in cfg (store/exchanges.h store_files): the content
 * database first ("database", setting db), then the exchanges file
 * ("exchanges", setting exchanges-db), the key that pseudonymises phone
 * numbers ("sms-key") and the key of the feedback tokens ("feedback-key");
 * all but the content are optional (made by the first `guichet serve`).
 * Errors: store_files()'s, backup_set_add()'s. */
enum gc_rc instance_files(const struct config *cfg, struct backup_set *out, struct gc_err *e);

#endif
