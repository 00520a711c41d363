/* cmd_hours.c — placeholder until the subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"
int cmd_hours(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "guichet: 'hours' is not built yet\n");
    return 1;
}
