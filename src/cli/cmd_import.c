/* cmd_import.c — placeholder until the subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"
int cmd_import(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "guichet: 'import' is not built yet\n");
    return 1;
}
