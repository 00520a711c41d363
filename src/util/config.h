/* config.h — every setting of Guichet, with its default, in one table.
 *
 * A setting can come from (lowest to highest precedence) its default, the
 * configuration file (--config FILE, INI: `key = value`, `#`/`;` comments,
 * optional `[section]` headers that only group keys), and the command line
 * (`--key value` or `--key=value`).  Named model backends live in sections
 * `[backend NAME]` and are kept as "backend.NAME.key".
 *
 * docs/configuration.md is generated from this table (guichet serve
 * --help-config prints it), so documentation and defaults cannot drift. */
#ifndef GC_UTIL_CONFIG_H
#define GC_UTIL_CONFIG_H

#include <stdbool.h>

#include "util/err.h"

struct config;

struct config *config_new(void);       /* all defaults */
void config_free(struct config *c);    /* accepts NULL */
/* A copy of c, every setting and backend section (caller frees). */
struct config *config_dup(const struct config *c);

/* Read an INI file; an unknown key or a bad line is an error naming the line. */
enum gc_rc config_load_file(struct config *c, const char *path, struct gc_err *e);
/* Set one setting by name (no leading dashes); unknown names are an error. */
enum gc_rc config_set(struct config *c, const char *name, const char *value, struct gc_err *e);
bool config_known(const char *name);

const char *config_get(const struct config *c, const char *name); /* never NULL for known names */
/* Was the setting given (a file, a flag, config_set), not left to its default? */
bool config_is_set(const struct config *c, const char *name);
long config_int(const struct config *c, const char *name);
double config_double(const struct config *c, const char *name);
bool config_bool(const struct config *c, const char *name);

/* Named backends ("backend.NAME.key"): iterate names; NULL when past the end. */
const char *config_backend_name(const struct config *c, int i);
const char *config_backend_get(const struct config *c, const char *backend, const char *key);

/* Print the table of settings (name, default, help) as Markdown. */
void config_print_doc(void);

/* Command-line parsing shared by subcommands.
 *
 * `local` lists the subcommand's own options (`name` or `name=` when it takes a
 * value), NULL-terminated; their values land in `local_val[i]` ("1" for flags).
 * Settings of the table are accepted everywhere.  --config FILE is read first
 * whatever its position.  Non-option arguments are collected in pos[] (at most
 * npos_max).  Returns GC_OK, or GC_ERR_INVALID with a message in e.  A bare
 * --help sets *help. */
enum gc_rc config_parse_args(struct config *c, int argc, char **argv, const char *const *local,
                             const char **local_val, const char **pos, int npos_max, int *npos,
                             bool *help, struct gc_err *e);

#endif
