/* cmd_withdraw.c — `guichet withdraw`: take pages, a facility or an event out
 * of service (docs/content.md), or put a withdrawn page back.  Everything
 * named is withdrawn in one transaction, or nothing (an unknown address is
 * an error before anything is changed). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/db.h"
#include "store/pages.h"
#include "util/config.h"

static const char usage[] =
    "usage: guichet withdraw --db FILE [--reason TEXT] [--by NAME] URL...\n"
    "       guichet withdraw --db FILE [--reason TEXT] [--by NAME] --facility ID\n"
    "       guichet withdraw --db FILE [--reason TEXT] [--by NAME] --event UID\n"
    "       guichet withdraw --db FILE --republish [--reason TEXT] [--by NAME] URL...\n"
    "\n"
    "Withdraw pages (by their address, or their id for a corpus), a facility (by its\n"
    "id in the facilities file) or an event of the agenda (by its UID): they are\n"
    "never used to answer again, their history is kept.  A running 'guichet serve'\n"
    "on the same database stops serving them within seconds.  A withdrawal made\n"
    "here stands until a changed version is imported (validated, for a page) or a\n"
    "person publishes the page again: importing the same file again does not undo\n"
    "it.  --republish puts withdrawn pages back in service.\n"
    "\n"
    "options:\n"
    "  --db FILE        database file\n"
    "  --reason TEXT    why (kept in the history)\n"
    "  --by NAME        who (default: the login name running the command)\n"
    "  --facility ID    withdraw this facility\n"
    "  --event UID      withdraw this event (every occurrence)\n"
    "  --republish      publish the withdrawn pages named again\n"
    "  --quiet          say nothing on success\n";

/* The login name of the process, or NULL. */
static const char *login_name(void)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    const char *u = getenv("USER");
    return u && *u ? u : NULL;
}

int cmd_withdraw(int argc, char **argv)
{
    static const char *const local[] = {"reason=", "by=", "facility=", "event=", "republish",
                                        "quiet", NULL};
    const char *lv[6] = {0};
    const char *pos[256];
    int npos = 0, status = 1, done = 0;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct db *db = NULL;
    int64_t version = 0;

    status = cli_args(cfg, "withdraw", usage, argc, argv, local, lv, pos, 256, &npos);
    if (status >= 0)
        goto out;
    const char *reason = lv[0] ? lv[0] : "";
    const char *by = lv[1] ? lv[1] : login_name();
    const char *facility = lv[2], *event = lv[3];
    bool republish = lv[4] != NULL, quiet = lv[5] != NULL;
    if (!npos && !facility && !event) {
        status = cli_usage_error("withdraw", usage, "name the pages (URL...), --facility or --event");
        goto out;
    }
    if (republish && (facility || event)) {
        status = cli_usage_error("withdraw", usage,
                                 "--republish is for pages (a facility or an event comes back "
                                 "with a changed record imported)");
        goto out;
    }
    if (!by || !*by) {
        status = cli_usage_error("withdraw", usage, "say who withdraws with --by NAME");
        goto out;
    }
    status = 1;
    const char *path = config_get(cfg, "db");
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "guichet withdraw: database '%s' not found\n", path);
        goto out;
    }
    if (db_open(&db, path, DB_READWRITE, &e) || db_begin(db, &e))
        goto fail;
    struct store_actor who = {by, true};
    for (int i = 0; i < npos; i++) {
        char *id = NULL;
        enum gc_rc rc = store_page_resolve(db, pos[i], &id, &e);
        if (!rc)
            rc = republish ? store_page_republish(db, id, &who, reason, &e)
                           : store_page_withdraw(db, id, &who, reason, &e);
        free(id);
        if (rc)
            goto fail;
        done++;
    }
    if (facility && store_withdraw(db, "facility", facility, &who, reason, &e))
        goto fail;
    if (event && store_withdraw(db, "event", event, &who, reason, &e))
        goto fail;
    if (store_content_version(db, &version, &e) || db_commit(db, &e))
        goto fail;
    if (!quiet) {
        if (npos)
            fprintf(stderr, "withdraw: %d page%s %s", done, done > 1 ? "s" : "",
                    republish ? "published again" : "withdrawn");
        if (facility)
            fprintf(stderr, "%sfacility '%s' withdrawn", npos ? ", " : "withdraw: ", facility);
        if (event)
            fprintf(stderr, "%sevent '%s' withdrawn", npos || facility ? ", " : "withdraw: ", event);
        fprintf(stderr, " by %s (content version %lld: a running guichet serve on this database "
                        "follows within seconds)\n",
                by, (long long)version);
    }
    status = 0;
    goto out;
fail:
    fprintf(stderr, "guichet withdraw: %s\nguichet withdraw: nothing was changed\n", e.msg);
    if (db)
        db_rollback(db);
out:
    db_close(db);
    config_free(cfg);
    return status;
}
