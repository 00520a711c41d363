/* runner.h — the back office's own thread.
 *
 * Every back-office request runs here, one at a time, never on an HTTP
 * worker: a password hash takes a core for a tenth of a second (Argon2id,
 * admin/accounts.h) and a report or the questions loop may read every
 * exchange kept, while the workers answer residents.  The HTTP side hands
 * its request over (http_defer) and the job finishes it.  One thread also
 * means one user of the back office's database connection: no lock.
 *
 * Jobs wait in a queue of at most GC_ADMIN_QUEUE_MAX: a full queue is
 * refused at once (the caller answers 503), so neither memory nor waiting
 * grows under a flood. */
#ifndef GC_ADMIN_RUNNER_H
#define GC_ADMIN_RUNNER_H

#include <stdbool.h>

struct runner;

/* Start the thread; NULL when it cannot be started. */
struct runner *runner_new(void);

/* Queue fn(ctx).  false when the queue is full or the runner stopped: fn is
 * not called, ctx stays the caller's. */
bool runner_run(struct runner *r, void (*fn)(void *ctx), void *ctx);

/* Refuse new jobs, run those queued, and join the thread.  Safe to call
 * twice; runner_free() calls it.  Accepts NULL. */
void runner_stop(struct runner *r);
void runner_free(struct runner *r);

#endif
