/* log.c — leveled logging to stderr, thread-safe (one fprintf per line). */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static enum log_level level = LOG_INFO;
static const char *const tag[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level lvl)
{
    level = lvl;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    if (lvl > level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "guichet: %s: %s\n", tag[lvl], line);
}
