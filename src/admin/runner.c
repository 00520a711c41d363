/* runner.c — the back office's thread and its bounded queue (see runner.h). */
#include "admin/runner.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/limits.h"
#include "util/mem.h"

struct job {
    void (*fn)(void *ctx);
    void *ctx;
};

struct runner {
    pthread_t thread;
    bool joined;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    struct job q[GC_ADMIN_QUEUE_MAX];
    size_t head, n;
    bool stop;
};

static void *runner_main(void *arg)
{
    struct runner *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->n && !r->stop)
            pthread_cond_wait(&r->wake, &r->mu);
        if (!r->n)
            break;   /* stopping, nothing left */
        struct job j = r->q[r->head];
        r->head = (r->head + 1) % GC_ADMIN_QUEUE_MAX;
        r->n--;
        pthread_mutex_unlock(&r->mu);
        j.fn(j.ctx);
        pthread_mutex_lock(&r->mu);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

struct runner *runner_new(void)
{
    struct runner *r = xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, runner_main, r) != 0) {
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->wake);
        free(r);
        return NULL;
    }
    return r;
}

bool runner_run(struct runner *r, void (*fn)(void *ctx), void *ctx)
{
    bool ok = false;
    pthread_mutex_lock(&r->mu);
    if (!r->stop && r->n < GC_ADMIN_QUEUE_MAX) {
        r->q[(r->head + r->n) % GC_ADMIN_QUEUE_MAX] = (struct job){fn, ctx};
        r->n++;
        ok = true;
        pthread_cond_signal(&r->wake);
    }
    pthread_mutex_unlock(&r->mu);
    return ok;
}

void runner_stop(struct runner *r)
{
    if (!r || r->joined)
        return;
    pthread_mutex_lock(&r->mu);
    r->stop = true;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    r->joined = true;
}

void runner_free(struct runner *r)
{
    if (!r)
        return;
    runner_stop(r);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->wake);
    free(r);
}
