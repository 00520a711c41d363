/* cmd_ask.c — placeholder until the subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"
int cmd_ask(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "guichet: 'ask' is not built yet\n");
    return 1;
}
