/* cli.h — the subcommands of the `guichet` binary, one file each in src/cli/.
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand), prints its own --help, and returns the process exit status:
 * 0 on success, 1 on failure (message on stderr), 2 on bad usage. */
#ifndef GC_CLI_CLI_H
#define GC_CLI_CLI_H

#include "util/config.h"

/* Parse a subcommand's arguments (config_parse_args: settings, --config and
 * the subcommand's own options).  Returns -1 to go on, or the exit status to
 * return at once: 0 after printing usage for --help, 2 after a usage error
 * (message and usage on stderr). */
int cli_args(struct config *cfg, const char *cmd, const char *usage, int argc, char **argv,
             const char *const *local, const char **lv, const char **pos, int npos_max,
             int *npos);
/* Print "guichet CMD: WHAT" and the usage on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *usage, const char *what);

int cmd_import(int argc, char **argv);
int cmd_ask(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_hours(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_questions(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_withdraw(int argc, char **argv);
int cmd_pages(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
