/* cmd_backup.c — `guichet backup`: a consistent copy of an instance (its
 * database and keys) while it serves (store/backup.h). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/instance.h"
#include "store/backup.h"

static const char usage[] =
    "usage: guichet backup --db FILE [--keep N] [--config FILE] DEST\n"
    "\n"
    "Copy the database and the keys beside it (the SMS pseudonym key) while the\n"
    "server runs: SQLite's online backup, checked (integrity_check) and counted\n"
    "in DEST/MANIFEST.json.  DEST that does not exist becomes the backup folder;\n"
    "DEST that is a folder receives a new one, NAME-YYYYMMDDTHHMMSSZ (UTC).\n"
    "Give the server's --config FILE so that its settings name the same files.\n"
    "\n"
    "  --keep N   with DEST a folder: keep only the N newest backups in it\n"
    "\n"
    "Put one back with 'guichet restore'.  Exit 0, or 1 with a message.\n";

int cmd_backup(int argc, char **argv)
{
    static const char *const local[] = {"keep=", NULL};
    const char *lv[1] = {NULL};
    const char *pos[1];
    int npos = 0;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct backup_set set;
    struct backup_result r;
    int status = cli_args(cfg, "backup", usage, argc, argv, local, lv, pos, 1, &npos);
    if (status >= 0)
        goto out;
    if (npos != 1) {
        status = cli_usage_error("backup", usage, "give the folder to write the backup to");
        goto out;
    }
    long keep = 0;
    if (lv[0]) {
        char *end = NULL;
        keep = strtol(lv[0], &end, 10);
        if (!*lv[0] || *end || keep < 1 || keep > 10000) {
            status = cli_usage_error("backup", usage, "--keep must be a number from 1 to 10000");
            goto out;
        }
    }
    status = 1;
    if (instance_files(cfg, &set, &e) || backup_take(&set, pos[0], (int)keep, &r, &e)) {
        fprintf(stderr, "guichet backup: %s\n", e.msg);
        goto out;
    }
    printf("guichet: backup %s: %d file(s), schema version %d", r.folder, r.files,
           r.schema_version);
    if (r.removed)
        printf(", %d older backup(s) removed", r.removed);
    printf("\n");
    status = 0;
out:
    config_free(cfg);
    return status;
}
