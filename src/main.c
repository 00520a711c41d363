/* main.c — `guichet SUBCOMMAND [OPTIONS]`: dispatch to src/cli/. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/db.h"
#include "util/clock.h"
#include "version.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} cmds[] = {
    {"import", cmd_import, "load validated pages, facilities and agendas into a database"},
    {"ask", cmd_ask, "answer one question from the command line"},
    {"eval", cmd_eval, "measure retrieval and answer quality on a question set"},
    {"serve", cmd_serve, "serve the web page, the JSON API and the SMS gateways"},
    {"hours", cmd_hours, "evaluate an OpenStreetMap opening_hours value, or read French hours"},
    {"compare", cmd_compare, "run questions through several model backends, side by side"},
    {"withdraw", cmd_withdraw, "take pages, a facility or an event out of service"},
    {"pages", cmd_pages, "list pages with their states and dates: overdue, stale sentences"},
    {"backup", cmd_backup, "copy the database and its keys while the server runs"},
    {"restore", cmd_restore, "put a backup back (the server stopped)"},
    {"user", cmd_user, "add, list or disable the back office's accounts"},
    {"questions", cmd_questions, "the questions that went badly, grouped; attach or dismiss them"},
    {"report", cmd_report, "figures of the residents' exchanges over a span of days"},
};

static void usage(FILE *f)
{
    fprintf(f, "Guichet %s — a citizen assistant that answers from a town's validated pages.\n\n"
               "usage: guichet COMMAND [OPTIONS]\n\ncommands:\n", GC_VERSION);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
    fprintf(f, "\n'guichet COMMAND --help' tells more.  Every option may also be set in a\n"
               "configuration file given with --config FILE (see docs/configuration.md).\n");
}

int main(int argc, char **argv)
{
    /* Two malloc arenas are enough for a few worker threads and keep the
     * resident memory small (glibc would otherwise make one per thread). */
    mallopt(M_ARENA_MAX, 2);
    /* Residents' questions are in the databases: every file made from here
     * on (SQLite's -wal and -shm, a new database, keys) is the owner's
     * alone, whatever umask we were started with (setting file-mode: 640
     * lets a group read them, util/file.h). */
    umask(077);
    db_library_init();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("guichet %s\n", GC_VERSION);
        return 0;
    }
    /* The town's zone goes into TZ now, before any thread exists: nothing
     * changes it afterwards (util/clock.h). */
    struct gc_err e = {0};
    if (clock_zone_init(clock_zone_from_args(argc, argv), &e)) {
        fprintf(stderr, "guichet: %s\n", e.msg);
        return 2;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(argv[1], cmds[i].name))
            return cmds[i].run(argc - 1, argv + 1);
    fprintf(stderr, "guichet: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
