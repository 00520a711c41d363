/* access_log.h — buffered access log lines, one buffer per worker thread.
 *
 * Writing one line per request with its own write(2) halved the server's
 * throughput in measurement (bench/run.sh: ~27k vs ~50k requests/s on two
 * cores), so, like nginx's `access_log ... buffer= flush=`, each thread
 * appends to its own buffer (its own mutex, only ever contended by the
 * flusher) and a flusher thread writes every buffer out every flush_ms.  A
 * line therefore reaches the log at most flush_ms late, and lines of
 * different threads may interleave out of order within that window. */
#ifndef GC_CHANNELS_ACCESS_LOG_H
#define GC_CHANNELS_ACCESS_LOG_H

#include <stddef.h>

struct access_log;

/* Start logging to fd (not closed by the log), flushing every flush_ms. */
struct access_log *access_log_new(int fd, unsigned flush_ms);

/* Append one line (n bytes, newline included).  Thread-safe. */
void access_log_write(struct access_log *l, const char *line, size_t n);

/* Flush, stop the flusher, free.  No thread may write during or after the
 * call.  Accepts NULL. */
void access_log_free(struct access_log *l);

#endif
