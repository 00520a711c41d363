/* metrics.h — process-wide counters and histograms, lock-free, rendered in
 * the Prometheus text exposition format (version 0.0.4:
 * https://prometheus.io/docs/instrumenting/exposition_formats/).
 *
 * Every family is declared once, below and in metrics.c's table (name,
 * help, labels); the module that counts calls metrics_inc() or
 * metrics_observe_ns() with the label values, at the place the event
 * happens (a line each: a hook).  channels/monitor.c serves them at
 * GET /metrics with the gauges read at scrape time (pages, recorder queue).
 *
 * Cost: a hook hashes its label values and finds its series in a small
 * open-addressed table of its family (a series is claimed once, with a
 * compare-and-swap, then only read), then does one or three relaxed atomic
 * additions.  No lock, no allocation.
 *
 * Label values must come from a bounded set the program controls (route
 * paths registered at start, channel names, backend names from the
 * settings, reasons from the code), never from a request: a family holds
 * at most METRICS_SERIES_MAX series, and the values past that are counted
 * under the label value "other".  Values are cut at METRICS_LABEL_MAX - 1
 * bytes. */
#ifndef GC_UTIL_METRICS_H
#define GC_UTIL_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

#define METRICS_SERIES_MAX 128
#define METRICS_LABEL_MAX  48

enum metric_id {
    M_HTTP_REQUESTS,      /* counter {route, code}: responses sent */
    M_HTTP_DURATION,      /* histogram {route}: time in the server, first byte read to response queued */
    M_HTTP_DROPPED,       /* counter {reason}: connections accepted but not served */
    M_ANSWERS,            /* counter {channel, path}: answers given */
    M_REFUSALS,           /* counter {channel, reason}: answers that were refusals */
    M_ANSWER_DURATION,    /* histogram {channel}: time the pipeline took for one answer */
    M_SMS_REPLIES,        /* counter {gateway}: SMS replies sent */
    M_SMS_PARTS,          /* counter {gateway}: SMS parts they took */
    M_MODEL_CALLS,        /* counter {backend}: calls to a model server */
    M_MODEL_FAILURES,     /* counter {backend, reason}: calls that failed (the answer stayed extractive) */
    M_MODEL_UNVERIFIED,   /* counter {backend}: model answers that failed verification */
    M_RELOADS,            /* counter {result}: content reloads ("ok", "failed") */
    M_COUNT
};

/* Add 1 to the series of family id with label values a and b (NULL for a
 * family with fewer labels). */
void metrics_inc(enum metric_id id, const char *a, const char *b);
/* Add n. */
void metrics_add(enum metric_id id, const char *a, const char *b, uint64_t n);
/* Count one observation of ns nanoseconds in a histogram family. */
void metrics_observe_ns(enum metric_id id, const char *a, uint64_t ns);

/* Make the series exist (at 0) so that it is exported before its first
 * event: rates and alerts need a series to start from. */
void metrics_touch(enum metric_id id, const char *a, const char *b);

/* Append every family in the text format to b. */
void metrics_render(struct buf *b);

/* Append one gauge or counter without labels ("# HELP", "# TYPE", the
 * sample), for values read at scrape time; type is "gauge" or "counter". */
void metrics_render_value(struct buf *b, const char *name, const char *type, const char *help,
                          double value);

/* Forget every series (tests). */
void metrics_reset(void);

#endif
