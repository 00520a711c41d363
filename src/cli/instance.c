/* instance.c — the files of an instance, from its settings (instance.h). */
#include "cli/instance.h"

#include <string.h>

#include "store/exchanges.h"

enum gc_rc instance_files(const struct config *cfg, struct backup_set *out, struct gc_err *e)
{
    memset(out, 0, sizeof *out);
    struct store_files sf;
    enum gc_rc rc = store_files(cfg, &sf, e);
    for (size_t i = 0; !rc && i < sf.n; i++) {
        const char *role = sf.f[i].role;
        bool content = !strcmp(role, "content");
        bool db = content || !strcmp(role, "exchanges");
        /* Only the content is required: the exchanges file and the keys are
         * made by the first `guichet serve` (the SMS key only with SMS on). */
        rc = backup_set_add(out, db ? BACKUP_DATABASE : BACKUP_KEY, content ? "database" : role,
                            sf.f[i].path, !content, e);
    }
    return rc;
}
