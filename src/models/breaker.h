/* breaker.h — a circuit breaker for one remote backend (a model server).
 *
 * Closed: calls go through.  After BREAKER_FAILURES consecutive failures the
 * breaker opens for BREAKER_OPEN_MS: calls are refused at once (the caller
 * answers extractively without waiting for a server that is down).  When the
 * time is up, one trial call is let through (half-open); its success closes
 * the breaker, its failure opens it again for another period.
 *
 * Thread-safe (one mutex).  Time is passed in by the caller (monotonic
 * milliseconds), so tests can drive it without sleeping. */
#ifndef GC_MODELS_BREAKER_H
#define GC_MODELS_BREAKER_H

#include <pthread.h>
#include <stdbool.h>

#define BREAKER_FAILURES 3      /* consecutive failures that open the circuit */
#define BREAKER_OPEN_MS  30000  /* how long it stays open before a trial call */

struct breaker {
    pthread_mutex_t mu;
    int failures;         /* consecutive */
    double open_until;    /* monotonic ms; 0 = closed */
    bool trial;           /* a half-open trial call is under way */
};

void breaker_init(struct breaker *b);
void breaker_destroy(struct breaker *b);

/* May a call start now?  false = the circuit is open (or a trial is already
 * under way while half-open). */
bool breaker_allow(struct breaker *b, double now_ms);

/* Report the outcome of a call that breaker_allow() let through. */
void breaker_record(struct breaker *b, bool ok, double now_ms);

/* Monotonic clock in milliseconds, for callers. */
double breaker_now_ms(void);

#endif
