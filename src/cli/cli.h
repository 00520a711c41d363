/* cli.h — the subcommands of the `guichet` binary, one file each in src/cli/.
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand), prints its own --help, and returns the process exit status:
 * 0 on success, 1 on failure (message on stderr), 2 on bad usage. */
#ifndef GC_CLI_CLI_H
#define GC_CLI_CLI_H

int cmd_import(int argc, char **argv);
int cmd_ask(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_hours(int argc, char **argv);
int cmd_compare(int argc, char **argv);

#endif
