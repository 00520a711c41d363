/* args.c — the argument handling every subcommand shares. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "text/langdata.h"
#include "util/file.h"

int cli_args(struct config *cfg, const char *cmd, const char *usage, int argc, char **argv,
             const char *const *local, const char **lv, const char **pos, int npos_max,
             int *npos)
{
    struct gc_err e = {0};
    bool help = false;
    if (config_parse_args(cfg, argc, argv, local, lv, pos, npos_max, npos, &help, &e)) {
        fprintf(stderr, "guichet %s: %s\n%s", cmd, e.msg, usage);
        return 2;
    }
    if (help) {
        fputs(usage, stdout);
        return 0;
    }
    /* The language data, before anything reads it and before any thread. */
    if (langdata_use(config_get(cfg, "data-dir"), &e)) {
        fprintf(stderr, "guichet %s: %s\n", cmd, e.msg);
        return 1;
    }
    const char *mode = config_get(cfg, "file-mode");
    if (!strcmp(mode, "640") || !strcmp(mode, "0640")) {
        file_set_mode(0640);
        umask(027);
    } else if (strcmp(mode, "600") && strcmp(mode, "0600")) {
        fprintf(stderr, "guichet %s: file-mode must be 600 or 640 (got '%s')\n", cmd, mode);
        return 2;
    }
    return -1;
}

int cli_usage_error(const char *cmd, const char *usage, const char *what)
{
    fprintf(stderr, "guichet %s: %s\n%s", cmd, what, usage);
    return 2;
}
