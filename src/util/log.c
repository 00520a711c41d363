/* log.c — leveled logging to stderr, thread-safe (one fprintf per line),
 * with syslog priority prefixes when stderr is the journal (log.h). */
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static enum log_level level = LOG_INFO;
static const char *const plain[] = {"guichet: error: ", "guichet: warn: ", "guichet: info: ",
                                    "guichet: debug: "};
static const char *const journal[] = {"<3>", "<4>", "<6>", "<7>"};   /* RFC 5424 severities */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool to_journal;

/* JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected to our
 * stdout/stderr; it is inherited by children whose stderr may be anything,
 * so it only counts when it names our stderr. */
static void detect(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    struct stat st;
    if (!js || fstat(STDERR_FILENO, &st) != 0)
        return;
    char *end = NULL;
    errno = 0;
    unsigned long long dev = strtoull(js, &end, 10);
    if (errno || end == js || *end != ':')
        return;
    const char *p = end + 1;
    unsigned long long ino = strtoull(p, &end, 10);
    to_journal = !errno && end != p && !*end && (unsigned long long)st.st_dev == dev &&
                 (unsigned long long)st.st_ino == ino;
}

bool log_to_journal(void)
{
    pthread_once(&once, detect);
    return to_journal;
}

const char *log_prefix(enum log_level lvl)
{
    if (lvl < LOG_ERROR || lvl > LOG_DEBUG)
        lvl = LOG_INFO;
    return log_to_journal() ? journal[lvl] : plain[lvl];
}

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
    fprintf(stderr, "%s%s\n", log_prefix(lvl), line);
}
