/* log.h — one-line logs to stderr (journald picks them up under systemd).
 * Never log a phone number or a resident's raw text.
 *
 * When stderr is the journal (systemd sets JOURNAL_STREAM to the device and
 * inode of the stream it gave us: sd_journal_stream_fd(3)), each line starts
 * with its syslog priority, "<3>" error, "<4>" warning, "<6>" info, "<7>"
 * debug, which the journal keeps as the entry's PRIORITY, and carries
 * neither a time (the journal stamps every entry) nor "guichet:" (it is the
 * entry's identifier).  Elsewhere: "guichet: LEVEL: message". */
#ifndef GC_UTIL_LOG_H
#define GC_UTIL_LOG_H

#include <stdbool.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Is stderr the journal?  Decided once, from JOURNAL_STREAM. */
bool log_to_journal(void);
/* What starts a line of level lvl: "<6>" for the journal, else
 * "guichet: info: " (static strings), for code that writes its own lines
 * (the access log). */
const char *log_prefix(enum log_level lvl);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
