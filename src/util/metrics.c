/* metrics.c — lock-free labelled counters and histograms, Prometheus text
 * format.  See metrics.h. */
#include "util/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define NBUCKETS 16

/* Upper bounds of the histogram buckets, in nanoseconds and as printed:
 * from 0.1 ms (an extractive answer) to 10 s (a slow model server). */
static const uint64_t bucket_ns[NBUCKETS] = {
    100000ull,    250000ull,    500000ull,    1000000ull,    2500000ull,    5000000ull,
    10000000ull,  25000000ull,  50000000ull,  100000000ull,  250000000ull,  500000000ull,
    1000000000ull, 2500000000ull, 5000000000ull, 10000000000ull,
};
static const char *const bucket_le[NBUCKETS] = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
    "0.05",   "0.1",     "0.25",   "0.5",   "1",      "2.5",   "5",     "10",
};

enum kind { COUNTER, HISTOGRAM };

static const struct family {
    const char *name;
    enum kind kind;
    const char *label[2];   /* NULL when unused */
    const char *help;
} families[M_COUNT] = {
    [M_HTTP_REQUESTS] = {"guichet_http_requests_total", COUNTER, {"route", "code"},
                         "HTTP responses sent, by route (the registered path, \"unmatched\" "
                         "for a 404) and status code"},
    [M_HTTP_DURATION] = {"guichet_http_request_duration_seconds", HISTOGRAM, {"route", NULL},
                         "Time from a request's headers to its response, in the server"},
    [M_HTTP_DROPPED] = {"guichet_http_connections_dropped_total", COUNTER, {"reason", NULL},
                        "Connections accepted but closed unserved (connection limits)"},
    [M_ANSWERS] = {"guichet_answers_total", COUNTER, {"channel", "path"},
                   "Answers given, by channel and by how they were made (extractive, or "
                   "BACKEND/MODEL)"},
    [M_REFUSALS] = {"guichet_refusals_total", COUNTER, {"channel", "reason"},
                    "Answers that were refusals (out of scope, low confidence, ...)"},
    [M_ANSWER_DURATION] = {"guichet_answer_duration_seconds", HISTOGRAM, {"channel", NULL},
                           "Time the answer pipeline took for one question"},
    [M_SMS_REPLIES] = {"guichet_sms_replies_total", COUNTER, {"gateway", NULL},
                       "SMS replies sent"},
    [M_SMS_PARTS] = {"guichet_sms_parts_total", COUNTER, {"gateway", NULL},
                     "SMS parts (segments) the replies took: what the operator bills"},
    [M_MODEL_CALLS] = {"guichet_model_calls_total", COUNTER, {"backend", NULL},
                       "Calls to a model server"},
    [M_MODEL_FAILURES] = {"guichet_model_failures_total", COUNTER, {"backend", "reason"},
                          "Model calls that failed (the extractive answer was sent instead)"},
    [M_MODEL_UNVERIFIED] = {"guichet_model_unverified_total", COUNTER, {"backend", NULL},
                            "Model answers refused by verification (the extractive answer "
                            "was sent instead)"},
    [M_RELOADS] = {"guichet_reloads_total", COUNTER, {"result", NULL},
                   "Content reloads (SIGHUP, systemctl reload), by result"},
};

struct series {
    atomic_int state;   /* 0 free, 1 being claimed, 2 ready */
    uint32_t hash;
    char v[2][METRICS_LABEL_MAX];
    atomic_uint_fast64_t count;            /* a counter's value, a histogram's count */
    atomic_uint_fast64_t sum_ns;           /* histogram */
    atomic_uint_fast64_t bucket[NBUCKETS]; /* histogram, not cumulative */
};

static struct series table[M_COUNT][METRICS_SERIES_MAX];

/* FNV-1a of the values as stored (cut at METRICS_LABEL_MAX - 1 bytes), so
 * that two values that differ only past the cut are one series. */
static uint32_t hash_of(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; a && a[i] && i < METRICS_LABEL_MAX - 1; i++)
        h = (h ^ (unsigned char)a[i]) * 16777619u;
    h = (h ^ 0xffu) * 16777619u;
    for (size_t i = 0; b && b[i] && i < METRICS_LABEL_MAX - 1; i++)
        h = (h ^ (unsigned char)b[i]) * 16777619u;
    return h;
}

/* Does the stored value v (cut at METRICS_LABEL_MAX - 1) stand for s? */
static bool same(const char *v, const char *s)
{
    return !strncmp(v, s ? s : "", METRICS_LABEL_MAX - 1);
}

static void put_label(char *dst, const char *s)
{
    snprintf(dst, METRICS_LABEL_MAX, "%s", s ? s : "");
}

/* The series of (a, b) in family id, claimed if new; the "other" series
 * when the family is full. */
static struct series *find(enum metric_id id, const char *a, const char *b)
{
    struct series *t = table[id];
    uint32_t h = hash_of(a, b);
    /* The last slot is kept for "other". */
    for (unsigned i = 0; i < METRICS_SERIES_MAX - 1; i++) {
        struct series *s = &t[(h + i) % (METRICS_SERIES_MAX - 1)];
        int st = atomic_load_explicit(&s->state, memory_order_acquire);
        if (st == 0) {
            int zero = 0;
            if (atomic_compare_exchange_strong_explicit(&s->state, &zero, 1,
                                                        memory_order_acq_rel,
                                                        memory_order_acquire)) {
                s->hash = h;
                put_label(s->v[0], a);
                put_label(s->v[1], b);
                atomic_store_explicit(&s->state, 2, memory_order_release);
                return s;
            }
            st = zero;
        }
        while (st == 1)   /* another thread is writing its labels: a few stores */
            st = atomic_load_explicit(&s->state, memory_order_acquire);
        if (s->hash == h && same(s->v[0], a) && same(s->v[1], b))
            return s;
    }
    struct series *o = &t[METRICS_SERIES_MAX - 1];
    int zero = 0;
    if (atomic_compare_exchange_strong_explicit(&o->state, &zero, 1, memory_order_acq_rel,
                                                memory_order_acquire)) {
        put_label(o->v[0], "other");
        put_label(o->v[1], families[id].label[1] ? "other" : NULL);
        atomic_store_explicit(&o->state, 2, memory_order_release);
    }
    return o;
}

void metrics_add(enum metric_id id, const char *a, const char *b, uint64_t n)
{
    if ((unsigned)id >= M_COUNT || families[id].kind != COUNTER)
        return;
    atomic_fetch_add_explicit(&find(id, a, b)->count, n, memory_order_relaxed);
}

void metrics_inc(enum metric_id id, const char *a, const char *b)
{
    metrics_add(id, a, b, 1);
}

void metrics_touch(enum metric_id id, const char *a, const char *b)
{
    if ((unsigned)id < M_COUNT)
        (void)find(id, a, b);
}

void metrics_observe_ns(enum metric_id id, const char *a, uint64_t ns)
{
    if ((unsigned)id >= M_COUNT || families[id].kind != HISTOGRAM)
        return;
    struct series *s = find(id, a, NULL);
    int i = 0;
    while (i < NBUCKETS && ns > bucket_ns[i])
        i++;
    if (i < NBUCKETS)
        atomic_fetch_add_explicit(&s->bucket[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->sum_ns, ns, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

void metrics_reset(void)
{
    memset(table, 0, sizeof table);
}

/* ------------------------------------------------------------ rendering */

/* A label value escaped as the format asks (\\, \", \n). */
static void add_value(struct buf *b, const char *v)
{
    for (const char *p = v; *p; p++) {
        if (*p == '\\' || *p == '"')
            buf_addc(b, '\\');
        if (*p == '\n') {
            buf_adds(b, "\\n");
            continue;
        }
        buf_addc(b, *p);
    }
}

/* {a="x",b="y"} with an extra le="..." for buckets (le may be NULL). */
static void add_labels(struct buf *b, const struct family *f, const struct series *s,
                       const char *le)
{
    bool any = false;
    for (int k = 0; k < 2; k++) {
        if (!f->label[k])
            continue;
        buf_adds(b, any ? ",": "{");
        buf_printf(b, "%s=\"", f->label[k]);
        add_value(b, s->v[k]);
        buf_addc(b, '"');
        any = true;
    }
    if (le) {
        buf_adds(b, any ? "," : "{");
        buf_printf(b, "le=\"%s\"", le);
        any = true;
    }
    if (any)
        buf_addc(b, '}');
}

static void render_family(struct buf *b, enum metric_id id)
{
    const struct family *f = &families[id];
    buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name,
               f->kind == HISTOGRAM ? "histogram" : "counter");
    /* A histogram's samples are its name + _bucket, _sum and _count. */
    for (unsigned i = 0; i < METRICS_SERIES_MAX; i++) {
        const struct series *s = &table[id][i];
        if (atomic_load_explicit(&s->state, memory_order_acquire) != 2)
            continue;
        if (f->kind == COUNTER) {
            buf_adds(b, f->name);
            add_labels(b, f, s, NULL);
            buf_printf(b, " %llu\n",
                       (unsigned long long)atomic_load_explicit(&s->count, memory_order_relaxed));
            continue;
        }
        /* Read the count first: buckets read after it may hold a few more
         * observations, never fewer than the count says (+Inf = count). */
        uint64_t count = atomic_load_explicit(&s->count, memory_order_relaxed);
        uint64_t cum = 0;
        for (int k = 0; k < NBUCKETS; k++) {
            cum += atomic_load_explicit(&s->bucket[k], memory_order_relaxed);
            if (cum > count)
                cum = count;
            buf_printf(b, "%s_bucket", f->name);
            add_labels(b, f, s, bucket_le[k]);
            buf_printf(b, " %llu\n", (unsigned long long)cum);
        }
        buf_printf(b, "%s_bucket", f->name);
        add_labels(b, f, s, "+Inf");
        buf_printf(b, " %llu\n", (unsigned long long)count);
        buf_printf(b, "%s_sum", f->name);
        add_labels(b, f, s, NULL);
        buf_printf(b, " %.9f\n",
                   (double)atomic_load_explicit(&s->sum_ns, memory_order_relaxed) / 1e9);
        buf_printf(b, "%s_count", f->name);
        add_labels(b, f, s, NULL);
        buf_printf(b, " %llu\n", (unsigned long long)count);
    }
}

void metrics_render(struct buf *b)
{
    for (int id = 0; id < M_COUNT; id++)
        render_family(b, (enum metric_id)id);
}

void metrics_render_value(struct buf *b, const char *name, const char *type, const char *help,
                          double value)
{
    buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n%s %.10g\n", name, help, name, type, name, value);
}
