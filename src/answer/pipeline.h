/* pipeline.h — from a resident's question to a cited answer or a refusal.
 *
 * understand (normalise, detect intent / out of scope) → retrieve (search/)
 * → compose (extractive sentences) → verify.  A pipeline is built once at
 * start-up from the database (the search index is held in memory) and is
 * then read-only: pipeline_ask() may be called from many threads at once. */
#ifndef GC_ANSWER_PIPELINE_H
#define GC_ANSWER_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/config.h"
#include "util/err.h"
#include "util/limits.h"

/* A validated page an answer cites.  Strings are owned by the answer. */
struct gc_source {
    char *id;           /* page identifier (JSONL id or the page URL) */
    char *title;
    char *url;
    char *service;      /* department */
    char *validated_by;
    char *validated_on; /* YYYY-MM-DD */
};

struct gc_question {
    const char *text;             /* UTF-8, not necessarily NUL-terminated */
    size_t len;
    const char *channel;          /* "api", "web", "sms", "cli" */
    const char *conversation_id;  /* NULL = none */
};

struct gc_answer {
    char *text;                       /* owned, never NULL after success */
    struct gc_source sources[GC_SOURCES_MAX];
    int nsources;
    double confidence;                /* 0..1 */
    bool refused;
    const char *refusal_reason;       /* static: "out_of_scope", "low_confidence", ... or NULL */
    const char *path;                 /* static: "extractive", or a backend name */
    double elapsed_ms;
    /* Ranked pages (ids, best first) for evaluation; owned. */
    char *ranked[10];
    int nranked;
};

struct pipeline;

/* Open the database named by the "db" setting, build the in-memory index of
 * validated passages.  cfg must outlive the pipeline. */
enum gc_rc pipeline_open(struct pipeline **out, const struct config *cfg, struct gc_err *e);
void pipeline_close(struct pipeline *p);   /* accepts NULL */

/* Answer q into out (zeroed by the call).  Thread-safe.  Fails only on
 * invalid input (GC_ERR_INVALID: empty, invalid UTF-8; GC_ERR_TOOBIG: over
 * GC_QUESTION_MAX_CHARS) — a question we cannot answer is a success with
 * out->refused set. */
enum gc_rc pipeline_ask(struct pipeline *p, const struct gc_question *q, struct gc_answer *out,
                        struct gc_err *e);
void answer_free(struct gc_answer *a);     /* frees the content, accepts NULL */

/* What the pipeline serves, for /health and /transparence. */
size_t pipeline_page_count(const struct pipeline *p);
size_t pipeline_passage_count(const struct pipeline *p);

#endif
