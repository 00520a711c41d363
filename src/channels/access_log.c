/* access_log.c — per-thread buffered log lines with a periodic flusher.
 * See access_log.h for why. */
#include "channels/access_log.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/limits.h"
#include "util/mem.h"

struct tbuf {
    pthread_mutex_t m;
    size_t len;
    char data[GC_ACCESS_LOG_BUF];
};

struct access_log {
    int fd;
    unsigned flush_ms;
    uint64_t gen;                 /* tells this log from an earlier one at the same address */
    pthread_mutex_t reg;          /* guards bufs/nbufs and stop */
    pthread_cond_t wake;
    struct tbuf **bufs;
    size_t nbufs;
    int stop;
    pthread_t flusher;
};

static atomic_uint_fast64_t generations = 1;

/* The calling thread's buffer for the log it last wrote to. */
static _Thread_local struct {
    uint64_t gen;
    struct tbuf *b;
} mine;

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;              /* a log that cannot be written is not worth dying for */
        }
        p += w;
        n -= (size_t)w;
    }
}

static void drain(struct access_log *l, struct tbuf *b)
{
    pthread_mutex_lock(&b->m);
    write_all(l->fd, b->data, b->len);
    b->len = 0;
    pthread_mutex_unlock(&b->m);
}

static void *flusher(void *arg)
{
    struct access_log *l = arg;
    pthread_mutex_lock(&l->reg);
    while (!l->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += l->flush_ms / 1000;
        ts.tv_nsec += (long)(l->flush_ms % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&l->wake, &l->reg, &ts);
        for (size_t i = 0; i < l->nbufs; i++)
            drain(l, l->bufs[i]);
    }
    pthread_mutex_unlock(&l->reg);
    return NULL;
}

struct access_log *access_log_new(int fd, unsigned flush_ms)
{
    struct access_log *l = xcalloc(1, sizeof *l);
    l->fd = fd;
    l->flush_ms = flush_ms ? flush_ms : 1000;
    l->gen = atomic_fetch_add(&generations, 1);
    pthread_mutex_init(&l->reg, NULL);
    pthread_cond_init(&l->wake, NULL);
    if (pthread_create(&l->flusher, NULL, flusher, l) != 0)
        abort();                 /* as for memory: cannot start a thread, cannot serve */
    return l;
}

void access_log_write(struct access_log *l, const char *line, size_t n)
{
    if (mine.gen != l->gen) {
        struct tbuf *b = xcalloc(1, sizeof *b);
        pthread_mutex_init(&b->m, NULL);
        pthread_mutex_lock(&l->reg);
        l->bufs = xreallocarray(l->bufs, l->nbufs + 1, sizeof *l->bufs);
        l->bufs[l->nbufs++] = b;
        pthread_mutex_unlock(&l->reg);
        mine.gen = l->gen;
        mine.b = b;
    }
    struct tbuf *b = mine.b;
    pthread_mutex_lock(&b->m);
    if (b->len + n > sizeof b->data) {
        write_all(l->fd, b->data, b->len);
        b->len = 0;
    }
    if (n > sizeof b->data)
        write_all(l->fd, line, n);
    else {
        memcpy(b->data + b->len, line, n);
        b->len += n;
    }
    pthread_mutex_unlock(&b->m);
}

void access_log_free(struct access_log *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->reg);
    l->stop = 1;
    pthread_cond_signal(&l->wake);
    pthread_mutex_unlock(&l->reg);
    pthread_join(l->flusher, NULL);
    for (size_t i = 0; i < l->nbufs; i++) {
        write_all(l->fd, l->bufs[i]->data, l->bufs[i]->len);
        pthread_mutex_destroy(&l->bufs[i]->m);
        free(l->bufs[i]);
    }
    free(l->bufs);
    pthread_cond_destroy(&l->wake);
    pthread_mutex_destroy(&l->reg);
    free(l);
}
