/* cmd_restore.c — `guichet restore`: put a backup of `guichet backup` back
 * (store/backup.h), the server stopped. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/instance.h"
#include "store/backup.h"
#include "store/db.h"

static const char usage[] =
    "usage: guichet restore --db FILE [--config FILE] BACKUP\n"
    "\n"
    "Put back the database and keys saved in the folder BACKUP by 'guichet backup',\n"
    "in place of the files the settings name (give the server's --config FILE).\n"
    "Everything is checked first: the manifest, each file's SHA-256, the database's\n"
    "integrity and schema version (not newer than this guichet; an older one is\n"
    "migrated when the server starts).  The server must be stopped (systemctl stop\n"
    "guichet): a database in use is refused.  Each file is replaced atomically.\n"
    "\n"
    "Exchanges erased after the backup was taken (OUBLIER by SMS) come back with it:\n"
    "see docs/deploy.md, 'Backups'.  Exit 0, or 1 with a message.\n";

int cmd_restore(int argc, char **argv)
{
    const char *pos[1];
    int npos = 0;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct backup_set set;
    struct backup_result r;
    int status = cli_args(cfg, "restore", usage, argc, argv, NULL, NULL, pos, 1, &npos);
    if (status >= 0)
        goto out;
    if (npos != 1) {
        status = cli_usage_error("restore", usage, "give the backup folder to restore");
        goto out;
    }
    status = 1;
    if (instance_files(cfg, &set, &e) || backup_restore(&set, pos[0], &r, &e)) {
        fprintf(stderr, "guichet restore: %s\n", e.msg);
        goto out;
    }
    printf("guichet: restored %d file(s) of the backup of %s (schema version %d%s)\n", r.files,
           r.created, r.schema_version,
           r.migrated ? ", brought up to date when the server starts" : "");
    status = 0;
out:
    config_free(cfg);
    return status;
}
