/* cmd_eval.c — placeholder until the subcommand lands. */
#include <stdio.h>
#include "cli/cli.h"
int cmd_eval(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "guichet: 'eval' is not built yet\n");
    return 1;
}
