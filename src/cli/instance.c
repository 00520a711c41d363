/* instance.c — the files of an instance, from its settings (instance.h). */
#include "cli/instance.h"

#include <stdio.h>
#include <string.h>

enum gc_rc instance_files(const struct config *cfg, struct backup_set *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    const char *db = config_get(cfg, "db");
    enum gc_rc rc = backup_set_add(out, BACKUP_DATABASE, "database", db, false, e);
    if (rc)
        return rc;
    /* The same rule as channels/sms_session.c. */
    const char *kf = config_get(cfg, "sms-key-file");
    char key[4096];
    if ((size_t)snprintf(key, sizeof key, "%s%s", *kf ? kf : db, *kf ? "" : ".sms-key") >=
        sizeof key)
        return gc_err_set(e, GC_ERR_TOOBIG, "sms-key-file: path too long");
    return backup_set_add(out, BACKUP_KEY, "sms-key", key, true, e);
}
