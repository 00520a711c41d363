/* breaker.c — consecutive-failure circuit breaker (see breaker.h). */
#include "models/breaker.h"

#include <time.h>

void breaker_init(struct breaker *b)
{
    pthread_mutex_init(&b->mu, NULL);
    b->failures = 0;
    b->open_until = 0;
    b->trial = false;
}

void breaker_destroy(struct breaker *b)
{
    pthread_mutex_destroy(&b->mu);
}

bool breaker_allow(struct breaker *b, double now_ms)
{
    bool ok;
    pthread_mutex_lock(&b->mu);
    if (b->open_until == 0)
        ok = true;
    else if (now_ms < b->open_until || b->trial)
        ok = false;
    else
        ok = b->trial = true;   /* half-open: exactly one trial */
    pthread_mutex_unlock(&b->mu);
    return ok;
}

void breaker_record(struct breaker *b, bool ok, double now_ms)
{
    pthread_mutex_lock(&b->mu);
    if (ok) {
        b->failures = 0;
        b->open_until = 0;
    } else if (b->trial || ++b->failures >= BREAKER_FAILURES) {
        b->open_until = now_ms + BREAKER_OPEN_MS;
    }
    b->trial = false;
    pthread_mutex_unlock(&b->mu);
}

double breaker_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
